"""Common print sizes, and the printed form they suggest for a photo: image, mat, frame and hanger (no database)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Preset:
    """A paper size (portrait: width <= height), with the allowances a framer would start from.

    The image sits inside the paper leaving `border_mm` of paper on every side; the mat shows `mat_mm` around the
    image; the moulding adds `moulding_mm` outside the mat on every side. A starting point: the form's fields can be
    changed one by one afterwards.
    """

    key: str
    label: str
    print_w_mm: int
    print_h_mm: int
    border_mm: int = 15
    mat_mm: int = 50
    moulding_mm: int = 20
    depth_mm: int = 30


def _inches(w: float, h: float) -> tuple[int, int]:
    return round(w * MM_PER_INCH), round(h * MM_PER_INCH)


PRESETS: dict[str, Preset] = {
    preset.key: preset
    for preset in (
        Preset("a3", _("A3 (297 × 420 mm)"), 297, 420, mat_mm=50),
        Preset("a2", _("A2 (420 × 594 mm)"), 420, 594, mat_mm=75),
        Preset("30x40", _("30 × 40 cm"), 300, 400, mat_mm=50),
        Preset("40x50", _("40 × 50 cm"), 400, 500, mat_mm=60),
        Preset("50x70", _("50 × 70 cm"), 500, 700, mat_mm=75, moulding_mm=25),
        Preset("8x10in", _("8 × 10 in (203 × 254 mm)"), *_inches(8, 10), border_mm=10, mat_mm=40),
        Preset("11x14in", _("11 × 14 in (279 × 356 mm)"), *_inches(11, 14), mat_mm=50),
        Preset("16x20in", _("16 × 20 in (406 × 508 mm)"), *_inches(16, 20), mat_mm=60),
    )
}


def preset_form(preset: Preset, *, aspect: float | None = None) -> dict[str, int]:
    """A WorkForm's sizes from a preset, for a photo of `aspect` (width / height; None: the paper's own shape).

    The paper turns to the photo's orientation (landscape photo, landscape paper); the image is the largest of the
    photo's shape that fits inside the paper's border (rounded down to whole mm); the frame holds the image with its
    mat and the moulding, and at least the paper. The hanger drop starts at a sixth of the frame's height: a wire
    pulled taut usually rises to about there — measure it on the frame before hanging.
    """
    print_w, print_h = preset.print_w_mm, preset.print_h_mm
    if aspect is not None and aspect > 1:
        print_w, print_h = print_h, print_w
    room_w, room_h = print_w - 2 * preset.border_mm, print_h - 2 * preset.border_mm
    if aspect is None:
        image_w, image_h = room_w, room_h
    elif room_w / room_h > aspect:
        image_w, image_h = int(room_h * aspect), room_h
    else:
        image_w, image_h = room_w, int(room_w / aspect)
    frame_w = max(print_w, image_w + 2 * preset.mat_mm) + 2 * preset.moulding_mm
    frame_h = max(print_h, image_h + 2 * preset.mat_mm) + 2 * preset.moulding_mm
    return {
        "print_w_mm": print_w,
        "print_h_mm": print_h,
        "image_w_mm": image_w,
        "image_h_mm": image_h,
        "mat_mm": preset.mat_mm,
        "frame_w_mm": frame_w,
        "frame_h_mm": frame_h,
        "frame_depth_mm": preset.depth_mm,
        "hanger_drop_mm": round(frame_h / 6),
    }
