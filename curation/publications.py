"""What the library asks of the app that publishes its photos: where photos are used, and what publishing must do
when who may be shown changes. That app (exhibitions) answers by registering an implementation at start-up.

The apps depend one way: exhibitions uses curation, curation never imports exhibitions. Yet recording a "no",
linking a person to a published photo, relabelling or merging people must act on published exhibitions in the
same request, and the library shows where each photo is used. So the library's services and views call
`publications()`, and exhibitions/publications.py is what they reach (registered in exhibitions/apps.py). Without
that app, `NoPublications` answers: nothing is published, nothing to do.

Whatever these duties forget, nothing leaks: public pages and images apply the consent rule when they are served
(exhibitions/visibility.py). The duties keep published snapshots, curators' notices and the subject's history
true to what visitors see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils.translation import ngettext

from curation.models import Photo, Subject


@dataclass(frozen=True)
class Takedown:
    """One exhibition whose public page changed because of a person's consent (or whose schedule was cancelled)."""

    exhibition_id: int
    title: str
    photos: list[dict[str, Any]]
    unpublished: bool = False
    schedule_cancelled: bool = False


def takedown_summary(takedowns: list[Takedown]) -> str:
    """One sentence for the photographer right after a consent change: which published exhibitions changed."""
    published = [t for t in takedowns if not t.schedule_cancelled]
    parts = [
        ngettext("%(title)s (%(count)d photo)", "%(title)s (%(count)d photos)", len(t.photos))
        % {"title": f"“{t.title}”", "count": len(t.photos)}
        for t in published
    ]
    return ", ".join(parts)


class Publications(Protocol):
    # --- Duties: called by curation's services, inside or after their transactions as each one says ----------

    def photos_showing_lock(self, *, photos: QuerySet[Photo]) -> None:
        """Before linking people to `photos`, in the same transaction: hold every exhibition showing them."""

    def consent_gaps_enforce(self, *, subject_ids: Iterable[int], actor: Any) -> list[Takedown]:
        """After a change that may show these people where their consent does not allow it: take their photos
        off published pages (sparing overrides, except for a refusal) and tell the curators."""

    def overrides_end(self, *, subject: Subject, actor: Any, reason: str) -> int:
        """The person said no, in the transaction that records it: end every override for them."""

    def subjects_merge_follow(self, *, keep: Subject, merged: Subject, actor: Any) -> None:
        """In the merge's transaction: the notices and overrides of `merged` follow to `keep`."""

    def snapshots_subject_replace(self, *, old_id: int, subject: Subject) -> None:
        """After a merge has committed: published captions that named `old_id` name `subject`."""

    # --- Reads ------------------------------------------------------------------------------------------------

    def curates_showing(self, *, user: Any, subject: Subject) -> bool:
        """Whether `user` owns or was invited to edit an exhibition whose draft or cover shows the subject."""

    def exhibitions_showing(self, *, subject: Subject, curated_by: Any = None, published: bool = False) -> list[Any]:
        """Exhibitions showing the subject (each with `.pk`, `.title`, `.status`, `.shown`: how many of its photos),
        newest first; only those `curated_by` edits, or only published ones, when asked."""

    def photos_shown_q(self, *, exhibition_ids: Iterable[int]) -> Q:
        """A filter of photos: those in the drafts or covers of these exhibitions."""

    def exhibitions_of_photo(self, *, photo: Photo) -> list[Any]:
        """The exhibitions whose draft has the photo, by title (each with `.pk`, `.title`, `.status`)."""

    def photo_unused_q(self) -> Q:
        """A filter of photos: those in no exhibition's draft."""

    def photos_in_use(self, photos: QuerySet[Photo]) -> QuerySet[Photo]:
        """Those of `photos` an exhibition shows or will show (a draft's item, a cover, a published snapshot)."""

    def menu_sql(self, *, user: Any) -> tuple[str, list[Any]]:
        """A part of the library's menu statement: rows ('exhibition', id, title, NULL) the user may add to."""

    def photos_append(self, *, exhibition_id: int, user: Any, photos: list[Photo]) -> tuple[str, int] | None:
        """Add photos at the end of an exhibition the user may add to: (its title, how many were added), or None
        when the user may not."""


class NoPublications:
    """The library alone: no exhibition shows anything, and there is nothing to act on."""

    def photos_showing_lock(self, *, photos: QuerySet[Photo]) -> None:
        return None

    def consent_gaps_enforce(self, *, subject_ids: Iterable[int], actor: Any) -> list[Takedown]:
        return []

    def overrides_end(self, *, subject: Subject, actor: Any, reason: str) -> int:
        return 0

    def subjects_merge_follow(self, *, keep: Subject, merged: Subject, actor: Any) -> None:
        return None

    def snapshots_subject_replace(self, *, old_id: int, subject: Subject) -> None:
        return None

    def curates_showing(self, *, user: Any, subject: Subject) -> bool:
        return False

    def exhibitions_showing(self, *, subject: Subject, curated_by: Any = None, published: bool = False) -> list[Any]:
        return []

    def photos_shown_q(self, *, exhibition_ids: Iterable[int]) -> Q:
        return Q(pk__in=[])

    def exhibitions_of_photo(self, *, photo: Photo) -> list[Any]:
        return []

    def photo_unused_q(self) -> Q:
        return Q()

    def photos_in_use(self, photos: QuerySet[Photo]) -> QuerySet[Photo]:
        return photos.none()

    def menu_sql(self, *, user: Any) -> tuple[str, list[Any]]:
        return "", []

    def photos_append(self, *, exhibition_id: int, user: Any, photos: list[Photo]) -> tuple[str, int] | None:
        return None


_registered: list[Publications] = []


def publications_register(implementation: Publications) -> None:
    """Called once, by the publishing app's AppConfig.ready()."""
    _registered[:] = [implementation]


def publications() -> Publications:
    return _registered[0] if _registered else NoPublications()
