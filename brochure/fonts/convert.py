"""Turn any OpenType face into a small TrueType file ReportLab can embed.

ReportLab reads only TrueType outlines; most CJK fonts are CFF/CFF2 (and often variable). We draw only
the glyphs of the characters the document uses, at the wanted weight, through cu2qu into a new glyf font
(static TrueType faces are subset instead). Results are cached on disk by font-file hash + face + weight
+ character set. For Chinese documents U+2014 is redrawn as a full-em bar so that "——" is one unbroken
line.

The layout tables (GSUB, GPOS, GDEF) are kept for the horizontal features (`layout_features()`), subset
to the converted glyphs, with every glyph they can reach (ligatures, `locl` forms of each language)
drawn as well, and instanced at the weight for variable faces: HarfBuzz shapes a converted face as it
shapes its source (tests/test_fonts_layout.py), and its glyph ids are those of the file that is drawn.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cache import cache_dir, file_hash, write_atomic
from .catalog import Face

CONVERTER_VERSION = "7"   # 7: GSUB/GPOS/GDEF kept
_STORE_VERSION = "6"      # the glyph store: outlines are drawn as in version 6
# Always present, so page numbers, running heads and generated labels never miss a glyph.
BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·％"
NAME_IDS = frozenset({0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17})
_DROP = ["DSIG", "BASE", "VORG", "vhea", "vmtx", "STAT", "VVAR", "MVAR", "JSTF", "MATH", "morx", "hdmx",
         "LTSH", "VDMX", "meta", "COLR", "CPAL", "SVG "]
# Lines are set horizontally: the vertical features (and the glyphs only they reach) are left out.
_VERTICAL = frozenset({"vert", "vrt2", "vkrn", "vpal", "vhal", "valt", "vchw"})
# Tables the layout subset of a drawn face is made from (see _layout_subset).
_LAYOUT_SHELL = frozenset({"cmap", "GSUB", "GPOS", "GDEF", "fvar", "avar", "head", "maxp", "name"})


def layout_features() -> list[str]:
    """The OpenType features a converted face keeps: fontTools' default list (every feature HarfBuzz
    applies by default, and the CJK spacing ones: halt, chws, palt) without the vertical ones."""
    from fontTools import subset

    return [f for f in subset.Options().layout_features if f not in _VERTICAL]


_CMAPS: dict[str, frozenset[int]] = {}   # in this process: the weights of one file share it


def cmap_of(face: Face) -> frozenset[int]:
    """The code points a face maps, cached on disk as ranges (and in memory by the file's hash)."""
    key = hashlib.sha256(f"{file_hash(Path(face.path))}:{face.index}".encode()).hexdigest()[:40]
    if key in _CMAPS:
        return _CMAPS[key]
    cached = cache_dir("cmaps") / f"{key}.json"
    try:
        ranges = json.loads(cached.read_text())
        cps: set[int] = set()
        for a, b in ranges:
            cps.update(range(a, b + 1))
        found = _CMAPS[key] = frozenset(cps)
        return found
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    # Only the code points matter: placeholder glyph names spare fontTools building real ones (from the
    # CFF charset or the cmap itself), which is most of the time on a big CJK font.
    font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
    cps = set(font.getBestCmap())
    ranges_out: list[list[int]] = []
    for cp in sorted(cps):
        if ranges_out and ranges_out[-1][1] == cp - 1:
            ranges_out[-1][1] = cp
        else:
            ranges_out.append([cp, cp])
    write_atomic(cached, json.dumps(ranges_out).encode())
    found = _CMAPS[key] = frozenset(cps)
    return found


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
    """TrueType bytes of `face` at `weight` with the glyphs of `charset`. CFF and variable faces are
    drawn glyph by glyph straight into a new glyf font (only the wanted charstrings are ever read);
    static TrueType faces are subset as they are (outlines and hinting kept)."""
    from fontTools.ttLib import TTFont

    key = (face.path, face.index, file_hash(Path(face.path)))
    source = _SOURCES.get(key) or TTFont(face.path, fontNumber=face.index, lazy=True)
    if "CFF " in source or "CFF2" in source or "fvar" in source:
        # Kept for the next conversion in this process (a batch converts per recipient): opening the face
        # and reading its cmap and glyph names is most of the cost of a small conversion. Only drawn
        # faces: the subsetter below changes the font it is given.
        _SOURCES[key] = source
        where = GlyphStore.path_for(face, weight)        # the cache folder may change between builds
        store = _STORES.get(where) or GlyphStore(face, weight)
        _STORES[where] = store
        font = _drawn_font(source, weight, charset, store, face)
        store.save()
    else:
        data = _hb_subset(face, charset)
        if data is not None and not cjk_dash:
            return data
        font = TTFont(io.BytesIO(data)) if data is not None else _subset_font(source, charset)
    if cjk_dash:
        _full_em_dash(font)
    if "fvar" in source:
        _rename(font, weight)
        font["OS/2"].usWeightClass = weight
    font.recalcTimestamp = False  # keep the source's dates: converted files are reproducible
    if "CFF " in source or "CFF2" in source or "fvar" in source:
        # Drawn glyphs carry their compiled data with exact bounds: maxp, head's box and hhea come from
        # the glyph headers, so no glyph is expanded and compiled a second time on save.
        _recalc_from_headers(font)
        font.recalcBBoxes = False
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


_SOURCES: dict[tuple[str, int, str], Any] = {}          # drawn faces opened in this process
_STORES: dict[Path, GlyphStore] = {}                    # by the file each store is kept in


def _hb_subset(face: Face, charset: list[int]) -> bytes | None:
    """A static TrueType face subset by HarfBuzz (C; fontTools' subsetter takes about a second on a
    Latin face once the layout tables are kept): the same options as `_subset_font`. None when
    uharfbuzz cannot."""
    try:
        import uharfbuzz as hb

        hb_face, wanted = _hb_input(face, charset)
        names = wanted.name_id_set
        names.clear()
        for name_id in NAME_IDS:
            names.add(name_id)
        for tag in _DROP:
            wanted.drop_table_tag_set.add(_tag(tag))
        wanted.flags = hb.SubsetFlags.NOTDEF_OUTLINE
        out = hb.subset(hb_face, wanted)
        return None if out is None else out.blob.data
    except Exception:    # an older uharfbuzz, a face it will not subset: fontTools does it
        return None


def _subset_font(font: Any, charset: list[int]) -> Any:
    from fontTools import subset

    opts = subset.Options()
    opts.layout_features = layout_features()
    opts.legacy_kern = True        # a font with a `kern` table only is kerned by HarfBuzz from it
    opts.name_IDs = list(NAME_IDS)
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.drop_tables += _DROP
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=charset)
    subsetter.subset(font)
    return font


def _recalc_from_headers(font: Any) -> None:
    """What maxp.recalc and hhea.recalc work out (glyph count, largest point and contour counts, the font
    box, the lsb flag, hhea's extents), read from the compiled simple glyphs' headers instead of
    expanding them. Fonts with composite glyphs take fontTools' own path."""
    import struct

    glyf, hmtx, head = font["glyf"], font["hmtx"], font["head"]
    boxes: dict[str, tuple[int, int, int, int]] = {}
    max_points = max_contours = 0
    for name in font.getGlyphOrder():
        glyph = glyf.glyphs[name]
        data = getattr(glyph, "data", None)
        if data is None:                 # expanded (the redrawn em dash) or empty (a space)
            contours = glyph.numberOfContours
            if contours > 0:
                glyph.recalcBounds(glyf)
                boxes[name] = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
                points = len(glyph.coordinates)
        elif data:
            contours, x_min, y_min, x_max, y_max = struct.unpack_from(">hhhhh", data)
            if contours > 0:
                boxes[name] = (x_min, y_min, x_max, y_max)
                points = struct.unpack_from(">H", data, 10 + 2 * (contours - 1))[0] + 1
        else:
            contours = 0
        if contours < 0:                 # composite: not drawn by us
            font["maxp"].recalc(font)
            font["hhea"].recalc(font)
            return
        if contours == 0:
            continue
        max_points, max_contours = max(max_points, points), max(max_contours, contours)
    maxp = font["maxp"]
    maxp.numGlyphs = len(glyf.glyphs)
    maxp.maxPoints, maxp.maxContours = max_points, max_contours
    maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.maxComponentElements = maxp.maxComponentDepth = 0
    if boxes:
        head.xMin = min(b[0] for b in boxes.values())
        head.yMin = min(b[1] for b in boxes.values())
        head.xMax = max(b[2] for b in boxes.values())
        head.yMax = max(b[3] for b in boxes.values())
    else:
        head.xMin = head.yMin = head.xMax = head.yMax = 0
    lsb_is_x_min = all(hmtx[name][1] == b[0] for name, b in boxes.items())
    head.flags = head.flags | 0x2 if lsb_is_x_min else head.flags & ~0x2
    hhea = font["hhea"]
    hhea.advanceWidthMax = max(adv for adv, _ in hmtx.metrics.values())
    if boxes:
        sides = [(hmtx[name][0], hmtx[name][1], b[2] - b[0]) for name, b in boxes.items()]
        hhea.minLeftSideBearing = min(lsb for _, lsb, _ in sides)
        hhea.minRightSideBearing = min(adv - lsb - w for adv, lsb, w in sides)
        hhea.xMaxExtent = max(lsb + w for _, lsb, w in sides)
    else:
        hhea.minLeftSideBearing = hhea.minRightSideBearing = hhea.xMaxExtent = 0


class GlyphStore:
    """Quadratic outlines already drawn from one face at one weight, kept on disk by glyph name (compiled
    glyf data, advance, xMin). Editing copy that brings in a few new characters then converts only
    those, not the whole character set again. Output bytes do not depend on what was cached: fresh
    glyphs go through the same compiled form."""

    def __init__(self, face: Face, weight: int):
        self.path = self.path_for(face, weight)
        self.glyphs: dict[str, tuple[bytes, int, int]] = {}
        self.added = False
        try:
            raw = json.loads(self.path.read_text())
            self.glyphs = {n: (base64.b64decode(d), w, x) for n, (d, w, x) in raw.items()}
        except (OSError, ValueError, TypeError):
            pass

    @staticmethod
    def path_for(face: Face, weight: int) -> Path:
        key = hashlib.sha256(f"{_STORE_VERSION}:{file_hash(Path(face.path))}:{face.index}:{weight}".encode())
        return cache_dir("glyphs") / f"{Path(face.path).stem}-{weight}-{key.hexdigest()[:24]}.json"

    def get(self, name: str, draw: Any) -> tuple[Any, int, int]:
        """(Glyph, advance, xMin) of `name`; `draw()` gives (Glyph, advance) for one not stored yet."""
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        if name not in self.glyphs:
            glyph, width = draw()
            glyph.recalcBounds(None)
            data = glyph.compile(None, recalcBBoxes=False)
            self.glyphs[name] = (data, width, getattr(glyph, "xMin", 0))
            self.added = True
        data, width, x_min = self.glyphs[name]
        return Glyph(data), width, x_min

    def save(self) -> None:
        if self.added:
            out = {n: [base64.b64encode(d).decode(), w, x] for n, (d, w, x) in sorted(self.glyphs.items())}
            write_atomic(self.path, json.dumps(out, separators=(",", ":")).encode())
            self.added = False


def _drawn_font(source: Any, weight: int, charset: list[int], store: GlyphStore, face: Face) -> Any:
    """A new glyf font: the wanted glyphs drawn at `weight` through cu2qu, the source's vertical
    metrics, OS/2, names and dates. Skips the subsetter, which would read, prune and rewrite the whole
    CFF (and its variation store) only for us to throw it away."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib import newTable

    if "CFF2" in source and "post" in source and source["post"].formatType == 3.0 \
            and not getattr(source, "_named_by_id", False):      # (once for a face kept in _SOURCES)
        # No glyph names in the font: naming 65k glyphs from the cmap is a third of the work. Names by
        # glyph id do as well (they only key the store and are not written out).
        source._named_by_id = True
        source.setGlyphOrder([".notdef"] + [f"g{i}" for i in range(1, source["maxp"].numGlyphs)])
    best = source.getBestCmap()
    cmap = {cp: best[cp] for cp in charset if cp in best}
    # The glyphs the layout tables reach (ligatures, locl forms) are drawn too, in the subsetter's order
    # (by source glyph id), which is the order the subset tables' glyph ids refer to.
    order, layout = _layout_subset(face, source, charset, weight)
    variable = "fvar" in source
    reverse = "CFF " in source or "CFF2" in source
    outlines: list[Any] = []      # opened only when a glyph is not in the store

    def draw(name: str) -> tuple[Any, int]:
        if not outlines:
            fast = FreeTypeOutlines.open(source, weight, face)
            outlines.append(fast or (source.getGlyphSet(location={"wght": float(weight)}, normalized=False)
                                     if variable else source.getGlyphSet()))
        found = outlines[0]
        if isinstance(found, FreeTypeOutlines):
            return found.quadratic(source.getGlyphID(name), reverse)
        return _quadratic(found[name], reverse)

    glyphs, metrics = {}, {}
    for name in order:
        glyph, width, x_min = store.get(name, lambda name=name: draw(name))
        glyphs[name], metrics[name] = glyph, (width, x_min)
    head, hhea, post = source["head"], source["hhea"], source["post"]
    fb = FontBuilder(head.unitsPerEm, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    # FontBuilder.setupGlyf would expand every glyph to look for cubics (cu2qu made them quadratic)
    # and recompute bounds the compiled data already carries.
    fb.font["loca"], fb.font["glyf"] = newTable("loca"), newTable("glyf")
    fb.font["glyf"].glyphs, fb.font["glyf"].glyphOrder = glyphs, order
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap,
                             caretSlopeRise=hhea.caretSlopeRise, caretSlopeRun=hhea.caretSlopeRun)
    fb.setupPost(keepGlyphNames=False, italicAngle=post.italicAngle, underlinePosition=post.underlinePosition,
                 underlineThickness=post.underlineThickness, isFixedPitch=post.isFixedPitch)
    fb.setupMaxp()
    for attr in ("fontRevision", "created", "modified", "flags", "macStyle", "lowestRecPPEM",
                 "fontDirectionHint"):
        setattr(fb.font["head"], attr, getattr(head, attr))
    fb.font["OS/2"] = source["OS/2"]
    fb.font["name"] = _names(source["name"])
    for tag, table in layout.items():
        fb.font[tag] = table
    return fb.font


def _layout_subset(face: Face, source: Any, charset: list[int], weight: int) -> tuple[list[str], dict[str, Any]]:
    """The converted font's glyph order (kept source names, by source glyph id) and its layout tables:
    the source's GSUB, GPOS and GDEF subset to `charset` with `layout_features()` and their glyph
    closure, instanced at `weight` when the face is variable. HarfBuzz's subsetter (C: about 10 ms
    where fontTools' takes 1-2 s on a CJK face) does it on the tables alone; fontTools' when it cannot."""
    names = source.getGlyphOrder()     # the names the drawn glyphs are stored under
    found = _hb_layout_subset(face, charset, weight)
    if found is not None:
        mapping, data = found
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.tables.DefaultTable import DefaultTable

        # Glyph i of the subset is glyph i of the converted font: the compiled tables are taken as
        # they are (decompiling and compiling them again in Python would cost more than the rest).
        order = [names[mapping[i]] for i in range(len(mapping))]
        reader = TTFont(io.BytesIO(data), lazy=True).reader
        tables = {}
        for tag in ("GDEF", "GSUB", "GPOS"):
            if tag in reader:
                tables[tag] = DefaultTable(tag)
                tables[tag].data = reader[tag]
        return order, tables
    shell = _fonttools_layout_subset(face, names, charset, weight)
    return shell.getGlyphOrder(), {tag: shell[tag] for tag in ("GDEF", "GSUB", "GPOS") if tag in shell}


def _hb_input(face: Face, charset: list[int]) -> tuple[Any, Any]:
    """HarfBuzz's face of `face` and a subset input for `charset` keeping our layout features."""
    import uharfbuzz as hb

    hb_face = hb.Face(hb.Blob.from_file_path(face.path), max(face.index, 0))
    wanted = hb.SubsetInput()
    for cp in charset:
        wanted.unicode_set.add(cp)
    features = wanted.layout_feature_tag_set
    features.clear()
    for tag in layout_features():
        features.add(_tag(tag))
    return hb_face, wanted


def _tag(tag: str) -> int:
    return int.from_bytes(tag.encode("latin-1"), "big")


def _hb_layout_subset(face: Face, charset: list[int], weight: int) -> tuple[Any, bytes] | None:
    """(new -> old glyph id map, font bytes holding the subset layout tables), or None."""
    try:
        import uharfbuzz as hb

        hb_face, wanted = _hb_input(face, charset)
        for tag in hb_face.table_tags:
            if tag not in _LAYOUT_SHELL:
                wanted.drop_table_tag_set.add(_tag(tag))
        if "fvar" in hb_face.table_tags and not (wanted.pin_all_axes_to_default(hb_face)
                                                 and wanted.pin_axis_location(hb_face, "wght", float(weight))):
            return None
        plan = hb.SubsetPlan(hb_face, wanted)
        out = plan.execute()
        if out is None:
            return None
        return plan.new_to_old_glyph_mapping, out.blob.data
    except Exception:    # an older uharfbuzz, a face it will not subset: fontTools does it
        return None


def _fonttools_layout_subset(face: Face, names: list[str], charset: list[int], weight: int) -> Any:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    shell = TTFont(face.path, fontNumber=max(face.index, 0), lazy=True)
    for tag in list(shell.reader.keys()):
        if tag not in _LAYOUT_SHELL:
            del shell[tag]
    shell.setGlyphOrder(names)
    opts = subset.Options()
    opts.layout_features = layout_features()
    opts.notdef_outline = True
    opts.drop_tables = []
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=charset)
    subsetter.subset(shell)
    if "fvar" in shell:
        from fontTools.varLib import instancer

        axes = {a.axisTag: (float(weight) if a.axisTag == "wght" else a.defaultValue) for a in shell["fvar"].axes}
        instancer.instantiateVariableFont(shell, axes, inplace=True)
    return shell


class FreeTypeOutlines:
    """Glyph outlines read by FreeType (C) at the wanted weight: about 2.5x faster than fontTools'
    charstring interpreter in Python, with the same advances and points within rounding. None when
    freetype-py is not installed or cannot read the face; fontTools then draws them."""

    def __init__(self, face: Any, upem: int):
        self.face, self.upem = face, upem

    @classmethod
    def open(cls, source: Any, weight: int, where: Face) -> FreeTypeOutlines | None:
        try:
            import freetype
        except ImportError:
            return None
        try:
            face = freetype.Face(where.path, index=max(where.index, 0))
            if "fvar" in source:
                face.set_var_design_coords(tuple(float(weight) if a.axisTag == "wght" else a.defaultValue
                                                 for a in source["fvar"].axes))
            upem = source["head"].unitsPerEm
            face.set_char_size(upem * 64, 0, 72, 72)     # one pixel per font unit, 26.6 fixed point
        except (freetype.FT_Exception, OSError, AttributeError, TypeError, ValueError):
            return None
        return cls(face, upem)

    def quadratic(self, gid: int, reverse: bool) -> tuple[Any, int]:
        """One glyph as TrueType quadratic outlines through cu2qu, and its advance width."""
        import freetype

        self.face.load_glyph(gid, freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_NO_BITMAP)
        pen, cu2qu = _quadratic_pens(reverse)
        started = [False]

        def pt(v: Any) -> tuple[float, float]:
            return (v.x / 64, v.y / 64)

        def move_to(a: Any, _: Any) -> None:
            if started[0]:
                cu2qu.closePath()
            cu2qu.moveTo(pt(a))
            started[0] = True

        self.face.glyph.outline.decompose(
            None, move_to=move_to, line_to=lambda a, _: cu2qu.lineTo(pt(a)),
            conic_to=lambda a, b, _: cu2qu.qCurveTo(pt(a), pt(b)),
            cubic_to=lambda a, b, c, _: cu2qu.curveTo(pt(a), pt(b), pt(c)))
        if started[0]:
            cu2qu.closePath()
        return pen.glyph(), round(self.face.glyph.advance.x / 64)


def _quadratic_pens(reverse: bool) -> tuple[Any, Any]:
    """(TrueType glyph pen, the cu2qu pen to draw into it): cubic outlines become quadratic within one
    font unit, turned to TrueType's direction when `reverse`."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    return pen, Cu2QuPen(pen, 1.0, reverse_direction=reverse)


def _quadratic(glyph: Any, reverse: bool) -> tuple[Any, int]:
    """One glyph as TrueType quadratic outlines, and its advance width."""
    pen, cu2qu = _quadratic_pens(reverse)
    glyph.draw(cu2qu)
    return pen.glyph(), round(glyph.width)


def _names(table: Any) -> Any:
    """The source's Windows English names we keep (as the subsetter would with NAME_IDS)."""
    from fontTools.ttLib import newTable

    out = newTable("name")
    out.names = [n for n in table.names if n.nameID in NAME_IDS and n.platformID == 3 and n.langID == 0x409]
    return out


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
    dash = pen.glyph()
    dash.recalcBounds(None)
    font["glyf"][name] = dash  # type: ignore[index]
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
