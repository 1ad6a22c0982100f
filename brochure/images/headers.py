"""Images, checked without Pillow: the VALIDATE stage's fast path for the two common formats.

`sound(path, limit)` is True when a JPEG or PNG is structurally complete and within the pixel limit:
for a JPEG every header segment up to the first scan parses (frame, quantisation and Huffman tables,
the scan's table references) and the file ends with the end-of-image marker; for a PNG the signature,
a valid IHDR, every chunk's CRC (what Pillow's `verify` checks) and IEND. Anything else, odd or not,
returns False and `probe.check_image` asks Pillow, which gives the diagnostic. So a True here never
hides a problem Pillow's checks would report at validation, and `brochure check` on a brochure of
JPEGs and PNGs does not import Pillow at all.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import BinaryIO

from ..limits import PICTURE_DECODE_BYTES

JPEG_SOI, JPEG_EOI = b"\xff\xd8", b"\xff\xd9"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEAD_BYTES = 1 << 17              # JPEG headers (EXIF, ICC, tables) before the first scan fit in this
JPEG_FRAMES = (0xC0, 0xC1, 0xC2)  # baseline, extended and progressive Huffman: what Pillow decodes here
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


def sound(path: Path, limit: int) -> bool:
    """True when `path` is a complete JPEG or PNG of at most `limit` pixels (see the module doc)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            if head.startswith(JPEG_SOI):
                fh.seek(-2, 2)
                return fh.read(2) == JPEG_EOI and _jpeg_headers_ok(head, limit)
            if head.startswith(PNG_SIGNATURE):
                fh.seek(len(PNG_SIGNATURE))
                # Larger PNGs may pass the decode budget (probe.over_budget): Pillow decides.
                return _png_ok(fh, min(limit, PICTURE_DECODE_BYTES // 4))
    except OSError:
        return False
    return False


def jpeg_frame(path: Path) -> tuple[int, int, int] | None:
    """(width, height, components) of an 8-bit baseline, extended or progressive JPEG, read from its
    frame header by walking the segments (a large ICC or EXIF segment is skipped, not read); None for
    anything else."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) != JPEG_SOI:
                return None
            while True:
                head = fh.read(4)
                if len(head) < 4 or head[0] != 0xFF:
                    return None
                marker, length = head[1], int.from_bytes(head[2:4], "big")
                if marker == 0xFF:                   # fill byte: the marker starts one byte on
                    fh.seek(-3, 1)
                    continue
                if marker in JPEG_FRAMES:
                    seg = fh.read(6)
                    if len(seg) < 6 or seg[0] != 8 or seg[5] not in (1, 3, 4):
                        return None
                    return int.from_bytes(seg[3:5], "big"), int.from_bytes(seg[1:3], "big"), seg[5]
                if marker == 0xDA or length < 2 or 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xCC):
                    return None                      # a scan, or a frame of a kind we do not embed
                fh.seek(length - 2, 1)
    except OSError:
        return None


# -- JPEG -------------------------------------------------------------------------------------------------
class _Jpeg:
    """What the header segments defined so far."""

    def __init__(self) -> None:
        self.size: tuple[int, int] | None = None
        self.progressive = False
        self.components: dict[int, int] = {}     # component id -> quantisation table
        self.quant: set[int] = set()
        self.huffman: set[tuple[int, int]] = set()  # (class 0 DC / 1 AC, table id)


def _jpeg_headers_ok(data: bytes, limit: int) -> bool:
    state, pos = _Jpeg(), 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:          # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        segment = data[pos + 4:pos + 2 + length]
        if length < 2 or len(segment) != length - 2 or not _segment_ok(marker, segment, state):
            return False
        if marker == 0xDA:          # the first scan: every header it needs is known
            return _scan_ok(segment, state) and state.size is not None \
                and state.size[0] * state.size[1] <= limit
        pos += 2 + length
    return False                    # no scan within the head: let Pillow decide


def _segment_ok(marker: int, segment: bytes, state: _Jpeg) -> bool:
    if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
        return marker in JPEG_FRAMES and _frame_ok(marker, segment, state)
    if marker == 0xC4:
        return _huffman_ok(segment, state)
    if marker == 0xDB:
        return _quant_ok(segment, state)
    return marker >= 0xDA or marker == 0xDD  # SOS, DRI, APPn, COM, DNL...; not RSTn/SOI/TEM


def _frame_ok(marker: int, seg: bytes, state: _Jpeg) -> bool:
    if state.size is not None or len(seg) < 6:
        return False
    precision, height, width, count = seg[0], int.from_bytes(seg[1:3], "big"), int.from_bytes(seg[3:5], "big"), seg[5]
    if precision != 8 or not height or not width or count not in (1, 3, 4) or len(seg) != 6 + 3 * count:
        return False
    for i in range(count):
        component, sampling, table = seg[6 + 3 * i:9 + 3 * i]
        if table > 3 or not 1 <= sampling >> 4 <= 4 or not 1 <= sampling & 15 <= 4:
            return False
        state.components[component] = table
    state.size, state.progressive = (width, height), marker == 0xC2
    return len(state.components) == count


def _huffman_ok(seg: bytes, state: _Jpeg) -> bool:
    i = 0
    while i < len(seg):
        kind, table = seg[i] >> 4, seg[i] & 15
        counts = seg[i + 1:i + 17]
        n = sum(counts)
        if kind > 1 or table > 3 or len(counts) != 16 or n > 256 or i + 17 + n > len(seg):
            return False
        state.huffman.add((kind, table))
        i += 17 + n
    return True


def _quant_ok(seg: bytes, state: _Jpeg) -> bool:
    i = 0
    while i < len(seg):
        precision, table = seg[i] >> 4, seg[i] & 15
        if precision > 1 or table > 3 or i + 1 + 64 * (precision + 1) > len(seg):
            return False
        state.quant.add(table)
        i += 1 + 64 * (precision + 1)
    return True


def _scan_ok(seg: bytes, state: _Jpeg) -> bool:
    """The first scan: known components whose quantisation and Huffman tables are defined."""
    if not seg or len(seg) != 1 + 2 * seg[0] + 3 or state.size is None:
        return False
    if not all(table in state.quant for table in state.components.values()):
        return False
    for i in range(seg[0]):
        component, tables = seg[1 + 2 * i], seg[2 + 2 * i]
        if component not in state.components:
            return False
        needed = [(0, tables >> 4)] + ([] if state.progressive else [(1, tables & 15)])
        if not all(t in state.huffman for t in needed):
            return False
    return True


# -- PNG --------------------------------------------------------------------------------------------------
def _png_ok(fh: BinaryIO, limit: int) -> bool:
    """Walk the chunks after the signature: IHDR first and valid, every CRC right, a palette before the
    pixels of an indexed image, IDAT, and IEND last."""
    seen: list[bytes] = []
    colour = -1
    while True:
        header = fh.read(8)
        if len(header) != 8:
            return False
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        data, crc = fh.read(length), fh.read(4)
        if len(data) != length or len(crc) != 4 or zlib.crc32(kind + data) != int.from_bytes(crc, "big"):
            return False
        if not seen:
            if kind != b"IHDR" or not _ihdr_ok(data, limit):
                return False
            colour = data[9]
        seen.append(kind)
        if kind == b"IEND":
            return b"IDAT" in seen and (colour != 3 or b"PLTE" in seen[:seen.index(b"IDAT")])


def _ihdr_ok(data: bytes, limit: int) -> bool:
    if len(data) != 13:
        return False
    width, height = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:8], "big")
    depth, colour, compression, filtering, interlace = data[8:13]
    return (width > 0 and height > 0 and width * height <= limit and depth in PNG_DEPTHS.get(colour, ())
            and compression == 0 and filtering == 0 and interlace in (0, 1))
