"""The handoff from photographer to curator: a selection or a live library filter sent with a note; the curator
reads the note where the offer is answered, and filters, sorts and reads the photographer's culling, tags,
people and their consent in the picker and the contact sheet of shared photos, never more than was shared."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curation import sharing, subjects
from curation.models import Consent, LibraryHandoff, Photo
from exhibitions import sequencing, services
from tests import factories

pytestmark = pytest.mark.django_db

PICKS_4_UP = "flag=pick&rating=4"
NOTE = "The market at dawn: my favourites are the two of Gulnara."


def frame(owner, title: str, *, minute: int, rating: int = 0, flag: str = "", label: str = "") -> Photo:
    """A ready photo (no renditions: these tests read words, not images), taken at 07:<minute>."""
    return factories.photo(
        owner,
        data=factories.jpeg_bytes(size=(60, 40)),
        title=title,
        alt_text=title,
        rating=rating,
        flag=flag,
        label=label,
        status=Photo.Status.READY,
        taken_at=timezone.make_aware(datetime(2026, 5, 14, 7, minute)),
    )


class Shoot:
    """Aigerim's morning at the bazaar, culled; Bolat's photo nobody shares; Daniyar, a curator, and his draft."""

    def __init__(self) -> None:
        self.aigerim = factories.photographer(username="aigerim-h")
        self.aigerim.first_name = "Aigerim"
        self.aigerim.save(update_fields=["first_name"])
        self.daniyar = factories.curator(username="daniyar-h")
        # Uploaded in this order; taken in another: capture order is Stall, Gate, Dawn.
        self.dawn = frame(self.aigerim, "Dawn", minute=30, rating=5, flag="pick", label="green")
        self.gate = frame(self.aigerim, "Gate", minute=20, rating=4, flag="pick")
        self.stall = frame(self.aigerim, "Stall", minute=10, rating=3, flag="pick")
        self.blur = frame(self.aigerim, "Blur", minute=40, rating=5, flag="reject")
        self.bolat = frame(factories.photographer(), "Road", minute=5, rating=5, flag="pick")
        self.exhibition = services.exhibition_create(owner=self.daniyar, title="Bazaar")

    def send_picks(self) -> sharing.Offered:
        return sharing.library_offer_make(owner=self.aigerim, username="daniyar-h", query=PICKS_4_UP, note=NOTE)

    def accept(self) -> None:
        (offer,) = sharing.library_offers_for(self.daniyar)
        sharing.library_offer_accept(offer=offer, user=self.daniyar)

    def picker(self, client, query: str = "") -> str:
        client.force_login(self.daniyar)
        response = client.get(reverse("studio:picker", args=[self.exhibition.pk]) + (f"?{query}" if query else ""))
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture
def shoot() -> Shoot:
    return Shoot()


def titles(photos) -> set[str]:
    return {photo.title for photo in photos}


def shown(html: str) -> list[str]:
    """The photo titles of a picker or contact sheet, in page order."""
    return re.findall(r'<(?:span|p) class="contact-label">([^<]+)</(?:span|p)>', html)


# --- A live filter is exactly what matches it -----------------------------------------------------------------


def test_a_filter_sent_and_accepted_lets_the_curator_use_what_matches_it_now_and_no_more(shoot):
    offered = shoot.send_picks()
    assert offered.matching == 2 and offered.handoff.kind == LibraryHandoff.Kind.FILTER
    assert not sharing.photos_shared_with(shoot.daniyar).exists()  # an offer lets nobody use anything
    shoot.accept()
    assert titles(sharing.photos_shared_with(shoot.daniyar)) == {"Dawn", "Gate"}
    # She keeps culling: a new pick joins, a demoted one leaves, and nothing else of hers or anyone's is offered.
    Photo.objects.filter(pk=shoot.stall.pk).update(rating=4)
    Photo.objects.filter(pk=shoot.gate.pk).update(flag="")
    assert titles(sharing.photos_visible_to(shoot.daniyar)) == {"Dawn", "Stall"}
    assert sharing.photo_visible_to(shoot.daniyar, shoot.stall.pk)
    assert not sharing.photo_visible_to(shoot.daniyar, shoot.gate.pk)
    assert not sharing.photo_visible_to(shoot.daniyar, shoot.blur.pk)
    assert not sharing.photo_visible_to(shoot.daniyar, shoot.bolat.pk)
    # Another curator gets nothing from her filter.
    assert not sharing.photos_visible_to(factories.curator()).exists()


def test_a_filter_keeps_only_what_a_share_may_and_a_filter_of_nothing_is_refused(shoot):
    # Processing status, "not in any exhibition" and "needs alt text" change by themselves: a share drops them.
    assert sharing.filter_query("status=ready&flag=pick&not_in_exhibition=on&needs_alt_text=on&sort=oldest") == (
        "flag=pick"
    )
    with pytest.raises(sharing.ShareRefused):
        sharing.library_offer_make(owner=shoot.aigerim, username="daniyar-h", query="status=ready&sort=oldest")


def test_stopping_a_filter_takes_its_photos_out_of_the_picker_and_leaves_those_already_placed(client, shoot):
    shoot.send_picks()
    shoot.accept()
    sequencing.exhibition_photos_append(exhibition=shoot.exhibition, photos=[shoot.dawn])
    handoff = LibraryHandoff.objects.get()
    client.force_login(shoot.aigerim)
    page = client.get(reverse("curation:sharing")).content.decode()
    assert "Filter: Picks · ★★★★ and up" in page and NOTE in page
    client.post(reverse("curation:sharing-offer-withdraw"), {"handoff": handoff.pk})
    assert not sharing.photos_shared_with(shoot.daniyar).exists()
    assert shoot.exhibition.items.filter(photo=shoot.dawn).exists()


def test_the_photographer_sends_her_filter_from_the_sharing_page(client, shoot):
    client.force_login(shoot.aigerim)
    url = reverse("curation:sharing")
    page = client.get(url, {"filter": PICKS_4_UP + "&sort=oldest&status=ready"}).content.decode()
    assert "Send this filter to a curator" in page and "Picks · ★★★★ and up" in page and "2 photos now" in page
    response = client.post(
        reverse("curation:sharing-grant"),
        {"filter-username": "daniyar-h", "filter-note": NOTE, "filter-query": PICKS_4_UP},
        follow=True,
    )
    assert "Your filter “Picks · ★★★★ and up” (2 photos now) is offered to “daniyar-h”." in response.content.decode()
    handoff = LibraryHandoff.objects.get()
    assert handoff.query == "rating=4&flag=pick" and handoff.note == NOTE and handoff.offer.username == "daniyar-h"


# --- The curator reads the note, then filters and sorts by her culling ------------------------------------------


def test_the_curator_reads_the_note_and_the_filter_where_the_offer_is_answered(client, shoot):
    shoot.send_picks()
    client.force_login(shoot.daniyar)
    studio = client.get(reverse("studio:list")).content.decode()
    assert NOTE in studio and "Picks · ★★★★ and up" in studio
    # Someone with another name reads nothing of it.
    client.force_login(factories.curator())
    assert NOTE not in client.get(reverse("studio:list")).content.decode()


def test_a_selection_sent_with_a_note_from_the_library_reaches_the_picker_with_it(client, shoot):
    sharing.library_share_grant(owner=shoot.aigerim, curator=shoot.daniyar)
    sharing.library_share_revoke(owner=shoot.aigerim, curator=shoot.daniyar)
    client.force_login(shoot.aigerim)
    client.post(
        reverse("curation:bulk"),
        {"action": "share", "photo": [shoot.stall.pk, shoot.blur.pk], "curator": "daniyar-h", "note": "Two maybes."},
    )
    shoot.accept()
    html = shoot.picker(client)
    assert "Two maybes." in html
    handoff = LibraryHandoff.objects.get()
    only_those = shoot.picker(client, f"handoff={handoff.pk}")
    assert shown(only_those) == ["Blur", "Stall"]


def test_the_picker_filters_her_picks_with_four_stars_and_up_in_capture_order(client, shoot):
    sharing.library_share_grant(owner=shoot.aigerim, curator=shoot.daniyar)
    everything = shoot.picker(client)
    assert shown(everything) == ["Blur", "Stall", "Gate", "Dawn"]  # newest upload first
    picks = shoot.picker(client, f"photographer={shoot.aigerim.pk}&flag=pick&rating=4&sort=taken")
    assert shown(picks) == ["Gate", "Dawn"]
    assert shown(shoot.picker(client, "sort=rating")) == ["Dawn", "Blur", "Gate", "Stall"]
    assert shown(shoot.picker(client, "label=green")) == ["Dawn"]
    # The photographer's culling is on each photo: stars, flag, colour label.
    assert 'aria-label="5 stars"' in picks and "Pick" in picks and "Green" in picks


# --- People and consent, as a curator may read them -------------------------------------------------------------


def test_the_contact_sheet_shows_tags_people_and_consent_never_the_photographers_private_words(client, shoot):
    gulnara = subjects.subject_create(
        owner=shoot.aigerim,
        name="Fruit seller, Green Bazaar",
        private_notes="Owes the stall rent",
        public_name="Gulnara",
        photos=[shoot.dawn],
    )
    subjects.consent_record(subject=gulnara, actor=shoot.aigerim, status=Consent.Status.SIGNED, scope_web=True)
    subjects.subject_create(owner=shoot.aigerim, name="Night-shift nurse", photos=[shoot.gate])
    tag = shoot.aigerim.tags.create(name="bazaar")
    shoot.dawn.tags.add(tag)
    shoot.send_picks()
    shoot.accept()
    client.force_login(shoot.daniyar)
    url = reverse("studio:shared")
    sheet = client.get(url).content.decode()
    assert shown(sheet) == ["Gate", "Dawn"] and "Road" not in sheet and "Blur" not in sheet
    assert "Gulnara" in sheet and "may be shown on the web" in sheet
    assert "A person without a public name" in sheet and "not asked yet" in sheet
    assert "bazaar" in sheet and NOTE in sheet
    for private in ("Fruit seller", "Night-shift nurse", "Owes the stall rent"):
        assert private not in sheet
    assert shown(client.get(url, {"people": "shown"}).content.decode()) == ["Dawn"]
    assert shown(client.get(url, {"people": "gap"}).content.decode()) == ["Gate"]
    assert shown(client.get(url, {"tag": "bazaar"}).content.decode()) == ["Dawn"]
    # The photographer reads her own label in the filter's words; a photographer who is not a curator has no sheet.
    client.force_login(shoot.aigerim)
    assert client.get(url).status_code == 404


def test_the_curator_filters_by_a_person_named_as_a_curator_may_name_them(client, shoot):
    gulnara = subjects.subject_create(
        owner=shoot.aigerim, name="Fruit seller, Green Bazaar", public_name="Gulnara", photos=[shoot.dawn, shoot.stall]
    )
    subjects.subject_create(owner=shoot.aigerim, name="Night-shift nurse", photos=[shoot.gate])
    subjects.subject_create(owner=shoot.bolat.owner, name="Driver", public_name="Yerlan", photos=[shoot.bolat])
    sharing.library_share_grant(owner=shoot.aigerim, curator=shoot.daniyar)
    picker = shoot.picker(client)
    people = re.search(r'<select name="person"[^>]*>(.*?)</select>', picker, re.S).group(1)
    # Gulnara by her public name; neither the nurse (no public name: nothing to tell her by, and never the
    # photographer's own label) nor Yerlan, who is in a photo nobody shared with this curator.
    assert re.findall(r"<option[^>]*>([^<]+)</option>", people) == ["Anyone", "Gulnara"]
    assert shown(shoot.picker(client, f"person={gulnara.pk}&sort=taken")) == ["Stall", "Dawn"]
    # Another photographer's person, asked for by number, is not a choice: the filter is dropped, as a stale link's
    # is, and their photo stays out.
    yerlan = shoot.bolat.subjects.get()
    assert shown(shoot.picker(client, f"person={yerlan.pk}")) == ["Blur", "Stall", "Gate", "Dawn"]


def test_a_curator_nobody_shares_with_sees_an_empty_sheet(client, shoot):
    shoot.send_picks()  # offered, not accepted
    client.force_login(shoot.daniyar)
    sheet = client.get(reverse("studio:shared")).content.decode()
    assert shown(sheet) == [] and "No photographer shares photos with you yet" in sheet


def test_the_picker_costs_the_same_queries_for_few_or_many_photos(client, shoot):
    sharing.library_share_grant(owner=shoot.aigerim, curator=shoot.daniyar)
    shoot.send_picks()
    client.force_login(shoot.daniyar)

    def queries() -> tuple[int, int]:
        counts = []
        for url in (reverse("studio:picker", args=[shoot.exhibition.pk]), reverse("studio:shared")):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, {"sort": "taken"}).status_code == 200
            counts.append(len(captured.captured_queries))
        return tuple(counts)

    few = queries()
    for index in range(12):
        photo = frame(shoot.aigerim, f"Extra {index}", minute=index, rating=4, flag="pick")
        subjects.subject_create(owner=shoot.aigerim, name=f"Passer-by {index}", photos=[photo])
        photo.tags.add(shoot.aigerim.tags.get_or_create(name=f"tag {index}")[0])
    assert queries() == few


def test_the_contact_sheet_finds_a_title_written_in_another_language_than_the_curators_page(client, shoot):
    Photo.objects.filter(pk=shoot.dawn.pk).update(title_kk="Таң атқанда")
    shoot.send_picks()
    shoot.accept()
    client.force_login(shoot.daniyar)
    sheet = client.get(reverse("studio:shared"), {"q": "таң"}).content.decode()
    assert shown(sheet) == ["Dawn"]
