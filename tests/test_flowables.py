"""Our flowables measure what they draw (layout/flowables.py)."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Flowable

from brochure.layout.flowables import Stack


class Part(Flowable):
    """A fixed-size part that notes where it is drawn."""

    def __init__(self, h: float, before: float = 0.0, after: float = 0.0):
        super().__init__()
        self.h, self.spaceBefore, self.spaceAfter = h, before, after
        self.at: float | None = None

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.h

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803 (ReportLab's)
        self.at = y


@pytest.mark.parametrize("pad", [0.0, 5.0])
def test_a_stack_measures_the_space_before_its_last_part(pad: float) -> None:
    # a key-figure block's second row stands `gap` under the first: the stack is that much taller, and
    # its last part ends on its foot (inside its box), not `spaceBefore` under it
    parts = [Part(30, before=7), Part(20, before=4, after=3), Part(25, before=6, after=9)]
    stack = Stack(parts, gap=2, pad=pad)
    _, height = stack.wrap(100, 1000)
    assert height == pytest.approx(30 + 20 + 25 + 2 * 2 + 4 + 3 + 6 + 2 * pad)
    stack.canv = None
    stack.draw()
    assert parts[0].at == pytest.approx(height - pad - 30)
    assert parts[-1].at == pytest.approx(pad)            # the foot of the box, inside its padding


def test_a_stack_of_one_part_is_that_part() -> None:
    stack = Stack([Part(30, before=7, after=5)])
    assert stack.wrap(100, 1000)[1] == 30
