"""MAKEUP, bilingual editions: one block in two languages side by side, kept in step.

`PairRow(left, right, gutter)` takes the flowables of one block in each language and sets them in two
columns of the frame, tops level; the row is as tall as the taller side. It splits at a frame's foot by
splitting each side at the same height, so the two languages never drift apart by more than one block:
every row starts level, section by section and block by block, and a row one side of which cannot
start at a frame's foot (a block that does not split) moves on whole. `share` is the left column's part of
the width: a language that says the same in fewer lines (Chinese beside English) gets less of it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

FUZZ = 0.01


def _fit(parts: list[Flowable], width: float, height: float) -> tuple[list[Flowable], list[Flowable]]:
    """The flowables of one side that fit in `height`, and the rest (the first that does not fit is
    split where it allows)."""
    taken: list[Flowable] = []
    y = 0.0
    for n, f in enumerate(parts):
        space = f.getSpaceBefore() if taken else 0.0
        avail = height - y - space
        _, h = f.wrap(width, max(avail, 0.0))
        if h <= avail + FUZZ:
            taken.append(f)
            y += space + h + f.getSpaceAfter()
            continue
        pieces = f.split(width, avail) if avail > 0 else []
        if len(pieces) >= 2:
            return taken + [pieces[0]], list(pieces[1:]) + parts[n + 1:]
        return taken, parts[n:]
    return taken, []


class PairRow(Flowable):
    """Two columns of flowables (left: the source language, right: the translation), tops level."""

    def __init__(self, left: list[Flowable], right: list[Flowable], gutter: float,
                 space_before: float = 0.0, space_after: float = 0.0, share: float = 0.5):
        super().__init__()
        self.left, self.right, self.gutter, self.share = left, right, gutter, share
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._heights: tuple[list[float], list[float]] = ([], [])

    def _columns(self, aw: float) -> tuple[float, float]:
        """Widths of the left and right columns: `share` of what the gutter leaves goes left."""
        left = (aw - self.gutter) * self.share
        return left, aw - self.gutter - left

    def _stack(self, parts: list[Flowable], width: float) -> tuple[float, list[float]]:
        y, tops = 0.0, []
        for n, f in enumerate(parts):
            y += f.getSpaceBefore() if n else 0.0
            tops.append(y)
            y += f.wrap(width, 10_000)[1] + (f.getSpaceAfter() if n < len(parts) - 1 else 0.0)
        return y, tops

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        lw, rw = self._columns(aw)
        lh, ltops = self._stack(self.left, lw)
        rh, rtops = self._stack(self.right, rw)
        self._heights = (ltops, rtops)
        self.width, self.height = aw, max(lh, rh)
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        lw, rw = self._columns(aw)
        lfit, lrest = _fit(self.left, lw, ah)
        rfit, rrest = _fit(self.right, rw, ah)
        if (self.left and not lfit) or (self.right and not rfit):
            # one language could not start here (a block that does not split, a key-figure group): the
            # row goes on together, so the other does not run a page ahead of it
            return []
        if not lrest and not rrest:
            return [self]
        first = PairRow(lfit, rfit, self.gutter, self.spaceBefore, 0.0, self.share)
        rest = PairRow(lrest, rrest, self.gutter, 0.0, self.spaceAfter, self.share)
        for part in (first, rest):
            part.where = getattr(self, "where", None)
            part.kind = getattr(self, "kind", None)
        return [first, rest]

    def draw(self) -> None:
        lw, rw = self._columns(self.width)
        for parts, tops, x, w in ((self.left, self._heights[0], 0.0, lw),
                                  (self.right, self._heights[1], lw + self.gutter, rw)):
            for f, top in zip(parts, tops, strict=True):
                _, h = f.wrap(w, 10_000)
                f.drawOn(self.canv, x, self.height - top - h)
