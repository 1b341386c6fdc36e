"""Subjects: made from a photo, searched, shown with their photos and exhibitions, merged, and kept to their owner."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation import subjects
from curation.models import Consent, Photo, Subject, SubjectEvent
from exhibitions import consent as exhibition_consent
from exhibitions import publishing, sequencing
from exhibitions import services as exhibition_services
from exhibitions.models import ConsentOverride, Exhibition, PublicationEvent
from tests import factories
from tests.support.races import backend_pid, in_threads, postgresql_only, until_queued_for_a_lock

pytestmark = pytest.mark.django_db


def small_photo(owner, title: str = "Plate") -> Photo:
    return factories.processed_photo(owner, data=factories.jpeg_bytes((120, 80)), title=title, alt_text=f"Alt {title}")


def subject_url(subject: Subject, name: str = "subject") -> str:
    return reverse(f"curation:{name}", args=[subject.pk])


class TestFromAPhoto:
    def test_a_subject_made_from_a_photo_is_linked_to_it_and_the_photo_page_links_back(self, client):
        owner = factories.photographer()
        photo = small_photo(owner, "Morning")
        client.force_login(owner)
        page = client.get(reverse("curation:photo", args=[photo.pk])).content.decode()
        new = f"{reverse('curation:subject-new')}?photo={photo.pk}"
        assert new in page and "nobody noted yet" in page
        form = client.get(new).content.decode()
        assert "Who or what is in “Morning”?" in form
        response = client.post(
            new,
            {"kind": "person", "name": "Fruit seller, Green Bazaar", "story": "Thirty *years*.", "photo": photo.pk},
            follow=True,
        )
        subject = Subject.objects.get()
        assert list(subject.photos.all()) == [photo]
        html = response.content.decode()
        assert "Next: record whether they agreed to be shown." in html
        assert "<em>years</em>" in html and photo.renditions.get(spec="320.jpeg").url in html
        assert subject.events.get().action == SubjectEvent.Action.CREATED
        assert subject_url(subject) in client.get(reverse("curation:photo", args=[photo.pk])).content.decode()

    def test_someone_elses_photo_is_not_linked(self, client):
        owner = factories.photographer()
        theirs = small_photo(factories.photographer())
        client.force_login(owner)
        client.post(f"{reverse('curation:subject-new')}?photo={theirs.pk}", {"kind": "place", "name": "Bazaar"})
        assert Subject.objects.get().photos.count() == 0

    def test_a_subject_needs_a_name(self, client):
        client.force_login(factories.photographer())
        response = client.post(reverse("curation:subject-new"), {"kind": "person", "name": "  "})
        assert response.status_code == 200 and not Subject.objects.exists()


class TestSearch:
    def test_search_finds_name_public_name_and_place_and_filters_kind_and_consent(self, client):
        owner = factories.photographer()
        seller = subjects.subject_create(owner=owner, name="Fruit seller", public_name="Gulnara", place_name="Osh")
        couple = subjects.subject_create(owner=owner, name="Couple on the bench", place_name="Panfilov Park")
        bazaar = subjects.subject_create(owner=owner, name="Green Bazaar", kind=Subject.Kind.PLACE)
        subjects.subject_create(owner=factories.photographer(), name="Gulnara's twin")
        subjects.consent_record(subject=seller, actor=owner, status=Consent.Status.SIGNED, scope_web=True)
        client.force_login(owner)

        def found(**query) -> list[str]:
            html = client.get(reverse("curation:subjects"), query).content.decode()
            return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)

        assert found() == ["Couple on the bench", "Fruit seller", "Green Bazaar"]
        assert found(q="gulnara") == ["Fruit seller"]
        assert found(q="panfilov") == ["Couple on the bench"]
        assert found(q="green bazaar") == ["Green Bazaar"]
        assert found(kind="place") == ["Green Bazaar"]
        assert found(consent="needed") == ["Couple on the bench"]
        assert found(consent="covered") == ["Fruit seller"]
        assert found(q="nobody") == []
        assert bazaar.pk and couple.pk

    def test_the_list_costs_the_same_queries_for_few_or_many_subjects(self, client):
        owner = factories.photographer()
        client.force_login(owner)
        subjects.subject_create(owner=owner, name="First")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("curation:subjects")).status_code == 200
            return len(captured.captured_queries)

        few = queries()
        for n in range(12):
            person = subjects.subject_create(owner=owner, name=f"Person {n}", photos=[small_photo(owner, f"P{n}")])
            subjects.consent_record(subject=person, actor=owner, status=Consent.Status.VERBAL, scope_web=True)
        assert queries() == few

    def test_an_empty_list_says_where_subjects_come_from(self, client):
        client.force_login(factories.photographer())
        html = client.get(reverse("curation:subjects")).content.decode()
        assert "No subjects yet." in html and reverse("curation:subject-new") in html


class TestTheSubjectPage:
    def test_it_shows_the_story_the_photos_and_the_exhibitions_they_are_in(self, client):
        owner = factories.photographer()
        photos = [small_photo(owner, f"Stall {n}") for n in range(3)]
        person = subjects.subject_create(
            owner=owner, name="Old fruit seller", story="He came in **1994**.", photos=photos[:2]
        )
        exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Resilience")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
        client.force_login(owner)
        html = client.get(subject_url(person)).content.decode()
        assert "<strong>1994</strong>" in html
        assert "Stall 0" in html and "Stall 1" in html and "Stall 2" not in html
        assert "Resilience" in html and "2 photos" in html
        assert f"{reverse('curation:library')}?subject={person.pk}" in html

    def test_it_needs_the_same_queries_for_few_or_many_photos(self, client):
        owner = factories.photographer()
        person = subjects.subject_create(owner=owner, name="Seller", photos=[small_photo(owner)])
        client.force_login(owner)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(subject_url(person)).status_code == 200
            return len(captured.captured_queries)

        few = queries()
        more = [small_photo(owner, f"More {n}") for n in range(6)]
        person.photos.add(*more)
        exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Two")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=more)
        subjects.consent_record(subject=person, actor=owner, status=Consent.Status.VERBAL, scope_web=True)
        assert queries() == few

    def test_strangers_get_the_404_of_a_subject_that_does_not_exist(self, client):
        owner = factories.photographer()
        person = subjects.subject_create(owner=owner, name="Seller", private_notes="Lives upstairs")
        for user in (factories.photographer(), factories.curator()):
            client.force_login(user)
            for name in ("subject", "subject-edit", "subject-consent", "subject-merge"):
                assert client.get(subject_url(person, name)).status_code == 404
                assert client.get(reverse(f"curation:{name}", args=[person.pk + 999])).status_code == 404
            assert (
                client.post(subject_url(person, "subject-edit"), {"name": "Mine", "kind": "thing"}).status_code == 404
            )
        person.refresh_from_db()
        assert person.name == "Seller"

    def test_a_curator_showing_the_subject_may_read_its_public_summary_but_not_change_it(self, client):
        owner = factories.photographer()
        photo = small_photo(owner)
        person = subjects.subject_create(
            owner=owner, name="Seller", public_name="Gulnara", contact_details="+7 701", photos=[photo]
        )
        curator = factories.curator()
        exhibition = exhibition_services.exhibition_create(owner=curator, title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
        hidden = exhibition_services.exhibition_create(owner=factories.curator(), title="Someone else's show")
        sequencing.exhibition_photos_append(exhibition=hidden, photos=[photo])
        client.force_login(curator)
        html = client.get(subject_url(person)).content.decode()
        assert "Gulnara" in html and "Bazaar" in html and "Someone else&#x27;s show" not in html
        assert "+7 701" not in html and "Seller" not in html  # the private fields: see tests/exhibitions
        assert subject_url(person, "subject-edit") not in html
        assert client.get(subject_url(person, "subject-edit")).status_code == 404
        assert client.get(subject_url(person, "subject-consent")).status_code == 404

    def test_subject_pages_carry_no_inline_script_or_style(self, client):
        owner = factories.photographer()
        person = subjects.subject_create(owner=owner, name="Seller", photos=[small_photo(owner)])
        other = subjects.subject_create(owner=owner, name="Seller again")
        client.force_login(owner)
        urls = [reverse("curation:subjects"), reverse("curation:subject-new")]
        urls += [subject_url(person, name) for name in ("subject", "subject-edit", "subject-consent", "subject-merge")]
        urls.append(subject_url(person, "subject-merge") + f"?other={other.pk}")
        for url in urls:
            html = client.get(url).content.decode()
            assert not re.search(r"\sstyle=|\son[a-z]+=", html), url
            assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html), url


class TestMerge:
    def test_merging_keeps_every_photo_link_document_and_history_and_joins_private_notes(self, client):
        owner = factories.photographer()
        a, b, c = (small_photo(owner, t) for t in ("A", "B", "C"))
        keep = subjects.subject_create(owner=owner, name="Fruit seller", photos=[a, b], private_notes="Stall 12.")
        merged = subjects.subject_create(
            owner=owner,
            name="Gulnara at the bazaar",
            photos=[b, c],
            public_name="Gulnara",
            private_notes="Phone via her son.",
            place_name="Green Bazaar",
        )
        client.force_login(owner)
        preview = client.get(subject_url(keep, "subject-merge"), {"other": merged.pk}).content.decode()
        assert "Merged and removed" in preview and "Gulnara at the bazaar" in preview
        response = client.post(subject_url(keep, "subject-merge"), {"other": merged.pk}, follow=True)
        assert "“Gulnara at the bazaar” merged into “Fruit seller”: 2 photo links kept." in response.content.decode()
        keep.refresh_from_db()
        assert sorted(keep.photos.values_list("title", flat=True)) == ["A", "B", "C"]
        assert keep.public_name == "Gulnara" and keep.place_name == "Green Bazaar"
        assert keep.private_notes == "Stall 12.\n\nPhone via her son."
        assert not Subject.objects.filter(pk=merged.pk).exists()
        assert keep.events.filter(action=SubjectEvent.Action.CREATED).count() == 2
        event = keep.events.get(action=SubjectEvent.Action.MERGED)
        assert event.changes["merged"] == "Gulnara at the bazaar" and event.actor == owner

    def test_a_refusal_always_survives_a_merge_and_takes_the_merged_photos_down(self, client):
        owner = factories.photographer()
        shown, other = small_photo(owner, "Shown"), small_photo(owner, "Other")
        keep = subjects.subject_create(owner=owner, name="Seller", photos=[shown])
        merged = subjects.subject_create(owner=owner, name="Seller (old)", photos=[other])
        subjects.consent_record(subject=keep, actor=owner, status=Consent.Status.SIGNED, scope_web=True)
        subjects.consent_record(subject=merged, actor=owner, status=Consent.Status.WITHDRAWN)
        exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[shown])
        with TestCase.captureOnCommitCallbacks(execute=True):
            publishing.exhibition_publish(exhibition=exhibition, check_blockers=True)
        choice = subjects.merge_consent_choice(keep.consent, merged.consent)
        assert not choice.ask and choice.default == subjects.MergeConsent.MERGED
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.subjects_merge(
                keep=keep, merged=merged, actor=owner, consent_from=subjects.MergeConsent.KEEP
            )  # asking for the other is ignored
        keep.refresh_from_db()
        assert keep.consent.status == Consent.Status.WITHDRAWN
        assert not Exhibition.objects.get(pk=exhibition.pk).is_published  # its only photo was taken down

    def test_between_two_agreements_the_photographer_chooses_the_stricter_offered_first(self, client):
        owner = factories.photographer()
        keep = subjects.subject_create(owner=owner, name="Seller")
        merged = subjects.subject_create(owner=owner, name="Seller again")
        subjects.consent_record(subject=keep, actor=owner, status=Consent.Status.SIGNED, scope_web=True)
        subjects.consent_record(subject=merged, actor=owner, status=Consent.Status.VERBAL, scope_print=True)
        choice = subjects.merge_consent_choice(keep.consent, merged.consent)
        assert choice.ask and choice.default == subjects.MergeConsent.MERGED  # print only: stricter
        client.force_login(owner)
        preview = client.get(subject_url(keep, "subject-merge"), {"other": merged.pk}).content.decode()
        assert re.search(r'value="merged" checked', preview)
        client.post(subject_url(keep, "subject-merge"), {"other": merged.pk, "consent_from": "keep"})
        keep.refresh_from_db()
        assert keep.consent.status == Consent.Status.SIGNED
        assert keep.events.get(action=SubjectEvent.Action.MERGED).changes["consent_kept"] == "keep"

    def test_an_answer_replaces_not_asked_and_overrides_follow_the_survivor(self):
        owner = factories.photographer()
        photo = small_photo(owner)
        keep = subjects.subject_create(owner=owner, name="Seller", photos=[photo])
        merged = subjects.subject_create(owner=owner, name="Seller again", photos=[photo])
        subjects.consent_record(subject=merged, actor=owner, status=Consent.Status.VERBAL, scope_print=True)
        curator = factories.curator()
        exhibition = exhibition_services.exhibition_create(owner=curator, title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
        from exhibitions import consent

        consent.consent_override_create(
            exhibition=exhibition, subject=merged, reason="Agreed on the phone today.", actor=curator
        )
        subjects.subjects_merge(keep=keep, merged=merged, actor=owner)
        keep.refresh_from_db()
        assert keep.consent.status == Consent.Status.VERBAL
        assert ConsentOverride.objects.get().subject == keep
        assert publishing.publish_blockers(exhibition) == []

    def test_published_story_links_follow_the_survivor(self, client):
        owner = factories.photographer()
        photo = small_photo(owner)
        keep = subjects.subject_create(owner=owner, name="Seller", public_name="Gulnara", public_story="Thirty years.")
        merged = subjects.subject_create(owner=owner, name="Seller again", public_name="Gulnara", photos=[photo])
        # Her answer survives the merge (an answer replaces "not asked yet"): the photo may stay on the page.
        subjects.consent_record(subject=merged, actor=owner, status=Consent.Status.SIGNED, scope_web=True)
        exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
        with TestCase.captureOnCommitCallbacks(execute=True):
            publishing.exhibition_publish(exhibition=exhibition)
        old_story = reverse("exhibitions:story", args=[merged.pk])
        assert old_story in client.get(reverse("exhibitions:detail", args=[exhibition.slug])).content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.subjects_merge(keep=keep, merged=merged, actor=owner)
        page = client.get(reverse("exhibitions:detail", args=[exhibition.slug])).content.decode()
        assert old_story not in page and reverse("exhibitions:story", args=[keep.pk]) in page
        assert "Thirty years." in client.get(reverse("exhibitions:story", args=[keep.pk])).content.decode()

    def test_only_the_same_owner_and_kind_merge(self):
        owner = factories.photographer()
        person = subjects.subject_create(owner=owner, name="Seller")
        place = subjects.subject_create(owner=owner, name="Bazaar", kind=Subject.Kind.PLACE)
        strangers = subjects.subject_create(owner=factories.photographer(), name="Seller")
        for other in (place, strangers, person):
            with pytest.raises(subjects.SubjectRefused):
                subjects.subjects_merge(keep=person, merged=other, actor=owner)
        assert Subject.objects.count() == 3


def two_sellers_published():
    """Two consenting people, one photo each ("First", "Second"), on a published exhibition: what a merge meets."""
    owner, curator = factories.photographer(), factories.curator()
    first, second = small_photo(owner, "First"), small_photo(owner, "Second")
    keep = subjects.subject_create(owner=owner, name="Seller", photos=[first])
    merged = subjects.subject_create(owner=owner, name="Seller again", photos=[second])
    for person in (keep, merged):
        subjects.consent_record(subject=person, actor=owner, status=Consent.Status.SIGNED, scope_web=True)
    exhibition = exhibition_services.exhibition_create(owner=curator, title="Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[first, second])
    publishing.exhibition_publish(exhibition=exhibition, actor=curator, check_blockers=True)
    return owner, curator, (first, second), keep, merged, exhibition


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_merging_people_while_their_exhibition_is_republished_ends_without_a_deadlock(monkeypatch):
    """Publishing locks the exhibition, then the people it shows. A merge that held the people while it rewrote
    the published snapshot took them the other way round: with the publish waiting for the people, the two
    deadlocked and PostgreSQL aborted one of them."""
    owner, curator, (first, second), keep, merged, exhibition = two_sellers_published()

    merge_holds_people = threading.Event()
    publisher_pid: list[int] = []
    publisher_waited = threading.Event()
    choose = subjects.merge_consent_choice

    def choose_once_the_publish_waits(*args):
        # Called with both people locked: let the publish lock the exhibition and queue for them, then go on.
        merge_holds_people.set()
        until_queued_for_a_lock(publisher_pid, publisher_waited)
        return choose(*args)

    monkeypatch.setattr(subjects, "merge_consent_choice", choose_once_the_publish_waits)

    def merge() -> None:
        try:
            subjects.subjects_merge(keep=keep, merged=merged, actor=owner)
        finally:
            merge_holds_people.set()

    def publish() -> None:
        publisher_pid.append(backend_pid())
        assert merge_holds_people.wait(30)
        publishing.exhibition_publish(exhibition=exhibition, actor=curator, check_blockers=True)

    errors = in_threads(merge, publish)
    assert not errors, errors  # a deadlock surfaces here as OperationalError (psycopg's DeadlockDetected)
    assert publisher_waited.is_set(), "the publish never queued for the people's rows: the race was not forced"

    assert not Subject.objects.filter(pk=merged.pk).exists()
    assert set(Subject.objects.get(pk=keep.pk).photos.values_list("pk", flat=True)) == {first.pk, second.pk}
    published = Exhibition.objects.get(pk=exhibition.pk)
    assert published.is_published
    entries = [e for e in published.published_snapshot["items"] if e.get("kind") == "photo"]
    assert [e["photo_id"] for e in entries] == [first.pk, second.pk]
    assert [[s["id"] for s in e["subjects"]] for e in entries] == [[keep.pk], [keep.pk]]
    assert published.publication_events.filter(action=PublicationEvent.Action.REPUBLISHED).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_photo_added_by_a_republish_during_a_merge_stays_on_the_public_page(client, monkeypatch):
    """The merge points published snapshots at the surviving person. It read them, then wrote them back: a
    curator's republish committed in between was overwritten, and the photo it added left the public page."""
    owner, curator, _photos, keep, merged, exhibition = two_sellers_published()
    added = small_photo(owner, "Added")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[added])  # "publish changes" next

    people_merged, publisher_holds_exhibition, merge_waited = threading.Event(), threading.Event(), threading.Event()
    merge_pid: list[int] = []
    replace = exhibition_consent.snapshots_subject_replace
    build = publishing.exhibition_snapshot_build

    def replace_once_the_publish_holds_the_exhibition(**kwargs):
        # The people are merged and released: the republish starts now and locks the exhibition first.
        people_merged.set()
        assert publisher_holds_exhibition.wait(30)
        return replace(**kwargs)

    def build_once_the_merge_waits(locked):
        publisher_holds_exhibition.set()
        until_queued_for_a_lock(merge_pid, merge_waited)
        return build(locked)

    monkeypatch.setattr(exhibition_consent, "snapshots_subject_replace", replace_once_the_publish_holds_the_exhibition)
    monkeypatch.setattr(publishing, "exhibition_snapshot_build", build_once_the_merge_waits)

    def merge() -> None:
        merge_pid.append(backend_pid())
        try:
            subjects.subjects_merge(keep=keep, merged=merged, actor=owner)
        finally:
            people_merged.set()

    def republish() -> None:
        try:
            assert people_merged.wait(30)
            publishing.exhibition_publish(exhibition=exhibition, actor=curator, check_blockers=True)
        finally:
            publisher_holds_exhibition.set()

    errors = in_threads(merge, republish)
    assert not errors, errors
    assert merge_waited.is_set(), "the merge never queued for the exhibition: the race was not forced"

    page = client.get(reverse("exhibitions:detail", args=[exhibition.slug])).content.decode()
    assert re.findall(r'<img[^>]*\salt="Alt (\w+)"', page) == ["First", "Second", "Added"]
    snapshot = Exhibition.objects.get(pk=exhibition.pk).published_snapshot
    entries = [e for e in snapshot["items"] if e.get("kind") == "photo"]
    assert [[s["id"] for s in e["subjects"]] for e in entries] == [[keep.pk], [keep.pk], []]


def test_bulk_assigning_a_subject_from_the_library_links_every_selected_photo(client):
    owner = factories.photographer()
    photos = [small_photo(owner, f"P{n}") for n in range(3)]
    person = subjects.subject_create(owner=owner, name="Seller")
    client.force_login(owner)
    client.post(reverse("curation:bulk"), {"action": "subject", "subject": person.pk, "photo": [p.pk for p in photos]})
    assert person.photos.count() == 3
    html = client.get(subject_url(person)).content.decode()
    assert all(f"P{n}" in html for n in range(3))
