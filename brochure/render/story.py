"""Assemble the whole story: cover, contents, one opener plus body per section, padding, back cover."""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, NextPageTemplate, PageBreak, Spacer

from ..layout.balance import SectionEnd
from ..layout.flowables import PadPages, SpanFloat, Stack
from ..layout.makeup import Closing, RunOn, is_float
from ..model.formats import blocks_for
from ..model.labels import labels_for
from ..tagging import Tag
from ..tagging.marks import marked
from ..text import TextBlock, parse_inline
from . import bilingual
from .blocks import render_block, rich, section_head, skey, spans_columns, text_of
from .contents import TocEntry
from .context import RenderContext

MM = 72 / 25.4


def section_heads(ctx: RenderContext, record: dict[str, int]) -> list[list[Flowable]]:
    if ctx.partner is not None:
        return [bilingual.section_head(ctx, ctx.partner, i, record) for i in range(len(ctx.content.sections))]
    return [section_head(ctx, i, s, record) for i, s in enumerate(ctx.content.sections)]


def head_height(parts: list[Flowable], width: float) -> float:
    return sum(p.wrap(width, 10_000)[1] for p in parts)


def build_story(ctx: RenderContext, heads: list[list[Flowable]]) -> list[Flowable]:
    content, layout, g = ctx.content, ctx.layout, ctx.geometry
    story: list[Flowable] = []
    if ctx.personal_page:        # drawn per recipient over this page (batch/personal.py)
        story += [NextPageTemplate("personal"), PageBreak()]
    story += [NextPageTemplate("contents"), PageBreak()]
    column = g.column_width
    share = bilingual.share_of(ctx, ctx.partner, column) if ctx.partner is not None else 0.5
    story += contents_page(ctx, share)
    for i, section in enumerate(content.sections):
        if i and layout.makeup.run_on:
            story.append(RunOn(i))         # on the page before, under a divider, when there is room
        else:
            story += [NextPageTemplate(f"opener{i}"), PageBreak()]
        story += heads[i]
        story.append(FrameBreak())
        if ctx.partner is not None:
            story += bilingual.body_rows(ctx, ctx.partner, i, column, share)
            story.append(SectionEnd())
            continue
        for j, block in blocks_for(section.body, layout.format):     # a block's `formats:` may leave it out
            path = ("sections", i, "body", j)
            if spans_columns(block, ctx):     # a float of the full text width (layout/spans.py)
                story += [SpanFloat(f) for f in render_block(block, path, g.text_width, ctx)]
            else:
                story += render_block(block, path, column, ctx)
        story.append(SectionEnd())
    story.append(Closing())              # the back cover's text may move up to the last body page
    if layout.page.binding == "saddle-stitch" and ctx.edition.bleed:
        # Only the edition for the printer is stitched; screen and archive editions end with the back
        # cover (the pages before it are numbered the same in every edition).
        story.append(PadPages(4, after=1, template="notes"))
    story += [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
    if not layout.makeup.float_figures:
        for f in story:
            if is_float(f):
                f._floated = True          # marks it as placed where it falls (layout/balance.py)
    return story


def contents_page(ctx: RenderContext, share: float = 0.5) -> list[Flowable]:
    words = labels_for(ctx.layout.templates, ctx.content.meta.language)
    title_parts: list[Flowable] = [TextBlock(words.contents, ctx.style("toc_title"))]
    if words.contents_latin:
        title_parts.append(TextBlock(words.contents_latin, ctx.style("header", colour=ctx.colour("primary"),
                                                                 letter_spacing=0.3)))
    out: list[Flowable] = [Stack(title_parts, gap=2, space_after=10 * MM)]
    out[0].tag = Tag(skey(ctx, ("contents", "title")), "P")  # type: ignore[attr-defined]
    partner = ctx.partner
    for i, section in enumerate(ctx.content.sections):
        # bilingual: the translated title where a subtitle would be
        under = partner.content.sections[i].title if partner else section.subtitle
        entry = TocEntry(ctx, i, text_of(ctx, section.title), text_of(partner or ctx, under) if under else None,
                         partner)
        entry.where = ctx.where(("sections", i, "title"))  # type: ignore[attr-defined]
        entry.kind = "contents-entry"  # type: ignore[attr-defined]
        entry.tag = Tag(skey(ctx, ("contents", i)), "TOCI")  # type: ignore[attr-defined]
        out.append(entry)
    if ctx.content.intro:
        parts: list[Flowable] = []
        if partner is not None:
            other = labels_for(partner.layout.templates, partner.content.meta.language).intro
            # the translation's word as a span of its language: its faces and /Lang (text/lang.py)
            heading = "  ".join(w for w in (words.intro, other and f"[{other}]{{lang={partner.content.meta.language}}}")
                                if w)
        else:
            heading = words.intro
        if heading:
            parts.append(marked(TextBlock(parse_inline(heading) if partner else heading, ctx.style("heading")),
                                skey(ctx, ("intro", "label")), "P"))
        parts += bilingual.intro_rows(ctx, partner, share) if partner else \
            [marked(TextBlock(rich(ctx, part), ctx.style("lead")), skey(ctx, ("intro", k)), "P")
             for k, part in enumerate(ctx.content.intro.split("\n"))]
        box = Stack(parts, gap=2, pad=7 * MM, background=ctx.colour("tint"), space_before=12 * MM)
        box.where = ctx.where(("intro",))  # type: ignore[attr-defined]
        box.kind = "intro"  # type: ignore[attr-defined]
        out.append(box)
    return out
