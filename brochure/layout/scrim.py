"""How far a cover must darken its picture under light type: the prepared picture's brightness behind
the title block, the darkening the cover lays anyway (head and foot), and what it takes for the type to
stand at `CONTRAST` (WCAG's 4.5:1 for text) on the brightest tenth of every line of the picture behind
it. A cover whose picture is dark enough there is drawn as it always was."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

CONTRAST = 4.5            # light type on the picture: at least this (WCAG 2 AA, normal text)
TARGET = 1.05 / CONTRAST - 0.05   # the brightest background (relative luminance) white type allows
MAX_OPACITY = 0.85        # the darkening never goes past this: a picture stays a picture
FADE = 0.2                # share of the page height over which a held darkening eases out below the type
SAMPLE = 96               # the picture is read this many pixels wide


@dataclass(frozen=True)
class Head:
    """The head darkening: `opacity` at the top edge, held to `hold` of the `band` (pt), easing out."""
    opacity: float
    band: float
    hold: float = 0.0


def _linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_LUT = [luminance((i / 255, i / 255, i / 255)) for i in range(256)]     # a grey level's luminance per channel


@lru_cache(maxsize=8)
def _rows(path: str, stamp: tuple[int, int]) -> tuple[tuple[float, ...], ...]:
    """The picture's relative luminance, `SAMPLE` pixels wide, row by row (top first). The grey levels
    are kept in the cache (`brightness/`): a print edition's CMYK picture takes tens of milliseconds
    to decode even at an eighth of its size."""
    import hashlib

    from ..cache import cache_dir, write_atomic

    stored = cache_dir("brightness") / (hashlib.sha256(f"{path}:{stamp}".encode()).hexdigest()[:32] + ".bin")
    try:
        data = stored.read_bytes()
        w = int.from_bytes(data[:2], "big")
        grey = data[2:]
    except OSError:
        from PIL import Image

        with Image.open(path) as im:
            im.draft(im.mode, (SAMPLE, SAMPLE))      # a JPEG is decoded at a fraction of its size
            small = im.convert("RGB").convert("L")   # grey by Rec. 601 weights on the encoded values
        small.thumbnail((SAMPLE, max(1, SAMPLE * small.height // max(1, small.width))))
        w, grey = small.width, small.tobytes()
        write_atomic(stored, w.to_bytes(2, "big") + grey)
    if not w:
        return ()
    return tuple(tuple(_LUT[v] for v in grey[y:y + w]) for y in range(0, len(grey) - w + 1, w))


def picture_rows(path: str) -> tuple[tuple[float, ...], ...]:
    st = os.stat(path)
    return _rows(path, (st.st_size, st.st_mtime_ns))


def _eased(opacity: float, t: float, hold: float = 0.0) -> float:
    if t <= hold:
        return opacity
    u = (t - hold) / (1 - hold)
    return opacity * (1 - u) ** 1.5 if u < 1 else 0.0


def head_for(rows: tuple[tuple[float, ...], ...], ink: float, head: Head, foot: Head, page_h: float,
             span: tuple[float, float], depth: tuple[float, float]) -> Head:
    """The head darkening that lets light type stand on the picture over `depth` (pt from the top edge
    of the page box, top and bottom of the type) and `span` (shares of the width): `head` itself when
    it does already. `ink`: the darkening colour's luminance; `foot`: the darkening from the bottom."""
    h, w = len(rows), len(rows[0]) if rows else 0
    if not h or not w:
        return head
    c0, c1 = max(0, int(span[0] * w)), min(w, max(int(span[0] * w) + 1, int(span[1] * w + 0.999)))
    need, deepest = head.opacity, None
    for r in range(max(0, int(depth[0] / page_h * h)), min(h, int(depth[1] / page_h * h) + 1)):
        d = (r + 1) / h * page_h                   # the row's lower edge
        values = sorted(rows[r][c0:c1])
        bright = values[int(0.9 * (len(values) - 1))]
        keep_foot = 1 - _eased(foot.opacity, (page_h - d) / foot.band) * (1 - ink)
        keep_head = 1 - _eased(head.opacity, d / head.band, head.hold) * (1 - ink)
        if bright * keep_foot * keep_head <= TARGET:
            continue
        deepest = max(deepest or 0.0, d)
        need = max(need, (1 - TARGET / (bright * keep_foot)) / (1 - ink))
    if deepest is None:
        return head
    band = min(page_h, max(head.band, deepest + FADE * page_h))
    return Head(min(MAX_OPACITY, need), band, min(deepest / band, 0.97))
