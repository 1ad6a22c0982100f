"""Layout checks: what the trace of our own build shows about the page layout (a heading left alone at
the foot of a column, a section whose last page is nearly empty). They need the trace, so they do
nothing on PDFs made elsewhere."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .trace import FrameFill, Placed, Trace, page_fill

BODY_TEMPLATES = ("body", "opener")     # templates whose frames carry a section's running text


def column_of(p: Placed) -> tuple[int, str]:
    return (p.page, p.frame)


@check("layout.heading-alone")
def heading_alone(job: PdfJob, diags: Diagnostics) -> None:
    """A heading whose next element starts in another column or on another page."""
    if job.trace is None:
        return
    flowed = [p for p in job.trace.placed if p.frame]
    for here, after in zip(flowed, flowed[1:], strict=False):
        if here.kind == "heading" and column_of(here) != column_of(after) and here.section == after.section:
            starts = f"on page {after.page}" if after.page != here.page else "in the next column"
            job.report(diags, "warning", "layout.heading-alone",
                       f"the heading stands alone at the foot of a column on page {here.page}; its text "
                       f"starts {starts}",
                       "keep the heading with its text (styles.heading.keep_with_next: true), or move copy",
                       page=here.page, box=here.box, where=here.where)


def fill_of(frames: list[FrameFill]) -> float:
    height = sum(f.height for f in frames)
    return sum(min(f.used, f.height) for f in frames) / height if height else 0.0


def body_frames(trace: Trace, page: int) -> list[FrameFill]:
    return [f for f in trace.frames if f.page == page and f.template.startswith(BODY_TEMPLATES)
            and f.frame != "head"]


def sparse_pages(trace: Trace, threshold: float) -> list[tuple[int, int, float]]:
    """(section, page, fill) for every body page but the brochure's last that is filled less than
    `threshold` down its columns (page_fill)."""
    pages = sorted(p for p, t in trace.page_templates.items() if t.startswith(BODY_TEMPLATES))
    found = []
    for page in pages[:-1]:
        fill = page_fill(trace, page)
        if fill < threshold:
            sections = [s for s, ps in trace.section_pages.items() if page in ps]
            found.append((min(sections) if sections else -1, page, fill))
    return found


def section_where(trace: Trace, section: int) -> Placed | None:
    return next((p for p in trace.placed if p.section == section and p.kind == "section-head"), None)


@check("layout.sparse-page")
def sparse_page(job: PdfJob, diags: Diagnostics) -> None:
    if job.trace is None:
        return
    for section, page, fill in sparse_pages(job.trace, job.target.sparse_page):
        head = section_where(job.trace, section)
        why = why_sparse(job.trace, section, page, job.target.run_on)
        job.report(diags, "warning", "layout.sparse-page",
                   f"page {page} is {1 - fill:.0%} blank: {why}",
                   "add or cut copy in that section, or allow more makeup moves (makeup: run_on, "
                   "opener_heights); `brochure check --fill` shows how full every page is",
                   page=page, where=head.where if head else None)


def why_sparse(trace: Trace, section: int, page: int, run_on: bool = True) -> str:
    """Which section leaves the page empty, and why the makeup could not fill it."""
    label = f"section {section + 1}" if section >= 0 else "the text"
    nxt = trace.section_pages.get(section + 1)
    if nxt and min(nxt) == page + 1 and trace.page_templates.get(page + 1, "").startswith("opener"):
        why = ("the layout does not let sections run on: makeup.run_on is false" if not run_on else
               "too little room here to run on: its head, picture and first lines do not fit")
        return f"{label} ends here and section {section + 2} starts on an opener page ({why})"
    if nxt is None or min(nxt) > page:
        return f"{label} ends here"
    return f"{label} leaves its columns short here (a block that does not split moved to the next page)"
