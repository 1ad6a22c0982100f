"""Pixel-based page fill, as a designer sees it: each page of a finished PDF is rendered (pypdfium2) and,
per column of the layout's grid, the lowest inked row inside the type area is found. A page's blank share
is the part of its type area below the ink of each column; a column hole is a column that stops well
above its neighbour. Pictures, tints and rules count as ink: only paper is blank.

Used by the makeup tests and by benchmarks/page_fill.py (before/after figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

INK = 24          # a pixel darker than paper by more than this (0-255, any channel) is ink


@dataclass(frozen=True)
class PageInk:
    page: int                       # 1-based
    depths: tuple[float, ...]       # per column: how far down the type area it is inked (0..1)

    @property
    def blank(self) -> float:
        """Share of the type area that is blank below each column's last ink."""
        return 1.0 - sum(self.depths) / len(self.depths)

    @property
    def step(self) -> float:
        """How far (share of the type height) the shortest column stops above the longest one."""
        return max(self.depths) - min(self.depths)


def column_boxes(geometry: Any, page: int) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) of each column's type area in sheet points from the top-left corner."""
    g = geometry
    sheet_h = g.sheet[1]
    top = sheet_h - (g.offset + g.trim_h - g.top)
    bottom = sheet_h - (g.offset + g.bottom)
    return [(x, top, x + w, bottom) for x, _, w, _ in g.columns_at(page % 2 == 1, g.trim_h - g.top, g.bottom)]


def measure(pdf: Path, geometry: Any, dpi: float = 40.0) -> list[PageInk]:
    """How far down each column of every page is inked."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    scale = dpi / 72.0
    out: list[PageInk] = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=scale).to_pil().convert("RGB")
            paper = Image.new("RGB", image.size, (255, 255, 255))
            diff = ImageChops.difference(image, paper).convert("L").point(lambda v: 255 if v > INK else 0)
            depths = []
            for x0, top, x1, bottom in column_boxes(geometry, i + 1):
                box = (round(x0 * scale), round(top * scale), round(x1 * scale), round(bottom * scale))
                bbox = diff.crop(box).getbbox()
                height = box[3] - box[1]
                depths.append(0.0 if bbox is None else min(1.0, bbox[3] / height))
            out.append(PageInk(i + 1, tuple(depths)))
    finally:
        doc.close()
    return out


def table(pages: list[PageInk]) -> str:
    lines = ["page  blank  columns inked"]
    for p in pages:
        lines.append(f"{p.page:>4}  {p.blank:5.0%}  " + "  ".join(f"{d:4.0%}" for d in p.depths))
    return "\n".join(lines)
