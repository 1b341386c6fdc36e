"""Consent in publishing: a photographer's photos in a curator's exhibition, one of them of a person who may or
may not agree, and what the publish gate and the public page then say."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from curation import subjects
from curation.models import Consent, Subject
from exhibitions import consent, publishing, sequencing, services
from exhibitions.models import ConsentOverride, Exhibition
from tests import factories
from tests.support.studio import ready_photo


class Cast:
    """A photographer's three photos P0..P2 in a curator's exhibition; Gulnara is in P1, the bazaar in P0."""

    def __init__(self) -> None:
        self.photographer = factories.photographer()
        self.curator = factories.curator()
        self.photos = [ready_photo(self.photographer, title=f"P{i}", alt=f"Alt P{i}") for i in range(3)]
        self.exhibition = services.exhibition_create(owner=self.curator, title="Bazaar")
        sequencing.exhibition_photos_append(exhibition=self.exhibition, photos=self.photos)
        self.gulnara = subjects.subject_create(
            owner=self.photographer,
            name="Fruit seller, Green Bazaar",
            public_name="Gulnara",
            public_story="Thirty *years* at the same stall.",
            photos=[self.photos[1]],
        )
        self.bazaar = subjects.subject_create(
            owner=self.photographer, name="Green Bazaar", kind=Subject.Kind.PLACE, photos=[self.photos[0]]
        )

    def agree(self, person: Subject | None = None, **fields) -> None:
        values = {"status": Consent.Status.SIGNED, "scope_web": True, **fields}
        subjects.consent_record(subject=person or self.gulnara, actor=self.photographer, **values)

    def publish(self) -> None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            publishing.exhibition_publish(exhibition=self.exhibition, actor=self.curator, check_blockers=True)
        self.exhibition.refresh_from_db()

    def override(self, reason: str, person: Subject | None = None) -> ConsentOverride:
        return consent.consent_override_create(
            exhibition=self.exhibition, subject=person or self.gulnara, reason=reason, actor=self.curator
        )

    def withdraw(self, person: Subject | None = None) -> subjects.ConsentOutcome:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return subjects.consent_withdraw(subject=person or self.gulnara, actor=self.photographer)


def codes(exhibition: Exhibition) -> list[str]:
    """What blocks publishing, by code ("consent", "alt_text", …)."""
    return [b.code for b in publishing.publish_blockers(exhibition)]


def public(exhibition: Exhibition) -> str:
    return reverse("exhibitions:detail", args=[Exhibition.objects.get(pk=exhibition.pk).slug])


def shown(html: str) -> list[str]:
    """The Cast's photos a page shows, in order ("P0", "P2", …), by their alt text."""
    return re.findall(r'<img[^>]*\salt="Alt (P\d)"', html)
