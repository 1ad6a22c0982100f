"""Balanced columns on a section's last page, and opener pictures that give way to save a page.

A section's text fills the left column first, so its last page would often carry a long left column
beside an empty right one. When the page begins, the flowables still to come up to the section's end are
test-flowed (wrap and split only, nothing drawn: the text engine caches its lines per width, so this is
cheap) through the page's two columns. If they all fit on this page, the left column is shortened to the
smallest height at which the rest still fits and the left column is at least as long as the right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak

FRAME_BREAK = type(FrameBreak)   # FrameBreak is an instance; the story holds copies of its class
FUZZ = 1e-3
STEP = 2.0          # pt between the left-column heights tried


class SectionEnd(Flowable):
    """Zero-size marker after a section's last block (balancing looks ahead to it)."""

    _ZEROSIZE = True

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


def flat(f: Any) -> list[Any]:
    """The flowables of a KeepTogether group (made by keepWithNext), or the flowable itself."""
    content = getattr(f, "_content", None)
    return content if isinstance(content, list) else [f]


def section_rest(flowables: list[Any], after_head: bool = False) -> list[Any] | None:
    """The flowables up to the next SectionEnd, flattened out of KeepTogether groups (None if no
    SectionEnd follows or a page or frame break comes first). On an opener page (`after_head`) the
    section head and the frame break after it are skipped: they go to the head frame."""
    rest: list[Any] = []
    if after_head:
        breaks = [i for i, f in enumerate(flowables[:8]) if isinstance(f, FRAME_BREAK)]
        if not breaks:
            return None
        flowables = flowables[breaks[0] + 1:]
    for f in flowables:
        if isinstance(f, SectionEnd):
            return rest
        if isinstance(f, ActionFlowable):
            return None
        rest.extend(flat(f))
    return None


def flow(items: list[Any], width: float, heights: list[float]) -> list[float] | None:
    """Heights used in each frame when `items` flow through frames of `heights` the way Frame.add does
    (space before dropped at a frame top, splitting where the flowable allows); None if they overflow."""
    queue = list(items)
    used: list[float] = []
    for height in heights:
        y, at_top = 0.0, True
        while queue:
            f = queue[0]
            if getattr(f, "_ZEROSIZE", False) or getattr(f, "frameAction", None):
                queue.pop(0)
                continue
            space = 0.0 if at_top else f.getSpaceBefore()
            avail = height - y - space
            _, h = f.wrap(width, avail)
            if h <= avail + FUZZ:
                y += space + h + f.getSpaceAfter()
                at_top = False
                queue.pop(0)
                continue
            parts = f.split(width, avail) if avail > 0 else []
            if len(parts) >= 2:
                y += space + parts[0].wrap(width, avail)[1]
                queue[0:1] = parts[1:]
            break
        used.append(min(y, height))
    return None if queue else used


def left_column_cap(items: list[Any], width: float, left: float, right: float) -> float | None:
    """The height to give the left column so the section's rest ends balanced on this page, or None when
    it does not end on this page (or is already balanced)."""
    natural = flow(items, width, [left, right])
    if natural is None or natural[0] <= 0:
        return None
    total = natural[0] + natural[1]
    if abs(natural[0] - natural[1]) <= STEP * 3:
        return None
    cap = max(total / 2 - STEP, STEP)
    while cap < left:
        trial = flow(items, width, [cap, right])
        if trial is not None and trial[0] + FUZZ >= trial[1]:
            return cap
        cap += STEP
    return None


def pages_needed(items: list[Any], width: float, first: float, body: float, columns: int = 2,
                 limit: int = 40) -> int | None:
    """Pages a section's body takes: `columns` columns of height `first` on its opener page, then of
    height `body` on each following page (None if it needs more than `limit` pages)."""
    used = flow(items, width, [first] * columns + [body] * columns * (limit - 1))
    if used is None:
        return None
    last = max((i for i, u in enumerate(used) if u > 0), default=0)
    return last // columns + 1


def fit_opener(items: list[Any], width: float, image: float, smallest: float, column: Callable[[float], float],
               body: float, columns: int = 2, step: float = 2 * 72 / 25.4) -> float:
    """The opener picture height for one section: the full `image` height, unless a lower one (down to
    `smallest`) saves the section a page (a section that would end with a nearly empty page); then the
    tallest height that does, found by bisection to within `step`. `column(h)` is the column height on
    the opener page under a picture of height h. Fewer pages never need a taller picture, so one test at
    `smallest` settles most sections."""
    full = pages_needed(items, width, column(image), body, columns)
    if full is None or full < 2 or smallest >= image:
        return image

    def saves(h: float) -> bool:
        need = pages_needed(items, width, column(h), body, columns)
        return need is not None and need < full

    if not saves(smallest):
        return image
    low, high = smallest, image          # saves(low) holds, saves(high) does not
    while high - low > step:
        mid = (low + high) / 2
        if saves(mid):
            low = mid
        else:
            high = mid
    return max(smallest, low - step)     # a step of slack: the real layout keeps headings with text


def section_bodies(story: list[Any]) -> list[list[Any]]:
    """Each section's body flowables: from the frame break after its head to its SectionEnd."""
    bodies: list[list[Any]] = []
    current: list[Any] | None = None
    for f in story:
        if isinstance(f, FRAME_BREAK) and current is None:
            current = []
        elif isinstance(f, SectionEnd) and current is not None:
            bodies.append(current)
            current = None
        elif current is not None:
            current.extend(flat(f))
    return bodies
