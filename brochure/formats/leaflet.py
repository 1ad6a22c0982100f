"""Folded leaflet (RENDER + MAKEUP): one sheet, two faces, panels in folding order.

Page 1 is the outside face: the fold-in panel's outer side (the inside flap, left: the introduction),
the back cover (middle: back text and imprint), the front cover (right: cover picture and title).
Page 2 is the inside face, its panels left to right (the fold-in panel last, narrowest): the sections,
each with its number, title, `summary:` and the blocks the leaflet takes. Widths come from the layout
(`format.panels`, inside face; the outside mirrors it); fold marks are drawn in the print edition's mark
area. What does not fit the inside panels is reported by block (formats/doc.py), never cut.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, PageTemplate, Spacer

from ..layout.flowables import Anchor, Stack
from ..layout.pages import check_fits, text_at
from ..model.formats import blocks_for, fold_order, outside_widths, picture_boxes
from ..model.labels import colon, date_text, labels_for
from ..render.blocks import render_block, text_of
from ..tagging import Tag
from ..tagging.marks import marked, tag
from ..text import TextBlock
from .doc import FormatDoc, content_key, draw_picture_now, fold_marks, paragraphs

MM = 72 / 25.4


def panel_edges(widths: list[float]) -> list[tuple[float, float]]:
    """(x, width) of each panel from the left edge of the face (trim coordinates)."""
    out, x = [], 0.0
    for w in widths:
        out.append((x, w))
        x += w
    return out


def folds(widths: list[float]) -> list[float]:
    return [x for x, _ in panel_edges(widths)[1:]]


class LeafletDoc(FormatDoc):
    what = "leaflet"

    def _templates(self, head_heights: list[float]) -> None:
        fmt, g = self.ctx.layout.format, self.geometry
        self.inside_panels = [p.pt() for p in fmt.panels]
        self.outside_panels = outside_widths(self.inside_panels)
        m = fmt.panel_margin.pt()
        body_h = g.trim_h - g.top - g.bottom
        flap_x, flap_w = panel_edges(self.outside_panels)[0]
        flap = self.frame(flap_x + m, g.bottom, flap_w - 2 * m, body_h, "flap")
        panels = [self.frame(x + m, g.bottom, w - 2 * m, body_h, f"panel{i}")
                  for i, (x, w) in enumerate(panel_edges(self.inside_panels))]
        spill = [self.frame(x + m, g.bottom, w - 2 * m, body_h, f"over{i}")
                 for i, (x, w) in enumerate(panel_edges(self.inside_panels))]
        self.addPageTemplates([
            PageTemplate("outside:R", [flap], onPage=self.draw_outside, autoNextPageTemplate="overflow:R"),
            PageTemplate("inside:R", panels, onPage=self.draw_inside, autoNextPageTemplate="overflow:R"),
            self.overflow_template(spill)])

    # -- the faces ----------------------------------------------------------------------------------
    def draw_outside(self, canv: Canvas, doc: Any) -> None:
        edges = panel_edges(self.outside_panels)
        self.draw_back_panel(canv, *edges[1])
        self.draw_cover_panel(canv, *edges[-1])
        fold_marks(canv, self, folds(self.outside_panels))

    def draw_inside(self, canv: Canvas, doc: Any) -> None:
        fold_marks(canv, self, folds(self.inside_panels))

    def draw_cover_panel(self, canv: Canvas, x: float, w: float) -> None:
        ctx, g = self.ctx, self.geometry
        content, tpl = ctx.content, ctx.layout.templates.cover
        box = picture_boxes(ctx.layout, g)
        assert box is not None
        (pw, ph), px, py = box.cover, g.offset + x, g.offset - g.bleed     # as the picture cache has it
        canv.saveState()
        has_image = content.cover.image is not None and draw_picture_now(
            canv, self, content.cover.image, ("cover", "image"), px, py, pw, ph)
        if not has_image:
            canv.setFillColor(ctx.colour("primary"))
            canv.rect(px, py, pw, ph, stroke=0, fill=1)
        steps = 30                                   # a smooth darkening under the title
        for i in range(steps):
            canv.setFillColor(ctx.colour(tpl.overlay, tpl.overlay_opacity * (1 - i / steps) ** 1.5))
            band = ph * 0.5 / steps
            canv.rect(px, py + ph - band * (i + 1), pw, band, stroke=0, fill=1)
        m = ctx.layout.format.panel_margin.pt()
        left, width = g.offset + x + m, w - 2 * m
        top = g.offset + g.trim_h - g.top
        if content.cover.kicker:
            top -= text_at(canv, content.cover.kicker, ctx.style("cover_kicker"), left, top, width,
                           Tag(content_key(ctx, "cover", "kicker"))) + 4 * MM
        canv.setFillColor(ctx.colour("primary"))
        canv.rect(left, top - 1 * MM, 10 * MM, 1.6 * MM, stroke=0, fill=1)
        top -= 5 * MM
        h = text_at(canv, content.meta.title, ctx.style("cover_title"), left, top, width,
                    Tag(content_key(ctx, "meta", "title")))
        self.record("text", (left, top - h, left + width, top), ctx.where(("meta", "title")))
        top -= h
        if content.meta.subtitle:
            top -= 2 * MM
            sh = text_at(canv, content.meta.subtitle, ctx.style("cover_subtitle"), left, top, width,
                         Tag(content_key(ctx, "meta", "subtitle")))
            self.record("text", (left, top - sh, left + width, top), ctx.where(("meta", "subtitle")))
            top -= sh
        check_fits(self, "cover title", top, g.offset + g.bottom, ctx.where(("meta", "title")))
        canv.restoreState()

    def draw_back_panel(self, canv: Canvas, x: float, w: float) -> None:
        ctx, g = self.ctx, self.geometry
        content, meta = ctx.content, ctx.content.meta
        canv.saveState()
        canv.setFillColor(ctx.layout_colour(ctx.layout.templates.back.background))
        canv.rect(g.offset + x, g.offset - g.bleed, w, g.trim_h + 2 * g.bleed, stroke=0, fill=1)
        m = ctx.layout.format.panel_margin.pt()
        left, width = g.offset + x + m, w - 2 * m
        lines = list(content.back.contact)
        colophon = meta.title + (colon(meta.language) + meta.subtitle if meta.subtitle else "")
        issue = " · ".join(v for v in (meta.edition, date_text(meta.date, meta.language) if meta.date else None)
                           if v)
        lines += [v for v in (colophon, issue) if v]
        style = ctx.style("back_text")
        heights = [TextBlock(t, style).wrap(width, 10_000)[1] + 1.5 * MM for t in lines]
        top = g.offset + g.bottom + sum(heights)           # the imprint stands on the foot margin
        limit = top + 8 * MM
        for n, (text, h) in enumerate(zip(lines, heights, strict=True)):
            text_at(canv, text, style, left, top, width, Tag(content_key(ctx, "back", "line", n)))
            top -= h
        if content.back.text:
            head = g.offset + g.trim_h - g.top
            h = text_at(canv, content.back.text, ctx.style("back_title"), left, head, width,
                        Tag(content_key(ctx, "back", "text")))
            self.record("text", (left, head - h, left + width, head), ctx.where(("back", "text")))
            check_fits(self, "back cover text", head - h, limit, ctx.where(("back", "text")))
        canv.restoreState()


def leaflet_story(ctx: Any) -> list[Flowable]:
    """The flap (introduction), then the sections through the inside panels."""
    box = picture_boxes(ctx.layout, ctx.geometry)
    assert box is not None
    width = box.block_width                          # the narrowest panel's text width
    story: list[Flowable] = []
    if ctx.content.intro:
        words = labels_for(ctx.layout.templates, ctx.content.meta.language)
        if words.intro:
            story.append(tag(TextBlock(words.intro, ctx.style("heading")), content_key(ctx, "intro", "label"), "P"))
        story += paragraphs(ctx, ctx.content.intro, "lead", ("intro",), "introduction")
    story += flap_contents(ctx)
    story += [NextPageTemplate("inside"), PageBreak()]
    for i, section in enumerate(ctx.content.sections):
        story += section_flowables(ctx, i, section, width)
    return story


def flap_contents(ctx: Any) -> list[Flowable]:
    """What the leaflet holds inside: its sections by number, title and subtitle, under the flap's
    introduction."""
    words = labels_for(ctx.layout.templates, ctx.content.meta.language)
    out: list[Flowable] = [Spacer(1, 8 * MM), tag(TextBlock(words.contents, ctx.style("heading")),
                                                  content_key(ctx, "contents", "title"), "P")]
    for i, section in enumerate(ctx.content.sections):
        parts: list[Flowable] = [TextBlock(f"{i + 1:02d}  {text_of(ctx, section.title)}",
                                           ctx.style("toc_entry"))]
        if section.subtitle:
            parts.append(TextBlock(text_of(ctx, section.subtitle), ctx.style("toc_subtitle")))
        entry = Stack(parts, gap=1, space_after=2.5 * MM)
        entry.where, entry.kind = ctx.where(("sections", i, "title")), "contents entry"
        out.append(tag(entry, content_key(ctx, "contents", i), "TOCI"))
    return out


def section_flowables(ctx: Any, i: int, section: Any, width: float) -> list[Flowable]:
    """A section as a short format sets it: number and title, subtitle, summary, the blocks it takes."""
    parts: list[Flowable] = [TextBlock(f"{i + 1:02d}", ctx.style("section_number")),
                             marked(TextBlock(text_of(ctx, section.title), ctx.style("section_title")),
                                    content_key(ctx, "sections", i, "title"), "H1")]
    if section.subtitle:
        parts.append(marked(TextBlock(text_of(ctx, section.subtitle), ctx.style("section_subtitle")),
                            content_key(ctx, "sections", i, "subtitle"), "P"))
    head = Stack(parts, gap=2, space_before=4 * MM if i else 0, space_after=2 * MM)
    head.where = ctx.where(("sections", i, "title"))
    head.kind = "section-head"
    out: list[Flowable] = [Anchor(f"s{i}", section.title, 0), head]
    if section.summary:
        out += paragraphs(ctx, section.summary, "body", ("sections", i, "summary"), "summary")
        out.append(Spacer(1, 2 * MM))
    for j, block in blocks_for(section.body, ctx.layout.format):
        out += render_block(block, ("sections", i, "body", j), width, ctx)
    return out


story, DOC = leaflet_story, LeafletDoc
__all__ = ["DOC", "LeafletDoc", "story", "fold_order", "folds", "leaflet_story", "panel_edges", "section_flowables"]
