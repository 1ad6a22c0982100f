"""SHAPE helper: text shaped with HarfBuzz (uharfbuzz): kerning, ligatures, contextual forms for Latin
runs; the glyph forms of the text's language (`locl`) and the font's half-width punctuation (`halt`) for
CJK runs (see `local_forms` and `halt_blanks` at the end).

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

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Ligatures and kerning; the defaults HarfBuzz applies for Latin (ccmp, locl, mark, mkmk, calt, clig,
# rlig) stay on as well.
FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class FontFile:
    """The source face a ReportLab font was made from (its layout tables are what HarfBuzz reads)."""

    path: str
    index: int      # face in a collection; -1 for a single-face file
    weight: int     # instance of a variable face
    drawn: str = ""  # the converted file drawn for it (fonts/convert.py): glyph ids refer to this one


class _Face:
    """A HarfBuzz font at one weight, and (built on first need) glyph id -> the character mapping to it."""

    def __init__(self, path: str, index: int, weight: int) -> None:
        import uharfbuzz as hb  # loaded with the first run shaped

        face = hb.Face(hb.Blob.from_file_path(path), max(index, 0))
        self.font = hb.Font(face)
        if "fvar" in face.table_tags:
            self.font.set_variations({"wght": float(weight)})
        self.face = face
        self.upem = face.upem
        self._reverse: dict[int, str] | None = None
        self.own_glyph: dict[str, int] = {}       # character -> its nominal glyph (-1: none)
        self.nominal = _Advances(self)             # character -> advance of its nominal glyph, em
        self.gpos_features: set[str] | None = None  # filled on first need (halt_blanks)

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


# CJK runs: only glyph choices are read (the engine keeps its own spacing rules), and no ligature or
# contextual alternate joins or swaps glyphs behind the engine's back.
_CJK_FEATURES = {"kern": False, "liga": False, "clig": False, "calt": False}


def _drawn_face(font: FontFile) -> _Face:
    """The HarfBuzz font of the file that is drawn (the converted one, an instance at the weight) when
    known, else of the source face."""
    if font.drawn:
        return _font(font.drawn, -1, font.weight)
    return _font(font.path, font.index, font.weight)


_FORMS: dict[tuple[FontFile, str], dict[str, int]] = {}
_KEPT = 256     # (font, locale) tables kept in this process


def local_forms(font: FontFile, text: str, locale: str, only: Callable[[str], bool]) -> list[int] | None:
    """For each character of `text`, the glyph id (in `font.drawn`, else the source face) that the
    font's local forms for `locale` (BCP 47: zh-Hans, zh-TW, ja, ...) put in place of the character's
    own glyph, or -1 where it keeps its own (and for characters `only` refuses). None when nothing in
    `text` changes. Local forms are single substitutions, so each character is shaped once per font and
    locale and remembered."""
    table = _FORMS.get((font, locale))
    if table is None:
        if len(_FORMS) >= _KEPT:      # converted files change as the text does (build --watch, batch)
            _FORMS.clear()
        table = _FORMS[(font, locale)] = {}
    chars = set(text)
    new = [c for c in chars if c not in table]
    if new:
        try:
            face = _drawn_face(font)
        except Exception:   # not a font HarfBuzz can read
            return None
        for ch in new:
            table[ch] = -1
        wanted = [c for c in new if only(c)]
        if wanted:
            _fill_forms(face, wanted, locale, table)
    if all(table[c] < 0 for c in chars):
        return None
    return [table[c] for c in text]


def _fill_forms(face: _Face, chars: list[str], locale: str, table: dict[str, int]) -> None:
    gids = _glyph_ids(face, "".join(chars), locale)
    if gids is None:             # glyphs joined or split: each character on its own
        gids = [(_glyph_ids(face, ch, locale) or [0])[0] for ch in chars]
    nominal = face.font.get_nominal_glyph
    for ch, gid in zip(chars, gids, strict=True):
        if gid and gid != (nominal(ord(ch)) or 0):
            table[ch] = gid


def _glyph_ids(face: _Face, text: str, locale: str) -> list[int] | None:
    """The glyph HarfBuzz sets for each character of `text` (CJK features), None unless one each."""
    import uharfbuzz as hb

    buf = _cjk_buffer(text, locale)
    hb.shape(face.font, buf, _CJK_FEATURES)
    infos = buf.glyph_infos
    if len(infos) != len(text):
        return None
    out = [0] * len(text)
    for info in infos:
        out[info.cluster] = info.codepoint
    return out


_HALT: dict[tuple[FontFile, str, str, bool], tuple[float, float] | None] = {}


def halt_blanks(font: FontFile, ch: str, locale: str, local: bool = True) -> tuple[float, float] | None:
    """(left, right): the em of blank the font's half-width form (`halt`) takes off each side of the
    full-width mark `ch`: (0, 0.5) for a Simplified Chinese comma, (0.25, 0.25) for a centred
    Traditional Chinese one, (0.5, 0) for an opening bracket. Of `locale`'s local form of `ch` when
    `local`, else of the character's own glyph. None when the font has no `halt` feature (or cannot be
    read)."""
    key = (font, ch, locale, local)
    if key in _HALT:
        return _HALT[key]
    if len(_HALT) >= 100 * _KEPT:
        _HALT.clear()
    found = _HALT[key] = _halt(font, ch, locale, local)
    return found


def _halt(font: FontFile, ch: str, locale: str, local: bool) -> tuple[float, float] | None:
    import uharfbuzz as hb

    try:
        face = _drawn_face(font)
    except Exception:
        return None
    if face.gpos_features is None:
        face.gpos_features = _gpos_features(face)
    if "halt" not in face.gpos_features:
        return None
    shaped = []
    plain = {**_CJK_FEATURES, "locl": local}
    for features in (plain, {**plain, "halt": True}):
        buf = _cjk_buffer(ch, locale)
        hb.shape(face.font, buf, features)
        if len(buf.glyph_positions) != 1:
            return None
        shaped.append(buf.glyph_positions[0])
    full, half = shaped
    left = -half.x_offset
    right = full.x_advance - half.x_advance - left
    return max(0, left) / face.upem, max(0, right) / face.upem


def _cjk_buffer(text: str, locale: str) -> Any:
    """A HarfBuzz buffer for a piece of a CJK run: Han script whatever the piece holds (a mark or a kana
    takes the script of the ideographs around it, and with it the language's local forms), left to
    right."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "ltr"
    buf.script = "Hani"
    buf.language = locale
    return buf


def _gpos_features(face: _Face) -> set[str]:
    """The GPOS feature tags of every script and language system of the face."""
    tags: set[str] = set()
    hb_face = face.face
    for script_index, _ in enumerate(hb_face.get_table_script_tags("GPOS")):
        tags.update(hb_face.get_language_feature_tags("GPOS", script_index))
        for lang_index, _ in enumerate(hb_face.get_script_language_tags("GPOS", script_index)):
            tags.update(hb_face.get_language_feature_tags("GPOS", script_index, lang_index))
    return tags
