"""The email edition: trim-size pages in sRGB, images at screen resolution, a size budget, clickable
contents and links, bookmarks opened beside the pages, two-page spreads, linearised."""

from __future__ import annotations

from . import EditionSettings, FinishInput, finisher
from .finish import finish_common


@finisher("email")
def finish_email(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings,
                 job: FinishInput) -> bytes:
    return finish_common(pdf_bytes, meta, settings, job)
