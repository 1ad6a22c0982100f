"""RESOLVE for the pictures the page templates draw (the cover, each section's opener): prepared for
the boxes they fill and their problems reported before any page is laid out, so layout/pages.py only
draws them. (Pictures in the running text are prepared by their renderer, render/blocks.py.)"""

from __future__ import annotations

from typing import Any

from .base import ImageProblem, PlacedImage
from .options import options_for
from .place import prepare
from .resolution import check_resolution


def page_pictures(ctx: Any, opener_heights: list[float]) -> dict[tuple[Any, ...], PlacedImage]:
    """RESOLVE for the pictures the page templates draw (the cover, each section's opener): each one
    prepared for the box it fills (an opener as tall as the makeup fitted it, plus the top bleed), its
    problems reported at its YAML location, before any page is laid out. `ctx` is the edition's render
    context (content, layout, edition settings, folder, geometry, diagnostics, locations). A picture
    that failed is left out: its page draws the fallback."""
    content, geometry, edition = ctx.content, ctx.geometry, ctx.edition
    opts = options_for(edition)  # target ppi, quality, the print edition's CMYK profile, flattening
    _, _, width, height = geometry.bleed_rect()
    wanted: list[tuple[tuple[Any, ...], Any, float, float]] = []
    if content.cover.image is not None:
        wanted.append((("cover", "image"), content.cover.image, width, height))
    for i, section in enumerate(content.sections):
        if section.image is not None:
            wanted.append((("sections", i, "image"), section.image, width, opener_heights[i] + geometry.bleed))
    out: dict[tuple[Any, ...], PlacedImage] = {}
    for path, image, w, h in wanted:
        located = ctx.where(path + ("src",))
        try:
            placed = prepare(ctx.base_dir / image.src, w, h, "cover", image.focus, opts.ppi, opts.quality,
                             opts.cmyk_profile, flatten=opts.flatten)
        except ImageProblem as exc:
            ctx.diags.error(exc.code, str(exc), located, exc.hint)
            continue
        if opts.check_resolution:
            check_resolution(placed, ctx.layout.images, ctx.diags, located, edition.name)
        out[path] = placed
    return out


__all__ = ["page_pictures"]
