"""Which curators may use a photographer's photos (her library shares), and which photos each user may see.

A photographer offers her whole library, or chosen photos, to a user name; a curator of that name accepts the offer
in their studio, which makes it a share, and the curator's photo picker offers only what is shared with them (and
the curator's own photos, if they take photos too). Staff see every photo.

Revoking a share stops new use only: photos already in a curator's exhibitions stay there (taking a published
show apart is the curator's decision, and the photographer can still ask for it). The studio works out the
exhibitions' part of "who may see this photo"; this module knows the library's part and never imports
`exhibitions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curation.models import LibraryOffer, LibraryShare, Photo
from curation.roles import is_curator
from curation.writes import through_rows_add


class ShareRefused(ValueError):
    """A share we will not make; `message` is written for the photographer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Her own name is refused in so many words: she knows it is hers, so saying so reveals nothing.
OWN_NAME = gettext_lazy("Your own photos need no sharing with yourself.")


def _check_curator(*, owner, curator) -> None:
    if curator.pk == owner.pk:
        raise ShareRefused(OWN_NAME)
    if not curator.is_active or not is_curator(curator):
        # Reached only by callers that hold the user already (accepting an offer, the demo, tests): the
        # photographer's forms make offers and never get here.
        raise ShareRefused(_("There is no curator with this user name."))


def _owned_ids(owner, photos: QuerySet[Photo] | Iterable[Photo]) -> set[int]:
    """The ids of those photos that are the owner's: anyone else's are never shared or offered."""
    if isinstance(photos, QuerySet):
        wanted = photos.filter(owner=owner).order_by().values_list("pk", flat=True)
    else:
        wanted = Photo.objects.filter(owner=owner, pk__in=[photo.pk for photo in photos]).values_list("pk", flat=True)
    return set(wanted)


def _widen(model, *, owner, whole_library: bool, photo_ids: set[int], **who) -> tuple[Any, int]:
    """The owner's share or offer (`model`) to `who`, made or widened to the whole library and these photos; how
    many of the photos were new to it. Checks nobody: the callers have."""
    through = model.photos.through
    link = f"{model._meta.model_name}_id"
    with transaction.atomic():
        # get_or_create settles two simultaneous writes on one row (the pair is unique).
        row, _created = model.objects.get_or_create(owner=owner, **who, defaults={"whole_library": whole_library})
        if whole_library and not row.whole_library:
            row.whole_library = True
            row.save(update_fields=["whole_library"])
        linked = through.objects.filter(**{link: row.pk, "photo_id__in": photo_ids}).values_list("photo_id", flat=True)
        new = photo_ids - set(linked)
        through_rows_add(through, sorted(new), link, row.pk)
    return row, len(new)


def _share_extend(*, owner, curator, whole_library: bool, photo_ids: set[int]) -> tuple[LibraryShare, int]:
    """The share of the owner's photos with the curator, made or widened; how many chosen photos were new to it."""
    return _widen(LibraryShare, owner=owner, curator=curator, whole_library=whole_library, photo_ids=photo_ids)


# --- Writes --------------------------------------------------------------------------------------------------


def library_share_grant(*, owner, curator) -> LibraryShare:
    """Let the curator use every photo of the owner's, including those she uploads later (what accepting an offer
    of the whole library does; the demo and tests call it directly)."""
    _check_curator(owner=owner, curator=curator)
    share, _added = _share_extend(owner=owner, curator=curator, whole_library=True, photo_ids=set())
    return share


def photos_share(*, owner, curator, photos: QuerySet[Photo] | Iterable[Photo]) -> int:
    """Let the curator use these photos of the owner's (anyone else's are ignored); how many were newly shared."""
    _check_curator(owner=owner, curator=curator)
    _share, added = _share_extend(
        owner=owner, curator=curator, whole_library=False, photo_ids=_owned_ids(owner, photos)
    )
    return added


def library_share_revoke(*, owner, curator) -> bool:
    """Share nothing more with the curator (whole library and chosen photos); False when nothing was shared.

    Photos already in the curator's exhibitions stay there, published or not.
    """
    deleted, _by_model = LibraryShare.objects.filter(owner=owner, curator=curator).delete()
    return deleted > 0


# --- Offers by user name -------------------------------------------------------------------------------------
#
# Like the studio's invitations to edit: the photographer types a user name and sees it listed as offered, waiting
# for them to accept, whether the name is nobody's, a photographer's or a curator's, until a curator of that name
# accepts and appears among her shares under their own name. Her answer is the same for every name, so her sharing
# page cannot be used to learn which user names exist or who is a curator; only the curator's own choice
# (accepting) tells her anything. A curator finds the offers addressed to them in their studio.


@dataclass(frozen=True)
class Offered:
    """What offering did. `share` is set when she already shares with the curator of that name (a share she sees
    on her page, so this tells her nothing new): the photos went straight into it. Otherwise `offer` waits."""

    username: str
    added: int  # chosen photos new to the offer or the share
    offer: LibraryOffer | None = None
    share: LibraryShare | None = None


def library_offer_make(
    *,
    owner,
    username: str,
    whole_library: bool = False,
    photos: QuerySet[Photo] | Iterable[Photo] = (),
) -> Offered:
    """Offer the whole library, or these photos of the owner's, to whoever signs in as `username`: the same outcome
    for every name she has no share with. A second offer to a name adds to the first.

    Refuses her own name (which she knows anyway).
    """
    username = username.strip()
    if username == owner.get_username():
        raise ShareRefused(OWN_NAME)
    photo_ids = _owned_ids(owner, photos)
    # A curator who accepted her photos once takes more without being asked again. Whether they are still a
    # curator is not looked at: the answer must not say so (a share counts only while they are one).
    share = LibraryShare.objects.filter(owner=owner, curator__username=username).select_related("curator").first()
    if share is not None:
        share, added = _share_extend(
            owner=owner, curator=share.curator, whole_library=whole_library, photo_ids=photo_ids
        )
        return Offered(username=username, added=added, share=share)
    offer, added = _widen(
        LibraryOffer, owner=owner, username=username, whole_library=whole_library, photo_ids=photo_ids
    )
    return Offered(username=username, added=added, offer=offer)


def library_offer_withdraw(*, owner, username: str) -> bool:
    """The photographer takes her offer to this name back (an accepted one is a share: stop sharing instead)."""
    deleted, _by_model = LibraryOffer.objects.filter(owner=owner, username=username.strip()).delete()
    return deleted > 0


def library_offers_of(owner) -> list[LibraryOffer]:
    """The owner's offers not accepted yet, by name, each with `photo_count`: one query. Declined ones are among
    them, as for a name nobody has, so declining tells her nothing."""
    return list(
        LibraryOffer.objects.filter(owner=owner).annotate(photo_count=Count("photos")).order_by("username", "pk")
    )


def library_offers_for(user) -> QuerySet[LibraryOffer]:
    """The offers a curator may accept or decline: addressed to their user name, not declined. Anyone else has
    none (a photographer of that name never sees an offer meant for a curator)."""
    if not user.is_authenticated or not is_curator(user):
        return LibraryOffer.objects.none()
    return (
        LibraryOffer.objects.filter(username=user.get_username(), declined_at__isnull=True)
        .exclude(owner=user)
        .select_related("owner")
        .annotate(photo_count=Count("photos"))
        .order_by("created_at", "pk")
    )


def library_offer_for(*, user, offer_id: int) -> LibraryOffer | None:
    """The offer `offer_id` if it is addressed to `user` and they are a curator who may answer it, else None."""
    if not user.is_authenticated or not is_curator(user):
        return None
    return (
        LibraryOffer.objects.filter(pk=offer_id, username=user.get_username())
        .exclude(owner=user)
        .select_related("owner")
        .first()
    )


def library_offer_accept(*, offer: LibraryOffer, user) -> LibraryShare:
    """The curator takes the offer: it becomes their share (added to one they have from her), and the photographer
    sees them under their own name. Their photo picker offers the photos from now on."""
    if offer.username != user.get_username():
        raise ShareRefused(_("This offer is for someone else."))
    _check_curator(owner=offer.owner, curator=user)
    with transaction.atomic():
        photo_ids = set(offer.photos.values_list("pk", flat=True))
        share, _added = _share_extend(
            owner=offer.owner, curator=user, whole_library=offer.whole_library, photo_ids=photo_ids
        )
        offer.delete()
    return share


def library_offer_decline(*, offer: LibraryOffer, user) -> None:
    """The curator says no: the offer leaves their studio, and the photographer still sees it waiting (as for a
    name nobody has), so declining tells her nothing either. She may withdraw it and offer again."""
    if offer.username != user.get_username():
        raise ShareRefused(_("This offer is for someone else."))
    if offer.declined_at is None:
        offer.declined_at = timezone.now()
        offer.save(update_fields=["declined_at"])


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
