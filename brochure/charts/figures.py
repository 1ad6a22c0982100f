"""Key-figure tiles: big numbers in a row ("387家 各类金融机构"), the magazine way.

Each tile has a thin accent rule in the primary colour, the number in the number font (digits large,
Chinese qualifiers such as 近/万/余 smaller, the unit smaller still), the label in the muted colour
under it, and an optional note with a drawn ▲/▼ when it starts with + or -. All tiles in a block
share one number size, so the row reads as a set. More than four tiles, or tiles narrower than
`MIN_TILE`, wrap into two rows.
"""

from __future__ import annotations

import math
import re

from reportlab.graphics.shapes import Drawing, Group, Polygon, Rect
from reportlab.lib.colors import Color

from ..model.content import Figure
from .common import (
    CJK_TOP,
    DIGIT_TOP,
    fit_text,
    label,
    primary,
    rl,
    text_block,
    text_width,
)
from .theme import ChartTheme

GUTTER = 12.0      # pt between tiles (at least; 1.5 label sizes on posters and slides)
MIN_TILE = 64.0    # pt; narrower tiles wrap into two rows
RULE = 1.2         # pt, the accent rule above each tile

Run = tuple[str, str, float]  # text, font, size


def number_runs(value: str, unit: str | None, big: float, theme: ChartTheme) -> list[Run]:
    """The pieces of a big number: digits at `big`, other characters at 0.55, the unit at 0.42.

    A '%' unit stays with the digits' weight ('32%'); Latin units get a thin gap.
    """
    runs: list[Run] = []
    for part in re.findall(r"[0-9.,+\-−%]+|[^0-9.,+\-−%]+", value):
        if re.match(r"[0-9]", part) or part.strip("+-−%") == "":
            runs.append((part, theme.number_font, big if part != "%" else big * 0.62))
        else:
            runs.append((part, theme.number_font, big * 0.55))
    if unit:
        if unit in ("%", "‰"):
            runs.append((unit, theme.number_font, big * 0.62))
        else:
            runs.append(((" " if re.match(r"[A-Za-z]", unit) else "") + unit, theme.font,
                         max(theme.size + 1, big * 0.42)))
    return runs


def runs_width(runs: list[Run]) -> float:
    # a hair of space between a number and a smaller CJK run keeps them from touching
    return sum(text_width(t, f, s) for t, f, s in runs) + 1.0 * (len(runs) - 1)


def draw_runs(group: Group, x: float, baseline: float, runs: list[Run], colours: list[Color],
              anchor: str = "start") -> None:
    """Draw runs on one baseline; `colours` gives one colour per run (the last repeats)."""
    w = runs_width(runs)
    if anchor == "middle":
        x -= w / 2
    elif anchor == "end":
        x -= w
    for i, (t, f, s) in enumerate(runs):
        group.add(label(x, baseline, t, f, s, colours[min(i, len(colours) - 1)]))
        x += text_width(t, f, s) + 1.0


def arrow(x: float, baseline: float, size: float, up: bool, colour: Color) -> Polygon:
    """A small solid triangle sitting on the text baseline (drawn, so no font needs the glyph)."""
    w, h = size * 0.62, size * 0.58
    y0 = baseline + size * 0.04
    pts = [x, y0, x + w, y0, x + w / 2, y0 + h] if up else [x, y0 + h, x + w, y0 + h, x + w / 2, y0]
    return Polygon(pts, fillColor=colour, strokeColor=None, strokeWidth=0)


def _layout_rows(count: int, width: float) -> list[int]:
    """How many tiles go in each row: one row up to four when they are wide enough, else two."""
    if count <= 4 and (width - GUTTER * (count - 1)) / count >= MIN_TILE:
        return [count]
    first = math.ceil(count / 2)
    return [first, count - first]


def draw_figures(figures: list[Figure], width: float, theme: ChartTheme) -> Drawing:
    """Key-figure tiles evenly across `width` (pt); the height is what the tiles need."""
    return _figures(figures, width, theme, split=False)[0][0]


def draw_figure_rows(figures: list[Figure], width: float, theme: ChartTheme
                     ) -> tuple[list[tuple[Drawing, int]], float]:
    """The same tiles as draw_figures, one drawing per row with its number of tiles (the makeup may let
    a column or page break fall between rows), and the gap (pt) to leave between rows."""
    drawings, gap = _figures(figures, width, theme, split=True)
    return list(zip(drawings, _layout_rows(len(figures), width), strict=True)), gap


def _figures(figures: list[Figure], width: float, theme: ChartTheme, split: bool
             ) -> tuple[list[Drawing], float]:
    rows = _layout_rows(len(figures), width)
    cols = max(rows)
    gutter = max(GUTTER, theme.size * 1.5)
    tile_w = (width - gutter * (cols - 1)) / cols
    text, muted = rl(theme, theme.text), rl(theme, theme.muted)
    accent = rl(theme, primary(theme))

    big = theme.figure_size
    while big > theme.size * 1.6 and any(
            runs_width(number_runs(f.value, f.unit, big, theme)) > tile_w for f in figures):
        big -= 0.5
    label_size = theme.size
    labels = [fit_text(f.label, theme.font, label_size, theme.min_size, tile_w, 3) for f in figures]
    notes = [fit_text(_note_text(f.note), theme.font, theme.small_size, theme.min_size,
                      tile_w - (theme.small_size if _sign(f.note) else 0), 2) if f.note else None
             for f in figures]

    def tile_height(i: int) -> float:
        h = RULE + big * 0.42 + big * DIGIT_TOP + big * 0.32 + labels[i].height()
        note = notes[i]
        if note is not None:
            h += 2 + note.height()
        return h

    row_heights: list[float] = []
    start = 0
    for count in rows:
        row_heights.append(max(tile_height(i) for i in range(start, start + count)))
        start += count
    row_gap = big * 0.8

    def draw_row(group: Group, start: int, count: int, top: float) -> None:
        for j in range(count):
            i = start + j
            f = figures[i]
            x = j * (tile_w + gutter)
            group.add(Rect(x, top - RULE, tile_w, RULE, fillColor=accent, strokeColor=None,
                           strokeWidth=0))
            baseline = top - RULE - big * 0.42 - big * DIGIT_TOP
            runs = number_runs(f.value, f.unit, big, theme)
            draw_runs(group, x, baseline, runs, [text])
            y = text_block(group, x, baseline - big * 0.32, labels[i].lines, theme.font,
                           labels[i].size, muted)
            note = notes[i]
            if note is not None and f.note:
                sign = _sign(f.note)
                nx = x
                if sign:
                    ncol = accent if sign > 0 else muted
                    group.add(arrow(x, y - 2 - note.size * CJK_TOP,
                                    note.size, sign > 0, ncol))
                    nx += note.size * 0.85
                text_block(group, nx, y - 2, note.lines, theme.font, note.size,
                           accent if sign > 0 else muted)

    drawings: list[Drawing] = []
    start = 0
    if split:
        for count, row_h in zip(rows, row_heights, strict=False):
            group = Group()
            draw_row(group, start, count, row_h)
            drawing = Drawing(width, row_h)
            drawing.add(group)
            drawings.append(drawing)
            start += count
        return drawings, row_gap
    group = Group()
    height = sum(row_heights) + row_gap * (len(rows) - 1)
    top = height
    for count, row_h in zip(rows, row_heights, strict=False):
        draw_row(group, start, count, top)
        top -= row_h + row_gap
        start += count
    drawing = Drawing(width, height)
    drawing.add(group)
    return [drawing], row_gap


def _sign(note: str | None) -> int:
    if not note:
        return 0
    head = note.strip()[:1]
    return 1 if head in "+▲↑" else (-1 if head in "-−▼↓" else 0)


def _note_text(note: str | None) -> str:
    """The note without a leading arrow glyph (the arrow is drawn); a '+' sign is kept."""
    if not note:
        return ""
    return note.strip().lstrip("▲▼↑↓").strip()
