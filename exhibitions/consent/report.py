"""The printable consent report: everyone an exhibition shows, with their consent and documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from curation.models import ReleaseDocument, Subject
from exhibitions.consent.gate import Appearance, appearances_for, photo_ids_of, photo_items_of
from exhibitions.models import Exhibition
from exhibitions.numbering import photo_numbers

# --- The consent report -----------------------------------------------------------------------------------


@dataclass
class ReportRow:
    appearance: Appearance
    numbers: list[int]
    documents: list[ReleaseDocument]


@dataclass
class ConsentReport:
    rows: list[ReportRow]
    other_subjects: int  # places, events and things: no consent needed
    generated_at: Any

    @property
    def blocking(self) -> int:
        return sum(1 for row in self.rows if row.appearance.blocks)


def consent_report(exhibition: Exhibition) -> ConsentReport:
    """Everyone who appears in the draft (and the cover), with their consent and documents: four queries."""
    items = photo_items_of(exhibition)
    appearances = appearances_for(exhibition, items, everyone=True)
    documents: dict[int, list[ReleaseDocument]] = {}
    if appearances:
        for document in ReleaseDocument.objects.filter(subject_id__in=[a.subject.pk for a in appearances]).defer(
            "file"
        ):
            documents.setdefault(document.subject_id, []).append(document)
    number = photo_numbers(items)  # as the sequencer, the publish page and the public viewer number them
    rows = [ReportRow(a, [number[item.pk] for item in a.items], documents.get(a.subject.pk, [])) for a in appearances]
    photo_ids = photo_ids_of(exhibition, items)
    others = (
        Subject.objects.filter(photos__in=photo_ids).exclude(kind=Subject.Kind.PERSON).distinct().count()
        if photo_ids
        else 0
    )
    return ConsentReport(rows=rows, other_subjects=others, generated_at=timezone.now())
