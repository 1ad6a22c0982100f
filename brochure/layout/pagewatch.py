"""MAKEUP, the end of every page: the page limit and progress lines of a long layout.

`page_watch` returns the hook a document calls at the end of each page (`doc.on_page_end`); it raises
`TooManyPages` past `limits.PAGES` and stops the build when the process was asked to end (SIGTERM).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .. import limits
from ..diagnostics import Location

PROGRESS_EVERY = 5.0    # seconds between progress lines of a long layout


class TooManyPages(Exception):
    def __init__(self, where: Location | None):
        super().__init__()
        self.where = where


def page_watch(edition: str, progress: Callable[[str], None] | None) -> Callable[[Any], None]:
    """Called at the end of every page: stops a layout past the page limit, and prints a progress
    line every few seconds while a long edition is laid out."""
    t0 = last = time.perf_counter()

    from ..tempfiles import stop_if_terminated

    def on_page_end(doc: Any) -> None:
        nonlocal last
        stop_if_terminated()
        page = doc.page
        if page >= limits.PAGES:
            raise TooManyPages(getattr(doc.last_flowable, "where", None))
        now = time.perf_counter()
        if progress is not None and now - last >= PROGRESS_EVERY:
            progress(f"[{edition}] laid out {page} pages ({now - t0:.0f}s)")
            last = now
    return on_page_end
