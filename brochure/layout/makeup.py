"""MAKEUP: the moves the page makeup makes while the document is laid out, as the layout's `makeup:`
settings allow. All of them depend only on the story and the layout, so the same input gives the same
pages.

- Floats: a picture, chart, table or key-figure block that does not fit in what is left of a column
  goes to the top of the next column (or page), and the running text that follows it fills the column
  first (`float_before`); never past a heading, a section end or another float.
- Run-on: when a section ends on a page that would otherwise stay mostly empty, the next section starts
  on that page under a divider (a rule, its number and title beside its picture), instead of on an
  opener page of its own (`RunOn`, `plan_run_on`). The section end above the divider gets balanced
  columns.
- Opener heights: every opener of a brochure has its picture at one height chosen from the layout's
  small fixed set (`choose_opener_height`: the brochure is laid out once per height and the best kept),
  so section titles share one grid line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable

from ..preflight.trace import Trace, page_fill
from .balance import FRAME_BREAK, STEP, SectionEnd, flat, float_before, flow, is_float

MM = 72 / 25.4
RUN_ON_GAP = 7 * MM          # previous section's end to the divider rule
STRIP_GAP = 5 * MM           # divider rule to the run-on head; head strip to the columns
MIN_LINES = 4                # a run-on section gets at least this many body lines under its head
LAST_PAGE_FILL = 0.4         # a brochure's last body page filled less than this looks abandoned


class RunOn(ActionFlowable):
    """Where section `index` starts: under a divider on the current page when the document prepared a
    run-on page for it (plan_run_on), else on an opener page of its own."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def apply(self, doc: Any) -> None:
        plan = getattr(doc.pageTemplate, "run_on", None)
        if plan is not None and plan.index == self.index:
            doc.current_section = self.index
            doc.handle_nextFrame(plan.head_frame)
            doc.handle_frameEnd()
        else:
            doc.handle_nextPageTemplate(f"opener{self.index}")
            doc.handle_pageBreak()


class Closing(ActionFlowable):
    """After the last section: when the last body page is left mostly blank (the layout's
    `makeup.closing` share of its type area or more), note where its text ends; the page then gets a
    closing panel under it with the back cover's text (layout/pages.py: draw_closing), moved up from the
    back cover."""

    def apply(self, doc: Any) -> None:
        frames = [f for f in doc.pageTemplate.frames if f.id != "head" and f.reset_on_page == doc.page]
        share = doc.ctx.layout.makeup.closing
        if not frames or share >= 1 or not doc.ctx.content.back.text or doc.ctx.partner is not None:
            return
        foot = min(f._y for f in frames)
        bottom = doc.geometry.offset + doc.geometry.bottom
        height = doc.geometry.trim_h - doc.geometry.top - doc.geometry.bottom
        if (foot - bottom) / height >= share:
            doc.closing = (doc.page, foot)


@dataclass(frozen=True)
class RunOnPlan:
    """A page where section `index` starts under the end of the one before: the end's columns are
    `above` points tall, then the divider, the head strip (`strip` points: head beside picture) and
    the new section's columns."""

    index: int
    above: float
    strip: float
    head_frame: int = 2


def balanced_height(items: list[Any], width: float, most: float, columns: int) -> float | None:
    """The smallest column height (to STEP) at which `items` fit in `columns` equal columns; None if they
    do not fit even at `most`."""
    if not items or flow(items, width, [most] * columns) is None:
        return None
    total = sum(f.wrap(width, most)[1] + f.getSpaceAfter() for f in items if not getattr(f, "_ZEROSIZE", False))
    h = max(STEP, min(most, total / columns - STEP))
    while h < most:
        if flow(items, width, [h] * columns) is not None:
            return h
        h += STEP
    return most


def following_run_on(flowables: list[Any]) -> tuple[list[Any], int, list[Any]] | None:
    """(the rest of the current section, the next section's index, its head flowables) when the story
    ahead ends the current section and then starts the next one with RunOn; None otherwise."""
    rest: list[Any] = []
    for i, f in enumerate(flowables):
        if isinstance(f, SectionEnd):
            after = flowables[i + 1:i + 8]
            if not after or not isinstance(after[0], RunOn):
                return None
            head: list[Any] = []
            for g in after[1:]:
                if isinstance(g, FRAME_BREAK):
                    return rest, after[0].index, head
                head.append(g)
            return None
        if isinstance(f, ActionFlowable):
            return None
        rest.extend(flat(f))
    return None


def plan_run_on(flowables: list[Any], width: float, column_h: float, columns: int, type_h: float,
                min_free: float, strip_height: Callable[[int, list[Any]], float], leading: float
                ) -> RunOnPlan | None:
    """Whether the page about to begin (columns `column_h` tall) should end the current section in
    balanced columns and start the next one under a divider."""
    found = following_run_on(flowables)
    if found is None:
        return None
    rest, index, head = found
    above = balanced_height(rest, width, column_h, columns)
    if above is None or above <= 0:
        return None
    strip = strip_height(index, head)
    below = column_h - above - RUN_ON_GAP - strip - STRIP_GAP
    if (column_h - above) / type_h < min_free or below < MIN_LINES * leading:
        return None
    return RunOnPlan(index, above, strip)


def pull_back_floats(flowables: list[Any], width: float, heights: list[float], skip: int = 0) -> bool:
    """At the start of a page whose columns are `heights` tall: when what the current section would leave
    for the next page is one or more floats (a chart, a picture) with little or no text, they would stand
    there beside a short or empty column, above the next section's divider or on a page of their own.
    Instead they move back to where this page's last column begins (to its top, the text before them
    filling the column first), and the text they displace goes on to the next page, where it ends the
    section in balanced columns.
    `skip`: story items before the section's columns (an opener's head). Returns whether anything moved."""
    if len(heights) < 2:
        return False
    tops: list[int] = []                        # story indices of the section's items up to its end
    for i in range(skip, len(flowables)):
        f = flowables[i]
        if isinstance(f, SectionEnd):
            break
        if isinstance(f, ActionFlowable):
            return False
        tops.append(i)
    else:
        return False
    rest = [g for i in tops for g in flat(flowables[i])]
    starts: dict[int, int] = {}
    left: list[Any] = []
    if flow(rest, width, heights, starts, left) is not None or not left:
        return False                            # the section ends on this page
    last = len(heights) - 1
    floats = [g for g in left if is_float(g)]
    stranded: list[Any] = []
    for _ in range(2):      # a float the move would leave alone on the next page comes back with them
        floats += [g for g in stranded if not any(g is f for f in floats)]
        if not floats or any(getattr(g, "_floated", False) for g in floats):
            return False
        if sum(g.wrap(width, heights[last])[1] + g.getSpaceBefore() + g.getSpaceAfter() for g in floats) \
                > heights[last] * 0.8:
            return False                            # too tall to share a column with text
        text = sum(g.wrap(width, heights[last])[1] for g in left if not is_float(g))
        if text > heights[last] / 2:
            return False                            # enough text goes on to stand beside them
        at = {id(flowables[i]): i for i in tops}
        if any(id(g) not in at for g in floats):
            return False                            # inside a group kept together: stays where it is
        moving = [flowables[at[id(g)]] for g in floats]
        # before the item that runs into the last column (the float then tops that column, the text before
        # it filling the one before), or else before one that begins in it
        straddler = max((i for i in tops if starts.get(id(flat(flowables[i])[0]), last) < last), default=None)
        later = [i for i in tops if starts.get(id(flat(flowables[i])[0])) == last]
        before = list(flowables)
        stranded = []
        for target in dict.fromkeys(t for t in [straddler, *later] if t is not None):
            target_f = flowables[target]
            if any(target_f is g for g in moving):
                continue
            kept = [f for f in flowables[:tops[-1] + 1] if not any(f is g for g in moving)]
            k = next(j for j, f in enumerate(kept) if f is target_f)
            flowables[:tops[-1] + 1] = kept[:k] + moving + kept[k:]
            # the move must leave the next page text enough to stand beside any float that still goes there
            again: list[Any] = []
            rest = [g for i in range(skip, skip + len(tops)) for g in flat(flowables[i])]
            if flow(rest, width, heights, None, again) is None and not any(g in moving for g in again):
                high = {is_float(g): 0.0 for g in again}
                for g in again:
                    high[is_float(g)] += g.wrap(width, heights[last])[1]
                if high.get(False, 0.0) >= high.get(True, 0.0):
                    return True
                stranded += [g for g in again if is_float(g) and not any(g is f for f in stranded)]
            flowables[:] = before
        if not stranded:
            return False
    return False


def opener_height_set(layout: Any, page_h: float) -> list[float]:
    """The opener picture heights the layout allows, the preferred (templates.opener.image_height)
    first, in points."""
    preferred = layout.templates.opener.image_height.pt(whole=page_h)
    return list(dict.fromkeys([preferred] + [h.pt(whole=page_h) for h in layout.makeup.opener_heights]))


def trial_score(trace: Trace, sparse: float) -> tuple[int, int, float, int]:
    """How a laid-out brochure fares: body pages (but the last) filled less than `sparse` down their
    columns; whether the last body page is filled less than LAST_PAGE_FILL (it looks abandoned); how
    far it is filled (to a tenth); its page count."""
    pages = sorted(p for p, t in trace.page_templates.items() if t.startswith(("body", "opener")))
    if not pages:
        return (0, 0, 1.0, len(trace.page_templates))
    bad = sum(page_fill(trace, p) < sparse for p in pages[:-1])
    last = page_fill(trace, pages[-1])
    return (bad, int(last < LAST_PAGE_FILL), round(last, 1), len(trace.page_templates))


def choose_opener_height(heights: list[float], lay_out: Callable[[float], Trace | None], sparse: float,
                         closable: bool = False) -> float:
    """The one opener picture height, of the layout's set in its order of preference, whose trial
    layout (`lay_out(height)` returns its trace, None if it failed) leaves the fewest half-empty pages
    and a last body page that does not look abandoned; the first such height in the layout's order wins
    (no more trials after it). When none does, the one with the fewest half-empty pages whose last
    page is filled furthest (to a tenth), ties to the earlier height. `closable`: a short last page gets
    the closing panel (Closing) and is no reason to try another height. Every opener of the brochure
    gets it, so section titles share one grid line."""
    if len(heights) == 1:
        return heights[0]
    best: tuple[tuple[int, int, float], int, float] | None = None
    for rank, h in enumerate(heights):
        trace = lay_out(h)
        if trace is None:
            continue
        bad, short, fill, _ = trial_score(trace, sparse)
        short = 0 if closable else short
        key = ((bad, short, -fill if short else 0.0), rank, h)
        if best is None or key[:2] < best[:2]:
            best = key
        if (bad, short) == (0, 0):
            break                        # the first height (in the layout's order) that works
    return best[2] if best else heights[0]

__all__ = ["Closing", "RunOn", "RunOnPlan", "choose_opener_height", "float_before", "opener_height_set", "is_float",
           "plan_run_on", "pull_back_floats"]
