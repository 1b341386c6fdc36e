"""Revoking a consent override: on a published exhibition the person's photos leave that public page at once,
unless their consent now covers the web; other exhibitions keep theirs; schedules check at their time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from curation.models import Consent, SubjectEvent
from exhibitions import consent, publishing, sequencing, services
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, PublicationEvent
from tests.support.consent import Cast, codes, public, shown
from tests.support.studio import ready_photo, studio

pytestmark = pytest.mark.django_db

REASON = "Public figure at a public event."
NAME = "Fruit seller, Green Bazaar"
# How the studio names her to the curator: her public name (NAME is her photographer's private label).
SHOWN_AS = "Gulnara"


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


@pytest.fixture
def overridden(cast: Cast) -> Cast:
    """Gulnara was never asked; "Bazaar" is published showing her in P1 under the curator's override."""
    cast.override(REASON)
    cast.publish()
    return cast


def page(client, exhibition: Exhibition) -> list[str]:
    return shown(client.get(public(exhibition)).content.decode())


def image_url(cast: Cast, n: int = 1) -> str:
    return cast.photos[n].renditions.get(spec="640.webp").url


def revoke(client, cast: Cast, exhibition: Exhibition | None = None) -> str:
    """The curator presses "End the override" on the publish page; the page they land on, as HTML."""
    exhibition = exhibition or cast.exhibition
    override = ConsentOverride.objects.active().get(exhibition=exhibition, subject=cast.gulnara)
    client.force_login(cast.curator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(studio("consent-override-revoke", exhibition, override.pk), follow=True)
    client.logout()
    assert response.status_code == 200
    return response.content.decode()


def publish(cast: Cast, exhibition: Exhibition) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=exhibition, actor=cast.curator, check_blockers=True)


def test_revoking_after_publishing_takes_her_photo_off_the_public_page_and_its_image_answers_404(client, overridden):
    cast = overridden
    image = image_url(cast)
    story = reverse("exhibitions:story", args=[cast.gulnara.pk])
    assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
    assert client.get(image).status_code == 200 and client.get(story).status_code == 200

    html = revoke(client, cast)

    assert f"Override revoked: 1 photo of {SHOWN_AS} was taken off the public page." in html
    assert page(client, cast.exhibition) == ["P0", "P2"]
    assert client.get(image).status_code == 404
    assert client.get(story).status_code == 404
    override = ConsentOverride.objects.get()
    assert override.revoked_by == cast.curator and override.revoked_reason == "Revoked by a curator"
    # The draft keeps the photo, and the gate will not publish it again without consent or a new override.
    assert cast.exhibition.items.count() == 3 and codes(cast.exhibition) == ["consent"]


def test_the_message_counts_the_photos_that_left(client, cast):
    extra = ready_photo(cast.photographer, title="P3", alt="Alt P3")
    extra.subjects.add(cast.gulnara)
    sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[extra])
    cast.override(REASON)
    cast.publish()
    assert page(client, cast.exhibition) == ["P0", "P1", "P2", "P3"]

    html = revoke(client, cast)

    assert f"Override revoked: 2 photos of {SHOWN_AS} were taken off the public page." in html
    assert page(client, cast.exhibition) == ["P0", "P2"]


def test_the_publish_page_warns_before_ending_an_override_of_a_published_exhibition(client, cast):
    cast.override(REASON)
    client.force_login(cast.curator)
    warning = "Ending it takes their photos off the public page at once."
    assert warning not in client.get(studio("publish", cast.exhibition)).content.decode()  # a draft: nothing to lose
    cast.publish()
    assert warning in client.get(studio("publish", cast.exhibition)).content.decode()


def test_another_exhibition_with_its_own_override_keeps_her(client, overridden):
    cast = overridden
    portraits = services.exhibition_create(owner=cast.curator, title="Portraits")
    sequencing.exhibition_photos_append(exhibition=portraits, photos=[cast.photos[1], cast.photos[2]])
    consent.consent_override_create(exhibition=portraits, subject=cast.gulnara, reason=REASON, actor=cast.curator)
    publish(cast, portraits)

    revoke(client, cast)

    assert page(client, cast.exhibition) == ["P0", "P2"]
    assert page(client, portraits) == ["P1", "P2"]
    assert client.get(image_url(cast)).status_code == 200  # still on a public page
    assert list(CuratorNotice.objects.values_list("exhibition__title", flat=True)) == ["Bazaar"]
    assert ConsentOverride.objects.active().get().exhibition == portraits


def test_a_consent_that_covers_the_web_by_now_keeps_her_photos(client, overridden):
    cast = overridden
    cast.agree(given_on=timezone.localdate(), expires_on=timezone.localdate() + timedelta(days=365))

    html = revoke(client, cast)

    assert f"The override for {SHOWN_AS} has ended." in html and "Override revoked:" not in html
    assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
    assert client.get(image_url(cast)).status_code == 200
    assert not CuratorNotice.objects.exists()
    assert not SubjectEvent.objects.filter(action=SubjectEvent.Action.TAKEN_DOWN).exists()


def test_revoking_on_a_draft_takes_nothing_down_and_the_gate_closes_again(client, cast):
    cast.override(REASON)
    assert codes(cast.exhibition) == []
    html = revoke(client, cast)
    assert f"The override for {SHOWN_AS} has ended." in html
    assert codes(cast.exhibition) == ["consent"]
    assert not CuratorNotice.objects.exists()


def test_curators_are_told_the_override_was_revoked(client, overridden):
    cast = overridden
    revoke(client, cast)
    client.force_login(cast.curator)
    told = f"The override for {SHOWN_AS} was revoked: 1 photo was taken off the public page."
    for url in (reverse("studio:list"), studio("publish", cast.exhibition), studio("sequencer", cast.exhibition)):
        html = client.get(url).content.decode()
        assert told in html and "“P1”" in html, url
        assert "They are still in the draft: record their consent, or remove them, before publishing changes." in html
        assert "said no" not in html and "has expired" not in html
    assert "Photos taken down: override revoked" in client.get(studio("publish", cast.exhibition)).content.decode()
    event = Exhibition.objects.get(pk=cast.exhibition.pk).publication_events.first()
    assert event.action == PublicationEvent.Action.OVERRIDE_REVOKED and event.actor == cast.curator
    assert "“P1”" in event.detail


@pytest.mark.parametrize(
    ("language", "said", "told"),
    [
        (
            "ru",
            f"Исключение для {SHOWN_AS} отменено: 2 фото сняты с публичной страницы.",
            "запишите их согласие или уберите их",
        ),
        (
            "kk",
            f"{SHOWN_AS} үшін ерекшеліктің күші жойылды: 2 фото жария беттен алынды.",
            "олардың келісімін жазыңыз не оларды алып тастаңыз",
        ),
    ],
)
def test_the_message_and_the_notice_read_in_russian_and_kazakh(client, cast, language, said, told):
    extra = ready_photo(cast.photographer, title="P3", alt="Alt P3")
    extra.subjects.add(cast.gulnara)
    sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[extra])
    cast.override(REASON)
    cast.publish()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = revoke(client, cast)
    assert said in html and told in html and "Override revoked" not in html


def test_the_photographer_reads_in_her_history_which_exhibition_changed(client, overridden):
    cast = overridden
    revoke(client, cast)
    taken = cast.gulnara.events.get(action=SubjectEvent.Action.TAKEN_DOWN)
    assert taken.actor == cast.curator and taken.changes["cause"] == "override_revoked"
    client.force_login(cast.photographer)
    history = client.get(reverse("curation:subject", args=[cast.gulnara.pk])).content.decode()
    assert "Photos taken off published pages" in history
    assert "The override that let this exhibition show them was revoked." in history
    assert "“Bazaar”: 1 photo taken off the public page." in history


def test_when_no_photo_is_left_the_exhibition_is_unpublished_and_the_curator_is_told(client, cast):
    lone = services.exhibition_create(owner=cast.curator, title="Gulnara")
    sequencing.exhibition_photos_append(exhibition=lone, photos=[cast.photos[1]])
    consent.consent_override_create(exhibition=lone, subject=cast.gulnara, reason=REASON, actor=cast.curator)
    publish(cast, lone)
    assert client.get(public(lone)).status_code == 200

    html = revoke(client, cast, lone)

    assert f"Override revoked: 1 photo of {SHOWN_AS} was taken off the public page." in html
    assert "No photo was left, so the exhibition was unpublished." in html
    assert client.get(public(lone)).status_code == 404
    assert not Exhibition.objects.get(pk=lone.pk).is_published


def test_a_refusal_takes_her_down_once_and_a_later_revoke_changes_nothing(client, overridden):
    cast = overridden
    with TestCase.captureOnCommitCallbacks(execute=True):
        cast.agree(status=Consent.Status.DECLINED)  # ends her overrides and takes her down everywhere
    assert page(client, cast.exhibition) == ["P0", "P2"]
    override = ConsentOverride.objects.get()
    assert override.revoked_reason == "Declined"

    client.force_login(cast.curator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(studio("consent-override-revoke", cast.exhibition, override.pk))
    override.refresh_from_db()
    assert override.revoked_reason == "Declined"  # the refusal's reason stays in the audit
    assert list(CuratorNotice.objects.values_list("kind", flat=True)) == [CuratorNotice.Kind.TAKEN_DOWN]
    assert cast.gulnara.events.filter(action=SubjectEvent.Action.TAKEN_DOWN).count() == 1
    said = f"{SHOWN_AS} said no: 1 photo was taken off the public page at once."
    assert said in client.get(reverse("studio:list")).content.decode()


class TestSchedules:
    """Revoking leaves a schedule alone; the scheduled publish checks consent, overrides included, at its time."""

    def test_a_schedule_whose_override_was_revoked_is_cancelled_at_its_time(self, client, cast):
        cast.override(REASON)
        at = timezone.now() + timedelta(days=1)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)

        revoke(client, cast)

        cast.exhibition.refresh_from_db()
        assert cast.exhibition.publish_at == at  # still scheduled: consent may be recorded before then
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == []
        cast.exhibition.refresh_from_db()
        assert not cast.exhibition.is_published and cast.exhibition.publish_at is None
        assert client.get(public(cast.exhibition)).status_code == 404
        client.force_login(cast.curator)
        html = client.get(reverse("studio:list")).content.decode()
        assert f"The scheduled publication was cancelled: consent does not cover the web for {SHOWN_AS}." in html

    def test_consent_recorded_before_the_time_lets_it_go_out(self, client, cast):
        cast.override(REASON)
        at = timezone.now() + timedelta(days=1)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)
        revoke(client, cast)
        cast.agree()
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == [cast.exhibition.pk]
        assert page(client, cast.exhibition) == ["P0", "P1", "P2"]
