"""The email edition: trim-size pages in sRGB, images at screen resolution, a size budget, clickable
contents and links, bookmarks opened beside the pages, two-page spreads, linearised."""

from __future__ import annotations

from . import EditionSettings, FinishInput, edition
from .finish import finish_common


@edition(EditionSettings(name="email", cmyk=False, bleed=False, crop_marks=False, image_ppi=150,
                         jpeg_quality=82, size_budget_mb=7.0, linearize=True,
                         description="for delegations: small, clickable, bookmarks, sRGB"))
def finish_email(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings,
                 job: FinishInput) -> bytes:
    return finish_common(pdf_bytes, meta, settings, job)
