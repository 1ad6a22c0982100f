"""A plain-text wrapper for short labels (charts, captions): the same rules, no drawing.

Charts set labels as separate strings; they only need the line texts.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import black

from .breaking import layout
from .shape import shape_once
from .style import Run, TextStyle


@lru_cache(maxsize=16384)
def _wrap(text: str, font: str, size: float, max_width: float, han_latin: float) -> tuple[str, ...]:
    style = TextStyle(font=font, size=size, leading=size * 1.2, colour=black, align="left",
                      han_latin_space=han_latin, language="zh", keep_words=True)
    shaped = shape_once([Run(text)], style)      # one shaping for every width tried
    return tuple(line.text.rstrip() for line in layout(shaped, 0, len(shaped), max_width, 0.0))


def wrap_plain(text: str, font: str, size: float, max_width: float, han_latin: float = 0.25) -> list[str]:
    """Lines of `text` no wider than `max_width` pt (unless one word is wider), obeying all break
    rules; trailing spaces are stripped. Set ragged (left), so no punctuation is compressed beyond what
    a line needs to fit, and a lone last character is avoided like in body text."""
    if not text:
        return []
    # Remembered: chart labels are fitted by trying sizes and widths, and the makeup lays a brochure
    # out more than once (forgotten with the shaped paragraphs when fonts are registered again).
    return list(_wrap(text, font, size, max_width, han_latin))
