"""The publish page: alt text written where it is missing ("Save and next missing", one small request per photo,
a plain form without the script), and "Publish changes" only when publishing would change something."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from curation import roles
from curation.models import Photo
from exhibitions import publishing, sequencing
from exhibitions.models import Exhibition, PublicationEvent
from tests.support.studio import order_ids, sequence

pytestmark = pytest.mark.django_db


def studio(name: str, exhibition: Exhibition, *args) -> str:
    return reverse(f"studio:{name}", args=[exhibition.pk, *args])


def fresh(exhibition: Exhibition) -> Exhibition:
    return Exhibition.objects.get(pk=exhibition.pk)


def undescribed(n: int = 4, *, missing: tuple[int, ...] = (1, 3)) -> Exhibition:
    """P0..Pn-1, the photographer's alt text gone from those in `missing`."""
    exhibition = sequence(n)
    items = list(exhibition.items.order_by("position"))
    Photo.objects.filter(pk__in=[items[i].photo_id for i in missing]).update(alt_text="")
    return exhibition


def save_alt(client, exhibition: Exhibition, item_pk: int, text: str, *, script: bool = True):
    headers = {"Accept": "application/json"} if script else {}
    return client.post(
        studio("publish-alt-text", exhibition, item_pk), {f"alt-{item_pk}-alt_text": text}, headers=headers
    )


def publish_button(html: str) -> str:
    return re.search(r'<button type="submit" class="button[^"]*"[^>]*>\s*Publish (?:now|changes)', html).group(0)


class TestAltTextInPlace:
    def test_each_photo_without_alt_text_has_its_field_and_thumbnail_on_the_page(self, client):
        exhibition = undescribed()
        client.force_login(exhibition.owner)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert "Alt text for photo 2, “P1”" in html
        assert "Alt text for photo 4, “P3”" in html
        assert html.count("Save and next missing") == 2
        assert html.count('class="alt-fix-thumb"') == 2
        assert "disabled" in publish_button(html)

    def test_save_and_next_answers_the_checks_again_and_the_next_photo_to_describe(self, client):
        exhibition = undescribed()
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        first = save_alt(client, exhibition, ids[1], "  A woman weighs   apricots.  ").json()
        assert first["next"] == ids[3]
        assert first["message"] == "Alt text saved for “P1”. 1 photo still needs alt text."
        assert "Alt text for photo 2" not in first["checks"] and "Alt text for photo 4" in first["checks"]
        assert exhibition.items.get(pk=ids[1]).alt_text == "A woman weighs apricots."
        assert "disabled" in publish_button(first["actions"])
        last = save_alt(client, exhibition, ids[3], "Crates of melons at dusk.").json()
        assert last["next"] is None
        assert last["message"] == "Alt text saved for “P3”. Every photo has alt text now."
        assert "disabled" not in publish_button(last["actions"])
        assert publishing.publish_blockers(exhibition) == []

    def test_without_the_script_the_page_comes_back_at_the_next_field(self, client):
        exhibition = undescribed()
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        response = save_alt(client, exhibition, ids[1], "A woman weighs apricots.", script=False)
        assert response.status_code == 302
        assert response["Location"].endswith(f"{studio('publish', exhibition)}#alt-{ids[3]}")
        page = client.get(response["Location"]).content.decode()
        assert "Alt text saved for “P1”." in page

    def test_the_next_missing_wraps_round_to_the_first(self, client):
        exhibition = undescribed()
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        assert save_alt(client, exhibition, ids[3], "Crates of melons.").json()["next"] == ids[1]

    def test_empty_alt_text_is_refused_and_nothing_changes(self, client):
        exhibition = undescribed()
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        response = save_alt(client, exhibition, ids[1], "   ")
        assert response.status_code == 400
        assert response.json()["message"]
        assert exhibition.items.get(pk=ids[1]).alt_text == ""

    def test_a_photographer_who_may_only_look_gets_no_field_and_cannot_write(self, client):
        exhibition = undescribed()
        photographer = exhibition.items.first().photo.owner
        client.force_login(photographer)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert "Save and next missing" not in html
        ids = order_ids(exhibition)
        assert save_alt(client, exhibition, ids[1], "Mine now.").status_code == 404
        assert exhibition.items.get(pk=ids[1]).alt_text == ""

    def test_another_exhibitions_photo_cannot_be_described_through_this_one(self, client):
        exhibition, other = undescribed(), undescribed()
        client.force_login(exhibition.owner)
        theirs = order_ids(other)[1]
        assert save_alt(client, exhibition, theirs, "Not mine.").status_code == 404
        assert other.items.get(pk=theirs).alt_text == ""

    def test_a_curator_who_also_photographs_is_led_to_the_librarys_needs_alt_text_filter(self, client):
        exhibition = undescribed()
        exhibition.owner.groups.add(Group.objects.get(name=roles.PHOTOGRAPHERS))
        client.force_login(exhibition.owner)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert f'href="{reverse("curation:library")}?alt=missing"' in html


class TestPublishChangesOnlyWhenSomethingChanged:
    def published(self) -> Exhibition:
        exhibition = sequence(3)
        with TestCase.captureOnCommitCallbacks(execute=True):
            publishing.exhibition_publish(exhibition=exhibition, actor=exhibition.owner, check_blockers=True)
        return fresh(exhibition)

    def test_the_button_is_disabled_with_the_reason_when_nothing_changed(self, client):
        exhibition = self.published()
        client.force_login(exhibition.owner)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert "disabled" in publish_button(html)
        assert "Nothing has changed since the version published on" in html
        assert "Changes not yet published" not in html

    def test_a_move_and_its_undo_count_as_nothing_but_a_new_word_counts(self, client):
        exhibition = self.published()
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        sequencing.exhibition_reorder(
            exhibition=exhibition, item_ids=[ids[1], ids[0], ids[2]], version=exhibition.version
        )
        assert publishing.exhibition_draft_changed(fresh(exhibition))
        assert "disabled" not in publish_button(client.get(studio("publish", exhibition)).content.decode())
        sequencing.exhibition_undo(exhibition=exhibition, version=fresh(exhibition).version)
        assert not publishing.exhibition_draft_changed(fresh(exhibition))
        item = exhibition.items.get(pk=ids[2])
        sequencing.exhibition_item_update(item=item, title="Dusk", caption="", alt_text="")
        html = client.get(studio("publish", exhibition)).content.decode()
        assert "disabled" not in publish_button(html)
        assert "Changes not yet published" in html

    def test_a_photographers_new_caption_is_a_change_to_publish(self):
        exhibition = self.published()
        Photo.objects.filter(pk=exhibition.items.first().photo_id).update(caption="Before the gates open.")
        assert publishing.exhibition_draft_changed(fresh(exhibition))

    def test_publishing_nothing_new_adds_no_publication(self, client):
        exhibition = self.published()
        client.force_login(exhibition.owner)
        events = PublicationEvent.objects.filter(exhibition=exhibition).count()
        response = client.post(studio("publish", exhibition), follow=True)
        assert "Nothing to publish: the draft is the version visitors see." in response.content.decode()
        assert PublicationEvent.objects.filter(exhibition=exhibition).count() == events
