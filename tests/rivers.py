"""Rivers: word spaces that line up down a paragraph, a white channel the eye follows through the text.

A river here is a chain of word spaces in `length` consecutive lines, each overlapping the space below it
by at least `overlap` pt. A space is measured from the end of the glyph before it (at the line's font
expansion) to the start of the glyph after it, so the stretch a justified line gives it counts. Chains
of three are common in any justified text (and hardly seen); from four lines on, with most of a word
space in common, they show.

Used by tests/test_text_latin.py and by benchmarks/latin_text.py (before/after figures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def spaces(line: Any) -> list[tuple[float, float]]:
    """(left, right) of each word space between two glyphs of `line`, in pt from the line's origin."""
    glyphs, xs = line.glyphs, line.xs
    scale = 1.0 + getattr(line, "expansion", 0.0)
    return [(xs[k - 1] + glyphs[k - 1].width * scale, xs[k + 1])
            for k in range(1, len(glyphs) - 1) if glyphs[k].ch == " " and glyphs[k + 1].ch != " "]


def rivers(lines: Sequence[Any], overlap: float = 1.0, length: int = 4) -> list[tuple[int, float]]:
    """(index of the line a river reaches `length` lines at, x of its space there) for every chain of
    word spaces `length` lines long in which each space overlaps the one above it by `overlap` pt."""
    found: list[tuple[int, float]] = []
    above: list[tuple[float, float, int]] = []
    for n, line in enumerate(lines):
        here: list[tuple[float, float, int]] = []
        for a, b in spaces(line):
            chain = 1 + max((k for pa, pb, k in above if min(b, pb) - max(a, pa) >= overlap), default=0)
            here.append((a, b, chain))
            if chain == length:
                found.append((n, a))
        above = here
    return found


def count(paragraphs: Iterable[Sequence[Any]], overlap: float = 1.0, length: int = 4) -> int:
    """Rivers in all `paragraphs` (each a list of set lines)."""
    return sum(len(rivers(lines, overlap, length)) for lines in paragraphs)
