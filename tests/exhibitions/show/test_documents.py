"""The physical show's PDFs read back: geometry at scale, hanging numbers, Kazakh and Russian, our fonts, consent."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from PIL import Image

from exhibitions.show import documents
from exhibitions.show.layout import OpeningSpec, Placement, WallLayout, WallSpec
from exhibitions.show.sheets import ShowDocumentData, WorkRow

PT_PER_MM = 72 / 25.4


def mm(points: float) -> float:
    return points / PT_PER_MM


def thumbnail(path: Path, colour: str) -> str:
    Image.new("RGB", (60, 40), colour).save(path)
    return str(path)


def placement(work_id: int, *, left: int, width: int, height: int, drop: int, centre_line: int = 1450) -> Placement:
    return Placement(
        work_id=work_id,
        centre_x_mm=left + width // 2,
        centre_y_mm=centre_line,
        left_mm=left,
        width_mm=width,
        bottom_mm=centre_line - height // 2,
        height_mm=height,
        hook_mm=centre_line + height // 2 - drop,
    )


NORTH = WallSpec(
    id=1,
    name="Солтүстік қабырға",
    length_mm=6000,
    height_mm=3000,
    openings=(OpeningSpec(kind="door", offset_mm=4500, width_mm=900, bottom_mm=0, height_mm=2100),),
)
EAST = WallSpec(id=2, name="Шығыс қабырға", length_mm=3000, height_mm=3000)


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("show")
    walls = [
        WallLayout(
            wall=NORTH,
            placements=[
                placement(1, left=400, width=500, height=700, drop=80),
                placement(2, left=1300, width=700, height=500, drop=60),
                placement(3, left=2500, width=400, height=400, drop=50),
            ],
        ),
        WallLayout(wall=EAST, placements=[placement(4, left=1250, width=500, height=500, drop=40)]),
    ]
    works = [
        WorkRow(
            work_id=1,
            number="1",
            title="Төзім мен ынтымақ",
            caption="Гүлнара, Алматы, 2025",
            credit="Фото: Айгерім",
            image_size_mm=(300, 450),
            print_size_mm=(400, 500),
            frame_size_mm=(500, 700),
            edition="1/5",
            price=Decimal("250000"),
            currency="₸",
            thumbnail=thumbnail(folder / "1.png", "red"),
            public_url="https://example.org/kk/e/market/1/",
            original_px=(4000, 6000),
            file_name="DSC_0001.jpg",
        ),
        WorkRow(
            work_id=2,
            number="2",
            title="Стойкость",
            caption="Базар, quote «Стойкость»",
            image_size_mm=(600, 400),
            frame_size_mm=(700, 500),
            thumbnail=thumbnail(folder / "2.png", "blue"),
            public_url="https://example.org/kk/e/market/2/",
            original_px=(3000, 2000),
            file_name="DSC_0002.jpg",
        ),
        WorkRow(
            work_id=3,
            number="3",
            title="Таңғы базар",
            thumbnail=thumbnail(folder / "3.png", "green"),
            print_allowed=False,
            print_refusal="Consent covers the web only, not print",
            public_url="https://example.org/kk/e/market/3/",
            original_px=(2000, 2000),
            image_size_mm=(300, 300),
            file_name="DSC_0003.jpg",
        ),
        WorkRow(
            work_id=4,
            number="4",
            title="Нұрлан",
            thumbnail=thumbnail(folder / "4.png", "black"),
            exhibition_allowed=False,
            exhibition_refusal="Nurlan withdrew consent to exhibitions",
            public_url="https://example.org/kk/e/market/4/",
            original_px=(6000, 4000),
            image_size_mm=(300, 200),
            file_name="DSC_0004.jpg",
        ),
    ]
    kk = ShowDocumentData(title="Базар", language="kk", walls=walls, works=works, venue="Галерея")
    ru = ShowDocumentData(title="Рынок", language="ru", walls=walls, works=works)
    # English where a test reads our own interface words, which the catalogues will translate.
    en = ShowDocumentData(title="Bazaar", language="en", walls=walls, works=works)
    return {
        "elevation": documents.elevation_pdf(kk),
        "hanging": documents.hanging_sheet_pdf(kk),
        "checklist": documents.checklist_pdf(en),
        "labels": documents.labels_pdf(kk),
        "labels_ru_letter": documents.labels_pdf(ru, paper="Letter"),
        "prices": documents.price_list_pdf(en, paper="Letter"),
        "print_order": documents.print_order_pdf(en),
    }


def read(pdf: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    with read(pdf) as doc:
        return "\n".join(page.extract_text() for page in doc.pages)


def words(pdf: bytes) -> str:
    return " ".join(text(pdf).split())


def rects_mm(page: pdfplumber.page.Page) -> list[dict]:
    return [
        {"x": mm(r["x0"]), "bottom": mm(r["bottom"]), "width": mm(r["width"]), "height": mm(r["height"])}
        for r in page.rects
    ]


def find_rect(rects: list[dict], *, width: float, height: float) -> dict:
    found = [r for r in rects if abs(r["width"] - width) < 0.5 and abs(r["height"] - height) < 0.5]
    assert len(found) == 1, (width, height, rects)
    return found[0]


def test_elevation_draws_the_wall_its_works_and_its_door_at_1_to_20(show: dict) -> None:
    with read(show["elevation"]) as doc:
        rects = rects_mm(doc.pages[0])
    wall = find_rect(rects, width=6000 / 20, height=3000 / 20)  # 300 × 150 mm on paper
    expected = [  # (left, bottom above the floor, width, height) in wall millimetres, from the placements
        (400, 1100, 500, 700),
        (1300, 1200, 700, 500),
        (2500, 1250, 400, 400),
        (4500, 0, 900, 2100),  # the door
    ]
    for left, bottom, width, height in expected:
        rect = find_rect(rects, width=width / 20, height=height / 20)
        assert rect["x"] - wall["x"] == pytest.approx(left / 20, abs=0.5)
        assert wall["bottom"] - rect["bottom"] == pytest.approx(bottom / 20, abs=0.5)


def test_elevation_keeps_the_scale_and_splits_a_wall_longer_than_the_page(show: dict) -> None:
    with read(show["elevation"]) as doc:
        assert len(doc.pages) == 3  # the 6 m wall on two landscape A4 pages, the 3 m wall on one
        first, second, east = (page.extract_text() for page in doc.pages)
        east_rects = rects_mm(doc.pages[2])
        assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((297 * PT_PER_MM, 210 * PT_PER_MM), abs=1)
    # A Kazakh document: the stretch each page shows, in Kazakh millimetres.
    assert "0–5500 мм" in first
    assert "5500–6000 мм" in second
    assert "Шығыс қабырға" in east
    wall = find_rect(east_rects, width=3000 / 20, height=3000 / 20)
    work = find_rect(east_rects, width=500 / 20, height=500 / 20)
    assert work["x"] - wall["x"] == pytest.approx(1250 / 20, abs=0.5)


def test_hanging_sheet_gives_centre_and_hook_in_mm_and_sixteenths_of_an_inch(show: dict) -> None:
    hanging = words(show["hanging"])
    # 650 mm = 25.59 in → 25 9/16; 1720 mm (1450 + 700/2 − 80) = 67.72 in → 67 11/16
    assert "650 25 9/16″ 1720 67 11/16″" in hanging
    # 1650 mm = 64.96 in → 64 15/16; 1640 mm (1450 + 250 − 60) = 64.57 in → 64 9/16
    assert "1650 64 15/16″ 1640 64 9/16″" in hanging
    # 2700 mm = 106.30 in → 106 5/16; 1600 mm (1450 + 200 − 50) = 62.99 in → 63
    assert "2700 106 5/16″ 1600 63″" in hanging
    assert "1500 59 1/16″ 1660 65 3/8″" in hanging  # the east wall's work


def test_labels_print_kazakh_and_russian_exactly(show: dict) -> None:
    for name in ("labels", "labels_ru_letter"):
        labels = text(show[name])
        assert "Төзім мен ынтымақ" in labels
        assert "Гүлнара, Алматы, 2025" in labels
        assert "Стойкость" in labels
        # Latin and Cyrillic side by side: one subset's glyphs never stand in for another's
        assert "Базар, quote «Стойкость»" in labels


def test_every_document_embeds_only_our_fonts(show: dict) -> None:
    for name, pdf in show.items():
        with read(pdf) as doc:
            names = {char["fontname"] for page in doc.pages for char in page.chars}
            fonts = [
                resolve1(font) for page in doc.pages for font in resolve1(page.page_obj.resources["Font"]).values()
            ]
        assert names, name
        assert all(re.fullmatch(r"[A-Z]{6}\+(Literata|Inter)-[\w-]+", font_name) for font_name in names), (name, names)
        for font in fonts:
            descendant = resolve1(resolve1(font["DescendantFonts"])[0]) if "DescendantFonts" in font else font
            descriptor = resolve1(descendant["FontDescriptor"])
            assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), (name, font["BaseFont"])


def test_a_work_without_consent_gets_no_label_and_its_reason_is_printed(show: dict) -> None:
    with read(show["labels"]) as doc:
        blocked_page, *label_pages = (" ".join(page.extract_text().split()) for page in doc.pages)
    assert "Nurlan withdrew consent to exhibitions" in blocked_page
    assert "Consent covers the web only, not print" in blocked_page
    assert all("Нұрлан" not in page and "Таңғы базар" not in page for page in label_pages)
    assert "Төзім мен ынтымақ" in label_pages[0]


def test_checklist_shows_the_blocked_work_as_blocked_without_its_photo(show: dict) -> None:
    checklist = words(show["checklist"])
    assert "Blocked, not to be hung: Nurlan withdrew consent to exhibitions" in checklist
    with read(show["checklist"]) as doc:
        page = doc.pages[0]
        print_column, exhibition_column = sorted(
            (w for w in page.extract_words() if w["text"] == "Consent:"), key=lambda w: w["x0"]
        )
        cell = page.within_bbox(
            (print_column["x0"] - 1, print_column["bottom"], exhibition_column["x0"] - 1, page.height)
        )
        assert "no: Consent covers the web only, not print" in " ".join(cell.extract_text().split())
        assert sum(len(page.images) for page in doc.pages) == 3  # works 1–3, not Nurlan's


def test_print_order_warns_under_240_ppi_and_leaves_out_a_work_without_print_consent(show: dict) -> None:
    order = words(show["print_order"])
    # 3000 px over 600 mm (23.6 in) = 127 ppi; 6000 px over 450 mm (17.7 in) = 338 ppi
    assert "3000 × 2000 127 under 240" in order
    assert "4000 × 6000 338" in order and "338 under" not in order
    assert "1 file gives less than 240 ppi" in order
    assert "Consent covers the web only, not print" in order
    assert "DSC_0003.jpg" not in order


def test_price_list_on_letter_paper(show: dict) -> None:
    with read(show["prices"]) as doc:
        assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((612, 792), abs=1)
    prices = words(show["prices"])
    assert "1 Төзім мен ынтымақ 1/5 250 000 ₸" in prices
    assert "Nurlan withdrew consent to exhibitions" in prices


def test_labels_fit_a4_and_letter(show: dict) -> None:
    with read(show["labels"]) as a4, read(show["labels_ru_letter"]) as letter:
        assert (a4.pages[-1].width, a4.pages[-1].height) == pytest.approx((595.3, 841.9), abs=1)
        assert (letter.pages[-1].width, letter.pages[-1].height) == pytest.approx((612, 792), abs=1)
