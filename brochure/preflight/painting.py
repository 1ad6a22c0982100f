"""Checks on what the pages paint: hairlines, white overprint, bleed, the safety margin, empty pages.

All of them read the marks of the one content-stream walk (`walk.py`, cached in the job), so together
they cost a single pass over the PDF. Marks that lie entirely outside the trim (crop marks, slug) are ignored. Each
problem is reported once per page and element: for our own builds the trace turns the mark's box into the
YAML location of what drew it; for other PDFs the message says where on the page it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..diagnostics import Diagnostics, Location
from . import MM, PdfJob, check
from .geometry import Box, union
from .marks import PageScan, Painted
from .walk import page_scans

EDGE = 0.5                       # pt: a mark this close to a trim edge reaches it
SIDES = ("left", "bottom", "right", "top")
NOUNS = {"fill": "shape", "stroke": "line", "image": "picture", "shading": "gradient", "text": "text"}
PDFIUM_KEY = "painting.pdfium"


# -- shared helpers -------------------------------------------------------------------------------------

def overlaps(box: Box, area: Box) -> bool:
    """The mark shows inside the area (touching its border from outside does not count)."""
    return box[0] < area[2] and box[2] > area[0] and box[1] < area[3] and box[3] > area[1]


def edge_gaps(box: Box, trim: Box) -> tuple[float, float, float, float]:
    """Distance from each trim edge (left, bottom, right, top) inwards to the box; negative: it crosses."""
    return (box[0] - trim[0], box[1] - trim[1], trim[2] - box[2], trim[3] - box[3])


def reaches_edge(box: Box, trim: Box) -> bool:
    """Touches or crosses a trim edge: a full-bleed element (or one that should be)."""
    return min(edge_gaps(box, trim)) <= EDGE


def where_on_page(box: Box, trim: Box) -> str:
    """The top-left corner of the box's part inside the trim, measured from the trim's top-left corner (as
    a designer would look for it on the finished page)."""
    x0, y1 = max(box[0], trim[0]), min(box[3], trim[3])
    return f"at {(x0 - trim[0]) / MM:.1f} mm from the left, {(trim[3] - y1) / MM:.1f} mm from the top"


def grouped(job: PdfJob, page: int, items: Iterable[Painted],
            part: Callable[[Painted], Any] = lambda _: None) -> Iterator[tuple[Location | None, list[Painted]]]:
    """Marks grouped by the YAML element that drew them (and by `part`, e.g. the trim edge they are near),
    so a chart with forty thin gridlines is one diagnostic, not forty. Marks nothing in the trace drew
    (page furniture, foreign PDFs) form one group per page and part.

    Report a group with the box of one of its marks: that box locates to the group's element (or to
    nothing), where the union of scattered marks could overlap an unrelated one."""
    groups: dict[tuple[Location | None, Any], list[Painted]] = {}
    for item in items:
        groups.setdefault((job.locate(page, item.box), part(item)), []).append(item)
    for (where, _), members in groups.items():
        yield where, members


def furniture(job: PdfJob, page: int, where: Location | None) -> str:
    """A hint for marks of our own build that no content element drew: the page template did."""
    if where is not None or job.trace is None:
        return ""
    template = job.trace.page_templates.get(page)
    named = f" '{template}'" if template else ""
    return f"no content element drew this: it comes from the page template{named} in the layout " \
        "(running head, page number, decoration)"


def _what(items: list[Painted]) -> str:
    nouns = sorted({NOUNS.get(i.kind, i.kind) for i in items})
    return " and ".join(nouns)


def _count(items: list[Painted], noun: str) -> str:
    return f"{len(items)} {noun}s" if len(items) > 1 else f"a {noun}"


# -- pdf.hairline ---------------------------------------------------------------------------------------

def is_hairline(item: Painted, min_line: float) -> bool:
    """A stroke thinner than the minimum; width 0 is the thinnest line the device can draw."""
    return item.kind == "stroke" and item.alpha > 0 and (item.width <= 1e-6 or item.width < min_line - 1e-4)


@check("pdf.hairline", reads=("marks",))
def hairlines(job: PdfJob, diags: Diagnostics) -> None:
    target = job.target
    severity = "error" if target.cmyk else "warning"
    for scan in page_scans(job):
        found = [i for i in scan.items if is_hairline(i, target.min_line) and overlaps(i.box, scan.trim)]
        for where, items in grouped(job, scan.number, found):
            thinnest = min(items, key=lambda i: i.width)
            width = "0 pt, a device hairline" if thinnest.width <= 1e-6 else f"{thinnest.width:.2f} pt"
            job.report(diags, severity, "pdf.hairline",
                       f"{_count(items, 'line')} thinner than {target.min_line:g} pt (thinnest {width}, "
                       f"{where_on_page(thinnest.box, scan.trim)})",
                       f"lines under {target.min_line:g} pt may break up or vanish in print: make them at "
                       f"least {target.min_line:g} pt wide (chart gridlines and rules in the layout)",
                       furniture(job, scan.number, where), page=scan.number, box=thinnest.box, where=where)


# -- pdf.white-overprint --------------------------------------------------------------------------------

@check("pdf.white-overprint", reads=("marks",))
def white_overprint(job: PdfJob, diags: Diagnostics) -> None:
    for scan in page_scans(job):
        found = [i for i in scan.items if i.overprint and i.white and i.alpha > 0 and overlaps(i.box, scan.media)]
        for where, items in grouped(job, scan.number, found):
            first = items[0]
            job.report(diags, "error", "pdf.white-overprint",
                       f"white {_what(items)} set to overprint {where_on_page(first.box, scan.trim)}: "
                       "it disappears in print",
                       "turn overprint off for white objects (overprint lets the inks below show through, "
                       "and white has no ink)", furniture(job, scan.number, where),
                       page=scan.number, box=first.box, where=where)


# -- pdf.bleed-short ------------------------------------------------------------------------------------

def bleed_needed(scan: PageScan, bleed: float) -> tuple[float | None, ...] | None:
    """How far (pt) past each trim edge a full-bleed element must reach, or None when the page has no
    trim/bleed to check: the BleedBox, or the bleed the target asks for, whichever is smaller (the
    box checks report a BleedBox that is too small)."""
    trim = scan.trim_box
    if trim is None:
        return None
    box_gaps = [-g for g in edge_gaps(scan.bleed_box, trim)] if scan.bleed_box is not None else [0.0] * 4
    needed: list[float | None] = []
    for gap in box_gaps:
        options = [x for x in (gap if gap > 0.01 else None, bleed if bleed > 0 else None) if x is not None]
        needed.append(min(options) if options else None)
    return tuple(needed) if any(n is not None for n in needed) else None


def short_sides(box: Box, trim: Box, needed: tuple[float | None, ...]) -> dict[str, float]:
    """{side: shortfall pt} for each side where the box reaches the trim but not the bleed edge."""
    out = {}
    for side, gap, need in zip(SIDES, edge_gaps(box, trim), needed, strict=True):
        if need is not None and gap <= EDGE and -gap < need - EDGE:
            out[side] = need + gap
    return out


def gap_strip(box: Box, trim: Box, side: str, need: float) -> Box:
    """The strip between the box's edge on `side` and the bleed edge, as wide as the box along it."""
    x0, y0, x1, y1 = box
    return {"left": (trim[0] - need, y0, x0, y1), "bottom": (x0, trim[1] - need, x1, y0),
            "right": (x1, y0, trim[2] + need, y1), "top": (x0, y1, x1, trim[3] + need)}[side]


def covered(strip: Box, others: list[Box]) -> bool:
    """Another mark paints the whole strip."""
    return any(o[0] <= strip[0] + EDGE and o[1] <= strip[1] + EDGE and o[2] >= strip[2] - EDGE
               and o[3] >= strip[3] - EDGE for o in others)


def same_paint(a: Painted, b: Painted) -> bool:
    return a.kind == b.kind == "fill" and a.space == b.space and a.color == b.color


def uncovered_shorts(item: Painted, trim: Box, needed: tuple[float | None, ...],
                     marks: list[Painted]) -> dict[str, float]:
    """short_sides, less the sides where a mark of the same paint (a fill of the same colour) covers
    the gap to the bleed edge: a gradient drawn as bands, whose first band fills the bleed and whose
    next bands start inside it. A picture stopping at the trim over a background still counts."""
    shorts = short_sides(item.box, trim, needed)
    if not shorts:
        return shorts
    twins = [m.box for m in marks if m is not item and same_paint(m, item)]
    return {side: amount for side, amount in shorts.items()
            if not covered(gap_strip(item.box, trim, side, needed[SIDES.index(side)] or 0.0), twins)}


@check("pdf.bleed-short", reads=("marks",))
def bleed_short(job: PdfJob, diags: Diagnostics) -> None:
    for scan in page_scans(job):
        needed = bleed_needed(scan, job.target.bleed)
        if needed is None:
            continue
        trim = scan.trim
        fills = [i for i in scan.items if i.kind == "fill" and i.visible]
        shorts = {i: uncovered_shorts(i, trim, needed, fills) for i in scan.items
                  if i.kind != "text" and i.visible and overlaps(i.box, trim)}
        for where, items in grouped(job, scan.number, (i for i, s in shorts.items() if s)):
            sides: dict[str, float] = {}
            for item in items:
                for side, amount in shorts[item].items():
                    sides[side] = max(sides.get(side, 0.0), amount)
            listed = ", ".join(f"{side} {amount / MM:.1f} mm" for side, amount in sides.items())
            first = items[0]
            job.report(diags, "error", "pdf.bleed-short",
                       f"{_what(items)} {where_on_page(first.box, trim)} reaches the trim but stops short of the "
                       f"bleed edge ({listed} short)",
                       "a white sliver shows where the cut wanders: extend it to the bleed edge "
                       f"({max(n or 0.0 for n in needed) / MM:.0f} mm past the trim), or keep it inside the page",
                       furniture(job, scan.number, where), page=scan.number, box=first.box, where=where)


# -- pdf.safety-margin ----------------------------------------------------------------------------------

def _pdfium_doc(job: PdfJob) -> Any:
    """The PDF opened with pypdfium2 once per job (only when some text comes near a trim edge)."""
    if PDFIUM_KEY not in job.cache:
        try:
            import pypdfium2 as pdfium

            job.cache[PDFIUM_KEY] = pdfium.PdfDocument(job.data)
        except Exception:  # noqa: BLE001 (pdfium refuses some files pikepdf repairs; the em boxes remain)
            job.cache[PDFIUM_KEY] = None
    return job.cache[PDFIUM_KEY]


def glyph_boxes(job: PdfJob, page: int) -> list[tuple[Box, int]] | None:
    """Exact glyph boxes (ink, not the em square) of a page with their character index; None without
    pdfium."""
    doc = _pdfium_doc(job)
    if doc is None:
        return None
    key = f"{PDFIUM_KEY}.{page}"
    if key not in job.cache:
        textpage = doc[page - 1].get_textpage()
        boxes = [(textpage.get_charbox(i), i) for i in range(textpage.count_chars())]
        job.cache[key] = (textpage, [(b, i) for b, i in boxes if b[2] > b[0] and b[3] > b[1]])
    return job.cache[key][1]


def ink_of(job: PdfJob, page: int, item: Painted) -> tuple[Box | None, str]:
    """The ink box and the characters of a text mark, from pdfium's glyphs inside its em box; the em
    box itself when pdfium cannot help; (None, "") when it has no ink (spaces only)."""
    glyphs = glyph_boxes(job, page)
    if glyphs is None:
        return item.box, ""
    x0, y0, x1, y1 = item.box
    inside = [(b, i) for b, i in glyphs
              if x0 - 1 <= (b[0] + b[2]) / 2 <= x1 + 1 and y0 - 1 <= (b[1] + b[3]) / 2 <= y1 + 1]
    if not inside:
        return None, ""
    textpage = job.cache[f"{PDFIUM_KEY}.{page}"][0]
    first, last = min(i for _, i in inside), max(i for _, i in inside)
    return union(b for b, _ in inside), textpage.get_text_range(first, last - first + 1).strip()


def text_near_edge(item: Painted, trim: Box, safety: float) -> bool:
    """Worth a closer look: its em box comes within the margin (plus the em's slack over the ink)."""
    slack = 0.3 * (item.box[3] - item.box[1])
    return item.kind == "text" and item.alpha > 0 and overlaps(item.box, trim) and \
        min(edge_gaps(item.box, trim)) < safety + slack


def nearest_edge(box: Box, trim: Box) -> tuple[str, float]:
    """The trim edge the box comes closest to and its distance (negative: it crosses that edge)."""
    gaps = edge_gaps(box, trim)
    k = min(range(4), key=lambda i: gaps[i])
    return SIDES[k], gaps[k]


def _text_problems(job: PdfJob, scan: PageScan) -> dict[Painted, tuple[Box, str]]:
    """Text marks whose ink lies inside the trim but within the margin, or crosses the trim: {mark: (ink
    box, characters)}. Only text whose em box comes near an edge is measured with pdfium."""
    safety, trim = job.target.safety, scan.trim
    found = {}
    for item in scan.items:
        if text_near_edge(item, trim, safety):
            ink, chars = ink_of(job, scan.number, item)
            if ink is not None and overlaps(ink, trim) and min(edge_gaps(ink, trim)) < safety - 0.01:
                found[item] = (ink, chars)
    return found


def _quote(chars: str, limit: int = 24) -> str:
    return f" «{chars[:limit]}{'…' if len(chars) > limit else ''}»" if chars else ""


def _report_text(job: PdfJob, diags: Diagnostics, scan: PageScan) -> None:
    """One error per element and trim edge, with the closest glyph's distance."""
    problems = _text_problems(job, scan)
    safety, trim = job.target.safety, scan.trim
    for where, items in grouped(job, scan.number, problems, lambda i: nearest_edge(problems[i][0], trim)[0]):
        closest = min(items, key=lambda i: nearest_edge(problems[i][0], trim)[1])
        ink, chars = problems[closest]
        side, gap = nearest_edge(ink, trim)
        if gap < 0:
            what = f"text{_quote(chars)} crosses the {side} trim edge by {-gap / MM:.1f} mm and will be cut"
        else:
            what = (f"text{_quote(chars)} is {gap / MM:.1f} mm from the {side} trim edge, inside the "
                    f"{safety / MM:.0f} mm safety margin")
        more = f"; {len(items) - 1} more text run(s) there" if len(items) > 1 else ""
        job.report(diags, "error", "pdf.safety-margin", f"{what} ({where_on_page(ink, trim)}{more})",
                   f"keep text at least {safety / MM:.0f} mm inside the trim: the cut may wander by a few "
                   "millimetres (page margins, or the element's position in the layout)",
                   furniture(job, scan.number, where), page=scan.number, box=closest.box, where=where)


def _report_graphics(job: PdfJob, diags: Diagnostics, scan: PageScan) -> None:
    """Pictures and drawings that stop inside the page but enter the margin: not full-bleed, not safe."""
    safety, trim = job.target.safety, scan.trim
    found = [i for i in scan.items if i.kind != "text" and i.visible and overlaps(i.box, trim)
             and not reaches_edge(i.box, trim) and min(edge_gaps(i.box, trim)) < safety - 0.01]
    for where, items in grouped(job, scan.number, found, lambda i: nearest_edge(i.box, trim)[0]):
        closest = min(items, key=lambda i: nearest_edge(i.box, trim)[1])
        side, gap = nearest_edge(closest.box, trim)
        job.report(diags, "warning", "pdf.safety-margin",
                   f"{_what(items)} {gap / MM:.1f} mm from the {side} trim edge, inside the {safety / MM:.0f} mm "
                   f"safety margin ({where_on_page(closest.box, trim)})",
                   "bring it inside the margin, or let it run into the bleed as a full-bleed element",
                   furniture(job, scan.number, where), page=scan.number, box=closest.box, where=where)


@check("pdf.safety-margin", reads=("marks",))
def safety_margin(job: PdfJob, diags: Diagnostics) -> None:
    if job.target.safety <= 0:
        return
    for scan in page_scans(job):
        _report_text(job, diags, scan)
        _report_graphics(job, diags, scan)


# -- pdf.empty-page -------------------------------------------------------------------------------------

@check("pdf.empty-page", reads=("marks",))
def empty_pages(job: PdfJob, diags: Diagnostics) -> None:
    """Pages that print nothing inside the trim: in our layout even a page left blank on purpose carries
    its page number, so an empty page is a layout fault (a stray page break, an empty section)."""
    for scan in page_scans(job):
        if not any(i.visible and overlaps(i.box, scan.trim) for i in scan.items):
            what = "paints nothing" if not scan.items else "paints only white or invisible marks"
            job.report(diags, "error", "pdf.empty-page", f"page {scan.number} is empty: it {what} inside the trim",
                       "remove the page break or empty section that made it, or give the page content",
                       page=scan.number)
