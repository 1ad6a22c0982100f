"""`brochure preflight FILE.pdf --edition NAME`: the PDF-level checks on any PDF, held to an edition's
rules and a layout's limits (bleed, binding, safety margin, ink limit), as a print shop would run them."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from . import Target, run_checks
from .report import PreflightReport


def preflight_file(pdf: Path, edition: str, layout_ref: str, strict: bool = False
                   ) -> tuple[Diagnostics, PreflightReport | None]:
    import pikepdf

    from ..editions import settings_for
    from ..model.layouts import load_layout

    diags = Diagnostics()
    loaded = load_layout(layout_ref, diags)
    if not pdf.is_file():
        diags.error("io.not-found", f"PDF not found: {pdf}", None)
    if loaded is None or diags.has_errors():
        return diags, None
    data = pdf.read_bytes()
    settings = settings_for(edition, loaded.layout.editions.get(edition, {}))
    target = Target.for_edition(settings, loaded.layout)
    run_checks(data, target, None, diags)
    try:
        with pikepdf.open(pdf) as doc:
            pages = len(doc.pages)
    except pikepdf.PdfError:
        pages = 0
    return diags, PreflightReport.of(str(pdf), {edition: (pages, len(data))}, diags, strict)
