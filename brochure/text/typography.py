"""RENDER/SHAPE helper: typed punctuation -> the marks a typesetter sets, by language.

Takes the text of a paragraph (inline markup left intact) and its language; returns the text to set:
straight quotes become the language's own (“…” in English, „…“ in German, «…» in French:
`DOUBLE_QUOTES`), `--`/`---` en and em dashes, `...` an ellipsis, and no-break spaces go where the
language wants them (French before `;:!?` and inside guillemets, between a number and its unit, after
an abbreviation before a number). Chinese, Japanese and Korean text is returned as it is: their
punctuation follows their own rules (`punctuation.py`). Inside a Latin paragraph, quotes next to Han
characters are left to the Chinese rules as well.

`segments` marks the runs of a mixed paragraph with their language ("zh" for Han and kana, the
paragraph's own language for the rest), so each is set by its own rules.
"""

from __future__ import annotations

import re

from .chars import is_han

NBSP = "\u00a0"
NNBSP = "\u202f"   # narrow no-break space (French before ;!? and inside « »)
CJK = ("zh", "ja", "ko")

# Units and words a number is never separated from.
UNITS = ("km", "m", "cm", "mm", "µm", "nm", "kg", "g", "mg", "t", "ha", "km²", "m²", "m³", "l", "ml",
         "%", "‰", "°C", "°F", "K", "kW", "MW", "GW", "kWh", "MWh", "W", "V", "A", "Hz", "kHz", "MHz",
         "GHz", "h", "min", "s", "ms", "yuan", "RMB", "USD", "EUR", "million", "billion", "trillion",
         "mu", "per", "pc", "pcs", "GB", "MB", "TB")
_UNIT_AFTER = re.compile(r"(?<=\d) (?=(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
                         + r")(?![\w]))")
# No. 5, p. 12, pp. 3–4, Fig. 2, §&nbsp;4: the abbreviation stays with its number.
_ABBREV_BEFORE = re.compile(r"\b(No\.|Nos\.|p\.|pp\.|Fig\.|Figs\.|Vol\.|Art\.|§|Nr\.|n°) (?=\d)")
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+|\]\([^)\s]*\)")
_OPEN_CONTEXT = frozenset(" \t\n\u00a0\u202f([{\u2014\u2013/-“‘«")


def language_base(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


_CLOSED = re.compile(r"[.!?…][\"'”’»)\]*_]*$")   # a sentence's end (with its closing quote or markup)


def with_credit(caption: str, credit: str, language: str) -> str:
    """A picture's caption and credit as the one text set under it. In Latin text the credit is a
    sentence of its own ("… Industrial Park. Illustration, not a photograph": a caption without a
    closing stop gets one); two spaces alone read as a slip of the keyboard there. CJK text keeps them
    apart by two spaces, as Chinese captions set a credit."""
    if not credit:
        return caption
    if not caption:
        return credit
    if language_base(language) in CJK:
        return f"{caption}  {credit}"
    caption = caption.rstrip()
    return f"{caption}{'' if _CLOSED.search(caption) else '.'} {credit.lstrip()}"


def typeset_punctuation(text: str, language: str) -> str:
    """`text` with the punctuation of `language` (see the module docstring); CJK text unchanged."""
    lang = language_base(language)
    if lang in CJK or not text:
        return text
    # URLs and link targets are copied as typed.
    out: list[str] = []
    last = 0
    for m in _URL.finditer(text):
        out.append(_prose(text[last:m.start()], lang))
        out.append(m.group())
        last = m.end()
    out.append(_prose(text[last:], lang))
    return "".join(out)


def _prose(text: str, lang: str) -> str:
    if not text:
        return text
    text = text.replace("---", "—").replace("--", "–")
    text = re.sub(r"(?<!\.)\.\.\.(?!\.)", "…", text)
    text = _quotes(text, lang)
    text = _UNIT_AFTER.sub(NBSP, text)
    text = _ABBREV_BEFORE.sub(lambda m: m.group(1) + NBSP, text)
    if lang == "fr":
        text = re.sub(r"[ \u00a0]?([;!?])", lambda m: NNBSP + m.group(1), text)
        text = re.sub(r"(?<=\S) ?:(?=\s|$)", NBSP + ":", text)
        text = re.sub(r"« ?", "«" + NNBSP, text)
        text = re.sub(r" ?»", NNBSP + "»", text)
    return text


# A language's first-level double quotes (the Unicode CLDR's delimiters), where they are not “…”:
# straight double quotes are turned into these. Single quotes stay ‘…’ with ’ as the apostrophe.
DOUBLE_QUOTES = {
    **dict.fromkeys(("de", "cs", "sk", "sl", "lt", "et", "is", "bg", "ka"), ("„", "“")),
    **dict.fromkeys(("pl", "ro", "hu", "hr", "sr", "bs"), ("„", "”")),
    **dict.fromkeys(("fr", "es", "it", "pt", "ca", "ru", "uk", "be", "el", "nb", "nn", "no", "hy"),
                    ("«", "»")),
    "da": ("»", "«"),
    **dict.fromkeys(("sv", "fi"), ("”", "”")),
}


def _quotes(text: str, lang: str) -> str:
    """Straight quotes -> curly by context: after a space, an opening bracket or a dash a quote opens;
    elsewhere it closes (or is an apostrophe). Next to Han it is left to the Chinese rules."""
    if "'" not in text and '"' not in text:
        return text
    opening_double, closing_double = DOUBLE_QUOTES.get(lang, ("“", "”"))
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch not in "'\"":
            continue
        before = chars[i - 1] if i else " "
        after = chars[i + 1] if i + 1 < len(chars) else " "
        if is_han(before) or is_han(after):
            continue
        opens = before in _OPEN_CONTEXT and not after.isspace()
        if ch == '"':
            chars[i] = opening_double if opens else closing_double
        elif opens and not (after.isdigit() and _year_elision(chars, i)):
            chars[i] = "‘"
        else:
            chars[i] = "’"   # apostrophe or closing quote: the same mark in English
    return "".join(chars)


def _year_elision(chars: list[str], i: int) -> bool:
    """'90s, '20: an apostrophe standing for the century."""
    digits = 0
    j = i + 1
    while j < len(chars) and chars[j].isdigit():
        digits += 1
        j += 1
    return digits == 2 and (j == len(chars) or chars[j] in "s ,.;:!?)")


def segments(text: str, language: str) -> list[tuple[str, str]]:
    """`text` as (piece, language) runs: Han and kana (with the CJK punctuation that follows them) as
    "zh", Latin words as the paragraph's language ("en" inside a Chinese paragraph). Digits, spaces and
    marks without letters go with the paragraph's own language, unless Han stands on both sides."""
    lang = language_base(language)
    own = "zh" if lang in CJK else lang
    latin = "en" if lang in CJK else lang
    pieces = _split_han(text)
    marks: list[str] = []
    for n, (piece, han) in enumerate(pieces):
        if han:
            marks.append("zh" if lang not in CJK else lang)
        elif any(c.isalpha() for c in piece):
            marks.append(latin)
        else:
            flanked = 0 < n < len(pieces) - 1 and pieces[n - 1][1] and pieces[n + 1][1]
            marks.append(("zh" if lang not in CJK else lang) if flanked else own)
    merged: list[tuple[str, str]] = []
    for (piece, _), mark in zip(pieces, marks, strict=True):
        if merged and merged[-1][1] == mark:
            merged[-1] = (merged[-1][0] + piece, mark)
        else:
            merged.append((piece, mark))
    return merged


_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》「」『』【】〈〉—…·")


def _split_han(text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ch in text:
        han = is_han(ch) or (ch in _CJK_PUNCT and bool(out) and out[-1][1] and ch not in "“‘")
        if out and out[-1][1] == han:
            out[-1] = (out[-1][0] + ch, han)
        else:
            out.append((ch, han))
    return out
