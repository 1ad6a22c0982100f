"""pdf.output-intent: what the colours mean: for PDF/X the press condition (a CMYK profile), for PDF/A
the device the file was made for."""

from __future__ import annotations

from typing import Any

import pikepdf

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .colour import icc_signature

INTENT_SUBTYPES = {"PDF/X": "/GTS_PDFX", "PDF/A": "/GTS_PDFA1"}
CHANNELS = {"CMYK": 4, "RGB": 3, "GRAY": 1}


def intent_problems(intents: list[Any], subtype: str, want: str) -> list[str]:
    """The first intent of `subtype` must embed an ICC profile of colour space `want` and name its
    output condition; several intents must share one profile (PDF/A-2/3)."""
    chosen = [oi for oi in intents if isinstance(oi, pikepdf.Dictionary) and str(oi.get("/S")) == subtype]
    if not chosen:
        found = ", ".join(str(oi.get("/S")) for oi in intents if isinstance(oi, pikepdf.Dictionary)) or "none"
        return [f"no output intent of subtype {subtype} (found: {found})"]
    intent = chosen[0]
    problems = []
    if not str(intent.get("/OutputConditionIdentifier", "")).strip():
        problems.append("the output intent has no /OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        ref = " (only a /DestOutputProfileRef)" if "/DestOutputProfileRef" in intent else ""
        return problems + [f"the output intent embeds no ICC profile (/DestOutputProfile){ref}"]
    space = icc_signature(profile)
    if not space:
        problems.append("the output intent's /DestOutputProfile is not an ICC profile")
    elif space != want:
        problems.append(f"the output intent's profile is {space}, the edition needs {want}")
    n = profile.get("/N")
    if n is not None and space in CHANNELS and int(n) != CHANNELS[space]:
        problems.append(f"the output profile stream says /N {int(n)} but the profile is {space}")
    profiles = {oi.DestOutputProfile.objgen for oi in intents
                if isinstance(oi, pikepdf.Dictionary) and isinstance(oi.get("/DestOutputProfile"), pikepdf.Stream)}
    if len(profiles) > 1:
        problems.append(f"{len(intents)} output intents with different profiles")
    return problems


@check("pdf.output-intent")
def output_intent(job: PdfJob, diags: Diagnostics) -> None:
    """The output intent says what the colours mean: for PDF/X the press condition (CMYK), for PDF/A the
    device the file was made for (sRGB for our archive)."""
    standard = job.target.standard
    if not standard:
        return
    subtype = INTENT_SUBTYPES.get(standard[:5].upper())
    if subtype is None:
        return
    want = "CMYK" if job.target.cmyk else "RGB"
    intents = job.pdf.Root.get("/OutputIntents")
    hint = (f"{standard} needs an output intent {subtype} with an embedded {want} ICC profile; "
            f"editions.{job.edition}.output_profile names it")
    if not isinstance(intents, pikepdf.Array) or len(intents) == 0:
        job.report(diags, "error", "pdf.output-intent", "the document has no output intent (/OutputIntents)", hint)
        return
    for problem in intent_problems(list(intents), subtype, want):
        job.report(diags, "error", "pdf.output-intent", problem, hint)
