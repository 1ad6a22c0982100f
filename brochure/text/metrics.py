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


def char_width(font: str, ch: str) -> float:
    """Advance width of `ch` in `font` at 1 pt."""
    key = (font, ch)
    w = _WIDTH.get(key)
    if w is None:
        w = _WIDTH[key] = pdfmetrics.getFont(font).stringWidth(ch, 1000.0) / 1000.0
    return w


def lacks(font: str, ch: str) -> bool:
    """The file registered as `font` has no glyph for `ch` (ReportLab would draw it as code 0): the
    shaping notes such characters in the layout's record (TextStyle.outside)."""
    cmap = getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)
    return cmap is not None and ord(ch) not in cmap


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


def forget_fonts(names: list[str]) -> None:
    """Drop what was measured in fonts ReportLab no longer holds (fonts.registry.register retired them;
    names are never reused, so this only frees memory), and the fallback choices, which keep the
    glyph tests of earlier font sets alive."""
    gone = set(names)
    for key in [k for k in _WIDTH if k[0] in gone]:
        del _WIDTH[key]
    _PICK.clear()
    _KEEP.clear()
