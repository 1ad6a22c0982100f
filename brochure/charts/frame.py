"""RENDER stage for charts: a ChartSpec -> one reportlab Drawing with title, subtitle, legend, the
chart body from the registry, and the note and source lines under it.

The Drawing is exactly `width` pt wide; its height is what the chart type needs (each family has its
own aspect rule). `spec.size`/`full_width` are the render stage's business: it passes the width (a
spanning chart's is the full text width: render/story.py, layout/spans.py).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.lib.attrmap import AttrMap, AttrMapValue

from ..diagnostics import Diagnostics, Location
from ..errors import BrochureError
from ..model.charts import ChartSpec
from ..model.colour import Colour
from .common import CJK_BOTTOM, CJK_TOP, LEADING, Plot, fit_text, label, rl, text_block, text_width, wrap
from .data import load_chart_data
from .registry import CHARTS, ChartData, load_families
from .theme import ChartTheme

TITLE_GAP = 3.0    # pt between title and subtitle
BODY_GAP = 10.0    # pt between the heading block and the chart
FOOT_GAP = 8.0     # pt between the chart and the source line


class ChartDrawing(Drawing):
    """A Drawing that also carries the label problems found while drawing it (`issues`)."""

    _attrMap = AttrMap(BASE=Drawing, issues=AttrMapValue(None, desc="label-size problems, as text"))

    def __init__(self, width: float, height: float) -> None:
        super().__init__(width, height)
        self.issues: list[str] = []


def chart_data(spec: ChartSpec, base_dir: Path | None, diags: Diagnostics,
               where: Location | None = None) -> ChartData | None:
    loaded = load_chart_data(spec, base_dir, diags, where)
    if loaded is None:
        return None
    return ChartData(*loaded)


def draw_body(spec: ChartSpec, data: ChartData, width: float, theme: ChartTheme) -> Plot:
    if spec.type not in CHARTS:
        load_families()
    return CHARTS[spec.type](spec, data, width, theme)


def _legend(group: Group, entries: list[tuple[str, Colour]], width: float, top: float,
            theme: ChartTheme) -> float:
    """Swatch + name entries flowing left to right; returns the bottom y."""
    size = theme.small_size
    sw = size * 0.8
    x, y = 0.0, top - size * CJK_TOP
    for name, colour in entries:
        w = sw + 3 + text_width(name, theme.font, size)
        if x > 0 and x + w > width:
            x, y = 0.0, y - size * LEADING
        group.add(Rect(x, y, sw, sw, fillColor=rl(theme, colour), strokeColor=None, strokeWidth=0))
        group.add(label(x + sw + 3, y, name, theme.font, size, rl(theme, theme.text)))
        x += w + size * 1.2
    return y - size * CJK_BOTTOM


def label_hint(spec: ChartSpec, theme: ChartTheme, can_span: bool) -> str:
    """What to do about labels that would be too small: more width where the chart can have it (the
    rest of its column, or all columns where it can span them), else shorter labels."""
    wider = []
    if spec.size < 1:
        wider.append("size: 1")
    if can_span:
        wider.append("full_width: true, to span the columns")
    more = f"give the chart more width ({' or '.join(wider)}) or " if wider else ""
    return f"labels stay at or above {theme.min_size:g} pt; {more}shorten the labels"


def draw_chart(spec: ChartSpec, width: float, theme: ChartTheme, base_dir: Path | None = None,
               diags: Diagnostics | None = None, location: Location | None = None,
               can_span: bool = False) -> Drawing:
    """The whole chart as a Drawing `width` pt wide.

    Label-size problems (labels that would need less than `theme.min_size`) are reported as
    `chart.labels-too-small` warnings into `diags` when it is given, and are always listed on the
    returned drawing as `drawing.issues`; their hint suggests `full_width` only where it widens the chart
    (`can_span`: a booklet's page of several columns, the chart not spanning them yet). Data errors raise
    BrochureError with their diagnostics (the build runs `validate_chart` first, so this only happens
    when that step was skipped).
    """
    local = Diagnostics()
    data = chart_data(spec, base_dir, local, location)
    if data is None:
        raise BrochureError(local)
    plot = draw_body(spec, data, width, theme)

    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    head = Group()
    title = fit_text(spec.title, theme.bold_font, theme.title_size, theme.title_size, width, 9)
    y = text_block(head, 0, 0, title.lines, theme.bold_font, theme.title_size, text)
    if spec.subtitle:
        lines = wrap(spec.subtitle, theme.font, theme.size, width)
        y = text_block(head, 0, y - TITLE_GAP, lines, theme.font, theme.size, muted)
    if plot.legend:
        y = _legend(head, plot.legend, width, y - 6, theme)
    head_h = -y

    foot = Group()
    foot_lines: list[str] = []
    for part in (spec.note, spec.source):
        if part:
            foot_lines += wrap(part, theme.font, theme.small_size, width)
    foot_h = 0.0
    if foot_lines:
        bottom = text_block(foot, 0, 0, foot_lines, theme.font, theme.small_size, muted)
        foot_h = -bottom + 1

    height = head_h + BODY_GAP + plot.height + (FOOT_GAP + foot_h if foot_lines else 0) + 1
    drawing = ChartDrawing(width, height)
    head.translate(0, height)
    drawing.add(head)
    body = plot.group
    body.translate(0, height - head_h - BODY_GAP - plot.height)
    drawing.add(body)
    if foot_lines:
        foot.translate(0, foot_h)
        drawing.add(foot)

    drawing.issues = list(plot.issues)
    if diags is not None:
        for issue in plot.issues:
            diags.warning("chart.labels-too-small", f"chart '{spec.title}': {issue}", location,
                          label_hint(spec, theme, can_span))
    return drawing
