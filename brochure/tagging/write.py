"""FINISH: write the structure tree (tagging/structure.py) into the PDF, joined with the marked content
drawn for each key (tagging/marks.py): StructTreeRoot, ParentTree, MarkInfo, /Lang, tab order,
and link annotations in the tree (Link elements with OBJRs, each annotation with /Contents).

Takes an open pikepdf document, the tree, the marks, and the link descriptions for internal
destinations; returns what it could not place (keys drawn but missing from the tree), which is a bug
the tests look for. Deterministic: objects are made in reading order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from . import Key, Mark
from .structure import Node


@dataclass
class TagInput:
    """What FINISH needs to tag a document: the logical tree and the marks drawn."""

    tree: Node
    marks: list[Mark]
    destinations: dict[str, str] = field(default_factory=dict)   # named destination -> its title

    def ready(self) -> bool:
        """Whether the tree can claim PDF/UA: every drawn key has its element, every figure drawn its alt
        (a short format's tree offers figures it may not draw: tagging/formats.py)."""
        drawn = {mark.key for mark in self.marks}
        keys, figures_ok = set(), True
        todo = [self.tree]
        while todo:
            node = todo.pop()
            keys.add(node.key)
            figures_ok &= node.role != "Figure" or bool(node.alt) or node.key not in drawn
            todo += node.children
        return figures_ok and all(mark.key in keys for mark in self.marks) and bool(self.tree.lang)


def tag_input(content: Any, partner: Any, base_dir: Any, marks: list[Mark], fmt: Any = None) -> TagInput:
    """The structure tree of `content` (and its translation, bilingual) with the marks drawn for it; a
    short format's (`fmt`: the layout's format, not a booklet) holds what that format takes."""
    from ..charts import chart_alt_text
    from .structure import destinations, document_tree

    def alt(spec: Any, lang: str) -> str:
        return chart_alt_text(spec, base_dir, lang)

    if fmt is not None and fmt.kind != "booklet":
        from .formats import format_tree

        return TagInput(format_tree(content, fmt, alt), marks, destinations(content))
    return TagInput(document_tree(content, partner or None, alt), marks, destinations(content))


def write_structure(pdf: pikepdf.Pdf, job: TagInput) -> list[Key]:
    drawn: dict[Key, list[Mark]] = defaultdict(list)
    for mark in job.marks:
        drawn[mark.key].append(mark)
    pages = list(pdf.pages)
    parents: dict[int, dict[int, Any]] = defaultdict(dict)      # page index -> MCID -> element
    by_key: dict[Key, Any] = {}
    used: set[Key] = set()

    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    alive: dict[int, bool] = {}

    def live(node: Node) -> bool:
        """Whether anything was drawn for the element or below it (a tree may offer elements a layout
        leaves out: tagging/formats.py); the others are never made."""
        found = alive.get(id(node))
        if found is None:
            found = alive[id(node)] = (node.key is not None and node.key in drawn) or node.actual is not None \
                or any(live(child) for child in node.children)
        return found

    def make(node: Node, parent: Any) -> Any | None:
        if not live(node):
            return None
        marks = drawn.get(node.key, []) if node.key is not None else []
        elem = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + node.role),
                                                    P=parent))
        kids: list[Any] = []
        for mk in marks:
            page = pages[mk.page - 1]
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page.obj, MCID=mk.mcid))
            parents[mk.page - 1][mk.mcid] = elem
        if node.key is not None and marks:
            used.add(node.key)
            by_key[node.key] = elem
        for child in node.children:
            made = make(child, elem)
            if made is not None:
                kids.append(made)
        if not kids and node.actual is None:
            return None
        if len(kids) == 1 and marks:       # one content item on the element's page: the plain MCID
            elem.K = marks[0].mcid
        elif kids:
            elem.K = pikepdf.Array(kids)
        if node.alt:
            elem.Alt = pikepdf.String(node.alt)
        if node.actual:
            elem.ActualText = pikepdf.String(node.actual)
        if node.lang:
            elem.Lang = pikepdf.String(node.lang)
        if node.scope:
            elem.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + node.scope))
        if marks:
            elem.Pg = pages[marks[0].page - 1].obj
        return elem

    document = make(job.tree, root)
    assert document is not None
    orphans = [k for k in drawn if k not in used]
    if orphans:     # drawn but not in the tree: kept (readable) at the end, reported by the caller
        extra = Node("Div", children=[Node("P", k) for k in orphans])
        made = make(extra, document)
        if made is not None:
            document.K.append(made)

    next_key = len(pages)
    links = link_elements(pdf, pages, job, by_key, document, next_key)
    nums: list[Any] = []
    for index in range(len(pages)):
        table = parents.get(index, {})
        size = max(table) + 1 if table else 0
        nums += [index, pdf.make_indirect(pikepdf.Array([table.get(i) for i in range(size)]))]
        pages[index].obj.StructParents = index
        pages[index].obj.Tabs = pikepdf.Name.S
    for n, elem in links:
        nums += [n, elem]
    root.K = pikepdf.Array([document])
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = next_key + len(links)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if job.tree.lang:
        pdf.Root.Lang = pikepdf.String(job.tree.lang)
    return orphans


def link_elements(pdf: pikepdf.Pdf, pages: list[Any], job: TagInput, by_key: dict[Key, Any], document: Any,
                  first: int) -> list[tuple[int, Any]]:
    """A Link element (with an OBJR) for every link annotation, inside the element whose marked content
    holds it (the smallest box of a flowable drawn on that page containing its centre), else at the
    end of the document; every annotation gets /Contents and its /StructParent."""
    boxes: dict[int, list[tuple[tuple[float, float, float, float], Key]]] = defaultdict(list)
    for mark in job.marks:
        if mark.box is not None and mark.key in by_key:
            boxes[mark.page].append((mark.box, mark.key))
    out: list[tuple[int, Any]] = []
    for index, page in enumerate(pages):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            around = [(b, k) for b, k in boxes.get(index + 1, [])
                      if b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1]
            around.sort(key=lambda bk: (bk[0][2] - bk[0][0]) * (bk[0][3] - bk[0][1]))
            parent = by_key[around[0][1]] if around else document
            n = first + len(out)
            link = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=parent,
                K=pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=page.obj)])))
            kids = parent.get("/K")
            if kids is None:
                parent.K = pikepdf.Array([link])
            elif isinstance(kids, pikepdf.Array):
                kids.append(link)
            else:                                 # a plain MCID on the element's page
                parent.K = pikepdf.Array([kids, link])
            annot.StructParent = n
            if not str(annot.get("/Contents", "")).strip():
                annot.Contents = pikepdf.String(describe(annot, job.destinations))
            out.append((n, link))
    return out


def describe(annot: Any, destinations: dict[str, str]) -> str:
    action = annot.get("/A")
    if action is not None and action.get("/URI") is not None:
        return f"Link: {bytes(action.URI).decode('latin-1')}"
    dest = annot.get("/Dest")
    if dest is None and action is not None:
        dest = action.get("/D")
    name = str(dest)[1:] if isinstance(dest, pikepdf.Name) else str(dest) if dest is not None else ""
    return destinations.get(name, name or "Link")


def tag_overlay(pdf: pikepdf.Pdf, page_index: int, drawing: bytes) -> bytes:
    """Content laid over a finished page (a batch copy's personal lines): in a tagged PDF it becomes a P
    element of its own, placed in reading order by its page, and `drawing` comes back wrapped in its
    marked content; an untagged PDF gets `drawing` unchanged."""
    root = pdf.Root.get("/StructTreeRoot")
    page = pdf.pages[page_index].obj
    if root is None or "/StructParents" not in page:
        return drawing
    nums = root.ParentTree.Nums
    table = next((nums[k + 1] for k in range(0, len(nums), 2) if int(nums[k]) == int(page.StructParents)), None)
    if table is None:
        return b"/Artifact BMC\n" + drawing + b"EMC\n"
    mcid = len(table)
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    elem = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=document,
                                                Pg=page, K=mcid))
    table.append(elem)
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    kids = document.K
    at = next((n for n, kid in enumerate(kids) if (first_page(kid, pages) or 0) > page_index), len(kids))
    kids.insert(at, elem)
    return f"/P <</MCID {mcid}>> BDC\n".encode() + drawing + b"EMC\n"


def first_page(elem: Any, pages: dict[tuple[int, int], int]) -> int | None:
    """The first page an element's content is on (its own /Pg, else its first child's)."""
    if not isinstance(elem, pikepdf.Dictionary):
        return None
    if "/Pg" in elem:
        return pages.get(elem.Pg.objgen)
    kids = elem.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        found = first_page(kid, pages)
        if found is not None:
            return found
    return None
