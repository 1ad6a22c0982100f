"""Unit tests of the model stage: units, colours, YAML locations, layouts and style inheritance."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.diagnostics import Diagnostics
from brochure.model.colour import Colour, parse_colour
from brochure.model.layouts import load_layout, resolve_style, shipped_layouts
from brochure.model.source import parse_yaml
from brochure.model.units import Length, parse_length

MM = 72 / 25.4


@pytest.mark.parametrize("text,value,unit", [
    ("12mm", 12 * MM, "pt"), ("10.5pt", 10.5, "pt"), ("2em", 2, "em"), ("30%", 30, "%"),
    ("1in", 72, "pt"), ("0.5cm", 5 * MM, "pt"), (0, 0, "pt"), ("-3mm", -3 * MM, "pt"),
])
def test_lengths(text: object, value: float, unit: str) -> None:
    length = parse_length(text)
    assert length.unit == unit and length.value == pytest.approx(value)


@pytest.mark.parametrize("bad", ["12", "12 furlongs", 12, True, "mm", None])
def test_bad_lengths(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_length(bad)


def test_relative_lengths_resolve() -> None:
    assert Length(2, "em").pt(em=10.5) == 21
    assert Length(40, "%").pt(whole=200) == 80


def test_colours() -> None:
    c = parse_colour({"rgb": "#B3121F", "cmyk": [0, 95, 85, 10]})
    assert isinstance(c, Colour)
    assert c.hex == "#B3121F" and c.cmyk == pytest.approx((0, 0.95, 0.85, 0.10))
    assert parse_colour("primary") == "primary"
    for bad in ("#12", {"rgb": "#FFFFFF", "cmyk": [0, 0, 0]}, {"cmyk": [0, 0, 0, 120]}, {"rgbb": "#fff"}):
        with pytest.raises(ValueError):
            parse_colour(bad)


def test_source_map_points_at_keys_and_values() -> None:
    diags = Diagnostics()
    src = parse_yaml("a:\n  b: [1, {c: 2}]\n", "x.yaml", diags)
    assert src.data == {"a": {"b": [1, {"c": 2}]}}
    assert (src.where(("a", "b", 1, "c")).line, src.where(("a", "b", 1, "c")).col) == (2, 14)
    assert src.where(("a", "b"), key=True).col == 3
    assert src.where(("a", "missing")).line == 2  # nearest ancestor


def test_unsafe_yaml_is_rejected() -> None:
    diags = Diagnostics()
    parse_yaml("a: !!python/object/apply:os.system ['true']\n", "x.yaml", diags)
    assert diags.codes() == ["yaml.unsafe"]


def test_shipped_layouts_load_clean() -> None:
    for name in shipped_layouts():
        diags = Diagnostics()
        loaded = load_layout(name, diags)
        assert loaded is not None and not diags.items, [d.format() for d in diags]


def test_extends_overrides_only_what_differs() -> None:
    diags = Diagnostics()
    a5 = load_layout("a5-booklet", diags)
    base = load_layout("base", diags)
    assert a5 and base
    assert a5.layout.page.trim_pt()[0] == pytest.approx(148 * MM)
    assert a5.layout.grid.columns == 1 and a5.layout.grid.gutter == base.layout.grid.gutter
    body = resolve_style(a5.layout, "body")
    assert body.size == 9.5 and body.first_indent == pytest.approx(19.0)  # 2em of 9.5pt, inherited
    assert body.colour == base.layout.colour("ink")


def test_style_parent_chain() -> None:
    diags = Diagnostics()
    base = load_layout("base", diags)
    assert base
    credit = resolve_style(base.layout, "credit")
    assert credit.size == 6.5 and credit.font == "sans"  # from caption via parent


def test_layout_cross_reference_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: base\n"
        "styles:\n"
        "  body: {parent: bodyy}\n"
        "  lead: {font: serf}\n"
        "  heading: {colour: primry}\n"
        "grid: {colums: 3}\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_layout(str(path), diags) is None
    got = {(d.code, d.location.line, d.hints[0] if d.hints else "") for d in diags}
    assert ("layout.unknown-key", 6, "did you mean 'columns'?") in got
    diags = Diagnostics()
    path.write_text(path.read_text(encoding="utf-8").replace("grid: {colums: 3}\n", ""), encoding="utf-8")
    assert load_layout(str(path), diags) is None
    got = {(d.code, d.location.line, d.hints[0] if d.hints else "") for d in diags}
    assert got == {("layout.unknown-style", 3, "did you mean 'body'?"),
                   ("layout.unknown-font", 4, "did you mean 'serif'?"),
                   ("layout.unknown-colour", 5, "did you mean 'primary'?")}
    assert all(d.location.file == str(path) for d in diags)


def test_schema_export_lists_block_types() -> None:
    from brochure.model.content import Content

    schema = Content.model_json_schema(by_alias=True)
    text = str(schema)
    for key in ("heading", "figures", "chart", "quote", "list", "table", "image"):
        assert f"'{key}'" in text


def test_check_imports_no_renderer_image_or_pdf_library() -> None:
    """`brochure check` only validates: ReportLab, Pillow, pikepdf and pypdfium2 stay unimported, which
    keeps it fast enough to run on every save."""
    import subprocess
    import sys

    from conftest import EXAMPLE

    code = ("import sys; from brochure.cli import main; rc = main(['check', sys.argv[1]]); "
            "print(sorted(m for m in ('reportlab', 'PIL', 'pikepdf', 'pypdfium2') if m in sys.modules)); "
            "sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_layout_words_follow_the_content_language() -> None:
    from brochure.diagnostics import Diagnostics
    from brochure.model.labels import labels_for
    from brochure.model.layouts import load_layout

    templates = load_layout("a4-booklet", Diagnostics()).layout.templates
    assert labels_for(templates, "zh-CN").contents == "目录" and labels_for(templates, "zh").notes == "笔记"
    en = labels_for(templates, "en-GB")
    assert (en.contents, en.contents_latin, en.intro, en.notes) == ("Contents", "", "Introduction", "Notes")
    assert labels_for(templates, "sw").contents == "Contents"            # not in the table: English
    own = templates.model_copy(update={"notes": templates.notes.model_copy(update={"title": "Jottings"})})
    assert labels_for(own, "zh").notes == "Jottings"                     # the layout's own word wins


def test_a_layout_setting_a_retired_image_key_gets_a_located_warning_and_builds(tmp_path) -> None:
    """`images.email_ppi` and `images.jpeg_quality` were read by nothing (each edition has its own
    image_ppi and jpeg_quality): a layout that still sets them is told so at the key, and loads."""
    from brochure.diagnostics import Diagnostics
    from brochure.model.layout import ImagesSpec
    from brochure.model.layouts import load_layout

    assert not {"email_ppi", "jpeg_quality"} & set(ImagesSpec.model_fields)
    path = tmp_path / "old.yaml"
    path.write_text("extends: a4-booklet\nimages:\n  min_ppi: 140\n  email_ppi: 120\n  jpeg_quality: 70\n",
                    encoding="utf-8")
    diags = Diagnostics()
    loaded = load_layout(str(path), diags)
    assert loaded is not None and loaded.layout.images.min_ppi == 140
    assert [(d.severity, d.code, d.location.line, d.location.col) for d in diags.items] == [
        ("warning", "layout.retired-key", 4, 3), ("warning", "layout.retired-key", 5, 3)]
    assert "editions.<edition>.image_ppi" in diags.items[0].hints[0]
