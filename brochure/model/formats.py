"""The format a layout makes of the content, and its geometry checks (VALIDATE stage; no ReportLab).

A layout's `format:` says what kind of piece it is: the `booklet` (every section in full), a folded
`leaflet` (panels on the two sides of one sheet), a `poster` (one large page: roll-up banner, A1/A0) or
`screen` (landscape slides for a display). It names which content blocks the format takes when a block
does not say so itself (`formats:` on the block), which editions apply, and the geometry the format
needs: panel widths for a leaflet, the viewing distance of a poster, the paper thickness that creep
compensation of imposed printer spreads works from. `check_format` validates that geometry with
located errors (a panel narrower than its margins, a banner without bleed, panels that do not add up
to the sheet).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field

from .base import Model
from .units import Length, LengthField

if TYPE_CHECKING:
    from ..diagnostics import Diagnostics
    from .layout import Layout
    from .source import Source

MM = 72 / 25.4
FormatKind = Literal["booklet", "leaflet", "poster", "screen"]
BlockKind = Literal["paragraph", "heading", "figures", "chart", "quote", "list", "table", "image"]
# Widest page a PDF can describe without UserUnit (200 in), which RIPs and print shops accept.
MAX_PAGE_PT = 14400.0
# Visual acuity: the eye resolves about one arc minute; the ppi that matches it at distance d (inches)
# is 1 / (d * tan(1')) ~= 3438 / d.
ACUITY_PPI_INCH = 1 / math.tan(math.radians(1 / 60))


class FormatSpec(Model):
    kind: FormatKind = Field("booklet", description="booklet | leaflet (folded panels) | poster (one "
                             "large page: banner, A1, A0) | screen (landscape slides)")
    takes: list[BlockKind] | None = Field(
        None, description="block kinds this format takes from blocks without `formats:` (default: all "
                          "for booklet and screen, figures for leaflet and poster)")
    editions: list[str] = Field(default_factory=lambda: ["print", "email", "archive"],
                                description="editions that apply to this format (screen: no print)")
    panels: list[LengthField] = Field(
        default_factory=list, description="leaflet: panel widths of the inside face, left to right; the "
                                          "last is the fold-in panel (2-3 mm narrower); the outside "
                                          "face mirrors them")
    panel_margin: LengthField = Field(Length(8 * MM), description="leaflet: margin inside each panel")
    fold_marks: bool = Field(True, description="leaflet: fold marks outside the trim (print edition)")
    viewing_distance: LengthField | None = Field(
        None, description="poster: nearest usual viewing distance; pictures are judged for it "
                          "(effective ppi the eye resolves there) instead of images.min_ppi/warn_ppi")
    min_bleed: LengthField = Field(Length(0.0), description="smallest bleed the printer takes "
                                                            "(banners: 5 mm and more)")
    paper_thickness: LengthField = Field(Length(0.1 * MM),
                                         description="sheet thickness for creep compensation of "
                                                     "imposed printer spreads (--impose saddle)")
    figures: int = Field(6, ge=1, le=12, description="poster: at most this many key figures")

    def takes_kind(self, kind: str) -> bool:
        default = ("figures",) if self.kind in ("leaflet", "poster") else None
        wanted = self.takes if self.takes is not None else default
        return wanted is None or kind in wanted


def required_ppi(distance_pt: float) -> float:
    """The effective resolution the eye resolves at this viewing distance (1 arc minute)."""
    return ACUITY_PPI_INCH / (distance_pt / 72)


def fold_order(count: int) -> list[tuple[str, int]]:
    """Reading order of a roll-folded leaflet's panels as (face, index from the left of that face):
    front cover (outside, right), inside flap (outside, left: the fold-in panel's outer face), the inside
    face left to right, back cover (outside, middle). For three panels a face: the classic tri-fold."""
    if count < 2:
        return [("outside", 0)]
    order = [("outside", count - 1), ("outside", 0)] + [("inside", i) for i in range(count)]
    order += [("outside", i) for i in range(count - 2, 0, -1)]
    return order


def outside_widths(panels: list[float]) -> list[float]:
    """Outside face, left to right: the inside face mirrored (the same paper seen from the back)."""
    return list(reversed(panels))


def check_format(layout: Layout, source: Source, diags: Diagnostics) -> None:
    """Geometry a format needs, with the location of the value at fault."""
    fmt, page = layout.format, layout.page
    trim_w, trim_h = page.trim_pt()
    where = source.where
    for i, name in enumerate(fmt.editions):
        if name not in ("print", "email", "archive"):
            diags.error("layout.format-edition", f"unknown edition '{name}' in format.editions",
                        where(("format", "editions", i)), "editions: print, email, archive")
    if max(trim_w, trim_h) + 2 * page.bleed.pt() > MAX_PAGE_PT:
        diags.error("layout.page-too-large", f"a page of {trim_w / MM:.0f} x {trim_h / MM:.0f} mm is larger "
                    "than a PDF page can be without UserUnit (5080 mm), which print shops' RIPs refuse",
                    where(("page", "size")), "print at a scale (half size) and say so to the printer")
    if fmt.kind == "poster" and page.bleed.pt() < max(fmt.min_bleed.pt(), 0.5):
        want = max(fmt.min_bleed.pt(), 5 * MM)
        diags.error("layout.banner-bleed", f"a poster or banner needs bleed: {page.bleed.pt() / MM:g} mm set, "
                    f"the printer takes {want / MM:g} mm", where(("page", "bleed")),
                    f"set page.bleed: {want / MM:g}mm")
    elif page.bleed.pt() + 0.01 < fmt.min_bleed.pt():
        diags.error("layout.bleed-too-small", f"bleed {page.bleed.pt() / MM:g} mm is less than the "
                    f"{fmt.min_bleed.pt() / MM:g} mm format.min_bleed asks for", where(("page", "bleed")))
    if fmt.kind == "screen" and "print" in fmt.editions:
        diags.error("layout.screen-print", "a screen format has no print edition (RGB, no marks)",
                    where(("format", "editions")), "format.editions: [email, archive]")
    if fmt.kind == "leaflet":
        _check_panels(layout, source, diags, trim_w)
    elif fmt.panels:
        diags.error("layout.panels-unused", f"format.panels is for leaflets; this format is a {fmt.kind}",
                    where(("format", "panels")))
    if fmt.viewing_distance is not None and fmt.viewing_distance.pt() <= 0:
        diags.error("layout.viewing-distance", "format.viewing_distance must be more than 0",
                    where(("format", "viewing_distance")))
    if not 0 <= fmt.paper_thickness.pt() <= 1 * MM:
        diags.error("layout.paper-thickness", f"paper thickness {fmt.paper_thickness.pt() / MM:g} mm is not "
                    "a sheet's (0 to 1 mm; 0.1 mm is 130 g/m2 coated)", where(("format", "paper_thickness")))


def _check_panels(layout: Layout, source: Source, diags: Diagnostics, trim_w: float) -> None:
    fmt, where = layout.format, source.where
    widths = [p.pt() for p in fmt.panels]
    if len(widths) < 2:
        diags.error("layout.panels", "a leaflet needs at least two panels a face (format.panels)",
                    where(("format", "panels")), "a tri-fold: panels: [100mm, 100mm, 97mm]")
        return
    if abs(sum(widths) - trim_w) > 0.5 * MM:
        diags.error("layout.panels-sum", f"the panels add up to {sum(widths) / MM:.1f} mm, the sheet is "
                    f"{trim_w / MM:.1f} mm wide", where(("format", "panels")),
                    "the panel widths must add up to the page width (orientation applied)")
    margin = fmt.panel_margin.pt()
    for i, w in enumerate(widths):
        if w - 2 * margin < 20 * MM:
            diags.error("layout.panel-narrow", f"panel {i + 1} is {w / MM:.1f} mm wide, narrower than its "
                        f"margins ({2 * margin / MM:.1f} mm) leave room for text", where(("format", "panels", i)),
                        "widen the panel or lower format.panel_margin")
    fold_in, others = widths[-1], widths[:-1]
    short = min(others) - fold_in
    if short < 1 * MM:
        diags.error("layout.fold-in-panel", f"the fold-in panel (the last) is {fold_in / MM:.1f} mm, not "
                    f"narrower than the others ({min(others) / MM:.1f} mm): it will buckle in the fold",
                    where(("format", "panels", len(widths) - 1)), "make it 2-3 mm narrower")
    elif not 2 * MM - 0.01 <= short <= 3 * MM + 0.01:
        diags.warning("layout.fold-in-panel", f"the fold-in panel is {short / MM:.1f} mm narrower than the "
                      "others; print shops expect 2-3 mm", where(("format", "panels", len(widths) - 1)))


def block_kind(block: object) -> str:
    """'paragraph', 'figures', 'chart', … of a content block (its model class)."""
    return type(block).__name__.removesuffix("Block").lower()


B = TypeVar("B")


def blocks_for(body: Sequence[B], fmt: FormatSpec) -> list[tuple[int, B]]:
    """The blocks of a section body a format takes, with their index: those whose `formats:` names it,
    and, among blocks without `formats:`, those of a kind the format takes (`format.takes`)."""
    out: list[tuple[int, B]] = []
    for j, block in enumerate(body):
        chosen = getattr(block, "formats", None)
        if (fmt.kind in chosen) if chosen is not None else fmt.takes_kind(block_kind(block)):
            out.append((j, block))
    return out


def poster_takes(sections: Sequence[Any], fmt: FormatSpec
                 ) -> tuple[list[Any], tuple[Any, ...] | None, list[tuple[tuple[Any, ...], Any]]]:
    """What a poster sets from the sections: the key figures of the figures blocks it takes, as one set
    of at most `format.figures` (with the YAML path of the first such block, where the set is located),
    then the other blocks it takes, with their paths. (formats/poster.py draws them, tagging/formats.py
    reads them.)"""
    figures: list[Any] = []
    first: tuple[Any, ...] | None = None
    others: list[tuple[tuple[Any, ...], Any]] = []
    for i, section in enumerate(sections):
        for j, block in blocks_for(section.body, fmt):
            path = ("sections", i, "body", j)
            if block_kind(block) == "figures":
                first = first or path
                figures += block.figures[: fmt.figures - len(figures)]  # type: ignore[attr-defined]
            else:
                others.append((path, block))
    return figures, first, others


SLIDE_WIDTH = 0.7     # screen: a slide's block is set at this share of the text width (then enlarged)


@dataclass(frozen=True)
class PictureBoxes:
    """Where a format places pictures (pt), for the picture cache and the resolution check, which must
    see the boxes the pages draw: the cover picture, a section's opener picture (None: the format has
    none), and the width image blocks are set at."""
    cover: tuple[float, float]
    opener: tuple[float, float] | None
    block_width: float


POSTER_MAX_PICTURE = 0.6   # a poster's cover picture takes at most this share of the page's height
# A leaflet's section pictures (formats/leaflet.py places them; check judges them here):
PANEL_PICTURE = 0.62      # an inside panel's picture takes at most this share of the panel's height
BACK_PICTURE = 0.42       # the back cover's picture: this share of the panel's height (plus the bleed)
FLAP_GAP = 8 * MM         # between the flap's text and its picture
MIN_PICTURE = 40 * MM     # a picture lower than this is left out (the text keeps the room)
LEAFLET_ROLES = ("panel", "flap", "back")


def flap_text_floor(content: Any, style: Callable[[str], Any], width: float) -> float:
    """The least height (pt) the text of a leaflet's flap can take at `width`, as formats/leaflet.py's
    `flap_flowables` sets it, from the model alone: the introduction's paragraphs in lines of its style
    (a wide character, Han, one em; wide punctuation half, as it may be compressed; anything else
    nothing), the 7 mm after it, the contents title, and per section a line of its title and one of its
    subtitle with the space between entries. A floor, not a measure: `brochure check` judges the flap's
    picture under at least this much text (tests/test_formats.py holds it under the measured text).
    `style(name)`: the layout's resolved style (model/layouts.resolve_style)."""
    import unicodedata

    height = style("heading").leading
    if content.intro:
        lead = style("lead")
        for part in content.intro.split("\n"):
            ems = sum((0.5 if unicodedata.category(ch).startswith("P") else 1.0)
                      for ch in part if unicodedata.east_asian_width(ch) in ("W", "F"))
            height += max(1, math.ceil((ems * lead.size + lead.first_indent) / width)) * lead.leading
        height += 7 * MM
    entry, subtitle = style("toc_entry"), style("toc_subtitle")
    for i, section in enumerate(content.sections):
        height += entry.leading + (subtitle.leading + 1 if section.subtitle else 0.0) + (2.5 * MM if i else 0.0)
    return height


def leaflet_boxes(layout: Layout, g: Any, flap_top: float | None = None, room: float | None = None,
                  flap_text: float = 0.0) -> dict[str, tuple[float, float]]:
    """The boxes (w, h in pt) a leaflet draws its section pictures in, by role: "panel" (at the head of an
    inside panel: the narrowest panel's text width, `room` tall), "flap" (the inside flap's foot, from
    the sheet's edge over the bleed to the fold, up to `flap_top` above the trim's foot) and "back" (the
    back cover's head, fold to fold, down from the top bleed). The build passes what its plan measured;
    `brochure check`, which lays nothing out, passes nothing and gets the largest each box can be: a
    panel picture PANEL_PICTURE of the type height, the flap's up to what at least `flap_text` points
    of text leave. formats/leaflet.py draws and prepares the pictures at these boxes."""
    fmt = layout.format
    widths = [p.pt() for p in fmt.panels]
    outside = outside_widths(widths)
    height = g.trim_h - g.top - g.bottom
    if flap_top is None:
        flap_top = g.trim_h - g.top - flap_text - FLAP_GAP
    return {"panel": (min(widths) - 2 * fmt.panel_margin.pt(), PANEL_PICTURE * height if room is None else room),
            "flap": (outside[0] + g.bleed, flap_top + g.bleed),
            "back": (outside[1] if len(outside) > 1 else outside[0], BACK_PICTURE * g.trim_h + g.bleed)}


def picture_boxes(layout: Layout, g: Any) -> PictureBoxes | None:
    """The boxes of `layout`'s format on geometry `g` (layout/geometry.py's Geometry); None for the
    booklet, whose boxes images/options.py gives."""
    fmt = layout.format
    bleed_w, bleed_h = g.trim_w + 2 * g.bleed, g.trim_h + 2 * g.bleed
    if fmt.kind == "leaflet":
        widths = [p.pt() for p in fmt.panels]
        return PictureBoxes((outside_widths(widths)[-1] + g.bleed, bleed_h), None,
                            min(widths) - 2 * fmt.panel_margin.pt())
    if fmt.kind == "poster":     # the largest the cover picture can grow to (formats/poster.picture_height)
        base = layout.templates.opener.image_height.pt(whole=g.trim_h)
        return PictureBoxes((bleed_w, max(base, POSTER_MAX_PICTURE * g.trim_h) + g.bleed), None, g.text_width)
    if fmt.kind == "screen":
        return PictureBoxes((bleed_w, bleed_h), (g.trim_w / 2 + g.bleed, bleed_h), g.text_width * SLIDE_WIDTH)
    return None
