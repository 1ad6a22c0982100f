"""Progress of a long batch on the terminal: copies done, rate, time left. Silent when the stream is
not a terminal (logs and CI get the summary only)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 every: float = 0.25):
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.every = every
        self.start = time.perf_counter()
        self._shown = 0.0

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else float("nan")
        eta = f"{left:.0f}s left" if left == left else "…"
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.done}/{self.total} copies{failed}, {rate:.1f}/s, {eta}"

    def step(self, ok: bool = True) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        now = time.perf_counter()
        if self.enabled and (now - self._shown >= self.every or self.done == self.total):
            self._shown = now
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
