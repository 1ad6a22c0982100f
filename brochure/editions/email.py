"""The email edition: trim-size pages in sRGB, images at screen resolution, a size budget, clickable
contents and links, bookmarks opened beside the pages, two-page spreads, linearised."""

from __future__ import annotations

from . import EditionSettings, FinishInput, finisher
from .finish import finish_common


@finisher("email")
def finish_email(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings,
                 job: FinishInput) -> bytes:
    # PDF/UA-1 is claimed only for a tree that holds everything drawn and a text alternative for every
    # figure (tagging/write.py); preflight (preflight/access.py) checks the finished file again.
    claim = settings.pdfua and job.tags is not None and job.tags.ready()
    return finish_common(pdf_bytes, meta, settings, job, xmp_extra={"pdfuaid:part": "1"} if claim else None)
