"""What a visitor may see of a snapshot now: every photo entry whose people the consent rule does not allow is left
out where pages and images are served, whatever was published and whatever a write path forgot to take down.

A published snapshot froze words and order at publish time; consent, photo links and overrides are read live
here, so a withdrawal, a narrowed scope, an expiry, a person tagged on a published photo, a relabelled person or
an ended override hides the photo on the next request. Public pages are cached under the version numbers that
those changes bump (curation.people.changes, exhibitions.cache), so a cached page is never older than the rule.

People counted for a photo: everyone linked to it now, and everyone its snapshot entry named (a person unlinked
after publishing is still in the frame). A named person who no longer exists, or a subject relabelled from a
person, counts as a person without consent: fail closed.

A person in a photo that may be shown is named by their public name as it is now, not as the snapshot froze it:
the photographer's own label never reaches a visitor, and a person without a public name is shown unnamed.
Places, events and things keep the name the caption was published with.

The photographer too is credited as she chooses now: the credit a snapshot froze (a login name, in snapshots
made before photographers chose one) is dropped here, and pages credit each photo from the photo they load when
served (exhibitions.snapshot.photo_credit), so a changed credit reaches every page at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from curation.models import Photo, Subject
from curation.people.rules import CONSENT_FIELDS, PERSON, Use, consent_gap, may_show, needs_consent
from curation.texts import LanguageMap, languages
from exhibitions.models import ConsentOverride


@dataclass(frozen=True)
class Visible:
    """A snapshot as it may be shown now, and the photo entries left out of it (for a preview's ribbon)."""

    snapshot: dict[str, Any]
    hidden_photo_ids: frozenset[int]


def _entries(snapshot: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    entries = [e for e in snapshot.get("items", []) if e.get("kind") == "photo"]
    if snapshot.get("cover"):
        entries.append(snapshot["cover"])
    return entries


def people_gaps(
    photo_ids: set[int], named: set[int], today: date, use: Use
) -> tuple[dict[int, set[int]], dict[int, str], dict[int, LanguageMap]]:
    """Who is in each photo now (linked people), each relevant subject's gap ("" = may be shown), and the public
    name of each subject who needs consent, in every language it is written in.

    Two queries: the links with their subjects' kind and consent, then any named subject no longer linked.
    """
    people: dict[int, set[int]] = {}
    gaps: dict[int, str] = {}
    public_names: dict[int, LanguageMap] = {}
    name_columns = [f"public_name_{code}" for code in languages()]

    def names_of(values: Mapping[str, Any]) -> LanguageMap:
        return {column[len("public_name_") :]: values[column] for column in name_columns if values[column]}

    def gap_of(kind: str, consent_id: int | None, row: Mapping[str, Any]) -> str:
        if not needs_consent(kind=kind, has_consent_record=consent_id is not None):
            return ""
        record = None if consent_id is None else {name: row[f"consent__{name}"] for name in CONSENT_FIELDS}
        return consent_gap(record, use=use, today=today) or ""

    columns = ("kind", *name_columns, "consent__id", *(f"consent__{name}" for name in CONSENT_FIELDS))
    if photo_ids:
        links = Photo.subjects.through.objects.filter(photo_id__in=photo_ids).values(
            "photo_id", "subject_id", *(f"subject__{c}" for c in columns)
        )
        for row in links:
            people.setdefault(row["photo_id"], set()).add(row["subject_id"])
            if row["subject_id"] not in gaps:
                values = {c: row[f"subject__{c}"] for c in columns}
                gaps[row["subject_id"]] = gap_of(values["kind"], values["consent__id"], values)
                if needs_consent(kind=values["kind"], has_consent_record=values["consent__id"] is not None):
                    public_names[row["subject_id"]] = names_of(values)
    unread = named - gaps.keys()
    if unread:
        for row in Subject.objects.filter(pk__in=unread).values("pk", *columns):
            gaps[row["pk"]] = gap_of(row["kind"], row["consent__id"], row)
            if needs_consent(kind=row["kind"], has_consent_record=row["consent__id"] is not None):
                public_names[row["pk"]] = names_of(row)
    return people, gaps, public_names


def visible_snapshots(
    snapshots: Mapping[int, Mapping[str, Any]],
    *,
    use: Use = Use.WEB,
    today: date | None = None,
) -> dict[int, Visible]:
    """Each exhibition's snapshot (by exhibition id) with what the consent rule does not allow now left out.

    Two or three queries for any number of snapshots. An exhibition's active overrides count for it alone.
    The cover is dropped when it may not be shown; the page then falls back to its first photo, as it does
    for an exhibition without a cover.
    """
    today = today or timezone.localdate()
    photo_ids: set[int] = set()
    named: set[int] = set()
    for snapshot in snapshots.values():
        for entry in _entries(snapshot):
            photo_ids.add(entry["photo_id"])
            named.update(s["id"] for s in entry.get("subjects", []))
    people, gaps, public_names = people_gaps(photo_ids, named, today, use)

    def persons_in(entry: Mapping[str, Any]) -> set[int]:
        ids = set(people.get(entry["photo_id"], ()))
        for s in entry.get("subjects", []):
            # A subject named as a person when published, or now, counts; one deleted since counts as unknown.
            if s.get("kind") == PERSON or s["id"] in gaps:
                ids.add(s["id"])
        return ids

    blocked: set[int] = {pk for pk, gap in gaps.items() if gap}
    missing = {s for s in named if s not in gaps}
    overrides: set[tuple[int, int]] = set()
    overridable = {pk for pk in blocked if may_show(gaps[pk], overridden=True)}
    if overridable:
        overrides = set(
            ConsentOverride.objects.active()
            .filter(exhibition_id__in=list(snapshots), subject_id__in=overridable)
            .values_list("exhibition_id", "subject_id")
        )

    result: dict[int, Visible] = {}
    for exhibition_id, snapshot in snapshots.items():
        hidden: set[int] = set()
        for entry in _entries(snapshot):
            for pk in persons_in(entry):
                if pk in missing or (pk in blocked and (exhibition_id, pk) not in overrides):
                    hidden.add(entry["photo_id"])
                    break
        shown = dict(snapshot)
        shown["items"] = [
            _named(e, public_names) if e.get("kind") == "photo" else e
            for e in snapshot.get("items", [])
            if e.get("kind") != "photo" or e["photo_id"] not in hidden
        ]
        cover = snapshot.get("cover")
        shown["cover"] = None if not cover or cover["photo_id"] in hidden else _named(cover, public_names)
        result[exhibition_id] = Visible(shown, frozenset(hidden))
    return result


def _named(entry: Mapping[str, Any], public_names: Mapping[int, LanguageMap]) -> dict[str, Any]:
    """The entry with its people named by their public name now (a person without one is left unnamed) and
    without the photographer's frozen credit (pages read it live)."""
    subjects = []
    for subject in entry.get("subjects", []):
        if subject["id"] not in public_names:
            subjects.append(subject)  # a place, an event, a thing: the caption's published words
        elif public_names[subject["id"]]:
            subjects.append({**subject, "name": public_names[subject["id"]]})
    return {**{k: v for k, v in entry.items() if k != "credit"}, "subjects": subjects}


def visible_snapshot(exhibition_id: int, snapshot: Mapping[str, Any], **kwargs: Any) -> Visible:
    """One snapshot as it may be shown now (see `visible_snapshots`)."""
    return visible_snapshots({exhibition_id: snapshot}, **kwargs)[exhibition_id]


def photo_ids_shown(visible: Iterable[Visible]) -> set[int]:
    """Every photo these visible snapshots show, cover included."""
    ids: set[int] = set()
    for v in visible:
        ids.update(e["photo_id"] for e in _entries(v.snapshot))
    return ids
