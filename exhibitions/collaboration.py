"""Who else may see an exhibition before it is published: invited curators, and review links."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from curation.roles import is_curator
from exhibitions.models import (
    Exhibition,
    ReviewLink,
)

# --- Sharing ---------------------------------------------------------------------------------------


class ShareRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def exhibition_collaborator_add(*, exhibition: Exhibition, user) -> None:
    """Invite another curator to edit and publish the exhibition."""
    if user.pk == exhibition.owner_id:
        raise ShareRefused(_("This is the exhibition's own curator."))
    if not is_curator(user):
        raise ShareRefused(_("Only curators can be invited to edit an exhibition."))
    exhibition.collaborators.add(user)


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
