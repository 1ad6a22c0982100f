"""Chart specifications in content (`chart:` blocks). Data checks live here; drawing is in charts/."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .. import limits
from .base import Located, Model
from .text import Line, NonEmptyLine

ChartType = Literal["bar", "hbar", "line", "pie", "donut", "ratio", "progress"]


# Values a chart can scale, label and compare: beyond these the axis arithmetic overflows or divides
# by a denormal zero, and no reader can read the labels anyway.
CHART_MAX = limits.CHART_VALUE           # (brochure/limits.py, with the reasons)
CHART_MIN = limits.CHART_VALUE_MIN


def unchartable(v: float) -> str | None:
    """Why `v` cannot be charted (None when it can)."""
    if not math.isfinite(v):
        return f"{v} is not a finite number"
    if abs(v) > CHART_MAX or (v != 0 and abs(v) < CHART_MIN):
        return (f"{v:g} is outside what a chart can show (0, or {CHART_MIN:g} to {CHART_MAX:g} in size): "
                "give the values in a larger or smaller unit (万, 亿, thousands, millions)")
    return None


class NumberFormat(Model):
    decimals: int | None = Field(None, ge=0, le=6, description="digits after the decimal point")
    thousands: bool = Field(True, description="group thousands with ','")
    percent: bool = Field(False, description="values are shares 0..1 shown as %")
    magnitude: Literal["auto", "none", "万", "亿"] = Field(
        "none", description="Chinese magnitudes: 12000 -> 1.2万, 1.4e10 -> 140亿")


class ChartSpec(Model):
    type: ChartType = Field(description="bar, hbar, line, pie, donut, ratio (progress is an alias)")
    title: NonEmptyLine
    subtitle: Line | None = None
    unit: Line | None = Field(None, description="unit of the values, e.g. '%', '亿元'")
    source: Line | None = Field(None, description="printed under the chart")
    note: Line | None = None
    categories: list[Line] | None = None
    series: dict[Line, list[float]] | None = Field(None, description="series name -> values")
    data: str | None = Field(None, description="a CSV file next to the content file")
    columns: list[str] | None = Field(None, description="CSV columns: first = categories, rest = series")
    stacked: bool = False
    markers: bool = True
    area: bool = False
    highlight: Line | None = Field(None, description="a category or series to emphasise")
    format: NumberFormat | None = None
    size: float = Field(1.0, gt=0, le=1.0, description="width as a share of the column (1 = full)")
    full_width: bool = Field(False, description="booklet: span all columns, as a float of the full text "
                                                "width at the top of a page (at the foot of a section's "
                                                "opener page); a leaflet panel, a poster, a slide or a "
                                                "bilingual edition's language column keeps it in its column")
    alt: str | None = Field(None, description="alternative text; generated from the data when absent")
    value: float | None = Field(None, description="ratio/progress: the part")
    total: float | None = Field(None, description="ratio/progress: the whole")
    label: Line | None = Field(None, description="ratio/progress and donut centre label")
    other_threshold: float = Field(0.03, ge=0, lt=1, description="pie/donut: group slices below this share")
    style: Literal["ring", "bar"] = "ring"
    share: float | Literal["auto"] | None = Field(
        None, description="ratio/progress: the share printed under a value with its own unit, as the "
                          "content states it (76.4 prints '76.4%'); 'auto' computes value/total, rounded "
                          "by 'format' (one decimal without); unset: no share line")

    @field_validator("series")
    @classmethod
    def _finite(cls, series: dict[str, list[float]] | None) -> dict[str, list[float]] | None:
        if series is None:
            return None
        for name, values in series.items():
            if not values:
                raise ValueError(f"series '{name}' is empty")
            for i, v in enumerate(values):
                problem = unchartable(v)
                if problem:
                    raise Located(f"series '{name}': {problem}", (name, i))
        return series

    @field_validator("value", "total")
    @classmethod
    def _finite_part(cls, v: float | None) -> float | None:
        problem = unchartable(v) if v is not None else None
        if problem:
            raise ValueError(problem)
        return v

    @model_validator(mode="after")
    def _consistent(self) -> ChartSpec:
        kind = self.type
        if kind in ("ratio", "progress"):
            if self.value is None:
                raise ValueError(f"a {kind} chart needs 'value' (and 'total', or a percentage unit)")
            if self.total is not None and (self.total <= 0 or self.value > self.total or self.value < 0):
                raise ValueError("'value' must lie between 0 and 'total'")
            return self
        if self.data is None and not self.series:
            raise ValueError("a chart needs 'series' (name -> values) or 'data' (a CSV file)")
        if self.series and self.categories is not None:
            for name, values in self.series.items():
                if len(values) != len(self.categories):
                    raise Located(f"series '{name}' has {len(values)} values but there are "
                                  f"{len(self.categories)} categories", ("series", name))
        if self.series and self.categories is None and self.data is None:
            raise ValueError("'categories' is required with 'series'")
        if kind in ("pie", "donut") and self.series:
            for values in self.series.values():
                if any(v < 0 for v in values):
                    raise ValueError("a pie or donut cannot show negative values")
        return self
