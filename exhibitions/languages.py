"""The public gallery at an address per language, and the address without one.

curation/urls.py mounts the gallery's pages twice. Under `i18n_patterns` (namespace "exhibitions", listed first),
each page has an address in each language, /kk/e/<slug>/, /ru/e/<slug>/, /en/e/<slug>/, which shows that language
whatever the visitor's cookie says; `reverse("exhibitions:detail", ...)` names the one of the active language, so
a visitor who follows links stays in it. Bare (namespace "unprefixed"), the addresses printed on QR codes and in
older links keep working: they speak the visitor's language (cookie, then Accept-Language) and are the pages'
`x-default`. Everything else (the library, the studio, IIIF, renditions, robots.txt, sitemap.xml) has no language
in its address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import locale
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

LANGUAGE_NAMESPACE = "exhibitions"
UNPREFIXED_NAMESPACE = "unprefixed"
# The pages that exist in each language and that search engines should know as one page in three: not the feed
# (no page), nor previews and review links (under /studio/, noindex).
PAGES = frozenset({"home", "detail", "photo", "story"})
# Set to True on a response that is the same in every language (exhibitions/iiif.py): LocaleMiddleware leaves it be.
SAME_IN_EVERY_LANGUAGE = "same_in_every_language"
# OpenGraph names a locale language_TERRITORY. These are the ones the sites that read the tags know (Facebook's
# list has no ru_KZ): the visitors are in Kazakhstan, but a Russian page is read as Russian.
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def codes() -> list[str]:
    """The site's languages, in settings order."""
    return [code for code, _name in settings.LANGUAGES]


def path_language(path: str) -> str | None:
    """The language an address names by its first segment ("/kk/e/x/" is Kazakh), or None (negotiated)."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in codes() else None


@dataclass(frozen=True)
class Alternate:
    hreflang: str  # a language code, or "x-default"
    url: str  # absolute


def alternates(request: HttpRequest) -> list[Alternate]:
    """The page's absolute address in each language, then the one without a language (x-default); [] unless the
    request is for one of the public pages."""
    match = request.resolver_match
    if match is None or match.url_name not in PAGES:
        return []
    if match.namespace not in (LANGUAGE_NAMESPACE, UNPREFIXED_NAMESPACE):
        return []
    found = []
    for code in codes():
        with translation.override(code):
            path = reverse(f"{LANGUAGE_NAMESPACE}:{match.url_name}", args=match.args, kwargs=match.kwargs)
        found.append(Alternate(code, request.build_absolute_uri(path)))
    path = reverse(f"{UNPREFIXED_NAMESPACE}:{match.url_name}", args=match.args, kwargs=match.kwargs)
    found.append(Alternate("x-default", request.build_absolute_uri(path)))
    return found


def og_locales(language: str) -> tuple[str, list[str]]:
    """The OpenGraph locale of a page in `language`, and those of its other languages."""
    return OG_LOCALES.get(language, ""), [OG_LOCALES[code] for code in codes() if code != language]


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that an address without a language that answers 404 stays a 404, and that a response the
    same in every language does not vary by the reader's.

    With `prefix_default_language`, Django answers a 404 at /e/gone/ with a redirect to /ru/e/gone/ (which then
    answers 404): a taken-down exhibition's printed address would stop saying plainly that it is gone, and an
    unknown address would tell which language the visitor's browser asks for. Ours resolve without a prefix, so
    there is nothing to redirect to.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(response, SAME_IN_EVERY_LANGUAGE, False):
            # A document that holds every language (a IIIF manifest): no language was chosen for it, so it says
            # none, and shared caches keep one copy whatever the reader's languages.
            return response
        if response.status_code == 404 and not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


def _same_site(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


@csrf_exempt
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The visitors' language switch: sets the language cookie and goes back to the same page in that language.

    No CSRF token: public pages are cached and identical for every visitor, so they cannot carry one, and all this
    stores is the visitor's own cookie. From /kk/e/x/3/ it goes to /ru/e/x/3/; an address without a language stays
    as it is and speaks the new cookie's language.
    """
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    # Django's set_language finds the page in the other language by resolving its address, which only matches the
    # prefix of the active language: read it in the language the address names.
    with translation.override(path_language(urlsplit(target).path) or translation.get_language()):
        response = set_language(request)
    return _keep_query(request, response)


def _keep_query(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Carry the page's query string over to the page in the new language.

    The form's `next` holds the path only: the page is cached by path, so a query string written into it would
    be served to visitors who came without one. The browser's Referer (same-origin) has the whole address.
    """
    location = response.get("Location", "")
    referer = request.META.get("HTTP_REFERER", "")
    if not location or "?" in location or not referer or not _same_site(request, referer):
        return response
    came_from, to = urlsplit(referer), urlsplit(request.POST.get("next", ""))
    if came_from.query and unquote(came_from.path) == unquote(to.path):
        response["Location"] = f"{location}?{came_from.query}"
    return response
