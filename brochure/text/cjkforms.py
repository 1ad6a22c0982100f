"""SHAPE helper: what a CJK run takes from HarfBuzz: the glyph forms of the text's language (`locl`) and
the font's half-width punctuation (`halt`). The engine keeps its own spacing rules, so only glyph
choices and blank widths are read, and no ligature or contextual alternate joins or swaps glyphs behind
its back.

For a converted file (fonts/convert.py: its name changes with its contents), both are worked out once for
every character the file maps and kept in the cache beside it (`$BROCHURE_CACHE/shaping/<file>.json`): a
warm build of a CJK text does not load HarfBuzz at all. A source face (no converted file) is asked
character by character, in this process only.
"""

from __future__ import annotations

import contextlib
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..cache import cache_dir, write_atomic
from .harfbuzz import FontFile, _Face, drawn_face

_CJK_FEATURES = {"kern": False, "liga": False, "clig": False, "calt": False}
_STORE_VERSION = 1
_KEPT = 256     # (font, locale) tables kept in this process

Only = Callable[[str], bool]
Blanks = tuple[float, float]

_FORMS: dict[tuple[FontFile, str, Only], dict[str, int]] = {}   # char -> glyph id, -1: its own
_WHOLE: set[tuple[FontFile, str, Only]] = set()                   # tables that cover the whole file
_HALT: dict[tuple[FontFile, str, bool], dict[str, Blanks | None] | None] = {}   # None: no `halt`
_STORED: dict[str, dict[str, Any]] = {}                            # converted file -> its stored facts


def local_forms(font: FontFile, text: str, locale: str, only: Only) -> list[int] | None:
    """For each character of `text`, the glyph id (in `font.drawn`, else the source face) that the
    font's local forms for `locale` (BCP 47: zh-Hans, zh-TW, ja, ...) put in place of the character's
    own glyph, or -1 where it keeps its own (for characters `only` refuses, and where the form advances
    otherwise than the character's own glyph, which the layout measures). None when nothing in
    `text` changes. Local forms are single substitutions, so each character is shaped once per font and
    locale and remembered."""
    key = (font, locale, only)
    table = _FORMS.get(key)
    if table is None:
        if len(_FORMS) >= _KEPT:      # converted files change as the text does (build --watch, batch)
            _FORMS.clear()
            _WHOLE.clear()
        whole = _whole_file_forms(font, locale, only)
        if whole is not None:
            _WHOLE.add(key)
        table = _FORMS[key] = whole or {}
    chars = set(text)
    if key not in _WHOLE:         # (a character the converted file does not map keeps its own: -1)
        new = [c for c in chars if c not in table]
        if new:
            try:
                face = drawn_face(font)
            except Exception:   # not a font HarfBuzz can read
                return None
            for ch in new:
                table[ch] = -1
            wanted = [c for c in new if only(c)]
            if wanted:
                _fill_forms(face, wanted, locale, table)
    if all(table.get(c, -1) < 0 for c in chars):
        return None
    return [table.get(c, -1) for c in text]


def _whole_file_forms(font: FontFile, locale: str, only: Only) -> dict[str, int] | None:
    """The forms of every character of the converted file `only` takes (stored ones, else worked out
    now and stored); None for a source face, or a test that is not a named function."""
    if not font.drawn or "<" in only.__qualname__:
        return None
    name = f"forms {locale} {only.__module__}.{only.__qualname__}"
    stored = _stored(font.drawn)
    found = stored.get(name)
    if isinstance(found, dict):
        return found
    try:
        face = drawn_face(font)
    except Exception:
        return None
    table: dict[str, int] = {}
    wanted = [chr(cp) for cp in sorted(face.face.unicodes) if only(chr(cp))]
    if wanted:
        _fill_forms(face, wanted, locale, table)
    _store(font.drawn, name, table)
    return table


def _fill_forms(face: _Face, chars: list[str], locale: str, table: dict[str, int]) -> None:
    gids = _glyph_ids(face, "".join(chars), locale)
    if gids is None:             # glyphs joined or split: each character on its own
        gids = [(_glyph_ids(face, ch, locale) or [0])[0] for ch in chars]
    nominal = face.font.get_nominal_glyph
    advance = face.advance
    for ch, gid in zip(chars, gids, strict=True):
        own = nominal(ord(ch)) or 0
        # the layout measures the character's own glyph: a form of another advance is not drawn
        if gid and own and gid != own and advance[gid] == advance[own]:
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


def halt_blanks(font: FontFile, ch: str, locale: str, local: bool = True) -> Blanks | None:
    """(left, right): the em of blank the font's half-width form (`halt`) takes off each side of the
    full-width mark `ch`: (0, 0.5) for a Simplified Chinese comma, (0.25, 0.25) for a centred
    Traditional Chinese one, (0.5, 0) for an opening bracket. Of `locale`'s local form of `ch` when
    `local`, else of the character's own glyph. None when the font has no `halt` feature (or cannot be
    read). For a converted file, the blanks of all its punctuation are worked out at the first question."""
    key = (font, locale, local)
    if key not in _HALT:
        if len(_HALT) >= _KEPT:
            _HALT.clear()
        _HALT[key] = _whole_file_halt(font, locale, local) if font.drawn else {}
    table = _HALT[key]
    if table is None:
        return None
    if ch not in table:
        table[ch] = _halt(font, ch, locale, local, None)
    return table[ch]


def _whole_file_halt(font: FontFile, locale: str, local: bool) -> dict[str, Blanks | None] | None:
    name = f"halt {locale} {int(local)}"
    stored = _stored(font.drawn)
    if name in stored:
        found = stored[name]
        return None if found is None else {ch: None if v is None else (v[0], v[1]) for ch, v in found.items()}
    try:
        face = drawn_face(font)
    except Exception:
        return {}
    if face.gpos_features is None:
        face.gpos_features = _gpos_features(face)
    table: dict[str, Blanks | None] | None = None
    if "halt" in face.gpos_features:
        marks = [chr(cp) for cp in sorted(face.face.unicodes) if unicodedata.category(chr(cp)).startswith("P")]
        table = {ch: _halt(font, ch, locale, local, face) for ch in marks}
    _store(font.drawn, name, table)
    return table


def _halt(font: FontFile, ch: str, locale: str, local: bool, face: _Face | None) -> Blanks | None:
    import uharfbuzz as hb

    if face is None:
        try:
            face = drawn_face(font)
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


# -- the cache beside a converted file ------------------------------------------------------------------

def _store_path(drawn: str) -> Path:
    return cache_dir("shaping") / f"{Path(drawn).name}.json"


def _stored(drawn: str) -> dict[str, Any]:
    """What is kept for the converted file `drawn` (read once per process); empty when nothing is, or
    what is there is unreadable or of another version."""
    found = _STORED.get(drawn)
    if found is None:
        try:
            found = json.loads(_store_path(drawn).read_bytes())
        except (OSError, ValueError):
            found = None
        if not isinstance(found, dict) or found.get("version") != _STORE_VERSION:
            found = {"version": _STORE_VERSION}
        if len(_STORED) >= _KEPT:
            _STORED.clear()
        _STORED[drawn] = found
    return found


def _store(drawn: str, name: str, value: Any) -> None:
    """Keep one more table for `drawn` (a failure to write only costs the next build the work)."""
    stored = _stored(drawn)
    stored[name] = value
    with contextlib.suppress(OSError):
        write_atomic(_store_path(drawn), json.dumps(stored, ensure_ascii=False, sort_keys=True).encode())
