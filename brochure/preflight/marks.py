"""PREFLIGHT: what the one content-stream walk (walk.py) hands to the checks, as plain data.

- `PageScan`: per page, its boxes and the `Painted` marks it makes (fills, strokes, images, shadings,
  text runs) with their page-space box, colour, stroke width, overprint and opacity: for the painting
  checks (hairline, overprint, bleed, safety margin, empty page).
- `ColourUse`: every place colour that does not print on CMYK plates as it is (RGB, Lab, ICC RGB, spaces
  over those) is used, including transparency groups, soft masks, patterns and annotation appearances:
  for pdf.rgb-colour (and through it the print edition's PDF/X claim).
- `Shown`: every string shown in a font, with the box of the text it painted: for pdf.missing-glyph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .geometry import Box

EPS = 1e-3


class Painted(NamedTuple):
    """One mark: a painted path (fill or stroke), an image, a shading or a run of text.

    `space` is the colour model the marks are painted in (gray, rgb, cmyk, lab, spot for Separation and
    DeviceN, pattern, or unknown); `color` its components, None where it is not one colour (images other
    than stencil masks, shadings, patterns). `width` is the stroke width in points as it lands on the page
    (line width times the current transformation; 0 is a device hairline). `overprint` is the overprint
    flag that applies to this mark (OP for strokes, op for everything else).
    """

    page: int
    kind: str                         # fill | stroke | image | shading | text
    box: Box
    space: str = "gray"
    color: tuple[float, ...] | None = (0.0,)
    width: float = 0.0
    overprint: bool = False
    opm: int = 0
    alpha: float = 1.0

    @property
    def white(self) -> bool:
        """Paints paper white: gray 1, RGB 1 1 1, CMYK 0 0 0 0, Lab 100 0 0, or no ink of a spot colour."""
        c = self.color
        if c is None or not c:
            return False
        if self.space == "gray":
            return c[0] >= 1 - EPS
        if self.space == "rgb":
            return all(v >= 1 - EPS for v in c)
        if self.space in ("cmyk", "spot"):
            return all(v <= EPS for v in c)
        if self.space == "lab":
            return c[0] >= 100 - EPS * 100 and all(abs(v) <= EPS * 100 for v in c[1:])
        return False

    @property
    def visible(self) -> bool:
        """Leaves a mark on paper: not white, not fully transparent, and (except strokes) not flat."""
        if self.alpha <= 0 or self.white:
            return False
        x0, y0, x1, y1 = self.box
        if self.kind == "stroke":
            return x1 >= x0 and y1 >= y0
        return x1 > x0 and y1 > y0


@dataclass(frozen=True)
class PageScan:
    """The marks of one page and its page boxes (None when the page does not set that box)."""

    number: int
    media: Box
    trim_box: Box | None
    bleed_box: Box | None
    crop_box: Box | None
    items: tuple[Painted, ...]

    @property
    def trim(self) -> Box:
        """The finished page: the TrimBox, or the MediaBox when there is none."""
        return self.trim_box or self.media



class ColourUse(NamedTuple):
    """Colour that does not print on CMYK plates as it is, where it is used."""

    page: int
    kind: str          # "text", "a filled shape", "a picture", … (what a designer recognises)
    space: str         # "DeviceRGB", "ICC RGB", … (colour.Space.foreign)
    box: Box | None
    detail: str = ""   # e.g. the image resource name and size

    @property
    def what(self) -> str:
        return f"{self.kind}{' ' + self.detail if self.detail else ''} in {self.space}"


class Shown(NamedTuple):
    """A string shown with a font dictionary (not in invisible text, Tr 3), and the box of the text it
    painted (None when it painted nothing visible: clipping text, zero size, clipped away)."""

    page: int
    font: Any          # the pikepdf font dictionary
    data: bytes
    box: Box | None


ALL_PARTS = frozenset({"marks", "colours", "shown"})


@dataclass
class Walk:
    """Everything one walk over a PDF found, in page order. A walk for colours alone (`parts`) has pages
    without marks and no shown strings."""

    parts: frozenset[str] = ALL_PARTS
    pages: list[PageScan] = field(default_factory=list)
    colours: list[ColourUse] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)
