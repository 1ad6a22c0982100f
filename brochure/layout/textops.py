"""DRAW helper: a run of glyphs shown with one TJ operator, each glyph moved by its own adjustment.

ReportLab's text object writes one Tj per string and knows nothing of kerning; a shaped Latin line
(HarfBuzz kerning, stretched word spaces) would otherwise take a new text position for every kerned
pair. `show_adjusted` writes `[<..> -12 <..> 140 <..>] TJ` instead: the glyphs of a TrueType font as
its codes (two-byte glyph ids of a fonts/type0.Type0Font, one byte of a ReportLab subset), with the
adjustments in thousandths of an em between them.

ReportLab's private names used here (kept in this one module; `tests/test_text_shaping.py` fails when
ReportLab changes them): PDFTextObject `_canvas`, `_code`, `_fontname`, `_fontsize`, `_leading`,
`_curSubset`; Canvas `_doc`; TTFont `_dynamicFont`. Public: TTFont `splitString`,
`getSubsetInternalName`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

PRIVATE_NAMES = {"PDFTextObject": ("_canvas", "_code", "_fontname", "_fontsize", "_leading", "_curSubset"),
                 "Canvas": ("_doc",), "TTFont": ("_dynamicFont",)}


def can_adjust(font_name: str) -> bool:
    """Is `font_name` a TrueType font (whose glyphs `show_adjusted` can address)?"""
    return bool(getattr(pdfmetrics.getFont(font_name), "_dynamicFont", False))


def show_adjusted(text: Any, glyphs: Sequence[tuple[str, int]], after: list[float],
                  rises: list[float] | None = None) -> None:
    """Show `glyphs` in the text object's current font: (text, glyph id) pairs, a glyph id >= 0 drawn by
    id (`show_glyphs`), -1 the text's own glyphs. `after[i]` is the extra advance after glyph i in
    thousandths of an em (TJ numbers are the opposite: they move the next glyph back); `rises[i]`, pt
    glyph i is raised (a mark placed above its base: Ts, back to 0 after). Where the font's subset
    changes (ReportLab's simple subsets), the adjustment between the two carries over to the next TJ."""
    canv = text._canvas
    doc = canv._doc
    font = pdfmetrics.getFont(text._fontname)
    code = text._code
    if hasattr(font, "encode_glyph"):          # one font, two bytes a glyph: no subsets to switch
        if text._curSubset != 0:
            name = font.getSubsetInternalName(0, doc)
            code.append(f"{name} {fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL")
            text._curSubset = 0
        parts: list[str] = []
        run = bytearray()
        rise = 0.0
        last = len(glyphs) - 1
        for n, (chars, gid) in enumerate(glyphs):
            if rises is not None and rises[n] != rise:
                _show(code, parts, run)
                parts, run, rise = [], bytearray(), rises[n]
                code.append(f"{fp_str(rise)} Ts")
            run += font.encode_glyph(chars, gid, doc) if gid >= 0 else font.encode(chars, doc)
            if n < last and abs(after[n]) >= _TINY:
                parts.append(f"<{run.hex()}>")
                parts.append(_number(-after[n]))
                run = bytearray()
        _show(code, parts, run)
        if rise:
            code.append("0 Ts")
        return
    chars = "".join(ch for ch, _ in glyphs)     # a font without glyph ids: its characters
    steps = [0.0] * len(chars)
    at = 0
    for (piece, _), shift in zip(glyphs, after, strict=True):
        at += len(piece)
        steps[at - 1] = shift
    _show_by_subset(text, font, chars, steps)


def _show(code: list[str], parts: list[str], run: bytearray) -> None:
    """Append the show operator for `parts` (TJ strings and adjustments) and the codes still in `run`."""
    if run:
        parts.append(f"<{run.hex()}>")
    if parts:
        code.append(f"{parts[0]} Tj" if len(parts) == 1 else f"[{' '.join(parts)}] TJ")


def _show_by_subset(text: Any, font: Any, chars: str, after: list[float]) -> None:
    canv = text._canvas
    doc = canv._doc
    code = text._code
    pos = 0
    pending = 0.0
    for subset, encoded in font.splitString(chars, doc):
        if subset != text._curSubset:
            code.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(text._fontsize)} Tf "
                        f"{fp_str(text._leading)} TL")
            text._curSubset = subset
        parts: list[str] = [_number(-pending)] if abs(pending) >= _TINY else []
        pending = 0.0
        run = bytearray()
        width = getattr(font, "code_bytes", 1)
        count = len(encoded) // width
        for n in range(count):
            run += encoded[n * width:(n + 1) * width]
            shift = after[pos]
            pos += 1
            if pos == len(chars) or abs(shift) < _TINY:
                continue
            if n == count - 1:
                pending = shift
            else:
                parts.append(f"<{run.hex()}>")
                parts.append(_number(-shift))
                run = bytearray()
        if run:
            parts.append(f"<{run.hex()}>")
        code.append(f"{parts[0]} Tj" if len(parts) == 1 else f"[{' '.join(parts)}] TJ")


def glyph_width(font_name: str, chars: str, gid: int) -> float:
    """The advance in em of what `show_adjusted` draws for (chars, gid) in `font_name`."""
    font = pdfmetrics.getFont(font_name)
    if gid >= 0 and hasattr(font, "glyph_width"):
        return float(font.glyph_width(chars, gid)) / 1000.0
    return float(font.stringWidth(chars, 1.0))


def can_show_glyphs(font_name: str) -> bool:
    """Can `show_glyphs` draw a given glyph id in `font_name` (a fonts/type0.Type0Font)?"""
    return hasattr(pdfmetrics.getFont(font_name), "encode_glyph")


def show_glyphs(text: Any, chars: Sequence[str], gids: list[int]) -> None:
    """Show `chars` (characters, or the letters each glyph stands for) in the text object's current font
    (a Type0Font) as one Tj, entry i as glyph `gids[i]` of the font's file (a ligature, a contextual or
    local form) where that is >= 0, else as its own glyph: `show_adjusted` with no adjustments. The
    font's ToUnicode reads each glyph back as the text it was drawn for."""
    show_adjusted(text, list(zip(chars, gids, strict=True)), [0.0] * len(gids))


_TINY = 0.05   # thousandths of an em: below this an adjustment is not written


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mark_language(text: Any, lang: str | None) -> None:
    """Open (`lang`) or close (None) a marked-content sequence saying the language of the glyphs shown
    between (`/Span <</Lang (en)>> BDC` … `EMC`, ISO 32000-1 14.9.2.2), inside the text object, nested in
    the paragraph's own marked content."""
    if lang is None:
        text._code.append("EMC")
        return
    escaped = lang.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    text._code.append(f"/Span <</Lang ({escaped})>> BDC")

