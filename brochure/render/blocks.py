"""Block renderers: one function per content block type, registered in `RENDERERS` by decorator.

Each takes the block, its YAML path, the column width and the render context, and returns flowables.
Every flowable keeps the YAML location it came from, so layout problems point back to the content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..images.options import block_box, options_for
from ..images.place import ImageProblem, prepare
from ..images.resolution import check_resolution
from ..layout.flowables import Anchor, Bulleted, DrawingBox, FigureRows, PlacedPicture, Stack
from ..model import content as m
from ..model.labels import CJK, colon, item_separator
from ..tagging import Tag
from ..tagging.marks import marked
from ..text import TextBlock, parse_inline
from ..text.typography import with_credit
from .context import RenderContext

Renderer = Callable[[Any, tuple[Any, ...], float, RenderContext], list[Flowable]]
RENDERERS: dict[type, Renderer] = {}
MM = 72 / 25.4


# What a user calls each kind of flowable (`kind`, set here and by story.py), for diagnostics that name
# the YAML element a layout failure comes from.
KIND_NAMES = {
    "paragraph": "a paragraph", "heading": "a heading", "figures": "a block of key figures",
    "chart": "a chart", "quote": "a quote", "list": "a list", "table": "a table", "image": "an image",
    "section-head": "a section's title block", "contents-entry": "a contents entry (the section title)",
    "intro": "the introduction",
}


def renders(block_type: type) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[block_type] = fn
        return fn
    return register


def render_block(block: Any, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    flowables = RENDERERS[type(block)](block, path, width, ctx)
    roles = ROLES.get(type(block))
    k = 0
    for f in flowables:           # the structure element each flowable draws (tagging/structure.py)
        if roles is None or hasattr(f, "tag") or isinstance(f, (Spacer, Anchor)):
            continue
        sub = () if roles[1] is None else (k,)
        f.tag = Tag(skey(ctx, path) + sub, roles[0])  # type: ignore[attr-defined]
        k += 1
    where = ctx.where(path)
    kind = type(block).__name__.removesuffix("Block").lower()   # paragraph, heading, image, chart, …
    for f in flowables:
        f.where = where  # type: ignore[attr-defined]
        f.kind = kind  # type: ignore[attr-defined]
    return flowables


# The role of each block's flowables; (role, "each"): one element per flowable (paragraph parts, list
# items). Tables and key figures tag their parts themselves; a key figures row draws an artifact.
ROLES: dict[type, tuple[str, str | None]] = {
    m.Paragraph: ("P", "each"), m.HeadingBlock: ("H2", None), m.QuoteBlock: ("BlockQuote", None),
    m.ListBlock: ("LBody", "each"), m.ImageBlock: ("Figure", None), m.ChartBlock: ("Figure", None),
}


def skey(ctx: RenderContext, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The structure key of a content element: its language and YAML path."""
    return (ctx.content.meta.language,) + tuple(path)


def text_of(ctx: RenderContext, text: str) -> str:
    """Content text with the punctuation of its language: ASCII marks in Chinese prose made full
    width; curly quotes, dashes, ellipses and no-break spaces in Latin text (text/typography.py). A
    `[text]{lang=..}` span gets its own language's marks (text/lang.py)."""
    if not ctx.layout.text.normalize_punctuation:
        return text
    from ..text.lang import set_punctuation

    return set_punctuation(text, ctx.content.meta.language, punctuate)


def punctuate(text: str, language: str) -> str:
    """`text` with the punctuation rules of `language` (Chinese and Japanese: full-width marks)."""
    if language.lower().startswith(("zh", "ja")):
        from ..model.punctuation import normalize_punctuation

        return normalize_punctuation(text)
    from ..text.typography import typeset_punctuation

    return typeset_punctuation(text, language)


def rich(ctx: RenderContext, text: str) -> list[Any]:
    """Content text with inline markup (**bold**, *emphasis*, [links](url)) as runs."""
    return parse_inline(text_of(ctx, text))


@renders(m.Paragraph)
def paragraph(block: m.Paragraph, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    return [TextBlock(rich(ctx, part), ctx.style("body")) for part in block.paragraph.split("\n")]


@renders(m.HeadingBlock)
def heading(block: m.HeadingBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    key = "h-" + "-".join(str(p) for p in path[1:])
    return [Anchor(key, block.heading, 1), TextBlock(text_of(ctx, block.heading), ctx.style("heading"))]


@renders(m.QuoteBlock)
def quote(block: m.QuoteBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    parts: list[Flowable] = [TextBlock(rich(ctx, part), ctx.style("quote")) for part in block.quote.text.split("\n")]
    if block.quote.cite:
        dash = "——" if ctx.language in ("zh", "ja") else "—"    # a two-em dash in Chinese, one em elsewhere
        parts.append(TextBlock(f"{dash} " + text_of(ctx, block.quote.cite), ctx.style("quote_cite")))
    return [Stack(parts, gap=5, rule_top=(2.2, ctx.colour("primary")), rule_bottom=(0.5, ctx.colour("rule")),
                  pad=9, space_before=10, space_after=12)]


@renders(m.ListBlock)
def bullet_list(block: m.ListBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    style = ctx.style("list")
    out: list[Flowable] = []
    for item in block.list_:
        out.append(Bulleted(TextBlock(rich(ctx, item), style), ctx.colour("primary"), indent=1.2 * style.size,
                            first_baseline=style.leading * 0.78, size=style.size))
    out.append(Spacer(1, style.leading * 0.4))
    return out


@renders(m.TableBlock)
def table(block: m.TableBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    t = block.table
    body_style, head_style = ctx.style("table"), ctx.style("table_header")
    rows: list[list[Any]] = []
    if t.header:
        rows.append([TextBlock(text_of(ctx, c), head_style) for c in t.header])
    rows += [[TextBlock(rich(ctx, c), body_style) for c in row] for row in t.rows]
    ncols = max(len(r) for r in rows)
    for r in rows:
        r += [""] * (ncols - len(r))
    rows = [[marked(c, skey(ctx, path) + ("cell", i, j), "TH" if t.header and i == 0 else "TD")
             if c != "" else c for j, c in enumerate(r)] for i, r in enumerate(rows)]
    commands: list[tuple[Any, ...]] = [
        # Cells are TextBlocks, but ReportLab's Table still sets its cell font and fill colour before
        # drawing each cell: name an embedded font (else the page refers to Helvetica, never embedded)
        # and a colour in the edition's space (else black in RGB lands in the print edition).
        ("FONT", (0, 0), (-1, -1), body_style.font, body_style.size, body_style.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), body_style.colour),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ctx.colour("primary")),
    ]
    start = 0
    if t.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ctx.colour("primary")))
        start = 1
    for i in range(start, len(rows)):
        if (i - start) % 2 == 1:
            commands.append(("BACKGROUND", (0, i), (-1, i), ctx.colour("tint")))
    tbl = Table(rows, colWidths=[width / ncols] * ncols, repeatRows=1 if t.header else 0,
                style=TableStyle(commands), hAlign="LEFT")
    tbl.spaceBefore, tbl.spaceAfter = 6, 6
    out: list[Flowable] = [tbl]
    if t.caption:
        out.append(marked(TextBlock(text_of(ctx, t.caption), ctx.style("caption")), skey(ctx, path) + ("caption",),
                          "Caption"))
    return out


def caption_block(ctx: RenderContext, image: m.ImageRef) -> Flowable | None:
    if not image.caption and not image.credit:
        return None
    text = with_credit(image.caption or "", image.credit or "", ctx.language)
    return TextBlock(rich(ctx, text), ctx.style("caption"))


@renders(m.ImageBlock)
def image(block: m.ImageBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    img = block.image
    opts = options_for(ctx.edition)  # target ppi, quality, the print edition's CMYK profile, flattening
    box_w, box_h = block_box(img.fit, width, ctx.geometry)
    where = ctx.where(path + ("image", "src"))
    try:
        placed = prepare(ctx.base_dir / img.src, box_w, box_h, img.fit, img.focus, opts.ppi, opts.quality,
                         opts.cmyk_profile, flatten=opts.flatten)
    except ImageProblem as exc:
        ctx.diags.error(exc.code, str(exc), where, exc.hint)
        return []
    if opts.check_resolution:
        check_resolution(placed, ctx.layout.images, ctx.diags, where, ctx.edition.name)
    ctx.placed_images.append((placed, path + ("image",)))
    w, h = placed.box
    caption = marked(caption_block(ctx, img), skey(ctx, path) + ("caption",), "Caption")
    picture = PlacedPicture(str(placed.path), w, h, caption)
    if img.decorative:
        picture.tag = None  # type: ignore[attr-defined]
    return [picture]


@renders(m.FiguresBlock)
def figures(block: m.FiguresBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    from ..charts import draw_figure_rows

    # One box per row of tiles, the rows kept together as one float (layout/flowables.FigureRows): a
    # block split over two columns or pages would read as two.
    figures = list(block.figures)
    language = ctx.content.meta.language
    space = "" if ctx.language in CJK else " "
    rows, gap = draw_figure_rows(figures, width, ctx.chart_theme)
    out: list[Flowable] = []
    start = 0
    for i, (drawing, count) in enumerate(rows):
        row = figures[start:start + count]
        start += count
        alt = item_separator(language).join(f"{f.label}{colon(language)}{f.value}{space if f.unit else ''}"
                                            f"{f.unit or ''}" for f in row)
        box = DrawingBox(drawing, alt, space_before=6 if i == 0 else gap,
                         space_after=12 if i == len(rows) - 1 else 0, ink=ctx.colour("ink"))
        box.tag = None  # type: ignore[attr-defined]   # read as a list (tagging/structure.py), drawn as an artifact
        out.append(box)
    if len(out) < 2:
        return out
    whole = FigureRows(out, space_before=out[0].getSpaceBefore(), space_after=out[-1].getSpaceAfter())
    whole.tag = None  # type: ignore[attr-defined]
    return [whole]


def can_span(ctx: RenderContext) -> bool:
    """Whether a block can span the columns (`full_width`): on a booklet's pages of several columns, one
    language to a page (a bilingual edition sets each language in its column; a leaflet's panels are
    parted by folds; posters and slides have one column)."""
    return ctx.layout.format.kind == "booklet" and ctx.geometry.columns > 1 and ctx.partner is None


def spans_columns(block: Any, ctx: RenderContext) -> bool:
    """A chart with `full_width: true` where it can span the columns: the story sets it at the full text
    width as a float of its own (layout/spans.py)."""
    return isinstance(block, m.ChartBlock) and block.chart.full_width and can_span(ctx)


@renders(m.ChartBlock)
def chart(block: m.ChartBlock, path: tuple[Any, ...], width: float, ctx: RenderContext) -> list[Flowable]:
    from ..charts import chart_alt_text, draw_chart

    spec = block.chart
    w = width * spec.size
    drawing = draw_chart(spec, w, ctx.chart_theme, ctx.base_dir, diags=ctx.diags, location=ctx.where(path),
                         can_span=can_span(ctx) and not spec.full_width)
    return [DrawingBox(drawing, chart_alt_text(spec, ctx.base_dir, ctx.content.meta.language),
                       space_before=8, space_after=14,
                       ink=ctx.colour("ink"))]


def section_head(ctx: RenderContext, index: int, section: m.Section, record: dict[str, int]) -> list[Flowable]:
    """Number, title and subtitle at the top of a section's opener page."""
    parts: list[Flowable] = [
        TextBlock(f"{index + 1:02d}", ctx.style("section_number")),
        marked(TextBlock(text_of(ctx, section.title), ctx.style("section_title")),
               skey(ctx, ("sections", index, "title")), "H1"),
    ]
    if section.subtitle:
        parts.append(marked(TextBlock(text_of(ctx, section.subtitle), ctx.style("section_subtitle")),
                            skey(ctx, ("sections", index, "subtitle")), "P"))
    head = Stack(parts, gap=4, rule_bottom=None, space_after=0)
    head.where = ctx.where(("sections", index, "title"))  # type: ignore[attr-defined]
    head.kind = "section-head"  # type: ignore[attr-defined]
    return [Anchor(f"s{index}", section.title, 0, record), head]
