"""Cold work on one process pool: font conversions and picture renders that are not cached yet.

A cold build used to convert fonts on both cores, then render pictures on both cores: the slowest font
left one core idle while the pictures waited. Here every task goes into one pool, the biggest first, so
both cores stay busy until the caches are full.

The pool only fills caches. A task that fails (a broken picture, a worker killed for memory) is left
alone here: the stage that needs the result does the work again in this process and reports the
problem at its YAML location, as it would without the pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Task:
    """One cache entry to make: `run(*args)` in a worker; `cost` orders the queue (biggest first)."""

    cost: float
    run: Callable[..., Any]
    args: tuple[Any, ...]


def workers() -> int:
    """Both cores, or none in a daemonic worker (a multiprocessing.Pool worker may not start processes)."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 0
    return min(2, os.cpu_count() or 1)


def fill(tasks: list[Task]) -> int:
    """Run the tasks on a pool, biggest first; returns how many finished. With one task or one core
    nothing runs here (the stages do it in process, with no pool to start)."""
    n = min(workers(), len(tasks))
    if n < 2:
        return 0
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    queue = sorted(tasks, key=lambda t: -t.cost)
    try:
        from .tempfiles import default_signals

        with ProcessPoolExecutor(max_workers=n, initializer=default_signals) as pool:
            futures: list[Future[Any]] = [pool.submit(t.run, *t.args) for t in queue]
            for future in futures:
                if future.exception() is None:
                    done += 1
    except BrokenProcessPool:
        pass
    return done


__all__ = ["Task", "fill", "workers"]
