"""Who else may see an exhibition before it is published: invited curators, and review links."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from curation.roles import is_curator
from exhibitions.models import (
    CollaboratorInvitation,
    Exhibition,
    ReviewLink,
)

# --- Sharing ---------------------------------------------------------------------------------------


class ShareRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def exhibition_collaborator_add(*, exhibition: Exhibition, user) -> None:
    """Let another curator edit and publish the exhibition (what accepting an invitation does; the admin and
    fixtures call it directly)."""
    if user.pk == exhibition.owner_id:
        raise ShareRefused(_("This is the exhibition's own curator."))
    if not is_curator(user):
        raise ShareRefused(_("Only curators can be invited to edit an exhibition."))
    exhibition.collaborators.add(user)


# --- Invitations by user name ------------------------------------------------------------------------------
#
# Like a shared document's "invited" list: the owner types a user name and sees it listed as invited, whether
# the name is nobody's, a photographer's or a curator's, until a curator of that name accepts and appears
# among the curators under their own name. The owner's answer is the same for every name, so the sharing page
# cannot be used to learn which user names exist or who is a curator; only the invited curator's own choice
# (accepting) tells the owner anything. A curator sees the invitations addressed to them in their studio.


def exhibition_invite(*, exhibition: Exhibition, username: str, actor) -> CollaboratorInvitation | None:
    """Invite whoever signs in as `username` to edit the exhibition: the same outcome for every name.

    Returns None for the owner's own name, which needs no invitation (and which the owner knows anyway).
    """
    username = username.strip()
    if username == exhibition.owner.get_username():
        return None
    invitation, _created = CollaboratorInvitation.objects.get_or_create(
        exhibition=exhibition, username=username, defaults={"invited_by": actor}
    )
    return invitation


def exhibition_invitation_cancel(*, exhibition: Exhibition, invitation_id: int) -> bool:
    """The owner takes an invitation back (one already accepted is a collaborator: remove them instead)."""
    deleted, _rows = CollaboratorInvitation.objects.filter(exhibition=exhibition, pk=invitation_id).delete()
    return bool(deleted)


def invitations_for(user) -> QuerySet[CollaboratorInvitation]:
    """The invitations a curator may accept or decline: addressed to their user name, not declined, for
    exhibitions they do not edit yet. Anyone else has none."""
    if not is_curator(user):
        return CollaboratorInvitation.objects.none()
    return (
        CollaboratorInvitation.objects.filter(username=user.get_username(), declined_at__isnull=True)
        .exclude(exhibition__owner=user)
        .exclude(exhibition__collaborators=user)
        .select_related("exhibition", "invited_by")
    )


def invitation_for(*, user, exhibition_id: int) -> CollaboratorInvitation | None:
    """The invitation to this exhibition addressed to `user`, if they are a curator who may answer it."""
    if not is_curator(user):
        return None
    return (
        CollaboratorInvitation.objects.filter(exhibition_id=exhibition_id, username=user.get_username())
        .exclude(exhibition__owner=user)
        .select_related("exhibition")
        .first()
    )


def exhibition_invitation_accept(*, invitation: CollaboratorInvitation, user) -> Exhibition:
    """The invited curator joins: they may edit and publish, and the owner sees them under their own name."""
    if invitation.username != user.get_username():
        raise ShareRefused(_("This invitation is for someone else."))
    exhibition = invitation.exhibition
    with transaction.atomic():
        exhibition_collaborator_add(exhibition=exhibition, user=user)
        invitation.delete()
    return exhibition


def exhibition_invitation_decline(*, invitation: CollaboratorInvitation, user) -> None:
    """The invited curator says no: it leaves their studio, and the owner still sees the name as invited (as for a
    name nobody has), so declining tells the owner nothing either."""
    if invitation.username != user.get_username():
        raise ShareRefused(_("This invitation is for someone else."))
    if invitation.declined_at is None:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])


def exhibition_collaborator_remove(*, exhibition: Exhibition, user) -> None:
    exhibition.collaborators.remove(user)


def review_link_create(*, exhibition: Exhibition, actor, valid_for: timedelta, label: str = "") -> ReviewLink:
    """A private link to the draft for someone without an account, until it expires or is revoked."""
    return ReviewLink.objects.create(
        exhibition=exhibition, created_by=actor, label=label.strip(), expires_at=timezone.now() + valid_for
    )


def review_link_revoke(*, link: ReviewLink) -> ReviewLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
