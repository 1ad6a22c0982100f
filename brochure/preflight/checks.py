"""PDF-level checks. Each is registered under a stable code and reports with the YAML location when the
problem can be traced to the content."""

from __future__ import annotations

from typing import Any

import pikepdf

from ..diagnostics import Diagnostics
from . import check


def iter_fonts(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
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


def font_embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    if font.get("/Subtype") == "/Type3":
        return True
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@check("pdf.font-not-embedded")
def fonts_embedded(pdf: pikepdf.Pdf, data: bytes, edition: str, prepared: Any, doc: Any,
                   diags: Diagnostics) -> None:
    for page_no, font in iter_fonts(pdf):
        if not font_embedded(font):
            diags.error("pdf.font-not-embedded", f"font {font.get('/BaseFont')} is not embedded", None,
                        "every font must be embedded for print and archive", edition=edition, page=page_no)


@check("pdf.size-budget")
def size_budget(pdf: pikepdf.Pdf, data: bytes, edition: str, prepared: Any, doc: Any,
                diags: Diagnostics) -> None:
    budget = doc.ctx.edition.size_budget_mb
    if budget is None or len(data) <= budget * 1e6:
        return
    images = sorted(doc.ctx.placed_images + [(pi, path) for pi, path, _ in doc.images],
                    key=lambda x: -x[0].path.stat().st_size)[:5]
    biggest = ", ".join(f"{'.'.join(str(p) for p in path)} ({img.path.stat().st_size / 1e6:.1f} MB)"
                        for img, path in images)
    diags.error("pdf.size-budget", f"the {edition} edition is {len(data) / 1e6:.1f} MB, over its "
                f"{budget:g} MB budget", None, f"largest images: {biggest}" if biggest else "",
                f"lower editions.{edition}.image_ppi or jpeg_quality, or raise size_budget_mb",
                edition=edition)


@check("pdf.page-count")
def page_count(pdf: pikepdf.Pdf, data: bytes, edition: str, prepared: Any, doc: Any,
               diags: Diagnostics) -> None:
    if prepared.layout.page.binding == "saddle-stitch" and len(pdf.pages) % 4:
        diags.error("pdf.page-count", f"{len(pdf.pages)} pages is not a multiple of 4 for saddle stitching",
                    None, edition=edition)


@check("pdf.outline")
def outline(pdf: pikepdf.Pdf, data: bytes, edition: str, prepared: Any, doc: Any,
            diags: Diagnostics) -> None:
    with pdf.open_outline() as ol:
        titles = [item.title for item in ol.root]
    expected = [s.title for s in prepared.content.sections]
    if titles != expected:
        diags.error("pdf.outline", "the bookmarks do not list the sections", None,
                    f"found {titles[:3]}…", edition=edition)
