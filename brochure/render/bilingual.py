"""RENDER, bilingual editions: the source and its translation side by side (`--lang zh-CN+en`).

Every block becomes one `PairRow` (layout/pairs.py): the source language on the left, the translation
on the right, both at half the text width, tops level, so the two languages stay in step block by
block and section by section. A picture is shown once, across the whole width, with its caption in
both languages under it. Section heads, the contents page and the introduction carry both languages.
The translation is rendered with its own context (its language's rules and styles) sharing fonts,
diagnostics and the edition.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from ..layout.flowables import Anchor, Stack
from ..layout.pairs import PairRow
from ..model import content as m
from ..text import TextBlock
from .blocks import caption_block, render_block, rich, text_of
from .context import RenderContext

MM = 72 / 25.4


def gutter(ctx: RenderContext) -> float:
    return float(ctx.geometry.gutter) if ctx.geometry is not None else 6 * MM


SHARES = (0.36, 0.64)   # the narrowest and widest the source's column may be


def share_of(ctx: RenderContext, partner: RenderContext, width: float) -> float:
    """The source's part of the width so that both languages' running text comes out about as long:
    each side's paragraphs are set at half the width, and the width is shared as their heights are."""
    col = (width - gutter(ctx)) / 2
    heights = []
    for c in (ctx, partner):
        texts = [c.content.intro or ""] + [b.paragraph for s in c.content.sections for b in s.body
                                           if isinstance(b, m.Paragraph)]
        heights.append(sum(TextBlock(rich(c, part), c.style("body")).wrap(col, 1e6)[1]
                           for t in texts if t for part in t.split("\n")))     # paragraphs: model/text.py
    total = sum(heights)
    return min(max(heights[0] / total, SHARES[0]), SHARES[1]) if total else 0.5


def body_rows(ctx: RenderContext, partner: RenderContext, index: int, width: float, share: float
              ) -> list[Flowable]:
    """One section's body: a PairRow per block (pictures across the width, captions paired)."""
    out: list[Flowable] = []
    own, other = ctx.content.sections[index].body, partner.content.sections[index].body
    lw = (width - gutter(ctx)) * share
    rw = width - gutter(ctx) - lw
    for j, (block, twin) in enumerate(zip(own, other, strict=True)):
        path = ("sections", index, "body", j)
        if isinstance(block, m.ImageBlock):
            out += picture(ctx, partner, block, twin, path, width, share)
            continue
        left = render_block(block, path, lw, ctx)
        right = render_block(twin, path, rw, partner)
        row = PairRow(left, right, gutter(ctx), space_before=_space(left, right, "getSpaceBefore"),
                      space_after=_space(left, right, "getSpaceAfter"), share=share)
        row.where = ctx.where(path)  # type: ignore[attr-defined]
        row.kind = type(block).__name__.removesuffix("Block").lower()  # type: ignore[attr-defined]
        if isinstance(block, m.HeadingBlock):
            row.keepWithNext = True
        out.append(row)
    return out


def _space(left: list[Flowable], right: list[Flowable], which: str) -> float:
    ends = [side[0] if which == "getSpaceBefore" else side[-1] for side in (left, right) if side]
    return max((getattr(f, which)() for f in ends), default=0.0)


def picture(ctx: RenderContext, partner: RenderContext, block: m.ImageBlock, twin: m.ImageBlock,
            path: tuple[Any, ...], width: float, share: float) -> list[Flowable]:
    """The picture once, across the width; under it the caption in both languages, side by side."""
    drawn = render_block(block, path, width, ctx)
    for f in drawn:
        if hasattr(f, "caption"):
            own, other = caption_block(ctx, block.image), caption_block(partner, twin.image)
            f.caption = PairRow([own] if own else [], [other] if other else [], gutter(ctx), share=share) \
                if own or other else None
    return drawn


def section_head(ctx: RenderContext, partner: RenderContext, index: int, record: dict[str, int]
                 ) -> list[Flowable]:
    """Number, then the title and subtitle in both languages: the translation's under the source's."""
    section, twin = ctx.content.sections[index], partner.content.sections[index]
    parts: list[Flowable] = [
        TextBlock(f"{index + 1:02d}", ctx.style("section_number")),
        TextBlock(text_of(ctx, section.title), ctx.style("section_title")),
        TextBlock(text_of(partner, twin.title), partner.style(
            "section_title_translation" if "section_title_translation" in partner.layout.styles
            else "section_subtitle")),
    ]
    subtitles = [TextBlock(text_of(c, s.subtitle), c.style("section_subtitle"))
                 for c, s in ((ctx, section), (partner, twin)) if s.subtitle]
    if subtitles:
        parts.append(PairRow(subtitles[:1], subtitles[1:], gutter(ctx)))
    head = Stack(parts, gap=3, rule_bottom=None, space_after=0)
    head.where = ctx.where(("sections", index, "title"))  # type: ignore[attr-defined]
    head.kind = "section-head"  # type: ignore[attr-defined]
    return [Anchor(f"s{index}", section.title, 0, record), head]   # the outline as preflight expects it


def intro_rows(ctx: RenderContext, partner: RenderContext, share: float) -> list[Flowable]:
    """The introduction in both languages, side by side (for the contents page's box)."""
    if not ctx.content.intro:
        return []
    left: list[Flowable] = [TextBlock(rich(ctx, part), ctx.style("lead")) for part in ctx.content.intro.split("\n")]
    right: list[Flowable] = [TextBlock(rich(partner, part), partner.style("lead"))
                             for part in (partner.content.intro or "").split("\n") if part]
    return [PairRow(left, right, gutter(ctx), share=share)]
