"""Test data: users in their roles, and photos drawn by Pillow (never binary fixtures)."""

from __future__ import annotations

import io
import itertools

from PIL import Image, ImageDraw

from curation import roles, services
from curation.models import Photo

_counter = itertools.count(1)


def user(role: str = roles.PHOTOGRAPHERS, username: str | None = None, password: str = "pass-word-123"):
    return roles.user_create(username=username or f"user{next(_counter)}", password=password, role=role)


def photographer(**kwargs):
    return user(roles.PHOTOGRAPHERS, **kwargs)


def curator(**kwargs):
    return user(roles.CURATORS, **kwargs)


def jpeg_bytes(
    size: tuple[int, int] = (1200, 800),
    colour: tuple[int, int, int] = (180, 90, 40),
    *,
    seed: int | None = None,
    gps: bool = False,
    camera: tuple[str, str] = ("Fujifilm", "X100V"),
    taken_at: str = "2026:05:14 07:12:30",
) -> bytes:
    """A JPEG with a few shapes (so every file differs by `seed`) and camera EXIF (`taken_at` as EXIF writes it),
    optionally with GPS. Frames of one default time form a burst when the library stacks them."""
    seed = next(_counter) if seed is None else seed
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w * 0.1, h * 0.1, w * 0.4, h * 0.5), fill=((seed * 37) % 256, (seed * 91) % 256, 200))
    draw.ellipse((w * 0.5, h * 0.3, w * 0.9, h * 0.9), fill=(30, 30, (seed * 53) % 256))
    if seed >= 256:
        # The colours above repeat every 256 seeds, and identical files share rendition names: keep later ones apart.
        draw.rectangle((0, h * 0.95, w, h), fill=((seed // 256 * 67) % 256, 128, (seed // 256 * 29) % 256))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = camera
    exif.get_ifd(0x8769)[0x9003] = taken_at
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 15.0, 30.0), 3: "E", 4: (76.0, 56.0, 45.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def photo(owner=None, *, data: bytes | None = None, filename: str = "IMG_0001.JPG", **fields) -> Photo:
    owner = owner or photographer()
    result = services.photo_create(owner=owner, upload=io.BytesIO(data or jpeg_bytes()), filename=filename)
    if fields:
        for name, value in fields.items():
            setattr(result.photo, name, value)
        result.photo.save(update_fields=list(fields))
    return result.photo


def processed_photo(owner=None, **kwargs) -> Photo:
    """A photo with every standard rendition made, by the same service the worker calls."""
    made = photo(owner, **kwargs)
    services.photo_renditions_ensure(photo_id=made.pk, specs=services.standard_specs())
    made.refresh_from_db()
    return made
