"""Print finishing: page boxes and crop marks, added to the paginated PDF with pikepdf.

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


def set_boxes(pdf: pikepdf.Pdf, job: FinishInput) -> None:
    """TrimBox = finished size, BleedBox = trim + bleed; MediaBox stays the (larger) sheet."""
    x0, y0, x1, y1 = job.trim
    b = job.bleed
    for page in pdf.pages:
        page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        page.obj.BleedBox = pikepdf.Array([x0 - b, y0 - b, x1 + b, y1 + b])
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]


def crop_mark_stream(job: FinishInput, media: tuple[float, float, float, float]) -> bytes:
    """Eight hairlines, two per corner, from just outside the bleed to just inside the sheet edge."""
    x0, y0, x1, y1 = job.trim
    start = job.bleed + MARK_GAP
    room = min(x0 - media[0], y0 - media[1], media[2] - x1, media[3] - y1)
    end = room - MARK_GAP
    if end <= start:
        return b""
    ops = [b"q", b"%.2f w 0 J 0 j [] 0 d" % MARK_WIDTH, b"1 1 1 1 K"]
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            ops.append(b"%.3f %.3f m %.3f %.3f l S" % (x + sx * start, y, x + sx * end, y))
            ops.append(b"%.3f %.3f m %.3f %.3f l S" % (x, y + sy * start, x, y + sy * end))
    ops.append(b"Q")
    return b"\n".join(ops) + b"\n"


def add_crop_marks(pdf: pikepdf.Pdf, job: FinishInput) -> None:
    """Wrap each page's content in q/Q (so its graphics state cannot leak) and append the marks."""
    for page in pdf.pages:
        media = tuple(float(v) for v in page.obj.MediaBox)
        marks = crop_mark_stream(job, media)  # type: ignore[arg-type]
        if not marks:
            continue
        page.contents_add(deflated(pdf, b"q\n"), prepend=True)
        page.contents_add(deflated(pdf, b"Q\n" + marks), prepend=False)
