"""Images, print resolution check: the effective resolution of every placed image against the layout's
`images.warn_ppi` (warning `image.low-resolution`) and `images.min_ppi` (error
`image.too-low-resolution`), with the size at which the picture would be sharp. `check_placements`
makes the same check at validation, from the file headers, so `brochure check` refuses what the build
would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from .base import MM_PER_INCH, PT_PER_INCH, ImageProblem, PlacedImage


def check_resolution(placed: PlacedImage, spec: Any, diags: Diagnostics, where: Location | None,
                     edition: str | None = None) -> None:
    """Report `placed` if its effective ppi is below `spec.warn_ppi` / `spec.min_ppi` (ImagesSpec)."""
    ppi = placed.effective_ppi
    if ppi >= spec.warn_ppi:
        return
    w_mm, h_mm = (v / PT_PER_INCH * MM_PER_INCH for v in placed.box)
    sharp_w, sharp_h = placed.sharp_size_mm(spec.warn_ppi)
    message = (f"image is {ppi:.0f} ppi at its placed size of {w_mm:.0f} x {h_mm:.0f} mm "
               f"(print wants {spec.warn_ppi:g} ppi)")
    hint = f"sharp up to {sharp_w:.0f} x {sharp_h:.0f} mm at {spec.warn_ppi:g} ppi"
    todo = "use a larger original, or place it smaller"
    if ppi < spec.min_ppi:
        diags.error("image.too-low-resolution", message + f", below the minimum of {spec.min_ppi:g} ppi",
                    where, hint, todo, edition=edition)
    else:
        diags.warning("image.low-resolution", message, where, hint, todo, edition=edition)


def check_placements(content: Any, layout: Any, source: Any, geometry: Any, edition: Any, base_dir: Path,
                     diags: Diagnostics) -> None:
    """VALIDATE: every picture an edition places (the boxes the renderers use, from `batch.placements`)
    at the resolution its header promises; reported as the renderers report it."""
    from .batch import placements
    from .place import plan

    reported = {d.location for d in diags.errors}
    for path, job in placements(content, layout, geometry, edition, base_dir, edition.cmyk_profile):
        where = source.where(path + ("src",))
        if where in reported:
            continue                         # missing, unreadable or damaged: said already
        try:
            placed = plan(job.src, job.box_w, job.box_h, job.fit, job.focus, job.ppi, job.quality,
                          job.cmyk_profile, flatten=job.flatten).placed
        except ImageProblem:
            continue                         # reported by check_assets
        check_resolution(placed, layout.images, diags, where, edition.name)
