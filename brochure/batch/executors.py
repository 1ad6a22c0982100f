"""Where copies are made: a local process pool (default) or a Dask distributed cluster
(`dask://HOST:PORT`, the optional extra `brochure[dask]`). Both run `copies.make_copy` on the same
inputs and hand results back as they finish, with a bounded number in flight (memory stays flat in
the number of recipients). A job that raises is tried once more, then reported; the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .copies import CopyResult, KitBlob, make_copy
from .recipients import Recipient

Job = tuple[str, Recipient]                  # (kit hash, recipient)
RETRIES = 1


@dataclass
class Failure:
    recipient: Recipient
    message: str


Outcome = CopyResult | Failure


def parse_executor(spec: str) -> tuple[str, str | int | None]:
    """'local', 'local:N' or 'dask://HOST:PORT' -> (kind, workers or address); ValueError otherwise."""
    if spec in ("", "local"):
        return "local", None
    if spec.startswith("local:") and spec[6:].isdigit() and int(spec[6:]) > 0:
        return "local", int(spec[6:])
    if spec.startswith("dask://") and ":" in spec[7:]:
        return "dask", "tcp://" + spec[7:]
    raise ValueError(f"unknown executor '{spec}'")


# -- in this process ------------------------------------------------------------------------------------
def run_here(kits: dict[str, KitBlob], jobs: list[Job]) -> Iterator[Outcome]:
    for sha, recipient in jobs:
        def call(attempt: int, blob: KitBlob = kits[sha], r: Recipient = recipient) -> CopyResult:
            return make_copy(blob, r, attempt)

        yield _with_retry(call, recipient)


def _with_retry(call: Callable[[int], CopyResult], recipient: Recipient) -> Outcome:
    for attempt in range(RETRIES + 1):
        try:
            return call(attempt)
        except Exception as exc:  # noqa: BLE001 - any failure of one copy is reported, the batch goes on
            message = f"{type(exc).__name__}: {exc}"
    return Failure(recipient, message)


# -- local process pool ---------------------------------------------------------------------------------
_POOL_KITS: dict[str, KitBlob] = {}


def _pool_init(kits: dict[str, KitBlob]) -> None:
    _POOL_KITS.update(kits)


def _pool_job(sha: str, recipient: Recipient, attempt: int) -> CopyResult:
    return make_copy(_POOL_KITS[sha], recipient, attempt)


def run_pool(kits: dict[str, KitBlob], jobs: list[Job], workers: int | None) -> Iterator[Outcome]:
    """Copies on a pool of worker processes (forked where the platform can: they inherit the loaded
    modules; the kits reach each worker once, at its start)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < 2:
        yield from run_here(kits, jobs)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_pool_init, initargs=(kits,))

    pending = [(sha, recipient, 0) for sha, recipient in reversed(jobs)]
    window = workers * 3
    running: dict[Future[CopyResult], tuple[str, Recipient, int]] = {}
    pool = new_pool()
    try:
        while pending or running:
            while pending and len(running) < window:
                sha, recipient, attempt = pending.pop()
                running[pool.submit(_pool_job, sha, recipient, attempt)] = (sha, recipient, attempt)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                sha, recipient, attempt = running.pop(future)
                try:
                    yield future.result()
                    continue
                except BrokenProcessPool as exc:
                    broken, message = True, f"worker process died: {exc}"
                except Exception as exc:  # noqa: BLE001
                    message = f"{type(exc).__name__}: {exc}"
                if attempt < RETRIES:
                    pending.append((sha, recipient, attempt + 1))
                else:
                    yield Failure(recipient, message)
            if broken:
                # The others in flight were lost with the pool, through no fault of their own.
                pending += running.values()
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- Dask distributed -----------------------------------------------------------------------------------
def run_dask(kits: dict[str, KitBlob], jobs: list[Job], address: str) -> Iterator[Outcome]:
    """Copies on an existing Dask cluster: each kit is scattered to the workers once, every job names
    its kit's future, results come back as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("the Dask executor needs the optional extra: pip install 'brochure[dask]'") from exc

    with Client(address, set_as_default=False) as client:
        scattered = {sha: client.scatter(blob, broadcast=True, hash=False) for sha, blob in kits.items()}
        pending = list(reversed(jobs))
        window = max(4, 3 * len(client.scheduler_info().get("workers", {})))
        meta: dict[str, tuple[str, Recipient, int]] = {}

        def submit(sha: str, recipient: Recipient, attempt: int) -> Any:
            future = client.submit(make_copy, scattered[sha], recipient, attempt, pure=False,
                                   key=f"brochure-copy-{recipient.id}-{attempt}-{sha[:12]}")
            meta[future.key] = (sha, recipient, attempt)
            return future

        first = [submit(*pending.pop(), 0) for _ in range(min(window, len(pending)))]
        if not first:
            return
        queue = as_completed(first, loop=client.loop)     # (this client is not the default one)
        for future in queue:
            sha, recipient, attempt = meta.pop(future.key)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001
                if attempt < RETRIES:
                    queue.add(submit(sha, recipient, attempt + 1))
                else:
                    yield Failure(recipient, f"{type(exc).__name__}: {exc}")
            finally:
                future.release()
            while pending and len(meta) < window:
                queue.add(submit(*pending.pop(), 0))


def run_jobs(spec: str, kits: dict[str, KitBlob], jobs: list[Job]) -> Iterator[Outcome]:
    kind, arg = parse_executor(spec)
    if kind == "dask":
        assert isinstance(arg, str)
        return run_dask(kits, jobs, arg)
    return run_pool(kits, jobs, arg if isinstance(arg, int) else None)

