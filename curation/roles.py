"""The two roles of the app, as groups with model permissions: photographers and curators."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

PHOTOGRAPHERS = "Photographers"
CURATORS = "Curators"

ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    PHOTOGRAPHERS: [
        ("curation", "add_photo"),
        ("curation", "change_photo"),
        ("curation", "delete_photo"),
        ("curation", "view_photo"),
        ("curation", "add_subject"),
        ("curation", "change_subject"),
        ("curation", "delete_subject"),
        ("curation", "view_subject"),
    ],
    CURATORS: [
        ("curation", "view_photo"),
        ("curation", "view_subject"),
        ("exhibitions", "add_exhibition"),
        ("exhibitions", "change_exhibition"),
        ("exhibitions", "delete_exhibition"),
        ("exhibitions", "view_exhibition"),
    ],
}


def roles_ensure() -> dict[str, Group]:
    """Create or complete the role groups; safe to run any number of times."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in perms}, codename__in={code for _, code in perms}
        )
        group.permissions.add(*wanted)
        groups[name] = group
    return groups


def user_roles(user) -> frozenset[str]:
    """The user's role names, read once per request (the view's check and the page's nav share it)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_curation_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True))
        user._curation_roles = cached
    return cached


def is_photographer(user) -> bool:
    return user.is_authenticated and (user.is_staff or PHOTOGRAPHERS in user_roles(user))


def is_curator(user) -> bool:
    return user.is_authenticated and (user.is_staff or CURATORS in user_roles(user))


def nav_roles(request) -> dict[str, object]:
    """Template context: {{ roles.photographer }} and {{ roles.curator }}, computed only if a page asks."""
    from django.utils.functional import SimpleLazyObject

    def compute() -> dict[str, bool]:
        return {"photographer": is_photographer(request.user), "curator": is_curator(request.user)}

    return {"roles": SimpleLazyObject(compute)}


def user_create(*, username: str, password: str, role: str, email: str = "") -> object:
    """Create a user in one role (PHOTOGRAPHERS or CURATORS)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    user.groups.add(roles_ensure()[role])
    user.__dict__.pop("_curation_roles", None)
    return user
