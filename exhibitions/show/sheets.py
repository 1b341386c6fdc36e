"""The plain data the physical show's documents are drawn from: filled by the caller, read by documents.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext

from exhibitions.show.layout import WallLayout

Paper = Literal["A4", "Letter"]

# Portrait width and height in millimetres.
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


@dataclass(frozen=True)
class LabelText:
    """A work's title and caption in one language, for the wall label (which carries every language written)."""

    language: str  # a code of settings.LANGUAGES: the lang attribute of the label's lines
    title: str
    caption: str = ""


@dataclass(frozen=True)
class WorkRow:
    """One work of the show, every text already in the document's language."""

    work_id: int  # the exhibition item's id, as in layout.WorkSpec.id and Placement.work_id
    number: str  # the number visitors and the crew see ("7", "12a")
    title: str
    caption: str = ""
    credit: str = ""
    print_size_mm: tuple[int, int] | None = None  # the paper, width × height
    image_size_mm: tuple[int, int] | None = None  # the picture on that paper
    frame_size_mm: tuple[int, int] | None = None  # the frame's outer size
    frame_depth_mm: int | None = None
    hanger_drop_mm: int = 0
    mat: str = ""
    framing_notes: str = ""
    edition: str = ""  # "3/10", "open"
    price: Decimal | None = None
    currency: str = ""
    print_allowed: bool = True
    print_refusal: str = ""  # why not, in words, when print_allowed is False
    exhibition_allowed: bool = True
    exhibition_refusal: str = ""  # why not, when exhibition_allowed is False
    thumbnail: str = ""  # a file path or a data: URI
    public_url: str = ""  # the photo's public page, for the label's QR code
    original_px: tuple[int, int] | None = None  # the original's width × height in pixels
    file_name: str = ""  # the original's file name, for the print order
    # The label's words in each language written, stacked in this order; empty: the title and caption above.
    label_texts: tuple[LabelText, ...] = ()

    @property
    def label_allowed(self) -> bool:
        return self.print_allowed and self.exhibition_allowed

    @property
    def refusals(self) -> list[str]:
        return [
            reason
            for ok, reason in (
                (self.exhibition_allowed, self.exhibition_refusal),
                (self.print_allowed, self.print_refusal),
            )
            if not ok and reason
        ]


@dataclass(frozen=True)
class ShowDocumentData:
    """Everything one set of documents shows: the works in walking order and the walls they were laid onto."""

    title: str
    language: str  # a code of settings.LANGUAGES: the documents are written in it
    walls: list[WallLayout] = field(default_factory=list)
    works: list[WorkRow] = field(default_factory=list)
    venue: str = ""

    def work(self, work_id: int) -> WorkRow | None:
        return next((row for row in self.works if row.work_id == work_id), None)


def millimetres(value: int | str) -> str:
    """A length as the documents write it, in the active language ("40 mm", "40 мм"), never broken across lines."""
    return (gettext("%(mm)s mm") % {"mm": value}).replace(" ", "\u00a0")
