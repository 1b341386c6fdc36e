"""What opening an upload may cost: the meter Pillow reads a file through, and bounded walks over containers.

The upload request opens every file to read its header (curation/imaging.py `probe`), so whatever the header
costs, the web process pays. Pillow walks headers in Python, one read per piece: GIF frames and sub-blocks, PNG
chunks, JPEG segments, TIFF directory entries. A file made of millions of tiny pieces costs seconds (a 24 MB GIF
of a million 1x1 frames: 2.8 s; 25 MB of empty JPEG comments: 6 s). libwebp, libavif and libheif parse a whole
file in one call, so nothing can stop them half-way: their containers are walked here first, with caps. Pure
Python, no Pillow, no Django; the callers turn the two exceptions into refusals with words.
"""

from __future__ import annotations

import io
import math
from typing import BinaryIO


class TooMuchWork(Exception):
    """The file needs more reads or parts than a photo of its format ever does; `what` says which, for logs."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Meter:
    """A file as Pillow reads it while opening: past `reads` reads, or `header_bytes` bytes, every read refuses.

    Counting reads bounds every walk in Pillow's Python (each piece of a header is at least one read) without a
    parser of ours. The byte allowance is for formats whose pieces Pillow keeps in memory. Stop the meter before
    decoding: pixels are read freely. Reading through it costs 0.05 us a read more than reading the file (Pillow's
    own walk: 0.15 us a GIF sub-block).
    """

    def __init__(self, fp: BinaryIO, *, reads: int, header_bytes: int | None = None) -> None:
        self._fp = fp
        # Looked up once: on Django's uploaded files `read` is a property that finds the file under it each time.
        self._read, self._seek, self._tell = fp.read, fp.seek, fp.tell
        self.reads = 0  # what opening the file cost, in reads
        self.allowance = reads
        self.exceeded: str | None = None
        self._bytes_left = header_bytes

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        if self.reads > self.allowance:
            self._exceed("reads")
        if self._bytes_left is None:
            return self._read(size)
        data = self._read(size)
        self._bytes_left -= len(data)
        if self._bytes_left < 0:
            self._exceed("header bytes")
        return data

    def _exceed(self, what: str) -> None:
        # Kept, so that a caller can tell even if something between here and it swallowed the exception.
        self.exceeded = self.exceeded or what
        raise TooMuchWork(self.exceeded)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._seek(offset, whence)

    def tell(self) -> int:
        return self._tell()

    def stop(self) -> None:
        self.allowance = math.inf
        self._bytes_left = None

    # What Pillow looks for on a file (libtiff decodes from the descriptor, or from getvalue()), missing here
    # when the file lacks it. Not __getattr__: it would slow every attribute lookup, read() included, twofold.
    @property
    def fileno(self):
        return self._fp.fileno

    @property
    def flush(self):
        return self._fp.flush

    @property
    def getvalue(self):
        return self._fp.getvalue

    @property
    def close(self):
        return self._fp.close


def _size(fp: BinaryIO) -> int:
    here = fp.tell()
    end = fp.seek(0, io.SEEK_END)
    fp.seek(here)
    return end


# --------------------------------------------------------------------------- JPEG

# Pillow keeps most segments before the first scan as bytes (ICC, XMP, comments: cheap at any size), but parses
# four kinds value by value while opening: frame headers and quantisation tables (up to 0.09 us a byte),
# Photoshop resources, and EXIF, whose segments it joins and whose resolution it decodes, one Python object per
# rational (a 2 MB EXIF of them: 0.64 s). A photo has one frame header, a few tables, and EXIF within one 64 KB
# segment; Photoshop's resources (IPTC, a thumbnail, paths) rarely reach 100 KB.
JPEG_PARSED_BYTES = 256 * 1024
_JPEG_STANDALONE = frozenset({0xFFC8, *range(0xFFD0, 0xFFDA), *range(0xFFF0, 0xFFFE)})  # no length follows
_JPEG_FRAME_OR_TABLE = frozenset({*range(0xFFC0, 0xFFD0), 0xFFDB}) - {0xFFC4, 0xFFC8, 0xFFCC}
_JPEG_PARSED_APP = {0xFFE1: b"Exif\x00\x00", 0xFFED: b"Photoshop 3.0\x00"}


def jpeg_header(fp: BinaryIO) -> int:
    """Walk the segments up to the first scan as Pillow does, and refuse when those it parses weigh too much.

    Returns the bytes of those segments. Junk between segments is stepped over a byte at a time, as Pillow
    does (through the meter, which bounds it). Whatever this walk cannot follow, Pillow refuses.
    """
    fp.seek(3)
    pending = b"\xff"  # Pillow reads the SOI marker and the next 0xFF together
    parsed = 0
    while pending:
        if pending[0] != 0xFF:
            pending = fp.read(1)
            continue
        pending += fp.read(1)
        if len(pending) < 2:
            break
        marker = int.from_bytes(pending, "big")
        if marker == 0xFFFF:
            pending = b"\xff"  # fill byte
            continue
        if marker == 0xFF00:
            pending = fp.read(1)
            continue
        if marker < 0xFFC0:
            break
        if marker not in _JPEG_STANDALONE:
            raw = fp.read(2)
            if len(raw) < 2:
                break
            length = int.from_bytes(raw, "big") - 2
            start = fp.tell()
            signature = _JPEG_PARSED_APP.get(marker)
            if marker in _JPEG_FRAME_OR_TABLE or (signature and fp.read(len(signature)) == signature):
                parsed += max(length, 0)
                if parsed > JPEG_PARSED_BYTES:
                    raise TooMuchWork(f"JPEG of more than {JPEG_PARSED_BYTES} bytes of parsed segments")
            fp.seek(start + max(length, 0))
            if marker == 0xFFDA:  # start of scan: Pillow stops here
                break
        pending = fp.read(1)
    return parsed


# --------------------------------------------------------------------------- TIFF

# Pillow reads the first directory's entries and decodes the tags it needs at once (the rest lazily); rationals
# become one Python object each (2.5 us: a million of them in 8 MB cost 2.5 s). Real photos have 10-100 entries,
# at most a few rationals per tag (resolution, reference black and white), and numeric tables (strip and tile
# offsets, colour maps, transfer curves) well under 65,536 values; bytes (XMP, ICC, Photoshop layers) may be any
# size.
TIFF_MAX_ENTRIES = 1024
TIFF_MAX_VALUES = 65_536
TIFF_MAX_RATIONALS = 256
# The types Pillow decodes into a tuple of numbers: all but BYTE, ASCII and UNDEFINED, which stay bytes.
_TIFF_NUMERIC = frozenset({3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16})
_TIFF_RATIONAL = frozenset({5, 10})


def tiff_pages(fp: BinaryIO, *, limit: int) -> int:
    """Count the pages (directories) up to `limit`, checking the first one, which is all that Pillow decodes.

    Reads the chain of directories only (a count, a skip, a pointer each): Pillow's own count loads and decodes
    every directory (270 us each). A loop in the chain ends the count, as it does in Pillow.
    """
    fp.seek(0)
    head = fp.read(8)
    order = "little" if head[:2] == b"II" else "big"
    offset = int.from_bytes(head[4:8], order)
    seen: set[int] = set()
    pages = 0
    while offset and offset not in seen and pages < limit:
        seen.add(offset)
        fp.seek(offset)
        raw = fp.read(2)
        if len(raw) < 2:
            break  # a pointer past the end: Pillow says what is wrong with the file
        entries = int.from_bytes(raw, order)
        if pages == 0:
            if entries > TIFF_MAX_ENTRIES:
                raise TooMuchWork(f"TIFF directory of {entries} entries")
            _tiff_first_directory_check(fp.read(12 * entries), order)
        else:
            fp.seek(12 * entries, io.SEEK_CUR)
        pages += 1
        raw = fp.read(4)
        offset = int.from_bytes(raw, order) if len(raw) == 4 else 0
    return pages


def _tiff_first_directory_check(table: bytes, order: str) -> None:
    for start in range(0, len(table) - 11, 12):
        kind = int.from_bytes(table[start + 2 : start + 4], order)
        count = int.from_bytes(table[start + 4 : start + 8], order)
        if kind in _TIFF_RATIONAL and count > TIFF_MAX_RATIONALS:
            raise TooMuchWork(f"TIFF tag of {count} rationals")
        if kind in _TIFF_NUMERIC and count > TIFF_MAX_VALUES:
            raise TooMuchWork(f"TIFF tag of {count} numbers")


# --------------------------------------------------------------------------- WebP (RIFF)

# A frame is an ANMF chunk holding two or three chunks (alpha, then VP8 or VP8L); a few more chunks carry the
# canvas, the loop, ICC, EXIF and XMP. libwebp walks every chunk before Pillow learns the frame count: 25 MB of
# empty chunks cost it 0.6 s.
RIFF_CHUNKS_PER_FRAME = 4
RIFF_OTHER_CHUNKS = 64


def webp_frames(fp: BinaryIO, *, limit: int) -> int:
    """Count the frames of a WebP up to `limit` (a still image is one), refusing a file of more chunks than that."""
    fp.seek(4)
    end = min(_size(fp), 8 + int.from_bytes(fp.read(4), "little"))
    fp.seek(12)
    allowed = RIFF_CHUNKS_PER_FRAME * limit + RIFF_OTHER_CHUNKS
    frames = chunks = 0
    while fp.tell() + 8 <= end:
        header = fp.read(8)
        size = int.from_bytes(header[4:], "little")
        after = fp.tell() + size + (size & 1)
        chunks += 1
        if header[:4] == b"ANMF":
            frames += 1
            if frames >= limit:
                return frames
            fp.seek(16, io.SEEK_CUR)  # the frame's position, size, duration and flags
            while fp.tell() + 8 <= min(after, end):
                inner = int.from_bytes(fp.read(8)[4:], "little")
                fp.seek(inner + (inner & 1), io.SEEK_CUR)
                chunks += 1
                if chunks > allowed:
                    break
        if chunks > allowed:
            raise TooMuchWork(f"WebP of more than {allowed} chunks")
        fp.seek(after)
    return max(frames, 1)


# --------------------------------------------------------------------------- AVIF and HEIF (ISO base media)

# libheif refuses more than 1000 items or 100 children of a box by itself; libavif walks whatever it is given
# (100 MB of empty boxes in `meta`: 0.46 s), and both walk any number of boxes at the top level (libheif: 0.7 s for
# 100 MB). Real files have a handful at the top and tens inside: `meta` (a full box: four bytes of version and
# flags first) and the item properties, or a sequence's `moov` tree, whose frames live in a few tables, not boxes.
BMFF_MAX_BOXES = 4096
_BMFF_CONTAINERS = {  # box type -> bytes before its children
    b"meta": 4, b"iprp": 0, b"ipco": 0, b"grpl": 0, b"dinf": 0, b"moov": 0, b"trak": 0, b"edts": 0,
    b"mdia": 0, b"minf": 0, b"stbl": 0, b"udta": 0, b"mvex": 0, b"moof": 0, b"traf": 0,
}  # fmt: skip


def bmff_boxes(fp: BinaryIO) -> int:
    """Count the boxes at the top and inside the containers a decoder walks, refusing past BMFF_MAX_BOXES."""
    size = _size(fp)
    spans = [(0, size)]
    boxes = 0
    while spans:
        position, end = spans.pop()
        while position + 8 <= end:
            fp.seek(position)
            header = fp.read(8)
            length, kind = int.from_bytes(header[:4], "big"), header[4:]
            start = 8
            if length == 1:
                length, start = int.from_bytes(fp.read(8), "big"), 16
            elif length == 0:
                length = end - position
            if length < start:
                break  # a broken box: the decoder says what is wrong with the file
            boxes += 1
            if boxes > BMFF_MAX_BOXES:
                raise TooMuchWork(f"AVIF/HEIF of more than {BMFF_MAX_BOXES} boxes")
            if kind in _BMFF_CONTAINERS:
                spans.append((position + start + _BMFF_CONTAINERS[kind], min(position + length, end)))
            position += length
    return boxes
