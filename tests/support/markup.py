"""Reading the pages the app serves without regular expressions over HTML: their start tags, and anything in them
that a strict Content-Security-Policy would block or that runs script from an attribute."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Script types that are data, never run: the CSP does not apply to them.
DATA_SCRIPTS = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "data", "poster"}
SCRIPT_URL = re.compile(r"\s*(javascript|vbscript|data:text/html)", re.IGNORECASE)


class Tags(HTMLParser):
    """Every start tag with its attributes, to check markup without regular expressions over HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


class InlineCode(HTMLParser):
    """Everything in a page that a strict CSP would block, or that runs script from an attribute."""

    def __init__(self, nonce: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self._in_script: tuple[str, dict] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name in URL_ATTRIBUTES and value and SCRIPT_URL.match(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = (values.get("type") or "").lower()
            if values.get("src"):
                if values["src"].startswith(("//", "http:", "https:")):
                    self.problems.append(f"<script src={values['src']!r}> from another origin")
            elif kind not in DATA_SCRIPTS and values.get("nonce") != self.nonce:
                self.problems.append("<script> inline without this response's nonce")
        if tag == "style" and values.get("nonce") != self.nonce:
            self.problems.append("<style> without this response's nonce")
        if tag == "link" and "stylesheet" in (values.get("rel") or "") and values.get("href", "").startswith("//"):
            self.problems.append(f"<link rel=stylesheet href={values['href']!r}> from another origin")


def inline_code_problems(html: str, nonce: str) -> list[str]:
    parser = InlineCode(nonce)
    parser.feed(html)
    return parser.problems


def body(response) -> bytes:
    """A response's bytes, streamed or not; a streamed body is kept on the response, so it can be read again."""
    if response.streaming:
        response.body = getattr(response, "body", None) or b"".join(response.streaming_content)
        return response.body
    return response.content
