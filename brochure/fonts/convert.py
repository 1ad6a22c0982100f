"""Turn any OpenType face into a small TrueType file ReportLab can embed.

ReportLab reads only TrueType outlines; most CJK fonts are CFF/CFF2 (and often variable). We subset to
the characters the document uses first (cheap), then draw each glyph at the wanted weight through
cu2qu into glyf outlines. Results are cached on disk by font-file hash + face + weight + character set.
For Chinese documents U+2014 is redrawn as a full-em bar so that "——" is one unbroken line.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path

from ..cache import cache_dir, file_hash, write_atomic
from .catalog import Face

CONVERTER_VERSION = "4"
# Always present, so page numbers, running heads and generated labels never miss a glyph.
BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·％"
_DROP = ["DSIG", "BASE", "VORG", "vhea", "vmtx", "STAT", "GSUB", "GPOS", "GDEF", "VVAR", "MVAR",
         "JSTF", "MATH", "morx", "kern", "hdmx", "LTSH", "VDMX", "meta", "COLR", "CPAL", "SVG "]


def cmap_of(face: Face) -> frozenset[int]:
    """The code points a face maps, cached on disk as ranges."""
    key = hashlib.sha256(f"{file_hash(Path(face.path))}:{face.index}".encode()).hexdigest()[:40]
    cached = cache_dir("cmaps") / f"{key}.json"
    try:
        ranges = json.loads(cached.read_text())
        cps: set[int] = set()
        for a, b in ranges:
            cps.update(range(a, b + 1))
        return frozenset(cps)
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    cps = set(font.getBestCmap())
    ranges_out: list[list[int]] = []
    for cp in sorted(cps):
        if ranges_out and ranges_out[-1][1] == cp - 1:
            ranges_out[-1][1] = cp
        else:
            ranges_out.append([cp, cp])
    write_atomic(cached, json.dumps(ranges_out).encode())
    return frozenset(cps)


def _cache_entry(face: Face, weight: int, chars: Iterable[str], cjk_dash: bool) -> tuple[Path, list[int]]:
    charset = sorted({ord(c) for c in chars} | {ord(c) for c in BASE_CHARS})
    h = hashlib.sha256()
    h.update(f"{CONVERTER_VERSION}:{file_hash(Path(face.path))}:{face.index}:{weight}:{cjk_dash}:".encode())
    h.update(",".join(map(str, charset)).encode())
    return cache_dir("fonts") / f"{Path(face.path).stem}-{weight}-{h.hexdigest()[:24]}.ttf", charset


def is_cached(face: Face, weight: int, chars: Iterable[str], cjk_dash: bool) -> bool:
    return _cache_entry(face, weight, chars, cjk_dash)[0].exists()


def converted_path(face: Face, weight: int, chars: Iterable[str], cjk_dash: bool) -> Path:
    """Path of a cached TrueType subset of `face` at `weight` holding `chars`; converts on a miss."""
    out, charset = _cache_entry(face, weight, chars, cjk_dash)
    if not out.exists():
        write_atomic(out, convert(face, weight, charset, cjk_dash))
    return out


def convert(face: Face, weight: int, charset: list[int], cjk_dash: bool) -> bytes:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.drop_tables += _DROP
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=charset)
    subsetter.subset(font)

    is_cff = "CFF " in font or "CFF2" in font
    variable = "fvar" in font
    location = {"wght": float(weight)} if variable else None
    glyphset = font.getGlyphSet(location=location, normalized=False) if location else font.getGlyphSet()
    order = font.getGlyphOrder()
    hmtx = font["hmtx"]
    if is_cff or variable:
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            glyph = glyphset[name]
            glyph.draw(Cu2QuPen(pen, 1.0, reverse_direction=is_cff))
            glyphs[name] = pen.glyph()
            if variable:
                hmtx[name] = (round(glyph.width), hmtx[name][1])
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = glyphs
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        for tag in ("CFF ", "CFF2", "fvar", "avar", "HVAR", "gvar", "cvar", "STAT"):
            if tag in font:
                del font[tag]
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                     "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                     "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                     "maxCompositeContours", "maxComponentDepth"):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
        font["head"].glyphDataFormat = 0
        font["post"].formatType = 3.0
        font.sfntVersion = "\x00\x01\x00\x00"
    if cjk_dash:
        _full_em_dash(font)
    if variable:
        _rename(font, weight)
        font["OS/2"].usWeightClass = weight
    font.recalcTimestamp = False  # keep the source's dates: converted files are reproducible
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _full_em_dash(font: object) -> None:
    """Redraw U+2014 as a bar across the whole em so two of them join into one 2-em line."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = font.getBestCmap()  # type: ignore[attr-defined]
    name = cmap.get(0x2014)
    if not name:
        return
    upem = font["head"].unitsPerEm  # type: ignore[index]
    glyphset = font.getGlyphSet()  # type: ignore[attr-defined]
    bounds_pen = BoundsPen(glyphset)
    glyphset[name].draw(bounds_pen)
    if not bounds_pen.bounds:
        return
    _, y0, _, y1 = bounds_pen.bounds
    pen = TTGlyphPen(None)
    pen.moveTo((0, y0))
    pen.lineTo((0, y1))
    pen.lineTo((upem, y1))
    pen.lineTo((upem, y0))
    pen.closePath()
    font["glyf"][name] = pen.glyph()  # type: ignore[index]
    font["hmtx"][name] = (upem, 0)  # type: ignore[index]


def _rename(font: object, weight: int) -> None:
    """Give a variable-font instance honest names (the default instance is often 'Thin')."""
    names = {100: "Thin", 200: "ExtraLight", 300: "Light", 350: "DemiLight", 400: "Regular",
             500: "Medium", 600: "SemiBold", 700: "Bold", 800: "ExtraBold", 900: "Black"}
    style = names.get(weight, f"W{weight}")
    table = font["name"]  # type: ignore[index]
    family = table.getDebugName(16) or table.getDebugName(1) or "Font"
    ps = family.replace(" ", "") + "-" + style
    for rec_id, value in ((1, f"{family} {style}" if style not in ("Regular", "Bold") else family),
                          (2, style if style in ("Regular", "Bold") else "Regular"),
                          (4, f"{family} {style}"), (6, ps), (16, family), (17, style)):
        table.setName(value, rec_id, 3, 1, 0x409)
