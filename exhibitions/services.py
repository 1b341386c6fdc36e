"""Writes to exhibitions: the sequence (add, reorder, move, remove, undo), words, sharing and publishing.

Every change to the sequence locks the exhibition row, refuses a change made on a stale view (`version`),
rewrites positions in a constant number of statements, records what undo needs, and bumps the version.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from curation.models import Photo
from curation.roles import is_curator
from exhibitions import consent
from exhibitions.cache import public_pages_changed
from exhibitions.models import (
    Exhibition,
    ExhibitionItem,
    PublicationEvent,
    ReviewLink,
    Section,
    SequenceChange,
)
from exhibitions.snapshot import exhibition_snapshot_build

logger = logging.getLogger(__name__)

# How many changes back "Undo" reaches; older records are deleted as new ones arrive.
UNDO_DEPTH = 20
# One CASE branch per item: far below SQLite's and PostgreSQL's limits on parameters per statement.
MAX_ITEMS = 5000


class SequenceConflict(Exception):
    """The sequence changed since the curator looked at it; carries the current version and order."""

    def __init__(self, message: str, *, version: int, order: list[int]) -> None:
        super().__init__(message)
        self.message = message
        self.version = version
        self.order = order


class SequenceError(ValueError):
    """A request that could never succeed (duplicated ids, nothing to undo, an empty chapter title)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SequenceCorrupted(IntegrityError):
    """Positions would not be 0..n-1 after a change: the transaction is rolled back."""


@dataclass(frozen=True)
class SequenceResult:
    version: int
    order: list[int]
    changed: bool = True


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:100] or "exhibition"
    slug, n = base, 2
    while Exhibition.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def exhibition_create(
    *, owner, title: str, subtitle: str = "", statement: str = "", credits: str = "", slug: str = ""
) -> Exhibition:
    return Exhibition.objects.create(
        owner=owner,
        title=title,
        subtitle=subtitle,
        statement=statement,
        credits=credits,
        slug=slug or _unique_slug(title),
    )


def exhibition_details_update(
    *,
    exhibition: Exhibition,
    title: str,
    slug: str,
    subtitle: str,
    statement: str,
    credits: str,
    cover_photo: Photo | None,
    venue: str,
    starts_on: date | None,
    ends_on: date | None,
) -> Exhibition:
    """The words around the sequence; a published exhibition's new slug moves its public address at once."""
    slug_changed = slug != exhibition.slug
    exhibition.title, exhibition.slug, exhibition.subtitle = title, slug, subtitle
    exhibition.statement, exhibition.credits, exhibition.cover_photo = statement, credits, cover_photo
    exhibition.venue, exhibition.starts_on, exhibition.ends_on = venue, starts_on, ends_on
    with transaction.atomic():
        exhibition.save(
            update_fields=[
                "title",
                "slug",
                "subtitle",
                "statement",
                "credits",
                "cover_photo",
                "venue",
                "starts_on",
                "ends_on",
                "updated_at",
            ]
        )
        if slug_changed and exhibition.is_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=exhibition.pk))
    return exhibition


def exhibition_delete(*, exhibition: Exhibition) -> None:
    was_published, pk = exhibition.is_published, exhibition.pk
    with transaction.atomic():
        exhibition.delete()
        if was_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=pk))


# --- The sequence ----------------------------------------------------------------------------------


def _ids(item_ids: Iterable[Any]) -> list[int]:
    try:
        ids = [int(pk) for pk in item_ids]
    except (TypeError, ValueError) as error:
        raise SequenceError(_("The items were not understood.")) from error
    if len(set(ids)) != len(ids):
        raise SequenceError(_("An item appears twice in the new order."))
    return ids


def _lock(exhibition: Exhibition) -> Exhibition:
    # On PostgreSQL the row lock queues concurrent writers; on SQLite the IMMEDIATE transaction already does.
    return Exhibition.objects.select_for_update().get(pk=exhibition.pk)


@dataclass
class _Row:
    pk: int
    position: int
    label: str


def _rows(locked: Exhibition) -> list[_Row]:
    values = (
        ExhibitionItem.objects.filter(exhibition_id=locked.pk)
        .order_by("position")
        .values_list("pk", "position", "title", "photo__title", "photo__original_filename", "text")
    )
    return [
        _Row(pk, position, title or photo_title or filename or text[:80])
        for pk, position, title, photo_title, filename, text in values
    ]


def _stale(locked: Exhibition, version: int | None, rows: list[_Row]) -> None:
    if version is not None and version != locked.version:
        raise SequenceConflict(
            _("Someone else changed this exhibition — here is the current order."),
            version=locked.version,
            order=[row.pk for row in rows],
        )


def _positions_write(exhibition_id: int, order: Sequence[int], highest: int) -> None:
    """Two UPDATEs whatever the length, never colliding with the unique (exhibition, position)."""
    if not order:
        return
    items = ExhibitionItem.objects.filter(exhibition_id=exhibition_id)
    # The unique constraint is checked row by row (it cannot be deferred on SQLite), so a permutation
    # written in place would collide halfway. First lift every row above both the old and the new range.
    items.update(position=F("position") + max(highest + 1, len(order)))
    # One simple CASE written out by hand: Django's Case(When(...)) costs milliseconds per hundred items to
    # build, and the statement is the same. No ELSE: an id missing from `order` would become NULL and fail.
    quote = connection.ops.quote_name
    column = f"{quote(ExhibitionItem._meta.db_table)}.{quote('id')}"
    branches = " ".join(["WHEN %s THEN %s"] * len(order))
    params = [value for index, pk in enumerate(order) for value in (pk, index)]
    # The CAST keeps PostgreSQL from typing the branches as text should the driver bind parameters server-side.
    case = f"CAST(CASE {column} {branches} END AS INTEGER)"
    items.update(position=RawSQL(case, params))  # noqa: S611 - identifiers quoted, values are placeholders


def _sequence_verify(exhibition_id: int) -> None:
    """The other half of the gap-free guarantee: with unique positions, count == max + 1 and min == 0."""
    stats = ExhibitionItem.objects.filter(exhibition_id=exhibition_id).aggregate(
        n=Count("pk"), low=Min("position"), high=Max("position")
    )
    if stats["n"] and (stats["low"] != 0 or stats["high"] != stats["n"] - 1):
        raise SequenceCorrupted(f"exhibition {exhibition_id}: positions are not 0..{stats['n'] - 1}")


def _changed(
    locked: Exhibition,
    *,
    actor,
    action: str,
    order_before: list[int],
    count: int,
    label: str = "",
    removed: list[dict[str, Any]] | None = None,
) -> int:
    """Bump the version, keep what undo needs, forget changes beyond the undo depth; the new version."""
    _sequence_verify(locked.pk)
    version = locked.version + 1
    Exhibition.objects.filter(pk=locked.pk).update(version=version, updated_at=timezone.now())
    SequenceChange.objects.create(
        exhibition=locked,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        count=count,
        label=label[:300],
        order_before=order_before,
        removed=removed or [],
        version_after=version,
    )
    oldest_kept = (
        SequenceChange.objects.filter(exhibition_id=locked.pk).order_by("-id").values("id")[UNDO_DEPTH - 1 : UNDO_DEPTH]
    )
    SequenceChange.objects.filter(exhibition_id=locked.pk, id__lt=Subquery(oldest_kept)).delete()
    return version


def _moved(before: list[int], after: list[int]) -> list[int]:
    """The items the curator moved: those outside a longest run kept in their old relative order."""
    index = {pk: i for i, pk in enumerate(before)}
    sequence = [index[pk] for pk in after]
    tails: list[int] = []
    tails_at: list[int] = []
    parent = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tails_at.append(i)
        else:
            tails[k] = value
            tails_at[k] = i
        parent[i] = tails_at[k - 1] if k else -1
    kept: set[int] = set()
    i = tails_at[-1] if tails_at else -1
    while i != -1:
        kept.add(after[i])
        i = parent[i]
    return [pk for pk in after if pk not in kept]


def _reorder_locked(locked: Exhibition, rows: list[_Row], order: list[int], actor) -> SequenceResult:
    before = [row.pk for row in rows]
    if order == before:
        return SequenceResult(version=locked.version, order=before, changed=False)
    _positions_write(locked.pk, order, rows[-1].position)
    moved = _moved(before, order)
    labels = {row.pk: row.label for row in rows}
    version = _changed(
        locked,
        actor=actor,
        action=SequenceChange.Action.REORDER,
        order_before=before,
        count=len(moved),
        label=labels[moved[0]] if len(moved) == 1 else "",
    )
    return SequenceResult(version=version, order=order)


def exhibition_reorder(*, exhibition: Exhibition, item_ids: Sequence[int], version: int, actor=None) -> SequenceResult:
    """Put every item of the exhibition in the order given; the ids must be exactly the current ones."""
    order = _ids(item_ids)
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        if set(order) != {row.pk for row in rows}:
            # The version matched but the set did not: a client bug or a hand-made request, never a race.
            raise SequenceConflict(
                _("The items sent are not this exhibition's items — here is the current order."),
                version=locked.version,
                order=[row.pk for row in rows],
            )
        return _reorder_locked(locked, rows, order, actor)


def exhibition_items_move(
    *, exhibition: Exhibition, item_ids: Sequence[int], position: int, version: int | None, actor=None
) -> SequenceResult:
    """Move items (kept in their sequence order) so that the first lands at `position` (0-based, clamped)."""
    wanted = set(_ids(item_ids))
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        if not wanted or not wanted <= {row.pk for row in rows}:
            raise SequenceConflict(
                _("Some of these items are no longer in the exhibition — here is the current order."),
                version=locked.version,
                order=[row.pk for row in rows],
            )
        moving = [row.pk for row in rows if row.pk in wanted]
        rest = [row.pk for row in rows if row.pk not in wanted]
        at = min(max(position, 0), len(rest))
        return _reorder_locked(locked, rows, rest[:at] + moving + rest[at:], actor)


def _item_state(item: ExhibitionItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "photo_id": item.photo_id,
        "title": item.title,
        "caption": item.caption,
        "alt_text": item.alt_text,
        "text": item.text,
    }


def exhibition_items_remove(
    *, exhibition: Exhibition, item_ids: Sequence[int], version: int | None, actor=None
) -> SequenceResult:
    """Take items out of the sequence (the photos stay in the library); undo puts them back."""
    wanted = set(_ids(item_ids))
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        present = {row.pk for row in rows}
        if not wanted or not wanted <= present:
            raise SequenceConflict(
                _("Some of these items are no longer in the exhibition — here is the current order."),
                version=locked.version,
                order=[row.pk for row in rows],
            )
        doomed = list(ExhibitionItem.objects.filter(exhibition_id=locked.pk, pk__in=wanted))
        removed = [_item_state(item) for item in doomed]
        ExhibitionItem.objects.filter(pk__in=wanted).delete()
        order = [row.pk for row in rows if row.pk not in wanted]
        _positions_write(locked.pk, order, rows[-1].position)
        if locked.cover_photo_id in {item.photo_id for item in doomed}:
            first = ExhibitionItem.objects.filter(exhibition_id=locked.pk, photo__isnull=False).order_by("position")
            Exhibition.objects.filter(pk=locked.pk).update(cover_photo=Subquery(first.values("photo_id")[:1]))
        labels = {row.pk: row.label for row in rows}
        version = _changed(
            locked,
            actor=actor,
            action=SequenceChange.Action.REMOVE,
            order_before=[row.pk for row in rows],
            count=len(wanted),
            label=labels[next(iter(wanted))] if len(wanted) == 1 else "",
            removed=removed,
        )
        return SequenceResult(version=version, order=order)


def exhibition_item_remove(*, item: ExhibitionItem, version: int | None = None, actor=None) -> SequenceResult:
    return exhibition_items_remove(exhibition=item.exhibition, item_ids=[item.pk], version=version, actor=actor)


def _insert(
    locked: Exhibition, rows: list[_Row], new: list[ExhibitionItem], position: int | None, actor, label: str
) -> int:
    """Insert new rows above every position, then write the whole order once; the new version."""
    highest = rows[-1].position if rows else -1
    for offset, item in enumerate(new, start=1):
        item.exhibition = locked
        item.position = highest + offset
    ExhibitionItem.objects.bulk_create(new)
    before = [row.pk for row in rows]
    at = len(before) if position is None else min(max(position, 0), len(before))
    order = before[:at] + [item.pk for item in new] + before[at:]
    if at != len(before):
        _positions_write(locked.pk, order, highest + len(new))
    return _changed(
        locked,
        actor=actor,
        action=SequenceChange.Action.ADD,
        order_before=before,
        count=len(new),
        label=label if len(new) == 1 else "",
    )


def exhibition_photos_add(
    *,
    exhibition: Exhibition,
    photos: Sequence[Photo],
    position: int | None = None,
    version: int | None = None,
    actor=None,
) -> list[ExhibitionItem]:
    """Insert photos at `position` (default: the end); photos already in the exhibition stay where they are."""
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        present = set(locked.items.filter(photo__isnull=False).values_list("photo_id", flat=True))
        new: list[ExhibitionItem] = []
        for photo in photos:
            if photo.pk in present:
                continue
            present.add(photo.pk)
            new.append(ExhibitionItem(kind=ExhibitionItem.Kind.PHOTO, photo=photo))
        if len(rows) + len(new) > MAX_ITEMS:
            raise SequenceError(_("An exhibition holds at most %(max)d items.") % {"max": MAX_ITEMS})
        if not new:
            return []
        _insert(locked, rows, new, position, actor, label=str(new[0].photo))
        if locked.cover_photo_id is None:
            Exhibition.objects.filter(pk=locked.pk).update(cover_photo=new[0].photo)
        return new


def exhibition_photos_append(*, exhibition: Exhibition, photos: Sequence[Photo]) -> list[ExhibitionItem]:
    """Add photos at the end of the sequence; photos already in the exhibition are left where they are."""
    return exhibition_photos_add(exhibition=exhibition, photos=photos)


def exhibition_text_panel_add(
    *, exhibition: Exhibition, text: str, position: int | None = None, version: int | None = None, actor=None
) -> ExhibitionItem:
    if not text.strip():
        raise SequenceError(_("A text panel needs some text."))
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        item = ExhibitionItem(kind=ExhibitionItem.Kind.TEXT, text=text.strip())
        _insert(locked, rows, [item], position, actor, label=item.display_title)
        return item


def exhibition_text_panel_append(*, exhibition: Exhibition, text: str) -> ExhibitionItem:
    return exhibition_text_panel_add(exhibition=exhibition, text=text)


def exhibition_section_add(
    *,
    exhibition: Exhibition,
    title: str,
    text: str = "",
    position: int | None = None,
    version: int | None = None,
    actor=None,
) -> Section:
    """Start a chapter at `position`: the items after it, up to the next chapter, belong to it."""
    if not title.strip():
        raise SequenceError(_("A chapter needs a title."))
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        section = Section(kind=ExhibitionItem.Kind.SECTION, title=title.strip(), text=text.strip())
        _insert(locked, rows, [section], position, actor, label=section.title)
        return section


def exhibition_item_update(
    *, item: ExhibitionItem, title: str = "", caption: str = "", alt_text: str = "", text: str = ""
) -> ExhibitionItem:
    """The exhibition's own words for an item; empty photo fields fall back to the photographer's."""
    if item.kind == ExhibitionItem.Kind.SECTION:
        if not title.strip():
            raise SequenceError(_("A chapter needs a title."))
        item.title, item.text = title.strip(), text.strip()
        fields = ["title", "text"]
    elif item.kind == ExhibitionItem.Kind.TEXT:
        if not text.strip():
            raise SequenceError(_("A text panel needs some text."))
        item.text = text.strip()
        fields = ["text"]
    else:
        item.title, item.caption, item.alt_text = title.strip(), caption.strip(), alt_text.strip()
        fields = ["title", "caption", "alt_text"]
    with transaction.atomic():
        item.save(update_fields=fields)
        Exhibition.objects.filter(pk=item.exhibition_id).update(updated_at=timezone.now())
    return item


def exhibition_section_remove(*, section: ExhibitionItem, version: int | None = None, actor=None) -> SequenceResult:
    """Remove a chapter heading; its photos stay where they are and join the chapter before."""
    return exhibition_items_remove(exhibition=section.exhibition, item_ids=[section.pk], version=version, actor=actor)


def exhibition_undo_peek(exhibition: Exhibition) -> SequenceChange | None:
    """The change "Undo" would take back, if any."""
    return (
        exhibition.sequence_changes.filter(undone_at__isnull=True)
        .select_related("actor")
        .only("id", "action", "count", "label", "actor__id", "actor__username")
        .first()
    )


def exhibition_undo(*, exhibition: Exhibition, version: int, actor=None) -> SequenceResult:
    """Take back the latest change not yet undone: the order before it returns, removed items come back."""
    with transaction.atomic():
        locked = _lock(exhibition)
        rows = _rows(locked)
        _stale(locked, version, rows)
        change = locked.sequence_changes.filter(undone_at__isnull=True).first()
        if change is None:
            raise SequenceError(_("There is nothing to undo."))
        present = {row.pk for row in rows}
        wanted = list(change.order_before)
        ExhibitionItem.objects.filter(exhibition_id=locked.pk, pk__in=present - set(wanted)).delete()

        # Removed rows come back with their ids, unless their photo has since left the library.
        restorable = [state for state in change.removed if state["id"] not in present]
        photo_ids = {state["photo_id"] for state in restorable if state["photo_id"]}
        living = set(Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True)) if photo_ids else set()
        highest = rows[-1].position if rows else -1
        states = [s for s in restorable if s["photo_id"] is None or s["photo_id"] in living]
        recreated = [
            ExhibitionItem(
                pk=state["id"],
                exhibition=locked,
                position=highest + offset,
                kind=state["kind"],
                photo_id=state["photo_id"],
                title=state["title"],
                caption=state["caption"],
                alt_text=state["alt_text"],
                text=state["text"],
            )
            for offset, state in enumerate(states, start=1)
        ]
        ExhibitionItem.objects.bulk_create(recreated)
        exists = (present & set(wanted)) | {item.pk for item in recreated}
        order = [pk for pk in wanted if pk in exists]
        _positions_write(locked.pk, order, highest + len(recreated))
        _sequence_verify(locked.pk)
        change.undone_at = timezone.now()
        change.save(update_fields=["undone_at"])
        new_version = locked.version + 1
        Exhibition.objects.filter(pk=locked.pk).update(version=new_version, updated_at=timezone.now())
        return SequenceResult(version=new_version, order=order)


# --- Sharing ---------------------------------------------------------------------------------------


class ShareRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def exhibition_collaborator_add(*, exhibition: Exhibition, user) -> None:
    """Invite another curator to edit and publish the exhibition."""
    if user.pk == exhibition.owner_id:
        raise ShareRefused(_("This is the exhibition's own curator."))
    if not is_curator(user):
        raise ShareRefused(_("Only curators can be invited to edit an exhibition."))
    exhibition.collaborators.add(user)


def exhibition_collaborator_remove(*, exhibition: Exhibition, user) -> None:
    exhibition.collaborators.remove(user)


def review_link_create(*, exhibition: Exhibition, actor, valid_for: timedelta, label: str = "") -> ReviewLink:
    """A private link to the draft for someone without an account, until it expires or is revoked."""
    return ReviewLink.objects.create(
        exhibition=exhibition, created_by=actor, label=label.strip(), expires_at=timezone.now() + valid_for
    )


def review_link_revoke(*, link: ReviewLink) -> ReviewLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


# --- Publishing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """One reason the exhibition cannot be published yet, written for the curator."""

    code: str
    message: str
    item_id: int | None = None


PublishRule = Callable[[Exhibition, list[ExhibitionItem]], Iterable[Blocker]]


def _rule_has_photos(exhibition: Exhibition, items: list[ExhibitionItem]) -> Iterable[Blocker]:
    if not items:
        yield Blocker("empty", _("The exhibition has no photos yet."))


def _rule_alt_text(exhibition: Exhibition, items: list[ExhibitionItem]) -> Iterable[Blocker]:
    for item in items:
        if not item.display_alt.strip():
            yield Blocker(
                "alt_text",
                _("“%(title)s” has no alt text: describe it for people who cannot see it.")
                % {"title": item.display_title},
                item.pk,
            )


def _rule_renditions_ready(exhibition: Exhibition, items: list[ExhibitionItem]) -> Iterable[Blocker]:
    for item in items:
        status = item.photo.status
        if status == Photo.Status.FAILED:
            yield Blocker(
                "failed",
                _("“%(title)s” could not be processed: %(reason)s")
                % {"title": item.display_title, "reason": item.photo.failure_reason or _("unknown error")},
                item.pk,
            )
        elif status != Photo.Status.READY:
            yield Blocker(
                "processing",
                _("“%(title)s” is still being processed; it can be published when its sizes are ready.")
                % {"title": item.display_title},
                item.pk,
            )


# Each rule sees the exhibition's photo items (photos loaded) in order. Consent: every person shown is covered
# for the web, or overridden by a curator with a reason (exhibitions/consent.py).
PUBLISH_RULES: list[PublishRule] = [_rule_has_photos, _rule_alt_text, _rule_renditions_ready, consent.rule_consent]


def publish_blockers(exhibition: Exhibition) -> list[Blocker]:
    """Everything that stops the exhibition from being published, in sequence order (one query)."""
    items = list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk, kind=ExhibitionItem.Kind.PHOTO)
        .select_related("photo")
        .order_by("position")
    )
    return publish_blockers_for(exhibition, items)


def publish_blockers_for(exhibition: Exhibition, photo_items: list[ExhibitionItem]) -> list[Blocker]:
    """The same, for photo items a page has already loaded (with their photos)."""
    return [blocker for rule in PUBLISH_RULES for blocker in rule(exhibition, photo_items)]


class PublishBlocked(Exception):
    def __init__(self, blockers: list[Blocker]) -> None:
        super().__init__("; ".join(b.message for b in blockers))
        self.blockers = blockers


class ScheduleRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _publish_locked(locked: Exhibition, *, actor, scheduled_for: datetime | None = None) -> Exhibition:
    was_published = locked.is_published
    now = timezone.now()
    locked.status = Exhibition.Status.PUBLISHED
    locked.published_at = locked.published_at or now
    locked.published_snapshot = exhibition_snapshot_build(locked)
    locked.snapshot_at = now
    # updated_at is left alone: it says when the draft last changed, which the snapshot now includes.
    locked.save(update_fields=["status", "published_at", "published_snapshot", "snapshot_at"])
    PublicationEvent.objects.create(
        exhibition=locked,
        action=PublicationEvent.Action.REPUBLISHED if was_published else PublicationEvent.Action.PUBLISHED,
        actor=actor if actor is not None and actor.is_authenticated else None,
        scheduled_for=scheduled_for,
    )
    transaction.on_commit(lambda: public_pages_changed(exhibition_id=locked.pk))
    return locked


def exhibition_publish(*, exhibition: Exhibition, actor=None, check_blockers: bool = False) -> Exhibition:
    """Freeze the draft into the published snapshot that visitors see (again, for "publish changes").

    The studio passes check_blockers=True; the demo and fixtures publish photos the worker has not reached yet.
    """
    with transaction.atomic():
        locked = _lock(exhibition)
        if check_blockers and (blockers := publish_blockers(locked)):
            raise PublishBlocked(blockers)
        return _publish_locked(locked, actor=actor)


def exhibition_unpublish(*, exhibition: Exhibition, actor=None) -> Exhibition:
    """Take the exhibition down: its public page answers 404 and the snapshot is dropped; the draft stays."""
    with transaction.atomic():
        locked = _lock(exhibition)
        if not locked.is_published:
            return locked
        locked.status = Exhibition.Status.DRAFT
        locked.published_snapshot = None
        locked.snapshot_at = None
        locked.save(update_fields=["status", "published_snapshot", "snapshot_at"])
        PublicationEvent.objects.create(exhibition=locked, action=PublicationEvent.Action.UNPUBLISHED, actor=actor)
        transaction.on_commit(lambda: public_pages_changed(exhibition_id=locked.pk))
        return locked


def exhibition_publish_schedule(*, exhibition: Exhibition, at: datetime, actor) -> Exhibition:
    """Publish the draft as it will be at `at` (a new time replaces an earlier one)."""
    if at <= timezone.now():
        raise ScheduleRefused(_("Choose a time in the future."))
    with transaction.atomic():
        locked = _lock(exhibition)
        locked.publish_at, locked.publish_scheduled_by = at, actor
        locked.save(update_fields=["publish_at", "publish_scheduled_by"])
        PublicationEvent.objects.create(
            exhibition=locked, action=PublicationEvent.Action.SCHEDULED, actor=actor, scheduled_for=at
        )
        return locked


def exhibition_publish_schedule_cancel(*, exhibition: Exhibition, actor) -> Exhibition:
    with transaction.atomic():
        locked = _lock(exhibition)
        if locked.publish_at is None:
            return locked
        scheduled_for = locked.publish_at
        locked.publish_at, locked.publish_scheduled_by = None, None
        locked.save(update_fields=["publish_at", "publish_scheduled_by"])
        PublicationEvent.objects.create(
            exhibition=locked,
            action=PublicationEvent.Action.SCHEDULE_CANCELLED,
            actor=actor,
            scheduled_for=scheduled_for,
        )
        return locked


def exhibitions_scheduled_publish(*, now: datetime | None = None) -> list[int]:
    """Publish every exhibition whose time has come; a rerun publishes nothing twice.

    One whose checks fail stays scheduled (the curator sees why, once) and is published on the first run
    after they pass — on an opening night the last photos may still be processing. One that shows a person
    whose consent does not cover the web is cancelled instead, with a notice: consent does not fix itself.
    """
    now = now or timezone.now()
    published: list[int] = []
    for pk in Exhibition.objects.filter(publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Exhibition.objects.select_for_update().filter(pk=pk, publish_at__lte=now).first()
            if locked is None:
                continue  # cancelled, or published by a concurrent run
            scheduled_for, actor = locked.publish_at, locked.publish_scheduled_by
            blockers = publish_blockers(locked)
            if blockers and consent.scheduled_publish_consent_check(locked, blockers):
                continue  # someone shown has not agreed: cancelled, and the curator is told
            if blockers:
                last = locked.publication_events.first()
                told = last and last.action == PublicationEvent.Action.SCHEDULE_BLOCKED
                if not (told and last.scheduled_for == scheduled_for):
                    PublicationEvent.objects.create(
                        exhibition=locked,
                        action=PublicationEvent.Action.SCHEDULE_BLOCKED,
                        scheduled_for=scheduled_for,
                        detail="\n".join(b.message for b in blockers),
                    )
                continue
            locked.publish_at, locked.publish_scheduled_by = None, None
            locked.save(update_fields=["publish_at", "publish_scheduled_by"])
            _publish_locked(locked, actor=actor, scheduled_for=scheduled_for)
            published.append(pk)
    if published:
        logger.info("published %d scheduled exhibitions: %s", len(published), published)
    return published
