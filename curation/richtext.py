"""Formatted text for stories and wall texts: a small Markdown-like subset rendered to safe HTML.

Writers type plain text: blank lines make paragraphs, *emphasis*, **strong**, and [words](https://link).
Everything else is text. The output is escaped first and then passed through an HTML sanitiser, so neither
raw HTML nor a `javascript:` link can ever come through.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")

ALLOWED_TAGS = {"p", "br", "em", "strong", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def _link(match: re.Match[str]) -> str:
    words, target = match.group(1), html.unescape(match.group(2))
    if not target.lower().startswith(_SAFE_SCHEMES):
        return match.group(0)  # left as the text the writer typed
    return f'<a href="{html.escape(target, quote=True)}">{words}</a>'


def _inline(escaped: str) -> str:
    escaped = _LINK.sub(_link, escaped)
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = _EMPHASIS.sub(r"<em>\1</em>", escaped)
    return escaped.replace("\n", "<br>")


def richtext_html(source: str) -> SafeString:
    """Safe HTML for a story or statement; an empty string for empty input."""
    source = (source or "").replace("\r\n", "\n").strip()
    if not source:
        return mark_safe("")  # noqa: S308 - nothing to escape
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source) if p.strip()]
    rendered = "".join(f"<p>{_inline(html.escape(p, quote=True))}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped, then sanitised with an allowlist


def richtext_plain(source: str) -> str:
    """The same text without markup, for meta descriptions and alt-like uses."""
    text = _LINK.sub(lambda m: m.group(1), source or "")
    return re.sub(r"\*{1,2}(\S.*?\S|\S)\*{1,2}", r"\1", text).strip()
