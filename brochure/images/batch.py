"""Images, many at once: `prepare_many` plans every job in this process (headers only), then processes
the cache misses on a small process pool; `render_tasks` gives the misses to a pool shared with other
cold work (`warmup`); `placements` lists what one edition will place, and `warm_cache` runs them before
layout so the renderers only read the cache.

Workers write their results into the cache themselves, so only paths cross process boundaries, and each
worker holds one decoded image at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..warmup import Task, fill
from .base import ImageProblem, PlacedImage
from .options import ImageOptions, block_box, cover_box, opener_box, options_for
from .place import Plan, cached, plan, run
from .process import Ops, render


@dataclass(frozen=True)
class Job:
    """The arguments of one `prepare` call."""

    src: Path
    box_w: float
    box_h: float
    fit: str
    focus: tuple[float, float]
    ppi: float
    quality: int
    cmyk_profile: Path | None = None
    flatten: bool | None = None

    @classmethod
    def of(cls, src: Path, box: tuple[float, float], fit: str, focus: tuple[float, float],
           opts: ImageOptions) -> Job:
        return cls(src, box[0], box[1], fit, focus, opts.ppi, opts.quality, opts.cmyk_profile, opts.flatten)


def _render_into(ops: Ops, stem: str) -> str:
    """Worker: process and store; returns the cached file's path."""
    data, suffix = render(ops)
    out = Path(stem).with_suffix(suffix)
    from ..cache import write_atomic

    write_atomic(out, data)
    return str(out)


def _plans(jobs: list[Job]) -> tuple[list[PlacedImage | ImageProblem | None], dict[int, Plan]]:
    """Plan every job (headers only): finished results where the cache already has them, plans for the
    rest."""
    results: list[PlacedImage | ImageProblem | None] = [None] * len(jobs)
    plans: dict[int, Plan] = {}
    for i, job in enumerate(jobs):
        try:
            p = plan(job.src, job.box_w, job.box_h, job.fit, job.focus, job.ppi, job.quality,
                     job.cmyk_profile, flatten=job.flatten)
        except ImageProblem as exc:
            results[i] = exc
            continue
        hit = cached(p)
        if hit is None:
            plans[i] = p
        else:
            results[i] = hit
    return results, plans


def render_tasks(jobs: list[Job]) -> list[Task]:
    """A pool task for every picture of `jobs` not in the cache yet, once per cache entry."""
    return _tasks(_plans(jobs)[1].values())


def _tasks(plans: Iterable[Plan]) -> list[Task]:
    """The pool tasks of plans with work to do, once per cache entry (cost: rough seconds, from the
    pixels decoded and written)."""
    tasks: dict[str, Task] = {}
    for p in plans:
        ops = _ops(p)
        left, top, right, bottom = ops.crop
        work = (right - left) * (bottom - top) * 1.5e-8 + ops.size[0] * ops.size[1] * (
            4e-8 if ops.cmyk_profile else 1e-8)
        tasks.setdefault(p.key, Task(work, _render_into, (ops, str(p.placed.path))))
    return list(tasks.values())


def prepare_many(jobs: list[Job], workers: int | None = None) -> list[PlacedImage | ImageProblem]:
    """`prepare` for every job, in order; a job's problem is returned in its place, not raised. Cache
    misses are processed on a pool first (unless `workers` is 1); what the pool could not do is done
    here, where its problem is caught."""
    results, plans = _plans(jobs)
    if workers != 1:
        fill(_tasks(plans.values()))
    for i, p in plans.items():
        try:
            results[i] = run(p)
        except ImageProblem as exc:
            results[i] = exc
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def _ops(p: Plan) -> Ops:
    assert p.ops is not None  # only plans with work to do reach the pool
    return p.ops


def placements(content: Any, layout: Any, geometry: Any, edition: Any, base_dir: Path,
               cmyk_profile: Path | str | None = None) -> list[tuple[tuple[Any, ...], Job]]:
    """Every image one edition places, with its YAML path: the cover, section openers, image blocks.
    Boxes come from `options` (the same functions the renderers use)."""
    from ..model.content import ImageBlock
    from ..model.formats import PictureBoxes, blocks_for, picture_boxes

    opts = options_for(edition, cmyk_profile)
    boxes = picture_boxes(layout, geometry) or PictureBoxes(   # a leaflet's, poster's, screen's; the booklet's
        cover_box(geometry), opener_box(layout, geometry), geometry.column_width)
    out: list[tuple[tuple[Any, ...], Job]] = []
    if content.cover.image is not None:
        img = content.cover.image
        out.append((("cover", "image"), Job.of(base_dir / img.src, boxes.cover, "cover", img.focus, opts)))
    for i, section in enumerate(content.sections):
        if section.image is not None and boxes.opener is not None:
            out.append((("sections", i, "image"),
                        Job.of(base_dir / section.image.src, boxes.opener, "cover", section.image.focus, opts)))
        for j, block in blocks_for(section.body, layout.format):
            if isinstance(block, ImageBlock):
                img = block.image
                out.append((("sections", i, "body", j, "image"),
                            Job.of(base_dir / img.src, block_box(img.fit, boxes.block_width, geometry),
                                   img.fit, img.focus, opts)))
    return out


def warm_cache(content: Any, layout: Any, geometry: Any, edition: Any, base_dir: Path,
               cmyk_profile: Path | str | None = None, workers: int | None = None) -> int:
    """Process every image of one edition into the cache before layout, in parallel. Problems are left
    for the renderers, which report them at their YAML locations. Returns how many images were placed."""
    jobs = [job for _, job in placements(content, layout, geometry, edition, base_dir, cmyk_profile)]
    results = prepare_many(jobs, workers)
    return sum(isinstance(r, PlacedImage) for r in results)


__all__ = ["Job", "placements", "prepare_many", "render_tasks", "warm_cache"]
