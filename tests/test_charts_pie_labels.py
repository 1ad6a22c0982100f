"""Pie and donut labels on content other than the example's two-slice donut: many small slices, long
names, Latin and Chinese, narrow and wide charts. No label overlaps another label, the pie, or the
edge of the chart; every slice is named (or counted in the "other" slice)."""

from __future__ import annotations

import math
import re

import pytest
from reportlab.graphics.shapes import String, Wedge
from test_charts_support import make_theme, strings, walk

from brochure.charts import draw_chart
from brochure.model.charts import ChartSpec

CASES = {
    "many small zh": ({"type": "pie", "title": "各街道常住人口", "unit": "万人", "other_threshold": 0.0,
                       "categories": ["坡子街", "城南路", "裕南街", "金盆岭", "新开铺", "青园", "桂花坪", "赤岭路",
                                      "先锋", "黑石铺", "大托铺", "暮云", "南托", "文源"],
                       "series": {"人口": [9.1, 7.7, 6.2, 5.9, 5.1, 4.8, 4.4, 3.9, 3.1, 2.6, 1.8, 1.2, 0.9, 0.6]}}),
    "long names zh": ({"type": "donut", "title": "2019年全区税收结构", "unit": "%", "label": "税收构成",
                       "categories": ["金融业及配套服务机构", "商贸物流与楼宇经济", "文化创意与广告产业园",
                                      "人力资源服务产业园", "其他行业"],
                       "series": {"占比": [32, 27, 18, 13, 10]}}),
    "many small en": ({"type": "donut", "title": "Residents by sub-district", "unit": "%", "label": "Residents",
                       "other_threshold": 0.02,
                       "categories": ["Pozijie", "Chengnan Road", "Yunan Street", "Jinpenling", "Xinkaipu",
                                      "Qingyuan", "Guihuaping", "Chiling Road", "Xianfeng", "Heishipu", "Datuopu",
                                      "Muyun", "Nantuo", "Wenyuan"],
                       "series": {"share": [18, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1.2, 0.8]}}),
    "long names en": ({"type": "pie", "title": "Tax revenue by sector, 2019", "unit": "%",
                       "categories": ["Financial institutions and their services", "Trade, logistics and office towers",
                                      "Cultural and creative industries", "Human resources services park",
                                      "Other sectors"],
                       "series": {"share": [32, 27, 18, 13, 10]}}),
    "one dominant": ({"type": "donut", "title": "空气质量", "unit": "%", "label": "优良天数",
                      "categories": ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"],
                      "series": {"天数": [40.3, 36.1, 17.2, 4.9, 1.1, 0.4]}}),
}


def _overlap(a: tuple[float, ...], b: tuple[float, ...], tol: float = 0.3) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def _labels(d) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each label (name and value, set as separate strings) as one box per string."""
    return [(s.text, box) for s, box in walk(d) if isinstance(s, String) and s.text.strip()]


@pytest.fixture(scope="module")
def themes(cjk_fonts):
    return {"zh": make_theme(cjk_fonts), "en": make_theme(cjk_fonts, language="en")}


@pytest.mark.parametrize("width", [240.0, 360.0, 480.0])
@pytest.mark.parametrize("case", list(CASES))
def test_pie_labels_never_overlap(themes, case: str, width: float) -> None:
    raw = CASES[case]
    spec = ChartSpec.model_validate(raw)
    theme = themes["en" if case.endswith("en") else "zh"]
    d = draw_chart(spec, width, theme)
    shapes = list(walk(d))
    labels = _labels(d)
    wedges = [s for s, _ in shapes if isinstance(s, Wedge)]
    assert wedges
    cx, cy, r = wedges[0].centerx, wedges[0].centery, wedges[0].radius
    names = [t for t in strings(d) if not re.fullmatch(r"[\d.,]+%?", t)]        # the values left out
    drawn = "".join("".join(names).split())          # a name broken over lines reads on
    grouped = len(raw["categories"]) - len(wedges) + (1 if len(wedges) < len(raw["categories"]) else 0)
    assert sum("".join(c.split()) in drawn for c in raw["categories"]) >= len(raw["categories"]) - grouped
    for n, (a, box_a) in enumerate(labels):
        # inside the chart's width and height
        assert box_a[0] >= -0.5 and box_a[2] <= width + 0.5, (case, width, a, box_a)
        assert box_a[1] >= -0.5 and box_a[3] <= d.height + 0.5, (case, width, a, box_a)
        # off the pie (except a donut's centre label, inside the hole)
        nx = min(max(cx, box_a[0]), box_a[2])
        ny = min(max(cy, box_a[1]), box_a[3])
        inside_hole = spec.type == "donut" and \
            max(math.hypot(x - cx, y - cy) for x in box_a[::2] for y in box_a[1::2]) < r * 0.58
        if not inside_hole:
            assert math.hypot(nx - cx, ny - cy) >= r - 0.5, (case, width, a)
        for b, box_b in labels[n + 1:]:
            assert not _overlap(box_a, box_b), (case, width, a, b)
