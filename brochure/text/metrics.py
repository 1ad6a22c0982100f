"""Glyph widths and font fallback, cached per (font, character).

`stringWidth` walks ReportLab's font tables on every call; layout asks for the same few thousand
characters over and over, so both the width and the fallback choice are memoised.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfbase import pdfmetrics

_WIDTH: dict[tuple[str, str], float] = {}          # (font, char) -> advance at 1 pt
_PICK: dict[tuple[int, str, tuple[str, ...], str], str] = {}
_KEEP: dict[int, object] = {}  # keeps has_glyph callables alive so their id() stays unique
_OUTSIDE: dict[str, set[str]] = {}                 # font -> characters its registered file lacks


def char_width(font: str, ch: str) -> float:
    """Advance width of `ch` in `font` at 1 pt. A character the registered file has no glyph for is
    noted (see `take_outside`)."""
    key = (font, ch)
    w = _WIDTH.get(key)
    if w is None:
        registered = pdfmetrics.getFont(font)
        w = registered.stringWidth(ch, 1000.0) / 1000.0
        _WIDTH[key] = w
        cmap = getattr(getattr(registered, "face", None), "charToGlyph", None)
        if cmap is not None and ord(ch) not in cmap:
            _OUTSIDE.setdefault(font, set()).add(ch)
    return w


def take_outside() -> dict[str, set[str]]:
    """The characters measured since the last call in a font whose file lacks them (ReportLab would
    draw them as code 0), by font name; forgets them."""
    out = dict(_OUTSIDE)
    _OUTSIDE.clear()
    return out


def pick_font(base: str, fallbacks: tuple[str, ...], has_glyph: Callable[[str, str], bool] | None,
              ch: str) -> str:
    """The first of `base` and `fallbacks` that has a glyph for `ch` (`base` if none has)."""
    if has_glyph is None or not fallbacks:
        return base
    key = (id(has_glyph), base, fallbacks, ch)
    font = _PICK.get(key)
    if font is None:
        _KEEP[id(has_glyph)] = has_glyph
        font = base
        if not has_glyph(base, ch):
            font = next((f for f in fallbacks if has_glyph(f, ch)), base)
        _PICK[key] = font
    return font


def clear_caches() -> None:
    """Forget cached widths and shaped paragraphs, e.g. after a font was re-registered under the same
    name."""
    from .plain import _wrap
    from .shape import clear_memo

    _WIDTH.clear()
    _PICK.clear()
    _KEEP.clear()
    clear_memo()
    _wrap.cache_clear()
