"""PREFLIGHT walk, text operators: the text state and text-showing operators of the content-stream
walker (walk.py), which mixes this class in.

Only the em box of shown text is known here, from the font's advance widths and its ascent/descent
(fontinfo.py); the glyph ink is not. `brochure.preflight.painting` asks pypdfium2 for exact glyph boxes
where a text box comes close to a trim edge.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .fontinfo import FALLBACK_FONT, FontInfo, font_info
from .geometry import IDENTITY, Box, Matrix, multiply, num, transform_box
from .marks import Shown
from .state import Caches, GState

NUMBERS = (int, float, Decimal)      # what pikepdf gives for numeric operands
FILL_MODES = (0, 2, 4, 6)            # text rendering modes that fill the glyphs
STROKE_MODES = (1, 2, 5, 6)          # … that stroke them (3: invisible, 7: clip only)


class TextOps:
    """Text state (BT, Tf, Tc, Tw, Tz, TL, Ts, Tr, Td, TD, Tm, T*) and showing (Tj, TJ, ', ")."""

    gs: GState
    caches: Caches
    page: int
    shown: list[Shown]
    tm: Matrix
    tlm: Matrix
    res_key: Any
    font_names: dict[tuple[Any, str], FontInfo]

    def _resource(self, category: str, name: Any) -> Any:
        raise NotImplementedError

    def _emit(self, kind: str, box: Box, space: Any, comps: tuple[float, ...] | None, *, width: float = 0.0,
              overprint: bool = False, alpha: float = 1.0, what: str = "", detail: str = "") -> Box | None:
        raise NotImplementedError

    def _font_of(self, font: Any) -> FontInfo:
        if font is None:
            return FALLBACK_FONT
        key, fonts = self.caches.key(font), self.caches.fonts
        info = fonts.get(key)
        if info is None:
            info = fonts[key] = font_info(font)
        return info

    def _bt(self, _: list[Any]) -> None:
        self.tm = self.tlm = IDENTITY

    def _tf(self, o: list[Any]) -> None:
        key = (self.res_key, str(o[0]))
        font = self.font_names.get(key)
        if font is None:
            font = self.font_names[key] = self._font_of(self._resource("/Font", o[0]))
        self.gs.font = font
        self.gs.font_size = num(o[1])

    def _tc(self, o: list[Any]) -> None:
        self.gs.char_spacing = num(o[0])

    def _tw(self, o: list[Any]) -> None:
        self.gs.word_spacing = num(o[0])

    def _tz(self, o: list[Any]) -> None:
        self.gs.hscale = num(o[0], 100.0) / 100

    def _tl(self, o: list[Any]) -> None:
        self.gs.leading = num(o[0])

    def _ts(self, o: list[Any]) -> None:
        self.gs.rise = num(o[0])

    def _tr(self, o: list[Any]) -> None:
        self.gs.render = int(num(o[0]))

    def _move(self, tx: float, ty: float) -> None:
        self.tm = self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)

    def _td(self, o: list[Any]) -> None:
        self._move(num(o[0]), num(o[1]))

    def _TD(self, o: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        self.gs.leading = -num(o[1])
        self._td(o)

    def _tm(self, o: list[Any]) -> None:
        a, b, c, d, e, f = (num(v) for v in o[:6])     # ValueError with fewer: the operator is skipped
        self.tm = self.tlm = (a, b, c, d, e, f)

    def _tstar(self, _: list[Any]) -> None:
        self._move(0.0, -self.gs.leading)

    def _tj(self, o: list[Any]) -> None:
        """One string (most text): `_show` without its loop over a TJ array."""
        gs = self.gs
        font, size, data = gs.font, gs.font_size, bytes(o[0])
        em, n, spaces = font.measure(data)
        if font.vertical:
            self._show([o[0]])
            return
        pos = (em * size + n * gs.char_spacing + spaces * gs.word_spacing) * gs.hscale if n else 0.0
        end = max(pos - gs.char_spacing * gs.hscale, 0.0)
        box = self._emit_text(0.0, end) if n and gs.render not in (3, 7) and size else None
        if font.obj is not None and gs.render != 3:       # 3: invisible (OCR layers) prints nothing
            self.shown.append(Shown(self.page, font.obj, data, box))
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, e + pos * a, f + pos * b)

    def _TJ(self, o: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        self._show(list(o[0]))

    def _quote(self, o: list[Any]) -> None:
        self._tstar([])
        self._show([o[0]])

    def _dquote(self, o: list[Any]) -> None:
        self.gs.word_spacing, self.gs.char_spacing = num(o[0]), num(o[1])
        self._quote(o[2:])

    def _show(self, parts: list[Any]) -> None:
        """Advance the text matrix over the strings, emit their em box as a text mark and note what was
        shown in which font. Positions are along the writing direction in text space (x, or y for
        vertical fonts, which advance downwards)."""
        gs = self.gs
        font, size, tc, tw = gs.font, gs.font_size, gs.char_spacing, gs.word_spacing
        vertical = font.vertical
        scale = 1.0 if vertical else gs.hscale
        sign = -1.0 if vertical else 1.0
        pos, lo, hi = 0.0, math.inf, -math.inf
        strings = []
        for part in parts:
            if isinstance(part, NUMBERS):          # (isinstance on pikepdf.String is slow)
                pos -= float(part) / 1000 * size * scale     # the same sign in both directions
                continue
            data = bytes(part)
            strings.append(data)
            em, n, spaces = font.measure(data)
            if n:
                step = (em * size + n * tc + spaces * tw) * scale
                end = pos + sign * max(step - tc * scale, 0.0)
                lo, hi = min(lo, pos, end), max(hi, pos, end)
                pos += sign * step
        box = self._emit_text(lo, hi) if lo <= hi and gs.render not in (3, 7) and size else None
        if font.obj is not None and gs.render != 3:       # 3: invisible (OCR layers) prints nothing
            self.shown.append(Shown(self.page, font.obj, b"".join(strings), box))
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, e + pos * c, f + pos * d) if vertical else (a, b, c, d, e + pos * a, f + pos * b)

    def _emit_text(self, lo: float, hi: float) -> Box | None:
        """The text marks (filled and/or stroked as the rendering mode says); the first one's box."""
        gs = self.gs
        size, font = abs(gs.font_size), gs.font
        if font.vertical:
            box = (-size / 2, lo, size / 2, hi)
        else:
            box = (lo, font.descent * size + gs.rise, hi, font.ascent * size + gs.rise)
        page_box = transform_box(multiply(self.tm, gs.ctm), box)
        first = None
        if gs.render in FILL_MODES:
            first = self._emit("text", page_box, gs.fill_space, gs.fill, overprint=gs.op_fill,
                               alpha=gs.alpha_fill)
        if gs.render in STROKE_MODES:
            stroked = self._emit("text", page_box, gs.stroke_space, gs.stroke, overprint=gs.op_stroke,
                                 alpha=gs.alpha_stroke, what="outlined text")
            first = first or stroked
        return first

