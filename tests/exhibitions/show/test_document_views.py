"""The physical show's PDFs as the studio serves them: who may download them, what they are called, and that they
follow the sequence (a reorder changes them with no other action) and print Kazakh and Russian exactly."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse

from curation import subjects
from exhibitions import collaboration, sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.document_views import DOCUMENTS
from tests import factories

pytestmark = pytest.mark.django_db
TITLES = ("Alpha", "Bravo", "Charlie")


def document(exhibition: Exhibition, kind: str, **query: str) -> str:
    address = reverse("studio:show-document", args=[exhibition.pk, kind])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as read:
        return "\n".join(page.extract_text() or "" for page in read.pages)


@pytest.fixture
def hung() -> tuple[Exhibition, list[ExhibitionItem]]:
    """Three photos titled in English, hung on one wall of a venue."""
    owner = factories.photographer()
    photos = [factories.photo(owner, data=factories.jpeg_bytes(size=(60, 40)), width=3000, height=2000) for _ in TITLES]
    exhibition = services.exhibition_create(owner=factories.curator(), title="Bazaar")
    items = sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos)
    for item, title in zip(items, TITLES, strict=True):
        item.title_en = title
        item.save(update_fields=["title_en"])
        show.work_form_set(item=item, preset="30x40", edition="1/5", price=120000, currency="₸")
    venue = show.venue_create(owner=exhibition.owner, name="Green Bazaar")
    show.wall_add(venue=venue, name="North", length_mm=6000, height_mm=3000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    exhibition.refresh_from_db()
    return exhibition, items


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_document_is_a_pdf_download_for_the_owner_a_collaborator_and_staff(hung, paper):
    exhibition, _items = hung
    collaborator = factories.curator()
    collaboration.exhibition_collaborator_add(exhibition=exhibition, user=collaborator)
    staff = factories.user(username="staff")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    for user, kinds in ((exhibition.owner, list(DOCUMENTS)), (collaborator, ["labels"]), (staff, ["checklist"])):
        client = client_of(user)
        for kind in kinds:
            response = client.get(document(exhibition, kind, paper=paper))
            assert response.status_code == 200, (user, kind)
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
            assert response["Content-Disposition"] == f'attachment; filename="{exhibition.slug}-{kind}.pdf"'
            assert response["Cache-Control"] == "private, no-store"
    with pdfplumber.open(
        io.BytesIO(client_of(exhibition.owner).get(document(exhibition, "labels", paper=paper)).content)
    ) as read:
        width_mm = read.pages[0].width / 72 * 25.4
    assert round(width_mm) == {"A4": 210, "Letter": 216}[paper]


def test_anyone_else_gets_the_404_of_an_exhibition_that_does_not_exist(hung):
    exhibition, items = hung
    photographer = items[0].photo.owner  # may read the sequence, not edit it
    for user in (photographer, factories.curator()):
        assert client_of(user).get(document(exhibition, "checklist")).status_code == 404
    assert client_of(exhibition.owner).get(document(exhibition, "catalogue")).status_code == 404
    assert Client().get(document(exhibition, "checklist")).status_code == 302  # to the login page


def test_a_reorder_in_the_sequencer_changes_the_hanging_sheet_and_the_checklist(hung):
    exhibition, items = hung
    client = client_of(exhibition.owner)

    def order(kind: str) -> list[str]:
        text = text_of(client.get(document(exhibition, kind, lang="en")).content)
        return sorted(TITLES, key=text.index)

    assert order("hanging-sheet") == order("checklist") == ["Alpha", "Bravo", "Charlie"]
    sequencing.exhibition_reorder(
        exhibition=exhibition, item_ids=[items[2].pk, items[0].pk, items[1].pk], version=exhibition.version
    )
    assert order("hanging-sheet") == order("checklist") == ["Charlie", "Alpha", "Bravo"]


def test_labels_print_the_kazakh_and_russian_titles_exactly_and_the_list_in_the_documents_language(hung):
    exhibition, items = hung
    items[0].title_kk, items[0].title_ru = "Таңғы базардағы әже", "Бабушка на утреннем базаре"
    items[0].caption_kk, items[0].caption_ru = "Алматы, Көк базар, 2025", "Алматы, Зелёный базар, 2025"
    items[0].save(update_fields=["title_kk", "title_ru", "caption_kk", "caption_ru"])
    client = client_of(exhibition.owner)

    labels = text_of(client.get(document(exhibition, "labels", lang="ru")).content)
    for words in ("Таңғы базардағы әже", "Бабушка на утреннем базаре", "Алматы, Көк базар, 2025", "Alpha"):
        assert words in labels
    prices = text_of(client.get(document(exhibition, "price-list", lang="ru")).content)
    assert "Бабушка на утреннем базаре" in prices and "Таңғы базардағы әже" not in prices


def test_a_work_whose_person_agreed_to_the_web_only_is_shown_blocked_with_the_reason(hung):
    exhibition, items = hung
    owner = items[1].photo.owner
    person = subjects.subject_create(owner=owner, name="Seller", public_name="Gulnara")
    subjects.consent_record(subject=person, actor=owner, status="signed", scope_web=True)
    subjects.photo_subjects_set(photo=items[1].photo, subjects=[person])
    client = client_of(exhibition.owner)

    order = " ".join(text_of(client.get(document(exhibition, "print-order", lang="en")).content).split())
    assert "Gulnara, whose consent does not cover print: the consent does not include print." in order
    checklist = " ".join(text_of(client.get(document(exhibition, "checklist", lang="en")).content).split())
    assert "the consent does not include exhibitions" in checklist
