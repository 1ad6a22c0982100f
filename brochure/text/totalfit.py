"""Total-fit line breaking for Latin paragraphs (Knuth & Plass, "Breaking paragraphs into lines", 1981).

Takes a shaped paragraph (`shape.Shaped`: clusters are words or, where hyphenation is on, word fragments;
word spaces are the stretchable gaps) and returns break points for the whole paragraph at once. In the
paper's terms: clusters are boxes, word spaces glue whose stretch and shrink come from the style's word
space limits, and a word fragment ends in a penalty carrying a hyphen. Each line gets an adjustment ratio
r (-1 = spaces at their minimum, 0 = natural, 1 = at their maximum), a badness 100|r|^3, a fitness
class, and demerits; the sequence of breaks with the least total demerits wins.

Two refinements of pdfTeX (microtype) and InDesign take part in every line:
- font expansion: a line's glyphs may be drawn up to `style.expansion` (2 %) wider or narrower, in
  steps of 0.1 %, as part of its stretch and shrink (r = 1 is spaces at their maximum, letters tracked
  by `letter_stretch` and glyphs widened by `expansion`, all at once); drawn with the PDF's horizontal
  scaling (`flowable.py`). The glyphs of Chinese, Japanese and Korean runs keep their widths.
- protrusion (margin kerning): stops, commas, hyphens and closing quotes at a line's end, and opening
  quotes at its start, hang partly past the measure (`PROTRUSION`), so the justified edges look straight.

Three passes, as TeX does: first without hyphenation and a strict tolerance (most paragraphs need no
hyphen at all), then with hyphenation inside the style's limits, then an emergency pass that lets
spaces open past the limit rather than leave a justified line short, and only after every hyphen the
limits allow (`PAST_LIMIT`). A first pass that can only end in a runt is weighed against the second.
The active list only holds break points from which a line could still reach the current one, so the
work grows linearly with the paragraph (times the few break points a line can span).

Chinese and Japanese paragraphs keep their own engine (`breaking.py`); this one is for `language` not
in CJK, justified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

from .chars import is_han
from .line import Line
from .shape import Glyph, Shaped

_EPS = 1e-6
LINE_PENALTY = 10.0        # TeX's \linepenalty: fewer lines when all else is equal
HYPHEN_PENALTY = 150.0     # TeX's \hyphenpenalty (and \exhyphenpenalty for a typed hyphen): at 100, 12 % of
                           # the sample's lines at the screen measure (18.3 em) ended in a hyphen; at 150, 9.7 %
                           # with no more loose lines or rivers there (benchmarks/latin_text.py)
DOUBLE_HYPHEN = 10000.0    # TeX's \doublehyphendemerits: two hyphenated lines in a row
FINAL_HYPHEN = 5000.0      # TeX's \finalhyphendemerits: a hyphen on the last line but one
ADJACENT_FITNESS = 10000.0  # TeX's \adjdemerits: a tight line next to a loose one
SHORT_LAST = 1e7           # a last line with fewer letters than style.min_last_line_chars
RUNT = 0.15                # a last line shorter than this share of the measure (one short word) ...
RUNT_DEMERITS = 20000.0    # ... costs about as much as two lines at their widest spaces
PAST_LIMIT = 1e8           # x r^3, a line whose spaces open past the style's maximum (the emergency pass): the
                           # last resort, after any number of hyphens the limits allow; two lines a little
                           # past the limit are preferred to one far past it
PRETOLERANCE = 1.0         # r allowed in the first pass (no hyphenation)
TOLERANCE = 1.0            # r allowed in the second pass: the style's maximum word space
EXPANSION_STEPS = 1000     # font expansion is set in steps of 0.1 % (Tz 100.1, 100.2, ...: exact in the file)


@dataclass(slots=True)
class _Node:
    pos: int              # cluster the next line starts at
    line: int             # lines so far
    fitness: int
    hyphens: int          # hyphenated lines in a row ending here
    demerits: float
    prev: _Node | None


class _Sums:
    """Prefix sums of the paragraph: natural widths, word-space widths, glyphs that are not spaces,
    glyph widths (what font expansion scales); and per cluster what hangs into the margin when a line
    ends after it (`hang_end`) or starts with it (`hang_start`)."""

    __slots__ = ("x", "space", "chars", "letters", "ink", "hang_end", "hang_start")

    def __init__(self, s: Shaped) -> None:
        self.x = [0.0, *accumulate(a + g for a, g in zip(s.adv, s.gap, strict=True))]
        self.space = [0.0, *accumulate(g if st else 0.0 for g, st in zip(s.gap, s.stretch, strict=True))]
        self.chars = [0, *accumulate(s.nchars)]
        self.letters = [0, *accumulate(sum(_tracked(g.ch) for g in c) for c in s.glyphs)]
        fixed = fixed_runs(s)
        self.ink = [0.0, *accumulate(sum(g.width for g in c if not (g.ch.isspace() or fixed[g.run]))
                                     for c in s.glyphs)]
        n = len(s.adv)
        if s.style.protrusion:
            self.hang_end = [_hang(s.hyphen_glyph[k], 1) if s.hyphen_glyph[k] is not None
                             else _hang(_last_visible(s.glyphs[k]), 1) for k in range(n)]
            self.hang_start = [_hang(s.glyphs[k][0], 0) for k in range(n)]
        else:
            self.hang_end = self.hang_start = [0.0] * n


# Margin kerning (protrusion, "optical margin alignment"): the share of a glyph's advance that hangs
# past the measure as (left, right) -- at a line's start for opening marks, at its end for stops,
# commas, hyphens and closing quotes -- so the light marks do not dent the justified edge. The figures
# are set by eye in Source Serif and Source Sans (the marks' side bearings are alike in Latin faces).
PROTRUSION: dict[str, tuple[float, float]] = {
    ".": (0.0, 0.7), ",": (0.0, 0.7), ":": (0.0, 0.4), ";": (0.0, 0.4), "!": (0.0, 0.2), "?": (0.0, 0.2),
    "-": (0.0, 0.6), "\u00ad": (0.0, 0.6), "\u2010": (0.0, 0.6), "\u2013": (0.0, 0.3), "\u2014": (0.0, 0.2),
    "\u2019": (0.0, 0.6), "\u201d": (0.0, 0.5), "\u2018": (0.6, 0.0), "\u201c": (0.5, 0.0),
    "'": (0.5, 0.5), '"': (0.4, 0.4), "(": (0.1, 0.0), ")": (0.0, 0.1), "\u2026": (0.0, 0.1),
}


def fixed_runs(s: Shaped) -> list[bool]:
    """Per run of the paragraph: are its glyphs kept at their width under font expansion? Those of a
    Chinese, Japanese or Korean run are (a Chinese name in English text), as the engine never tracks them."""
    return [(run.lang or s.style.language).split("-")[0].lower() in ("zh", "ja", "ko") for run in s.runs]


def _last_visible(glyphs: list[Glyph]) -> Glyph | None:
    for g in reversed(glyphs):
        if not g.ch.isspace():
            return g
    return None


def _hang(g: Glyph | None, side: int) -> float:
    """pt of glyph `g` that may hang past the line's start (side 0) or end (side 1)."""
    if g is None or g.narrowed:
        return 0.0
    share = PROTRUSION.get(g.ch)
    return share[side] * g.width if share else 0.0


def _tracked(ch: str) -> bool:
    """Does justification open or close the space after this glyph? Letters do; spaces take their share
    as word spaces, and Han in Latin text stays solid (it is never letter-spaced)."""
    return not ch.isspace() and not is_han(ch[0])     # (a ligature's glyph stands for its letters)


def _sums(s: Shaped) -> _Sums:
    found = getattr(s, "fit_sums", None)
    if found is None:
        found = _Sums(s)
        s.fit_sums = found
    return found


def fitness_class(r: float) -> int:
    """0 tight, 1 decent, 2 loose, 3 very loose (the paper's classes)."""
    if r < -0.5:
        return 0
    if r <= 0.5:
        return 1
    if r <= 1.0:
        return 2
    return 3


def _line(s: Shaped, sums: _Sums, i: int, b: int, indent: float) -> tuple[float, float, int, float]:
    """(natural width, word-space width, letter gaps, glyph width) of line [i, b), the hyphen included;
    the natural width less what hangs into the margins (none at an indented start)."""
    hyphen = s.hyphen[b - 1]
    hang = sums.hang_end[b - 1] + (0.0 if indent else sums.hang_start[i])
    natural = sums.x[b] - sums.x[i] - s.gap[b - 1] + hyphen - s.end_comp[b - 1] - hang
    letters = sums.letters[b] - sums.letters[i] - 1 + (1 if hyphen else 0)
    return natural, sums.space[b - 1] - sums.space[i], max(0, letters), sums.ink[b] - sums.ink[i] + hyphen


def line_ratio(s: Shaped, sums: _Sums, i: int, b: int, width: float, indent: float) -> float:
    """Adjustment ratio of line [i, b) at `width` pt after `indent` (inf when it cannot stretch to
    fill). Word spaces and, by a hair, letter spacing and the glyphs' own widths (font expansion) share
    the adjustment (`set_line` spreads it the same way)."""
    style = s.style
    natural, space, letters, ink = _line(s, sums, i, b, indent)
    slack = width - indent - natural
    if slack >= 0:
        if slack <= _EPS:
            return 0.0
        stretch = (style.word_space_max - 1.0) * space + style.letter_stretch * style.size * letters \
            + style.expansion * ink
        return slack / stretch if stretch > _EPS else float("inf")
    shrink = (1.0 - style.word_space_min) * space + style.letter_shrink * style.size * letters \
        + style.expansion * ink
    return slack / shrink if shrink > _EPS else float("-inf")


def break_paragraph(s: Shaped, start: int, end: int, width: float, indent: float,
                    justify_last: bool = False) -> list[tuple[int, int]] | None:
    """Break points for clusters [start, end) as (first, one-past-last) per line, or None when no line
    can be made to fit (a word wider than the measure): the caller then uses its first-fit engine."""
    if start >= end:
        return []
    best: tuple[list[tuple[int, int]], float] | None = None
    for tolerance, hyphenate in ((PRETOLERANCE, False), (TOLERANCE, True), (float("inf"), True)):
        found = _search(s, start, end, width, indent, justify_last, tolerance, hyphenate)
        if found is None:
            continue
        if best is None or found[1] < best[1]:
            best = found
        # Without hyphens a paragraph may only fit by ending in a runt: then the pass with hyphens
        # is tried too, and the better of the two kept.
        if hyphenate or not _short_end(s, found[0], width, indent):
            break
    return best[0] if best is not None else None


def _short_end(s: Shaped, breaks: list[tuple[int, int]], width: float, indent: float) -> bool:
    """Does the last of these lines carry the runt or short-last-line demerits?"""
    if len(breaks) < 2:
        return False
    sums = _sums(s)
    i, b = breaks[-1]
    return sums.chars[b] - sums.chars[i] < s.style.min_last_line_chars or sums.x[b] - sums.x[i] < RUNT * width


def _search(s: Shaped, start: int, end: int, width: float, indent: float, justify_last: bool,
            tolerance: float, hyphenate: bool) -> tuple[list[tuple[int, int]], float] | None:
    """The best breaks within `tolerance` and their total demerits, or None."""
    sums = _sums(s)
    style = s.style
    max_run = style.max_hyphen_lines
    min_last = style.min_last_line_chars
    active: list[_Node] = [_Node(start, 0, 1, 0, 0.0, None)]
    best_end: _Node | None = None
    hyphen, flagged, breakable, cut = s.hyphen, s.flagged, s.breakable, s.penalty
    # line_ratio and _line, taken apart for the inner loop (the same arithmetic in the same order, so the
    # same floats): what depends on the line's end only is read once per end.
    xs, spaces, letter_sums, gap, end_comp = sums.x, sums.space, sums.letters, s.gap, s.end_comp
    inks, hang_end, hang_start = sums.ink, sums.hang_end, sums.hang_start
    stretch_ws, stretch_ls = style.word_space_max - 1.0, style.letter_stretch * style.size
    shrink_ws, shrink_ls = 1.0 - style.word_space_min, style.letter_shrink * style.size
    expansion = style.expansion
    for b in range(start + 1, end + 1):
        last = b == end
        if not last:
            if not breakable[b - 1]:
                continue
            if flagged[b - 1] and not hyphenate and hyphen[b - 1] > 0:
                continue
        is_hyphen = not last and flagged[b - 1]
        candidates: dict[tuple[int, int], _Node] = {}
        keep: list[_Node] = []
        x_b, gap_b, hyphen_b, comp_b = xs[b], gap[b - 1], hyphen[b - 1], end_comp[b - 1] + hang_end[b - 1]
        space_b, letters_b = spaces[b - 1], letter_sums[b] - 1 + (1 if hyphen_b else 0)
        ink_b = inks[b] + hyphen_b
        for node in active:
            i = node.pos
            lead = indent if i == start else 0.0
            avail = width - lead + (0.0 if lead else hang_start[i])
            slack = avail - (x_b - xs[i] - gap_b + hyphen_b - comp_b)
            space = space_b - spaces[i]
            letters = max(0, letters_b - letter_sums[i])
            glyphs = expansion * (ink_b - inks[i])
            if slack >= 0:
                if slack <= _EPS:
                    r = 0.0
                else:
                    stretch = stretch_ws * space + stretch_ls * letters + glyphs
                    r = slack / stretch if stretch > _EPS else float("inf")
            else:
                shrink = shrink_ws * space + shrink_ls * letters + glyphs
                r = slack / shrink if shrink > _EPS else float("-inf")
            if r < -1.0 - _EPS:
                continue   # too tight now, and only tighter further on: no longer active
            keep.append(node)
            if last and not justify_last:
                r = min(r, 0.0)   # the last line is set at its natural spacing, ragged
            if r > tolerance:
                continue
            hyphens = node.hyphens + 1 if is_hyphen else 0
            if hyphens > max_run:
                continue
            # Past the tolerance (the emergency pass) badness keeps growing, so the loosest line is
            # still the last resort; a line that cannot stretch at all (one word) comes after it.
            badness = 100.0 * abs(r) ** 3 if r != float("inf") else 1e12
            penalty = HYPHEN_PENALTY if is_hyphen else (0.0 if last else cut[b - 1])   # or a URL's, an over-wide word's
            demerits = (LINE_PENALTY + badness) ** 2 + penalty * penalty
            if r > 1.0:
                demerits += PAST_LIMIT * r * r * r
            if is_hyphen and node.hyphens:
                demerits += DOUBLE_HYPHEN
            fit = fitness_class(r)
            if abs(fit - node.fitness) > 1 and node.pos != start:
                demerits += ADJACENT_FITNESS
            if last and node.prev is not None and node.hyphens:
                demerits += FINAL_HYPHEN
            if last and node.pos != start:
                if sums.chars[b] - sums.chars[node.pos] < min_last:
                    demerits += SHORT_LAST
                elif sums.x[b] - sums.x[node.pos] < RUNT * avail:
                    demerits += RUNT_DEMERITS
            total = node.demerits + demerits
            key = (fit, hyphens)
            held = candidates.get(key)
            if held is None or total < held.demerits:
                candidates[key] = _Node(b, node.line + 1, fit, hyphens, total, node)
        active = keep
        if last:
            if candidates:
                best_end = min(candidates.values(), key=lambda n: n.demerits)
            break
        active.extend(candidates.values())
        if not active:
            return None
    if best_end is None:
        return None
    out: list[tuple[int, int]] = []
    back: _Node | None = best_end
    while back is not None and back.prev is not None:
        out.append((back.prev.pos, back.pos))
        back = back.prev
    out.reverse()
    return out, best_end.demerits


def _expansion(r: float, limit: float, ink: float, slack: float) -> float:
    """The font expansion of a line with adjustment ratio `r` (-1..1): its share of `limit`, in whole
    steps rounded away from zero, so spaces and letters take no more than their own share; rounded
    toward zero where the step would overshoot the line's slack."""
    if limit <= 0 or r == 0 or ink <= 0:
        return 0.0
    most = round(limit * EXPANSION_STEPS)
    steps = min(most, math.ceil(abs(r) * limit * EXPANSION_STEPS - 1e-9))
    if steps * ink / EXPANSION_STEPS > abs(slack):
        steps = min(most, math.floor(abs(r) * limit * EXPANSION_STEPS + 1e-9))
    return math.copysign(steps / EXPANSION_STEPS, r)


def set_line(s: Shaped, i: int, b: int, width: float, indent: float, is_last: bool) -> Line:
    """Position the glyphs of Latin line [i, b): flush to `width` (unless it is the paragraph's last),
    the adjustment spread over word spaces, letter spacing and glyph widths (font expansion) in the
    proportion `line_ratio` assumes; past the limits (an emergency line) letters and glyphs stay at
    their limit and the spaces take the rest. Marks hanging into the margin (`PROTRUSION`) are set
    past the measure: `x_end` is the edge the eye reads."""
    style = s.style
    sums = _sums(s)
    natural, space, letters, ink = _line(s, sums, i, b, indent)
    gaps = sum(s.stretch[i:b - 1])
    slack = width - indent - natural
    em = style.size
    space_total = letter = expand = 0.0
    if slack < -_EPS or (not is_last and slack > _EPS):
        r = line_ratio(s, sums, i, b, width, indent)
        if r > 0:
            if r != float("inf"):
                expand = _expansion(min(r, 1.0), style.expansion, ink, slack)
            rest = slack - expand * ink
            own = (style.word_space_max - 1.0) * space + style.letter_stretch * em * letters
            q = min(rest / own, 1.0) if own > _EPS else 1.0
            letter = q * style.letter_stretch * em if r != float("inf") else 0.0
            space_total = rest - letter * letters if gaps else 0.0
            if not gaps:
                letter = rest / letters if letters and r <= 1 else letter
        else:
            r = max(r, -1.0)
            expand = _expansion(r, style.expansion, ink, slack)
            rest = slack - expand * ink
            own = (1.0 - style.word_space_min) * space + style.letter_shrink * em * letters
            q = max(rest / own, -1.0) if own > _EPS else 0.0
            letter = q * style.letter_shrink * em
            space_total = q * (1.0 - style.word_space_min) * space
    # Each word space opens (or closes) in proportion to its own width, so a bold lead-in's narrower
    # spaces and the regular ones reach the style's limits together.
    per_pt = space_total / space if gaps and space > _EPS else 0.0
    ls = style.letter_spacing * em
    scale = 1.0 + expand
    glyphs: list[Glyph] = []
    xs: list[float] = []
    add_glyph, add_x = glyphs.append, xs.append
    clusters, adv, gap, stretch, letter_sums, inks = s.glyphs, s.adv, s.gap, s.stretch, sums.letters, sums.ink
    fixed = fixed_runs(s) if expand else None
    x = x_start = indent - (0.0 if indent else sums.hang_start[i])
    for k in range(i, b):
        pen = x
        for g in clusters[k]:
            add_glyph(g)
            if g.ch.isspace() or (fixed is not None and fixed[g.run]):
                add_x(pen - g.shift)
                pen += g.width + ls + (letter if _tracked(g.ch) else 0.0)
            else:
                add_x(pen - g.shift * scale)
                pen += g.width * scale + ls + (letter if _tracked(g.ch) else 0.0)
        x += adv[k] + expand * (inks[k + 1] - inks[k]) + letter * (letter_sums[k + 1] - letter_sums[k])
        if k < b - 1:
            x += gap[k] * (1.0 + per_pt) if stretch[k] else gap[k]
    mark = s.hyphen_glyph[b - 1]
    if mark is not None:
        glyphs.append(mark)
        xs.append(x)
        x_end = x + mark.width * scale
    else:
        x_end = x - letter
    x_end -= s.end_comp[b - 1] + sums.hang_end[b - 1]
    return Line("".join(s.text[i:b]), i, b, x_start, x_end, width, is_last, indent,
                space_total / gaps if gaps else 0.0, gaps, max(0.0, -space_total), glyphs, xs, letter, expand,
                1.0 + per_pt)
