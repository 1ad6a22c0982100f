"""The document template: page templates for cover, contents, section openers, body, notes and back
cover, mirrored for recto and verso pages; page numbers for the contents page in one layout pass.

Contents entries draw their page number through a form XObject that is defined only at the end of the
build, when every section's page is known, so the document is laid out once.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from ..images.place import PlacedImage
from .flowables import PadPages
from .geometry import Geometry
from .pages import draw_back, draw_body, draw_cover, draw_notes, draw_opener

MM = 72 / 25.4


class BrochureDoc(BaseDocTemplate):
    def __init__(self, target: Any, ctx: Any, geometry: Geometry, head_heights: list[float],
                 info: dict[str, str]):
        self.ctx, self.geometry = ctx, geometry
        self.current_section: int | None = None
        self.pages_of: dict[str, int] = {}          # anchor key -> page number
        self.images: list[tuple[PlacedImage, tuple[Any, ...], int]] = []
        self.last_flowable: Any = None
        self.opener_image_height = ctx.layout.templates.opener.image_height.pt(whole=geometry.trim_h)
        super().__init__(target, pagesize=geometry.sheet, leftMargin=0, rightMargin=0, topMargin=0,
                         bottomMargin=0, title=info.get("title", ""), author=info.get("author", ""),
                         subject=info.get("subject", ""), keywords=info.get("keywords", ""),
                         creator=info.get("creator", ""), producer=info.get("producer", ""),
                         lang=info.get("lang"), initialFontName=ctx.fonts.name("serif", 400),
                         pageCompression=1, invariant=1)
        self._templates(head_heights)

    # -- templates ------------------------------------------------------------------------------------
    def _templates(self, head_heights: list[float]) -> None:
        g = self.geometry
        templates: list[PageTemplate] = []
        for recto in (True, False):
            side = "R" if recto else "L"
            left, _ = g.margins(recto)
            full = Frame(g.offset + left, g.offset + g.bottom, g.text_width, g.trim_h - g.top - g.bottom,
                         0, 0, 0, 0, id="full")
            cols = [Frame(x, y, w, h, 0, 0, 0, 0, id=f"col{i}")
                    for i, (x, y, w, h) in enumerate(g.columns_at(recto, g.trim_h - g.top, g.bottom))]
            templates += [
                PageTemplate(f"cover:{side}", [full], onPage=draw_cover),
                PageTemplate(f"contents:{side}", [full], autoNextPageTemplate="contents"),
                PageTemplate(f"body:{side}", cols, onPageEnd=draw_body, autoNextPageTemplate="body"),
                PageTemplate(f"notes:{side}", [full], onPage=draw_notes),
                PageTemplate(f"back:{side}", [full], onPage=draw_back),
            ]
            head_top = g.trim_h - self.opener_image_height - 9 * MM
            for i, head_h in enumerate(head_heights):
                head = Frame(g.offset + left, g.offset + head_top - head_h, g.text_width, head_h,
                             0, 0, 0, 0, id="head")
                col_top = head_top - head_h - 5 * MM
                ocols = [Frame(x, y, w, h, 0, 0, 0, 0, id=f"ocol{j}")
                         for j, (x, y, w, h) in enumerate(g.columns_at(recto, col_top, g.bottom))]
                templates.append(PageTemplate(f"opener{i}:{side}", [head] + ocols,
                                              onPage=lambda c, d, i=i: draw_opener(c, d, i),
                                              autoNextPageTemplate="body"))
        self.addPageTemplates(templates)

    def handle_pageBegin(self) -> None:
        """Pick the recto or verso variant of the template for the page about to start."""
        base = self.pageTemplate.id.split(":")[0]
        side = "R" if (self.page + 1) % 2 == 1 else "L"
        wanted = f"{base}:{side}"
        if self.pageTemplate.id != wanted:
            for t in self.pageTemplates:
                if t.id == wanted:
                    self.pageTemplate = t
                    break
        super().handle_pageBegin()

    def handle_nextPageTemplate(self, pt: Any) -> None:
        if isinstance(pt, str) and ":" not in pt:
            pt = f"{pt}:R"  # the side is fixed in handle_pageBegin
        super().handle_nextPageTemplate(pt)

    def handle_flowable(self, flowables: list[Any]) -> None:
        f = flowables[0]
        if isinstance(f, PadPages):
            flowables.pop(0)
            missing = (-(self.page + f.after)) % f.multiple
            pad: list[Any] = []
            for _ in range(missing):
                pad += [NextPageTemplate(f.template), PageBreak()]
            flowables[0:0] = pad
            return
        self.last_flowable = f
        super().handle_flowable(flowables)

    # -- records --------------------------------------------------------------------------------------
    def record_image(self, placed: PlacedImage, path: tuple[Any, ...]) -> None:
        self.images.append((placed, path, self.page))

    def _endBuild(self) -> None:
        """Define the page-number forms the contents page refers to, then save."""
        self._doSave = 0
        super()._endBuild()
        canv = self.canv
        style = self.ctx.style("toc_page")
        for key, page in self.pages_of.items():
            canv.beginForm(f"pg-{key}", lowerx=-200, lowery=-50, upperx=10, uppery=100)
            canv.setFont(style.font, style.size)
            canv.setFillColor(style.colour)
            canv.drawRightString(0, 0, f"{page:02d}")
            canv.endForm()
        canv.save()
