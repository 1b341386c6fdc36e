"""Overrides: a curator's decision, with a reason, to publish someone whose consent is missing or narrower than
the web (never someone who said no), and ending one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.models import Consent, Subject, consent_web_gap
from curation.people.changes import people_changed
from curation.publications import Takedown
from exhibitions.consent.gate import OVERRIDE_REASON_MIN, ConsentRefused, consent_problems, name_for_curators
from exhibitions.consent.takedowns import TakedownCause, published_photos_take_down, takedowns_record
from exhibitions.models import ConsentOverride, Exhibition

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
                % {"name": name_for_curators(subject), "why": appearance.gap_label}
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
