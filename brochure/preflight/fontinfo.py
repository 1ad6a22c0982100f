"""PREFLIGHT font metrics: what the content-stream walker needs of a font to box the text it shows
(advance widths, ascent and descent), read from the font dictionary, never from the program.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from .geometry import num as _num


@dataclass(eq=False)
class FontInfo:
    """What the walker needs of a font to measure a string: advance widths (glyph units / 1000 em) and
    the em box's ascent and descent. Type 0 fonts are read as two-byte codes. With Identity-H/V (what
    embedding tools write) a code is the CID the /W widths are given for; with a predefined Unicode CMap
    (UniGB-UCS2-H, …) it is not, so codes below 256 count as half-width and the rest as /DW: an
    approximation an em box can afford (pdfium measures the glyphs where it matters)."""

    widths: dict[int, float]
    default: float
    ascent: float                  # em fractions
    descent: float
    two_byte: bool = False
    vertical: bool = False
    scale: float = 0.001           # glyph units to text space (Type 3: the FontMatrix)
    unicode_cmap: bool = False     # two-byte codes are Unicode, not CIDs
    obj: Any = None                # the font dictionary (None: no font set)
    table: list[float] = field(init=False, repr=False)   # widths of the 256 single-byte codes

    def __post_init__(self) -> None:
        self.table = [self.widths.get(b, self.default) for b in range(256)]

    def measure(self, data: bytes) -> tuple[float, int, int]:
        """(sum of advances in em, number of characters, number of single-byte spaces) of a string;
        word spacing applies to single-byte code 32 only (PDF 32000 9.3.3)."""
        w, d = self.widths, self.default
        if self.vertical:      # vertical advances are 1 em unless /W2 says otherwise (not read)
            return float(len(data) // 2), len(data) // 2, 0
        if self.two_byte:
            codes: Iterable[int] = [(data[i] << 8) | data[i + 1] for i in range(0, len(data) - 1, 2)]
            if self.unicode_cmap:
                return sum(d / 2 if c < 256 else d for c in codes) * self.scale, len(data) // 2, 0
            return sum(w.get(c, d) for c in codes) * self.scale, len(data) // 2, 0
        return sum(map(self.table.__getitem__, data)) * self.scale, len(data), data.count(32)


FALLBACK_FONT = FontInfo({}, 500.0, 0.8, -0.2)


def _cid_widths(w: Any) -> dict[int, float]:
    """The /W array of a CIDFont: `c [w1 w2 …]` and `cfirst clast w` entries."""
    out: dict[int, float] = {}
    items = list(w) if w is not None else []
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, pikepdf.Array):
            for k, v in enumerate(nxt):
                out[first + k] = _num(v)
            i += 2
        elif i + 2 < len(items):
            for cid in range(first, int(nxt) + 1):
                out[cid] = _num(items[i + 2])
            i += 3
        else:
            break
    return out


def _metrics(desc: Any, bbox: Any, scale: float) -> tuple[float, float]:
    """Ascent and descent in em from the font descriptor, else the font bounding box."""
    if desc is not None:
        asc, dsc = _num(desc.get("/Ascent")), _num(desc.get("/Descent"))
        if asc > 0:
            return asc * scale, min(dsc, 0.0) * scale
        bbox = bbox if bbox is not None else desc.get("/FontBBox")
    if bbox is not None and len(bbox) == 4:
        return _num(bbox[3]) * scale, min(_num(bbox[1]), 0.0) * scale
    return 0.8, -0.2


def _standard_widths(font: Any) -> dict[int, float]:
    """A standard-14 font may come without /Widths (PDF 1.4 and older): ReportLab knows their metrics."""
    name = str(font.get("/BaseFont", "")).lstrip("/")
    try:
        from reportlab.pdfbase.pdfmetrics import getFont, standardFonts

        return dict(enumerate(map(float, getFont(name).widths))) if name in standardFonts else {}
    except (KeyError, ValueError, AttributeError):
        return {}


def font_info(font: Any) -> FontInfo:
    """Widths and vertical metrics of a simple, Type 0 or Type 3 font dictionary."""
    if not isinstance(font, pikepdf.Dictionary):
        return FALLBACK_FONT
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        cid = descendants[0] if descendants is not None and len(descendants) else pikepdf.Dictionary()
        encoding = font.get("/Encoding")
        name = str(encoding) if isinstance(encoding, pikepdf.Name) else ""
        vertical = name.endswith("-V")
        asc, dsc = _metrics(cid.get("/FontDescriptor"), None, 0.001)
        return FontInfo(_cid_widths(cid.get("/W")), _num(cid.get("/DW"), 1000.0), asc, dsc, True, vertical,
                        unicode_cmap=name.startswith("/Uni"), obj=font)
    scale = 0.001
    bbox = None
    if subtype == "/Type3":
        fm = font.get("/FontMatrix")
        scale = abs(_num(fm[0], 0.001)) if fm is not None else 0.001
        bbox = font.get("/FontBBox")
    first = int(_num(font.get("/FirstChar")))
    widths = {first + i: _num(v) for i, v in enumerate(font.get("/Widths") or [])} or _standard_widths(font)
    desc = font.get("/FontDescriptor")
    missing = _num(desc.get("/MissingWidth")) if desc is not None else 0.0
    asc, dsc = _metrics(desc, bbox, scale)
    return FontInfo(widths, missing or (0.0 if widths else 500.0), asc, dsc, scale=scale, obj=font)

