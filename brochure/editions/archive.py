"""The archive edition: PDF/A-3b, tagged, and PDF/UA-1 where its tree is complete. Trim-size pages in
RGB with an sRGB OutputIntent, images at print resolution, XMP matching the document info, every
annotation printable, no encryption or JavaScript, and the sources attached (content YAML, layout
chain, images, manifest.json; AFRelationship /Source), so `brochure verify` can rebuild the file.
Byte-identical on rebuild: fixed dates and document IDs.
"""

from __future__ import annotations

import zlib

import pikepdf

from . import SRGB_PROFILE, EditionSettings, FinishInput, Source, finisher
from .finish import add_output_intent, finish_common


def attach_sources(pdf: pikepdf.Pdf, sources: list[Source], date: str) -> None:
    """Embed each source as an associated file (PDF/A-3 `/AF`, relationship /Source), sorted by name."""
    specs = []
    for src in sorted(sources, key=lambda s: s.name):
        spec = pikepdf.AttachedFileSpec(pdf, src.data, description=f"{src.role}: {src.name}",
                                        filename=src.name, mime_type=src.mime, creation_date=date,
                                        mod_date=date, relationship=pikepdf.Name.Source)
        pdf.attachments[src.name] = spec
        stored = pdf.attachments[src.name].obj
        stored.EF.F.write(zlib.compress(src.data), filter=pikepdf.Name.FlateDecode)  # /Params keep the size
        specs.append(stored)
    pdf.Root.AF = pikepdf.Array([s if s.is_indirect else pdf.make_indirect(s) for s in specs])


@finisher("archive")
def finish_archive(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings,
                   job: FinishInput) -> bytes:
    profile = job.output_profile or SRGB_PROFILE

    def archive_steps(pdf: pikepdf.Pdf) -> None:
        add_output_intent(pdf, profile, "/GTS_PDFA1", "sRGB IEC61966-2.1", "sRGB IEC61966-2.1")
        if job.sources:
            attach_sources(pdf, job.sources, meta["date"])

    # PDF/A-3b, and PDF/UA-1 where the tree holds everything drawn and every figure has its text
    # alternative (the email edition's rule, tagging/write.py); the XMP then describes the pdfuaid schema
    # (finish.EXTENSION_SCHEMAS), as PDF/A requires of a schema outside its own list. Level A (3a) is not
    # claimed: no validator here checks it (PDFBox's Preflight validates PDF/A-1b only).
    ua = job.tags is not None and job.tags.ready()
    xmp = {"pdfaid:part": "3", "pdfaid:conformance": "B"} | ({"pdfuaid:part": "1"} if ua else {})
    # Classic cross-reference table, no object streams: allowed in PDF/A-3 and friendlier to PDF/A-1
    # era validators and long-term readers.
    return finish_common(pdf_bytes, meta, settings, job, [archive_steps], object_streams=False, xmp_extra=xmp)
