"""Least privilege in the studio: a curator picks only photos shared with them, reads only the public summary of
the people in them, and names people as they may; a read-only photographer reads nothing of other photographers'
people. The two leaks these reproduce: a throwaway draft opening any photographer's private subject pages, and a
read-only collaborator reading other owners' private labels and consent on the publish page and the sequencer."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation import roles, subjects
from curation.models import Consent, Photo, Subject
from exhibitions import sequencing, services
from tests import factories

pytestmark = pytest.mark.django_db

# Gulnara's private words: her photographer's label, her story, where she lives, how to reach her, and notes.
PRIVATE = ("Fruit seller, Green Bazaar", "Her son drives a taxi", "Lives by the east gate", "+7 701 000 00 00")
PRIVATE_NOTES = "Owes the stall rent"
RELEASE = "gulnara-release.pdf"


def a_photo(owner, title: str) -> Photo:
    return factories.processed_photo(owner, data=factories.jpeg_bytes(size=(120, 80)), title=title, alt_text=title)


class Show:
    """Photographer A's photo of Gulnara (signed, with a release on file) and of a nurse (never asked, no public
    name); photographer B's photo of a driver (never asked). Both photos are in a curator's draft, so A and B
    may each read it (read-only); A also has a photo of Gulnara that is in no exhibition."""

    def __init__(self) -> None:
        self.a, self.b = factories.photographer(), factories.photographer()
        self.curator = factories.curator()
        self.market, self.road = a_photo(self.a, "Market"), a_photo(self.b, "Road")
        self.unshown = a_photo(self.a, "Kitchen")
        self.gulnara = subjects.subject_create(
            owner=self.a,
            name=PRIVATE[0],
            story=PRIVATE[1] + ".",
            place_name=PRIVATE[2],
            contact_details=PRIVATE[3],
            private_notes=PRIVATE_NOTES,
            public_name="Gulnara",
            public_story="Thirty years at the same stall.",
            photos=[self.market, self.unshown],
        )
        subjects.consent_record(subject=self.gulnara, actor=self.a, status=Consent.Status.SIGNED, scope_web=True)
        pdf = b"%PDF-1.4\n%%EOF\n" + b" " * 25
        subjects.release_document_add(
            subject=self.gulnara, actor=self.a, upload=io.BytesIO(pdf), filename=RELEASE, size=len(pdf)
        )
        self.nurse = subjects.subject_create(owner=self.a, name="Night-shift nurse", photos=[self.market])
        self.driver = subjects.subject_create(owner=self.b, name="Driver", photos=[self.road])
        self.exhibition = services.exhibition_create(owner=self.curator, title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=self.exhibition, photos=[self.market, self.road])

    def studio(self, name: str, *args) -> str:
        return reverse(f"studio:{name}", args=[self.exhibition.pk, *args])

    def item(self, photo: Photo) -> int:
        return self.exhibition.items.get(photo=photo).pk


@pytest.fixture
def show() -> Show:
    return Show()


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- (a) A throwaway draft no longer opens a photographer's subjects -----------------------------------------


def test_a_curator_nobody_shares_with_is_not_offered_her_photos_nor_may_add_one_by_its_id(client, show):
    stranger = factories.curator()
    throwaway = services.exhibition_create(owner=stranger, title="Throwaway")
    picker = reverse("studio:picker", args=[throwaway.pk])
    html = page(client, stranger, picker)
    assert "Kitchen" not in html and "Market" not in html
    photographers = re.search(r'<select name="photographer".*?</select>', html, re.S).group(0)
    assert f'<option value="{show.a.pk}"' not in photographers  # nor is she in the photographer filter
    response = client.post(picker, {"photo": [show.unshown.pk]})
    assert response.status_code == 200 and not throwaway.items.exists()
    assert "1 photo is not shared with you: it was not added." in response.content.decode()
    assert client.get(reverse("curation:subject", args=[show.gulnara.pk])).status_code == 404


def test_a_curator_showing_the_person_reads_her_public_summary_and_nothing_private(client, show):
    html = page(client, show.curator, reverse("curation:subject", args=[show.gulnara.pk]))
    for word in (*PRIVATE, PRIVATE_NOTES, RELEASE, "History", "Consent recorded"):
        assert word not in html, word
    document = show.gulnara.release_documents.get()
    assert reverse("curation:subject-document", args=[show.gulnara.pk, document.pk]) not in html
    assert reverse("curation:subject-edit", args=[show.gulnara.pk]) not in html
    assert "Gulnara" in html and "Thirty years at the same stall." in html
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert facts["Answer"] == "Signed release" and facts["Scope"] == "web" and facts["Expires"] == "never"
    assert facts["Minor"] == "no" and facts["Release document on file"] == "yes"
    # Her photos in the curator's exhibitions only: the library's other photo of her stays out of sight.
    assert "Market" in html and "Kitchen" not in html


def test_the_photographer_still_reads_everything_of_her_own_subject(client, show):
    html = page(client, show.a, reverse("curation:subject", args=[show.gulnara.pk]))
    for word in (*PRIVATE, PRIVATE_NOTES, RELEASE):
        assert word in html, word


def test_a_read_only_photographer_cannot_open_another_photographers_subject(client, show):
    client.force_login(show.b)
    assert client.get(reverse("curation:subject", args=[show.gulnara.pk])).status_code == 404


# --- (b) Names and consent in the studio, as each viewer may read them ------------------------------------------


def test_a_read_only_photographer_reads_nothing_of_another_photographers_people(client, show):
    """B's photo is in the curator's draft, so B may read it; A's nurse blocks publishing, and B is told nothing
    of her: neither her private label nor a number, nor that her consent is missing."""
    for url in (show.studio("publish"), show.studio("sequencer"), show.studio("item", show.item(show.market))):
        html = page(client, show.b, url)
        assert "Night-shift nurse" not in html and "Person 1" not in html and "Gulnara" not in html, url
        assert PRIVATE[0] not in html, url
    publish = page(client, show.b, show.studio("publish"))
    # Her own driver she reads by her own label, with his consent.
    assert "“Road” shows Driver, whose consent does not cover the web: not asked yet." in publish
    assert "consent checks of the people in your own photos" in publish
    assert page(client, show.b, show.studio("sequencer")).count("whose consent does not cover the web") == 1


def test_the_curator_reads_public_names_or_numbers_never_the_photographers_labels(client, show):
    """Gulnara, the nurse and the driver appear in that order: the nurse has no public name, so "Person 2"."""
    publish = page(client, show.curator, show.studio("publish"))
    assert "“Market” shows Person 2, whose consent does not cover the web: not asked yet." in publish
    assert "“Road” shows Person 3, whose consent does not cover the web: not asked yet." in publish
    sequencer = page(client, show.curator, show.studio("sequencer"))
    item = page(client, show.curator, show.studio("item", show.item(show.market)))
    report = page(client, show.curator, show.studio("consent-report"))
    for html in (publish, sequencer, item, report):
        assert "Night-shift nurse" not in html and "Driver" not in html and PRIVATE[0] not in html
    assert "Person 2" in sequencer and "Person 2" in item
    assert "Gulnara" in report and "Person 3" in report
    assert RELEASE not in report and "on file" in report
    # "On file" is words, not a link: the download answers a curator 404 anyway.
    document = show.gulnara.release_documents.get()
    assert reverse("curation:subject-document", args=[show.gulnara.pk, document.pk]) not in report


def test_each_photographer_and_staff_read_private_labels_where_they_may(client, show):
    staff = factories.user(username="staffer")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    publish = page(client, staff, show.studio("publish"))
    assert "Night-shift nurse" in publish and "Driver" in publish
    own = page(client, show.a, show.studio("publish"))
    assert "“Market” shows Night-shift nurse" in own and "Driver" not in own and "Person 3" not in own


def test_a_curator_who_photographed_the_person_reads_her_own_label(client, show):
    show.curator.groups.add(Group.objects.get(name=roles.PHOTOGRAPHERS))
    mine = subjects.subject_create(owner=show.curator, name="My neighbour", photos=[a_photo(show.curator, "Yard")])
    sequencing.exhibition_photos_append(exhibition=show.exhibition, photos=list(mine.photos.all()))
    publish = page(client, show.curator, show.studio("publish"))
    assert "“Yard” shows My neighbour" in publish and "Night-shift nurse" not in publish


def test_what_the_curator_does_about_a_person_is_said_with_the_name_they_may_read(client, show):
    client.force_login(show.curator)
    override = client.post(
        show.studio("consent-override"), {"subject": show.nurse.pk, "reason": "A public ceremony."}, follow=True
    ).content.decode()
    assert "Override recorded for Person 2" in override and "Night-shift nurse" not in override
    removed = client.post(show.studio("consent-remove"), {"subject": show.driver.pk}, follow=True).content.decode()
    assert "Removed 1 photo of Person 3 from the exhibition." in removed and "Driver" not in removed
    subjects.consent_record(subject=show.nurse, actor=show.a, status=Consent.Status.DECLINED)
    refused = client.post(
        show.studio("consent-override"), {"subject": show.nurse.pk, "reason": "A public ceremony."}, follow=True
    ).content.decode()
    assert "Person 2 said no (declined)" in refused and "Night-shift nurse" not in refused


def test_the_studio_pages_cost_the_same_queries_for_few_or_many_people(client, show):
    client.force_login(show.curator)

    def queries() -> list[int]:
        counts = []
        for name in ("publish", "sequencer", "consent-report"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(show.studio(name)).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    few = queries()
    for index in range(6):
        photo = a_photo(show.a, f"Extra {index}")
        Subject.objects.create(owner=show.a, name=f"Passer-by {index}").photos.add(photo)
        sequencing.exhibition_photos_append(exhibition=show.exhibition, photos=[photo])
    assert queries() == few
