"""Document-level checks: fonts embedded, size budget, page count, bookmarks."""

from __future__ import annotations

from typing import Any

import pikepdf

from ..diagnostics import Diagnostics
from . import PdfJob, check


def iter_fonts(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """(first page, font dictionary) for every font used on a page or in a form it draws."""
    found: list[tuple[int, pikepdf.Dictionary]] = []
    seen: set[tuple[int, int]] = set()

    def visit(resources: Any, page_no: int) -> None:
        if resources is None:
            return
        fonts = resources.get("/Font")
        if fonts is not None:
            for _, font in fonts.items():
                og = font.objgen
                if og in seen:
                    continue
                seen.add(og)
                found.append((page_no, font))
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for _, xo in xobjects.items():
                if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                    seen.add(xo.objgen)
                    visit(xo.get("/Resources"), page_no)

    for i, page in enumerate(pdf.pages, start=1):
        visit(page.obj.get("/Resources"), i)
    return found


def font_embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    if font.get("/Subtype") == "/Type3":
        return True
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@check("pdf.font-not-embedded")
def fonts_embedded(job: PdfJob, diags: Diagnostics) -> None:
    for page_no, font in iter_fonts(job.pdf):
        if not font_embedded(font):
            job.report(diags, "error", "pdf.font-not-embedded", f"font {font.get('/BaseFont')} is not embedded",
                       "every font must be embedded: a print shop or archive cannot substitute it",
                       page=page_no)


@check("pdf.size-budget")
def size_budget(job: PdfJob, diags: Diagnostics) -> None:
    budget = job.target.size_budget_mb
    size = len(job.data)
    if budget is None or size <= budget * 1e6:
        return
    images = [p for p in (job.trace.placed if job.trace else []) if p.kind == "image" and p.where]
    largest = sorted(images, key=lambda p: -(p.box[2] - p.box[0]) * (p.box[3] - p.box[1]))[:3]
    listed = "; ".join(str(p.where) for p in largest)
    job.report(diags, "error", "pdf.size-budget",
               f"the {job.edition} edition is {size / 1e6:.1f} MB, over its {budget:g} MB budget",
               f"largest pictures: {listed}" if listed else "",
               f"lower editions.{job.edition}.image_ppi or jpeg_quality, or raise size_budget_mb")


@check("pdf.page-count")
def page_count(job: PdfJob, diags: Diagnostics) -> None:
    n = len(job.pdf.pages)
    if job.target.saddle_stitch and n % 4:
        job.report(diags, "error", "pdf.page-count",
                   f"{n} pages is not a multiple of 4, which saddle stitching needs",
                   f"add or remove {min(n % 4, 4 - n % 4)} page(s), or set page.binding: perfect")


@check("pdf.outline")
def outline(job: PdfJob, diags: Diagnostics) -> None:
    expected = job.target.sections
    if expected is None:
        return
    with job.pdf.open_outline() as ol:
        titles = tuple(item.title for item in ol.root)
    if titles != expected:
        job.report(diags, "error", "pdf.outline", "the bookmarks do not list the sections",
                   f"found {list(titles[:3])}, expected {list(expected[:3])}")
