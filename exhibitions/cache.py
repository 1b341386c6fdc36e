"""The public pages' cache: version numbers bumped when what visitors see changes, and the rendered pages.

A page is current while two numbers are: its exhibition's (or, for pages that show everything public, the
home page's) publication version, bumped by publishing, unpublishing and takedowns; and the people version
(curation.people.changes), bumped by any change to consent, subjects, photo links or overrides, whoever makes
it. Pages are built through exhibitions.visibility, so a page built after either number moved shows only
people the consent rule allows now.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from curation.middleware import csp_styles_allow, style_hashes
from curation.models import renditions_storage
from curation.people.changes import PEOPLE_KEY, people_version, version_fresh
from exhibitions.languages import path_language

T = TypeVar("T")

_HOME_KEY = "public:home:version"
# Shared caches may keep a page this long: a withdrawal reaches every visitor within a minute.
PAGE_MAX_AGE = 60
# Pages built while a photo still lacks its renditions are kept only briefly, so the images appear soon.
INCOMPLETE_PAGE_SECONDS = 20
_PAGE_TIMEOUT = 24 * 3600
_MEMO_SIZE = 64


def _exhibition_key(exhibition_id: int) -> str:
    return f"public:exhibition:{exhibition_id}:version"


def _fresh_version() -> int:
    # Random rather than 1: after a cache flush (or in the next test) a version number never comes back, so a
    # page stored, or memoised in a process, under an old number can never pass for current.
    return version_fresh()


def public_version(exhibition_id: int | None = None) -> int:
    """The current version of a public page (the home page, and everything public, when no exhibition is given)."""
    key = _HOME_KEY if exhibition_id is None else _exhibition_key(exhibition_id)
    return cache.get_or_set(key, _fresh_version, timeout=None)


def versions(exhibition_id: int | None = None) -> tuple[int, int]:
    """(publication version, people version) of a page, in one round trip to the shared cache."""
    key = _HOME_KEY if exhibition_id is None else _exhibition_key(exhibition_id)
    found = cache.get_many([key, PEOPLE_KEY])
    publication = found.get(key) or public_version(exhibition_id)
    people = found.get(PEOPLE_KEY) or people_version()
    return publication, people


def public_pages_changed(*, exhibition_id: int) -> None:
    """Call after publish, unpublish, or anything that hides a photo: visitors see the change at once."""
    for key in (_HOME_KEY, _exhibition_key(exhibition_id)):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), timeout=None)


def page_lifetime() -> int:
    """How long a rendered page may be kept: a day, or less than the image URLs it embeds live.

    Renditions on S3 without a public domain are served by signed URLs that expire; a page must be rebuilt
    (with fresh signatures) well before its images would stop loading.
    """
    expire = renditions_url_lifetime()
    return _PAGE_TIMEOUT if expire is None else max(30, min(_PAGE_TIMEOUT, expire // 2))


def renditions_url_lifetime() -> int | None:
    """Seconds a rendition URL keeps working, when the storage signs them (S3 without a public domain)."""
    signs = getattr(renditions_storage, "querystring_auth", False)
    if signs and not getattr(renditions_storage, "custom_domain", None):
        return int(getattr(renditions_storage, "querystring_expire", 3600))
    return None


# --- Rendered pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """A rendered public page and what it was built from; valid while `version` is current and not expired."""

    body: bytes
    gzipped: bytes  # compressed once here rather than on every request by a proxy
    content_type: str
    style_hashes: tuple[str, ...]  # the CSP sources of its inline styles: the same for every visitor, no nonce
    etag: str
    last_modified: float
    exhibition_id: int | None  # None: the page depends on everything public (home, stories)
    version: int
    people_version: int
    day: str  # the project's date it was built on: consent that expires at midnight leaves the next page
    expires_at: float


class _Memo:
    """A small per-process LRU in front of the shared cache; entries are checked against the version every time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def set(self, key: str, value: object) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_pages = _Memo(_MEMO_SIZE)
_derived = _Memo(8)


def page_key(request: HttpRequest, language: str) -> str:
    # Host and scheme are in the key because pages carry absolute URLs (OpenGraph, JSON-LD, canonical). The raw
    # Host header is enough: a page is only ever stored after Django has validated the host it was built for.
    raw = "|".join([request.scheme, request.META.get("HTTP_HOST", ""), request.path, language])
    return "public:page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _today() -> str:
    return timezone.localdate().isoformat()


def _current(page: CachedPage) -> bool:
    return (
        page.expires_at >= time.time()
        and page.day == _today()
        and (page.version, page.people_version) == versions(page.exhibition_id)
    )


def page_get(request: HttpRequest, language: str | None = None) -> CachedPage | None:
    """The cached page for this URL and language if it is still current; no database query."""
    key = page_key(request, language or get_language() or "")
    page = _pages.get(key)
    if page is not None and _current(page):
        return page
    try:
        page = CachedPage(**cache.get(key))
    except TypeError:
        # Nothing stored, or a page stored by an earlier release whose fields differ: build it afresh.
        return None
    if not _current(page):
        return None
    _pages.set(key, page)
    return page


def page_store(
    request: HttpRequest,
    response: HttpResponse,
    *,
    exhibition_id: int | None,
    version: int,
    people: int,
    day: str,
    timeout: int = _PAGE_TIMEOUT,
) -> CachedPage:
    """Keep a freshly rendered page; `version`, `people` and `day` must have been read before its data was."""
    body = response.content
    page = CachedPage(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        content_type=response["Content-Type"],
        style_hashes=style_hashes(body),
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_modified=float(int(time.time())),
        exhibition_id=exhibition_id,
        version=version,
        people_version=people,
        day=day,
        expires_at=time.time() + min(timeout, page_lifetime()),
    )
    key = page_key(request, get_language() or "")
    # A plain dict, not the pickled class, so that a release that changes CachedPage reads old entries as misses.
    cache.set(key, dataclasses.asdict(page), timeout=timeout)
    _pages.set(key, page)
    return page


_GZIP = re.compile(r"\bgzip\b")


def page_respond(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The page (gzipped if the client takes it), or 304 Not Modified, with the public pages' caching headers."""
    gzipped = bool(_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    # Each encoding is its own representation, with its own validator.
    etag = page.etag[:-1] + '-gz"' if gzipped else page.etag
    response = get_conditional_response(request, etag=etag, last_modified=page.last_modified)
    if response is None:
        response = HttpResponse(page.gzipped if gzipped else page.body, content_type=page.content_type)
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(page.last_modified)
    # The same policy for every visitor and on a 304, so a browser that reuses the body it has keeps one that fits.
    csp_styles_allow(response, page.style_hashes)
    public_cache_headers(response, request=request)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def public_cache_headers(
    response: HttpResponse, max_age: int = PAGE_MAX_AGE, *, request: HttpRequest | None = None
) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Without a language in the address (or without the request to tell), the language comes from the cookie or
    # the Accept-Language header; with one, the address alone decides and caches keep one copy for everybody.
    if request is None or not path_language(request.path_info):
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def cached_page(
    request: HttpRequest,
    *,
    exhibition_id: Callable[[], int | None] | int | None,
    build: Callable[[], tuple[HttpResponse, bool]],
    timeout: int = _PAGE_TIMEOUT,
) -> HttpResponse:
    """Serve a public page from the cache, or build it (`build` returns the response and whether it is complete).

    Responses that are not 200 (a 404) are never stored.
    """
    if request.method not in ("GET", "HEAD"):
        return build()[0]
    page = page_get(request)
    if page is None:
        ident = exhibition_id() if callable(exhibition_id) else exhibition_id
        version, people = versions(ident)
        day = _today()
        response, complete = build()
        if response.status_code != 200:
            return response
        page = page_store(
            request,
            response,
            exhibition_id=ident,
            version=version,
            people=people,
            day=day,
            timeout=timeout if complete else min(timeout, INCOMPLETE_PAGE_SECONDS),
        )
    return page_respond(request, page)


class PublicPageCacheMiddleware:
    """Answer a cached public page before sessions, CSRF, authentication and messages are set up.

    A public page is the same for every visitor, signed in or not, so none of them could change it: a hit costs one
    read of the page's version from the shared cache. It adds the headers the skipped middleware would have added
    (language, frame options, length). A miss goes down the whole stack, where the view renders and stores the page.
    Sits right after WhiteNoise in MIDDLEWARE, inside the security headers.

    It runs before LocaleMiddleware, so it finds the page's language as that will: the one the address names
    (/kk/e/x/ is Kazakh whatever the cookie says), else the visitor's (cookie, then Accept-Language).
    """

    PREFIXES = ("/e/", "/stories/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.page_language(request) if request.method in ("GET", "HEAD") else None
        if language is not None:
            page = page_get(request, language)
            if page is not None:
                response = page_respond(request, page)
                response.headers["Content-Language"] = language
                response.headers.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper())
                response.headers["Content-Length"] = str(len(response.content))
                return response
        return self.get_response(request)

    def page_language(self, request: HttpRequest) -> str | None:
        """The language of the public page at this address, as LocaleMiddleware will choose it; None if the
        address is not a public page."""
        path = request.path_info
        named = path_language(path)
        rest = path[len(named) + 1 :] if named else path
        if rest == "/" or rest.startswith(self.PREFIXES):
            return named or translation.get_language_from_request(request)
        return None


# --- Values derived from everything public ------------------------------------------------------------


def per_public_version(name: str, build: Callable[[], T]) -> T:
    """`build()` once per process and pair of versions — publications (every publish, unpublish and takedown)
    and people (every change to consent, subjects, links and overrides) — and day (consent expires at midnight
    with no write at all)."""
    version = (*versions(), _today())
    held = _derived.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = build()
    _derived.set(name, (version, value))
    return value


def per_public_version_forget(name: str) -> None:
    """Drop a derived value so the next call builds it again (it may have missed rows made since)."""
    _derived.set(name, (None, None))
