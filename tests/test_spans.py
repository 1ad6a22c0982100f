"""Charts with `full_width: true` span the columns of a booklet page (layout/spans.py): where the makeup
puts them on synthetic stories, and on the example with one of its charts set full width."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE
from reportlab.platypus import Flowable, FrameBreak
from stand_ins import Lines

from brochure.layout.balance import SectionEnd
from brochure.layout.flowables import SpanFloat
from brochure.layout.spans import SPAN_GAP, plan_span


class Block(Flowable):
    def __init__(self, h: float):
        super().__init__()
        self.h = h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.h


def test_a_spanning_block_goes_to_the_top_of_the_page_its_text_reaches() -> None:
    block = Block(150)
    story = [Lines(30), SpanFloat(block), Lines(40), SectionEnd()]
    plan = plan_span(story, [], 100, 210, [300, 300], opener=False, leading=10)
    assert plan is not None and plan.block is block and plan.top and plan.at == 1
    assert plan.height == 150
    # its place in the text is on a later page: not on this one
    late = [Lines(70), SpanFloat(Block(150)), SectionEnd()]
    assert plan_span(late, [], 100, 210, [300, 300], opener=False, leading=10) is None
    # never past the section's end
    assert plan_span([Lines(5), SectionEnd(), SpanFloat(Block(50))], [], 100, 210, [300, 300], False, 10) is None


def test_on_an_opener_it_goes_to_the_foot_when_the_columns_keep_room() -> None:
    head = [Lines(3), FrameBreak]
    block = Block(120)
    plan = plan_span(head + [Lines(10), SpanFloat(block), SectionEnd()], [], 100, 210, [300, 300],
                     opener=True, leading=10)
    assert plan is not None and not plan.top and plan.at == 3
    # too tall to leave the columns MIN_LINES lines: it waits for the next page
    tall = Block(300 - SPAN_GAP - 30)
    assert plan_span(head + [SpanFloat(tall), SectionEnd()], [], 100, 210, [300, 300], True, 10) is None
    # one waiting goes to the top of the next body page
    plan = plan_span([Lines(20), SectionEnd()], [tall], 100, 210, [700, 700], opener=False, leading=10)
    assert plan is not None and plan.top and plan.at is None and plan.block is tall


def _variant(tmp: Path, full_width: bool) -> Path:
    """The example with its first chart given nine long categories, set full width or not."""
    text = EXAMPLE.read_text(encoding="utf-8")
    old = ("categories: [地区生产总值, 固定资产投资, 社会消费品零售总额, 城乡居民人均可支配收入]\n"
           "          series:\n            同比增长: [9, 10, 9.5, 8.5]")
    cats = ["地区生产总值", "固定资产投资", "社会消费品零售总额", "城乡居民人均可支配收入", "一般公共预算收入",
            "金融业税收贡献", "亿元楼宇数量", "人力资源产业园产值", "夜间经济服务中心"]
    new = (f"categories: [{', '.join(cats)}]\n          series:\n"
           f"            同比增长: [{', '.join(str(9 + i % 3) for i in range(len(cats)))}]")
    assert old in text
    flag = f"highlight: 固定资产投资\n          full_width: {str(full_width).lower()}"
    text = text.replace(old, new).replace("highlight: 固定资产投资", flag, 1)
    folder = tmp / ("wide" if full_width else "narrow")
    folder.mkdir()
    shutil.copytree(EXAMPLE.parent / "images", folder / "images")
    path = folder / "brochure.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Any]:
    from brochure.build import Options, load, run_edition, warm_assets

    tmp = tmp_path_factory.mktemp("spans")
    out = {}
    for full in (False, True):
        p = load(Options(_variant(tmp, full), editions=["email"], quiet=True))
        warm_assets(p, ["email"])
        out[full] = (p, run_edition(p, "email"))
    return out


@pytest.mark.slow
def test_a_full_width_chart_spans_the_columns_at_a_page_top(laid_out) -> None:
    from brochure.layout.geometry import geometry_for

    p, result = laid_out[True]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    g = geometry_for(p.layout, False, False)
    where = p.source.where(("sections", 0, "body", 6))
    [chart] = [pl for pl in result.trace.placed if pl.kind == "chart" and pl.where == where]
    x0, y0, x1, y1 = chart.box
    assert x1 - x0 == pytest.approx(g.text_width, abs=0.5)          # all columns, not one
    assert chart.frame == "span"
    top, _ = result.trace.type_area
    assert y1 == pytest.approx(top, abs=0.5)                          # a top float
    # the page's text sits under it (its box in the trace counts its space after), in its columns
    [span] = [f for f in result.trace.frames if f.page == chart.page and f.frame == "span"]
    foot = span.top - span.height
    assert y0 <= foot
    others = [pl for pl in result.trace.placed if pl.page == chart.page and pl.frame and pl is not chart]
    assert others
    for pl in others:
        assert pl.box[3] <= foot - SPAN_GAP + 0.5, pl
    # the chart without full_width stays in its column
    p2, narrow = laid_out[False]
    where = p2.source.where(("sections", 0, "body", 6))
    [column] = [pl for pl in narrow.trace.placed if pl.kind == "chart" and pl.where == where]
    assert column.box[2] - column.box[0] == pytest.approx(g.column_width, abs=0.5)


@pytest.mark.slow
def test_labels_are_judged_at_the_width_the_chart_gets(laid_out) -> None:
    """Nine long categories do not fit under the bars of one column; across the page they do. The hint
    that says so names full_width, which now does what it says."""
    _, narrow = laid_out[False]
    small = [d for d in narrow.diagnostics if d.code == "chart.labels-too-small"]
    assert small and "full_width: true" in (small[0].hints[0] if small[0].hints else "")
    _, wide = laid_out[True]
    assert not [d for d in wide.diagnostics if d.code == "chart.labels-too-small"]
