"""The key help of the culling pages (grid, loupe, compare, survey) names every key the page's scripts answer.

The keys are read from the scripts each page loads (what their keydown listeners compare the key with, and the
key maps they look it up in), so a key added to a script without its line in the help fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from curation.models import Photo
from tests import factories

pytestmark = pytest.mark.django_db

# How the help writes a key the scripts name by its KeyboardEvent.key value.
SHOWN_AS = {"ArrowLeft": "←", "ArrowRight": "→", "ArrowUp": "↑", "ArrowDown": "↓", "Escape": "Esc", " ": "Space"}

# A script shared by several pages answers some keys on one of them only. These are the guards the scripts write
# for that: a key read inside one is asked of those pages' help alone. A key outside every guard is asked of every
# page that loads the script, so a guard written some other way asks more of the help, never less.
BLOCK_GUARDS = {
    "library.js": {"if (grid) {": {"grid"}},
    # The survey makes no 100 % view (compare.js builds its zooms only for compare), so it is never zoomed.
    "compare.js": {"if (zoomed()) {": {"compare"}},
}
LINE_GUARDS = {"compare.js": {"!isSurvey": {"compare"}, "isSurvey &&": {"survey"}}}


@dataclass(frozen=True)
class Answered:
    key: str  # as the help writes it: "←", "Esc", "Space", "P", "Shift+P"
    script: str
    modes: frozenset[str]


def closing_brace(source: str, opening: int) -> int:
    depth = 0
    index = opening
    while index < len(source):
        char = source[index]
        if char == '"':
            index = source.index('"', index + 1)  # the scripts' strings hold no escaped quotes
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise AssertionError("unbalanced braces")


def shown_as(key: str, *, shift: bool = False) -> str:
    name = SHOWN_AS.get(key, key.upper() if len(key) == 1 else key)
    return f"Shift+{name}" if shift else name


def map_keys(source: str, name: str) -> list[str]:
    """The keys of a key map the script defines (an object or a Set), e.g. LABEL_KEYS or a listener's `moves`."""
    definition = re.search(rf"\bconst {name} = (.*?);", source, re.S)
    assert definition, f"no definition of {name}"
    text = definition.group(1)
    if text.startswith("new Set("):
        return re.findall(r'"([^"]+)"', text)
    return re.findall(r'[{,]\s*"?([\w?]+)"?\s*:', text)


def keys_read(source: str, start: int, end: int) -> list[tuple[str, int]]:
    """(key as the help writes it, where the script reads it) for one keydown listener's body."""
    body = source[start:end]
    found = []
    for match in re.finditer(r'\b(?:key|letter)\s*===\s*"([^"]+)"(\s*&&\s*event\.shiftKey)?', body):
        found.append((shown_as(match.group(1), shift=bool(match.group(2))), start + match.start()))
    for match in re.finditer(r'\bcase "([^"]+)":', body):
        found.append((shown_as(match.group(1)), start + match.start()))
    for match in re.finditer(r"\bkey in (\w+)|\b(\w+)\.has\(key\)|\b(\w+)\[key\]", body):
        name = next(group for group in match.groups() if group)
        found += [(shown_as(key), start + match.start()) for key in map_keys(source, name)]
    for match in re.finditer(r"(\{[^{}]*\})\[key\]", body):  # a map written where it is looked up
        for key in re.findall(r'[{,]\s*"?([\w?]+)"?\s*:', match.group(1)):
            found.append((shown_as(key), start + match.start()))
    return found


def answered_keys(script: str, source: str, modes: set[str]) -> set[Answered]:
    """Every key a script's keydown listeners answer, with the pages (of `modes`) it answers it on."""
    blocks = []
    for opener, only in BLOCK_GUARDS.get(script, {}).items():
        for match in re.finditer(re.escape(opener), source):
            blocks.append((match.start(), closing_brace(source, match.end() - 1), only))
    answered = set()
    for listener in re.finditer(r'addEventListener\(\s*"keydown",[^{]*\{', source):
        start = listener.end() - 1
        for key, at in keys_read(source, start, closing_brace(source, start)):
            on = set(modes)
            for first, last, only in blocks:
                if first <= at <= last:
                    on &= only
            line = source[source.rfind("\n", 0, at) + 1 : source.find("\n", at)]
            for guard, only in LINE_GUARDS.get(script, {}).items():
                if guard in line:
                    on &= only
            answered.add(Answered(key, script, frozenset(on)))
    return answered


def help_keys(html: str) -> set[str]:
    """The keys the page's help dialog names, ranges ("0–5") spelled out and Shift+ combinations kept whole."""
    start = html.index('<dialog class="help"')
    dialog = html[start : html.index("</dialog>", start)]
    named = set()
    for term in re.findall(r"<dt>(.*?)</dt>", dialog, re.S):
        for first, last in re.findall(r"<kbd>(\w)</kbd>–<kbd>(\w)</kbd>", term):
            named |= {chr(code) for code in range(ord(first), ord(last) + 1)}
        named |= {f"Shift+{key}" for key in re.findall(r"<kbd>Shift</kbd>\+<kbd>([^<]+)</kbd>", term)}
        term = re.sub(r"<kbd>Shift</kbd>\+<kbd>[^<]+</kbd>", "", term)
        named |= set(re.findall(r"<kbd>([^<]+)</kbd>", term))
    return named


def scripts_of(html: str) -> list[str]:
    return re.findall(r'<script src="[^"]*/js/([\w-]+\.js)"', html)


@pytest.fixture
def pages(client) -> dict[str, str]:
    """The four culling pages as the photographer gets them, by the mode their help is rendered in."""
    owner = factories.photographer()
    start = Photo.objects.count()
    a, b, c = Photo.objects.bulk_create(
        Photo(owner=owner, original=f"originals/k/{start + i}.jpg", content_hash=f"{owner.pk}-k{start + i}")
        for i in range(3)
    )
    client.force_login(owner)
    urls = {
        "grid": (reverse("curation:library"), {}),
        "loupe": (reverse("curation:loupe", args=[a.pk]), {}),
        "compare": (reverse("curation:compare", args=[a.pk]), {"with": b.pk}),
        "survey": (reverse("curation:survey"), {"photo": [a.pk, b.pk, c.pk]}),
    }
    html = {}
    for mode, (url, query) in urls.items():
        response = client.get(url, query)
        assert response.status_code == 200
        html[mode] = response.content.decode()
    return html


def keys_by_page(pages: dict[str, str]) -> dict[str, set[Answered]]:
    loaded_by: dict[str, set[str]] = {}
    for mode, html in pages.items():
        for script in scripts_of(html):
            loaded_by.setdefault(script, set()).add(mode)
    by_page: dict[str, set[Answered]] = {mode: set() for mode in pages}
    for script, modes in loaded_by.items():
        source = Path(finders.find(f"js/{script}")).read_text(encoding="utf-8")
        for answered in answered_keys(script, source, modes):
            for mode in answered.modes:
                by_page[mode].add(answered)
    return by_page


def test_every_key_a_culling_page_answers_has_its_line_in_that_pages_help(pages):
    by_page = keys_by_page(pages)
    missing = {}
    for mode, html in pages.items():
        named = help_keys(html)
        absent = sorted(f"{key.key} ({key.script})" for key in by_page[mode] if key.key not in named)
        if absent:
            missing[mode] = absent
    assert missing == {}


def test_the_keys_are_read_from_the_scripts_and_the_help_of_each_page(pages):
    # The reading above must see the keys a photographer uses most, or an empty reading would pass it.
    by_page = {mode: {answered.key for answered in keys} for mode, keys in keys_by_page(pages).items()}
    culling = {"0", "1", "5", "P", "X", "U", "6", "9", "V", "?"}
    for mode in pages:
        assert culling <= by_page[mode], mode
    assert {"←", "↓", "Home", "End", "Space", "C", "N", "S", "Shift+P", "Esc"} <= by_page["grid"]
    assert {"←", "→", "Z", "C", "I", "Esc"} <= by_page["loupe"]
    assert {"←", "→", "↑", "↓", "Z", "Esc"} <= by_page["compare"]
    # The survey answers Delete and Backspace (a Mac's delete key) alike; compare answers neither.
    assert {"Delete", "Backspace", "Enter", "↑", "Esc"} <= by_page["survey"]
    assert not {"Delete", "Backspace", "Enter"} & by_page["compare"]
    assert "Z" not in by_page["survey"]
    assert not {"Home", "N", "Space", "S", "Shift+P"} & (by_page["loupe"] | by_page["compare"] | by_page["survey"])
    # The help is read per page: the grid's own keys are not in the others' dialogs, nor the survey's in compare's.
    assert {"Home", "Space", "N", "S", "Shift+P"} <= help_keys(pages["grid"])
    assert not {"Home", "Space", "N"} & help_keys(pages["loupe"])
    assert {"Delete", "Backspace"} <= help_keys(pages["survey"])
    assert not {"Delete", "Backspace"} & help_keys(pages["compare"])
