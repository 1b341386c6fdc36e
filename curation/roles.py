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


def is_photographer(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.groups.filter(name=PHOTOGRAPHERS).exists())


def is_curator(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.groups.filter(name=CURATORS).exists())


def user_create(*, username: str, password: str, role: str, email: str = "") -> object:
    """Create a user in one role (PHOTOGRAPHERS or CURATORS)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    user.groups.add(roles_ensure()[role])
    return user
