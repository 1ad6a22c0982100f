"""Images, many at once: `prepare_many` plans every job in this process (headers only), then processes
the cache misses on a small process pool; `placements` lists what one edition will place, and
`warm_cache` runs them before layout so the renderers only read the cache.

Workers write their results into the cache themselves, so only paths cross process boundaries, and each
worker holds one decoded image at a time.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import ImageProblem, PlacedImage
from .options import ImageOptions, block_box, cover_box, opener_box, options_for
from .place import Plan, _with_path, cached, plan, run
from .process import Ops, render

DEFAULT_WORKERS = 2


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


def prepare_many(jobs: list[Job], workers: int | None = None) -> list[PlacedImage | ImageProblem]:
    """`prepare` for every job, in order; a job's problem is returned in its place, not raised."""
    results: list[PlacedImage | ImageProblem | None] = [None] * len(jobs)
    plans: dict[int, Plan] = {}
    todo: dict[str, list[int]] = {}   # cache key -> jobs waiting for it (same image, same box)
    for i, job in enumerate(jobs):
        try:
            p = plan(job.src, job.box_w, job.box_h, job.fit, job.focus, job.ppi, job.quality,
                     job.cmyk_profile, flatten=job.flatten)
        except ImageProblem as exc:
            results[i] = exc
            continue
        hit = cached(p)
        if hit is not None:
            results[i] = hit
            continue
        plans[i] = p
        todo.setdefault(p.key, []).append(i)
    n = min(workers or default_workers(), len(todo))
    if n > 1:
        # A worker that dies (out of memory?) breaks the pool: whatever is left runs below, here.
        with suppress(BrokenProcessPool):
            _run_pool(todo, plans, results, n)
    for waiting in todo.values():
        if results[waiting[0]] is not None:
            continue
        try:
            placed = run(plans[waiting[0]])
        except ImageProblem as exc:
            for i in waiting:
                results[i] = exc
            continue
        for i in waiting:
            results[i] = _with_path(plans[i].placed, placed.path)
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def default_workers() -> int:
    """Up to DEFAULT_WORKERS, one per core; 1 inside a daemonic worker (a multiprocessing.Pool worker,
    such as an edition built in parallel), which may not start processes of its own."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    return min(DEFAULT_WORKERS, os.cpu_count() or 1)


def _ops(p: Plan) -> Ops:
    assert p.ops is not None  # only plans with work to do reach the pool
    return p.ops


def _run_pool(todo: dict[str, list[int]], plans: dict[int, Plan],
              results: list[PlacedImage | ImageProblem | None], workers: int) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(_render_into, _ops(plans[waiting[0]]), str(plans[waiting[0]].placed.path))
                   for key, waiting in todo.items()}
        for key, future in futures.items():
            waiting = todo[key]
            try:
                out = Path(future.result())
            except ImageProblem as exc:
                for i in waiting:
                    results[i] = exc
                continue
            for i in waiting:
                results[i] = _with_path(plans[i].placed, out)


def placements(content: Any, layout: Any, geometry: Any, edition: Any, base_dir: Path,
               cmyk_profile: Path | str | None = None) -> list[tuple[tuple[Any, ...], Job]]:
    """Every image one edition places, with its YAML path: the cover, section openers, image blocks.
    Boxes come from `options` (the same functions the renderers use)."""
    from ..model.content import ImageBlock

    opts = options_for(edition, cmyk_profile)
    out: list[tuple[tuple[Any, ...], Job]] = []
    if content.cover.image is not None:
        img = content.cover.image
        out.append((("cover", "image"), Job.of(base_dir / img.src, cover_box(geometry), "cover", img.focus,
                                               opts)))
    for i, section in enumerate(content.sections):
        if section.image is not None:
            out.append((("sections", i, "image"),
                        Job.of(base_dir / section.image.src, opener_box(layout, geometry), "cover",
                               section.image.focus, opts)))
        for j, block in enumerate(section.body):
            if isinstance(block, ImageBlock):
                img = block.image
                out.append((("sections", i, "body", j, "image"),
                            Job.of(base_dir / img.src, block_box(img.fit, geometry.column_width, geometry),
                                   img.fit, img.focus, opts)))
    return out


def warm_cache(content: Any, layout: Any, geometry: Any, edition: Any, base_dir: Path,
               cmyk_profile: Path | str | None = None, workers: int | None = None) -> int:
    """Process every image of one edition into the cache before layout, in parallel. Problems are left
    for the renderers, which report them at their YAML locations. Returns how many images were placed."""
    jobs = [job for _, job in placements(content, layout, geometry, edition, base_dir, cmyk_profile)]
    results = prepare_many(jobs, workers)
    return sum(isinstance(r, PlacedImage) for r in results)


__all__ = ["DEFAULT_WORKERS", "Job", "placements", "prepare_many", "warm_cache"]
