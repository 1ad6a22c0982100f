"""Character classes for line breaking and spacing: a compact, clreq-tailored subset of UAX #14.

Break classes (one per cluster):
  ID  ideographs, kana, full-width forms: a break is allowed on either side
  AL  Latin words, numbers, ASCII symbols: never broken inside, and glued to neighbouring AL
  OP  opening brackets and quotes: never end a line
  CL  closing brackets/quotes and stops (、，。...): never start a line
  NS  other characters that never start a line (%, ℃, ·, ——, ……, small kana)
  HY  a single connector dash: never starts a line

Which marks may give up blank is decided here: the stops `，。、；：`, brackets and quotes (RIGHT_BLANK |
LEFT_BLANK); `？！` and `·` keep their full em. How much blank and on which side is the font's own
half-width form (`halt`, read through HarfBuzz in shape.py): Traditional Chinese fonts centre `，。`,
Japanese ones `：；`. The two sets also give the halves of Noto/Source Han SC (stops and closing marks in
the left half of the em box, opening marks in the right half), used where no font feature is known.
"""

from __future__ import annotations

import re

from ..model.punctuation import is_han

OPENING = "“‘（《「『【〈〔［｛〖〘〚([{«‹„‚"
CLOSING = "”’）》」』】〉〕］｝〗〙〛)]}»›"
STOPS = "、，。；：？！,.;:?!"
NO_START = "%‰℃°′″·・々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
DASHES = "-‐‑–—～~"   # one of these alone is a connector dash

# Full-width marks whose glyph leaves the right (resp. left) half of the em blank (in SC fonts).
RIGHT_BLANK = frozenset("，。、；：”’）》」』】〉〕］｝〗〙〛")
LEFT_BLANK = frozenset("“‘（《「『【〈〔［｛〖〘〚")

NO_LINE_START = frozenset(CLOSING + STOPS + NO_START + DASHES + "…")
NO_LINE_END = frozenset(OPENING)

_CLASS = {**{c: "OP" for c in OPENING}, **{c: "CL" for c in CLOSING + STOPS},
          **{c: "NS" for c in NO_START}, **{c: "HY" for c in DASHES}}

# Letters and digits of a word, with the combining marks typed after them (decomposed text: "cafe\u0301").
_W = r"[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0300-\u036F]"
# One token: a run of spaces; a word or number (4,000 / 76.4% / 5G / e-mail / 2019-2020 / Catalan
# col·lecció); the dash and ellipsis pairs; any other single character.
TOKEN = re.compile(
    rf"(?P<space>[ \t\r\n\u00a0]+)"
    rf"|(?P<word>(?:[+\-−](?=\d))?{_W}+(?:(?:(?<=\d)[,.:/](?=\d)|[.'’\-_/·](?={_W})){_W}+)*[%‰]?)"
    r"|(?P<pair>—{2,}|…+|\.{3,}|⋯+)"
    r"|(?P<other>.)",
    re.S,
)


def is_wide(ch: str) -> bool:
    """East Asian wide/full-width characters (ideographs, kana, CJK punctuation, full-width forms)."""
    cp = ord(ch)
    return (is_han(ch) or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF60 or 0xFE30 <= cp <= 0xFE4F
            or ch in "“”‘’…—·")


def break_class(text: str, kind: str) -> str:
    """The break class of a token produced by TOKEN (`kind` is the group name)."""
    if kind == "word":
        return "AL"
    if kind == "pair":
        return "NS"
    ch = text[0]
    cls = _CLASS.get(ch)
    if cls is not None:
        return cls
    if ord(ch) < 0x80 or (ch.isalnum() and not is_wide(ch)):
        return "AL"
    return "ID"


def break_allowed(a_cls: str, b_cls: str, a_latin: bool, b_latin: bool) -> bool:
    """May a line break between two adjacent clusters with no space between them?"""
    if b_cls in ("CL", "NS", "HY") or a_cls == "OP":
        return False
    # Latin text with no space is one unit: "U.S.", "https://x", "f(x)", "a,b".
    return not (a_latin and b_latin)
