"""Flowables of our own: section heads, outline anchors, contents entries, figures with captions,
boxed quotes, list items, and the page-padding marker for saddle stitching."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from ..diagnostics import Location
from ..text.flowable import _utf16_hex
from .pictures import draw_image


class Located(Flowable):
    """Mixin data: the YAML location a flowable came from, for layout diagnostics."""

    where: Location | None = None


class Anchor(Flowable):
    """Zero-size: a named destination, an outline entry and a page record for the contents page."""

    def __init__(self, key: str, title: str, level: int, record: dict[str, int] | None = None,
                 keep_with_next: bool = True):
        super().__init__()
        self.key, self.title, self.level, self.record = key, title, level, record
        self.keepWithNext = keep_with_next
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, 0)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
        if self.record is not None:
            self.record[self.key] = canv.getPageNumber()


class Stack(Flowable):
    """Several flowables drawn as one unbreakable unit, with optional rules above and below."""

    def __init__(self, parts: list[Flowable], gap: float = 0.0, rule_top: tuple[float, Color] | None = None,
                 rule_bottom: tuple[float, Color] | None = None, pad: float = 0.0,
                 background: Color | None = None, left_bar: tuple[float, Color] | None = None,
                 space_before: float = 0.0, space_after: float = 0.0):
        super().__init__()
        self.parts, self.gap, self.pad = parts, gap, pad
        self.rule_top, self.rule_bottom = rule_top, rule_bottom
        self.background, self.left_bar = background, left_bar
        self._sizes: list[tuple[float, float]] = []
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def _inset(self) -> float:
        return self.pad + (self.left_bar[0] + self.pad if self.left_bar else 0.0)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        inner = aw - self._inset() - (self.pad if self.background else 0.0)
        self._sizes = [p.wrapOn(self.canv, inner, ah) if hasattr(self, "canv") else p.wrap(inner, ah)
                       for p in self.parts]
        h = sum(s[1] for s in self._sizes) + self.gap * max(0, len(self.parts) - 1)
        # as draw() places them: every part but the first after its space before, every part but the
        # first and the last before its space after
        h += sum(getattr(p, "spaceBefore", 0) for p in self.parts[1:])
        h += sum(getattr(p, "spaceAfter", 0) for p in self.parts[1:-1])
        self.width, self.height = aw, h + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.background is not None:
            canv.setFillColor(self.background)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.left_bar:
            canv.setFillColor(self.left_bar[1])
            canv.rect(0, self.pad, self.left_bar[0], self.height - 2 * self.pad, stroke=0, fill=1)
        if self.rule_top:
            canv.setStrokeColor(self.rule_top[1])
            canv.setLineWidth(self.rule_top[0])
            canv.line(0, self.height - self.rule_top[0] / 2, self.width, self.height - self.rule_top[0] / 2)
        if self.rule_bottom:
            canv.setStrokeColor(self.rule_bottom[1])
            canv.setLineWidth(self.rule_bottom[0])
            canv.line(0, self.rule_bottom[0] / 2, self.width, self.rule_bottom[0] / 2)
        y = self.height - self.pad
        x = self._inset()
        for i, (part, (_, h)) in enumerate(zip(self.parts, self._sizes, strict=True)):
            if i:
                y -= self.gap + getattr(part, "spaceBefore", 0)
            y -= h
            part.drawOn(canv, x, y)
            if i < len(self.parts) - 1:
                y -= getattr(part, "spaceAfter", 0) if i else 0


class FigureRows(Stack):
    """A key-figure block of several rows of tiles: one unit, never split across columns or pages, and a
    float like a chart (layout/balance.is_float): where it does not fit, it goes to the next column and
    the text after it fills in."""


class Bulleted(Flowable):
    """A list item: a small square bullet hung in the margin of an indented text block."""

    def __init__(self, inner: Flowable, colour: Color, indent: float, first_baseline: float, size: float):
        super().__init__()
        self.inner, self.colour, self.indent = inner, colour, indent
        self.first_baseline, self.size = first_baseline, size
        self.spaceBefore = getattr(inner, "spaceBefore", 0)
        self.spaceAfter = getattr(inner, "spaceAfter", 0)
        self._bullet = True

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w, h = self.inner.wrap(aw - self.indent, ah)
        self.width, self.height = aw, h
        return aw, h

    def split(self, aw: float, ah: float) -> list[Flowable]:
        parts = self.inner.split(aw - self.indent, ah)
        if len(parts) < 2:
            return []
        first = Bulleted(parts[0], self.colour, self.indent, self.first_baseline, self.size)
        rest = Bulleted(parts[1], self.colour, self.indent, self.first_baseline, self.size)
        rest._bullet = False
        return [first, rest]

    def draw(self) -> None:
        if self._bullet:
            s = self.size * 0.32
            self.canv.setFillColor(self.colour)
            self.canv.rect(self.indent * 0.25, self.height - self.first_baseline + self.size * 0.28, s, s,
                           stroke=0, fill=1)
        self.inner.drawOn(self.canv, self.indent, 0)


class PlacedPicture(Flowable):
    """An image at a fixed size (already cropped and resampled), with caption and credit under it."""

    def __init__(self, path: str, width: float, height: float, caption: Flowable | None,
                 gap: float = 4.0, space_before: float = 6.0, space_after: float = 10.0):
        super().__init__()
        self.path, self.img_w, self.img_h, self.caption, self.gap = path, width, height, caption, gap
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._cap_h = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._cap_h = self.caption.wrap(aw, ah)[1] if self.caption is not None else 0.0
        self.width = aw
        self.height = self.img_h + (self.gap + self._cap_h if self.caption is not None else 0.0)
        return self.width, self.height

    def draw(self) -> None:
        draw_image(self.canv, self.path, 0, self.height - self.img_h, self.img_w, self.img_h)
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)


class DrawingBox(Flowable):
    """A reportlab.graphics Drawing placed in the column, with its alt text kept for accessibility."""

    def __init__(self, drawing: Any, alt: str, space_before: float = 8.0, space_after: float = 12.0,
                 align: str = "left", ink: Any = None):
        super().__init__()
        self.drawing, self.alt, self.align = drawing, alt, align
        self.ink = ink  # the edition's black: the renderer's initial colours (else RGB black, rg/RG)
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.drawing.height
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        x = (self.width - self.drawing.width) / 2 if self.align == "center" else 0.0
        if getattr(self.drawing, "initialFontName", None) is None:
            # the renderer would otherwise select Helvetica, an unembedded font, before drawing
            self.drawing.initialFontName = self.canv._fontname
        if self.ink is not None:
            # the renderer reads initial<Prop> attributes for its starting state; Drawing's attribute
            # map lists only the font ones, so these go straight into the instance dict
            for attr in ("initialFillColor", "initialStrokeColor"):
                self.drawing.__dict__.setdefault(attr, self.ink)
        # The chart's data as alternate text, so screen readers and text extraction have it.
        self.canv.addLiteral(f"/Span <</Alt <{_utf16_hex(self.alt)}>>> BDC")
        renderPDF.draw(self.drawing, self.canv, x, 0)
        self.canv.addLiteral("EMC")


class PadPages(Flowable):
    """Marker: the document template adds designed note pages here until the page count, counting the
    `after` pages still to come, is a multiple of `multiple`."""

    def __init__(self, multiple: int, after: int, template: str):
        super().__init__()
        self.multiple, self.after, self.template = multiple, after, template

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class SpanFloat(Flowable):
    """A block that spans every column of a page (a chart with `full_width: true`), as the story holds it:
    zero-size, so the test flows and the balancing pass over it (they flow columns); the document takes
    `inner` out of the story and places it in a frame of the full text width at the top or foot of a page
    (layout/spans.py)."""

    _ZEROSIZE = True

    def __init__(self, inner: Flowable):
        super().__init__()
        self.inner = inner
        self.width = self.height = 0
        for attr in ("where", "kind"):
            setattr(self, attr, getattr(inner, attr, None))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass
