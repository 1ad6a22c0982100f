"""Images, VALIDATE: is the compressed picture data itself intact? (`headers.sound` checks the
structure around it, which a file with garbage in its pixel data passes.)

- JPEG: garbage in the entropy-coded data is something libjpeg only warns about, and Pillow decodes
  it to grey or smeared blocks without a word (or a passed-through JPEG is never decoded at all).
  libjpeg-turbo in strict mode (simplejpeg) decodes it at 1/8 scale: ~10 ms for a photograph.
- PNG: the zlib stream across the IDAT chunks inflates without error, ends, and yields exactly the
  bytes the IHDR promises (a checksum-correct chunk with damaged data decodes to black rows).
A file found intact is remembered by its hash (cache folder `checked/`), so it is decoded once.
"""

from __future__ import annotations

import contextlib
import zlib
from pathlib import Path

PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def data_problem(path: Path) -> str | None:
    """Why the picture data of a JPEG or PNG is damaged, or None (other formats: None)."""
    from ..cache import cache_dir, file_hash

    try:
        marker = cache_dir("checked") / file_hash(path)
        if marker.exists():
            return None
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    problem = _jpeg(data) if data.startswith(b"\xff\xd8") else \
        _png(data) if data.startswith(b"\x89PNG\r\n\x1a\n") else None
    if problem is None:
        with contextlib.suppress(OSError):
            marker.touch()
    return problem


def _jpeg(data: bytes) -> str | None:
    """libjpeg-turbo (simplejpeg) decodes the whole scan data at 1/8 scale in strict mode, where every
    warning libjpeg would only print ("Corrupt JPEG data: ...") is an error; the colour conversion
    stays in the file's own space (grey is asked for; CMYK files are decoded as CMYK)."""
    import simplejpeg

    for space in ("GRAY", "CMYK"):
        try:
            simplejpeg.decode_jpeg(data, colorspace=space, min_width=1, min_height=1, min_factor=8,
                                   fastdct=True, strict=True)
            return None
        except ValueError as exc:
            message = str(exc)
            if "conversion" in message.lower() or "colorspace" in message.lower():
                continue                       # not damage: this space is not one the file converts to
            return message.rstrip(".")
    return None


def _png(data: bytes) -> str | None:
    pos, idat = 8, []
    width = height = depth = colour = interlace = 0
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR" and len(body) == 13:
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            depth, colour, interlace = body[8], body[9], body[12]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    inflater = zlib.decompressobj()
    size = 0
    try:
        for chunk in idat:
            size += len(inflater.decompress(chunk, 1 << 26))
            while inflater.unconsumed_tail:
                size += len(inflater.decompress(inflater.unconsumed_tail, 1 << 26))
    except zlib.error as exc:
        return f"its compressed pixel data is damaged ({exc})"
    if not inflater.eof:
        return "its compressed pixel data is cut short"
    if not interlace and colour in PNG_CHANNELS:
        row = 1 + (width * PNG_CHANNELS[colour] * depth + 7) // 8
        if size != row * height:
            return f"its pixel data holds {size} bytes where {row * height} are needed"
    return None
