"""Pie and donut charts: one series as shares of a whole.

Slices run clockwise from twelve o'clock, largest first; slices below `other_threshold` are grouped
into one "其他"/"Other" slice at the end. Every slice is named directly at the end of a leader line
(name, then the value in bold); a donut carries `label` in its centre.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Group, PolyLine, Wedge

from ..model.charts import ChartSpec
from ..model.colour import Colour
from .common import (
    CJK_BOTTOM,
    CJK_TOP,
    LEADING,
    Plot,
    balance,
    colours_for,
    fit_text,
    format_number,
    label,
    rl,
    text_block,
    text_width,
    wrap,
)
from .registry import ChartData, chart
from .theme import ChartTheme

LEADER = 14.0  # pt from the rim to the label
MAX_R = 78.0      # pt: the largest pie
PIE_SHARE = 0.16  # the pie's radius is at least this share of the chart's width: longer labels are broken


def slices(spec: ChartSpec, data: ChartData, other: str) -> list[tuple[str, float]]:
    """(name, value) pairs, largest first, small slices grouped into `other` (kept last)."""
    values = next(iter(data.series.values()))
    pairs = sorted(zip(data.categories, values, strict=False), key=lambda p: -p[1])
    total = sum(values) or 1.0
    small = [p for p in pairs if p[1] / total < spec.other_threshold]
    if len(small) < 2:
        return [p for p in pairs if p[1] > 0]
    big = [p for p in pairs if p[1] / total >= spec.other_threshold and p[1] > 0]
    return big + [(other, sum(v for _, v in small))]


def _spread(ys: list[float], heights: list[float], pad: float, low: float, high: float) -> list[float]:
    """Label centres (top to bottom order kept) far enough apart for labels `heights` tall with `pad`
    between them, inside [low, high] where they fit."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = list(ys)
    prev = high + pad              # the bottom of the label above
    for i in order:
        out[i] = min(out[i], prev - pad - heights[i] / 2)
        prev = out[i] - heights[i] / 2
    # if the stack ran off the bottom, push it back up
    if order and out[order[-1]] - heights[order[-1]] / 2 < low:
        nxt = low - pad            # the top of the label below
        for i in reversed(order):
            out[i] = max(out[i], nxt + pad + heights[i] / 2)
            nxt = out[i] + heights[i] / 2
    return out


def _label_rows(names: list[str], values: list[str], theme: ChartTheme, room: float
                ) -> tuple[float, list[list[tuple[str, str | None]]]]:
    """The label size and each label's rows of (name part, value or None) within `room` pt: on one
    line where it fits, else the name broken between words (balanced, up to three lines, the size
    shrinking as far as the theme allows) with the value after its last line or under it."""
    size = theme.size
    space = text_width(" ", theme.font, size)
    if all(text_width(n, theme.font, size) + space + text_width(v, theme.bold_font, size) <= room
           for n, v in zip(names, values, strict=True)):
        return size, [[(n, v)] for n, v in zip(names, values, strict=True)]
    size = min(fit_text(n, theme.font, theme.size, theme.min_size, room, 3).size for n in names)
    rows: list[list[tuple[str, str | None]]] = []
    for n, v in zip(names, values, strict=True):
        lines = balance(n, theme.font, size, room, len(wrap(n, theme.font, size, room)))
        last = text_width(lines[-1] + " ", theme.font, size) + text_width(v, theme.bold_font, size)
        rows.append([(ln, None) for ln in lines[:-1]] + ([(lines[-1], v)] if last <= room else
                                                         [(lines[-1], None), ("", v)]))
    return size, rows


@chart("pie", "donut")
def draw_pie(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    g = Group()
    issues: list[str] = []
    other = "Other" if theme.english else "其他"
    parts = slices(spec, data, other)
    total = sum(v for _, v in parts) or 1.0
    names = [nm for nm, _ in parts]
    hl = spec.highlight if spec.highlight in names else None
    colours: list[Colour] = colours_for(theme, names, hl)
    if other in names and hl != other:
        colours[names.index(other)] = theme.neutral
    size = theme.size
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)

    # The values as the content gives them (a '%' unit means they already are shares): a chart never
    # prints a share the content did not state.
    values = [format_number(v, spec.format, spec.unit) for _, v in parts]
    name_w = [text_width(nm + " ", theme.font, size) for nm in names]
    value_w = [text_width(v, theme.bold_font, size) for v in values]
    label_w = max(a + b for a, b in zip(name_w, value_w, strict=False))

    # the pie takes what the labels leave, down to PIE_SHARE of the width; longer labels are broken
    r = max(min((width - 2 * (label_w + LEADER + 2)) / 2, MAX_R), min(width * PIE_SHARE, MAX_R))
    room = width / 2 - r - LEADER - 2
    size, rows = _label_rows(names, values, theme, room)
    lead = size * LEADING
    heights = [(len(rw) - 1) * lead + size * 1.45 for rw in rows]
    if size < theme.size - 1e-9 or any(
            text_width(t, theme.font, size) > room + 0.5 for rw in rows for t, _ in rw):
        issues.append(f"pie labels are set at {size:g} pt (or run wide) at {width:.0f} pt; use hbar or "
                      "fewer, shorter categories")
    mids: list[float] = []
    angle = 90.0
    for _nm, v in parts:
        sweep = v / total * 360
        mids.append(math.radians(angle - sweep / 2))
        angle -= sweep
    sides = {side: [i for i, a in enumerate(mids) if (math.cos(a) >= 0) == (side == 1)] for side in (1, -1)}
    stacked = max(sum(heights[i] for i in idx) for idx in sides.values()) + size * 1.45   # a slot to spare
    height = max(2 * r + 2 * size * 1.6, stacked, (math.ceil(len(parts) / 2) + 1) * size * 1.45)
    cx, cy = width / 2, height / 2
    inner = r * 0.58 if spec.type == "donut" else 0.0

    start = 90.0
    for (_nm, v), colour in zip(parts, colours, strict=False):
        sweep = v / total * 360
        g.add(Wedge(cx, cy, r, start - sweep, start, radius1=inner or None,
                    fillColor=rl(theme, colour), strokeColor=rl(theme, theme.paper),
                    strokeWidth=0.8 if len(parts) > 1 else 0))
        start -= sweep

    space = text_width(" ", theme.font, size)
    for side, idx in sides.items():
        wanted = [cy + (r + 6) * math.sin(mids[i]) for i in idx]
        placed = _spread(wanted, [heights[i] for i in idx], 0.0, -size * 0.125, height + size * 0.125)
        for i, ly in zip(idx, placed, strict=False):
            a = mids[i]
            px, py = cx + r * math.cos(a), cy + r * math.sin(a)
            ex = cx + (r + 6) * math.cos(a)
            lx = cx + side * (r + LEADER)
            hot = names[i] == hl
            g.add(PolyLine([px, py, ex, ly, lx - side * 2, ly], strokeColor=muted, strokeWidth=0.4))
            value_colour = rl(theme, colours[i]) if hot else text
            n = len(rows[i])
            for k, (part, value) in enumerate(rows[i]):
                base = ly + (n - 1) * lead / 2 - k * lead - size * 0.35
                vw = text_width(value, theme.bold_font, size) if value else 0.0
                if side == 1:
                    if part:
                        g.add(label(lx, base, part, theme.font, size, text, "start"))
                    if value:
                        at = lx + (text_width(part, theme.font, size) + space if part else 0.0)
                        g.add(label(at, base, value, theme.bold_font, size, value_colour, "start"))
                else:
                    if value:
                        g.add(label(lx, base, value, theme.bold_font, size, value_colour, "end"))
                    if part:
                        g.add(label(lx - (vw + space if value else 0.0), base, part, theme.font, size, text, "end"))

    if inner and spec.label:
        fitted = fit_text(spec.label, theme.font, size, theme.min_size, inner * 1.5, 3)
        block = (len(fitted.lines) - 1) * fitted.size * LEADING + fitted.size * (CJK_TOP + CJK_BOTTOM)
        text_block(g, cx, cy + block / 2, fitted.lines, theme.font, fitted.size, muted, "middle")
        if not fitted.fits:
            issues.append("the donut's centre label does not fit; shorten 'label'")
    return Plot(g, height, [], issues)
