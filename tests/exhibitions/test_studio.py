"""The curator's pages: who may see and change what, the sequencer's requests, the picker and the forms."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation import sharing
from exhibitions import collaboration, sequencing, services
from exhibitions.models import Exhibition
from tests import factories
from tests.support.studio import order_ids, ready_photo, titles

pytestmark = pytest.mark.django_db


@dataclass
class Cast:
    exhibition: Exhibition
    owner: User
    collaborator: User
    photographer: User  # whose photos the exhibition uses
    other_curator: User
    other_photographer: User
    staff: User


@pytest.fixture
def cast() -> Cast:
    owner, collaborator, other_curator = factories.curator(), factories.curator(), factories.curator()
    photographer, other_photographer = factories.photographer(), factories.photographer()
    staff = factories.user(username="staffer")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    exhibition = services.exhibition_create(owner=owner, title="Green Bazaar")
    sequencing.exhibition_photos_add(
        exhibition=exhibition, photos=[ready_photo(photographer, title=f"P{i}", alt=f"Alt P{i}") for i in range(3)]
    )
    collaboration.exhibition_collaborator_add(exhibition=exhibition, user=collaborator)
    factories.processed_photo(other_photographer, data=factories.jpeg_bytes(size=(90, 60)), title="Elsewhere")
    # The owner's picker offers only what photographers share with them.
    for sharer in (photographer, other_photographer):
        sharing.library_share_grant(owner=sharer, curator=owner)
    exhibition.refresh_from_db()
    return Cast(exhibition, owner, collaborator, photographer, other_curator, other_photographer, staff)


def post_json(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def url(name: str, exhibition: Exhibition, *args) -> str:
    return reverse(f"studio:{name}", args=[exhibition.pk, *args])


class TestWhoMaySeeWhat:
    @pytest.mark.parametrize(
        ("who", "status", "editable"),
        [
            ("owner", 200, True),
            ("collaborator", 200, True),
            ("staff", 200, True),
            ("photographer", 200, False),
            # A curator with no part in it is the access matrix's curator B (studio:sequencer). This photographer
            # shares her library with the owner, which the matrix's photographer B does not.
            ("other_photographer", 404, None),
        ],
    )
    def test_the_sequencer_answers_each_role(self, client, cast, who, status, editable):
        client.force_login(getattr(cast, who))
        response = client.get(url("sequencer", cast.exhibition))
        assert response.status_code == status
        if status == 200:
            html = response.content.decode()
            assert "P0" in html and "P2" in html
            assert ("data-sequencer" in html) is editable
            assert ('role="listbox"' in html) is editable

    def test_a_photographer_sees_every_thumbnail_even_of_photos_not_theirs(self, client, cast):
        colleague = factories.photographer()
        sequencing.exhibition_photos_add(
            exhibition=cast.exhibition, photos=[ready_photo(colleague, title="By a colleague")]
        )
        client.force_login(cast.photographer)
        html = client.get(url("sequencer", cast.exhibition)).content.decode()
        sources = [src.replace("&amp;", "&") for src in re.findall(r'<img class="seq-thumb" src="([^"]+)"', html)]
        assert len(sources) == 4
        assert [client.get(src).status_code for src in sources] == [200] * 4

    @pytest.mark.parametrize("who", ["photographer", "other_curator", "other_photographer"])
    def test_those_who_may_not_edit_cannot_change_anything(self, client, cast, who):
        client.force_login(getattr(cast, who))
        ids = order_ids(cast.exhibition)
        exhibition = cast.exhibition
        writes = [
            post_json(client, url("reorder", exhibition), {"item_ids": ids[::-1], "version": exhibition.version}),
            post_json(client, url("remove", exhibition), {"item_ids": ids[:1], "version": exhibition.version}),
            client.post(url("panel-new", exhibition), {"text": "Hello"}),
            client.post(url("details", exhibition), {"title": "Hijacked", "slug": "hijacked"}),
            client.post(url("publish", exhibition)),
            client.post(url("review-link-new", exhibition), {"days": 7}),
            client.post(url("item", exhibition, ids[0]), {"title": "Hijacked"}),
        ]
        assert [response.status_code for response in writes] == [404] * len(writes)
        assert titles(exhibition) == ["P0", "P1", "P2"]
        exhibition.refresh_from_db()
        assert exhibition.title == "Green Bazaar" and not exhibition.is_published
        assert not exhibition.review_links.exists()

    def test_the_list_shows_each_person_their_exhibitions(self, client, cast):
        services.exhibition_create(owner=cast.other_curator, title="Someone else's show")
        expected = {
            "owner": True,
            "collaborator": True,
            "photographer": True,
            "other_curator": False,
            "other_photographer": False,
        }
        for who, sees in expected.items():
            client.force_login(getattr(cast, who))
            html = client.get(reverse("studio:list")).content.decode()
            assert ("Green Bazaar" in html) is sees, who
        client.force_login(cast.other_curator)
        assert "Someone else&#x27;s show" in client.get(reverse("studio:list")).content.decode()

    def test_only_curators_make_exhibitions(self, client, cast):
        client.force_login(cast.photographer)
        assert client.post(reverse("studio:new"), {"title": "Mine now"}).status_code == 404
        client.force_login(cast.other_curator)
        response = client.post(reverse("studio:new"), {"title": "Autumn"})
        made = Exhibition.objects.get(title="Autumn")
        assert response["Location"] == url("sequencer", made) and made.owner == cast.other_curator

    def test_only_the_owner_deletes(self, client, cast):
        client.force_login(cast.collaborator)
        assert client.post(url("delete", cast.exhibition)).status_code == 404
        client.force_login(cast.owner)
        client.post(url("delete", cast.exhibition))
        assert not Exhibition.objects.filter(pk=cast.exhibition.pk).exists()


class TestSequencerRequests:
    def test_a_reorder_is_saved_and_answers_the_new_version(self, client, cast):
        client.force_login(cast.collaborator)
        ids = order_ids(cast.exhibition)
        response = post_json(
            client, url("reorder", cast.exhibition), {"item_ids": ids[::-1], "version": cast.exhibition.version}
        )
        assert response.status_code == 200
        assert response.json()["version"] == cast.exhibition.version + 1
        assert response.json()["undo"] == "Undo: move of 2 items"
        assert titles(cast.exhibition) == ["P2", "P1", "P0"]

    def test_a_reorder_from_a_stale_page_is_refused_with_the_fresh_order(self, client, cast):
        client.force_login(cast.owner)
        ids, seen = order_ids(cast.exhibition), cast.exhibition.version
        sequencing.exhibition_reorder(exhibition=cast.exhibition, item_ids=[ids[2], ids[0], ids[1]], version=seen)
        response = post_json(client, url("reorder", cast.exhibition), {"item_ids": ids[::-1], "version": seen})
        assert response.status_code == 409
        data = response.json()
        assert data["message"] == "Someone else changed this exhibition — here is the current order."
        assert data["version"] == seen + 1
        shown = re.findall(r'data-title="(P\d)"', data["html"])
        assert shown == ["P2", "P0", "P1"] == titles(cast.exhibition)

    def test_undo_says_whose_change_it_takes_back(self, client, cast):
        ids = order_ids(cast.exhibition)
        sequencing.exhibition_reorder(
            exhibition=cast.exhibition,
            item_ids=[ids[2], ids[0], ids[1]],
            version=cast.exhibition.version,
            actor=cast.collaborator,
        )
        client.force_login(cast.owner)
        html = client.get(url("sequencer", cast.exhibition)).content.decode()
        assert f"Undo: move of “P2” (by {cast.collaborator.username})" in html
        client.force_login(cast.collaborator)
        assert "Undo: move of “P2”<" in client.get(url("sequencer", cast.exhibition)).content.decode()

    def test_a_request_that_is_not_json_is_a_400(self, client, cast):
        client.force_login(cast.owner)
        response = client.post(url("reorder", cast.exhibition), "not json", content_type="application/json")
        assert response.status_code == 400 and response.json()["message"]

    def test_remove_then_undo_from_the_sequencer(self, client, cast):
        client.force_login(cast.owner)
        ids = order_ids(cast.exhibition)
        removed = post_json(
            client, url("remove", cast.exhibition), {"item_ids": [ids[1]], "version": cast.exhibition.version}
        )
        assert removed.status_code == 200 and removed.json()["message"] == "Removed 1 item."
        assert re.findall(r'data-title="(P\d)"', removed.json()["html"]) == ["P0", "P2"]
        assert removed.json()["undo"] == "Undo: removal of “P1”"
        undone = post_json(client, url("undo", cast.exhibition), {"version": removed.json()["version"]})
        assert undone.status_code == 200
        assert undone.json()["message"] == "Undone: removal of “P1”."
        assert titles(cast.exhibition) == ["P0", "P1", "P2"]

    def test_the_undo_form_works_without_the_script(self, client, cast):
        client.force_login(cast.owner)
        ids = order_ids(cast.exhibition)
        sequencing.exhibition_reorder(exhibition=cast.exhibition, item_ids=ids[::-1], version=cast.exhibition.version)
        response = client.post(url("undo", cast.exhibition), {"version": cast.exhibition.version + 1})
        assert response.status_code == 302
        assert titles(cast.exhibition) == ["P0", "P1", "P2"]

    def test_the_sequencer_needs_the_same_queries_for_3_or_30_items(self, client, cast):
        client.force_login(cast.owner)
        exhibition = cast.exhibition
        sequencing.exhibition_section_add(exhibition=exhibition, title="Dawn", position=0)
        sequencing.exhibition_text_panel_add(exhibition=exhibition, text="Words")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("sequencer", exhibition)).status_code == 200
            return len(captured.captured_queries)

        few = queries()
        sequencing.exhibition_photos_add(
            exhibition=exhibition, photos=[ready_photo(cast.photographer, title=f"Q{i}") for i in range(27)]
        )
        assert queries() == few <= 12

    def test_pages_carry_no_inline_script_or_style(self, client, cast):
        client.force_login(cast.owner)
        ids = order_ids(cast.exhibition)
        for page in ["sequencer", "details", "picker", "publish", "sharing", "panel-new", "section-new"]:
            html = client.get(url(page, cast.exhibition)).content.decode()
            assert not re.search(r"\sstyle=|\son[a-z]+=", html), page
            assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html), page
        html = client.get(url("item", cast.exhibition, ids[0])).content.decode()
        assert not re.search(r"\sstyle=|\son[a-z]+=", html)


class TestPicker:
    def test_the_picker_shows_ready_library_photos_not_yet_in_the_exhibition(self, client, cast):
        client.force_login(cast.owner)
        factories.photo(cast.other_photographer, title="Still processing")
        html = client.get(url("picker", cast.exhibition)).content.decode()
        assert "Elsewhere" in html
        assert "Still processing" not in html
        assert f'name="photo" value="{cast.exhibition.items.first().photo_id}"' not in html

    def test_the_picker_filters_by_photographer_and_words(self, client, cast):
        client.force_login(cast.owner)
        ready_photo(cast.photographer, title="Morning tea")
        picker = url("picker", cast.exhibition)
        by_owner = client.get(picker, {"photographer": cast.photographer.pk}).content.decode()
        assert "Morning tea" in by_owner and "Elsewhere" not in by_owner
        by_words = client.get(picker, {"q": "tea"}).content.decode()
        assert "Morning tea" in by_words and "Elsewhere" not in by_words
        with_used = client.get(picker, {"include_used": "on"}).content.decode()
        assert "P1" in with_used and "in this exhibition" in with_used

    def test_picked_photos_go_to_the_end_of_the_chosen_chapter(self, client, cast):
        client.force_login(cast.owner)
        exhibition = cast.exhibition
        sequencing.exhibition_section_add(exhibition=exhibition, title="Dawn", position=0)
        sequencing.exhibition_section_add(exhibition=exhibition, title="Dusk", position=3)
        assert titles(exhibition) == ["Dawn", "P0", "P1", "Dusk", "P2"]
        page = client.get(url("picker", exhibition)).content.decode()
        assert "At the end of “Dawn”" in page
        new = [ready_photo(cast.photographer, title=t) for t in ("N1", "N2")]
        response = client.post(url("picker", exhibition), {"photo": [new[0].pk, new[1].pk], "position": "3"})
        assert response.status_code == 302
        assert titles(exhibition) == ["Dawn", "P0", "P1", "N1", "N2", "Dusk", "P2"]

    def test_the_picker_needs_the_same_queries_for_few_or_many_photos(self, client, cast):
        client.force_login(cast.owner)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                client.get(url("picker", cast.exhibition))
            return len(captured.captured_queries)

        few = queries()
        for i in range(8):
            ready_photo(cast.other_photographer, title=f"More {i}")
        assert queries() == few


class TestWords:
    def test_an_item_gets_its_own_words_and_moves_by_number(self, client, cast):
        client.force_login(cast.owner)
        exhibition = cast.exhibition
        first = exhibition.items.get(position=0)
        page = client.get(url("item", exhibition, first.pk)).content.decode()
        assert 'placeholder="Alt P0"' in page  # the photographer's words, shown as what applies when empty
        client.post(url("item", exhibition, first.pk), {"title": "Dawn tea", "caption": "", "alt_text": "Steam."})
        first.refresh_from_db()
        assert (first.title, first.alt_text) == ("Dawn tea", "Steam.")
        client.post(url("item-move", exhibition, first.pk), {"position": "3", "version": exhibition.version})
        assert titles(exhibition) == ["P1", "P2", "Dawn tea"]

    def test_a_chapter_and_a_panel_are_added_after_the_focused_item(self, client, cast):
        client.force_login(cast.owner)
        exhibition = cast.exhibition
        form = client.get(url("section-new", exhibition), {"after": 0}).content.decode()
        assert "After “P0”" in form
        client.post(url("section-new", exhibition) + "?after=0", {"title": "Noon", "text": "", "position": "1"})
        client.post(url("panel-new", exhibition), {"text": "A quiet hour.", "position": ""})
        assert titles(exhibition) == ["P0", "Noon", "P1", "P2", "A quiet hour."]

    def test_details_are_saved_and_dates_must_make_sense(self, client, cast):
        client.force_login(cast.owner)
        exhibition = cast.exhibition
        data = {
            "title": "Green Bazaar",
            "subtitle": "A season",
            "slug": "green-bazaar",
            "statement": "**Every** morning.",
            "cover_photo": exhibition.items.get(position=2).photo_id,
            "credits": "",
            "venue": "Kasteev Museum",
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
        }
        refused = client.post(url("details", exhibition), data)
        assert "The show cannot close before it opens." in refused.content.decode()
        client.post(url("details", exhibition), {**data, "ends_on": "2027-01-15"})
        exhibition.refresh_from_db()
        assert (exhibition.venue, exhibition.cover_photo.title) == ("Kasteev Museum", "P2")
        stranger = factories.processed_photo(cast.other_photographer, data=factories.jpeg_bytes(size=(60, 40)))
        refused = client.post(url("details", exhibition), {**data, "ends_on": "", "cover_photo": stranger.pk})
        assert "Select a valid choice" in refused.content.decode()


def test_the_admin_shows_an_exhibition_and_publishes_through_the_checks(client, cast):
    admin_user = User.objects.create_superuser("root", password="x-long-enough-pass")
    client.force_login(admin_user)
    change = reverse("admin:exhibitions_exhibition_change", args=[cast.exhibition.pk])
    page = client.get(change)
    assert page.status_code == 200 and "P1" in page.content.decode()
    changelist = reverse("admin:exhibitions_exhibition_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [cast.exhibition.pk]})
    assert Exhibition.objects.get(pk=cast.exhibition.pk).is_published
