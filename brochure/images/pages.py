"""RESOLVE for the pictures the page templates draw (the cover; each section's picture, on its opener
page or, when the section runs on under the one before, beside its head): prepared for every box the
layout may draw them in, with their problems worked out, before any page is laid out. layout/pages.py
only draws them and files the findings of the box it drew. (Pictures in the running text are prepared
by their renderer, render/blocks.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics
from .base import ImageProblem, PlacedImage
from .options import block_box, options_for
from .place import prepare
from .resolution import check_resolution

Key = tuple[tuple[Any, ...], str]     # (YAML path of the picture, "page" | "opener" | "run-on" | a format's box)
Wanted = tuple[tuple[Any, ...], str, Any, tuple[float, float]]   # (YAML path, variant, image, box in pt)


@dataclass(frozen=True)
class PagePicture:
    placed: PlacedImage
    findings: tuple[Diagnostic, ...]  # resolution warnings or errors for this box: reported if drawn


def page_pictures(ctx: Any, opener_heights: list[float]) -> dict[Key, PagePicture]:
    """Every page-template picture prepared for each box it may fill: the cover over the page and its
    bleed; a section's picture as tall as the makeup made its opener (plus the top bleed) and, when the
    layout lets sections run on, one column wide beside the head. A picture that cannot be prepared is
    reported here, at its YAML location, and left out: its page draws the fallback. `ctx` is the
    edition's render context (content, layout, edition settings, folder, geometry, diagnostics)."""
    content, layout, g = ctx.content, ctx.layout, ctx.geometry
    _, _, width, height = g.bleed_rect()
    wanted: list[Wanted] = []
    if content.cover.image is not None:
        wanted.append((("cover", "image"), "page", content.cover.image, (width, height)))
    for i, section in enumerate(content.sections):
        if section.image is None:
            continue
        wanted.append((("sections", i, "image"), "opener", section.image, (width, opener_heights[i] + g.bleed)))
        if i and layout.makeup.run_on and g.columns >= 2:
            wanted.append((("sections", i, "image"), "run-on", section.image, block_box("cover", g.column_width, g)))
    return prepare_pictures(ctx, wanted)


def prepare_pictures(ctx: Any, wanted: list[Wanted]) -> dict[Key, PagePicture]:
    """Each wanted picture prepared for its box (cover fit, its focus) with the edition's options, its
    resolution findings kept for the page that draws it; one that cannot be prepared is reported once
    at its YAML location and left out. The booklet's page pictures and the short formats' (formats/:
    cover panel, flap, back panel, poster head, screen openers) all come through here."""
    layout, edition = ctx.layout, ctx.edition
    opts = options_for(edition)
    out: dict[Key, PagePicture] = {}
    failed: set[tuple[Any, ...]] = set()
    for path, variant, image, (w, h) in wanted:
        located = ctx.where(path + ("src",))
        try:
            placed = prepare(ctx.base_dir / image.src, w, h, "cover", image.focus, opts.ppi, opts.quality,
                             opts.cmyk_profile, flatten=opts.flatten)
        except ImageProblem as exc:
            if path not in failed:
                ctx.diags.error(exc.code, str(exc), located, exc.hint)
                failed.add(path)
            continue
        findings = Diagnostics()
        if opts.check_resolution:
            check_resolution(placed, layout.images, findings, located, edition.name)
        out[(path, variant)] = PagePicture(placed, tuple(findings))
    return out


__all__ = ["PagePicture", "Wanted", "page_pictures", "prepare_pictures"]
