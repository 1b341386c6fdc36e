"""The photographer's pages and the health check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_logs_a_photographer_in_and_lands_in_the_library(client):
    factories.photographer(username="aigerim", password="a-long-pass-phrase")
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b'name="username"' in page.content
    response = client.post(reverse("login"), {"username": "aigerim", "password": "a-long-pass-phrase"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("curation:library")
    assert b"Your library is empty" in response.content


def test_a_wrong_password_says_so_on_the_login_page(client):
    factories.photographer(username="aigerim", password="a-long-pass-phrase")
    response = client.post(reverse("login"), {"username": "aigerim", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_the_library_shows_only_the_photographers_own_photos(client):
    me, other = factories.photographer(), factories.photographer()
    factories.processed_photo(me, title="Fruit seller")
    factories.processed_photo(other, title="Someone else's")
    client.force_login(me)
    response = client.get(reverse("curation:library"))
    assert b"Fruit seller" in response.content
    assert b"Someone else" not in response.content


def test_the_library_needs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    me = factories.photographer()
    for _ in range(3):
        factories.processed_photo(me)
    client.force_login(me)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("curation:library"))
    for _ in range(4):
        factories.processed_photo(me)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("curation:library"))


def test_only_the_owner_downloads_the_original(client):
    owner, stranger = factories.photographer(), factories.photographer()
    data = factories.jpeg_bytes()
    photo = factories.photo(owner, data=data, filename="DSCF0001.JPG")
    url = reverse("curation:photo-original", args=[photo.pk])

    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert "DSCF0001.JPG" in response["Content-Disposition"]

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    missing = reverse("curation:photo-original", args=[photo.pk + 1000])
    assert client.get(missing).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_healthz_reports_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"}


def test_healthz_says_degraded_but_answers_200_when_the_broker_is_down(client, settings):
    # The site still serves pages and takes uploads (queued when the broker returns): a load balancer keeps it.
    from curation.celery import app
    from tests.conftest import reset_broker_connections

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    reset_broker_connections()
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
        reset_broker_connections()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"].startswith("down")
    assert response.json()["database"] == "ok"
