"""`brochure build --watch`: rebuild whenever an input changes, in the same process.

Editors rebuild a brochure dozens of times. A fresh process pays for Python's imports, the model's
validators and the font registration on every run (about half a second); a watching process pays them
once, so a rebuild costs only the work itself. Changes are found by polling modification times (no
dependency, works on every file system) of exactly the files the last build read or looked for
(`Options.inputs`: the content, the layout chain, every picture and chart data file it names), so
nothing else in the folder, such as the build's own log or PDFs written there, starts a rebuild.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[Path, tuple[int, int]]
POLL = 0.25      # seconds between looks
SETTLE = 0.2     # an editor's save may write in steps: wait until nothing changed for this long


def snapshot_files(paths: Iterable[Path]) -> Snapshot:
    """(mtime, size) of each file; a missing one is (-1, -1), so its appearance is a change."""
    out: Snapshot = {}
    for path in paths:
        try:
            st = path.stat()
            out[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[path] = (-1, -1)
    return out


def changes(before: Snapshot, after: Snapshot) -> list[Path]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def wait_for_change(take: Callable[[], Snapshot], last: Snapshot,
                    sleep: Callable[[float], None] = time.sleep) -> tuple[Snapshot, list[Path]]:
    """Poll until the inputs differ from `last` and have settled; returns the new snapshot and what
    changed."""
    while True:
        sleep(POLL)
        now = take()
        if now != last:
            break
    while True:
        sleep(SETTLE)
        settled = take()
        if settled == now:
            return now, changes(last, now)
        now = settled


__all__ = ["changes", "snapshot_files", "wait_for_change"]
