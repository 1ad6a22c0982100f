"""Images, one placement: plan the work for a box (crop to the frame at the focus point, target pixels
from the edition's ppi, colour space), then pass the source JPEG through untouched when it is already
right, else run `process.render` once and keep its output in the disk cache (key: file hash + ops).

Returns a `PlacedImage` with the file to embed and the effective resolution of the source pixels at the
placed size (what a print shop's preflight would report).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..cache import cache_dir, file_hash, write_atomic
from .base import ImageProblem, PlacedImage
from .colour import generic_cmyk_profile, is_srgb, to_cmyk
from .probe import ImageInfo, image_size, probe
from .process import Ops, render

__all__ = ["ImageProblem", "PlacedImage", "Plan", "crop_box", "image_size", "plan", "prepare", "run",
           "to_cmyk"]

PIPELINE_VERSION = "3"
KEEP_PIXELS = 1.15     # a crop at most this much larger than wanted is not resampled
# A source JPEG is embedded as it is while it has at most this many times the pixels the edition wants
# (print at 300 ppi takes files up to 450 ppi untouched) ...
PASSTHROUGH_SLACK = 1.5
# ... and while drawing it uncropped into the box distorts it by at most this share (a pixel or two
# of aspect difference is invisible; recompressing to remove it is not free).
PASSTHROUGH_DISTORTION = 0.003


@dataclass(frozen=True)
class Plan:
    """What a placement needs: either the source as it is (`ops` is None) or the work to do."""

    placed: PlacedImage          # path is the source (passthrough) or the cache stem (suffix decided later)
    ops: Ops | None
    key: str = ""


def crop_box(size: tuple[int, int], aspect: float, focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of `aspect` (w/h) inside `size`, centred on `focus` as far as the edges allow."""
    w, h = size
    if w / h > aspect:
        cw, ch = max(1, round(h * aspect)), h
    else:
        cw, ch = w, max(1, round(w / aspect))
    fx, fy = focus
    left = min(max(round(fx * w - cw / 2), 0), w - cw)
    top = min(max(round(fy * h - ch / 2), 0), h - ch)
    return (left, top, left + cw, top + ch)


def plan(src: Path, box_w: float, box_h: float, fit: str, focus: tuple[float, float], ppi: float,
         quality: int, cmyk_profile: Path | None = None, *, flatten: bool | None = None) -> Plan:
    """Decide the work from the header alone; raises ImageProblem when the file is unusable."""
    info = probe(src)
    sw, sh = info.size
    if fit == "contain":
        scale = min(box_w / sw, box_h / sh)
        box_w, box_h = sw * scale, sh * scale
        crop = (0, 0, sw, sh)
    else:
        crop = crop_box((sw, sh), box_w / box_h, focus)
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    effective = cw / (box_w / 72)
    target_w = min(cw, max(1, round(box_w / 72 * ppi)))
    target_h = min(ch, max(1, round(target_w * ch / cw)))
    if cw <= KEEP_PIXELS * target_w:
        # A resample by a few per cent only softens the picture (and costs a full-size pass): keep the
        # pixels and place them at a slightly higher resolution.
        target_w, target_h = cw, ch
    flatten = cmyk_profile is not None if flatten is None else flatten
    keep_alpha = info.has_alpha and not flatten and cmyk_profile is None
    if _can_pass_through(info, (sw, sh), crop, box_w / box_h, effective, ppi, cmyk_profile):
        placed = PlacedImage(src, sw, sh, effective, (box_w, box_h), (cw, ch), False, True)
        return Plan(placed, None)
    ops = Ops(str(src), crop, (target_w, target_h), quality, str(cmyk_profile) if cmyk_profile else None,
              keep_alpha)
    generic = generic_cmyk_profile() if info.mode == "CMYK" and cmyk_profile is None else None
    key = hashlib.sha256(json.dumps([
        PIPELINE_VERSION, file_hash(src), crop, ops.size, quality, keep_alpha,
        file_hash(cmyk_profile) if cmyk_profile else None,
        file_hash(generic) if generic else None,   # untagged CMYK -> sRGB depends on it
    ]).encode()).hexdigest()[:32]
    placed = PlacedImage(cache_dir("images") / key, target_w, target_h, effective, (box_w, box_h),
                         (cw, ch), keep_alpha, False)
    return Plan(placed, ops, key)


def _can_pass_through(info: ImageInfo, size: tuple[int, int], crop: tuple[int, int, int, int],
                      aspect: float, effective_ppi: float, ppi: float, cmyk_profile: Path | None) -> bool:
    """True when embedding the source JPEG as it is gives the same picture: upright, (nearly) uncropped,
    not much bigger than needed, already in the edition's colour space."""
    if info.format != "JPEG" or info.rotated:
        return False
    sw, sh = size
    if crop != (0, 0, sw, sh) and abs((sw / sh) / aspect - 1) > PASSTHROUGH_DISTORTION:
        return False
    if effective_ppi > ppi * PASSTHROUGH_SLACK:
        return False
    if info.mode == "L":
        return True
    if cmyk_profile is None:
        return info.mode == "RGB" and is_srgb(info.icc)
    # Print: only CMYK already in the output condition (its profile, or none: generic CMYK is taken
    # to be meant for this press), stored Adobe-style as ReportLab's Decode array assumes.
    if info.mode != "CMYK" or not info.adobe:
        return False
    return info.icc is None or info.icc == Path(cmyk_profile).read_bytes()


def cached(p: Plan) -> PlacedImage | None:
    """The finished placement if its output is already in the cache (or nothing is to be done)."""
    if p.ops is None:
        return p.placed
    for suffix in (".jpg", ".png"):
        out = p.placed.path.with_suffix(suffix)
        if out.exists():
            return _with_path(p.placed, out)
    return None


def store(p: Plan, data: bytes, suffix: str) -> PlacedImage:
    out = p.placed.path.with_suffix(suffix)
    write_atomic(out, data)
    return _with_path(p.placed, out)


def _with_path(placed: PlacedImage, out: Path) -> PlacedImage:
    from dataclasses import replace

    return replace(placed, path=out, has_alpha=out.suffix == ".png")


def run(p: Plan) -> PlacedImage:
    """Finish a plan in this process: from the cache, or by processing now."""
    hit = cached(p)
    if hit is not None:
        return hit
    assert p.ops is not None
    data, suffix = render(p.ops)
    return store(p, data, suffix)


def prepare(src: Path, box_w: float, box_h: float, fit: str, focus: tuple[float, float],
            ppi: float, quality: int, cmyk_profile: Path | None = None, *,
            flatten: bool | None = None) -> PlacedImage:
    """Process `src` for a box of box_w x box_h pt. `fit` is 'cover' (crop) or 'contain' (shrink box).

    `ppi` is the edition's target resolution (images are resampled down to it, never up); `cmyk_profile`
    (print) converts to that CMYK output profile; transparency is flattened onto white when `flatten`
    (default: whenever converting to CMYK), else kept as a soft mask (PNG).
    """
    return run(plan(src, box_w, box_h, fit, focus, ppi, quality, cmyk_profile, flatten=flatten))
