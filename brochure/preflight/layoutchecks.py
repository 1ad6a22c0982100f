"""Layout checks: what the trace of our own build shows about the page layout (a heading left alone at
the foot of a column, a section whose last page is nearly empty). They need the trace, so they do
nothing on PDFs made elsewhere."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .trace import FrameFill, Placed, Trace

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
    """(section, page, fill) for every section whose last page is filled less than `threshold` (the
    opener page of a one-page section is judged on its columns too)."""
    found = []
    for section, pages in sorted(trace.section_pages.items()):
        last = max(pages)
        frames = body_frames(trace, last)
        if frames and fill_of(frames) < threshold:
            found.append((section, last, fill_of(frames)))
    return found


def section_where(trace: Trace, section: int) -> Placed | None:
    return next((p for p in trace.placed if p.section == section and p.kind == "section-head"), None)


@check("layout.sparse-page")
def sparse_page(job: PdfJob, diags: Diagnostics) -> None:
    if job.trace is None:
        return
    for section, page, fill in sparse_pages(job.trace, job.target.sparse_page):
        head = section_where(job.trace, section)
        job.report(diags, "warning", "layout.sparse-page",
                   f"section {section + 1} ends on page {page}, which is only {fill:.0%} full",
                   "add or cut copy, resize a picture, or let the opener picture give way "
                   "(templates.opener.min_image_height); `brochure check --fill` shows how full every page is",
                   page=page, where=head.where if head else None)
