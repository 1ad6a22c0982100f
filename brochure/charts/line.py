"""Line charts (optionally with an area under a line): categories along x, one line per series.

Points are labelled directly: every point of a single short series, otherwise the last value of
each line at its right end. The y axis includes zero unless the data sit in a narrow band far from
it (where zero would flatten every line).
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Group, Polygon, PolyLine

from ..model.charts import ChartSpec
from .common import (
    DIGIT_TOP,
    LEADING,
    Plot,
    colours_for,
    fit_text,
    format_number,
    hline,
    knockout,
    label,
    max_width_of,
    primary,
    rl,
    text_block,
    tint,
    value_domain,
)
from .registry import ChartData, chart
from .theme import ChartTheme


def _spread(ys: list[float], gap: float) -> list[float]:
    """Move label baselines apart so that none are closer than `gap`, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = list(ys)
    for a, b in zip(order, order[1:], strict=False):
        if out[b] - out[a] < gap:
            out[b] = out[a] + gap
    return out


@chart("line")
def draw_line(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    g = Group()
    issues: list[str] = []
    names = list(data.series)
    k, n = len(names), len(data.categories)
    fmt, unit = spec.format, spec.unit
    size, small = theme.size, theme.small_size
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    hl = spec.highlight if spec.highlight in names else None
    colours = colours_for(theme, names, hl)

    values = [v for vs in data.series.values() for v in vs]
    lo_v, hi_v = min(values), max(values)
    narrow = (lo_v > 0 and hi_v - lo_v < 0.5 * hi_v) or (hi_v < 0 and hi_v - lo_v < 0.5 * -lo_v)
    lo, hi, ticks = value_domain(values, include_zero=spec.area or not narrow)
    pct = "%" if (unit == "%" or (fmt and fmt.percent)) else None
    tick_labels = [format_number(t, fmt, pct) for t in ticks]
    axis_w = max_width_of(tick_labels, theme.font, small) + 5

    labelled = [nm for nm in names if hl is None or nm == hl]
    every_point = k == 1 and n <= 8 or (hl is not None and n <= 8)
    end_texts = {nm: format_number(data.series[nm][-1], fmt, unit) for nm in names}
    right_w = 0.0 if every_point else max_width_of(list(end_texts.values()), theme.bold_font, size) + 5
    x0 = axis_w
    # the last point sits half a slot from the right edge, or just left of its end label
    slot = (width - x0) / n if every_point else (width - right_w - x0) / (n - 0.5 if n > 1 else 1)

    # category labels: skip some when they do not fit side by side
    cat_size = size
    widest = max_width_of(data.categories, theme.font, cat_size)
    step = 1
    while widest > slot * step - 4 and step < n:
        step += 1
    fitted = [fit_text(c, theme.font, cat_size, theme.min_size, slot * step - 4, 2)
              for c in data.categories]
    cat_size = min(f.size for f in fitted)
    if not all(f.fits for f in fitted):
        issues.append(f"category labels do not fit under the line at {theme.min_size:g} pt")
    cat_h = max(len(f.lines) for f in fitted) * cat_size * LEADING + 4

    plot_h = max(80.0, min(width * 0.4, 170.0))
    top_pad = size * 1.5
    base = cat_h
    height = base + plot_h + top_pad

    def y(v: float) -> float:
        return base + (v - lo) / (hi - lo) * plot_h

    def xp(i: int) -> float:
        return x0 + slot * (i + 0.5)

    for t, tl in zip(ticks, tick_labels, strict=False):
        if t != lo or lo != 0:
            g.add(hline(x0, width, y(t), rl(theme, theme.grid), 0.4))
        g.add(label(axis_w - 5, y(t) - small * 0.35, tl, theme.font, small, muted, "end"))
    if lo <= 0 <= hi:
        g.add(hline(x0, width, y(0), text, 0.6))

    for i in range(0, n, step):
        text_block(g, xp(i), cat_h - 4, fitted[i].lines, theme.font, cat_size, text, "middle")

    draw_order = [nm for nm in names if nm != hl] + ([hl] if hl else [])
    if spec.area:
        for nm in reversed(draw_order) if hl is None else draw_order:
            colour = colours[names.index(nm)]
            pts: list[float] = [xp(0), y(max(lo, 0.0))]
            for i, v in enumerate(data.series[nm]):
                pts += [xp(i), y(v)]
            pts += [xp(n - 1), y(max(lo, 0.0))]
            g.add(Polygon(pts, fillColor=rl(theme, tint(colour, 0.16)), strokeColor=None,
                          strokeWidth=0))
    for nm in draw_order:
        colour = rl(theme, colours[names.index(nm)])
        quiet = hl is not None and nm != hl
        pts = []
        for i, v in enumerate(data.series[nm]):
            pts += [xp(i), y(v)]
        g.add(PolyLine(pts, strokeColor=colour, strokeWidth=1.1 if quiet else 1.8,
                       strokeLineJoin=1, strokeLineCap=1))
        if spec.markers and n <= 24:
            r = 1.6 if quiet else 2.3
            for i, v in enumerate(data.series[nm]):
                g.add(Circle(xp(i), y(v), r, fillColor=colour, strokeColor=rl(theme, theme.paper),
                             strokeWidth=0.8))

    if every_point:
        for nm in labelled:
            vs = data.series[nm]
            ink = rl(theme, primary(theme)) if nm == hl else text
            for i, v in enumerate(vs):
                prev = vs[i - 1] if i else -math.inf
                nxt = vs[i + 1] if i + 1 < n else -math.inf
                valley = v < prev and v < nxt and i not in (0, n - 1)
                yy = y(v) - 5 - size * DIGIT_TOP if valley else y(v) + 5
                yy = min(yy, height - size * DIGIT_TOP - 0.5)
                font = theme.bold_font if i == n - 1 else theme.font
                knockout(g, xp(i), yy, format_number(v, fmt, unit), font, size, "middle", rl(theme, theme.paper))
                g.add(label(xp(i), yy, format_number(v, fmt, unit), font, size, ink, "middle"))
    else:
        ends = [y(data.series[nm][-1]) - size * DIGIT_TOP / 2 for nm in names]
        ends = _spread(ends, size * 1.15)
        shift = max(0.0, max(ends) + size * DIGIT_TOP - height)
        for nm, yy in zip(names, ends, strict=False):
            if hl is not None and nm != hl and k > 3:
                continue
            ink = rl(theme, colours[names.index(nm)] if nm == hl or hl is None else theme.muted)
            g.add(label(xp(n - 1) + 5, yy - shift, end_texts[nm], theme.bold_font, size, ink, "start"))

    legend = [] if k == 1 else list(zip(names, colours, strict=False))
    return Plot(g, height, legend, issues)
