"""The demo exhibition that `make run` loads."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from exhibitions import demo
from exhibitions.models import Exhibition

pytestmark = pytest.mark.django_db


def test_demo_load_publishes_an_exhibition_once_and_prints_credentials(capsys, client):
    call_command("demo_load")
    call_command("demo_load")
    out = capsys.readouterr().out
    assert "Created the demo exhibition" in out and "Found the demo exhibition" in out
    assert demo.DEMO_PASSWORD in out
    exhibition = Exhibition.objects.get(slug=demo.DEMO_SLUG)
    assert exhibition.status == Exhibition.Status.PUBLISHED
    assert exhibition.items.filter(photo__isnull=False).count() == len(demo.PLATES)
    assert exhibition.items.filter(photo__isnull=True).count() == 1
    # Through the login page: django-axes refuses an authenticate() without a request, as client.login() makes.
    login = client.post(reverse("login"), {"username": demo.PHOTOGRAPHER, "password": demo.DEMO_PASSWORD})
    assert login.status_code == 302
    home = client.get(reverse("exhibitions:home"))
    assert b"Resilience and community" in home.content
    page = client.get(reverse("exhibitions:detail", args=[demo.DEMO_SLUG])).content.decode()
    assert f"Photograph: {demo.PHOTOGRAPHER_CREDIT}" in page and f"Photograph: {demo.PHOTOGRAPHER}" not in page
