"""The print edition: pages on a sheet with 3 mm bleed and crop marks, TrimBox/BleedBox, CMYK only
(vectors from the palette's CMYK values, images converted through the output profile), the CMYK
profile embedded as a PDF/X OutputIntent, no annotations, and PDF/X-4 identification when the finished
file passes the PDF/X-4 checks we can make (otherwise the keys are left out).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pikepdf

from ..cache import file_hash
from . import DEFAULT_CMYK_PROFILE, SHIPPED, EditionSettings, FinishInput, finisher
from .finish import add_output_intent, finish_common, profile_description
from .marks import add_crop_marks, set_boxes

# Profiles we ship: condition identifier (ICC characterisation registry) and a readable condition.
KNOWN_CONDITIONS = {
    DEFAULT_CMYK_PROFILE.name: ("FOGRA39", "Offset printing, ISO 12647-2:2004/Amd 1, coated paper "
                                           "(FOGRA39), total ink limit 300 %"),
}
PDFX_VERSION = str(SHIPPED["print"].standard)


def output_condition(settings: EditionSettings, profile: Path) -> tuple[str, str]:
    """(identifier, condition): the user's values, else the shipped profile's, else 'Custom' + the
    profile's own description."""
    known_id, known_condition = KNOWN_CONDITIONS.get(profile.name, ("Custom", profile_description(profile)))
    return (settings.output_condition_identifier or known_id, settings.output_condition or known_condition)


PDFX_CHECKS = {"pdf.rgb-colour", "pdf.font-not-embedded", "pdf.boxes", "pdf.output-intent"}


def pdfx_problems(pdf: pikepdf.Pdf, settings: EditionSettings, job: FinishInput) -> list[str]:
    """Reasons this file cannot claim PDF/X-4 (empty when every check we make passes): the preflight's
    own checks on colour, fonts, boxes and the output intent, run on the document before it is saved,
    and what PDF/X forbids outright."""
    from ..preflight import Target, check_pdf

    target = Target(settings.name, cmyk=True, bleed=job.bleed, standard=PDFX_VERSION)
    problems = [d.message for d in check_pdf(pdf, None, target, only=PDFX_CHECKS)
                if d.severity.value == "error"]
    if pdf.is_encrypted:
        problems.append("encrypted")
    if "/Names" in pdf.Root and "/JavaScript" in pdf.Root.Names:
        problems.append("JavaScript")
    for i, page in enumerate(pdf.pages, start=1):
        if page.obj.get("/Annots"):
            problems.append(f"page {i}: annotations")
    return problems


@finisher("print")
def finish_print(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings,
                 job: FinishInput) -> bytes:
    profile = job.output_profile or DEFAULT_CMYK_PROFILE
    identifier, condition = output_condition(settings, profile)
    digest = hashlib.sha256(pdf_bytes)
    for picture in sorted(file_hash(path) for path in job.pictures.values()):   # not in the layout's bytes
        digest.update(picture.encode())
    document_id = f"uuid:{uuid.UUID(digest.hexdigest()[:32])}"

    xmp: dict[str, str] = {"pdf:Trapped": "False"}
    info: dict[str, object] = {"/Trapped": pikepdf.Name("/False")}

    def boxes_and_intent(pdf: pikepdf.Pdf) -> None:
        set_boxes(pdf, job)
        if job.crop_marks:
            add_crop_marks(pdf, job)
        add_output_intent(pdf, profile, "/GTS_PDFX", condition, identifier)

    def claim_pdfx(pdf: pikepdf.Pdf) -> None:
        """Add the PDF/X-4 identification only if the file passes every check we can make."""
        if pdfx_problems(pdf, settings, job) or not meta.get("title"):
            return
        xmp.update({"pdfxid:GTS_PDFXVersion": PDFX_VERSION, "xmpMM:DocumentID": document_id,
                    "xmpMM:InstanceID": document_id, "xmpMM:VersionID": "1",
                    "xmpMM:RenditionClass": "default"})
        info["/GTS_PDFXVersion"] = pikepdf.String(PDFX_VERSION)

    return finish_common(pdf_bytes, meta, settings, job, [boxes_and_intent, claim_pdfx], xmp_extra=xmp,
                         info_extra=info, min_version="1.6")
