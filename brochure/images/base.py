"""Images, shared records: what a placement produced (`PlacedImage`) and why a file could not be used
(`ImageProblem`). No Pillow or ReportLab here, so every stage can import it cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0


@dataclass(frozen=True)
class PlacedImage:
    path: Path            # what to hand ReportLab: a cached JPEG/PNG, or the source JPEG (passthrough)
    width_px: int         # pixels embedded
    height_px: int
    effective_ppi: float  # source pixels per inch at the placed size, before resampling
    box: tuple[float, float]  # placed size in pt (after 'contain' adjusts the box)
    source_px: tuple[int, int] = (0, 0)  # source pixels that fill the box (after crop), for "sharp up to"
    has_alpha: bool = False  # the file keeps transparency: draw with mask='auto' for a soft mask
    passthrough: bool = False  # `path` is the source file, embedded byte for byte

    def sharp_size_mm(self, ppi: float) -> tuple[float, float]:
        """The largest placed size (mm) at which the source pixels still give `ppi`."""
        w, h = self.source_px
        return (w / ppi * MM_PER_INCH, h / ppi * MM_PER_INCH)


class ImageProblem(Exception):
    """The file is not a usable image: missing, corrupt, too large, or not an image at all."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.hint = hint

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # Problems cross process boundaries in prepare_many; keep code and hint when pickled.
        return (type(self), (self.code, str(self), self.hint))
