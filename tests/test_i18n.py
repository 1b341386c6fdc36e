"""Russian and Kazakh: pages answer in the visitor's language, and every catalogue is complete and compiled."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import formats, translation

from curation import library
from exhibitions import publishing, sequencing, services
from tests import factories

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["ru", "kk"]
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n!=1);",
}
REFRESH = "run `make messages` (makemessages, translate, compilemessages) and commit locale/"


# --- Reading a .po file ------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def forms(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]


def po_entries(path: Path) -> list[Entry]:
    """The live entries of a .po file, header first (msgid ""); obsolete `#~` entries are left out."""
    entries: list[Entry] = []
    entry, keyword = Entry(), None

    def finish() -> None:
        nonlocal entry, keyword
        if keyword is not None:
            entries.append(entry)
        entry, keyword = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                entry.msgstr[index] += value
            else:
                setattr(entry, keyword, getattr(entry, keyword) + value)
        else:
            keyword, _, literal = line.partition(" ")
            entry.line = entry.line or number
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                entry.msgstr[int(keyword[7:-1]) if "[" in keyword else 0] = value
            else:
                setattr(entry, keyword, value)
    finish()
    return entries


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def where(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid[:60]!r}"


# --- Pages in Russian and Kazakh -------------------------------------------------------------------------

HOME = {
    "ru": ["Выставки", "Документальная фотография: люди, места и истории между ними.", "Открытых выставок пока нет."],
    "kk": [
        "Көрмелер",
        "Деректі фотография: адамдар, орындар және олардың арасындағы хикаялар.",
        "Әзірге ашық көрме жоқ.",
    ],
}
LOGIN = {
    "ru": ["Войти", "Имя пользователя", "Пароль", "Посетителям учётная запись не нужна."],
    "kk": ["Кіру", "Пайдаланушы аты", "Құпиясөз", "Келушілерге тіркелгі қажет емес."],
}


@pytest.fixture
def speaks(client):
    """The test client with the language cookie the footer's switcher sets."""

    def choose(language: str):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return choose


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_speaks_the_visitors_language(speaks, language: str) -> None:
    html = speaks(language).get(reverse("unprefixed:home")).content.decode()
    assert f'<html lang="{language}">' in html
    for text in HOME[language]:
        assert text in html
    assert "Documentary photography" not in html
    assert "No exhibitions are open yet" not in html


@pytest.mark.django_db
def test_browser_language_chooses_kazakh_without_a_cookie(client) -> None:
    html = client.get(reverse("unprefixed:home"), HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8,en;q=0.5").content.decode()
    assert "Көрмелер" in html and "Exhibitions</h1>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_the_language_switchers_name_each_language_in_itself(speaks, language: str) -> None:
    names = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
    public = speaks(language).get(reverse("unprefixed:home")).content.decode()
    studio = speaks(language).get(reverse("login")).content.decode()
    for code, name in names.items():
        # The public footer offers the other languages as buttons and marks the current one.
        assert re.search(rf'lang="{code}"[^>]*>{name}</(button|span)>', public), (code, name)
        assert re.search(rf'<option value="{code}" lang="{code}"[^>]*>{name}</option>', studio), (code, name)
    assert ">Қазақ<" not in public + studio


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_speaks_the_visitors_language(speaks, language: str) -> None:
    html = speaks(language).get(reverse("login")).content.decode()
    for text in LOGIN[language]:
        assert text in html
    assert "Visitors need no account" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("ru", "введите правильные имя пользователя и пароль"), ("kk", "немесе құпиясөз қате")]
)
def test_wrong_password_is_explained_in_the_visitors_language(speaks, language: str, words: str) -> None:
    factories.photographer(username="aigerim")
    response = speaks(language).post(reverse("login"), {"username": "aigerim", "password": "not-the-password"})
    html = response.content.decode()
    assert words in html
    assert "Please enter a correct" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "dates", "count"),
    [("ru", "14 мая 2026</time> – <time", "2 фотографии"), ("kk", "2026 жылғы 14 мамыр</time> – <time", "2 фотосурет")],
)
def test_exhibition_dates_and_counts_read_naturally(speaks, language: str, dates: str, count: str) -> None:
    owner = factories.photographer()
    photos = [
        factories.processed_photo(owner, data=factories.jpeg_bytes((320, 240)), title=f"Plate {i}", alt_text="A stall")
        for i in range(2)
    ]
    exhibition = services.exhibition_create(owner=factories.curator(), title="Green Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    services.exhibition_details_update(
        exhibition=exhibition,
        title=exhibition.title,
        slug=exhibition.slug,
        subtitle="",
        statement="",
        credits="",
        cover_photo=None,
        venue="",
        starts_on=date(2026, 5, 14),
        ends_on=date(2026, 6, 2),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=exhibition)
    html = speaks(language).get(reverse("unprefixed:detail", args=[exhibition.slug])).content.decode()
    assert dates in html
    assert count in html


@pytest.mark.parametrize(
    ("n", "ru", "kk"),
    [
        (1, "1 звезда", "1 жұлдыз"),
        (3, "3 звезды", "3 жұлдыз"),
        (5, "5 звёзд", "5 жұлдыз"),
        (11, "11 звёзд", "11 жұлдыз"),
        (21, "21 звезда", "21 жұлдыз"),
        (24, "24 звезды", "24 жұлдыз"),
    ],
)
def test_plural_forms_follow_each_languages_grammar(n: int, ru: str, kk: str) -> None:
    for language, expected in (("ru", ru), ("kk", kk)):
        with translation.override(language):
            assert translation.ngettext("%(count)d star", "%(count)d stars", n) % {"count": n} == expected


# --- Catalogues complete, consistent and compiled ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_completely_translated(language: str) -> None:
    header, *entries = po_entries(po_path(language))
    assert header.msgid == ""
    assert f"Plural-Forms: {PLURAL_FORMS[language]}\n" in header.msgstr[0]
    assert f"Language: {language}\n" in header.msgstr[0]
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))
    assert entries, "the catalogue is empty"
    fuzzy = [where(e) for e in [header, *entries] if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy[:5]}; check them, drop the flag and {REFRESH}"
    untranslated = [where(e) for e in entries if not all(e.forms) or (e.msgid_plural and len(e.forms) != nplurals)]
    assert not untranslated, f"untranslated in {language}: {untranslated[:5]}; {REFRESH}"


PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdfi]|\{\w+\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    """A lost or misspelt %(name)s would raise on the page, or show a raw placeholder to the visitor."""
    broken = []
    for entry in po_entries(po_path(language))[1:]:
        singular = sorted(PLACEHOLDER.findall(entry.msgid))
        plural = sorted(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for index, text in enumerate(entry.forms):
            found = sorted(PLACEHOLDER.findall(text))
            if entry.msgid_plural is None:
                ok = found == singular
            else:
                # The singular form may leave the count out ("Remove their photo"); nothing may be invented.
                allowed = set(singular) | set(plural)
                ok = set(found) <= allowed and (index == 0 or set(plural) <= set(found))
            if not ok:
                broken.append(f"{where(entry)} form {index}: {text!r}")
    assert not broken, "\n".join(broken)


def po_catalogue(language: str) -> dict:
    """What msgfmt would compile from the .po, in the shape `gettext.GNUTranslations` reads a .mo into."""
    catalogue = {}
    for entry in po_entries(po_path(language))[1:]:
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural is None:
            catalogue[msgid] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                catalogue[(msgid, index)] = text
    return catalogue


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    """The .mo the server reads is the .po as it stands: nobody edited a translation and forgot to compile."""
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(LOCALE.parent)} is missing; {REFRESH}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    compiled = {key: value for key, value in compiled.items() if key != ""}
    source = po_catalogue(language)
    stale = sorted(str(key)[:60] for key in source.keys() ^ compiled.keys())
    stale += sorted(str(key)[:60] for key in source.keys() & compiled.keys() if source[key] != compiled[key])
    assert not stale, f"{mo.name} for {language} differs from its .po on {stale[:5]}; {REFRESH}"


def test_kazakh_pages_group_thousands_and_write_decimal_commas_as_russian_pages_do() -> None:
    for language in ("kk", "ru"):
        with translation.override(language):
            assert library.TotalWords.of(3300).label.startswith("3\xa0300 ")
            assert formats.number_format(43.25, decimal_pos=2) == "43,25"
    with translation.override("en"):
        assert library.TotalWords.of(3300).label == "3,300 photos"
