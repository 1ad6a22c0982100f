"""Translations: the completeness check's catalogue (each finding with its exact location), the merge
(texts from the translation, everything else from the source), number matching, and `--lang` loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.diagnostics import Diagnostics
from brochure.model.content import Content
from brochure.model.source import load_yaml
from brochure.model.translation import (
    align,
    find_translations,
    languages_for,
    load_language,
    merge_translation,
    numbers_in,
)

SOURCE = """\
meta:
  title: 温暖之城
  language: zh-CN
  date: "2020-01-15"
  slug: demo
cover:
  image: {src: cover.jpg, caption: 湘江东岸}
sections:
  - title: 经济发展
    body:
      - "2019年，地区生产总值增长9%。"
      - "金融机构达387家，税收40亿元。"
      - figures:
          - {value: "65万", unit: 人, label: 天心人}
      - chart:
          type: bar
          title: 增长
          unit: "%"
          categories: [生产总值, 投资]
          series: {同比增长: [9, 10]}
          highlight: 投资
      - "建成12个项目。"
"""

TRANSLATION = """\
translates: brochure.yaml
meta:
  title: A Warm City
  language: en
cover:
  image: {caption: The east bank}
sections:
  - title: Economy
    body:
      - "In 2019 GDP grew by 9%."
      - "There are 387 financial institutions, paying 4 billion yuan in taxes."
      - figures:
          - {value: "650,000", unit: "", label: Residents}
      - chart:
          title: Growth
          categories: [GDP, Investment]
          series: {Year on year:}
      - "Twelve projects were built."
"""


def write(tmp_path: Path, source: str = SOURCE, translation: str = TRANSLATION) -> tuple[Path, Path]:
    src = tmp_path / "brochure.yaml"
    tr = tmp_path / "brochure.en.yaml"
    src.write_text(source, encoding="utf-8")
    tr.write_text(translation, encoding="utf-8")
    return src, tr


def check(tmp_path: Path, source: str = SOURCE, translation: str = TRANSLATION
          ) -> tuple[set[tuple[str, str]], Diagnostics, object]:
    """(code, 'file:line:col') of every diagnostic the merge emits, the diagnostics, the merged data."""
    src, tr = write(tmp_path, source, translation)
    diags = Diagnostics()
    merged = merge_translation(load_yaml(src, diags, src.name), load_yaml(tr, diags, tr.name), diags)
    return {(d.code, str(d.location)) for d in diags}, diags, merged


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def test_complete_translation_reports_nothing_and_merges(tmp_path: Path) -> None:
    found, _, merged = check(tmp_path)
    assert found == set()
    content = Content.model_validate(merged.data)
    assert content.meta.language == "en" and content.meta.slug == "demo"
    assert str(content.meta.date) == "2020-01-15"                   # dates from the source
    assert content.cover.image.src == "cover.jpg"                     # pictures from the source
    assert content.cover.image.caption == "The east bank"
    chart = content.sections[0].body[3].chart
    assert chart.series == {"Year on year": [9, 10]}                  # numbers from the source
    assert chart.highlight == "Investment"                            # follows the translated name
    assert content.sections[0].body[2].figures[0].unit is None        # "" = deliberately no unit
    # locations: texts point into the translation, the rest into the source
    assert merged.where(("sections", 0, "body", 0)).file == "brochure.en.yaml"
    assert merged.where(("cover", "image", "src")).file == "brochure.yaml"


CATALOGUE = [
    # a paragraph the translation lacks: reported where the source has it
    ("missing paragraph",
     lambda s, t: (s, edit(t, '      - "Twelve projects were built."\n', "")),
     {("translation.missing", "brochure.yaml:22:9")}),
    # a text of the source the translation lacks inside a block
    ("missing label",
     lambda s, t: (s, edit(t, ", label: Residents}", "}")),
     {("translation.missing", "brochure.yaml:14:44")}),
    # a text the source no longer has (the source dropped its caption)
    ("extra caption",
     lambda s, t: (edit(s, "{src: cover.jpg, caption: 湘江东岸}", "{src: cover.jpg}"), t),
     {("translation.extra", "brochure.en.yaml:6:11")}),
    # an extra paragraph at the end
    ("extra paragraph",
     lambda s, t: (s, t + '      - "A closing word."\n'),
     {("translation.extra", "brochure.en.yaml:19:9")}),
    # a changed number in running text
    ("changed number",
     lambda s, t: (s, edit(t, "grew by 9%", "grew by 8%")),
     {("translation.number", "brochure.en.yaml:10:9")}),
    # a number whose magnitude is wrong: 40亿 is 4 billion, not 40 billion
    ("changed magnitude",
     lambda s, t: (s, edit(t, "4 billion", "40 billion")),
     {("translation.number", "brochure.en.yaml:11:9")}),
    # a figure value that does not match
    ("changed figure",
     lambda s, t: (s, edit(t, '"650,000"', '"65,000"')),
     {("translation.number", "brochure.en.yaml:13:21")}),
    # chart data given again, differently
    ("changed series",
     lambda s, t: (s, edit(t, "{Year on year:}", "{Year on year: [9, 11]}")),
     {("translation.number", "brochure.en.yaml:17:38")}),
    # a picture given in the translation
    ("source-only picture",
     lambda s, t: (s, edit(t, "{caption: The east bank}", "{src: other.jpg, caption: The east bank}")),
     {("translation.source-only", "brochure.en.yaml:6:16")}),
    # a block of another kind at the same place
    ("structure",
     lambda s, t: (s, edit(t, '      - "Twelve projects were built."\n', "      - heading: Twelve\n")),
     {("translation.structure", "brochure.en.yaml:18:9")}),
]


@pytest.mark.parametrize("name, change, expected", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_catalogue(tmp_path: Path, name: str, change, expected: set[tuple[str, str]]) -> None:
    source, translation = change(SOURCE, TRANSLATION)
    found, diags, _ = check(tmp_path, source, translation)
    assert found == expected, [d.format() for d in diags]
    assert all(d.severity.value == "error" for d in diags)


def test_number_message_names_the_numbers(tmp_path: Path) -> None:
    _, diags, _ = check(tmp_path, SOURCE, edit(TRANSLATION, "grew by 9%", "grew by 8%"))
    (d,) = list(diags)
    assert "9 missing" in d.message and "8 not in the source" in d.message
    assert any("brochure.yaml:11:9" in h for h in d.hints)


def test_a_paragraph_added_to_the_source_is_reported_once_at_its_place(tmp_path: Path) -> None:
    """The alignment keeps the later paragraphs paired: no cascade of number errors."""
    source = edit(SOURCE, '      - "金融机构达387家', '      - "新增企业50家。"\n      - "金融机构达387家')
    found, diags, merged = check(tmp_path, source, TRANSLATION)
    assert found == {("translation.missing", "brochure.yaml:12:9")}, [d.format() for d in diags]
    body = merged.data["sections"][0]["body"]
    assert body[2].startswith("There are 387") and body[1] == "新增企业50家。"


def test_a_paragraph_removed_from_the_source_is_one_extra(tmp_path: Path) -> None:
    source = edit(SOURCE, '      - "金融机构达387家，税收40亿元。"\n', "")
    found, diags, _ = check(tmp_path, source, TRANSLATION)
    assert found == {("translation.extra", "brochure.en.yaml:11:9")}, [d.format() for d in diags]


def test_numbers_in() -> None:
    assert numbers_in("65万天心人") == {650000.0}
    assert numbers_in("650,000 people") == {650000.0}
    assert numbers_in("686.62万元") == numbers_in("6.8662 million yuan") == {6866200.0}
    assert numbers_in("40亿元") == numbers_in("4 billion") == numbers_in("4 bn") == {4e9}
    assert numbers_in("率先实现5G覆盖，2019年") == {5.0, 2019.0}
    assert numbers_in("1,143 mu; 76.4%") == {1143.0, 76.4}


def test_align_pairs_by_kind_and_numbers() -> None:
    src = ["a 1", "b 2", {"figures": []}, "c 3"]
    tr = ["a 1", {"figures": []}, "c 3"]
    assert align(src, tr) == [(0, 0), (1, None), (2, 1), (3, 2)]


def test_find_and_load_languages(tmp_path: Path) -> None:
    src, tr = write(tmp_path)
    (tmp_path / "brochure.fr.yaml").write_text("translates: other.yaml\n", encoding="utf-8")   # not ours
    assert find_translations(src) == {"en": tr}
    assert languages_for(src, "all") == ["zh-CN", "en", "zh-CN+en"]
    diags = Diagnostics()
    loaded = load_language(src, "zh-CN+en", diags)
    assert not list(diags)
    assert loaded.source.data["meta"]["language"] == "zh-CN"
    assert loaded.partner is not None and loaded.partner.data["meta"]["language"] == "en"
    assert loaded.translations == [tr]
    diags = Diagnostics()
    load_language(src, "de", diags)
    assert [d.code for d in diags] == ["translation.not-found"]
    diags = Diagnostics()
    loaded = load_language(tr, None, diags)              # a translation file stands for its language
    assert not list(diags) and loaded.path == src and loaded.source.data["meta"]["title"] == "A Warm City"


def test_translation_without_its_source(tmp_path: Path) -> None:
    tr = tmp_path / "brochure.en.yaml"
    tr.write_text("translates: gone.yaml\nmeta: {title: X, language: en}\n", encoding="utf-8")
    diags = Diagnostics()
    load_language(tr, None, diags)
    assert [(d.code, str(d.location)) for d in diags] == [("translation.source", f"{tr}:1:13")]


@pytest.mark.parametrize("ref", ["trifold", "layouts/mine.yaml"])
def test_a_translation_naming_no_layout_is_set_in_its_sources(tmp_path: Path, ref: str) -> None:
    from brochure.build import Options, load

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "mine.yaml").write_text("extends: a5-booklet\npage: {size: A6}\n", encoding="utf-8")
    source = edit(SOURCE, "cover:\n  image: {src: cover.jpg, caption: 湘江东岸}\n", "")
    src, tr = write(tmp_path, "layout: " + ref + "\n" + source,
                    edit(TRANSLATION, "cover:\n  image: {caption: The east bank}\n", ""))
    for path, lang in ((src, "en"), (tr, None)):
        prepared = load(Options(path, lang=lang), with_fonts=False)
        assert prepared.content.meta.language == "en"
        layout = prepared.layout
        assert (layout.page.size == "A6") if ref.endswith(".yaml") else layout.format.kind == "leaflet", layout.page
    (tmp_path / "own.yaml").write_text("extends: a4-booklet\n", encoding="utf-8")
    tr.write_text("layout: own.yaml\n" + tr.read_text(encoding="utf-8"), encoding="utf-8")
    assert load(Options(src, lang="en"), with_fonts=False).layout.format.kind == "booklet"
