"""Taking a person's photos off published pages when their consent stops covering them — a refusal, a narrowed
consent, an expiry, an ended override — with the curators told and schedules cancelled."""

from __future__ import annotations

import enum
import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from curation.models import Consent, Photo, Subject, SubjectEvent, WebGap, consent_web_gap
from curation.people.rules import needs_consent_q
from curation.publications import Takedown
from curation.texts import pick
from exhibitions.cache import public_pages_changed
from exhibitions.consent.gate import BLOCKER_CODE, UNOVERRIDABLE, consent_problems, name_for_curators
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, PublicationEvent
from exhibitions.numbering import exhibition_photo_numbers
from exhibitions.snapshot import snapshot_default_language, snapshots_photo_ids

logger = logging.getLogger(__name__)

# --- Taking photos of a person off every published page ------------------------------------------------------


def _entry_shows(entry: dict[str, Any] | None, photo_ids: set[int], subject_id: int) -> bool:
    if not entry:
        return False
    if entry.get("photo_id") in photo_ids:
        return True
    return any(s.get("id") == subject_id for s in entry.get("subjects", []))


def _title(snapshot: dict[str, Any], entry: dict[str, Any]) -> str:
    """A removed photo's title as the curators' notices name it: in the language they read now, else any."""
    return str(pick(entry.get("title"), get_language() or "", snapshot_default_language(snapshot)))


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
                removed.append({"number": number, "title": _title(snapshot, entry), "photo_id": entry["photo_id"]})
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
            removed.append({"number": 0, "title": _title(snapshot, snapshot["cover"]), "photo_id": None})
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
    pks = set(Exhibition.objects.showing(ids).values_list("pk", flat=True))
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
                subject_name=name_for_curators(subject),
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
    # A person relabelled a thing keeps their consent record, and still needs it.
    return needs_consent_q() & Q(consent__status__in=Consent.AGREEMENTS, consent__expires_on__lt=today)


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
    scheduled = Exhibition.objects.filter(publish_at__isnull=False).showing(photo_ids)
    done = []
    for pk in list(scheduled.values_list("pk", flat=True)):
        locked = Exhibition.objects.select_for_update().filter(pk=pk, publish_at__isnull=False).first()
        if locked is None:
            continue
        numbers = exhibition_photo_numbers(locked.pk)
        photos = [
            {"number": numbers[item.pk], "title": item.display_title}
            for item in locked.items.filter(photo_id__in=photo_ids).select_related("photo").order_by("position")
        ]
        schedule_cancel(locked, subject_name=name_for_curators(subject), subject=subject, photos=photos)
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
    numbers = exhibition_photo_numbers(locked.pk)
    photos = {item.pk: {"number": numbers[item.pk], "title": item.display_title} for a in blocking for item in a.items}
    schedule_cancel(
        locked,
        subject_name=", ".join(name_for_curators(a.subject) for a in blocking)[:300],
        subject=blocking[0].subject if len(blocking) == 1 else None,
        photos=sorted(photos.values(), key=lambda p: p["number"]),
        detail="\n".join(b.message for b in consent_blockers),
    )
    return True
