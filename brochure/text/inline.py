"""Inline markup -> runs: `**bold**`, `*emphasis*`, `[text](url)`; everything else is literal.

A deliberately small Markdown subset. Markers that do not pair up stay in the text as typed, and a
backslash makes the next markup character literal (`\\*`, `\\[`). `<` and `&` are plain characters: the
text engine draws runs itself, so nothing is ever interpreted as ReportLab markup.
"""

from __future__ import annotations

from .style import Run

_ESCAPABLE = frozenset("\\*[]()_`")


def parse_inline(markup: str) -> list[Run]:
    """Split `markup` into runs; adjacent runs with equal attributes are merged."""
    out: list[Run] = []
    _parse(markup, 0, len(markup), False, False, None, out)
    return _merge(out)


def _parse(s: str, start: int, end: int, bold: bool, italic: bool, href: str | None,
           out: list[Run]) -> None:
    buf: list[str] = []
    i = start

    def flush() -> None:
        if buf:
            out.append(Run("".join(buf), bold, italic, href))
            buf.clear()

    while i < end:
        ch = s[i]
        if ch == "\\" and i + 1 < end and s[i + 1] in _ESCAPABLE:
            buf.append(s[i + 1])
            i += 2
            continue
        if ch == "*":
            if s.startswith("**", i) and i + 2 < end:
                close = _find_strong_close(s, i + 2, end)
                if close is not None:
                    flush()
                    _parse(s, i + 2, close, True, italic, href, out)
                    i = close + 2
                    continue
                buf.append("**")
                i += 2
                continue
            close = _find_em_close(s, i + 1, end)
            if close is not None:
                flush()
                _parse(s, i + 1, close, bold, True, href, out)
                i = close + 1
                continue
        elif ch == "[" and href is None:
            link = _find_link(s, i, end)
            if link is not None:
                text_end, url, after = link
                flush()
                _parse(s, i + 1, text_end, bold, italic, url, out)
                i = after
                continue
        buf.append(ch)
        i += 1
    flush()


def _opens(s: str, i: int, end: int) -> bool:
    # Like Markdown's left-flanking rule: "2 * 3 * 4" is arithmetic, not emphasis.
    return i < end and not s[i].isspace()


def _find_strong_close(s: str, i: int, end: int) -> int | None:
    """Index of the `**` closing a strong span whose content starts at i."""
    if not _opens(s, i, end):
        return None
    j = i
    while j < end:
        ch = s[j]
        if ch == "\\" and j + 1 < end and s[j + 1] in _ESCAPABLE:
            j += 2
            continue
        if ch == "*":
            if s.startswith("**", j) and j + 1 < end and j > i and not s[j - 1].isspace():
                # "***" closing "**x *y***": the inner emphasis takes the first star.
                return j
            inner = _find_em_close(s, j + 1, end) if not s.startswith("**", j) else None
            if inner is not None:
                j = inner + 1
                continue
        j += 1
    return None


def _find_em_close(s: str, i: int, end: int) -> int | None:
    """Index of the `*` closing an emphasis whose content starts at i."""
    if not _opens(s, i, end) or s[i] == "*":
        return None
    j = i
    while j < end:
        ch = s[j]
        if ch == "\\" and j + 1 < end and s[j + 1] in _ESCAPABLE:
            j += 2
            continue
        if ch == "*":
            if s.startswith("**", j) and not s.startswith("***", j):
                inner = _find_strong_close(s, j + 2, end)
                if inner is not None:
                    j = inner + 2
                    continue
            if not s[j - 1].isspace():
                return j
        j += 1
    return None


def _find_link(s: str, i: int, end: int) -> tuple[int, str, int] | None:
    """For `[text](url)` at i: (index of `]`, url, index after `)`), or None."""
    depth = 0
    j = i
    while j < end:
        ch = s[j]
        if ch == "\\" and j + 1 < end:
            j += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        j += 1
    else:
        return None
    close_text = j
    if close_text == i + 1 or close_text + 1 >= end or s[close_text + 1] != "(":
        return None
    depth = 0
    k = close_text + 1
    while k < end:
        ch = s[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                url = s[close_text + 2:k].strip()
                if not url or any(c.isspace() for c in url):
                    return None
                return close_text, url, k + 1
        k += 1
    return None


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged
