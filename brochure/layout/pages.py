"""Page decorations drawn by the page templates: cover, section openers, running header and footer,
contents title, note pages and the back cover. Backgrounds and full-bleed pictures reach into the bleed.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from ..images.options import options_for
from ..images.place import ImageProblem, prepare
from ..images.resolution import check_resolution
from ..model.labels import colon, date_text, labels_for
from ..text import TextBlock
from .pictures import draw_image

MM = 72 / 25.4


def text_at(canv: Canvas, content: Any, style: Any, x: float, top: float, width: float) -> float:
    """Draw a text block with its top at `top`; returns its height."""
    block = TextBlock(content, style)
    _, h = block.wrapOn(canv, width, 10_000)
    block.drawOn(canv, x, top - h)
    return h


def check_fits(doc: Any, what: str, foot: float, limit: float, where: Any) -> None:
    """Text a page template places itself (cover, back cover) must end above `limit`; the frames of the
    flowing text cannot overflow (ReportLab stops with layout.too-large), these can."""
    if foot < limit - 0.5:
        doc.ctx.diags.error("layout.text-overflow", f"the {what} runs {(limit - foot) / MM:.1f} mm past the "
                            f"space it has on page {doc.page}", where,
                            "shorten the text, or make its style smaller in the layout",
                            edition=doc.ctx.edition.name, page=doc.page)


def draw_picture(canv: Canvas, doc: Any, image: Any, path: tuple[Any, ...], x: float, y: float, w: float,
                 h: float) -> bool:
    """Place a content image cropped to fill (x, y, w, h); problems become diagnostics."""
    ctx = doc.ctx
    opts = options_for(ctx.edition)  # target ppi, quality, the print edition's CMYK profile, flattening
    where = ctx.where(path + ("src",))
    try:
        placed = prepare(ctx.base_dir / image.src, w, h, "cover", image.focus, opts.ppi, opts.quality,
                         opts.cmyk_profile, flatten=opts.flatten)
    except ImageProblem as exc:
        ctx.diags.error(exc.code, str(exc), where, exc.hint)
        return False
    if opts.check_resolution:
        check_resolution(placed, ctx.layout.images, ctx.diags, where, ctx.edition.name)
    doc.record_image(placed, path)
    doc.record("image", (x, y, x + w, y + h), where)
    draw_image(canv, str(placed.path), x, y, w, h)
    return True


def draw_cover(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    content, tpl = ctx.content, ctx.layout.templates.cover
    bx, by, bw, bh = g.bleed_rect()
    canv.saveState()
    has_image = content.cover.image is not None and draw_picture(
        canv, doc, content.cover.image, ("cover", "image"), bx, by, bw, bh)
    if not has_image:
        canv.setFillColor(ctx.colour("primary"))
        canv.rect(bx, by, bw, bh, stroke=0, fill=1)
    # Smooth darkening at the head (title) and the foot (imprint) so white type reads on any picture.
    steps = 40
    for i in range(steps):
        alpha = tpl.overlay_opacity * (1 - i / steps) ** 1.5
        canv.setFillColor(ctx.colour(tpl.overlay, alpha))
        band = bh * 0.45 / steps
        canv.rect(bx, by + band * i, bw, band, stroke=0, fill=1)
        canv.rect(bx, by + bh - band * (i + 1), bw, band, stroke=0, fill=1)
    left = g.offset + g.inner
    width = g.text_width
    top = g.offset + g.trim_h * (1 - tpl.title_position)
    if content.cover.kicker:
        kh = text_at(canv, content.cover.kicker, ctx.style("cover_kicker"), left, top, width)
        top -= kh + 5 * MM
    canv.setFillColor(ctx.colour("primary"))
    canv.rect(left, top - 1 * MM, 14 * MM, 2 * MM, stroke=0, fill=1)
    top -= 6 * MM
    h = text_at(canv, content.meta.title, ctx.style("cover_title"), left, top, width)
    doc.record("text", (left, top - h, left + width, top), ctx.where(("meta", "title")))
    bottom, what = top - h, "cover title"
    if content.meta.subtitle:
        sh = text_at(canv, content.meta.subtitle, ctx.style("cover_subtitle"), left, top - h - 3 * MM, width)
        bottom, what = top - h - 3 * MM - sh, "cover subtitle"
        doc.record("text", (left, bottom, left + width, top - h - 3 * MM), ctx.where(("meta", "subtitle")))
    if ctx.partner is not None:          # bilingual: the translation's title under the source's
        other = ctx.partner.content.meta
        top_t = bottom - 6 * MM
        th = text_at(canv, other.title, ctx.partner.style("cover_subtitle"), left, top_t, width)
        bottom, what = top_t - th, "cover title of the translation"
        doc.record("text", (left, bottom, left + width, top_t), ctx.partner.where(("meta", "title")))
    foot = [x for x in (content.meta.publisher, content.meta.edition) if x]
    check_fits(doc, what, bottom, g.offset + g.bottom + (10 * MM if foot else 0),
               ctx.where(("meta", "subtitle" if content.meta.subtitle else "title")))
    if foot:
        canv.setStrokeColor(ctx.colour("paper", 0.6))
        canv.setLineWidth(0.5)
        canv.line(left, g.offset + g.bottom + 6 * MM, left + width, g.offset + g.bottom + 6 * MM)
        text_at(canv, "  ·  ".join(foot), ctx.style("cover_meta"), left, g.offset + g.bottom + 3 * MM, width)
    canv.restoreState()


def draw_opener(canv: Canvas, doc: Any, index: int) -> None:
    ctx, g = doc.ctx, doc.geometry
    section = ctx.content.sections[index]
    doc.current_section = index
    img_h = doc.opener_heights[index]
    bx, _, bw, _ = g.bleed_rect()
    y = g.offset + g.trim_h - img_h
    h = img_h + g.bleed
    canv.saveState()
    drawn = section.image is not None and draw_picture(canv, doc, section.image, ("sections", index, "image"),
                                                        bx, y, bw, h)
    if not drawn:
        canv.setFillColor(ctx.layout_colour(ctx.layout.templates.opener.band))
        canv.rect(bx, y, bw, h, stroke=0, fill=1)
        style = ctx.style("section_number", size=150.0, leading=150.0, colour=ctx.colour("paper", 0.18))
        text_at(canv, f"{index + 1:02d}", style, g.offset + g.outer, y + 150, g.text_width)
    canv.restoreState()
    if section.image is not None and section.image.caption and drawn:
        style = ctx.style("credit", colour=ctx.colour("muted"))
        caption = section.image.caption + (f"  {section.image.credit}" if section.image.credit else "")
        left, _ = g.margins(doc.page % 2 == 1)
        text_at(canv, caption, style, g.offset + left, y - 2.5 * MM, g.text_width)
    draw_footer(canv, doc)


def draw_body(canv: Canvas, doc: Any) -> None:
    draw_header(canv, doc)
    draw_footer(canv, doc)


def draw_header(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    if not ctx.layout.header.enabled:
        return
    recto = doc.page % 2 == 1
    left, right = g.margins(recto)
    y = g.offset + g.trim_h - g.top + 8 * MM
    style_name = "header"
    title = ctx.content.meta.title
    section = ctx.content.sections[doc.current_section] if doc.current_section is not None else None
    text = (f"{doc.current_section + 1:02d}  {section.title}" if recto and section is not None else title)
    align = "right" if recto else "left"
    text_at(canv, text, ctx.style(style_name, align=align), g.offset + left, y + 7, g.text_width)
    if ctx.layout.header.rule:
        canv.saveState()
        canv.setStrokeColor(ctx.colour("rule"))
        canv.setLineWidth(0.4)
        canv.line(g.offset + left, y - 3, g.offset + g.trim_w - right, y - 3)
        canv.restoreState()


def draw_footer(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    if not ctx.layout.footer.page_numbers:
        return
    recto = doc.page % 2 == 1
    left, right = g.margins(recto)
    y = g.offset + g.bottom - 10 * MM
    number = f"{doc.page:02d}"
    style = ctx.style("footer", align="right" if recto else "left")
    canv.saveState()
    canv.setFillColor(ctx.colour("primary"))
    bar_w = 6 * MM
    if recto:
        bar_x = g.offset + g.trim_w - right - bar_w
        text_at(canv, number, style, g.offset + left, y + 8, g.text_width - bar_w - 2.5 * MM)
    else:
        bar_x = g.offset + left
        text_at(canv, number, style, bar_x + bar_w + 2.5 * MM, y + 8, g.text_width)
    canv.rect(bar_x, y + 2.2, bar_w, 1.6, stroke=0, fill=1)
    canv.restoreState()


def draw_notes(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    tpl = ctx.layout.templates.notes
    recto = doc.page % 2 == 1
    left, right = g.margins(recto)
    top = g.offset + g.trim_h - g.top
    title = labels_for(ctx.layout.templates, ctx.content.meta.language).notes
    h = text_at(canv, title, ctx.style("notes_title"), g.offset + left, top, g.text_width)
    canv.saveState()
    canv.setFillColor(ctx.colour("primary"))
    canv.rect(g.offset + left, top + 4 * MM, 10 * MM, 1.6, stroke=0, fill=1)
    if tpl.lines:
        canv.setStrokeColor(ctx.colour("rule"))
        canv.setLineWidth(0.4)
        y = top - h - 12 * MM
        while y > g.offset + g.bottom:
            canv.line(g.offset + left, y, g.offset + g.trim_w - right, y)
            y -= 9 * MM
    canv.restoreState()
    draw_footer(canv, doc)


def draw_back(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    content = ctx.content
    bx, by, bw, bh = g.bleed_rect()
    canv.saveState()
    canv.setFillColor(ctx.layout_colour(ctx.layout.templates.back.background))
    canv.rect(bx, by, bw, bh, stroke=0, fill=1)
    left = g.offset + g.outer
    width = g.text_width
    top = g.offset + g.trim_h * 0.62
    if content.back.text:
        for part in content.back.text.split("\n"):       # paragraphs (model/text.py)
            top -= text_at(canv, part, ctx.style("back_title"), left, top, width * 0.8)
        top -= 10 * MM
        if ctx.partner is not None and ctx.partner.content.back.text:
            top += 5 * MM                # bilingual: the translation's line closer under it
            for part in ctx.partner.content.back.text.split("\n"):
                top -= text_at(canv, part, ctx.partner.style("back_text"), left, top, width * 0.8)
            top -= 8 * MM
    canv.setStrokeColor(ctx.colour("paper", 0.7))
    canv.setLineWidth(0.6)
    canv.line(left, top, left + 20 * MM, top)
    top -= 6 * MM
    lines = list(content.back.contact)
    meta = content.meta
    colophon = meta.title + (colon(meta.language) + meta.subtitle if meta.subtitle else "")
    issue = " · ".join(x for x in (meta.edition, date_text(meta.date, meta.language) if meta.date else None) if x)
    lines += [x for x in (colophon, issue) if x]
    for line in lines:
        top -= text_at(canv, line, ctx.style("back_text"), left, top, width) + 1.5 * MM
    check_fits(doc, "back cover text", top + 1.5 * MM, g.offset + g.bottom, ctx.where(("back",)))
    canv.restoreState()
