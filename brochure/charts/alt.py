"""Accessibility: the alternative text of a chart, `spec.alt` or a sentence generated from its data.

"柱状图：2019年主要经济指标同比增长。地区生产总值 9%，固定资产投资 10%，……。数据来源：……"
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..model.charts import ChartSpec
from .common import format_number
from .data import load_chart_data
from .ratio import centre_texts

KIND = {
    "zh": {"bar": "柱状图", "hbar": "条形图", "line": "折线图", "pie": "饼图", "donut": "环形图",
           "ratio": "比例图", "progress": "进度图"},
    "en": {"bar": "Bar chart", "hbar": "Bar chart", "line": "Line chart", "pie": "Pie chart",
           "donut": "Donut chart", "ratio": "Ratio chart", "progress": "Progress chart"},
}


def chart_alt_text(spec: ChartSpec, base_dir: Path | None = None, language: str = "zh-CN") -> str:
    """`spec.alt`, or the chart type, title and every value in words (CSV data is read from
    `base_dir`; if it cannot be read, the text names the chart only)."""
    if spec.alt:
        return spec.alt
    en = language.lower().startswith("en")
    colon, stop, comma, sep = (": ", ". ", ", ", "; ") if en else ("：", "。", "，", "；")
    parts = [KIND["en" if en else "zh"][spec.type] + colon + spec.title.rstrip("。.")]
    if spec.subtitle:
        parts.append(spec.subtitle.rstrip("。."))
    if spec.type in ("ratio", "progress"):
        number, unit, share = centre_texts(spec)
        text = (spec.label + " " if spec.label else "") + number + (unit or "")
        if spec.total is not None:
            of = f" of {format_number(spec.total, spec.format, spec.unit)}" if en else \
                f"（共{format_number(spec.total, spec.format, spec.unit)}"
            text += of + (f", {share}" if en and share else "") + ("" if en else
                                                                   (f"，占{share}）" if share else "）"))
        parts.append(text)
    else:
        loaded = load_chart_data(spec, base_dir, Diagnostics())
        if loaded is not None:
            categories, series = loaded
            many = len(series) > 1
            for name, values in series.items():
                items = comma.join(f"{c} {format_number(v, spec.format, spec.unit)}"
                                   for c, v in zip(categories, values, strict=False))
                parts.append((f"{name}{colon}" if many else "") + items)
    for extra in (spec.note, spec.source):
        if extra:
            parts.append(extra.rstrip("。."))
    return stop.join(p for p in parts if p).strip() + ("." if en else "。")
