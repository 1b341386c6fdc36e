"""The typefaces we serve: every face in static/css/fonts.css holds the Kazakh, Russian and English alphabets for each
weight and style our stylesheets use, and never claims in its unicode-range a character its file lacks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # reading woff2 needs brotli too: the dev extra installs fonttools[woff]

STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS_CSS = STATIC / "css" / "fonts.css"
APP_CSS = STATIC / "css" / "app.css"

KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
ENGLISH = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
# What our texts and their translations write: guillemets and dashes in Russian and Kazakh, curly quotes and the
# ellipsis in English, the numero sign, the tenge and the middle dot of the captions' meta line.
PUNCTUATION = " .,:;!?()-'\"«»—–…’‘“”№·₸"
EVERY_LETTER = {
    "Kazakh": KAZAKH + KAZAKH.lower(),
    "Russian": RUSSIAN + RUSSIAN.lower(),
    "English": ENGLISH + ENGLISH.lower(),
    "digits and punctuation": DIGITS + PUNCTUATION,
}

# The browser's own styles: <strong>, <b>, <th> and <h4>-<h6> are bold, <em> and <i> italic (headings h1-h3 are set to
# 400 in app.css). Rich text (statements, text panels, stories, credits) may put **bold** inside an italic panel.
USER_AGENT_FACES = {(400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")}


# --- Reading fonts.css ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    family: str
    style: str
    weights: tuple[int, int]
    path: Path
    declared: frozenset[int]
    display: str

    def serves(self, weight: int, style: str) -> bool:
        return self.style == style and self.weights[0] <= weight <= self.weights[1]


def without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def declarations(block: str) -> dict[str, str]:
    found = {}
    for part in block.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            found[name.strip().lower()] = " ".join(value.split())
    return found


def codepoints(unicode_range: str) -> frozenset[int]:
    points: set[int] = set()
    for part in unicode_range.split(","):
        spec = part.strip().upper().removeprefix("U+")
        if "?" in spec:
            first, last = spec.replace("?", "0"), spec.replace("?", "F")
        else:
            first, _, last = spec.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


@cache
def faces() -> tuple[Face, ...]:
    found = []
    for block in re.findall(r"@font-face\s*\{([^}]*)\}", without_comments(FONTS_CSS.read_text(encoding="utf-8"))):
        descriptor = declarations(block)
        url = re.fullmatch(r"""url\(["']?([^"')]+)["']?\)\s+format\(["']?woff2["']?\)""", descriptor["src"])
        assert url, f"expected one woff2 url, got src: {descriptor['src']}"
        weights = [int(w) for w in descriptor.get("font-weight", "400").split()]
        found.append(
            Face(
                family=descriptor["font-family"].strip("\"'"),
                style=descriptor.get("font-style", "normal"),
                weights=(weights[0], weights[-1]),
                path=(FONTS_CSS.parent / url.group(1)).resolve(),
                declared=codepoints(descriptor.get("unicode-range", "U+0-10FFFF")),
                display=descriptor.get("font-display", "auto"),
            )
        )
    return tuple(found)


@cache
def held(path: Path) -> frozenset[int]:
    """The characters the font file has a glyph for."""
    return frozenset(TTFont(path).getBestCmap())


def first_family(variable: str) -> str:
    value = re.search(rf"--{variable}:\s*([^;]+);", APP_CSS.read_text(encoding="utf-8")).group(1)
    return value.split(",")[0].strip().strip("\"'")


# --- Which weights and styles our stylesheets ask of each family ------------------------------------------------

WEIGHT_WORDS = {"normal": 400, "bold": 700, "bolder": 700, "lighter": 300}


def shorthand_face(value: str) -> tuple[int, str]:
    """The weight and style a `font:` shorthand sets (the shorthand resets both when it does not name them)."""
    weight, style = 400, "normal"
    for word in value.split():
        if word in ("italic", "oblique"):
            style = "italic"
        elif re.fullmatch(r"[1-9]00", word):
            weight = int(word)
        elif word in WEIGHT_WORDS:
            weight = WEIGHT_WORDS[word]
    return weight, style


def faces_used(css: str) -> set[tuple[str, int, str]]:
    """(family, weight, style) for every rule of the stylesheet that sets a weight or a style. A rule that names
    var(--serif) or var(--sans) asks it of that family; a rule that names no family asks it of both (its elements
    inherit either); a rule naming another family (the monospace of key hints) asks nothing of ours."""
    used = set()
    for body in re.findall(r"\{([^{}]*)\}", without_comments(css)):
        rule = declarations(body)
        named = " ".join(rule.get(name, "inherit") for name in ("font-family", "font")).replace("inherit", "").strip()
        families = {name for name in ("serif", "sans") if f"var(--{name})" in named} if named else {"serif", "sans"}
        if not families:
            continue
        weight, style = shorthand_face(rule["font"]) if "var(--" in rule.get("font", "") else (400, "normal")
        if weight == 400 and style == "normal" and not {"font-weight", "font-style"} & rule.keys():
            continue
        weight = WEIGHT_WORDS.get(rule.get("font-weight", ""), int(rule.get("font-weight", weight)))
        style = "italic" if rule.get("font-style", style) in ("italic", "oblique") else "normal"
        used |= {(family, weight, style) for family in families}
    return used


@cache
def every_face_used() -> frozenset[tuple[str, int, str]]:
    used = {(family, weight, style) for family in ("serif", "sans") for weight, style in USER_AGENT_FACES}
    for sheet in sorted((STATIC / "css").glob("*.css")):
        if sheet != FONTS_CSS:
            used |= faces_used(sheet.read_text(encoding="utf-8"))
    return frozenset(used)


def served(family: str, weight: int, style: str) -> list[Face]:
    return [face for face in faces() if face.family == family and face.serves(weight, style)]


# --- The tests --------------------------------------------------------------------------------------------------


def test_our_families_come_first_in_the_serif_and_the_sans_stacks():
    ours = {face.family for face in faces()}
    assert first_family("serif") in ours
    assert first_family("sans") in ours
    assert first_family("serif") != first_family("sans")


def test_every_face_is_a_woff2_file_we_serve_with_its_licence_beside_it_and_swaps_in_when_loaded():
    assert faces(), "fonts.css declares no @font-face"
    for face in faces():
        assert face.path.is_file(), f"{face.path.name} is missing"
        assert face.path.is_relative_to((STATIC / "fonts").resolve()), f"{face.path} is not under static/fonts"
        assert face.path.read_bytes()[:4] == b"wOF2", f"{face.path.name} is not woff2"
        assert (face.path.parent / "OFL.txt").is_file(), f"no OFL.txt beside {face.path.name}"
        # Text stays readable in a fallback font while ours loads on a slow phone, rather than invisible.
        assert face.display == "swap", f"{face.path.name} has font-display: {face.display}"


def test_the_fonts_stay_small_enough_for_a_phone():
    total = sum(face.path.stat().st_size for face in faces())
    assert total < 1_000_000, f"the served fonts weigh {total:,} bytes"


@pytest.mark.parametrize("face", faces(), ids=lambda face: face.path.name)
def test_a_face_claims_only_characters_its_file_holds(face):
    """Otherwise a browser downloads the file for a character, finds no glyph and still needs a fallback."""
    missing = face.declared - held(face.path)
    assert not missing, f"{face.path.name} claims {' '.join(f'U+{c:04X}' for c in sorted(missing)[:20])}"


@pytest.mark.parametrize("variable", ["serif", "sans"])
def test_every_weight_and_style_used_has_a_face_that_writes_kazakh_russian_and_english(variable):
    family = first_family(variable)
    wanted = sorted((weight, style) for name, weight, style in every_face_used() if name == variable)
    assert wanted
    for weight, style in wanted:
        candidates = served(family, weight, style)
        assert candidates, f"{family} has no @font-face for font-weight {weight}, font-style {style}"
        for language, letters in EVERY_LETTER.items():
            # The browser picks the face whose unicode-range has the character; that file must have its glyph.
            lacking = [
                letter
                for letter in letters
                if not any(ord(letter) in face.declared and ord(letter) in held(face.path) for face in candidates)
            ]
            assert not lacking, f"{family} {weight} {style} lacks {language}: {''.join(lacking)}"


def test_the_scan_of_our_stylesheets_sees_the_weights_and_styles_we_know_they_use():
    """The check above is only as good as this scan: semibold labels, the italic subtitle, a shorthand's weight."""
    used = every_face_used()
    assert ("sans", 600, "normal") in used  # .field label { font-weight: 600 } inherits the body's sans
    assert ("serif", 400, "italic") in used  # .subtitle { font-family: var(--serif); font-style: italic }
    assert faces_used(".x { font: 600 .85rem/1.4 var(--sans); }") == {("sans", 600, "normal")}
    assert faces_used(".x { font: italic 1rem var(--serif); }") == {("serif", 400, "italic")}
    assert faces_used(".x { font-family: var(--serif); font-weight: 300; }") == {("serif", 300, "normal")}
    assert faces_used(".x { font: 600 .7rem ui-monospace, monospace; }") == set()
    assert faces_used(".x { font-weight: 800; }") == {("serif", 800, "normal"), ("sans", 800, "normal")}
