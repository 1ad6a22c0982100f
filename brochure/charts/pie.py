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
    colours_for,
    fit_text,
    format_number,
    label,
    rl,
    text_block,
    text_width,
)
from .registry import ChartData, chart
from .theme import ChartTheme

LEADER = 14.0  # pt from the rim to the label


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


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label centres (top to bottom order kept) at least `gap` apart, inside [low, high]."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = list(ys)
    prev = high + gap
    for i in order:
        out[i] = min(out[i], prev - gap)
        prev = out[i]
    # if the stack ran off the bottom, push it back up
    if order and out[order[-1]] < low:
        nxt = low - gap
        for i in reversed(order):
            out[i] = max(out[i], nxt + gap)
            nxt = out[i]
    return out


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

    r = min((width - 2 * (label_w + LEADER + 2)) / 2, 78.0)
    if r < 28:
        issues.append(f"pie labels leave no room for the pie at {width:.0f} pt; use hbar or "
                      "fewer, shorter categories")
        r = max(r, 20.0)
    per_side = math.ceil(len(parts) / 2) + 1
    height = max(2 * r + 2 * size * 1.6, per_side * size * 1.45)
    cx, cy = width / 2, height / 2
    inner = r * 0.58 if spec.type == "donut" else 0.0

    mids: list[float] = []
    start = 90.0
    for (_nm, v), colour in zip(parts, colours, strict=False):
        sweep = v / total * 360
        g.add(Wedge(cx, cy, r, start - sweep, start, radius1=inner or None,
                    fillColor=rl(theme, colour), strokeColor=rl(theme, theme.paper),
                    strokeWidth=0.8 if len(parts) > 1 else 0))
        mids.append(math.radians(start - sweep / 2))
        start -= sweep

    for side in (1, -1):
        idx = [i for i, a in enumerate(mids) if (math.cos(a) >= 0) == (side == 1)]
        wanted = [cy + (r + 6) * math.sin(mids[i]) for i in idx]
        placed = _spread(wanted, size * 1.45, size * 0.6, height - size * 0.6)
        for i, ly in zip(idx, placed, strict=False):
            a = mids[i]
            px, py = cx + r * math.cos(a), cy + r * math.sin(a)
            ex, _ey = cx + (r + 6) * math.cos(a), cy + (r + 6) * math.sin(a)
            lx = cx + side * (r + LEADER)
            hot = names[i] == hl
            g.add(PolyLine([px, py, ex, ly, lx - side * 2, ly], strokeColor=muted, strokeWidth=0.4))
            base = ly - size * 0.35
            if side == 1:
                g.add(label(lx, base, names[i], theme.font, size, text, "start"))
                g.add(label(lx + name_w[i], base, values[i], theme.bold_font, size,
                            rl(theme, colours[i]) if hot else text, "start"))
            else:
                g.add(label(lx, base, values[i], theme.bold_font, size,
                            rl(theme, colours[i]) if hot else text, "end"))
                g.add(label(lx - value_w[i] - text_width(" ", theme.font, size), base, names[i],
                            theme.font, size, text, "end"))

    if inner and spec.label:
        fitted = fit_text(spec.label, theme.font, size, theme.min_size, inner * 1.5, 3)
        block = (len(fitted.lines) - 1) * fitted.size * LEADING + fitted.size * (CJK_TOP + CJK_BOTTOM)
        text_block(g, cx, cy + block / 2, fitted.lines, theme.font, fitted.size, muted, "middle")
        if not fitted.fits:
            issues.append("the donut's centre label does not fit; shorten 'label'")
    return Plot(g, height, [], issues)
