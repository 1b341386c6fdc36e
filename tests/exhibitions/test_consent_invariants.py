"""Whatever happens to consent, photo links, merges, overrides, publishing and review links, no page or image
served to a visitor (or to the holder of a review link) names or shows a person who may not be shown on the web.

A stateful test: Hypothesis makes random sequences of the real services' changes and, after every step, fetches
every public address a visitor could know and judges the responses against the test's own model of the world
(`Answer`, `Person`, `covers_web`, below: a small copy of the consent rule, never the app's). More sequences
locally with CONSENT_FUZZ_EXAMPLES=500. The changes: consent recorded (every status, web scope, minor, expiry in
the past, today, later or never) and withdrawn, a day passing, people linked to and unlinked from photos, merged,
relabelled a thing or a person, overrides made and revoked, publishing and unpublishing, review links issued and
revoked. The addresses: home, feed, sitemap, each exhibition and viewer page, every story, every review link
issued, and every image address (signed ones too) any of them ever served.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from curation import subjects as subject_services
from curation.models import Photo, Rendition, Subject
from exhibitions import collaboration, publishing, sequencing
from exhibitions import consent as exhibition_consent
from exhibitions import services as exhibition_services
from exhibitions.models import ConsentOverride, Exhibition, ReviewLink
from tests import factories

pytestmark = pytest.mark.django_db

# --- The test's own model of the consent rule ---------------------------------------------------------------

STATUSES = ("not_asked", "verbal", "signed", "declined", "withdrawn")
AGREEMENTS = frozenset({"verbal", "signed"})
REFUSALS = frozenset({"declined", "withdrawn"})


@dataclass(frozen=True)
class Answer:
    """What a person said, as the photographer recorded it."""

    status: str
    web: bool = False
    minor: bool = False
    expires_on: date | None = None


def covers_web(answer: Answer | None, today: date) -> bool:
    """Verbal or signed, for the web, not expired (the expiry day counts); for a minor only a signed release."""
    if answer is None or answer.status not in AGREEMENTS:
        return False
    if answer.minor and answer.status != "signed":
        return False
    return answer.web and (answer.expires_on is None or answer.expires_on >= today)


def _strictness(answer: Answer | None, today: date) -> int:
    if answer is None or answer.status == "not_asked":
        return 0
    if answer.status in REFUSALS:
        return 4 if answer.status == "withdrawn" else 3
    return 1 if covers_web(answer, today) else 2


def merged_answer(keep: Answer | None, merged: Answer | None, today: date, chosen: str | None = None) -> Answer | None:
    """Two records of one human: a "no" survives, an answer beats none; between two agreements the photographer
    may choose which holds now, and without a choice the stricter one is kept."""
    a, b = _strictness(keep, today), _strictness(merged, today)
    if chosen is not None and a in (1, 2) and b in (1, 2):
        return keep if chosen == "keep" else merged
    return merged if b > a else keep


@dataclass
class Person:
    """A subject as the test sees it: the names it was published under, whether it is (or was) a person."""

    pk: int
    names: set[str]
    was_person: bool
    answer: Answer | None = None
    overrides: set[int] = field(default_factory=set)  # exhibition pks

    @property
    def treated_as_person(self) -> bool:
        return self.was_person or self.answer is not None

    @property
    def refused(self) -> bool:
        return self.answer is not None and self.answer.status in REFUSALS

    def may_be_shown(self, exhibition: int | None, today: date) -> bool:
        """On the web; in one exhibition's pages when `exhibition` is given (its overrides count)."""
        if not self.treated_as_person or covers_web(self.answer, today):
            return True
        return exhibition is not None and exhibition in self.overrides and not self.refused


def photo_may_be_shown(people: list[Person], exhibition: int | None, today: date) -> bool:
    """A photo of several people is shown only if every one of them may be."""
    return all(person.may_be_shown(exhibition, today) for person in people)


# --- The ordinary tests of that model ------------------------------------------------------------------------

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("answer", "covered"),
    [
        (None, False),
        (Answer("not_asked", web=True), False),
        (Answer("verbal", web=True), True),
        (Answer("signed", web=True), True),
        (Answer("verbal", web=False), False),
        (Answer("declined", web=True), False),
        (Answer("withdrawn", web=True), False),
        (Answer("verbal", web=True, minor=True), False),
        (Answer("signed", web=True, minor=True), True),
        (Answer("signed", web=True, expires_on=TODAY), True),
        (Answer("signed", web=True, expires_on=TODAY - timedelta(days=1)), False),
        (Answer("verbal", web=True, expires_on=TODAY + timedelta(days=1)), True),
    ],
)
def test_the_model_covers_the_web_only_with_an_agreement_for_the_web_not_expired(answer, covered):
    assert covers_web(answer, TODAY) is covered


def test_the_model_lets_an_override_show_a_gap_in_its_exhibition_only_and_never_a_no():
    not_asked = Person(1, {"N"}, was_person=True, overrides={7})
    minor = Person(2, {"M"}, was_person=True, answer=Answer("verbal", web=True, minor=True), overrides={7})
    declined = Person(3, {"D"}, was_person=True, answer=Answer("declined"), overrides={7})
    assert not_asked.may_be_shown(7, TODAY) and minor.may_be_shown(7, TODAY)
    assert not not_asked.may_be_shown(8, TODAY) and not not_asked.may_be_shown(None, TODAY)
    assert not declined.may_be_shown(7, TODAY)
    thing = Person(4, {"T"}, was_person=False)
    once_a_person = Person(5, {"O"}, was_person=True)
    thing_with_a_record = Person(6, {"R"}, was_person=False, answer=Answer("not_asked"))
    assert thing.may_be_shown(None, TODAY)
    assert not once_a_person.may_be_shown(None, TODAY) and not thing_with_a_record.may_be_shown(None, TODAY)
    covered = Person(9, {"C"}, was_person=True, answer=Answer("signed", web=True))
    assert photo_may_be_shown([covered, thing], None, TODAY)
    assert not photo_may_be_shown([covered, not_asked], None, TODAY)
    assert photo_may_be_shown([covered, not_asked], 7, TODAY)


def test_the_model_keeps_a_no_through_a_merge_and_the_stricter_agreement_unless_chosen():
    signed = Answer("signed", web=True)
    print_only = Answer("verbal", web=False)
    assert merged_answer(signed, Answer("withdrawn"), TODAY, chosen="keep") == Answer("withdrawn")
    assert merged_answer(Answer("declined"), signed, TODAY) == Answer("declined")
    assert merged_answer(None, signed, TODAY) == signed
    assert merged_answer(Answer("not_asked"), print_only, TODAY) == print_only
    assert merged_answer(signed, print_only, TODAY) == print_only
    assert merged_answer(signed, print_only, TODAY, chosen="keep") == signed


# --- The world: built once per test (photos with renditions), the rest once per sequence ------------------------


@dataclass
class World:
    photographer: object
    curator: object
    photos: list[Photo]
    photo_of_rendition: dict[str, int]  # rendition file name -> index in `photos`


def world_build() -> World:
    photographer, curator = factories.photographer(), factories.curator()
    photos = [
        factories.processed_photo(
            photographer,
            data=factories.jpeg_bytes((120, 80), seed=900 + i),
            title=f"Plate {i}",
            alt_text=f"Alt {i}",
        )
        for i in range(5)
    ]
    index = {photo.pk: i for i, photo in enumerate(photos)}
    names = Rendition.objects.filter(photo__in=photos).values_list("file", "photo_id")
    return World(photographer, curator, photos, {name: index[photo_id] for name, photo_id in names})


# Four subjects: three people and a kite (a thing that was never a person), with what each said at the start (for
# the web; Zarnigor's release runs until the day the sequence starts), so that a sequence can publish at once and
# the changes that follow are what is tested. Public names are words no page contains by chance.
SUBJECTS = [
    ("Fruit seller", "Zarnigor Quillfeather", Subject.Kind.PERSON, "signed", "today"),
    ("Boy on the wall", "Baurzhan Wrenhaven", Subject.Kind.PERSON, "verbal", "none"),
    ("Woman at the well", "Aigerim Thistlecombe", Subject.Kind.PERSON, None, "none"),
    ("Red kite", "Kite Marblewing", Subject.Kind.THING, None, "none"),
]
# Which subjects each photo shows at the start (indexes into SUBJECTS).
LINKS = [{0}, set(), {1, 2}, {3}, set()]
# Two exhibitions: their sequences and covers (indexes into the photos); Alpha is published at the start, Bravo is a
# draft whose cover is not in its sequence.
SHOWS = [
    {"title": "Alpha show", "slug": "alpha-show", "sequence": [0, 1, 3], "cover": None, "published": True},
    {"title": "Bravo show", "slug": "bravo-show", "sequence": [2, 3, 4], "cover": 1, "published": False},
]
EXPIRIES = ("none", "past", "today", "future")


def expiry_date(expiry: str) -> date | None:
    """One of EXPIRIES as a date, on the app's clock."""
    if expiry == "none":
        return None
    return timezone.localdate() + timedelta(days={"past": -1, "today": 0, "future": 30}[expiry])


RENDITION_URL = re.compile(r"/media/renditions/[^\s\"'<>,)\\]+")

who = st.integers(0, len(SUBJECTS) - 1)
show = st.integers(0, len(SHOWS) - 1)
photo = st.integers(0, len(LINKS) - 1)


@dataclass
class ReviewLinkIssued:
    show: int  # index in SHOWS
    link: ReviewLink
    active: bool = True  # until the test revokes it (a month is longer than any run)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


class VisitorsSeeOnlyConsentedPeople(RuleBasedStateMachine):
    """The changes are the real services; the checks are what an anonymous client is served."""

    world: World

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self.client = Client()
        # Each sequence runs in a savepoint rolled back at its end: the photos and their files stay for the next.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.people: list[Person] = []
        self.alias: list[int] = []  # SUBJECTS index -> index in self.people of whoever they were merged into
        self.links: list[set[int]] = []  # photo index -> indexes in self.people
        self.shows: list[Exhibition] = []
        self.review_links: list[ReviewLinkIssued] = []  # every one issued, revoked ones too
        self.story_ids: list[int] = []  # every subject id ever made
        self.images_seen: set[str] = set()
        # The app's clock, which a rule moves on a day at a time (consent runs out at midnight, not at a write).
        self.days_later = 0
        real_now = timezone.now
        self.clock = mock.patch.object(timezone, "now", lambda: real_now() + timedelta(days=self.days_later))
        self.clock.start()

    def teardown(self) -> None:
        self.clock.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        # The next sequence reuses ids and slugs in a new world: nothing of this one may be served to it.
        cache.clear()

    # --- Helpers ----------------------------------------------------------------------------------------------

    def committed(self, change):
        """Run a service as a request would: what it does on commit (the public pages' versions) runs too."""
        with TestCase.captureOnCommitCallbacks(execute=True):
            return change()

    def living(self) -> list[Person]:
        """Everyone not merged into someone else (whose names the survivor carries on)."""
        return [self.people[i] for i in sorted(set(self.alias))]

    def person(self, index: int) -> Person:
        return self.people[self.alias[index]]

    def subject(self, index: int) -> Subject:
        return Subject.objects.get(pk=self.person(index).pk)

    def show_of(self, pk: int) -> int:
        return next(i for i, exhibition in enumerate(self.shows) if exhibition.pk == pk)

    # --- The world of one sequence ----------------------------------------------------------------------------

    @initialize()
    def build(self) -> None:
        self.committed(self.build_world)

    def build_world(self) -> None:
        owner = self.world.photographer
        for index, (name, public_name, kind, status, expiry) in enumerate(SUBJECTS):
            made = subject_services.subject_create(
                owner=owner, name=name, public_name=public_name, public_story="Met at the market.", kind=kind
            )
            answer = None
            if status is not None:
                answer = Answer(status, web=True, expires_on=expiry_date(expiry))
                subject_services.consent_record(
                    subject=made, actor=owner, status=status, scope_web=True, expires_on=answer.expires_on
                )
            self.people.append(Person(made.pk, {public_name}, kind == Subject.Kind.PERSON, answer))
            self.alias.append(index)
            self.story_ids.append(made.pk)
        for index, linked in enumerate(LINKS):
            self.links.append(set(linked))
            photo_ = self.world.photos[index]
            subject_services.photo_subjects_set(
                photo=photo_, subjects=[Subject.objects.get(pk=self.people[i].pk) for i in linked]
            )
        for spec in SHOWS:
            exhibition = exhibition_services.exhibition_create(
                owner=self.world.curator, title=spec["title"], slug=spec["slug"]
            )
            sequencing.exhibition_photos_append(
                exhibition=exhibition, photos=[self.world.photos[i] for i in spec["sequence"]]
            )
            if spec["cover"] is not None:
                Exhibition.objects.filter(pk=exhibition.pk).update(cover_photo=self.world.photos[spec["cover"]])
            if spec["published"]:
                publishing.exhibition_publish(exhibition=exhibition, actor=self.world.curator, check_blockers=True)
            exhibition.refresh_from_db()
            assert exhibition.is_published == spec["published"], "the world at the start could not be published"
            self.shows.append(exhibition)

    # --- Consent --------------------------------------------------------------------------------------------

    @rule(
        who=who,
        status=st.sampled_from(STATUSES),
        web=st.booleans(),
        minor=st.booleans(),
        expiry=st.sampled_from(EXPIRIES),
    )
    def record_consent(self, who: int, status: str, web: bool, minor: bool, expiry: str) -> None:
        expires_on = expiry_date(expiry)
        try:
            self.committed(
                lambda: subject_services.consent_record(
                    subject=self.subject(who),
                    actor=self.world.photographer,
                    status=status,
                    scope_web=web,
                    is_minor=minor,
                    expires_on=expires_on,
                )
            )
        except subject_services.SubjectRefused:
            return
        person = self.person(who)
        person.answer = Answer(status, web=web, minor=minor, expires_on=expires_on)
        if person.refused:
            person.overrides.clear()

    @rule(who=who)
    def withdraw_consent(self, who: int) -> None:
        try:
            self.committed(
                lambda: subject_services.consent_withdraw(subject=self.subject(who), actor=self.world.photographer)
            )
        except subject_services.SubjectRefused:
            return
        person = self.person(who)
        before = person.answer or Answer("withdrawn")
        person.answer = Answer("withdrawn", before.web, before.minor, before.expires_on)
        person.overrides.clear()

    @rule(who=who)
    def change_kind(self, who: int) -> None:
        """A person relabelled a thing, or a thing a person."""
        subject = self.subject(who)
        kind = Subject.Kind.THING if subject.kind == Subject.Kind.PERSON else Subject.Kind.PERSON
        fields = ("name", "story", "place_name", "met_on", "public_name", "public_story", "private_notes")
        try:
            self.committed(
                lambda: subject_services.subject_update(
                    subject=subject,
                    kind=kind,
                    contact_details=subject.contact_details,
                    **{name: getattr(subject, name) for name in fields},
                )
            )
        except subject_services.SubjectRefused:
            return
        if kind == Subject.Kind.PERSON:
            self.person(who).was_person = True

    @rule(sweep=st.booleans())
    def a_day_passes(self, sweep: bool) -> None:
        """Midnight passes: a consent that ran until yesterday no longer counts. Then the daily expiry sweep runs, or
        has not run yet: minutes later, so caches and signatures that count seconds have not moved on."""
        self.days_later += 1
        if sweep:
            self.committed(exhibition_consent.consents_expired_take_down)

    # --- Who a photo shows, and merges ------------------------------------------------------------------------

    @rule(photo=photo, shown=st.sets(who, max_size=3))
    def set_photo_subjects(self, photo: int, shown: set[int]) -> None:
        people = {self.alias[i] for i in shown}
        chosen = [Subject.objects.get(pk=self.people[i].pk) for i in sorted(people)]
        try:
            self.committed(
                lambda: subject_services.photo_subjects_set(
                    photo=self.world.photos[photo], subjects=chosen, actor=self.world.photographer
                )
            )
        except subject_services.SubjectRefused:
            return
        self.links[photo] = people

    @rule(keep=who, merged=who, choice=st.sampled_from([None, "keep", "merged"]))
    def merge(self, keep: int, merged: int, choice: str | None) -> None:
        kept, gone = self.alias[keep], self.alias[merged]
        consent_from = {"keep": subject_services.MergeConsent.KEEP, "merged": subject_services.MergeConsent.MERGED}
        try:
            self.committed(
                lambda: subject_services.subjects_merge(
                    keep=self.subject(keep),
                    merged=self.subject(merged),
                    actor=self.world.photographer,
                    consent_from=consent_from.get(choice),
                )
            )
        except subject_services.SubjectRefused:
            return
        survivor, absorbed = self.people[kept], self.people[gone]
        survivor.answer = merged_answer(survivor.answer, absorbed.answer, timezone.localdate(), choice)
        survivor.names |= absorbed.names
        survivor.was_person = survivor.was_person or absorbed.was_person
        survivor.overrides |= absorbed.overrides
        if survivor.refused:
            survivor.overrides.clear()
        self.alias = [kept if i == gone else i for i in self.alias]
        for linked in self.links:
            if gone in linked:
                linked.discard(gone)
                linked.add(kept)

    # --- Curators: overrides, publishing, review links --------------------------------------------------------

    @rule(show=show, who=who)
    def override(self, show: int, who: int) -> None:
        try:
            self.committed(
                lambda: exhibition_consent.consent_override_create(
                    exhibition=self.shows[show],
                    subject=self.subject(who),
                    reason="Agreed in person at the opening; the form is on its way.",
                    actor=self.world.curator,
                )
            )
        except exhibition_consent.ConsentRefused:
            return
        self.person(who).overrides.add(self.shows[show].pk)

    @rule(show=show, who=who)
    def revoke_override(self, show: int, who: int) -> None:
        person, exhibition = self.person(who), self.shows[show]
        found = ConsentOverride.objects.active().filter(exhibition=exhibition, subject_id=person.pk).first()
        if found is not None:
            self.committed(lambda: exhibition_consent.consent_override_revoke(override=found, actor=self.world.curator))
        person.overrides.discard(exhibition.pk)

    @rule(show=show)
    def publish(self, show: int) -> None:
        # The gate may refuse: then nothing changes, which is what is checked next.
        with contextlib.suppress(publishing.PublishBlocked):
            self.committed(
                lambda: publishing.exhibition_publish(
                    exhibition=self.shows[show], actor=self.world.curator, check_blockers=True
                )
            )

    @rule(show=show)
    def unpublish(self, show: int) -> None:
        self.committed(lambda: publishing.exhibition_unpublish(exhibition=self.shows[show], actor=self.world.curator))

    @rule(show=show)
    def create_review_link(self, show: int) -> None:
        link = self.committed(
            lambda: collaboration.review_link_create(
                exhibition=self.shows[show], actor=self.world.curator, valid_for=timedelta(days=30)
            )
        )
        self.review_links.append(ReviewLinkIssued(show, link))

    @precondition(lambda self: self.review_links)
    @rule(which=st.integers(0, 3))
    def revoke_review_link(self, which: int) -> None:
        issued = self.review_links[which % len(self.review_links)]
        self.committed(lambda: collaboration.review_link_revoke(link=issued.link))
        issued.active = False

    # --- What visitors are served ----------------------------------------------------------------------------

    def photo_may_be_shown(self, index: int, contexts: set[int | None], today: date) -> bool:
        """In one of `contexts`: an exhibition's overrides count for photos of its own draft only."""
        people = [self.people[i] for i in self.links[index]]
        for context in contexts:
            if context is not None:
                spec = SHOWS[self.show_of(context)]
                if index not in spec["sequence"] and index != spec["cover"]:
                    continue
            if photo_may_be_shown(people, context, today):
                return True
        return False

    def answers_200(self, url: str, answers: dict[str, int]) -> bool:
        if url not in answers:
            answers[url] = self.client.get(url).status_code
        return answers[url] == 200

    def page_leaks(
        self, url: str, text: str, contexts: set[int | None], today: date, answers: dict[str, int]
    ) -> tuple[list[str], list[str]]:
        """Names of people no context lets this page show; images on it of photos none lets it show, that load."""
        named, shown = [], []
        for person in self.living():
            if any(person.may_be_shown(context, today) for context in contexts):
                continue
            for name in sorted(person.names):
                if name in text:
                    named.append(f"{url} names {name} ({self.why(person, today)})")
        for image in sorted({html.unescape(found) for found in RENDITION_URL.findall(text)}):
            self.images_seen.add(image)
            index = self.photo_index(image)
            if index is None or self.photo_may_be_shown(index, contexts, today):
                continue
            if self.answers_200(image, answers):
                shown.append(f"{url} shows photo {index} ({self.who_blocks(index, contexts, today)}): {image}")
        return named, shown

    def photo_index(self, image_url: str) -> int | None:
        name = image_url.split("?", 1)[0].removeprefix("/media/renditions/")
        return self.world.photo_of_rendition.get(name)

    def why(self, person: Person, today: date) -> str:
        answer = person.answer
        if answer is None:
            said = "no consent recorded"
        else:
            said = f"{answer.status}, web={answer.web}, minor={answer.minor}, expires_on={answer.expires_on}"
        overrides = sorted(self.show_of(pk) for pk in person.overrides)
        return f"{' = '.join(sorted(person.names))}: {said}; overrides in shows {overrides}; today {today}"

    def who_blocks(self, index: int, contexts: set[int | None], today: date) -> str:
        people = [self.people[i] for i in sorted(self.links[index])]
        return "; ".join(self.why(p, today) for p in people if not any(p.may_be_shown(c, today) for c in contexts))

    @invariant()
    def nobody_is_named_or_shown_without_consent(self) -> None:
        if not self.shows:
            return
        today = timezone.localdate()
        answers: dict[str, int] = {}
        published: set[int] = set()
        exhibition_pages, review_pages, other_pages = [], [], []
        for index, exhibition in enumerate(self.shows):
            slug = SHOWS[index]["slug"]
            urls = [reverse("exhibitions:detail", args=[slug])] + [
                reverse("exhibitions:photo", args=[slug, n]) for n in range(1, len(SHOWS[index]["sequence"]) + 1)
            ]
            for url in urls:
                response = self.client.get(url)
                if response.status_code == 200:
                    published.add(exhibition.pk)
                    exhibition_pages.append((url, body_text(response), {exhibition.pk}))
        for issued in self.review_links:
            url = reverse("studio:review", args=[issued.link.token])
            response = self.client.get(url)
            if response.status_code == 200:
                review_pages.append((url, body_text(response), {self.shows[issued.show].pk}))
        everywhere: set[int | None] = {None, *published}
        stories = [reverse("exhibitions:story", args=[pk]) for pk in self.story_ids]
        for url in [reverse("exhibitions:home"), reverse("exhibitions:feed"), reverse("sitemap"), *stories]:
            response = self.client.get(url)
            if response.status_code == 200:
                other_pages.append((url, body_text(response), everywhere))

        named: dict[str, list[str]] = {}
        shown: dict[str, list[str]] = {}
        for kind, pages in (("published", exhibition_pages), ("review", review_pages), ("other", other_pages)):
            named[kind], shown[kind] = [], []
            for page in pages:
                names, images = self.page_leaks(*page, today, answers)
                named[kind] += names
                shown[kind] += images
        # Any image address seen so far, signed or not, may be kept and asked for again.
        allowed = everywhere | {self.shows[issued.show].pk for issued in self.review_links if issued.active}
        loaded = [
            f"{image} answers 200: photo {index} ({self.who_blocks(index, allowed, today)})"
            for image in sorted(self.images_seen)
            if (index := self.photo_index(image)) is not None
            and not self.photo_may_be_shown(index, allowed, today)
            and self.answers_200(image, answers)
        ]
        # One assertion per kind of leak, so that Hypothesis reports (and shrinks) each kind on its own.
        assert not named["published"], "a published page names someone:\n" + "\n".join(named["published"])
        assert not shown["published"], "a published page shows someone:\n" + "\n".join(shown["published"])
        assert not named["review"], "a review link names someone:\n" + "\n".join(named["review"])
        assert not shown["review"], "a review link shows someone:\n" + "\n".join(shown["review"])
        assert not named["other"], "home, feed, sitemap or a story names someone:\n" + "\n".join(named["other"])
        assert not shown["other"], "home, feed, sitemap or a story shows someone:\n" + "\n".join(shown["other"])
        assert not loaded, "an image of someone answers an anonymous client:\n" + "\n".join(loaded)


EXAMPLES = int(os.environ.get("CONSENT_FUZZ_EXAMPLES", "25"))


def test_no_visitor_is_served_a_person_who_may_not_be_shown(caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # the many 404s are answers, not news
    world = world_build()
    run_state_machine_as_test(
        lambda: VisitorsSeeOnlyConsentedPeople(world),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
