"""The admin for consent records: staff can read them, filter and search; only services write them; deleting a
subject or a release document there takes the scanned form out of storage."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from curation import subjects
from curation.models import Consent, ReleaseDocument, Subject, SubjectEvent
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pass-word-123")
    client.force_login(user)
    return user


@pytest.fixture
def person() -> Subject:
    """A market seller whose signed release ended yesterday, with the scan of the form."""
    owner = factories.photographer()
    subject = subjects.subject_create(owner=owner, name="Fruit seller, Green Bazaar", public_name="Gulnara")
    subjects.consent_record(
        subject=subject,
        actor=owner,
        status=Consent.Status.SIGNED,
        scope_web=True,
        given_on=timezone.localdate() - timedelta(days=366),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    subjects.release_document_add(
        subject=subject, actor=owner, upload=io.BytesIO(PDF), filename="gulnara-release.pdf", size=len(PDF)
    )
    return subject


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:curation_{model}_{view}", args=args)


@pytest.mark.parametrize("model", ["consent", "releasedocument", "subjectevent"])
def test_staff_read_the_list_and_each_record(client, staff, person, model):
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert "Fruit seller, Green Bazaar" in changelist.content.decode()
    record = {"consent": Consent, "releasedocument": ReleaseDocument, "subjectevent": SubjectEvent}[model]
    obj = record.objects.filter(subject=person).first()
    change = client.get(admin_url(model, "change", obj.pk))
    html = change.content.decode()
    assert change.status_code == 200 and "Fruit seller, Green Bazaar" in html
    # To read: no save button, no "add" link.
    assert 'name="_save"' not in html and admin_url(model, "add") not in html


def test_consents_filter_by_expiry_and_search_by_name(client, staff, person):
    other = subjects.subject_create(owner=person.owner, name="Tea seller")
    subjects.consent_record(subject=other, actor=person.owner, status=Consent.Status.VERBAL, scope_web=True)
    expired = client.get(admin_url("consent", "changelist"), {"expiry": "expired"}).content.decode()
    assert "Fruit seller, Green Bazaar" in expired and "Tea seller" not in expired
    current = client.get(admin_url("consent", "changelist"), {"expiry": "current"}).content.decode()
    assert "Tea seller" in current and "Fruit seller, Green Bazaar" not in current
    found = client.get(admin_url("consent", "changelist"), {"q": "tea"}).content.decode()
    assert "Tea seller" in found and "Fruit seller, Green Bazaar" not in found


def test_a_release_document_is_downloaded_through_the_checked_view_never_a_storage_link(client, staff, person):
    document = person.release_documents.get()
    html = client.get(admin_url("releasedocument", "change", document.pk)).content.decode()
    download = reverse("curation:subject-document", args=[person.pk, document.pk])
    assert download in html and document.file.name not in html
    assert client.get(download)["Content-Disposition"].startswith("attachment")


def test_deleting_a_subject_in_the_admin_removes_their_release_form_from_storage(
    client, staff, person, django_capture_on_commit_callbacks
):
    document = person.release_documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    confirm = client.get(admin_url("subject", "delete", person.pk))
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url("subject", "delete", person.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Subject.objects.filter(pk=person.pk).exists() and not ReleaseDocument.objects.exists()
    assert not storage.exists(name)


def test_deleting_several_subjects_at_once_removes_every_release_form(
    client, staff, person, django_capture_on_commit_callbacks
):
    other = subjects.subject_create(owner=person.owner, name="Tea seller")
    subjects.release_document_add(
        subject=other, actor=person.owner, upload=io.BytesIO(PDF), filename="tea.pdf", size=len(PDF)
    )
    files = [(d.file.storage, d.file.name) for d in ReleaseDocument.objects.all()]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            admin_url("subject", "changelist"),
            {"action": "delete_selected", "_selected_action": [person.pk, other.pk], "post": "yes"},
        )
    assert not Subject.objects.exists()
    assert not any(storage.exists(name) for storage, name in files)


def test_removing_a_release_document_in_the_admin_leaves_storage_and_the_history_says_so(
    client, staff, person, django_capture_on_commit_callbacks
):
    document = person.release_documents.get()
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(admin_url("releasedocument", "delete", document.pk), {"post": "yes"})
    assert not storage.exists(name)
    removed = person.events.get(action=SubjectEvent.Action.DOCUMENT_REMOVED)
    assert removed.changes == {"document": "gulnara-release.pdf"} and removed.actor == staff


def test_the_consent_history_cannot_be_changed_or_deleted_in_the_admin(client, staff, person):
    event = person.events.first()
    assert client.post(admin_url("subjectevent", "change", event.pk), {"note": "rewritten"}).status_code == 403
    assert client.post(admin_url("subjectevent", "delete", event.pk), {"post": "yes"}).status_code == 403
    consent = person.consent
    assert client.post(admin_url("consent", "delete", consent.pk), {"post": "yes"}).status_code == 403
    assert SubjectEvent.objects.filter(pk=event.pk, note="").exists() and Consent.objects.filter(pk=consent.pk).exists()


@pytest.mark.parametrize(
    ("language", "changed_by", "uploaded_by"),
    [
        ("en", "Changed by:", "Uploaded by:"),
        ("ru", "Кто изменил:", "Кто загрузил:"),
        ("kk", "Кім өзгертті:", "Кім жүктеді:"),
    ],
)
def test_who_changed_a_consent_and_who_uploaded_a_form_are_labelled_in_the_readers_language(
    client, staff, person, language, changed_by, uploaded_by
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    consent = client.get(admin_url("consent", "change", person.consent.pk)).content.decode()
    assert changed_by in consent
    document = client.get(admin_url("releasedocument", "change", person.release_documents.get().pk)).content.decode()
    assert uploaded_by in document
