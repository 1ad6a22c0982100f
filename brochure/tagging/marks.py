"""RENDER/MAKEUP, drawing side of tagging: marked content around what is drawn.

A `Tagger` rides on the canvas (`canv.brochure_tagger`, set by the document template). Whoever draws a
piece that belongs to the structure tree opens it with `piece(canv, tag)`; whoever draws decoration opens
it with `piece(canv, None)` (an artifact). Pieces nest the way drawing nests (a figure's caption inside
the figure, a table cell inside the table's artifact rules): opening a piece inside another one closes
the outer sequence first and reopens it afterwards (with a new MCID for content), so the content stream
holds a flat run of sequences and every operator belongs to exactly one of them.

This wraps drawing, it does not draw: it works the same whatever draws the glyphs (text/). An edition
that is not tagged gets a disabled tagger, which writes nothing, so its content stream is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable

from . import Key, Mark, Tag

ATTRIBUTE = "brochure_tagger"      # the canvas attribute the tagger rides on


class Tagger:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.marks: list[Mark] = []
        self._page = 0
        self._next = 0
        self._stack: list[Tag | None] = []
        self._once: set[Key] = set()
        # (page, target, key) of each link annotation drawn inside a piece: its element in the tree
        # (a link drawn in a paragraph of a composite flowable lies inside the whole flowable's box too)
        self.links: list[tuple[int, str, Key]] = []

    def note_link(self, canv: Any, target: str) -> None:
        """A link annotation to `target` (a URI, or `#` and a destination name) drawn now."""
        top = self._stack[-1] if self._stack else None
        if top is not None:
            self.links.append((canv.getPageNumber(), target, top.key))

    def _begin(self, canv: Any, tag: Tag | None) -> None:
        if tag is None:
            canv.addLiteral("/Artifact BMC")
            return
        page = canv.getPageNumber()
        if page != self._page:
            self._page, self._next = page, 0
        mcid = self._next
        self._next += 1
        canv.addLiteral(f"/{tag.role} <</MCID {mcid}>> BDC")
        self.marks.append(Mark(page, mcid, tag.key))

    def open(self, canv: Any, tag: Tag | None) -> None:
        if tag is not None and tag.role in ONCE:      # a repeated table header: decoration the second time
            if tag.key in self._once:
                tag = None
            else:
                self._once.add(tag.key)
        if self._stack:
            canv.addLiteral("EMC")
        self._stack.append(tag)
        self._begin(canv, tag)

    def close(self, canv: Any) -> None:
        canv.addLiteral("EMC")
        self._stack.pop()
        if self._stack:
            self._begin(canv, self._stack[-1])

    @contextmanager
    def piece(self, canv: Any, tag: Tag | None) -> Iterator[None]:
        self.open(canv, tag)
        try:
            yield
        finally:
            self.close(canv)

    def boxed(self, since: int, box: tuple[float, float, float, float]) -> None:
        """Give the marks made since `since` (a top-level flowable's) the box it landed in."""
        for i in range(since, len(self.marks)):
            self.marks[i] = replace(self.marks[i], box=box)


ONCE = {"TH"}


def tagger_of(canv: Any) -> Tagger | None:
    tagger = getattr(canv, ATTRIBUTE, None)
    return tagger if tagger is not None and tagger.enabled else None


def note_link(canv: Any, target: str) -> None:
    """Tell the tagger (if the edition is tagged) that a link annotation to `target` was drawn now."""
    tagger = tagger_of(canv)
    if tagger is not None:
        tagger.note_link(canv, target)


def piece(canv: Any, tag: Tag | None) -> Any:
    """A context manager marking what is drawn inside it (a no-op on untagged editions)."""
    tagger = tagger_of(canv)
    return tagger.piece(canv, tag) if tagger is not None else nullcontext()


def as_artifact(draw: Any) -> Any:
    """A page template's onPage/onPageEnd drawing as an artifact (its content pieces mark themselves)."""
    def drawn(canv: Any, doc: Any) -> None:
        with piece(canv, None):
            draw(canv, doc)
    return drawn


def tag(flowable: Any, key: Key, role: str) -> Any:
    flowable.tag = Tag(key, role)
    return flowable


class Marked(Flowable):
    """A part of a composite flowable (a table cell, one side of a bilingual row, a caption, a part of
    a box) that is a structure element of its own: drawn inside its own marked-content sequence."""

    def __init__(self, inner: Flowable, tag: Tag) -> None:
        super().__init__()
        self.inner, self.part_tag = inner, tag
        self.spaceBefore = getattr(inner, "spaceBefore", 0)
        self.spaceAfter = getattr(inner, "spaceAfter", 0)
        self.keepWithNext = getattr(inner, "keepWithNext", 0)
        for attr in ("where", "kind", "hAlign", "vAlign"):
            if hasattr(inner, attr):
                setattr(self, attr, getattr(inner, attr))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w, h = self.inner.wrap(aw, ah)
        self.width, self.height = w, h
        return w, h

    def minWidth(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.inner.minWidth())

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return [Marked(p, self.part_tag) for p in self.inner.split(aw, ah)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (ReportLab's name)
        # The inner flowable draws itself where this one is placed: no state or move of our own, so an
        # untagged edition draws exactly what it drew without the wrapper.
        with piece(canvas, self.part_tag):
            self.inner.drawOn(canvas, x, y, _sW)

    def draw(self) -> None:      # (drawOn does the drawing)
        pass


def marked(flowable: Flowable | None, key: Key, role: str) -> Any:
    return Marked(flowable, Tag(key, role)) if flowable is not None else None


def as_parts(flowables: list[Flowable]) -> list[Flowable]:
    """Flowables a composite draws itself (a bilingual row's sides): each tagged one marks itself."""
    return [Marked(f, f.tag) if getattr(f, "tag", None) is not None else f for f in flowables]
