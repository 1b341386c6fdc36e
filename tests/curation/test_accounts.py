"""Logging in: repeated failures are slowed down per account and per address; success resets the account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase"


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    for _ in range(5):
        assert b"Please enter a correct username" in attempt(client, "aigerim", "wrong").content
    refused = attempt(client, "aigerim", PASSWORD)
    assert refused.status_code == 200
    assert b"Too many failed attempts" in refused.content
    assert "_auth_user_id" not in client.session


def test_an_address_guessing_many_accounts_is_slowed_down(client):
    for n in range(5):
        attempt(client, f"nobody{n}", "wrong", address="10.0.0.9")
    factories.photographer(username="daniyar", password=PASSWORD)
    assert b"Too many failed attempts" in attempt(client, "daniyar", PASSWORD, address="10.0.0.9").content
    # The same account from another address is not punished for someone else's guessing.
    assert attempt(client, "daniyar", PASSWORD, address="10.0.0.10").status_code == 302


def test_a_success_before_the_limit_forgets_earlier_failures(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    for _ in range(4):
        attempt(client, "aigerim", "wrong", address="10.0.0.2")
    assert attempt(client, "aigerim", PASSWORD, address="10.0.0.3").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "aigerim", "wrong", address="10.0.0.4")
    assert attempt(client, "aigerim", PASSWORD, address="10.0.0.5").status_code == 302


def test_curators_land_in_the_studio_and_photographers_in_their_library(client):
    factories.curator(username="daniyar", password=PASSWORD)
    factories.photographer(username="aigerim", password=PASSWORD)
    assert attempt(client, "daniyar", PASSWORD)["Location"] == reverse("studio:list")
    client.logout()
    assert attempt(client, "aigerim", PASSWORD)["Location"] == reverse("curation:library")
