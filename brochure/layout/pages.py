"""Page decorations drawn by the page templates: cover, section openers, running header and footer,
contents title, note pages and the back cover. Backgrounds and full-bleed pictures reach into the bleed.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas

from ..model.labels import colon, date_text, labels_for
from ..tagging import Tag
from ..tagging.marks import piece
from ..text import TextBlock
from ..text.typography import with_credit
from .pictures import draw_image
from .scrim import Head, head_for, luminance, picture_rows

MM = 72 / 25.4


def text_at(canv: Canvas, content: Any, style: Any, x: float, top: float, width: float,
            tag: Tag | None = None) -> float:
    """Draw a text block with its top at `top`; returns its height. With a `tag` it is content of the
    structure tree (tagged editions), else part of the page template's artifact."""
    block = TextBlock(content, style)
    _, h = block.wrapOn(canv, width, 10_000)
    if tag is None:
        block.drawOn(canv, x, top - h)
    else:
        with piece(canv, tag):
            block.drawOn(canv, x, top - h)
    return h


def key(ctx: Any, *path: Any) -> tuple[Any, ...]:
    """The structure key of a content element drawn by a page template (tagging/structure.py)."""
    return (ctx.content.meta.language,) + path


SENTENCE_END = re.compile(r"(?<=[。！？!?])(?=\S)|(?<=[.!?]) +")


def sentences_at(canv: Canvas, text: str, style: Any, x: float, top: float, width: float) -> float:
    """Display text (back cover, cover lines) with a line break at every sentence end: each sentence
    starts a line, so a short clause like '天心担当。' never stands alone on one. Returns the height."""
    y = top
    for sentence in (t for t in SENTENCE_END.split(text) if t.strip()):
        y -= text_at(canv, sentence.strip(), style, x, y, width)
    return top - y


def check_fits(doc: Any, what: str, foot: float, limit: float, where: Any) -> None:
    """Text a page template places itself (cover, back cover) must end above `limit`; the frames of the
    flowing text cannot overflow (ReportLab stops with layout.too-large), these can."""
    if foot < limit - 0.5:
        doc.ctx.diags.error("layout.text-overflow", f"the {what} runs {(limit - foot) / MM:.1f} mm past the "
                            f"space it has on page {doc.page}", where,
                            "shorten the text, or make its style smaller in the layout",
                            edition=doc.ctx.edition.name, page=doc.page)


def content_at(ctx: Any, path: tuple[Any, ...]) -> Any:
    """The content model's object at YAML `path` (("sections", 2, "image") -> that section's image)."""
    node = ctx.content
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return node


def draw_picture(canv: Canvas, doc: Any, path: tuple[Any, ...], variant: str, x: float, y: float, w: float,
                 h: float) -> bool:
    """Place the picture at YAML `path`, prepared for this box (`variant`) before layout
    (images.pages.page_pictures), and file what was found about it there; False when it could not be
    prepared (already reported)."""
    picture = doc.page_pictures.get((path, variant))
    if picture is None:
        return False
    image = content_at(doc.ctx, path)
    doc.ctx.diags.extend(picture.findings)
    doc.record_image(picture.placed, path)
    doc.record("image", (x, y, x + w, y + h), doc.ctx.where(path + ("src",)))
    with piece(canv, None if image.decorative else Tag(key(doc.ctx, *path), "Figure")):
        draw_image(canv, str(picture.placed.path), x, y, w, h)
    return True


def over_paper(colour: Color, opacity: float) -> Color:
    """`colour` laid at `opacity` over white paper, in the colour's own space (RGB or CMYK)."""
    if isinstance(colour, CMYKColor):
        return CMYKColor(*(v * opacity for v in (colour.cyan, colour.magenta, colour.yellow, colour.black)))
    return Color(*(1 - opacity * (1 - v) for v in (colour.red, colour.green, colour.blue)))


def darken(canv: Canvas, colour: Color, opacity: float, x: float, y: float, w: float, h: float,
           from_top: bool, stops: int = 6, hold: float = 0.0) -> None:
    """A smooth darkening of what lies under (x, y, w, h): `opacity` of `colour` at one edge, held to
    `hold` of the way, easing to nothing at the other. One axial shading (a handful of operators, no
    bands) in Multiply blend mode: paper colour leaves the picture as it is, so the shading needs no
    soft mask."""
    if hold > 0:
        ts = [0.0] + [hold + (1 - hold) * i / (stops - 1) for i in range(stops)]
        colours = [over_paper(colour, opacity)] + [over_paper(colour, opacity * (1 - i / (stops - 1)) ** 1.5)
                                                   for i in range(stops)]
    else:
        ts = [i / (stops - 1) for i in range(stops)]
        colours = [over_paper(colour, opacity * (1 - t) ** 1.5) for t in ts]
    edge, far = (y + h, y) if from_top else (y, y + h)
    canv.saveState()
    canv.setBlendMode("Multiply")
    path = canv.beginPath()
    path.rect(x, y, w, h)
    canv.clipPath(path, stroke=0, fill=0)
    canv.linearGradient(x, edge, x, far, colours, ts, extend=False)
    canv.restoreState()


def shade_band(canv: Canvas, top: Color, bottom: Color, x: float, y: float, w: float, h: float) -> None:
    """A field shading smoothly from `top` to `bottom` (one axial shading)."""
    canv.saveState()
    path = canv.beginPath()
    path.rect(x, y, w, h)
    canv.clipPath(path, stroke=0, fill=0)
    canv.linearGradient(x, y + h, x + w * 0.35, y, [top, bottom], [0.0, 1.0], extend=True)
    canv.restoreState()


# The cover's title block, top down (draw_cover sets it, cover_lines measures it for the darkening):
KICKER_GAP = 5 * MM       # under the kicker
BAR_GAP = 6 * MM          # from the primary bar's top to the title
SUBTITLE_GAP = 3 * MM     # title to subtitle
PARTNER_GAP = 6 * MM      # to a bilingual edition's translated title


def draw_cover(canv: Canvas, doc: Any) -> None:
    ctx, g = doc.ctx, doc.geometry
    content, tpl = ctx.content, ctx.layout.templates.cover
    bx, by, bw, bh = g.bleed_rect()
    canv.saveState()
    has_image = content.cover.image is not None and draw_picture(canv, doc, ("cover", "image"), "page", bx, by, bw, bh)
    if not has_image:
        canv.setFillColor(ctx.colour("primary"))
        canv.rect(bx, by, bw, bh, stroke=0, fill=1)
    # Smooth darkening at the head (title) and the foot (imprint) so white type reads on any picture;
    # held further down and deeper where the picture behind the title block is too bright for it.
    band = bh * 0.45
    left = g.offset + g.inner
    width = g.text_width
    top = g.offset + g.trim_h * (1 - tpl.title_position)
    head = Head(tpl.overlay_opacity, band)
    if has_image:
        head = _head_for_type(canv, doc, head, (bx, by, bw, bh), left, top, width)
    darken(canv, ctx.colour(tpl.overlay), head.opacity, bx, by + bh - head.band, bw, head.band, from_top=True,
           hold=head.hold)
    darken(canv, ctx.colour(tpl.overlay), tpl.overlay_opacity, bx, by, bw, band, from_top=False)
    if content.cover.kicker:
        kh = text_at(canv, content.cover.kicker, ctx.style("cover_kicker"), left, top, width,
                     Tag(key(ctx, "cover", "kicker")))
        top -= kh + KICKER_GAP
    canv.setFillColor(ctx.colour("primary"))
    canv.rect(left, top - 1 * MM, 14 * MM, 2 * MM, stroke=0, fill=1)
    top -= BAR_GAP
    h = text_at(canv, content.meta.title, ctx.style("cover_title"), left, top, width, Tag(key(ctx, "meta", "title")))
    doc.record("text", (left, top - h, left + width, top), ctx.where(("meta", "title")))
    bottom, what = top - h, "cover title"
    if content.meta.subtitle:
        sh = text_at(canv, content.meta.subtitle, ctx.style("cover_subtitle"), left, top - h - SUBTITLE_GAP, width,
                     Tag(key(ctx, "meta", "subtitle")))
        bottom, what = top - h - SUBTITLE_GAP - sh, "cover subtitle"
        doc.record("text", (left, bottom, left + width, top - h - SUBTITLE_GAP), ctx.where(("meta", "subtitle")))
    if ctx.partner is not None:          # bilingual: the translation's title under the source's
        other = ctx.partner.content.meta
        top_t = bottom - PARTNER_GAP
        th = text_at(canv, other.title, ctx.partner.style("cover_subtitle"), left, top_t, width,
                     Tag(key(ctx.partner, "meta", "title")))
        bottom, what = top_t - th, "cover title of the translation"
        doc.record("text", (left, bottom, left + width, top_t), ctx.partner.where(("meta", "title")))
    foot = [x for x in (content.meta.publisher, content.meta.edition) if x]
    check_fits(doc, what, bottom, g.offset + g.bottom + (10 * MM if foot else 0),
               ctx.where(("meta", "subtitle" if content.meta.subtitle else "title")))
    if foot:
        canv.setStrokeColor(ctx.colour("paper", 0.6))
        canv.setLineWidth(0.5)
        canv.line(left, g.offset + g.bottom + 6 * MM, left + width, g.offset + g.bottom + 6 * MM)
        text_at(canv, "  ·  ".join(foot), ctx.style("cover_meta"), left, g.offset + g.bottom + 3 * MM, width,
                Tag(key(ctx, "meta", "publisher")))
    canv.restoreState()


def cover_lines(ctx: Any) -> list[tuple[float, Any, Any]]:
    """The cover's title block as (space above in pt, text, style), top first: kicker, title (the
    primary bar and its space above it), subtitle and a bilingual edition's translated title."""
    content = ctx.content
    out: list[tuple[float, Any, Any]] = []
    if content.cover.kicker:
        out.append((0.0, content.cover.kicker, ctx.style("cover_kicker")))
    out.append(((KICKER_GAP if out else 0.0) + BAR_GAP, content.meta.title, ctx.style("cover_title")))
    if content.meta.subtitle:
        out.append((SUBTITLE_GAP, content.meta.subtitle, ctx.style("cover_subtitle")))
    if ctx.partner is not None:
        out.append((PARTNER_GAP, ctx.partner.content.meta.title, ctx.partner.style("cover_subtitle")))
    return out


def _head_for_type(canv: Canvas, doc: Any, head: Head, box: tuple[float, float, float, float], left: float,
                   top: float, width: float) -> Head:
    """The head darkening light cover type needs on this cover's picture (layout/scrim.py)."""
    ctx, tpl = doc.ctx, doc.ctx.layout.templates.cover
    picture = doc.page_pictures.get((("cover", "image"), "page"))
    if picture is None or luminance(ctx.style("cover_title").colour.rgb()) < 0.5:
        return head                                  # dark type: darkening would not help it
    depth = top
    for space, text, style in cover_lines(ctx):
        depth -= space + TextBlock(text, style).wrapOn(canv, width, 10_000)[1]
    bx, by, bw, bh = box
    ink = luminance(ctx.colour(tpl.overlay).rgb())
    return head_for(picture_rows(str(picture.placed.path)), ink, head, Head(tpl.overlay_opacity, head.band), bh,
                    ((left - bx) / bw, (left + width - bx) / bw), (by + bh - top, by + bh - depth))


def draw_opener(canv: Canvas, doc: Any, index: int) -> None:
    ctx, g = doc.ctx, doc.geometry
    section = ctx.content.sections[index]
    doc.current_section = index
    img_h = doc.opener_heights[index]
    bx, _, bw, _ = g.bleed_rect()
    y = g.offset + g.trim_h - img_h
    h = img_h + g.bleed
    canv.saveState()
    drawn = section.image is not None and draw_picture(canv, doc, ("sections", index, "image"), "opener", bx, y, bw, h)
    if not drawn:
        # No picture: a field in the band colour, shading into its darker tone, with the brochure's
        # title (and edition) set small at its foot; the section number appears once, in the head below.
        band = ctx.layout_colour(ctx.layout.templates.opener.band)
        shade_band(canv, band, over_dark(band), bx, y, bw, h)
        left, _ = g.margins(doc.page % 2 == 1)
        style = ctx.style("cover_kicker", colour=ctx.colour("paper"))
        meta = ctx.content.meta
        kicker = "  ·  ".join(x for x in (meta.title, meta.edition) if x)
        text_at(canv, kicker, style, g.offset + left, y + 8 * MM + style.leading, g.text_width)
        canv.setFillColor(ctx.colour("paper"))
        canv.rect(g.offset + left, y + 8 * MM + style.leading + 4 * MM, 14 * MM, 2 * MM, stroke=0, fill=1)
    canv.restoreState()
    if section.image is not None and section.image.caption and drawn:
        caption = caption_of(section.image, ctx.language)
        style = one_line(ctx, "credit", caption, g.text_width)
        left, _ = g.margins(doc.page % 2 == 1)
        text_at(canv, caption, style, g.offset + left, y - 2.5 * MM, g.text_width,
                None if section.image.decorative else Tag(key(ctx, "sections", index, "image", "caption"),
                                                          "Caption"))
    draw_footer(canv, doc)


def over_dark(colour: Color, amount: float = 0.35) -> Color:
    """`colour` deepened by `amount` towards its darkest (more black in CMYK, towards black in RGB)."""
    if isinstance(colour, CMYKColor):
        return CMYKColor(colour.cyan, colour.magenta, colour.yellow, min(1.0, colour.black + amount))
    return Color(*(v * (1 - amount) for v in (colour.red, colour.green, colour.blue)))


def caption_of(image: Any, language: str) -> str:
    return with_credit(image.caption or "", image.credit or "", language)


def run_on_picture(doc: Any, index: int) -> tuple[float, float]:
    """Width and height (picture and caption) of a run-on section's picture beside its head."""
    g, ctx = doc.geometry, doc.ctx
    image = ctx.content.sections[index].image
    w = g.column_width
    h = w * 2 / 3
    text = caption_of(image, ctx.language) if image is not None else ""
    if text:
        h += 2.5 * MM + TextBlock(text, ctx.style("credit", colour=ctx.colour("muted"))).wrap(w, 10_000)[1]
    return w, h


def draw_run_on(canv: Canvas, doc: Any, index: int, head_top: float, rule_y: float) -> None:
    """A section starting under the end of the one before: a divider across the type area (a hairline
    with the primary bar at its start) and the section's picture beside its head."""
    ctx, g = doc.ctx, doc.geometry
    left, _ = g.margins(doc.page % 2 == 1)
    x = g.offset + left
    canv.saveState()
    canv.setStrokeColor(ctx.colour("rule"))
    canv.setLineWidth(0.5)
    canv.line(x, g.offset + rule_y, x + g.text_width, g.offset + rule_y)
    canv.setFillColor(ctx.colour("primary"))
    canv.rect(x, g.offset + rule_y - 1, 14 * MM, 2, stroke=0, fill=1)
    canv.restoreState()
    image = ctx.content.sections[index].image
    if image is None or g.columns < 2:
        return
    w = g.column_width
    h = w * 2 / 3
    px = x + g.text_width - w
    top = g.offset + head_top
    caption = caption_of(image, ctx.language)
    if draw_picture(canv, doc, ("sections", index, "image"), "run-on", px, top - h, w, h) and caption:
        text_at(canv, caption, ctx.style("credit", colour=ctx.colour("muted")), px, top - h - 2.5 * MM, w,
                None if image.decorative else Tag(key(ctx, "sections", index, "image", "caption"), "Caption"))


def one_line(ctx: Any, name: str, text: str, width: float, smallest: float = 5.5) -> Any:
    """The style `name`, made smaller (down to `smallest` pt) until `text` sets on one line: an opener
    caption lives in the gap above the section number and must not run onto it."""
    style = ctx.style(name, colour=ctx.colour("muted"))
    size = style.size
    while size > smallest and TextBlock(text, style).wrap(width, 10_000)[1] > style.leading * 1.2:
        size -= 0.5
        style = ctx.style(name, colour=ctx.colour("muted"), size=size, leading=size * style.leading / style.size)
    return style


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


CLOSING_GAP = 10 * MM      # the last text to the closing panel
CLOSING_PAD = 9 * MM


def draw_closing(canv: Canvas, doc: Any) -> None:
    """The back cover's text moved up to the brochure's last body page, which its text leaves mostly
    blank: a panel in the back cover's colour across the type area, from under the text down to the
    foot of the type area, the text set in it as on the back cover (broken at sentence ends)."""
    ctx, g = doc.ctx, doc.geometry
    _, foot = doc.closing
    left, _ = g.margins(doc.page % 2 == 1)
    x, bottom = g.offset + left, g.offset + g.bottom
    top = foot - CLOSING_GAP
    canv.saveState()
    canv.setFillColor(ctx.layout_colour(ctx.layout.templates.back.background))
    canv.rect(x, bottom, g.text_width, top - bottom, stroke=0, fill=1)
    canv.setFillColor(ctx.colour("paper"))
    canv.rect(x + CLOSING_PAD, top - CLOSING_PAD - 2 * MM, 14 * MM, 2 * MM, stroke=0, fill=1)
    y = top - CLOSING_PAD - 8 * MM
    width = (g.text_width - 2 * CLOSING_PAD) * 0.8
    for k, part in enumerate(ctx.content.back.text.split("\n")):
        with piece(canv, Tag(key(ctx, "back", "text", k))):
            y -= sentences_at(canv, part, ctx.style("back_title"), x + CLOSING_PAD, y, width)
    canv.restoreState()
    doc.record("text", (x, bottom, x + g.text_width, top), ctx.where(("back", "text")))
    check_fits(doc, "closing panel", y, bottom + CLOSING_PAD, ctx.where(("back", "text")))


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
    if content.back.text and getattr(doc, "closing", None) is None:   # else moved up (draw_closing)
        for k, part in enumerate(content.back.text.split("\n")):   # paragraphs (model/text.py), broken at sentence ends
            with piece(canv, Tag(key(ctx, "back", "text", k))):
                top -= sentences_at(canv, part, ctx.style("back_title"), left, top, width * 0.8)
        top -= 10 * MM
        if ctx.partner is not None and ctx.partner.content.back.text:
            top += 5 * MM                # bilingual: the translation's line closer under it
            for k, part in enumerate(ctx.partner.content.back.text.split("\n")):
                top -= text_at(canv, part, ctx.partner.style("back_text"), left, top, width * 0.8,
                               Tag(key(ctx.partner, "back", "text", k)))
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
    for n, line in enumerate(lines):
        top -= text_at(canv, line, ctx.style("back_text"), left, top, width, Tag(key(ctx, "back", "line", n))) \
            + 1.5 * MM
    check_fits(doc, "back cover text", top + 1.5 * MM, g.offset + g.bottom, ctx.where(("back",)))
    canv.restoreState()
