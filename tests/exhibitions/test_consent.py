"""Consent in publishing: the gate and its overrides, withdrawal taking photos off public pages at once,
notices to curators, cancelled schedules, the consent report, and no private word on any public page."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curation import subjects
from curation.models import Consent, Photo, Subject, SubjectEvent
from exhibitions import collaboration, consent, publishing, sequencing
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, PublicationEvent
from tests import factories
from tests.support.consent import Cast, codes, public, shown
from tests.support.markup import Tags
from tests.support.races import (
    backend_pid,
    in_threads,
    postgresql_only,
    until_queued_for_a_lock,
    until_queued_or_finished,
)
from tests.support.studio import ready_photo, studio

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


class TestTheGate:
    def test_a_person_not_asked_blocks_publishing_naming_the_photo_and_the_person(self, cast):
        blockers = publishing.publish_blockers(cast.exhibition)
        assert [b.code for b in blockers] == ["consent"]
        assert blockers[0].message == ("“P1” shows Gulnara, whose consent does not cover the web: not asked yet.")
        assert blockers[0].item_id == cast.exhibition.items.get(photo=cast.photos[1]).pk
        with pytest.raises(publishing.PublishBlocked):
            publishing.exhibition_publish(exhibition=cast.exhibition, check_blockers=True)

    def test_places_need_no_consent_and_a_signed_release_for_the_web_opens_the_gate(self, cast):
        cast.agree()
        assert codes(cast.exhibition) == []

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": Consent.Status.VERBAL, "scope_web": False, "scope_print": True},
            {"status": Consent.Status.VERBAL, "is_minor": True},
            {"expires_on": date(2020, 1, 1), "given_on": date(2019, 1, 1)},
            {"status": Consent.Status.DECLINED},
        ],
        ids=["print only", "minor with verbal consent", "expired", "declined"],
    )
    def test_consent_that_does_not_cover_the_web_blocks(self, cast, fields):
        cast.agree(**fields)
        assert codes(cast.exhibition) == ["consent"]

    def test_a_cover_photo_of_someone_without_consent_blocks_too(self, cast):
        cast.agree()
        stranger = subjects.subject_create(owner=cast.photographer, name="Boy with a kite")
        cover = ready_photo(cast.photographer, title="Kite", alt="A kite")
        cover.subjects.add(stranger)
        Exhibition.objects.filter(pk=cast.exhibition.pk).update(cover_photo=cover)
        cast.exhibition.refresh_from_db()
        messages = [b.message for b in publishing.publish_blockers(cast.exhibition)]
        assert messages == [
            # Blockers are read by curators: the public name, or this, never the photographer's own label.
            "The cover photo shows a person without a public name, whose consent does not cover the web: not asked yet."
        ]

    def test_the_publish_page_shows_who_blocks_it_and_the_remove_and_override_forms(self, client, cast):
        client.force_login(cast.curator)
        html = client.get(studio("publish", cast.exhibition)).content.decode()
        assert "1 person shown has not agreed to the web." in html
        # The curator reads the public name: "Fruit seller, Green Bazaar" is the photographer's private label.
        assert "Gulnara</a>" in html and "not asked yet" in html and "Fruit seller" not in html
        assert studio("consent-remove", cast.exhibition) in html and studio("consent-override", cast.exhibition) in html
        assert "Green Bazaar" not in html  # a place needs nothing

    def test_removing_their_photos_opens_the_gate(self, client, cast):
        client.force_login(cast.curator)
        response = client.post(studio("consent-remove", cast.exhibition), {"subject": cast.gulnara.pk}, follow=True)
        assert "Removed 1 photo of Gulnara from the exhibition." in response.content.decode()
        assert codes(cast.exhibition) == []
        assert [i.photo.title for i in cast.exhibition.items.select_related("photo")] == ["P0", "P2"]


class TestOverrides:
    def test_an_override_with_a_reason_lets_the_exhibition_publish_and_is_kept_as_an_audit_row(self, client, cast):
        client.force_login(cast.curator)
        reason = "Photographed at a public festival; she agreed on stage, the form follows."
        client.post(studio("consent-override", cast.exhibition), {"subject": cast.gulnara.pk, "reason": reason})
        override = ConsentOverride.objects.get()
        assert (override.exhibition, override.subject, override.created_by) == (
            cast.exhibition,
            cast.gulnara,
            cast.curator,
        )
        assert override.reason == reason and override.consent_status == Consent.Status.NOT_ASKED
        assert abs(override.created_at - timezone.now()) < timedelta(minutes=1)
        assert codes(cast.exhibition) == []
        response = client.post(studio("publish", cast.exhibition), follow=True)
        assert "Published." in response.content.decode()
        html = client.get(studio("publish", cast.exhibition)).content.decode()
        assert reason in html and "Shown under an override by" in html

    def test_an_override_needs_a_reason_and_ends_on_request_leaving_its_row(self, client, cast):
        client.force_login(cast.curator)
        response = client.post(
            studio("consent-override", cast.exhibition), {"subject": cast.gulnara.pk, "reason": "ok"}, follow=True
        )
        assert "Say why in a sentence" in response.content.decode() and not ConsentOverride.objects.exists()
        override = cast.override("Public figure at a public event.")
        client.post(studio("consent-override-revoke", cast.exhibition, override.pk))
        override.refresh_from_db()
        assert override.revoked_at is not None and override.revoked_by == cast.curator
        assert codes(cast.exhibition) == ["consent"]

    def test_nobody_can_override_a_person_who_said_no(self, client, cast):
        cast.agree(status=Consent.Status.DECLINED)
        with pytest.raises(consent.ConsentRefused):
            cast.override("We really need this photo.")
        client.force_login(cast.curator)
        html = client.get(studio("publish", cast.exhibition)).content.decode()
        assert "They said no: no override can publish their photos." in html

    def test_a_refusal_ends_existing_overrides(self, cast):
        cast.override("The form is on its way.")
        cast.agree(status=Consent.Status.DECLINED)
        override = ConsentOverride.objects.get()
        assert override.revoked_at is not None and override.revoked_reason == "Declined"
        assert codes(cast.exhibition) == ["consent"]

    def test_the_gate_costs_the_same_queries_for_one_or_many_people(self, client, cast):
        client.force_login(cast.curator)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(studio("publish", cast.exhibition)).status_code == 200
            return len(captured.captured_queries)

        few = queries()
        for n in range(6):
            photo = ready_photo(cast.photographer, title=f"More {n}", alt="Alt")
            photo.subjects.add(subjects.subject_create(owner=cast.photographer, name=f"Person {n}"))
            sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[photo])
        cast.override("Public figure at a public event.")
        assert queries() == few


class TestWithdrawal:
    def test_withdrawal_takes_the_photos_off_the_public_page_at_once_keeping_the_order_of_the_rest(self, client, cast):
        cast.agree()
        extra = ready_photo(cast.photographer, title="P3", alt="Alt P3")
        extra.subjects.add(cast.gulnara)
        sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[extra])
        Exhibition.objects.filter(pk=cast.exhibition.pk).update(cover_photo=cast.photos[1])
        cast.publish()
        assert shown(client.get(public(cast.exhibition)).content.decode()) == ["P0", "P1", "P2", "P3"]
        image = cast.photos[1].renditions.get(spec="640.webp").url
        story = reverse("exhibitions:story", args=[cast.gulnara.pk])
        assert client.get(image).status_code == 200 and client.get(story).status_code == 200

        outcome = cast.withdraw()

        assert [t.title for t in outcome.published_changed] == ["Bazaar"]
        assert shown(client.get(public(cast.exhibition)).content.decode()) == ["P0", "P2"]
        assert client.get(image).status_code == 404
        assert client.get(story).status_code == 404
        cast.exhibition.refresh_from_db()
        snapshot = cast.exhibition.published_snapshot
        assert snapshot["cover"]["photo_id"] == cast.photos[0].pk  # the first photo left
        assert client.get(reverse("exhibitions:photo", args=[cast.exhibition.slug, 3])).status_code == 404
        sitemap = client.get(reverse("sitemap")).content.decode()
        assert story not in sitemap and reverse("exhibitions:photo", args=[cast.exhibition.slug, 2]) in sitemap
        event = cast.exhibition.publication_events.first()
        assert event.action == PublicationEvent.Action.PHOTOS_TAKEN_DOWN and "“P1”, “P3”" in event.detail
        # The draft keeps them, and the gate stops them from being published again.
        assert cast.exhibition.items.count() == 4 and codes(cast.exhibition) == ["consent", "consent"]
        assert cast.exhibition.has_unpublished_changes

    def test_the_photographer_sees_which_exhibitions_changed_and_the_curator_is_told_until_dismissing(
        self, client, cast, django_capture_on_commit_callbacks
    ):
        cast.agree()
        cast.publish()
        client.force_login(cast.photographer)
        form = client.get(reverse("curation:subject-consent", args=[cast.gulnara.pk])).content.decode()
        assert "Fruit seller, Green Bazaar appears in a published exhibition:" in form and "“Bazaar”" in form
        page = client.get(reverse("curation:subject-withdraw", args=[cast.gulnara.pk])).content.decode()
        assert "Their photos leave these published exhibitions at once:" in page and "Bazaar" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("curation:subject-withdraw", args=[cast.gulnara.pk]), follow=True)
        html = response.content.decode()
        assert "Their photos were taken off this published exhibition at once: “Bazaar” (1 photo)." in html
        assert "“Bazaar”: 1 photo taken off the public page." in html  # the history

        client.force_login(cast.curator)
        notice = CuratorNotice.objects.get()
        said = "Gulnara said no: 1 photo was taken off the public page at once."
        for page in (reverse("studio:list"), studio("publish", cast.exhibition), studio("sequencer", cast.exhibition)):
            assert said in client.get(page).content.decode(), page
        client.post(studio("notice-dismiss", cast.exhibition, notice.pk), {"next": reverse("studio:list")})
        assert said not in client.get(reverse("studio:list")).content.decode()
        notice.refresh_from_db()
        assert notice.dismissed_by == cast.curator

    def test_a_photographer_whose_photos_are_shown_does_not_see_the_curators_notices(self, client, cast):
        cast.agree()
        cast.publish()
        cast.withdraw()
        other = factories.photographer()
        sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[ready_photo(other, title="Theirs")])
        client.force_login(other)
        assert "said no" not in client.get(studio("sequencer", cast.exhibition)).content.decode()

    def test_when_no_photo_is_left_the_exhibition_is_unpublished(self, client, cast):
        cast.agree()
        for photo in (cast.photos[0], cast.photos[2]):
            photo.subjects.add(cast.gulnara)
        cast.publish()
        cast.withdraw()
        cast.exhibition.refresh_from_db()
        assert not cast.exhibition.is_published
        assert client.get(public(cast.exhibition)).status_code == 404
        assert CuratorNotice.objects.get().unpublished

    def test_a_declined_answer_recorded_later_takes_the_photos_down_too(self, client, cast):
        cast.override("Asking her tomorrow at the stall.")
        cast.publish()
        with TestCase.captureOnCommitCallbacks(execute=True):
            cast.agree(status=Consent.Status.DECLINED)
        assert shown(client.get(public(cast.exhibition)).content.decode()) == ["P0", "P2"]

    def test_tagging_a_withdrawn_person_in_another_published_photo_takes_that_photo_down(self, client, cast):
        cast.agree()
        cast.publish()
        cast.withdraw()
        assert shown(client.get(public(cast.exhibition)).content.decode()) == ["P0", "P2"]
        with TestCase.captureOnCommitCallbacks(execute=True):
            subjects.photos_subject_assign(photos=Photo.objects.filter(pk=cast.photos[2].pk), subject=cast.gulnara)
        assert shown(client.get(public(cast.exhibition)).content.decode()) == ["P0"]

    def test_a_scheduled_exhibition_showing_the_person_is_cancelled_at_once(self, cast):
        cast.agree()
        at = timezone.now() + timedelta(hours=3)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)
        outcome = cast.withdraw()
        assert [t.title for t in outcome.schedules_cancelled] == ["Bazaar"]
        cast.exhibition.refresh_from_db()
        assert cast.exhibition.publish_at is None
        assert CuratorNotice.objects.get().kind == CuratorNotice.Kind.SCHEDULE_CANCELLED
        assert publishing.exhibitions_scheduled_publish(now=at + timedelta(minutes=1)) == []


class TestSchedules:
    def test_at_its_time_a_schedule_whose_consent_no_longer_covers_the_web_is_cancelled_with_a_notice(
        self, client, cast
    ):
        cast.agree(expires_on=timezone.localdate() + timedelta(days=1))
        at = timezone.now() + timedelta(days=3)
        publishing.exhibition_publish_schedule(exhibition=cast.exhibition, at=at, actor=cast.curator)
        assert codes(cast.exhibition) == []  # covered today; expired by the time it goes out
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "localdate", lambda *a, **k: date.today() + timedelta(days=3))
            assert publishing.exhibitions_scheduled_publish(now=at + timedelta(seconds=30)) == []
        cast.exhibition.refresh_from_db()
        assert not cast.exhibition.is_published and cast.exhibition.publish_at is None
        event = cast.exhibition.publication_events.first()
        assert event.action == PublicationEvent.Action.SCHEDULE_CANCELLED and "the consent has expired" in event.detail
        client.force_login(cast.curator)
        html = client.get(reverse("studio:list")).content.decode()
        assert "The scheduled publication was cancelled: consent does not cover the web for Gulnara" in html


class TestReport:
    def test_the_report_lists_who_appears_with_status_scope_dates_and_documents(self, client, cast):
        cast.agree(given_on=date(2026, 5, 14), expires_on=date(2030, 5, 14), scope_print=True)
        subjects.release_document_add(
            subject=cast.gulnara, actor=cast.photographer, upload=_pdf(), filename="gulnara-release.pdf", size=40
        )
        child = subjects.subject_create(owner=cast.photographer, name="Boy with a kite", photos=[cast.photos[2]])
        subjects.consent_record(
            subject=child, actor=cast.photographer, status=Consent.Status.VERBAL, scope_web=True, is_minor=True
        )
        client.force_login(cast.curator)
        response = client.get(studio("consent-report", cast.exhibition))
        html = response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
        assert "2 people appear in this exhibition." in html and "1 of them may not be shown on the web." in html
        # Named as the curator may name them (public name, else their order of appearance); the release is on
        # file, its name and its download are the photographer's.
        assert "Fruit seller" not in html and "Boy with a kite" not in html and "gulnara-release.pdf" not in html
        gulnara = html[html.index("Gulnara") : html.index("Person 2")]
        assert "Signed release" in gulnara and "web, print" in gulnara and "14 May 2026" in gulnara
        assert "on file" in gulnara and "14 May 2030" in gulnara
        boy = html[html.index("Person 2") :]
        assert "a minor" in boy and "a minor: only a guardian" in boy
        assert "Also shown: 1 place, event or thing, which needs no consent." in html
        assert "@media print" in _static("css/subjects.css") and "data-print hidden" in html

    def test_the_report_costs_the_same_queries_for_few_or_many_people(self, client, cast):
        client.force_login(cast.curator)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                client.get(studio("consent-report", cast.exhibition))
            return len(captured.captured_queries)

        few = queries()
        for n in range(5):
            photo = ready_photo(cast.photographer, title=f"Q{n}", alt="Alt")
            person = subjects.subject_create(owner=cast.photographer, name=f"Person {n}", photos=[photo])
            cast.agree(person)
            sequencing.exhibition_photos_append(exhibition=cast.exhibition, photos=[photo])
        assert queries() == few


def _pdf():
    import io

    return io.BytesIO(b"%PDF-1.4\n%%EOF\n" + b" " * 25)


def _static(path: str) -> str:
    from django.contrib.staticfiles import finders

    with open(finders.find(path)) as handle:
        return handle.read()


# --- Privacy and sanitising -----------------------------------------------------------------------------------


def test_no_private_subject_field_nor_consent_detail_reaches_any_public_page(client, cast):
    person = subjects.subject_create(
        owner=cast.photographer,
        name="Vendor MARKER-PRIVATE-NAME",
        public_name="Aigerim",
        story="MARKER-PRIVATE-STORY",
        public_story="She sells *apricots*.",
        private_notes="MARKER-NOTES",
        contact_details="MARKER-PHONE +7 701",
        place_name="Green Bazaar",
        photos=[cast.photos[2]],
    )
    subjects.consent_record(
        subject=person, actor=cast.photographer, status=Consent.Status.SIGNED, scope_web=True, note="MARKER-NOTE"
    )
    subjects.release_document_add(
        subject=person, actor=cast.photographer, upload=_pdf(), filename="MARKER-DOCUMENT.pdf", size=40
    )
    cast.agree()
    cast.publish()
    link = collaboration.review_link_create(exhibition=cast.exhibition, actor=cast.curator, valid_for=timedelta(days=1))
    urls = [
        reverse("exhibitions:home"),
        public(cast.exhibition),
        reverse("exhibitions:photo", args=[cast.exhibition.slug, 3]),
        reverse("exhibitions:story", args=[person.pk]),
        reverse("exhibitions:feed"),
        reverse("sitemap"),
        reverse("robots"),
        reverse("studio:review", args=[link.token]),
    ]
    story = client.get(urls[3]).content.decode()
    assert "Aigerim" in story and "<em>apricots</em>" in story
    for url in urls:
        text = client.get(url).content.decode()
        assert "MARKER" not in text, url
        assert "Signed release" not in text and "signed" not in text.lower().replace("signed-in", ""), url
    assert "MARKER" not in str(Exhibition.objects.get(pk=cast.exhibition.pk).published_snapshot)


HOSTILE_NAME = '<script>alert("name")</script>Kite boy'
HOSTILE_STORY = 'Hello <script>alert("story")</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>'


def test_a_hostile_name_or_story_never_becomes_markup_on_studio_or_public_pages(client, cast):
    person = subjects.subject_create(
        owner=cast.photographer,
        name=HOSTILE_NAME,
        public_name=HOSTILE_NAME,
        story=HOSTILE_STORY,
        public_story=HOSTILE_STORY,
        photos=[cast.photos[2]],
    )
    consent.consent_override_create(
        exhibition=cast.exhibition, subject=person, reason=HOSTILE_STORY, actor=cast.curator
    )
    cast.agree()
    cast.publish()
    pages = [
        (cast.photographer, reverse("curation:subject", args=[person.pk])),
        (cast.photographer, reverse("curation:subjects")),
        (cast.photographer, reverse("curation:photo", args=[cast.photos[2].pk])),
        (cast.curator, studio("publish", cast.exhibition)),
        (cast.curator, studio("consent-report", cast.exhibition)),
        (None, reverse("exhibitions:story", args=[person.pk])),
        (None, public(cast.exhibition)),
    ]
    for user, url in pages:
        if user:
            client.force_login(user)
        else:
            client.logout()
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        for tag, attributes in Tags(html).tags:
            assert not any(name.startswith("on") for name in attributes), (url, tag, attributes)
            assert not attributes.get("href", "").lower().startswith("javascript:"), (url, tag, attributes)
            assert attributes.get("src") != "x", (url, tag, attributes)
        assert "&lt;script&gt;" in html, url  # shown as the words typed


def test_studio_consent_pages_carry_no_inline_script_or_style(client, cast):
    cast.override("Public figure at a public event.")
    client.force_login(cast.curator)
    for url in (studio("publish", cast.exhibition), studio("consent-report", cast.exhibition), reverse("studio:list")):
        html = client.get(url).content.decode()
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), url
        assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html), url


def test_the_history_records_the_withdrawal_and_what_it_changed(cast):
    cast.agree()
    cast.publish()
    cast.withdraw()
    actions = list(cast.gulnara.events.values_list("action", flat=True))
    assert actions[:2] == [SubjectEvent.Action.TAKEN_DOWN, SubjectEvent.Action.WITHDRAWN]
    taken = cast.gulnara.events.get(action=SubjectEvent.Action.TAKEN_DOWN)
    assert taken.changes["exhibitions"][0]["title"] == "Bazaar" and taken.actor == cast.photographer


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_publish_that_waited_for_a_withdrawal_never_shows_the_withdrawn_person(client, monkeypatch):
    """Publishing read the people's consent, then queued for their rows behind a withdrawal being recorded: it
    went on with the "signed" it had read, while the withdrawal's takedown, looking before the publish
    committed, found no published page to clean. The exhibition went public showing her."""
    cast = Cast()
    cast.agree()
    withdrawal_holds_her, publisher_waited, takedown_done = threading.Event(), threading.Event(), threading.Event()
    publisher_pid: list[int] = []
    end_overrides = consent.consent_overrides_end_for
    build = publishing.exhibition_snapshot_build

    def end_overrides_once_the_publish_waits(**kwargs):
        # Called with her row locked and "withdrawn" written but not committed.
        withdrawal_holds_her.set()
        until_queued_for_a_lock(publisher_pid, publisher_waited)
        return end_overrides(**kwargs)

    def build_after_the_takedown(locked):
        # The takedown has looked for published pages already: this publish, if it goes on, is the last word.
        assert takedown_done.wait(30)
        return build(locked)

    monkeypatch.setattr(consent, "consent_overrides_end_for", end_overrides_once_the_publish_waits)
    monkeypatch.setattr(publishing, "exhibition_snapshot_build", build_after_the_takedown)

    def withdraw() -> None:
        try:
            subjects.consent_withdraw(subject=cast.gulnara, actor=cast.photographer)
        finally:
            withdrawal_holds_her.set()
            takedown_done.set()

    def publish() -> None:
        publisher_pid.append(backend_pid())
        assert withdrawal_holds_her.wait(30)
        publishing.exhibition_publish(exhibition=cast.exhibition, actor=cast.curator, check_blockers=True)

    errors = in_threads(withdraw, publish)
    assert publisher_waited.is_set(), "the publish never queued for her row: the race was not forced"
    assert Consent.objects.get(subject=cast.gulnara).status == Consent.Status.WITHDRAWN

    page = client.get(public(cast.exhibition))
    assert "P1" not in shown(page.content.decode())  # her photo is on no public page
    assert page.status_code == 404
    assert not Exhibition.objects.get(pk=cast.exhibition.pk).is_published
    # The curator is told why, as on the publish page: her photo, and her answer.
    assert len(errors) == 1 and isinstance(errors[0], publishing.PublishBlocked), errors
    assert [(b.code, b.item_id) for b in errors[0].blockers] == [
        ("consent", cast.exhibition.items.get(photo=cast.photos[1]).pk)
    ]


# Tagging a person who said no in a photo of an exhibition being published: both orders, both tagging paths.


def tag_on_the_photo_page(photo: Photo, person: Subject, actor) -> None:
    subjects.photo_subjects_set(photo=photo, subjects=[person], actor=actor)


def tag_in_the_library(photo: Photo, person: Subject, actor) -> None:
    subjects.photos_subject_assign(photos=Photo.objects.filter(pk=photo.pk), subject=person)


TAGGING = pytest.mark.parametrize(
    "tag", [tag_on_the_photo_page, tag_in_the_library], ids=["photo page", "library bulk action"]
)


# A "no", and the commonest gap that is no refusal: both go through the same lock and the same takedown.
ANSWERS = pytest.mark.parametrize(
    ("answer", "notice_kind", "why"),
    [
        (Consent.Status.DECLINED, CuratorNotice.Kind.TAKEN_DOWN, "declined"),
        (Consent.Status.NOT_ASKED, CuratorNotice.Kind.CONSENT_NOT_COVERED, "not asked yet"),
    ],
    ids=["declined", "not asked yet"],
)


def a_cast_with_someone_without_consent(answer: str) -> tuple[Cast, Subject]:
    """Gulnara (P1) agreed, so the exhibition may be published; a passer-by gave `answer`, and is in no photo yet."""
    cast = Cast()
    cast.agree()
    passer_by = subjects.subject_create(owner=cast.photographer, name="Passer-by")
    subjects.consent_record(subject=passer_by, actor=cast.photographer, status=answer)
    return cast, passer_by


@postgresql_only
@pytest.mark.django_db(transaction=True)
@TAGGING
@ANSWERS
def test_tagging_someone_without_consent_while_the_exhibition_is_published_takes_the_photo_down(
    client, monkeypatch, tag, answer, notice_kind, why
):
    """The publish had read who its photos show and held the exhibition; the tagging, holding nothing the
    publish held, linked the passer-by to P2 and looked for published pages to clean: none yet. The publish
    then committed, and P2 went public showing someone who had said no (or was never asked)."""
    cast, passer_by = a_cast_with_someone_without_consent(answer)
    publisher_holds_exhibition, tagging_waited, tagging_done = threading.Event(), threading.Event(), threading.Event()
    tagging_pid: list[int] = []
    build = publishing.exhibition_snapshot_build

    def build_once_the_tagging_waits(locked):
        # Consent is read and the exhibition held; the snapshot is not written yet.
        publisher_holds_exhibition.set()
        until_queued_or_finished(tagging_pid, tagging_waited, tagging_done)
        return build(locked)

    monkeypatch.setattr(publishing, "exhibition_snapshot_build", build_once_the_tagging_waits)

    def publish() -> None:
        try:
            publishing.exhibition_publish(exhibition=cast.exhibition, actor=cast.curator, check_blockers=True)
        finally:
            publisher_holds_exhibition.set()

    def tagging() -> None:
        tagging_pid.append(backend_pid())
        try:
            assert publisher_holds_exhibition.wait(30)
            tag(cast.photos[2], passer_by, cast.photographer)
        finally:
            tagging_done.set()

    errors = in_threads(publish, tagging)
    assert not errors, errors

    page = client.get(public(cast.exhibition))
    assert page.status_code == 200
    assert shown(page.content.decode()) == ["P0", "P1"]  # P2 is on no public page
    assert passer_by.photos.filter(pk=cast.photos[2].pk).exists()  # the tag itself is kept
    # The curators are told, as for a withdrawal: who has no consent, and which photo left the page.
    notice = CuratorNotice.objects.get(exhibition=cast.exhibition)
    assert (notice.kind, notice.subject_id) == (notice_kind, passer_by.pk)
    assert notice.photo_titles == [{"number": 3, "title": "P2"}]
    assert tagging_waited.is_set(), "the tagging never queued for the exhibition: the race was not forced"


@postgresql_only
@pytest.mark.django_db(transaction=True)
@TAGGING
@ANSWERS
def test_a_publish_that_waited_for_a_tagging_refuses_to_show_someone_without_consent(
    client, monkeypatch, tag, answer, notice_kind, why
):
    """The tagging linked the passer-by to P2 and found no published page to clean; before it committed, the
    publish read who the photos show without seeing the new link, passed the gate and went public with P2."""
    cast, passer_by = a_cast_with_someone_without_consent(answer)
    tagging_looked, publisher_waited, publish_done = threading.Event(), threading.Event(), threading.Event()
    publisher_pid: list[int] = []
    enforce = subjects.consent_gaps_enforce

    def enforce_then_wait_for_the_publish(**kwargs):
        # The link is written and the takedown has looked, in a transaction not yet committed.
        done = enforce(**kwargs)
        tagging_looked.set()
        until_queued_or_finished(publisher_pid, publisher_waited, publish_done)
        return done

    monkeypatch.setattr(subjects, "consent_gaps_enforce", enforce_then_wait_for_the_publish)

    def tagging() -> None:
        try:
            tag(cast.photos[2], passer_by, cast.photographer)
        finally:
            tagging_looked.set()

    def publish() -> None:
        publisher_pid.append(backend_pid())
        try:
            assert tagging_looked.wait(30)
            publishing.exhibition_publish(exhibition=cast.exhibition, actor=cast.curator, check_blockers=True)
        finally:
            publish_done.set()

    errors = in_threads(tagging, publish)

    page = client.get(public(cast.exhibition))
    assert "P2" not in shown(page.content.decode())
    assert page.status_code == 404
    assert not Exhibition.objects.get(pk=cast.exhibition.pk).is_published
    # The curator is told why, as on the publish page: the photo, the person and their answer.
    assert len(errors) == 1 and isinstance(errors[0], publishing.PublishBlocked), errors
    assert [(b.code, b.item_id, b.message) for b in errors[0].blockers] == [
        (
            "consent",
            cast.exhibition.items.get(photo=cast.photos[2]).pk,
            # Read by the curator: not the photographer's label ("Passer-by"), who has no public name.
            f"“P2” shows a person without a public name, whose consent does not cover the web: {why}.",
        )
    ]
    assert publisher_waited.is_set(), "the publish never queued for the exhibition: the race was not forced"
