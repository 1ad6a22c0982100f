"""The value axis of the bar, hbar and line charts: its range, ticks and their labels, the room the
labels take, the mapping from values to points, and the gridlines with tick labels.

Bars always include zero; a line chart may leave it out when its data sit in a narrow band far from
it; horizontal bars have no ticks (every bar carries its value) and end exactly at their extremes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Group

from ..model.charts import ChartSpec
from .common import Fitted, fit_text, format_number, hline, label, max_width_of, rl, value_domain
from .theme import ChartTheme


@dataclass(frozen=True)
class ValueAxis:
    lo: float
    hi: float
    ticks: list[float]
    labels: list[str]     # the ticks as printed (a percentage axis keeps its %)
    width: float          # pt the tick labels take at the left, with their gap

    @classmethod
    def ticked(cls, values: list[float], spec: ChartSpec, theme: ChartTheme, include_zero: bool = True
               ) -> ValueAxis:
        """A nice range with ticks for `values` (value_domain), labelled in the chart's number format."""
        lo, hi, ticks = value_domain(values, include_zero=include_zero)
        pct = "%" if (spec.unit == "%" or (spec.format and spec.format.percent)) else None
        labels = [format_number(t, spec.format, pct) for t in ticks]
        return cls(lo, hi, ticks, labels, max_width_of(labels, theme.font, theme.small_size) + 5)

    @classmethod
    def bare(cls, values: list[float]) -> ValueAxis:
        """From zero (or the lowest value) to the highest value (or zero), without ticks."""
        lo, hi = min(0.0, min(values)), max(0.0, max(values))
        if hi == lo:
            hi = lo + 1
        return cls(lo, hi, [], [], 0.0)

    def scale(self, start: float, length: float) -> Callable[[float], float]:
        """Value -> position: `lo` at `start`, `hi` at `start + length`."""
        lo, hi = self.lo, self.hi

        def at(v: float) -> float:
            return start + (v - lo) / (hi - lo) * length

        return at

    def draw(self, g: Group, x0: float, x1: float, at: Callable[[float], float], theme: ChartTheme,
             gridline: Callable[[float], bool]) -> None:
        """Gridlines from x0 to x1 at the ticks `gridline` accepts (the zero line is the chart's own),
        and every tick label right-aligned in the axis' width."""
        small, muted = theme.small_size, rl(theme, theme.muted)
        for t, text in zip(self.ticks, self.labels, strict=False):
            if gridline(t):
                g.add(hline(x0, x1, at(t), rl(theme, theme.grid), 0.4))
            g.add(label(self.width - 5, at(t) - small * 0.35, text, theme.font, small, muted, "end"))


def fit_categories(categories: list[str], theme: ChartTheme, width: float, lines: int
                   ) -> tuple[list[Fitted], float]:
    """Category labels wrapped to `width` in at most `lines` lines, all at one size: the largest at which
    every label fits (down to the theme's smallest), and that size."""
    fitted = [fit_text(c, theme.font, theme.size, theme.min_size, width, lines) for c in categories]
    size = min(f.size for f in fitted)
    return [fit_text(c, theme.font, size, size, width, lines) for c in categories], size


__all__ = ["ValueAxis", "fit_categories"]
