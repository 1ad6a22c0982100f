"""Painting checks (hairline, white overprint, bleed, safety margin, empty page) and the content-stream
walker they share: every check on a small PDF made here with exactly its fault, a clean twin that passes,
YAML locations through a hand-made trace, and the built Tianxin example clean in every edition."""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brochure.diagnostics import Diagnostic, Location
from brochure.preflight import MM, Target, run_checks
from brochure.preflight.marks import Painted
from brochure.preflight.trace import Box, Placed, Trace
from brochure.preflight.walk import scan_pdf

W, H = 100 * MM, 140 * MM           # trim size of the test pages
B = 3 * MM                          # bleed around it
TRIM: Box = (B, B, B + W, B + H)
PRINT = Target("print", cmyk=True, bleed=B)
SCREEN = Target("email")
HERE = Location("content.yaml", 14, 7)

Draw = Callable[[Canvas, int], None]


def make_pdf(draw: Draw, pages: int = 1, boxes: bool = True) -> bytes:
    """Pages of trim W×H with 3 mm bleed (TrimBox/BleedBox set) or, with boxes=False, a plain W×H page;
    `draw(canvas, page_index)` paints in PDF points of the media box."""
    buf = io.BytesIO()
    size = (W + 2 * B, H + 2 * B) if boxes else (W, H)
    canvas = Canvas(buf, pagesize=size)
    for n in range(pages):
        if boxes:
            canvas.setTrimBox(TRIM)
            canvas.setBleedBox((0, 0, *size))
        draw(canvas, n)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def pdf_with_content(content: bytes, resources: dict | None = None, trim: bool = True) -> bytes:
    """A page whose content stream is written by hand (for operators ReportLab does not emit)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(W + 2 * B, H + 2 * B))
    page = pdf.pages[0]
    if trim:
        page.obj.TrimBox = pikepdf.Array(list(TRIM))
        page.obj.BleedBox = pikepdf.Array([0, 0, W + 2 * B, H + 2 * B])
    page.obj.Contents = pdf.make_stream(content)
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def found(data: bytes, code: str, target: Target = PRINT, trace: Trace | None = None) -> list[Diagnostic]:
    return list(run_checks(data, target, trace, only={code}))


def one(data: bytes, code: str, target: Target = PRINT, trace: Trace | None = None) -> Diagnostic:
    diags = found(data, code, target, trace)
    assert len(diags) == 1, [d.format() for d in diags]
    assert diags[0].code == code
    return diags[0]


def page_number(canvas: Canvas, n: int = 0) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(B + W / 2, B + 12 * MM, str(n + 1))


def crop_marks(canvas: Canvas) -> None:
    """Thin marks in the bleed area, outside the trim, as print editions draw them."""
    canvas.setLineWidth(0.1)
    for x in (B, B + W):
        canvas.line(x, 0, x, B - 1)
        canvas.line(x, B + H + 1, x, H + 2 * B)


def picture(size: tuple[int, int] = (20, 10)) -> ImageReader:
    return ImageReader(Image.new("RGB", size, (200, 40, 40)))


# -- the walker -----------------------------------------------------------------------------------------

def items_of(data: bytes) -> list[Painted]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return list(scan_pdf(pdf)[0].items)


def close(a: Box, b: Box, tol: float = 0.05) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_walker_follows_ctm_forms_clips_and_restores_state() -> None:
    form = b"0 0 1 rg 0 0 10 10 re f"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 300))
    xobj = pdf.make_stream(form, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 10, 5], Matrix=[2, 0, 0, 2, 100, 100])
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm1=xobj))
    page.obj.Contents = pdf.make_stream(
        b"q 2 0 0 2 10 10 cm 0.5 w 0 0 m 10 0 l S Q "      # stroke through a scaled CTM
        b"0 0 m 5 0 l S "                                  # after Q: CTM and width are back to 1
        b"q 1 0 0 1 5 5 cm /Fm1 Do Q "                      # form: Matrix then its BBox clips it
        b"q 50 50 20 20 re W n 0 0 300 300 re f Q "        # a clip path cuts the fill down
        b"q 0 0 m 0 10 10 10 10 0 c h f Q")                # a curve: its exact extent, not the hull
    out = io.BytesIO()
    pdf.save(out)
    items = items_of(out.getvalue())
    kinds = [i.kind for i in items]
    assert kinds == ["stroke", "stroke", "fill", "fill", "fill"]
    assert items[0].width == pytest.approx(1.0) and close(items[0].box, (9.5, 9.5, 30.5, 10.5))
    assert items[1].width == pytest.approx(1.0)
    assert close(items[2].box, (105, 105, 125, 115)) and items[2].space == "rgb"
    assert close(items[3].box, (50, 50, 70, 70))
    assert close(items[4].box, (0, 0, 10, 7.5))


def test_walker_reads_images_inline_images_and_text() -> None:
    def draw(c: Canvas, _: int) -> None:
        c.drawImage(picture(), 20, 30, 40, 20)
        c.setFont("Helvetica", 10)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.drawString(50, 100, "Hello")

    items = items_of(make_pdf(draw, boxes=False))
    image, text = items[0], items[-1]
    assert image.kind == "image" and close(image.box, (20, 30, 60, 50)) and image.space == "rgb"
    assert text.kind == "text" and text.space == "cmyk" and text.color == (0, 0, 0, 1)
    width = 10 * (722 + 556 + 222 + 222 + 556) / 1000           # Helvetica advance widths of "Hello"
    assert close((text.box[0], text.box[2]), (50, 50 + width), 0.1)
    assert text.box[1] < 100 < text.box[3]

    inline = items_of(pdf_with_content(b"q 30 0 0 10 5 6 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"))
    assert [i.kind for i in inline] == ["image"] and close(inline[0].box, (5, 6, 35, 16))


def test_walker_overprint_follows_the_pdf_defaults() -> None:
    """/OP alone sets the fill overprint too; /op alone leaves strokes alone."""
    gs = {"/ExtGState": pikepdf.Dictionary(A=pikepdf.Dictionary(OP=True), B=pikepdf.Dictionary(op=True))}
    items = items_of(pdf_with_content(b"q /A gs 0 0 5 5 re f 0 0 m 5 5 l S Q q /B gs 0 0 5 5 re B Q", gs))
    assert [(i.kind, i.overprint) for i in items] == [("fill", True), ("stroke", True), ("fill", True),
                                                      ("stroke", False)]


# -- pdf.hairline ---------------------------------------------------------------------------------------

def thin_rule(width: float) -> Draw:
    def draw(c: Canvas, _: int) -> None:
        crop_marks(c)
        c.setLineWidth(width)
        c.line(B + 20 * MM, B + 50 * MM, B + 80 * MM, B + 50 * MM)
    return draw


def test_hairline_inside_the_trim_is_an_error_in_print_and_a_warning_on_screen() -> None:
    data = make_pdf(thin_rule(0.1))
    d = one(data, "pdf.hairline")
    assert d.severity.value == "error" and d.page == 1 and "0.10 pt" in d.message
    assert one(data, "pdf.hairline", SCREEN).severity.value == "warning"


def test_hairline_clean_rule_and_crop_marks_do_not_fire() -> None:
    assert not found(make_pdf(thin_rule(0.5)), "pdf.hairline")      # crop marks at 0.1 pt lie outside


def test_hairline_of_width_zero_or_scaled_down_counts() -> None:
    zero = one(pdf_with_content(b"0 w 20 40 m 200 40 l S"), "pdf.hairline")
    assert "device hairline" in zero.message
    scaled = one(pdf_with_content(b"q 0.1 0 0 0.1 20 40 cm 1 w 0 0 m 1000 0 l S Q"), "pdf.hairline")
    assert "0.10 pt" in scaled.message


def test_hairline_points_to_the_yaml_of_the_chart() -> None:
    trace = Trace()
    trace.add(Placed(1, (B + 15 * MM, B + 40 * MM, B + 85 * MM, B + 60 * MM), "chart", HERE))
    d = one(make_pdf(thin_rule(0.1)), "pdf.hairline", trace=trace)
    assert d.location == HERE


# -- pdf.white-overprint --------------------------------------------------------------------------------

def white_box(overprint: bool, cmyk: tuple[float, ...] = (0, 0, 0, 0)) -> Draw:
    def draw(c: Canvas, _: int) -> None:
        c.setFillColorCMYK(0.2, 0.9, 0.9, 0.1)
        c.rect(B, B, W, H, stroke=0, fill=1)
        c.setFillColorCMYK(*cmyk)
        c.setFillOverprint(overprint)
        c.rect(B + 20 * MM, B + 20 * MM, 30 * MM, 10 * MM, stroke=0, fill=1)
    return draw


def test_white_overprint_is_an_error_with_location() -> None:
    trace = Trace()
    trace.add(Placed(1, (B + 20 * MM, B + 20 * MM, B + 50 * MM, B + 30 * MM), "paragraph", HERE))
    d = one(make_pdf(white_box(True)), "pdf.white-overprint", trace=trace)
    assert d.severity.value == "error" and d.page == 1 and d.location == HERE
    assert "white shape" in d.message


def test_white_overprint_clean_when_knocking_out_or_coloured() -> None:
    assert not found(make_pdf(white_box(False)), "pdf.white-overprint")
    assert not found(make_pdf(white_box(True, (0, 0, 0, 1))), "pdf.white-overprint")   # black overprints


def test_white_overprint_from_op_alone_in_gray_and_rgb_text() -> None:
    gs = {"/ExtGState": pikepdf.Dictionary(G0=pikepdf.Dictionary(OP=True)),
          "/Font": pikepdf.Dictionary(F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                            BaseFont=pikepdf.Name.Helvetica))}
    gray = one(pdf_with_content(b"/G0 gs 1 g 30 30 50 50 re f", gs), "pdf.white-overprint")
    assert "white shape" in gray.message
    text = one(pdf_with_content(b"/G0 gs 1 1 1 rg BT /F1 12 Tf 40 60 Td (Hi) Tj ET", gs), "pdf.white-overprint")
    assert "white text" in text.message


# -- pdf.bleed-short ------------------------------------------------------------------------------------

def band(left: float, top_to_bleed: bool = True) -> Draw:
    """A coloured band across the top of the page starting at x=left; it runs into the top bleed."""
    def draw(c: Canvas, _: int) -> None:
        top = H + 2 * B if top_to_bleed else B + H
        c.setFillColorCMYK(0, 0.9, 0.8, 0.2)
        c.rect(left, B + H - 40 * MM, W + 2 * B - left, top - (B + H - 40 * MM), stroke=0, fill=1)
    return draw


def test_bleed_short_names_side_and_shortfall_with_location() -> None:
    trace = Trace()
    trace.add(Placed(1, (B, B + H - 40 * MM, B + W, B + H), "image", HERE))
    d = one(make_pdf(band(B)), "pdf.bleed-short", trace=trace)
    assert d.severity.value == "error" and d.page == 1 and d.location == HERE
    assert d.message.endswith("stops short of the bleed edge (left 3.0 mm short)")
    assert "at 0.0 mm from the left, 0.0 mm from the top" in d.message
    both = one(make_pdf(band(B + 0.2, top_to_bleed=False)), "pdf.bleed-short")
    assert both.message.endswith("(left 3.1 mm, top 3.0 mm short)")   # 0.2 pt inside the trim still reaches it


def test_bleed_short_clean_full_bleed_and_inner_elements() -> None:
    assert not found(make_pdf(band(0)), "pdf.bleed-short")

    def inner(c: Canvas, _: int) -> None:           # stays off the trim edges: no bleed needed
        c.rect(B + 20 * MM, B + 20 * MM, 30 * MM, 30 * MM, stroke=0, fill=1)
    assert not found(make_pdf(inner), "pdf.bleed-short")


def test_bleed_short_gradient_of_bands_whose_first_band_fills_the_bleed() -> None:
    """A darkening drawn as bands of one colour (the cover overlay): the second band starts inside the
    bleed the first one already fills, so it does not stop short."""
    def bands(c: Canvas, _: int) -> None:
        c.setFillColorCMYK(0, 0, 0, 1)
        step = 2.4 * MM                                   # less than the bleed: band 2 straddles the trim
        for i in range(6):
            c.setFillAlpha(0.6 - i * 0.1)
            c.rect(0, i * step, W + 2 * B, step, stroke=0, fill=1)
    assert not found(make_pdf(bands), "pdf.bleed-short")


def test_bleed_short_picture_stopping_at_the_trim_over_a_background_still_counts() -> None:
    def picture_on_background(c: Canvas, _: int) -> None:
        c.setFillColorCMYK(0, 0.9, 0.8, 0.2)
        c.rect(0, 0, W + 2 * B, H + 2 * B, stroke=0, fill=1)     # background into the bleed
        c.drawImage(picture(), B, B + H - 30 * MM, W, 30 * MM)   # picture only to the trim
    d = one(make_pdf(picture_on_background), "pdf.bleed-short")
    assert "picture" in d.message and all(s in d.message for s in ("left", "right", "top"))


def test_bleed_short_sees_a_picture_clipped_at_the_trim() -> None:
    def clipped(c: Canvas, _: int) -> None:
        path = c.beginPath()
        path.rect(*TRIM[:2], W, H)
        c.clipPath(path, stroke=0, fill=0)
        c.drawImage(picture(), 0, H + 2 * B - 30 * MM, W + 2 * B, 30 * MM)
    d = one(make_pdf(clipped), "pdf.bleed-short")
    assert "picture" in d.message and all(s in d.message for s in ("left", "right", "top"))


def test_bleed_short_only_when_the_page_or_the_target_asks_for_bleed() -> None:
    assert not found(make_pdf(band(0), boxes=False), "pdf.bleed-short", SCREEN)     # no TrimBox
    x0, y0 = TRIM[:2]
    data = pdf_with_content(f"0 0 0 1 k {x0} {y0} 50 50 re f".encode())
    with pikepdf.open(io.BytesIO(data)) as pdf:                   # BleedBox = TrimBox: no bleed area
        pdf.pages[0].obj.BleedBox = pikepdf.Array(list(TRIM))
        out = io.BytesIO()
        pdf.save(out)
    assert not found(out.getvalue(), "pdf.bleed-short", Target("print", cmyk=True, bleed=0))
    d = one(out.getvalue(), "pdf.bleed-short", PRINT)             # the layout asks for 3 mm
    assert "(left 3.0 mm, bottom 3.0 mm short)" in d.message


# -- pdf.safety-margin ----------------------------------------------------------------------------------

def text_at(x: float, y: float, s: str = "Folio 7") -> Draw:
    def draw(c: Canvas, n: int) -> None:
        c.setFont("Helvetica", 9)
        c.drawString(x, y, s)
    return draw


def test_safety_margin_text_too_close_is_an_error_with_distance_and_location() -> None:
    trace = Trace()
    trace.add(Placed(1, (B + 2 * MM, B + 50 * MM, B + 40 * MM, B + 55 * MM), "paragraph", HERE))
    d = one(make_pdf(text_at(B + 2 * MM, B + 50 * MM)), "pdf.safety-margin", trace=trace)
    assert d.severity.value == "error" and d.page == 1 and d.location == HERE
    assert "left trim edge" in d.message and "«Folio 7»" in d.message
    mm = float(d.message.split(" is ")[1].split(" mm")[0])
    assert 2.0 <= mm <= 2.4                            # the ink of "F" starts a little right of the origin


def test_safety_margin_reports_each_edge_and_does_not_borrow_a_location() -> None:
    """A running head and a folio the page template drew: no content element is theirs, even though the
    area between them holds one."""
    def draw(c: Canvas, n: int) -> None:
        text_at(B + 20 * MM, B + H - 3 * MM, "Running head")(c, n)
        text_at(B + W / 2, B + 2 * MM, "7")(c, n)
    trace = Trace()
    trace.add(Placed(1, (B + 10 * MM, B + 10 * MM, B + W - 10 * MM, B + H - 10 * MM), "paragraph", HERE))
    trace.page_templates[1] = "body"
    diags = found(make_pdf(draw), "pdf.safety-margin", trace=trace)
    assert sorted(d.message.split(" trim edge")[0].split()[-1] for d in diags) == ["bottom", "top"]
    assert all(d.location is None and "page template 'body'" in d.hints[1] for d in diags)


def test_safety_margin_text_crossing_the_trim_is_cut() -> None:
    d = one(make_pdf(text_at(B + W - 5 * MM, B + 70 * MM, "Overhanging words")), "pdf.safety-margin")
    assert "crosses the right trim edge" in d.message and d.severity.value == "error"


def test_safety_margin_uses_the_media_box_without_trim() -> None:
    d = one(make_pdf(text_at(20 * MM, 3 * MM), boxes=False), "pdf.safety-margin", SCREEN)
    assert "bottom trim edge" in d.message


def test_safety_margin_clean_text_page_numbers_and_slug_text() -> None:
    def draw(c: Canvas, n: int) -> None:
        page_number(c, n)
        text_at(B + 6 * MM, B + 6 * MM)(c, n)          # 6 mm in: safe
        c.setFont("Helvetica", 5)
        c.drawString(B, 1, "slug: job 42")             # outside the trim entirely: not page content
    assert not found(make_pdf(draw), "pdf.safety-margin")


def test_safety_margin_warns_for_a_picture_that_is_neither_safe_nor_full_bleed() -> None:
    def near(c: Canvas, _: int) -> None:
        c.drawImage(picture(), B + 2 * MM, B + 60 * MM, 40 * MM, 20 * MM)
    d = one(make_pdf(near), "pdf.safety-margin")
    assert d.severity.value == "warning" and "picture 2.0 mm from the left" in d.message

    def full_bleed(c: Canvas, _: int) -> None:
        c.drawImage(picture(), 0, B + 60 * MM, W + 2 * B, 20 * MM)
    assert not found(make_pdf(full_bleed), "pdf.safety-margin")


# -- pdf.empty-page -------------------------------------------------------------------------------------

def test_empty_page_is_an_error_on_its_page() -> None:
    def draw(c: Canvas, n: int) -> None:
        crop_marks(c)                                   # outside the trim: not content
        if n == 0:
            page_number(c, n)
        if n == 2:
            c.setFillColorCMYK(0, 0, 0, 0)              # paper white only
            c.rect(B, B, W, H, stroke=0, fill=1)
    diags = found(make_pdf(draw, pages=3), "pdf.empty-page")
    assert [(d.page, d.severity.value) for d in diags] == [(2, "error"), (3, "error")]
    assert "only white" in diags[1].message


def test_empty_page_points_to_what_the_layout_placed_there() -> None:
    """An element placed on the page that painted nothing (an empty paragraph, a spacer) is the lead."""
    trace = Trace()
    trace.add(Placed(2, (B + 10 * MM, B + 100 * MM, B + 90 * MM, B + 120 * MM), "paragraph", HERE))
    d = one(make_pdf(lambda c, n: page_number(c, n) if n != 1 else None, pages=2), "pdf.empty-page", trace=trace)
    assert d.page == 2 and d.location == HERE


def test_empty_page_clean_when_a_page_number_is_there() -> None:
    assert not found(make_pdf(page_number, pages=2), "pdf.empty-page")


def test_empty_page_knows_an_empty_content_stream() -> None:
    d = one(pdf_with_content(b""), "pdf.empty-page")
    assert d.page == 1 and "paints nothing" in d.message


# -- the example ----------------------------------------------------------------------------------------

PAINTING = {"pdf.hairline", "pdf.white-overprint", "pdf.bleed-short", "pdf.safety-margin", "pdf.empty-page"}


@pytest.mark.slow
def test_example_is_clean_of_painting_problems(example_build) -> None:
    """The build already ran every check with its trace; none of these may have said anything."""
    assert not [d.format() for d in example_build.diags if d.code in PAINTING]
