"""Publishing: what stops an exhibition from going out, freezing the draft into its snapshot, unpublishing,
and publications scheduled for a time."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from curation.models import Photo, Subject
from exhibitions.blockers import Blocker, PublishRule
from exhibitions.cache import public_pages_changed
from exhibitions.consent import rule_consent, scheduled_publish_consent_check
from exhibitions.models import (
    Exhibition,
    ExhibitionItem,
    PublicationEvent,
)
from exhibitions.snapshot import exhibition_snapshot_build
from exhibitions.text_inventory import exhibition_language_counts

logger = logging.getLogger(__name__)

# --- Publishing ------------------------------------------------------------------------------------


def _address_blocker(exhibition: Exhibition) -> Blocker:
    return Blocker(
        "address",
        _("Another exhibition has been published at /e/%(slug)s/: give this one another address in Details.")
        % {"slug": exhibition.slug},
    )


def _rule_address_free(exhibition: Exhibition, items: list[ExhibitionItem]) -> Iterable[Blocker]:
    # Drafts hold no address, so two may want the same one: the first published keeps it. Saying so here tells
    # nothing a visitor could not see at /e/<slug>/ (or could, before it was unpublished).
    if Exhibition.objects.holding_address(exhibition.slug).exclude(pk=exhibition.pk).exists():
        yield _address_blocker(exhibition)


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


# The code of the translations rule's blockers: the publish page links them to the translation view.
TRANSLATIONS_BLOCKER = "translations"


def _rule_translations(exhibition: Exhibition, items: list[ExhibitionItem]) -> Iterable[Blocker]:
    # Only when the curator asked for every language (Details): otherwise a missing translation is a warning on the
    # publish page, and visitors read the text in the default language. One query for the whole show.
    if not exhibition.translations_required:
        return
    for count in exhibition_language_counts(exhibition):
        if count.missing:
            yield Blocker(
                TRANSLATIONS_BLOCKER,
                ngettext(
                    "%(language)s: %(missing)d of %(total)d texts is not written yet, and this exhibition is set "
                    "to be published only with every text in every language.",
                    "%(language)s: %(missing)d of %(total)d texts are not written yet, and this exhibition is set "
                    "to be published only with every text in every language.",
                    count.missing,
                )
                % {"language": count.name, "missing": count.missing, "total": count.total},
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


# Each rule sees the exhibition's photo items (photos loaded) in order. Translations: every text in every language,
# when the exhibition asks for it. Consent: every person shown is covered for the web, or overridden by a curator
# with a reason (exhibitions/consent.py).
PUBLISH_RULES: list[PublishRule] = [
    _rule_address_free,
    _rule_has_photos,
    _rule_alt_text,
    _rule_translations,
    _rule_renditions_ready,
    rule_consent,
]


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


def _as_served(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without what pages take live when they are served (credits, people's public names and stories:
    see exhibitions.snapshot and exhibitions.visibility), so that only a change that publishing would bring to
    visitors tells two apart."""

    def photo(entry: dict[str, Any] | None) -> dict[str, Any] | None:
        if entry is None:
            return None
        kept = {key: value for key, value in entry.items() if key not in ("credit", "subjects")}
        if "subjects" in entry:
            # A person is named as they are when served; a place, an event or a thing as the snapshot says.
            kept["subjects"] = [
                (subject.get("id"), subject.get("kind"))
                if subject.get("kind") == Subject.Kind.PERSON
                else (subject.get("id"), subject.get("kind"), subject.get("name"))
                for subject in entry["subjects"]
            ]
        return kept

    items = [photo(item) if item.get("kind") == "photo" else item for item in snapshot.get("items", [])]
    return {**snapshot, "cover": photo(snapshot.get("cover")), "items": items}


def exhibition_draft_changed(exhibition: Exhibition) -> bool:
    """Would "Publish changes" change what visitors see? False when the draft, built as publishing would build it,
    is the published snapshot: a move undone, a word changed back, count as nothing (a few queries)."""
    if not exhibition.is_published or not exhibition.published_snapshot:
        return True
    return _as_served(exhibition_snapshot_build(exhibition)) != _as_served(exhibition.published_snapshot)


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
    try:
        with transaction.atomic():
            locked = Exhibition.objects.locked(exhibition.pk)
            if check_blockers and (blockers := publish_blockers(locked)):
                raise PublishBlocked(blockers)
            return _publish_locked(locked, actor=actor)
    except IntegrityError as error:
        # Another exhibition was published at the same address since the check: the constraint refused this one.
        exhibition.refresh_from_db(fields=["slug"])
        if list(_rule_address_free(exhibition, [])):
            raise PublishBlocked([_address_blocker(exhibition)]) from error
        raise


def exhibition_unpublish(*, exhibition: Exhibition, actor=None) -> Exhibition:
    """Take the exhibition down: its public page answers 404 and the snapshot is dropped; the draft stays."""
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
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
        locked = Exhibition.objects.locked(exhibition.pk)
        locked.publish_at, locked.publish_scheduled_by = at, actor
        locked.save(update_fields=["publish_at", "publish_scheduled_by"])
        PublicationEvent.objects.create(
            exhibition=locked, action=PublicationEvent.Action.SCHEDULED, actor=actor, scheduled_for=at
        )
        return locked


def exhibition_publish_schedule_cancel(*, exhibition: Exhibition, actor) -> Exhibition:
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
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
        try:
            with transaction.atomic():
                locked = Exhibition.objects.select_for_update().filter(pk=pk, publish_at__lte=now).first()
                if locked is None:
                    continue  # cancelled, or published by a concurrent run
                scheduled_for, actor = locked.publish_at, locked.publish_scheduled_by
                blockers = publish_blockers(locked)
                if blockers and scheduled_publish_consent_check(locked, blockers):
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
        except IntegrityError:
            # Another exhibition was published at the same address since the checks: this one stays scheduled,
            # and the next run finds the address taken and tells the curator why.
            logger.warning("scheduled exhibition %s not published: its address was taken meanwhile", pk)
    if published:
        logger.info("published %d scheduled exhibitions: %s", len(published), published)
    return published
