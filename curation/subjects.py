"""Subjects and their consent: create, update, link photos, record and withdraw consent, release documents, merge."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.housekeeping import storage_files_delete_on_commit
from curation.models import Consent, Photo, ReleaseDocument, Subject, SubjectEvent, WebGap, consent_web_gap
from curation.people.changes import people_changed
from curation.people.rules import REFUSALS, Use, covered_q
from curation.publications import Takedown, publications
from curation.roles import is_curator
from curation.search import word_q
from curation.texts import languages, texts_assign
from curation.writes import BULK_CHUNK, display_filename, through_rows_add

logger = logging.getLogger(__name__)

RELEASE_MAX_BYTES = 20 * 1024 * 1024
# Sniffed from the content, never taken from the name or the browser: (magic test, MIME type, extension).
_RELEASE_FORMATS = (
    (lambda head: head.startswith(b"%PDF-"), "application/pdf", "pdf"),
    (lambda head: head.startswith(b"\xff\xd8\xff"), "image/jpeg", "jpg"),
    (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "image/png", "png"),
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "image/webp", "webp"),
    (lambda head: head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1"}, "image/heic", "heic"),
)
SUBJECT_TEXT_FIELDS = (
    "name",
    "story",
    "place_name",
    "private_notes",
    "contact_details",
)
# What a visitor may read of a subject, written in each language (curation/translation.py): a language map or a
# plain string in the active language, as curation.texts.texts_assign takes them.
SUBJECT_PUBLIC_TEXTS = ("public_name", "public_story")


class SubjectRefused(ValueError):
    """A change we will not make; `message` is written for the photographer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _actor(user) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# --- Who may see a subject ---------------------------------------------------------------------------------


class SubjectAccess(enum.IntEnum):
    NONE = 0
    # A curator of an exhibition that shows the subject: the public name and story and the consent summary that
    # publishing needs. Never the private fields (name, story, place, notes, contact) nor the release documents.
    VIEW = 1
    EDIT = 2  # the photographer who owns it, and staff: everything


def subject_access(user, subject: Subject) -> SubjectAccess:
    """The owner and staff: everything (EDIT). A curator who edits an exhibition showing the subject: its public
    summary (VIEW). Anyone else, a read-only viewer of that exhibition included: nothing."""
    if not user.is_authenticated:
        return SubjectAccess.NONE
    if user.is_staff or subject.owner_id == user.pk:
        return SubjectAccess.EDIT
    if not is_curator(user):
        # As Exhibition.access_for: only a curator edits an exhibition, even one they were invited to.
        return SubjectAccess.NONE
    curated = publications().curates_showing(user=user, subject=subject)
    return SubjectAccess.VIEW if curated else SubjectAccess.NONE


# --- Reading: search and lists -----------------------------------------------------------------------------

CONSENT_FILTERS = ("needed", "covered", "refused")


def subjects_search(owner, *, query: str = "", kind: str = "", consent: str = "") -> QuerySet[Subject]:
    """The owner's subjects matching words in the name, the public name or the place; with photo counts."""
    subjects = Subject.objects.filter(owner=owner)
    for word in query.split()[:8]:
        subjects = subjects.filter(word_q(word, fields=["name", "place_name"], translated=["public_name"]))
    if kind in Subject.Kind.values:
        subjects = subjects.filter(kind=kind)
    if consent in CONSENT_FILTERS:
        subjects = subjects.filter(kind=Subject.Kind.PERSON)
        covered = covered_q(use=Use.WEB)
        if consent == "covered":
            subjects = subjects.filter(covered)
        elif consent == "refused":
            subjects = subjects.filter(consent__status__in=Consent.REFUSALS)
        else:
            subjects = subjects.exclude(covered)
    return (
        subjects.select_related("consent").annotate(photo_count=Count("photos", distinct=True)).order_by("name", "id")
    )


# --- Subjects -----------------------------------------------------------------------------------------------


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {name: (value or "").strip() if name in SUBJECT_TEXT_FIELDS else value for name, value in values.items()}


def _subject_values(**values: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The subject's single-language fields, trimmed, and its public texts (strings or language maps), or a
    refusal that names what is missing."""
    public = {name: values.pop(name) for name in SUBJECT_PUBLIC_TEXTS}
    values = _clean_text(values)
    if not values["name"]:
        raise SubjectRefused(_("A subject needs a name or a description."))
    if values["kind"] not in Subject.Kind.values:
        raise SubjectRefused(_("Choose whether this is a person, a place, an event or a thing."))
    return values, public


def _public_texts_assign(subject: Subject, public: dict[str, Any]) -> list[str]:
    """Set the public name and story from strings or language maps; the columns to save."""
    columns: list[str] = []
    for name, value in public.items():
        columns += texts_assign(subject, name, value)
    return columns


def subject_create(
    *,
    owner,
    name: str,
    kind: str = Subject.Kind.PERSON,
    story: str = "",
    place_name: str = "",
    met_on: date | None = None,
    public_name: str | Mapping[str, str] = "",
    public_story: str | Mapping[str, str] = "",
    private_notes: str = "",
    contact_details: str = "",
    photos: Sequence[Photo] = (),
    actor=None,
) -> Subject:
    """A new subject of the owner's, linked to `photos` (the photo it was created from).

    The public name and story are each a language map or a plain string in the active language. A new person has
    no consent yet: a published photo they are created from leaves the public page at once.
    """
    values, public = _subject_values(
        name=name, kind=kind, story=story, place_name=place_name, met_on=met_on, public_name=public_name,
        public_story=public_story, private_notes=private_notes, contact_details=contact_details,
    )  # fmt: skip
    if any(photo.owner_id != owner.pk for photo in photos):
        raise SubjectRefused(_("A subject can only appear in its photographer's own photos."))
    person = bool(photos) and values["kind"] == Subject.Kind.PERSON
    with transaction.atomic():
        if person:
            # A new link to a person, as on the photo page: see the lock's docstring.
            publications().photos_showing_lock(photos=Photo.objects.filter(pk__in=[p.pk for p in photos]))
        subject = Subject(owner=owner, **values)
        _public_texts_assign(subject, public)
        subject.save(force_insert=True)
        if photos:
            subject.photos.add(*photos)
        SubjectEvent.objects.create(
            subject=subject,
            action=SubjectEvent.Action.CREATED,
            actor=_actor(actor) or owner,
            changes={"photos": [photo.pk for photo in photos]} if photos else {},
        )
        if person:
            consent_gaps_enforce(subject_ids=[subject.pk], actor=actor)
    return subject


def subject_update(
    *,
    subject: Subject,
    name: str,
    kind: str,
    story: str = "",
    place_name: str = "",
    met_on: date | None = None,
    public_name: str | Mapping[str, str] = "",
    public_story: str | Mapping[str, str] = "",
    private_notes: str = "",
    contact_details: str = "",
) -> Subject:
    """Save the subject's words. A person's public name and story (each a language map or a plain string in the
    active language) reach published pages live (visibility.py): the save moves the people version on, which
    public pages are kept under (curation/people/changes.py).

    The publish gate checks people only, so a change of kind is where it could be walked round: a person whose
    consent does not cover the web stays a person (refused), and a place, event or thing that becomes a person
    leaves published pages at once unless their consent covers the web, as when a person is linked to a photo.
    """
    values, public = _subject_values(
        name=name, kind=kind, story=story, place_name=place_name, met_on=met_on, public_name=public_name,
        public_story=public_story, private_notes=private_notes, contact_details=contact_details,
    )  # fmt: skip
    becomes_person = kind == Subject.Kind.PERSON and subject.kind != Subject.Kind.PERSON
    with transaction.atomic():
        if becomes_person:
            # As for a new link to a person, and before their row (exhibitions before people): a publish running
            # now either waits and then sees a person, or has committed when the takedown below looks.
            publications().photos_showing_lock(photos=Photo.objects.filter(subjects=subject))
        if kind != subject.kind:
            # Held while the consent is read: an answer being recorded (which holds it too) is seen, not missed.
            locked = _lock_subject(subject)
            if locked.kind == Subject.Kind.PERSON and kind != Subject.Kind.PERSON:
                gap = consent_web_gap(Consent.objects.filter(subject=locked).first())
                if gap:
                    raise SubjectRefused(
                        _(
                            "A person stays a person while their consent does not cover the web (%(why)s): "
                            "otherwise their photos would pass the publish gate. If this is not a person at all, "
                            "add it again as a place, an event or a thing, and delete this one."
                        )
                        % {"why": str(WebGap(gap).label)}
                    )
        for name_, value in values.items():
            setattr(subject, name_, value)
        # A save, not an update(): its post_save signal moves the people version on (a public name changed).
        subject.save(update_fields=[*values, *_public_texts_assign(subject, public)])
        if becomes_person:
            consent_gaps_enforce(subject_ids=[subject.pk])
    return subject


def photo_subjects_set(*, photo: Photo, subjects: Sequence[Subject], actor=None) -> None:
    """Who and what a photo shows. Linking a person whose consent does not cover the web takes the photo off
    published pages (except where an override lets an exhibition show them)."""
    if any(subject.owner_id != photo.owner_id for subject in subjects):
        raise SubjectRefused(_("A photo can only show its photographer's own subjects."))
    with transaction.atomic():
        linked = set(photo.subjects.values_list("pk", flat=True))
        people_added = [s.pk for s in subjects if s.pk not in linked and s.kind == Subject.Kind.PERSON]
        if people_added:
            # A new link to a person is what a publish running now could miss: see the lock's docstring.
            publications().photos_showing_lock(photos=Photo.objects.filter(pk=photo.pk))
        photo.subjects.set(subjects)
        # Only the people just linked: the others' published photos were dealt with when their consent changed.
        consent_gaps_enforce(subject_ids=people_added, actor=actor)


@transaction.atomic
def photos_subject_assign(*, photos: QuerySet[Photo], subject: Subject, actor=None) -> int:
    """Note that `subject` appears in these photos; only the subject's owner's photos are touched."""
    owned = photos.filter(owner=subject.owner_id)
    photo_ids = list(owned.order_by().values_list("pk", flat=True))
    person = bool(photo_ids) and subject.kind == Subject.Kind.PERSON
    if person:
        # Before the links: a publish running now then waits for them or is seen by the takedown below.
        publications().photos_showing_lock(photos=owned)
    through_rows_add(Photo.subjects.through, photo_ids, "subject_id", subject.pk)
    if photo_ids:
        people_changed()  # bulk_create sends no signal: pages cached under the people version must still go
    if person:
        # A person whose consent does not cover the web: the photos just linked to them leave published pages.
        consent_gaps_enforce(subject_ids=[subject.pk], actor=actor)
    return len(photo_ids)


def consent_gaps_enforce(*, subject_ids: Iterable[int], actor=None) -> list[Takedown]:
    """Published photos of those of these people whose consent does not cover the web leave public pages, and
    their curators are told: after a change that shows them anew (a photo link, a relabel, a merge) or a consent
    recorded. Carried out by the publishing app (curation.publications)."""
    return publications().consent_gaps_enforce(subject_ids=subject_ids, actor=actor)


# --- Consent ---------------------------------------------------------------------------------------------------

CONSENT_FIELDS = ("status", "scope_web", "scope_print", "scope_exhibition", "given_on", "expires_on", "is_minor")


@dataclass
class ConsentOutcome:
    consent: Consent
    changed: bool
    takedowns: list[Takedown] = field(default_factory=list)

    @property
    def published_changed(self) -> list[Takedown]:
        return [t for t in self.takedowns if not t.schedule_cancelled]

    @property
    def schedules_cancelled(self) -> list[Takedown]:
        return [t for t in self.takedowns if t.schedule_cancelled]


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _lock_subject(subject: Subject) -> Subject:
    # Publishing locks the same rows while it checks consent: see exhibitions.consent.appearances_for.
    return Subject.objects.select_for_update().get(pk=subject.pk)


def consent_record(
    *,
    subject: Subject,
    actor,
    status: str,
    scope_web: bool = False,
    scope_print: bool = False,
    scope_exhibition: bool = False,
    given_on: date | None = None,
    expires_on: date | None = None,
    is_minor: bool = False,
    note: str = "",
) -> ConsentOutcome:
    """Record a person's answer, keeping what it was before in the history.

    Declined or withdrawn takes effect at once: their photos leave every published page, overrides of the
    publish gate for them end, scheduled publications showing them are cancelled, and curators are told.
    Any other answer that does not cover the web (web taken out of the scope, a minor without a guardian's
    release, "not asked yet", an expiry already past) takes their photos off published pages at once too, except
    where an exhibition has an override for them; scheduled publications are checked at their time.
    """
    if subject.kind != Subject.Kind.PERSON:
        raise SubjectRefused(_("Places, events and things need no consent."))
    if status not in Consent.Status.values:
        raise SubjectRefused(_("Choose the person's answer."))
    if given_on and expires_on and expires_on < given_on:
        raise SubjectRefused(_("The consent cannot expire before it was given."))
    wanted = {
        "status": status,
        "scope_web": bool(scope_web),
        "scope_print": bool(scope_print),
        "scope_exhibition": bool(scope_exhibition),
        "given_on": given_on,
        "expires_on": expires_on,
        "is_minor": bool(is_minor),
    }
    note = note.strip()
    with transaction.atomic():
        locked = _lock_subject(subject)
        if locked.kind != Subject.Kind.PERSON:
            raise SubjectRefused(_("Places, events and things need no consent."))  # relabelled meanwhile
        # No record yet reads as status "" in the history: nobody had written anything down.
        record = Consent.objects.filter(subject=locked).first() or Consent(subject=locked, status="")
        before = {name: getattr(record, name) for name in CONSENT_FIELDS}
        changes = {
            name: [_json_value(before[name]), _json_value(value)]
            for name, value in wanted.items()
            if before[name] != value
        }
        if not changes and not note:
            return ConsentOutcome(consent=record, changed=False)
        for name, value in wanted.items():
            setattr(record, name, value)
        record.updated_at, record.updated_by = timezone.now(), _actor(actor)
        record.save()
        gap = consent_web_gap(record)
        refused = gap in REFUSALS
        became_refusal = refused and before["status"] not in Consent.REFUSALS
        SubjectEvent.objects.create(
            subject=locked,
            action=SubjectEvent.Action.WITHDRAWN
            if became_refusal and status == Consent.Status.WITHDRAWN
            else SubjectEvent.Action.CONSENT,
            actor=_actor(actor),
            changes=changes,
            note=note,
        )
        if refused:
            # Within the person's lock: an override being made now (which reads their consent under the same
            # lock) either sees the refusal or is ended here.
            publications().overrides_end(subject=locked, actor=_actor(actor), reason=str(Consent.Status(status).label))
    # The takedown runs in a transaction of its own, once the answer is committed: it locks exhibitions, and
    # publishing locks an exhibition and then the people it shows, so holding both here could deadlock. A
    # publish that checked consent before this commit held the person's row, so it is published by now and
    # the takedown below finds it.
    takedowns = consent_gaps_enforce(subject_ids=[locked.pk], actor=actor) if gap else []
    subject.refresh_from_db()
    return ConsentOutcome(consent=record, changed=True, takedowns=takedowns)


def consent_withdraw(*, subject: Subject, actor, note: str = "") -> ConsentOutcome:
    """The person takes their consent back: recorded as withdrawn, everything else of the record kept."""
    record = Consent.objects.filter(subject=subject).first()
    if record is None or record.status not in Consent.AGREEMENTS:
        raise SubjectRefused(_("Only a consent that was given can be withdrawn; record the person's answer instead."))
    kept = {name: getattr(record, name) for name in CONSENT_FIELDS if name != "status"}
    return consent_record(subject=subject, actor=actor, status=Consent.Status.WITHDRAWN, note=note, **kept)


# --- Release documents ----------------------------------------------------------------------------------------


def release_type(stream: IO[bytes]) -> tuple[str, str] | None:
    """(MIME type, extension) of a release scan, from its first bytes; None for anything else."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    for test, mime, extension in _RELEASE_FORMATS:
        if test(head):
            return mime, extension
    return None


def release_document_add(*, subject: Subject, actor, upload: IO[bytes], filename: str, size: int) -> ReleaseDocument:
    """Keep a scan or photo of the signed form as a private file (never public, never a rendition)."""
    if subject.kind != Subject.Kind.PERSON:
        raise SubjectRefused(_("Places, events and things need no consent."))
    if size == 0:
        raise SubjectRefused(_("The file is empty."))
    if size > RELEASE_MAX_BYTES:
        raise SubjectRefused(
            _("The file is larger than the %(limit)d MB limit.") % {"limit": RELEASE_MAX_BYTES // 2**20}
        )
    kind = release_type(upload)
    if kind is None:
        raise SubjectRefused(_("A release must be a PDF, or a photo of the form (JPEG, PNG, WebP or HEIC)."))
    mime, extension = kind
    label = display_filename(filename) or f"release.{extension}"
    document = ReleaseDocument(subject=subject, filename=label, content_type=mime, size=size, uploaded_by=_actor(actor))
    document.file.save(f"release.{extension}", File(upload), save=False)
    try:
        with transaction.atomic():
            document.save()
            SubjectEvent.objects.create(
                subject=subject,
                action=SubjectEvent.Action.DOCUMENT_ADDED,
                actor=_actor(actor),
                changes={"document": label},
            )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def release_document_delete(*, document: ReleaseDocument, actor) -> None:
    """Remove a document uploaded by mistake; the history keeps its name, the file leaves storage on commit."""
    file = document.file
    with transaction.atomic():
        SubjectEvent.objects.create(
            subject_id=document.subject_id,
            action=SubjectEvent.Action.DOCUMENT_REMOVED,
            actor=_actor(actor),
            changes={"document": document.filename},
        )
        document.delete()

    storage_files_delete_on_commit([(file.storage, file.name)])


def subject_delete(*, subject: Subject) -> None:
    """Delete a subject with its consent, history and release documents; the documents' files leave storage too.

    The rows go by cascade, which would leave the scanned forms behind in private storage: their files are
    removed once the deletion commits, as when one document is removed.
    """
    pk = subject.pk
    with transaction.atomic():
        files = [
            (document.file.storage, document.file.name)
            for document in ReleaseDocument.objects.filter(subject_id=pk).only("id", "file")
            if document.file
        ]
        subject.delete()
        storage_files_delete_on_commit(files)
    logger.info("subject %s deleted with %d release documents", pk, len(files))


# --- Merging two subjects that turn out to be the same ----------------------------------------------------------


class MergeConsent(enum.Enum):
    KEEP = "keep"  # the surviving subject's record
    MERGED = "merged"  # the absorbed subject's record


@dataclass(frozen=True)
class MergeConsentChoice:
    """Which consent record a merge keeps, and whether the photographer must choose."""

    default: MergeConsent
    ask: bool
    reason: str


def _strictness(record: Consent | None) -> int:
    # Higher is stricter. No answer is not strict: it is no information, and any answer replaces it.
    if record is None or record.status == Consent.Status.NOT_ASKED:
        return 0
    if record.status == Consent.Status.WITHDRAWN:
        return 4
    if record.status == Consent.Status.DECLINED:
        return 3
    return 2 if record.web_gap() else 1


def merge_consent_choice(keep: Consent | None, merged: Consent | None) -> MergeConsentChoice:
    """A refusal always survives a merge; an answer beats no answer; between two agreements, the photographer
    chooses (the stricter one offered first), because only they know which was given last."""
    a, b = _strictness(keep), _strictness(merged)
    if max(a, b) >= 3:
        side = MergeConsent.KEEP if a >= b else MergeConsent.MERGED
        return MergeConsentChoice(side, False, _("A refusal is never lost in a merge."))
    if a == 0 or b == 0:
        side = MergeConsent.KEEP if a >= b else MergeConsent.MERGED
        return MergeConsentChoice(side, False, _("An answer replaces “not asked yet”."))
    side = MergeConsent.MERGED if b > a else MergeConsent.KEEP
    return MergeConsentChoice(side, True, _("Both people agreed: choose the record that holds now."))


@dataclass(frozen=True)
class MergeOutcome:
    subject: Subject
    photos_moved: int
    takedowns: list[Takedown]


def subjects_merge(*, keep: Subject, merged: Subject, actor, consent_from: MergeConsent | None = None) -> MergeOutcome:
    """Fold `merged` into `keep`: every photo link, document, override and history row moves; blanks are filled;
    notes are joined; the consent kept follows `merge_consent_choice`. The merge is recorded on `keep`."""
    if keep.pk == merged.pk:
        raise SubjectRefused(_("Choose another subject to merge with."))
    if keep.owner_id != merged.owner_id:
        raise SubjectRefused(_("Only your own subjects can be merged."))
    if keep.kind != merged.kind:
        raise SubjectRefused(_("Only subjects of the same kind can be merged (a person with a person)."))
    with transaction.atomic():
        for pk in sorted([keep.pk, merged.pk]):
            Subject.objects.select_for_update().filter(pk=pk).first()
        keep.refresh_from_db()
        merged.refresh_from_db()
        records = {c.subject_id: c for c in Consent.objects.filter(subject_id__in=[keep.pk, merged.pk])}
        keep_record, merged_record = records.get(keep.pk), records.get(merged.pk)
        choice = merge_consent_choice(keep_record, merged_record)
        side = consent_from if (choice.ask and consent_from is not None) else choice.default

        through = Photo.subjects.through
        photo_ids = list(through.objects.filter(subject_id=merged.pk).values_list("photo_id", flat=True))
        for start in range(0, len(photo_ids), BULK_CHUNK):
            rows = [through(photo_id=pid, subject_id=keep.pk) for pid in photo_ids[start : start + BULK_CHUNK]]
            through.objects.bulk_create(rows, ignore_conflicts=True)
        through.objects.filter(subject_id=merged.pk).delete()

        ReleaseDocument.objects.filter(subject=merged).update(subject=keep)
        SubjectEvent.objects.filter(subject=merged).update(subject=keep)
        publications().subjects_merge_follow(keep=keep, merged=merged, actor=actor)
        people_changed()  # the links above moved by bulk_create, which sends no signal

        filled = []
        # Per language for what visitors read: a Russian name the survivor lacks is kept, in the Russian column.
        translated = [f"{field}_{code}" for field in ("public_name", "public_story") for code in languages()]
        for name in ("story", "place_name", *translated, "met_on"):
            if not getattr(keep, name) and getattr(merged, name):
                setattr(keep, name, getattr(merged, name))
                filled.append(name)
        if keep.met_on and merged.met_on and merged.met_on < keep.met_on:
            keep.met_on = merged.met_on
            filled.append("met_on")
        for name in ("private_notes", "contact_details", "story"):
            mine, theirs = getattr(keep, name).strip(), getattr(merged, name).strip()
            if mine and theirs and theirs not in mine:
                # Private words are joined, never dropped: they may be the only record of a phone number.
                setattr(keep, name, f"{mine}\n\n{theirs}")
                filled.append(name)
        if filled:
            keep.save(update_fields=sorted(set(filled)))

        changes: dict[str, Any] = {
            "merged": merged.name,
            "merged_id": merged.pk,
            "photos": len(photo_ids),
            "consent_kept": side.value,
            "consent_before": {
                "kept": keep_record.status if keep_record else "",
                "merged": merged_record.status if merged_record else "",
            },
        }
        if side == MergeConsent.MERGED and merged_record is not None:
            if keep_record is not None:
                keep_record.delete()
            merged_record.subject = keep
            merged_record.save(update_fields=["subject"])
        elif merged_record is not None:
            merged_record.delete()
        SubjectEvent.objects.create(
            subject=keep, action=SubjectEvent.Action.MERGED, actor=_actor(actor), changes=changes
        )
        old_id = merged.pk
        merged.delete()
    # After the people's rows are released, as in consent_record: these write published exhibitions.
    publications().snapshots_subject_replace(old_id=old_id, subject=keep)
    # The consent kept may not cover the web (print only, say): the merged person's photos, now the survivor's,
    # leave published pages as if they had just been linked to the survivor.
    takedowns = consent_gaps_enforce(subject_ids=[keep.pk], actor=actor)
    keep.refresh_from_db()
    return MergeOutcome(subject=keep, photos_moved=len(photo_ids), takedowns=takedowns)
