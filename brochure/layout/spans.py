"""MAKEUP for blocks that span the columns (a chart with `full_width: true`): on which page each one goes,
and the frames of that page.

A spanning block is a float of the full text width. In the story it is a zero-size `SpanFloat`, so the
test flows and the balancing (balance.py) pass over it. When a page begins, the first spanning block of
the section ahead goes on it when its place in the text falls there (the running text before it fits the
page's columns): at the top of a body page, the columns starting under it; at the foot of an opener page
(its top holds the picture and the section head), the columns ending above it, when they keep at least
MIN_LINES lines. One the text reaches without being placed (an opener page without room for it, a run-on
page) waits for the top of the next page; one still waiting at its section's end gets the top of a page
of its own before the next section starts, never a place in the next section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable

from .balance import FRAME_BREAK, SectionEnd, flow
from .flowables import SpanFloat

MM = 72 / 25.4
SPAN_GAP = 6 * MM        # between a spanning block and the columns
MIN_LINES = 4            # an opener's columns keep at least this many body lines above a spanning block


@dataclass(frozen=True)
class SpanPlan:
    """`block` (the flowable a SpanFloat holds) goes at the top of the page (`top`) or at its foot, in a
    frame `height` points tall; `at`: its index in the story ahead (None: it was waiting)."""

    block: Any
    height: float
    top: bool
    at: int | None


def section_ahead(items: list[Any], after_head: bool) -> list[Any] | None:
    """The story items of the current section ahead (top level, up to its SectionEnd or the next action),
    past an opener's head and the frame break after it (`after_head`); None when there is no such head."""
    start = 0
    if after_head:
        breaks = [i for i, f in enumerate(items[:8]) if isinstance(f, FRAME_BREAK)]
        if not breaks:
            return None
        start = breaks[0] + 1
    out: list[Any] = []
    for f in items[start:]:
        if isinstance(f, (SectionEnd, ActionFlowable)):
            break
        out.append(f)
    return out


def block_height(block: Any, width: float) -> float:
    """The height a spanning block takes at the full text width (its space before is dropped: it stands
    at a frame's top; its space after is the frame's)."""
    return block.wrap(width, 100_000)[1]


def plan_span(items: list[Any], waiting: list[Any], column_width: float, text_width: float,
              heights: list[float], opener: bool, leading: float) -> SpanPlan | None:
    """Where the page about to begin (columns `heights` tall; an opener page when `opener`) places a
    spanning block: the first one `waiting`, else the first of the section ahead whose place falls on it."""
    if not heights:
        return None
    room = min(heights) - SPAN_GAP - (MIN_LINES * leading if opener else 0.0)
    if waiting:                          # (too tall for any page: the document reports it)
        return None if opener else SpanPlan(waiting[0], block_height(waiting[0], text_width), True, None)
    ahead = section_ahead(items, after_head=opener)
    if not ahead:
        return None
    found = next((i for i, f in enumerate(ahead) if isinstance(f, SpanFloat)), None)
    if found is None:
        return None
    before = [f for f in ahead[:found] if not isinstance(f, SpanFloat)]
    if before and flow(before, column_width, heights) is None:
        return None                      # its place in the text is on a later page
    block = ahead[found].inner
    h = block_height(block, text_width)
    if h > room:
        return None
    at = items.index(ahead[found])
    return SpanPlan(block, h, not opener, at)


def span_frames(g: Any, recto: bool, plan: SpanPlan, top: float, frame_of: Any,
                prefix: str) -> tuple[list[Any], Any]:
    """The columns (ids `prefix`0, 1, ...) between `top` (trim coordinates) and the type area's foot,
    shortened by the spanning block, and the block's own frame ("span"). `frame_of(x, y, w, h, id)`
    makes a frame."""
    left, _ = g.margins(recto)
    height = plan.height + 0.01
    if plan.top:
        span_y = top - height
        col_top, col_bottom = span_y - SPAN_GAP, g.bottom
    else:
        span_y = g.bottom
        col_top, col_bottom = top, g.bottom + height + SPAN_GAP
    columns = [frame_of(x, y, w, h, f"{prefix}{i}")
               for i, (x, y, w, h) in enumerate(g.columns_at(recto, col_top, col_bottom))]
    columns[-1].lastFrame = True           # the text ends the page in its last column, not in the span
    span = frame_of(g.offset + left, g.offset + span_y, g.text_width, height, "span")
    return columns, span
