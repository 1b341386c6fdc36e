"""The name a photographer is credited by in public: the one she chooses, else her full name, else none; never the
login name, on any public page, in published snapshots made before she chose one too, and a change shows at once."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from curation import credits
from exhibitions import collaboration
from exhibitions.cache import public_pages_changed
from exhibitions.models import Exhibition
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url, subject

pytestmark = pytest.mark.django_db

LOGIN = "zq-login-aigerim-7731"  # distinctive: found on a page only if the login name leaked


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def public_pages(client, exhibition: Exhibition, person) -> dict[str, str]:
    """Every page a visitor may reach about this exhibition, and a review link's page of it."""
    link = collaboration.review_link_create(
        exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=1), label="For the venue"
    )
    urls = {
        "exhibition": detail_url(exhibition),
        "viewer": photo_url(exhibition, 1),
        "story": reverse("exhibitions:story", args=[person.pk]),
        "home": reverse("exhibitions:home"),
        "feed": reverse("exhibitions:feed"),
        "sitemap": reverse("sitemap"),
        "review link": reverse("studio:review", args=[link.token]),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def test_no_public_page_shows_the_photographers_login_name(client):
    photographer = factories.photographer(username=LOGIN)
    person = subject(photographer)
    exhibition = build_exhibition(2, owner=photographer, subjects=[person])
    for name, html in public_pages(client, exhibition, person).items():
        assert LOGIN not in html, f"the login name is on the {name} page"
    # Nobody to credit: the caption names no photographer, the JSON-LD no creator.
    html = client.get(detail_url(exhibition)).content.decode()
    assert "Photograph:" not in html
    assert all("creator" not in work and "creditText" not in work for work in json_ld(html)["workFeatured"])


def test_a_snapshot_published_with_the_login_name_shows_it_nowhere(client):
    photographer = factories.photographer(username=LOGIN)
    person = subject(photographer)
    exhibition = build_exhibition(2, owner=photographer, subjects=[person])
    # What snapshots published before photographers chose a credit hold: the login name, frozen.
    snapshot = exhibition.published_snapshot
    for item in snapshot["items"]:
        item["credit"] = LOGIN
    Exhibition.objects.filter(pk=exhibition.pk).update(published_snapshot=snapshot)
    public_pages_changed(exhibition_id=exhibition.pk)
    for name, html in public_pages(client, exhibition, person).items():
        assert LOGIN not in html, f"the login name is on the {name} page"


def test_the_chosen_credit_reaches_published_pages_at_once(client, django_capture_on_commit_callbacks):
    photographer = factories.photographer(username=LOGIN)
    exhibition = build_exhibition(2, owner=photographer)
    assert "Photograph:" not in client.get(detail_url(exhibition)).content.decode()  # now cached
    client.force_login(photographer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("curation:credit"), {"credit_name": "  Aigerim   Bekova "})
    assert response.status_code == 302
    client.logout()
    html = client.get(detail_url(exhibition)).content.decode()
    assert "Photograph: Aigerim Bekova" in html
    works = json_ld(html)["workFeatured"]
    assert works[0]["creditText"] == "Aigerim Bekova" and works[0]["creator"]["name"] == "Aigerim Bekova"
    assert works[0]["copyrightNotice"].endswith(" Aigerim Bekova")
    assert "Photograph: Aigerim Bekova" in client.get(photo_url(exhibition, 2)).content.decode()
    # The snapshot was not republished: the credit is read when the page is served.
    exhibition.refresh_from_db()
    assert exhibition.published_snapshot["items"][0]["credit"] == ""


def test_without_a_chosen_credit_the_full_name_is_credited(client, django_capture_on_commit_callbacks):
    photographer = factories.photographer(username=LOGIN)
    photographer.first_name, photographer.last_name = "Aigerim", "Bekova"
    photographer.save()
    exhibition = build_exhibition(1, owner=photographer)
    assert "Photograph: Aigerim Bekova" in client.get(detail_url(exhibition)).content.decode()
    # A full name changed later (in the admin) reaches the cached page too.
    with django_capture_on_commit_callbacks(execute=True):
        photographer.last_name = "Bekova-Nurlan"
        photographer.save()
    assert "Photograph: Aigerim Bekova-Nurlan" in client.get(detail_url(exhibition)).content.decode()


def test_a_full_name_that_is_the_login_name_is_not_credited():
    photographer = factories.photographer(username="aigerim")
    photographer.first_name = "Aigerim"
    assert credits.credit_for(photographer) == ""
    photographer.last_name = "Bekova"
    assert credits.credit_for(photographer) == "Aigerim Bekova"


def test_the_login_name_cannot_be_chosen_as_the_credit(client):
    photographer = factories.photographer(username=LOGIN)
    client.force_login(photographer)
    response = client.post(reverse("curation:credit"), {"credit_name": LOGIN.upper()})
    assert response.status_code == 200
    assert "This is your user name" in response.content.decode()
    assert credits.credit_name_chosen(photographer) == ""
    with pytest.raises(credits.CreditRefused):
        credits.credit_name_set(user=photographer, credit_name=f" {LOGIN} ")


def test_the_credit_page_says_how_captions_read_and_is_linked_from_the_photographers_menu(client):
    photographer = factories.photographer(username=LOGIN)
    client.force_login(photographer)
    library = client.get(reverse("curation:library")).content.decode()
    assert f'href="{reverse("curation:credit")}"' in library
    page = client.get(reverse("curation:credit")).content.decode()
    assert "name no photographer" in page
    credits.credit_name_set(user=photographer, credit_name="Aigerim Bekova")
    page = client.get(reverse("curation:credit")).content.decode()
    assert "“Photograph: Aigerim Bekova”" in page and 'value="Aigerim Bekova"' in page


def test_curators_have_no_credit_page(client):
    client.force_login(factories.curator())
    assert client.get(reverse("curation:credit")).status_code == 404
