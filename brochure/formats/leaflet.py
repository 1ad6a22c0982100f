"""Folded leaflet (RENDER + MAKEUP): one sheet, two faces, panels in folding order.

Page 1 is the outside face: the inside flap (left, the fold-in panel's outer side: the introduction and
what the leaflet holds, over a picture that fills the panel's foot), the back cover (middle: a picture
at the head, the back text, the imprint on the foot margin) and the front cover (right: cover picture
and title). Page 2 is the inside face, its panels left to right (the fold-in panel last, narrowest):
the sections, each with its number, title, `summary:` and the blocks the leaflet takes.

The inside is composed, not poured: each section is one unit (never split across a fold), the units
are shared out over the panels so that the fullest panel is as empty as it can be (a linear partition),
and each panel's spare height goes between its sections, so every panel runs from its head margin to
its foot margin. A key-figure block is one unbreakable unit in any case. When the sections cannot be
shared out so (a section taller than a panel, more content than panels), they flow block by block and
what does not fit is reported by block (formats/doc.py), never cut. Pictures are prepared before
layout (`pictures`, RESOLVE), for the boxes the faces draw them in; fold marks are drawn in the print
edition's mark area. Nothing drawn crosses a fold: each panel's picture and background end at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import FrameBreak, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from ..layout.flowables import Anchor, Stack
from ..layout.pages import check_fits, content_at, draw_picture, text_at
from ..model.formats import (
    BACK_PICTURE,
    FLAP_GAP,
    MIN_PICTURE,
    PANEL_PICTURE,
    block_kind,
    blocks_for,
    fold_order,
    leaflet_boxes,
    outside_widths,
    picture_boxes,
)
from ..model.labels import colon, date_text, labels_for
from ..render.blocks import render_block, text_of
from ..tagging import Tag
from ..tagging.marks import as_parts, marked, tag
from ..text import TextBlock
from .doc import FormatDoc, content_key, fold_marks, paragraphs

MM = 72 / 25.4
SECTION_GAP = 6 * MM      # least space between two sections on a panel
PICTURE_GAP = 5 * MM      # between a panel's picture and the section head under it
CHART_SHARE = 0.7         # a chart on a panel: this share of the panel's width (a ring the panel's width
                          # would take a third of it)


def panel_edges(widths: list[float]) -> list[tuple[float, float]]:
    """(x, width) of each panel from the left edge of the face (trim coordinates)."""
    out, x = [], 0.0
    for w in widths:
        out.append((x, w))
        x += w
    return out


def folds(widths: list[float]) -> list[float]:
    return [x for x, _ in panel_edges(widths)[1:]]


# -- the plan: measured before layout (the frames and picture boxes depend on it) -----------------------
@dataclass(frozen=True)
class Plan:
    """How the leaflet is composed: the first section of each inside panel (None: the sections flow
    block by block), the picture a panel with room to spare takes (panel -> (section, height)), the
    flap's text height and its picture (YAML path, top edge above the trim's foot), the back cover's
    picture (YAML path or None)."""
    starts: list[int] | None
    panel_pictures: dict[int, tuple[int, float]]
    flap_text: float
    flap_picture: tuple[Any, ...] | None
    flap_picture_top: float
    back_picture: tuple[Any, ...] | None


def plan_leaflet(ctx: Any, heights: list[float] | None = None) -> Plan:
    """The plan for this edition. `heights` are the section units' heights when the caller has them
    (the story); else they are measured in a context of their own, so that measuring reports nothing
    twice. The inside panels pick pictures first (each from its own sections); the flap takes the
    first picture left over, the back cover the last; the cover keeps the cover picture."""
    from dataclasses import replace

    from ..diagnostics import Diagnostics

    g, fmt = ctx.geometry, ctx.layout.format
    height = g.trim_h - g.top - g.bottom
    if heights is None:
        quiet = replace(ctx, diags=Diagnostics())
        heights = [h for _, _, h in section_units(quiet)]
    starts = partition(heights, len(fmt.panels), SECTION_GAP, height - 1.0)
    sections = ctx.content.sections
    used: set[int] = set()
    panel_pictures: dict[int, tuple[int, float]] = {}
    bounds = list(zip(starts, starts[1:] + [len(heights)], strict=True)) if starts else []
    for k, (a, b) in enumerate(bounds):
        spare = height - 1.0 - sum(heights[a:b]) - SECTION_GAP * (b - a - 1)
        room = min(spare - PICTURE_GAP - (SECTION_GAP if b - a > 1 else 0.0), PANEL_PICTURE * height)
        pick = next((i for i in range(a, b) if sections[i].image is not None), None)
        if pick is not None and room >= MIN_PICTURE:
            panel_pictures[k] = (pick, room)
            used.add(pick)
    spare_pictures = [("sections", i, "image") for i, s in enumerate(sections)
                      if s.image is not None and i not in used]
    flap_w = outside_widths([p.pt() for p in fmt.panels])[0] - 2 * fmt.panel_margin.pt()
    text = Stack(as_parts(flap_flowables(replace(ctx, diags=Diagnostics())))).wrap(flap_w, 100_000)[1]
    top = g.bottom + height - text - FLAP_GAP        # the flap picture's top edge above the trim's foot
    flap = spare_pictures[0] if spare_pictures and top >= MIN_PICTURE else None
    rest = [p for p in spare_pictures if p != flap]
    return Plan(starts, panel_pictures, text, flap, top, rest[-1] if rest else None)


def pictures(ctx: Any) -> list[tuple[tuple[Any, ...], str, Any, tuple[float, float]]]:
    """RESOLVE: the pictures the faces draw and their boxes (images/pages.prepare_pictures); the inside
    panels' pictures are prepared with the story (panel_picture)."""
    g = ctx.geometry
    plan = plan_leaflet(ctx)
    wanted: list[tuple[tuple[Any, ...], str, Any, tuple[float, float]]] = []
    box = picture_boxes(ctx.layout, g)
    assert box is not None
    boxes = leaflet_boxes(ctx.layout, g, flap_top=plan.flap_picture_top)   # as `brochure check` judges them
    if ctx.content.cover.image is not None:
        wanted.append((("cover", "image"), "panel", ctx.content.cover.image, box.cover))
    if plan.flap_picture is not None:
        wanted.append((plan.flap_picture, "flap", content_at(ctx, plan.flap_picture), boxes["flap"]))
    if plan.back_picture is not None:
        wanted.append((plan.back_picture, "back", content_at(ctx, plan.back_picture), boxes["back"]))
    return wanted


class Numbered(Flowable):
    """A section's number and its title on one line (the title hung after the number): a panel's head
    takes one line, not two."""

    def __init__(self, label: str, style: Any, title: TextBlock, gap: float = 2.5 * MM):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        super().__init__()
        self.number, self.title, self.gap = TextBlock(label, style), title, gap
        self.indent = stringWidth(label, style.font, style.size) + gap

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        h = max(self.number.wrap(aw, ah)[1], self.title.wrap(aw - self.indent, ah)[1])
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        _, nh = self.number.wrap(self.width, self.height)
        _, th = self.title.wrap(self.width - self.indent, self.height)
        self.number.drawOn(self.canv, 0, self.height - nh)
        self.title.drawOn(self.canv, self.indent, self.height - th)


def back_picture_height(g: Any) -> float:
    return BACK_PICTURE * g.trim_h


class LeafletDoc(FormatDoc):
    what = "leaflet"

    def _templates(self, head_heights: list[float]) -> None:
        fmt, g = self.ctx.layout.format, self.geometry
        self.inside_panels = [p.pt() for p in fmt.panels]
        self.outside_panels = outside_widths(self.inside_panels)
        self.faces = plan_leaflet(self.ctx)
        m = fmt.panel_margin.pt()
        body_h = g.trim_h - g.top - g.bottom
        flap_x, flap_w = panel_edges(self.outside_panels)[0]
        flap_foot = g.bottom if self.faces.flap_picture is None else self.faces.flap_picture_top + FLAP_GAP
        flap = self.frame(flap_x + m, flap_foot, flap_w - 2 * m, g.trim_h - g.top - flap_foot, "flap")
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
        self.draw_flap_panel(canv, *edges[0])
        self.draw_back_panel(canv, *edges[1])
        self.draw_cover_panel(canv, *edges[-1])
        fold_marks(canv, self, folds(self.outside_panels))

    def draw_inside(self, canv: Canvas, doc: Any) -> None:
        fold_marks(canv, self, folds(self.inside_panels))

    def draw_flap_panel(self, canv: Canvas, x: float, w: float) -> None:
        """The flap's picture from the sheet's left edge (bleed) to the fold, up from the foot bleed."""
        path = self.faces.flap_picture
        if path is None:
            return
        g = self.geometry
        top = g.offset + self.faces.flap_picture_top
        left, foot = g.offset + x - g.bleed, g.offset - g.bleed
        canv.saveState()
        if not draw_picture(canv, self, path, "flap", left, foot, w + g.bleed, top - foot):
            canv.setFillColor(self.ctx.layout_colour(self.ctx.layout.templates.opener.band))
            canv.rect(left, foot, w + g.bleed, top - foot, stroke=0, fill=1)
        canv.restoreState()

    def draw_cover_panel(self, canv: Canvas, x: float, w: float) -> None:
        ctx, g = self.ctx, self.geometry
        content, tpl = ctx.content, ctx.layout.templates.cover
        box = picture_boxes(ctx.layout, g)
        assert box is not None
        (pw, ph), px, py = box.cover, g.offset + x, g.offset - g.bleed     # as RESOLVE prepared it
        canv.saveState()
        has_image = content.cover.image is not None and draw_picture(
            canv, self, ("cover", "image"), "panel", px, py, pw, ph)
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
        """Fold to fold: a picture at the head (top bleed), then the back text on the back-cover colour,
        and the imprint standing on the foot margin."""
        ctx, g = self.ctx, self.geometry
        content, meta = ctx.content, ctx.content.meta
        canv.saveState()
        canv.setFillColor(ctx.layout_colour(ctx.layout.templates.back.background))
        canv.rect(g.offset + x, g.offset - g.bleed, w, g.trim_h + 2 * g.bleed, stroke=0, fill=1)
        head = g.offset + g.trim_h - g.top
        if self.faces.back_picture is not None:
            ph = back_picture_height(g)
            if draw_picture(canv, self, self.faces.back_picture, "back", g.offset + x, g.offset + g.trim_h - ph,
                            w, ph + g.bleed):
                head = g.offset + g.trim_h - ph - 9 * MM
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
        canv.setFillColor(ctx.colour("paper", 0.5))       # a short rule over the imprint
        canv.rect(left, top + 3 * MM, 10 * MM, 0.6 * MM, stroke=0, fill=1)
        for n, (text, h) in enumerate(zip(lines, heights, strict=True)):
            text_at(canv, text, style, left, top, width, Tag(content_key(ctx, "back", "line", n)))
            top -= h
        if content.back.text:
            h = text_at(canv, content.back.text, ctx.style("back_title"), left, head, width,
                        Tag(content_key(ctx, "back", "text")))
            self.record("text", (left, head - h, left + width, head), ctx.where(("back", "text")))
            check_fits(self, "back cover text", head - h, limit, ctx.where(("back", "text")))
        canv.restoreState()


def leaflet_story(ctx: Any) -> list[Flowable]:
    """The flap (introduction and contents), then the sections composed over the inside panels."""
    g = ctx.geometry
    units = section_units(ctx)
    plan = plan_leaflet(ctx, [h for _, _, h in units])
    flap = flap_flowables(ctx)
    story: list[Flowable] = [Stack(as_parts(flap))] if plan.flap_picture is not None else flap   # as measured
    story += [NextPageTemplate("inside"), PageBreak()]
    story += compose_panels(ctx, units, plan, g.trim_h - g.top - g.bottom)
    return story


def section_units(ctx: Any) -> list[tuple[Flowable, Any, float]]:
    """Each section as (its anchor, one unbreakable Stack of the rest, the Stack's height at the panels'
    text width)."""
    box = picture_boxes(ctx.layout, ctx.geometry)
    assert box is not None
    width = box.block_width                          # the narrowest panel's text width
    out = []
    for i, section in enumerate(ctx.content.sections):
        anchor, *rest = section_flowables(ctx, i, section, width)
        stack = Stack(as_parts(rest))                # each part marks itself (tagged editions)
        stack.where, stack.kind = rest[0].where, "section"   # type: ignore[attr-defined]
        stack.flowables = rest                       # the blocks, to flow one by one when they cannot fit
        out.append((anchor, stack, stack.wrap(width, 100_000)[1]))
    return out


def panel_picture(ctx: Any, index: int, width: float, height: float) -> Flowable | None:
    """Section `index`'s picture for the room a panel has to spare, prepared now (before layout)."""
    from ..images.pages import prepare_pictures
    from ..layout.flowables import PlacedPicture

    path = ("sections", index, "image")
    box = leaflet_boxes(ctx.layout, ctx.geometry, room=height)["panel"]     # as `brochure check` judges it
    assert abs(box[0] - width) < 0.01
    found = prepare_pictures(ctx, [(path, "panel", ctx.content.sections[index].image, box)])
    picture = found.get((path, "panel"))
    if picture is None:
        return None
    ctx.diags.extend(picture.findings)
    w, h = picture.placed.box
    out = PlacedPicture(str(picture.placed.path), w, h, None, space_before=0, space_after=0)
    out.where, out.kind = ctx.where(path + ("src",)), "image"   # type: ignore[attr-defined]
    if not ctx.content.sections[index].image.decorative:          # tagged editions: a Figure with its alt
        tag(out, content_key(ctx, *path), "Figure")
    return out


def flap_flowables(ctx: Any) -> list[Flowable]:
    """The flap's text: the introduction, then what the leaflet holds inside (its sections by number,
    title and subtitle)."""
    words = labels_for(ctx.layout.templates, ctx.content.meta.language)
    out: list[Flowable] = []
    if ctx.content.intro:
        if words.intro:
            out.append(tag(TextBlock(words.intro, ctx.style("heading")), content_key(ctx, "intro", "label"), "P"))
        out += paragraphs(ctx, ctx.content.intro, "lead", ("intro",), "introduction")
        out.append(Spacer(1, 7 * MM))
    out.append(tag(TextBlock(words.contents, ctx.style("heading")), content_key(ctx, "contents", "title"), "P"))
    for i, section in enumerate(ctx.content.sections):
        parts: list[Flowable] = [TextBlock(f"{i + 1:02d}  {text_of(ctx, section.title)}",
                                           ctx.style("toc_entry"))]
        if section.subtitle:
            parts.append(TextBlock(text_of(ctx, section.subtitle), ctx.style("toc_subtitle")))
        entry = Stack(parts, gap=1, space_before=2.5 * MM if i else 1 * MM)
        entry.where, entry.kind = ctx.where(("sections", i, "title")), "contents entry"
        out.append(tag(entry, content_key(ctx, "contents", i), "TOCI"))
    return out


def section_flowables(ctx: Any, i: int, section: Any, width: float) -> list[Flowable]:
    """A section as a short format sets it: number and title, subtitle, summary, the blocks it takes
    (a key-figure block as one unbreakable unit)."""
    parts: list[Flowable] = [Numbered(f"{i + 1:02d}", ctx.style("section_number"),
                                      marked(TextBlock(text_of(ctx, section.title), ctx.style("section_title")),
                                             content_key(ctx, "sections", i, "title"), "H1"))]
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
        share = CHART_SHARE if block_kind(block) == "chart" else 1.0
        out += render_block(block, ("sections", i, "body", j), width * share, ctx)   # (key figures: one unit)
    return out


def partition(heights: list[float], panels: int, gap: float, height: float) -> list[int] | None:
    """Where each panel starts (indices into `heights`) so that every panel holds at least one unit and
    fits `height` (`gap` between units), and the panels are as evenly full as they can be: the least
    sum of squared spare heights (a panel left nearly empty costs more than two half-full ones). None
    when no such sharing exists. Dynamic programming over (panels, units): n is a handful of sections."""
    n = len(heights)
    if n < panels or panels < 1:
        return None

    def spare(a: int, b: int) -> float:
        return height - sum(heights[a:b]) - gap * (b - a - 1)

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(panels + 1)]
    cut = [[0] * (n + 1) for _ in range(panels + 1)]
    best[0][0] = 0.0
    for k in range(1, panels + 1):
        for b in range(k, n + 1):
            for a in range(k - 1, b):
                room = spare(a, b)
                if room < 0 or best[k - 1][a] == inf:
                    continue
                value = best[k - 1][a] + room * room
                if value < best[k][b] - 1e-9:
                    best[k][b], cut[k][b] = value, a
    if best[panels][n] == inf:
        return None
    starts, b = [], n
    for k in range(panels, 0, -1):
        b = cut[k][b]
        starts.append(b)
    return list(reversed(starts))


def compose_panels(ctx: Any, units: list[tuple[Flowable, Any, float]], plan: Plan, height: float
                   ) -> list[Flowable]:
    """The sections over the inside panels as `plan` shares them out: a panel's picture over its
    section, the spare height set between the sections (at least SECTION_GAP). Without a plan the
    sections' blocks flow one by one (what does not fit is then reported by block)."""
    if plan.starts is None:
        out: list[Flowable] = []
        for i, (anchor, stack, _) in enumerate(units):
            blocks = list(stack.flowables)
            blocks[0].spaceBefore = 4 * MM if i else 0
            out += [anchor, *blocks]
        return out
    width = picture_boxes(ctx.layout, ctx.geometry).block_width   # type: ignore[union-attr]
    starts = plan.starts
    out = []
    for k, (a, b) in enumerate(zip(starts, starts[1:] + [len(units)], strict=True)):
        group = units[a:b]
        spare = height - 1.0 - sum(h for *_, h in group)      # 1 pt short of the foot: rounding
        picture = None
        if k in plan.panel_pictures:
            index, room = plan.panel_pictures[k]
            picture = panel_picture(ctx, index, width, room)
            if picture is not None:
                spare -= picture.wrap(width, room)[1] + PICTURE_GAP
        gap = spare / (len(group) - 1) if len(group) > 1 else 0.0
        for n, (anchor, stack, _) in enumerate(group):
            if n:
                out.append(Spacer(1, gap))
            out.append(anchor)
            if picture is not None and a + n == plan.panel_pictures[k][0]:
                # a lone section stands on the foot margin, under its picture at the head
                out += [picture, Spacer(1, PICTURE_GAP + (spare if len(group) == 1 else 0.0))]
            out.append(stack)
        if k < len(starts) - 1:
            out.append(FrameBreak())
    return out


story, DOC = leaflet_story, LeafletDoc
__all__ = ["DOC", "LeafletDoc", "Plan", "compose_panels", "fold_order", "folds", "leaflet_story", "panel_edges",
           "partition", "pictures", "plan_leaflet", "section_flowables", "section_units", "story"]
