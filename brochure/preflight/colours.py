"""pdf.rgb-colour: colour that does not print on CMYK plates as it is, in an edition that must be CMYK.

It reads the colour uses of the one content-stream walk (walk.py): every fill, stroke, text, picture,
stencil mask, shading, transparency group, soft mask and pattern, in forms and annotation appearances,
whose colour space is not gray, CMYK or a spot colour over those (colour.py names what it is). The print
edition's PDF/X claim is decided by this check too (editions/print.py).
"""

from __future__ import annotations

from ..diagnostics import Diagnostics, Location
from . import PdfJob, check
from .messages import fmt_box
from .walk import walk_of

COLOUR_HINTS = {
    "a picture": "pictures from the YAML are converted to CMYK through the output profile; one placed "
                 "another way (a chart, an embedded PDF) must be CMYK or grayscale already",
    "text": "give the colour a cmyk value in the layout palette (colours: NAME: {rgb: …, cmyk: [c, m, y, k]})",
}
DEFAULT_COLOUR_HINT = ("use palette colours with cmyk values, or convert the element to CMYK; the print "
                       "shop's RIP would convert RGB on its own and the colour shifts")


@check("pdf.rgb-colour", reads=("colours",))
def rgb_colour(job: PdfJob, diags: Diagnostics) -> None:
    """Print must be CMYK (and gray) only. One diagnostic per page, kind of colour and YAML element."""
    if not job.target.cmyk:
        return
    seen: set[tuple[int, str, Location | None]] = set()
    for f in walk_of(job, "colours").colours:
        where = job.locate(f.page, f.box)
        key = (f.page, f.what if f.kind == "a picture" else f"{f.kind}/{f.space}", where)
        if key in seen:
            continue
        seen.add(key)
        at = f" at {fmt_box(f.box)} pt" if f.box is not None and f.kind == "a picture" else ""
        job.report(diags, "error", "pdf.rgb-colour",
                   f"{f.what}{at}: the {job.edition} edition must use CMYK (or gray) only",
                   COLOUR_HINTS.get(f.kind, DEFAULT_COLOUR_HINT), page=f.page, box=f.box, where=where)
