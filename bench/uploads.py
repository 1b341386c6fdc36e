"""Upload cost: the request CPU of hostile files at the size limit, against an ordinary 24 MP photo.

    .venv/bin/python bench/uploads.py               # every file at the size limit, three rounds: about 4 minutes
    .venv/bin/python bench/uploads.py --quick       # 8 MB files, one round: under a minute
    .venv/bin/python bench/uploads.py --unbounded   # also what Pillow alone spends opening each file and
                                                    # counting its frames, as the request did before (10 s cap)

Runs on the embedded defaults (SQLite, local media, the filesystem broker) in a temporary directory. Each file is
built here, the smallest pieces its format allows repeated up to CURATION_MAX_UPLOAD_MB less 1 MB (a flood of
frames, sub-blocks, chunks, segments, pages or boxes; a metadata bomb padded with zeros after its end), or as the
issue describes it (a 24 MB GIF of a million frames), or small where a small file is the attack (pixel bombs).
Each is sent as the upload page's script sends it: one POST of one file to the upload endpoint, through Django's
test client, every middleware and the session included. Request CPU is the process's CPU (user and system) from
request_started to request_finished: the server's side, from reading the multipart body into a temporary file to
the answer, not the client's encoding of it. Its parts are measured on the same file apart: the validation the
view runs (ingest.ingest, as it is called), the hashing in it, and imaging.probe. The worst of the rounds counts.

Baselines, in the same run: ordinary camera JPEGs (sensor-like noise at quality 95) of 24 MP (about 25 MB) and of
88 MP (near the size limit), sent the same way; they are kept, so their requests also copy them to storage and
queue their thumbnails. Each file's ratio is against the photo nearest it in size. Target: no file costs more
than 0.5 s of request CPU. Writes var/bench/uploads.json.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import io
import json
import multiprocessing
import resource
import shutil
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from _common import bench_workdir, private_django

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "uploads.json"
TARGET_SECONDS = 0.5
UNBOUNDED_CPU_LIMIT = 10  # seconds: Pillow alone on some of these files would run for minutes
MB = 1024 * 1024


# --------------------------------------------------------------------------- the files


def repeat(head: bytes, piece: bytes, tail: bytes, size: int) -> bytes:
    """`head`, then `piece` as many times as fits in `size` with `tail`, then `tail`."""
    return head + piece * max(1, (size - len(head) - len(tail)) // len(piece)) + tail


def padded(data: bytes, size: int) -> bytes:
    """The file with zeros after its end up to `size`: what the request hashes, and what Pillow never reads."""
    return data + bytes(max(0, size - len(data)))


def camera_jpeg(index: int, size: tuple[int, int] = (6000, 4000)) -> bytes:
    """A JPEG of sensor-like noise at quality 95 (24 MP: about 25 MB) with a camera's EXIF; a comment makes each
    `index` a different file."""
    from PIL import Image

    image = Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Fujifilm", "X-T5"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif)
    data = buffer.getvalue()
    comment = f"upload bench {index}".encode()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


GIF_SCREEN = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
GIF_CONTROL = b"\x21\xf9\x04\x00\x01\x00\x00\x00"
GIF_FRAME = GIF_CONTROL + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"  # 23 bytes


def gif_screen(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"


def gif_frame_head(width: int, height: int) -> bytes:
    return GIF_CONTROL + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02"


def gif_animation(size: int, frames: int = 100) -> bytes:
    """What an encoder writes: frames of data in 255-byte sub-blocks."""
    frame = gif_frame_head(1000, 1000) + (b"\xff" + bytes(255)) * (size // frames // 256) + b"\x00"
    return gif_screen(1000, 1000) + frame * frames + b";"


def png(chunks: bytes, size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "PNG")
    data = buffer.getvalue()
    return data[:33] + chunks + data[33:]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_flood(piece: bytes, size: int) -> bytes:
    return png(piece * max(1, (size - 100) // len(piece)))


def png_pixel_bomb() -> bytes:
    """20,000 x 20,000 grey pixels of zeros, compressed: 400 MP in about 400 KB."""
    width = height = 20_000
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    compressor = zlib.compressobj(9)
    row = bytes(width + 1)
    data = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def jpeg(segments: bytes) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[:2] + segments + data[2:]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def jpeg_flood(segment: bytes, size: int) -> bytes:
    return jpeg(segment * max(1, (size - 1000) // len(segment)))


def jpeg_exif_rationals(size: int) -> bytes:
    """2 MB of EXIF over APP1 segments (Pillow joins them) whose XResolution is 250,000 rationals."""
    count = 250_000
    directory = struct.pack("<H", 2) + struct.pack("<HHII", 0x011A, 5, count, 8 + 2 + 24 + 4)
    directory += struct.pack("<HHI", 0x0128, 3, 1) + struct.pack("<HH", 2, 0) + struct.pack("<I", 0)
    exif = b"II*\x00" + struct.pack("<I", 8) + directory + struct.pack("<II", 72, 1) * count
    segments = b"".join(
        jpeg_segment(0xFFE1, b"Exif\x00\x00" + exif[i : i + 65_000]) for i in range(0, len(exif), 65_000)
    )
    return padded(jpeg(segments), size)


def jpeg_pixel_bomb() -> bytes:
    data = bytearray(jpeg(b""))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", 65_000, 65_000)
    return bytes(data)


TIFF_ENTRIES = [(256, 4, 1, 1), (257, 4, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1)]
TIFF_ENTRIES += [(273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 1), (279, 4, 1, 1), (284, 3, 1, 1)]


def tiff_directory(entries: list[tuple[int, int, int, int]], following: int) -> bytes:
    table = b"".join(struct.pack("<HHII", *entry) for entry in sorted(entries))
    return struct.pack("<H", len(entries)) + table + struct.pack("<I", following)


def tiff_pages(size: int) -> bytes:
    """1x1 pages sharing one pixel, 126 bytes each."""
    page = tiff_directory(TIFF_ENTRIES, 0)[:-4]
    step = len(page) + 4
    pages = (size - 16) // step
    out = bytearray(b"II*\x00" + struct.pack("<I", 10) + b"\x80\x00")
    for number in range(1, pages + 1):
        out += page + struct.pack("<I", 10 + number * step if number < pages else 0)
    return bytes(out)


def tiff_with(extra: list[tuple[int, int, int, bytes]], size: int, entries=TIFF_ENTRIES) -> bytes:
    """One 1x1 page whose directory also holds `extra` (tag, type, count, value bytes), padded to `size`."""
    values_at = 10 + 2 + 12 * (len(entries) + len(extra)) + 4
    table, values = list(entries), b""
    for tag, kind, count, value in extra:
        table.append((tag, kind, count, values_at + len(values)))
        values += value
    data = b"II*\x00" + struct.pack("<I", 10) + b"\x80\x00" + tiff_directory(table, 0) + values
    return padded(data, size)


def tiff_rationals(size: int) -> bytes:
    count = (size - 400) // 8
    return tiff_with([(282, 5, count, struct.pack("<II", 72, 1) * count)], size)


def tiff_strips(size: int) -> bytes:
    """Uncompressed, two rows a page and one a strip: Pillow's Python makes a tile of every strip offset."""
    count = (size - 400) // 8
    entries = [entry for entry in TIFF_ENTRIES if entry[0] not in (257, 273, 279)] + [(257, 4, 1, 2)]
    strips = [(273, 4, count, struct.pack("<I", 8) * count), (279, 4, count, struct.pack("<I", 1) * count)]
    return tiff_with(strips, size, entries)


def tiff_wide_directory(size: int) -> bytes:
    taken = {entry[0] for entry in TIFF_ENTRIES}
    tags = [tag for tag in range(1, 65_536) if tag not in taken][: 65_535 - len(TIFF_ENTRIES)]
    return tiff_with([(tag, 1, 1, b"") for tag in tags], size)


def riff(body: bytes) -> bytes:
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def webp_chunks() -> list[bytes]:
    """VP8X, ANIM and two ANMF chunks of a lossless animation of two 1x1 frames, as Pillow writes them."""
    from PIL import Image

    buffer = io.BytesIO()
    first, second = Image.new("RGB", (1, 1), (255, 0, 0)), Image.new("RGB", (1, 1), (0, 0, 255))
    first.save(buffer, "WEBP", save_all=True, append_images=[second], lossless=True, duration=10)
    data, position, chunks = buffer.getvalue(), 12, []
    while position < len(data):
        length = struct.unpack_from("<I", data, position + 4)[0]
        chunks.append(data[position : position + 8 + length + (length & 1)])
        position += 8 + length + (length & 1)
    return chunks


def webp_frames(size: int) -> bytes:
    vp8x, anim, frame, _ = webp_chunks()
    return riff(vp8x + anim + frame * ((size - 100) // len(frame)))


def webp_empty_chunks(size: int) -> bytes:
    return riff(b"".join(webp_chunks()) + b"ZZZZ\x00\x00\x00\x00" * ((size - 200) // 8))


def webp_alpha_chunks(size: int) -> bytes:
    count = (size - 100) // 10
    vp8x, anim, frame, _ = webp_chunks()
    flood = b"ANMF" + struct.pack("<I", 16 + 10 * count) + bytes(16) + b"ALPH\x02\x00\x00\x00\x00\x00" * count
    return riff(vp8x + anim + flood)


def bmff_boxes(data: bytes) -> list[tuple[bytes, int, int]]:
    position, boxes = 0, []
    while position + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        boxes.append((kind, position, length))
        position += length
    return boxes


def avif_empty_boxes_in_meta(size: int) -> bytes:
    """A 64x48 AVIF whose `meta` box ends with empty boxes up to `size` (libavif walks each)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 30)).save(buffer, "AVIF")
    data = buffer.getvalue()
    _, position, length = next(box for box in bmff_boxes(data) if box[0] == b"meta")
    flood = b"\x00\x00\x00\x08free" * ((size - len(data)) // 8)
    meta = struct.pack(">I", length + len(flood)) + data[position + 4 : position + length] + flood
    return data[:position] + meta + data[position + length :]


def heic_empty_boxes(size: int) -> bytes:
    """A 64x48 HEIC followed by empty boxes up to `size` (libheif walks each)."""
    import pillow_heif
    from PIL import Image

    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (30, 60, 200))).save(buffer, quality=50)
    data = buffer.getvalue()
    return data + b"\x00\x00\x00\x08free" * ((size - len(data)) // 8)


def hostile_files(size: int) -> dict[str, Callable[[], bytes]]:
    """What each file is, and how to build it at `size` bytes (some are small on purpose)."""
    empty_png = png_chunk(b"ruSt", b"")
    keyless_text = png_chunk(b"zTXt", b"\x00\x00" + zlib.compress(bytes(MB), 9))  # 1 KB, inflates to 1 MB
    profile = png_chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(bytes(MB), 9))
    frame_header = jpeg_segment(0xFFC0, b"\x08\x00\x10\x00\x10\x03" + bytes(65_000))
    photoshop = jpeg_segment(0xFFED, b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00\x00\x00\x00\x00" * 5_400)
    tables = jpeg_segment(0xFFDB, (b"\x00" + b"\x01" * 64) * 1_000)
    return {
        "GIF, a million 1x1 frames (24 MB, the issue's)": lambda: repeat(GIF_SCREEN, GIF_FRAME, b";", 23_000_000),
        "GIF, 1x1 frames": lambda: repeat(GIF_SCREEN, GIF_FRAME, b";", size),
        "GIF, one frame of 1-byte sub-blocks": lambda: repeat(
            gif_screen(1000, 1000) + gif_frame_head(1000, 1000), b"\x01\x00", b"\x00;", size
        ),
        "GIF, a comment of 1-byte sub-blocks": lambda: repeat(
            GIF_SCREEN + b"\x21\xfe", b"\x01a", b"\x00" + GIF_FRAME + b";", size
        ),
        "GIF, extensions before the first frame": lambda: repeat(GIF_SCREEN, GIF_CONTROL, GIF_FRAME + b";", size),
        "PNG, empty chunks": lambda: png_flood(empty_png, size),
        "PNG, empty text chunks": lambda: png_flood(png_chunk(b"tEXt", b"k\x00"), size),
        "PNG, keyless zTXt bombs (1 KB -> 1 MB each)": lambda: png_flood(keyless_text, size),
        "PNG, ICC profile bombs (1 KB -> 1 MB each)": lambda: png_flood(profile, size),
        "APNG declaring a million frames": lambda: padded(png(png_chunk(b"acTL", struct.pack(">II", 10**6, 0))), size),
        "PNG pixel bomb, 400 MP": png_pixel_bomb,
        "JPEG, empty comments": lambda: jpeg_flood(b"\xff\xfe\x00\x02", size),
        "JPEG, frame headers": lambda: jpeg_flood(frame_header, size),
        "JPEG, Photoshop resource blocks": lambda: jpeg_flood(photoshop, size),
        "JPEG, quantisation tables": lambda: jpeg_flood(tables, size),
        "JPEG, EXIF of 250,000 rationals": lambda: jpeg_exif_rationals(size),
        "JPEG, junk bytes between segments": lambda: jpeg(jpeg_segment(0xFFFE, b"x") + bytes(size - 2000)),
        "JPEG pixel bomb, 65,000 x 65,000": jpeg_pixel_bomb,
        "TIFF, 1x1 pages": lambda: tiff_pages(size),
        "TIFF, resolution of rationals": lambda: tiff_rationals(size),
        "TIFF, uncompressed strips": lambda: tiff_strips(size),
        "TIFF, directory of 65,535 entries": lambda: tiff_wide_directory(size),
        "WebP, 1x1 frames": lambda: webp_frames(size),
        "WebP, empty chunks": lambda: webp_empty_chunks(size),
        "WebP, one frame of alpha chunks": lambda: webp_alpha_chunks(size),
        "AVIF, empty boxes in meta": lambda: avif_empty_boxes_in_meta(size),
        "HEIC, empty boxes at the top": lambda: heic_empty_boxes(size),
        "GIF animation, 100 frames (a real one)": lambda: gif_animation(24 * MB),
    }


# --------------------------------------------------------------------------- measuring


class RequestClock:
    """The process CPU between request_started and request_finished: the server's side of a test client POST."""

    def __init__(self) -> None:
        from django.core.signals import request_finished, request_started

        self.started = self.spent = 0.0
        request_started.connect(self._start, weak=False)
        request_finished.connect(self._finish, weak=False)

    def _start(self, **kwargs) -> None:
        self.started = time.process_time()

    def _finish(self, **kwargs) -> None:
        self.spent = time.process_time() - self.started


def cpu(run: Callable[[], object]) -> tuple[float, object]:
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def pillow_alone(path: Path, channel) -> None:
    """In a child process: the open and the frame count the request made before its work was bounded."""
    from PIL import Image

    from curation import imaging  # noqa: F401  (registers the HEIF opener)

    resource.setrlimit(resource.RLIMIT_CPU, (UNBOUNDED_CPU_LIMIT, UNBOUNDED_CPU_LIMIT + 1))
    started = time.process_time()
    try:
        with path.open("rb") as fp:
            head = fp.read(4096)
            fp.seek(0)
            detected = imaging._sniff(head)
            image = Image.open(fp, formats=(detected,))
            getattr(image, "n_frames", 1)
    except Exception:  # noqa: BLE001, S110 - refused by Pillow: the time is what counts
        pass
    channel.send(time.process_time() - started)


def unbounded_seconds(path: Path) -> float | None:
    """Pillow alone on the file, or None when it ran past UNBOUNDED_CPU_LIMIT seconds."""
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=pillow_alone, args=(path, sending))
    child.start()
    child.join()
    return receiving.recv() if receiving.poll() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 MB files and one round, a smoke run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--unbounded", action="store_true", help="also time Pillow alone on each file (in a child)")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds

    workdir = bench_workdir("uploads")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    private_django("uploads", workdir, DJANGO_ALLOWED_HOSTS="testserver")

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from curation import imaging, ingest, roles, services

    call_command("migrate", verbosity=0)
    photographers = roles.roles_ensure()[roles.PHOTOGRAPHERS]
    users = get_user_model().objects
    size = 8 * MB if args.quick else settings.CURATION_MAX_UPLOAD_BYTES - MB
    upload_url = reverse("curation:upload-file")
    clock = RequestClock()
    files_dir = workdir / "files"
    files_dir.mkdir()
    made = iter(range(10**6))

    def photographer():
        user = users.create(username=f"photographer-{next(made)}", password=make_password(None))
        user.groups.add(photographers)
        return user

    def post(path: Path, name: str) -> tuple[float, dict]:
        """One POST of the file as the upload page's script sends it, by a photographer who has nothing yet."""
        client = Client()
        client.force_login(photographer())
        with path.open("rb") as fp:
            response = client.post(upload_url, {"file": fp}, headers={"accept": "application/json"})
        answer = response.json()
        return clock.spent, {"status": answer["status"], "code": answer.get("code", ""), "message": answer["message"]}

    def validation(path: Path) -> tuple[float, float, float]:
        """The view's own call (ingest.ingest on the uploaded file), and the hashing and probe within it."""
        owner = photographer()
        with path.open("rb") as fp:
            upload = TemporaryUploadedFile(path.name, "application/octet-stream", path.stat().st_size, None)
            shutil.copyfileobj(fp, upload)
        try:
            upload.seek(0)
            ingest_cpu, _ = cpu(lambda: ingest.ingest(owner=owner, stream=upload, filename=path.name))
            hash_cpu, _ = cpu(lambda: services._hash_and_size(upload))

            def probe() -> None:
                with contextlib.suppress(imaging.ImageRefused):
                    imaging.probe(upload, max_pixels=settings.CURATION_MAX_PIXELS)

            probe_cpu, _ = cpu(probe)
        finally:
            upload.close()
        return ingest_cpu, hash_cpu, probe_cpu

    def measure(label: str, build: Callable[[int], bytes]) -> dict:
        request_cpu, parts, answer, length = 0.0, (0.0, 0.0, 0.0), {}, 0
        for round_ in range(rounds):
            data = build(round_)
            length = len(data)
            path = files_dir / "upload.bin"
            path.write_bytes(data)
            del data
            spent, answer = post(path, "IMG_0001.jpg")
            request_cpu = max(request_cpu, spent)
            parts = tuple(max(a, b) for a, b in zip(parts, validation(path), strict=True))
        row = {
            "file": label,
            "megabytes": round(length / MB, 1),
            "answer": answer["code"] or answer["status"],
            "message": answer["message"],
            "request_cpu_ms": round(request_cpu * 1000, 1),
            "validation_cpu_ms": round(parts[0] * 1000, 1),
            "hash_cpu_ms": round(parts[1] * 1000, 1),
            "probe_cpu_ms": round(parts[2] * 1000, 1),
        }
        if args.unbounded:
            path.write_bytes(build(0))
            alone = unbounded_seconds(path)
            row["pillow_alone_cpu_ms"] = None if alone is None else round(alone * 1000, 1)
        path.unlink()
        return row

    print(f"Building and sending each file {rounds} time(s); sizes up to {size / MB:.0f} MB.")
    # The ordinary photos: what any file of their size costs (reading the body, hashing, storing), checks included.
    baselines = [measure("JPEG, 24 MP camera photo (baseline)", camera_jpeg)]
    if not args.quick:
        large = measure("JPEG, 88 MP photo near the limit (baseline)", lambda n: camera_jpeg(n, (11_000, 8_000)))
        baselines.append(large)
    rows = []
    for label, build in hostile_files(size).items():
        data = build()
        rows.append(measure(label, lambda n, data=data: data))
        del data
    for row in rows:
        # Against the ordinary photo nearest in size: reading and hashing the body cost the same per byte.
        baseline = min(baselines, key=lambda base: abs(base["megabytes"] - row["megabytes"]))
        row["baseline"] = baseline["file"].removesuffix(" (baseline)")
        row["baseline_request_cpu_ms"] = baseline["request_cpu_ms"]
        row["ratio_to_baseline"] = round(row["request_cpu_ms"] / baseline["request_cpu_ms"], 2)

    def line(row: dict) -> str:
        alone = ""
        if args.unbounded:
            ms = row["pillow_alone_cpu_ms"]
            alone = f"  {f'> {UNBOUNDED_CPU_LIMIT} s' if ms is None else f'{ms:8.0f} ms':>11}"
        return (
            f"  {row['file'][:46]:46s} {row['megabytes']:6.1f} {row['answer'][:15]:15s}"
            f" {row['request_cpu_ms']:8.1f} {row['validation_cpu_ms']:8.1f} {row['hash_cpu_ms']:7.1f}"
            f" {row['probe_cpu_ms']:7.1f}{alone}"
        )

    print(f"\nRequest CPU per file, worst of {rounds} (ms; validation = ingest.ingest, of which hash and probe):")
    heading = f"  {'file':46s} {'MB':>6s} {'answer':15s} {'request':>8s} {'validate':>8s} {'hash':>7s} {'probe':>7s}"
    print(heading + (f"  {'Pillow alone':>11s}" if args.unbounded else ""))
    for baseline in baselines:
        print(line(baseline) + "   <- baseline")
    for row in rows:
        print(line(row) + f"   {row['ratio_to_baseline']:.2f}x")
    worst = max(rows, key=lambda row: row["request_cpu_ms"])
    worst_probe = max(rows, key=lambda row: row["probe_cpu_ms"])
    over = [row["file"] for row in rows if row["request_cpu_ms"] > TARGET_SECONDS * 1000]
    print(
        f"\nWorst file: {worst['file']}: {worst['request_cpu_ms']:.0f} ms of request CPU, "
        f"{worst['ratio_to_baseline']:.2f}x that of the {worst['baseline']}: {worst['baseline_request_cpu_ms']:.0f} ms "
        f"(its validation {worst['validation_cpu_ms']:.0f} ms: hash {worst['hash_cpu_ms']:.0f}, "
        f"probe {worst['probe_cpu_ms']:.0f}; the rest is reading the body into a temporary file and answering)."
    )
    print(f"Costliest probe: {worst_probe['file']}: {worst_probe['probe_cpu_ms']:.0f} ms.")
    print(
        f"Target, every file within {TARGET_SECONDS * 1000:.0f} ms of request CPU: "
        + ("met." if not over else f"missed by {len(over)}: {', '.join(over)}.")
    )

    report = {
        "size_bytes": size,
        "rounds": rounds,
        "target_request_cpu_ms": TARGET_SECONDS * 1000,
        "baselines": baselines,
        "files": rows,
        "worst": {"file": worst["file"], "request_cpu_ms": worst["request_cpu_ms"]},
        "over_target": over,
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {RESULT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
