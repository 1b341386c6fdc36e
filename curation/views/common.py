"""Helpers the photographer's pages share."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
)
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from curation.roles import is_photographer


def _require_photographer(request: HttpRequest) -> None:
    if not is_photographer(request.user):
        raise Http404


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _library_url(query: str = "") -> str:
    return reverse("curation:library") + (f"?{query}" if query else "")


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
