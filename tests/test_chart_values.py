"""A chart prints the content's values: every number drawn in a chart of the example (and in a chart
with computed shares on request) is a number the content states, or one derived from it by a declared
rule: the content's `format` (decimals, percent, magnitude), an axis tick of the value scale, or a share
the content asked for (`share: auto`)."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import EXAMPLE
from test_charts_support import make_theme, strings

from brochure.charts import draw_chart, draw_figures
from brochure.charts.common import format_number, value_domain
from brochure.model.charts import ChartSpec
from brochure.model.content import Figure

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def theme(cjk_fonts):
    return make_theme(cjk_fonts)


def numbers(texts: list[str]) -> set[str]:
    return {n.replace(",", "") for t in texts for n in NUMBER.findall(t)}


def stated(spec: ChartSpec) -> set[str]:
    """The numbers a chart may print: those in its texts and values (as its format prints them), and
    the ticks of its value axis."""
    texts = [spec.title, spec.subtitle or "", spec.label or "", spec.source or "", spec.note or ""]
    texts += list(spec.categories or []) + list((spec.series or {}).keys())
    values = [v for vs in (spec.series or {}).values() for v in vs]
    values += [v for v in (spec.value, spec.total) if v is not None]
    texts += [format_number(v, spec.format) for v in values]
    if isinstance(spec.share, float):
        texts.append(format_number(spec.share))
    if values:
        _, _, ticks = value_domain(values)
        texts += [format_number(t, spec.format) for t in ticks]
        if spec.stacked and spec.series:
            sums = [sum(col) for col in zip(*spec.series.values(), strict=True)]
            texts += [format_number(v, spec.format) for v in sums]
            texts += [format_number(t, spec.format) for t in value_domain(sums)[2]]
    return numbers(texts)


def example_blocks() -> list[dict]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return [b for s in data["sections"] for b in s["body"] if isinstance(b, dict) and ("chart" in b or "figures" in b)]


@pytest.mark.parametrize("index", range(len(example_blocks())))
def test_every_number_a_chart_prints_is_the_contents(theme, index: int) -> None:
    block = example_blocks()[index]
    if "figures" in block:
        figures = [Figure.model_validate(f) for f in block["figures"]]
        printed = numbers(strings(draw_figures(figures, 240, theme)))
        allowed = numbers([f"{f.value} {f.unit or ''} {f.label} {f.note or ''}" for f in figures])
    else:
        spec = ChartSpec.model_validate(block["chart"])
        printed = numbers(strings(draw_chart(spec, 240, theme)))
        allowed = stated(spec)
    assert printed, "the chart prints no number at all"
    assert printed <= allowed, f"printed but not in the content: {sorted(printed - allowed)}"


def test_the_ring_chart_prints_the_stated_share_not_a_computed_one(theme) -> None:
    ring = next(b["chart"] for b in example_blocks() if "chart" in b and b["chart"]["type"] == "ratio")
    spec = ChartSpec.model_validate(ring)
    printed = strings(draw_chart(spec, 240, theme))
    assert "76.4%" in printed and not any("76.2" in t for t in printed)     # 278/365 would be 76.2 %
    asked = ChartSpec.model_validate({**ring, "share": "auto", "format": {"decimals": 2}})
    assert "76.16%" in strings(draw_chart(asked, 240, theme))                # computed only on request


def _overlap(a: tuple[float, ...], b: tuple[float, ...], tol: float = 0.3) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


@pytest.mark.parametrize("index", range(len(example_blocks())))
def test_labels_overlap_neither_each_other_nor_a_visible_gridline(theme, index: int) -> None:
    from reportlab.graphics.shapes import Line, Rect, String
    from test_charts_support import walk

    block = example_blocks()[index]
    if "figures" in block:
        d = draw_figures([Figure.model_validate(f) for f in block["figures"]], 240, theme)
    else:
        d = draw_chart(ChartSpec.model_validate(block["chart"]), 240, theme)
    shapes = list(walk(d))
    owner: dict[int, int] = {}           # pieces of one label set by the text engine (a Group of Strings)

    def scan(node: object) -> None:
        for child in node.getContents():  # type: ignore[attr-defined]
            if hasattr(child, "getContents"):
                parts = child.getContents()
                if parts and all(isinstance(x, String) for x in parts):
                    owner.update({id(x): id(child) for x in parts})
                else:
                    scan(child)

    scan(d)
    labels = [(i, s, b) for i, (s, b) in enumerate(shapes) if isinstance(s, String) and s.text.strip()]
    for n, (_, a, box_a) in enumerate(labels):
        for _, b, box_b in labels[n + 1:]:
            if owner.get(id(a), id(a)) != owner.get(id(b), id(b)):
                assert not _overlap(box_a, box_b), f"{a.text!r} overlaps {b.text!r}"
    lines = [(i, b) for i, (s, b) in enumerate(shapes) if isinstance(s, Line)]
    paper = [(i, b) for i, (s, b) in enumerate(shapes)
             if isinstance(s, Rect) and s.fillColor is not None and s.fillColor.rgb() == (1.0, 1.0, 1.0)]
    for i, label, box in labels:
        for j, line in lines:
            if j < i and _overlap(box, line, tol=0.0):
                # drawn over the line: a paper knockout between them must hide the line under the label
                assert any(j < k < i and r[0] <= box[0] + 0.5 and r[2] >= box[2] - 0.5 for k, r in paper), \
                    f"a gridline runs through {label.text!r}"
