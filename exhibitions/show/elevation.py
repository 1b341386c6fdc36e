"""The studio's elevation of each wall as an inline SVG: the laid-out walls turned into shapes in the wall's own
millimetres (x from the wall's left end, y down from the wall's top), so the template only writes them out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from exhibitions.show.layout import WallLayout
from exhibitions.show.models import Opening


@dataclass(frozen=True)
class WorkShape:
    item_id: int
    number: int
    title: str
    x: int  # the frame's left edge
    y: int  # the frame's top, from the wall's top
    width: int
    height: int
    centre_x: int  # from the wall's left end: what the curator reads and moves
    image_x: int
    image_y: int
    image_w: int
    image_h: int
    thumb: str  # the URL of a small rendition, or ""
    manual: bool
    label: str  # "3. “Title”"
    value_text: str  # "centre 1250 mm from the left end"


@dataclass(frozen=True)
class OpeningShape:
    label: str
    x: int
    y: int
    width: int
    height: int
    text_x: int
    text_y: int


@dataclass
class WallDrawing:
    wall_id: int
    name: str
    length_mm: int
    height_mm: int
    view_box: str
    font: int  # the text size in mm, so labels read at any wall length
    centre_line_y: int
    centre_line_mm: int
    works: list[WorkShape] = field(default_factory=list)
    openings: list[OpeningShape] = field(default_factory=list)
    missing_mm: int = 0
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (number, title)
    description: str = ""


@dataclass(frozen=True)
class WorkFacts:
    """What the elevation shows of a work beyond its place: number, title, thumbnail, image size in the frame."""

    number: int
    title: str
    thumb: str
    image_w_mm: int | None = None
    image_h_mm: int | None = None


def _image_box(x: int, y: int, w: int, h: int, facts: WorkFacts) -> tuple[int, int, int, int]:
    if facts.image_w_mm and facts.image_h_mm and facts.image_w_mm <= w and facts.image_h_mm <= h:
        iw, ih = facts.image_w_mm, facts.image_h_mm
    else:
        # No printed form yet: the picture inside the default frame, with a mat's width around it.
        iw, ih = round(w * 0.7), round(h * 0.7)
    return x + (w - iw) // 2, y + (h - ih) // 2, iw, ih


def wall_drawings(layouts: list[WallLayout], facts: dict[int, WorkFacts], *, centre_line_mm: int) -> list[WallDrawing]:
    kinds = dict(Opening.Kind.choices)
    drawings = []
    for layout in layouts:
        wall = layout.wall
        font = max(60, round(max(wall.length_mm, wall.height_mm) / 45))
        top, bottom, side = font * 3, font * 4, font
        drawing = WallDrawing(
            wall_id=wall.id,
            name=wall.name,
            length_mm=wall.length_mm,
            height_mm=wall.height_mm,
            view_box=f"{-side} {-top} {wall.length_mm + 2 * side} {wall.height_mm + top + bottom}",
            font=font,
            centre_line_y=wall.height_mm - centre_line_mm,
            centre_line_mm=centre_line_mm,
            missing_mm=layout.missing_mm,
        )
        for opening in wall.openings:
            y = wall.height_mm - opening.bottom_mm - opening.height_mm
            drawing.openings.append(
                OpeningShape(
                    label=str(kinds.get(opening.kind, opening.kind)),
                    x=opening.offset_mm,
                    y=y,
                    width=opening.width_mm,
                    height=opening.height_mm,
                    text_x=opening.offset_mm + opening.width_mm // 2,
                    text_y=y + min(opening.height_mm // 2, font * 2),
                )
            )
        for placement in layout.placements:
            work = facts.get(placement.work_id) or WorkFacts(number=0, title="", thumb="")
            x = placement.left_mm
            y = wall.height_mm - placement.bottom_mm - placement.height_mm
            ix, iy, iw, ih = _image_box(x, y, placement.width_mm, placement.height_mm, work)
            drawing.works.append(
                WorkShape(
                    item_id=placement.work_id,
                    number=work.number,
                    title=work.title,
                    x=x,
                    y=y,
                    width=placement.width_mm,
                    height=placement.height_mm,
                    centre_x=placement.centre_x_mm,
                    image_x=ix,
                    image_y=iy,
                    image_w=iw,
                    image_h=ih,
                    thumb=work.thumb,
                    manual=placement.manual,
                    label=_("%(number)s. “%(title)s”") % {"number": work.number, "title": work.title},
                    value_text=_("centre %(offset)s mm from the wall's left end") % {"offset": placement.centre_x_mm},
                )
            )
        for work_id in layout.unplaced:
            work = facts.get(work_id) or WorkFacts(number=0, title="", thumb="")
            drawing.unplaced.append((work.number, work.title))
        drawing.description = _("%(name)s: %(length)s mm long, %(height)s mm high, %(count)s works.") % {
            "name": wall.name,
            "length": wall.length_mm,
            "height": wall.height_mm,
            "count": len(drawing.works),
        }
        drawings.append(drawing)
    return drawings
