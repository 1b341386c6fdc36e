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
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curation import library
from curation.forms import FLAG_FILTERS, RATING_FILTERS, LibraryFilterForm
from curation.models import LibraryHandoff, LibraryOffer, LibraryShare, Photo, Subject, Tag, UploadBatch
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
    handoff: LibraryHandoff | None = None
    matching: int = 0  # for a saved filter: how many photos match it now


# --- Saved filters -------------------------------------------------------------------------------------------
#
# A photographer may send a filter of her library ("picks, 4 stars and up") rather than photos. It stays live:
# a frame she picks tomorrow joins, one she demotes leaves. That is what she means by "my picks" while she is
# still culling, and it is the narrower choice too: a snapshot would keep offering a photo she has since
# rejected. Only the culling and description fields are kept: processing status, "not in any exhibition" and
# the like change by themselves (a photo would leave the share the moment the curator placed it).

FILTER_FIELDS = ("rating", "flag", "label", "tag", "subject", "batch", "taken_from", "taken_to")


def filter_query(query: str) -> str:
    """The library query string reduced to what a share keeps, valid values only, in a stable order ("" when
    nothing is left: that would be the whole library, which is offered as such)."""
    form = LibraryFilterForm(QueryDict(query or ""))
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if name in form.fields and form.cleaned_data.get(name):
            # Each value once: a hand-made address can repeat one (label=red&label=red…) past what is stored.
            kept.setlist(name, list(dict.fromkeys(form.data.getlist(name))))
    return kept.urlencode()


def _filter_of(query: str) -> library.LibraryFilter:
    return LibraryFilterForm(QueryDict(query)).library_filter()


def filter_photos(owner, query: str) -> QuerySet[Photo]:
    """The owner's photos a saved filter holds now: the library's own filter, so a share never widens past it."""
    return library.photos_filtered(owner, _filter_of(query))


def _handoff_add(*, owner, kind: str, note: str, query: str, photo_ids: set[int], **to) -> LibraryHandoff:
    handoff = LibraryHandoff.objects.create(owner=owner, kind=kind, note=note.strip(), query=query, **to)
    through_rows_add(LibraryHandoff.photos.through, sorted(photo_ids), "libraryhandoff_id", handoff.pk)
    return handoff


def library_offer_make(
    *,
    owner,
    username: str,
    whole_library: bool = False,
    photos: QuerySet[Photo] | Iterable[Photo] = (),
    query: str | None = None,
    note: str = "",
) -> Offered:
    """Offer the whole library, these photos of the owner's, or a saved filter of her library (`query`, the
    library's query string), with a note, to whoever signs in as `username`: the same outcome for every name she
    has no share with. A second offer to a name adds to the first.

    Refuses her own name (which she knows anyway), and a filter that filters nothing.
    """
    username = username.strip()
    if username == owner.get_username():
        raise ShareRefused(OWN_NAME)
    kept = ""
    if query is not None:
        kept = filter_query(query)
        if not kept:
            raise ShareRefused(
                _("Choose a filter first (picks, stars, a tag…): to offer everything, offer the whole library.")
            )
        if len(kept) > LibraryHandoff._meta.get_field("query").max_length:
            raise ShareRefused(_("This filter is too long to send: choose fewer tags, subjects or labels."))
        kind = LibraryHandoff.Kind.FILTER
    else:
        kind = LibraryHandoff.Kind.LIBRARY if whole_library else LibraryHandoff.Kind.SELECTION
    photo_ids = _owned_ids(owner, photos)
    sending = {"owner": owner, "kind": kind, "note": note, "query": kept, "photo_ids": photo_ids}
    matching = filter_photos(owner, kept).count() if kept else 0
    # A curator who accepted her photos once takes more without being asked again. Whether they are still a
    # curator is not looked at: the answer must not say so (a share counts only while they are one).
    share = LibraryShare.objects.filter(owner=owner, curator__username=username).select_related("curator").first()
    with transaction.atomic():
        if share is not None:
            share, added = _share_extend(
                owner=owner, curator=share.curator, whole_library=whole_library, photo_ids=photo_ids
            )
            handoff = _handoff_add(share=share, **sending)
            return Offered(username=username, added=added, share=share, handoff=handoff, matching=matching)
        offer, added = _widen(
            LibraryOffer, owner=owner, username=username, whole_library=whole_library, photo_ids=photo_ids
        )
        handoff = _handoff_add(offer=offer, **sending)
    return Offered(username=username, added=added, offer=offer, handoff=handoff, matching=matching)


def library_handoff_withdraw(*, owner, handoff_id: int) -> bool:
    """The photographer stops one saved filter she sent (offered or shared): photos that only it let the curator
    use leave their picker; those already in an exhibition stay there. Chosen photos are stopped with the share."""
    deleted, _by_model = LibraryHandoff.objects.filter(
        owner=owner, pk=handoff_id, kind=LibraryHandoff.Kind.FILTER
    ).delete()
    return deleted > 0


def library_offer_withdraw(*, owner, username: str) -> bool:
    """The photographer takes her offer to this name back (an accepted one is a share: stop sharing instead)."""
    deleted, _by_model = LibraryOffer.objects.filter(owner=owner, username=username.strip()).delete()
    return deleted > 0


def _with_handoffs(model_queryset: QuerySet, *, viewer) -> list:
    """The rows with their sendings prefetched (newest first) and each filter described for `viewer`."""
    rows = list(
        model_queryset.prefetch_related(
            Prefetch("handoffs", queryset=LibraryHandoff.objects.order_by("-created_at", "-id"))
        )
    )
    handoffs_describe([handoff for row in rows for handoff in row.handoffs.all()], viewer=viewer)
    return rows


def library_offers_of(owner) -> list[LibraryOffer]:
    """The owner's offers not accepted yet, by name, each with `photo_count` and its sendings. Declined ones are
    among them, as for a name nobody has, so declining tells her nothing."""
    return _with_handoffs(
        LibraryOffer.objects.filter(owner=owner).annotate(photo_count=Count("photos")).order_by("username", "pk"),
        viewer=owner,
    )


def library_offers_for(user) -> list[LibraryOffer]:
    """The offers a curator may accept or decline: addressed to their user name, not declined, each with its
    sendings and their notes. Anyone else has none (a photographer of that name never sees an offer meant for a
    curator)."""
    if not user.is_authenticated or not is_curator(user):
        return []
    return _with_handoffs(
        LibraryOffer.objects.filter(username=user.get_username(), declined_at__isnull=True)
        .exclude(owner=user)
        .select_related("owner")
        .annotate(photo_count=Count("photos"))
        .order_by("created_at", "pk"),
        viewer=user,
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
        # Her notes and saved filters go with the photos (deleting the offer would take them along).
        LibraryHandoff.objects.filter(offer=offer).update(offer=None, share=share)
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
    """What is shared with the curator, as a filter of photos: one small query first, for the saved filters."""
    # Two subqueries rather than joins, so that a photo shared twice (whole library and chosen) comes once.
    whole = LibraryShare.objects.filter(curator=curator, whole_library=True).values("owner_id")
    chosen = LibraryShare.photos.through.objects.filter(libraryshare__curator=curator).values("photo_id")
    shared = Q(owner_id__in=whole) | Q(pk__in=chosen)
    saved = LibraryHandoff.objects.filter(share__curator=curator, kind=LibraryHandoff.Kind.FILTER)
    for owner_id, query in saved.order_by("pk").values_list("share__owner_id", "query"):
        # The library's filter itself, restricted to her photos: exactly what matches now, never more.
        shared |= Q(pk__in=filter_photos(owner_id, query).order_by().values("pk"))
    return shared


def photos_shared_with(curator) -> QuerySet[Photo]:
    """Other photographers' photos this curator may use: whole libraries, chosen photos and saved filters.
    Staff: every photo."""
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
    """`photos_visible_to` for one photo: at most two queries."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return photos_visible_to(user).filter(pk=photo_id).exists()


def shares_of(owner) -> list[LibraryShare]:
    """The owner's shares, by curator's name, each with `photo_count` (the photos chosen) and its sendings."""
    return _with_handoffs(
        LibraryShare.objects.filter(owner=owner)
        .select_related("curator")
        .annotate(photo_count=Count("photos"))
        .order_by("curator__username", "pk"),
        viewer=owner,
    )


# --- Sendings as the curator reads them ----------------------------------------------------------------------


def handoffs_received(curator) -> list[LibraryHandoff]:
    """What photographers sent this curator through accepted shares, newest first, described for them (the notes
    of offers not accepted yet are read with the offers)."""
    if not curator.is_authenticated or not is_curator(curator):
        return []
    handoffs = list(
        LibraryHandoff.objects.filter(share__curator=curator)
        .select_related("owner")
        .annotate(photo_count=Count("photos"))
        .order_by("-created_at", "-id")
    )
    return handoffs_describe(handoffs, viewer=curator)


def handoff_photos_q(handoff: LibraryHandoff) -> Q:
    """The photos one sending brought, as a filter; callers intersect it with what the viewer may see."""
    if handoff.kind == LibraryHandoff.Kind.FILTER:
        return Q(pk__in=filter_photos(handoff.owner_id, handoff.query).order_by().values("pk"))
    if handoff.kind == LibraryHandoff.Kind.LIBRARY:
        return Q(owner_id=handoff.owner_id)
    return Q(pk__in=LibraryHandoff.photos.through.objects.filter(libraryhandoff_id=handoff.pk).values("photo_id"))


def _subject_words(subject: Subject, viewer) -> str:
    # Her own label is hers (and staff's); a curator reads the name the person may be shown by.
    if viewer.is_staff or subject.owner_id == viewer.pk:
        return subject.name
    return subject.public_name or _("a person without a public name")


def handoffs_describe(handoffs: list[LibraryHandoff], *, viewer) -> list[LibraryHandoff]:
    """Set `words` on each sending: its saved filter in words as `viewer` may read them ("Picks · ★★★★ and up ·
    tagged “bazaar”"), "" for photos or a library. At most three queries, however many sendings."""
    filters_of = {id(h): LibraryFilterForm(QueryDict(h.query)).cleaned_data for h in handoffs if h.query}
    wanted = {name: {d[name] for d in filters_of.values() if d.get(name)} for name in ("tag", "subject", "batch")}
    owners = {h.owner_id for h in handoffs}
    tags = (
        dict(Tag.objects.filter(pk__in=wanted["tag"], owner_id__in=owners).values_list("pk", "name"))
        if wanted["tag"]
        else {}
    )
    people = (
        {
            s.pk: s
            for s in Subject.objects.filter(pk__in=wanted["subject"], owner_id__in=owners).only(
                "name", "public_name", "owner_id"
            )
        }
        if wanted["subject"]
        else {}
    )
    batches = (
        dict(UploadBatch.objects.filter(pk__in=wanted["batch"], owner_id__in=owners).values_list("pk", "created_at"))
        if wanted["batch"]
        else {}
    )
    flags, ratings, labels = dict(FLAG_FILTERS), dict(RATING_FILTERS), dict(Photo.Label.choices)
    for handoff in handoffs:
        data = filters_of.get(id(handoff))
        words: list[str] = []
        if data:
            if data.get("flag"):
                words.append(str(flags.get(data["flag"], "")))
            if data.get("rating"):
                words.append(str(ratings.get(data["rating"], "")))
            for label in data.get("label") or ():
                # "none" is the library's "no label"; the five colours are words of their own.
                colour = labels.get(label, labels[""])
                words.append(str(colour) if label not in labels else _("%(colour)s label") % {"colour": colour})
            if data.get("tag") in tags:
                words.append(_("tagged “%(tag)s”") % {"tag": tags[data["tag"]]})
            if data.get("subject") in people:
                words.append(_("showing %(name)s") % {"name": _subject_words(people[data["subject"]], viewer)})
            if data.get("batch") in batches:
                day = formats.date_format(timezone.localtime(batches[data["batch"]]), "j M Y")
                words.append(_("the upload of %(date)s") % {"date": day})
            if data.get("taken_from"):
                words.append(_("taken from %(date)s") % {"date": formats.date_format(data["taken_from"], "j M Y")})
            if data.get("taken_to"):
                words.append(_("taken until %(date)s") % {"date": formats.date_format(data["taken_to"], "j M Y")})
        handoff.words = " · ".join(word for word in words if word)
        if not handoff.words and handoff.kind == LibraryHandoff.Kind.FILTER:
            handoff.words = str(LibraryHandoff.Kind.FILTER.label)
    return handoffs


def filter_words(owner, query: str) -> str:
    """A saved filter in words, as its owner reads them, before she sends it."""
    (handoff,) = handoffs_describe([LibraryHandoff(owner=owner, query=query)], viewer=owner)
    return handoff.words
