"""`brochure build --watch`: rebuild whenever an input changes, in the same process.

Editors rebuild a brochure dozens of times. A fresh process pays for Python's imports, the model's
validators and the font registration on every run (about half a second); a watching process pays them
once, so a rebuild costs only the work itself. Changes are found by polling modification times (no
dependency, works on every file system): the content's folder (YAML, pictures), the layout file when it
is a path, and every `--assets` folder. The output folder and hidden folders are not watched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[Path, tuple[int, int]]
POLL = 0.25      # seconds between looks
SETTLE = 0.2     # an editor's save may write in steps: wait until nothing changed for this long


def watched_roots(content: Path, layout: str | None, assets: Iterable[Path]) -> list[Path]:
    roots = [content.resolve().parent]
    if layout and (layout.endswith((".yaml", ".yml")) or "/" in layout):
        roots.append(Path(layout).resolve().parent)
    roots += [Path(a).resolve() for a in assets]
    return roots


def snapshot(roots: Iterable[Path], skip: Iterable[Path] = ()) -> Snapshot:
    """(mtime, size) of every file under the roots, output folders and hidden folders left out."""
    skipped = {s.resolve() for s in skip}
    out: Snapshot = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__pycache__"))
                             and (here / d).resolve() not in skipped)
            for name in files:
                if name.startswith("."):
                    continue
                path = here / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                out[path] = (st.st_mtime_ns, st.st_size)
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


__all__ = ["changes", "snapshot", "wait_for_change", "watched_roots"]
