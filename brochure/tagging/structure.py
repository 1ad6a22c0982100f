"""FINISH, logical side of tagging: the structure tree of a brochure, built from its content model in
reading order (cover, contents, introduction, each section, back cover), before anything is written.

Takes the validated content (and, for a bilingual edition, its translation) and returns a `Node` tree.
Leaves name the key their marked content is drawn under (tagging/marks.py: the content language plus
the YAML path), so the tree does not depend on where the layout put anything: FINISH attaches what was
drawn for each key, across columns and pages. No ReportLab here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import content as m
from . import Key


@dataclass
class Node:
    role: str
    key: Key | None = None               # the marked content drawn for this key (None: a grouping element)
    children: list[Node] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None              # only where it differs from the document's language
    actual: str | None = None            # /ActualText: the element's text where nothing is drawn for it
    scope: str | None = None             # TH: Column or Row
    path: tuple[Any, ...] = ()           # YAML path, for located diagnostics
    text: str | None = None              # the text this element should read as (tests, checks)


def figure_alt(image: m.ImageRef) -> str | None:
    """A picture's alternative text: its `alt:`, else its caption (None: it has neither)."""
    return image.alt or image.caption or None


def document_tree(content: m.Content, partner: m.Content | None = None,
                  chart_alt: Callable[[Any, str], str] | None = None) -> Node:
    """The whole document: Document -> cover, contents, one Sect per section, back cover. With a
    `partner` (bilingual), each element is followed by its translation, which carries its language."""
    lang = content.meta.language
    sides = [(content, None)] + ([(partner, partner.meta.language)] if partner is not None else [])
    doc = Node("Document", lang=None)

    def key(c: m.Content, *path: Any) -> Key:
        return (c.meta.language,) + path

    cover = Node("Div")
    for c, other in sides:
        if c is content and c.cover.image is not None and not c.cover.image.decorative:
            cover.children.append(Node("Figure", key(c, "cover", "image"), alt=figure_alt(c.cover.image),
                                       path=("cover", "image")))
        if c is content and c.cover.kicker:
            cover.children.append(Node("P", key(c, "cover", "kicker"), text=c.cover.kicker))
        cover.children.append(Node("P", key(c, "meta", "title"), lang=other, text=c.meta.title))
        if c is content and c.meta.subtitle:
            cover.children.append(Node("P", key(c, "meta", "subtitle"), text=c.meta.subtitle))
    if content.meta.publisher or content.meta.edition:
        cover.children.append(Node("P", key(content, "meta", "publisher")))
    doc.children.append(cover)

    toc = Node("TOC", children=[Node("TOCI", key(content, "contents", i), path=("sections", i, "title"))
                                for i in range(len(content.sections))])
    doc.children += [Node("P", key(content, "contents", "title")), toc]
    if content.intro:
        intro = Node("Div", children=[Node("P", key(content, "intro", "label"))])
        for c, other in sides:
            for k, part in enumerate((c.intro or "").split("\n")):
                if part:
                    intro.children.append(Node("P", key(c, "intro", k), lang=other, path=("intro",), text=part))
        doc.children.append(intro)

    for i, section in enumerate(content.sections):
        sect = Node("Sect", path=("sections", i))
        for c, other in sides:
            s = c.sections[i]
            sect.children.append(Node("H1", key(c, "sections", i, "title"), lang=other,
                                      path=("sections", i, "title"), text=s.title))
        for c, other in sides:
            s = c.sections[i]
            if s.subtitle:
                sect.children.append(Node("P", key(c, "sections", i, "subtitle"), lang=other, text=s.subtitle))
        if section.image is not None and not section.image.decorative:
            fig = Node("Figure", key(content, "sections", i, "image"), alt=figure_alt(section.image),
                       path=("sections", i, "image"))
            if section.image.caption or section.image.credit:
                fig.children.append(Node("Caption", key(content, "sections", i, "image", "caption")))
            sect.children.append(fig)
        for j, block in enumerate(section.body):
            path = ("sections", i, "body", j)
            if isinstance(block, m.ImageBlock) and partner is not None:   # drawn once, captioned twice
                nodes = block_nodes(block, key(content, *path), path, None, lang, chart_alt)
                if nodes and (partner.sections[i].body[j].image.caption or partner.sections[i].body[j].image.credit):
                    nodes[0].children.append(Node("Caption", key(partner, *path, "caption"),
                                                  lang=partner.meta.language))
                sect.children += nodes
                continue
            for c, other in sides:
                sect.children += block_nodes(c.sections[i].body[j], key(c, *path), path, other, c.meta.language,
                                             chart_alt)
        doc.children.append(sect)

    back = Node("Div")
    for c, other in sides:
        for k, part in enumerate((c.back.text or "").split("\n")):
            if part:
                back.children.append(Node("P", key(c, "back", "text", k), lang=other, text=part))
    for n in range(len(content.back.contact) + 2):
        back.children.append(Node("P", key(content, "back", "line", n)))
    doc.children.append(back)
    doc.lang = lang
    return doc


def pictures(content: m.Content, fmt: Any = None) -> list[tuple[tuple[Any, ...], m.ImageRef]]:
    """Every picture of the content with its YAML path (cover, openers, body images); with a short
    format (`fmt`, model/formats.py), those it draws: the cover, openers on a screen, the image blocks
    it takes."""
    from ..model.formats import blocks_for

    short = fmt is not None and fmt.kind != "booklet"
    out: list[tuple[tuple[Any, ...], m.ImageRef]] = []
    if content.cover.image is not None:
        out.append((("cover", "image"), content.cover.image))
    for i, s in enumerate(content.sections):
        if s.image is not None and (not short or fmt.kind == "screen"):
            out.append((("sections", i, "image"), s.image))
        body = blocks_for(s.body, fmt) if short else list(enumerate(s.body))
        out += [(("sections", i, "body", j, "image"), b.image) for j, b in body if isinstance(b, m.ImageBlock)]
    return out


def check_alt(content: m.Content, source: Any, diags: Any, ua: list[str], tagged: list[str],
              fmt: Any = None) -> None:
    """A picture with neither `alt:` nor a caption (and not `decorative: true`) cannot be described to a
    screen reader: an error where an edition claims PDF/UA (`ua`), a warning where it is only tagged;
    a short format (`fmt`) answers for the pictures it draws."""
    if not ua and not tagged:
        return
    for path, image in pictures(content, fmt):
        if image.decorative or figure_alt(image):
            continue
        claim = f"the {ua[0]} edition claims PDF/UA" if ua else f"the {tagged[0]} edition is tagged"
        message = f"picture {image.src} has no alternative text ({claim}: screen readers need one)"
        hint = "add `alt:` saying what the picture shows, or a caption; `decorative: true` if it shows nothing"
        if ua:
            diags.error("access.no-alt", message, source.where(path), hint, edition=ua[0])
        else:
            diags.warning("access.no-alt", message, source.where(path), hint, edition=tagged[0])


def destinations(content: m.Content) -> dict[str, str]:
    """The named destinations links point at (render/blocks.py, render/story.py), by what they name."""
    out = {f"s{i}": s.title for i, s in enumerate(content.sections)}
    for i, s in enumerate(content.sections):
        for j, b in enumerate(s.body):
            if isinstance(b, m.HeadingBlock):
                out[f"h-{i}-body-{j}"] = b.heading
    return out


def block_nodes(block: Any, k: Key, path: tuple[Any, ...], lang: str | None, language: str,
                chart_alt: Callable[[Any, str], str] | None) -> list[Node]:
    """The structure elements of one body block (keys as render/blocks.py tags them)."""
    if isinstance(block, m.Paragraph):
        return [Node("P", k + (n,), lang=lang, path=path, text=part)
                for n, part in enumerate(block.paragraph.split("\n"))]
    if isinstance(block, m.HeadingBlock):
        return [Node("H2", k, lang=lang, path=path, text=block.heading)]
    if isinstance(block, m.QuoteBlock):
        return [Node("BlockQuote", k, lang=lang, path=path, text=block.quote.text)]
    if isinstance(block, m.ListBlock):
        items = [Node("LI", children=[Node("LBody", k + (n,), path=path, text=item)])
                 for n, item in enumerate(block.list_)]
        return [Node("L", lang=lang, path=path, children=items)]
    if isinstance(block, m.TableBlock):
        t = block.table
        rows = ([list(t.header)] if t.header else []) + [list(r) for r in t.rows]
        table = Node("Table", lang=lang, path=path)
        if t.caption:
            table.children.append(Node("Caption", k + ("caption",), text=t.caption))
        for r, row in enumerate(rows):
            head = bool(t.header) and r == 0
            table.children.append(Node("TR", children=[
                Node("TH" if head else "TD", k + ("cell", r, c), scope="Column" if head else None, text=str(v))
                for c, v in enumerate(row)]))
        return [table]
    if isinstance(block, m.ImageBlock):
        if block.image.decorative:
            return []
        fig = Node("Figure", k, lang=lang, alt=figure_alt(block.image), path=path + ("image",))
        if block.image.caption or block.image.credit:
            fig.children.append(Node("Caption", k + ("caption",)))
        return [fig]
    if isinstance(block, m.ChartBlock):
        alt = chart_alt(block.chart, language) if chart_alt is not None else block.chart.alt
        return [Node("Figure", k, lang=lang, alt=alt, path=path + ("chart",))]
    if isinstance(block, m.FiguresBlock):
        sep = "" if language.lower().startswith(("zh", "ja")) else " "
        colon = "：" if not sep else ": "
        items = [Node("LI", children=[Node("LBody", actual=f"{f.label}{colon}{f.value}{sep if f.unit else ''}"
                                                          f"{f.unit or ''}")]) for f in block.figures]
        return [Node("L", lang=lang, path=path, children=items)]
    return []
