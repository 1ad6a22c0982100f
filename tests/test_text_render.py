"""TextBlock in a real PDF: text extraction round-trips, lines are flush, links and splitting work."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, SimpleDocTemplate

from brochure.text import TextBlock, TextStyle, parse_inline

DATA = Path(__file__).parent / "data" / "text"
SAMPLE = [s for s in (DATA / "sample_zh.txt").read_text(encoding="utf-8").splitlines()
          if s and not s.startswith("#")]
SIZE = 10.5
X0, TOP = 60.0, 560.0
WIDTH = 20 * SIZE


@pytest.fixture(scope="module")
def style(cjk_fonts) -> TextStyle:
    return TextStyle(font=cjk_fonts.name("serif", 400), size=SIZE, leading=18,
                     colour=CMYKColor(0, 0, 0, 1), bold_font=cjk_fonts.name("sans", 700),
                     link_colour=CMYKColor(0, 0.95, 0.85, 0.1), first_indent=2 * SIZE,
                     has_glyph=cjk_fonts.has_glyph)


def _draw(blocks: list[TextBlock]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A5)
    y = TOP
    for block in blocks:
        _, height = block.wrap(WIDTH, 1000)
        y -= height
        block.drawOn(canvas, X0, y)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _text_lines(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return text.split("\r\n")


def _ink_right_by_baseline(pdf: bytes) -> list[float]:
    """Right edge of the ink of each drawn line, top to bottom (from the page's text objects)."""
    page = pdfium.PdfDocument(pdf)[0]
    rights: dict[float, float] = {}
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        baseline = round(obj.get_matrix().f, 1)
        rights[baseline] = max(rights.get(baseline, 0.0), obj.get_bounds()[2])
    return [rights[y] for y in sorted(rights, reverse=True)]


def test_text_round_trips_through_the_pdf(style: TextStyle) -> None:
    blocks = [TextBlock(p, style) for p in SAMPLE[:4]]
    pdf = _draw(blocks)
    lines = _text_lines(pdf)
    expected = [ln.text for b in blocks for ln in b.lines]
    assert lines == expected  # same line breaks, no invented spaces ("2019 年"), source order
    assert "".join(lines) == "".join(SAMPLE[:4])


def test_lines_are_flush_in_the_pdf(style: TextStyle) -> None:
    block = TextBlock(SAMPLE[0] + SAMPLE[1], style)
    pdf = _draw([block])
    rights = _ink_right_by_baseline(pdf)
    assert len(rights) == len(block.lines)
    edge = X0 + WIDTH
    for line, right in zip(block.lines[:-1], rights[:-1], strict=True):
        if line.text[-1] in "，。、；：”）》":
            # Hanging stop: its ink sits in the left half of the last half-em before the edge.
            assert edge - 0.5 * SIZE <= right <= edge + 0.5, line.text
        else:
            # Ideographs and digits keep a small side bearing inside their advance.
            assert edge - 0.12 * SIZE <= right <= edge + 0.5, (line.text, right, edge)


def test_links_become_annotations(style: TextStyle) -> None:
    runs = parse_inline("详情请看[天心区官网](https://example.org/tianxin)和[下一节](#economy)，"
                        "或写信到[这里](mailto:a@example.org)。")
    block = TextBlock(runs, style, bookmark="economy")
    pdf = _draw([block])
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        annots = doc.pages[0].obj.get("/Annots", [])
        uris = [str(a.A.URI) for a in annots if "/A" in a and "/URI" in a.A]
        dests = [a for a in annots if "/Dest" in a]
        assert uris == ["https://example.org/tianxin", "mailto:a@example.org"]
        assert len(dests) == 1
        for a in annots:
            x0, y0, x1, y1 = (float(v) for v in a.Rect)
            assert X0 <= x0 < x1 <= X0 + WIDTH + 0.5 and y0 < y1


def test_flows_across_frames_with_orphan_and_widow_control(style: TextStyle, tmp_path: Path) -> None:
    text = "".join(SAMPLE)
    story = [TextBlock(text, replace(style, space_after=6)), TextBlock(SAMPLE[0], style)]
    out = tmp_path / "flow.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=A5)
    frame_height = 18 * 7 + 5  # seven lines per frame: forces splits
    frames = [Frame(doc.leftMargin, 300, WIDTH, frame_height, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0)]
    from reportlab.platypus import PageTemplate

    doc.addPageTemplates([PageTemplate(frames=frames)])
    doc.build(story)
    pages = pdfium.PdfDocument(str(out))
    texts = ["".join(pages[i].get_textpage().get_text_range().split("\r\n")) for i in range(len(pages))]
    assert "".join(texts) == text + SAMPLE[0]
    counts = [len(pages[i].get_textpage().get_text_range().split("\r\n")) for i in range(len(pages))]
    assert len(pages) > 3
    assert min(counts) >= 2


def test_every_glyph_lands_where_the_layout_put_it(style: TextStyle) -> None:
    """Where a PDF reader puts each character (pdfminer: it follows the text operators and ignores the
    ActualText spans pdfium answers with) equals the layout's x positions, for justified Chinese with
    compressed punctuation, digits, a Latin word and a bold run: no drift along a line."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTPage

    runs = parse_inline(SAMPLE[0] + "**天心区发展**，Tianxin " + SAMPLE[1])
    block = TextBlock(runs, style)
    pdf = _draw([block])
    page = next(iter(extract_pages(io.BytesIO(pdf))))
    assert isinstance(page, LTPage)

    def chars(node: object) -> list[LTChar]:
        if isinstance(node, LTChar):
            return [node]
        return [c for child in getattr(node, "_objs", []) for c in chars(child)]

    drawn = sorted(chars(page), key=lambda c: (-round(c.y0, 1), c.x0))
    got = [(c.get_text(), c.matrix[4]) for c in drawn if c.get_text().strip()]
    want = [(g.ch, X0 + x) for line in block.lines for g, x in zip(line.glyphs, line.xs, strict=True)
            if g.ch.strip()]
    assert [c for c, _ in got] == [c for c, _ in want]
    worst = max(abs(a - b) for (_, a), (_, b) in zip(got, want, strict=True))
    assert worst < 0.01, worst
