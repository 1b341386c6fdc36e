"""The consent gate of publishing: who appears in an exhibition, whether each may be shown, and the rule
that stops publishing until they may (the consent rule itself is curation/people/rules.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.models import Consent, Photo, Subject, WebGap, consent_web_gap
from curation.people.rules import REFUSALS, needs_consent_q, overridable
from curation.texts import languages
from exhibitions.blockers import Blocker
from exhibitions.models import ConsentOverride, Exhibition, ExhibitionItem

BLOCKER_CODE = "consent"
# An override is the curator taking responsibility for a person not yet asked, or asked for less than the web.
# Someone who said no is never published, whatever the reason given (the rule's REFUSALS).
UNOVERRIDABLE = REFUSALS
OVERRIDE_REASON_MIN = 10


def name_for_curators(subject: Subject) -> str:
    """How a person is named in what curators read (blockers, notices, events, refusals): the public name, never
    the photographer's private label, which is hers and staff's alone (exhibitions/studio_people.py numbers
    people on the studio's pages; a stored notice cannot)."""
    return subject.public_name or _("a person without a public name")


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
        return overridable(self.gap)

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
    # Every language's column: `public_name` reads the active one and falls back through the others, and a column
    # left out of `only()` would cost a query per person (the link model's manager does not add them itself).
    *(f"subject__public_name_{code}" for code in languages()),
    *(f"subject__consent__{name}" for name in ("id", "subject_id", "status", "scope_web", "scope_print")),
    *(f"subject__consent__{name}" for name in ("scope_exhibition", "given_on", "expires_on", "is_minor")),
)


def photo_ids_of(exhibition: Exhibition, photo_items: Iterable[ExhibitionItem]) -> set[int]:
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
    photo_ids = photo_ids_of(exhibition, photo_items)
    if not photo_ids:
        return []
    # People, and anyone relabelled from a person (their consent record stays): the rule's `needs_consent`.
    people_links = Photo.subjects.through.objects.filter(needs_consent_q("subject__"), photo_id__in=photo_ids)
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
    return consent_blockers(appearances_for(exhibition, photo_items), name=name_for_curators)


def consent_blockers(appearances: Iterable[Appearance], *, name: Callable[[Subject], str]) -> Iterable[Blocker]:
    """The blockers of those of these people who block publishing, each named by `name(subject)`: the gate's
    words, which the studio also uses with the name each viewer may read (exhibitions/studio_people.py)."""
    for appearance in appearances:
        if not appearance.blocks:
            continue
        values = {"name": name(appearance.subject), "why": appearance.gap_label}
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


def photo_items_of(exhibition: Exhibition) -> list[ExhibitionItem]:
    return list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk, kind=ExhibitionItem.Kind.PHOTO)
        .select_related("photo")
        .order_by("position")
    )


def consent_problems(exhibition: Exhibition) -> list[Appearance]:
    """The people not covered by consent in the draft, each with their photos and any override (publish page)."""
    return appearances_for(exhibition, photo_items_of(exhibition))


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
