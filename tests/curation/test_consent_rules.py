"""The consent rule: every combination of answer, scope, minority, expiry and override, in Python and as a query."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from curation.models import Consent, Subject
from curation.people.rules import REFUSALS, Gap, Use, consent_gap, covered_q, may_show, needs_consent
from tests import factories

TODAY = date(2026, 6, 15)
EXPIRIES = {"none": None, "yesterday": TODAY - timedelta(days=1), "today": TODAY, "next year": TODAY + timedelta(365)}
STATUSES = [None, *Consent.Status.values]  # None: nobody wrote anything down
SCOPES = list(itertools.product([False, True], repeat=3))  # (web, print, exhibition)


def expected_gap(status: str | None, scope: tuple[bool, bool, bool], minor: bool, expiry: str, use: Use) -> str:
    """The rule as the README states it, written out independently of the module under test."""
    if status in (None, "not_asked"):
        return Gap.NOT_ASKED
    if status in ("declined", "withdrawn"):
        return status
    if minor and status != "signed":
        return Gap.MINOR  # for a minor, only a guardian's signed release counts
    in_scope = dict(zip(("web", "print", "exhibition"), scope, strict=True))[use]
    if not in_scope:
        return {"web": Gap.NO_WEB, "print": Gap.NO_PRINT, "exhibition": Gap.NO_EXHIBITION}[use]
    if expiry == "yesterday":
        return Gap.EXPIRED
    return ""


def combinations():
    for status, scope, minor, expiry in itertools.product(STATUSES, SCOPES, [False, True], EXPIRIES):
        if status is None and (any(scope) or minor or expiry != "none"):
            continue  # no record: nothing else to vary
        yield status, scope, minor, expiry


def record(status, scope, minor, expiry):
    if status is None:
        return None
    web, print_, exhibition = scope
    return Consent(
        status=status,
        scope_web=web,
        scope_print=print_,
        scope_exhibition=exhibition,
        is_minor=minor,
        expires_on=EXPIRIES[expiry],
    )


@pytest.mark.parametrize("use", list(Use))
def test_python_form_follows_the_stated_rule_for_every_combination(use):
    for combination in combinations():
        assert consent_gap(record(*combination), use=use, today=TODAY) == expected_gap(*combination, use), combination


@pytest.mark.django_db
def test_query_form_selects_exactly_the_people_the_python_form_covers():
    owner = factories.photographer()
    people: dict[int, tuple] = {}
    consents = []
    for combination in combinations():
        subject = Subject.objects.create(owner=owner, name=repr(combination))
        people[subject.pk] = combination
        consent = record(*combination)
        if consent is not None:
            consent.subject = subject
            consents.append(consent)
    Consent.objects.bulk_create(consents)
    assert len(people) == 1 + 5 * 8 * 2 * 4
    for use in Use:
        in_query = set(Subject.objects.filter(covered_q(use=use, today=TODAY)).values_list("pk", flat=True))
        in_python = {pk for pk, c in people.items() if not consent_gap(record(*c), use=use, today=TODAY)}
        assert in_query == in_python, use
        assert in_python, "some combinations are covered"


@pytest.mark.parametrize("gap", ["", *Gap.values])
@pytest.mark.parametrize("overridden", [False, True])
def test_an_override_covers_every_gap_but_a_refusal(gap, overridden):
    expected = gap == "" or (overridden and gap not in REFUSALS)
    assert may_show(gap, overridden=overridden) is expected


def test_a_subject_relabelled_from_a_person_still_needs_consent():
    assert needs_consent(kind="person", has_consent_record=False)
    assert needs_consent(kind="thing", has_consent_record=True)
    assert not needs_consent(kind="place", has_consent_record=False)
