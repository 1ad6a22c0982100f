"""Clusters -> lines: choose break points, then justify and position every glyph.

Breaking is a small total-fit search (Knuth-Plass in spirit): from each reachable break point it
considers the longest line that fits (after compressing punctuation and spaces) and the few legal breaks
before it, and keeps the sequence with the least total adjustment. Stretch is spread evenly over the
gaps between clusters, never inside a Latin word or number; shrinking first compresses full-width
punctuation to half width, then tightens spaces.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from .line import Line
from .shape import Glyph, Shaped
from .totalfit import break_paragraph
from .totalfit import set_line as set_latin_line

_EPS = 1e-6
_CANDIDATES = 4          # legal breaks tried per line, counting back from the longest that fits
_LOOKBACK = 4.0          # em: where to start looking for the longest line that fits
_INF = float("inf")
_OVERFULL = 1e9          # a cluster wider than the measure: the line must overflow
_HYPHEN = 500.0          # a hyphenated line end: as costly as gaps opened by about 0.3 em (_cost)
_SHORT_LAST = 1e6        # a last line shorter than style.min_last_line_chars
_LINE = 1.0              # per-line cost: prefer fewer lines when all else is equal


class _Prefix:
    """Prefix sums over a Shaped paragraph, so any line's width and resources are O(1)."""

    __slots__ = ("x", "stretch", "gap_shrink", "right", "left", "chars", "solved")

    def __init__(self, s: Shaped) -> None:
        # Paragraphs already set, by (end, width, justify_last): see `layout`.
        self.solved: dict[tuple[int, float, bool], list[_Solution]] = {}
        self.x = [0.0, *accumulate(a + g for a, g in zip(s.adv, s.gap, strict=True))]
        self.stretch = [0, *accumulate(s.stretch)]
        self.gap_shrink = [0.0, *accumulate(s.gap_shrink)]
        self.right = [0.0, *accumulate(s.shrink_right)]
        self.left = [0.0, *accumulate(s.shrink_left)]
        self.chars = [0, *accumulate(s.nchars)]


def _prefix(s: Shaped) -> _Prefix:
    if s.prefix is None:
        s.prefix = _Prefix(s)
    assert isinstance(s.prefix, _Prefix)
    return s.prefix


def break_lines(s: Shaped, start: int, end: int, width: float, indent: float,
                justify_last: bool = False) -> list[tuple[int, int]]:
    """Best break points for clusters [start, end): a list of (first, one-past-last) per line."""
    if start >= end:
        return []
    p = _prefix(s)
    em = s.style.size
    min_last = s.style.min_last_line_chars
    best = {start: 0.0}
    back: dict[int, int] = {}
    breakable = s.breakable
    # Visit break points in order; each is final once reached from all earlier ones.
    pending = [start]
    seen = {start}
    hangs = _hangs_quotes(s)
    while pending:
        i = heapq.heappop(pending)
        base = best[i]
        ind = indent if i == start and indent else (-quote_hang(s, i) if hangs else 0.0)
        for b, cost in _candidates(s, p, i, end, width - ind, em, breakable):
            if b == end and not justify_last:
                cost = _last_cost(s, p, i, b, width - ind, cost, min_last, i == start)
            total = base + cost + _LINE
            if total < best.get(b, _INF):
                best[b] = total
                back[b] = i
                if b != end and b not in seen:
                    seen.add(b)
                    heapq.heappush(pending, b)
    lines = []
    b = end
    while b != start:
        i = back[b]
        lines.append((i, b))
        b = i
    lines.reverse()
    return lines


def _natural(s: Shaped, p: _Prefix, i: int, b: int) -> float:
    return p.x[b] - p.x[i] - s.gap[b - 1] - s.end_comp[b - 1] + s.hyphen[b - 1]


def _shrinkable(p: _Prefix, i: int, b: int) -> tuple[float, float]:
    """(punctuation, spaces) pt that line [i, b) may give up."""
    punct = p.right[b - 1] - p.right[i] + p.left[b] - p.left[i + 1]
    return punct, p.gap_shrink[b - 1] - p.gap_shrink[i]


def _candidates(s: Shaped, p: _Prefix, i: int, end: int, avail: float, em: float,
                breakable: list[bool]) -> list[tuple[int, float]]:
    """Up to _CANDIDATES legal line ends after i with their adjustment cost."""
    lo = max(i + 1, bisect_left(p.x, p.x[i] + avail - _LOOKBACK * em, i + 1, end + 1) - 1)
    fits: list[int] = []
    x, right, left, gap_shrink = p.x, p.right, p.left, p.gap_shrink
    gap, end_comp, hyphen = s.gap, s.end_comp, s.hyphen
    # Inlined _natural/_shrinkable: this loop is the hot spot of breaking.
    base_x = x[i] + avail
    base_shrink = right[i] + left[i + 1] + gap_shrink[i]
    for first in (lo, i + 1):
        b = first
        while b <= end:
            if b == end or breakable[b - 1]:
                over = x[b] - gap[b - 1] - end_comp[b - 1] + hyphen[b - 1] - base_x
                can = right[b - 1] + left[b] + gap_shrink[b - 1] - base_shrink
                if over <= can + _EPS:
                    fits.append(b)
                elif over > can + 2 * em:
                    break
            b += 1
        if fits or first == i + 1:
            break
        fits.clear()
    if not fits:
        # Nothing fits: overflow with the shortest legal line (a word wider than the measure).
        b = i + 1
        while b < end and not breakable[b - 1]:
            b += 1
        return [(b, _OVERFULL)]
    # A hyphen (only in an English span of Chinese text: text/lang.py) is taken only where the words
    # leave no break nearly as good.
    flagged, cut = s.flagged, s.penalty
    return [(b, _cost(s, p, i, b, avail, em) + (_HYPHEN if flagged[b - 1] else cut[b - 1] if b < end else 0.0))
            for b in fits[-_CANDIDATES:]]


def _cost(s: Shaped, p: _Prefix, i: int, b: int, avail: float, em: float) -> float:
    slack = avail - _natural(s, p, i, b)
    if slack >= 0:
        # A line with nothing to stretch (one word) shows all its slack at the end: as bad as one gap
        # holding it all.
        gaps = max(1, p.stretch[b - 1] - p.stretch[i])
        r = slack / gaps / em  # em per gap
        cost = 1000.0 * r * r
        if r > 0.25:
            cost += 1e5 * (r - 0.25) ** 2
        return cost
    punct, spaces = _shrinkable(p, i, b)
    need = -slack
    from_punct = min(need, punct)
    rest = need - from_punct
    cost = 10.0 * from_punct / em
    if rest > 0:
        cost += 1000.0 * (rest / spaces) ** 2 if spaces else _OVERFULL
    return cost


def _last_cost(s: Shaped, p: _Prefix, i: int, b: int, avail: float, cost: float, min_last: int,
               only_line: bool) -> float:
    """A last line is set ragged: only overfull ones cost; too-short ones are nearly forbidden."""
    slack = avail - _natural(s, p, i, b)
    cost = 0.0 if slack >= 0 else cost
    if not only_line and p.chars[b] - p.chars[i] < min_last:
        cost += _SHORT_LAST
    return cost


FLUSH_LANGUAGES = ("zh", "ja", "ko")   # set flush whatever the gaps, as their typesetting requires
# Opening quotation marks a ragged Latin line hangs wholly into the left margin (optical margin
# alignment), so that the letters after them stand on the text edge: a pull quote's first word lines
# up with the lines below it. (Justified text hangs them in part, with the other marks: totalfit.py.)
OPENING_QUOTES = frozenset("“‘„‚«‹\"'")


def _hangs_quotes(s: Shaped) -> bool:
    """Does this paragraph hang line-initial opening quotes? Ragged (left-aligned) Latin text whose
    style has protrusion on; never CJK text, whose marks keep their full-width cells."""
    style = s.style
    return style.protrusion and style.align == "left" and style.language not in FLUSH_LANGUAGES


def quote_hang(s: Shaped, k: int) -> float:
    """pt from the start of cluster k to the first glyph after its opening quotes (0 if none): what a
    ragged Latin line starting at k hangs into the margin. A quote in a CJK run (Han in English text
    set in a Chinese face) does not hang."""
    hang = 0.0
    ls = s.style.letter_spacing * s.style.size
    for n in range(k, len(s.glyphs)):
        for g in s.glyphs[n]:
            lang = s.runs[g.run].lang
            if g.ch not in OPENING_QUOTES or (lang is not None and lang.split("-")[0].lower() in FLUSH_LANGUAGES):
                return hang if g.ch.strip() else 0.0
            hang += g.width + ls
        hang += s.gap[n]
    return 0.0


def set_line(s: Shaped, i: int, b: int, width: float, indent: float, is_last: bool,
             justify: bool) -> Line:
    """Position the glyphs of clusters [i, b) on a line `width` pt wide."""
    style = s.style
    p = _prefix(s)
    hang = quote_hang(s, i) if not indent and _hangs_quotes(s) else 0.0
    avail = width - indent + hang
    natural = _natural(s, p, i, b)
    slack = avail - natural
    extra = 0.0
    f_punct = f_space = 0.0
    shrink = 0.0
    if slack < -_EPS:
        punct, spaces = _shrinkable(p, i, b)
        need = -slack
        if punct:
            f_punct = min(1.0, need / punct)
            need -= f_punct * punct
        if spaces and need > 0:
            f_space = min(1.0, need / spaces)
        shrink = f_punct * punct + f_space * spaces
    elif justify and not is_last:
        gaps = p.stretch[b - 1] - p.stretch[i]
        if gaps:
            # Every justified line is set flush: Latin breaks come from totalfit.py, which keeps word
            # spaces within the style's limits wherever the paragraph allows.
            extra = slack / gaps
    x = indent - hang
    used = natural - shrink + (extra * (p.stretch[b - 1] - p.stretch[i]))
    if style.align == "right" or (style.align == "center"):
        x += (avail - used) / (2 if style.align == "center" else 1)
    x_start = x
    ls = style.letter_spacing * style.size
    glyphs: list[Glyph] = []
    xs: list[float] = []
    gap, stretch, gap_shrink = s.gap, s.stretch, s.gap_shrink
    right, left = s.shrink_right, s.shrink_left
    for k in range(i, b):
        if k > i and f_punct and left[k]:
            x -= f_punct * left[k]
        cluster = s.glyphs[k]
        pen = x
        for g in cluster:
            glyphs.append(g)
            xs.append(pen - g.shift)
            pen += g.width + ls
        if k == b - 1:
            x += s.adv[k]
            break
        x += s.adv[k] + gap[k] + stretch[k] * extra
        if f_space:
            x -= f_space * gap_shrink[k]
        if f_punct and right[k]:
            x -= f_punct * right[k]
    x_end = x - s.end_comp[b - 1]
    mark = s.hyphen_glyph[b - 1]
    if mark is not None:
        glyphs.append(mark)
        xs.append(x)
        x_end += mark.width
    return Line("".join(s.text[i:b]), i, b, x_start, x_end, width, is_last, indent, extra,
                p.stretch[b - 1] - p.stretch[i], shrink, glyphs, xs)


@dataclass(slots=True)
class _Solution:
    start: int
    indent: float
    lines: list[Line]
    index: dict[int, int]      # first cluster of a line -> its index in `lines`


_SOLUTIONS = 32                # kept per paragraph: it is set at a few widths, ends and trial layouts


def layout(s: Shaped, start: int, end: int, width: float, indent: float,
           justify_last: bool = False) -> list[Line]:
    """Break and position clusters [start, end) at `width` pt; the first line is indented.

    The rest of a paragraph split across columns is set as the paragraph was: when [start, end) was
    set at this width from an earlier start and `start` begins one of its lines, those lines are
    returned (as TeX breaks a paragraph once and then splits its lines across pages). Setting every
    remainder afresh made a paragraph running over n columns cost n times its length: a 100,000
    character paragraph took a minute. The same call again (the makeup lays the story out more than
    once) is answered the same way."""
    p = _prefix(s)
    key = (end, width, justify_last)
    for done in p.solved.get(key, ()):
        k = done.index.get(start)
        if k is not None and (indent == done.indent if k == 0 else indent == 0.0):
            return done.lines[k:]
    justify = s.style.align == "justify"
    out: list[Line] = []
    fit = None
    if justify and s.style.language not in FLUSH_LANGUAGES:
        fit = break_paragraph(s, start, end, width, indent, justify_last)
    if fit is not None:
        out = [set_latin_line(s, i, b, width, indent if n == 0 else 0.0, n == len(fit) - 1 and not justify_last)
               for n, (i, b) in enumerate(fit)]
    else:
        breaks = break_lines(s, start, end, width, indent, justify_last)
        for n, (i, b) in enumerate(breaks):
            last = n == len(breaks) - 1 and not justify_last
            out.append(set_line(s, i, b, width, indent if n == 0 else 0.0, last, justify))
    if sum(len(v) for v in p.solved.values()) >= _SOLUTIONS:
        p.solved.clear()
    p.solved.setdefault(key, []).append(_Solution(start, indent, out, {ln.start: n for n, ln in enumerate(out)}))
    return out
