"""Short texts set balanced: captions, credits, subtitles, the cover and back-cover lines (the styles with
`keep_words`, which already break Chinese between words only, text/words.py).

A short text that takes n lines at its measure is set on the narrowest measure that still gives n lines,
so its lines are of similar length ('绿心工业企业/全面退出', not '绿心工业企业全面/退出'); among the
measures between that one and the full one, a break after a sentence end, then after a clause end, is
preferred where the lines stay near even. The lines are positioned from the block's left edge as
before: only the break points change. Centred and right-aligned text is left as it is. A narrower
measure may compress a Chinese line's punctuation, as the full one may, but never a Latin line's word
spaces: ragged Latin text keeps the spaces it has at the full measure.
"""

from __future__ import annotations

from .breaking import FLUSH_LANGUAGES, layout
from .line import Line
from .shape import Shaped

SENTENCE_ENDS = frozenset("。！？!?…")
CLAUSE_ENDS = frozenset("，、；：,;:")
SEARCH = 10         # bisection steps for the narrowest measure
TRIES = 6           # measures tried between the narrowest and the full one
EVEN_ENOUGH = 0.6   # shortest line over longest line: a preferred break may not make it worse than this
_EPS = 1e-6
_INF = float("inf")
_DONE: dict[tuple[int, int, int, float, float, bool], tuple[Shaped, list[Line]]] = {}
_DONE_LIMIT = 4096


def ink(line: Line) -> float:
    return line.x_end - line.x_start


def evenness(lines: list[Line]) -> float:
    """Shortest line over longest (1 for a single line)."""
    widths = [ink(ln) for ln in lines]
    return min(widths) / max(widths) if len(widths) > 1 and max(widths) > 0 else 1.0


def break_score(lines: list[Line]) -> int:
    """Line ends after a sentence end count 2, after a clause end 1."""
    score = 0
    for ln in lines[:-1]:
        end = ln.text.rstrip()[-1:]
        score += 2 if end in SENTENCE_ENDS else 1 if end in CLAUSE_ENDS else 0
    return score


def balanced(s: Shaped, start: int, end: int, width: float, indent: float, justify_last: bool) -> list[Line]:
    """The lines of clusters [start, end) set balanced within `width` (see the module's note)."""
    lines = layout(s, start, end, width, indent, justify_last)
    n = len(lines)
    if n < 2 or s.style.align in ("center", "right"):
        return lines
    key = (id(s), start, end, width, indent, justify_last)
    found = _DONE.get(key)
    if found is not None and found[0] is s:
        return found[1]
    overflow = max(ln.x_end for ln in lines)        # a word wider than the measure stays as wide
    # how far a narrower measure may compress a line: Chinese punctuation may close up; Latin word
    # spaces stay as wide as at the full measure
    squeeze = _INF if s.style.language in FLUSH_LANGUAGES else max(ln.shrink for ln in lines) + _EPS

    def fits(w: float) -> list[Line] | None:
        trial = layout(s, start, end, w, indent, justify_last)
        if len(trial) > n or max(ln.x_end for ln in trial) > max(w, overflow) + _EPS \
                or max(ln.shrink for ln in trial) > squeeze:
            return None
        return trial

    lo, hi = sum(ink(ln) for ln in lines) / n, width
    narrowest = lines
    for _ in range(SEARCH):
        mid = (lo + hi) / 2
        trial = fits(mid)
        if trial is not None:
            narrowest, hi = trial, mid
        else:
            lo = mid
    best, best_key = narrowest, (break_score(narrowest), evenness(narrowest))
    floor = min(EVEN_ENOUGH, best_key[1])
    for k in range(1, TRIES + 1):
        trial = fits(hi + (width - hi) * k / TRIES)
        if trial is None or len(trial) != n:
            continue
        even = evenness(trial)
        if even < floor:
            continue
        key2 = (break_score(trial), even)
        if key2 > best_key:
            best, best_key = trial, key2
    if len(_DONE) >= _DONE_LIMIT:
        _DONE.clear()
    _DONE[key] = (s, best)      # (the paragraph kept with it, so its id is not reused meanwhile)
    return best
