"""Reads for the photographer's library: filters, keyset pages of thumbnails, neighbours, choices, EXIF in words.

Pages are cut by keyset (the sort value and the id of the last photo shown), never by OFFSET, so the
ten-thousandth page costs what the first does: each page is one range scan of an (owner, sort column, id)
index. Photos without a capture time sort after all the dated ones, in either direction.

A page counts its filter only up to COUNT_EXACT_UP_TO photos ("More than 1,000 photos"): an exact count reads
every matching row of a large library, which costs more than the page itself. The exact number is a second,
separate request (`photos_count`) that the page's script makes after the grid is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from curation import bursts, texts
from curation.bursts import StackPlace
from curation.models import Photo, Rendition, Subject, Tag, UploadBatch, rendition_url_maker
from curation.publications import publications
from curation.search import word_q

PAGE_SIZE = 100
# Batches older than this leave the filter menu (they stay reachable from their photos' pages).
BATCH_CHOICE_DAYS = 120
STATUS_BATCH_MAX = 200  # photo ids one status poll may ask about
# A page counts its filter exactly up to this many photos and says "more than" beyond. Measured on 100 000
# photos (PostgreSQL and SQLite): reading the first 1 001 matches costs 0.2-3 ms for every filter; the exact
# count of a tag or of "not in any exhibition" costs 25-60 ms on PostgreSQL.
COUNT_EXACT_UP_TO = 1000


@dataclass(frozen=True)
class Sort:
    field: str  # "uploaded_at" or "taken_at"
    descending: bool
    label: Any

    @property
    def nullable(self) -> bool:
        return self.field == "taken_at"


SORTS: dict[str, Sort] = {
    "uploaded-desc": Sort("uploaded_at", True, gettext_lazy("Uploaded, newest first")),
    "uploaded-asc": Sort("uploaded_at", False, gettext_lazy("Uploaded, oldest first")),
    "taken-desc": Sort("taken_at", True, gettext_lazy("Captured, newest first")),
    "taken-asc": Sort("taken_at", False, gettext_lazy("Captured, oldest first")),
}
DEFAULT_SORT = "uploaded-desc"
# One upload is a shoot, culled in the order it was taken (as Photo Mechanic opens a card): oldest frame first.
SHOOT_SORT = "taken-asc"


@dataclass(frozen=True)
class Key:
    """Where a page ends: the sort value (None for an undated photo) and the photo id that breaks ties."""

    value: datetime | None
    id: int

    def encode(self) -> str:
        if self.value is None:
            return f"n{self.id}"
        stamp = self.value.astimezone(UTC)
        micros = (stamp - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Key | None:
        """The key in a `cursor` parameter; None for anything malformed (the page then starts at the top)."""
        try:
            if text.startswith("n"):
                return cls(None, int(text[1:]))
            micros, _sep, pk = text.partition("_")
            value = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))
            return cls(value, int(pk))
        except (ValueError, OverflowError):
            return None

    @classmethod
    def of(cls, photo: Photo, sort: Sort) -> Key:
        return cls(getattr(photo, sort.field), photo.pk)


@dataclass(frozen=True)
class LibraryFilter:
    taken_from: date | None = None
    taken_to: date | None = None
    batch_id: int | None = None
    subject_id: int | None = None
    tag_id: int | None = None
    rating: str = ""  # "" any, "0" unrated, "1".."5" at least that many stars
    flag: str = ""  # "" any, "pick", "reject", "none", "not-reject"
    status: str = ""  # "" any, "pending" (waiting or being processed), "ready", "failed"
    not_in_exhibition: bool = False
    labels: tuple[str, ...] = ()  # colour labels, any of them; Photo.Label.NONE for "no label"
    # Ready photos described in no language yet: what the publish page will ask for.
    needs_alt_text: bool = False
    # Ready photos described in some language but not in every one: what a translator still has to do.
    alt_text_to_translate: bool = False
    words: str = ""  # words each found in the title, caption or place (in any language) or the file name


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def photos_filtered(owner, library_filter: LibraryFilter) -> QuerySet[Photo]:
    """The owner's photos matching the filter, unordered; every condition is index-friendly or a small join."""
    f = library_filter
    photos = Photo.objects.filter(owner=owner)
    # Bounds as instants, not `taken_at__date`, so the (owner, taken_at, id) index can serve the range.
    if f.taken_from:
        photos = photos.filter(taken_at__gte=_day_start(f.taken_from))
    if f.taken_to:
        photos = photos.filter(taken_at__lt=_day_start(f.taken_to + timedelta(days=1)))
    if f.batch_id:
        photos = photos.filter(batch_id=f.batch_id)
    if f.subject_id:
        photos = photos.filter(subjects__id=f.subject_id)
    if f.tag_id:
        photos = photos.filter(tags__id=f.tag_id)
    if f.rating == "0":
        photos = photos.filter(rating=0)
    elif f.rating:
        photos = photos.filter(rating__gte=int(f.rating))
    if f.flag == "none":
        photos = photos.filter(flag=Photo.Flag.NONE)
    elif f.flag == "not-reject":
        photos = photos.exclude(flag=Photo.Flag.REJECT)
    elif f.flag:
        photos = photos.filter(flag=f.flag)
    if f.status == "pending":
        photos = photos.filter(status__in=[Photo.Status.PENDING, Photo.Status.PROCESSING])
    elif f.status:
        photos = photos.filter(status=f.status)
    if f.not_in_exhibition:
        photos = photos.filter(publications().photo_unused_q())
    if f.labels:
        photos = photos.filter(label__in=f.labels)
    if f.needs_alt_text:
        photos = photos.filter(status=Photo.Status.READY).filter(_alt_text_in_no_language())
    if f.alt_text_to_translate:
        photos = (
            photos.filter(status=Photo.Status.READY)
            .exclude(_alt_text_in_no_language())
            .filter(_alt_text_missing_in_a_language())
        )
    for word in f.words.split()[:SEARCH_WORDS_MAX]:
        photos = photos.filter(_photo_words_q(word))
    return photos


SEARCH_WORDS_MAX = 8


def _blank_in(field: str, code: str) -> Q:
    # A language never written is NULL (the column came with modeltranslation); one cleared is "".
    return Q(**{f"{field}_{code}__isnull": True}) | Q(**{f"{field}_{code}": ""})


def _alt_text_in_no_language() -> Q:
    query = Q()
    for code in texts.languages():
        query &= _blank_in("alt_text", code)
    return query


def _alt_text_missing_in_a_language() -> Q:
    query = Q()
    for code in texts.languages():
        query |= _blank_in("alt_text", code)
    return query


def _photo_words_q(word: str) -> Q:
    """A word of a library search: in the title, caption or place in any language, or in the file name."""
    return word_q(word, fields=["original_filename"], translated=["title", "caption", "place_name"])


def photos_counted(owner, library_filter: LibraryFilter) -> QuerySet:
    """One row per photo of `photos_filtered(owner, library_filter)`, in the shape whose first rows are cheapest
    to reach: what the page's capped count reads. Not for counting to the end (see `photos_count`)."""
    f = library_filter
    # Neither a tag nor a subject: an index serves the filter. Both: the planner joins the two links, the smaller
    # first. SQLite walks a tag's links by itself (0.7 ms for the first thousand of 3 300 among 100 000 photos).
    if bool(f.tag_id) == bool(f.subject_id) or connection.vendor != "postgresql":
        return photos_filtered(owner, f).order_by().values("pk")
    # A tag's (or subject's) photos are a few thousand spread over the owner's hundred thousand. Joined, PostgreSQL
    # hashes the tag's links and scans the owner's photos until enough match (30 000 rows for the first thousand,
    # 13-30 ms); walking the tag's links and checking each photo by primary key reads about a thousand index
    # entries (2-6 ms). A scalar subquery, unlike EXISTS, is never flattened back into that join.
    if f.tag_id:
        links = Photo.tags.through.objects.filter(tag_id=f.tag_id)
        rest = replace(f, tag_id=None)
    else:
        links = Photo.subjects.through.objects.filter(subject_id=f.subject_id)
        rest = replace(f, subject_id=None)
    # A photo has at most one link to a tag, so counting the links counts the photos.
    photos = photos_filtered(owner, rest).order_by()
    matching = Subquery(photos.filter(pk=OuterRef("photo_id")).values("pk")[:1])
    return links.order_by().annotate(matching=matching).filter(matching__isnull=False).values("pk")


def photos_count(owner, library_filter: LibraryFilter) -> int:
    """How many photos the filter holds, exactly: the count the page leaves to a second request."""
    return photos_filtered(owner, library_filter).count()


# --- One page of thumbnails -------------------------------------------------------------------------------

# No dates: each costs a parse in Python per row, and the grid shows none (a page adds its sort column for its key).
GRID_FIELDS = (
    "pk",
    "owner_id",
    "original_filename",
    "title",
    "alt_text",
    "status",
    "failure_reason",
    "rating",
    "flag",
    "label",
    "width",
    "height",
)
THUMBNAIL_SPECS = {"thumb_jpeg": "320.jpeg", "thumb_webp": "320.webp", "thumb_webp_2x": "640.webp"}


class _Count(Subquery):
    # Uncorrelated, so both SQLite and PostgreSQL evaluate it once per statement, not once per row. Given a
    # sliced queryset it counts no further than the slice: `LIMIT` inside, so only that many rows are read.
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def with_thumbnails(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    """The grid's columns plus the storage names of its thumbnails, in the same statement (no prefetch)."""
    names = {
        alias: Subquery(Rendition.objects.filter(photo=OuterRef("pk"), spec=spec).values("file")[:1])
        for alias, spec in THUMBNAIL_SPECS.items()
    }
    return photos.only(*GRID_FIELDS).annotate(**names)


def grid_rows(photos: QuerySet[Photo], *names: str) -> QuerySet:
    """`with_thumbnails` as named rows rather than Photo instances (`names`: more fields or annotations). A Photo
    is wide: making a hundred of them, columns deferred, cost the library page more Python than the rest of its
    statement, for a grid that reads a dozen columns."""
    return with_thumbnails(photos).values_list(*GRID_FIELDS, *names, *THUMBNAIL_SPECS, named=True)


@dataclass(frozen=True)
class Cell:
    """A photo as the contact sheet shows it: its thumbnails and its display name (written out in contact_sheet.py).
    `photo` is a Photo or a row of `grid_rows`: the grid's columns, the same names."""

    photo: Photo | Any
    thumb_jpeg: str
    thumb_webp: str
    thumb_webp_2x: str
    stack: StackPlace | None = None  # its place in a stack of a burst, when the page stacks bursts

    @classmethod
    def of(cls, photo: Photo, url: Callable[[str], str] | None = None, stack: StackPlace | None = None) -> Cell:
        """`url`: a `rendition_url_maker()`, made once for a page of cells."""
        url = url or rendition_url_maker()
        names = {alias: getattr(photo, alias, None) for alias in THUMBNAIL_SPECS}
        return cls(photo=photo, stack=stack, **{alias: url(name) if name else "" for alias, name in names.items()})

    @property
    def title(self) -> str:
        return self.photo.title or self.photo.original_filename or _("Untitled")

    def as_json(self) -> dict[str, Any]:
        photo = self.photo
        return {
            "id": photo.pk,
            "status": photo.status,
            "status_label": str(Photo.Status(photo.status).label),
            "failure_reason": photo.failure_reason,
            "thumbnail_url": self.thumb_jpeg,
            "rating": photo.rating,
            "flag": photo.flag,
            "label": photo.label,
        }


def stars_label(rating: int) -> str:
    return ngettext("%(count)d star", "%(count)d stars", rating) % {"count": rating}


@dataclass
class Page:
    cells: list[Cell]
    next_key: Key | None
    total: int | None = None  # photos in the filter; None when not counted (a scroll fragment)
    total_capped: bool = False  # there are more than `total` (the cap); the exact number is not known yet

    @property
    def next_cursor(self) -> str:
        return self.next_key.encode() if self.next_key else ""


@dataclass(frozen=True)
class TotalWords:
    """What the library says about the number of photos in the filter: worded once, for the page and for the
    count request's answer, so the script swaps in text the server wrote."""

    label: str  # "1,234 photos" or "More than 1,000 photos"
    select_all: str  # the select-all button
    all_selected: str  # the selection bar once the whole filter is selected

    @classmethod
    def of(cls, total: int, *, capped: bool = False) -> TotalWords:
        counter = formats.number_format(total, force_grouping=True)
        if capped:
            return cls(
                label=ngettext("More than %(counter)s photo", "More than %(counter)s photos", total)
                % {"counter": counter},
                select_all=_("Select all in this filter"),
                all_selected=_("All photos in this filter selected"),
            )
        return cls(
            label=ngettext("%(counter)s photo", "%(counter)s photos", total) % {"counter": counter},
            select_all=ngettext(
                "Select the %(counter)s photo in this filter", "Select all %(counter)s in this filter", total
            )
            % {"counter": counter},
            all_selected=ngettext(
                "All %(counter)s photo in this filter selected", "All %(counter)s photos in this filter selected", total
            )
            % {"counter": counter},
        )

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "select_all": self.select_all, "all_selected": self.all_selected}


def _walk(
    photos: QuerySet[Photo],
    sort: Sort,
    key: Key | None,
    limit: int,
    *,
    backwards: bool = False,
    shape: Callable[[QuerySet[Photo], tuple[str, ...]], Any] = lambda qs, annotations: qs,
) -> list[Any]:
    """Up to `limit` rows after `key` in sort order (before it when `backwards`), one range scan per phase.
    `shape(queryset, annotations)` makes the rows; `annotations` names what this function added to them."""
    descending = sort.descending != backwards
    op = "lt" if descending else "gt"
    sign = "-" if descending else ""
    phases = ["values", "nulls"] if sort.nullable else ["values"]
    if backwards:
        phases.reverse()
    key_phase = None if key is None else ("nulls" if key.value is None else "values")
    started = key_phase is None
    rows: list[Any] = []
    for index, phase in enumerate(phases):
        if not started and phase != key_phase:
            continue
        at_key = not started
        started = True
        nulls_follow = phases[index + 1 :] == ["nulls"]
        if phase == "values":
            part = photos.filter(**{f"{sort.field}__isnull": False}) if sort.nullable else photos
            if at_key:
                # The `<=` bound is what the index range scan uses; the OR only trims rows tied on the value.
                part = part.filter(**{f"{sort.field}__{op}e": key.value}).filter(
                    Q(**{f"{sort.field}__{op}": key.value}) | Q(**{sort.field: key.value, f"id__{op}": key.id})
                )
            order = (f"{sign}{sort.field}", f"{sign}id")
        else:
            part = photos.filter(**{f"{sort.field}__isnull": True})
            if at_key:
                part = part.filter(**{f"id__{op}": key.id})
            order = (f"{sign}id",)
        # The ids of the page are chosen first and the columns and thumbnails fetched for those alone: otherwise
        # a filter the sort index cannot serve (a tag, picks) computes thumbnails for every match before sorting.
        page_ids = part.order_by(*order).values("pk")[: limit - len(rows)]
        outer = Photo.objects.filter(pk__in=page_ids).order_by(*order)
        annotations: tuple[str, ...] = ()
        if nulls_follow:
            # Uncorrelated, evaluated once: tells whether the next phase has anything, saving its query.
            outer = outer.annotate(undated_follow=Exists(photos.filter(**{f"{sort.field}__isnull": True})))
            annotations = ("undated_follow",)
        found = list(shape(outer, annotations))
        rows += found
        if len(rows) >= limit or (nulls_follow and found and not found[0].undated_follow):
            break
    return rows


def library_page(
    photos: QuerySet[Photo],
    *,
    sort: Sort,
    after: Key | None = None,
    size: int = PAGE_SIZE,
    counted: QuerySet | None = None,
    stack_gap: timedelta | None = None,
) -> Page:
    """A page of the contact sheet: one statement, two on the page where dated photos give way to undated ones.

    With `counted` (the same photos as `photos`, usually `photos_counted(...)`), the page also knows how many
    there are, in the same statement: exactly up to COUNT_EXACT_UP_TO, else only that there are more.

    With `stack_gap`, in a capture-time sort, bursts are stacked (curation/bursts.py) and the page never ends
    inside one: it ends before the burst that crosses its end, so the next page begins with it, and a page that is
    all one burst grows to hold it (up to bursts.STACK_MAX frames, one more statement).
    """
    cap = COUNT_EXACT_UP_TO
    capped_count = _Count(counted[: cap + 1]) if counted is not None else None

    def shape(part: QuerySet[Photo], annotations: tuple[str, ...]) -> QuerySet:
        if capped_count is not None:
            part = part.annotate(total=capped_count)
            annotations += ("total",)
        return grid_rows(part, sort.field, *annotations)  # the last row's sort value is the next page's key

    rows = _walk(photos, sort, after, size + 1, shape=shape)
    total = None
    if capped_count is not None:
        if rows:
            total = rows[0].total
        elif after is None:
            total = 0
        else:  # past the last page: no row carried the count
            total = counted[: cap + 1].count()
    stacking = stack_gap is not None and sort.field == "taken_at"
    shown, more = rows[:size], len(rows) > size
    if stacking and more and bursts.in_burst(rows[size - 1].taken_at, rows[size].taken_at, stack_gap):
        start = bursts.run_start([row.taken_at for row in shown], size - 1, stack_gap)
        if start > 0:
            shown = rows[:start]
        else:
            rows += _walk(photos, sort, Key.of(rows[-1], sort), bursts.STACK_MAX + 1 - len(rows), shape=shape)
            end = bursts.run_end([row.taken_at for row in rows], 0, stack_gap)
            shown = rows[: min(end, bursts.STACK_MAX)]
            more = len(rows) > len(shown)
    next_key = Key.of(shown[-1], sort) if more else None
    capped = total is not None and total > cap
    url = rendition_url_maker()
    places = bursts.stack_places(shown, gap=stack_gap, descending=sort.descending) if stacking else [None] * len(shown)
    return Page(
        cells=[Cell.of(photo, url, place) for photo, place in zip(shown, places, strict=True)],
        next_key=next_key,
        total=cap if capped else total,
        total_capped=capped,
    )


def library_neighbours(photos: QuerySet[Photo], *, sort: Sort, photo: Photo) -> tuple[int | None, int | None]:
    """The ids of the photos before and after `photo` in the filtered, sorted library (for the loupe)."""
    key = Key.of(photo, sort)

    def keys(part: QuerySet[Photo], annotations: tuple[str, ...]) -> QuerySet[Photo]:
        return part.only("pk", sort.field)

    before = _walk(photos, sort, key, 1, backwards=True, shape=keys)
    after = _walk(photos, sort, key, 1, shape=keys)
    return (before[0].pk if before else None, after[0].pk if after else None)


def photos_status(owner, photo_ids: list[int]) -> list[Cell]:
    """Processing status and thumbnail of some of the owner's photos, for pages that wait on the workers."""
    photos = Photo.objects.filter(owner=owner, pk__in=photo_ids[:STATUS_BATCH_MAX]).order_by()
    url = rendition_url_maker()
    return [Cell.of(photo, url) for photo in grid_rows(photos)]


# --- What the filter and bulk menus offer -----------------------------------------------------------------


@dataclass
class Choices:
    tags: list[tuple[int, str]] = field(default_factory=list)
    subjects: list[tuple[int, str]] = field(default_factory=list)
    batches: list[tuple[int, str, datetime]] = field(default_factory=list)
    exhibitions: list[tuple[int, str]] = field(default_factory=list)


def library_choices(user, *, batch_id: int | None = None) -> Choices:
    """Tags, subjects, recent batches and the exhibitions the user may add to (asked of curation.publications), in
    one statement.

    Written out rather than built with the ORM: every library page asks for these menus, and composing and
    compiling the four-part union cost 11 ms of Python per page, three times what the database spent on it.
    """
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    batch, photo = UploadBatch, Photo
    # Only an upload's entry shows a date; the other rows carry none rather than one to parse.
    # Only the models' table and column names go into the text; every value is a parameter.
    sql = f"""
        SELECT 'batch', {column(batch, "id")}, {column(batch, "label")}, {column(batch, "created_at")}
          FROM {table(batch)} b
         WHERE {column(batch, "owner")} = %s
           AND ({column(batch, "created_at")} >= %s OR {column(batch, "id")} = %s)
           AND EXISTS (SELECT 1 FROM {table(photo)} WHERE {column(photo, "batch")} = b.{column(batch, "id")})
        UNION ALL
        SELECT 'tag', {column(Tag, "id")}, {column(Tag, "name")}, NULL FROM {table(Tag)}
         WHERE {column(Tag, "owner")} = %s
        UNION ALL
        SELECT 'subject', {column(Subject, "id")}, {column(Subject, "name")}, NULL FROM {table(Subject)}
         WHERE {column(Subject, "owner")} = %s
    """  # noqa: S608
    exhibitions_sql, exhibitions_params = publications().menu_sql(user=user)
    if exhibitions_sql:
        sql += f" UNION ALL {exhibitions_sql}"
    recent = timezone.now() - timedelta(days=BATCH_CHOICE_DAYS)
    params = [user.pk, connection.ops.adapt_datetimefield_value(recent), batch_id or 0, user.pk, user.pk]
    params += exhibitions_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        union = cursor.fetchall()
    choices = Choices()
    for kind, pk, label, when in union:
        if kind == "tag":
            choices.tags.append((pk, label))
        elif kind == "subject":
            choices.subjects.append((pk, label))
        elif kind == "batch":
            choices.batches.append((pk, label, _aware(when)))
        else:
            choices.exhibitions.append((pk, label))
    choices.tags.sort(key=lambda c: c[1].casefold())
    choices.subjects.sort(key=lambda c: c[1].casefold())
    choices.batches.sort(key=lambda c: c[2], reverse=True)
    choices.exhibitions.sort(key=lambda c: c[1].casefold())
    return choices


def _aware(value: datetime | str) -> datetime:
    """A date read by a raw cursor: PostgreSQL gives it aware, SQLite as the naive UTC text Django stored."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


# --- EXIF in words ---------------------------------------------------------------------------------------

# Words in EXIF "Make" that no photographer says aloud.
_MAKER_NOISE = {"corporation", "corp.", "corp", "co.,ltd.", "co.,", "co.", "ltd.", "ltd", "inc."}
_MAKER_NOISE |= {"imaging", "camera", "ag"}


def camera_name(make: str, model: str) -> str:
    """ "FUJIFILM" + "X100V" -> "Fujifilm X100V"; "Canon" + "Canon EOS R5" -> "Canon EOS R5"."""
    words = [w for w in make.split() if w.casefold() not in _MAKER_NOISE]
    maker = " ".join(words)
    if maker.isupper() and len(maker) > 3:
        maker = maker.title()
    model = model.strip()
    # Most cameras repeat the maker in the model name: say it once.
    if words and model.casefold().startswith(words[0].casefold()):
        model = model[len(words[0]) :].strip()
    return " ".join(part for part in (maker, model) if part)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def exif_in_words(photo: Photo) -> str:
    """ "Fujifilm X100V · 23 mm · f/2.8 · 1/250 s · ISO 400", leaving out what the camera did not record."""
    parts = [camera_name(photo.camera_make, photo.camera_model)]
    if photo.focal_length_mm:
        parts.append(_("%(value)s mm") % {"value": _number(photo.focal_length_mm)})
    if photo.aperture:
        parts.append(f"f/{_number(photo.aperture)}")
    if photo.exposure_time:
        parts.append(_("%(value)s s") % {"value": photo.exposure_time})
    if photo.iso:
        parts.append(_("ISO %(value)s") % {"value": photo.iso})
    return " · ".join(part for part in parts if part)
