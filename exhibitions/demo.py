"""The demo exhibition: photos drawn on the spot with Pillow (nothing downloaded), two demo users, one show."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from PIL import Image, ImageDraw, ImageFilter

from curation import credits, roles, services, sharing
from curation.models import Photo
from exhibitions import publishing, sequencing
from exhibitions import services as exhibition_services
from exhibitions.models import Exhibition

DEMO_SLUG = "resilience-and-community"
DEMO_PASSWORD = "demo-photos-2026"  # noqa: S105 - printed on purpose: a local demo account
PHOTOGRAPHER = "aigerim"
PHOTOGRAPHER_CREDIT = "Aigerim Bekova (demo)"
CURATOR = "daniyar"


@dataclass(frozen=True)
class DemoPlate:
    seed: int
    title: str
    caption: str
    alt: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
    scene: str


PLATES = [
    DemoPlate(
        1,
        "Before the gates open",
        "Green Bazaar, 6:40 in the morning.",
        "Mountains at dawn over the roofs of a market, the sky turning from violet to orange.",
        ((58, 44, 92), (238, 140, 86), (40, 34, 48)),
        "mountains",
    ),
    DemoPlate(
        2,
        "The fruit seller",
        "Apples from her own garden in Talgar, thirty years at the same stall.",
        "A market stall piled with red and yellow apples under a striped awning.",
        ((196, 46, 40), (238, 196, 70), (92, 120, 60)),
        "fruit",
    ),
    DemoPlate(
        3,
        "Felt, by hand",
        "A young mother sells the slippers she makes at night.",
        "Rows of brightly coloured felt slippers laid out on a blanket.",
        ((40, 92, 140), (220, 90, 60), (240, 210, 160)),
        "rows",
    ),
    DemoPlate(
        4,
        "The bench",
        "Married fifty-two years; they come every Sunday.",
        "Two figures on a park bench under tall poplar trees.",
        ((60, 98, 70), (200, 190, 150), (30, 36, 32)),
        "bench",
    ),
    DemoPlate(
        5,
        "Afternoon light",
        "Dust and light between the rows.",
        "Shafts of warm light falling across a covered market aisle.",
        ((120, 80, 40), (250, 210, 140), (30, 22, 16)),
        "light",
    ),
    DemoPlate(
        6,
        "Closing time",
        "Awnings come down as the mountains turn blue.",
        "Evening over the market roofs with blue mountains behind.",
        ((30, 50, 96), (200, 120, 140), (16, 20, 36)),
        "mountains",
    ),
]

STATEMENT = (
    "Every morning before the gates of the Green Bazaar open, the people who keep it alive are already at work.\n\n"
    "This exhibition follows a few of them through one season: the fruit seller who has worked the same stall for "
    "thirty years, a young mother who sells the felt slippers she makes at night, an elderly couple who meet "
    "their friends on the same bench every Sunday. It is about resilience, and about the small acts of "
    "community that a market makes possible."
)


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    strip = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        strip.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return strip.resize(size, Image.Resampling.BICUBIC)


def draw_plate(plate: DemoPlate, size: tuple[int, int] = (2400, 1600)) -> Image.Image:
    """A painterly, camera-sized picture for a demo plate: deterministic for its seed."""
    rng = random.Random(plate.seed)
    w, h = size
    sky, glow, ground = plate.palette
    image = _gradient(size, sky, glow)
    draw = ImageDraw.Draw(image)
    if plate.scene == "mountains":
        draw.ellipse((w * 0.68, h * 0.18, w * 0.76, h * 0.18 + w * 0.08), fill=(255, 226, 170))
        haze = tuple(round(0.55 * g + 0.45 * s) for g, s in zip(glow, sky, strict=True))
        for layer in range(4):
            # Far ridges take the colour of the sky; near ones darken, as air does to distance.
            t = 0.25 + 0.25 * layer
            shade = tuple(round(h * (1 - t) + c * 0.25 * t) for h, c in zip(haze, sky, strict=True))
            base = h * (0.45 + 0.12 * layer)
            points = [(0, h)]
            for x in range(0, w + 60, 60):
                peak = math.sin(x / (180 + 60 * layer) + layer) * h * 0.08 + rng.uniform(-h * 0.02, h * 0.02)
                points.append((x, base - peak - (h * 0.12 if layer == 0 else 0)))
            points.append((w, h))
            draw.polygon(points, fill=shade)
    elif plate.scene == "fruit":
        draw.rectangle((0, h * 0.55, w, h), fill=ground)
        for i in range(0, w, 140):
            draw.rectangle((i, 0, i + 70, h * 0.18), fill=(240, 236, 228))
        for _ in range(900):
            r = rng.randint(28, 52)
            x, y = rng.randint(0, w), rng.randint(int(h * 0.45), h)
            colour = sky if rng.random() < 0.6 else glow
            colour = tuple(min(255, max(0, c + rng.randint(-30, 30))) for c in colour)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    elif plate.scene == "rows":
        draw.rectangle((0, h * 0.3, w, h), fill=glow)
        for row in range(5):
            for col in range(12):
                x, y = 120 + col * 185, h * 0.36 + row * 210
                colour = (sky, ground, (160, 40, 60), (30, 120, 110))[(row + col) % 4]
                draw.rounded_rectangle((x, y, x + 150, y + 170), radius=60, fill=colour)
    elif plate.scene == "bench":
        for _ in range(14):
            x = rng.randint(0, w)
            draw.rectangle((x, 0, x + rng.randint(18, 40), h * 0.75), fill=ground)
            draw.ellipse((x - 160, -80, x + 180, h * 0.55), fill=tuple(round(c * 0.8) for c in sky))
        draw.rectangle((0, h * 0.75, w, h), fill=glow)
        draw.rectangle((w * 0.35, h * 0.66, w * 0.65, h * 0.69), fill=(70, 50, 36))
        draw.rectangle((w * 0.35, h * 0.58, w * 0.65, h * 0.6), fill=(70, 50, 36))
        for cx in (0.45, 0.55):
            draw.ellipse((w * cx - 40, h * 0.47, w * cx + 40, h * 0.53), fill=ground)
            draw.rounded_rectangle((w * cx - 60, h * 0.53, w * cx + 60, h * 0.68), radius=30, fill=ground)
    elif plate.scene == "light":
        image = _gradient(size, ground, sky)
        draw = ImageDraw.Draw(image)
        for i in range(7):
            x = w * 0.1 + i * w * 0.13
            draw.polygon([(x, 0), (x + 90, 0), (x + 420, h), (x + 200, h)], fill=glow)
        image = image.filter(ImageFilter.GaussianBlur(24))
        draw = ImageDraw.Draw(image)
        for i in range(0, w, 300):
            draw.rectangle((i, h * 0.7, i + 200, h), fill=ground)
    # Film grain: real photos are never flat, and encoders should be shown honest work.
    noise = Image.effect_noise((w // 4, h // 4), 18).resize(size).convert("RGB")
    return Image.blend(image, noise, 0.06)


def _jpeg_with_exif(image: Image.Image, plate: DemoPlate) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Fujifilm"  # Make
    exif[0x0110] = "X100V"  # Model
    exif[0x0131] = "curation demo"
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = f"2026:05:{10 + plate.seed:02d} {6 + plate.seed * 2:02d}:40:00"  # DateTimeOriginal
    exif_ifd[0x829A] = (1, 250)  # ExposureTime
    exif_ifd[0x829D] = (28, 10)  # FNumber
    exif_ifd[0x8827] = 400  # ISO
    exif_ifd[0x920A] = (23, 1)  # FocalLength
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def _user(username: str, role: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = roles.user_create(username=username, password=DEMO_PASSWORD, role=role)
    return user


def demo_load() -> tuple[Exhibition, bool]:
    """Create the demo users, photos and published exhibition once (the photographer shares her whole library
    with the curator); later calls find them and return."""
    roles.roles_ensure()
    photographer = _user(PHOTOGRAPHER, roles.PHOTOGRAPHERS)
    curator = _user(CURATOR, roles.CURATORS)
    # Before the early return, so a demo loaded before libraries were shared gets its share too.
    sharing.library_share_grant(owner=photographer, curator=curator)
    # Public captions credit the name she chose, never her login name; a demo loaded before gets one too.
    if not credits.credit_name_chosen(photographer):
        credits.credit_name_set(user=photographer, credit_name=PHOTOGRAPHER_CREDIT)
    existing = Exhibition.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False

    photos: list[Photo] = []
    for plate in PLATES:
        data = _jpeg_with_exif(draw_plate(plate), plate)
        result = services.photo_create(
            owner=photographer, upload=io.BytesIO(data), filename=f"DSCF{1000 + plate.seed}.JPG"
        )
        photo = result.photo
        photo.title, photo.caption, photo.alt_text, photo.place_name = plate.title, plate.caption, plate.alt, "Almaty"
        photo.save(update_fields=["title", "caption", "alt_text", "place_name"])
        photos.append(photo)

    with transaction.atomic():
        exhibition = exhibition_services.exhibition_create(
            owner=curator,
            title="Resilience and community",
            subtitle="A season at the Green Bazaar, Almaty",
            statement=STATEMENT,
            credits="Photographs by Aigerim (demo). Sequenced by Daniyar (demo).",
            slug=DEMO_SLUG,
        )
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos[:3])
        sequencing.exhibition_text_panel_append(
            exhibition=exhibition, text="“The market is where the city remembers itself.”"
        )
        sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos[3:])
        publishing.exhibition_publish(exhibition=exhibition)
    return exhibition, True
