"""Images, per-edition settings: what `prepare` is asked for in one edition (target ppi, JPEG quality,
CMYK output profile, flattening), and the boxes images are placed in. One place for both, so the cache
warmer (`batch.placements`) asks for exactly what the renderers will ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ImageOptions:
    ppi: float                  # resample down to this (never up)
    quality: int                # JPEG quality of processed images
    cmyk_profile: Path | None   # print: convert to this output profile
    flatten: bool               # composite transparency onto white (no soft masks)
    check_resolution: bool      # report low effective resolution (print)


def is_print(edition: Any) -> bool:
    """Print editions are the ones with bleed or CMYK; email and archive are screen/sRGB editions."""
    return bool(getattr(edition, "bleed", False) or getattr(edition, "cmyk", False))


def options_for(edition: Any, cmyk_profile: Path | str | None = None) -> ImageOptions:
    """Image settings for an `EditionSettings`. The CMYK profile is the argument, else the edition's
    `cmyk_profile` attribute when the print edition defines one."""
    profile = cmyk_profile or getattr(edition, "cmyk_profile", None)
    printing = is_print(edition)
    return ImageOptions(ppi=float(edition.image_ppi), quality=int(edition.jpeg_quality),
                        cmyk_profile=Path(profile) if profile else None,
                        flatten=printing or profile is not None, check_resolution=printing)


def block_box(fit: str, column_w: float, geometry: Any) -> tuple[float, float]:
    """The box (pt) of an image block in a column: 3:2 when cropped; when contained, the column width
    and at most 45% of the type area's height."""
    if fit == "contain":
        return column_w, (geometry.trim_h - geometry.top - geometry.bottom) * 0.45
    return column_w, column_w * 2 / 3


def cover_box(geometry: Any) -> tuple[float, float]:
    """The cover picture fills the page and its bleed."""
    _, _, w, h = geometry.bleed_rect()
    return w, h


def opener_box(layout: Any, geometry: Any) -> tuple[float, float]:
    """A section opener's picture: bleed width, the layout's image height plus the top bleed (as
    `layout.pages.draw_opener` draws it)."""
    _, _, w, _ = geometry.bleed_rect()
    return w, layout.templates.opener.image_height.pt(whole=geometry.trim_h) + geometry.bleed
