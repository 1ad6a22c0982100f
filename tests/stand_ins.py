"""Stand-in flowables for the makeup tests (tests/test_makeup.py, tests/test_spans.py): running text of
a known number of lines, so where a story breaks can be predicted exactly."""

from __future__ import annotations

from reportlab.platypus import Flowable


class Lines(Flowable):
    """Running text: `n` lines of 10 pt that split between lines."""

    def __init__(self, n: int):
        super().__init__()
        self.n, self.kind = n, "paragraph"

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.n * 10.0

    def split(self, aw: float, ah: float) -> list[Flowable]:
        k = int(ah // 10)
        return [Lines(k), Lines(self.n - k)] if 0 < k < self.n else []
