"""What a chart needs from the layout: fonts, sizes and the palette, in the edition's colour space."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.colour import Colour


@dataclass(frozen=True)
class ChartTheme:
    font: str                 # ReportLab font name for labels (regular)
    bold_font: str            # ReportLab font name for titles and big numbers
    number_font: str          # font for the big numbers of key figures
    size: float = 8.0         # label size, pt
    title_size: float = 10.5  # chart title size, pt
    min_size: float = 6.0     # smallest readable label size, pt (a diagnostic below it)
    palette: tuple[Colour, ...] = field(default_factory=tuple)  # series colours, in order
    text: Colour = Colour((0.13, 0.13, 0.13), (0, 0, 0, 0.87))
    muted: Colour = Colour((0.45, 0.45, 0.45), (0, 0, 0, 0.6))
    grid: Colour = Colour((0.85, 0.85, 0.85), (0, 0, 0, 0.15))
    background: Colour = Colour((0.96, 0.95, 0.93), (0, 0.01, 0.04, 0.04))
    cmyk: bool = False        # print edition draws in CMYK
    language: str = "zh-CN"
