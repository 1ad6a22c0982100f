"""The document template: page templates for cover, contents, section openers, body, notes and back
cover, mirrored for recto and verso pages; page numbers for the contents page in one layout pass.

Contents entries draw their page number through a form XObject that is defined only at the end of the
build, when every section's page is known, so the document is laid out once.
"""

from __future__ import annotations

import io
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..diagnostics import Diagnostics
from ..images.place import PlacedImage
from ..preflight.trace import FrameFill, Placed, Trace
from ..tagging.marks import ATTRIBUTE as TAGGER
from ..tagging.marks import Tagger, as_artifact, tagger_of
from .balance import FRAME_BREAK, SectionEnd, left_column_cap, section_rest
from .flowables import PadPages, SpanFloat
from .geometry import Geometry
from .makeup import (
    RUN_ON_GAP,
    STRIP_GAP,
    RunOn,
    RunOnPlan,
    choose_opener_height,
    float_before,
    is_float,
    opener_height_set,
    plan_run_on,
    pull_back_floats,
)
from .pages import (
    draw_back,
    draw_body,
    draw_closing,
    draw_cover,
    draw_footer,
    draw_notes,
    draw_opener,
    draw_run_on,
    run_on_picture,
)
from .pagewatch import TooManyPages
from .pictures import define_placeholders
from .spans import SPAN_GAP, SpanPlan, plan_span, section_ahead, span_frames

MM = 72 / 25.4
OPENER_HEAD_GAP = 9 * MM      # opener picture to the section head
OPENER_COLUMN_GAP = 5 * MM    # section head to the columns


def opener_column_top(geometry: Geometry, image_h: float, head_h: float) -> float:
    """Top of the columns on a section's opener page (trim coordinates), under a picture `image_h`
    tall and a head `head_h` tall."""
    return geometry.trim_h - image_h - OPENER_HEAD_GAP - head_h - OPENER_COLUMN_GAP


def _no_draw(*args: Any, **kwargs: Any) -> None:
    pass


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
        if self.doc is not None and self.doc.trial:
            flowable.drawOn = _no_draw      # a makeup trial wants where things land, not their ink
        tagger = tagger_of(canv)       # tagged editions: the flowable's marked content (tagging/marks.py)
        since = len(tagger.marks) if tagger is not None else 0
        if tagger is not None:
            tagger.open(canv, getattr(flowable, "tag", None))
        try:
            ok = super()._add(flowable, canv, trySplit)
        finally:
            if tagger is not None:
                tagger.close(canv)
        doc = self.doc
        if ok and doc is not None and self._y < top and not getattr(flowable, "frameAction", None):
            width = min(getattr(flowable, "width", self._width) or self._width, self._width)
            x = self._x + self._leftExtraIndent
            if tagger is not None:
                tagger.boxed(since, (x, self._y, x + width, top))
            template = doc.pageTemplate.id
            section = doc.current_section if template.startswith(("opener", "body")) else None
            doc.trace.add(Placed(doc.page, (x, self._y, x + width, top), getattr(flowable, "kind", "element"),
                                 getattr(flowable, "where", None), self.id, template, section))
        return ok

    add = _add

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        parts = super().split(flowable, canv)
        for part in parts:
            for attr in ("where", "kind", "tag"):
                if getattr(part, attr, None) is None and getattr(flowable, attr, None) is not None:
                    setattr(part, attr, getattr(flowable, attr))
        return list(parts)


NEXT_BODY, NEXT_CONTENTS = "body:R", "contents:R"     # autoNextPageTemplate (see _templates)


class BrochureDoc(BaseDocTemplate):
    pageTemplate: PageTemplate   # the current page's template (ReportLab sets it; handle_pageBegin picks it)
    def __init__(self, target: Any, ctx: Any, geometry: Geometry, head_heights: list[float],
                 info: dict[str, str], opener_heights: list[float] | None = None,
                 page_pictures: dict[Any, Any] | None = None, trial: bool = False):
        self.ctx, self.geometry = ctx, geometry
        self.current_section: int | None = None
        self.pages_of: dict[str, int] = {}          # anchor key -> page number
        self.pictures: dict[str, str] = {}          # placeholder form -> JPEG drawn there (pictures.py)
        self.placeholders: dict[str, Path] = {}     # their resource names -> files, for FINISH
        self.images: list[tuple[PlacedImage, tuple[Any, ...], int]] = []
        self.page_pictures = page_pictures or {}    # images.pages.page_pictures: (path, box) -> picture
        self.last_flowable: Any = None
        self.trace = Trace()
        self.makeup_seconds = 0.0                   # time the makeup's trial layouts took (build.py)
        self.trial = trial                          # a makeup trial: laid out for its trace, not saved
        self.tagger = Tagger(ctx.edition.tagged and not trial)   # marked content (tagging/)
        self._remaining: list[Any] | None = None   # the story still to place (balancing looks ahead)
        self.closing: tuple[int, float] | None = None   # (page, foot of its text): the closing panel (makeup.py)
        self.on_page_end: Any = None                # build.py's page count guard and progress line
        self.spans_waiting: list[Any] = []          # spanning blocks the text reached unplaced (spans.py)
        self._span: SpanPlan | None = None          # the one the page beginning places
        default = ctx.layout.templates.opener.image_height.pt(whole=geometry.trim_h)
        self.opener_heights = opener_heights or [default] * len(head_heights)   # picture height per section
        super().__init__(target, pagesize=geometry.sheet, leftMargin=0, rightMargin=0, topMargin=0,
                         bottomMargin=0, title=info.get("title", ""), author=info.get("author", ""),
                         subject=info.get("subject", ""), keywords=info.get("keywords", ""),
                         creator=info.get("creator", ""), producer=info.get("producer", ""),
                         lang=info.get("lang"), initialFontName=ctx.fonts.name("serif", 400),
                         pageCompression=1, invariant=1)
        self._templates(head_heights)
        self.trace.type_area = (geometry.offset + geometry.trim_h - geometry.top, geometry.offset + geometry.bottom)

    # -- templates ------------------------------------------------------------------------------------
    # The template a page of these continues on, as an id ReportLab can find: `_peekNextFrame` (a
    # KeepTogether asking how big the next frame is) looks it up as it stands. The side is fixed in
    # handle_pageBegin.
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
                PageTemplate(f"cover:{side}", [full], onPage=as_artifact(draw_cover)),
                PageTemplate(f"contents:{side}", [full], autoNextPageTemplate=NEXT_CONTENTS),
                PageTemplate(f"body:{side}", cols, onPageEnd=as_artifact(draw_body), autoNextPageTemplate=NEXT_BODY),
                PageTemplate(f"notes:{side}", [full], onPage=as_artifact(draw_notes)),
                PageTemplate(f"personal:{side}", [full], onPage=as_artifact(draw_footer)),
                PageTemplate(f"back:{side}", [full], onPage=as_artifact(draw_back)),
            ]
            for i, head_h in enumerate(head_heights):
                head_top = g.trim_h - self.opener_heights[i] - OPENER_HEAD_GAP
                head = TracedFrame(g.offset + left, g.offset + head_top - head_h, g.text_width, head_h,
                                   0, 0, 0, 0, id="head")
                col_top = opener_column_top(g, self.opener_heights[i], head_h)
                ocols = [TracedFrame(x, y, w, h, 0, 0, 0, 0, id=f"ocol{j}")
                         for j, (x, y, w, h) in enumerate(g.columns_at(recto, col_top, g.bottom))]
                templates.append(PageTemplate(f"opener{i}:{side}", [head] + ocols,
                                              onPage=as_artifact(lambda c, d, i=i: draw_opener(c, d, i)),
                                              autoNextPageTemplate=NEXT_BODY))
        for t in templates:
            for frame in t.frames:
                frame.attach(self)
        self.addPageTemplates(templates)

    def beforeDocument(self) -> None:  # noqa: N802 (ReportLab's hook)
        setattr(self.canv, TAGGER, self.tagger)

    def handle_pageBegin(self) -> None:
        """Pick the recto or verso variant of the template for the page about to start, or a run-on
        page when the section ending here leaves room for the next one (makeup.py)."""
        base = self.pageTemplate.id.split(":")[0]
        side = "R" if (self.page + 1) % 2 == 1 else "L"
        wanted = f"{base}:{side}"
        if base.endswith("-runon"):
            wanted = f"{base.removesuffix('-runon')}:{side}"
        if self.pageTemplate.id != wanted:
            for t in self.pageTemplates:
                if t.id == wanted:
                    self.pageTemplate = t
                    break
        if self._remaining is not None and "-runon" not in base:
            self._place_span(base, side == "R")
        if self._remaining is not None and self.ctx.layout.makeup.float_figures and "-runon" not in base:
            self._pull_back(base)
        if self._remaining is not None and self.ctx.layout.makeup.run_on and "-runon" not in base:
            self._try_run_on(base, side == "R")
            if self.ctx.layout.makeup.float_figures:
                self._pull_back_run_on()
        super().handle_pageBegin()
        if self._span is not None:
            self._draw_span()

    # -- makeup: blocks that span the columns (spans.py) ----------------------------------------------
    def _place_span(self, base: str, recto: bool) -> None:
        """A spanning block that goes on the page about to begin: its own frame at the top of a body
        page or the foot of an opener page, the columns shortened; the block leaves the story."""
        g = self.geometry
        opener = base.startswith("opener")
        if base != "body" and not opener:
            return
        prefix = "ocol" if opener else "col"
        cols = [f for f in self.pageTemplate.frames if f.id.startswith(prefix)]
        plan = plan_span(self._remaining or [], self.spans_waiting, g.column_width, g.text_width,
                         [f._height for f in cols], opener, self.ctx.style("body").leading)
        if plan is None:
            return
        if plan.height > g.trim_h - g.top - g.bottom - SPAN_GAP:
            self.last_flowable = plan.block        # too tall for any page (build.py: layout.too-large)
            raise LayoutError(f"a spanning block {plan.height:.0f} pt tall fits no page")
        if plan.at is None:
            self.spans_waiting.pop(0)
        else:
            del (self._remaining or [])[plan.at]
        top = g.trim_h - g.top if not opener else cols[0]._y2 - g.offset
        columns, span = span_frames(g, recto, plan, top, self._new_frame, prefix)
        lead = [f for f in self.pageTemplate.frames if f.id == "head"]
        kwargs = {"onPageEnd": self.pageTemplate.onPageEnd} if not opener else {}
        template = PageTemplate(f"{base}-span:{'R' if recto else 'L'}", lead + columns + [span],
                                onPage=self.pageTemplate.onPage, autoNextPageTemplate=NEXT_BODY, **kwargs)
        for frame in columns + [span]:
            frame.attach(self)
        self.pageTemplate, self._span = template, plan

    def _new_frame(self, x: float, y: float, w: float, h: float, name: str) -> TracedFrame:
        return TracedFrame(x, y, w, h, 0, 0, 0, 0, id=name)

    def _draw_span(self) -> None:
        plan, self._span = self._span, None
        assert plan is not None
        frame = next(f for f in self.pageTemplate.frames if f.id == "span")
        self.last_flowable = plan.block
        if not frame.add(plan.block, self.canv):
            raise LayoutError("a spanning block does not fit its frame")
        self._curPageFlowableCount += 1

    def _pull_back(self, base: str) -> None:
        """Floats that would end the section alone on the next page come back into this one (makeup.py)."""
        g, items = self.geometry, self._remaining or []
        if base == "body":                 # (shorter under a spanning block)
            heights, skip = [f._height for f in self.pageTemplate.frames if f.id.startswith("col")], 0
        elif base.startswith("opener"):
            breaks = [i for i, f in enumerate(items[:8]) if isinstance(f, FRAME_BREAK)]
            cols = [f for f in self.pageTemplate.frames if f.id.startswith("ocol")]
            if not breaks or not cols:
                return
            heights, skip = [f._height for f in cols], breaks[0] + 1
        else:
            return
        pull_back_floats(items, g.column_width, heights, skip)

    def _pull_back_run_on(self) -> None:
        """On a run-on page, the same for the section starting under the divider, in its columns."""
        plan = getattr(self.pageTemplate, "run_on", None)
        items = self._remaining or []
        if plan is None:
            return
        at = next((i for i, f in enumerate(items) if isinstance(f, RunOn) and f.index == plan.index), None)
        breaks = [i for i in range(at, min(at + 8, len(items))) if isinstance(items[i], FRAME_BREAK)] \
            if at is not None else []
        cols = [f for f in self.pageTemplate.frames if f.id.startswith("rcol")]
        if breaks and cols:
            pull_back_floats(items, self.geometry.column_width, [f._height for f in cols], breaks[0] + 1)

    # -- makeup: run-on pages -------------------------------------------------------------------------
    def _try_run_on(self, base: str, recto: bool) -> None:
        """Turn the page about to begin (a body page, or an opener page whose section ends on it) into
        one where the next section starts under a divider, when the makeup finds room for it."""
        g = self.geometry
        items = self._remaining or []
        frames = {f.id: f for f in self.pageTemplate.frames}
        span = [frames["span"]] if "span" in frames else []     # a spanning block placed on the page
        foot = g.bottom
        if base == "body" and not span:
            top, column_h, lead, decorate, finish = g.trim_h - g.top, g.trim_h - g.top - g.bottom, [], None, draw_body
        elif base == "body":
            top, column_h, foot = frames["col0"]._y2 - g.offset, frames["col0"]._height, frames["col0"]._y1 - g.offset
            lead, decorate, finish = [], None, draw_body
        elif base.startswith("opener"):
            breaks = [i for i, f in enumerate(items[:8]) if isinstance(f, FRAME_BREAK)]
            if "ocol0" not in frames or not breaks:
                return
            items = items[breaks[0] + 1:]
            column_h = frames["ocol0"]._height
            top = frames["ocol0"]._y2 - g.offset
            if span:
                foot = frames["ocol0"]._y1 - g.offset
            lead, decorate, finish = [frames["head"]], self.pageTemplate.onPage, None
        else:
            return
        if self.spans_waiting or any(isinstance(f, SpanFloat) for f in section_ahead(items, False) or []):
            return                          # a spanning block still to place keeps its section's pages
        plan = plan_run_on(items, g.column_width, column_h, g.columns, g.trim_h - g.top - g.bottom,
                           self.ctx.layout.makeup.run_on_space, self._strip_height, self.ctx.style("body").leading)
        if plan is None:
            return
        self.pageTemplate = self._run_on_template(plan, recto, base, top, lead, decorate, finish, foot, span)

    def _strip_width(self, index: int) -> float:
        """The run-on head sits beside the section's picture (one column each), or spans the text."""
        g = self.geometry
        has_picture = self.ctx.content.sections[index].image is not None and g.columns > 1
        return g.column_width if has_picture else g.text_width

    def _strip_height(self, index: int, head: list[Any]) -> float:
        width = self._strip_width(index)
        head_h = sum(f.wrap(width, 10_000)[1] for f in head)
        section = self.ctx.content.sections[index]
        if section.image is None or self.geometry.columns < 2:
            return head_h
        _, pic_h = run_on_picture(self, index)
        return max(head_h, pic_h)

    def _run_on_template(self, plan: RunOnPlan, recto: bool, base: str, top: float, lead: list[Any],
                         decorate: Any, finish: Any, foot: float, tail: list[Any]) -> PageTemplate:
        """The page's own frames (`lead`: an opener's head), the section end's balanced columns from
        `top` (trim coordinates), the divider, the next section's head strip and its columns down to
        `foot`; `tail`: a spanning block's frame (above `top` or under `foot`), filled when the page
        begins."""
        g = self.geometry
        left, _ = g.margins(recto)
        up = [TracedFrame(x, y, w, h, 0, 0, 0, 0, id=f"up{i}")
              for i, (x, y, w, h) in enumerate(g.columns_at(recto, top, top - plan.above))]
        head_top = top - plan.above - RUN_ON_GAP
        head = TracedFrame(g.offset + left, g.offset + head_top - plan.strip, self._strip_width(plan.index),
                           plan.strip, 0, 0, 0, 0, id="head")
        col_top = head_top - plan.strip - STRIP_GAP
        low = [TracedFrame(x, y, w, h, 0, 0, 0, 0, id=f"rcol{i}")
               for i, (x, y, w, h) in enumerate(g.columns_at(recto, col_top, foot))]
        frames = lead + up + [head] + low + tail
        if tail:
            low[-1].lastFrame = True

        def on_page(canv: Any, doc: Any, index: int = plan.index, at: float = head_top) -> None:
            if decorate is not None:
                decorate(canv, doc)
            draw_run_on(canv, doc, index, at, at + RUN_ON_GAP / 2)

        kwargs = {"onPageEnd": as_artifact(finish)} if finish is not None else {}
        template = PageTemplate(f"{base}-runon:{'R' if recto else 'L'}", frames, onPage=as_artifact(on_page),
                                autoNextPageTemplate=NEXT_BODY, **kwargs)
        template.run_on = RunOnPlan(plan.index, plan.above, plan.strip,
                                    head_frame=len(lead) + len(up))
        for frame in frames:
            frame.attach(self)
        return template

    def handle_pageEnd(self) -> None:
        """Record how full each frame of the finished page is; draw the closing panel (makeup.Closing)."""
        if self.closing is not None and self.closing[0] == self.page and not self.trial:
            as_artifact(draw_closing)(self.canv, self)
        self.trace.page_templates[self.page] = self.pageTemplate.id
        for frame in self.pageTemplate.frames:
            used = (frame._y2 - frame._y) if frame.reset_on_page == self.page else 0.0
            self.trace.frames.append(FrameFill(self.page, self.pageTemplate.id, frame.id, frame._height,
                                               max(0.0, used), frame._x1, frame._y2))
        if self.on_page_end is not None:
            self.on_page_end(self)
        super().handle_pageEnd()

    def handle_nextPageTemplate(self, pt: Any) -> None:
        if isinstance(pt, str) and ":" not in pt:
            pt = f"{pt}:R"  # the side is fixed in handle_pageBegin
        super().handle_nextPageTemplate(pt)

    def column_cap(self, frame: TracedFrame) -> float | None:
        """Shorten the first column of a page where the current section ends (see balance.py)."""
        if frame.id not in ("col0", "ocol0", "rcol0") or self._remaining is None:
            return None
        ids = ("rcol0", "rcol1") if frame.id == "rcol0" else ("col0", "col1", "ocol0", "ocol1")
        frames = [f for f in self.pageTemplate.frames if f.id in ids]
        if len(frames) != 2 or frames[0] is not frame:
            return None
        items, after_head = self._remaining, frame.id == "ocol0"
        if frame.id == "rcol0":
            # under a run-on divider: the new section's rest (from its head while the page begins,
            # from the column's top once the head is set)
            starts = [i for i, f in enumerate(items) if isinstance(f, RunOn)]
            items, after_head = (items[starts[0]:], True) if starts else (items, False)
        rest = section_rest(items, after_head=after_head)
        if not rest:
            return None
        left, right = (f._y2 - f._topPadding - f._y1 - f._bottomPadding for f in frames)
        return left_column_cap(rest, frame._width, left, right)

    def handle_flowable(self, flowables: list[Any]) -> None:
        if flowables is not self._hanging:    # (page begins are handled through the _hanging list)
            self._remaining = flowables
        f = flowables[0]
        if isinstance(f, SpanFloat) and flowables is not self._hanging:
            self.spans_waiting.append(flowables.pop(0).inner)   # not placed by a page beginning: waits
            return
        if isinstance(f, SectionEnd) and self.spans_waiting:
            flowables.insert(0, PageBreak())    # placed at the top of a page before the section ends
            return
        if isinstance(f, PadPages):
            flowables.pop(0)
            missing = (-(self.page + f.after)) % f.multiple
            pad: list[Any] = []
            for _ in range(missing):
                pad += [NextPageTemplate(f.template), PageBreak()]
            flowables[0:0] = pad
            return
        if (is_float(f) and not getattr(f, "_floated", False) and self.ctx.layout.makeup.float_figures
                and self._floats(flowables)):
            f = flowables[0]
        self.last_flowable = f
        super().handle_flowable(flowables)

    def _floats(self, flowables: list[Any]) -> bool:
        """A float that does not fit in the rest of the column lets the text after it go first."""
        frame = self.frame
        if frame is None or frame._atTop:
            return False
        f = flowables[0]
        avail = frame._y - frame._y1p - f.getSpaceBefore()
        _, h = f.wrapOn(self.canv, frame._width, avail)
        if h <= avail + 1e-3:
            return False
        f._floated = True           # one try: the test flow (balance.flow) does the same
        return float_before(flowables, frame._width, frame._y - frame._y1p)

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
        if self.trial:                  # a makeup trial: only its trace is wanted
            self.canv._doc = None
            return
        canv = self.canv
        style = self.ctx.style("toc_page")
        for key, page in self.pages_of.items():
            canv.beginForm(f"pg-{key}", lowerx=-200, lowery=-50, upperx=10, uppery=100)
            canv.setFont(style.font, style.size)
            canv.setFillColor(style.colour)
            canv.drawRightString(0, 0, f"{page:02d}")
            canv.endForm()
        self.placeholders = define_placeholders(canv, self.pictures)
        canv.save()
        # Let ReportLab's document (every image's bytes, every page's stream) go now: finishing and
        # preflight work on the saved file, and a big brochure would otherwise hold both at once.
        canv._doc = None
        canv._filename = None
        self.filename = None


def opener_ppi(ctx: Any, g: Geometry, height: float) -> float:
    """The lowest effective resolution of the section pictures as openers `height` tall with the print
    edition's bleed (the same for every edition: their pages must be the same); inf without pictures."""
    from types import SimpleNamespace

    from ..images.probe import ImageProblem, info_of, open_image
    from ..images.resolution import placed_ppi

    bleed = ctx.layout.page.bleed.pt()
    low = float("inf")
    for section in ctx.content.sections:
        if section.image is None:
            continue
        try:
            with open_image(ctx.base_dir / section.image.src) as im:
                size = info_of(im).size
        except (ImageProblem, OSError):
            continue                  # reported where the picture is prepared
        job = SimpleNamespace(fit="cover", box_w=g.trim_w + 2 * bleed, box_h=height + bleed,
                              focus=section.image.focus)
        low = min(low, placed_ppi(size, job))
    return low


def sharp_heights(ctx: Any, g: Geometry, heights: list[float]) -> list[float]:
    """The layout's preferred opener height and those of the others at which no section picture drops
    under print's images.warn_ppi, or under what it has at the preferred height: the makeup never
    enlarges a picture past its sharpness."""
    if len(heights) < 2:
        return heights
    floor = min(ctx.layout.images.warn_ppi, opener_ppi(ctx, g, heights[0])) - 0.5
    return heights[:1] + [h for h in heights[1:] if opener_ppi(ctx, g, h) >= floor]


def choose_openers(ctx: Any, g: Geometry, head_heights: list[float], info: dict[str, str],
                   story_of: Callable[[Any], list[Any]], on_page_end: Callable[[Any], None] | None = None,
                   first: Callable[[float], Trace | None] | None = None) -> tuple[list[float], float]:
    """The opener picture height, one for every section, and the seconds the choice took: of the
    layout's set, the one whose trial layout is best (makeup.py: choose_opener_height). A trial lays
    the story out (`story_of(ctx)` makes it afresh) with a context of its own: it reports nothing and
    writes nothing (characters drawn outside their font stay noted for the real layout). `on_page_end`
    is called after each trial page too (progress lines, SIGTERM); a trial past the page limit fails.
    `first`, when given, lays out the first trial instead (the preferred height): the caller's real
    layout, kept when that height wins (build.py), so the usual case lays the brochure out once."""
    start = time.perf_counter()
    heights = opener_height_set(ctx.layout, g.trim_h)
    heights = sharp_heights(ctx, g, heights)

    def lay_out(h: float) -> Trace | None:
        if first is not None and h == heights[0]:
            return first(h)
        trial = replace(ctx, diags=Diagnostics(), _styles={})
        doc = BrochureDoc(io.BytesIO(), trial, g, head_heights, info, [h] * len(head_heights), trial=True)
        doc.on_page_end = on_page_end
        try:
            doc.build(story_of(trial))
        except (LayoutError, TooManyPages):
            return None
        return doc.trace

    closable = ctx.layout.makeup.closing < 1 and bool(ctx.content.back.text) and ctx.partner is None
    one = heights[0] if not head_heights else choose_opener_height(heights, lay_out, ctx.layout.preflight.sparse_page,
                                                                   closable)
    return [one] * len(head_heights), time.perf_counter() - start
