"""pdf.boxes and pdf.bleed-too-small: the page boxes a print shop trims and bleeds by."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .geometry import PageBoxes, inside, intersect, page_boxes
from .messages import fmt_box, mm, report_grouped


def box_nesting(b: PageBoxes) -> list[str]:
    """Trim ⊆ Bleed ⊆ Media, Art ⊆ Trim (or the page when there is no TrimBox)."""
    problems = []
    if b.bleed and not inside(b.bleed, b.media):
        problems.append(f"the BleedBox {fmt_box(b.bleed)} is not inside the MediaBox {fmt_box(b.media)}")
    if b.trim and b.bleed and not inside(b.trim, b.bleed):
        problems.append(f"the TrimBox {fmt_box(b.trim)} is not inside the BleedBox {fmt_box(b.bleed)}")
    if b.trim and not inside(b.trim, b.media):
        problems.append(f"the TrimBox {fmt_box(b.trim)} is not inside the MediaBox {fmt_box(b.media)}")
    if b.art and not inside(b.art, b.trim or b.media):
        outer = "TrimBox" if b.trim else "MediaBox"
        problems.append(f"the ArtBox {fmt_box(b.art)} is not inside the {outer} {fmt_box(b.trim or b.media)}")
    for name, box in (("MediaBox", b.media), ("TrimBox", b.trim), ("BleedBox", b.bleed), ("ArtBox", b.art)):
        if box and (box[2] - box[0] < 1 or box[3] - box[1] < 1):
            problems.append(f"the {name} {fmt_box(box)} is empty")
    return problems


def needed_boxes(job: PdfJob) -> tuple[str, ...]:
    """A file printed with bleed needs both boxes on every page; PDF/X needs a TrimBox (ISO 15930-7 6.2)."""
    if job.target.bleed > 0:
        return ("TrimBox", "BleedBox")
    return ("TrimBox",) if (job.target.standard or "").startswith("PDF/X") else ()


@check("pdf.boxes")
def boxes(job: PdfJob, diags: Diagnostics) -> None:
    """A print shop trims to the TrimBox and expects the bleed in the BleedBox; boxes that do not nest
    are read differently by every RIP."""
    missing: dict[str, list[int]] = {}
    wrong: dict[str, list[int]] = {}
    needed = needed_boxes(job)
    for b in page_boxes(job):
        if needed:
            absent = [name for name, box in (("TrimBox", b.trim), ("BleedBox", b.bleed))
                      if box is None and name in needed]
            if absent:
                missing.setdefault(f"the page has no {' and no '.join(absent)}", []).append(b.page)
        for problem in box_nesting(b):
            wrong.setdefault(problem, []).append(b.page)
    report_grouped(job, diags, "error", "pdf.boxes", missing,
                   "a print file needs both on every page: TrimBox = finished size, BleedBox = trim + bleed "
                   "(the print edition sets them; for other files export with bleed and trim marks)")
    report_grouped(job, diags, "error", "pdf.boxes", wrong,
                   "the boxes must nest: TrimBox inside BleedBox inside MediaBox, ArtBox inside TrimBox")


@check("pdf.bleed-too-small")
def bleed_too_small(job: PdfJob, diags: Diagnostics) -> None:
    """The printed bleed is what the BleedBox covers beyond the trim, clipped to the visible page."""
    wanted = job.target.bleed
    if wanted <= 0:
        return
    problems: dict[str, list[int]] = {}
    for b in page_boxes(job):
        if b.trim is None or b.bleed is None:
            continue
        eff = intersect(b.bleed, b.visible)
        sides = {"left": b.trim[0] - eff[0], "bottom": b.trim[1] - eff[1],
                 "right": eff[2] - b.trim[2], "top": eff[3] - b.trim[3]}
        short = {side: v for side, v in sides.items() if v < wanted - 0.1}
        if short:
            found = ", ".join(f"{mm(max(v, 0.0))} {side}" for side, v in short.items())
            problems.setdefault(f"the bleed is {found}; {mm(wanted)} wanted on every side", []).append(b.page)
    report_grouped(job, diags, "error", "pdf.bleed-too-small", problems,
                   f"extend backgrounds and pictures {mm(wanted)} past the trim and set the BleedBox to match "
                   "(layout page.bleed)")
