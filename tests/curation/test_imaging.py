"""The image pipeline, on images drawn here with Pillow: no database, no Django, no binary fixtures."""

from __future__ import annotations

import base64
import io
import random
import struct
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image, ImageDraw, ImageFile
from PIL.TiffImagePlugin import IFDRational

from curation import imaging
from curation.imaging import ImageRefused, RenditionSpec

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
JPEG_320 = [RenditionSpec(320, "jpeg")]


# --------------------------------------------------------------------------- helpers


def encoded(image: Image.Image, fmt: str = "PNG", **options: object) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    buffer.seek(0)
    return buffer


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close_to(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def marker(width: int = 300, height: int = 200) -> Image.Image:
    """Upright: white, a red block in the top-left corner and a blue one in the top-right."""
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 4, height // 4), fill=RED)
    draw.rectangle((width - width // 4, 0, width, height // 4), fill=BLUE)
    return image


def assert_upright(image: Image.Image, width: int = 300, height: int = 200) -> None:
    rgb = image.convert("RGB")
    assert rgb.size == (width, height)
    assert close_to(rgb.getpixel((width // 10, height // 10)), RED, 40)
    assert close_to(rgb.getpixel((width - width // 10, height // 10)), BLUE, 40)
    assert close_to(rgb.getpixel((width // 2, height - height // 10)), WHITE, 40)


# The stored pixels for each EXIF orientation: the inverse of what the viewer applies.
STORED_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def stored_with_orientation(orientation: int) -> Image.Image:
    upright = marker()
    transpose = STORED_FOR_ORIENTATION[orientation]
    return upright.transpose(transpose) if transpose is not None else upright


def camera_exif(extra: dict[int, object] | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "  Canon\x00\x00"
    exif[ExifTags.Base.Model] = "Canon EOS R5\x00"
    exif[ExifTags.IFD.Exif] = {
        ExifTags.Base.DateTimeOriginal: "2024:03:05 14:22:09",
        ExifTags.Base.ExposureTime: IFDRational(1, 250),
        ExifTags.Base.FNumber: IFDRational(28, 10),
        ExifTags.Base.ISOSpeedRatings: 800,
        ExifTags.Base.FocalLength: IFDRational(50, 1),
        ExifTags.Base.LensModel: "RF24-70mm F2.8 L IS USM",
        **(extra or {}),
    }
    # Santiago de Chile: south and west, so both coordinates must come out negative.
    exif[ExifTags.IFD.GPSInfo] = {
        1: "S",
        2: (IFDRational(33, 1), IFDRational(26, 1), IFDRational(5604, 100)),
        3: "W",
        4: (IFDRational(70, 1), IFDRational(40, 1), IFDRational(948, 100)),
    }
    return exif


def noisy(width: int, height: int, seed: int = 0) -> Image.Image:
    rnd = random.Random(seed)
    return Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3))


# --------------------------------------------------------------------------- orientation and colour


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation: int) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    source = encoded(stored_with_orientation(orientation), "JPEG", quality=95, exif=exif)

    result = imaging.process(source, [RenditionSpec(320, "jpeg"), RenditionSpec(320, "webp")])

    for rendition in result.renditions:
        assert_upright(opened(rendition.data))
        assert (rendition.width, rendition.height) == (300, 200)
    assert (result.metadata.width, result.metadata.height) == (300, 200)


def test_heic_orientation_is_applied_exactly_once() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    source = encoded(stored_with_orientation(6), "HEIF", quality=90, exif=exif.tobytes())

    result = imaging.process(source, JPEG_320)

    assert_upright(opened(result.renditions[0].data))


def display_p3_profile() -> bytes:
    """A minimal ICC v2 Display P3 profile (D50-adapted primaries, sRGB tone curve)."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    trc = (
        b"para\0\0\0\0"
        + struct.pack(">HH", 3, 0)
        + b"".join(s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    )
    text = b"Display P3"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" + bytes(79),
        b"wtpt": xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz(0.515102, 0.241196, -0.001053),
        b"gXYZ": xyz(0.291965, 0.692236, 0.041881),
        b"bXYZ": xyz(0.157153, 0.066574, 0.784378),
        b"rTRC": trc,
        b"gTRC": trc,
        b"bTRC": trc,
        b"cprt": b"text\0\0\0\0CC0\0",
    }
    table, body = b"", b""
    first = 128 + 4 + 12 * len(tags)
    for signature, data in tags.items():
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", first + len(body), len(data))
        body += data
    header = (
        struct.pack(">I", first + len(body)) + bytes(4) + b"\x02\x10\0\0" + b"mntrRGB XYZ " + bytes(12) + b"acsp"
        + bytes(28) + s15(0.9642) + s15(1.0) + s15(0.8249) + bytes(48)
    )  # fmt: skip
    return header + struct.pack(">I", len(tags)) + table + body


def test_display_p3_photo_is_converted_to_srgb_and_untagged() -> None:
    # P3 (234, 51, 35) is exactly sRGB red; shown without conversion it would look washed out.
    source = encoded(Image.new("RGB", (64, 48), (234, 51, 35)), "PNG", icc_profile=display_p3_profile())

    result = imaging.process(source, [RenditionSpec(320, "jpeg"), RenditionSpec(320, "webp")])

    for rendition in result.renditions:
        output = opened(rendition.data)
        assert close_to(output.convert("RGB").getpixel((32, 24)), RED, 8)
        assert "icc_profile" not in output.info


def test_cmyk_jpeg_from_photoshop_shows_true_colours() -> None:
    # Pillow writes CMYK JPEGs like Photoshop does: inverted, flagged by an Adobe APP14 marker.
    source = encoded(Image.new("CMYK", (64, 48), (0, 255, 255, 0)), "JPEG", quality=95)
    assert b"Adobe" in source.getvalue()

    result = imaging.process(source, JPEG_320)

    output = opened(result.renditions[0].data)
    assert output.mode == "RGB"
    assert close_to(output.getpixel((32, 24)), RED, 10)


def test_16_bit_greyscale_png_keeps_its_tones() -> None:
    # A naive conversion clips every 16-bit value above 255 to white.
    ramp = Image.new("I;16", (256, 16))
    ramp.putdata([x * 257 for _ in range(16) for x in range(256)])

    result = imaging.process(encoded(ramp), JPEG_320)

    output = opened(result.renditions[0].data).convert("L")
    assert output.getpixel((2, 8)) < 15
    assert 110 < output.getpixel((128, 8)) < 146
    assert output.getpixel((253, 8)) > 240


def transparent_palette() -> Image.Image:
    image = Image.new("P", (100, 80), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    ImageDraw.Draw(image).ellipse((30, 20, 70, 60), fill=1)
    image.info["transparency"] = 0
    return image


def transparent_rgba() -> Image.Image:
    image = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((30, 20, 70, 60), fill=(255, 0, 0, 255))
    return image


@pytest.mark.parametrize("draw", [transparent_palette, transparent_rgba], ids=["palette", "rgba"])
def test_transparency_is_white_in_jpeg_and_kept_in_webp(draw) -> None:
    result = imaging.process(encoded(draw()), [RenditionSpec(320, "jpeg"), RenditionSpec(320, "webp")])
    jpeg, webp = (opened(r.data) for r in result.renditions)

    assert close_to(jpeg.convert("RGB").getpixel((5, 5)), WHITE, 6)  # not black, the JPEG default
    assert close_to(jpeg.convert("RGB").getpixel((50, 40)), RED, 12)
    assert webp.mode == "RGBA"
    assert webp.getpixel((5, 5))[3] == 0
    assert close_to(webp.getpixel((50, 40)), (*RED, 255), 12)


def test_animated_gif_shows_its_first_frame() -> None:
    frames = [Image.new("RGB", (60, 40), colour) for colour in (RED, BLUE, (0, 160, 0))]
    source = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    assert imaging.probe(source).frames == 3
    result = imaging.process(source, JPEG_320)

    assert close_to(opened(result.renditions[0].data).getpixel((30, 20)), RED, 12)


def test_stereo_mpo_shows_its_first_frame_and_counts_as_jpeg() -> None:
    left, right = Image.new("RGB", (60, 40), RED), Image.new("RGB", (60, 40), BLUE)
    source = encoded(left, "MPO", save_all=True, append_images=[right])

    info = imaging.probe(source)
    result = imaging.process(source, JPEG_320)

    assert (info.format, info.mime, info.frames) == ("MPO", "image/jpeg", 2)
    assert close_to(opened(result.renditions[0].data).getpixel((30, 20)), RED, 12)


@pytest.mark.parametrize("fmt", ["WEBP", "AVIF", "TIFF"])
def test_other_accepted_formats_render(fmt: str) -> None:
    source = encoded(marker(), fmt)

    assert imaging.probe(source).format == fmt
    assert_upright(opened(imaging.process(source, JPEG_320).renditions[0].data))


# --------------------------------------------------------------------------- sizes


def test_every_rendition_has_the_requested_long_edge_and_the_photo_s_proportions() -> None:
    source = encoded(noisy(300, 200).resize((3000, 2000)), "JPEG", quality=90)

    result = imaging.process(source, imaging.rendition_specs())

    assert [r.spec for r in result.renditions] == imaging.rendition_specs()
    for rendition in result.renditions:
        output = opened(rendition.data)
        assert output.size == (rendition.width, rendition.height)
        assert max(output.size) == rendition.spec.long_edge
        assert abs(output.width / output.height - 1.5) < 0.01
        assert output.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.spec.format]


def test_small_photo_is_never_upscaled_but_every_spec_exists() -> None:
    source = encoded(marker(500, 400), "JPEG", quality=90)

    result = imaging.process(source, imaging.rendition_specs())

    sizes = {r.spec.name: (r.width, r.height) for r in result.renditions}
    assert sizes["320.jpeg"] == (320, 256)
    for edge in (640, 1024, 1600, 2400):
        assert sizes[f"{edge}.jpeg"] == sizes[f"{edge}.webp"] == (500, 400)
        assert opened(next(r.data for r in result.renditions if r.spec.name == f"{edge}.jpeg")).size == (500, 400)


@pytest.mark.parametrize("size", [(10000, 20), (20, 10000)])
def test_extreme_panoramas_keep_at_least_one_pixel(size: tuple[int, int]) -> None:
    source = encoded(Image.new("RGB", size, BLUE))

    result = imaging.process(source, imaging.rendition_specs())

    for rendition in result.renditions:
        assert max(rendition.width, rendition.height) == rendition.spec.long_edge
        assert min(rendition.width, rendition.height) >= 1
        assert opened(rendition.data).size == (rendition.width, rendition.height)
    biggest = next(r for r in result.renditions if r.spec.name == "2400.webp")
    assert (biggest.width, biggest.height) == ((2400, 5) if size[0] > size[1] else (5, 2400))


def test_one_pixel_image_renders_at_one_pixel() -> None:
    result = imaging.process(encoded(Image.new("RGB", (1, 1), RED)), imaging.rendition_specs())

    assert {(r.width, r.height) for r in result.renditions} == {(1, 1)}
    assert result.metadata.dominant_color == "#ff0000"


def test_jpeg_renditions_are_progressive() -> None:
    result = imaging.process(encoded(noisy(400, 300), "JPEG"), [RenditionSpec(320, "jpeg")])

    data = result.renditions[0].data
    assert b"\xff\xc2" in data  # SOF2: progressive DCT
    assert opened(data).info.get("progressive") == 1


def test_avif_rendition_on_request() -> None:
    result = imaging.process(encoded(marker()), [RenditionSpec(320, "avif")])

    rendition = result.renditions[0]
    assert rendition.data[4:12] == b"ftypavif"
    assert rendition.spec.mime == "image/avif" and rendition.spec.extension == "avif"
    assert_upright(opened(rendition.data))


# --------------------------------------------------------------------------- privacy and safety


def test_exif_gps_xmp_and_comments_never_reach_a_rendition() -> None:
    exif = camera_exif()
    exif[ExifTags.Base.Model] = "SecretCam 3000"
    source = encoded(
        marker(),
        "JPEG",
        quality=90,
        exif=exif,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">home address</x:xmpmeta>',
        comment=b"private note",
    )

    result = imaging.process(source, imaging.rendition_specs(formats=("jpeg", "webp", "avif")))

    assert len(result.renditions) == 15
    for rendition in result.renditions:
        output = opened(rendition.data)
        assert not output.getexif()
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(output.info)
        for trace in (b"Exif\x00", b"GPS", b"SecretCam", b"home address", b"private note", b"xmpmeta"):
            assert trace not in rendition.data, (rendition.spec.name, trace)


def test_png_with_html_appended_renders_without_the_html() -> None:
    polyglot = encoded(marker()).getvalue() + b"<html><script>alert(document.cookie)</script></html>"

    result = imaging.process(io.BytesIO(polyglot), [RenditionSpec(320, "jpeg"), RenditionSpec(320, "webp")])

    for rendition in result.renditions:
        assert_upright(opened(rendition.data))
        assert b"script" not in rendition.data and b"alert" not in rendition.data


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size and carries a few bytes of pixels: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_pixel_bomb_is_refused_from_its_header() -> None:
    bomb = png_header_only(100_000, 100_000)
    assert len(bomb) < 200

    for call in (imaging.probe, lambda fp: imaging.process(fp, imaging.rendition_specs())):
        with pytest.raises(ImageRefused) as refused:
            call(io.BytesIO(bomb))
        assert refused.value.code == "too_many_pixels"


def test_pixel_budget_counts_every_frame() -> None:
    frames = [Image.new("RGB", (100, 100), colour) for colour in (RED, BLUE, RED)]
    source = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])

    with pytest.raises(ImageRefused) as refused:
        imaging.probe(source, max_pixels=25_000)  # one frame fits, three do not
    assert refused.value.code == "too_many_pixels"
    with pytest.raises(ImageRefused) as refused:
        imaging.probe(source, max_frames=2)
    assert refused.value.code == "too_many_frames"


def test_truncated_jpeg_is_refused_as_truncated() -> None:
    whole = encoded(noisy(600, 400), "JPEG", quality=90).getvalue()

    with pytest.raises(ImageRefused) as refused:
        imaging.process(io.BytesIO(whole[: len(whole) * 6 // 10]), JPEG_320)

    assert refused.value.code == "truncated"
    assert "upload it again" in refused.value.message


def test_a_cut_short_file_is_refused_even_after_a_library_turned_on_pillows_truncated_switch() -> None:
    # WeasyPrint (the physical show's PDFs, in the same worker) turns Pillow's process-wide switch on when imported.
    whole = encoded(noisy(600, 400), "JPEG", quality=90).getvalue()
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with pytest.raises(ImageRefused) as refused:
            imaging.process(io.BytesIO(whole[: len(whole) * 6 // 10]), JPEG_320)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    assert refused.value.code == "truncated"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_file_cut_off_inside_its_header_is_refused_as_truncated(fmt: str) -> None:
    whole = encoded(noisy(60, 40), fmt, exif=camera_exif()).getvalue()

    with pytest.raises(ImageRefused) as refused:
        imaging.process(io.BytesIO(whole[:120]), JPEG_320)

    assert refused.value.code == "truncated"


def test_damaged_but_complete_jpeg_is_refused_as_corrupt() -> None:
    whole = encoded(noisy(60, 40), "JPEG").getvalue()
    damaged = whole[:2] + b"\xff\xc0\x00\x02" + bytes(200) + whole[-2:]  # a frame header with no frame

    with pytest.raises(ImageRefused) as refused:
        imaging.process(io.BytesIO(damaged), JPEG_320)

    assert refused.value.code == "corrupt"


SVG_WITH_SCRIPT = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"""


@pytest.mark.parametrize(
    ("data", "code", "detected"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "not_image", "PDF"),
        (SVG_WITH_SCRIPT, "unsupported_format", "SVG"),
        (b"  <!DOCTYPE html>\n<html><body><img src=x onerror=alert(1)></body></html>", "not_image", "HTML"),
        (b"8BPS\x00\x01" + bytes(200), "unsupported_format", "PSD"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "unsupported_format", "EPS"),
        (b"PK\x03\x04" + bytes(100), "not_image", "ZIP"),
        (random.Random(7).randbytes(4096), "not_image", None),
        (b"", "not_image", None),
    ],
    ids=["pdf", "svg", "html", "psd", "eps", "zip", "random", "empty"],
)
def test_files_that_are_not_photos_are_refused_saying_what_they_are(data: bytes, code: str, detected: str) -> None:
    for call in (imaging.probe, lambda fp: imaging.process(fp, JPEG_320)):
        with pytest.raises(ImageRefused) as refused:
            call(io.BytesIO(data))
        assert (refused.value.code, refused.value.detected) == (code, detected)
        assert refused.value.message
        if detected:
            assert detected in refused.value.message


def test_camera_raw_in_a_tiff_wrapper_is_refused_as_raw() -> None:
    source = encoded(Image.new("RGB", (8, 8)), "TIFF", tiffinfo={50706: b"\x01\x04\x00\x00"})

    with pytest.raises(ImageRefused) as refused:
        imaging.probe(source)

    assert (refused.value.code, refused.value.detected) == ("unsupported_format", "DNG")
    assert "raw" in refused.value.message


# --------------------------------------------------------------------------- probe and metadata


def test_probe_reads_the_header_only_and_rewinds() -> None:
    source = encoded(Image.new("RGB", (640, 480)), "JPEG")
    source.seek(100)

    info = imaging.probe(source)

    assert info == imaging.SourceInfo(format="JPEG", width=640, height=480, frames=1, mime="image/jpeg")
    assert source.tell() == 0


def test_camera_metadata_is_extracted_and_cleaned() -> None:
    exif = camera_exif({ExifTags.Base.OffsetTimeOriginal: "-03:00"})
    source = encoded(marker(), "JPEG", exif=exif)

    metadata = imaging.process(source, []).metadata

    assert (metadata.camera_make, metadata.camera_model) == ("Canon", "Canon EOS R5")
    assert metadata.lens == "RF24-70mm F2.8 L IS USM"
    assert (metadata.aperture, metadata.exposure_time, metadata.iso) == (2.8, "1/250", 800)
    assert metadata.focal_length_mm == 50.0
    assert metadata.gps_latitude == pytest.approx(-33.4489, abs=1e-4)
    assert metadata.gps_longitude == pytest.approx(-70.6693, abs=1e-4)
    assert metadata.taken_at == datetime(2024, 3, 5, 14, 22, 9, tzinfo=timezone(timedelta(hours=-3)))
    assert (metadata.width, metadata.height) == (300, 200)


def test_photo_without_exif_has_empty_metadata_and_naive_time_stays_naive() -> None:
    plain = imaging.process(encoded(marker()), []).metadata
    naive = imaging.process(encoded(marker(), "JPEG", exif=camera_exif()), []).metadata

    assert (plain.taken_at, plain.camera_make, plain.lens, plain.exposure_time) == (None, "", "", "")
    assert (plain.iso, plain.aperture, plain.gps_latitude, plain.gps_longitude) == (None, None, None, None)
    assert naive.taken_at == datetime(2024, 3, 5, 14, 22, 9)


@pytest.mark.parametrize(
    ("exposure", "shown"),
    [(IFDRational(1, 250), "1/250"), (IFDRational(10, 30), "1/3"), (IFDRational(2, 1), "2"), (0.6, "0.6")],
)
def test_exposure_time_is_shown_the_way_cameras_show_it(exposure: object, shown: str) -> None:
    source = encoded(marker(), "JPEG", exif=camera_exif({ExifTags.Base.ExposureTime: exposure}))

    assert imaging.process(source, []).metadata.exposure_time == shown


def test_placeholder_is_a_tiny_data_uri_and_the_dominant_colour_is_the_main_one() -> None:
    image = Image.new("RGB", (1200, 800), (20, 60, 160))
    ImageDraw.Draw(image).rectangle((500, 300, 700, 500), fill=(250, 200, 0))

    metadata = imaging.process(encoded(image, "JPEG", quality=95), imaging.THUMBNAIL_SPECS).metadata

    assert metadata.placeholder.startswith("data:image/webp;base64,")
    assert len(metadata.placeholder) < 600
    tiny = opened(base64.b64decode(metadata.placeholder.split(",", 1)[1]))
    assert max(tiny.size) == imaging.PLACEHOLDER_EDGE
    red, green, blue = (int(metadata.dominant_color[i : i + 2], 16) for i in (1, 3, 5))
    assert close_to((red, green, blue), (20, 60, 160), 12)


def test_standard_specs_have_unique_names_and_thumbnails_come_first_alone() -> None:
    specs = imaging.rendition_specs()

    assert len({spec.name for spec in specs}) == len(specs) == 10
    assert RenditionSpec(1600, "jpeg").name == "1600.jpeg"
    assert {spec.long_edge for spec in imaging.THUMBNAIL_SPECS} == {imaging.THUMBNAIL_EDGE}
    assert {spec.format for spec in imaging.THUMBNAIL_SPECS} == {"jpeg", "webp"}
    assert len(imaging.rendition_specs(avif_edges=(640, 1024))) == 12
