"""Text styles and inline runs: the two value types the text engine takes as input.

`TextStyle` is resolved by the render stage from the layout (fonts are already ReportLab names, sizes
are points); `Run` is a piece of text with one set of inline attributes, as `parse_inline` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color

from .run import Run

if TYPE_CHECKING:
    from .harfbuzz import FontFile

__all__ = ["ALIGNS", "Run", "TextStyle"]

ALIGNS = ("justify", "left", "center", "right")


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set. Lengths are points unless the name or comment says em."""

    font: str                              # ReportLab registered font name (regular)
    size: float                            # pt
    leading: float                         # pt, baseline to baseline
    colour: Color                          # may be a CMYKColor; drawn as given
    bold_font: str | None = None           # for **bold** runs
    italic_font: str | None = None         # for *emphasis* runs (another face for Chinese)
    link_colour: Color | None = None
    align: str = "justify"                 # justify | left | center | right
    first_indent: float = 0.0              # pt
    space_before: float = 0.0              # pt
    space_after: float = 0.0               # pt
    han_latin_space: float = 0.25          # em between Han and Latin/digits; 0 disables
    fallback_fonts: tuple[str, ...] = ()   # tried in order when the run's font lacks a glyph
    has_glyph: Callable[[str, str], bool] | None = None  # (font name, char) -> bool
    font_file: Callable[[str], FontFile | None] | None = None  # font name -> its source face (HarfBuzz)
    letter_spacing: float = 0.0            # em, for display type
    keep_with_next: bool = False
    hyphenate: bool = False                # Latin words may break at hyphenation points (text/hyphenate.py)
    language: str = "zh"                   # "zh", "ja", "en", ...
    locale: str = ""                       # the full tag (zh-CN, zh-TW, ja-JP): the font's local forms
    min_last_line_chars: int = 2
    word_space_min: float = 0.75           # justified Latin: a word space shrinks to this share of its width
    word_space_max: float = 1.8            # ... and opens up to this share (beyond only when nothing else fits)
    max_hyphen_lines: int = 2              # hyphenated lines in a row
    letter_stretch: float = 0.02           # em justified Latin may add between letters (with the spaces)
    letter_shrink: float = 0.015           # em it may take away
    expansion: float = 0.02                # share justified Latin glyphs may be widened or narrowed (font
                                           # expansion, drawn as horizontal scaling; totalfit.py)
    protrusion: bool = True                # justified Latin: stops, hyphens, quotes hang into the margin
    keep_words: bool = False               # short texts (labels, captions): break Chinese between words only
    cjk_language: str = "zh"               # Han inside Latin-language text is in this language (text/lang.py)
    # Faces of text in another language (a `[text]{lang=en}` span, Han in English): (primary subtag,
    # regular, bold, italic) as the layout sets that language; a language not listed keeps this style's.
    span_fonts: tuple[tuple[str, str, str | None, str | None], ...] = ()
    # The layout's record of characters set in a font whose registered file lacks them (font name ->
    # characters; text.metrics.lacks): every paragraph shaped in this style adds its own (shape_once).
    outside: dict[str, set[str]] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {ALIGNS}, not {self.align!r}")
        if self.size <= 0 or self.leading <= 0:
            raise ValueError("size and leading must be positive")
        if not 0 < self.word_space_min <= 1 <= self.word_space_max:
            raise ValueError("word spaces: 0 < word_space_min <= 1 <= word_space_max")
        if not 0 <= self.expansion <= 0.05:
            raise ValueError("expansion: 0 to 0.05 (5 %)")
