"""Stories and wall texts: formatting that writers expect, and nothing that can run in a visitor's browser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from curation.richtext import richtext_html, richtext_plain


def live_elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements and attributes a browser would build from `html` (text, however it reads, is inert)."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_paragraphs_emphasis_and_links_are_formatted():
    html = richtext_html("She came in *1994*.\n\nRead **more** at [her page](https://example.org/a?b=1&c=2).")
    assert html == (
        "<p>She came in <em>1994</em>.</p>"
        '<p>Read <strong>more</strong> at <a href="https://example.org/a?b=1&amp;c=2" '
        'rel="nofollow noopener noreferrer">her page</a>.</p>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<img src=x onerror="alert(1)">',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        '[a](https://ok.example/"onmouseover=alert(1))',
    ],
)
def test_hostile_markup_never_becomes_live_html(hostile):
    elements = live_elements(richtext_html(hostile))
    assert {tag for tag, _ in elements} <= {"p", "a", "br", "em", "strong"}
    for tag, attrs in elements:
        assert set(attrs) <= {"href", "rel"}, (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), href


def test_a_line_break_inside_a_paragraph_is_kept():
    assert richtext_html("line one\nline two") == "<p>line one<br>line two</p>"


def test_empty_text_renders_nothing():
    assert richtext_html("   ") == ""


def test_plain_text_drops_the_markup():
    assert richtext_plain("A *quiet* [story](https://x.org)") == "A quiet story"
