"""Every URL of the project, walked from the URL configuration, with its arguments filled from the security world."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from curation.models import Consent, Photo, SubjectEvent
from exhibitions.models import PublicationEvent
from tests.security.conftest import World

ABSENT_ID = 987654321
LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"; None for an unnamed pattern
    pattern: str
    kwargs: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")


def _kwarg_names(pattern) -> tuple[str, ...]:
    regex = pattern.regex if hasattr(pattern, "regex") else re.compile(str(pattern))
    return tuple(regex.groupindex)


def _walk(patterns, namespace: str = "", prefix: str = "", kwargs: tuple[str, ...] = ()) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(
                entry.url_patterns, inner, prefix + str(entry.pattern), kwargs + _kwarg_names(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name) if part) if entry.name else None
            yield Route(name, prefix + str(entry.pattern), kwargs + _kwarg_names(entry.pattern))


def routes() -> list[Route]:
    """Every pattern of the URL configuration, named or not, in the order Django tries them."""
    return list(_walk(get_resolver().url_patterns))


def named_routes() -> dict[str, Route]:
    return {route.name: route for route in routes() if route.name}


# --- Arguments -------------------------------------------------------------------------------------------------


def _admin_object(world: World, name: str) -> str:
    """The object an admin URL is about (admin:<app>_<model>_<view>): A's where the model is A's."""
    by_model = {
        "curation_photo": world.photo_a,
        "curation_subject": world.subject_a,
        "exhibitions_exhibition": world.exhibition_a,
        "exhibitions_reviewlink": world.link_a,
        "exhibitions_publicationevent": PublicationEvent.objects.filter(exhibition=world.exhibition_a).first(),
        "exhibitions_consentoverride": world.override_a,
        "exhibitions_curatornotice": world.notice_a,
        "curation_consent": Consent.objects.filter(subject=world.subject_a_private).first(),
        "curation_releasedocument": world.document_a,
        "curation_subjectevent": SubjectEvent.objects.filter(subject=world.subject_a).first(),
        "auth_user": world.users["photographer A"],
        "auth_group": world.users["photographer A"].groups.first(),
    }
    for prefix, instance in by_model.items():
        if name.startswith(f"admin:{prefix}_"):
            return str(instance.pk)
    # A model registered later: its first row, so the admin page is about something that exists.
    return "1"


def owned_kwargs(world: World, route: Route) -> dict[str, object]:
    """Arguments pointing at objects that belong to photographer A or curator A (or are A's and private)."""
    first_rendition = world.photo_a_private.renditions.order_by("pk").first()
    values: dict[str, object] = {
        # The studio's <pk> is an exhibition; the subjects pages may use their own meaning (see OVERRIDES).
        "pk": world.exhibition_a.pk,
        "item_pk": world.item_a.pk,
        "user_pk": world.collaborator.pk,
        "link_pk": world.link_a.pk,
        "token": world.link_a.token,
        "slug": world.exhibition_a.slug,
        "number": 1,
        "photo_id": world.photo_a.pk,
        "document_pk": world.document_a.pk,
        "override_pk": world.override_a.pk,
        "notice_pk": world.notice_a.pk,
        "subject_id": world.subject_a.pk,
        "path": first_rendition.file.name,
        "content_type_id": ContentType.objects.get_for_model(Photo).pk,
        "object_id": _admin_object(world, route.name or ""),
        "id": world.users["photographer A"].pk,
        "app_label": "curation",
    }
    for prefix, overrides in OVERRIDES.items():
        if route.name and route.name.startswith(prefix):
            values.update({key: value(world) for key, value in overrides.items()})
    unknown = [name for name in route.kwargs if name not in values]
    assert not unknown, f"{route.name}: add a value for {unknown} in tests/security/routes.py"
    return {name: values[name] for name in route.kwargs}


def absent_kwargs(world: World, route: Route) -> dict[str, object]:
    """The same arguments pointing at nothing that exists."""
    values = owned_kwargs(world, route)
    absent: dict[str, object] = {}
    for name, value in values.items():
        if name == "app_label":
            absent[name] = value
        elif name == "path":
            absent[name] = "2026/01/no-such-rendition.jpeg"
        elif name in ("slug", "token"):
            absent[name] = "no-such-" + name
        elif name == "number":
            absent[name] = 999
        else:
            absent[name] = ABSENT_ID
    return absent


def private_kwargs(world: World, route: Route) -> dict[str, object] | None:
    """For public URLs: arguments pointing at something that exists but is not public (a draft, a revoked link)."""
    private = {
        "slug": world.exhibition_a_draft.slug,
        "subject_id": world.subject_a_private.pk,
        "token": world.link_a_revoked.token,
    }
    values = owned_kwargs(world, route)
    if not any(name in private for name in values):
        return None
    return {name: private.get(name, value) for name, value in values.items()}


def url(route: Route, kwargs: dict[str, object]) -> str:
    return reverse(route.name, kwargs=kwargs)


# URL-name prefix -> {kwarg: world -> value}, for views whose argument names mean something else.
OVERRIDES: dict[str, dict[str, object]] = {
    "curation:subject": {"pk": lambda world: world.subject_a.pk},
}
