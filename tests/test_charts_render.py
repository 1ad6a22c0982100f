"""Rendered checks: each chart type drawn into a PDF with a margin, rasterised with pypdfium2; the
ink must be there and must stay inside the drawing's box. Plus the gallery builds one page per type."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas
from test_charts import ALL
from test_charts_support import make_theme

from brochure.charts import draw_chart, draw_figures
from brochure.model.charts import ChartSpec
from brochure.model.content import Figure

pdfium = pytest.importorskip("pypdfium2")

MARGIN = 20.0  # pt of empty page around the drawing
SCALE = 3.0    # px per pt


def render(drawing, path: Path):
    """The drawing on a page MARGIN larger on every side, as a greyscale numpy-free pixel grid."""
    canvas = Canvas(str(path), pagesize=(drawing.width + 2 * MARGIN, drawing.height + 2 * MARGIN))
    renderPDF.draw(drawing, canvas, MARGIN, MARGIN)
    canvas.showPage()
    canvas.save()
    page = pdfium.PdfDocument(str(path))[0]
    return page.render(scale=SCALE).to_pil().convert("L")


def ink_box(image, threshold: int = 235):
    mask = image.point(lambda p: 255 if p < threshold else 0)
    return mask.getbbox()


@pytest.mark.parametrize("raw", ALL, ids=lambda r: r["type"])
@pytest.mark.parametrize("cmyk", [False, True], ids=["rgb", "cmyk"])
def test_rendered_chart_has_ink_inside_its_box(cjk_fonts, tmp_path, raw, cmyk):
    theme = make_theme(cjk_fonts, cmyk=cmyk)
    d = draw_chart(ChartSpec.model_validate(raw), 240, theme)
    image = render(d, tmp_path / "chart.pdf")
    box = ink_box(image)
    assert box is not None, "nothing was drawn"
    x0, y0, x1, y1 = (v / SCALE for v in box)
    # one pixel of anti-aliasing slack
    slack = 1.5 / SCALE
    assert x0 >= MARGIN - slack and y0 >= MARGIN - slack
    assert x1 <= MARGIN + d.width + slack and y1 <= MARGIN + d.height + slack
    # not blank: a real share of the box is inked
    inked = sum(image.histogram()[:200])
    assert inked > 0.01 * d.width * d.height * SCALE * SCALE


def test_rendered_figures(cjk_fonts, tmp_path):
    figs = [Figure.model_validate(f) for f in (
        {"value": "65万", "unit": "人", "label": "天心人"},
        {"value": "141", "unit": "平方公里", "label": "辖区面积", "note": "-1%"})]
    d = draw_figures(figs, 240, make_theme(cjk_fonts))
    box = ink_box(render(d, tmp_path / "f.pdf"))
    assert box is not None
    x0, y0, x1, y1 = (v / SCALE for v in box)
    assert x0 >= MARGIN - 0.5 and x1 <= MARGIN + d.width + 0.5
    assert y0 >= MARGIN - 0.5 and y1 <= MARGIN + d.height + 0.5


def test_gallery_has_a_page_per_type(cjk_fonts, tmp_path):
    path = Path(__file__).resolve().parents[1] / "examples" / "charts" / "make_gallery.py"
    module_spec = importlib.util.spec_from_file_location("make_gallery", path)
    assert module_spec and module_spec.loader
    gallery = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(gallery)
    # the session's fonts, not the script's own registration (which would swap the font subsets
    # under the other tests' feet)
    theme = make_theme(cjk_fonts)
    out = gallery.make_gallery(tmp_path / "gallery.pdf", theme)
    pdf = pdfium.PdfDocument(str(out))
    kinds = {s["type"] for s in gallery.SPECS}
    assert kinds == {"bar", "hbar", "line", "pie", "donut", "ratio", "progress"}
    assert len(pdf) == len(gallery.SPECS) + len(gallery.FIGURES)
    for page in pdf:
        assert ink_box(page.render(scale=0.5).to_pil().convert("L")) is not None
