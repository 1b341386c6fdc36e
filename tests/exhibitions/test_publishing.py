"""Publishing: what blocks it, the snapshot visitors see, unpublishing, the preview, and schedules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from curation.celery import app as celery_app
from curation.models import Photo
from exhibitions import collaboration, publishing, sequencing, services
from exhibitions.models import Exhibition, PublicationEvent
from exhibitions.tasks import exhibitions_scheduled_publish
from tests import factories
from tests.conftest import wait_until
from tests.support.studio import sequence, titles


def public_page(client, exhibition: Exhibition):
    return client.get(reverse("exhibitions:detail", args=[Exhibition.objects.get(pk=exhibition.pk).slug]))


def shown(response) -> list[str]:
    """The photos a page shows, in order, by their alt text."""
    return re.findall(r'<img[^>]*\salt="Alt (P\d)"', response.content.decode())


def url(name: str, exhibition: Exhibition, *args) -> str:
    return reverse(f"studio:{name}", args=[exhibition.pk, *args])


def codes(exhibition: Exhibition) -> list[str]:
    return [blocker.code for blocker in publishing.publish_blockers(exhibition)]


@pytest.mark.django_db
class TestBlockers:
    def test_an_empty_exhibition_cannot_be_published(self):
        exhibition = services.exhibition_create(owner=factories.curator(), title="Empty")
        assert codes(exhibition) == ["empty"]

    def test_a_photo_without_alt_text_blocks_until_the_exhibition_gives_it_some(self):
        exhibition = sequence(2)
        silent = exhibition.items.get(position=1)
        Photo.objects.filter(pk=silent.photo_id).update(alt_text="")
        blockers = publishing.publish_blockers(exhibition)
        assert [b.code for b in blockers] == ["alt_text"] and blockers[0].item_id == silent.pk
        assert "“P1” has no alt text" in blockers[0].message
        sequencing.exhibition_item_update(item=silent, alt_text="Two men play chess under a plane tree.")
        assert codes(exhibition) == []

    def test_photos_still_processing_or_failed_block(self):
        exhibition = sequence(1)
        owner = factories.photographer()
        pending = factories.photo(owner, title="Pending", alt_text="Alt")
        failed = factories.photo(owner, title="Broken", alt_text="Alt")
        Photo.objects.filter(pk=failed.pk).update(status=Photo.Status.FAILED, failure_reason="The file is cut short.")
        sequencing.exhibition_photos_add(exhibition=exhibition, photos=[pending, failed])
        blockers = publishing.publish_blockers(exhibition)
        assert [b.code for b in blockers] == ["processing", "failed"]
        assert "The file is cut short." in blockers[1].message

    def test_the_studio_refuses_to_publish_with_blockers_and_lists_them(self, client):
        exhibition = sequence(2)
        Photo.objects.filter(pk=exhibition.items.get(position=0).photo_id).update(alt_text="")
        client.force_login(exhibition.owner)
        response = client.post(url("publish", exhibition), follow=True)
        html = response.content.decode()
        assert "Not published: 1 thing needs fixing first." in html
        assert "Alt text for photo 1, “P0”" in html  # a field to describe it, right there
        assert not Exhibition.objects.get(pk=exhibition.pk).is_published
        assert public_page(client, exhibition).status_code == 404


@pytest.mark.django_db
class TestPublishing:
    def test_publish_freezes_the_draft_with_its_chapters_for_visitors(self, client):
        exhibition = sequence(2)
        sequencing.exhibition_section_add(exhibition=exhibition, title="Morning", text="At dawn.", position=0)
        client.force_login(exhibition.owner)
        response = client.post(url("publish", exhibition), follow=True)
        assert "Published." in response.content.decode()
        exhibition.refresh_from_db()
        assert exhibition.is_published and not exhibition.has_unpublished_changes
        kinds = [(e["kind"], e.get("title", {}).get("en")) for e in exhibition.published_snapshot["items"]]
        assert kinds == [("section", "Morning"), ("photo", "P0"), ("photo", "P1")]
        page = public_page(client, exhibition)
        assert shown(page) == ["P0", "P1"] and "At dawn." in page.content.decode()

    def test_visitors_keep_the_published_version_until_changes_are_published(
        self, client, django_capture_on_commit_callbacks
    ):
        exhibition = sequence(3)
        publishing.exhibition_publish(exhibition=exhibition, actor=exhibition.owner, check_blockers=True)
        sequencing.exhibition_items_move(
            exhibition=exhibition, item_ids=[exhibition.items.get(position=2).pk], position=0, version=None
        )
        assert titles(exhibition) == ["P2", "P0", "P1"]
        exhibition.refresh_from_db()
        assert exhibition.has_unpublished_changes
        assert shown(public_page(client, exhibition)) == ["P0", "P1", "P2"]

        client.force_login(exhibition.owner)
        studio = client.get(url("sequencer", exhibition)).content.decode()
        assert "Changes not yet published" in studio
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("publish", exhibition), follow=True)
        assert "Changes published: visitors now see this version." in response.content.decode()
        assert shown(public_page(client, exhibition)) == ["P2", "P0", "P1"]
        actions = list(exhibition.publication_events.values_list("action", flat=True))
        assert actions == [PublicationEvent.Action.REPUBLISHED, PublicationEvent.Action.PUBLISHED]

    def test_unpublish_takes_the_page_down_and_keeps_the_draft(self, client, django_capture_on_commit_callbacks):
        exhibition = sequence(2)
        publishing.exhibition_publish(exhibition=exhibition)
        assert public_page(client, exhibition).status_code == 200
        client.force_login(exhibition.owner)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("unpublish", exhibition))
        client.logout()
        assert public_page(client, exhibition).status_code == 404
        exhibition.refresh_from_db()
        assert exhibition.published_snapshot is None and titles(exhibition) == ["P0", "P1"]
        history = client.get(url("publish", exhibition))
        assert history.status_code == 302  # the studio is not for visitors

    def test_the_publish_page_shows_history_with_who_did_what(self, client):
        exhibition = sequence(1)
        publishing.exhibition_publish(exhibition=exhibition, actor=exhibition.owner)
        publishing.exhibition_unpublish(exhibition=exhibition, actor=exhibition.owner)
        client.force_login(exhibition.owner)
        html = client.get(url("publish", exhibition)).content.decode()
        assert re.search(r"Unpublished\s*<span class=\"muted\">· " + exhibition.owner.username, html)
        assert "Publish now" in html


@pytest.mark.django_db
class TestPreview:
    def test_the_preview_is_the_public_page_built_from_the_draft(self, client):
        exhibition = sequence(3)
        publishing.exhibition_publish(exhibition=exhibition)
        first = exhibition.items.get(position=0)
        sequencing.exhibition_item_update(item=first, title="New words, not yet public", alt_text="Alt")
        client.force_login(exhibition.owner)
        preview = client.get(url("preview", exhibition))
        assert preview.status_code == 200
        assert "New words, not yet public" in preview.content.decode()
        assert "noindex" in preview["X-Robots-Tag"] and "no-store" in preview["Cache-Control"]
        assert "New words, not yet public" not in public_page(client, exhibition).content.decode()

    def test_the_curators_preview_leads_back_to_the_studio_and_a_review_link_does_not(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        html = client.get(url("preview", exhibition)).content.decode()
        ribbon = re.search(r'<p class="preview-ribbon".*?</p>', html, re.S).group(0)
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', ribbon)
        assert links == [(url("sequencer", exhibition), "Back to the studio")]
        link = collaboration.review_link_create(
            exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=1)
        )
        client.logout()
        review = client.get(reverse("studio:review", args=[link.token])).content.decode()
        assert 'class="preview-ribbon"' in review and "Back to the studio" not in review


@pytest.mark.django_db
class TestSchedule:
    def test_a_time_in_the_past_is_refused(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        response = client.post(url("schedule", exhibition), {"publish_at": past})
        assert "Choose a time in the future." in response.content.decode()
        assert Exhibition.objects.get(pk=exhibition.pk).publish_at is None

    def test_the_sweep_publishes_when_the_time_comes_and_only_once(self, client):
        exhibition = sequence(2)
        client.force_login(exhibition.owner)
        at = timezone.localtime() + timedelta(hours=2)
        client.post(url("schedule", exhibition), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")})
        exhibition.refresh_from_db()
        assert exhibition.publish_at is not None
        assert "Publishes" in client.get(url("sequencer", exhibition)).content.decode()

        assert publishing.exhibitions_scheduled_publish(now=at - timedelta(minutes=5)) == []
        assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == [exhibition.pk]
        assert publishing.exhibitions_scheduled_publish(now=at + timedelta(minutes=1)) == []
        exhibition.refresh_from_db()
        assert exhibition.is_published and exhibition.publish_at is None
        event = exhibition.publication_events.first()
        assert (event.action, event.actor) == (PublicationEvent.Action.PUBLISHED, exhibition.owner)
        assert abs(event.scheduled_for - at) < timedelta(minutes=1)
        assert exhibition.publication_events.filter(action="published").count() == 1
        assert public_page(client, exhibition).status_code == 200

    def test_a_cancelled_schedule_publishes_nothing(self, client):
        exhibition = sequence(1)
        at = timezone.now() + timedelta(hours=1)
        publishing.exhibition_publish_schedule(exhibition=exhibition, at=at, actor=exhibition.owner)
        client.force_login(exhibition.owner)
        client.post(url("schedule-cancel", exhibition))
        assert publishing.exhibitions_scheduled_publish(now=at + timedelta(minutes=1)) == []
        assert not Exhibition.objects.get(pk=exhibition.pk).is_published

    def test_a_blocked_schedule_says_so_once_and_publishes_when_fixed(self):
        exhibition = sequence(2)
        silent = exhibition.items.get(position=1)
        Photo.objects.filter(pk=silent.photo_id).update(alt_text="")
        at = timezone.now() + timedelta(minutes=10)
        publishing.exhibition_publish_schedule(exhibition=exhibition, at=at, actor=exhibition.owner)
        for minutes in (11, 12, 13):
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(minutes=minutes)) == []
        blocked = exhibition.publication_events.filter(action=PublicationEvent.Action.SCHEDULE_BLOCKED)
        assert blocked.count() == 1 and "“P1” has no alt text" in blocked.get().detail
        sequencing.exhibition_item_update(item=silent, alt_text="Now described.")
        assert publishing.exhibitions_scheduled_publish(now=at + timedelta(minutes=14)) == [exhibition.pk]

    def test_beat_runs_the_sweep_every_minute_on_a_queue_the_worker_reads(self):
        entry = settings.CELERY_BEAT_SCHEDULE["exhibitions-scheduled-publish"]
        assert entry["task"] == exhibitions_scheduled_publish.name and entry["schedule"] <= 60
        queue = settings.CELERY_TASK_ROUTES[exhibitions_scheduled_publish.name]["queue"]
        assert queue in settings.CELERY_WORKER_QUEUES.split(",")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_publishes_what_is_due(celery_worker):
    exhibition = sequence(1)
    publishing.exhibition_publish_schedule(
        exhibition=exhibition, at=timezone.now() + timedelta(minutes=1), actor=exhibition.owner
    )
    # The minute passes.
    Exhibition.objects.filter(pk=exhibition.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    exhibitions_scheduled_publish.delay()
    wait_until(
        lambda: Exhibition.objects.get(pk=exhibition.pk).is_published,
        timeout=30,
        message="the worker to publish the scheduled exhibition",
    )
    assert celery_app.conf.task_routes[exhibitions_scheduled_publish.name]["queue"] == "urgent"
