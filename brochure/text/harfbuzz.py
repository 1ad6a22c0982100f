"""SHAPE helper: Latin runs shaped with HarfBuzz (uharfbuzz): kerning, ligatures, contextual forms.

Takes a font file (the source face, with its GSUB/GPOS), a run of text and its language; returns, for
any stretch of that text, the glyphs to draw as (character, advance in em, adjusted?) triples. The
drawing path today is ReportLab's TrueType path, which maps characters to glyphs one by one: a glyph
HarfBuzz chooses is drawn through a character the font maps to it (`ﬁ` for the fi ligature, whose
ToUnicode entry reads back as "fi" and whose line carries ActualText with the source text), and an
advance HarfBuzz changes (kerning) is drawn as a positioned glyph. A glyph no character maps to (a
contextual alternate, a small cap) cannot be drawn that way: such a stretch is reported as not shaped
and set character by character, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Ligatures and kerning; the defaults HarfBuzz applies for Latin (ccmp, locl, mark, mkmk, calt, clig,
# rlig) stay on as well.
FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class FontFile:
    """The source face a ReportLab font was made from (its layout tables are what HarfBuzz reads)."""

    path: str
    index: int      # face in a collection; -1 for a single-face file
    weight: int     # instance of a variable face


class _Face:
    """A HarfBuzz font at one weight, and (built on first need) glyph id -> the character mapping to it."""

    def __init__(self, path: str, index: int, weight: int) -> None:
        import uharfbuzz as hb  # loaded with the first Latin run: Chinese builds never need it

        face = hb.Face(hb.Blob.from_file_path(path), max(index, 0))
        self.font = hb.Font(face)
        if "fvar" in face.table_tags:
            self.font.set_variations({"wght": float(weight)})
        self.face = face
        self.upem = face.upem
        self._reverse: dict[int, str] | None = None
        self.own_glyph: dict[str, int] = {}       # character -> its nominal glyph (-1: none)
        self.nominal = _Advances(self)             # character -> advance of its nominal glyph, em

    def character(self, gid: int) -> str | None:
        """The character (the lowest code point) the font maps to glyph `gid`, if any."""
        if self._reverse is None:
            get = self.font.get_nominal_glyph
            self._reverse = {}
            for cp in sorted(self.face.unicodes, reverse=True):
                glyph = get(cp)
                if glyph is not None:
                    self._reverse[glyph] = chr(cp)
        return self._reverse.get(gid)


class _Advances(dict[str, float]):
    """character -> the advance of the glyph the font maps it to, in em; filled on first look."""

    def __init__(self, face: _Face) -> None:
        super().__init__()
        self._face = face

    def __missing__(self, ch: str) -> float:
        font = self._face.font
        value = self[ch] = font.get_glyph_h_advance(font.get_nominal_glyph(ord(ch)) or 0) / self._face.upem
        return value


@lru_cache(maxsize=64)
def _font(path: str, index: int, weight: int) -> _Face:
    return _Face(path, index, weight)


@dataclass(slots=True)
class ShapedRun:
    """A run of text shaped once; `glyphs(a, b)` answers for any stretch of it."""

    text: str
    clusters: dict[int, list[tuple[str, float]]]   # first char of a cluster -> its glyphs (char, em)
    ends: dict[int, int]                            # first char of a cluster -> one past its last char
    nominal: dict[str, float]                       # em advance of each drawn character, unshaped (shared)

    def glyphs(self, a: int, b: int) -> list[tuple[str, float, bool, bool]] | None:
        """(character to draw, advance in em, advance adjusted?, ligature?) for the characters
        [a, b) of the run, or None when a cluster crosses a or b or a glyph cannot be drawn."""
        out: list[tuple[str, float, bool, bool]] = []
        i = a
        while i < b:
            glyphs = self.clusters.get(i)
            if glyphs is None:
                return None
            end = self.ends[i]
            if end > b:
                return None
            ligature = end - i > len(glyphs)
            for ch, adv in glyphs:
                out.append((ch, adv, abs(adv - self.nominal[ch]) > 1e-6, ligature))
            i = end
        return out


def shape_run(font: FontFile, text: str, language: str) -> ShapedRun | None:
    """Shape `text` (one run, one font) with HarfBuzz; None when the file cannot be read."""
    try:
        face = _font(font.path, font.index, font.weight)
    except Exception:   # not a font HarfBuzz can read: set unshaped
        return None
    return _shape(face, text, language)


def _shape(face: _Face, text: str, language: str) -> ShapedRun:
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    hb.shape(face.font, buf, FEATURES)
    clusters: dict[int, list[tuple[str, float]]] = {}
    broken: set[int] = set()
    own_glyph = face.own_glyph
    scale = 1.0 / face.upem
    # uharfbuzz reports clusters as offsets into the string it was given, counted in code points.
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        start = info.cluster
        gid = info.codepoint
        source = text[start]
        own = own_glyph.get(source)
        if own is None:
            own = own_glyph[source] = face.font.get_nominal_glyph(ord(source)) or -1
        # A character's own glyph is drawn through that character (a no-break space stays one, though
        # the font maps it to the space's glyph); only substituted glyphs go through the reverse map.
        ch = source if own == gid else face.character(gid)
        found = clusters.get(start)
        if found is None:
            found = clusters[start] = []
        if ch is None or pos.x_offset or pos.y_offset:
            broken.add(start)
        else:
            found.append((ch, pos.x_advance * scale))
    ordered = sorted(clusters)
    ends = {s: (ordered[n + 1] if n + 1 < len(ordered) else len(text)) for n, s in enumerate(ordered)}
    for start in broken:
        del clusters[start]
    return ShapedRun(text, clusters, ends, face.nominal)
