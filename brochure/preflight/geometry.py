"""PREFLIGHT geometry: matrices, boxes and page boxes, the one copy every check and the walker use.

Matrices are PDF's six numbers (a b c d e f) in its row-vector convention; boxes are (x0, y0, x1, y1)
in points with x0 <= x1 and y0 <= y1, in a page's default user space.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in PDF user space (points, origin lower left)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNBOUNDED: Box = (-1e9, -1e9, 1e9, 1e9)
UNIT_SQUARE: Box = (0.0, 0.0, 1.0, 1.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m first, then n (`cm` makes the CTM `M × CTM`)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def transform_box(m: Matrix, box: Box) -> Box:
    """Bounding box of a rectangle after the transformation."""
    a, b, c, d, e, f = m
    x0, y0, x1, y1 = box
    ax0, ax1, cy0, cy1 = a * x0, a * x1, c * y0, c * y1
    bx0, bx1, dy0, dy1 = b * x0, b * x1, d * y0, d * y1
    return (e + min(ax0, ax1) + min(cy0, cy1), f + min(bx0, bx1) + min(dy0, dy1),
            e + max(ax0, ax1) + max(cy0, cy1), f + max(bx0, bx1) + max(dy0, dy1))


def scales(m: Matrix) -> tuple[float, float]:
    """Smallest and largest factor the matrix scales a length by (its singular values)."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    s1 = a * a + b * b + c * c + d * d
    det = abs(a * d - b * c)
    root = math.sqrt(max(0.0, s1 * s1 - 4 * det * det))
    return math.sqrt(max(0.0, (s1 - root) / 2)), math.sqrt((s1 + root) / 2)


def box_onto(src: Box, dst: Box) -> Matrix:
    """The matrix that scales and moves box `src` onto box `dst` (annotation appearances, PDF 32000
    12.5.5); a flat `src` keeps the scale 1 on that axis."""
    sx = (dst[2] - dst[0]) / (src[2] - src[0]) if src[2] > src[0] else 1.0
    sy = (dst[3] - dst[1]) / (src[3] - src[1]) if src[3] > src[1] else 1.0
    return (sx, 0.0, 0.0, sy, dst[0] - src[0] * sx, dst[1] - src[1] * sy)


def intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def union(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def inside(inner: Box, outer: Box, tol: float = 0.05) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def num(x: Any, default: float = 0.0) -> float:
    """A PDF number as a float; `default` when absent or not a number."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


def as_box(value: Any) -> Box | None:
    """A PDF rectangle as (x0, y0, x1, y1) with x0 <= x1, y0 <= y1; None when absent or malformed."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def as_matrix(value: Any) -> Matrix:
    try:
        a, b, c, d, e, f = (float(v) for v in value)
    except (TypeError, ValueError):
        return IDENTITY
    return (a, b, c, d, e, f)


def bezier_range(p0: float, p1: float, p2: float, p3: float) -> tuple[float, float]:
    """Exact extent of a cubic Bézier along one axis (the control points only bound it)."""
    lo, hi = min(p0, p3), max(p0, p3)
    if min(p1, p2) >= lo and max(p1, p2) <= hi:
        return lo, hi
    a = -p0 + 3 * p1 - 3 * p2 + p3
    b = 2 * (p0 - 2 * p1 + p2)
    c = p1 - p0
    roots: list[float] = []
    if abs(a) < 1e-12:
        if abs(b) > 1e-12:
            roots.append(-c / b)
    else:
        disc = b * b - 4 * a * c
        if disc >= 0:
            r = math.sqrt(disc)
            roots += [(-b + r) / (2 * a), (-b - r) / (2 * a)]
    for t in roots:
        if 0 < t < 1:
            mt = 1 - t
            v = mt ** 3 * p0 + 3 * mt * mt * t * p1 + 3 * mt * t * t * p2 + t ** 3 * p3
            lo, hi = min(lo, v), max(hi, v)
    return lo, hi


# -- page boxes -----------------------------------------------------------------------------------------

def inherited(node: Any, key: str) -> Any:
    """A page attribute that may sit on an ancestor in the page tree (MediaBox, CropBox, Rotate,
    Resources); the other boxes are not inheritable."""
    for _ in range(64):
        if node is None:
            return None
        value = node.get(key)
        if value is not None:
            return value
        node = node.get("/Parent")
    return None


@dataclass(frozen=True)
class PageBoxes:
    """A page's boxes as the file sets them (None where it does not) and its /Rotate."""

    page: int
    media: Box
    crop: Box | None
    trim: Box | None
    bleed: Box | None
    art: Box | None
    rotate: int

    @property
    def visible(self) -> Box:
        """What a viewer shows and what the Bleed/Trim/Art boxes are clipped to: CropBox ∩ MediaBox."""
        return intersect(self.crop, self.media) if self.crop else self.media

    @classmethod
    def of(cls, number: int, page: Any) -> PageBoxes:
        """The boxes of a page dictionary (a missing MediaBox is US Letter, as viewers assume)."""
        media = as_box(inherited(page, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
        rotate = inherited(page, "/Rotate")
        try:
            turn = int(rotate) % 360 if rotate is not None else 0
        except (TypeError, ValueError):
            turn = 0
        return cls(number, media, as_box(inherited(page, "/CropBox")), as_box(page.get("/TrimBox")),
                   as_box(page.get("/BleedBox")), as_box(page.get("/ArtBox")), turn)


def page_boxes(job: Any) -> list[PageBoxes]:
    """Every page's boxes, read once per job (the walker, boxes, bleed and ink checks all need them)."""
    found = job.cache.get("page.boxes")
    if found is None:
        found = job.cache["page.boxes"] = [PageBoxes.of(i, page.obj)
                                           for i, page in enumerate(job.pdf.pages, start=1)]
    return list(found)
