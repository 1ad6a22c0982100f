"""Poster and roll-up banner (RENDER + MAKEUP): one large page from the title, the cover picture, the
key figures and a short text.

The cover picture runs full bleed across the head of the page (`templates.opener.image_height` of the
page); under it the kicker, the title and subtitle, the content's `summary:` and the key figures (the
figures blocks the poster takes, at most `format.figures` of them, set as one row or two), and any other
block chosen for posters; a band in the back-cover colour at the foot carries the back text and the
imprint. The foot margin (page.margins.bottom) keeps everything out of a banner's cassette. Text that
does not fit is reported by block (formats/doc.py).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate, Spacer

from ..layout.pages import check_fits, draw_picture, text_at
from ..model import content as m
from ..model.formats import POSTER_MAX_PICTURE, poster_takes
from ..model.labels import colon
from ..render.blocks import render_block, text_of
from ..tagging import Tag
from ..tagging.marks import tag
from ..text import TextBlock
from .doc import FormatDoc, content_key, paragraphs

MM = 72 / 25.4


class PosterDoc(FormatDoc):
    what = "poster"

    def _templates(self, head_heights: list[float]) -> None:
        g = self.geometry
        self.image_h = picture_height(self.ctx)
        self.band_h = band_height(self.ctx, g)
        top = g.trim_h - self.image_h - g.top
        bottom = g.bottom + self.band_h
        main = self.frame(g.inner, bottom, g.text_width, top - bottom, "poster")
        spill = self.frame(g.inner, bottom, g.text_width, top - bottom, "over")
        self.addPageTemplates([PageTemplate("poster:R", [main], onPage=self.draw_page,
                                            autoNextPageTemplate="overflow:R"),
                               self.overflow_template([spill])])

    def draw_page(self, canv: Canvas, doc: Any) -> None:
        ctx, g = self.ctx, self.geometry
        content = ctx.content
        bx, by, bw, bh = g.bleed_rect()
        y = g.offset + g.trim_h - self.image_h
        canv.saveState()
        drawn = content.cover.image is not None and draw_picture(canv, self, ("cover", "image"), "head", bx, y,
                                                                 bw, self.image_h + g.bleed)
        if not drawn:
            canv.setFillColor(ctx.colour("primary"))
            canv.rect(bx, y, bw, self.image_h + g.bleed, stroke=0, fill=1)
        canv.setFillColor(ctx.colour("primary"))              # an accent edge under the picture
        canv.rect(bx, y - 0.004 * g.trim_h, bw, 0.004 * g.trim_h, stroke=0, fill=1)
        band_top = g.offset + g.bottom + self.band_h - 0.02 * g.trim_h
        canv.setFillColor(ctx.layout_colour(ctx.layout.templates.back.background))
        canv.rect(bx, by, bw, band_top - by, stroke=0, fill=1)
        left, width = g.offset + g.inner, g.text_width
        top = band_top - 0.025 * g.trim_h
        if content.back.text:
            h = text_at(canv, content.back.text, ctx.style("back_title"), left, top, width,
                        Tag(content_key(ctx, "back", "text")))
            self.record("text", (left, top - h, left + width, top), ctx.where(("back", "text")))
            top -= h + 0.01 * g.trim_h
        top -= text_at(canv, imprint(content, content.meta), ctx.style("back_text"), left, top, width,
                       Tag(content_key(ctx, "back", "imprint")))
        check_fits(self, "back text and imprint", top, g.offset + g.bottom, ctx.where(("back",)))
        canv.restoreState()


def pictures(ctx: Any) -> list[tuple[tuple[Any, ...], str, Any, tuple[float, float]]]:
    """RESOLVE: the cover picture for the head of the page (images/pages.prepare_pictures)."""
    g = ctx.geometry
    image = ctx.content.cover.image
    return [] if image is None else [(("cover", "image"), "head", image,
                                      (g.trim_w + 2 * g.bleed, picture_height(ctx) + g.bleed))]


MAX_PICTURE = POSTER_MAX_PICTURE   # the cover picture takes at most this share of the page's height


def picture_height(ctx: Any) -> float:
    """The cover picture's height: the layout's (templates.opener.image_height), grown by the height
    the text would leave empty above the foot band, up to MAX_PICTURE of the page: the picture, not a
    blank, takes what the text does not need. Measured in a context of its own (nothing reported
    twice); 2 % of the page is kept in hand for the frame's rounding."""
    from dataclasses import replace

    from ..diagnostics import Diagnostics

    g = ctx.geometry
    base = ctx.layout.templates.opener.image_height.pt(whole=g.trim_h)
    frame_h = g.trim_h - base - g.top - g.bottom - band_height(ctx, g)
    flow = poster_story(replace(ctx, diags=Diagnostics()))
    need = 0.0
    for n, f in enumerate(flow):
        need += f.wrap(g.text_width, 1e6)[1] + (f.getSpaceBefore() if n else 0.0) + f.getSpaceAfter()
    spare = frame_h - need - 0.02 * g.trim_h
    return min(max(base, base + spare), max(base, MAX_PICTURE * g.trim_h))


def band_height(ctx: Any, g: Any) -> float:
    """The foot band above the foot margin: a tenth of the page, or what its texts need."""
    content, meta = ctx.content, ctx.content.meta
    need = 0.06 * g.trim_h                        # the gaps above, between and under the texts
    if content.back.text:
        need += TextBlock(content.back.text, ctx.style("back_title")).wrap(g.text_width, 1e6)[1]
    need += TextBlock(imprint(content, meta), ctx.style("back_text")).wrap(g.text_width, 1e6)[1]
    return max(0.1 * g.trim_h, need)


def imprint(content: Any, meta: Any) -> str:
    parts = [*content.back.contact, meta.title + (colon(meta.language) + meta.subtitle if meta.subtitle else "")]
    return "  ·  ".join(parts)


def poster_story(ctx: Any) -> list[Flowable]:
    content, g = ctx.content, ctx.geometry
    gap = 0.012 * g.trim_h
    story: list[Flowable] = []
    if content.cover.kicker:
        story.append(tag(TextBlock(text_of(ctx, content.cover.kicker),
                                   ctx.style("cover_kicker", colour=ctx.colour("primary"))),
                         content_key(ctx, "cover", "kicker"), "P"))
        story.append(Spacer(1, gap / 2))
    title = TextBlock(text_of(ctx, content.meta.title), ctx.style("cover_title", colour=ctx.colour("ink")))
    title.where, title.kind = ctx.where(("meta", "title")), "title"
    story.append(tag(title, content_key(ctx, "meta", "title"), "H1"))      # the poster's one heading
    if content.meta.subtitle:
        story.append(tag(TextBlock(text_of(ctx, content.meta.subtitle),
                                   ctx.style("cover_subtitle", colour=ctx.colour("muted"))),
                         content_key(ctx, "meta", "subtitle"), "P"))
    story.append(Spacer(1, gap))
    if content.summary:
        story += paragraphs(ctx, content.summary, "lead", ("summary",), "summary") + [Spacer(1, gap)]
    story += poster_blocks(ctx, g.text_width)
    return story


def poster_blocks(ctx: Any, width: float) -> list[Flowable]:
    """The key figures of the blocks a poster takes, as one set (at most format.figures), then the
    other blocks chosen for posters."""
    figures, first, others = poster_takes(ctx.content.sections, ctx.layout.format)
    out: list[Flowable] = []
    if figures and first is not None:
        out += render_block(m.FiguresBlock(figures=figures, formats=None), first, width, ctx)
    return out + [f for path, block in others for f in render_block(block, path, width, ctx)]


story, DOC = poster_story, PosterDoc
__all__ = ["DOC", "PosterDoc", "band_height", "imprint", "picture_height", "pictures", "poster_blocks", "story"]
