"""The chart registry: chart type -> drawing function, filled by `@chart("bar")` in each family module.

A drawing function takes the spec, its resolved data, the width in pt and the theme, and returns a
`Plot` (the chart body only; the frame adds title, legend and source).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from ..model.charts import ChartSpec
from .theme import ChartTheme

if TYPE_CHECKING:
    from .common import Plot


@dataclass(frozen=True)
class ChartData:
    """Categories and series after CSV loading (for ratio charts both are empty)."""

    categories: list[str]
    series: dict[str, list[float]]


ChartFn = Callable[[ChartSpec, ChartData, float, ChartTheme], "Plot"]

CHARTS: dict[str, ChartFn] = {}
FAMILIES = ("bar", "line", "pie", "ratio")   # the modules that fill CHARTS


def chart(*types: str) -> Callable[[ChartFn], ChartFn]:
    """Register a drawing function for one or more chart types."""

    def register(fn: ChartFn) -> ChartFn:
        for t in types:
            CHARTS[t] = fn
        return fn

    return register


def load_families() -> None:
    """Import the chart families, which fill the registry (`CHARTS`) with `@chart(...)`."""
    for family in FAMILIES:
        import_module(f"{__package__}.{family}")
