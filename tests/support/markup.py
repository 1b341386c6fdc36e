"""Reading the pages the app serves without regular expressions over HTML: their start tags, and anything in them
that a strict Content-Security-Policy would block or that runs script from an attribute."""

from __future__ import annotations

import base64
import hashlib
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


def _sources(policy: str, directive: str) -> list[str]:
    for part in policy.split(";"):
        name, _, values = part.strip().partition(" ")
        if name == directive:
            return values.split()
    return []


class InlineCode(HTMLParser):
    """Everything in a page that its Content-Security-Policy would block, or that runs script from an attribute.

    An inline <script> must carry the policy's nonce; an inline <style> its nonce, or be named by its hash.
    """

    def __init__(self, policy: str) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts = _sources(policy, "script-src")
        self.styles = _sources(policy, "style-src")
        self.problems: list[str] = []
        self._style: tuple[dict, list[str]] | None = None

    def _nonce_allowed(self, sources: list[str], values: dict) -> bool:
        nonce = values.get("nonce")
        return bool(nonce) and f"'nonce-{nonce}'" in sources

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
            elif kind not in DATA_SCRIPTS and not self._nonce_allowed(self.scripts, values):
                self.problems.append("<script> inline without this response's nonce")
        if tag == "style":
            self._style = (values, [])
        if tag == "link" and "stylesheet" in (values.get("rel") or "") and values.get("href", "").startswith("//"):
            self.problems.append(f"<link rel=stylesheet href={values['href']!r}> from another origin")

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            values, parts = self._style
            digest = base64.b64encode(hashlib.sha256("".join(parts).encode()).digest()).decode()
            if not (self._nonce_allowed(self.styles, values) or f"'sha256-{digest}'" in self.styles):
                self.problems.append("<style> neither with this response's nonce nor named by its hash")
            self._style = None


def inline_code_problems(html: str, policy: str) -> list[str]:
    """What this page's Content-Security-Policy header (`policy`) would block in it."""
    parser = InlineCode(policy)
    parser.feed(html)
    return parser.problems


def body(response) -> bytes:
    """A response's bytes, streamed or not; a streamed body is kept on the response, so it can be read again."""
    if response.streaming:
        response.body = getattr(response, "body", None) or b"".join(response.streaming_content)
        return response.body
    return response.content
