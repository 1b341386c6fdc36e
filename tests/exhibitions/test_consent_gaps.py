"""Every change that leaves a published person without consent for the web takes their photos down at once, not
only a "no": consent narrowed, a person newly tagged on a published photo (photo page, library, admin), a relabel,
a merge. An exhibition with an override for the person keeps them, as the publish gate would."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from curation import subjects
from curation.models import Consent, Photo, Subject, SubjectEvent
from exhibitions import publishing, sequencing, services
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, PublicationEvent
from tests import factories
from tests.support.consent import Cast, codes, public, shown
from tests.support.races import backend_pid, in_threads, postgresql_only, until_queued_or_finished
from tests.support.studio import ready_photo, studio

pytestmark = pytest.mark.django_db

NOT_COVERED = "consent_not_covered"  # the notice kind and publication event of a takedown for a gap that is no "no"

# (before, after): consent that covered the web, then an answer that no longer does, without any refusal.
NARROWINGS = pytest.mark.parametrize(
    ("before", "after", "why"),
    [
        (
            {"status": Consent.Status.VERBAL, "scope_web": True, "scope_print": True},
            {"status": Consent.Status.VERBAL, "scope_print": True},
            "Web: yes → no",
        ),
        (
            {"status": Consent.Status.VERBAL, "scope_web": True},
            {"status": Consent.Status.VERBAL, "scope_web": True, "is_minor": True},
            "Minor: no → yes",
        ),
        (
            {"status": Consent.Status.SIGNED, "scope_web": True},
            {"status": Consent.Status.NOT_ASKED},
            "Answer: Signed release → Not asked yet",
        ),
    ],
    ids=["web removed, print kept", "verbal consent of a minor", "reset to not asked yet"],
)


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


def answer(cast: Cast, person: Subject | None = None, **fields: Any) -> subjects.ConsentOutcome:
    """Record exactly these fields (anything unnamed is off), as the consent page does, running what waits on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return subjects.consent_record(subject=person or cast.gulnara, actor=cast.photographer, **fields)


def public_html(client, exhibition: Exhibition) -> str:
    response = client.get(public(exhibition))
    assert response.status_code == 200
    return response.content.decode()


def second_exhibition(cast: Cast, photos: list[Photo], title: str = "Faces") -> Exhibition:
    """Another curator's exhibition of these photos, published (everyone in it must be covered by now)."""
    exhibition = services.exhibition_create(owner=factories.curator(), title=title)
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=exhibition, check_blockers=True)
    return Exhibition.objects.get(pk=exhibition.pk)


def assert_told(client, cast: Cast, person: Subject, photos: list[dict[str, Any]], sentence: str) -> None:
    """The curator reads what happened in the studio; the photographer reads it in the person's history."""
    notice = CuratorNotice.objects.get(exhibition=cast.exhibition)
    assert (notice.kind, notice.subject_id, notice.photo_titles) == (NOT_COVERED, person.pk, photos)
    assert cast.exhibition.publication_events.first().action == NOT_COVERED
    client.force_login(cast.curator)
    for url in (reverse("studio:list"), studio("publish", cast.exhibition)):
        assert sentence in client.get(url).content.decode(), url
    client.force_login(cast.photographer)
    history = client.get(reverse("curation:subject", args=[person.pk])).content.decode()
    assert "“Bazaar”: 1 photo taken off the public page." in history
    assert "Their consent does not cover the web." in history
    taken = person.events.get(action=SubjectEvent.Action.TAKEN_DOWN)
    assert taken.changes["cause"] == "not_covered" and taken.changes["exhibitions"][0]["title"] == "Bazaar"
    client.logout()


# --- 1. Consent narrowed without a refusal --------------------------------------------------------------------


class TestNarrowedConsent:
    @NARROWINGS
    def test_narrowed_consent_takes_the_photos_off_the_public_page_at_once(self, client, cast, before, after, why):
        answer(cast, **before)
        cast.publish()
        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P0", "P1", "P2"] and "Gulnara" in html

        outcome = answer(cast, **after)

        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P0", "P2"] and "Gulnara" not in html
        assert [t.title for t in outcome.published_changed] == ["Bazaar"] and not outcome.schedules_cancelled
        snapshot = Exhibition.objects.get(pk=cast.exhibition.pk).published_snapshot
        assert cast.photos[1].pk not in [e.get("photo_id") for e in snapshot["items"]]
        assert_told(
            client,
            cast,
            cast.gulnara,
            [{"number": 2, "title": "P1"}],
            "The consent of Gulnara does not cover the web: 1 photo was taken off the public page.",
        )
        client.force_login(cast.photographer)
        assert why in client.get(reverse("curation:subject", args=[cast.gulnara.pk])).content.decode()
        # The draft keeps the photo, and the gate stops it from going out again.
        assert codes(cast.exhibition) == ["consent"]

    def test_the_photographer_is_told_which_exhibitions_changed_when_saving_the_narrower_answer(self, client, cast):
        answer(cast, status=Consent.Status.SIGNED, scope_web=True, scope_print=True)
        cast.publish()
        client.force_login(cast.photographer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                reverse("curation:subject-consent", args=[cast.gulnara.pk]),
                {"status": "signed", "scope": ["print"]},
                follow=True,
            )
        html = response.content.decode()
        assert "Consent saved for Fruit seller, Green Bazaar." in html
        assert "Their photos were taken off this published exhibition at once: “Bazaar” (1 photo)." in html
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P2"]

    def test_an_expiry_date_already_past_takes_the_photos_down_as_an_expiry(self, client, cast):
        answer(cast, status=Consent.Status.SIGNED, scope_web=True)
        cast.publish()
        yesterday = timezone.localdate() - timedelta(days=1)
        answer(cast, status=Consent.Status.SIGNED, scope_web=True, given_on=yesterday, expires_on=yesterday)
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P2"]
        assert CuratorNotice.objects.get().kind == CuratorNotice.Kind.CONSENT_EXPIRED

    def test_an_exhibition_with_an_override_for_the_person_keeps_them_and_one_without_does_not(self, client, cast):
        cast.override("Agreed on stage at the festival; the signed form follows.")
        cast.publish()  # under the override: she was never asked
        answer(cast, status=Consent.Status.SIGNED, scope_web=True)
        faces = second_exhibition(cast, [cast.photos[1], cast.photos[2]])
        assert shown(public_html(client, faces)) == ["P1", "P2"]

        answer(cast, status=Consent.Status.SIGNED, scope_print=True)

        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"]  # the override still holds there
        assert shown(public_html(client, faces)) == ["P2"]
        assert ConsentOverride.objects.active().get().subject == cast.gulnara
        assert list(CuratorNotice.objects.values_list("exhibition_id", "kind")) == [(faces.pk, NOT_COVERED)]

    def test_a_narrowed_consent_leaves_a_scheduled_publication_to_the_check_made_at_its_time(self, cast):
        answer(cast, status=Consent.Status.SIGNED, scope_web=True)
        at = timezone.now() + timedelta(hours=3)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)
        answer(cast, status=Consent.Status.SIGNED, scope_print=True)
        assert Exhibition.objects.get(pk=cast.exhibition.pk).publish_at == at  # consent may be given again by then
        assert not CuratorNotice.objects.exists()


# --- 2. A person without consent for the web tagged on a published photo --------------------------------------

WITHOUT_WEB_CONSENT = pytest.mark.parametrize(
    "consent",
    [
        None,
        {"status": Consent.Status.VERBAL, "scope_print": True},
        {"status": Consent.Status.VERBAL, "scope_web": True, "is_minor": True},
    ],
    ids=["never asked", "print only", "a minor with verbal consent"],
)


def a_stranger(cast: Cast, consent: dict[str, Any] | None = None) -> Subject:
    """A boy whose consent does not cover the web, in no photo yet."""
    boy = subjects.subject_create(owner=cast.photographer, name="Boy with a kite", public_name="Aidar")
    if consent:
        answer(cast, boy, **consent)
    return boy


def published_with_everyone_agreed(client, cast: Cast) -> None:
    answer(cast, status=Consent.Status.SIGNED, scope_web=True)
    cast.publish()
    assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"]


STRANGER_TOLD = "The consent of Aidar does not cover the web: 1 photo was taken off the public page."


class TestTaggingSomeoneWithoutConsent:
    @WITHOUT_WEB_CONSENT
    def test_on_the_photo_page_the_photo_leaves_the_public_page(self, client, cast, consent):
        published_with_everyone_agreed(client, cast)
        boy = a_stranger(cast, consent)
        client.force_login(cast.photographer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                reverse("curation:photo", args=[cast.photos[2].pk]),
                {"title": "P2", "alt_text": "Alt P2", "subjects": [boy.pk]},
            )
        assert list(boy.photos.all()) == [cast.photos[2]]  # the tag itself is kept
        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P0", "P1"] and "Aidar" not in html
        assert_told(client, cast, boy, [{"number": 3, "title": "P2"}], STRANGER_TOLD)

    def test_in_the_library_the_photos_leave_the_public_page(self, client, cast):
        published_with_everyone_agreed(client, cast)
        boy = a_stranger(cast)
        client.force_login(cast.photographer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                reverse("curation:bulk"), {"action": "subject", "subject": boy.pk, "photo": [cast.photos[2].pk]}
            )
        assert list(boy.photos.all()) == [cast.photos[2]]
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1"]
        assert_told(client, cast, boy, [{"number": 3, "title": "P2"}], STRANGER_TOLD)

    def test_a_person_made_from_a_published_photo_takes_it_off_the_public_page(self, client, cast):
        published_with_everyone_agreed(client, cast)
        client.force_login(cast.photographer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                f"{reverse('curation:subject-new')}?photo={cast.photos[2].pk}",
                {"kind": "person", "name": "Boy with a kite", "public_name": "Aidar", "photo": cast.photos[2].pk},
            )
        boy = Subject.objects.get(name="Boy with a kite")
        assert list(boy.photos.all()) == [cast.photos[2]]
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1"]
        assert_told(client, cast, boy, [{"number": 3, "title": "P2"}], STRANGER_TOLD)

    def test_a_place_made_from_a_published_photo_changes_nothing(self, client, cast):
        published_with_everyone_agreed(client, cast)
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.subject_create(
                owner=cast.photographer, name="Kite hill", kind=Subject.Kind.PLACE, photos=[cast.photos[2]]
            )
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"] and not CuratorNotice.objects.exists()

    def test_someone_shown_under_an_override_may_be_tagged_again_in_that_exhibition_only(self, client, cast):
        cast.override("Agreed on stage at the festival; the signed form follows.")
        cast.publish()
        answer(cast, status=Consent.Status.SIGNED, scope_web=True)
        faces = second_exhibition(cast, [cast.photos[2]])
        answer(cast, status=Consent.Status.NOT_ASKED)  # reset: the override keeps her in Bazaar
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"]
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.photos_subject_assign(photos=Photo.objects.filter(pk=cast.photos[2].pk), subject=cast.gulnara)
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"]
        assert client.get(public(faces)).status_code == 404  # its only photo left: unpublished
        notice = CuratorNotice.objects.get(exhibition=faces)
        assert (notice.kind, notice.unpublished) == (NOT_COVERED, True)

    def test_someone_who_agreed_to_the_web_may_be_tagged_on_a_published_photo(self, client, cast):
        published_with_everyone_agreed(client, cast)
        boy = a_stranger(cast, {"status": Consent.Status.SIGNED, "scope_web": True, "is_minor": True})
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.photo_subjects_set(photo=cast.photos[2], subjects=[boy], actor=cast.photographer)
        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P0", "P1", "P2"] and not CuratorNotice.objects.exists()


class TestTheAdminPhotoForm:
    """Staff may correct who a photo shows in the admin; the links go through the same service as the photo page."""

    @pytest.fixture
    def staff(self, client):
        user = get_user_model().objects.create_superuser("root", "root@example.org", "pass-word-123")
        client.force_login(user)
        return user

    @staticmethod
    def form_data(client, photo: Photo) -> dict[str, Any]:
        """What the change form posts back unchanged: its fields and the renditions inline's management form."""
        response = client.get(reverse("admin:curation_photo_change", args=[photo.pk]))
        assert response.status_code == 200
        data: dict[str, Any] = {}

        def add(form) -> None:
            for name in form.fields:
                value = form[name].value()
                if isinstance(value, list | tuple):
                    value = [getattr(v, "pk", v) for v in value]
                data[form.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)

        add(response.context["adminform"].form)
        for inline in response.context["inline_admin_formsets"]:
            add(inline.formset.management_form)
            for form in inline.formset.forms:
                add(form)
        return data

    def test_tagging_someone_without_consent_in_the_admin_takes_the_photo_down(self, client, cast, staff):
        published_with_everyone_agreed(client, cast)
        boy = a_stranger(cast)
        data = self.form_data(client, cast.photos[2])
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                reverse("admin:curation_photo_change", args=[cast.photos[2].pk]), {**data, "subjects": [boy.pk]}
            )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert list(boy.photos.all()) == [cast.photos[2]]
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1"]
        assert cast.exhibition.publication_events.first().actor == staff
        assert_told(client, cast, boy, [{"number": 3, "title": "P2"}], STRANGER_TOLD)

    def test_the_admin_offers_and_accepts_only_the_photographers_own_subjects(self, client, cast, staff):
        theirs = subjects.subject_create(owner=factories.photographer(), name="Someone else's subject")
        data = self.form_data(client, cast.photos[2])
        response = client.post(
            reverse("admin:curation_photo_change", args=[cast.photos[2].pk]), {**data, "subjects": [theirs.pk]}
        )
        assert response.status_code == 200 and "errornote" in response.content.decode()
        assert not theirs.photos.exists()
        assert (
            "Someone else&#x27;s subject"
            not in client.get(reverse("admin:curation_photo_change", args=[cast.photos[2].pk])).content.decode()
        )


# --- 3. A relabel --------------------------------------------------------------------------------------------


class TestRelabelling:
    @pytest.mark.parametrize(
        "consent",
        [None, {"status": Consent.Status.VERBAL, "scope_print": True}, {"status": Consent.Status.DECLINED}],
        ids=["never asked", "print only", "declined"],
    )
    def test_a_person_without_consent_for_the_web_stays_a_person_and_the_gate_keeps_their_photo_out(
        self, client, cast, consent
    ):
        if consent:
            answer(cast, **consent)
        client.force_login(cast.photographer)
        response = client.post(
            reverse("curation:subject-edit", args=[cast.gulnara.pk]), {"name": "A kite", "kind": "thing"}
        )
        assert "stays a person while their consent does not cover the web" in response.content.decode()
        cast.gulnara.refresh_from_db()
        assert cast.gulnara.kind == Subject.Kind.PERSON and cast.gulnara.name == "Fruit seller, Green Bazaar"
        client.force_login(cast.curator)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(studio("publish", cast.exhibition), follow=True)
        assert "Published." not in response.content.decode()
        client.logout()
        assert client.get(public(cast.exhibition)).status_code == 404

    def test_a_person_whose_consent_covers_the_web_may_be_relabelled(self, cast):
        answer(cast, status=Consent.Status.SIGNED, scope_web=True)
        subjects.subject_update(subject=cast.gulnara, name="A kite", kind=Subject.Kind.THING)
        assert Subject.objects.get(pk=cast.gulnara.pk).kind == Subject.Kind.THING

    def test_a_place_relabelled_a_person_leaves_the_public_page_until_they_agree(self, client, cast):
        published_with_everyone_agreed(client, cast)
        html = public_html(client, cast.exhibition)
        assert "Green Bazaar" in html
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.subject_update(subject=cast.bazaar, name="Green Bazaar", kind=Subject.Kind.PERSON)
        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P1", "P2"] and "Green Bazaar" not in html
        notice = CuratorNotice.objects.get()
        assert (notice.kind, notice.subject_id, notice.photo_titles) == (
            NOT_COVERED,
            cast.bazaar.pk,
            [{"number": 1, "title": "P0"}],
        )


# --- 4. A merge ------------------------------------------------------------------------------------------------


class TestMerging:
    def test_when_the_consent_kept_does_not_cover_the_web_the_merged_persons_photos_come_down(self, client, cast):
        published_with_everyone_agreed(client, cast)
        elsewhere = ready_photo(cast.photographer, title="At the stall", alt="Alt stall")
        again = subjects.subject_create(owner=cast.photographer, name="Gulnara at the stall", photos=[elsewhere])
        answer(cast, again, status=Consent.Status.VERBAL, scope_print=True)
        choice = subjects.merge_consent_choice(cast.gulnara.consent, again.consent)
        assert choice.ask and choice.default == subjects.MergeConsent.MERGED  # print only: the stricter

        with TestCase.captureOnCommitCallbacks(execute=True):
            outcome = subjects.subjects_merge(keep=cast.gulnara, merged=again, actor=cast.photographer)

        html = public_html(client, cast.exhibition)
        assert shown(html) == ["P0", "P2"] and "Gulnara" not in html
        assert [t.title for t in outcome.takedowns] == ["Bazaar"]
        assert_told(
            client,
            cast,
            cast.gulnara,
            [{"number": 2, "title": "P1"}],
            "The consent of Gulnara does not cover the web: 1 photo was taken off the public page.",
        )

    def test_when_the_consent_kept_covers_the_web_nothing_comes_down(self, client, cast):
        published_with_everyone_agreed(client, cast)
        again = subjects.subject_create(owner=cast.photographer, name="Gulnara at the stall")
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.subjects_merge(keep=again, merged=cast.gulnara, actor=cast.photographer)  # an answer wins
        assert shown(public_html(client, cast.exhibition)) == ["P0", "P1", "P2"]
        assert not CuratorNotice.objects.exists() and not PublicationEvent.objects.exclude(action="published").exists()


# --- Races: a relabel as a person while the exhibition showing them is being published -------------------------


def relabel_the_bazaar_a_person(cast: Cast) -> None:
    subjects.subject_update(subject=cast.bazaar, name="Green Bazaar", kind=Subject.Kind.PERSON)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_relabel_as_a_person_while_the_exhibition_is_published_takes_the_photo_down(client, monkeypatch):
    """The publish read who its photos show (a place in P0: nobody to check) and held the exhibition; a relabel
    holding nothing the publish held made the place a person and looked for published pages: none yet. The
    publish then committed, showing a person nobody had asked."""
    cast = Cast()
    cast.agree()
    publisher_holds_exhibition, relabel_waited, relabel_done = threading.Event(), threading.Event(), threading.Event()
    relabel_pid: list[int] = []
    build = publishing.exhibition_snapshot_build

    def build_once_the_relabel_waits(locked):
        publisher_holds_exhibition.set()
        until_queued_or_finished(relabel_pid, relabel_waited, relabel_done)
        return build(locked)

    monkeypatch.setattr(publishing, "exhibition_snapshot_build", build_once_the_relabel_waits)

    def publish() -> None:
        try:
            publishing.exhibition_publish(exhibition=cast.exhibition, actor=cast.curator, check_blockers=True)
        finally:
            publisher_holds_exhibition.set()

    def relabel() -> None:
        relabel_pid.append(backend_pid())
        try:
            assert publisher_holds_exhibition.wait(30)
            relabel_the_bazaar_a_person(cast)
        finally:
            relabel_done.set()

    errors = in_threads(publish, relabel)
    assert not errors, errors

    assert shown(public_html(client, cast.exhibition)) == ["P1", "P2"]  # P0 is on no public page
    notice = CuratorNotice.objects.get(exhibition=cast.exhibition)
    assert (notice.kind, notice.subject_id, notice.photo_titles) == (
        NOT_COVERED,
        cast.bazaar.pk,
        [{"number": 1, "title": "P0"}],
    )
    assert relabel_waited.is_set(), "the relabel never queued for the exhibition: the race was not forced"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_publish_that_waited_for_a_relabel_as_a_person_refuses_to_show_them(client, monkeypatch):
    """The relabel made the place a person and found no published page to clean; before it committed, the
    publish read the photos' people without seeing the change, passed the gate and went public with P0."""
    cast = Cast()
    cast.agree()
    relabel_looked, publisher_waited, publish_done = threading.Event(), threading.Event(), threading.Event()
    publisher_pid: list[int] = []
    enforce = subjects.consent_gaps_enforce

    def enforce_then_wait_for_the_publish(**kwargs):
        done = enforce(**kwargs)
        relabel_looked.set()
        until_queued_or_finished(publisher_pid, publisher_waited, publish_done)
        return done

    monkeypatch.setattr(subjects, "consent_gaps_enforce", enforce_then_wait_for_the_publish)

    def relabel() -> None:
        try:
            relabel_the_bazaar_a_person(cast)
        finally:
            relabel_looked.set()

    def publish() -> None:
        publisher_pid.append(backend_pid())
        try:
            assert relabel_looked.wait(30)
            publishing.exhibition_publish(exhibition=cast.exhibition, actor=cast.curator, check_blockers=True)
        finally:
            publish_done.set()

    errors = in_threads(relabel, publish)

    assert client.get(public(cast.exhibition)).status_code == 404
    assert len(errors) == 1 and isinstance(errors[0], publishing.PublishBlocked), errors
    assert [(b.code, b.message) for b in errors[0].blockers] == [
        ("consent", "“P0” shows a person without a public name, whose consent does not cover the web: not asked yet.")
    ]
    assert publisher_waited.is_set(), "the publish never queued for the exhibition: the race was not forced"
