"""The sequence of an exhibition: add photos, text panels and chapters, reorder, move, remove, undo.

Every change locks the exhibition row, refuses a change made on a stale view (`version`), rewrites positions in
a constant number of statements, records what undo needs, and bumps the version.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.models import Photo
from curation.texts import active_language, languages, pick, text_map, texts_assign
from exhibitions.models import (
    Exhibition,
    ExhibitionItem,
    Section,
    SequenceChange,
)
from exhibitions.numbering import index_before_number

logger = logging.getLogger(__name__)

# A text a service writes: a language map (each language named is set, a blank one cleared) or a plain string in the
# active language (exhibitions.services.Texts).
Texts = str | Mapping[str, str]
# The words an item of each kind has (exhibitions/translation.py writes each per language).
ITEM_TEXTS = {
    ExhibitionItem.Kind.PHOTO: ("title", "caption", "alt_text"),
    ExhibitionItem.Kind.TEXT: ("text",),
    ExhibitionItem.Kind.SECTION: ("title", "text"),
}

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


# --- The sequence ----------------------------------------------------------------------------------


def _ids(item_ids: Iterable[Any]) -> list[int]:
    try:
        ids = [int(pk) for pk in item_ids]
    except (TypeError, ValueError) as error:
        raise SequenceError(_("The items were not understood.")) from error
    if len(set(ids)) != len(ids):
        raise SequenceError(_("An item appears twice in the new order."))
    return ids


@dataclass
class _Row:
    pk: int
    position: int
    label: str
    kind: str = ExhibitionItem.Kind.PHOTO


def _rows(locked: Exhibition) -> list[_Row]:
    # Every language's column, read explicitly: through a relation a translated field's plain name would read a
    # column no language owns. The label is in the curator's language, else another (curation.texts.pick).
    columns = {
        name: [f"{field}_{code}" for code in languages()]
        for name, field in (("title", "title"), ("photo_title", "photo__title"), ("text", "text"))
    }
    values = (
        ExhibitionItem.objects.filter(exhibition_id=locked.pk)
        .order_by("position")
        .values("pk", "position", "kind", "photo__original_filename", *(c for cs in columns.values() for c in cs))
    )
    language = active_language()

    def text(row: dict, name: str) -> str:
        return str(pick({c.rsplit("_", 1)[1]: row[c] for c in columns[name] if row[c]}, language))

    return [
        _Row(
            row["pk"],
            row["position"],
            text(row, "title")
            or text(row, "photo_title")
            or row["photo__original_filename"]
            or _first_line(text(row, "text")),
            row["kind"],
        )
        for row in values
    ]


def _first_line(text: str) -> str:
    # As ExhibitionItem.display_title names a text panel, so that undo names it as the page does.
    return text.strip().split("\n", 1)[0][:80]


def _stale(locked: Exhibition, version: int | None, rows: list[_Row]) -> None:
    if version is not None and version != locked.version:
        raise SequenceConflict(
            _("Someone else changed this exhibition — here is the current order."),
            version=locked.version,
            order=[row.pk for row in rows],
        )


def _present(locked: Exhibition, rows: list[_Row], wanted: set[int]) -> None:
    """Refuse a change to items of which some are gone (another tab removed them), with the current order."""
    if not wanted or not wanted <= {row.pk for row in rows}:
        raise SequenceConflict(
            _("Some of these items are no longer in the exhibition — here is the current order."),
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
        locked = Exhibition.objects.locked(exhibition.pk)
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


def _items_move(
    *, exhibition: Exhibition, item_ids: Sequence[int], version: int | None, actor, place: Callable[[list[_Row]], int]
) -> SequenceResult:
    """Move items, kept in their sequence order, to the index `place` chooses among the items that stay."""
    wanted = set(_ids(item_ids))
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        rows = _rows(locked)
        _stale(locked, version, rows)
        _present(locked, rows, wanted)
        moving = [row.pk for row in rows if row.pk in wanted]
        rest = [row for row in rows if row.pk not in wanted]
        at = place(rest)
        order = [row.pk for row in rest[:at]] + moving + [row.pk for row in rest[at:]]
        return _reorder_locked(locked, rows, order, actor)


def exhibition_items_move(
    *, exhibition: Exhibition, item_ids: Sequence[int], position: int, version: int | None, actor=None
) -> SequenceResult:
    """Move items (kept in their sequence order) so that the first lands at `position` (0-based, clamped)."""
    return _items_move(
        exhibition=exhibition,
        item_ids=item_ids,
        version=version,
        actor=actor,
        place=lambda rest: min(max(position, 0), len(rest)),
    )


def exhibition_items_move_to_number(
    *, exhibition: Exhibition, item_ids: Sequence[int], number: int, version: int | None, actor=None
) -> SequenceResult:
    """Move items so that the first photo among them becomes photo `number` (the numbering every page shows).

    Chapter headings and text panels have no number of their own: moved alone, they land just before photo
    `number`, so a chapter moved "to 5" opens on the photo numbered 5.
    """
    return _items_move(
        exhibition=exhibition,
        item_ids=item_ids,
        version=version,
        actor=actor,
        place=lambda rest: index_before_number([row.kind for row in rest], max(number, 1)),
    )


def _item_state(item: ExhibitionItem) -> dict[str, Any]:
    # Every language of each text, so that undo brings back the words as they were in all of them.
    return {
        "id": item.pk,
        "kind": item.kind,
        "photo_id": item.photo_id,
        **{field: text_map(item, field) for field in ("title", "caption", "alt_text", "text")},
    }


def _item_from_state(state: dict[str, Any], **fields: Any) -> ExhibitionItem:
    item = ExhibitionItem(pk=state["id"], kind=state["kind"], photo_id=state["photo_id"], **fields)
    for field in ("title", "caption", "alt_text", "text"):
        # A language map; a plain string from a change recorded before texts had languages.
        texts_assign(item, field, state.get(field) or None)
    return item


def exhibition_items_remove(
    *, exhibition: Exhibition, item_ids: Sequence[int], version: int | None, actor=None
) -> SequenceResult:
    """Take items out of the sequence (the photos stay in the library); undo puts them back."""
    wanted = set(_ids(item_ids))
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        rows = _rows(locked)
        _stale(locked, version, rows)
        _present(locked, rows, wanted)
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
        locked = Exhibition.objects.locked(exhibition.pk)
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


def _written(value: Texts | None) -> bool:
    if isinstance(value, Mapping):
        return any((text or "").strip() for text in value.values())
    return bool((value or "").strip())


def exhibition_text_panel_add(
    *, exhibition: Exhibition, text: Texts, position: int | None = None, version: int | None = None, actor=None
) -> ExhibitionItem:
    """A text panel at `position` (default: the end), its text a language map or a string in the active language."""
    if not _written(text):
        raise SequenceError(_("A text panel needs some text."))
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        rows = _rows(locked)
        _stale(locked, version, rows)
        item = ExhibitionItem(kind=ExhibitionItem.Kind.TEXT)
        texts_assign(item, "text", text)
        _insert(locked, rows, [item], position, actor, label=item.display_title)
        return item


def exhibition_text_panel_append(*, exhibition: Exhibition, text: Texts) -> ExhibitionItem:
    return exhibition_text_panel_add(exhibition=exhibition, text=text)


def exhibition_section_add(
    *,
    exhibition: Exhibition,
    title: Texts,
    text: Texts = "",
    position: int | None = None,
    version: int | None = None,
    actor=None,
) -> Section:
    """Start a chapter at `position`: the items after it, up to the next chapter, belong to it. Its title and text
    are language maps or strings in the active language; the title is needed in at least one language."""
    if not _written(title):
        raise SequenceError(_("A chapter needs a title."))
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        rows = _rows(locked)
        _stale(locked, version, rows)
        section = Section(kind=ExhibitionItem.Kind.SECTION)
        texts_assign(section, "title", title)
        texts_assign(section, "text", text)
        _insert(locked, rows, [section], position, actor, label=section.title)
        return section


def exhibition_section_from_selection(
    *,
    exhibition: Exhibition,
    item_ids: Sequence[int],
    title: Texts,
    text: Texts = "",
    version: int | None = None,
    actor=None,
) -> Section:
    """Make a chapter of the selected items: its heading goes where the first of them is, and they follow it
    together, in their order. One change: undo takes the heading away and puts the items back."""
    if not _written(title):
        raise SequenceError(_("A chapter needs a title."))
    wanted = set(_ids(item_ids))
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        rows = _rows(locked)
        _stale(locked, version, rows)
        _present(locked, rows, wanted)
        if any(row.kind == ExhibitionItem.Kind.SECTION for row in rows if row.pk in wanted):
            raise SequenceError(
                _("A chapter cannot hold another chapter: leave chapter headings out of the selection.")
            )
        if len(rows) + 1 > MAX_ITEMS:
            raise SequenceError(_("An exhibition holds at most %(max)d items.") % {"max": MAX_ITEMS})
        before = [row.pk for row in rows]
        first = next(index for index, row in enumerate(rows) if row.pk in wanted)
        # Where the first selected item is, counted among the items that stay put.
        at = sum(1 for row in rows[:first] if row.pk not in wanted)
        moving = [pk for pk in before if pk in wanted]
        rest = [pk for pk in before if pk not in wanted]
        section = Section(exhibition=locked, kind=ExhibitionItem.Kind.SECTION, position=rows[-1].position + 1)
        texts_assign(section, "title", title)
        texts_assign(section, "text", text)
        section.save(force_insert=True)
        _positions_write(locked.pk, rest[:at] + [section.pk] + moving + rest[at:], rows[-1].position + 1)
        _changed(
            locked,
            actor=actor,
            action=SequenceChange.Action.ADD,
            order_before=before,
            count=1,
            label=section.title,
        )
        return section


def exhibition_item_update(
    *,
    item: ExhibitionItem,
    title: Texts | None = None,
    caption: Texts | None = None,
    alt_text: Texts | None = None,
    text: Texts | None = None,
) -> ExhibitionItem:
    """The exhibition's own words for an item, each a language map or a string in the active language (None: left
    as it is; words the item's kind does not have are ignored). A photo's words empty in every language fall back
    to the photographer's; a chapter keeps a title and a text panel its text in at least one language."""
    given = {"title": title, "caption": caption, "alt_text": alt_text, "text": text}
    columns: list[str] = []
    for field in ITEM_TEXTS[item.kind]:
        columns += texts_assign(item, field, given[field])
    refused = None
    if item.kind == ExhibitionItem.Kind.SECTION and not text_map(item, "title"):
        refused = _("A chapter needs a title.")
    elif item.kind == ExhibitionItem.Kind.TEXT and not text_map(item, "text"):
        refused = _("A text panel needs some text.")
    if refused:
        item.refresh_from_db(fields=columns)
        raise SequenceError(refused)
    if not columns:
        return item
    with transaction.atomic():
        item.save(update_fields=columns)
        Exhibition.objects.filter(pk=item.exhibition_id).update(updated_at=timezone.now())
    return item


def exhibition_item_alt_text_set(*, item: ExhibitionItem, alt_text: Texts) -> ExhibitionItem:
    """The exhibition's own alt text for one photo, as the publish page writes it (a string in the active language,
    or a language map: the language the curator chose); empty is refused, since an empty field would leave the
    photo as undescribed as before."""
    if item.kind != ExhibitionItem.Kind.PHOTO:
        raise SequenceError(_("Only a photo has alt text."))
    if isinstance(alt_text, Mapping):
        cleaned: Texts = {code: " ".join((value or "").split())[:500] for code, value in alt_text.items()}
    else:
        cleaned = " ".join(alt_text.split())[:500]
    if not _written(cleaned):
        raise SequenceError(_("Describe the photo in a few words: alt text cannot be empty."))
    columns = texts_assign(item, "alt_text", cleaned)
    with transaction.atomic():
        item.save(update_fields=columns)
        Exhibition.objects.filter(pk=item.exhibition_id).update(updated_at=timezone.now())
    return item


def exhibition_section_remove(*, section: ExhibitionItem, version: int | None = None, actor=None) -> SequenceResult:
    """Remove a chapter heading; its photos stay where they are and join the chapter before."""
    return exhibition_items_remove(exhibition=section.exhibition, item_ids=[section.pk], version=version, actor=actor)


# What naming the change needs: the orders tell which one item it touched, and so that item's kind.
UNDO_FIELDS = ["id", "exhibition_id", "action", "count", "label", "order_before", "removed", "actor__username"]


def exhibition_undo_peek(exhibition: Exhibition) -> SequenceChange | None:
    """The change "Undo" would take back, if any."""
    return exhibition.sequence_changes.filter(undone_at__isnull=True).select_related("actor").only(*UNDO_FIELDS).first()


@dataclass(frozen=True)
class UndoOffer:
    """What "Undo" would take back, with what a button needs to name it."""

    action: str
    count: int
    label: str
    kind: str  # of the one item changed: photo, text or section; "" for several
    actor_id: int | None
    actor_name: str


def _changed_item_kind(exhibition: Exhibition, change: SequenceChange, now: list[tuple[int, str]] | None) -> str:
    """The kind of the one item a change touched, read back from the order before it and the order now."""
    if change.count != 1:
        return ""
    if change.action == SequenceChange.Action.REMOVE:
        return change.removed[0]["kind"] if change.removed else ""
    if now is None:
        now = list(
            ExhibitionItem.objects.filter(exhibition_id=exhibition.pk).order_by("position").values_list("pk", "kind")
        )
    kinds = dict(now)
    before = [pk for pk in change.order_before if pk in kinds]
    if change.action == SequenceChange.Action.ADD:
        added = [pk for pk, _kind in now if pk not in set(change.order_before)]
        # A chapter made of a selection also moved items; the heading is the one new row.
        return kinds[added[0]] if len(added) == 1 else ""
    if len(before) != len(now):
        return ""
    moved = _moved(before, [pk for pk, _kind in now])
    return kinds[moved[0]] if len(moved) == 1 else ""


def exhibition_undo_offer(exhibition: Exhibition, *, now: list[tuple[int, str]] | None = None) -> UndoOffer | None:
    """The change "Undo" would take back, named as the sequencer's button names it: one query, and one more
    unless the caller passes the sequence as it is `now` (item id and kind, in order)."""
    change = exhibition_undo_peek(exhibition)
    if change is None:
        return None
    return UndoOffer(
        action=change.action,
        count=change.count,
        label=change.label,
        kind=_changed_item_kind(exhibition, change, now) if change.label else "",
        actor_id=change.actor_id,
        actor_name=change.actor.get_username() if change.actor_id else "",
    )


def exhibition_undo(*, exhibition: Exhibition, version: int, actor=None) -> SequenceResult:
    """Take back the latest change not yet undone: the order before it returns, removed items come back."""
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
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
            _item_from_state(state, exhibition=locked, position=highest + offset)
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
