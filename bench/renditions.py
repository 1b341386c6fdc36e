"""Rendition benchmark: our pipeline against naive Pillow and libvips, on one core, same encoder settings.

    .venv/bin/python bench/renditions.py           # full run, about 3 minutes
    .venv/bin/python bench/renditions.py --quick   # smoke run, under 30 s
    .venv/bin/python bench/renditions.py --sweep   # the encoder quality/effort sweep behind imaging.py's settings

Writes var/bench/renditions.json. Every figure is measured in this run; the photos are drawn afresh
in a temporary directory (camera-like: gradients, shapes, texture and sensor grain, so encoders
work as hard as on real photos).
"""

from __future__ import annotations

import os

# libvips reads its thread count when it is first imported.
os.environ["VIPS_CONCURRENCY"] = "1"

import argparse
import io
import json
import math
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw, ImageFilter, ImageMath, ImageOps
from PIL.TiffImagePlugin import IFDRational

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curation import imaging  # noqa: E402

try:
    import pyvips
except (ImportError, OSError) as exc:  # OSError: the module imports but libvips itself is missing
    pyvips = None
    PYVIPS_ERROR = str(exc)
else:
    pyvips.cache_set_max(0)
    PYVIPS_ERROR = ""

RESULT_PATH = ROOT / "var" / "bench" / "renditions.json"
EDGES = sorted(imaging.LONG_EDGES, reverse=True)
SSIM_TARGET_1600 = 0.99  # pixels of the 1600 px rendition vs a full-decode Lanczos reference
LANCZOS = Image.Resampling.LANCZOS


# --------------------------------------------------------------------------- test photos


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def adobe_rgb_profile() -> bytes:
    """A minimal ICC v2 Adobe RGB (1998) profile: D50-adapted primaries, gamma 563/256."""
    text = b"Adobe RGB (1998) compatible"
    trc = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" + bytes(12 + 67),
        b"wtpt": _xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": _xyz(0.60974, 0.31111, 0.01947),
        b"gXYZ": _xyz(0.20528, 0.62567, 0.06087),
        b"bXYZ": _xyz(0.14919, 0.06322, 0.74457),
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
        + bytes(28) + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + bytes(48)
    )  # fmt: skip
    return header + struct.pack(">I", len(tags)) + table + body


def camera_like(width: int, height: int, seed: int) -> Image.Image:
    """Smooth colour fields, hard-edged shapes, patches of fine texture and sensor grain everywhere."""
    rnd = random.Random(seed)
    fields = Image.new("RGB", (9, 6))
    fields.putdata([tuple(rnd.randrange(30, 230) for _ in range(3)) for _ in range(54)])
    im = fields.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    scale = width / 6000
    for _ in range(160):
        x, y = rnd.randrange(width), rnd.randrange(height)
        r = int(rnd.uniform(20, 500) * scale) + 2
        colour = tuple(rnd.randrange(256) for _ in range(3))
        kind = rnd.random()
        if kind < 0.4:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        elif kind < 0.7:
            draw.rectangle((x, y, x + 2 * r, y + r), outline=colour, width=max(1, int(6 * scale)))
        else:
            end = (rnd.randrange(width), rnd.randrange(height))
            draw.line((x, y, *end), fill=colour, width=max(1, int(rnd.uniform(1, 8) * scale)))
    # Foliage-like texture over about half the frame; the other half stays smooth like sky or bokeh.
    texture = Image.effect_noise((width // 3, height // 3), 60).resize((width, height), Image.Resampling.BILINEAR)
    mask = (
        Image.effect_noise((12, 8), 100)
        .resize((width, height), Image.Resampling.BICUBIC)
        .point(lambda v: 255 if v > 140 else 0)
        .filter(ImageFilter.BoxBlur(int(40 * scale) + 1))
    )
    textured = ImageChops.add(im, Image.merge("RGB", (texture, texture, texture)), 1, -128)
    im = Image.composite(textured, im, mask)
    grain = Image.effect_noise((width, height), 5)
    return ImageChops.add(im, Image.merge("RGB", (grain, grain, grain)), 1, -128)


@dataclass(frozen=True)
class Photo:
    label: str
    path: Path
    megapixels: float
    icc: bool


def camera_exif(model: str, orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Benchmark Camera Co."
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.Exif] = {
        ExifTags.Base.DateTimeOriginal: "2024:06:01 18:30:05",
        ExifTags.Base.ExposureTime: IFDRational(1, 250),
        ExifTags.Base.FNumber: IFDRational(28, 10),
        ExifTags.Base.ISOSpeedRatings: 400,
        ExifTags.Base.FocalLength: IFDRational(50, 1),
        ExifTags.Base.LensModel: "50mm F1.8",
    }
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    return exif


def make_photos(directory: Path, *, draw: bool = True) -> list[Photo]:
    # The 12 MP one is a phone-like portrait (stored sideways, EXIF orientation 6, 4:2:0); the 24 and
    # 45 MP ones are camera-like (4:2:2 as most cameras write it), the 45 MP one in Adobe RGB.
    specs = [
        ("12 MP", 4000, 3000, 6, False, "4:2:0"),
        ("24 MP", 6000, 4000, 1, False, "4:2:2"),
        ("45 MP", 8256, 5504, 1, True, "4:2:2"),
    ]
    photos = []
    for seed, (label, width, height, orientation, icc, subsampling) in enumerate(specs):
        path = directory / f"{label.replace(' ', '')}.jpg"
        if draw:
            extra = {"icc_profile": adobe_rgb_profile()} if icc else {}
            camera_like(width, height, seed).save(
                path, "JPEG", quality=92, subsampling=subsampling, exif=camera_exif(label, orientation), **extra
            )
        photos.append(Photo(label, path, width * height / 1e6, icc))
    return photos


# --------------------------------------------------------------------------- the three pipelines


def ours(photo: Photo) -> dict[str, bytes]:
    with photo.path.open("rb") as fp:
        result = imaging.process(fp, imaging.rendition_specs())
    return {r.spec.name: r.data for r in result.renditions}


def _pillow_save(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.save(buffer, "JPEG", quality=imaging.JPEG_QUALITY, progressive=True, optimize=True)
    else:
        image.save(buffer, "WEBP", quality=imaging.WEBP_QUALITY, method=imaging.WEBP_METHOD)
    return buffer.getvalue()


def naive_pillow(photo: Photo) -> dict[str, bytes]:
    """What a first Django view does: open, convert, thumbnail, save, once per size and format."""
    out = {}
    for spec in imaging.rendition_specs():
        with Image.open(photo.path) as im:
            rgb = im.convert("RGB")
            rgb.thumbnail((spec.long_edge, spec.long_edge))
            out[spec.name] = _pillow_save(rgb, spec.format)
    return out


def _vips_thumbnail(photo: Photo, edge: int):
    # export_profile only when there is a profile: otherwise libvips would convert sRGB to sRGB.
    extra = {"export_profile": "srgb"} if photo.icc else {}
    return pyvips.Image.thumbnail(str(photo.path), edge, height=edge, size="down", **extra)


def _vips_save(image, fmt: str) -> bytes:
    if fmt == "jpeg":
        return image.jpegsave_buffer(Q=imaging.JPEG_QUALITY, interlace=True, optimize_coding=True, keep="none")
    return image.webpsave_buffer(Q=imaging.WEBP_QUALITY, effort=imaging.WEBP_METHOD, keep="none")


def libvips_per_size(photo: Photo) -> dict[str, bytes]:
    """libvips's fast path: thumbnail from the file (shrink-on-load) for each size."""
    out = {}
    for edge in EDGES:
        image = _vips_thumbnail(photo, edge).copy_memory()  # decode once for both formats
        for fmt in ("jpeg", "webp"):
            out[f"{edge}.{fmt}"] = _vips_save(image, fmt)
    return out


def libvips_cascade(photo: Photo) -> dict[str, bytes]:
    """Each size from the previous one, like our pipeline."""
    out = {}
    image = None
    for edge in EDGES:
        if image is None:
            image = _vips_thumbnail(photo, edge).copy_memory()
        else:
            image = pyvips.Image.thumbnail_image(image, edge, height=edge, size="down").copy_memory()
        for fmt in ("jpeg", "webp"):
            out[f"{edge}.{fmt}"] = _vips_save(image, fmt)
    return out


def libvips_pixels(photo: Photo, strategy: str) -> dict[int, Image.Image]:
    """The un-encoded images a libvips strategy makes, for SSIM against the same reference as ours."""
    out: dict[int, Image.Image] = {}
    image = None
    for edge in EDGES:
        if strategy == "libvips cascade" and image is not None:
            image = pyvips.Image.thumbnail_image(image, edge, height=edge, size="down").copy_memory()
        else:
            image = _vips_thumbnail(photo, edge).copy_memory()
        out[edge] = Image.frombytes("RGB", (image.width, image.height), image.write_to_memory())
    return out


@dataclass
class Timing:
    cpu: float  # seconds, best of the repetitions
    wall: float  # seconds, of that same repetition
    outputs: dict[str, bytes]


def _measure(fn: Callable[[], dict[str, bytes]]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = fn()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall, outputs)


def timed_interleaved(pipelines: dict[str, tuple[Callable[[], dict[str, bytes]], int]]) -> dict[str, Timing]:
    """Best CPU time of each pipeline over its repetitions, taken in turns (A B C A B C …).

    Taking turns matters for the ratios: whatever else the machine is doing drifts over a run,
    and a block of A followed by a block of B would charge the drift to one side only.
    """
    best: dict[str, Timing] = {}
    for round_ in range(max(repeats for _fn, repeats in pipelines.values())):
        for name, (fn, repeats) in pipelines.items():
            if round_ < repeats:
                timing = _measure(fn)
                if name not in best or timing.cpu < best[name].cpu:
                    best[name] = timing
    return best


# --------------------------------------------------------------------------- SSIM, pure Pillow

_SSIM_RADIUS = 5
_SSIM_TAPS = [math.exp(-(i * i) / (2 * 1.5**2)) for i in range(-_SSIM_RADIUS, _SSIM_RADIUS + 1)]
_SSIM_WEIGHTS = [tap / sum(_SSIM_TAPS) for tap in _SSIM_TAPS]


def _gaussian(image: Image.Image) -> Image.Image:
    """11-tap sigma 1.5 Gaussian, 'valid' region only, on a mode F image (Pillow's blurs refuse F)."""
    width, height = image.size
    span = 2 * _SSIM_RADIUS
    for box in (lambda k: (k, 0, k + width - span, height), lambda k: (0, k, width - span, k + height - span)):
        total = None
        for k, weight in enumerate(_SSIM_WEIGHTS):
            part = image.crop(box(k))
            if total is None:
                total = ImageMath.lambda_eval(lambda a, w=weight: a["p"] * w, p=part)
            else:
                total = ImageMath.lambda_eval(lambda a, w=weight: a["t"] + a["p"] * w, t=total, p=part)
        image = total
    return image


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM on luma (Wang et al. 2004: Gaussian window 11, sigma 1.5, K1 0.01, K2 0.03)."""
    if a.size != b.size:
        raise ValueError(f"sizes differ: {a.size} vs {b.size}")
    x, y = a.convert("L").convert("F"), b.convert("L").convert("F")
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _gaussian(x), _gaussian(y)
    xx = _gaussian(ImageMath.lambda_eval(lambda v: v["x"] * v["x"], x=x))
    yy = _gaussian(ImageMath.lambda_eval(lambda v: v["y"] * v["y"], y=y))
    xy = _gaussian(ImageMath.lambda_eval(lambda v: v["x"] * v["y"], x=x, y=y))
    index = ImageMath.lambda_eval(
        lambda v: ((v["mx"] * v["my"] * 2 + c1) * ((v["xy"] - v["mx"] * v["my"]) * 2 + c2))
        / (
            (v["mx"] * v["mx"] + v["my"] * v["my"] + c1)
            * (v["xx"] - v["mx"] * v["mx"] + v["yy"] - v["my"] * v["my"] + c2)
        ),
        mx=mx, my=my, xx=xx, yy=yy, xy=xy,
    )  # fmt: skip
    return float(index.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0)))  # type: ignore[arg-type]


def full_decode(photo: Photo) -> Image.Image:
    """Full decode (no DCT scaling), sRGB, upright: what references are resized from."""
    with Image.open(photo.path) as im:
        upright = ImageOps.exif_transpose(im)  # no draft is ever set here
        icc = im.info.get("icc_profile")
    rgb = upright.convert("RGB")
    if icc:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        rgb = ImageCms.profileToProfile(rgb, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    return rgb


def ssim_to_reference(full: Image.Image, image: Image.Image) -> float:
    """SSIM against one Lanczos resize of the full decode to the same size: the quality we must not lose."""
    return ssim(image, full.resize(image.size, LANCZOS))


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


# --------------------------------------------------------------------------- single measurements


def first_thumbnail_cpu_ms(photo: Photo, repeats: int) -> tuple[float, float]:
    """CPU ms for THUMBNAIL_SPECS alone: best and median."""
    samples = []
    for _ in range(repeats):
        with photo.path.open("rb") as fp:
            start = time.process_time()
            imaging.process(fp, imaging.THUMBNAIL_SPECS)
            samples.append((time.process_time() - start) * 1000)
    return min(samples), statistics.median(samples)


def thumbnail_floor_cpu_ms(photo: Photo, repeats: int) -> tuple[float, float | None]:
    """What no pipeline can skip: Pillow's 1/8-scale decode alone, and libvips's own 320 px thumbnail."""
    decode = vips = math.inf
    for _ in range(repeats):
        start = time.process_time()
        with Image.open(photo.path) as im:
            im.draft(None, (imaging.THUMBNAIL_EDGE, imaging.THUMBNAIL_EDGE))
            im.load()
        decode = min(decode, time.process_time() - start)
        if pyvips is not None:
            start = time.process_time()
            _vips_thumbnail(photo, imaging.THUMBNAIL_EDGE).copy_memory()
            vips = min(vips, time.process_time() - start)
    return decode * 1000, (vips * 1000 if pyvips is not None else None)


_RSS_PROBE = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from curation import imaging
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[2], "rb") as fp:
    imaging.process(fp, imaging.rendition_specs())
print(baseline, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mb(photo: Photo) -> tuple[float, float]:
    """(peak RSS after processing, RSS after imports) in MB, measured in a fresh interpreter.

    Linux carries the parent's high-water mark into a child's ru_maxrss, so this runs while the
    parent is still small (the photos are drawn in another child, see main).
    """
    out = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, str(ROOT), str(photo.path)], capture_output=True, text=True, check=True
    ).stdout.split()
    baseline_kb, peak_kb = int(out[0]), int(out[1])  # ru_maxrss is in KiB on Linux
    return peak_kb / 1024, baseline_kb / 1024


# --------------------------------------------------------------------------- encoder sweep


def sweep(photo: Photo) -> None:
    """Size, encode time and SSIM of the 1600 px rendition across qualities and efforts."""
    with photo.path.open("rb") as fp:
        pixels = imaging.decode_resized(fp, imaging.LONG_EDGES)[1600]
    rows = [("jpeg", q, None) for q in (75, 80, 82, 85, 88, 90)]
    rows += [("webp", q, m) for q in (75, 80, 85, 90) for m in (0, 1, 2, 4, 6)]
    rows += [("avif", q, s) for q in (50, 60, 70, 80) for s in (6, 8, 9)]
    print(f"\nEncoder sweep on the 1600 px rendition of the {photo.label} photo (SSIM vs un-encoded pixels)")
    print(f"{'format':6} {'q':>3} {'effort':>6} {'KB':>6} {'ms':>7} {'SSIM':>7}")
    for fmt, quality, effort in rows:
        options: dict[str, object] = {"quality": quality}
        if fmt == "jpeg":
            options.update(progressive=True, optimize=True)
        elif fmt == "webp":
            options.update(method=effort)
        else:
            options.update(speed=effort, max_threads=1)
        cpu = math.inf
        for _ in range(1 if fmt == "avif" else 3):
            buffer = io.BytesIO()
            start = time.process_time()
            pixels.save(buffer, fmt.upper(), **options)
            cpu = min(cpu, time.process_time() - start)
        data = buffer.getvalue()
        score = ssim(decoded(data), pixels)
        shown_effort = "-" if effort is None else effort
        print(f"{fmt:6} {quality:>3} {shown_effort:>6} {len(data) / 1000:6.0f} {cpu * 1000:7.1f} {score:7.4f}")


# --------------------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, a smoke run under 30 s")
    parser.add_argument("--sweep", action="store_true", help="only the encoder quality/effort sweep")
    parser.add_argument("--draw", metavar="DIR", help=argparse.SUPPRESS)  # internal: draw the photos into DIR
    args = parser.parse_args()
    if args.draw:
        make_photos(Path(args.draw))
        return
    if hasattr(os, "sched_setaffinity"):
        # One core for everything: libvips's and libheif's helper threads included.
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    with tempfile.TemporaryDirectory(prefix="bench-renditions-") as tmp:
        started = time.perf_counter()
        # Drawing 45 MP in this process would raise its RSS high-water mark to ~1 GB, which Linux
        # then reports as the RSS of every child, the memory probe included.
        subprocess.run([sys.executable, __file__, "--draw", tmp], check=True)
        photos = make_photos(Path(tmp), draw=False)
        print(f"Drew {len(photos)} camera-like JPEGs in {time.perf_counter() - started:.1f} s")
        by_label = {photo.label: photo for photo in photos}
        if args.sweep:
            sweep(by_label["24 MP"])
            return
        run(photos, by_label, quick=args.quick)


def run(photos: list[Photo], by_label: dict[str, Photo], *, quick: bool) -> None:
    repeats = 1 if quick else 5
    if pyvips is None:
        print(f"pyvips unavailable ({PYVIPS_ERROR}): no libvips comparison this run")
    rss_peak, rss_baseline = peak_rss_mb(by_label["45 MP"])  # first, while this process is small
    # Warm up imports, plugin registration and lazy initialisation outside the timings.
    with by_label["12 MP"].path.open("rb") as fp:
        imaging.process(fp, imaging.THUMBNAIL_SPECS)

    per_photo: dict[str, dict[str, object]] = {}
    header = f"{'photo':6} {'pipeline':22} {'CPU ms':>8} {'wall ms':>8} {'KB out':>8} {'vs ours':>8}"
    specs = len(imaging.rendition_specs())
    print(f"\nFull JPEG+WebP set ({specs} renditions), one core, best of {repeats}, the pipelines taking turns")
    print(header)
    print("-" * len(header))
    for photo in photos:
        compare = not quick or photo.label == "24 MP"  # the smoke run compares on the 24 MP photo only
        pipelines: dict[str, tuple[Callable[[], dict[str, bytes]], int]] = {"ours": (lambda p=photo: ours(p), repeats)}
        if compare:
            pipelines["naive Pillow"] = (lambda p=photo: naive_pillow(p), 1 if quick else 2)
        if pyvips is not None and compare:
            pipelines["libvips per size"] = (lambda p=photo: libvips_per_size(p), repeats)
            pipelines["libvips cascade"] = (lambda p=photo: libvips_cascade(p), repeats)
        timings = timed_interleaved(pipelines)
        for name, timing in timings.items():
            kb = sum(len(data) for data in timing.outputs.values()) / 1000
            ratio = timing.cpu / timings["ours"].cpu
            cpu_ms, wall_ms = timing.cpu * 1000, timing.wall * 1000
            print(f"{photo.label:6} {name:22} {cpu_ms:8.0f} {wall_ms:8.0f} {kb:8.0f} {ratio:7.2f}x")
        per_photo[photo.label] = {name: timing for name, timing in timings.items()}

    photo = by_label["24 MP"]
    rows = per_photo[photo.label]
    ours_24: Timing = rows["ours"]  # type: ignore[assignment]
    naive_24: Timing = rows["naive Pillow"]  # type: ignore[assignment]
    vips_24: Timing | None = None
    vips_strategy = None
    if pyvips is not None:
        vips_strategy = min(("libvips per size", "libvips cascade"), key=lambda n: rows[n].cpu)  # type: ignore[attr-defined]
        vips_24 = rows[vips_strategy]  # type: ignore[assignment]

    # Quality: the pixels our full-set run encodes, and the decoded renditions, against the reference.
    with photo.path.open("rb") as fp:
        our_pixels = imaging.decode_resized(fp, imaging.LONG_EDGES)
    per_size = []
    ssim_edges = (1600,) if quick else EDGES
    full = full_decode(photo)
    vips_pixels = libvips_pixels(photo, vips_strategy) if vips_strategy else {}
    for edge in EDGES:
        entry: dict[str, object] = {
            "long_edge": edge,
            "width": our_pixels[edge].width,
            "height": our_pixels[edge].height,
            "jpeg_kb": round(len(ours_24.outputs[f"{edge}.jpeg"]) / 1000, 1),
            "webp_kb": round(len(ours_24.outputs[f"{edge}.webp"]) / 1000, 1),
        }
        if edge in ssim_edges:
            entry["ssim_pixels"] = round(ssim_to_reference(full, our_pixels[edge]), 4)
            entry["ssim_jpeg"] = round(ssim_to_reference(full, decoded(ours_24.outputs[f"{edge}.jpeg"])), 4)
            entry["ssim_webp"] = round(ssim_to_reference(full, decoded(ours_24.outputs[f"{edge}.webp"])), 4)
            entry["naive_ssim_jpeg"] = round(ssim_to_reference(full, decoded(naive_24.outputs[f"{edge}.jpeg"])), 4)
            if vips_24 is not None:
                vips_jpeg = decoded(vips_24.outputs[f"{edge}.jpeg"])
                entry["libvips_ssim_pixels"] = round(ssim_to_reference(full, vips_pixels[edge]), 4)
                entry["libvips_ssim_jpeg"] = round(ssim_to_reference(full, vips_jpeg), 4)
        if vips_24 is not None:
            entry["libvips_jpeg_kb"] = round(len(vips_24.outputs[f"{edge}.jpeg"]) / 1000, 1)
            entry["libvips_webp_kb"] = round(len(vips_24.outputs[f"{edge}.webp"]) / 1000, 1)
        per_size.append(entry)
    del full
    size_1600 = next(e for e in per_size if e["long_edge"] == 1600)

    thumb_best, thumb_median = first_thumbnail_cpu_ms(photo, 5 if quick else 15)
    floor_decode, floor_vips = thumbnail_floor_cpu_ms(photo, 3 if quick else 10)

    speedup = naive_24.cpu / ours_24.cpu
    ratio_vips = ours_24.cpu / vips_24.cpu if vips_24 is not None else None
    summary = {
        "photos_per_s_per_core": round(1 / ours_24.cpu, 2),
        "speedup_vs_naive_pillow": round(speedup, 2),
        "ratio_to_libvips": round(ratio_vips, 3) if ratio_vips is not None else None,
        "libvips_strategy": vips_strategy,
        "peak_rss_mb": round(rss_peak, 1),
        "baseline_rss_mb": round(rss_baseline, 1),
        "first_thumbnail_cpu_ms": round(thumb_best, 1),
        "first_thumbnail_cpu_ms_median": round(thumb_median, 1),
        "thumbnail_jpeg_decode_only_cpu_ms": round(floor_decode, 1),
        "libvips_thumbnail_320_cpu_ms": round(floor_vips, 1) if floor_vips is not None else None,
        "ssim_1600": size_1600["ssim_pixels"],
        "ssim_1600_jpeg": size_1600["ssim_jpeg"],
        "ssim_1600_target": SSIM_TARGET_1600,
    }
    print(f"\n24 MP photo — ours {ours_24.cpu * 1000:.0f} ms CPU ({summary['photos_per_s_per_core']} photos/s/core)")
    print(f"  vs naive Pillow : {speedup:5.2f}x faster   (target >= 2.5x)")
    if ratio_vips is not None:
        print(f"  vs libvips      : {ratio_vips:5.3f} of its time, its best strategy: {vips_strategy} (target <= 1)")
    else:
        print("  vs libvips      : not measured (pyvips unavailable)")
    print(f"  first thumbnail : {thumb_best:.1f} ms CPU best, {thumb_median:.1f} median (target < 80)")
    vips_floor = f", libvips's own 320 px thumbnail {floor_vips:.1f} ms" if floor_vips is not None else ""
    print(f"                    of which unavoidable: 1/8-scale JPEG decode alone {floor_decode:.1f} ms{vips_floor}")
    print(f"  45 MP peak RSS  : {rss_peak:.0f} MB (interpreter with imports: {rss_baseline:.0f} MB; target < 200)")
    print("\nPer size, 24 MP photo: bytes, and SSIM (luma) of the pixels and of the decoded JPEG")
    print("against a full-decode Lanczos reference of the same size")
    columns = {
        "long_edge": "edge",
        "jpeg_kb": "JPEG KB",
        "webp_kb": "WebP KB",
        "ssim_pixels": "ours px",
        "libvips_ssim_pixels": "libvips px",
        "ssim_jpeg": "ours JPEG",
        "naive_ssim_jpeg": "naive JPEG",
        "libvips_ssim_jpeg": "libvips JPEG",
    }
    print(" ".join(f"{title:>12}" for title in columns.values()))
    for entry in per_size:
        print(" ".join(f"{entry.get(key, '-')!s:>12}" for key in columns))
    print(f"\nssim_1600 = {summary['ssim_1600']} (target >= {SSIM_TARGET_1600})")

    result = {
        **summary,
        "quick": quick,
        "settings": {
            "jpeg_quality": imaging.JPEG_QUALITY,
            "webp_quality": imaging.WEBP_QUALITY,
            "webp_method": imaging.WEBP_METHOD,
            "progressive_jpeg": True,
        },
        "per_size_24mp": per_size,
        "per_photo": {
            label: {
                name: {
                    "cpu_ms": round(t.cpu * 1000, 1),
                    "wall_ms": round(t.wall * 1000, 1),
                    "bytes": sum(len(d) for d in t.outputs.values()),
                }
                for name, t in timings.items()
            }
            for label, timings in per_photo.items()
        },
        "versions": {
            "python": sys.version.split()[0],
            "pillow": Image.__version__,
            "libvips": ".".join(str(pyvips.version(i)) for i in range(3)) if pyvips else None,
        },
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {RESULT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
