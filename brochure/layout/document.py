"""The document template: page templates for cover, contents, section openers, body, notes and back
cover, mirrored for recto and verso pages; page numbers for the contents page in one layout pass.

Contents entries draw their page number through a form XObject that is defined only at the end of the
build, when every section's page is known, so the document is laid out once.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from ..fonts.registry import drawn_outside
from ..images.place import PlacedImage
from ..preflight.trace import FrameFill, Placed, Trace
from ..text.metrics import take_outside
from .balance import left_column_cap, section_rest
from .flowables import PadPages
from .geometry import Geometry
from .pages import draw_back, draw_body, draw_cover, draw_notes, draw_opener
from .pictures import define_placeholders

MM = 72 / 25.4
OPENER_HEAD_GAP = 9 * MM      # opener picture to the section head
OPENER_COLUMN_GAP = 5 * MM    # section head to the columns


def opener_column_top(geometry: Geometry, image_h: float, head_h: float) -> float:
    """Top of the columns on a section's opener page (trim coordinates), under a picture `image_h`
    tall and a head `head_h` tall."""
    return geometry.trim_h - image_h - OPENER_HEAD_GAP - head_h - OPENER_COLUMN_GAP


class TracedFrame(Frame):
    """A frame that records in the document's trace where each flowable landed, and hands the YAML
    location of a split flowable on to its parts."""

    reset_on_page = 0
    _doc: Any = None   # a weak reference: flowables that ReportLab deep-copies may point at their frame

    @property
    def doc(self) -> Any:
        return self._doc() if self._doc is not None else None

    def attach(self, doc: Any) -> None:
        self._doc = weakref.ref(doc)   # (Frame.__setattr__ writes to __dict__, bypassing properties)

    def _reset(self) -> None:
        super()._reset()
        self._y1p = self._y1 + self._bottomPadding      # undo a balancing cap from an earlier page
        doc = self.doc
        self.reset_on_page = doc.page if doc is not None else 0
        cap = doc.column_cap(self) if doc is not None else None
        if cap is not None:
            self._y1p = max(self._y1p, self._y - cap)

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:  # noqa: N803 (ReportLab's name)
        top = self._y
        ok = super()._add(flowable, canv, trySplit)
        doc = self.doc
        if ok and doc is not None and self._y < top and not getattr(flowable, "frameAction", None):
            width = min(getattr(flowable, "width", self._width) or self._width, self._width)
            x = self._x + self._leftExtraIndent
            template = doc.pageTemplate.id
            section = doc.current_section if template.startswith(("opener", "body")) else None
            doc.trace.add(Placed(doc.page, (x, self._y, x + width, top), getattr(flowable, "kind", "element"),
                                 getattr(flowable, "where", None), self.id, template, section))
        return ok

    add = _add

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        parts = super().split(flowable, canv)
        for part in parts:
            for attr in ("where", "kind"):
                if getattr(part, attr, None) is None and getattr(flowable, attr, None) is not None:
                    setattr(part, attr, getattr(flowable, attr))
        return list(parts)


class BrochureDoc(BaseDocTemplate):
    def __init__(self, target: Any, ctx: Any, geometry: Geometry, head_heights: list[float],
                 info: dict[str, str], opener_heights: list[float] | None = None):
        self.ctx, self.geometry = ctx, geometry
        self.current_section: int | None = None
        self.pages_of: dict[str, int] = {}          # anchor key -> page number
        self.outside: dict[Any, str] = {}           # characters drawn in a font converted without them
        self.pictures: dict[str, str] = {}          # placeholder form -> JPEG drawn there (pictures.py)
        self.placeholders: dict[str, Path] = {}     # their resource names -> files, for FINISH
        self.images: list[tuple[PlacedImage, tuple[Any, ...], int]] = []
        self.last_flowable: Any = None
        self.trace = Trace()
        self._remaining: list[Any] | None = None   # the story still to place (balancing looks ahead)
        self.on_page_end: Any = None                # build.py's page count guard and progress line
        default = ctx.layout.templates.opener.image_height.pt(whole=geometry.trim_h)
        self.opener_heights = opener_heights or [default] * len(head_heights)   # picture height per section
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
            full = TracedFrame(g.offset + left, g.offset + g.bottom, g.text_width, g.trim_h - g.top - g.bottom,
                               0, 0, 0, 0, id="full")
            cols = [TracedFrame(x, y, w, h, 0, 0, 0, 0, id=f"col{i}")
                    for i, (x, y, w, h) in enumerate(g.columns_at(recto, g.trim_h - g.top, g.bottom))]
            templates += [
                PageTemplate(f"cover:{side}", [full], onPage=draw_cover),
                PageTemplate(f"contents:{side}", [full], autoNextPageTemplate="contents"),
                PageTemplate(f"body:{side}", cols, onPageEnd=draw_body, autoNextPageTemplate="body"),
                PageTemplate(f"notes:{side}", [full], onPage=draw_notes),
                PageTemplate(f"back:{side}", [full], onPage=draw_back),
            ]
            for i, head_h in enumerate(head_heights):
                head_top = g.trim_h - self.opener_heights[i] - OPENER_HEAD_GAP
                head = TracedFrame(g.offset + left, g.offset + head_top - head_h, g.text_width, head_h,
                                   0, 0, 0, 0, id="head")
                col_top = opener_column_top(g, self.opener_heights[i], head_h)
                ocols = [TracedFrame(x, y, w, h, 0, 0, 0, 0, id=f"ocol{j}")
                         for j, (x, y, w, h) in enumerate(g.columns_at(recto, col_top, g.bottom))]
                templates.append(PageTemplate(f"opener{i}:{side}", [head] + ocols,
                                              onPage=lambda c, d, i=i: draw_opener(c, d, i),
                                              autoNextPageTemplate="body"))
        for t in templates:
            for frame in t.frames:
                frame.attach(self)
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

    def handle_pageEnd(self) -> None:
        """Record how full each frame of the finished page is."""
        self.trace.page_templates[self.page] = self.pageTemplate.id
        for frame in self.pageTemplate.frames:
            used = (frame._y2 - frame._y) if frame.reset_on_page == self.page else 0.0
            self.trace.frames.append(FrameFill(self.page, self.pageTemplate.id, frame.id, frame._height,
                                               max(0.0, used)))
        if self.on_page_end is not None:
            self.on_page_end(self)
        super().handle_pageEnd()

    def handle_nextPageTemplate(self, pt: Any) -> None:
        if isinstance(pt, str) and ":" not in pt:
            pt = f"{pt}:R"  # the side is fixed in handle_pageBegin
        super().handle_nextPageTemplate(pt)

    def column_cap(self, frame: TracedFrame) -> float | None:
        """Shorten the first column of a page where the current section ends (see balance.py)."""
        if frame.id not in ("col0", "ocol0") or self._remaining is None:
            return None
        frames = [f for f in self.pageTemplate.frames if f.id in ("col0", "col1", "ocol0", "ocol1")]
        if len(frames) != 2 or frames[0] is not frame:
            return None
        rest = section_rest(self._remaining, after_head=frame.id == "ocol0")
        if not rest:
            return None
        left, right = (f._y2 - f._topPadding - f._y1 - f._bottomPadding for f in frames)
        return left_column_cap(rest, frame._width, left, right)

    def handle_flowable(self, flowables: list[Any]) -> None:
        if flowables is not self._hanging:    # (page begins are handled through the _hanging list)
            self._remaining = flowables
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

    def record(self, kind: str, box: tuple[float, float, float, float], where: Any) -> None:
        """Note an element a page template drew (pictures, cover and back texts) in the trace."""
        self.trace.add(Placed(self.page, box, kind, where, "", self.pageTemplate.id, self.current_section))

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
        self.placeholders = define_placeholders(canv, self.pictures)
        self.outside = drawn_outside(self.ctx.fonts, take_outside())
        canv.save()
        # Let ReportLab's document (every image's bytes, every page's stream) go now: finishing and
        # preflight work on the saved file, and a big brochure would otherwise hold both at once.
        canv._doc = None
        canv._filename = None
        self.filename = None
