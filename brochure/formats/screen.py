"""Screen slides (RENDER + MAKEUP): landscape pages for a display or projector, one idea a page.

The cover slide (the booklet's cover template on a 16:9 page); for each section an opener slide (its
picture filling the left half, number, title, subtitle and `summary:` on the right) and one slide per
block the screen takes (a key-figure slide, a chart slide, a quote slide), the block set large and
centred, scaled down only if it would not fit; the back cover last. Large type comes from the layout's
styles; the screen's editions are RGB (email, archive) without bleed or marks.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, PageTemplate, Spacer

from ..layout.flowables import Anchor, Stack
from ..layout.pages import draw_back, draw_cover, draw_picture, text_at
from ..model.formats import SLIDE_WIDTH, block_kind, blocks_for, picture_boxes
from ..render.blocks import render_block, text_of
from ..tagging.marks import as_parts, marked
from ..text import TextBlock
from .doc import Fitted, FormatDoc, content_key, paragraphs

MM = 72 / 25.4
SLIDE_HEAD = 8 * MM       # the slide template's head (section name and rule) above the frame
SLIDE_GROW = 2.5          # a slide's block (set at the width best_width finds) is enlarged up to this:
                          # a chart fills the slide


class ScreenDoc(FormatDoc):
    what = "screen"

    def _templates(self, head_heights: list[float]) -> None:
        g = self.geometry
        body_h = g.trim_h - g.top - g.bottom
        half = g.trim_w / 2
        full = self.frame(g.inner, g.bottom, g.text_width, body_h, "full")
        templates = [PageTemplate("cover:R", [full], onPage=draw_cover),
                     PageTemplate("back:R", [self.frame(g.inner, g.bottom, g.text_width, body_h, "full")],
                                  onPage=draw_back),
                     PageTemplate("slide:R", [self.frame(g.inner, g.bottom, g.text_width, body_h - SLIDE_HEAD,
                                                         "slide")], onPage=self.draw_slide,
                                  autoNextPageTemplate="overflow:R"),
                     self.overflow_template([self.frame(g.inner, g.bottom, g.text_width, body_h, "over")])]
        for i in range(len(self.ctx.content.sections)):
            right = self.frame(half + g.inner, g.bottom, half - 2 * g.inner, body_h, "head")
            templates.append(PageTemplate(f"open{i}:R", [right], onPage=lambda c, d, i=i: self.draw_open(c, i),
                                          autoNextPageTemplate="overflow:R"))
        self.addPageTemplates(templates)

    def draw_open(self, canv: Canvas, index: int) -> None:
        ctx, g = self.ctx, self.geometry
        self.current_section = index
        section = ctx.content.sections[index]
        box = picture_boxes(ctx.layout, g)
        assert box is not None and box.opener is not None
        x, y, (w, h) = g.offset - g.bleed, g.offset - g.bleed, box.opener   # as the picture cache has it
        canv.saveState()
        drawn = section.image is not None and draw_picture(canv, self, ("sections", index, "image"), "opener",
                                                           x, y, w, h)
        if not drawn:                   # no picture: the section number, large, on the accent colour
            canv.setFillColor(ctx.layout_colour(ctx.layout.templates.opener.band))
            canv.rect(x, y, w, h, stroke=0, fill=1)
            size = g.trim_h * 0.45
            style = ctx.style("section_number", size=size, leading=size, colour=ctx.colour("paper", 0.2))
            text_at(canv, f"{index + 1:02d}", style, g.offset + g.inner, g.offset + g.bottom + size, w)
        canv.restoreState()
        self.draw_number(canv)

    def draw_slide(self, canv: Canvas, doc: Any) -> None:
        """The section this slide belongs to, small at the head; a rule in the accent colour."""
        ctx, g = self.ctx, self.geometry
        index = self.current_section
        if index is not None:
            section = ctx.content.sections[index]
            top = g.offset + g.trim_h - g.top + 12 * MM
            canv.saveState()
            canv.setFillColor(ctx.colour("primary"))
            canv.rect(g.offset + g.inner, top + 2 * MM, 12 * MM, 1.5 * MM, stroke=0, fill=1)
            canv.restoreState()
            text_at(canv, f"{index + 1:02d}  {text_of(ctx, section.title)}", ctx.style("header"),
                    g.offset + g.inner, top, g.text_width)
        self.draw_number(canv)

    def draw_number(self, canv: Canvas) -> None:
        ctx, g = self.ctx, self.geometry
        style = ctx.style("footer", align="right", colour=ctx.colour("muted"))
        text_at(canv, f"{self.page:02d}", style, g.offset + g.inner, g.offset + g.bottom * 0.6, g.text_width)


def pictures(ctx: Any) -> list[tuple[tuple[Any, ...], str, Any, tuple[float, float]]]:
    """RESOLVE: the cover slide's picture over the whole slide (the booklet's cover template draws it)
    and each section's picture for the left half of its opener slide."""
    g = ctx.geometry
    box = picture_boxes(ctx.layout, g)
    assert box is not None and box.opener is not None
    wanted: list[tuple[tuple[Any, ...], str, Any, tuple[float, float]]] = []
    if ctx.content.cover.image is not None:
        wanted.append((("cover", "image"), "page", ctx.content.cover.image, g.bleed_rect()[2:]))
    for i, section in enumerate(ctx.content.sections):
        if section.image is not None:
            wanted.append((("sections", i, "image"), "opener", section.image, box.opener))
    return wanted


SLIDE_SHARES = (0.4, 0.5, 0.6, 0.75, 1.0)   # widths a slide's block is tried at (share of the text width)


def best_width(ctx: Any, block: Any, path: tuple[Any, ...], frame_w: float, frame_h: float) -> float:
    """The width to set a slide's block at so that, enlarged (up to SLIDE_GROW) to the slide's frame, it
    covers the most of it: a ring chart whose ring stops growing at a given size is set narrow and
    enlarged, key figures that need the width are set wide. Tried in a context of its own (nothing
    reported twice)."""
    from dataclasses import replace

    from ..diagnostics import Diagnostics

    quiet = replace(ctx, diags=Diagnostics())
    best, best_area = frame_w * SLIDE_WIDTH, -1.0
    # key figures shrink their numerals to their tiles' width (charts/figures.py): set them at the full
    # width, never narrow and enlarged (their numerals would stop shrinking and collide)
    for share in (1.0,) if block_kind(block) == "figures" else SLIDE_SHARES:
        width = frame_w * share
        parts = render_block(block, path, width, quiet)
        if not parts:
            continue
        one = parts[0] if len(parts) == 1 else Stack(parts)
        w, h = one.wrap(width, 100_000)
        w = getattr(getattr(one, "drawing", None), "width", w) or w
        if h <= 0:
            continue
        scale = min(SLIDE_GROW, frame_h / h, frame_w / w)
        area = scale * scale * w * h
        if area > best_area + 1e-6:
            best, best_area = width, area
    return best


def screen_story(ctx: Any) -> list[Flowable]:
    content, g = ctx.content, ctx.geometry
    story: list[Flowable] = [Spacer(1, 1)]                 # the cover slide: drawn by its template
    slide_h = g.trim_h - g.top - g.bottom - SLIDE_HEAD
    for i, section in enumerate(content.sections):
        story += [NextPageTemplate(f"open{i}"), PageBreak(), Anchor(f"s{i}", section.title, 0)]
        parts: list[Flowable] = [TextBlock(f"{i + 1:02d}", ctx.style("section_number")),
                                 marked(TextBlock(text_of(ctx, section.title), ctx.style("section_title")),
                                        content_key(ctx, "sections", i, "title"), "H1")]
        if section.subtitle:
            parts.append(marked(TextBlock(text_of(ctx, section.subtitle), ctx.style("section_subtitle")),
                                content_key(ctx, "sections", i, "subtitle"), "P"))
        head = Stack(parts, gap=6, space_after=8 * MM)
        head.where, head.kind = ctx.where(("sections", i, "title")), "section-head"
        story.append(head)
        if section.summary:
            story += paragraphs(ctx, section.summary, "lead", ("sections", i, "summary"), "summary")
        for j, block in blocks_for(section.body, ctx.layout.format):
            path = ("sections", i, "body", j)
            best = best_width(ctx, block, path, g.text_width, slide_h)
            parts = render_block(block, path, best, ctx)
            one = parts[0] if len(parts) == 1 else Stack(as_parts(parts))   # each part marks itself
            for attr in ("where", "kind"):
                setattr(one, attr, getattr(parts[0], attr, None))
            story += [NextPageTemplate("slide"), PageBreak(), Fitted(one, best, grow=SLIDE_GROW)]
    story += [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
    return story


story, DOC = screen_story, ScreenDoc
__all__ = ["DOC", "ScreenDoc", "pictures", "story"]
