"""The name a photographer's work is credited to on public pages: the one she chose, else her full name, else none.

Never the login name: that is half of what signs her in. Pages read the credit when they are served (exhibitions
loads it with the photos), so a change reaches every page, published ones included, at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from curation.models import Profile
from curation.people.changes import people_changed
from curation.texts import LanguageMap, Text, languages, pick, text_map, texts_assign


def is_login_name(user, name: str) -> bool:
    """Whether `name` would show the world what `user` signs in with (letter case aside)."""
    return bool(name) and name.strip().casefold() == (user.get_username() or "").casefold()


def credit_name_chosen(user) -> str:
    """The name `user` chose to be credited by ("" when none)."""
    try:
        return user.profile.credit_name
    except ObjectDoesNotExist:
        return ""


def credit_names(user) -> LanguageMap:
    """The credit line `user` chose, in every language she wrote it in."""
    try:
        return text_map(user.profile, "credit_name")
    except ObjectDoesNotExist:
        return {}


def credit_for(user, language: str | None = None, default_language: str = "") -> Text:
    """The public credit of `user` for a reader of `language` (the active one by default): the line she chose in
    that language (else in the default one, else in any), else her full name, else "" (named nowhere). Never her
    login name, even when her full name happens to be it. Expects `profile` loaded, or costs one query."""
    chosen = pick(credit_names(user), language or get_language() or "", default_language)
    credit = Text(chosen.strip(), chosen.lang) if chosen.strip() else Text(user.get_full_name().strip())
    return Text("") if is_login_name(user, credit) else credit


class CreditRefused(ValueError):
    def __init__(self, message: str, languages: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.languages = languages or []  # the languages whose line was refused (none named for a plain string)


def credit_name_set(*, user, credit_name: str | Mapping[str, str]) -> Profile:
    """Choose the line public pages credit `user`'s photographs to: a language map ({"kk": ..., "ru": ...,
    "en": ...}: the languages it names are set, a blank one cleared) or a plain string in the active language.
    Empty in every language: her full name, or none.

    Her login name is refused, in any language: it is half of what signs her in, and pages would drop it anyway.
    """
    lines: str | dict[str, str]
    if isinstance(credit_name, Mapping):
        lines = {code: " ".join((line or "").split()) for code, line in credit_name.items()}
        refused = [code for code in languages() if is_login_name(user, lines.get(code, ""))]
    else:
        lines = " ".join(credit_name.split())
        refused = [""] if is_login_name(user, lines) else []
    if refused:
        raise CreditRefused(
            _("This is your user name, which you sign in with: choose the name you want to be credited by."),
            languages=[code for code in refused if code],
        )
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        columns = texts_assign(profile, "credit_name", lines)
        if columns:
            profile.save(update_fields=columns)
        # Public pages are kept under the people version, like every other name visitors read: move it on.
        people_changed()
    user.profile = profile
    return profile


def on_user_saved(*, update_fields: Any = None, **_kwargs: Any) -> None:
    """A post_save receiver for users: a full name the credit may fall back to may have changed (not on a login,
    which saves last_login alone)."""
    if update_fields is None or {"first_name", "last_name"} & set(update_fields):
        people_changed()
