"""Image pipeline: sniff, decode once, orient, convert to sRGB, resize, encode — pure Pillow, no Django."""

# Settings, measured with bench/renditions.py on camera-like JPEGs (gradients, edges, texture and
# sensor grain; 4:2:2 like most cameras), one core. `--sweep` prints the encoder table: the 1600 px
# rendition of the 24 MP photo, size / encode CPU / SSIM (luma) against the un-encoded pixels.
#
#   JPEG progressive  q80 453 KB  31 ms 0.959 | q85 526 KB  34 ms 0.970 | q90 642 KB   39 ms 0.981
#   WebP q80      method 0 456 KB  51 ms 0.976 | method 2 430 KB  78 ms 0.974 | method 4 422 KB 155 ms 0.975
#   AVIF q70      speed 9  432 KB 117 ms 0.972 | speed 8  423 KB 427 ms 0.972 | speed 6  414 KB 1108 ms 0.975
#
# - JPEG q85: the fallback for browsers without WebP, at the quality a photographer expects; q90
#   costs 22 % more bytes for +0.011. Progressive (the issue asks for it: a whole, blurry frame
#   appears first) costs 4x a baseline encode; libjpeg-turbo optimizes its Huffman tables anyway.
# - WebP q80 method 2: matches JPEG q85 by SSIM at 82 % of the bytes. Method 2 is 3-7 % smaller
#   than method 0 at equal SSIM (on two test photos) for +27 ms here; method 4 saves 2 % more for
#   twice the time. Bytes are served for years, CPU is spent once, so we stop at the knee.
# - AVIF is off by default (rendition_specs(avif_edges=())): at equal SSIM it is no smaller than
#   WebP method 2 on grainy photos unless run at speed 6 (4 % smaller, 14x the time). Grain is
#   AVIF's worst case, so callers may opt in per edge; it then runs at speed 9, q70, one thread.
# - Resizing: one JPEG decode with DCT scaling (Image.draft) to the smallest power of two that still
#   covers the largest rendition, then a Lanczos cascade 2400 -> 1600 -> ... -> 320, each from the
#   previous one. Against a full-decode Lanczos reference (SSIM, luma): 1600 px 0.996 (libvips
#   thumbnail 0.993), 2400 px 0.991 (the DCT half-scale decode; libvips decodes in full: 0.999).
#   Cheaper filters were measured and refused (1600 px SSIM): bicubic throughout 0.985, bicubic for
#   the first step 0.993 (and 2400 px 0.984); a box reduce before a short Lanczos step 0.97.
# - Cost on the 24 MP photo, whole JPEG+WebP set, one core: ~880 ms CPU on the current machine.
#   Encoders ~520 ms (WebP 2400 px alone 240), Lanczos cascade ~240 (3000 -> 2400 alone 123),
#   half-scale decode ~130. Naive Pillow is 4.6-5x slower. libvips (its best strategy, a cascade)
#   takes the same time within the run-to-run spread (ratio 0.97-1.06): it loses ~85 ms in its
#   encoders and ~50 ms decoding in full, and wins them back resizing with SIMD (the four cascade
#   steps in 33 ms where Pillow's scalar Lanczos needs 113). No Pillow API closes that gap without
#   one of the quality losses above; a planar YCbCr resize (chroma at half size) was measured too
#   and loses its gain converting back to RGB for the WebP encoder.
#   The first thumbnail costs ~110 ms, ~100 of them in the 1/8-scale decode: every Huffman-coded
#   byte of the 11 MB file must still be read, whatever the scale (libvips's own 320 px thumbnail
#   of it: ~106 ms in the same run). Larger read blocks for the decoder made no measurable change.
# - No ICC profile is embedded: outputs are converted to sRGB, which browsers assume for untagged
#   images, and 588 bytes per file is 3 % of a thumbnail. No EXIF/XMP/GPS/comment is ever written.

from __future__ import annotations

import base64
import functools
import io
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import BinaryIO

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageFile, UnidentifiedImageError

from curation import containers

# Registering the HEIF opener is how Pillow learns to read iPhone photos. Embedded thumbnails are
# off so that a draft never picks a (possibly stale, uncropped) preview instead of the real image;
# depth and auxiliary images are never shown, so we skip parsing them.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

LONG_EDGES: tuple[int, ...] = (320, 640, 1024, 1600, 2400)
THUMBNAIL_EDGE = 320
MAX_PIXELS_DEFAULT = 100_000_000  # per image, counted across frames

JPEG_QUALITY = 85
WEBP_QUALITY = 80
WEBP_METHOD = 2
AVIF_QUALITY = 70
AVIF_SPEED = 9
PLACEHOLDER_EDGE = 16

_RESAMPLE = Image.Resampling.LANCZOS
# Pillow's own advice: a box reduce before Lanczos is indistinguishable from Lanczos alone when at
# least a 3x Lanczos step remains. It only matters for big non-JPEG sources (no DCT scaling).
_REDUCING_GAP = 3.0
# Dominant colour and placeholder come from an image this small; for a metadata-only call the
# JPEG is decoded at 1/8 scale, which is still larger than this.
_PREVIEW_EDGE = 32
_WHITE = (255, 255, 255)

_FORMATS: dict[str, tuple[str, str]] = {  # format -> (extension, mime)
    "jpeg": ("jpg", "image/jpeg"),
    "webp": ("webp", "image/webp"),
    "avif": ("avif", "image/avif"),
}


class ImageRefused(Exception):
    """A file the pipeline will not process.

    `code` is stable (for translation by callers), `message` is plain English a photographer
    understands, `detected` names what the file really is when its first bytes tell ("PDF", "SVG").
    """

    CODES = (
        "not_image", "unsupported_format", "too_many_pixels", "truncated", "too_many_frames", "too_complex", "corrupt"
    )  # fmt: skip

    def __init__(self, code: str, message: str, *, detected: str | None = None) -> None:
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
        self.detected = detected

    def __repr__(self) -> str:
        return f"ImageRefused({self.code!r}, {self.message!r}, detected={self.detected!r})"


@dataclass(frozen=True)
class RenditionSpec:
    long_edge: int
    format: str  # "jpeg" | "webp" | "avif"

    def __post_init__(self) -> None:
        if self.format not in _FORMATS:
            raise ValueError(f"unknown rendition format {self.format!r}")
        if self.long_edge < 1:
            raise ValueError(f"long_edge must be positive, got {self.long_edge}")

    @property
    def name(self) -> str:
        """Unique per photo, e.g. "1600.jpeg"; callers use it as the database key."""
        return f"{self.long_edge}.{self.format}"

    @property
    def extension(self) -> str:
        return _FORMATS[self.format][0]

    @property
    def mime(self) -> str:
        return _FORMATS[self.format][1]


def rendition_specs(
    *, formats: tuple[str, ...] = ("jpeg", "webp"), avif_edges: tuple[int, ...] = ()
) -> list[RenditionSpec]:
    """The standard set: every long edge in every format, plus AVIF at `avif_edges`."""
    specs = [RenditionSpec(edge, fmt) for edge in LONG_EDGES for fmt in formats]
    if "avif" not in formats:
        specs += [RenditionSpec(edge, "avif") for edge in avif_edges]
    return specs


# Made first and alone so the library shows a thumbnail within a second of the upload.
THUMBNAIL_SPECS: list[RenditionSpec] = [RenditionSpec(THUMBNAIL_EDGE, "jpeg"), RenditionSpec(THUMBNAIL_EDGE, "webp")]


@dataclass(frozen=True)
class SourceInfo:
    """What the header says, before any pixel is decoded."""

    format: str  # "JPEG", "PNG", "WEBP", "TIFF", "GIF", "AVIF", "HEIF", "MPO"
    width: int  # as stored, before EXIF orientation
    height: int
    frames: int
    mime: str


@dataclass(frozen=True)
class PhotoMetadata:
    width: int  # oriented, as displayed
    height: int
    taken_at: datetime | None  # naive, or aware when the camera recorded its UTC offset
    camera_make: str
    camera_model: str
    lens: str
    focal_length_mm: float | None
    aperture: float | None
    exposure_time: str  # "1/250", "2", "" when unknown
    iso: int | None
    gps_latitude: float | None  # signed decimal degrees
    gps_longitude: float | None
    dominant_color: str  # "#rrggbb"
    placeholder: str  # "data:image/webp;base64,..." about 16 px on the long edge, for blur-up loading


@dataclass(frozen=True)
class RenderedImage:
    spec: RenditionSpec
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessResult:
    metadata: PhotoMetadata
    renditions: list[RenderedImage]


# --------------------------------------------------------------------------- sniffing and probing

_ALLOWED = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "AVIF", "HEIF")
_ACCEPTED_LIST = "JPEG, PNG, WebP, TIFF, GIF, AVIF or HEIC"
_CAMERA_RAW = ("CR2", "CR3", "DNG", "ORF", "RW2")
# Image formats we recognise but do not decode: for these the photographer needs to export.
_UNSUPPORTED_IMAGES = ("SVG", "PSD", "EPS", "BMP", "ICO", "JPEG 2000", "JPEG XL", *_CAMERA_RAW)
_DESCRIPTIONS = {
    "PDF": "a PDF document",
    "HTML": "a web page (HTML)",
    "XML": "an XML document",
    "ZIP": "a ZIP archive (or an Office document)",
    "GZIP": "a compressed archive",
    "MP4": "a video",
    "MOV": "a video",
    "SVG": "an SVG drawing",
    "PSD": "a Photoshop document (PSD)",
    "EPS": "an EPS/PostScript file",
    "BMP": "a BMP bitmap",
    "ICO": "an icon file",
    "JPEG 2000": "a JPEG 2000 image",
    "JPEG XL": "a JPEG XL image",
}
_BMFF_BRANDS = {
    b"avif": "AVIF", b"avis": "AVIF",
    b"heic": "HEIF", b"heix": "HEIF", b"heim": "HEIF", b"heis": "HEIF",
    b"hevc": "HEIF", b"hevx": "HEIF", b"mif1": "HEIF", b"msf1": "HEIF",
    b"crx ": "CR3", b"qt  ": "MOV", b"isom": "MP4", b"iso2": "MP4",
    b"mp41": "MP4", b"mp42": "MP4", b"M4V ": "MP4", b"3gp4": "MP4", b"3gp5": "MP4",
    b"jxl ": "JPEG XL", b"jp2 ": "JPEG 2000",
}  # fmt: skip
# Markup after an optional BOM, XML declaration, comments and doctype: group 1 is the doctype, 2 the first tag.
_MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!doctype\s+(\w+)[^>]*>\s*)*<(\w+)", re.I | re.S
)


def _sniff(head: bytes) -> str | None:
    """Name the container from its first bytes; None when nothing is recognised."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "CR2" if head[8:10] == b"CR" else "TIFF"
    if head[:4] in (b"IIRO", b"IIRS"):
        return "ORF"
    if head[:4] == b"IIU\x00":
        return "RW2"
    if head[4:8] == b"ftyp":
        return _sniff_bmff(head)
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "JPEG 2000"
    if head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n") or head.startswith(b"\xff\x0a"):
        return "JPEG XL"
    for magic, name in (
        (b"%PDF-", "PDF"), (b"8BPS", "PSD"), (b"%!PS", "EPS"), (b"\xc5\xd0\xd3\xc6", "EPS"),
        (b"BM", "BMP"), (b"\x00\x00\x01\x00", "ICO"), (b"PK\x03\x04", "ZIP"), (b"\x1f\x8b", "GZIP"),
    ):  # fmt: skip
        if head.startswith(magic):
            return name
    markup = _MARKUP.match(head)
    if markup:
        doctype, tag = (markup[1] or b"").lower(), markup[2].lower()
        if tag == b"svg" or doctype == b"svg":
            return "SVG"
        if tag in (b"html", b"head", b"body", b"script", b"meta", b"div", b"iframe") or doctype == b"html":
            return "HTML"
        return "XML"
    return None


def _sniff_bmff(head: bytes) -> str | None:
    # The major brand is not enough: "mif1" is shared by HEIC and AVIF, so look at the compatible
    # brands too, which list "avif" for AVIF files.
    box_size = int.from_bytes(head[:4], "big")
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, min(box_size, len(head)), 4)]
    if b"avif" in brands or b"avis" in brands:
        return "AVIF"
    for brand in brands:
        if brand in _BMFF_BRANDS:
            return _BMFF_BRANDS[brand]
    return None


def _refuse_unaccepted(detected: str | None) -> ImageRefused:
    if detected in _CAMERA_RAW:
        return ImageRefused(
            "unsupported_format",
            f"This is a camera raw file ({detected}), which browsers can't show. "
            "Please export a JPEG from your raw editor and upload that.",
            detected=detected,
        )
    if detected in _UNSUPPORTED_IMAGES:
        return ImageRefused(
            "unsupported_format",
            f"This file is {_DESCRIPTIONS[detected]}, which we can't use as a photo. "
            f"Please export it as {_ACCEPTED_LIST} and upload that.",
            detected=detected,
        )
    if detected is not None:
        return ImageRefused(
            "not_image",
            f"This file is {_DESCRIPTIONS.get(detected, detected)}, not a photo. "
            f"Please upload a {_ACCEPTED_LIST} image.",
            detected=detected,
        )
    return ImageRefused("not_image", f"This file isn't an image we can read. Please upload a {_ACCEPTED_LIST} image.")


def _seekable(fp: BinaryIO) -> BinaryIO:
    try:
        fp.seek(0)
    except (AttributeError, OSError, io.UnsupportedOperation):
        return io.BytesIO(fp.read())
    return fp


# What opening a file may cost (curation/containers.py): reads Pillow may make while it reads the header and
# counts frames, by format. Each piece of a header is a read or two, so this bounds every walk in Pillow's Python
# whatever the piece; bench/uploads.py measures the worst file of each kind at the size limit.
_OPEN_READS = {
    # Our walk and Pillow's take about four reads a segment each: 5,000 segments, where photos have tens
    # (Photoshop's extended XMP: hundreds).
    "JPEG": 40_000,
    # Three reads a chunk before the pixels: 100 chunks, where photos have under 20. Each compressed text or ICC
    # chunk may inflate to PngImagePlugin.MAX_TEXT_CHUNK (1 MB, 1.3 ms), and nothing else in Pillow counts them.
    "PNG": 300,
    # Two reads a sub-block of frame data: the whole of a 35 MB GIF at the 255-byte sub-blocks encoders write, or
    # a 1000-frame one of 35 KB a frame; one of 1-byte sub-blocks stops after 300 KB.
    "GIF": 300_000,
    # Our own walk (three reads a page, two a chunk or box), then Pillow's reads of the first page or the file.
    "TIFF": 10_000,
    "WEBP": 10_000,
    "AVIF": 10_000,
    "HEIF": 10_000,
}
# Bytes Pillow may keep from the segments before a JPEG's pixels (the few kinds it parses are held to far less by
# containers.jpeg_header). Photos carry tens of KB; a print profile (CMYK) up to 2 MB; Photoshop's runaway XMP
# history more, and is refused.
JPEG_HEADER_BYTES = 16 * 1024 * 1024


def _open(fp: BinaryIO, *, max_pixels: int, max_frames: int) -> tuple[Image.Image, SourceInfo]:
    """Sniff, open the header with the one matching Pillow plugin, and check the size budget.

    Bounded whatever the file: Pillow reads through a containers.Meter, frames are counted only up to the limit,
    and containers that a library parses whole in one call (WebP, AVIF, HEIF) or that Pillow walks expensively
    (TIFF pages) are walked with caps first. The meter is stopped on return, so decoding reads freely.
    """
    head = fp.read(4096)
    fp.seek(0)
    detected = _sniff(head)
    if detected not in _ALLOWED:
        raise _refuse_unaccepted(detected)
    meter = containers.Meter(
        fp, reads=_OPEN_READS[detected], header_bytes=JPEG_HEADER_BYTES if detected == "JPEG" else None
    )
    try:
        im, frames, counted_to = _open_metered(meter, detected, max_pixels=max_pixels, max_frames=max_frames)
        if meter.exceeded:  # raised inside Pillow and swallowed there
            raise containers.TooMuchWork(meter.exceeded)
    except containers.TooMuchWork as exc:
        raise ImageRefused("too_complex", _TOO_COMPLEX_MESSAGE, detected=detected) from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(None, max_pixels) from exc
    except (UnidentifiedImageError, SyntaxError, ValueError, OSError, EOFError, zlib.error) as exc:
        if meter.exceeded:
            raise ImageRefused("too_complex", _TOO_COMPLEX_MESSAGE, detected=detected) from exc
        raise _refuse_broken(exc, detected, fp) from exc
    finally:
        meter.stop()
    if detected == "TIFF" and 50706 in getattr(im, "tag_v2", {}):  # DNGVersion: a raw file wrapped in TIFF
        raise _refuse_unaccepted("DNG")
    width, height = im.size
    if frames > max_frames:
        raise _too_many_frames(max_frames, detected)
    if width * height * frames > max_pixels:
        # A count stopped at the budget gives a lower bound, not a size worth printing.
        raise _too_many_pixels(width * height * frames if frames < counted_to else None, max_pixels)
    fmt = im.format or detected
    if fmt == "MPO":
        mime = "image/jpeg"  # a JPEG with extra frames; "image/mpo" is unregistered and browsers show it as JPEG
    elif fmt == "HEIF":
        mime = "image/heic" if head[8:12] in (b"heic", b"heix", b"heim", b"heis") else "image/heif"
    else:
        mime = Image.MIME.get(fmt, "application/octet-stream")
    return im, SourceInfo(format=fmt, width=width, height=height, frames=frames, mime=mime)


def _open_metered(
    fp: containers.Meter, detected: str, *, max_pixels: int, max_frames: int
) -> tuple[Image.Image, int, int]:
    """The image at its first frame, its frame count, and the count at which counting would have stopped."""
    pages = None
    if detected == "JPEG":
        containers.jpeg_header(fp)
    elif detected == "TIFF":
        pages = containers.tiff_pages(fp, limit=max_frames + 1)
    elif detected == "WEBP":
        pages = containers.webp_frames(fp, limit=max_frames + 1)
    elif detected in ("AVIF", "HEIF"):
        containers.bmff_boxes(fp)
    if pages is not None and pages > max_frames:
        raise _too_many_frames(max_frames, detected)
    fp.seek(0)
    # Only the plugin matching the magic bytes may parse the file: a file claiming to be a PNG is never handed
    # to, say, the EPS plugin (which would run Ghostscript). The JPEG plugin also opens MPO files.
    im = Image.open(fp, formats=(detected,))
    width, height = im.size
    if width < 1 or height < 1:
        raise ImageRefused("corrupt", _CORRUPT_MESSAGE, detected=detected)
    if detected == "TIFF":
        return im, pages or 1, max_frames + 1  # never Pillow's n_frames: it decodes every page's tags
    if detected == "GIF":
        # Frames past either budget need not be found: the count stops where the file is refused anyway.
        limit = min(max_frames, max(1, max_pixels // (width * height))) + 1
        return im, _gif_frames(im, limit), limit
    frames = int(getattr(im, "n_frames", 1))  # declared in the header: APNG, WebP, MPO, AVIF, HEIF
    return im, frames, frames + 1


def _gif_frames(im: Image.Image, limit: int) -> int:
    """Pillow's n_frames, counting no further than `limit`."""
    try:
        while im.tell() + 1 < limit:
            # What n_frames does: read the next frame's header and skip its data, decoding nothing (the public
            # seek() would decode every frame on the way).
            im._seek(im.tell() + 1, False)  # type: ignore[attr-defined]
    except EOFError:
        pass
    frames = im.tell() + 1
    im.seek(0)
    return frames


def _too_many_frames(max_frames: int, detected: str) -> ImageRefused:
    return ImageRefused(
        "too_many_frames",
        f"This file has more than {max_frames} frames or pages; we accept at most {max_frames}. "
        "Please upload a single photo.",
        detected=detected,
    )


_TOO_COMPLEX_MESSAGE = (
    "This file is made of far more parts than a photo needs, too many to check safely. "
    "Please export it again from your photo editor."
)


_CORRUPT_MESSAGE = "This file looks damaged and can't be read. Please export it again from your photo editor."
_TRUNCATED_MESSAGE = "This file is incomplete: the upload or copy was probably cut off. Please upload it again."


def _refuse_broken(exc: BaseException, detected: str | None, fp: BinaryIO) -> ImageRefused:
    if isinstance(exc, EOFError) or "truncated" in str(exc) or _cut_short(fp, detected):
        return ImageRefused("truncated", _TRUNCATED_MESSAGE, detected=detected)
    return ImageRefused("corrupt", _CORRUPT_MESSAGE, detected=detected)


def _cut_short(fp: BinaryIO, detected: str | None) -> bool:
    """Whether the file lacks the end marker its format always writes: an interrupted copy, not damage."""
    fp.seek(0, io.SEEK_END)
    size = fp.tell()
    fp.seek(max(0, size - 64))
    tail = fp.read()
    fp.seek(0)
    if detected == "JPEG":
        return b"\xff\xd9" not in tail
    if detected == "PNG":
        return b"IEND" not in tail
    if detected == "GIF":
        return not tail.rstrip(b"\0").endswith(b";")
    if detected == "WEBP":
        fp.seek(4)
        declared = int.from_bytes(fp.read(4), "little") + 8
        fp.seek(0)
        return size < declared
    return False


def _too_many_pixels(pixels: int | None, max_pixels: int) -> ImageRefused:
    size = f" ({pixels / 1e6:,.0f} megapixels)" if pixels else ""
    return ImageRefused(
        "too_many_pixels",
        f"This image is too large{size}; the limit is {max_pixels / 1e6:,.0f} megapixels. "
        "Please upload a smaller version.",
    )


def probe(fp: BinaryIO, *, max_pixels: int = MAX_PIXELS_DEFAULT, max_frames: int = 1000) -> SourceInfo:
    """Identify the file from its content and header alone, refusing what we won't process.

    Never decodes pixels, so it is cheap enough to call while the upload request is open.
    Pillow's own bomb limit (2 x Image.MAX_IMAGE_PIXELS, about 179 MP) still applies above
    `max_pixels` and is reported as "too_many_pixels" too. Rewinds `fp` (a non-seekable stream
    is read into memory first).
    """
    fp = _seekable(fp)
    try:
        # No im.close(): Pillow's close() would close the caller's file too.
        return _open(fp, max_pixels=max_pixels, max_frames=max_frames)[1]
    finally:
        fp.seek(0)


# --------------------------------------------------------------------------- decoding

_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = frozenset(
    {Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270}
)


@dataclass(frozen=True)
class _Decoded:
    source: SourceInfo
    exif: Image.Exif
    width: int  # oriented
    height: int
    images: dict[int, Image.Image]  # requested long edge -> upright sRGB image (never upscaled)


def _fit(width: int, height: int, edge: int) -> tuple[int, int]:
    """Size with long edge `edge` (or the source's, if smaller), keeping the aspect ratio."""
    long = max(width, height)
    if edge >= long:
        return width, height
    scale = edge / long
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decode(fp: BinaryIO, edges: Sequence[int], *, max_pixels: int) -> _Decoded:
    # A file cut short must be refused, not decoded with grey where its end should be. Pillow's switch for that is
    # process-wide, and a library may turn it on when imported (WeasyPrint does): the pipeline sets it every time.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    im, source = _open(fp, max_pixels=max_pixels, max_frames=1000)
    largest = max(edges)
    # DCT scaling: the JPEG decoder skips the detail we would throw away. The draft never goes
    # below the largest size we need (Pillow picks the power of two that still covers it).
    im.draft(None, _fit(source.width, source.height, largest))
    try:
        im.load()
        exif = im.getexif()  # PNG keeps eXIf after the pixels, so only read it after load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(None, max_pixels) from exc
    except (SyntaxError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise _refuse_broken(exc, "JPEG" if source.format == "MPO" else source.format, fp) from exc

    orientation = exif.get(ExifTags.Base.Orientation, 1)
    transpose = _ORIENTATION_TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    swapped = transpose in _SWAPS_AXES
    width, height = (source.height, source.width) if swapped else (source.width, source.height)

    icc = im.info.get("icc_profile")
    work = _normalise_mode(im)
    work.info = {}  # nothing from the source (EXIF, XMP, comments, ICC) may reach an encoder

    images: dict[int, Image.Image] = {}
    for i, edge in enumerate(sorted(set(edges), reverse=True)):
        stored_size = _fit(source.width, source.height, edge)
        if i == 0:
            # Colour conversion and rotation run once, on the largest rendition rather than the
            # full decode: on a 24 MP photo that is 4x fewer pixels.
            work = _resize(work, stored_size)
            work = _to_srgb(work, icc)
            if transpose is not None:
                work = work.transpose(transpose)
            work = _drop_opaque_alpha(work)
        else:
            work = _resize(work, (stored_size[1], stored_size[0]) if swapped else stored_size)
        images[edge] = work
    return _Decoded(source=source, exif=exif, width=width, height=height, images=images)


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, _RESAMPLE, reducing_gap=_REDUCING_GAP)


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Bring any decoded mode to one of L, LA, RGB, RGBA, CMYK (CMYK waits for its profile)."""
    mode = im.mode
    if mode in ("L", "RGB") and "transparency" in im.info:
        return im.convert(mode + "A")  # a tRNS colour key: that colour is transparent
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if mode in ("P", "PA"):
        return im.convert("RGBA" if im.has_transparency_data else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I"):
        # 16-bit samples: a plain convert("L") clips everything above 255 to white.
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if mode == "La":
        return im.convert("LA")
    if mode == "RGBa":
        return im.convert("RGBA")
    if mode == "F":
        return im.convert("L")
    if mode == "LAB":
        transform = ImageCms.buildTransform(ImageCms.createProfile("LAB"), _SRGB, "LAB", "RGB")
        return ImageCms.applyTransform(im, transform)
    try:
        return im.convert("RGB")
    except ValueError as exc:
        raise ImageRefused(
            "unsupported_format",
            f"This image uses a colour mode ({mode}) we can't display. Please export it as an 8-bit RGB JPEG.",
            detected=im.format,
        ) from exc


_SRGB = ImageCms.createProfile("sRGB")


@functools.lru_cache(maxsize=16)
def _srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from the embedded profile to sRGB, or None when none is needed or possible."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return None  # a broken profile: showing the numbers as sRGB beats refusing the photo
    space = profile.profile.xcolor_space.strip()
    if (mode, space) not in (("RGB", "RGB"), ("RGBA", "RGB"), ("CMYK", "CMYK")):
        return None  # e.g. a grey profile on an L image: gamma 2.2 vs sRGB is not worth a colour image
    description = (ImageCms.getProfileDescription(profile) or "").strip()
    if space == "RGB" and description.startswith("sRGB"):
        return None  # already sRGB (most camera and export profiles): skip a no-op pass
    out_mode = "RGB" if mode == "CMYK" else mode
    try:
        # NOCACHE: this transform is shared across threads through the lru_cache, and LittleCMS's
        # one-pixel cache is written on every call. Measured: no speed difference on photos.
        return ImageCms.buildTransform(
            profile, _SRGB, mode, out_mode, renderingIntent=ImageCms.Intent.PERCEPTUAL, flags=ImageCms.Flags.NOCACHE
        )
    except ImageCms.PyCMSError:
        return None


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    transform = _srgb_transform(icc, image.mode) if icc else None
    if transform is not None:
        image = ImageCms.applyTransform(image, transform)
        image.info = {}  # applyTransform copies the source profile into info
    elif image.mode == "CMYK":
        # Untagged CMYK: Pillow's naive formula. Adobe's inverted CMYK JPEGs are already
        # un-inverted by the JPEG plugin (APP14 marker).
        image = image.convert("RGB")
    return image


def _drop_opaque_alpha(image: Image.Image) -> Image.Image:
    # PNG exports often carry an alpha channel that is opaque everywhere; dropping it keeps WebP
    # and AVIF from spending bytes on it and lets the JPEG skip the flatten.
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema() == (255, 255):
        return image.convert(image.mode[:-1])
    return image


def decode_resized(
    fp: BinaryIO, long_edges: Sequence[int], *, max_pixels: int = MAX_PIXELS_DEFAULT
) -> dict[int, Image.Image]:
    """Decode once and return upright sRGB images keyed by requested long edge (never upscaled).

    The pixels `process` encodes; exposed for benchmarks and tests that compare them with a reference.
    """
    fp = _seekable(fp)
    try:
        return _decode(fp, long_edges, max_pixels=max_pixels).images
    finally:
        fp.seek(0)


# --------------------------------------------------------------------------- encoding


def _flatten(image: Image.Image) -> Image.Image:
    """Composite transparency onto white (a JPEG has no alpha; black would be the decoder's default)."""
    if image.mode == "LA":
        background = Image.new("L", image.size, 255)
        background.paste(image.getchannel("L"), mask=image.getchannel("A"))
        return background
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, _WHITE)
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        _flatten(image).save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    elif fmt == "webp":
        webp = image.convert("RGBA" if image.mode == "LA" else "RGB") if image.mode in ("L", "LA") else image
        webp.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, exif=b"", icc_profile=None, xmp=b"")
    else:
        # One thread: workers already run one process per core, and more threads would only contend.
        image.save(
            buffer, "AVIF", quality=AVIF_QUALITY, speed=AVIF_SPEED, max_threads=1, icc_profile=b"", exif=b"", xmp=b""
        )
    return buffer.getvalue()


# --------------------------------------------------------------------------- metadata


def _clean_text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    # Cameras pad with NULs and spaces; some firmwares leave control bytes behind.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:200]


def _number(value: object) -> float | None:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        value = value[0] / value[1] if value[1] else math.nan  # old-style (numerator, denominator)
    if isinstance(value, (tuple, list)) and value:
        value = value[0]
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


_EXIF_DATETIME = re.compile(r"(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def _taken_at(exif_ifd: dict[int, object]) -> datetime | None:
    for tag, subsec_tag, offset_tag in ((0x9003, 0x9291, 0x9011), (0x9004, 0x9292, 0x9012)):
        match = _EXIF_DATETIME.search(_clean_text(exif_ifd.get(tag)))
        if not match:
            continue
        try:
            taken = datetime(*(int(part) for part in match.groups()))  # type: ignore[misc]
        except ValueError:
            continue  # "0000:00:00 00:00:00" from cameras whose clock was never set
        subsec = _clean_text(exif_ifd.get(subsec_tag))
        if subsec.isdigit():
            taken = taken.replace(microsecond=int(subsec[:6].ljust(6, "0")))
        offset = _EXIF_OFFSET.fullmatch(_clean_text(exif_ifd.get(offset_tag)))
        if offset:
            delta = timedelta(hours=int(offset[2]), minutes=int(offset[3]))
            if delta < timedelta(hours=15):
                taken = taken.replace(tzinfo=timezone(-delta if offset[1] == "-" else delta))
        return taken
    return None


def _exposure(seconds: float | None) -> str:
    if seconds is None or seconds <= 0:
        return ""
    if seconds < 1:
        denominator = 1 / seconds
        # Cameras store 1/3 s as 0.3 or 10/30; show a fraction only when it is a clean one.
        if abs(denominator - round(denominator)) < 0.05 * denominator:
            return f"1/{round(denominator)}"
        return f"{seconds:.1f}".rstrip("0").rstrip(".")
    return f"{seconds:.1f}".rstrip("0").rstrip(".")


def _gps_coordinate(gps: dict[int, object], value_tag: int, ref_tag: int, limit: float) -> float | None:
    parts = gps.get(value_tag)
    if not isinstance(parts, tuple) or not parts:
        return None
    numbers = [_number(part) for part in parts[:3]]
    if any(n is None for n in numbers):
        return None
    degrees = sum(n / 60**i for i, n in enumerate(numbers))  # type: ignore[operator]
    if not 0 <= degrees <= limit:
        return None
    if _clean_text(gps.get(ref_tag)).upper()[:1] in ("S", "W"):
        degrees = -degrees
    return round(degrees, 7)


def _exif_metadata(exif: Image.Exif) -> dict[str, object]:
    try:
        exif_ifd = dict(exif.get_ifd(ExifTags.IFD.Exif))
        gps = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
    except (KeyError, TypeError, ValueError, OSError, SyntaxError):
        exif_ifd, gps = {}, {}  # a broken sub-IFD loses its fields, not the photo
    iso = _number(exif_ifd.get(0x8827))
    if iso == 65535 and _number(exif_ifd.get(0x8833)):
        iso = _number(exif_ifd.get(0x8833))  # ISO above 65535 lives in ISOSpeed
    exposure = _number(exif_ifd.get(0x829A))
    if exposure is None and (apex := _number(exif_ifd.get(0x9201))) is not None:
        exposure = 2**-apex
    aperture = _number(exif_ifd.get(0x829D))
    if aperture is None and (apex := _number(exif_ifd.get(0x9202))) is not None:
        aperture = 2 ** (apex / 2)
    focal = _number(exif_ifd.get(0x920A))
    latitude = _gps_coordinate(gps, 2, 1, 90)
    longitude = _gps_coordinate(gps, 4, 3, 180)
    if latitude == 0 and longitude == 0:
        latitude = longitude = None  # phones write 0,0 when they had no fix
    if latitude is None or longitude is None:
        latitude = longitude = None
    return {
        "taken_at": _taken_at(exif_ifd),
        "camera_make": _clean_text(exif.get(ExifTags.Base.Make)),
        "camera_model": _clean_text(exif.get(ExifTags.Base.Model)),
        "lens": _clean_text(exif_ifd.get(0xA434)),
        "focal_length_mm": round(focal, 1) if focal and focal > 0 else None,
        "aperture": round(aperture, 1) if aperture and aperture > 0 else None,
        "exposure_time": _exposure(exposure),
        "iso": int(iso) if iso and 0 < iso < 10_000_000 else None,
        "gps_latitude": latitude,
        "gps_longitude": longitude,
    }


def _dominant_color(preview: Image.Image) -> str:
    # The most common colour after a median cut, not the mean: a red boat on a blue sea is blue,
    # not purple.
    quantized = preview.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    _, index = max(quantized.getcolors() or [(1, 0)])
    palette = quantized.getpalette() or [0, 0, 0]
    r, g, b = palette[index * 3 : index * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def _placeholder(preview: Image.Image) -> str:
    tiny = preview.resize(_fit(preview.width, preview.height, PLACEHOLDER_EDGE), Image.Resampling.BOX)
    buffer = io.BytesIO()
    tiny.save(buffer, "WEBP", quality=50, method=6)
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _metadata(decoded: _Decoded) -> PhotoMetadata:
    smallest = decoded.images[min(decoded.images)]
    preview = _flatten(smallest).convert("RGB")
    preview = _resize(preview, _fit(preview.width, preview.height, _PREVIEW_EDGE))
    return PhotoMetadata(
        width=decoded.width,
        height=decoded.height,
        dominant_color=_dominant_color(preview),
        placeholder=_placeholder(preview),
        **_exif_metadata(decoded.exif),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- the pipeline


def process(fp: BinaryIO, specs: Sequence[RenditionSpec], *, max_pixels: int = MAX_PIXELS_DEFAULT) -> ProcessResult:
    """Decode the photo once and make every rendition in `specs`, plus its metadata.

    Never upscales: a spec whose long edge exceeds the photo's is still produced, at the photo's
    own size, so every page has a URL for every spec (the bytes are shared between such specs).
    Renditions come back in the order of `specs`, converted to sRGB, upright, without any metadata.
    With no specs, only the metadata is computed, from a cheap reduced decode.
    Raises ImageRefused for anything it will not process. Rewinds `fp`.
    """
    fp = _seekable(fp)
    try:
        decoded = _decode(fp, [spec.long_edge for spec in specs] or [_PREVIEW_EDGE], max_pixels=max_pixels)
    finally:
        fp.seek(0)
    encoded: dict[tuple[tuple[int, int], str], bytes] = {}
    renditions = []
    for spec in specs:
        image = decoded.images[spec.long_edge]
        key = (image.size, spec.format)
        if key not in encoded:
            encoded[key] = _encode(image, spec.format)
        renditions.append(RenderedImage(spec=spec, data=encoded[key], width=image.width, height=image.height))
    return ProcessResult(metadata=_metadata(decoded), renditions=renditions)
