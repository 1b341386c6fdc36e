"""One numbering of an exhibition's photos: the sequencer, the item page, the publish page, the consent report and
the public viewer all call the same photo the same number, and chapters and text panels take none."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from curation import subjects
from exhibitions import numbering, publishing, sequencing
from exhibitions.models import CuratorNotice, ExhibitionItem
from tests.support.consent import Cast
from tests.support.studio import order_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    """P0, P1 (Gulnara, not asked), P2, with a chapter before P0 and a text panel between P1 and P2."""
    cast = Cast()
    sequencing.exhibition_section_add(exhibition=cast.exhibition, title="Morning", position=0)
    sequencing.exhibition_text_panel_add(exhibition=cast.exhibition, text="“A pause.”", position=3)
    cast.exhibition.refresh_from_db()
    return cast


def studio(name: str, cast: Cast, *args) -> str:
    return reverse(f"studio:{name}", args=[cast.exhibition.pk, *args])


def test_photos_are_numbered_one_to_n_and_chapters_and_panels_take_no_number(cast):
    items = list(cast.exhibition.items.order_by("position"))
    assert [item.kind for item in items] == ["section", "photo", "photo", "text", "photo"]
    assert list(numbering.photo_numbers(items).values()) == [1, 2, 3]
    assert numbering.exhibition_photo_numbers(cast.exhibition.pk) == numbering.photo_numbers(items)


def test_the_sequencer_shows_the_numbers_visitors_see(client, cast):
    client.force_login(cast.curator)
    html = client.get(studio("sequencer", cast)).content.decode()
    assert re.findall(r'class="seq-number">(\d+)<', html) == ["1", "2", "3"]
    # The public viewer's third photo is P2, as the sheet's "3" says.
    cast.agree()
    cast.publish()
    viewer = client.get(reverse("exhibitions:photo", args=[cast.exhibition.slug, 3])).content.decode()
    assert "Alt P2" in viewer


def test_the_publish_page_and_the_consent_report_give_gulnaras_photo_the_same_number(client, cast):
    client.force_login(cast.curator)
    publish = client.get(studio("publish", cast)).content.decode()
    report = client.get(studio("consent-report", cast)).content.decode()
    # P1 is the fourth item of the sequence (after a chapter heading) but the second photo.
    assert "2. P1" in publish
    assert re.search(r'data-label="Photos">2<', report)


def test_the_item_page_says_a_photos_number_and_where_a_chapter_stands(client, cast):
    client.force_login(cast.curator)
    section, p0 = cast.exhibition.items.order_by("position")[:2]
    assert "number 1 of 3" in client.get(studio("item", cast, p0.pk)).content.decode()
    assert "before number 1" in client.get(studio("item", cast, section.pk)).content.decode()


def test_moving_to_a_number_puts_the_photo_at_that_number_past_chapters_and_panels(client, cast):
    client.force_login(cast.curator)
    p0 = cast.exhibition.items.get(photo=cast.photos[0])
    client.post(studio("item-move", cast, p0.pk), {"position": "3", "version": cast.exhibition.version})
    numbers = numbering.exhibition_photo_numbers(cast.exhibition.pk)
    assert numbers[p0.pk] == 3
    kinds = list(cast.exhibition.items.order_by("position").values_list("kind", flat=True))
    assert kinds == ["section", "photo", "text", "photo", "photo"]


def test_a_chapter_moved_to_a_number_opens_on_that_photo(cast):
    exhibition = cast.exhibition
    section = exhibition.items.get(kind=ExhibitionItem.Kind.SECTION)
    sequencing.exhibition_items_move_to_number(
        exhibition=exhibition, item_ids=[section.pk], number=3, version=exhibition.version
    )
    ids = order_ids(exhibition)
    p2 = exhibition.items.get(photo=cast.photos[2]).pk
    assert ids.index(section.pk) + 1 == ids.index(p2)


def test_a_schedule_cancelled_for_consent_names_the_photo_by_its_number(cast):
    """The notice's numbers are the same ones (a photo without a title would be called by it)."""
    publishing.exhibition_publish_schedule(
        exhibition=cast.exhibition, at=timezone.now() + timedelta(hours=1), actor=cast.curator
    )
    subjects.consent_record(subject=cast.gulnara, actor=cast.photographer, status="declined")
    notice = CuratorNotice.objects.get(exhibition=cast.exhibition)
    assert [photo["number"] for photo in notice.photo_titles] == [2]
