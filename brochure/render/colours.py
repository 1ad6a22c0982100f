"""Model colours -> ReportLab colour objects in the edition's colour space (RGB or CMYK)."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, Color

from ..model.colour import Colour


def rl_colour(colour: Colour, cmyk: bool, alpha: float = 1.0) -> Color:
    """The same palette colour as RGB (screen editions) or CMYK (print), never converted naively."""
    if cmyk:
        c, m, y, k = colour.cmyk
        return CMYKColor(c, m, y, k, alpha=alpha)
    r, g, b = colour.rgb
    return Color(r, g, b, alpha=alpha)
