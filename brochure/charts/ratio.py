"""Ratio and progress charts: one value as a part of a whole, as a ring (default) or a bar.

The ring shows the share as an arc from twelve o'clock on a neutral track, with the value large in
its centre (and, when the content states it with `share:`, the share under it: '278天' / '76.4%'); the
label sits below. `style: bar` draws a slim bar with the label at the left and the value at the
right above it.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Group, Wedge

from ..model.charts import ChartSpec, NumberFormat
from .common import (
    CJK_BOTTOM,
    CJK_TOP,
    DIGIT_TOP,
    LEADING,
    PLAIN,
    Plot,
    box,
    fit_text,
    format_number,
    label,
    primary,
    rl,
    text_block,
    tint,
)
from .figures import draw_runs, number_runs, runs_width
from .registry import ChartData, chart
from .theme import ChartTheme

ONE_DECIMAL = NumberFormat.model_validate({"decimals": 1})


def share_of(spec: ChartSpec) -> float:
    """value / total; without a total the value is a percentage (or a 0..1 share with percent)."""
    value = spec.value or 0.0
    if spec.total:
        return value / spec.total
    if spec.format and spec.format.percent:
        return value
    return value / 100


def centre_texts(spec: ChartSpec) -> tuple[str, str | None, str | None]:
    """(number, unit, share line): '278', '天', '76.2%' — or '76.4', '%', None for a percentage."""
    value = spec.value or 0.0
    fmt = spec.format or PLAIN
    percent_unit = spec.unit in (None, "%") or fmt.percent
    if percent_unit:
        share = share_of(spec) * 100
        number = format_number(share, fmt.model_copy(update={"percent": False}), None)
        return number, "%", None
    number = format_number(value, fmt, None)
    if spec.share is None:
        return number, spec.unit, None
    if spec.share == "auto":
        auto = fmt if spec.format and spec.format.decimals is not None else ONE_DECIMAL
        return number, spec.unit, format_number(share_of(spec) * 100, auto.model_copy(update={"percent": False}),
                                                "%")
    return number, spec.unit, format_number(float(spec.share), PLAIN, "%")


@chart("ratio", "progress")
def draw_ratio(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    if spec.style == "bar":
        return _bar(spec, width, theme)
    g = Group()
    issues: list[str] = []
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    share = max(0.0, min(1.0, share_of(spec)))
    d = min(width * 0.5, 112.0)
    r = d / 2
    ring = max(r * 0.16, 5.0)
    number, unit, share_text = centre_texts(spec)

    label_h = 0.0
    fitted = None
    if spec.label:
        fitted = fit_text(spec.label, theme.font, theme.size + 0.5, theme.min_size, width, 2)
        label_h = fitted.height() + 6
        if not fitted.fits:
            issues.append("the ratio label does not fit; shorten 'label'")
    height = d + label_h + 2
    cx, cy = width / 2, height - 1 - r

    g.add(Wedge(cx, cy, r, 0, 360, radius1=r - ring, fillColor=rl(theme, tint(theme.neutral, 0.7)),
                strokeColor=None, strokeWidth=0))
    if share > 0:
        g.add(Wedge(cx, cy, r, 90 - share * 360, 90, radius1=r - ring,
                    fillColor=rl(theme, primary(theme)), strokeColor=None, strokeWidth=0))

    # the big number fits the hole with room to spare
    hole = 2 * (r - ring) * 0.82
    big = r * 0.5
    while big > theme.size and runs_width(number_runs(number, unit, big, theme)) > hole:
        big -= 0.5
    runs = number_runs(number, unit, big, theme)
    sub = theme.small_size
    block = big * DIGIT_TOP + ((sub * 2.0) if share_text else 0)
    baseline = cy + block / 2 - big * DIGIT_TOP
    draw_runs(g, cx, baseline, runs, [text], "middle")
    if share_text:
        g.add(label(cx, baseline - sub * 2.0, share_text, theme.font, sub, muted, "middle"))

    if fitted is not None:
        text_block(g, cx, cy - r - 6, fitted.lines, theme.font, fitted.size, text, "middle")
    return Plot(g, height, [], issues)


def _bar(spec: ChartSpec, width: float, theme: ChartTheme) -> Plot:
    """A slim progress bar: label left, value right, both above the bar."""
    g = Group()
    issues: list[str] = []
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    share = max(0.0, min(1.0, share_of(spec)))
    number, unit, share_text = centre_texts(spec)
    big = theme.size * 2.2
    runs = number_runs(number, unit, big, theme)
    value_w = runs_width(runs)
    label_text = spec.label or ""
    fitted = fit_text(label_text, theme.font, theme.size + 0.5, theme.min_size,
                      max(width - value_w - 12, 20), 2)
    if not fitted.fits:
        issues.append("the progress label does not fit beside the value; shorten 'label'")
    bar_h = max(theme.size, 7.0)
    sub = theme.small_size
    head = max(big * DIGIT_TOP, (len(fitted.lines) - 1) * fitted.size * LEADING + fitted.size * CJK_TOP)
    foot = sub * 1.6 if share_text else 0.0
    height = head + 5 + bar_h + foot
    y_bar = foot
    g.add(box(0, y_bar, width, bar_h, rl(theme, tint(theme.neutral, 0.7))))
    if share > 0:
        g.add(box(0, y_bar, width * share, bar_h, rl(theme, primary(theme))))
    baseline = y_bar + bar_h + 5
    draw_runs(g, width, baseline, runs, [text], "end")
    # the label's last line shares the number's baseline
    top = baseline + (len(fitted.lines) - 1) * fitted.size * LEADING + fitted.size * CJK_TOP
    text_block(g, 0, top, fitted.lines, theme.font, fitted.size, text)
    if share_text:
        g.add(label(width, 0.5 + sub * CJK_BOTTOM, share_text, theme.font, sub, muted, "end"))
    return Plot(g, height, [], issues)
