"""The documents' data read from the exhibition as it is now: words in the document's language, consent for print and
exhibition through the one rule, thumbnails, the QR codes' addresses, and a constant number of queries."""

from __future__ import annotations

import base64
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from curation import subjects
from exhibitions import sequencing, services
from exhibitions.consent.overrides import consent_override_create
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.gather import show_document_data
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "https://photos.example.org/"


def exhibition_of(n: int, *, processed: bool = False) -> tuple[Exhibition, list[ExhibitionItem]]:
    owner = factories.photographer()
    make = factories.processed_photo if processed else factories.photo
    photos = [
        make(owner, data=factories.jpeg_bytes(size=(60, 40)), filename=f"DSC_{i:04}.JPG", width=6000, height=4000)
        for i in range(n)
    ]
    exhibition = services.exhibition_create(owner=factories.curator(), title="Bazaar")
    items = sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos)
    exhibition.refresh_from_db()
    venue = show.venue_create(owner=exhibition.owner, name="Green Bazaar")
    show.wall_add(venue=venue, name="North", length_mm=60000, height_mm=3000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    return exhibition, items


def titled(item: ExhibitionItem, **columns: str) -> None:
    for name, value in columns.items():
        setattr(item, name, value)
    item.save(update_fields=list(columns))


def person_in(item: ExhibitionItem, *, public_name: str, **consent) -> object:
    subject = subjects.subject_create(owner=item.photo.owner, name="Private label", public_name=public_name)
    if consent:
        subjects.consent_record(subject=subject, actor=item.photo.owner, **consent)
    subjects.photo_subjects_set(photo=item.photo, subjects=[subject])
    return subject


def test_titles_and_captions_are_in_the_documents_language_else_the_exhibitions_default():
    exhibition, (first, second) = exhibition_of(2)
    exhibition.default_language = "ru"
    exhibition.save(update_fields=["default_language"])
    titled(first, title_kk="Базар таңы", title_ru="Утро базара", title_en="Bazaar morning", caption_kk="Алматы")
    titled(second, title_ru="Продавщица фруктов", caption_ru="Зелёный базар")

    data = show_document_data(exhibition, language="kk", base_url=BASE)

    assert [(r.number, r.title, r.caption) for r in data.works] == [
        ("1", "Базар таңы", "Алматы"),
        ("2", "Продавщица фруктов", "Зелёный базар"),  # no Kazakh: the exhibition's default language
    ]
    # The label carries every language written, the exhibition's default first.
    assert [(t.language, t.title) for t in data.works[0].label_texts] == [
        ("ru", "Утро базара"),
        ("kk", "Базар таңы"),
        ("en", "Bazaar morning"),
    ]
    assert data.works[0].file_name == "DSC_0000.JPG"
    assert data.works[0].original_px == (6000, 4000)
    # No printed form yet: the default size the layout hung it at.
    assert data.works[0].frame_size_mm == (
        data.walls[0].placements[0].width_mm,
        data.walls[0].placements[0].height_mm,
    )


def test_a_person_who_agreed_to_the_web_only_blocks_print_and_exhibition_with_the_reason():
    exhibition, (shown, other) = exhibition_of(2)
    person_in(shown, public_name="Гүлнара", status="signed", scope_web=True)

    row, fine = show_document_data(exhibition, language="en", base_url=BASE).works

    assert not row.print_allowed and not row.exhibition_allowed and not row.label_allowed
    assert row.print_refusal == "Shows Гүлнара, whose consent does not cover print: the consent does not include print."
    assert "does not include exhibitions" in row.exhibition_refusal
    assert fine.print_allowed and fine.exhibition_allowed


def test_consent_for_print_only_blocks_exhibition_alone():
    exhibition, (shown,) = exhibition_of(1)
    person_in(shown, public_name="Aigerim", status="signed", scope_web=True, scope_print=True)

    (row,) = show_document_data(exhibition, language="en", base_url=BASE).works

    assert row.print_allowed and not row.exhibition_allowed


def test_an_active_override_lets_a_person_not_asked_be_shown_but_never_one_who_said_no():
    exhibition, (asked_nothing, declined) = exhibition_of(2)
    nobody = person_in(asked_nothing, public_name="Нұрлан")
    person_in(declined, public_name="Dana", status="declined")
    before = show_document_data(exhibition, language="en", base_url=BASE).works
    assert not before[0].print_allowed and "not asked yet" in before[0].print_refusal

    consent_override_create(
        exhibition=exhibition, subject=nobody, reason="Asked in person at the stall, signing.", actor=exhibition.owner
    )
    after = show_document_data(exhibition, language="en", base_url=BASE).works

    assert after[0].print_allowed and after[0].exhibition_allowed
    assert not after[1].print_allowed and "declined" in after[1].print_refusal


def test_thumbnail_is_an_inline_jpeg_and_the_qr_address_is_the_photos_page_in_that_language():
    exhibition, items = exhibition_of(2, processed=True)

    data = show_document_data(exhibition, language="ru", base_url=BASE)

    header, encoded = data.works[1].thumbnail.split(",", 1)
    assert header == "data:image/jpeg;base64"
    assert Image.open(io.BytesIO(base64.b64decode(encoded))).format == "JPEG"
    # Not yet published: the address the photo will have (the exhibition's future address).
    assert data.works[1].public_url == f"https://photos.example.org/ru/e/{exhibition.slug}/2/"


def test_the_number_of_queries_does_not_grow_with_the_works():
    counts = []
    for n in (5, 40):
        exhibition, items = exhibition_of(n)
        for item in items[::3]:
            person_in(item, public_name="Person", status="signed", scope_web=True)
        show.work_form_set(item=items[1], preset="50x70")
        with CaptureQueriesContext(connection) as queries:
            data = show_document_data(exhibition, language="en", base_url=BASE)
        assert len(data.works) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
