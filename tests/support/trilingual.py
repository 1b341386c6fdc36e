"""An exhibition whose every text a visitor reads is written in Kazakh, Russian and English (or in some of them),
published through the real pipeline: the words, and the builder."""

from __future__ import annotations

from curation.models import Profile
from exhibitions import sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from tests import factories
from tests.support.gallery import publish_now, subject

WORDS = {
    "kk": {
        "title": "Төзімділік",
        "subtitle": "Алматы базарындағы бір таң",
        "statement": "Сауда қатарларындағы адамдар туралы көрме.",
        "credits": "Көрмені құрастырған — Дәния",
        "venue": "Қастеев атындағы музей",
        "chapter": "Таң",
        "chapter_text": "Базар күн шықпай ашылады.",
        "panel": "Әр сөренің өз тарихы бар.",
        "photo_title": "Жеміс сатушы",
        "caption": "Гүлнара отыз жыл бойы алма сатады.",
        "alt": "Алма толы сөренің артында күлімдеп тұрған әйел",
        "place": "Жасыл базар",
        "name": "Гүлнара апай",
        "story": "Ол базарға он жасында келген.",
        "credit": "Айгерім Сейітқали",
    },
    "ru": {
        "title": "Стойкость",
        "subtitle": "Одно утро на алматинском базаре",
        "statement": "Выставка о людях торговых рядов.",
        "credits": "Куратор выставки — Дания",
        "venue": "Музей имени Кастеева",
        "chapter": "Утро",
        "chapter_text": "Базар открывается до рассвета.",
        "panel": "У каждого прилавка своя история.",
        "photo_title": "Продавщица фруктов",
        "caption": "Гульнара тридцать лет продаёт яблоки.",
        "alt": "Улыбающаяся женщина за прилавком, полным яблок",
        "place": "Зелёный базар",
        "name": "Гульнара",
        "story": "Она пришла на базар в десять лет.",
        "credit": "Айгерим Сейиткали",
    },
    "en": {
        "title": "Resilience",
        "subtitle": "One morning at an Almaty bazaar",
        "statement": "An exhibition about the people of the market rows.",
        "credits": "Curated by Daniya",
        "venue": "Kasteyev Museum",
        "chapter": "Morning",
        "chapter_text": "The bazaar opens before dawn.",
        "panel": "Every stall has its own story.",
        "photo_title": "The fruit seller",
        "caption": "Gulnara has sold apples for thirty years.",
        "alt": "A smiling woman behind a stall full of apples",
        "place": "Green Bazaar",
        "name": "Gulnara",
        "story": "She came to the bazaar when she was ten.",
        "credit": "Aigerim Seitkali",
    },
}
LANGUAGES = ("kk", "ru", "en")


def columns(field: str, key: str, only: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    return {f"{field}_{code}": WORDS[code][key] for code in only}


def trilingual_exhibition(*, only: tuple[str, ...] = LANGUAGES, default_language: str = "ru") -> Exhibition:
    """A published exhibition whose every text is written in `only` (the languages given), in the real pipeline."""
    owner = factories.photographer()
    Profile.objects.create(user=owner, **columns("credit_name", "credit", only))
    person = subject(owner, public_name="", public_story="")
    type(person).objects.filter(pk=person.pk).update(
        **columns("public_name", "name", only), **columns("public_story", "story", only)
    )
    photo = factories.processed_photo(
        owner,
        **columns("title", "photo_title", only),
        **columns("caption", "caption", only),
        **columns("alt_text", "alt", only),
        **columns("place_name", "place", only),
    )
    photo.subjects.add(person)
    exhibition = services.exhibition_create(owner=factories.curator(), title=WORDS["en"]["title"])
    # The words the services were given in English ("c", "t", "p" below, too) give way to those of `only`.
    Exhibition.objects.filter(pk=exhibition.pk).update(
        **{"title_en": None, **columns("title", "title", only)},
        default_language=default_language,
        **columns("subtitle", "subtitle", only),
        **columns("statement", "statement", only),
        **columns("credits", "credits", only),
        **columns("venue", "venue", only),
    )
    exhibition.refresh_from_db()
    chapter = sequencing.exhibition_section_add(exhibition=exhibition, title="c", text="t", position=0)
    ExhibitionItem.objects.filter(pk=chapter.pk).update(
        **{
            "title_en": None,
            "text_en": None,
            **columns("title", "chapter", only),
            **columns("text", "chapter_text", only),
        }
    )
    panel = sequencing.exhibition_text_panel_append(exhibition=exhibition, text="p")
    ExhibitionItem.objects.filter(pk=panel.pk).update(**{"text_en": None, **columns("text", "panel", only)})
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    exhibition.refresh_from_db()
    publish_now(exhibition)
    exhibition.refresh_from_db()
    return exhibition
