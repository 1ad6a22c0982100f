"""Print finishing: page boxes and printer's marks, added with pikepdf to the paginated PDF (the print
edition) and to the imposed sheets made from it (formats/imposition.py); both draw their marks here.

The layout stage already drew the pages on a sheet of trim + bleed + mark room with the trim at
`offset`; here TrimBox/BleedBox are set on every page and, when crop marks are on, thin registration
lines (all four plates at 100 %, /DeviceCMYK) are appended as a content-stream overlay outside the bleed.
"""

from __future__ import annotations

import pikepdf

from . import FinishInput
from .finish import deflated

MM = 72 / 25.4
MARK_GAP = 1 * MM         # space between the bleed edge and the start of a mark
MARK_WIDTH = 0.25         # pt, hairline as print shops expect

Box = tuple[float, float, float, float]   # (llx, lly, urx, ury), pt


def bleed_box(trim: Box, bleed: float) -> Box:
    """The trim grown by the bleed on every side."""
    x0, y0, x1, y1 = trim
    return (x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed)


def set_boxes(pdf: pikepdf.Pdf, job: FinishInput) -> None:
    """TrimBox = finished size, BleedBox = trim + bleed; MediaBox stays the (larger) sheet."""
    for page in pdf.pages:
        page.obj.TrimBox = pikepdf.Array(list(job.trim))
        page.obj.BleedBox = pikepdf.Array(list(bleed_box(job.trim, job.bleed)))
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]


def mark_stream(trim: Box, bleed: float, media: Box, spine: float | None = None,
                pen_on_q_line: bool = False) -> bytes:
    """Registration hairlines in the room between the bleed and the sheet edge (`media`): a crop mark
    on each side of every trim corner (eight in all) and, at `spine` (x, pt), a dashed fold mark above
    and below. Each runs from MARK_GAP outside the bleed to MARK_GAP inside the sheet's nearest edge;
    nothing when that leaves no length. `pen_on_q_line` writes `q` and the pen on one line, as the
    imposed sheets always have (so their bytes stay as they were); the edition's pages, on lines of
    their own."""
    x0, y0, x1, y1 = trim
    start = bleed + MARK_GAP
    end = min(x0 - media[0], y0 - media[1], media[2] - x1, media[3] - y1) - MARK_GAP
    if end <= start:
        return b""
    pen = [b"q", b"%.2f w 0 J 0 j [] 0 d" % MARK_WIDTH, b"1 1 1 1 K"]
    ops = [b" ".join(pen)] if pen_on_q_line else pen
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            ops.append(b"%.3f %.3f m %.3f %.3f l S" % (x + sx * start, y, x + sx * end, y))
            ops.append(b"%.3f %.3f m %.3f %.3f l S" % (x, y + sy * start, x, y + sy * end))
    if spine is not None:
        ops.append(b"[2 2] 0 d")
        ops.append(b"%.3f %.3f m %.3f %.3f l S" % (spine, y1 + start, spine, y1 + end))
        ops.append(b"%.3f %.3f m %.3f %.3f l S" % (spine, y0 - start, spine, y0 - end))
    ops.append(b"Q")
    return b"\n".join(ops) + b"\n"


def crop_mark_stream(job: FinishInput, media: Box) -> bytes:
    """The edition's crop marks on a page whose MediaBox is `media`."""
    return mark_stream(job.trim, job.bleed, media)


def add_crop_marks(pdf: pikepdf.Pdf, job: FinishInput) -> None:
    """Wrap each page's content in q/Q (so its graphics state cannot leak) and append the marks."""
    for page in pdf.pages:
        media = tuple(float(v) for v in page.obj.MediaBox)
        marks = crop_mark_stream(job, media)  # type: ignore[arg-type]
        if not marks:
            continue
        page.contents_add(deflated(pdf, b"q\n"), prepend=True)
        page.contents_add(deflated(pdf, b"Q\n" + marks), prepend=False)
