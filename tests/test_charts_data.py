"""Chart data and validation: CSV loading, located diagnostics for every bad-data case."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from test_charts_support import make_theme

from brochure.charts import draw_chart, load_chart_data, validate_chart
from brochure.diagnostics import Diagnostics, Location, Severity
from brochure.errors import BrochureError
from brochure.model.charts import ChartSpec

WHERE = Location("content/brochure.yaml", 12, 9)


def spec(**kw: object) -> ChartSpec:
    return ChartSpec.model_validate(kw)


def csv_chart(**kw: object) -> ChartSpec:
    return spec(type="bar", title="t", data="data.csv", **kw)


def check(chart: ChartSpec, base: Path) -> Diagnostics:
    diags = Diagnostics()
    validate_chart(chart, base, diags, WHERE)
    return diags


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "data.csv").write_text("指标,2018,2019\n地区生产总值,8.5,9\n固定资产投资,\"1,200\",10\n",
                                       encoding="utf-8")
    return tmp_path


def test_csv_loads_categories_and_series(folder):
    diags = Diagnostics()
    loaded = load_chart_data(csv_chart(), folder, diags, WHERE)
    assert not diags.items
    assert loaded == (["地区生产总值", "固定资产投资"], {"2018": [8.5, 1200.0], "2019": [9.0, 10.0]})


def test_csv_columns_pick_and_order(folder):
    diags = Diagnostics()
    loaded = load_chart_data(csv_chart(columns=["指标", "2019"]), folder, diags, WHERE)
    assert loaded == (["地区生产总值", "固定资产投资"], {"2019": [9.0, 10.0]})


def test_csv_not_found(folder):
    diags = check(spec(type="bar", title="t", data="dta.csv"), folder)
    assert diags.codes() == ["chart.data-not-found"]
    d = diags.items[0]
    assert d.location == WHERE and d.severity is Severity.ERROR
    assert d.hints == ("did you mean 'data.csv'?",)


def test_csv_unknown_column_lists_columns(folder):
    diags = check(csv_chart(columns=["指标", "2020"]), folder)
    assert diags.codes() == ["chart.unknown-column"]
    assert "2020" in diags.items[0].message
    assert "columns: 指标, 2018, 2019" in diags.items[0].hints[0]


def test_csv_bad_number_has_file_line_col(tmp_path):
    (tmp_path / "data.csv").write_text("指标,2019\n甲,9\n乙,n/a\n丙,\"1,0x\"\n", encoding="utf-8")
    diags = check(csv_chart(), tmp_path)
    assert diags.codes() == ["chart.bad-number", "chart.bad-number"]
    first, second = diags.items
    assert first.location == Location("content/data.csv", 3, 3)
    assert "'n/a'" in first.message and "'2019'" in first.message
    assert second.location == Location("content/data.csv", 4, 3)


def test_csv_path_escape(tmp_path):
    base = tmp_path / "content"
    base.mkdir()
    (tmp_path / "secret.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    diags = check(spec(type="bar", title="t", data="../secret.csv"), base)
    assert diags.codes() == ["chart.path-escape"]
    diags = check(spec(type="bar", title="t", data=str(tmp_path / "secret.csv")), base)
    assert diags.codes() == ["chart.path-escape"]


def test_csv_empty_and_header_only(tmp_path):
    (tmp_path / "data.csv").write_text("", encoding="utf-8")
    assert check(csv_chart(), tmp_path).codes() == ["chart.empty-data"]
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    assert check(csv_chart(), tmp_path).codes() == ["chart.empty-data"]


def test_csv_negative_pie(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\nx,1\ny,-2\n", encoding="utf-8")
    assert check(spec(type="pie", title="t", data="data.csv"), tmp_path).codes() == ["chart.invalid-value"]


def test_unknown_highlight_suggests(tmp_path):
    diags = check(spec(type="bar", title="t", categories=["固定资产投资", "地区生产总值"],
                       series={"s": [1, 2]}, highlight="固定资产"), tmp_path)
    assert diags.codes() == ["chart.unknown-highlight"]
    assert diags.items[0].severity is Severity.WARNING
    assert diags.items[0].hints == ("did you mean '固定资产投资'?",)


def test_ratio_needs_a_total_unless_percent(tmp_path):
    diags = check(spec(type="ratio", title="t", value=278, unit="天"), tmp_path)
    assert diags.codes() == ["chart.missing-total"]
    assert not check(spec(type="ratio", title="t", value=76.4, unit="%"), tmp_path).items
    assert check(spec(type="ratio", title="t", value=120, unit="%"), tmp_path).codes() == \
        ["chart.invalid-value"]


def test_pie_extra_series_and_all_zero(tmp_path):
    diags = check(spec(type="pie", title="t", categories=["a"], series={"x": [1], "y": [2]}), tmp_path)
    assert diags.codes() == ["chart.extra-series"]
    diags = check(spec(type="pie", title="t", categories=["a", "b"], series={"x": [0, 0]}), tmp_path)
    assert diags.codes() == ["chart.invalid-value"]


def test_ignored_keys_warn(tmp_path):
    diags = check(spec(type="line", title="t", categories=["a"], series={"x": [1]}, stacked=True),
                  tmp_path)
    assert diags.codes() == ["chart.ignored-key"]


def test_valid_charts_report_nothing(tmp_path, cjk_fonts):
    theme = make_theme(cjk_fonts)
    diags = Diagnostics()
    chart = spec(type="bar", title="t", unit="%", categories=["地区生产总值", "固定资产投资"],
                 series={"s": [9, 10]})
    validate_chart(chart, tmp_path, diags, WHERE, width=240, theme=theme)
    assert not diags.items


def test_label_size_problems_with_width(tmp_path, cjk_fonts):
    theme = make_theme(cjk_fonts)
    cats = [f"很长很长的类别名称第{i}项" for i in range(12)]
    diags = Diagnostics()
    validate_chart(spec(type="bar", title="t", categories=cats, series={"s": list(range(12))}),
                   tmp_path, diags, WHERE, width=200, theme=theme)
    assert diags.codes() == ["chart.labels-too-small"]
    assert diags.items[0].location == WHERE and "hbar" in diags.items[0].message


def test_draw_chart_raises_diagnostics_not_tracebacks(tmp_path, cjk_fonts):
    with pytest.raises(BrochureError) as exc:
        draw_chart(spec(type="bar", title="t", data="missing.csv"), 240, make_theme(cjk_fonts), tmp_path)
    assert exc.value.diagnostics.codes() == ["chart.data-not-found"]


@pytest.mark.parametrize(("raw", "message"), [
    ({"type": "bar", "title": "t", "categories": ["a", "b"], "series": {"s": [1]}}, "has 1 values"),
    ({"type": "bar", "title": "t", "categories": [], "series": {"s": []}}, "is empty"),
    ({"type": "bar", "title": "t", "categories": ["a"], "series": {"s": [float("nan")]}}, "finite"),
    ({"type": "pie", "title": "t", "categories": ["a"], "series": {"s": [-1]}}, "negative"),
    ({"type": "radar", "title": "t", "categories": ["a"], "series": {"s": [1]}}, "Input should be"),
    ({"type": "bar", "title": "t", "categories": ["a"], "series": {"s": ["九"]}}, "valid number"),
    ({"type": "ratio", "title": "t", "value": 5, "total": 4}, "between 0 and 'total'"),
])
def test_schema_level_errors(raw, message):
    with pytest.raises(ValidationError, match=message):
        ChartSpec.model_validate(raw)
