"""Security headers on every response, beside the Content-Security-Policy that django-csp writes.

Inline <style> blocks are allowed by their hash, not by a nonce: a page cached and served to every visitor (the
public gallery) must not pin one visitor's nonce for all the others, and a hash is the same for everyone who is
served the same bytes. Inline scripts have no such allowance: a page that needs one reads `request.csp_nonce`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse

_STYLE = re.compile(rb"<style(?:\s[^>]*)?>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def style_hashes(html: bytes) -> tuple[str, ...]:
    """The CSP sources ('sha256-…') of a page's inline <style> blocks, in the order they appear."""
    found = (base64.b64encode(hashlib.sha256(css).digest()).decode() for css in _STYLE.findall(html))
    return tuple(dict.fromkeys(f"'sha256-{digest}'" for digest in found))


def csp_styles_allow(response: HttpResponse, hashes: Iterable[str]) -> None:
    """Add these inline-style hashes (none: nothing) to the policy django-csp writes for this response; the response
    is then taken as read, and not scanned again for styles."""
    update = getattr(response, "_csp_update", None) or {}
    if hashes := list(hashes):
        update["style-src"] = [*update.get("style-src", []), *hashes]
    response._csp_update = update


class SecurityHeadersMiddleware:
    """Inline styles named by hash in the policy; no camera, microphone, geolocation or payment; own window."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "_csp_update", None) is None and _is_html(response):
            # A cached public page brings its hashes; anything else rendered now is read once here.
            csp_styles_allow(response, style_hashes(response.content))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _is_html(response: HttpResponse) -> bool:
    return (
        not response.streaming
        and response.get("Content-Encoding", "") == ""
        and response.get("Content-Type", "").startswith("text/html")
    )
