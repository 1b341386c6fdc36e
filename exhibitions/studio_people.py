"""The people in an exhibition as one studio viewer may read them: which name, and whose consent.

A subject's `name` is the photographer's private label ("fruit seller, Green Bazaar", or a full name): only she
and staff read it. Everyone else in the studio reads the public name, or "Person 3" (the third person to appear
in the sequence) when there is none.

Consent is read by those who decide whether the exhibition is published: its curators (owner, invited
curators) and staff, who see every person's consent summary; and by each person's photographer, for her own
people. A read-only viewer (a photographer whose photos are in someone else's exhibition) is shown the checks
of her own people and none about the people in other photographers' photos: whether they agreed to be shown
is theirs and the curators' business, not a colleague's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from curation.models import Subject
from exhibitions import consent, numbering, publishing
from exhibitions.blockers import Blocker
from exhibitions.models import Access, ConsentOverride, Exhibition, ExhibitionItem


def _owns(user, subject: Subject) -> bool:
    return user.is_staff or subject.owner_id == user.pk


def _label(subject: Subject, user, number: int | None) -> str:
    if _owns(user, subject):
        return subject.name
    if subject.public_name:
        return subject.public_name
    if number is None:
        return _("a person no longer in the exhibition")
    return _("Person %(number)d") % {"number": number}


@dataclass(frozen=True)
class Person:
    """One person of the exhibition, for one viewer: `label` is the only name a template may print."""

    appearance: consent.Appearance
    label: str
    number: int  # in order of first appearance in the sequence (the cover last), from 1

    @property
    def pk(self) -> int:
        return self.appearance.subject.pk


@dataclass(frozen=True)
class People:
    """Everyone an exhibition's draft (and cover) shows, and what one viewer may read of them."""

    everyone: list[Person]
    may_decide: bool  # a curator of the exhibition, or staff: every person's consent
    user: Any

    def consent_visible(self, person: Person) -> bool:
        return self.may_decide or _owns(self.user, person.appearance.subject)

    @property
    def with_consent_shown(self) -> list[Person]:
        return [person for person in self.everyone if self.consent_visible(person)]

    def label_of(self, subject: Subject) -> str:
        number = next((p.number for p in self.everyone if p.pk == subject.pk), None)
        return _label(subject, self.user, number)

    def find(self, subject_id: int) -> Person | None:
        return next((p for p in self.everyone if p.pk == subject_id), None)


def photo_items(exhibition: Exhibition) -> list[ExhibitionItem]:
    """The exhibition's photo items in sequence order, photos loaded, as the publish rules read them."""
    return list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk, kind=ExhibitionItem.Kind.PHOTO)
        .select_related("photo")
        .order_by("position")
    )


def people_for(exhibition: Exhibition, items: list[ExhibitionItem], *, user, access: Access) -> People:
    """Every person in these photo items (all of the exhibition's, for stable numbers) and the cover: one or two
    queries, as `consent.appearances_for`."""
    appearances = consent.appearances_for(exhibition, items, everyone=True)
    everyone = [
        Person(appearance=a, label=_label(a.subject, user, number), number=number)
        for number, a in enumerate(appearances, start=1)
    ]
    return People(everyone=everyone, may_decide=access >= Access.EDIT, user=user)


def _consent_blockers(people: People) -> list[Blocker]:
    # The gate's words, with the viewer's name for each person, for the people whose consent this viewer may read.
    shown = people.with_consent_shown
    labels = {person.pk: person.label for person in shown}
    return list(consent.consent_blockers([p.appearance for p in shown], name=lambda subject: labels[subject.pk]))


def blockers_for(exhibition: Exhibition, items: list[ExhibitionItem], people: People) -> list[Blocker]:
    """What stops the exhibition from being published, in the words this viewer may read.

    The publish rules decide, unchanged; only the consent rule's messages are written here again, so that a
    person is named as the viewer may name them and left out where the viewer may not read their consent.
    """
    others = [
        blocker
        for rule in publishing.PUBLISH_RULES
        if rule is not consent.rule_consent
        for blocker in rule(exhibition, items)
        # Should a rule of another name ever speak of consent, its private names never reach the page either.
        if blocker.code != consent.BLOCKER_CODE
    ]
    return others + _consent_blockers(people)


@dataclass(frozen=True)
class ConsentRow:
    """A person on the publish page's consent section, with their photos and the numbers every page gives them."""

    person: Person
    photos: list[tuple[int, ExhibitionItem]]

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def label(self) -> str:
        return self.person.label

    @property
    def appearance(self) -> consent.Appearance:
        return self.person.appearance


@dataclass(frozen=True)
class OverrideRow:
    override: ConsentOverride
    label: str


def publish_context(exhibition: Exhibition, *, user, access: Access) -> dict[str, Any]:
    """The publish page's checks and, for those who decide, its consent section and the overrides' audit."""
    items = photo_items(exhibition)
    people = people_for(exhibition, items, user=user, access=access)
    context: dict[str, Any] = {
        "blockers": blockers_for(exhibition, items, people),
        "consent_hidden": not people.may_decide,
        # For the page's own use (the alt text fields), so that it need not load them again.
        "photo_items": items,
    }
    if people.may_decide:
        overrides = exhibition.consent_overrides.select_related("subject", "created_by", "revoked_by").order_by(
            "-created_at", "-id"
        )
        shown = [person for person in people.everyone if person.appearance.gap]
        numbers = numbering.photo_numbers(items)
        context.update(
            consent_people=[
                ConsentRow(person, [(numbers[item.pk], item) for item in person.appearance.items]) for person in shown
            ],
            consent_blocking=sum(1 for person in shown if person.appearance.blocks),
            consent_overrides=[OverrideRow(o, people.label_of(o.subject)) for o in overrides],
        )
    return context


def item_problems(exhibition: Exhibition, item: ExhibitionItem, *, user, access: Access) -> list[str]:
    """The checks one photo item fails, as this viewer may read them (people numbered as on the publish page)."""
    items = photo_items(exhibition)
    people = people_for(exhibition, items, user=user, access=access)
    return [blocker.message for blocker in blockers_for(exhibition, items, people) if blocker.item_id == item.pk]
