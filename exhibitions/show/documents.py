"""The physical show's PDFs (elevations, hanging sheets, checklist, labels, price list, print order), from plain data.

Pure rendering: no queries. The caller fills a sheets.ShowDocumentData (consent already decided, as booleans with
the reason in words); each function returns the PDF's bytes. WeasyPrint draws HTML + CSS (print CSS is what it is
made for, and it needs no browser process in a web worker); the fonts are the ones we serve, embedded as subsets.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy
from fontTools.merge import Merger
from fontTools.ttLib import TTFont, woff2
from fontTools.varLib import instancer
from PIL import ImageFile
from weasyprint import HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

from exhibitions.show.layout import OpeningSpec, Placement, WallLayout
from exhibitions.show.sheets import PAPER_SIZES_MM, Paper, ShowDocumentData, WorkRow, millimetres

# WeasyPrint turns on Pillow's process-wide "decode truncated images" when imported; the photo pipeline refuses a
# file cut short and relies on it being off (curation.imaging sets it again before every decode, too).
ImageFile.LOAD_TRUNCATED_IMAGES = False

MM_PER_INCH = 25.4
PAGE_MARGIN_MM = 10.0
DEFAULT_SCALE = 20  # 1:20
DEFAULT_MIN_PPI = 240
# The same words as exhibitions.show.models.Opening.Kind (one msgid each), without importing the models here.
OPENING_KINDS = {
    "door": gettext_lazy("Door"),
    "window": gettext_lazy("Window"),
    "radiator": gettext_lazy("Radiator"),
    "other": gettext_lazy("Other"),
}
# Below the floor on an elevation: the row of centre offsets and the length's dimension line, on paper.
DIMENSION_BAND_MM = 12

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
SUBSETS = ("latin", "latin-ext", "cyrillic", "cyrillic-ext")


@cache
def font_faces_css() -> str:
    """@font-face rules for our served fonts, one family name per subset file.

    WeasyPrint names a PDF font by its Pango description ("Literata Bold"), so the four subset files of one family
    would share one PDF font and one glyph table: a Latin "o" printed as a Cyrillic "р". A family per file keeps
    them apart; the font-family lists below fall through them character by character.
    """
    rules = []
    for family, folder, axis in (("Literata", "literata", "opsz"), ("Inter", "inter", "wght")):
        for style in ("normal", "italic"):
            for subset in SUBSETS:
                uri = _ttf_uri(FONTS_DIR / folder / f"{folder}-{subset}-{axis}-{style}.woff2")
                rules.append(
                    f'@font-face {{ font-family: "{family} {subset}"; font-style: {style}; '
                    f'src: url("{uri}") format("truetype"); }}'
                )
    for weight in SVG_WEIGHTS:
        rules.append(
            f'@font-face {{ font-family: "{SVG_FAMILY}"; font-weight: {weight}; '
            f'src: url("{_svg_font_uri(weight)}") format("truetype"); }}'
        )
    serif = ", ".join(f'"Literata {subset}"' for subset in SUBSETS)
    sans = ", ".join(f'"Inter {subset}"' for subset in SUBSETS)
    rules.append(f":root {{ --serif: {serif}; --sans: {sans}; }}")
    return "\n".join(rules)


# WeasyPrint draws an SVG's text with the first family of its font-family list alone, so the subset files cannot
# fall through one another there (a Kazakh "қ" on an elevation came out in the system's DejaVu): the elevation's
# words use one font holding every subset, Inter at the weights it draws, merged once per install under var/.
SVG_FAMILY = "Inter all"
SVG_WEIGHTS = (400, 600)


def _svg_font_uri(weight: int) -> str:
    sources = [FONTS_DIR / "inter" / f"inter-{subset}-wght-normal.woff2" for subset in SUBSETS]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources) + str(weight).encode()).hexdigest()[:32]
    target = Path(settings.VAR_DIR) / "pdf-fonts" / f"{digest}-svg.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        parts = []
        for index, path in enumerate(sources):
            font = TTFont(io.BytesIO(path.read_bytes()))
            font = instancer.instantiateVariableFont(font, {"wght": weight})
            part = target.with_suffix(f".{os.getpid()}.{index}.ttf")
            font.flavor = None
            font.save(part)
            parts.append(part)
        merged = Merger().merge([str(part) for part in parts])
        partial = target.with_suffix(f".{os.getpid()}.part")
        merged.save(partial)
        os.replace(partial, target)
        for part in parts:
            part.unlink(missing_ok=True)
    return target.as_uri()


def _ttf_uri(woff2_path: Path) -> str:
    """A file URI of the font decoded to TrueType, decoded once for every process of this install (under var/).

    WeasyPrint decodes WOFF2 in pure Python for every document (two thirds of its time); a data: URI instead costs
    as much in its CSS tokenizer. Named by content, written by an atomic rename: workers racing write the same bytes.
    """
    content = woff2_path.read_bytes()
    target = Path(settings.VAR_DIR) / "pdf-fonts" / f"{hashlib.sha256(content).hexdigest()[:32]}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        ttf = io.BytesIO()
        woff2.decompress(io.BytesIO(content), ttf)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(ttf.getvalue())
        os.replace(partial, target)
    return target.as_uri()


def font_stack(family: str) -> str:
    return ", ".join(f"'{family} {subset}'" for subset in SUBSETS)


def _image_src(thumbnail: str) -> str:
    if not thumbnail or thumbnail.startswith("data:"):
        return thumbnail
    return Path(thumbnail).resolve().as_uri()


def _render(template: str, context: dict, *, data: ShowDocumentData, paper: Paper, landscape: bool = False) -> bytes:
    width, height = PAPER_SIZES_MM[paper]
    if landscape:
        width, height = height, width
    css_path = Path(settings.BASE_DIR) / "static" / "css" / "show-print.css"
    with translation.override(data.language):
        html = render_to_string(
            template,
            {
                "data": data,
                "fonts_css": font_faces_css(),
                "page_css": f"@page {{ size: {width}mm {height}mm; margin: {PAGE_MARGIN_MM}mm; }}",
                "print_css": css_path.read_text(),
                **context,
            },
        )
    # Only our files and inline images: a document never reaches the network, whatever a URL in the data says.
    return HTML(
        string=html, base_url=css_path.parent.as_uri() + "/", url_fetcher=URLFetcher(allowed_protocols={"file", "data"})
    ).write_pdf(font_config=FontConfiguration())


# ---- measures in words ----------------------------------------------------------------------------------------


def inches_text(mm: float) -> str:
    """Millimetres as a tape measure reads in inches: whole inches and sixteenths, reduced ("57 1/16″").

    Hanging crews in inch countries measure with tapes marked in sixteenths, not decimals; a sixteenth (1.6 mm)
    is finer than anyone drives a hook.
    """
    sixteenths = round(mm / MM_PER_INCH * 16)
    whole, rest = divmod(sixteenths, 16)
    if not rest:
        return f"{whole}″"
    fraction = Fraction(rest, 16)
    return f"{whole} {fraction.numerator}/{fraction.denominator}″" if whole else f"{fraction}″"


def size_text(size: tuple[int, int] | None) -> str:
    if not size:
        return ""
    # No break inside a size: a narrow column wraps between sizes.
    return millimetres(f"{size[0]}\u00a0×\u00a0{size[1]}")


def price_text(row: WorkRow) -> str:
    if row.price is None:
        return ""
    return f"{row.price:,.2f}".replace(",", "\u202f").replace(".00", "") + (f" {row.currency}" if row.currency else "")


def print_ppi(row: WorkRow) -> int | None:
    """The resolution the original gives at the print's image size: its pixels over the image's inches.

    Long side to long side, so a portrait original ordered as "50 × 40" is not read across; the lower of the two
    sides is what the printer gets.
    """
    if not row.original_px or not row.image_size_mm:
        return None
    pixels = sorted(row.original_px)
    inches = sorted(side / MM_PER_INCH for side in row.image_size_mm)
    return math.floor(min(px / inch for px, inch in zip(pixels, inches, strict=True)))


# ---- elevation geometry (wall millimetres → paper millimetres) -------------------------------------------------


@dataclass(frozen=True)
class ElevationWork:
    placement: Placement
    row: WorkRow | None
    image_box: tuple[float, float, float, float]  # x, y (top, in SVG's downward y), width, height in wall mm


@dataclass(frozen=True)
class ElevationSheet:
    """One page's stretch of a wall: [start_mm, end_mm) of its length, drawn at the stated scale."""

    layout: WallLayout
    start_mm: int
    end_mm: int
    page: int
    pages: int
    drawn_height_mm: int  # the wall's height as drawn (cut when the page is lower than the wall)
    scale: int
    works: list[ElevationWork]
    openings: list[OpeningSpec]

    @property
    def width_mm(self) -> float:  # on paper
        return (self.end_mm - self.start_mm) / self.scale

    @property
    def height_mm(self) -> float:
        return self.svg_height / self.scale

    @property
    def svg_height(self) -> int:
        return self.drawn_height_mm + self.dimension_band

    @property
    def dimension_band(self) -> int:
        return DIMENSION_BAND_MM * self.scale

    def y(self, height_above_floor: float) -> float:
        return self.drawn_height_mm - height_above_floor


def _image_box(placement: Placement, row: WorkRow | None) -> tuple[float, float, float, float]:
    width, height = placement.width_mm, placement.height_mm
    if row and row.image_size_mm and row.image_size_mm[0] <= width and row.image_size_mm[1] <= height:
        width, height = row.image_size_mm
    else:
        # No image size: the picture inside an eighth-wide margin, as a mat usually shows it.
        width, height = width * 0.75, height * 0.75
    left = placement.left_mm + (placement.width_mm - width) / 2
    bottom = placement.bottom_mm + (placement.height_mm - height) / 2
    return left, bottom + height, width, height


def elevation_sheets(data: ShowDocumentData, *, paper: Paper, scale: int) -> list[ElevationSheet]:
    """Each wall on landscape pages at exactly 1:scale, split along its length when it does not fit one page.

    The scale stays true on ordinary paper (a crew measures the print with a ruler), instead of pages sized to the
    wall that no office printer takes; consecutive pages of a wall say which stretch they show.
    """
    paper_w, paper_h = PAPER_SIZES_MM[paper]
    usable_w = paper_h - 2 * PAGE_MARGIN_MM
    usable_h = paper_w - 2 * PAGE_MARGIN_MM - 28  # the heading and the legend
    span = math.floor(usable_w * scale / 100) * 100  # whole decimetres per page, easy to add up on site
    sheets = []
    for layout in data.walls:
        length = layout.wall.length_mm
        pages = max(1, math.ceil(length / span))
        drawn_height = min(layout.wall.height_mm, math.floor(usable_h * scale) - DIMENSION_BAND_MM * scale)
        for page in range(pages):
            start, end = page * span, min(length, (page + 1) * span)
            works = [
                ElevationWork(placement=p, row=data.work(p.work_id), image_box=(0, 0, 0, 0))
                for p in layout.placements
                if p.left_mm < end and p.left_mm + p.width_mm > start
            ]
            works = [
                ElevationWork(
                    placement=w.placement,
                    row=w.row,
                    image_box=_svg_box(_image_box(w.placement, w.row), drawn_height),
                )
                for w in works
            ]
            openings = [o for o in layout.wall.openings if o.offset_mm < end and o.offset_mm + o.width_mm > start]
            sheets.append(
                ElevationSheet(
                    layout=layout,
                    start_mm=start,
                    end_mm=end,
                    page=page + 1,
                    pages=pages,
                    drawn_height_mm=drawn_height,
                    scale=scale,
                    works=works,
                    openings=openings,
                )
            )
    return sheets


def _svg_box(box: tuple[float, float, float, float], drawn_height: int) -> tuple[float, float, float, float]:
    left, top_above_floor, width, height = box
    return left, drawn_height - top_above_floor, width, height


def _blocked(rows: list[WorkRow], *, exhibition: bool, printing: bool) -> list[dict]:
    """The works a document must not treat as fine, each with the reasons that matter to that document."""
    blocked = []
    for row in rows:
        reasons = []
        if exhibition and not row.exhibition_allowed:
            reasons.append(row.exhibition_refusal)
        if printing and not row.print_allowed:
            reasons.append(row.print_refusal)
        if reasons:
            blocked.append({"number": row.number, "title": row.title, "reason": " ".join(r for r in reasons if r)})
    return blocked


# ---- the documents ---------------------------------------------------------------------------------------------


def elevation_pdf(data: ShowDocumentData, *, paper: Paper = "A4", scale: int = DEFAULT_SCALE) -> bytes:
    """Every wall at 1:scale: works with their thumbnails and numbers, openings hatched, centre line, dimensions."""
    sheets = elevation_sheets(data, paper=paper, scale=scale)
    return _render(
        "exhibitions/show/pdf/elevation.html",
        {
            "sheets": [_elevation_context(sheet) for sheet in sheets],
            "scale": scale,
            "serif": font_stack("Literata"),
            "sans": f"'{SVG_FAMILY}'",
        },
        data=data,
        paper=paper,
        landscape=True,
    )


def _elevation_context(sheet: ElevationSheet) -> dict:
    s = sheet.scale
    centre_lines = sorted({p.centre_y_mm for p in sheet.layout.placements})
    return {
        "sheet": sheet,
        "view_box": f"{sheet.start_mm} 0 {sheet.end_mm - sheet.start_mm} {sheet.svg_height}",
        "floor_y": sheet.drawn_height_mm,
        "wall_height": sheet.drawn_height_mm,
        "cut": sheet.drawn_height_mm < sheet.layout.wall.height_mm,
        "centre_lines": [{"y": sheet.y(c), "text_y": sheet.y(c) - 1 * s, "mm": c} for c in centre_lines],
        "works": [
            {
                "x": w.placement.left_mm,
                "y": sheet.y(w.placement.bottom_mm + w.placement.height_mm),
                "width": w.placement.width_mm,
                "height": w.placement.height_mm,
                "x2": w.placement.left_mm + w.placement.width_mm,
                "y2": sheet.y(w.placement.bottom_mm),
                "centre_x": w.placement.centre_x_mm,
                "image": w.image_box,
                "src": _image_src(w.row.thumbnail) if w.row and w.row.exhibition_allowed else "",
                "number": w.row.number if w.row else "",
                "blocked": bool(w.row and not w.row.exhibition_allowed),
                "number_y": sheet.y(w.placement.bottom_mm) + 4 * s,
                "hook_y": sheet.y(w.placement.hook_mm),
            }
            for w in sheet.works
        ],
        "openings": [
            {
                "x": o.offset_mm,
                "y": sheet.y(o.bottom_mm + o.height_mm),
                "width": o.width_mm,
                "height": o.height_mm,
                "kind": OPENING_KINDS.get(o.kind, o.kind),
            }
            for o in sheet.openings
        ],
        # Text and strokes are sized on paper (millimetres × scale in the SVG's wall units).
        "font": 2.6 * s,
        "small": 2.1 * s,
        "stroke": 0.25 * s,
        "hook_r": 0.6 * s,
        "thin": 0.12 * s,
        "offsets_y": sheet.drawn_height_mm + 1 * s,
        "dimension_y": sheet.drawn_height_mm + 7 * s,
        "dimension_text_y": sheet.drawn_height_mm + 10.6 * s,
        "tick": 1.5 * s,
        "length_mm": sheet.layout.wall.length_mm,
        "mid_x": (sheet.start_mm + sheet.end_mm) / 2,
        "start_text_x": sheet.start_mm + 1 * s,
    }


def hanging_sheet_pdf(data: ShowDocumentData, *, paper: Paper = "A4") -> bytes:
    """Per wall, per work from left to right: its centre from the wall's left end and the hook's height, mm and in."""
    walls = []
    for layout in data.walls:
        rows = []
        for placement in sorted(layout.placements, key=lambda p: p.centre_x_mm):
            row = data.work(placement.work_id)
            rows.append(
                {
                    "placement": placement,
                    "row": row,
                    "centre_in": inches_text(placement.centre_x_mm),
                    "hook_in": inches_text(placement.hook_mm),
                    "frame": size_text((placement.width_mm, placement.height_mm)),
                    "drop": placement.bottom_mm + placement.height_mm - placement.hook_mm,
                }
            )
        walls.append({"layout": layout, "rows": rows, "length_in": inches_text(layout.wall.length_mm)})
    return _render("exhibitions/show/pdf/hanging.html", {"walls": walls}, data=data, paper=paper)


def checklist_pdf(data: ShowDocumentData, *, paper: Paper = "A4") -> bytes:
    """Every work in walking order; one without consent for exhibition stands out as blocked, with the reason."""
    rows = [
        {
            "row": row,
            "src": _image_src(row.thumbnail) if row.exhibition_allowed else "",
            "print_size": size_text(row.print_size_mm),
            "image_size": size_text(row.image_size_mm),
            "frame_size": size_text(row.frame_size_mm),
            "price": price_text(row),
        }
        for row in data.works
    ]
    blocked = _blocked(data.works, exhibition=True, printing=False)
    return _render("exhibitions/show/pdf/checklist.html", {"rows": rows, "blocked": blocked}, data=data, paper=paper)


LABEL_COLUMNS, LABEL_ROWS = 2, 4
LABEL_W_MM, LABEL_H_MM = 90.0, 60.0


def _qr_svg(url: str) -> str:
    # Error correction M: a label gets handled and scuffed; the URL stays short enough for a small code.
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def labels_pdf(data: ShowDocumentData, *, paper: Paper = "A4") -> bytes:
    """Wall labels, eight to a page between cut marks, with a QR code to the photo's page.

    A work whose consent lacks exhibition or print gets no label: it is listed first, as blocked, with the reason.
    """
    per_page = LABEL_COLUMNS * LABEL_ROWS
    paper_w, paper_h = PAPER_SIZES_MM[paper]
    grid_left = (paper_w - LABEL_COLUMNS * LABEL_W_MM) / 2
    grid_top = (paper_h - LABEL_ROWS * LABEL_H_MM) / 2
    labelled = [
        {
            "row": row,
            "qr": _qr_svg(row.public_url) if row.public_url else "",
            "left": grid_left + (i % LABEL_COLUMNS) * LABEL_W_MM,
            "top": grid_top + (i % per_page // LABEL_COLUMNS) * LABEL_H_MM,
        }
        for i, row in enumerate(row for row in data.works if row.label_allowed)
    ]
    pages = [labelled[i : i + per_page] for i in range(0, len(labelled), per_page)]
    grid_right, grid_bottom = grid_left + LABEL_COLUMNS * LABEL_W_MM, grid_top + LABEL_ROWS * LABEL_H_MM
    # Marks in the margins only, 2 mm clear of the labels, so a cut along them leaves no line on a label.
    cut_marks = [
        mark
        for x in (grid_left + i * LABEL_W_MM for i in range(LABEL_COLUMNS + 1))
        for mark in ((x, grid_top - 9, x, grid_top - 2), (x, grid_bottom + 2, x, grid_bottom + 9))
    ] + [
        mark
        for y in (grid_top + i * LABEL_H_MM for i in range(LABEL_ROWS + 1))
        for mark in ((grid_left - 9, y, grid_left - 2, y), (grid_right + 2, y, grid_right + 9, y))
    ]
    return _render(
        "exhibitions/show/pdf/labels.html",
        {
            "pages": pages,
            "blocked": _blocked(data.works, exhibition=True, printing=True),
            "paper_w": paper_w,
            "paper_h": paper_h,
            "label_w": LABEL_W_MM,
            "label_h": LABEL_H_MM,
            "cut_marks": cut_marks,
        },
        data=data,
        paper=paper,
    )


def price_list_pdf(data: ShowDocumentData, *, paper: Paper = "A4") -> bytes:
    """Number, title, edition and price of every work that may be shown and sold as a print; the blocked ones apart."""
    rows = [{"row": row, "price": price_text(row)} for row in data.works if row.label_allowed]
    blocked = _blocked(data.works, exhibition=True, printing=True)
    return _render("exhibitions/show/pdf/prices.html", {"rows": rows, "blocked": blocked}, data=data, paper=paper)


def print_order_pdf(data: ShowDocumentData, *, paper: Paper = "A4", min_ppi: int = DEFAULT_MIN_PPI) -> bytes:
    """The files to print at their sizes, each with the resolution its original gives; under min_ppi, a warning.

    A work whose consent lacks print is not ordered: it is listed first, as blocked, with the reason.
    """
    rows = []
    for row in data.works:
        if not row.print_allowed:
            continue
        ppi = print_ppi(row)
        rows.append(
            {
                "row": row,
                "print_size": size_text(row.print_size_mm),
                "image_size": size_text(row.image_size_mm),
                "pixels": f"{row.original_px[0]} × {row.original_px[1]}" if row.original_px else "",
                "ppi": ppi,
                "low": ppi is not None and ppi < min_ppi,
            }
        )
    blocked = _blocked(data.works, exhibition=False, printing=True)
    low = sum(1 for r in rows if r["low"])
    return _render(
        "exhibitions/show/pdf/print_order.html",
        {"rows": rows, "blocked": blocked, "min_ppi": min_ppi, "low_count": low},
        data=data,
        paper=paper,
    )
