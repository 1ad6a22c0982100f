"""Fonts are converted with the characters they draw (render/census.py): running text in its own faces,
everything else in all of them. A character the census did not foresee is found while laying out, the
font is converted again with it and the edition is laid out once more: never a missing glyph."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure import build as b
from brochure.diagnostics import Diagnostics
from brochure.fonts.registry import _key, charsets
from brochure.model.layouts import resolve_style
from brochure.preflight import Target, run_checks

BROCHURE = """\
meta: {title: 测试手册, language: zh-CN, slug: census}
intro: 引言里有**粗体**。
sections:
  - title: 第一节
    body:
      - 正文里只有宋体字，还有**加粗的词**和*强调*。
      - list: [列表项甲, 列表项乙]
      - heading: 小标题
      - figures: [{value: "12", unit: 亿, label: 数字标签}]
back: {text: 完}
"""


@pytest.fixture
def prepared(tmp_path: Path) -> b.Prepared:
    (tmp_path / "brochure.yaml").write_text(BROCHURE, encoding="utf-8")
    return b.load(b.Options(tmp_path / "brochure.yaml", out_dir=tmp_path / "out"), Diagnostics())


def test_running_text_goes_to_its_own_faces(prepared: b.Prepared) -> None:
    usage = b.font_usage(prepared)
    body = resolve_style(prepared.layout, "body")
    regular, bold = usage[(body.font, body.weight)], usage[(body.bold_font, body.bold_weight)]
    assert "宋" in regular and "宋" not in bold and "宋" not in usage[None]
    assert "粗" in bold and "加" in bold            # bold runs of the introduction and of a paragraph
    assert "强" in usage[(body.italic_font, 400)]  # emphasis
    assert "甲" in regular                          # list items are running text in the body face
    for elsewhere in "第节小标题数字标签完测试手册":   # titles, headings, figures, back: every font
        assert elsewhere in usage[None]
    needed = charsets(prepared.fontset, usage)
    heavy = prepared.fontset.fonts[("sans", 900)]
    assert "宋" not in needed[_key(heavy)] and "标" in needed[_key(heavy)]


@pytest.mark.slow
def test_a_character_the_census_missed_is_converted_and_laid_out_again(prepared: b.Prepared,
                                                                       monkeypatch) -> None:
    from brochure.fonts import plan

    real = plan.font_usage

    def blind(*args: object) -> dict:
        return {k: v.replace("宋", "") for k, v in real(*args).items()}

    monkeypatch.setattr(plan, "font_usage", blind)
    b.register_fonts(prepared)
    passes = []
    layout = b.lay_out

    def counted(*args, **kwargs):
        laid = layout(*args, **kwargs)
        passes.append(laid.missed)
        return laid

    monkeypatch.setattr(b, "lay_out", counted)
    done = b.render_edition(prepared, "email", diags=Diagnostics())
    serif = prepared.fonts.fonts[("serif", 400)]
    assert passes == [{_key(serif): "宋"}, {}]        # one explicit retry, then nothing missed
    assert done.fontset.extra == {_key(serif): {"宋"}}
    assert prepared.fonts.extra == {}                  # the loaded document is not changed
    found = Diagnostics()
    settings = b.edition_settings(prepared, "email")
    run_checks(done.data, Target.for_edition(settings, prepared.layout, ("第一节",)), done.doc.trace, found)
    assert [d.code for d in found if d.code.endswith("missing-glyph")] == []


@pytest.mark.slow
def test_the_example_needs_no_second_pass() -> None:
    from conftest import EXAMPLE

    p = b.load(b.Options(EXAMPLE), Diagnostics())
    b.register_fonts(p)
    done = b.render_edition(p, "email")
    assert done.fontset.extra == {}                    # no character was missed: one layout


def test_the_missed_characters_are_a_value_of_each_layout_not_of_the_process() -> None:
    """A paragraph set in a font converted without one of its characters adds it to the record its style
    carries (the layout's RenderContext.outside), also when the shaped paragraph is remembered from an
    earlier layout: two layouts each get their own record, nothing is noted in a module."""
    from reportlab.lib.colors import black

    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve
    from brochure.text import TextStyle, metrics
    from brochure.text.run import Run
    from brochure.text.shape import shape_once

    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Noto Serif SC", 400)], [])
    assert not missing
    font = fontset.fonts[("serif", 400)]
    register(font, "测试手册", cjk_dash=True)               # converted without 宋 and 体
    assert metrics.lacks(font.name, "宋") and not metrics.lacks(font.name, "测")
    records = []
    for _ in range(2):
        record: dict[str, set[str]] = {}
        style = TextStyle(font=font.name, size=10, leading=12, colour=black, outside=record)
        shape_once([Run("测试宋体手册")], style)
        records.append(record)
    assert records == [{font.name: {"宋", "体"}}] * 2
    assert not [name for name in vars(metrics) if "OUTSIDE" in name.upper()]
