"""Printer spreads and reader spreads (after FINISH, on the finished bytes of an edition).

`saddle_order(n)` pairs the pages of a saddle-stitched booklet as they sit on the printed sheets
(8 pages: 8|1, 2|7, 6|3, 4|5); `creep_shifts` gives each spread's creep compensation: sheet `s` from
the outside (0-based) moves its pages `s x paper thickness` toward the spine, because the inner sheets of
a stitched stack stick out at the fore-edge and lose that much when the book is trimmed.

`impose_saddle` places the print edition's pages 2-up as form XObjects (pikepdf): each page clipped at
the spine (the bleed between the two pages is dropped, the outer bleed kept), crop marks at the outer
corners and a fold mark at the spine (drawn by editions/marks.py, like the edition's own marks),
TrimBox/BleedBox for the spread, the print edition's output intent, metadata and document info carried
over. `impose_reader` makes facing-page spreads for reading on a screen: the cover alone, then 2|3,
4|5, ..., the back cover alone. Both give the same bytes for the same input (deterministic ID, no
timestamps added).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from ..editions.marks import bleed_box, mark_stream


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, of each sheet side in printing order."""
    if pages % 4:
        raise ValueError(f"saddle stitching needs a multiple of 4 pages, not {pages}")
    out = []
    for k in range(pages // 2):
        out.append((pages - k, k + 1) if k % 2 == 0 else (k + 1, pages - k))
    return out


def creep_shifts(pages: int, thickness: float) -> list[float]:
    """Shift toward the spine (pt) for each spread of `saddle_order(pages)`: both sides of sheet s
    (0 = outermost) move s x thickness."""
    return [(k // 2) * thickness for k in range(pages // 2)]


def reader_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: the cover alone on the right, pairs, the last page alone."""
    out: list[tuple[int | None, int | None]] = [(None, 1)]
    for left in range(2, pages + 1, 2):
        out.append((left, left + 1 if left + 1 <= pages else None))
    return out


@dataclass(frozen=True)
class Sheet:
    """Where a page's trim sits in its own MediaBox, and how much bleed it carries."""
    trim: tuple[float, float, float, float]
    bleed: float

    @property
    def width(self) -> float:
        return self.trim[2] - self.trim[0]

    @property
    def height(self) -> float:
        return self.trim[3] - self.trim[1]


def page_sheet(page: pikepdf.Page) -> Sheet:
    box = page.obj.get("/TrimBox", page.obj.MediaBox)
    trim = tuple(float(v) for v in box)
    bleed_box = page.obj.get("/BleedBox")
    bleed = trim[0] - float(bleed_box[0]) if bleed_box is not None else 0.0
    return Sheet(trim, bleed)  # type: ignore[arg-type]


def _copy(out: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """An object of another PDF, copied (direct arrays and dictionaries member by member)."""
    if isinstance(obj, (pikepdf.Array, pikepdf.Dictionary)) and not obj.is_indirect:
        if isinstance(obj, pikepdf.Array):
            return pikepdf.Array([_copy(out, v) for v in obj])
        return pikepdf.Dictionary({k: _copy(out, v) for k, v in obj.items()})
    return out.copy_foreign(obj) if isinstance(obj, (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)) \
        else obj


def _new_pdf(src: pikepdf.Pdf) -> pikepdf.Pdf:
    out = pikepdf.new()
    for key in ("/OutputIntents", "/Metadata", "/Lang"):
        if key in src.Root:
            out.Root[key] = _copy(out, src.Root[key])
    if src.trailer.get("/Info") is not None:
        out.trailer.Info = _copy(out, src.trailer.Info)
    out.Root.PageLayout = pikepdf.Name.SinglePage
    return out


def _save(out: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    out.save(buf, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()


def _place(form_name: str, sheet: Sheet, x: float, y: float, clip: tuple[float, float, float, float]) -> bytes:
    """Draw a page's form with its trim origin at (x, y), clipped to `clip` (x0, y0, x1, y1)."""
    cx0, cy0, cx1, cy1 = clip
    dx, dy = x - sheet.trim[0], y - sheet.trim[1]
    return (b"q %.3f %.3f %.3f %.3f re W n 1 0 0 1 %.3f %.3f cm %s Do Q\n"
            % (cx0, cy0, cx1 - cx0, cy1 - cy0, dx, dy, form_name.encode()))


def _spread_page(out: pikepdf.Pdf, forms: dict[int, pikepdf.Object], sheet: Sheet,
                 pair: tuple[int | None, int | None], shift: float, room: float, marks: bool) -> None:
    """One output page: the two pages of `pair` (None: an empty side) around the spine."""
    bleed = sheet.bleed
    present = [p for p in pair if p is not None]
    wide = len(present) == 2 or marks          # a printer's sheet keeps both halves; a reader's does not
    w, h = sheet.width, sheet.height
    halves = 2 if wide else 1
    off = bleed + room
    media = (halves * w + 2 * off, h + 2 * off)
    spine = off + w if halves == 2 else None
    ops: list[bytes] = []
    resources = pikepdf.Dictionary()
    for side, number in enumerate(pair):
        if number is None:
            continue
        name = f"/P{number}"
        resources[name] = forms[number]
        if halves == 1:
            x, clip = off, (0.0, 0.0, media[0], media[1])
        elif side == 0:
            x = off + shift                                   # creep: toward the spine (right)
            clip = (off - bleed, off - bleed, off + w, off + h + bleed)
        else:
            x = off + w - shift
            clip = (off + w, off - bleed, off + 2 * w + bleed, off + h + bleed)
        ops.append(_place(name, sheet, x, off, clip))
    trim = (off, off, off + halves * w, off + h)
    if marks:
        ops.append(mark_stream(trim, bleed, (0.0, 0.0, *media), spine, pen_on_q_line=True))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, *media]),
        Resources=pikepdf.Dictionary(XObject=resources),
        Contents=out.make_stream(b"".join(ops)))
    if bleed or marks:
        page.TrimBox = pikepdf.Array(list(trim))
        page.BleedBox = pikepdf.Array(list(bleed_box(trim, bleed)))
    out.pages.append(pikepdf.Page(page))


def _forms(src: pikepdf.Pdf, out: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """Each page as a form XObject; its BBox is the whole sheet (qpdf sets the TrimBox, which would
    cut the bleed off)."""
    forms = {}
    for i, page in enumerate(src.pages):
        form = page.as_form_xobject()
        form.BBox = pikepdf.Array(list(page.obj.MediaBox))
        forms[i + 1] = out.copy_foreign(form)
    return forms


def impose_saddle(data: bytes, paper_thickness: float) -> bytes:
    """The print edition's pages 2-up in saddle-stitch order with creep compensation (see module doc)."""
    with pikepdf.open(io.BytesIO(data)) as src:
        n = len(src.pages)
        sheet = page_sheet(src.pages[0])
        media = tuple(float(v) for v in src.pages[0].obj.MediaBox)
        room = max(0.0, sheet.trim[0] - media[0] - sheet.bleed)     # the mark area the edition drew
        out = _new_pdf(src)
        forms = _forms(src, out)
        for pair, shift in zip(saddle_order(n), creep_shifts(n, paper_thickness), strict=True):
            _spread_page(out, forms, sheet, pair, shift, room, marks=True)
        return _save(out)


def impose_reader(data: bytes) -> bytes:
    """Facing pages side by side for reading on a screen (from a trim-size edition)."""
    with pikepdf.open(io.BytesIO(data)) as src:
        n = len(src.pages)
        sheet = page_sheet(src.pages[0])
        out = _new_pdf(src)
        forms = _forms(src, out)
        for pair in reader_order(n):
            _spread_page(out, forms, sheet, pair, 0.0, 0.0, marks=False)
        return _save(out)
