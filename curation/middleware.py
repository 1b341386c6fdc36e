"""Security headers on every response: a strict Content-Security-Policy with a per-request nonce."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """No inline script or style runs unless it carries this request's nonce (`request.csp_nonce`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        response = self.get_response(request)
        # A page served from the public cache was rendered with an earlier nonce and pins it here, so that its
        # body and its policy agree (also when a browser revalidates it and reuses the body it has).
        nonce = getattr(request, "csp_nonce", nonce)
        img_src = " ".join(["'self'", "data:", *settings.CSP_EXTRA_IMG_SRC])
        policy = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            f"style-src 'self' 'nonce-{nonce}'; "
            f"img-src {img_src}; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """Template context: {{ csp_nonce }} for the rare inline <script> or <style> a page needs."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
