"""FINISH, logical side of tagging for the short formats (leaflet, poster, screen; formats/): the
structure tree of what a format takes from the content, in the order the piece is read.

A short format draws a selection of the content on designed pages, partly from its page templates
(a leaflet's cover and back panels, a poster's picture and foot band, a screen's cover and openers)
and partly as flowing text. The tree names the same keys the drawing marks (tagging/marks.py: the
content language plus the YAML path), so reading order comes from here, not from where or when a
piece was drawn: a leaflet reads front cover, inside flap, the inside panels left to right, back
cover (model/formats.fold_order), whatever order its sheet is drawn in. Elements the tree offers
but the format did not draw are dropped when the tree is written (tagging/write.py), so a group may
list what a format might draw (a caption, a subtitle); what is read without being drawn as text (key
figures, drawn as artwork and read as a list) is listed exactly. No ReportLab here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import content as m
from ..model.formats import FormatSpec, blocks_for, poster_takes
from . import Key
from .structure import Node, block_nodes, figure_alt

ChartAlt = Callable[[Any, str], str] | None


def format_tree(content: m.Content, fmt: FormatSpec, chart_alt: ChartAlt = None) -> Node:
    """The document of a leaflet, poster or screen: Document -> its groups in reading order."""
    lang = content.meta.language

    def key(*path: Any) -> Key:
        return (lang,) + path

    doc = Node("Document")
    if fmt.kind == "leaflet":
        doc.children += [cover(content, key), flap(content, key)]
        doc.children += [section(content, i, fmt, key, chart_alt) for i in range(len(content.sections))]
    elif fmt.kind == "poster":
        head = cover(content, key, title_role="H1")
        head.children += parts(content.summary, ("summary",), key)
        doc.children += [head] + poster_blocks(content, fmt, key, chart_alt)
    else:                                            # screen: the booklet's cover, a slide set per section
        doc.children.append(cover(content, key))
        doc.children += [section(content, i, fmt, key, chart_alt) for i in range(len(content.sections))]
    doc.children.append(back(content, key))
    doc.lang = lang
    return doc


def parts(text: str | None, path: tuple[Any, ...], key: Callable[..., Key]) -> list[Node]:
    """A text field of several paragraphs (one per line), each a P keyed by its place in the field."""
    return [Node("P", key(*path, k), path=path, text=part)
            for k, part in enumerate((text or "").split("\n")) if part]


def cover(content: m.Content, key: Callable[..., Key], title_role: str = "P") -> Node:
    """The cover: its picture, kicker, title (a poster's title is its one heading), subtitle, and the
    publisher line the booklet's cover template sets (a screen's cover slide)."""
    out = Node("Div")
    image = content.cover.image
    if image is not None and not image.decorative:
        out.children.append(Node("Figure", key("cover", "image"), alt=figure_alt(image), path=("cover", "image")))
    meta = content.meta
    if content.cover.kicker:
        out.children.append(Node("P", key("cover", "kicker"), text=content.cover.kicker))
    out.children.append(Node(title_role, key("meta", "title"), path=("meta", "title"), text=meta.title))
    if meta.subtitle:
        out.children.append(Node("P", key("meta", "subtitle"), text=meta.subtitle))
    if meta.publisher or meta.edition:
        out.children.append(Node("P", key("meta", "publisher")))
    return out


def flap(content: m.Content, key: Callable[..., Key]) -> Node:
    """A leaflet's inside flap: the introduction under its label, then what the leaflet holds."""
    out = Node("Div", children=[Node("P", key("intro", "label"))] + parts(content.intro, ("intro",), key))
    out.children.append(Node("P", key("contents", "title")))
    out.children.append(Node("TOC", children=[Node("TOCI", key("contents", i), path=("sections", i, "title"),
                                                   text=s.title) for i, s in enumerate(content.sections)]))
    return out


def section(content: m.Content, i: int, fmt: FormatSpec, key: Callable[..., Key], chart_alt: ChartAlt) -> Node:
    """A section as a short format sets it: its title (H1), subtitle, opener picture (screen), the
    `summary:` and the blocks the format takes."""
    s = content.sections[i]
    lang = content.meta.language
    out = Node("Sect", path=("sections", i), children=[
        Node("H1", key("sections", i, "title"), path=("sections", i, "title"), text=s.title)])
    if s.subtitle:
        out.children.append(Node("P", key("sections", i, "subtitle"), text=s.subtitle))
    if s.image is not None and not s.image.decorative and fmt.kind == "screen":     # a screen's opener slide
        out.children.append(Node("Figure", key("sections", i, "image"), alt=figure_alt(s.image),
                                 path=("sections", i, "image")))
    out.children += parts(s.summary, ("sections", i, "summary"), key)
    for j, block in blocks_for(s.body, fmt):
        path = ("sections", i, "body", j)
        out.children += block_nodes(block, key(*path), path, None, lang, chart_alt)
    return out


def poster_blocks(content: m.Content, fmt: FormatSpec, key: Callable[..., Key], chart_alt: ChartAlt) -> list[Node]:
    """A poster's key figures (the figures blocks it takes, as one set of at most `format.figures`,
    formats/poster.py), then the other blocks it takes."""
    lang = content.meta.language
    figures, first, taken = poster_takes(content.sections, fmt)
    others = [n for path, block in taken for n in block_nodes(block, key(*path), path, None, lang, chart_alt)]
    if not figures or first is None:
        return others
    merged = m.FiguresBlock(figures=figures, formats=None)
    return block_nodes(merged, key(*first), first, None, lang, chart_alt) + others


def back(content: m.Content, key: Callable[..., Key]) -> Node:
    """The back: its text (set whole on a panel or band, by paragraph on a screen's back slide) and the
    imprint (line by line, or one line on a poster)."""
    out = Node("Div")
    if content.back.text:
        out.children.append(Node("P", key("back", "text"), text=content.back.text))
        out.children += parts(content.back.text, ("back", "text"), key)
    out.children += [Node("P", key("back", "line", n)) for n in range(len(content.back.contact) + 2)]
    out.children.append(Node("P", key("back", "imprint")))
    return out
