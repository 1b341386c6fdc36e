"""The admin for consent overrides and notices to curators: staff read them; they are an audit trail nobody edits."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from curation.models import Consent
from exhibitions.models import ConsentOverride, CuratorNotice
from tests.support.consent import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(client) -> Cast:
    """Published under an override for Gulnara (never asked); she then declined: the override ended, photos went."""
    cast = Cast()
    cast.override("Photographed at a public festival; she agreed on stage.")
    cast.publish()
    cast.agree(status=Consent.Status.DECLINED)
    staff = get_user_model().objects.create_superuser("root", "root@example.org", "pass-word-123")
    client.force_login(staff)
    return cast


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:exhibitions_{model}_{view}", args=args)


@pytest.mark.parametrize(
    ("model", "record", "words"),
    [
        ("consentoverride", ConsentOverride, "Photographed at a public festival; she agreed on stage."),
        ("curatornotice", CuratorNotice, "Photos taken off the public page"),
    ],
)
def test_staff_read_the_list_and_each_record_but_cannot_change_or_delete_it(client, history, model, record, words):
    changelist = client.get(admin_url(model, "changelist")).content.decode()
    assert "Bazaar" in changelist
    obj = record.objects.get()
    change = client.get(admin_url(model, "change", obj.pk))
    html = change.content.decode()
    assert change.status_code == 200 and words in html and 'name="_save"' not in html
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert client.get(admin_url(model, "add")).status_code == 403
    assert record.objects.filter(pk=obj.pk).exists()


def test_overrides_filter_by_whether_they_still_hold(client, history):
    ended = client.get(admin_url("consentoverride", "changelist"), {"revoked_at__isempty": "0"}).content.decode()
    holding = client.get(admin_url("consentoverride", "changelist"), {"revoked_at__isempty": "1"}).content.decode()
    name = "Fruit seller, Green Bazaar"
    assert name in ended and name not in holding


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", {"consentoverride": ["Revoked by:"], "curatornotice": ["Unpublished:", "Dismissed by:"]}),
        ("ru", {"consentoverride": ["Кто отозвал:"], "curatornotice": ["Снята с публикации:", "Кто скрыл:"]}),
        ("kk", {"consentoverride": ["Кім күшін жойды:"], "curatornotice": ["Жариялаудан алынды:", "Кім жапты:"]}),
    ],
)
def test_who_revoked_dismissed_and_unpublished_are_labelled_in_the_readers_language(client, history, language, labels):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for model, record in (("consentoverride", ConsentOverride), ("curatornotice", CuratorNotice)):
        html = client.get(admin_url(model, "change", record.objects.get().pk)).content.decode()
        for label in labels[model]:
            assert label in html, (model, label)
