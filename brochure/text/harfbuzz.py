"""SHAPE helper: text shaped with HarfBuzz (uharfbuzz): kerning, ligatures, contextual forms for Latin
runs (CJK runs take only glyph choices from HarfBuzz: text/cjkforms.py).

Takes a font (the drawn file, fonts/convert.py, which keeps the source's GSUB/GPOS/GDEF and every glyph
they reach), a run of text and its language; returns, for any stretch of that text, the glyphs to draw:
what each stands for (a character, or a ligature's letters), its advance in em and its glyph id in the
drawn file where it is not a character's own glyph (a ligature, a contextual or local form, with or
without a character mapped to it). text/flowable.py draws such a glyph by its id (fonts/type0.py: its
ToUnicode entry reads back as its letters), and a line holding a ligature carries ActualText. A
cluster of several glyphs, or one HarfBuzz moves off its pen position (marks placed by GPOS, the
Catalan raised dot), is one glyph of the layout drawn as parts, each at its offset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Ligatures and kerning; the defaults HarfBuzz applies for Latin (ccmp, locl, mark, mkmk, calt, clig,
# rlig) stay on as well.
FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class FontFile:
    """The face a ReportLab font was made from, and the converted file drawn for it (glyph ids refer to
    that one; the source face is shaped only when there is none)."""

    path: str
    index: int      # face in a collection; -1 for a single-face file
    weight: int     # instance of a variable face
    drawn: str = ""  # the converted file drawn for it (fonts/convert.py): glyph ids refer to this one


class _Face:
    """A HarfBuzz font at one weight, and the advances of its glyphs (filled on first need)."""

    def __init__(self, path: str, index: int, weight: int) -> None:
        import uharfbuzz as hb  # loaded with the first run shaped

        face = hb.Face(hb.Blob.from_file_path(path), max(index, 0))
        self.font = hb.Font(face)
        if "fvar" in face.table_tags:
            self.font.set_variations({"wght": float(weight)})
        self.face = face
        self.upem = face.upem
        self.own_glyph: dict[str, int] = {}       # character -> its nominal glyph (0: none)
        self.advance = _Advances(self)             # glyph id -> its advance, em
        self.gpos_features: set[str] | None = None  # filled on first need (halt_blanks)
        self._reverse: dict[int, str] | None = None

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


class _Advances(dict[int, float]):
    """glyph id -> its advance in em (what the PDF's /W gives it); filled on first look."""

    def __init__(self, face: _Face) -> None:
        super().__init__()
        self._face = face

    def __missing__(self, gid: int) -> float:
        value = self[gid] = self._face.font.get_glyph_h_advance(gid) / self._face.upem
        return value


@lru_cache(maxsize=64)
def _font(path: str, index: int, weight: int) -> _Face:
    return _Face(path, index, weight)


# A glyph of a cluster drawn off its pen position (a mark GPOS places, a raised middle dot): (the text it
# reads back as, glyph id, em right of the cluster's pen position, em up).
Part = tuple[str, int, float, float]
# One cluster as shaped: (the text it stands for, advance in em, glyph id or -1 for the character's own
# glyph, advance adjusted (kerned)?, read back otherwise than by its own characters (a ligature)?, the
# glyphs to draw when not the one at its pen position: a cluster of several glyphs, or one moved).
ShapedGlyph = tuple[str, float, int, bool, bool, tuple[Part, ...]]


@dataclass(slots=True)
class ShapedRun:
    """A run of text shaped once; `glyphs(a, b)` answers for any stretch of it."""

    text: str
    clusters: dict[int, ShapedGlyph]   # first char of a cluster -> its glyph
    ends: dict[int, int]               # first char of a cluster -> one past its last char

    def glyphs(self, a: int, b: int) -> list[ShapedGlyph] | None:
        """The glyphs of the characters [a, b) of the run, or None when a cluster crosses a or b or
        cannot be drawn."""
        out: list[ShapedGlyph] = []
        i = a
        while i < b:
            glyph = self.clusters.get(i)
            if glyph is None:
                return None
            end = self.ends[i]
            if end > b:
                return None
            out.append(glyph)
            i = end
        return out


def shape_run(font: FontFile, text: str, language: str) -> ShapedRun | None:
    """Shape `text` (one run, one font) with HarfBuzz in the drawn file; None when it cannot be read."""
    try:
        face = drawn_face(font)
    except Exception:   # not a font HarfBuzz can read: set unshaped
        return None
    return _shape(face, text, language, font)


def _buffer(face: _Face, text: str, language: str) -> Any:
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    hb.shape(face.font, buf, FEATURES)
    return buf


def _shape(face: _Face, text: str, language: str, font: FontFile) -> ShapedRun:
    buf = _buffer(face, text, language)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    # uharfbuzz reports clusters as offsets into the string it was given, counted in code points; left
    # to right, a cluster's glyphs are consecutive
    of = [info.cluster for info in infos]
    firsts = sorted(set(of))
    ends = {s: (firsts[n + 1] if n + 1 < len(firsts) else len(text)) for n, s in enumerate(firsts)}
    own_glyph = face.own_glyph
    advance = face.advance
    scale = 1.0 / face.upem
    clusters: dict[int, ShapedGlyph] = {}
    count = len(of)
    source: list[str | None] = []       # filled on first need: see _source_characters
    i = 0
    while i < count:
        start = of[i]
        end = ends[start]
        letters = text[start:end]
        j = i + 1
        while j < count and of[j] == start:
            j += 1
        if j - i > 1:           # a cluster of several glyphs
            glyphs = [(infos[n].codepoint, positions[n].x_advance, positions[n].x_offset, positions[n].y_offset)
                      for n in range(i, j)]

            def character(n: int, at: int = i) -> str | None:
                if not source:
                    source.extend(_source_characters(font, text, language, count))
                return face.character(infos[at + n].codepoint) or source[at + n]

            several = _several(face, letters, glyphs, character)
            if several is not None:
                clusters[start] = several
            i = j
            continue
        gid = infos[i].codepoint
        pos = positions[i]
        i = j
        if gid == 0:    # the drawn file lacks the character: set unshaped (the layout reports it and
            continue    # the edition is converted again)
        adv = pos.x_advance * scale
        kerned = abs(adv - advance[gid]) > 1e-6
        if pos.x_offset or pos.y_offset:
            clusters[start] = (letters, adv, gid, kerned, True,
                               ((letters, gid, pos.x_offset * scale, pos.y_offset * scale),))
        elif end - start == 1:
            own = own_glyph.get(letters)
            if own is None:
                own = own_glyph[letters] = face.font.get_nominal_glyph(ord(letters)) or 0
            # a character's own glyph is drawn through that character (a no-break space stays one,
            # though the font maps it to the space's glyph); another glyph by its id
            clusters[start] = (letters, adv, -1 if own == gid else gid, kerned, False, ())
        else:
            clusters[start] = (letters, adv, gid, kerned, True, ())
    return ShapedRun(text, clusters, ends)


def _several(face: _Face, letters: str, glyphs: list[tuple[int, int, int, int]],
             character: Callable[[int], str | None]) -> ShapedGlyph | None:
    """A cluster of several glyphs (a base and the marks GPOS places on it, a mark a contextual form
    adds: Dutch "íj" takes a dotless j and an acute) as one glyph of the layout drawn as parts. Each
    glyph reads back as its share of the characters, in order (the first as many as the cluster has
    more characters than glyphs); glyph n added beyond the characters reads back as `character(n)`
    (the acute as U+0301; the line's ActualText gives the text as typed). None when a glyph is missing
    or has no character to read back as."""
    scale = 1.0 / face.upem
    parts: list[Part] = []
    pen = 0
    spare = len(letters) - len(glyphs)
    at = 0
    for n, (gid, x_advance, x_offset, y_offset) in enumerate(glyphs):
        if gid == 0:
            return None
        if at < len(letters):
            take = 1 + max(spare, 0) if n == 0 else 1
            reads, at = letters[at:at + take], at + take
        else:
            found = character(n)
            if found is None:
                return None
            reads = found
        parts.append((reads, gid, (pen + x_offset) * scale, y_offset * scale))
        pen += x_advance
    drawn = sum(face.advance[g[0]] for g in glyphs)
    return (letters, pen * scale, parts[0][1], abs(pen * scale - drawn) > 1e-6, True, tuple(parts))


def _source_characters(font: FontFile, text: str, language: str, count: int) -> list[str | None]:
    """For each glyph HarfBuzz sets for `text`, the character the source face maps to it: the converted
    file maps only the text's characters, not a mark GSUB adds (tests/test_fonts_layout.py: the two
    shape alike). Nones when the source cannot be read or shapes otherwise."""
    try:
        face = _font(font.path, font.index, font.weight)
    except Exception:
        return [None] * count
    infos = _buffer(face, text, language).glyph_infos
    if len(infos) != count:
        return [None] * count
    return [face.character(info.codepoint) for info in infos]


def drawn_face(font: FontFile) -> _Face:
    """The HarfBuzz font of the file that is drawn (the converted one, an instance at the weight) when
    known, else of the source face."""
    if font.drawn:
        return _font(font.drawn, -1, font.weight)
    return _font(font.path, font.index, font.weight)
