"""Page geometry in points: trim, bleed, the sheet offset for marks, margins and column frames.

Every edition lays out on the same trim-size grid. The print edition draws on a larger sheet (trim +
bleed + room for crop marks); `offset` is where the trim box starts on that sheet, so decorations can
reach into the bleed and the finisher can set TrimBox/BleedBox exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.layout import Layout

MM = 72 / 25.4


@dataclass(frozen=True)
class Geometry:
    trim_w: float
    trim_h: float
    bleed: float          # drawn bleed on every side (0 for screen editions)
    offset: float         # trim origin on the sheet (bleed + mark area for print)
    top: float
    bottom: float
    inner: float
    outer: float
    columns: int
    gutter: float

    @property
    def sheet(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset)

    def margins(self, recto: bool) -> tuple[float, float]:
        """(left, right) margins: on a recto (odd) page the inner margin is on the left."""
        return (self.inner, self.outer) if recto else (self.outer, self.inner)

    @property
    def text_width(self) -> float:
        return self.trim_w - self.inner - self.outer

    @property
    def column_width(self) -> float:
        return (self.text_width - (self.columns - 1) * self.gutter) / self.columns

    def columns_at(self, recto: bool, top: float, bottom: float) -> list[tuple[float, float, float, float]]:
        """Column frames (x, y, w, h) on the sheet between `top` and `bottom` (trim coordinates)."""
        left, _ = self.margins(recto)
        w = self.column_width
        return [(self.offset + left + i * (w + self.gutter), self.offset + bottom, w, top - bottom)
                for i in range(self.columns)]

    def bleed_rect(self) -> tuple[float, float, float, float]:
        return (self.offset - self.bleed, self.offset - self.bleed,
                self.trim_w + 2 * self.bleed, self.trim_h + 2 * self.bleed)


def geometry_for(layout: Layout, bleed: bool, marks: bool) -> Geometry:
    w, h = layout.page.trim_pt()
    m = layout.page.margins
    b = layout.page.bleed.pt() if bleed else 0.0
    mark_room = 10 * MM if marks else 0.0
    return Geometry(w, h, b, b + mark_room if bleed else 0.0, m.top.pt(), m.bottom.pt(),
                    m.inner.pt(), m.outer.pt(), layout.grid.columns, layout.grid.gutter.pt())
