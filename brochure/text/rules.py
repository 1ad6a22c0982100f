"""Line-breaking rules as a checker: which of a paragraph's lines break clreq / GB/T 15834 rules.

Used by the tests (on our lines and on stock ReportLab's, for comparison) and usable by preflight on
text extracted from a PDF. Takes the line texts in order, as set.
"""

from __future__ import annotations

import re

from .chars import NO_LINE_END, NO_LINE_START
from .shape import MAGNITUDES

_WORD_END = re.compile(r"[0-9A-Za-z\u00C0-\u024F]$")
_WORD_START = re.compile(r"^[0-9A-Za-z\u00C0-\u024F]")
_NUMBER_OPEN = re.compile(r"\d[.,:/]$")   # "4," + "000", "76." + "4%"


def violations(lines: list[str]) -> list[str]:
    """One message per broken rule; an empty list means the lines are well broken."""
    out: list[str] = []
    for n, line in enumerate(lines):
        text = line.rstrip()
        if n > 0 and line[:1] in NO_LINE_START:
            what = "a dash/ellipsis pair" if line[:2] in ("——", "……") else repr(line[:1])
            out.append(f"line {n + 1} starts with {what}")
        if n < len(lines) - 1:
            if text[-1:] in NO_LINE_END:
                out.append(f"line {n + 1} ends with opening {text[-1]!r}")
            nxt = lines[n + 1]
            if line == text and _WORD_END.search(text) and _WORD_START.match(nxt):
                out.append(f"line {n + 1}/{n + 2} split a word or number: {text[-4:]!r} / {nxt[:4]!r}")
            elif _NUMBER_OPEN.search(text) and nxt[:1].isdigit():
                out.append(f"line {n + 1}/{n + 2} split a number: {text[-4:]!r} / {nxt[:4]!r}")
            elif text[-1:].isdigit() and nxt[:1] in MAGNITUDES:
                out.append(f"line {n + 1}/{n + 2} split a number from its unit: {text[-4:]!r} / "
                           f"{nxt[:2]!r}")
    return out


def short_last_line(lines: list[str], minimum: int = 2) -> bool:
    """Does a paragraph of two or more lines end with fewer than `minimum` characters (letters, digits,
    Han; punctuation does not count, so `程：` is a one-character line)?"""
    return len(lines) > 1 and sum(c.isalnum() for c in lines[-1]) < minimum
