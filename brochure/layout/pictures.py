"""Pictures on the page. A JPEG is not handed to ReportLab: ReportLab would read every picture's bytes
while drawing and hold them all until it saves, then copy them twice more while writing the file (a
100 MB print edition peaked at over 400 MB). The page draws a placeholder form in the picture's box
instead, and the FINISH stage puts the file's bytes into it (`images.embed.insert_pictures`), one
picture at a time, straight from the cache. Other pictures (PNG with transparency, and JPEGs whose
frame header is not an 8-bit baseline, extended or progressive one) go through ReportLab, which makes
their soft masks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cache import file_hash
from ..images.headers import jpeg_frame

JPEG_SUFFIXES = (".jpg", ".jpeg")
PREFIX = "pic"    # placeholder forms: ReportLab names them FormXob.pic<hash>


def draw_image(canv: Any, path: str, x: float, y: float, w: float, h: float) -> None:
    """Draw the picture at `path` into the box (x, y, w, h)."""
    doc = getattr(canv, "_doctemplate", None)
    pictures = getattr(doc, "pictures", None)
    if pictures is None or Path(path).suffix.lower() not in JPEG_SUFFIXES or jpeg_frame(Path(path)) is None:
        canv.drawImage(path, x, y, w, h, mask="auto")   # PNG alpha -> soft mask; JPEG kinds we do not embed
        return
    # Named after the file's bytes: the same picture gets the same name on any machine and cache, so
    # FINISH has nothing to rename (stable_image_names) and the page's content stream stays as written.
    name = PREFIX + file_hash(Path(path))[:20]
    pictures[name] = path
    canv.saveState()
    canv.transform(w, 0, 0, h, x, y)                    # the unit square, as an image XObject fills
    canv.doForm(name)
    canv.restoreState()


def define_placeholders(canv: Any, pictures: dict[str, str]) -> dict[str, Path]:
    """Define the (empty, unit-square) forms the pages refer to; returns {resource name: file} for the
    FINISH stage."""
    out: dict[str, Path] = {}
    for name, path in sorted(pictures.items()):
        canv.beginForm(name, lowerx=0, lowery=0, upperx=1, uppery=1)
        canv.endForm()
        out[canv._doc.getXObjectName(name)] = Path(path)
    return out


__all__ = ["define_placeholders", "draw_image"]
