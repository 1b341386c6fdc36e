"""The consent rule: whether a person may be shown, and where. One table, read as Python and as a database query.

Every part of the app that decides whether a person is shown asks this module: the publish gate, the public
pages, previews and review links, the feed, the sitemap, the image files, the subject search. The table
`RULE` lists, in order, the reasons a person may not be shown (`Gap`); a person is covered for a use when none
applies. `consent_gap()` reads the table against a consent record in Python; `covered_q()` turns the same table
into a filter for the database. tests/curation/test_consent_rules.py runs every combination through both.

An override is a curator's decision, per exhibition, to show someone whose consent is missing or narrower
than the use; it never overrides a refusal (`Gap.DECLINED`, `Gap.WITHDRAWN`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The consent statuses, as stored (curation.models.Consent.Status has the same values and their labels).
NOT_ASKED, VERBAL, SIGNED, DECLINED, WITHDRAWN = "not_asked", "verbal", "signed", "declined", "withdrawn"
STATUSES = (NOT_ASKED, VERBAL, SIGNED, DECLINED, WITHDRAWN)
PERSON = "person"


class Use(models.TextChoices):
    """Where a photo may show someone: each is a scope of the consent record."""

    WEB = "web", _("web")
    PRINT = "print", _("print")
    EXHIBITION = "exhibition", _("exhibition")


class Gap(models.TextChoices):
    """Why a person may not be shown; the curator reads the label next to the person's name."""

    NOT_ASKED = "not_asked", _("not asked yet")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # "no_web" is the stored code of the web's gap (notices and events keep it); print and exhibition have theirs.
    NO_WEB = "no_web", _("the consent does not include the web")
    NO_PRINT = "no_print", _("the consent does not include print")
    NO_EXHIBITION = "no_exhibition", _("the consent does not include exhibitions")
    EXPIRED = "expired", _("the consent has expired")
    MINOR = "minor", _("a minor: only a guardian's signed release counts")


REFUSALS = frozenset({Gap.DECLINED, Gap.WITHDRAWN})
_OUT_OF_SCOPE = {Use.WEB: Gap.NO_WEB, Use.PRINT: Gap.NO_PRINT, Use.EXHIBITION: Gap.NO_EXHIBITION}
_SCOPE_FIELD = {Use.WEB: "scope_web", Use.PRINT: "scope_print", Use.EXHIBITION: "scope_exhibition"}


# --- Conditions: each reads a record in Python and writes its own negation as a filter --------------------------
#
# Only the negation is needed as a query ("covered" = no gap applies), and it is written positively, so that a
# person with no consent row (every column NULL through the join) is never covered by accident: SQL's
# NOT (NULL = 'declined') is NULL, not true.


@dataclass(frozen=True)
class _Condition:
    holds: Callable[[Mapping[str, Any] | None, date], bool]
    not_q: Callable[[str, date], Q]  # the filter for "this does not hold", given a field prefix and today


def _missing_or_not_asked() -> _Condition:
    return _Condition(
        holds=lambda r, today: r is None or r["status"] in ("", NOT_ASKED),
        not_q=lambda p, today: Q(**{f"{p}status__in": [VERBAL, SIGNED, DECLINED, WITHDRAWN]}),
    )


def _status_is(status: str) -> _Condition:
    others = [s for s in STATUSES if s != status]
    return _Condition(
        holds=lambda r, today: r is not None and r["status"] == status,
        not_q=lambda p, today: Q(**{f"{p}status__in": others}),
    )


def _minor_without_signature() -> _Condition:
    return _Condition(
        holds=lambda r, today: r is not None and bool(r["is_minor"]) and r["status"] != SIGNED,
        not_q=lambda p, today: Q(**{f"{p}is_minor": False}) | Q(**{f"{p}status": SIGNED}),
    )


def _scope_missing(use: Use) -> _Condition:
    name = _SCOPE_FIELD[use]
    return _Condition(
        holds=lambda r, today: r is not None and not r[name],
        not_q=lambda p, today: Q(**{f"{p}{name}": True}),
    )


def _expired() -> _Condition:
    # The expiry day itself still counts: consent "until 31 May" covers the 31st.
    return _Condition(
        holds=lambda r, today: r is not None and r["expires_on"] is not None and r["expires_on"] < today,
        not_q=lambda p, today: Q(**{f"{p}expires_on__isnull": True}) | Q(**{f"{p}expires_on__gte": today}),
    )


def rule(use: Use = Use.WEB) -> tuple[tuple[Gap, _Condition], ...]:
    """THE rule for one use: the reasons a person may not be shown, in the order they are told to the curator."""
    return (
        (Gap.NOT_ASKED, _missing_or_not_asked()),
        (Gap.DECLINED, _status_is(DECLINED)),
        (Gap.WITHDRAWN, _status_is(WITHDRAWN)),
        (Gap.MINOR, _minor_without_signature()),
        (_OUT_OF_SCOPE[use], _scope_missing(use)),
        (Gap.EXPIRED, _expired()),
    )


RULES = {use: rule(use) for use in Use}
CONSENT_FIELDS = ("status", "scope_web", "scope_print", "scope_exhibition", "expires_on", "is_minor")


def _record(consent: Any) -> Mapping[str, Any] | None:
    if consent is None or isinstance(consent, Mapping):
        return consent
    return {name: getattr(consent, name) for name in CONSENT_FIELDS}


def consent_gap(consent: Any, *, use: Use = Use.WEB, today: date | None = None) -> str:
    """Why this consent (a Consent, a mapping of its fields, or None) does not cover `use`; "" when it does."""
    record = _record(consent)
    today = today or timezone.localdate()
    for gap, condition in RULES[Use(use)]:
        if condition.holds(record, today):
            return gap
    return ""


def covered_q(*, use: Use = Use.WEB, today: date | None = None, prefix: str = "consent__") -> Q:
    """The same rule as a filter: rows whose consent (reached through `prefix`) covers `use` today."""
    today = today or timezone.localdate()
    q = Q()
    for _gap, condition in RULES[Use(use)]:
        q &= condition.not_q(prefix, today)
    return q


def overridable(gap: str) -> bool:
    """A curator may take responsibility for a gap, for one exhibition, unless the person said no."""
    return bool(gap) and gap not in REFUSALS


def needs_consent(*, kind: str, has_consent_record: bool) -> bool:
    """A person needs consent; so does a subject relabelled from a person (it still has their consent record):
    a relabel must never let a photo past the rule."""
    return kind == PERSON or has_consent_record


def needs_consent_q(prefix: str = "") -> Q:
    """`needs_consent` as a filter of subjects (reached through `prefix`, e.g. "subject__")."""
    return Q(**{f"{prefix}kind": PERSON}) | Q(**{f"{prefix}consent__isnull": False})


def may_show(gap: str, *, overridden: bool = False) -> bool:
    """The decision, from a gap and whether an active override for this exhibition covers the person."""
    return not gap or (overridden and overridable(gap))
