"""pdf.dead-link: link annotations that lead nowhere (a missing page or named destination, an empty or
malformed URI, a launched program)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .geometry import as_box
from .messages import fmt_box

FIT_TYPES = {"/XYZ", "/Fit", "/FitH", "/FitV", "/FitR", "/FitB", "/FitBH", "/FitBV"}
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
NEEDS_HOST = {"http", "https", "ftp", "ftps"}


@dataclass
class LinkContext:
    pages: dict[tuple[int, int], int]     # page objgen -> page number
    named: dict[str, Any]                 # named destinations (Root /Dests and the /Names /Dests tree)
    base: str                             # Root /URI /Base, for relative URIs


def link_context(job: PdfJob) -> LinkContext:
    if "output.links" in job.cache:
        return job.cache["output.links"]
    root = job.pdf.Root
    named: dict[str, Any] = {}
    for name, dest in (root.get("/Dests") or {}).items():
        named[str(name).lstrip("/")] = dest
    tree = (root.get("/Names") or {}).get("/Dests")
    if tree is not None:
        try:
            for name, dest in pikepdf.NameTree(tree).items():
                named[str(name)] = dest
        except (pikepdf.PdfError, TypeError, ValueError):
            pass
    base = str((root.get("/URI") or {}).get("/Base", ""))
    ctx = LinkContext({p.obj.objgen: i for i, p in enumerate(job.pdf.pages, start=1)}, named, base)
    job.cache["output.links"] = ctx
    return ctx


def dest_problem(dest: Any, ctx: LinkContext) -> str | None:
    """Why a destination (explicit array, name or string) leads nowhere, or None."""
    if isinstance(dest, (pikepdf.Name, pikepdf.String, str)):
        name = str(dest).lstrip("/") if isinstance(dest, pikepdf.Name) else str(dest)
        if name not in ctx.named:
            return f"goes to the named destination '{name}', which the document does not have"
        dest = ctx.named[name]
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
    if not isinstance(dest, pikepdf.Array) or len(dest) < 2:
        return "has a malformed destination"
    target = dest[0]
    if isinstance(target, pikepdf.Dictionary):
        if target.objgen not in ctx.pages:
            return "goes to a page that is not in the document"
    elif isinstance(target, int) or hasattr(target, "as_int"):
        if not 0 <= int(target) < len(ctx.pages):
            return f"goes to page index {int(target)}, beyond the document's {len(ctx.pages)} pages"
    else:
        return "has a destination that names no page"
    if str(dest[1]) not in FIT_TYPES:
        return f"has a destination with an unknown view {dest[1]}"
    return None


def uri_problem(uri: str, base: str = "") -> str | None:
    """An empty, relative or malformed URI (spaces, no host for web addresses) leads nowhere."""
    text = uri.strip()
    if not text:
        return "has an empty URI"
    if any(ch.isspace() for ch in text) or any(ord(ch) < 32 for ch in text):
        return f"has a URI with spaces or control characters: '{text}'"
    m = SCHEME.match(text)
    if not m or len(m.group(1)) < 2:
        if base and SCHEME.match(base):
            return None
        return f"has a URI without a scheme: '{text}'"
    scheme = m.group(1).lower()
    rest = text[m.end():]
    if scheme in NEEDS_HOST and not re.match(r"//[^/?#]+", rest):
        return f"has a {scheme} URI without a host: '{text}'"
    if not rest:
        return f"has a URI with nothing after '{scheme}:'"
    return None


def link_problem(annot: Any, ctx: LinkContext) -> tuple[str, str] | None:
    """(severity, what is wrong) for a link annotation, or None when it leads somewhere."""
    action = annot.get("/A")
    if not isinstance(action, pikepdf.Dictionary):
        dest = annot.get("/Dest")
        if dest is None:
            return ("error", "has no action and no destination")
        problem = dest_problem(dest, ctx)
        return ("error", problem) if problem else None
    kind = str(action.get("/S", ""))
    if kind == "/GoTo":
        problem = dest_problem(action.get("/D"), ctx)
    elif kind == "/URI":
        problem = uri_problem(str(action.get("/URI", "")), ctx.base)
    elif kind == "/Launch":
        target = action.get("/F") or action.get("/Win") or ""
        problem = f"launches a file or program ({describe_file(target)}), which viewers block and PDF/A forbids"
    elif kind == "/GoToR":
        return ("warning", f"opens another PDF ({describe_file(action.get('/F'))}), which is missing wherever "
                           "this file travels alone")
    elif not kind:
        problem = "has an action without a type (/S)"
    else:
        return None
    return ("error", problem) if problem else None


def describe_file(spec: Any) -> str:
    if isinstance(spec, pikepdf.Dictionary):
        spec = spec.get("/UF") or spec.get("/F") or spec.get("/Unix") or spec.get("/DOS") or ""
    return str(spec) or "unnamed"


def link_annotations(pdf: pikepdf.Pdf) -> Iterator[tuple[int, Any]]:
    for i, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots") or []:
            if isinstance(annot, pikepdf.Dictionary) and annot.get("/Subtype") == "/Link":
                yield i, annot


@check("pdf.dead-link")
def dead_link(job: PdfJob, diags: Diagnostics) -> None:
    """A link that goes nowhere is a broken promise in the email and archive editions."""
    ctx: LinkContext | None = None
    for page_no, annot in link_annotations(job.pdf):
        ctx = ctx or link_context(job)
        found = link_problem(annot, ctx)
        if found is None:
            continue
        severity, problem = found
        rect = as_box(annot.get("/Rect"))
        at = f" at {fmt_box(rect)} pt" if rect else ""
        job.report(diags, severity, "pdf.dead-link", f"a link{at} {problem}",
                   "point it at a section, a page or a full address (https://…, mailto:…)",
                   page=page_no, box=rect)
