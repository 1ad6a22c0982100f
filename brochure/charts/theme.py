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
    # Added for charts: the colour of data that is not highlighted (context bars, the ring's track),
    # and the paper colour used for the hairline gaps between pie slices and stacked segments.
    neutral: Colour = Colour((0.80, 0.80, 0.79), (0, 0, 0.02, 0.25))
    paper: Colour = Colour((1.0, 1.0, 1.0), (0, 0, 0, 0))
    figure_size: float = 22.0  # key-figure number size, pt (shrunk to fit the tile)

    @property
    def small_size(self) -> float:
        """Size of source lines, tick labels and legends: a step below labels, never below min_size."""
        return max(self.min_size, self.size - 1)

    @property
    def english(self) -> bool:
        return self.language.lower().startswith("en")
