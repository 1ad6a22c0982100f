"""Exhibition formats: imposition order and creep, leaflet panels and folding order, layout geometry
checks with locations, which blocks a format takes, and (slow) every shipped layout built from the
Tianxin example in each edition it has, the leaflet's overflow report and the printer spreads."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from conftest import EXAMPLE

from brochure.diagnostics import Diagnostics
from brochure.formats.imposition import creep_shifts, impose_reader, impose_saddle, reader_order, saddle_order
from brochure.model.formats import blocks_for, fold_order, outside_widths, required_ppi
from brochure.model.layouts import load_layout, shipped_layouts

MM = 72 / 25.4


# -- imposition ------------------------------------------------------------------------------------------
def test_saddle_order_pairs_last_with_first() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    order = saddle_order(16)
    assert order[0] == (16, 1) and order[1] == (2, 15) and order[-1] == (8, 9)
    assert sorted(p for pair in order for p in pair) == list(range(1, 17))
    assert all(a + b == 17 for a, b in order)
    with pytest.raises(ValueError):
        saddle_order(10)


def test_creep_grows_one_thickness_per_sheet_inwards() -> None:
    t = 0.1 * MM
    assert creep_shifts(16, t) == [0, 0, t, t, 2 * t, 2 * t, 3 * t, 3 * t]
    assert creep_shifts(4, t) == [0, 0]


def test_reader_spreads_keep_the_cover_alone() -> None:
    assert reader_order(8) == [(None, 1), (2, 3), (4, 5), (6, 7), (8, None)]


def _numbered_pdf(pages: int, bleed: float = 3 * MM, room: float = 10 * MM) -> bytes:
    """A print-like PDF: A5 trim on a sheet with bleed and a mark area; each page shows its number and a
    full-bleed grey band along its fore-edge."""
    from reportlab.pdfgen.canvas import Canvas

    w, h = 148 * MM, 210 * MM
    off = bleed + room
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(w + 2 * off, h + 2 * off), invariant=1)
    for n in range(1, pages + 1):
        canv.setFont("Helvetica", 40)
        canv.drawString(off + 60, off + 300, f"P{n}")
        canv.setFillGray(0.5)
        fore = off + w - 20 if n % 2 else off - bleed            # recto: right edge; verso: left edge
        canv.rect(fore, off - bleed, 20 + bleed, h + 2 * bleed, stroke=0, fill=1)
        canv.showPage()
    canv.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    for page in pdf.pages:
        page.obj.TrimBox = pikepdf.Array([off, off, off + w, off + h])
        page.obj.BleedBox = pikepdf.Array([off - bleed, off - bleed, off + w + bleed, off + h + bleed])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _text_order(data: bytes) -> list[list[str]]:
    """The page labels ('P8') on each page, left to right."""
    import pypdfium2 as pdfium

    found = []
    for page in pdfium.PdfDocument(data):
        text = page.get_textpage()
        chars = sorted((text.get_charbox(i)[0], text.get_text_range(i, 1)) for i in range(text.count_chars()))
        joined = "".join(c for _, c in chars if c.strip())
        found.append(["P" + part for part in joined.split("P") if part])
    return found


def test_saddle_imposition_places_pages_in_order_with_creep_and_boxes() -> None:
    t = 0.2 * MM
    data = impose_saddle(_numbered_pdf(8), t)
    assert impose_saddle(_numbered_pdf(8), t) == data             # deterministic bytes
    assert _text_order(data) == [["P8", "P1"], ["P2", "P7"], ["P6", "P3"], ["P4", "P5"]]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 4
        off = 13 * MM
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        assert trim == pytest.approx([off, off, off + 296 * MM, off + 210 * MM])
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
        assert bleed == pytest.approx([off - 3 * MM, off - 3 * MM, off + 299 * MM, off + 213 * MM])
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        assert media[2] == pytest.approx(296 * MM + 2 * off)
        # sheet 2 (spreads 3 and 4) moves its pages t toward the spine: the left one right, the right one left
        outer = pdf.pages[0].obj.Contents.read_bytes().decode()
        inner = pdf.pages[2].obj.Contents.read_bytes().decode()
    left0, left1 = (float(s.split(" cm")[0].split()[-2]) for s in (outer, inner))   # the left page's x
    assert left1 - left0 == pytest.approx(t, abs=0.002)
    assert "[2 2] 0 d" in outer                                       # the fold mark at the spine


def test_saddle_spreads_keep_the_outer_bleed_and_drop_the_spine_bleed(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    data = impose_saddle(_numbered_pdf(4), 0.0)
    page = pdfium.PdfDocument(data)[0]                              # 4 | 1
    scale = 1.0
    image = page.render(scale=scale).to_pil().convert("L")
    off, bleed = 13 * MM, 3 * MM
    y = int(image.height / 2)
    # page 4 (verso) has its band on its left (outer) edge, page 1 (recto) on its right (outer) edge:
    assert image.getpixel((int(off - bleed + 1), y)) < 200
    assert image.getpixel((int(off + 296 * MM + bleed - 2), y)) < 200
    # nothing of either page reaches across the spine
    assert image.getpixel((int(off + 148 * MM - 30), y)) > 240
    assert image.getpixel((int(off + 148 * MM + 30), y)) > 240


def test_reader_spreads_have_trim_size_pages_side_by_side() -> None:
    data = impose_reader(_numbered_pdf(4, bleed=0.0, room=0.0))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        widths = [round(float(p.obj.MediaBox[2]) / MM) for p in pdf.pages]
    assert widths == [148, 296, 148]
    assert _text_order(data) == [["P1"], ["P2", "P3"], ["P4"]]


# -- leaflet panels and folding order ---------------------------------------------------------------------
def test_trifold_panels_fold_in_panel_narrower_and_sheet_width() -> None:
    diags = Diagnostics()
    loaded = load_layout("trifold", diags)
    assert loaded is not None and not list(diags)
    layout = loaded.layout
    widths = [p.pt() / MM for p in layout.format.panels]
    assert widths == pytest.approx([100, 100, 97])
    assert sum(widths) == pytest.approx(layout.page.trim_pt()[0] / MM)
    assert 2 <= min(widths[:-1]) - widths[-1] <= 3                       # the fold-in panel
    assert outside_widths(widths) == pytest.approx([97, 100, 100])   # the same paper, seen from the back


def test_fold_order_reads_cover_flap_inside_back() -> None:
    order = fold_order(3)
    assert order == [("outside", 2), ("outside", 0), ("inside", 0), ("inside", 1), ("inside", 2),
                     ("outside", 1)]
    assert len(set(order)) == 6
    # the inside flap (outside, left) is the back of the fold-in panel (inside, right): both 97 mm
    inside = [100.0, 100.0, 97.0]
    assert outside_widths(inside)[0] == inside[-1]


# -- geometry checks with locations ----------------------------------------------------------------------
BAD_LAYOUTS = {
    "narrow-panel": ("extends: trifold\nformat:\n  panels: [130mm, 140mm, 27mm]\n",
                     [("layout.panel-narrow", 3), ("layout.fold-in-panel", 3)]),
    "sum": ("extends: trifold\nformat:\n  panels: [100mm, 100mm, 90mm]\n", [("layout.panels-sum", 3),
                                                                         ("layout.fold-in-panel", 3)]),
    "fold-in-wide": ("extends: trifold\nformat:\n  panels: [98mm, 98mm, 101mm]\n",
                     [("layout.fold-in-panel", 3)]),
    "banner-bleed": ("extends: rollup-850x2000\npage:\n  bleed: 0mm\n", [("layout.banner-bleed", 3)]),
    "screen-print": ("extends: screen-16x9\nformat:\n  editions: [print, email]\n", [("layout.screen-print", 3)]),
    "huge": ("extends: rollup-850x2000\npage:\n  size: [850mm, 5200mm]\n", [("layout.page-too-large", 3)]),
    "thick": ("extends: a4-booklet\nformat:\n  paper_thickness: 2mm\n", [("layout.paper-thickness", 3)]),
}


@pytest.mark.parametrize("name", sorted(BAD_LAYOUTS))
def test_bad_geometry_is_reported_at_its_line(name: str, tmp_path: Path) -> None:
    text, expected = BAD_LAYOUTS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    assert load_layout(str(path), diags) is None
    found = sorted((d.code, d.location.line) for d in diags if d.location is not None)
    assert found == sorted(expected), [d.format() for d in diags]
    assert all(d.location is not None and d.location.file.endswith(f"{name}.yaml") for d in diags)


def test_shipped_layouts_are_valid_and_listed_with_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    assert main(["layouts"]) == 0
    out = capsys.readouterr().out.splitlines()
    names = set(shipped_layouts())
    assert {"trifold", "rollup-850x2000", "poster-a0", "poster-a1", "screen-16x9"} <= names
    listed = {line.split()[0]: line for line in out}
    assert set(listed) == names
    for name, line in listed.items():
        diags = Diagnostics()
        layout = load_layout(name, diags).layout  # type: ignore[union-attr]
        assert layout.description and layout.description in line and layout.format.kind in line
        assert not list(diags)


@pytest.mark.slow
def test_check_runs_the_geometry_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: rollup-850x2000\npage:\n  bleed: 0mm\n", encoding="utf-8")
    assert main(["check", str(EXAMPLE), "--layout", str(bad)]) == 1
    assert f"{bad}:3:10: error[layout.banner-bleed]" in capsys.readouterr().err
    assert main(["check", str(EXAMPLE), "--layout", "rollup-850x2000"]) == 0


def test_posters_judge_pictures_for_their_viewing_distance() -> None:
    assert required_ppi(1500 * MM) == pytest.approx(58.2, abs=0.2)      # 1 arc minute at 1.5 m
    layout = load_layout("rollup-850x2000", Diagnostics()).layout  # type: ignore[union-attr]
    assert layout.images.warn_ppi == pytest.approx(58.2, abs=0.2)
    assert layout.images.min_ppi == pytest.approx(29.1, abs=0.2)
    booklet = load_layout("a4-booklet", Diagnostics()).layout  # type: ignore[union-attr]
    assert (booklet.images.warn_ppi, booklet.images.min_ppi) == (300, 150)


def test_blocks_for_follows_formats_then_the_layouts_kinds() -> None:
    from brochure.model.content import Section

    section = Section.model_validate({"title": "t", "body": [
        "a paragraph", {"figures": [{"value": "1", "label": "x"}]},
        {"figures": [{"value": "2", "label": "y"}], "formats": ["booklet"]},
        {"quote": {"text": "q"}, "formats": ["leaflet", "screen"]}]})
    leaflet = load_layout("trifold", Diagnostics()).layout.format  # type: ignore[union-attr]
    booklet = load_layout("a4-booklet", Diagnostics()).layout.format  # type: ignore[union-attr]
    screen = load_layout("screen-16x9", Diagnostics()).layout.format  # type: ignore[union-attr]
    assert [j for j, _ in blocks_for(section.body, leaflet)] == [1, 3]
    assert [j for j, _ in blocks_for(section.body, booklet)] == [0, 1, 2]
    assert [j for j, _ in blocks_for(section.body, screen)] == [1, 3]


def test_unknown_format_name_on_a_block_is_an_error(tmp_path: Path) -> None:
    from brochure.model.base import validate_source
    from brochure.model.content import Content
    from brochure.model.source import load_yaml

    path = tmp_path / "c.yaml"
    path.write_text("meta: {title: t}\nsections:\n  - title: s\n    body:\n"
                    "      - {quote: {text: q}, formats: [leafet]}\n", encoding="utf-8")
    diags = Diagnostics()
    assert validate_source(Content, load_yaml(path, diags), diags, "content") is None
    assert any(d.location is not None and d.location.line == 5 for d in diags), [d.format() for d in diags]


# A leaflet that takes charts and quotes too, with larger summaries: more than its panels hold.
LONG_LEAFLET = ("extends: trifold\nformat: {takes: [figures, chart, quote]}\n"
                "styles: {body: {size: 10pt, leading: 17pt}}\n")


# -- whole builds (slow) ------------------------------------------------------------------------------------
FORMATS = ["a5-booklet", "trifold", "rollup-850x2000", "poster-a0", "poster-a1", "screen-16x9"]


@pytest.fixture(scope="module")
def format_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from brochure.build import Options, build
    from brochure.editions import known

    out: dict[str, object] = {}
    for name in FORMATS:
        folder = tmp_path_factory.mktemp(name)
        out[name] = build(Options(EXAMPLE, name, known(), folder, quiet=True))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMATS)
def test_every_layout_builds_the_example_in_its_editions(format_builds: dict, name: str) -> None:
    result = format_builds[name]
    layout = load_layout(name, Diagnostics()).layout  # type: ignore[union-attr]
    assert sorted(result.outputs) == sorted(layout.format.editions)
    assert not result.diags.errors and not result.diags.warnings, [d.format() for d in result.diags]
    expected_pages = {"trifold": 2, "rollup-850x2000": 1, "poster-a0": 1, "poster-a1": 1}
    w, h = layout.page.trim_pt()
    for edition, path in result.outputs.items():
        with pikepdf.open(path) as pdf:
            if name in expected_pages:
                assert len(pdf.pages) == expected_pages[name]
            page = pdf.pages[0].obj
            box = [float(v) for v in page.get("/TrimBox", page.MediaBox)]
            assert box[2] - box[0] == pytest.approx(w, abs=0.1) and box[3] - box[1] == pytest.approx(h, abs=0.1)
            if edition == "print":
                bleed = [float(v) for v in page.BleedBox]
                assert box[0] - bleed[0] == pytest.approx(layout.page.bleed.pt(), abs=0.1)


@pytest.mark.slow
def test_screen_slides_are_rgb_one_idea_a_page(format_builds: dict) -> None:
    result = format_builds["screen-16x9"]
    assert "print" not in result.outputs
    with pikepdf.open(result.outputs["email"]) as pdf:
        sizes = {(round(float(p.obj.MediaBox[2])), round(float(p.obj.MediaBox[3]))) for p in pdf.pages}
        assert sizes == {(960, 540)}
        assert "/TrimBox" not in pdf.pages[0].obj
        # cover + an opener per section + a slide per key-figure block, chart and quote + back
        assert len(pdf.pages) == 20


def _char_sizes(path: Path) -> list[list[float]]:
    """The size (pt, as drawn: scaling included) of every character on each page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def walk(node: object, out: list[float]) -> None:
        if isinstance(node, LTChar):
            out.append(node.size)
        elif hasattr(node, "__iter__"):
            for child in node:  # type: ignore[attr-defined]
                walk(child, out)

    pages = []
    for page in extract_pages(str(path)):
        found: list[float] = []
        walk(page, found)
        pages.append(found)
    return pages


@pytest.mark.slow
def test_screen_type_reads_from_a_few_metres(format_builds: dict) -> None:
    """A 960 pt slide shows 1920 px wide: 24 px (12 pt) is the least any text may be, titles and key
    figures far larger, and a chart or figure slide's block fills the slide (it was a third of it)."""
    pages = _char_sizes(format_builds["screen-16x9"].outputs["email"])
    assert all(sizes for sizes in pages)
    assert min(min(sizes) for sizes in pages) >= 12
    # the opener slides (2, 5, ...: section number and title) and the key-figure slides: large type
    assert max(pages[1]) >= 40                                     # section 01's opener
    assert max(pages[2]) >= 48                                     # its four key figures, as numerals
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(format_builds["screen-16x9"].outputs["email"].read_bytes())
    image = doc[15].render(scale=0.5).to_pil().convert("L")           # the ring chart slide
    rows = [y for y in range(image.height) if min(image.getpixel((x, y)) for x in range(0, image.width, 2)) < 160]
    assert rows and (max(rows) - min(rows)) > 0.6 * image.height


@pytest.mark.slow
def test_leaflet_fold_marks_in_print_only(format_builds: dict) -> None:
    import pypdfium2 as pdfium

    result = format_builds["trifold"]
    layout = load_layout("trifold", Diagnostics()).layout  # type: ignore[union-attr]
    for edition, path in result.outputs.items():
        doc = pdfium.PdfDocument(path.read_bytes())
        for index, folds_mm in ((0, (97, 197)), (1, (100, 200))):
            page = doc[index]
            image = page.render(scale=2).to_pil().convert("L")
            width_pt = page.get_width()
            off = (width_pt - layout.page.trim_pt()[0]) / 2
            for fold in folds_mm:
                x = int((off + fold * MM) * 2)
                column = [image.getpixel((x + dx, y)) for dx in (-1, 0, 1) for y in range(0, int(off * 2) - 10)]
                if edition == "print":
                    assert min(column) < 200, (edition, index, fold)
                else:
                    assert off == pytest.approx(0, abs=0.01)      # no mark area at all


@pytest.mark.slow
def test_leaflet_overflow_names_the_blocks_and_writes_nothing(tmp_path: Path) -> None:
    from brochure.build import Options, build
    from brochure.errors import BrochureError

    layout = tmp_path / "long.yaml"
    layout.write_text(LONG_LEAFLET, encoding="utf-8")
    with pytest.raises(BrochureError) as err:
        build(Options(EXAMPLE, str(layout), ["email"], tmp_path / "out", quiet=True))
    found = [d for d in err.value.diagnostics if d.code == "layout.format-overflow"]
    assert found and all(d.location is not None and d.location.file.endswith("brochure.yaml") for d in found)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    kinds = {lines[d.location.line - 1].strip().split(":")[0].lstrip("- ") for d in found}  # type: ignore[union-attr]
    assert "quote" in kinds and "figures" in kinds
    import re

    amounts = [int(re.search(r"(\d+) mm of it", d.message).group(1)) for d in found]  # type: ignore[union-attr]
    assert all(a > 0 for a in amounts)
    assert not (tmp_path / "out" / "tianxin-2020-email.pdf").exists()


@pytest.mark.slow
def test_impose_saddle_writes_printer_spreads_that_pass_preflight(tmp_path: Path) -> None:
    from brochure.build import Options, build

    result = build(Options(EXAMPLE, None, ["print"], tmp_path, quiet=True, impose=["saddle"]))
    assert not result.diags.errors, [d.format() for d in result.diags]
    spreads = result.outputs["print-saddle"]
    with pikepdf.open(result.outputs["print"]) as booklet, pikepdf.open(spreads) as pdf:
        assert len(pdf.pages) == len(booklet.pages) // 2
        assert "/OutputIntents" in pdf.Root
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        single = [float(v) for v in booklet.pages[0].obj.TrimBox]
        assert trim[2] - trim[0] == pytest.approx(2 * (single[2] - single[0]), abs=0.01)


@pytest.mark.parametrize(("layout", "editions", "impose", "code"), [
    ("screen-16x9", ["print"], [], "format.no-edition"),
    ("a4-booklet", ["email"], ["saddle"], "cli.impose"),
    ("trifold", ["print"], ["saddle"], "cli.impose"),
    ("a4-booklet", ["print"], ["zigzag"], "cli.impose"),
    ("trifold", ["email"], [], "format.bilingual"),
])
def test_editions_and_impositions_a_format_does_not_have_are_refused(
        tmp_path: Path, layout: str, editions: list[str], impose: list[str], code: str) -> None:
    from brochure.build import Options, build
    from brochure.errors import BrochureError

    lang = "zh-CN+en" if code == "format.bilingual" else None
    with pytest.raises(BrochureError) as err:
        build(Options(EXAMPLE, layout, editions, tmp_path, quiet=True, impose=impose, lang=lang))
    assert [d.code for d in err.value.diagnostics.errors] == [code]
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["trifold", "rollup-850x2000", "screen-16x9"])
def test_short_formats_build_the_english_translation(tmp_path: Path, layout: str) -> None:
    from brochure.build import Options, build

    result = build(Options(EXAMPLE, layout, ["email"], tmp_path, quiet=True, lang="en"))
    assert not result.diags.errors and not result.diags.warnings, [d.format() for d in result.diags]
    assert result.outputs["email"].name == "tianxin-2020-en-email.pdf"


@pytest.mark.slow
def test_check_reports_what_does_not_fit_a_leaflet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    layout = tmp_path / "long.yaml"
    layout.write_text(LONG_LEAFLET, encoding="utf-8")
    assert main(["check", str(EXAMPLE), "--layout", str(layout), "--fill"]) == 1
    err = capsys.readouterr().err
    assert "error[layout.format-overflow]: this quote does not fit the leaflet" in err
    assert main(["check", str(EXAMPLE), "--layout", "trifold", "--fill"]) == 0


@pytest.mark.parametrize("layout", ["trifold", "rollup-850x2000", "poster-a1", "screen-16x9"])
def test_check_of_a_short_format_does_not_import_reportlab(layout: str) -> None:
    import subprocess
    import sys

    code = ("import sys; from brochure.cli import main; "
            f"assert main(['check', {str(EXAMPLE)!r}, '--layout', {layout!r}]) == 0; "
            "found = [m for m in sys.modules if m.startswith('reportlab')]; assert not found, found[:5]")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# -- the leaflet's composition -------------------------------------------------------------------------------
def test_partition_keeps_units_whole_and_fills_every_panel_evenly() -> None:
    from brochure.formats.leaflet import partition

    heights = [60.0, 43.0, 60.0, 55.0, 119.0, 58.0]
    starts = partition(heights, 3, 6.0, 187.0)
    assert starts == [0, 2, 4]                           # 2-2-2, not 3-2-1 (which leaves a panel at 31 %)
    loads = [sum(heights[a:b]) for a, b in zip(starts, starts[1:] + [6], strict=True)]
    assert min(loads) / 187.0 > 0.55
    assert partition([200.0, 10.0, 10.0], 3, 6.0, 187.0) is None      # a unit taller than a panel
    assert partition([10.0, 10.0], 3, 6.0, 187.0) is None             # fewer units than panels


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_leaflet_panels_are_filled_and_key_figures_never_span_two_panels(tmp_path: Path, lang: str) -> None:
    from brochure.build import Options, build

    result = build(Options(EXAMPLE, "trifold", ["email"], tmp_path, quiet=True, lang=lang))
    assert not result.diags.errors, [d.format() for d in result.diags]
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(result.outputs["email"].read_bytes())[1]      # the inside face
    image = page.render(scale=1).to_pil().convert("L")
    layout = load_layout("trifold", Diagnostics()).layout  # type: ignore[union-attr]
    x = 0.0
    for w in (p.pt() for p in layout.format.panels):
        m = layout.format.panel_margin.pt()
        # the lowest inked row of each panel lies in its last tenth: no panel ends half empty
        ink = [y for y in range(image.height) if min(image.getpixel((int(px), y))
                                                     for px in range(int(x + m), int(x + w - m), 2)) < 200]
        assert ink and max(ink) > image.height - layout.page.margins.bottom.pt() - 0.1 * image.height, (lang, x)
        x += w


@pytest.mark.parametrize("name", ["poster-a0", "poster-a1", "rollup-850x2000"])
def test_check_judges_a_posters_cover_picture_at_the_largest_box_it_can_be_drawn(name: str) -> None:
    # the cover picture grows into the height the text leaves (formats/poster.picture_height), up to
    # MAX_PICTURE of the page: `check` (images/batch.placements) must judge it at least that large, or a
    # picture it passes could be refused by build under images.min_ppi
    from brochure.formats import poster
    from brochure.layout.geometry import geometry_for
    from brochure.model.formats import picture_boxes

    layout = load_layout(name, Diagnostics()).layout  # type: ignore[union-attr]
    g = geometry_for(layout, layout.page.bleed.pt(), True)
    boxes = picture_boxes(layout, g)
    assert boxes is not None
    assert boxes.cover[0] == pytest.approx(g.trim_w + 2 * g.bleed)
    assert boxes.cover[1] >= poster.MAX_PICTURE * g.trim_h + g.bleed - 0.01


@pytest.mark.slow
@pytest.mark.parametrize("content", [EXAMPLE, EXAMPLE.with_name("brochure.en.yaml")])
def test_the_flap_text_floor_check_uses_stays_under_the_measured_flap_text(content: Path) -> None:
    # `check` judges the flap's picture under at least flap_text_floor of text (the flap picture's box is
    # then as large as it can be): a floor above the text the leaflet measures would let a picture pass
    from brochure.build import Options, load, register_fonts, render_edition
    from brochure.model.formats import flap_text_floor
    from brochure.model.layouts import resolve_style

    p = load(Options(content, layout="trifold", editions=["email"], quiet=True))
    register_fonts(p)
    doc = render_edition(p, "email").doc
    fmt = p.layout.format
    width = outside_widths([w.pt() for w in fmt.panels])[0] - 2 * fmt.panel_margin.pt()
    floor = flap_text_floor(p.content, lambda name: resolve_style(p.layout, name), width)
    assert 0.5 * doc.faces.flap_text <= floor <= doc.faces.flap_text


@pytest.mark.slow
def test_check_refuses_every_leaflet_section_picture_build_refuses(tmp_path: Path, capsys) -> None:
    """The flap, back and panel pictures: `build` judges each where it draws it; `check`, which lays
    nothing out, at the largest box each may get (it passed them all before: their boxes follow from
    the laid-out text)."""
    import re
    import shutil

    from PIL import Image

    from brochure.build import Options, build
    from brochure.cli import main
    from brochure.errors import BrochureError

    shutil.copytree(EXAMPLE.parent / "images", tmp_path / "images")
    content = tmp_path / "brochure.yaml"
    shutil.copy(EXAMPLE, content)
    for n in "34567":                   # the section pictures, at a fifth of their size
        path = tmp_path / "images" / f"{n}.jpg"
        with Image.open(path) as im:
            small = im.resize((im.width // 5, im.height // 5))
        small.save(path, quality=90)
    with pytest.raises(BrochureError) as exc:
        build(Options(content, layout="trifold", editions=["print"], out_dir=tmp_path / "out", quiet=True))
    refused = {str(d.location) for d in exc.value.diagnostics.errors if d.code == "image.too-low-resolution"}
    assert refused                                     # the flap's, the back's, a panel's
    assert main(["check", str(content), "--layout", "trifold"]) == 1
    err = capsys.readouterr().err
    caught = set(re.findall(r"^(\S+:\d+:\d+): error\[image\.too-low-resolution\]", err, re.M))
    assert refused <= caught, (refused, caught)


def longest_blank(pdf: Path, page: int, panels: list[float], margin: float) -> list[float]:
    """Per panel (widths in pt, left to right), the longest run of blank rows between the head and foot
    margins, as a share of that height: a hole in the panel's makeup."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    scale = 0.5
    grey = doc[page].render(scale=scale).to_pil().convert("L")
    pixels = grey.load()
    top, bottom = int(margin * scale), grey.height - int(margin * scale)
    out, x = [], 0.0
    for width in panels:
        x0, x1 = int((x + margin) * scale), int((x + width - margin) * scale)
        run = longest = 0
        for y in range(top, bottom):
            blank = all(pixels[i, y] > 245 for i in range(x0, x1))
            run = run + 1 if blank else 0
            longest = max(longest, run)
        out.append(round(longest / (bottom - top), 3))
        x += width
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_leaflet_inside_panels_have_no_hole(tmp_path: Path, lang: str) -> None:
    """A panel's spare height goes to its section picture and between its sections, never into one
    gap: the English trifold's last panel had 22 % of its height blank under a picture capped at 45 %."""
    from brochure.build import Options, build

    result = build(Options(EXAMPLE, "trifold", ["email"], tmp_path, quiet=True, lang=None if lang == "zh-CN" else lang))
    layout = load_layout("trifold", Diagnostics()).layout
    panels = [p.pt() for p in layout.format.panels]
    holes = longest_blank(result.outputs["email"], 1, panels, layout.page.margins.top.pt())
    assert max(holes) <= 0.1, holes
