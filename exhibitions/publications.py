"""How exhibitions answer the library (curation/publications.py): where photos are used, and the use cases that
span both apps — a consent recorded, a person linked, relabelled or merged, then published exhibitions follow.

Registered in exhibitions/apps.py. The library's services call these at the points their docstrings name; the
consent rule itself is curation/people/rules.py, and takedowns, overrides and notices are exhibitions/consent.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.models import Photo, Subject, consent_web_gap
from curation.people.changes import people_changed
from curation.people.rules import needs_consent_q
from curation.publications import Takedown
from exhibitions import consent
from exhibitions.models import ConsentOverride, CuratorNotice, Exhibition, ExhibitionItem
from exhibitions.sequencing import exhibition_photos_append
from exhibitions.snapshot import snapshots_photo_ids


def _actor(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def consent_gaps_enforce(*, subject_ids: Iterable[int], actor: Any = None) -> list[Takedown]:
    """Take down published photos of those of these people whose consent does not cover the web, after a change
    that shows them anew (a consent recorded, a photo link, a relabel as a person, a merge).

    A refusal ends their overrides and goes from every published page; any other gap spares an exhibition with
    an active override for the person, as the publish gate does. One query when all of them are covered.
    """
    ids = list(subject_ids)
    if not ids:
        return []
    people = Subject.objects.filter(needs_consent_q(), pk__in=ids).select_related("consent").order_by("pk")
    done: list[Takedown] = []
    for subject in people:
        record = getattr(subject, "consent", None)
        cause = consent.takedown_cause(consent_web_gap(record))
        if cause is None:
            continue
        if cause is consent.TakedownCause.REFUSED and ConsentOverride.objects.active().filter(subject=subject).exists():
            # Overrides carried over by a merge end too: a refusal is never overridden. (Recording the refusal
            # ended the others already, under the person's lock.)
            consent.consent_overrides_end_for(
                subject=subject, actor=_actor(actor), reason=str(record.get_status_display())
            )
        with transaction.atomic():
            takedowns = consent.published_photos_take_down(subject=subject, actor=actor, cause=cause)
            consent.takedowns_record(subject=subject, takedowns=takedowns, actor=_actor(actor), cause=cause)
        done += takedowns
    return done


def _exhibitions_showing(subject: Subject) -> QuerySet[Exhibition]:
    """Exhibitions whose draft or cover shows one of the subject's photos."""
    return Exhibition.objects.showing(Photo.subjects.through.objects.filter(subject_id=subject.pk).values("photo_id"))


def _edited_by(user: Any) -> Q:
    invited = Exhibition.collaborators.through.objects.filter(user=user).values("exhibition_id")
    return Q(owner=user) | Q(pk__in=invited)


def _editable_by(user: Any) -> QuerySet[Exhibition]:
    """Exhibitions this user may add photos to from the library: their own, or any for staff."""
    exhibitions = Exhibition.objects.all()
    return exhibitions if user.is_staff else exhibitions.filter(owner=user)


class ExhibitionPublications:
    """curation.publications.Publications, answered by this app."""

    # --- Duties -----------------------------------------------------------------------------------------------

    def photos_showing_lock(self, *, photos: QuerySet[Photo]) -> None:
        consent.exhibitions_showing_photos_lock(photos=photos)

    def consent_gaps_enforce(self, *, subject_ids: Iterable[int], actor: Any) -> list[Takedown]:
        return consent_gaps_enforce(subject_ids=subject_ids, actor=actor)

    def overrides_end(self, *, subject: Subject, actor: Any, reason: str) -> int:
        return consent.consent_overrides_end_for(subject=subject, actor=_actor(actor), reason=reason)

    def subjects_merge_follow(self, *, keep: Subject, merged: Subject, actor: Any) -> None:
        CuratorNotice.objects.filter(subject=merged).update(subject=keep)
        # Two overrides of one exhibition for one person would be one too many: the survivor's stays.
        kept_exhibitions = ConsentOverride.objects.active().filter(subject=keep).values("exhibition_id")
        ConsentOverride.objects.active().filter(subject=merged, exhibition_id__in=kept_exhibitions).update(
            revoked_at=timezone.now(), revoked_by=_actor(actor), revoked_reason=_("Merged into another record")
        )
        ConsentOverride.objects.filter(subject=merged).update(subject=keep)
        people_changed()  # moved by update(), which sends no signal

    def snapshots_subject_replace(self, *, old_id: int, subject: Subject) -> None:
        with transaction.atomic():
            consent.snapshots_subject_replace(old_id=old_id, subject=subject)

    # --- Reads ------------------------------------------------------------------------------------------------

    def curates_showing(self, *, user: Any, subject: Subject) -> bool:
        return _exhibitions_showing(subject).filter(_edited_by(user)).exists()

    def exhibitions_showing(self, *, subject: Subject, curated_by: Any = None, published: bool = False) -> list[Any]:
        photo_ids = Photo.subjects.through.objects.filter(subject_id=subject.pk).values("photo_id")
        exhibitions = _exhibitions_showing(subject)
        if curated_by is not None:
            exhibitions = exhibitions.filter(_edited_by(curated_by))
        if published:
            exhibitions = exhibitions.filter(status=Exhibition.Status.PUBLISHED)
        shown = Count("items", filter=Q(items__photo_id__in=photo_ids), distinct=True)
        return list(exhibitions.annotate(shown=shown).order_by("-published_at", "title"))

    def photos_shown_q(self, *, exhibition_ids: Iterable[int]) -> Q:
        ids = list(exhibition_ids)
        in_sequence = ExhibitionItem.objects.filter(exhibition_id__in=ids, photo__isnull=False).values("photo_id")
        covers = Exhibition.objects.filter(pk__in=ids, cover_photo__isnull=False).values("cover_photo_id")
        return Q(pk__in=in_sequence) | Q(pk__in=covers)

    def exhibitions_of_photo(self, *, photo: Photo) -> list[Any]:
        return list(Exhibition.objects.filter(items__photo=photo).distinct().order_by("title"))

    def photo_unused_q(self) -> Q:
        return ~Exists(ExhibitionItem.objects.filter(photo=OuterRef("pk")))

    def photos_in_use(self, photos: QuerySet[Photo]) -> QuerySet[Photo]:
        published = set().union(*snapshots_photo_ids(Exhibition.objects.all()).values())
        in_items = ExhibitionItem.objects.filter(photo__isnull=False).values("photo_id")
        covers = Exhibition.objects.filter(cover_photo__isnull=False).values("cover_photo_id")
        return photos.filter(Q(pk__in=in_items) | Q(pk__in=covers) | Q(pk__in=published))

    def menu_sql(self, *, user: Any) -> tuple[str, list[Any]]:
        # Written out for the library's one-statement menus (curation.library.library_choices): only the model's
        # table and column names go into the text; every value is a parameter.
        quote = connection.ops.quote_name
        table = quote(Exhibition._meta.db_table)
        pk, title, owner = (quote(Exhibition._meta.get_field(name).column) for name in ("id", "title", "owner"))
        sql = f"SELECT 'exhibition', {pk}, {title}, NULL FROM {table} WHERE {owner} = %s OR %s"  # noqa: S608
        return sql, [user.pk, bool(user.is_staff)]

    def photos_append(self, *, exhibition_id: int, user: Any, photos: list[Photo]) -> tuple[str, int] | None:
        exhibition = _editable_by(user).filter(pk=exhibition_id).first()
        if exhibition is None:
            return None
        return exhibition.title, len(exhibition_photos_append(exhibition=exhibition, photos=photos))
