"""Helpers shared by the chart families: number formatting, axis ticks, text measuring and wrapping,
colours in the edition's space, and the small drawing primitives every chart is made of.

Nothing here knows a chart type; `bar.py`, `line.py`, ... compose these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Group, Line, Rect, String
from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model.charts import NumberFormat
from ..model.colour import Colour
from ..render.colours import rl_colour
from .theme import ChartTheme

# Where glyphs sit relative to the baseline, as a share of the font size. CJK ideographs fill the
# em box from about -0.12 to 0.88; digits and Latin capitals reach about 0.73.
CJK_TOP = 0.88
CJK_BOTTOM = 0.12
DIGIT_TOP = 0.73
LEADING = 1.3  # line height as a multiple of the font size, for labels

# ---------------------------------------------------------------------------------------------
# Numbers

PLAIN = NumberFormat.model_validate({})  # the defaults: up to two decimals, thousands grouped


def format_number(value: float, fmt: NumberFormat | None = None, unit: str | None = None) -> str:
    """A value as printed on a chart: '9%', '387家', '4,000', '2.3万', '140亿元'.

    `decimals` fixes the digits after the point; without it up to two are shown and trailing zeros
    dropped (9.0 -> '9', 9.5 -> '9.5'). `percent` reads values as shares (0.764 -> '76.4%').
    `magnitude: auto` switches to 万 from 10,000 and to 亿 from 100,000,000.
    """
    fmt = fmt or PLAIN
    v = value * 100 if fmt.percent else value
    suffix = ""
    mag = fmt.magnitude
    if mag == "auto":
        mag = "亿" if abs(v) >= 1e8 else ("万" if abs(v) >= 1e4 else "none")
    if mag == "万":
        v, suffix = v / 1e4, "万"
    elif mag == "亿":
        v, suffix = v / 1e8, "亿"
    decimals = fmt.decimals
    if decimals is None:
        text = f"{v:,.2f}" if fmt.thousands else f"{v:.2f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{v:,.{decimals}f}" if fmt.thousands else f"{v:.{decimals}f}"
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    text += suffix
    if fmt.percent and not unit:
        unit = "%"
    return text + unit_suffix(unit)


def unit_suffix(unit: str | None) -> str:
    """The unit as appended to a number: tight for %, ‰, ° and CJK units, a space before Latin words."""
    if not unit:
        return ""
    if re.match(r"^[A-Za-z]", unit):
        return "\u00a0" + unit
    return unit


def nice_step(span: float, target: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `target` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power * 1.0000001:
            return m * power
    return 10 * power


def nice_ticks(lo: float, hi: float, target: int = 4) -> list[float]:
    """Round tick values covering [lo, hi]; the first is <= lo and the last >= hi."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    step = nice_step(hi - lo, target)
    start = math.floor(lo / step + 1e-9) * step
    stop = math.ceil(hi / step - 1e-9) * step
    count = round((stop - start) / step)
    return [round(start + i * step, 10) for i in range(count + 1)]


def value_domain(values: list[float], include_zero: bool = True) -> tuple[float, float, list[float]]:
    """The axis range and its ticks for some values; bars always include zero."""
    lo, hi = min(values), max(values)
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if lo == hi:
        hi = lo + (abs(lo) or 1.0)
    ticks = nice_ticks(lo, hi)
    return ticks[0], ticks[-1], ticks


# ---------------------------------------------------------------------------------------------
# Text


HAN_LATIN = 0.25   # em between Han and Latin letters or digits, as in the body text (text.han_latin_space)


def set_label(text: str, font: str, size: float) -> Any:
    """One line of label text set by the text engine (the body's rules: Han-Latin spacing, compressed
    punctuation pairs, font fallback); None for empty text."""
    if not text:
        return None
    from ..text.breaking import layout
    from ..text.shape import shape_once
    from ..text.style import Run, TextStyle

    style = TextStyle(font=font, size=size, leading=size * 1.2, colour=black, align="left",
                      han_latin_space=HAN_LATIN, language="zh")
    shaped = shape_once([Run(text)], style)
    if not len(shaped):
        return None
    return layout(shaped, 0, len(shaped), 1e9, 0.0)[0]


def text_width(text: str, font: str, size: float) -> float:
    """The width of a one-line label as the text engine sets it."""
    body = text.rstrip()
    line = set_label(body, font, size)
    trailing = float(stringWidth(text[len(body):], font, size))     # a space before a value label
    if line is None:
        return trailing
    return float(line.x_end - line.x_start) + trailing


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Lines of `text` no wider than `max_width` (unless a single token is wider), by the text engine's
    line-breaking rules (`brochure.text.wrap_plain`)."""
    if text_width(text, font, size) <= max_width:
        return [text]
    from ..text import wrap_plain

    lines = list(wrap_plain(text, font, size, max_width))
    return lines or [""]


def balance(text: str, font: str, size: float, max_width: float, count: int) -> list[str]:
    """Re-wrap into the same number of lines but as even as possible, so that a label never ends
    in a lone character ('社会消费\n品零售总额', not '社会消费品零\n售总额')."""
    if count <= 1:
        return wrap(text, font, size, max_width)
    lo, hi = text_width(text, font, size) / count, max_width
    best = wrap(text, font, size, max_width)
    for _ in range(12):
        mid = (lo + hi) / 2
        lines = wrap(text, font, size, mid)
        if len(lines) <= count:
            best, hi = lines, mid
        else:
            lo = mid
    return best


@dataclass
class Fitted:
    """A label broken into lines at the size that fits, and whether it fits at all."""

    lines: list[str]
    size: float
    fits: bool

    def height(self, leading: float = LEADING) -> float:
        return len(self.lines) * self.size * leading


def fit_text(text: str, font: str, size: float, min_size: float, max_width: float,
             max_lines: int = 2) -> Fitted:
    """Wrap `text` into at most `max_lines` within `max_width`, shrinking in half points down to
    `min_size` if needed. When nothing fits, the lines at `min_size` are returned with fits=False."""
    s = size
    while True:
        lines = wrap(text, font, s, max_width)
        if len(lines) <= max_lines and all(text_width(ln, font, s) <= max_width + 0.01 for ln in lines):
            return Fitted(balance(text, font, s, max_width, len(lines)), s, True)
        if s - 0.5 < min_size - 1e-9:
            return Fitted(lines, s, False)
        s -= 0.5


def max_width_of(texts: list[str], font: str, size: float) -> float:
    return max((text_width(t, font, size) for t in texts), default=0.0)


# ---------------------------------------------------------------------------------------------
# Colours


def rl(theme: ChartTheme, colour: Colour) -> Color:
    """A theme colour as a ReportLab colour in the edition's space (CMYK for print)."""
    return rl_colour(colour, theme.cmyk)


def tint(colour: Colour, strength: float) -> Colour:
    """A lighter version of `colour` (1 = full, 0 = paper); an exact screen tint in CMYK."""
    r, g, b = colour.rgb
    c, m, y, k = colour.cmyk
    t = max(0.0, min(1.0, strength))
    return Colour((1 - (1 - r) * t, 1 - (1 - g) * t, 1 - (1 - b) * t), (c * t, m * t, y * t, k * t))


def palette(theme: ChartTheme, count: int) -> list[Colour]:
    """`count` series colours: the palette in order, then lighter tints of it when it runs out."""
    base = list(theme.palette) or [theme.text, theme.muted]
    out: list[Colour] = []
    for i in range(count):
        rnd, idx = divmod(i, len(base))
        out.append(base[idx] if rnd == 0 else tint(base[idx], max(0.3, 1 - 0.35 * rnd)))
    return out


def primary(theme: ChartTheme) -> Colour:
    return theme.palette[0] if theme.palette else theme.text


def colours_for(theme: ChartTheme, names: list[str], highlight: str | None,
                vary: bool = True) -> list[Colour]:
    """One colour per name: the highlighted name in the primary colour and the rest neutral (in a few
    shades when `vary`, so that series stay apart), or the palette in order when nothing (or nothing
    known) is highlighted."""
    if highlight is not None and highlight in names:
        quiet = [theme.neutral, tint(theme.muted, 0.8), tint(theme.neutral, 0.5)] if vary \
            else [theme.neutral]
        out: list[Colour] = []
        others = 0
        for n in names:
            if n == highlight:
                out.append(primary(theme))
            else:
                out.append(quiet[others % len(quiet)])
                others += 1
        return out
    return palette(theme, len(names))


def is_light(colour: Colour) -> bool:
    """Whether text on this colour should be dark (relative luminance above one half)."""
    r, g, b = colour.rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55


# ---------------------------------------------------------------------------------------------
# Drawing primitives


def label(x: float, y: float, text: str, font: str, size: float, colour: Color,
          anchor: str = "start") -> Any:
    """A label set by the text engine (set_label): one String per stretch of glyphs that sit at their
    natural advance, so the Han-Latin spaces and compressed punctuation of the body appear here too."""
    line = set_label(text, font, size)
    if line is None:
        return String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)
    width = line.x_end - line.x_start
    left = x - (width / 2 if anchor == "middle" else width if anchor == "end" else 0.0) - line.x_start
    pieces: list[tuple[float, str, str, float]] = []        # x, font, text, end x
    for glyph, gx in zip(line.glyphs, line.xs, strict=True):
        if pieces and pieces[-1][1] == glyph.font and abs(pieces[-1][3] - gx) < 1e-3:
            px, pf, pt, _ = pieces[-1]
            pieces[-1] = (px, pf, pt + glyph.ch, gx + glyph.width)
        else:
            pieces.append((gx, glyph.font, glyph.ch, gx + glyph.width))
    strings = [String(left + px, y, pt.rstrip() if i == len(pieces) - 1 else pt, fontName=pf, fontSize=size,
                      fillColor=colour, textAnchor="start")
               for i, (px, pf, pt, _) in enumerate(pieces)]
    if len(strings) == 1:
        return strings[0]
    group = Group()
    for piece in strings:
        group.add(piece)
    return group


def text_block(group: Group, x: float, top: float, lines: list[str], font: str, size: float,
               colour: Color, anchor: str = "start", leading: float = LEADING) -> float:
    """Draw lines downwards from `top` (the top of the first line's ideographs); returns the y of
    the bottom of the block (the descent of the last line)."""
    y = top - size * CJK_TOP
    for i, ln in enumerate(lines):
        if i:
            y -= size * leading
        group.add(label(x, y, ln, font, size, colour, anchor))
    return y - size * CJK_BOTTOM


def box(x: float, y: float, w: float, h: float, colour: Color, gap: Color | None = None,
        gap_width: float = 0.0) -> Rect:
    """A filled rectangle without an outline (or with a hairline in the paper colour)."""
    rect = Rect(x, y, w, h, fillColor=colour, strokeColor=gap, strokeWidth=gap_width)
    if gap is None:
        rect.strokeColor = None
        rect.strokeWidth = 0
    return rect


def knockout(group: Group, x: float, y: float, text: str, font: str, size: float, anchor: str,
             paper: Color) -> None:
    """A paper-coloured patch under a value label about to be drawn at (x, y), so no gridline runs
    through its figures."""
    w = text_width(text, font, size)
    left = x - (w / 2 if anchor == "middle" else w if anchor == "end" else 0.0)
    group.add(box(left - 1.5, y - size * CJK_BOTTOM - 0.5, w + 3, size * (DIGIT_TOP + CJK_BOTTOM) + 1.5, paper))


def hline(x0: float, x1: float, y: float, colour: Color, width: float = 0.4) -> Line:
    return Line(x0, y, x1, y, strokeColor=colour, strokeWidth=width)


@dataclass
class Plot:
    """What a chart family returns: its drawing with the origin at the bottom left, the height it
    used (the width is the one it was given), legend entries for the frame, and label problems."""

    group: Group
    height: float
    legend: list[tuple[str, Colour]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
