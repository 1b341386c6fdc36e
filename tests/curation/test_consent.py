"""Consent records: the rule that says who may be shown on the web, the history, release documents, withdrawal."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from curation import subjects
from curation.models import Consent, ReleaseDocument, Subject, SubjectEvent, WebGap, consent_web_gap
from exhibitions import collaboration, sequencing
from exhibitions import services as exhibition_services
from tests import factories

TODAY = date(2026, 6, 1)


def record(**fields) -> Consent:
    return Consent(**{"status": Consent.Status.SIGNED, "scope_web": True, **fields})


class TestTheRule:
    """Pure: no database. The rule publishing obeys, case by case."""

    @pytest.mark.parametrize(
        ("fields", "gap"),
        [
            ({}, ""),
            ({"status": Consent.Status.VERBAL}, ""),
            ({"status": Consent.Status.NOT_ASKED}, WebGap.NOT_ASKED),
            ({"status": Consent.Status.DECLINED}, WebGap.DECLINED),
            ({"status": Consent.Status.WITHDRAWN}, WebGap.WITHDRAWN),
            ({"scope_web": False, "scope_print": True, "scope_exhibition": True}, WebGap.NO_WEB),
            ({"expires_on": TODAY - timedelta(days=1)}, WebGap.EXPIRED),
            ({"expires_on": TODAY}, ""),  # the expiry day itself still counts
            ({"expires_on": TODAY + timedelta(days=30)}, ""),
            ({"is_minor": True}, ""),  # a guardian's signed release
            ({"is_minor": True, "status": Consent.Status.VERBAL}, WebGap.MINOR),
            ({"status": Consent.Status.WITHDRAWN, "expires_on": TODAY + timedelta(days=9)}, WebGap.WITHDRAWN),
        ],
    )
    def test_who_may_be_shown_on_the_web(self, fields, gap):
        assert consent_web_gap(record(**fields), TODAY) == gap

    def test_no_record_at_all_means_not_asked(self):
        assert consent_web_gap(None, TODAY) == WebGap.NOT_ASKED


@pytest.fixture
def person(db):
    return subjects.subject_create(owner=factories.photographer(), name="Fruit seller, Green Bazaar")


@pytest.mark.django_db
class TestRecording:
    def test_each_change_is_kept_with_who_and_what(self, person):
        owner = person.owner
        subjects.consent_record(subject=person, actor=owner, status=Consent.Status.VERBAL, scope_print=True)
        subjects.consent_record(
            subject=person,
            actor=owner,
            status=Consent.Status.SIGNED,
            scope_web=True,
            scope_print=True,
            given_on=date(2026, 5, 14),
            note="Signed at the stall.",
        )
        history = list(person.events.filter(action=SubjectEvent.Action.CONSENT).order_by("at", "id"))
        assert [e.changes["status"] for e in history] == [["", "verbal"], ["verbal", "signed"]]
        assert history[1].changes["scope_web"] == [False, True] and "scope_print" not in history[1].changes
        assert history[1].changes["given_on"] == [None, "2026-05-14"]
        assert history[1].actor == owner and history[1].note == "Signed at the stall."

    def test_saving_the_same_answer_again_records_nothing(self, person):
        values = {"status": Consent.Status.VERBAL, "scope_web": True}
        subjects.consent_record(subject=person, actor=person.owner, **values)
        outcome = subjects.consent_record(subject=person, actor=person.owner, **values)
        assert not outcome.changed
        assert person.events.filter(action=SubjectEvent.Action.CONSENT).count() == 1

    def test_places_need_no_consent_and_expiry_cannot_precede_the_date(self, person):
        place = subjects.subject_create(owner=person.owner, name="Green Bazaar", kind=Subject.Kind.PLACE)
        with pytest.raises(subjects.SubjectRefused):
            subjects.consent_record(subject=place, actor=place.owner, status=Consent.Status.SIGNED)
        with pytest.raises(subjects.SubjectRefused):
            subjects.consent_record(
                subject=person,
                actor=person.owner,
                status=Consent.Status.SIGNED,
                given_on=date(2026, 5, 1),
                expires_on=date(2026, 4, 1),
            )

    def test_withdrawing_keeps_the_rest_of_the_record_and_says_so_in_the_history(self, person):
        subjects.consent_record(
            subject=person, actor=person.owner, status=Consent.Status.SIGNED, scope_web=True, is_minor=True
        )
        subjects.consent_withdraw(subject=person, actor=person.owner, note="Asked by phone.")
        person.consent.refresh_from_db()
        kept = person.consent
        assert kept.status == Consent.Status.WITHDRAWN and kept.scope_web and kept.is_minor
        event = person.events.get(action=SubjectEvent.Action.WITHDRAWN)
        assert event.changes == {"status": ["signed", "withdrawn"]} and event.note == "Asked by phone."

    def test_only_a_given_consent_can_be_withdrawn(self, person):
        with pytest.raises(subjects.SubjectRefused):
            subjects.consent_withdraw(subject=person, actor=person.owner)

    @pytest.mark.parametrize(
        ("answer", "why"),
        [
            ({"status": Consent.Status.DECLINED}, "declined"),
            (None, "not asked yet"),
            ({"status": Consent.Status.NOT_ASKED}, "not asked yet"),
            ({"status": Consent.Status.SIGNED, "scope_print": True}, "the consent does not include the web"),
            ({"status": Consent.Status.VERBAL, "scope_web": True, "is_minor": True}, "a minor"),
            (
                {"status": Consent.Status.SIGNED, "scope_web": True, "expires_on": timezone.localdate() - timedelta(1)},
                "the consent has expired",
            ),
        ],
        ids=["declined", "no record", "not asked", "print only", "minor, verbal", "expired"],
    )
    def test_a_person_whose_consent_does_not_cover_the_web_cannot_be_relabelled_a_thing(self, person, answer, why):
        if answer:
            subjects.consent_record(subject=person, actor=person.owner, **answer)
        with pytest.raises(subjects.SubjectRefused) as refused:
            subjects.subject_update(subject=person, name=person.name, kind=Subject.Kind.THING)
        assert "stays a person while their consent does not cover the web" in refused.value.message
        assert why in refused.value.message
        person.refresh_from_db()
        assert person.kind == Subject.Kind.PERSON

    def test_a_person_whose_consent_covers_the_web_may_be_relabelled_and_then_needs_none(self, person):
        subjects.consent_record(subject=person, actor=person.owner, status=Consent.Status.VERBAL, scope_web=True)
        subjects.subject_update(subject=person, name="Fruit stall", kind=Subject.Kind.THING)
        person.refresh_from_db()
        assert person.kind == Subject.Kind.THING
        with pytest.raises(subjects.SubjectRefused):
            subjects.consent_record(subject=person, actor=person.owner, status=Consent.Status.SIGNED)


# --- Release documents ------------------------------------------------------------------------------------------


def scan_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), (240, 236, 228)).save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
class TestReleaseDocuments:
    def test_a_scan_is_kept_privately_under_a_generated_name(self, person):
        document = subjects.release_document_add(
            subject=person, actor=person.owner, upload=io.BytesIO(scan_bytes()), filename="Gulnara form.jpg", size=999
        )
        assert document.content_type == "image/jpeg" and document.filename == "Gulnara form.jpg"
        assert document.file.name.startswith(f"releases/{person.owner_id}/") and "Gulnara" not in document.file.name
        assert person.events.filter(action=SubjectEvent.Action.DOCUMENT_ADDED).exists()

    @pytest.mark.parametrize("data", [b"<html><script>alert(1)</script></html>", b"GIF89a......", b""])
    def test_anything_but_a_pdf_or_a_photo_is_refused(self, person, data):
        with pytest.raises(subjects.SubjectRefused):
            subjects.release_document_add(
                subject=person, actor=person.owner, upload=io.BytesIO(data), filename="form.pdf", size=len(data)
            )
        assert not ReleaseDocument.objects.exists()

    def test_the_consent_page_records_an_answer_with_its_document(self, client, person):
        client.force_login(person.owner)
        response = client.post(
            reverse("curation:subject-consent", args=[person.pk]),
            {
                "status": "signed",
                "scope": ["web", "print"],
                "given_on": "2026-05-14",
                "document": SimpleUploadedFile("release.pdf", PDF, content_type="application/pdf"),
            },
            follow=True,
        )
        assert "Consent saved for Fruit seller, Green Bazaar." in response.content.decode()
        person.refresh_from_db()
        assert person.consent.status == "signed" and person.consent.scope_web and person.consent.scope_print
        assert person.release_documents.get().content_type == "application/pdf"
        assert "release.pdf" in response.content.decode()

    def test_downloads_only_for_the_owner_and_staff_not_the_curators_showing_the_person(self, client, person):
        document = subjects.release_document_add(
            subject=person, actor=person.owner, upload=io.BytesIO(PDF), filename="release.pdf", size=len(PDF)
        )
        photo = factories.processed_photo(person.owner, data=factories.jpeg_bytes((120, 80)), alt_text="Alt")
        photo.subjects.add(person)
        showing_curator, collaborator, other_curator = factories.curator(), factories.curator(), factories.curator()
        exhibition = exhibition_services.exhibition_create(owner=showing_curator, title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
        collaboration.exhibition_collaborator_add(exhibition=exhibition, user=collaborator)
        staff = factories.photographer()
        staff.is_staff = True
        staff.save()
        url = reverse("curation:subject-document", args=[person.pk, document.pk])
        missing = reverse("curation:subject-document", args=[person.pk, document.pk + 1000])
        for user, allowed in [
            (person.owner, True),
            # A signed form carries the person's name, signature, often an address: curators read "on file".
            (showing_curator, False),
            (collaborator, False),
            (staff, True),
            (other_curator, False),
            (factories.photographer(), False),
        ]:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == (200 if allowed else 404), user
            if allowed:
                assert b"".join(response.streaming_content) == PDF
                assert response["Content-Disposition"].startswith("attachment")
                assert response["Cache-Control"] == "private, no-store"
            else:
                assert client.get(missing).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302  # to the login page

    def test_a_document_removed_by_mistake_leaves_storage_and_the_history_says_so(
        self, person, django_capture_on_commit_callbacks
    ):
        document = subjects.release_document_add(
            subject=person, actor=person.owner, upload=io.BytesIO(PDF), filename="wrong person.pdf", size=len(PDF)
        )
        storage, name = document.file.storage, document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            subjects.release_document_delete(document=document, actor=person.owner)
        assert not storage.exists(name)
        assert person.events.get(action=SubjectEvent.Action.DOCUMENT_REMOVED).changes == {
            "document": "wrong person.pdf"
        }


@pytest.mark.django_db
def test_the_subject_page_shows_consent_and_its_history_in_words(client, person):
    subjects.consent_record(
        subject=person,
        actor=person.owner,
        status=Consent.Status.VERBAL,
        scope_web=True,
        expires_on=timezone.localdate() - timedelta(days=2),
    )
    client.force_login(person.owner)
    html = client.get(reverse("curation:subject", args=[person.pk])).content.decode()
    assert "Cannot be published on the web: the consent has expired." in html
    assert "Answer: — → Verbal consent" in html
    assert "Web: no → yes" in html
