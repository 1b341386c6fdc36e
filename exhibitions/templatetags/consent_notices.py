"""{% studio_notices %}: what happened to a curator's exhibitions while they were away: photos taken off a public
page because someone's consent no longer covers the web (a "no", an expiry, a narrowed answer, a person newly
tagged, an ended override), or a scheduled publication cancelled. The template words each CuratorNotice.Kind."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from exhibitions.consent import notices_open
from exhibitions.models import Exhibition

register = template.Library()


@register.inclusion_tag("exhibitions/studio/_notices.html", takes_context=True)
def studio_notices(context: template.Context, exhibition: Exhibition | None = None) -> dict[str, Any]:
    """Open notices of one exhibition, or of every exhibition the user curates (one query either way)."""
    request = context["request"]
    user = request.user
    if exhibition is not None:
        ids: Any = [exhibition.pk]
    elif user.is_staff:
        ids = Exhibition.objects.values("pk")
    else:
        shared = Exhibition.collaborators.through.objects.filter(user=user).values("exhibition_id")
        ids = Exhibition.objects.filter(Q(owner=user) | Q(pk__in=shared)).values("pk")
    return {
        "notices": notices_open(ids),
        "show_titles": exhibition is None,
        "here": request.path,
        "csrf_token": context.get("csrf_token"),
    }
