"""A plain-text wrapper for short labels (charts, captions): the same rules, no drawing.

Charts set labels as separate strings; they only need the line texts.
"""

from __future__ import annotations

from reportlab.lib.colors import black

from .breaking import layout
from .shape import shape
from .style import Run, TextStyle


def wrap_plain(text: str, font: str, size: float, max_width: float, han_latin: float = 0.25) -> list[str]:
    """Lines of `text` no wider than `max_width` pt (unless one word is wider), obeying all break
    rules; trailing spaces are stripped. Set ragged (left), so no punctuation is compressed beyond what
    a line needs to fit, and a lone last character is avoided like in body text."""
    if not text:
        return []
    style = TextStyle(font=font, size=size, leading=size * 1.2, colour=black, align="left",
                      han_latin_space=han_latin, language="zh", keep_words=True)
    shaped = shape([Run(text)], style)
    return [line.text.rstrip() for line in layout(shaped, 0, len(shaped), max_width, 0.0)]
