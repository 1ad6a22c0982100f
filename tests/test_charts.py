"""Charts: number formatting, geometry of the Drawings, colours per edition, labels, alt text."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Circle, Polygon, Rect, String, Wedge
from reportlab.lib.colors import CMYKColor
from test_charts_support import PALETTE, assert_inside, make_theme, strings, walk

from brochure.charts import CHARTS, chart_alt_text, draw_chart, draw_figures, format_number
from brochure.charts.common import fit_text, nice_ticks
from brochure.diagnostics import Diagnostics
from brochure.model.charts import ChartSpec, NumberFormat
from brochure.model.content import Figure

GROWTH = {"type": "bar", "title": "2019年主要经济指标同比增长", "unit": "%",
          "categories": ["地区生产总值", "固定资产投资", "社会消费品零售总额", "城乡居民人均可支配收入"],
          "series": {"同比增长": [9, 10, 9.5, 8.5]}, "source": "数据来源：长沙市天心区委宣传部",
          "highlight": "固定资产投资"}


@pytest.fixture(scope="module")
def theme(cjk_fonts):
    return make_theme(cjk_fonts)


@pytest.fixture(scope="module")
def cmyk_theme(cjk_fonts):
    return make_theme(cjk_fonts, cmyk=True)


def spec(**kw: object) -> ChartSpec:
    return ChartSpec.model_validate(kw)


def bars(d) -> list[tuple[Rect, tuple[float, float, float, float]]]:
    """Filled data rectangles (bars), not the legend swatches (which are squares under 8 pt) nor the
    paper-coloured knockouts under value labels."""
    return [(s, b) for s, b in walk(d) if isinstance(s, Rect) and s.fillColor is not None
            and (b[3] - b[1] > 8 or b[2] - b[0] > 8) and s.fillColor.rgb() != (1.0, 1.0, 1.0)]


# --- numbers --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "fmt", "unit", "expected"), [
    (9, None, "%", "9%"),
    (9.5, None, "%", "9.5%"),
    (387, None, "家", "387家"),
    (4000, None, None, "4,000"),
    (4000, {"thousands": False}, None, "4000"),
    (14000000000, {"magnitude": "auto"}, None, "140亿"),
    (14000000000, {"magnitude": "auto"}, "元", "140亿元"),
    (23000, {"magnitude": "auto"}, None, "2.3万"),
    (9999, {"magnitude": "auto"}, None, "9,999"),
    (6866200, {"magnitude": "万"}, "元", "686.62万元"),
    (0.764, {"percent": True}, None, "76.4%"),
    (0.764, {"percent": True, "decimals": 0}, None, "76%"),
    (12.5, {"decimals": 2}, None, "12.50"),
    (1234567.891, {"decimals": 1}, None, "1,234,567.9"),
    (-0.001, {"decimals": 1}, None, "0.0"),
    (12, None, "km", "12\u00a0km"),
])
def test_format_number(value, fmt, unit, expected):
    assert format_number(value, NumberFormat.model_validate(fmt) if fmt else None, unit) == expected


def test_nice_ticks_cover_the_data_with_round_steps():
    assert nice_ticks(0, 10) == [0, 5, 10]
    assert nice_ticks(0, 361) == [0, 100, 200, 300, 400]
    ticks = nice_ticks(-12, 47)
    assert ticks[0] <= -12 and ticks[-1] >= 47 and ticks == [-20, 0, 20, 40, 60]


def test_fit_text_balances_and_shrinks(theme):
    f = fit_text("社会消费品零售总额", theme.font, 8, 6, 50, 3)
    assert f.fits and len(f.lines) == 2 and abs(len(f.lines[0]) - len(f.lines[1])) <= 1
    tight = fit_text("城乡居民人均可支配收入", theme.font, 8, 6, 20, 1)
    assert not tight.fits and tight.size == 6


# --- bars -------------------------------------------------------------------------------------------

def test_registry_has_every_chart_type():
    assert set(CHARTS) == {"bar", "hbar", "line", "pie", "donut", "ratio", "progress"}


def test_bar_heights_are_proportional_from_a_zero_baseline(theme):
    d = draw_chart(spec(**GROWTH), 240, theme)
    found = bars(d)
    assert len(found) == 4
    bottoms = {round(b[1], 3) for _, b in found}
    assert len(bottoms) == 1  # one shared baseline ...
    heights = [b[3] - b[1] for _, b in found]
    for h, v in zip(heights, [9, 10, 9.5, 8.5], strict=True):
        assert h / heights[1] == pytest.approx(v / 10, rel=1e-6)  # ... at zero
    # bars are left to right in category order
    xs = [b[0] for _, b in found]
    assert xs == sorted(xs)
    assert_inside(d)


def test_bar_labels_are_direct_and_formatted(theme):
    d = draw_chart(spec(**GROWTH), 240, theme)
    texts = strings(d)
    for v in ("9%", "10%", "9.5%", "8.5%"):
        assert v in texts
    assert "2019年主要经济指标同比增长" in texts
    assert "数据来源：长沙市天心区委宣传部" in texts
    # long categories are wrapped, not dropped or overflowing
    assert "".join(t for t in texts if "城乡" in t or "可支配" in t) == "城乡居民人均可支配收入"
    assert not d.issues


def test_highlight_is_primary_and_the_rest_neutral(theme):
    d = draw_chart(spec(**GROWTH), 240, theme)
    fills = [s.fillColor for s, _ in bars(d)]
    primary = PALETTE[0].rgb
    assert [f.rgb() == pytest.approx(primary) for f in fills] == [False, True, False, False]
    assert len({f.rgb() for i, f in enumerate(fills) if i != 1}) == 1


def test_without_highlight_the_palette_is_used_in_order(theme):
    d = draw_chart(spec(type="bar", title="t", categories=["a", "b"],
                        series={"x": [1, 2], "y": [3, 4], "z": [5, 6]}), 300, theme)
    fills = [s.fillColor.rgb() for s, _ in bars(d)]
    expected = [PALETTE[i].rgb for i in (0, 1, 2)]
    # grouped: per category x, y, z
    assert fills[:3] == [pytest.approx(c) for c in expected]
    # multi-series charts get a legend with the series names
    assert {"x", "y", "z"} <= set(strings(d))


def test_cmyk_edition_draws_only_cmyk(cmyk_theme, theme):
    for raw in (GROWTH, {"type": "pie", "title": "p", "categories": ["a", "b"], "series": {"s": [1, 2]}},
                {"type": "ratio", "title": "r", "value": 3, "total": 4, "label": "x"}):
        d = draw_chart(spec(**raw), 240, cmyk_theme)
        colours = [c for s, _ in walk(d) for c in (getattr(s, "fillColor", None),
                                                  getattr(s, "strokeColor", None)) if c is not None]
        assert colours and all(isinstance(c, CMYKColor) for c in colours)
        d = draw_chart(spec(**raw), 240, theme)
        colours = [c for s, _ in walk(d) for c in (getattr(s, "fillColor", None),
                                                  getattr(s, "strokeColor", None)) if c is not None]
        assert colours and not any(isinstance(c, CMYKColor) for c in colours)
    d = draw_chart(spec(**GROWTH), 240, cmyk_theme)
    hot = [s.fillColor for s, _ in bars(d)][1]
    assert (hot.cyan, hot.magenta, hot.yellow, hot.black) == pytest.approx(PALETTE[0].cmyk)


def test_negative_bars_hang_below_zero(theme):
    d = draw_chart(spec(type="bar", title="t", categories=["a", "b"], series={"s": [5, -3]}), 240, theme)
    (a, ba), (b, bb) = bars(d)
    assert ba[1] == pytest.approx(bb[3])  # b's top is a's bottom: the zero line
    assert (bb[3] - bb[1]) / (ba[3] - ba[1]) == pytest.approx(3 / 5)
    assert "-3" in strings(d)
    assert_inside(d)


def test_stacked_bars_add_up(theme):
    d = draw_chart(spec(type="bar", title="t", unit="亿元", stacked=True, categories=["2018", "2019"],
                        series={"a": [52, 63], "b": [61, 77]}), 240, theme)
    found = bars(d)
    assert len(found) == 4
    first = [b for _, b in found if b[0] < 120]
    assert first[0][3] == pytest.approx(first[1][1])  # b sits on a
    texts = strings(d)
    assert "113亿元" in texts and "140亿元" in texts  # totals carry the unit
    assert "52" in texts  # segments do not repeat it


def test_hbar_puts_labels_left_of_bars(theme):
    d = draw_chart(spec(type="hbar", title="t", unit="家", highlight="天心区",
                        categories=["天心区", "岳麓区", "望城区（含湘江新区部分片区）"],
                        series={"退出企业": [361, 98, 12]}), 240, theme)
    found = bars(d)
    assert len(found) == 3
    left = min(b[0] for _, b in found)
    assert all(b[0] == pytest.approx(left) for _, b in found)
    widths = [b[2] - b[0] for _, b in found]
    assert widths[1] / widths[0] == pytest.approx(98 / 361)
    for s, box in walk(d):
        if isinstance(s, String) and s.text in ("天心区", "岳麓区"):
            assert box[2] <= left
    assert "361家" in strings(d)
    assert_inside(d)


def test_too_many_long_categories_report_small_labels(theme):
    cats = [f"很长很长的类别名称第{i}项" for i in range(12)]
    d = draw_chart(spec(type="bar", title="t", categories=cats, series={"s": list(range(1, 13))}),
                   200, theme)
    assert d.issues
    diags = Diagnostics()
    draw_chart(spec(type="bar", title="t", categories=cats, series={"s": list(range(1, 13))}),
               200, theme, diags=diags)
    assert diags.codes() == ["chart.labels-too-small"]
    assert all(s.fontSize >= theme.min_size for s, _ in walk(d) if isinstance(s, String))


# --- line, pie, ratio --------------------------------------------------------------------------------

def test_line_points_and_labels(theme):
    d = draw_chart(spec(type="line", title="t", unit="天", categories=["2017", "2018", "2019"],
                        series={"s": [258, 265, 278]}), 240, theme)
    dots = [b for s, b in walk(d) if isinstance(s, Circle)]
    assert len(dots) == 3
    ys = [(b[1] + b[3]) / 2 for b in dots]
    assert ys == sorted(ys)
    assert {"258天", "265天", "278天"} <= set(strings(d))
    assert_inside(d)


def test_pie_sorts_and_groups_small_slices(theme):
    d = draw_chart(spec(type="pie", title="t", categories=["a", "b", "c", "d", "e"],
                        series={"s": [10, 60, 28, 1, 1]}), 300, theme)
    wedges = [s for s, _ in walk(d) if isinstance(s, Wedge)]
    sweeps = [w.endangledegrees - w.startangledegrees for w in wedges]
    assert len(wedges) == 4  # d and e are one '其他' slice
    assert sweeps[:3] == sorted(sweeps[:3], reverse=True)
    assert wedges[0].endangledegrees == pytest.approx(90)  # starts at twelve o'clock
    texts = strings(d)
    assert "其他" in texts and "d" not in texts and "60" in texts    # the values as given, no computed share
    assert_inside(d)


def test_pie_other_is_english_for_english_themes(cjk_fonts):
    d = draw_chart(spec(type="pie", title="t", categories=["a", "b", "c", "d"],
                        series={"s": [80, 18, 1, 1]}), 300, make_theme(cjk_fonts, language="en"))
    assert "Other" in strings(d)


def test_donut_has_a_hole_and_a_centre_label(theme):
    d = draw_chart(spec(type="donut", title="t", label="全区税收", categories=["a", "b"],
                        series={"s": [32, 68]}), 240, theme)
    assert all(s.radius1 for s, _ in walk(d) if isinstance(s, Wedge))
    assert "全区税收" in strings(d)


def test_ratio_ring_shows_the_value_and_share(theme):
    d = draw_chart(spec(type="ratio", title="2019年空气优良天数", value=278, total=365, unit="天",
                        label="空气优良天数", share=76.4), 240, theme)
    wedges = [s for s, _ in walk(d) if isinstance(s, Wedge)]
    assert len(wedges) == 2
    arc = wedges[1]
    assert (arc.endangledegrees - arc.startangledegrees) / 360 == pytest.approx(278 / 365)
    texts = strings(d)
    assert {"278", "天", "76.4%", "空气优良天数"} <= set(texts)   # the share as the content states it
    assert not any("76.2" in t for t in texts)
    auto = strings(draw_chart(spec(type="ratio", title="t", value=278, total=365, unit="天", share="auto"),
                              240, theme))
    assert "76.2%" in auto                                         # computed only when asked for
    assert not any("%" in t for t in strings(draw_chart(spec(type="ratio", title="t", value=278, total=365,
                                                             unit="天"), 240, theme)))
    assert_inside(d)


def test_progress_bar_style(theme):
    d = draw_chart(spec(type="progress", title="t", value=86, unit="%", label="完成进度", style="bar"),
                   240, theme)
    rects = [b for s, b in walk(d) if isinstance(s, Rect)]
    track, fill = rects[0], rects[1]
    assert (fill[2] - fill[0]) / (track[2] - track[0]) == pytest.approx(0.86)
    assert "86" in strings(d)
    assert_inside(d)


# --- key figures --------------------------------------------------------------------------------------

def figures(*rows: dict) -> list[Figure]:
    return [Figure.model_validate(r) for r in rows]


def test_figures_tiles_evenly_spaced(theme):
    figs = figures({"value": "387", "unit": "家", "label": "各类金融机构"},
                   {"value": "40亿", "unit": "元", "label": "金融业税收贡献", "note": "+9%"},
                   {"value": "32", "unit": "%", "label": "占全区税收比重"})
    d = draw_figures(figs, 480, theme)
    rules = [b for s, b in walk(d) if isinstance(s, Rect)]
    assert len(rules) == 3
    gaps = [b[0] - a[2] for a, b in zip(rules, rules[1:], strict=False)]
    assert gaps[0] == pytest.approx(gaps[1])
    assert rules[-1][2] == pytest.approx(480)
    assert all(s.fillColor.rgb() == pytest.approx(PALETTE[0].rgb) for s, _ in walk(d)
               if isinstance(s, Rect))
    texts = strings(d)
    assert {"387", "家", "40", "亿", "元", "各类金融机构", "+9%"} <= set(texts)
    assert "▲" not in "".join(texts)
    arrows = [s for s, _ in walk(d) if isinstance(s, Polygon)]
    assert len(arrows) == 1
    big = max(s.fontSize for s, _ in walk(d) if isinstance(s, String))
    assert {s.fontName for s, _ in walk(d) if isinstance(s, String) and s.fontSize == big} == \
        {theme.number_font}
    assert_inside(d)


def test_many_figures_wrap_into_two_rows(theme):
    figs = figures(*({"value": str(i * 100), "label": f"指标{i}"} for i in range(1, 6)))
    d = draw_figures(figs, 480, theme)
    rows = {round(b[1], 1) for s, b in walk(d) if isinstance(s, Rect)}
    assert len(rows) == 2
    assert_inside(d)
    narrow = draw_figures(figs[:4], 200, theme)
    assert len({round(b[1], 1) for s, b in walk(narrow) if isinstance(s, Rect)}) == 2
    assert_inside(narrow)


# --- every type stays inside its box at both widths ----------------------------------------------------

ALL = [
    GROWTH,
    {"type": "bar", "title": "t", "categories": ["2017", "2018"], "series": {"a": [1, 2], "b": [2, 1]},
     "stacked": True},
    {"type": "hbar", "title": "t", "categories": ["a", "b"], "series": {"x": [3, 4], "y": [1, 2]}},
    {"type": "line", "title": "t", "categories": [str(y) for y in range(2000, 2020)],
     "series": {"a": [float(i) for i in range(20)], "b": [float(20 - i) for i in range(20)]},
     "area": True},
    {"type": "pie", "title": "t", "categories": ["甲", "乙", "丙"], "series": {"s": [5, 3, 2]}},
    {"type": "donut", "title": "t", "categories": ["甲", "乙"], "series": {"s": [5, 3]}, "label": "总"},
    {"type": "ratio", "title": "t", "value": 76.4, "unit": "%", "label": "优良率"},
    {"type": "progress", "title": "t", "value": 3, "total": 4, "style": "bar", "label": "进度"},
]


@pytest.mark.parametrize("raw", ALL, ids=lambda r: r["type"])
@pytest.mark.parametrize("width", [160, 240, 480])
def test_every_chart_stays_inside(theme, raw, width):
    d = draw_chart(spec(**raw), width, theme)
    assert d.width == width and d.height > 0
    assert_inside(d)
    assert all(s.fontSize >= theme.min_size for s, _ in walk(d) if isinstance(s, String))


# --- alt text ---------------------------------------------------------------------------------------

def test_alt_text_from_data():
    text = chart_alt_text(spec(**GROWTH))
    assert text.startswith("柱状图：2019年主要经济指标同比增长。地区生产总值 9%，固定资产投资 10%")
    assert text.endswith("数据来源：长沙市天心区委宣传部。")


def test_alt_text_ratio_and_given():
    text = chart_alt_text(spec(type="ratio", title="优良天数", value=278, total=365, unit="天",
                               label="空气优良天数", share=76.4))
    assert "空气优良天数 278天" in text and "76.4%" in text
    assert chart_alt_text(spec(**GROWTH, alt="四项指标均增长")) == "四项指标均增长"
    en = chart_alt_text(spec(type="line", title="Days", categories=["a"], series={"s": [1]}),
                        language="en")
    assert en.startswith("Line chart: Days. a 1")
