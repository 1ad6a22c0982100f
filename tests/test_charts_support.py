"""Helpers for the chart tests: the Tianxin palette, a theme on the session fonts, and a walker that
yields every shape of a Drawing with its bounding box in drawing coordinates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Group, Shape, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from brochure.charts import ChartTheme
from brochure.model.colour import Colour


def colour(hex_: str, cmyk: tuple[float, float, float, float]) -> Colour:
    h = hex_.lstrip("#")
    return Colour((int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255),
                  (cmyk[0] / 100, cmyk[1] / 100, cmyk[2] / 100, cmyk[3] / 100))


PALETTE = (colour("#B3121F", (0, 95, 85, 10)), colour("#1F6F78", (80, 30, 35, 20)),
           colour("#C8963E", (15, 40, 80, 5)), colour("#4A5560", (40, 25, 15, 60)),
           colour("#E8A0A6", (0, 45, 20, 0)))


def make_theme(fonts: object, cmyk: bool = False, **kw: object) -> ChartTheme:
    theme = ChartTheme(font=fonts.name("sans", 400), bold_font=fonts.name("sans", 700),  # type: ignore[attr-defined]
                       number_font=fonts.name("sans", 700), palette=PALETTE, cmyk=cmyk)  # type: ignore[attr-defined]
    return replace(theme, **kw) if kw else theme  # type: ignore[arg-type]


Matrix = tuple[float, float, float, float, float, float]


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1],
            a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3],
            a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def shape_box(shape: Shape) -> tuple[float, float, float, float]:
    """Local bounds; strings use the CJK ink box (-0.12..0.88 em), not the font's line box."""
    if isinstance(shape, String):
        w = stringWidth(shape.text, shape.fontName, shape.fontSize)
        x = shape.x - (w if shape.textAnchor == "end" else w / 2 if shape.textAnchor == "middle" else 0)
        return (x, shape.y - 0.12 * shape.fontSize, x + w, shape.y + 0.88 * shape.fontSize)
    return shape.getBounds()


def walk(node: Drawing | Group, m: Matrix = (1, 0, 0, 1, 0, 0)
         ) -> Iterator[tuple[Shape, tuple[float, float, float, float]]]:
    """Every leaf shape with its bounding box in the drawing's coordinates."""
    for child in node.getContents():
        if isinstance(child, Group):
            yield from walk(child, _mul(m, tuple(child.transform)))  # type: ignore[arg-type]
        else:
            x0, y0, x1, y1 = shape_box(child)
            pts = [_apply(m, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
            yield child, (min(p[0] for p in pts), min(p[1] for p in pts),
                          max(p[0] for p in pts), max(p[1] for p in pts))


def strings(d: Drawing | Group) -> list[str]:
    """Every label's text; a label the text engine set in pieces (a Group of Strings only) is one."""
    out: list[str] = []
    for child in d.getContents():
        if isinstance(child, Group):
            parts = child.getContents()
            if parts and all(isinstance(x, String) for x in parts):
                out.append("".join(x.text for x in parts))
            else:
                out += strings(child)
        elif isinstance(child, String):
            out.append(child.text)
    return out


def assert_inside(d: Drawing, tol: float = 0.5) -> None:
    for shape, (x0, y0, x1, y1) in walk(d):
        what = getattr(shape, "text", type(shape).__name__)
        assert x0 >= -tol and y0 >= -tol and x1 <= d.width + tol and y1 <= d.height + tol, \
            f"{what!r} at {(x0, y0, x1, y1)} leaves {d.width:.1f} x {d.height:.1f}"
