"""Page makeup: floats, section run-on and the opener height on synthetic stories (layout/makeup.py),
and the pixel check of rendered pages (tests/inking.py) on the example and two brochures of other
shapes (text only; many charts, few pictures)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from conftest import EXAMPLE
from inking import measure
from reportlab.platypus import Flowable
from stand_ins import Lines

from brochure.layout.balance import SectionEnd, flow
from brochure.layout.flowables import DrawingBox
from brochure.layout.makeup import (
    RunOn,
    choose_opener_height,
    float_before,
    plan_run_on,
    pull_back_floats,
    trial_score,
)
from brochure.preflight.trace import FrameFill, Trace


class Box(DrawingBox):
    def __init__(self, h: float):
        Flowable.__init__(self)
        self.h, self.spaceBefore, self.spaceAfter = h, 0.0, 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.h


def test_a_figure_that_would_leave_a_hole_floats_and_text_fills_in() -> None:
    figure = Box(200)
    story = [figure, Lines(3), Lines(20), SectionEnd()]
    assert float_before(story, 100, 120)            # 120 pt left in the column: the figure cannot go
    assert [type(f).__name__ for f in story] == ["Lines", "Lines", "Box", "Lines", "SectionEnd"]
    assert story[0].n + story[1].n == 12            # the column is filled, line for line
    assert story[0].n == 3 and story[3].n == 11


def test_with_no_text_to_fill_in_a_smaller_float_goes_first() -> None:
    big, small = Box(300), Box(80)
    story = [big, small, SectionEnd()]
    assert float_before(story, 100, 120)
    assert story[:2] == [small, big]
    assert not float_before([Box(300), Box(200), SectionEnd()], 100, 120)   # nothing fits: a hole stays


def test_a_float_never_passes_a_heading_or_the_section_end() -> None:
    heading = Lines(2)
    heading.kind = "heading"
    assert not float_before([Box(200), heading, Lines(5)], 100, 120)
    assert not float_before([Box(200), SectionEnd(), Lines(5)], 100, 120)


def test_a_short_section_end_lets_the_next_section_run_on() -> None:
    story = [Lines(8), SectionEnd(), RunOn(1), Lines(3), _frame_break(), Lines(40)]
    plan = plan_run_on(story, 100, 700, 2, 700, 0.4, lambda i, head: 60.0, 18.0)
    assert plan is not None and plan.index == 1
    assert plan.above == pytest.approx(40, abs=2.5)     # 8 lines in two balanced columns of 4
    # a section end that fills most of the page leaves no room: the next section gets its opener
    full = [Lines(120), SectionEnd(), RunOn(1), Lines(3), _frame_break(), Lines(40)]
    assert plan_run_on(full, 100, 700, 2, 700, 0.4, lambda i, head: 60.0, 18.0) is None
    # and without a RunOn marker (run_on: false) nothing runs on
    assert plan_run_on([Lines(8), SectionEnd(), Lines(3)], 100, 700, 2, 700, 0.4, lambda i, h: 60, 18) is None


def test_a_chart_ending_a_section_comes_back_beside_its_text_instead_of_standing_alone() -> None:
    """A section whose text ends on this page (two columns of 300 pt) but whose last chart would go on
    alone to the next page, above the next section's divider beside an empty column (example email p8
    before): the chart comes back to this page's second column and text goes on instead, which the
    run-on page then sets in balanced columns."""
    width, heights = 100.0, [300.0, 300.0]
    chart = Box(120)
    story = [Lines(20), Lines(9), Lines(20), chart, Lines(3), SectionEnd(), RunOn(1), Lines(3), _frame_break(),
             Lines(60)]
    left: list[Any] = []
    flow(story[:5], width, heights, None, left)
    assert left == [chart]                              # as things stand: the chart alone goes on
    assert pull_back_floats(story, width, heights)
    assert story.index(chart) == 2                      # to the top of the second column
    left = []
    used = flow(story[:5], width, heights, None, left)
    assert used is None and left and not any(isinstance(g, Box) for g in left)
    # the page after: the text that went on ends the section in balanced columns under which the next
    # section runs on
    plan = plan_run_on(left + story[5:], width, 700, 2, 700, 0.4, lambda i, head: 60.0, 18.0)
    assert plan is not None
    cols = flow(left, width, [plan.above, plan.above])
    assert cols is not None and abs(cols[0] - cols[1]) <= 10.0
    # nothing to gain: a float that already fits, a float too tall to share a column, a section that
    # ends on the page
    assert not pull_back_floats([Lines(20), Box(50), SectionEnd()], width, heights)
    assert not pull_back_floats([Lines(55), Box(280), SectionEnd()], width, heights)
    one = [Lines(20), Lines(20), Lines(12), Box(100), SectionEnd()]    # the second runs into the last column
    assert pull_back_floats(one, width, heights) and isinstance(one[1], Box)


def _frame_break() -> Flowable:
    from reportlab.platypus import FrameBreak

    return FrameBreak()


def _trace(fills: list[float]) -> Trace:
    """A laid-out brochure whose body pages are filled `fills` down both columns."""
    trace = Trace(type_area=(800.0, 100.0))
    for page, fill in enumerate(fills, start=3):
        trace.page_templates[page] = "body:R"
        for x in (50.0, 300.0):
            trace.frames.append(FrameFill(page, "body:R", "col", 700.0, 700.0 * fill, x, 800.0))
    return trace


def test_opener_height_comes_from_the_set_and_is_one_for_all() -> None:
    tried: list[float] = []
    layouts = {300.0: [1.0, 0.3, 1.0, 0.8], 220.0: [1.0, 0.95, 0.9, 0.5], 180.0: [1.0, 1.0, 1.0, 1.0]}

    def lay_out(h: float) -> Trace:
        tried.append(h)
        return _trace(layouts[h])

    # 300 leaves a half-empty page; 220 does not: the first height of the set that works wins
    assert choose_opener_height([300.0, 220.0, 180.0], lay_out, 0.6) == 220.0
    assert tried == [300.0, 220.0]                  # no more trials once one works
    # all equally good: the layout's preferred (first) height; a failed trial is skipped
    assert choose_opener_height([300.0, 220.0], lambda h: _trace([1.0, 0.2]), 0.6) == 300.0
    assert choose_opener_height([300.0, 180.0], lambda h: None if h == 300.0 else _trace([1.0]), 0.6) == 180.0
    assert trial_score(_trace([1.0, 0.3, 1.0, 0.1]), 0.6) == (1, 1, 0.1, 4)
    # no height gives a last page filled far enough: the one that fills it furthest, without adding a
    # half-empty page before it
    near = {300.0: [1.0, 0.9, 0.1], 220.0: [1.0, 0.9, 0.3], 180.0: [1.0, 0.5, 0.35]}
    assert choose_opener_height([300.0, 220.0, 180.0], lambda h: _trace(near[h]), 0.6) == 220.0


# -- whole brochures, measured on rendered pages ---------------------------------------------------------
DATA = Path(__file__).parent / "data" / "makeup"


def _picture(path: Path, seed: int) -> None:
    """A generated illustration: a sky-to-ground gradient with a few blocks (no photograph needed),
    portrait for the cover, sharp enough for print."""
    from PIL import Image, ImageDraw

    w, h = (1400, 2000) if "cover" in path.name else (1800, 1200)
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=(int(60 + 150 * t), int(110 + 60 * t), int(190 - 90 * t)))
    for k in range(7):
        x = (k * 263 + seed * 97) % (w - 200)
        top = 380 + (k * 131 + seed * 53) % 400
        draw.rectangle([x, top, x + 170, h], fill=(180 - 15 * k, 60 + 10 * k, 50 + 20 * seed % 120))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=85)


def _variants(tmp: Path) -> dict[str, Path]:
    """The example and the test brochures of other shapes in tests/data/makeup (text only; many charts,
    few pictures), their pictures generated."""
    out = {"example": EXAMPLE}
    for name in ("text-only", "charts"):
        source = DATA / f"{name}.yaml"
        path = tmp / source.name
        shutil.copy(source, path)
        for seed, src in enumerate(re.findall(r"src: (images/\S+)", source.read_text(encoding="utf-8"))):
            _picture(tmp / src, seed)
        out[name] = path
    return out


@pytest.fixture(scope="module")
def brochures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, tuple[Path, Any]]]:
    """Each brochure's email and print editions: the PDF and the layout trace."""
    from brochure.build import Options, load, run_edition, warm_assets

    tmp = tmp_path_factory.mktemp("makeup")
    built: dict[str, dict[str, tuple[Path, Any]]] = {}
    for name, content in _variants(tmp).items():
        p = load(Options(content, editions=["email", "print"], quiet=True))
        warm_assets(p, ["email", "print"])
        built[name] = {}
        for edition in ("email", "print"):
            r = run_edition(p, edition)
            assert [d.code for d in r.diagnostics if d.severity == "error"] == []
            pdf = tmp / f"{name}-{edition}.pdf"
            pdf.write_bytes(r.data)
            built[name][edition] = (pdf, r.trace)
    return built


def _geometry(edition: str) -> Any:
    from brochure.diagnostics import Diagnostics
    from brochure.editions import settings_for
    from brochure.layout.geometry import geometry_for
    from brochure.model.layouts import load_layout

    s = settings_for(edition)
    return geometry_for(load_layout("a4-booklet", Diagnostics()).layout, s.bleed, s.crop_marks)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["example", "text-only", "charts"])
@pytest.mark.parametrize("edition", ["email", "print"])
def test_no_half_empty_page_and_no_column_hole(brochures, name: str, edition: str) -> None:
    """Measured on the rendered pages: no body page but the last is more than 40 % blank, and on a page
    whose section goes on, no column stops more than 10 % of the type height above its neighbour."""
    pdf, trace = brochures[name][edition]
    pages = {p.page: p for p in measure(pdf, _geometry(edition))}
    body = sorted(p for p, t in trace.page_templates.items() if t.startswith(("body", "opener")))
    assert body, "no body pages"
    for n in body[:-1]:
        p = pages[n]
        assert p.blank <= 0.40, f"{name} {edition} page {n} is {p.blank:.0%} blank"
        goes_on = any(n in ps and n + 1 in ps for ps in trace.section_pages.values())
        if goes_on:
            assert p.step <= 0.10, f"{name} {edition} page {n}: columns inked {p.depths}"
    # above a run-on divider, the section that ends there ends in balanced columns (no chart alone
    # beside an empty column: example email p8 before)
    top, bottom = trace.type_area
    for n in body:
        up = sorted((f for f in trace.frames if f.page == n and f.frame.startswith("up")), key=lambda f: f.x)
        if len(up) == 2:
            assert abs(up[0].used - up[1].used) <= 0.10 * (top - bottom), \
                f"{name} {edition} page {n}: above the divider {[round(f.used) for f in up]} pt"


@pytest.mark.slow
def test_an_opener_without_a_picture_is_designed_and_numbered_once(brochures) -> None:
    pdf, trace = brochures["text-only"]["email"]
    doc = pdfium.PdfDocument(str(pdf))
    openers = {p: t for p, t in trace.page_templates.items() if t.startswith("opener")}
    assert openers
    for page, template in openers.items():
        section = int(template.split(":")[0].removeprefix("opener").split("-")[0])
        text = doc[page - 1].get_textpage().get_text_range()
        alone = re.findall(rf"(?<![\d.]){section + 1:02d}(?![\d.])", text)     # the number, not in 2016
        assert len(alone) == 1 + (page == section + 1), (page, text[:80])
    import pikepdf

    with pikepdf.open(pdf) as p:
        for page in openers:
            ops = [str(op) for _, op in pikepdf.parse_content_stream(p.pages[page - 1])]
            assert ops.count("sh") == 1        # the field: one smooth shading


@pytest.mark.slow
def test_email_has_no_padding_pages_and_print_pads_with_designed_ones(brochures) -> None:
    for editions in brochures.values():
        (_, mail_trace), (printed, print_trace) = editions["email"], editions["print"]
        n_mail, n_print = len(mail_trace.page_templates), len(print_trace.page_templates)
        assert n_print % 4 == 0 and n_mail <= n_print < n_mail + 4
        assert "notes" not in {t.split(":")[0] for t in mail_trace.page_templates.values()}
        pads = [p for p, t in print_trace.page_templates.items() if t.startswith("notes")]
        assert len(pads) == n_print - n_mail
        doc = pdfium.PdfDocument(str(printed))
        for page in pads:                                # designed: titled and ruled, never blank
            assert doc[page - 1].get_textpage().get_text_range().strip()


@pytest.mark.slow
def test_a_mostly_blank_last_page_gets_the_back_text_in_a_closing_panel(brochures) -> None:
    """The example's and the text-only brochure's last body page is mostly blank (its section's last
    lines): the back cover's text moves up into a closing panel under them, drawn once (the back cover
    keeps only its contact lines); the charts brochure's last page is full and keeps its back cover."""
    import yaml

    for name, editions in brochures.items():
        for pdf, trace in editions.values():
            doc = pdfium.PdfDocument(str(pdf))
            texts = [doc[i].get_textpage().get_text_range().replace("\r\n", "") for i in range(len(doc))]
            body = sorted(p for p, t in trace.page_templates.items() if t.startswith(("body", "opener")))
            source = EXAMPLE if name == "example" else DATA / f"{name}.yaml"
            back = yaml.safe_load(source.read_text(encoding="utf-8"))["back"]["text"]
            first = back.split("。")[0]
            holding = [n + 1 for n, t in enumerate(texts) if first in t]
            assert len(holding) == 1, (name, holding)
            moved = name != "charts"
            assert holding[0] == (body[-1] if moved else len(doc)), (name, holding, body)
            assert any(line in texts[-1] for line in ("来源", "编辑")), name    # the back keeps its contact


@pytest.mark.slow
@pytest.mark.parametrize("name", ["example", "charts"])
@pytest.mark.parametrize("edition", ["email", "print"])
def test_a_key_figure_block_stays_whole(brochures, name: str, edition: str) -> None:
    """A block of key figures is one unit, placed once: its rows never part over two columns or pages
    (the example's four-figure block of section 3 stood two and two over pages 5 and 6 before)."""
    import yaml

    _, trace = brochures[name][edition]
    source = EXAMPLE if name == "example" else DATA / f"{name}.yaml"
    sections = yaml.safe_load(source.read_text(encoding="utf-8"))["sections"]
    blocks = [b for s in sections for b in s["body"] if isinstance(b, dict) and "figures" in b]
    assert any(len(b["figures"]) > 3 for b in blocks)           # blocks of more than one row
    placed = [p for p in trace.placed if p.kind == "figures"]
    assert len(placed) == len(blocks), [(p.page, p.frame) for p in placed]


@pytest.mark.slow
@pytest.mark.parametrize("lang", [None, "zh-CN+en"])
def test_the_first_trial_kept_is_the_layout_laid_out_again(monkeypatch, lang: str | None) -> None:
    """build.lay_out keeps the makeup's first trial (the preferred opener height) as the edition's
    layout when that height wins, instead of laying the brochure out a second time; when it loses
    (the bilingual example takes another height) it lays out again. Either way the file, pages and
    diagnostics are those of a layout made afresh at the height chosen, after plain trials."""
    from brochure.build import Options, edition_settings, lay_out, load, warm_assets
    from brochure.layout import document

    p = load(Options(EXAMPLE, editions=["email"], lang=lang))
    warm_assets(p, ["email"])
    settings = edition_settings(p, "email")
    layouts: list[bool] = []                      # each layout of the brochure: a trial?
    build = document.BrochureDoc.build

    def counted(doc: Any, story: list[Any]) -> None:
        layouts.append(doc.trial)
        build(doc, story)

    monkeypatch.setattr(document.BrochureDoc, "build", counted)
    kept = lay_out(p, "email", settings, p.fonts)
    kept_layouts, layouts[:] = list(layouts), []
    choose = document.choose_openers                # without `first`: every trial a trial, then the layout
    monkeypatch.setattr(document, "choose_openers", lambda *args: choose(*args[:-1]))
    again = lay_out(p, "email", settings, p.fonts)
    assert layouts[-1] is False and all(layouts[:-1]) and len(layouts) >= 2
    if lang is None:
        assert kept_layouts == [False]              # the preferred height won: laid out once
    else:
        assert kept_layouts[0] is False and kept_layouts[-1] is False and len(kept_layouts) >= 3
    assert kept.raw == again.raw and kept.pages == again.pages
    assert list(kept.diagnostics) == list(again.diagnostics)
    assert kept.doc.trace.page_templates == again.doc.trace.page_templates
