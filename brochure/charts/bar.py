"""Bar charts: `bar` (vertical columns) and `hbar` (horizontal bars), single, grouped or stacked.

Bars start at zero. Values are labelled on the bars; light gridlines with small tick labels stand in
for a y axis on vertical bars; horizontal bars carry their category names at the left.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Group, Line
from reportlab.lib.colors import Color

from ..model.charts import ChartSpec
from ..model.colour import Colour
from .common import (
    CJK_BOTTOM,
    CJK_TOP,
    DIGIT_TOP,
    LEADING,
    Plot,
    box,
    colours_for,
    fit_text,
    format_number,
    hline,
    is_light,
    knockout,
    label,
    max_width_of,
    primary,
    rl,
    text_block,
    text_width,
    tint,
    value_domain,
)
from .registry import ChartData, chart
from .theme import ChartTheme

GAP = 0.6  # pt, paper-coloured hairline between stacked segments


def _bar_colours(spec: ChartSpec, data: ChartData, theme: ChartTheme) -> list[list[Colour]]:
    """colour[series][category]: a highlighted category wins over series colours."""
    names = list(data.series)
    if spec.highlight is not None and spec.highlight in data.categories and spec.highlight not in names:
        per_cat = colours_for(theme, data.categories, spec.highlight, vary=False)
        if len(names) == 1:
            return [per_cat]
        # grouped/stacked: series keep their colours, the other categories fade to a tint
        series_cols = colours_for(theme, names, None)
        return [[c if cat == spec.highlight else tint(c, 0.35) for cat in data.categories]
                for c in series_cols]
    cols = colours_for(theme, names, spec.highlight)
    return [[c] * len(data.categories) for c in cols]


def _legend(spec: ChartSpec, data: ChartData, theme: ChartTheme) -> list[tuple[str, Colour]]:
    """Legend entries for multi-series bars, in the series' own colours."""
    names = list(data.series)
    if len(names) == 1:
        return []
    hl = spec.highlight if spec.highlight in names else None
    return list(zip(names, colours_for(theme, names, hl), strict=True))


def _extent(spec: ChartSpec, data: ChartData) -> list[float]:
    """The values the axis must cover: each value, or the stacked sums (positive and negative)."""
    values = [v for vs in data.series.values() for v in vs]
    if spec.stacked and len(data.series) > 1:
        for i in range(len(data.categories)):
            column = [vs[i] for vs in data.series.values()]
            values += [sum(v for v in column if v > 0), sum(v for v in column if v < 0)]
    return values


@chart("bar")
def draw_bar(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    g = Group()
    issues: list[str] = []
    names = list(data.series)
    k, n = len(names), len(data.categories)
    stacked = spec.stacked and k > 1
    fmt, unit = spec.format, spec.unit
    size, small = theme.size, theme.small_size
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    colours = _bar_colours(spec, data, theme)

    lo, hi, ticks = value_domain(_extent(spec, data))
    tick_labels = [format_number(t, fmt, "%" if (unit == "%" or (fmt and fmt.percent)) else None)
                   for t in ticks]
    axis_w = max_width_of(tick_labels, theme.font, small) + 5
    x0, x1 = axis_w, width
    slot = (x1 - x0) / n

    # category labels: one size for all, wrapped to the slot, at most three lines
    fitted = [fit_text(c, theme.font, size, theme.min_size, slot - 4, 3) for c in data.categories]
    cat_size = min(f.size for f in fitted)
    fitted = [fit_text(c, theme.font, cat_size, cat_size, slot - 4, 3) for c in data.categories]
    if not all(f.fits for f in fitted):
        issues.append(f"category labels do not fit under {n} bars at {theme.min_size:g} pt "
                      f"({slot - 4:.0f} pt each); use type: hbar or shorter categories")
    cat_h = max(len(f.lines) for f in fitted) * cat_size * LEADING + 4

    # bar widths: slim enough to read as bars, never wider than 44 pt
    if stacked or k == 1:
        bar_w = min(slot * 0.62, 44.0)
        group_w = bar_w
    else:
        group_w = min(slot * 0.72, k * 30.0)
        bar_w = (group_w - (k - 1) * 1.0) / k

    # value labels: on every bar when they fit the bar's slot
    # inside stacked segments the unit is left to the totals ('61' in the bar, '113亿元' on top)
    seg_unit = unit if not stacked or unit == "%" else None
    value_texts = [[format_number(v, fmt, seg_unit) for v in data.series[nm]] for nm in names]
    room = (bar_w + (1.0 if k > 1 and not stacked else slot - bar_w)) if not stacked else slot - 2
    value_size = size
    widest = max(max_width_of(t, theme.bold_font, value_size) for t in value_texts)
    while widest > room and value_size - 0.5 >= theme.min_size:
        value_size -= 0.5
        widest = max(max_width_of(t, theme.bold_font, value_size) for t in value_texts)
    show_values = widest <= room
    if not show_values and k == 1:
        issues.append(f"value labels do not fit above bars {room:.0f} pt wide at {theme.min_size:g} pt")
        show_values = True  # a single series must show its values; they may touch

    top_pad = value_size * 1.4 if show_values else small * 0.6
    plot_h = max(80.0, min(width * 0.42, 180.0))
    neg_pad = value_size * 1.4 if lo < 0 and show_values else 0.0
    base = cat_h + neg_pad
    height = base + plot_h + top_pad

    def y(v: float) -> float:
        return base + (v - lo) / (hi - lo) * plot_h

    for t, tl in zip(ticks, tick_labels, strict=False):
        yy = y(t)
        if t != 0:
            g.add(hline(x0, x1, yy, rl(theme, theme.grid), 0.4))
        g.add(label(axis_w - 5, yy - small * 0.35, tl, theme.font, small, muted, "end"))

    for ci in range(n):
        cx = x0 + slot * (ci + 0.5)
        pos_top, neg_bot = 0.0, 0.0
        for si, nm in enumerate(names):
            v = data.series[nm][ci]
            colour = colours[si][ci]
            start, end, pos_top, neg_bot = _segment(v, stacked, pos_top, neg_bot)
            bx = cx - bar_w / 2 if stacked else cx - group_w / 2 + si * (bar_w + 1.0)
            y_a, y_b = sorted((y(start), y(end)))
            g.add(box(bx, y_a, bar_w, y_b - y_a, rl(theme, colour),
                      rl(theme, theme.paper) if stacked else None, GAP if stacked else 0))
            vt = value_texts[si][ci]
            if stacked:
                seg_h = y_b - y_a
                if show_values and seg_h >= value_size * 1.3 and \
                        text_width(vt, theme.font, value_size) <= bar_w - 2:
                    ink = theme.text if is_light(colour) else theme.paper
                    g.add(label(bx + bar_w / 2, (y_a + y_b) / 2 - value_size * DIGIT_TOP / 2, vt,
                                theme.font, value_size, rl(theme, ink), "middle"))
            elif show_values:
                hot = spec.highlight in (nm, data.categories[ci]) and colour == primary(theme)
                font = theme.bold_font if hot or (k == 1 and spec.highlight is None) else theme.font
                ink = rl(theme, primary(theme)) if hot else text
                yy = y(v) + 3 if v >= 0 else y(v) - 3 - value_size * DIGIT_TOP
                knockout(g, bx + bar_w / 2, yy, vt, font, value_size, "middle", rl(theme, theme.paper))
                g.add(label(bx + bar_w / 2, yy, vt, font, value_size, ink, "middle"))
        if stacked and show_values:
            total = sum(data.series[nm][ci] for nm in names)
            knockout(g, cx, y(pos_top) + 3, format_number(total, fmt, unit), theme.bold_font, value_size,
                     "middle", rl(theme, theme.paper))
            g.add(label(cx, y(pos_top) + 3, format_number(total, fmt, unit), theme.bold_font,
                        value_size, text, "middle"))
        f = fitted[ci]
        text_block(g, cx, cat_h - 4, f.lines, theme.font, cat_size, text, "middle")

    g.add(hline(x0, x1, y(0), text, 0.6))
    legend = _legend(spec, data, theme)
    return Plot(g, height, legend, issues)


@chart("hbar")
def draw_hbar(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    g = Group()
    issues: list[str] = []
    names = list(data.series)
    k, n = len(names), len(data.categories)
    stacked = spec.stacked and k > 1
    fmt, unit = spec.format, spec.unit
    size = theme.size
    text = rl(theme, theme.text)
    colours = _bar_colours(spec, data, theme)

    # the label column takes what the names need, up to 38% of the width
    label_w = min(max_width_of(data.categories, theme.font, size), width * 0.38)
    fitted = [fit_text(c, theme.font, size, theme.min_size, label_w, 3) for c in data.categories]
    cat_size = min(f.size for f in fitted)
    fitted = [fit_text(c, theme.font, cat_size, cat_size, label_w, 3) for c in data.categories]
    if not all(f.fits for f in fitted):
        issues.append(f"category labels do not fit in {label_w:.0f} pt at {theme.min_size:g} pt; "
                      "shorten the categories")
    label_w = min(label_w, max(max_width_of(f.lines, theme.font, cat_size) for f in fitted))

    seg_unit = unit if not stacked or unit == "%" else None
    value_texts = [[format_number(v, fmt, seg_unit) for v in data.series[nm]] for nm in names]
    if stacked:
        totals = [sum(data.series[nm][i] for nm in names) for i in range(n)]
        end_texts = [format_number(t, fmt, unit) for t in totals]
    else:
        end_texts = [t for ts in value_texts for t in ts]
    value_w = max_width_of(end_texts, theme.bold_font, size) + 4

    lo, hi, _ = value_domain(_extent(spec, data))
    extent = _extent(spec, data)
    lo, hi = min(0.0, min(extent)), max(0.0, max(extent))
    if hi == lo:
        hi = lo + 1
    x0 = label_w + 8 + (value_w if lo < 0 else 0)
    x1 = width - (value_w if hi > 0 else 0)

    def x(v: float) -> float:
        return x0 + (v - lo) / (hi - lo) * (x1 - x0)

    thick = max(size * 1.5, 9.0) if (k == 1 or stacked) else max(size * 1.1, 7.0)
    bars_h = thick if stacked else k * thick + (k - 1) * 1.0
    row_gap = max(size * 0.9, 6.0)
    rows_h = [max(bars_h, len(f.lines) * cat_size * LEADING) for f in fitted]
    height = sum(rows_h) + row_gap * (n - 1) + 2

    top = height - 1
    for ci in range(n):
        row_h = rows_h[ci]
        mid = top - row_h / 2
        f = fitted[ci]
        block_h = (len(f.lines) - 1) * cat_size * LEADING + cat_size * (CJK_TOP + CJK_BOTTOM)
        text_block(g, label_w, mid + block_h / 2, f.lines, theme.font, cat_size, text, "end")
        left, right = 0.0, 0.0
        for si, nm in enumerate(names):
            v = data.series[nm][ci]
            colour = colours[si][ci]
            start, end, right, left = _segment(v, stacked, right, left)
            by = mid - thick / 2 if stacked else mid + bars_h / 2 - (si + 1) * thick - si * 1.0
            xa, xb = sorted((x(start), x(end)))
            g.add(box(xa, by, xb - xa, thick, rl(theme, colour),
                      rl(theme, theme.paper) if stacked else None, GAP if stacked else 0))
            vt = value_texts[si][ci]
            ty = by + thick / 2 - size * DIGIT_TOP / 2
            if stacked:
                if xb - xa >= text_width(vt, theme.font, size) + 4:
                    ink = theme.text if is_light(colour) else theme.paper
                    g.add(label((xa + xb) / 2, ty, vt, theme.font, size, rl(theme, ink), "middle"))
            else:
                hot = spec.highlight in (nm, data.categories[ci]) and colour == primary(theme)
                ink = rl(theme, primary(theme)) if hot else text
                font = theme.bold_font if hot or (k == 1 and spec.highlight is None) else theme.font
                if v >= 0:
                    g.add(label(xb + 3, ty, vt, font, size, ink, "start"))
                else:
                    g.add(label(xa - 3, ty, vt, font, size, ink, "end"))
        if stacked:
            g.add(label(x(right) + 3, mid - size * DIGIT_TOP / 2, end_texts[ci], theme.bold_font,
                        size, text, "start"))
        top -= row_h + row_gap

    g.add(_vline(x(0), 0, height, text))
    legend = _legend(spec, data, theme)
    return Plot(g, height, legend, issues)


def _vline(xx: float, y0: float, y1: float, colour: Color) -> Line:
    return Line(xx, y0, xx, y1, strokeColor=colour, strokeWidth=0.6)


def _segment(v: float, stacked: bool, pos: float, neg: float) -> tuple[float, float, float, float]:
    """Where one bar segment runs (start, end) and the new positive/negative stack totals.

    Unstacked bars all start at zero; stacked ones continue the stack on their side of zero."""
    if not stacked:
        return 0.0, v, pos, neg
    start = pos if v >= 0 else neg
    end = start + v
    return (start, end, end, neg) if v >= 0 else (start, end, pos, end)
