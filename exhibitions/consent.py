"""Consent in publishing: the publish rule, overrides, the consent report, and taking photos down when consent ends."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.models import Consent, Photo, ReleaseDocument, Subject, SubjectEvent, WebGap, consent_web_gap
from curation.people.changes import people_changed
from curation.publications import Takedown
from exhibitions.blockers import Blocker
from exhibitions.cache import public_pages_changed
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, ExhibitionItem, PublicationEvent
from exhibitions.snapshot import snapshots_photo_ids

logger = logging.getLogger(__name__)

BLOCKER_CODE = "consent"
# An override is the curator taking responsibility for a person not yet asked, or asked for less than the web.
# Someone who said no is never published, whatever the reason given.
UNOVERRIDABLE = frozenset({WebGap.DECLINED, WebGap.WITHDRAWN})
OVERRIDE_REASON_MIN = 10


class ConsentRefused(ValueError):
    """A consent action that cannot be done; `message` is written for the curator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Who appears in an exhibition, and whether they may be shown ----------------------------------------------


@dataclass
class Appearance:
    """A person in an exhibition's draft: their photos there, their consent, and any override of the gate."""

    subject: Subject
    consent: Consent | None
    gap: str  # a WebGap code, "" when the consent covers the web
    items: list[ExhibitionItem] = field(default_factory=list)
    in_cover: bool = False
    cover_elsewhere: bool = False  # the cover shows them and is not one of their photos in the sequence
    override: ConsentOverride | None = None

    @property
    def gap_label(self) -> str:
        return str(WebGap(self.gap).label) if self.gap else ""

    @property
    def overridable(self) -> bool:
        return bool(self.gap) and self.gap not in UNOVERRIDABLE

    @property
    def blocks(self) -> bool:
        """True when this person stops the exhibition from being published."""
        if not self.gap:
            return False
        return self.override is None or not self.overridable

    @property
    def item_ids(self) -> list[int]:
        return [item.pk for item in self.items]


_APPEARANCE_FIELDS = (
    "photo_id",
    "subject__id",
    "subject__owner_id",
    "subject__kind",
    "subject__name",
    "subject__public_name",
    *(f"subject__consent__{name}" for name in ("id", "subject_id", "status", "scope_web", "scope_print")),
    *(f"subject__consent__{name}" for name in ("scope_exhibition", "given_on", "expires_on", "is_minor")),
)


def _photo_ids(exhibition: Exhibition, photo_items: Iterable[ExhibitionItem]) -> set[int]:
    ids = {item.photo_id for item in photo_items if item.photo_id}
    if exhibition.cover_photo_id:
        ids.add(exhibition.cover_photo_id)
    return ids


def appearances_for(
    exhibition: Exhibition,
    photo_items: list[ExhibitionItem],
    *,
    today: date | None = None,
    everyone: bool = False,
) -> list[Appearance]:
    """The people in these photo items (and the cover), in sequence order: those not covered, or `everyone`.

    One query for the people and their consent (two inside a transaction, which first locks the people), and
    one for overrides when someone is not covered.
    """
    photo_ids = _photo_ids(exhibition, photo_items)
    if not photo_ids:
        return []
    people_links = Photo.subjects.through.objects.filter(photo_id__in=photo_ids, subject__kind=Subject.Kind.PERSON)
    if connection.in_atomic_block and connection.features.has_select_for_update:
        # Publishing: hold the people's rows until the snapshot is saved, so a withdrawal recorded meanwhile
        # either waits and then sees the exhibition published (and takes the photos down), or is seen here.
        # Locked before their consent is read, not after: a publish that queued behind a withdrawal must read
        # "withdrawn" once it has the row, since that withdrawal's takedown has already looked and found this
        # exhibition unpublished. In pk order, so two transactions locking several people queue, not deadlock;
        # the caller holds the exhibition already (exhibitions before people, everywhere).
        list(
            Subject.objects.select_for_update()
            .filter(pk__in=people_links.values("subject_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    links = list(
        people_links.select_related("subject__consent")
        # Not the stories and notes: the sequencer runs this on every render, and a story can be long.
        .only(*_APPEARANCE_FIELDS)
        .order_by("subject__name", "subject_id")
    )
    if not links:
        return []
    today = today or timezone.localdate()
    by_subject: dict[int, Appearance] = {}
    by_photo: dict[int, list[Appearance]] = {}
    for link in links:
        subject = link.subject
        if subject.pk not in by_subject:
            consent = getattr(subject, "consent", None)
            by_subject[subject.pk] = Appearance(subject=subject, consent=consent, gap=consent_web_gap(consent, today))
        by_photo.setdefault(link.photo_id, []).append(by_subject[subject.pk])
    order: dict[int, Appearance] = {}  # first appearance in the sequence first
    for item in photo_items:
        for appearance in by_photo.get(item.photo_id, []):
            appearance.items.append(item)
            order.setdefault(appearance.subject.pk, appearance)
    for appearance in by_photo.get(exhibition.cover_photo_id or 0, []):
        appearance.in_cover = True
        appearance.cover_elsewhere = not any(item.photo_id == exhibition.cover_photo_id for item in appearance.items)
        order.setdefault(appearance.subject.pk, appearance)
    wanted = [a for a in order.values() if everyone or a.gap]
    if any(a.gap for a in wanted):
        overrides = ConsentOverride.objects.active().filter(
            exhibition_id=exhibition.pk, subject_id__in=[a.subject.pk for a in wanted if a.gap]
        )
        by_override = {o.subject_id: o for o in overrides.select_related("created_by")}
        for appearance in wanted:
            appearance.override = by_override.get(appearance.subject.pk)
    return wanted


def rule_consent(exhibition: Exhibition, photo_items: list[ExhibitionItem]) -> Iterable[Any]:
    """The publish rule: every person shown must have consent that covers the web, or an override."""
    for appearance in appearances_for(exhibition, photo_items):
        if not appearance.blocks:
            continue
        values = {"name": appearance.subject.name, "why": appearance.gap_label}
        for item in appearance.items:
            yield Blocker(
                BLOCKER_CODE,
                _("“%(title)s” shows %(name)s, whose consent does not cover the web: %(why)s.")
                % {"title": item.display_title, **values},
                item.pk,
            )
        if appearance.cover_elsewhere:
            yield Blocker(
                BLOCKER_CODE,
                _("The cover photo shows %(name)s, whose consent does not cover the web: %(why)s.") % values,
            )


def _photo_items(exhibition: Exhibition) -> list[ExhibitionItem]:
    return list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk, kind=ExhibitionItem.Kind.PHOTO)
        .select_related("photo")
        .order_by("position")
    )


def consent_problems(exhibition: Exhibition) -> list[Appearance]:
    """The people not covered by consent in the draft, each with their photos and any override (publish page)."""
    return appearances_for(exhibition, _photo_items(exhibition))


def publish_page_context(exhibition: Exhibition) -> dict[str, Any]:
    """The publish page's consent section: who blocks it and why, and every override ever made (the audit)."""
    people = consent_problems(exhibition)
    return {
        "consent_people": people,
        "consent_blocking": sum(1 for a in people if a.blocks),
        "consent_overrides": list(
            exhibition.consent_overrides.select_related("subject", "created_by", "revoked_by").order_by(
                "-created_at", "-id"
            )
        ),
    }


# --- The consent report -----------------------------------------------------------------------------------


@dataclass
class ReportRow:
    appearance: Appearance
    numbers: list[int]
    documents: list[ReleaseDocument]


@dataclass
class ConsentReport:
    rows: list[ReportRow]
    other_subjects: int  # places, events and things: no consent needed
    generated_at: Any

    @property
    def blocking(self) -> int:
        return sum(1 for row in self.rows if row.appearance.blocks)


def consent_report(exhibition: Exhibition) -> ConsentReport:
    """Everyone who appears in the draft (and the cover), with their consent and documents: four queries."""
    items = _photo_items(exhibition)
    appearances = appearances_for(exhibition, items, everyone=True)
    documents: dict[int, list[ReleaseDocument]] = {}
    if appearances:
        for document in ReleaseDocument.objects.filter(subject_id__in=[a.subject.pk for a in appearances]).defer(
            "file"
        ):
            documents.setdefault(document.subject_id, []).append(document)
    number = {item.pk: index for index, item in enumerate(items, start=1)}
    rows = [ReportRow(a, [number[item.pk] for item in a.items], documents.get(a.subject.pk, [])) for a in appearances]
    photo_ids = _photo_ids(exhibition, items)
    others = (
        Subject.objects.filter(photos__in=photo_ids).exclude(kind=Subject.Kind.PERSON).distinct().count()
        if photo_ids
        else 0
    )
    return ConsentReport(rows=rows, other_subjects=others, generated_at=timezone.now())


# --- Overrides -------------------------------------------------------------------------------------------


def consent_override_create(*, exhibition: Exhibition, subject: Subject, reason: str, actor) -> ConsentOverride:
    """Let the exhibition be published showing a person whose consent does not cover the web, for a stated reason."""
    reason = reason.strip()
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ConsentRefused(_("Say why in a sentence: the reason is kept with your name."))
    with transaction.atomic():
        Exhibition.objects.select_for_update().filter(pk=exhibition.pk).first()
        appearance = next(
            (a for a in consent_problems(exhibition) if a.subject.pk == subject.pk),
            None,
        )
        if appearance is None:
            raise ConsentRefused(_("Nothing to do: this person does not block publishing."))
        if not appearance.overridable:
            raise ConsentRefused(
                _("%(name)s said no (%(why)s): their photos cannot be published. Remove them from the exhibition.")
                % {"name": subject.name, "why": appearance.gap_label}
            )
        if appearance.override is not None:
            return appearance.override
        return ConsentOverride.objects.create(
            exhibition=exhibition,
            subject=subject,
            reason=reason,
            consent_status=appearance.consent.status if appearance.consent else Consent.Status.NOT_ASKED,
            created_by=actor,
        )


@dataclass(frozen=True)
class OverrideRevocation:
    """An ended override, and what it took off the exhibition's public page (None when nothing)."""

    override: ConsentOverride
    takedown: Takedown | None = None


def consent_override_revoke(*, override: ConsentOverride, actor, reason: str = "") -> OverrideRevocation:
    """End an override (the row stays in the audit trail); if the exhibition is published and the person's consent
    does not cover the web without it, their photos leave that exhibition's public page in the same transaction.

    Other exhibitions are untouched: each has its own override or its own consent check. A scheduled publication
    is left to the check made at its time, as for an expiry.
    """
    with transaction.atomic():
        # Publishing and making an override lock the exhibition, then the people shown; the takedowns (the expiry
        # sweep's too) lock the exhibition. The same order here, so the consent read below is the one a publish
        # would see, and a "no" being recorded (which holds the person while it ends their overrides) is either
        # seen here or waited for.
        Exhibition.objects.select_for_update().filter(pk=override.exhibition_id).first()
        subject = Subject.objects.select_for_update().get(pk=override.subject_id)
        current = ConsentOverride.objects.get(pk=override.pk)
        if current.revoked_at is not None:
            # Ended meanwhile (a refusal ends them all, and takes the photos down everywhere itself).
            return OverrideRevocation(override=current)
        current.revoked_at = timezone.now()
        current.revoked_by = actor
        current.revoked_reason = (reason or _("Revoked by a curator"))[:300]
        current.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        if not consent_web_gap(Consent.objects.filter(subject_id=subject.pk).first()):
            return OverrideRevocation(override=current)  # covered without it now (renewed since): nothing to do
        takedowns = published_photos_take_down(
            subject=subject, actor=actor, cause=TakedownCause.OVERRIDE_REVOKED, exhibition_id=current.exhibition_id
        )
        takedowns_record(subject=subject, takedowns=takedowns, actor=actor, cause=TakedownCause.OVERRIDE_REVOKED)
    return OverrideRevocation(override=current, takedown=takedowns[0] if takedowns else None)


def consent_overrides_end_for(*, subject: Subject, actor, reason: str) -> int:
    """End every active override for a person (they said no): a refusal is never overridden.

    Takes nothing down itself: its callers (curation.subjects) follow it with `published_photos_take_down` for
    the refusal, which ignores overrides and covers every exhibition, so doing it here too would tell twice.
    """
    ended = (
        ConsentOverride.objects.active()
        .filter(subject=subject)
        .update(revoked_at=timezone.now(), revoked_by=actor, revoked_reason=reason[:300])
    )
    if ended:
        people_changed()  # update() sends no signal
    return ended


# --- Notices to curators --------------------------------------------------------------------------------------


def notices_open(exhibitions: Any) -> list[CuratorNotice]:
    """Undismissed notices of these exhibitions (ids, or a subquery of them), newest first."""
    return list(
        CuratorNotice.objects.filter(exhibition_id__in=exhibitions, dismissed_at__isnull=True).select_related(
            "exhibition"
        )
    )


def notice_dismiss(*, notice: CuratorNotice, actor) -> CuratorNotice:
    if notice.dismissed_at is None:
        notice.dismissed_at = timezone.now()
        notice.dismissed_by = actor
        notice.save(update_fields=["dismissed_at", "dismissed_by"])
    return notice


# --- Taking photos of a person off every published page ------------------------------------------------------


def _entry_shows(entry: dict[str, Any] | None, photo_ids: set[int], subject_id: int) -> bool:
    if not entry:
        return False
    if entry.get("photo_id") in photo_ids:
        return True
    return any(s.get("id") == subject_id for s in entry.get("subjects", []))


def snapshot_without(
    snapshot: dict[str, Any], *, photo_ids: set[int], subject_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The snapshot with the person's photos gone, the rest in their order; and what was removed.

    A photo is the person's when it is linked to them now or was when published. The cover, if theirs, gives
    way to the first photo left. A chapter left with nothing under it goes too.
    """
    removed: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    number = 0
    for entry in snapshot.get("items", []):
        if entry.get("kind") == "photo":
            number += 1
            if _entry_shows(entry, photo_ids, subject_id):
                removed.append({"number": number, "title": entry.get("title") or "", "photo_id": entry["photo_id"]})
                continue
        kept.append(entry)
    items: list[dict[str, Any]] = []
    for index, entry in enumerate(kept):
        if entry.get("kind") == "section":
            following = next((e for e in kept[index + 1 :] if e.get("kind") == "section"), None)
            body = kept[index + 1 : kept.index(following) if following else len(kept)]
            if not body:
                continue
        items.append(entry)
    cover = snapshot.get("cover")
    if _entry_shows(cover, photo_ids, subject_id):
        first = next((e for e in items if e.get("kind") == "photo"), None)
        cover = {k: v for k, v in first.items() if k != "kind"} if first else None
        if not removed:
            removed.append({"number": 0, "title": snapshot["cover"].get("title") or "", "photo_id": None})
    return {**snapshot, "items": items, "cover": cover}, removed


class TakedownCause(enum.Enum):
    """Why a person's photos leave published pages; it decides whether an override counts, and what curators read."""

    REFUSED = "refused"  # declined or withdrew: at once, everywhere, whatever any override says
    EXPIRED = "expired"  # the consent ran out: an exhibition whose override still lets it show them keeps them
    OVERRIDE_REVOKED = "override_revoked"  # the exception that let one exhibition show them ended: that one only
    # Any other gap (not asked, not for the web, a minor without a guardian's release), found when the answer is
    # recorded or when the person is newly linked, relabelled or merged: an override still keeps them, as EXPIRED.
    NOT_COVERED = "not_covered"


def takedown_cause(gap: str) -> TakedownCause | None:
    """What a consent gap (a WebGap code) does to published pages; None when the consent covers the web."""
    if not gap:
        return None
    if gap in UNOVERRIDABLE:
        return TakedownCause.REFUSED
    return TakedownCause.EXPIRED if gap == WebGap.EXPIRED else TakedownCause.NOT_COVERED


def _subject_photo_ids(subject: Subject) -> set[int]:
    return set(Photo.subjects.through.objects.filter(subject_id=subject.pk).values_list("photo_id", flat=True))


def _titles(photos: list[dict[str, Any]]) -> str:
    return ", ".join(
        f"“{p['title']}”" if p["title"] else _("photo %(number)d") % {"number": p["number"]} for p in photos
    )


def _override_keeps(exhibition_id: int, subject: Subject, cause: TakedownCause) -> bool:
    """Whether the publish gate would still let this exhibition show the person, as `Appearance.blocks` decides:
    consent that covers the web (given again since), or an active override for the exhibition, unless the person
    said no (UNOVERRIDABLE)."""
    if cause is TakedownCause.REFUSED:
        return False
    # Read now, not when the sweep listed them: a "no" recorded meanwhile must win over any override, and a
    # consent given again after the change that called this (its own takedown runs after its commit) keeps them.
    gap = consent_web_gap(Consent.objects.filter(subject_id=subject.pk).first())
    if gap in UNOVERRIDABLE:
        return False
    if not gap:
        return True
    return ConsentOverride.objects.active().filter(exhibition_id=exhibition_id, subject_id=subject.pk).exists()


_TAKEDOWN_EVENT = {
    TakedownCause.REFUSED: PublicationEvent.Action.PHOTOS_TAKEN_DOWN,
    TakedownCause.EXPIRED: PublicationEvent.Action.CONSENT_EXPIRED,
    TakedownCause.OVERRIDE_REVOKED: PublicationEvent.Action.OVERRIDE_REVOKED,
    TakedownCause.NOT_COVERED: PublicationEvent.Action.CONSENT_NOT_COVERED,
}
_TAKEDOWN_NOTICE = {
    TakedownCause.REFUSED: CuratorNotice.Kind.TAKEN_DOWN,
    TakedownCause.EXPIRED: CuratorNotice.Kind.CONSENT_EXPIRED,
    TakedownCause.OVERRIDE_REVOKED: CuratorNotice.Kind.OVERRIDE_REVOKED,
    TakedownCause.NOT_COVERED: CuratorNotice.Kind.CONSENT_NOT_COVERED,
}


def exhibitions_showing_photos_lock(*, photos: QuerySet[Photo]) -> list[int]:
    """Lock, in pk order, every exhibition whose draft, cover or published snapshot shows one of `photos`; their ids.

    Called before linking people to the photos, in the same transaction. A publish cannot see an uncommitted
    link, nor the link's takedown an uncommitted publish: without a lock in common, a person who said no could
    be published. Holding the exhibitions makes one wait: a publish that came first has committed when the
    takedown looks; one that comes second reads the link and the gate stops it. Exhibitions before people.
    """
    ids = photos.order_by().values("pk")
    in_items = ExhibitionItem.objects.filter(photo_id__in=ids).values("exhibition_id")
    pks = set(Exhibition.objects.filter(Q(pk__in=in_items) | Q(cover_photo_id__in=ids)).values_list("pk", flat=True))
    shows = snapshots_photo_ids(Exhibition.objects.published())
    if shows:
        hits = set(photos.filter(pk__in=set().union(*shows.values())).values_list("pk", flat=True))
        pks |= {pk for pk, shown in shows.items() if shown & hits}
    if pks:
        list(Exhibition.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    return sorted(pks)


def published_photos_take_down(
    *,
    subject: Subject,
    actor=None,
    cause: TakedownCause = TakedownCause.REFUSED,
    exhibition_id: int | None = None,
) -> list[Takedown]:
    """Rebuild every published snapshot that shows this person (or only `exhibition_id`'s) without their photos,
    and tell the curators.

    Runs in the caller's transaction; the public pages' versions move on when it commits, so visitors, the
    public caches and the public image check (all keyed on those versions) stop showing the photos at once.
    Drafts are left to the curator, whom the publish gate will stop from publishing those photos again.
    For any cause but a refusal, an exhibition with an active override for the person keeps them, and
    scheduled publications are left to the check made at their time (the consent may be renewed before then).
    """
    photo_ids = _subject_photo_ids(subject)
    published = Exhibition.objects.published()
    if exhibition_id is not None:
        published = published.filter(pk=exhibition_id)
    candidates = [
        pk
        for pk, snapshot in published.values_list("pk", "published_snapshot")
        if snapshot
        and (
            any(_entry_shows(e, photo_ids, subject.pk) for e in snapshot.get("items", []) if e.get("kind") == "photo")
            or _entry_shows(snapshot.get("cover"), photo_ids, subject.pk)
        )
    ]
    done: list[Takedown] = []
    actor = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        for pk in candidates:
            locked = Exhibition.objects.select_for_update().filter(pk=pk, status=Exhibition.Status.PUBLISHED).first()
            if locked is None or not locked.published_snapshot:
                continue
            # Read under the exhibition's lock, which making an override takes too: no override slips past.
            if _override_keeps(pk, subject, cause):
                continue
            snapshot, removed = snapshot_without(locked.published_snapshot, photo_ids=photo_ids, subject_id=subject.pk)
            if not removed:
                continue
            unpublished = not any(e.get("kind") == "photo" for e in snapshot["items"])
            if unpublished:
                # Nothing left to show: an empty page would only say that someone was removed from it.
                locked.status = Exhibition.Status.DRAFT
                locked.published_snapshot, locked.snapshot_at = None, None
                locked.save(update_fields=["status", "published_snapshot", "snapshot_at"])
            else:
                locked.published_snapshot = snapshot
                locked.save(update_fields=["published_snapshot"])
                # Visitors no longer see the draft as it was published: the studio says the two differ.
                Exhibition.objects.filter(pk=pk).update(updated_at=timezone.now())
            PublicationEvent.objects.create(
                exhibition=locked,
                action=_TAKEDOWN_EVENT[cause],
                actor=actor,
                detail=_titles(removed) + (" — " + _("nothing was left: unpublished") if unpublished else ""),
            )
            CuratorNotice.objects.create(
                exhibition=locked,
                kind=_TAKEDOWN_NOTICE[cause],
                subject=subject,
                subject_name=subject.name,
                photo_titles=[{"number": p["number"], "title": p["title"]} for p in removed],
                unpublished=unpublished,
            )
            transaction.on_commit(lambda pk=pk: public_pages_changed(exhibition_id=pk))
            done.append(Takedown(locked.pk, locked.title, removed, unpublished=unpublished))
        if cause is TakedownCause.REFUSED:
            done += _schedules_cancel_showing(subject, photo_ids)
    if done:
        logger.info("consent %s for subject %s: %d exhibitions changed", cause.value, subject.pk, len(done))
    return done


def takedowns_record(
    *, subject: Subject, takedowns: list[Takedown], actor=None, cause: TakedownCause = TakedownCause.REFUSED
) -> None:
    """Keep in the person's history which exhibitions changed, so the photographer can see it."""
    if not takedowns:
        return
    SubjectEvent.objects.create(
        subject=subject,
        action=SubjectEvent.Action.TAKEN_DOWN,
        actor=actor if actor is not None and actor.is_authenticated else None,
        changes={
            "cause": cause.value,
            "exhibitions": [
                {
                    "id": t.exhibition_id,
                    "title": t.title,
                    "photos": len(t.photos),
                    "unpublished": t.unpublished,
                    "schedule_cancelled": t.schedule_cancelled,
                }
                for t in takedowns
            ],
        },
    )


def _expired_q(today: date) -> Q:
    # Only an agreement can run out; a "no" was taken down when it was recorded, and "not asked" never covered.
    return Q(kind=Subject.Kind.PERSON, consent__status__in=Consent.AGREEMENTS, consent__expires_on__lt=today)


def consents_expired_take_down(*, today: date | None = None) -> list[Takedown]:
    """Take the photos of people whose consent has expired off every published page, as a withdrawal does.

    "Expired" is as of `today` in the project's time zone (the expiry day itself still counts, as at the publish
    gate). An exhibition with an active override for the person keeps them; drafts and schedules are left to
    the gate. Idempotent: a person already taken down appears in no published snapshot, so a rerun finds
    nothing to do, writes nothing and tells nobody again. Run daily by the beat (exhibitions.tasks).
    """
    today = today or timezone.localdate()
    expired = set(Subject.objects.filter(_expired_q(today)).values_list("pk", flat=True))
    if not expired:
        return []
    people_in: dict[int, set[int]] = {}  # photo id -> the expired people it shows
    for photo_id, subject_id in Photo.subjects.through.objects.filter(subject_id__in=list(expired)).values_list(
        "photo_id", "subject_id"
    ):
        people_in.setdefault(photo_id, set()).add(subject_id)
    shown: set[int] = set()
    for snapshot in Exhibition.objects.published().values_list("published_snapshot", flat=True):
        if not snapshot:
            continue
        # As `_entry_shows`: a photo linked to them now, or one that named them when it was published.
        entries = [e for e in snapshot.get("items", []) if e.get("kind") == "photo"] + [snapshot.get("cover") or {}]
        for entry in entries:
            shown |= people_in.get(entry.get("photo_id"), set())
            shown |= {s.get("id") for s in entry.get("subjects", [])} & expired
    done: list[Takedown] = []
    for pk in sorted(shown):
        # Read again just before: a renewal recorded since the list above keeps the photos up. The person's row
        # is not locked (publishing locks exhibition, then person; this takes exhibitions), so a renewal landing
        # in the next instant may still lose the photos; the curator republishes, the safe way round.
        subject = Subject.objects.filter(_expired_q(today), pk=pk).first()
        if subject is None:
            continue
        with transaction.atomic():
            takedowns = published_photos_take_down(subject=subject, cause=TakedownCause.EXPIRED)
            takedowns_record(subject=subject, takedowns=takedowns, cause=TakedownCause.EXPIRED)
        done += takedowns
    return done


def _schedules_cancel_showing(subject: Subject, photo_ids: set[int]) -> list[Takedown]:
    """A scheduled exhibition whose draft shows the person may not go out: cancel it and say why."""
    if not photo_ids:
        return []
    in_items = ExhibitionItem.objects.filter(photo_id__in=photo_ids).values("exhibition_id")
    scheduled = Exhibition.objects.filter(publish_at__isnull=False).filter(
        Q(pk__in=in_items) | Q(cover_photo_id__in=photo_ids)
    )
    done = []
    for pk in list(scheduled.values_list("pk", flat=True)):
        locked = Exhibition.objects.select_for_update().filter(pk=pk, publish_at__isnull=False).first()
        if locked is None:
            continue
        photos = [
            {"number": item.position + 1, "title": item.display_title}
            for item in locked.items.filter(photo_id__in=photo_ids).select_related("photo").order_by("position")
        ]
        schedule_cancel(locked, subject_name=subject.name, subject=subject, photos=photos)
        done.append(Takedown(locked.pk, locked.title, photos, schedule_cancelled=True))
    return done


def schedule_cancel(
    locked: Exhibition,
    *,
    subject_name: str,
    photos: list[dict[str, Any]],
    subject: Subject | None = None,
    detail: str = "",
) -> None:
    """Cancel a locked exhibition's scheduled publication because of consent, with an event and a notice."""
    scheduled_for = locked.publish_at
    locked.publish_at, locked.publish_scheduled_by = None, None
    locked.save(update_fields=["publish_at", "publish_scheduled_by"])
    PublicationEvent.objects.create(
        exhibition=locked,
        action=PublicationEvent.Action.SCHEDULE_CANCELLED,
        scheduled_for=scheduled_for,
        detail=detail or _("Consent does not cover the web for %(name)s.") % {"name": subject_name},
    )
    CuratorNotice.objects.create(
        exhibition=locked,
        kind=CuratorNotice.Kind.SCHEDULE_CANCELLED,
        subject=subject,
        subject_name=subject_name[:300],
        photo_titles=photos,
    )


def scheduled_publish_consent_check(locked: Exhibition, blockers: list[Any]) -> bool:
    """At its time, a scheduled exhibition that shows someone without consent is cancelled, not left waiting.

    Returns True when it was cancelled. Other blockers (photos still processing) keep it scheduled.
    """
    consent_blockers = [b for b in blockers if b.code == BLOCKER_CODE]
    if not consent_blockers:
        return False
    blocking = [a for a in consent_problems(locked) if a.blocks]
    photos = {item.pk: {"number": item.position + 1, "title": item.display_title} for a in blocking for item in a.items}
    schedule_cancel(
        locked,
        subject_name=", ".join(a.subject.name for a in blocking)[:300],
        subject=blocking[0].subject if len(blocking) == 1 else None,
        photos=sorted(photos.values(), key=lambda p: p["number"]),
        detail="\n".join(b.message for b in consent_blockers),
    )
    return True


# --- Merges: published snapshots follow the surviving subject -------------------------------------------------


def snapshots_subject_replace(*, old_id: int, subject: Subject) -> list[int]:
    """Point published photo entries that name `old_id` at `subject`, so their story links keep working.

    Locks each exhibition it rewrites, so the caller must hold no person's row by then: publishing locks an
    exhibition before the people it shows.
    """
    changed: list[int] = []
    name = subject.public_name or subject.name

    def fix(entry: dict[str, Any] | None) -> bool:
        if not entry or not any(s.get("id") == old_id for s in entry.get("subjects", [])):
            return False
        fixed, seen = [], set()
        for s in entry["subjects"]:
            s = (
                {**s, "id": subject.pk, "name": name, "has_story": bool(subject.public_story)}
                if s["id"]
                in (
                    old_id,
                    subject.pk,
                )
                else s
            )
            if s["id"] not in seen:
                seen.add(s["id"])
                fixed.append(s)
        entry["subjects"] = fixed
        return True

    def rewrite(snapshot: dict[str, Any] | None) -> bool:
        """Point the snapshot's entries at `subject`, in place; whether any named `old_id`."""
        if not snapshot:
            return False
        touched = [fix(e) for e in snapshot.get("items", []) if e.get("kind") == "photo"]
        return any([*touched, fix(snapshot.get("cover"))])

    candidates = [
        pk
        for pk, snapshot in Exhibition.objects.published().order_by("pk").values_list("pk", "published_snapshot")
        if rewrite(snapshot)
    ]
    with transaction.atomic():
        for pk in candidates:
            # Rewrite the snapshot as it is under the lock, not as listed above: a republish committed in
            # between (a photo added, say) must not be overwritten by the older copy.
            locked = Exhibition.objects.select_for_update().filter(pk=pk, status=Exhibition.Status.PUBLISHED).first()
            if locked is None or not rewrite(locked.published_snapshot):
                continue  # unpublished meanwhile, or republished already naming `subject`
            locked.save(update_fields=["published_snapshot"])
            transaction.on_commit(lambda pk=pk: public_pages_changed(exhibition_id=pk))
            changed.append(pk)
    return changed
