"""Consent that runs out after publishing: the daily sweep takes the person's photos off public pages as a
withdrawal does, except where an override still lets that exhibition show them; schedules check at their time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from curation.celery import app as celery_app
from curation.models import Consent, SubjectEvent
from curation.publications import Takedown
from exhibitions import consent, publishing, sequencing, services
from exhibitions.models import CuratorNotice, Exhibition, PublicationEvent
from exhibitions.tasks import consents_expired_take_down
from tests.conftest import wait_until
from tests.support.consent import Cast, codes, public, shown
from tests.support.studio import studio

pytestmark = pytest.mark.django_db

VALID_DAYS = 365  # "one year", as promised at the stall


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


@pytest.fixture
def published(cast: Cast) -> Cast:
    """Gulnara's signed release covers the web for a year from today; the exhibition is published."""
    cast.agree(given_on=timezone.localdate(), expires_on=timezone.localdate() + timedelta(days=VALID_DAYS))
    cast.publish()
    return cast


@pytest.fixture
def later(monkeypatch):
    """Move the project's calendar on by some days: what the gate, the sweep and the schedules call today."""
    real = timezone.localdate()

    def move(days: int) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: real + timedelta(days=days))
        return real + timedelta(days=days)

    return move


def sweep() -> list[Takedown]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return consent.consents_expired_take_down()


def page(client, exhibition: Exhibition) -> list[str]:
    return shown(client.get(public(exhibition)).content.decode())


def second_exhibition(cast: Cast, title: str = "Portraits") -> Exhibition:
    """Another published exhibition of the same curator showing Gulnara's photo (P1) and P2."""
    other = services.exhibition_create(owner=cast.curator, title=title)
    sequencing.exhibition_photos_append(exhibition=other, photos=[cast.photos[1], cast.photos[2]])
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=other, actor=cast.curator, check_blockers=True)
    return other


def test_the_day_after_expiry_the_photo_leaves_the_public_page_and_its_image_answers_404(client, published, later):
    cast = published
    assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
    image = cast.photos[1].renditions.get(spec="640.webp").url
    story = reverse("exhibitions:story", args=[cast.gulnara.pk])
    assert client.get(image).status_code == 200 and client.get(story).status_code == 200

    later(VALID_DAYS + 1)
    takedowns = sweep()

    assert [(t.title, len(t.photos)) for t in takedowns] == [("Bazaar", 1)]
    assert page(client, cast.exhibition) == ["P0", "P2"]
    assert client.get(image).status_code == 404
    assert client.get(story).status_code == 404
    event = Exhibition.objects.get(pk=cast.exhibition.pk).publication_events.first()
    assert event.action == PublicationEvent.Action.CONSENT_EXPIRED and "“P1”" in event.detail
    # The draft keeps the photo, and the gate will not publish it again until consent is renewed.
    blockers = publishing.publish_blockers(cast.exhibition)
    assert [b.code for b in blockers] == ["consent"] and "the consent has expired" in blockers[0].message


@pytest.mark.parametrize("days", [VALID_DAYS - 30, VALID_DAYS], ids=["a month left", "the expiry day itself"])
def test_a_consent_not_yet_expired_keeps_the_photo_public(client, published, later, days):
    later(days)
    assert sweep() == []
    assert page(client, published.exhibition) == ["P0", "P1", "P2"]
    assert not CuratorNotice.objects.exists()


def test_an_override_keeps_the_photo_in_its_exhibition_only_until_it_is_revoked(client, published, later):
    cast = published
    portraits = second_exhibition(cast)
    later(VALID_DAYS + 1)
    # The curator of "Bazaar" knowingly keeps showing her: the gate now names her, and they record why.
    assert codes(cast.exhibition) == ["consent"]
    override = cast.override("She renewed on the phone; the signed form is in the post.")

    takedowns = sweep()

    assert [t.title for t in takedowns] == ["Portraits"]
    assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
    assert page(client, portraits) == ["P2"]
    assert list(CuratorNotice.objects.values_list("exhibition__title", flat=True)) == ["Portraits"]

    # Revoking takes her down at once (test_consent_override_revoke.py); the next sweep finds nothing left to do.
    with TestCase.captureOnCommitCallbacks(execute=True):
        consent.consent_override_revoke(override=override, actor=cast.curator, reason="The form never came.")
    assert page(client, cast.exhibition) == ["P0", "P2"]
    assert sweep() == []


def test_running_it_again_changes_nothing(client, published, later):
    cast = published
    second_exhibition(cast)
    later(VALID_DAYS + 1)
    assert len(sweep()) == 2
    before = {
        "notices": CuratorNotice.objects.count(),
        "events": PublicationEvent.objects.count(),
        "history": SubjectEvent.objects.filter(action=SubjectEvent.Action.TAKEN_DOWN).count(),
        "snapshots": list(Exhibition.objects.order_by("pk").values_list("published_snapshot", "updated_at")),
    }

    assert sweep() == []

    after = {
        "notices": CuratorNotice.objects.count(),
        "events": PublicationEvent.objects.count(),
        "history": SubjectEvent.objects.filter(action=SubjectEvent.Action.TAKEN_DOWN).count(),
        "snapshots": list(Exhibition.objects.order_by("pk").values_list("published_snapshot", "updated_at")),
    }
    assert after == before and before["notices"] == 2
    assert page(client, cast.exhibition) == ["P0", "P2"]


def test_curators_are_told_the_consent_expired_not_that_the_person_said_no(client, published, later):
    cast = published
    later(VALID_DAYS + 1)
    sweep()
    client.force_login(cast.curator)
    told = "The consent of Gulnara has expired: 1 photo was taken off the public page."
    for url in (reverse("studio:list"), studio("publish", cast.exhibition)):
        html = client.get(url).content.decode()
        assert told in html and "“P1”" in html, url
        assert "record a renewed consent, or an override on the publish page" in html
        assert "said no" not in html
    assert "Photos taken down: consent expired" in client.get(studio("publish", cast.exhibition)).content.decode()
    # The photographer's history of the person says which exhibition changed.
    client.force_login(cast.photographer)
    history = client.get(reverse("curation:subject", args=[cast.gulnara.pk])).content.decode()
    assert "Their consent had expired." in history
    assert "“Bazaar”: 1 photo taken off the public page." in history


def test_when_no_photo_is_left_the_exhibition_is_unpublished(client, published, later):
    cast = published
    lone = services.exhibition_create(owner=cast.curator, title="Gulnara")
    sequencing.exhibition_photos_append(exhibition=lone, photos=[cast.photos[1]])
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=lone, actor=cast.curator, check_blockers=True)
    assert client.get(public(lone)).status_code == 200
    later(VALID_DAYS + 1)
    sweep()
    assert client.get(public(lone)).status_code == 404
    assert CuratorNotice.objects.get(exhibition=lone).unpublished
    client.force_login(cast.curator)
    assert (
        "No photo was left, so the exhibition was unpublished." in client.get(studio("publish", lone)).content.decode()
    )


def test_a_refusal_is_never_kept_by_an_override_even_when_the_consent_had_expired(client, published, later):
    cast = published
    later(VALID_DAYS + 1)
    cast.override("She renewed on the phone; the signed form is in the post.")
    assert sweep() == [] and page(client, cast.exhibition) == ["P0", "P1", "P2"]
    cast.withdraw()
    assert page(client, cast.exhibition) == ["P0", "P2"]
    assert CuratorNotice.objects.get().kind == CuratorNotice.Kind.TAKEN_DOWN  # "said no", from the withdrawal


class TestSchedules:
    """The sweep leaves schedules alone: the scheduled publish checks consent at its time, overrides included."""

    def schedule(self, cast: Cast, days: int):
        at = timezone.now() + timedelta(days=days)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)
        return at

    def test_renewed_before_the_time_it_goes_out(self, client, cast, later):
        cast.agree(expires_on=timezone.localdate() + timedelta(days=1))
        at = self.schedule(cast, 3)
        later(2)
        assert sweep() == []
        cast.exhibition.refresh_from_db()
        assert cast.exhibition.publish_at is not None  # not cancelled by the sweep
        cast.agree(expires_on=timezone.localdate() + timedelta(days=VALID_DAYS))
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == [cast.exhibition.pk]
        assert page(client, cast.exhibition) == ["P0", "P1", "P2"]

    def test_expired_at_the_time_an_override_lets_it_go_out(self, client, cast, later):
        # Without the override it is cancelled at its time: TestSchedules in test_consent.py.
        cast.agree(expires_on=timezone.localdate() + timedelta(days=1))
        at = self.schedule(cast, 3)
        later(3)
        assert codes(cast.exhibition) == ["consent"]
        cast.override("Public figure at a public event.")
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == [cast.exhibition.pk]
        assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
        assert sweep() == [] and page(client, cast.exhibition) == ["P0", "P1", "P2"]


class TestTheTask:
    def test_the_task_takes_no_arguments_and_runs_the_sweep(self, client, published, later):
        later(VALID_DAYS + 1)
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert consents_expired_take_down() == [published.exhibition.pk]
        assert page(client, published.exhibition) == ["P0", "P2"]
        assert consents_expired_take_down() == []

    def test_beat_runs_it_daily_after_midnight_project_time_on_a_queue_the_worker_reads(self):
        entry = settings.CELERY_BEAT_SCHEDULE["consents-expired-take-down"]
        assert entry["task"] == consents_expired_take_down.name
        assert entry["schedule"] == crontab(minute=5, hour=0)
        assert celery_app.conf.timezone == settings.TIME_ZONE
        queue = settings.CELERY_TASK_ROUTES[consents_expired_take_down.name]["queue"]
        assert queue in settings.CELERY_WORKER_QUEUES.split(",")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_down_a_photo_whose_consent_expired(client, celery_worker):
    cast = Cast()
    cast.agree(expires_on=timezone.localdate() + timedelta(days=VALID_DAYS))
    cast.publish()
    # The year passes.
    Consent.objects.filter(subject=cast.gulnara).update(expires_on=timezone.localdate() - timedelta(days=1))
    consents_expired_take_down.delay()
    wait_until(
        lambda: CuratorNotice.objects.filter(kind=CuratorNotice.Kind.CONSENT_EXPIRED).exists(),
        timeout=30,
        message=f"the worker to take the photo down\n{celery_worker.log()[-3000:]}",
    )
    assert page(client, cast.exhibition) == ["P0", "P2"]
