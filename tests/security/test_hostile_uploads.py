"""Hostile files through the real upload endpoint, as the upload page's script sends them (one file per request).

Each refusal is a 4xx JSON answer naming the file, stores nothing (no row, no file), and the next file of the
batch still goes in. What is accepted is only ever shown re-encoded; the original is a download, never inline.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from curation import services
from curation.models import Photo, UploadBatch
from tests import factories
from tests.support.security import Uploader, stored_files

pytestmark = pytest.mark.django_db


# --- Hostile files, drawn here -----------------------------------------------------------------------------


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def png_pixel_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A few hundred bytes that claim 3.6 gigapixels: the IHDR of a tiny PNG rewritten, its checksum fixed."""
    data = bytearray(png_bytes((8, 8)))
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13])))
    return bytes(data)


def jpeg_pixel_bomb() -> bytes:
    """A small JPEG whose frame header claims 65 000 x 65 000 pixels."""
    data = bytearray(factories.jpeg_bytes((64, 48)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65_000, 65_000)
    return bytes(data)


def gif_with_frames(count: int = 1500) -> bytes:
    frames = [Image.new("P", (4, 4), i % 256) for i in range(count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=20, optimize=False)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(buffer, "PDF")
    return buffer.getvalue()


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script>
<rect width="100" height="100" fill="red"/></svg>"""
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\nshowpage\n"
# A Photoshop header (version 1, 3 channels, 100 x 100, 8 bits, RGB) and nothing after it.
PSD = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 100, 100, 8, 3) + b"\x00" * 64


HOSTILE = {
    "pixel bomb (PNG)": png_pixel_bomb,
    "pixel bomb (JPEG)": jpeg_pixel_bomb,
    "GIF of 1500 frames": gif_with_frames,
    "JPEG cut in its header": lambda: factories.jpeg_bytes((800, 600))[:400],
    "HTML": lambda: HTML,
    "PDF": pdf_bytes,
    "SVG with a script": lambda: SVG,
    "PSD": lambda: PSD,
    "EPS": lambda: EPS,
    "random bytes": lambda: os.urandom(50_000),
    "empty": lambda: b"",
}


@pytest.fixture
def uploader():
    return Uploader(factories.photographer())


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_file_is_refused_by_name_stores_nothing_and_the_batch_goes_on(uploader, media_root, kind):
    before_files, before_rows = stored_files(media_root), Photo.objects.count()

    refused = uploader.send("IMG_0001.jpg", HOSTILE[kind]())

    assert 400 <= refused.status_code < 500, refused.content
    answer = refused.json()
    assert answer["status"] == "refused"
    assert answer["filename"] == "IMG_0001.jpg"
    assert answer["message"] and answer["photo_id"] is None
    assert Photo.objects.count() == before_rows
    assert stored_files(media_root) == before_files, "a refused file left something in storage"

    imported = uploader.send("IMG_0002.jpg", factories.jpeg_bytes((320, 240)))
    assert imported.status_code == 200 and imported.json()["status"] == "imported"
    assert Photo.objects.get().batch_id == uploader.batch


def test_refusals_say_what_is_wrong_in_words(uploader):
    words = {
        "pixel bomb (PNG)": "too many pixels",
        "GIF of 1500 frames": "too many frames",
        "JPEG cut in its header": "cut short",
        "PDF": "PDF",
        "empty": "empty",
    }
    for kind, expected in words.items():
        message = uploader.send("IMG_0001.jpg", HOSTILE[kind]()).json()["message"]
        assert expected.lower() in message.lower(), f"{kind}: {message}"


def test_a_jpeg_cut_in_its_pixels_is_kept_and_the_worker_says_it_is_cut_short(uploader):
    """Only decoding finds a cut in the pixel data, which the worker does; a check of the file's last bytes at upload
    would also refuse phones' motion photos, whose video follows the JPEG's end marker."""
    answer = uploader.send("IMG_0001.jpg", factories.jpeg_bytes((800, 600))[:6000]).json()
    assert answer["status"] == "imported"
    services.photo_renditions_ensure(photo_id=answer["photo_id"], specs=services.standard_specs())
    photo = Photo.objects.get(pk=answer["photo_id"])
    assert photo.status == Photo.Status.FAILED
    assert "cut short" in photo.failure_reason, photo.failure_reason
    assert not photo.renditions.exists()


def test_a_plain_form_batch_of_hostile_and_good_files_answers_each_and_keeps_the_good(media_root):
    """The upload page without JavaScript: one POST of many files."""
    user = factories.photographer()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf = client.get(reverse("curation:upload")).cookies[settings.CSRF_COOKIE_NAME].value
    files = [SimpleUploadedFile(f"{kind}.jpg", make()) for kind, make in list(HOSTILE.items())[:6]]
    files.append(SimpleUploadedFile("good.jpg", factories.jpeg_bytes((320, 240))))

    response = client.post(reverse("curation:upload"), {"files": files, "csrfmiddlewaretoken": csrf})

    assert response.status_code == 200
    page = response.content.decode()
    for kind in list(HOSTILE)[:6]:
        assert f"{kind}.jpg" in page.replace("&#x27;", "'")
    assert list(Photo.objects.values_list("original_filename", flat=True)) == ["good.jpg"]


# --- Accepted, but never served as it came --------------------------------------------------------------------


def test_a_png_with_html_appended_is_kept_but_only_shown_re_encoded(uploader, client):
    polyglot = png_bytes((200, 150)) + HTML
    answer = uploader.send("page.html", polyglot).json()
    assert answer["status"] == "imported"
    photo = Photo.objects.get(pk=answer["photo_id"])
    services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs())
    photo.refresh_from_db()

    # What pages show: re-encoded images without a byte of the HTML.
    renditions = list(photo.renditions.all())
    assert renditions
    for rendition in renditions:
        served = uploader.client.get(rendition.url)
        assert served.status_code == 200
        content = b"".join(served.streaming_content)
        assert b"<script" not in content and b"<html" not in content
        assert served["Content-Type"] in {"image/jpeg", "image/webp", "image/avif"}
        assert served["X-Content-Type-Options"] == "nosniff"

    # The original: to its owner only, as a download, never shown inline.
    original = uploader.client.get(reverse("curation:photo-original", args=[photo.pk]))
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    assert original["X-Content-Type-Options"] == "nosniff"
    assert original["Content-Type"] == "image/png", "the download is typed by its content, not by its name"
    assert b"".join(original.streaming_content) == polyglot, "the original is kept byte for byte"
    # Nobody reaches the original through the media URLs.
    assert client.get(f"/media/{photo.original.name}").status_code == 404
    assert uploader.client.get(f"/media/renditions/../private/{photo.original.name}").status_code == 404


# --- Names ---------------------------------------------------------------------------------------------------

MARKUP = '<img src=x onerror="alert(1)">.jpg'
NAMES = {
    "climbing out": ("../../../etc/passwd.jpg", "passwd.jpg"),
    "Windows path": ("..\\..\\boot.ini.jpg", "boot.ini.jpg"),
    "NUL": ("IMG\x00_0001.jpg", None),
    "right-to-left override": ("photo\u202egpj.exe", "photogpj.exe"),
    "300 characters": ("a" * 296 + ".jpg", None),
    "markup": (MARKUP, MARKUP),
}


@pytest.mark.parametrize("case", list(NAMES))
def test_a_hostile_file_name_is_only_a_label_and_is_escaped_everywhere(uploader, case):
    sent, label = NAMES[case]
    answer = uploader.send(sent, factories.jpeg_bytes((320, 240)))
    assert answer.status_code == 200, answer.content
    data = answer.json()
    photo = Photo.objects.get(pk=data["photo_id"])

    # The storage key is ours: under the owner's folder, no part of the name the browser gave.
    key = photo.original.name
    assert key.startswith(f"originals/{uploader.user.pk}/") and ".." not in key and "\x00" not in key
    assert "passwd" not in key and "onerror" not in key and "\u202e" not in key
    # The label: no path, no control or direction characters, at most 255 characters.
    assert "/" not in photo.original_filename and "\\" not in photo.original_filename
    assert "\x00" not in photo.original_filename and "\u202e" not in photo.original_filename
    assert len(photo.original_filename) <= 255
    if label is not None:
        assert photo.original_filename == label
    assert data["filename"] == photo.original_filename

    # Escaped in the JSON's consumers (the script sets textContent) and in every page that shows it.
    pages = [
        reverse("curation:library"),
        reverse("curation:photo", args=[photo.pk]),
        reverse("curation:loupe", args=[photo.pk]),
    ]
    for path in pages:
        html = uploader.client.get(path).content.decode()
        assert "<img src=x" not in html, path
        assert "\u202e" not in html, path
    status = uploader.client.get(reverse("curation:photos-status"), {"ids": photo.pk})
    assert status["Content-Type"] == "application/json"
    json.loads(status.content)


def test_two_photographers_uploading_img_0001_get_two_photos_and_two_files():
    same_bytes = factories.jpeg_bytes((320, 240))
    first, second = Uploader(factories.photographer()), Uploader(factories.photographer())
    a = first.send("IMG_0001.jpg", same_bytes).json()
    b = second.send("IMG_0001.jpg", same_bytes).json()

    assert a["status"] == b["status"] == "imported"
    photo_a, photo_b = Photo.objects.get(pk=a["photo_id"]), Photo.objects.get(pk=b["photo_id"])
    assert photo_a.pk != photo_b.pk
    assert photo_a.original.name != photo_b.original.name
    for photo in (photo_a, photo_b):
        with photo.original.open("rb") as stored:
            assert stored.read() == same_bytes
    # Each sees their own, and not the other's.
    assert first.client.get(reverse("curation:photo", args=[photo_b.pk])).status_code == 404
    assert second.client.get(reverse("curation:photo", args=[photo_a.pk])).status_code == 404


def test_a_tampered_owner_or_batch_field_on_an_upload_is_ignored():
    someone = factories.photographer()
    their_batch = UploadBatch.objects.create(owner=someone)
    uploader = Uploader(factories.photographer())
    answer = uploader.send("IMG_0001.jpg", factories.jpeg_bytes((320, 240)), owner=someone.pk, owner_id=someone.pk)
    photo = Photo.objects.get(pk=answer.json()["photo_id"])
    assert photo.owner == uploader.user

    tampered = uploader.client.post(
        reverse("curation:upload-file"),
        {"batch": their_batch.pk, "file": SimpleUploadedFile("IMG_0002.jpg", factories.jpeg_bytes((320, 240)))},
        HTTP_X_CSRFTOKEN=uploader.csrf,
        HTTP_ACCEPT="application/json",
    )
    photo = Photo.objects.get(pk=tampered.json()["photo_id"])
    assert photo.owner == uploader.user and photo.batch_id != their_batch.pk
