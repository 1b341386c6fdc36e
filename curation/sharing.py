"""Which curators may use a photographer's photos (her library shares), and which photos each user may see.

A photographer shares her whole library, or chosen photos, with a curator; the curator's photo picker offers
only those (and the curator's own photos, if they take photos too). Staff see every photo.

Revoking a share stops new use only: photos already in a curator's exhibitions stay there (taking a published
show apart is the curator's decision, and the photographer can still ask for it). The studio works out the
exhibitions' part of "who may see this photo"; this module knows the library's part and never imports
`exhibitions`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from curation.models import LibraryShare, Photo
from curation.roles import is_curator
from curation.writes import through_rows_add


class ShareRefused(ValueError):
    """A share we will not make; `message` is written for the photographer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_curator(*, owner, curator) -> None:
    if curator.pk == owner.pk:
        raise ShareRefused(_("Your own photos need no sharing with yourself."))
    if not curator.is_active or not is_curator(curator):
        # The same words as for a name nobody has: the form must not tell which user names exist.
        raise ShareRefused(_("There is no curator with this user name."))


def curator_find(*, username: str):
    """The active curator with this user name, or None (also for a user who is not a curator)."""
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    return user if user is not None and is_curator(user) else None


# --- Writes --------------------------------------------------------------------------------------------------


def library_share_grant(*, owner, curator) -> LibraryShare:
    """Let the curator use every photo of the owner's, including those she uploads later."""
    _check_curator(owner=owner, curator=curator)
    # get_or_create settles two simultaneous grants on one row (the pair is unique).
    share, created = LibraryShare.objects.get_or_create(owner=owner, curator=curator, defaults={"whole_library": True})
    if not created and not share.whole_library:
        share.whole_library = True
        share.save(update_fields=["whole_library"])
    return share


def photos_share(*, owner, curator, photos: QuerySet[Photo] | Iterable[Photo]) -> int:
    """Let the curator use these photos of the owner's (anyone else's are ignored); how many were newly shared."""
    _check_curator(owner=owner, curator=curator)
    if isinstance(photos, QuerySet):
        wanted = photos.filter(owner=owner).order_by().values_list("pk", flat=True)
    else:
        wanted = Photo.objects.filter(owner=owner, pk__in=[photo.pk for photo in photos]).values_list("pk", flat=True)
    ids = set(wanted)
    through = LibraryShare.photos.through
    with transaction.atomic():
        share, _created = LibraryShare.objects.get_or_create(owner=owner, curator=curator)
        ids -= set(through.objects.filter(libraryshare=share, photo_id__in=ids).values_list("photo_id", flat=True))
        through_rows_add(through, sorted(ids), "libraryshare_id", share.pk)
    return len(ids)


def library_share_revoke(*, owner, curator) -> bool:
    """Share nothing more with the curator (whole library and chosen photos); False when nothing was shared.

    Photos already in the curator's exhibitions stay there, published or not.
    """
    deleted, _by_model = LibraryShare.objects.filter(owner=owner, curator=curator).delete()
    return deleted > 0


# --- Reads ---------------------------------------------------------------------------------------------------


def _shared_q(curator) -> Q:
    # Two subqueries rather than joins, so that a photo shared twice (whole library and chosen) comes once.
    whole = LibraryShare.objects.filter(curator=curator, whole_library=True).values("owner_id")
    chosen = LibraryShare.photos.through.objects.filter(libraryshare__curator=curator).values("photo_id")
    return Q(owner_id__in=whole) | Q(pk__in=chosen)


def photos_shared_with(curator) -> QuerySet[Photo]:
    """Other photographers' photos this curator may use: whole libraries and chosen photos. Staff: every photo."""
    if not curator.is_authenticated:
        return Photo.objects.none()
    if curator.is_staff:
        return Photo.objects.all()
    if not is_curator(curator):
        # A share outlives a curator's role; it counts again if the role comes back.
        return Photo.objects.none()
    return Photo.objects.filter(_shared_q(curator))


def photos_visible_to(user) -> QuerySet[Photo]:
    """Every photo the library side lets this user see: their own, and those shared with them; staff, all.

    The studio has a part of its own (a photo in an exhibition the user may open) that this app cannot know;
    a caller that needs both ORs the two (see the rendition view).
    """
    if not user.is_authenticated:
        return Photo.objects.none()
    if user.is_staff:
        return Photo.objects.all()
    mine = Q(owner=user)
    return Photo.objects.filter(mine | _shared_q(user) if is_curator(user) else mine)


def photo_visible_to(user, photo_id: int) -> bool:
    """`photos_visible_to` for one photo: at most one query."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return photos_visible_to(user).filter(pk=photo_id).exists()


def shares_of(owner) -> list[LibraryShare]:
    """The owner's shares, by curator's name, each with `photo_count` (the photos chosen): one query."""
    return list(
        LibraryShare.objects.filter(owner=owner)
        .select_related("curator")
        .annotate(photo_count=Count("photos"))
        .order_by("curator__username", "pk")
    )
