"""Accessibility checks (tagged PDF, PDF/UA-1) that can be decided from the file: content neither
tagged nor an artifact, figures without alternative text, no document language, headings out of
order, link annotations outside the structure tree.

They run on editions that are tagged (`Target.tagged`: errors where the edition claims PDF/UA,
warnings elsewhere) and on any PDF that says it is tagged (/MarkInfo /Marked true). Each points back
to the YAML element drawn where the fault is, through the layout trace.

What is drawn outside marked content is counted by the one content-stream walk (walk.py); the tree is
read once per run and shared by the checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pikepdf

from ..diagnostics import Diagnostics, Location
from . import PdfJob, check
from .metadata import xmp_properties
from .walk import walk_of

UA_HINT = "this is a bug in brochure's tagging if the PDF is ours: please report it"


def applies(job: PdfJob) -> bool:
    if job.target.tagged:
        return True
    mark = job.pdf.Root.get("/MarkInfo")
    return mark is not None and bool(mark.get("/Marked", False))


def severity(job: PdfJob) -> str:
    """An error where the edition claims PDF/UA, or the file says it conforms (an archive claims it
    when its tree is complete: editions/archive.py); a warning on a file that is only tagged."""
    return "error" if job.target.pdfua or claims_pdfua(job) else "warning"


def claims_pdfua(job: PdfJob) -> bool:
    found = job.cache.get("pdfuaid")
    if found is None:
        stream = job.pdf.Root.get("/Metadata")
        raw = stream.read_bytes() if isinstance(stream, pikepdf.Stream) else b""
        try:
            found = job.cache["pdfuaid"] = bool(raw) and "pdfuaid:part" in xmp_properties(raw)
        except ElementTree.ParseError:        # (reported by pdf.metadata)
            found = job.cache["pdfuaid"] = False
    return bool(found)


def elements(job: PdfJob) -> list[tuple[pikepdf.Dictionary, int | None]]:
    """Every structure element, depth first in reading order: (element, 1-based page); read once a run."""
    found = job.cache.get("structure")
    if found is None:
        found = job.cache["structure"] = list(_elements(job))
    return found


def _elements(job: PdfJob) -> Iterator[tuple[pikepdf.Dictionary, int | None]]:
    root = job.pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {p.objgen: i + 1 for i, p in enumerate(job.pdf.pages)}
    seen: set[tuple[int, int]] = set()

    def visit(node: Any, page: int | None) -> Iterator[tuple[Any, int | None]]:
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR"):
            return
        if node.is_indirect:
            if node.objgen in seen:
                return
            seen.add(node.objgen)
        pg = node.get("/Pg")
        here = pages.get(pg.objgen, page) if pg is not None else page
        if "/S" in node:
            yield node, here
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            yield from visit(kid, here)

    yield from visit(root, None)


def first_drawn(job: PdfJob, page: int | None, kinds: tuple[str, ...]) -> Location | None:
    """The YAML location of the first element of one of `kinds` the trace placed on `page`."""
    if job.trace is None or page is None:
        return None
    for placed in job.trace.on_page(page):
        if placed.kind in kinds and placed.where is not None:
            return placed.where
    return job.locate(page)


@check("access.untagged", reads=("marks",))
def untagged(job: PdfJob, diags: Diagnostics) -> None:
    if not applies(job):
        return
    root = job.pdf.Root
    missing = [what for what, ok in (("/StructTreeRoot", "/StructTreeRoot" in root),
                                      ("/MarkInfo /Marked true", bool(root.get("/MarkInfo", {}).get("/Marked"))))
               if not ok]
    if missing:
        job.report(diags, severity(job), "access.untagged", f"the {job.edition} edition is not a tagged PDF "
                   f"(no {' and no '.join(missing)})", UA_HINT)
        return
    for number, loose in sorted(walk_of(job, "marks").unmarked.items()):
        if loose:
            job.report(diags, severity(job), "access.untagged",
                       f"{loose} drawing operation(s) on page {number} are neither tagged content nor artifacts",
                       "screen readers skip or misread them", UA_HINT, page=number)


@check("access.figure-alt")
def figure_alt(job: PdfJob, diags: Diagnostics) -> None:
    if not applies(job):
        return
    for elem, page in elements(job):
        if elem.get("/S") != "/Figure":
            continue
        if str(elem.get("/Alt", "")).strip() or str(elem.get("/ActualText", "")).strip():
            continue
        job.report(diags, severity(job), "access.figure-alt", "a figure has no alternative text",
                   "give the picture `alt:` (what it shows) or a caption, or `decorative: true`",
                   page=page, where=first_drawn(job, page, ("image", "chart")))


@check("access.no-lang")
def no_lang(job: PdfJob, diags: Diagnostics) -> None:
    if not applies(job):
        return
    if not str(job.pdf.Root.get("/Lang", "")).strip():
        job.report(diags, severity(job), "access.no-lang", "the document does not say its language (/Lang)",
                   "set meta.language (a BCP 47 tag such as zh-CN or en)",
                   where=first_drawn(job, 1, ("text",)))


@check("access.heading-order")
def heading_order(job: PdfJob, diags: Diagnostics) -> None:
    """An H2 (or lower) before any H1 of its section (or of the document, outside sections)."""
    if not applies(job):
        return
    seen_h1: set[tuple[int, int]] = set()     # the Sect/Document elements that have had an H1
    for elem, page in elements(job):
        role = str(elem.get("/S"))
        if len(role) == 3 and role.startswith("/H") and role[2].isdigit():
            section = nearest(elem)
            key = section.objgen if section is not None else (0, 0)
            if role == "/H1":
                seen_h1.add(key)
            elif key not in seen_h1:
                job.report(diags, severity(job), "access.heading-order",
                           f"a {role[1:]} heading comes before its section's H1", "give the section a title first",
                           page=page, where=first_drawn(job, page, ("heading", "section-head")))


def nearest(elem: Any) -> Any:
    node = elem.get("/P")
    while isinstance(node, pikepdf.Dictionary) and node.get("/S") not in ("/Sect", "/Document"):
        node = node.get("/P")
    return node if isinstance(node, pikepdf.Dictionary) else None


@check("access.link-untagged")
def link_untagged(job: PdfJob, diags: Diagnostics) -> None:
    if not applies(job):
        return
    in_tree = set()
    for elem, _ in elements(job):
        kids = elem.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and "/Obj" in kid:
                in_tree.add(kid.Obj.objgen)
    for number, page in enumerate(job.pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            box = tuple(float(v) for v in annot.Rect)
            if annot.objgen not in in_tree or "/StructParent" not in annot:
                job.report(diags, severity(job), "access.link-untagged",
                           f"a link on page {number} is not in the structure tree", UA_HINT,
                           page=number, box=box)  # type: ignore[arg-type]
            elif not str(annot.get("/Contents", "")).strip():
                job.report(diags, severity(job), "access.link-untagged",
                           f"a link on page {number} has no description (/Contents)", UA_HINT,
                           page=number, box=box)  # type: ignore[arg-type]
