"""VALIDATE stage for charts: problems the schema cannot see, reported as located diagnostics.

`validate_chart` reads CSV data (data-not-found, path-escape, unknown-column, bad-number), checks
that `highlight` names a category or series, that a ratio has a whole to be a part of, and, when the
render width and theme are known, that every label fits at `theme.min_size` or more
(`chart.labels-too-small`, a warning; `draw_chart` reports the same when given `diags`).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from .. import limits
from ..diagnostics import Diagnostics, Location
from ..model.charts import ChartSpec
from .data import load_chart_data
from .registry import ChartData
from .theme import ChartTheme


def validate_chart(spec: ChartSpec, base_dir: Path | None, diags: Diagnostics,
                   location: Location | None = None, width: float | None = None,
                   theme: ChartTheme | None = None, can_span: bool = False) -> None:
    """Report every problem of one chart into `diags`; never raises for bad input. `width`: the width
    the chart is drawn at (its `size` share of the column, or of the text width when it spans the
    columns: render/blocks.py); `can_span`: whether `full_width` would widen it."""
    kind = spec.type
    if kind in ("ratio", "progress"):
        if not within_limits([], {"value": [spec.value or 0.0, spec.total or 0.0]}, diags, location):
            return
        _check_ratio(spec, diags, location)
        loaded: tuple[list[str], dict[str, list[float]]] | None = ([], {})
    else:
        if spec.data is not None and spec.series:
            diags.warning("chart.ignored-key", "'series' is ignored because 'data' names a CSV file",
                          location, "keep one of 'data' and 'series'")
        if spec.columns and spec.data is None:
            diags.warning("chart.ignored-key", "'columns' only applies to 'data' (a CSV file)", location)
        if spec.stacked and kind not in ("bar", "hbar"):
            diags.warning("chart.ignored-key", f"'stacked' has no effect on a {kind} chart", location)
        loaded = load_chart_data(spec, base_dir, diags, location)
        if loaded is None:
            return
        categories, series = loaded
        if not within_limits(categories, series, diags, location):
            return
        if spec.highlight is not None and spec.highlight not in categories \
                and spec.highlight not in series:
            choices = categories + list(series)
            close = difflib.get_close_matches(spec.highlight, choices, n=1, cutoff=0.4)
            diags.warning("chart.unknown-highlight",
                          f"highlight '{spec.highlight}' is neither a category nor a series", location,
                          f"did you mean '{close[0]}'?" if close else "choose one of: " + ", ".join(choices))
        if kind in ("pie", "donut"):
            if len(series) > 1:
                diags.warning("chart.extra-series", f"a {kind} shows one series; only "
                              f"'{next(iter(series))}' is drawn", location,
                              "use a grouped bar chart to compare series")
            first = next(iter(series.values()))
            if not any(v > 0 for v in first):
                diags.error("chart.invalid-value", f"a {kind} needs at least one value above zero",
                            location)
                return
    if width is not None and theme is not None and loaded is not None and not diags.errors:
        from .frame import draw_body, label_hint

        plot = draw_body(spec, ChartData(*loaded), width, theme)
        for issue in plot.issues:
            diags.warning("chart.labels-too-small", f"chart '{spec.title}': {issue}", location,
                          label_hint(spec, theme, can_span))


def within_limits(categories: list[str], series: dict[str, list[float]], diags: Diagnostics,
                  location: Location | None) -> bool:
    """Bounded chart size and values (brochure/limits.py): a chart past them would not be readable,
    and drawing it would take minutes or print wrong figures."""
    problems = []
    if len(categories) > limits.CHART_CATEGORIES:
        problems.append(f"{len(categories):,} categories (the limit is {limits.CHART_CATEGORIES:,})")
    if len(series) > limits.CHART_SERIES:
        problems.append(f"{len(series):,} series (the limit is {limits.CHART_SERIES:,})")
    biggest = max((abs(v) for values in series.values() for v in values), default=0.0)
    if biggest > limits.CHART_VALUE:
        problems.append(f"a value of {biggest:.3g} (the limit is {limits.CHART_VALUE:.0e} either side of 0)")
    tiniest = min((abs(v) for values in series.values() for v in values if v), default=1.0)
    if tiniest < limits.CHART_VALUE_MIN:
        problems.append(f"a value of {tiniest:.3g} (values other than 0 must be at least "
                        f"{limits.CHART_VALUE_MIN:g} either side of 0)")
    for problem in problems:
        diags.error("limit.chart", f"a chart with {problem}", location,
                    "aggregate the data, or give it in a larger unit (e.g. 亿元, millions)",
                    "the limits and their reasons are listed in README (Limits)")
    return not problems


def _check_ratio(spec: ChartSpec, diags: Diagnostics, location: Location | None) -> None:
    percent = spec.unit == "%" or bool(spec.format and spec.format.percent)
    if spec.total is None and not percent:
        diags.error("chart.missing-total", f"a {spec.type} chart with unit '{spec.unit or ''}' needs "
                    "'total' (the whole that 'value' is part of)", location,
                    "add 'total: ...', or give the value as a percentage with unit: '%'")
        return
    if spec.total is None:
        limit = 1.0 if spec.format and spec.format.percent else 100.0
        value = spec.value or 0.0
        if not 0 <= value <= limit:
            diags.error("chart.invalid-value", f"a percentage must lie between 0 and {limit:g}, "
                        f"not {value:g}", location)
    for key in ("categories", "series", "data"):
        if getattr(spec, key):
            diags.warning("chart.ignored-key", f"'{key}' is ignored by a {spec.type} chart", location)


def check_charts(content: Any, source: Any, base_dir: Path, diags: Diagnostics) -> None:
    """Every chart of the content, each at its place in the source."""
    from ..model.content import ChartBlock

    for i, section in enumerate(content.sections):
        for j, block in enumerate(section.body):
            if isinstance(block, ChartBlock):
                validate_chart(block.chart, base_dir, diags, source.where(("sections", i, "body", j, "chart")))
