"""What the layout did, recorded while the PDF is drawn: where every flowable and page element landed
(page, box in PDF points, kind, YAML location) and how full every frame ended up. Preflight checks use it
to point a problem found in the PDF back to the YAML line it came from; `brochure check --fill` prints
the frame fill. Plain data: no ReportLab here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Location
from .geometry import Box, area, inside, intersect


@dataclass(frozen=True)
class Placed:
    page: int
    box: Box
    kind: str                     # paragraph, heading, image, chart, table, … or a page element
    where: Location | None
    frame: str = ""               # frame id ("" for elements drawn by the page template)
    template: str = ""
    section: int | None = None


@dataclass(frozen=True)
class FrameFill:
    page: int
    template: str
    frame: str
    height: float                 # frame height, pt
    used: float                   # pt from the frame top down to the last flowable's foot
    x: float = 0.0                # frame's left edge and top (PDF user space), to tell columns apart
    top: float = 0.0

    @property
    def fill(self) -> float:
        return min(1.0, self.used / self.height) if self.height else 0.0


@dataclass
class Trace:
    placed: list[Placed] = field(default_factory=list)
    frames: list[FrameFill] = field(default_factory=list)
    section_pages: dict[int, list[int]] = field(default_factory=dict)   # section index -> pages
    page_templates: dict[int, str] = field(default_factory=dict)        # page -> template id
    type_area: tuple[float, float] = (0.0, 0.0)                          # top and bottom of the type area

    def add(self, placed: Placed) -> None:
        self.placed.append(placed)
        if placed.section is not None:
            pages = self.section_pages.setdefault(placed.section, [])
            if placed.page not in pages:
                pages.append(placed.page)

    def on_page(self, page: int) -> list[Placed]:
        return [p for p in self.placed if p.page == page]

    def locate(self, page: int | None, box: Box | None = None) -> Location | None:
        """The YAML location of what was drawn at `box` on `page`: the smallest located element that
        overlaps it most (None if nothing located is there)."""
        if page is None:
            return None
        best: tuple[float, float, Location] | None = None
        for p in self.on_page(page):
            if p.where is None:
                continue
            if box is None:
                return p.where
            overlap = area(intersect(p.box, box))
            if overlap <= 0 and not inside(box, p.box, tol=0.0):
                continue
            key = (-overlap, area(p.box))
            if best is None or key < best[:2]:
                best = (key[0], key[1], p.where)
        return best[2] if best else None


def page_fill(trace: Trace, page: int) -> float:
    """How far down its columns the type area of a body page is filled (0..1), as a reader sees it: the
    mean over the columns of the depth of each column's last line. What sits above the columns (an
    opener's picture and head, a section ending above a run-on divider) counts as filled; so does a block
    spanning the columns (layout/spans.py: frame "span"): at the top of the page like a head, at its foot
    as the end of the columns above it."""
    top, bottom = trace.type_area
    frames = [f for f in trace.frames if f.page == page]
    if top - bottom <= 0 or not frames:
        return 0.0
    spans = [f for f in frames if f.frame == "span"]
    heads = [f.top - f.height for f in frames if f.frame == "head" or (f.frame == "span" and f.top >= top - 1)]
    by_x: dict[float, list[FrameFill]] = {}
    for f in frames:
        if f.frame not in ("head", "span"):
            by_x.setdefault(round(f.x, 1), []).append(f)
    if any(f.top < top - 1 for f in spans):        # the columns end above a spanning block
        bottom = max(bottom, min((f.top - f.height for column in by_x.values() for f in column), default=bottom))
    height = top - bottom
    depths = []
    for column in by_x.values():
        feet = [f.top - min(f.used, f.height) for f in column if f.used > 0]
        low = min(feet) if feet else (min(heads) if heads else top)
        depths.append(max(0.0, min(1.0, (top - low) / height)))
    return sum(depths) / len(depths) if depths else 0.0

