"""VALIDATE stage, assets: every file the content names exists, stays inside the allowed roots, and is
an image Pillow can read within the pixel limit (`images.probe.check_image`; no ReportLab)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..images.probe import check_image
from .content import Content, ImageBlock
from .source import Source


def image_refs(content: Content) -> list[tuple[tuple[Any, ...], Any]]:
    refs: list[tuple[tuple[Any, ...], Any]] = []
    if content.cover.image:
        refs.append((("cover", "image"), content.cover.image))
    for i, section in enumerate(content.sections):
        if section.image:
            refs.append((("sections", i, "image"), section.image))
        for j, block in enumerate(section.body):
            if isinstance(block, ImageBlock):
                refs.append((("sections", i, "body", j, "image"), block.image))
    return refs


def resolve_asset(ref: str, base_dir: Path, roots: list[Path]) -> Path | None:
    """The asset's real path, or None when it escapes every allowed root."""
    candidate = (base_dir / ref).resolve()
    for root in roots:
        try:
            candidate.relative_to(root.resolve())
            return candidate
        except ValueError:
            continue
    return None


def check_assets(content: Content, source: Source, base_dir: Path, roots: list[Path],
                 diags: Diagnostics) -> None:
    for path, image in image_refs(content):
        where = source.where(path + ("src",)) if isinstance(source.get(path), dict) else source.where(path)
        resolved = resolve_asset(image.src, base_dir, roots)
        if resolved is None:
            diags.error("content.path-escape", f"image path '{image.src}' leaves the content folder", where,
                        "keep images next to the content file, or allow a folder with --assets DIR")
        elif not resolved.is_file():
            siblings = sorted(p.name for p in resolved.parent.glob("*")) if resolved.parent.is_dir() else []
            import difflib

            close = difflib.get_close_matches(resolved.name, siblings, n=1)
            diags.error("content.missing-file", f"image file not found: {image.src}", where,
                        f"did you mean '{close[0]}'?" if close else f"looked for {resolved}")
        else:
            problem = check_image(resolved)  # header + a cheap decode: catches corrupt and non-images
            if problem is not None:
                diags.error(problem.code, str(problem), where, problem.hint)
