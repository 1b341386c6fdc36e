"""Files built to cost the upload request its CPU are refused at once, in words, and the work stops at a cap.

Each file is a flood of the smallest pieces its format allows (frames, sub-blocks, chunks, segments, pages,
boxes) or a bomb (compressed text, rationals), written here block by block. What the request spent opening it is
counted in reads of the file (curation.containers.Meter), never timed: the count stops at the cap, so a longer
file costs the same. bench/uploads.py times the same kinds of file at the size limit.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from curation import containers, imaging, services
from curation.models import Photo
from tests import factories

pytestmark = pytest.mark.django_db

UPLOAD_FILE = reverse("curation:upload-file")
JSON = {"accept": "application/json"}
TOO_MANY_FRAMES = "The file has too many frames; upload a single still image."
TOO_COMPLEX = "too many to check safely"


@pytest.fixture
def meters(monkeypatch) -> list[containers.Meter]:
    """Every meter a file is opened through, so a test can read what opening it cost."""
    made: list[containers.Meter] = []

    class Recording(containers.Meter):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(containers, "Meter", Recording)
    return made


@pytest.fixture
def photographer_client(client):
    client.force_login(factories.photographer())
    return client


def send(client, data: bytes, name: str = "IMG_0001.jpg"):
    return client.post(UPLOAD_FILE, {"file": SimpleUploadedFile(name, data)}, headers=JSON)


def refused(client, data: bytes) -> dict:
    response = send(client, data)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["status"] == "refused" and answer["photo_id"] is None
    return answer


# --- Files, written block by block ----------------------------------------------------------------------------


def gif(frames: bytes, *, size: tuple[int, int] = (1, 1), before: bytes = b"") -> bytes:
    """A GIF89a with a two-colour global palette, `before` (extensions) and then `frames`."""
    screen = b"GIF89a" + struct.pack("<HHBBB", *size, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    return screen + before + frames + b";"


def gif_frame(size: tuple[int, int] = (1, 1), data: bytes = b"\x02\x44\x01\x00") -> bytes:
    """A graphic control extension, an image descriptor, the LZW code size and `data` (sub-blocks, then 0)."""
    control = b"\x21\xf9\x04\x00\x01\x00\x00\x00"
    return control + b"\x2c" + struct.pack("<HHHHB", 0, 0, *size, 0) + b"\x02" + data


def gif_of_tiny_frames(count: int) -> bytes:
    return gif(gif_frame() * count)


def png(*chunks: bytes, size: tuple[int, int] = (8, 8)) -> bytes:
    """A PNG drawn by Pillow with `chunks` between its header and its pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "PNG")
    data = buffer.getvalue()
    after_header = 8 + 25
    return data[:after_header] + b"".join(chunks) + data[after_header:]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def jpeg(*segments: bytes) -> bytes:
    """A small JPEG drawn by Pillow with `segments` right after its start marker."""
    data = factories.jpeg_bytes((64, 48))
    return data[:2] + b"".join(segments) + data[2:]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def tiff(pages: int = 1, *, extra: tuple[tuple[int, int, int, bytes], ...] = ()) -> bytes:
    """A little-endian TIFF of `pages` 1x1 grey pages sharing one pixel; the first page carries `extra` entries
    (tag, type, count, value bytes)."""
    pixel = 8
    first = 10  # after the header and the pixel (word-aligned)
    entries = [(256, 4, 1, 1), (257, 4, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1)]
    entries += [(273, 4, 1, pixel), (277, 3, 1, 1), (278, 4, 1, 1), (279, 4, 1, 1), (284, 3, 1, 1)]
    out = bytearray(b"II*\x00" + struct.pack("<I", first) + b"\x80\x00")
    blobs_at = first + 2 + 12 * (len(entries) + len(extra)) + 4
    blobs = bytearray()
    table = []
    for tag, kind, count, value in extra:
        table.append(struct.pack("<HHII", tag, kind, count, blobs_at + len(blobs)))
        blobs += value
    table += [struct.pack("<HHII", *entry) for entry in entries]
    table.sort(key=lambda entry: struct.unpack_from("<H", entry)[0])
    directory_size = 2 + 12 * len(entries) + 4
    rest_at = blobs_at + len(blobs)
    out += struct.pack("<H", len(table)) + b"".join(table)
    out += struct.pack("<I", rest_at if pages > 1 else 0) + blobs
    for page in range(1, pages):
        following = rest_at + page * directory_size if page + 1 < pages else 0
        out += struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *entry) for entry in entries)
        out += struct.pack("<I", following)
    return bytes(out)


def riff(*chunks: bytes) -> bytes:
    body = b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def webp_chunks(frames: int = 2) -> list[bytes]:
    """The chunks of a lossless animated WebP of `frames` 1x1 frames, as Pillow writes them."""
    buffer = io.BytesIO()
    images = [Image.new("RGB", (1, 1), (i * 40 % 256, 0, 0)) for i in range(frames)]
    images[0].save(buffer, "WEBP", save_all=True, append_images=images[1:], lossless=True, duration=10)
    data, position, chunks = buffer.getvalue(), 12, []
    while position < len(data):
        size = struct.unpack_from("<I", data, position + 4)[0]
        chunks.append(data[position : position + 8 + size + (size & 1)])
        position += 8 + size + (size & 1)
    return chunks


def avif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 30)).save(buffer, "AVIF")
    return buffer.getvalue()


def open_cost(meters: list[containers.Meter]) -> int:
    """Reads made opening the last file opened."""
    return meters[-1].reads


# --- Frames: the walk stops at the cap -------------------------------------------------------------------------


def test_a_gif_of_a_million_frames_is_refused_for_its_frames_after_walking_a_thousand(photographer_client, meters):
    answer = refused(photographer_client, gif_of_tiny_frames(1_000_000))  # 22 MB

    assert answer["message"] == TOO_MANY_FRAMES and answer["code"] == "too_many_frames"
    a_million = open_cost(meters)
    refused(photographer_client, gif_of_tiny_frames(2_000))
    assert open_cost(meters) == a_million, "the walk went past the cap"
    assert a_million < 20_000, "eleven reads a frame, for the 1001 frames needed"
    assert not Photo.objects.exists()


def test_a_gif_of_exactly_the_frame_limit_is_imported_and_one_more_is_refused(photographer_client):
    assert imaging.probe(io.BytesIO(gif_of_tiny_frames(1000))).frames == 1000
    assert send(photographer_client, gif_of_tiny_frames(1000), "1000.gif").json()["status"] == "imported"

    assert refused(photographer_client, gif_of_tiny_frames(1001))["message"] == TOO_MANY_FRAMES


def test_an_animation_within_the_pixel_budget_is_counted_exactly_and_a_longer_one_is_refused_for_its_pixels():
    big_frame = gif_frame((2000, 1000))  # 2 MP a frame: 60 fit in the 120 MP budget
    assert imaging.probe(io.BytesIO(gif(big_frame * 60, size=(2000, 1000))), max_pixels=120_000_000).frames == 60

    with pytest.raises(imaging.ImageRefused) as refusal:
        imaging.probe(io.BytesIO(gif(big_frame * 500, size=(2000, 1000))), max_pixels=120_000_000)
    assert refusal.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda pages: tiff(pages), id="TIFF pages"),
        pytest.param(lambda frames: riff(*webp_chunks(2)[:-1], *webp_chunks(2)[-1:] * frames), id="WebP frames"),
        pytest.param(lambda frames: png(png_chunk(b"acTL", struct.pack(">II", frames, 0))), id="APNG declaring frames"),
    ],
)
def test_pages_and_frames_past_the_cap_are_refused_for_their_number_at_the_same_cost(photographer_client, meters, make):
    assert refused(photographer_client, make(1_001))["message"] == TOO_MANY_FRAMES
    at_the_cap = open_cost(meters)
    assert refused(photographer_client, make(20_000))["message"] == TOO_MANY_FRAMES
    assert open_cost(meters) == at_the_cap


def test_animations_and_pages_within_the_limit_are_imported_and_made_from_their_first_frame(photographer_client):
    files = {
        "three.gif": gif(gif_frame() * 3),
        "three.tif": tiff(3),
        "five.webp": riff(*webp_chunks(5)),
    }
    for name, data in files.items():
        answer = send(photographer_client, data, name).json()
        assert answer["status"] == "imported", (name, answer)
        services.photo_renditions_ensure(photo_id=answer["photo_id"], specs=services.standard_specs())
        assert Photo.objects.get(pk=answer["photo_id"]).status == Photo.Status.READY, name
    assert imaging.probe(io.BytesIO(files["three.tif"])).frames == 3
    assert imaging.probe(io.BytesIO(files["five.webp"])).frames == 5


# --- Pieces: floods of the smallest ones a format allows ---------------------------------------------------------

# Each builds a file of `n` of the smallest pieces its format allows, with `n` past any cap.
FLOODS = {
    # 2 bytes a sub-block, in one frame.
    "GIF frame of 1-byte sub-blocks": lambda n: gif(gif_frame((100, 100), b"\x01\x00" * n + b"\x00")),
    # A comment before the first frame: Pillow keeps each sub-block.
    "GIF comment of 1-byte sub-blocks": lambda n: gif(gif_frame(), before=b"\x21\xfe" + b"\x01a" * n + b"\x00"),
    "GIF of extensions": lambda n: gif(gif_frame(), before=b"\x21\xf9\x04\x00\x01\x00\x00\x00" * (n // 2)),
    "PNG of empty chunks": lambda n: png(*[png_chunk(b"ruSt", b"")] * (n // 100)),
    "PNG of text chunks": lambda n: png(*(png_chunk(b"tEXt", b"k%d\x00" % i) for i in range(n // 100))),
    "JPEG of empty comments": lambda n: jpeg(b"\xff\xfe\x00\x02" * (n // 10)),
    "JPEG of junk between segments": lambda n: jpeg(jpeg_segment(0xFFFE, b"x"), bytes(n // 5)),
    "TIFF directory of many entries": lambda n: tiff(extra=tuple((30_000 + i, 1, 1, b"") for i in range(n // 200))),
    "WebP of empty chunks": lambda n: riff(*webp_chunks(2), b"ZZZZ\x00\x00\x00\x00" * (n // 50)),
    "WebP frame of alpha chunks": lambda n: riff(
        b"ANMF" + struct.pack("<I", 16 + n // 5) + bytes(16) + b"ALPH\x02\x00\x00\x00\x00\x00" * (n // 50)
    ),
    "AVIF of empty boxes": lambda n: avif_bytes() + b"\x00\x00\x00\x08free" * (n // 50),
}


@pytest.mark.parametrize("kind", list(FLOODS))
def test_a_flood_of_tiny_pieces_is_refused_as_too_complex_and_a_longer_one_costs_no_more(
    photographer_client, meters, kind
):
    answer = refused(photographer_client, FLOODS[kind](400_000))

    assert answer["code"] == "too_complex", answer
    assert TOO_COMPLEX in answer["message"]
    cost = open_cost(meters)
    assert refused(photographer_client, FLOODS[kind](1_600_000))["code"] == "too_complex"
    assert open_cost(meters) == cost, "four times the pieces, more work: the walk is not capped"
    assert not Photo.objects.exists()


# --- Bombs: a few bytes that Pillow would expand ------------------------------------------------------------------

MEGABYTE_OF_ZEROS = zlib.compress(b"\x00" * 2**20, 9)  # 1 KB


def rationals(count: int) -> bytes:
    return struct.pack("<II", 72, 1) * count


BOMBS = {
    # Each decompresses to PngImagePlugin.MAX_TEXT_CHUNK (1 MB); with no key, Pillow counts none of it.
    "PNG of 1,000 compressed texts with no key": lambda: png(
        *[png_chunk(b"zTXt", b"\x00\x00" + MEGABYTE_OF_ZEROS)] * 1000
    ),
    "PNG of 1,000 colour profiles": lambda: png(*[png_chunk(b"iCCP", b"icc\x00\x00" + MEGABYTE_OF_ZEROS)] * 1000),
    # Pillow makes one Python object per rational of the resolution it reads while opening.
    "TIFF resolution of 500,000 rationals": lambda: tiff(extra=((282, 5, 500_000, rationals(500_000)),)),
    # And a tuple of every number of the tags it reads: here the chroma subsampling, as 2,000,000 signed bytes.
    "TIFF subsampling of 2,000,000 numbers": lambda: tiff(extra=((530, 6, 2_000_000, bytes(2_000_000)),)),
    "JPEG EXIF resolution of 200,000 rationals": lambda: jpeg_with_exif_resolution(200_000),
    "JPEG of 100 frame headers": lambda: jpeg(
        *[jpeg_segment(0xFFC0, b"\x08\x00\x10\x00\x10\x03" + bytes(60_000))] * 100
    ),
}


def jpeg_with_exif_resolution(count: int) -> bytes:
    """EXIF split over APP1 segments (Pillow joins them) whose XResolution holds `count` rationals, in a JPEG
    without JFIF density, so that Pillow reads its resolution from the EXIF while opening."""
    directory = struct.pack("<H", 2) + struct.pack("<HHII", 0x011A, 5, count, 8 + 2 + 24 + 4)
    directory += struct.pack("<HHI", 0x0128, 3, 1) + struct.pack("<HH", 2, 0) + struct.pack("<I", 0)
    exif = b"II*\x00" + struct.pack("<I", 8) + directory + rationals(count)
    segments = [jpeg_segment(0xFFE1, b"Exif\x00\x00" + exif[i : i + 65_000]) for i in range(0, len(exif), 65_000)]
    plain = factories.jpeg_bytes((64, 48))
    jfif_end = 4 + struct.unpack_from(">H", plain, 4)[0]
    return plain[:2] + b"".join(segments) + plain[jfif_end:]


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_bomb_in_the_metadata_is_refused_before_pillow_expands_it(photographer_client, meters, kind):
    answer = refused(photographer_client, BOMBS[kind]())

    assert answer["code"] == "too_complex", answer
    if kind.startswith("PNG"):
        assert open_cost(meters) <= 301, "a hundred chunks, each inflated to 1 MB at most"


def test_a_pixel_bomb_is_refused_from_its_header_whatever_it_claims(photographer_client):
    data = bytearray(png(size=(8, 8)))
    data[16:24] = struct.pack(">II", 60_000, 60_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))

    answer = refused(photographer_client, bytes(data))
    assert answer["code"] == "too_many_pixels"


# --- What photos really carry is still welcome --------------------------------------------------------------------


def test_photos_with_heavy_but_real_metadata_are_imported(photographer_client):
    """A print profile split over 30 segments, EXIF, an extended XMP packet and a Photoshop block; a PNG with 40
    text chunks and a compressed profile; a TIFF with a big Photoshop layer block, which Pillow keeps as bytes."""
    profile = bytes(range(256)) * 7_500  # 1.9 MB, the size of the biggest CMYK print profiles
    icc = [
        jpeg_segment(0xFFE2, b"ICC_PROFILE\x00" + bytes([n + 1, 30]) + profile[n * 64_000 : (n + 1) * 64_000])
        for n in range(30)
    ]
    exif = Image.Exif()
    exif[0x010F] = "Fujifilm"
    xmp = [jpeg_segment(0xFFE1, b"http://ns.adobe.com/xmp/extension/\x00" + b"x" * 60_000)] * 20
    photoshop = jpeg_segment(
        0xFFED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", 50_000) + bytes(50_000)
    )
    files = {
        "print.jpg": jpeg(jpeg_segment(0xFFE1, b"Exif\x00\x00" + exif.tobytes()), *icc, *xmp, photoshop),
        "texts.png": png(
            png_chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(profile[:500_000])),
            *(png_chunk(b"tEXt", b"key%d\x00value" % i) for i in range(40)),
        ),
        "layers.tif": tiff(extra=((37724, 7, 3_000_000, bytes(3_000_000)),)),
    }
    for name, data in files.items():
        answer = send(photographer_client, data, name).json()
        assert answer["status"] == "imported", (name, answer)


# --- One bad file in a batch ------------------------------------------------------------------------------------


def test_a_form_post_of_hostile_files_among_photos_keeps_every_photo_and_says_why_for_each_other_file():
    """The upload page without JavaScript: one POST, many files; each hostile file is answered in words and every
    photo of the same request is kept."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.photographer())
    csrf = client.get(reverse("curation:upload")).cookies[settings.CSRF_COOKIE_NAME].value
    hostile = {
        "frames.gif": gif_of_tiny_frames(50_000),
        "chunks.png": FLOODS["PNG of empty chunks"](400_000),
        "comments.jpg": FLOODS["JPEG of empty comments"](400_000),
        "rationals.tif": BOMBS["TIFF resolution of 500,000 rationals"](),
    }
    files = [SimpleUploadedFile("first.jpg", factories.jpeg_bytes((320, 240), colour=(10, 20, 30)))]
    files += [SimpleUploadedFile(name, data) for name, data in hostile.items()]
    files.append(SimpleUploadedFile("last.jpg", factories.jpeg_bytes((320, 240), colour=(200, 100, 0))))

    response = client.post(
        reverse("curation:upload"), {"files": files, "csrfmiddlewaretoken": csrf}, headers={"accept-language": "ru"}
    )

    assert response.status_code == 200
    assert sorted(Photo.objects.values_list("original_filename", flat=True)) == ["first.jpg", "last.jpg"]
    outcomes = {outcome.filename: outcome for outcome in response.context["outcomes"]}
    assert [outcomes[name].status for name in ["first.jpg", "last.jpg"]] == ["imported", "imported"]
    assert outcomes["frames.gif"].code == "too_many_frames"
    assert {outcomes[name].code for name in ["chunks.png", "comments.jpg", "rationals.tif"]} == {"too_complex"}
    with translation.override("ru"):
        in_russian = services.refusal_message(imaging.ImageRefused("too_complex", "…"))
    assert outcomes["chunks.png"].message == in_russian and "экспортируйте" in in_russian
