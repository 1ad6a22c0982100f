"""PREFLIGHT wording: how checks name sizes, boxes and pages in their messages, and one diagnostic for a
problem repeated on many pages."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from . import MM, PdfJob
from .geometry import Box


def mm(pt: float) -> str:
    return f"{pt / MM:.1f} mm"


def fmt_box(box: Box) -> str:
    return "[" + " ".join(f"{v:.1f}" for v in box) + "]"


def page_list(pages: list[int]) -> str:
    """Names the pages one diagnostic stands for: "page 3", "pages 1–16", "pages 2, 5, 9"."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}–{pages[-1]}"
    shown = ", ".join(str(p) for p in pages[:8])
    return f"pages {shown}" + (f" and {len(pages) - 8} more" if len(pages) > 8 else "")


def report_grouped(job: PdfJob, diags: Diagnostics, severity: str, code: str,
                   problems: dict[str, list[int]], *hints: str) -> None:
    """One diagnostic per distinct problem (identical on many pages in a generated file), placed on the
    first page it occurs on and naming the others."""
    for message, pages in problems.items():
        suffix = f" ({page_list(pages)})" if len(pages) > 1 else ""
        job.report(diags, severity, code, message + suffix, *hints, page=pages[0])
