"""Placing things in the sequence where the curator is: a chapter made of the selection or opened on the focused
item, photos added after it, and an undo button that says what it takes back."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from curation import sharing
from curation.models import Photo
from exhibitions import sequencing
from exhibitions.models import Exhibition, ExhibitionItem
from tests.support.studio import order_ids, ready_photo, sequence, titles

pytestmark = pytest.mark.django_db


def studio(name: str, exhibition: Exhibition, *args) -> str:
    return reverse(f"studio:{name}", args=[exhibition.pk, *args])


def fresh(exhibition: Exhibition) -> Exhibition:
    return Exhibition.objects.get(pk=exhibition.pk)


class TestChapterFromTheSelection:
    def test_the_selected_items_follow_a_new_heading_where_the_first_of_them_was(self):
        exhibition = sequence(5)
        ids = order_ids(exhibition)
        sequencing.exhibition_section_from_selection(
            exhibition=exhibition, item_ids=[ids[3], ids[1]], title="Noon", version=exhibition.version
        )
        assert titles(exhibition) == ["P0", "Noon", "P1", "P3", "P2", "P4"]

    def test_one_undo_takes_the_heading_away_and_puts_the_items_back(self):
        exhibition = sequence(5)
        ids = order_ids(exhibition)
        sequencing.exhibition_section_from_selection(
            exhibition=exhibition, item_ids=[ids[1], ids[3]], title="Noon", version=exhibition.version
        )
        offer = sequencing.exhibition_undo_offer(exhibition)
        assert (offer.action, offer.kind, offer.label) == ("add", "section", "Noon")
        sequencing.exhibition_undo(exhibition=exhibition, version=fresh(exhibition).version)
        assert titles(exhibition) == ["P0", "P1", "P2", "P3", "P4"]
        assert not exhibition.items.filter(kind=ExhibitionItem.Kind.SECTION).exists()

    def test_a_chapter_cannot_hold_another_chapter(self):
        exhibition = sequence(3)
        dawn = sequencing.exhibition_section_add(exhibition=exhibition, title="Dawn", position=0)
        with pytest.raises(sequencing.SequenceError):
            sequencing.exhibition_section_from_selection(
                exhibition=exhibition, item_ids=[dawn.pk, order_ids(exhibition)[1]], title="Noon"
            )
        assert titles(exhibition) == ["Dawn", "P0", "P1", "P2"]

    def test_from_the_sequencer_the_chapter_page_offers_the_selection_first(self, client):
        exhibition = sequence(4)
        ids = order_ids(exhibition)
        client.force_login(exhibition.owner)
        address = studio("section-new", exhibition) + f"?items={ids[2]},{ids[3]}&before=2"
        form = client.get(address).content.decode()
        assert 'value="selection" selected' in form
        assert "Of the 2 selected items" in form
        response = client.post(address, {"title": "Evening", "text": "", "position": "selection"})
        assert response.status_code == 302
        assert titles(exhibition) == ["P0", "P1", "Evening", "P2", "P3"]

    def test_a_chapter_is_inserted_before_the_focused_item(self, client):
        exhibition = sequence(4)
        client.force_login(exhibition.owner)
        address = studio("section-new", exhibition) + "?before=2"
        assert "Before “P2”" in client.get(address).content.decode()
        client.post(address, {"title": "Evening", "text": "", "position": "2"})
        assert titles(exhibition) == ["P0", "P1", "Evening", "P2", "P3"]

    def test_another_exhibitions_items_are_never_gathered(self, client):
        exhibition, other = sequence(3), sequence(2)
        client.force_login(exhibition.owner)
        theirs = ",".join(str(pk) for pk in order_ids(other))
        form = client.get(studio("section-new", exhibition) + f"?items={theirs}").content.decode()
        assert 'value="selection"' not in form
        assert titles(other) == ["P0", "P1"]


class TestPhotosAddedHere:
    def test_the_picker_adds_photos_after_the_item_the_sequencer_had_focused(self, client):
        exhibition = sequence(3)
        photographer = exhibition.items.first().photo.owner
        sharing.library_share_grant(owner=photographer, curator=exhibition.owner)
        new = ready_photo(photographer, title="New")
        client.force_login(exhibition.owner)
        address = studio("picker", exhibition) + "?after=1"
        assert '<option value="2" selected>After “P1”</option>' in client.get(address).content.decode()
        client.post(address, {"photo": [new.pk], "position": "2"})
        assert titles(exhibition) == ["P0", "P1", "New", "P2"]

    def test_filtering_and_clearing_the_filters_keep_the_place_the_sequencer_offered(self, client):
        exhibition = sequence(3)
        photographer = exhibition.items.first().photo.owner
        sharing.library_share_grant(owner=photographer, curator=exhibition.owner)
        ready_photo(photographer, title="New")
        client.force_login(exhibition.owner)
        base = studio("picker", exhibition)
        arrived = client.get(base + "?after=1").content.decode()
        assert 'class="picker-clear"' not in arrived  # nothing filtered yet: nothing to clear
        filtered = client.get(base + "?after=1&sort=taken").content.decode()
        assert '<option value="2" selected>After “P1”</option>' in filtered
        clear = re.search(r'class="picker-clear" href="([^"]+)"', filtered).group(1)
        assert clear == base + "?after=1"
        assert '<option value="2" selected>After “P1”</option>' in client.get(clear).content.decode()

    def test_the_placement_form_offers_after_the_focused_item_first(self, client):
        exhibition = sequence(3)
        client.force_login(exhibition.owner)
        form = client.get(studio("panel-new", exhibition) + "?after=1").content.decode()
        assert '<option value="2" selected>After “P1”</option>' in form


class TestTheUndoButtonSaysWhat:
    def undo_label(self, client, exhibition: Exhibition) -> str:
        return client.get(studio("sequence", exhibition)).json()["undo"]

    def test_it_names_a_moved_photo(self, client):
        exhibition = sequence(3)
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        sequencing.exhibition_reorder(
            exhibition=exhibition, item_ids=[ids[2], ids[0], ids[1]], version=exhibition.version
        )
        assert self.undo_label(client, exhibition) == "Undo: move of “P2”"

    def test_it_names_a_photo_titled_in_another_language_than_the_curators_by_that_title(self, client):
        exhibition = sequence(3)
        photo = exhibition.items.order_by("position").last().photo
        Photo.objects.filter(pk=photo.pk).update(title_en="", title_kk="Таң атқанда")
        client.force_login(exhibition.owner)
        ids = order_ids(exhibition)
        sequencing.exhibition_reorder(
            exhibition=exhibition, item_ids=[ids[2], ids[0], ids[1]], version=exhibition.version
        )
        assert self.undo_label(client, exhibition) == "Undo: move of “Таң атқанда”"

    def test_it_names_a_text_panel_without_doubling_its_quotation_marks(self, client):
        exhibition = sequence(2)
        client.force_login(exhibition.owner)
        sequencing.exhibition_text_panel_add(exhibition=exhibition, text="“The market remembers.”")
        assert self.undo_label(client, exhibition) == "Undo: new text panel “The market remembers.”"
        panel = exhibition.items.get(kind=ExhibitionItem.Kind.TEXT)
        sequencing.exhibition_items_move(
            exhibition=exhibition, item_ids=[panel.pk], position=0, version=fresh(exhibition).version
        )
        assert self.undo_label(client, exhibition) == "Undo: move of the text panel “The market remembers.”"

    def test_it_names_a_removed_chapter_and_the_announcement_says_what_came_back(self, client):
        exhibition = sequence(2)
        client.force_login(exhibition.owner)
        dawn = sequencing.exhibition_section_add(exhibition=exhibition, title="Dawn", position=0)
        sequencing.exhibition_items_remove(exhibition=exhibition, item_ids=[dawn.pk], version=fresh(exhibition).version)
        assert self.undo_label(client, exhibition) == "Undo: removal of the chapter “Dawn”"
        undone = client.post(
            studio("undo", exhibition),
            json.dumps({"version": fresh(exhibition).version}),
            content_type="application/json",
        ).json()
        assert undone["message"] == "Undone: removal of the chapter “Dawn”."
        assert '"' not in undone["message"] and "““" not in undone["message"]
