"""Half-width punctuation in Chinese text: find it (VALIDATE lints it) and fix it (RENDER applies the
fix when the layout asks); and the Han test that typesetting (text/chars.py) shares.

Writers and converters often leave ASCII `, : ; ! ? ( )` and `...` in Chinese prose. A mark counts as
Chinese punctuation when a Han character stands next to it; numbers (3,000 / 76.4% / 1.5 / 10:30),
URLs and Latin sentences are left alone.
"""

from __future__ import annotations

import re

_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = re.compile("[" + re.escape("".join(_FULL)) + "]")
_ELLIPSIS = re.compile(r"\.{6}|\.{3}")
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")


def find_halfwidth_punctuation(text: str) -> list[tuple[int, str, str]]:
    """(index, found, suggested) for each half-width mark that belongs to Chinese text."""
    protected = [m.span() for m in _URL.finditer(text)]

    def in_url(i: int) -> bool:
        return any(a <= i < b for a, b in protected)

    found: list[tuple[int, str, str]] = []
    for m in _MARKS.finditer(text):      # (a Python loop over every character cost a build ~7 ms)
        i, ch = m.start(), m.group()
        full = _FULL[ch]
        if in_url(i):
            continue
        before = _neighbour(text, i, -1)
        after = _neighbour(text, i, +1)
        if ch in ",:" and _digit(text, i - 1) and _digit(text, i + 1):
            continue  # 3,000 and 10:30
        if ch == "(":
            chinese = _han(before) or _han_before_close(text, i)
        elif ch == ")":
            chinese = _han(after) or _han_after_open(text, i)
        else:
            chinese = _han(before) or _han(after)
        if chinese:
            found.append((i, ch, full))
    for m in _ELLIPSIS.finditer(text):
        if in_url(m.start()):
            continue
        before = _neighbour(text, m.start(), -1)
        after = text[m.end()] if m.end() < len(text) else ""
        if _han(before) or (after and _han(after)) or "".join(text[m.start() - 1:m.start()]) in "”」』":
            found.append((m.start(), m.group(), "……"))
    found.sort()
    return found


def normalize_punctuation(text: str) -> str:
    """`text` with every suggestion of `find_halfwidth_punctuation` applied."""
    out = []
    last = 0
    for i, found, full in find_halfwidth_punctuation(text):
        out.append(text[last:i])
        out.append(full)
        last = i + len(found)
    out.append(text[last:])
    return "".join(out)


def is_han(ch: str) -> bool:
    """Ideographs and kana: the characters that take extra space next to Latin text."""
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x3040 <= cp <= 0x30FF
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF or 0x2E80 <= cp <= 0x2FDF
            or cp in (0x3005, 0x3006, 0x3007))


def _han(ch: str) -> bool:
    return bool(ch) and is_han(ch)


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before/after i, skipping closing/opening quotes and spaces once."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " ”“’‘\"":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _digit(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isdigit()


def _han_before_close(text: str, i: int) -> bool:
    """`(` whose content is Chinese: 社区(村)."""
    j = text.find(")", i)
    return j > i and any(_han(c) for c in text[i + 1:j])


def _han_after_open(text: str, i: int) -> bool:
    j = text.rfind("(", 0, i)
    return 0 <= j < i and any(_han(c) for c in text[j + 1:i])
