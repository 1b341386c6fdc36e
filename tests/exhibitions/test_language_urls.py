"""The public gallery at an address per language (/kk/e/<slug>/, /ru/…, /en/…) and at today's addresses, which speak
the visitor's language: hreflang alternates, the sitemap's, og:locale, the language switch, the cache and the feed."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from exhibitions import collaboration
from tests import factories
from tests.support.gallery import build_exhibition, publish_now, subject
from tests.support.markup import Tags

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
# Interface words, in each language: the footer's (every page but the viewer) and the viewer's way back.
INTERFACE = {
    "en": ("For photographers and curators", "Back to the exhibition:"),
    "ru": ("Для фотографов и кураторов", "Вернуться к выставке:"),
    "kk": ("Фотографтар мен кураторларға", "Көрмеге оралу:"),
}
# Links to the gallery's pages without a language.
UNPREFIXED_LINK = re.compile(r'href="/(e/|stories/|feed/|")')


def at(language: str | None, name: str, *args) -> str:
    """The page's address in `language`, or without a language (None)."""
    if language is None:
        return reverse(f"unprefixed:{name}", args=args)
    with translation.override(language):
        return reverse(f"exhibitions:{name}", args=args)


def speaks(html: str) -> str:
    """The language the page's interface is in, read from its footer (and checked against <html lang>)."""
    found = [code for code, lines in INTERFACE.items() if any(line in html for line in lines)]
    assert len(found) == 1, found
    assert f'<html lang="{found[0]}">' in html
    return found[0]


@pytest.fixture
def show():
    """A published exhibition of three photos, one of a person with a public story."""
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(3, owner=owner, title="Green Bazaar", publish=False)
    exhibition.items.order_by("position").first().photo.subjects.add(person)
    publish_now(exhibition)
    return exhibition, person


def pages(show) -> dict[str, tuple[str, ...]]:
    exhibition, person = show
    return {
        "home": ("home",),
        "exhibition": ("detail", exhibition.slug),
        "viewer": ("photo", exhibition.slug, 2),
        "story": ("story", person.pk),
    }


# --- The address names the language -------------------------------------------------------------------------


def test_the_addresses_carry_the_language_and_links_follow_the_active_one(show):
    exhibition, _ = show
    assert at("kk", "detail", exhibition.slug) == f"/kk/e/{exhibition.slug}/"
    assert at("ru", "photo", exhibition.slug, 2) == f"/ru/e/{exhibition.slug}/2/"
    assert at("en", "home") == "/en/"
    assert at(None, "detail", exhibition.slug) == f"/e/{exhibition.slug}/"
    # What has no language stays where it was.
    with translation.override("kk"):
        assert reverse("sitemap") == "/sitemap.xml" and reverse("robots") == "/robots.txt"
        assert reverse("studio:list").startswith("/studio/") and reverse("curation:library") == "/library/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_with_a_language_in_its_address_speaks_it_whatever_the_visitor_asks(client, show, language):
    exhibition, _ = show
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru" if language != "ru" else "kk"
    for name, *args in pages(show).values():
        response = client.get(at(language, name, *args), HTTP_ACCEPT_LANGUAGE="en" if language != "en" else "kk")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert speaks(html) == language, name
        assert response["Content-Language"] == language
        # The address decides, so caches need not keep a copy per cookie or browser language.
        assert "Accept-Language" not in response.get("Vary", "") and "Cookie" not in response.get("Vary", "")
        # Its links stay in its language.
        assert f'href="/{language}/' in html and not UNPREFIXED_LINK.search(html), name


def test_an_address_without_a_language_negotiates_as_before(client, show):
    exhibition, _ = show
    url = at(None, "detail", exhibition.slug)
    assert speaks(client.get(url).content.decode()) == "en"
    assert speaks(client.get(url, HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8").content.decode()) == "kk"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200 and speaks(response.content.decode()) == "ru"
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    # Links from it carry the language it was read in, so the next page keeps it.
    html = response.content.decode()
    assert 'href="/ru/' in html and not UNPREFIXED_LINK.search(html)


def test_every_old_address_still_answers_without_a_redirect(client, show):
    exhibition, person = show
    for url in (
        "/",
        f"/e/{exhibition.slug}/",
        f"/e/{exhibition.slug}/2/",
        f"/stories/{person.pk}/",
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
    ):
        assert client.get(url).status_code == 200, url


def test_an_unknown_or_withdrawn_address_stays_a_404_with_or_without_a_language(client, show):
    """A printed address of a show taken down says it is gone: no redirect to a language that then says so."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    for url in ("/e/no-such-show/", "/e/no-such-show/2/", "/stories/987654/", "/kk/e/no-such-show/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert speaks(response.content.decode()) == "kk"


def test_only_the_gallery_has_addresses_per_language(client, show):
    for url in ("/kk/robots.txt", "/ru/sitemap.xml", "/kk/studio/", "/en/library/", "/kk/accounts/login/"):
        assert client.get(url).status_code == 404, url


# --- hreflang and canonical ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [*LANGUAGES, None])
def test_each_public_page_names_its_versions_in_every_language_and_the_default(client, show, language):
    for kind, (name, *args) in pages(show).items():
        html = client.get(at(language, name, *args)).content.decode()
        links = Tags(html).all("link", rel="alternate")
        alternates = {link["hreflang"]: link["href"] for link in links if "hreflang" in link}
        assert alternates == {
            "kk": "http://testserver" + at("kk", name, *args),
            "ru": "http://testserver" + at("ru", name, *args),
            "en": "http://testserver" + at("en", name, *args),
            "x-default": "http://testserver" + at(None, name, *args),
        }, kind
        # Each version is its own canonical: the one with a language, and the one without (which adapts to the
        # visitor, the x-default a search engine sends everyone else to).
        (canonical,) = Tags(html).all("link", rel="canonical")
        assert canonical["href"] == "http://testserver" + at(language, name, *args), kind


def test_previews_review_links_and_the_404_page_name_no_versions(client, show):
    exhibition, _ = show
    link = collaboration.review_link_create(exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=1))
    review = client.get(reverse("studio:review", args=[link.token])).content.decode()
    assert 'name="robots" content="noindex"' in review and "hreflang" not in review
    missing = client.get("/kk/e/no-such-show/").content.decode()
    assert "hreflang" not in missing


# --- OpenGraph -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "locale", "others"),
    [("kk", "kk_KZ", {"en_US", "ru_RU"}), ("ru", "ru_RU", {"en_US", "kk_KZ"}), ("en", "en_US", {"ru_RU", "kk_KZ"})],
)
def test_opengraph_names_the_page_locale_and_the_other_two(client, show, language, locale, others):
    exhibition, _ = show
    tags = Tags(client.get(at(language, "detail", exhibition.slug)).content.decode())
    assert [meta["content"] for meta in tags.all("meta", property="og:locale")] == [locale]
    assert {meta["content"] for meta in tags.all("meta", property="og:locale:alternate")} == others


# --- The language switch ------------------------------------------------------------------------------------


def test_the_switch_lands_on_the_same_page_in_the_other_language_with_its_query(client, show):
    exhibition, person = show
    here = at("kk", "detail", exhibition.slug)
    html = client.get(here).content.decode()
    (form,) = Tags(html).all("form", **{"class": "language-switch"})
    (next_field,) = Tags(html).all("input", name="next")
    assert next_field["value"] == here
    switched = client.post(
        form["action"], {"language": "ru", "next": here}, HTTP_REFERER=f"http://testserver{here}?from=qr"
    )
    assert switched.status_code == 302
    assert switched["Location"] == at("ru", "detail", exhibition.slug) + "?from=qr"
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = client.get(switched["Location"]).content.decode()
    assert speaks(page) == "ru" and "Green Bazaar" in page
    # A query string is never written into the page: it is cached by path, for every visitor.
    assert "from=qr" not in client.get(here + "?from=qr").content.decode()
    # Every public page, the viewer and a story too, has its counterpart.
    for name, *args in (("photo", exhibition.slug, 3), ("story", person.pk), ("home",)):
        switched = client.post(form["action"], {"language": "en", "next": at("kk", name, *args)})
        assert switched["Location"] == at("en", name, *args)


def test_the_switch_keeps_an_address_without_a_language_and_sets_the_cookie(client, show):
    exhibition, _ = show
    here = at(None, "detail", exhibition.slug)
    switched = client.post(reverse("language"), {"language": "kk", "next": here})
    assert switched["Location"] == here
    assert speaks(client.get(here).content.decode()) == "kk"


def test_the_switch_refuses_to_send_a_visitor_elsewhere(client):
    switched = client.post(reverse("language"), {"language": "ru", "next": "https://evil.example/"})
    assert switched["Location"] == "/"
    switched = client.post(
        reverse("language"), {"language": "ru", "next": "/kk/"}, HTTP_REFERER="https://evil.example/kk/?x=1"
    )
    assert switched["Location"] == "/ru/"


# --- The cache -------------------------------------------------------------------------------------------------


def test_the_cache_keeps_a_page_per_address_and_language(client, show, django_assert_num_queries):
    exhibition, _ = show
    kazakh, russian = at("kk", "detail", exhibition.slug), at("ru", "detail", exhibition.slug)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert speaks(client.get(kazakh).content.decode()) == "kk"  # built and kept
    with django_assert_num_queries(0):
        hit = client.get(kazakh)  # from the cache, before LocaleMiddleware: the address still decides
    assert speaks(hit.content.decode()) == "kk" and hit["Content-Language"] == "kk"
    assert "Cookie" not in hit.get("Vary", "")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    assert speaks(client.get(russian).content.decode()) == "ru"
    with django_assert_num_queries(0):
        assert speaks(client.get(russian).content.decode()) == "ru"
    # Without a language in the address, the page is kept per negotiated language, as before.
    bare = at(None, "detail", exhibition.slug)
    assert speaks(client.get(bare).content.decode()) == "kk"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    with django_assert_num_queries(0):
        assert speaks(client.get(russian).content.decode()) == "ru"
    russian_bare = client.get(bare)
    assert speaks(russian_bare.content.decode()) == "ru" and russian_bare["Content-Language"] == "ru"
    with django_assert_num_queries(0):
        assert speaks(client.get(kazakh).content.decode()) == "kk"


# --- Sitemap and feed ------------------------------------------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemap_lists_every_page_in_each_language_with_its_alternates(client, show):
    exhibition, _ = show
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    entries = {
        entry.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
        for entry in root.findall("s:url", NS)
    }
    for name, *args in pages(show).values():
        versions = {code: "http://testserver" + at(code, name, *args) for code in LANGUAGES}
        expected = {**versions, "x-default": "http://testserver" + at(None, name, *args)}
        for code in LANGUAGES:
            assert entries[versions[code]] == expected, (name, code)
    for number in (1, 2, 3):
        assert "http://testserver" + at("kk", "photo", exhibition.slug, number) in entries
    # Only addresses with a language are listed: the one without is named as their x-default.
    assert all(re.match(r"http://testserver/(kk|ru|en)/", loc) for loc in entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_feed_and_its_pages_point_to_it(client, show, language):
    exhibition, _ = show
    feed_url = at(language, "feed")
    html = client.get(at(language, "detail", exhibition.slug)).content.decode()
    (link,) = Tags(html).all("link", type="application/atom+xml")
    assert link["href"] == feed_url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru" if language != "ru" else "en"
    feed = client.get(feed_url)
    root = ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    links = [
        entry.find("{http://www.w3.org/2005/Atom}link").get("href")
        for entry in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert links == ["http://testserver" + at(language, "detail", exhibition.slug)]
