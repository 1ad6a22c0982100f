"""A laid-out line: the value line breaking (`breaking.py`, `totalfit.py`) hands to drawing (`flowable.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from .shape import Glyph


@dataclass(slots=True)
class Line:
    """One laid-out line. Positions are pt from the left edge of the frame."""

    text: str            # source text of the line, trailing spaces included
    start: int           # first cluster
    end: int             # one past the last cluster
    x_start: float       # pen position of the first glyph
    x_end: float         # ink extent: end of the last glyph, minus any hanging blank half
    width: float         # available width
    is_last: bool
    first_indent: float
    gap_extra: float     # pt added to each stretchable gap (0 when shrunk or not justified); on average
                         # for justified Latin lines, whose spaces open in proportion (space_ratio)
    stretchable: int     # gaps that may open; 0 means the line cannot be justified (one word)
    shrink: float        # pt taken out of the line by compression
    glyphs: list[Glyph]
    xs: list[float]      # x of each glyph
    letter_extra: float = 0.0   # pt added after each letter (justified Latin lines, see totalfit.py)
    expansion: float = 0.0      # font expansion: the glyphs are drawn this share wider (narrower if < 0)
    space_ratio: float = 1.0    # justified Latin: every word space set at this multiple of its own width
