"""PREFLIGHT stage: checks on a finished PDF, reported as diagnostics that point back to the YAML.

A check is a function registered under a stable code with `@check(code, reads=...)`, `reads` naming
what it reads of the one content-stream walk (walk.py: "marks", "colours", "shown"), so that a run of
checks that need only colours walks without boxing text. It receives a `PdfJob` (the
open PDF, its bytes, the `Target` it is held to and, for our own builds, the layout `Trace`) and reports
through `job.report(...)`, which adds the edition, the page and, when the trace knows what was drawn
there, the YAML file:line:col. Checks that need the trace (layout checks) do nothing on foreign PDFs, so
`brochure preflight FILE.pdf` runs every PDF-level check on any file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics, Location, Severity
from .marks import ALL_PARTS as WALK_PARTS
from .trace import Box, Trace

MM = 72 / 25.4
CHECK_MODULES = ("checks", "painting", "colours", "ink", "boxes", "links", "metadata", "intent", "glyphs",
                 "layoutchecks", "access")


@dataclass(frozen=True)
class Target:
    """What a PDF is held to. `for_edition` fills it from the edition settings and the layout."""

    edition: str
    cmyk: bool = False                 # print: only CMYK (and gray) colour
    bleed: float = 0.0                 # pt the pages must carry beyond the trim on every side (0: none)
    safety: float = 5 * MM             # pt text and important elements keep inside the trim (0: not cut)
    ink_limit: float = 300.0           # % total area coverage (print)
    min_line: float = 0.25             # pt; thinner strokes are hairlines
    size_budget_mb: float | None = None
    saddle_stitch: bool = False
    standard: str | None = None        # "PDF/X-4", "PDF/A-3B": metadata and output intent it needs
    sections: tuple[str, ...] | None = None   # expected top-level bookmarks (our builds)
    sparse_page: float = 0.6           # layout check: a body page (not the last) filled less than this
    run_on: bool = True                # the layout lets a section run on (what the sparse-page check says)
    need_tools: bool = False           # a missing validator (Ghostscript) is an error, not a skip
    tagged: bool = False               # a tagged edition: accessibility checks (access.py) apply
    pdfua: bool = False                # it claims PDF/UA-1: their findings are errors

    @classmethod
    def for_edition(cls, settings: Any, layout: Any, sections: tuple[str, ...] | None = None) -> Target:
        pf = layout.preflight
        printed = settings.bleed      # an edition for the printer: trimmed, bound
        return cls(edition=settings.name, cmyk=settings.cmyk,
                   bleed=layout.page.bleed.pt() if printed else 0.0,
                   safety=pf.safety_margin.pt() if printed else 0.0, ink_limit=pf.ink_limit,
                   min_line=pf.min_line_width.pt(), size_budget_mb=settings.size_budget_mb,
                   saddle_stitch=printed and layout.page.binding == "saddle-stitch", standard=settings.standard,
                   sections=sections, sparse_page=pf.sparse_page, need_tools=tools_required(),
                   run_on=layout.makeup.run_on, tagged=settings.tagged, pdfua=settings.pdfua)


def tools_required() -> bool:
    """In CI (or with BROCHURE_PREFLIGHT_TOOLS=required) a missing external validator fails the check
    instead of being skipped with a warning."""
    return bool(os.environ.get("CI")) or os.environ.get("BROCHURE_PREFLIGHT_TOOLS") == "required"


@dataclass
class PdfJob:
    pdf: Any                           # pikepdf.Pdf
    data: bytes
    target: Target
    trace: Trace | None = None
    cache: dict[str, Any] = field(default_factory=dict)   # shared results between checks (e.g. the walk)
    reads: frozenset[str] = WALK_PARTS                     # what the checks of this run read of the walk

    @property
    def edition(self) -> str:
        return self.target.edition

    def locate(self, page: int | None, box: Box | None = None) -> Location | None:
        return self.trace.locate(page, box) if self.trace is not None else None

    def report(self, diags: Diagnostics, severity: str, code: str, message: str, *hints: str,
               page: int | None = None, box: Box | None = None, where: Location | None = None) -> None:
        """Add a diagnostic for this edition; `where` defaults to the YAML location of what was drawn
        at `box` on `page` (known only for our own builds)."""
        location = where if where is not None else self.locate(page, box)
        diags.add(Diagnostic(Severity(severity), code, message, location, tuple(h for h in hints if h),
                             self.edition, page))


Check = Callable[[PdfJob, Diagnostics], None]
CHECKS: dict[str, Check] = {}
READS: dict[str, frozenset[str]] = {}        # code -> the parts of the walk the check reads


def check(code: str, reads: Iterable[str] = ()) -> Callable[[Check], Check]:
    """Register a check under its stable code (one function may report only that code)."""
    unknown = set(reads) - WALK_PARTS
    if unknown:
        raise ValueError(f"check {code} reads {sorted(unknown)}, not a part of the walk {sorted(WALK_PARTS)}")

    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        READS[code] = frozenset(reads)
        return fn
    return register


def load_checks() -> dict[str, Check]:
    for name in CHECK_MODULES:
        import_module(f"{__name__}.{name}")
    return CHECKS


def run_checks(data: bytes, target: Target, trace: Trace | None = None,
               diags: Diagnostics | None = None, only: set[str] | None = None) -> Diagnostics:
    """Run every registered check (or those in `only`) on the PDF bytes."""
    import pikepdf

    diags = diags if diags is not None else Diagnostics()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        reason = str(exc).split(": ", 1)[-1] if str(exc).startswith("stream <") else str(exc)
        diags.error("pdf.unreadable", f"not a readable PDF: {reason}", None,
                    "is it a PDF, and was it copied whole?", edition=target.edition)
        return diags
    with pdf:
        return check_pdf(pdf, data, target, trace, diags, only)


NEED_BYTES = {"pdf.size-budget", "pdf.ink-limit"}    # checks that read the saved file, not the document


def check_pdf(pdf: Any, data: bytes | None, target: Target, trace: Trace | None = None,
              diags: Diagnostics | None = None, only: set[str] | None = None) -> Diagnostics:
    """Run the checks on an open pikepdf document. Without its bytes (a document being finished, not
    yet saved) only checks that read the document can run: `only` must name them."""
    if data is None and (only is None or only & NEED_BYTES):
        raise ValueError(f"checks {sorted(NEED_BYTES & (only or NEED_BYTES))} need the saved PDF bytes")
    diags = diags if diags is not None else Diagnostics()
    chosen = {code: fn for code, fn in load_checks().items() if only is None or code in only}
    reads = frozenset().union(*(READS[code] for code in chosen))
    job = PdfJob(pdf, data or b"", target, trace, reads=reads)
    for fn in chosen.values():
        fn(job, diags)
    return diags
