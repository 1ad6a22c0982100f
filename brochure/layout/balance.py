"""Balanced columns on a section's last page, and the test flow the makeup step plans with.

A section's text fills the left column first, so its last page would often carry a long left column
beside an empty right one. When the page begins, the flowables still to come up to the section's end are
test-flowed (wrap and split only, nothing drawn: the text engine caches its lines per width, so this is
cheap) through the page's two columns. If they all fit on this page, the left column is shortened to the
smallest height at which the rest still fits and the left column is at least as long as the right.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak

from .flowables import DrawingBox, FigureRows, PlacedPicture

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


def is_float(f: Any) -> bool:
    return isinstance(f, (DrawingBox, PlacedPicture, Table, FigureRows))


def is_filler(f: Any) -> bool:
    """Running text that may move ahead of a float: paragraphs and list items, not headings."""
    kind = getattr(f, "kind", None)
    return kind in ("paragraph", "list") and not getattr(f, "keepWithNext", False) and not is_float(f)


def float_before(flowables: list[Any], width: float, avail: float, mark: bool = True) -> bool:
    """`flowables[0]` is a float that does not fit in the `avail` points left in the column: move the
    running text after it (and after any floats that directly follow it) ahead, as much as fills the
    column (splitting the last piece), so the float lands at the top of the next column. Returns whether
    anything moved. The test flow (`flow`) makes the same move, without marking the float."""
    moved: list[Any] = []
    tail: list[Any] = []
    i = 1
    while i < len(flowables) and is_float(flowables[i]):     # floats that follow keep their order
        i += 1
    floats = flowables[1:i]
    room = avail
    while i < len(flowables) and room > 0:
        g = flowables[i]
        if isinstance(g, (SectionEnd, ActionFlowable)) or not is_filler(g):
            break
        space = g.getSpaceBefore()
        _, h = g.wrap(width, room - space)
        if h <= room - space + FUZZ:
            moved.append(g)
            room -= space + h + g.getSpaceAfter()
            i += 1
            continue
        parts = g.split(width, room - space) if room - space > 0 else []
        if len(parts) >= 2:
            for part in parts:
                for attr in ("where", "kind", "tag"):
                    if getattr(part, attr, None) is None and getattr(g, attr, None) is not None:
                        setattr(part, attr, getattr(g, attr))
            moved.append(parts[0])
            tail = list(parts[1:])
            i += 1
        break
    if not moved:
        # no running text to fill in: a smaller float among those that follow (a key-figure block, a
        # quote) may go first if it fits the column
        for j, g in enumerate(floats):
            if g.wrap(width, avail)[1] + g.getSpaceBefore() <= avail + FUZZ:
                if mark:
                    flowables[0]._floated = True
                flowables.insert(0, flowables.pop(1 + j))
                return True
        return False
    f = flowables[0]
    if mark:
        f._floated = True
    flowables[0:i] = moved + [f] + floats + tail
    return True


def flow(items: list[Any], width: float, heights: list[float], starts: dict[int, int] | None = None,
         left: list[Any] | None = None) -> list[float] | None:
    """Heights used in each frame when `items` flow through frames of `heights` the way Frame.add does
    (space before dropped at a frame top, splitting where the flowable allows); None if they overflow.
    `starts`, when given, gets the frame in which each item (by id) begins; `left`, what did not fit."""
    queue = list(items)
    used: list[float] = []
    floated: set[int] = set()
    for frame, height in enumerate(heights):
        y, at_top = 0.0, True
        while queue:
            f = queue[0]
            if getattr(f, "_ZEROSIZE", False) or getattr(f, "frameAction", None):
                queue.pop(0)
                continue
            space = 0.0 if at_top else f.getSpaceBefore()
            avail = height - y - space
            _, h = f.wrap(width, avail)
            if (h > avail + FUZZ and not at_top and is_float(f) and id(f) not in floated
                    and not getattr(f, "_floated", False)):
                floated.add(id(f))      # as the document does (float_before): text first, if any
                if float_before(queue, width, height - y, mark=False):
                    continue
            if h <= avail + FUZZ:
                y += space + h + f.getSpaceAfter()
                at_top = False
                if starts is not None:
                    starts.setdefault(id(f), frame)
                queue.pop(0)
                continue
            parts = f.split(width, avail) if avail > 0 else []
            if len(parts) >= 2:
                y += space + parts[0].wrap(width, avail)[1]
                if starts is not None:
                    starts.setdefault(id(f), frame)
                queue[0:1] = parts[1:]
            break
        used.append(min(y, height))
    if left is not None:
        left.extend(queue)
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

