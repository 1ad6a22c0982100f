"""Languages inside a paragraph: `[text]{lang=en}` spans checked (VALIDATE), Han marked (SHAPE), and
each span's punctuation set by its own language's rules (RENDER).

Takes inline markup or runs (text/inline.py) and the paragraph's language; returns diagnostics, runs
whose `lang` says which language each piece is in, or the markup with its punctuation set. No
ReportLab is loaded (`brochure check` reads spans through this module).

Which script a language is written in is only decided where it is unambiguous: Han (and kana) inside a
Latin-language paragraph is the content's CJK language without markup; Latin letters inside Chinese
text stay Chinese (pinyin, abbreviations and brand names are not English) unless marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from .inline import language_spans
from .run import Run

CJK = ("zh", "ja", "ko")
# Languages whose text this tool can set: Chinese and Japanese in the CJK faces, and languages written
# in the Latin script the Latin faces cover (pyphen has patterns for all but a few).
LATIN = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "nn", "no", "fi", "pl", "cs",
         "sk", "hu", "ro", "hr", "sl", "ca", "et", "lv", "lt", "id", "ms", "la", "ga", "is", "eu", "gl")
SETTABLE = ("zh", "ja", *LATIN)
# BCP 47 (RFC 5646) langtag without extensions: language, script, region, variants.
TAG = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
                 r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*")
_SCRIPTS = {"zh": ("hans", "hant"), "ja": ("jpan", "hani", "hira", "kana")}


def base(tag: str) -> str:
    """The primary language subtag, lower case: 'en-GB' -> 'en'."""
    return tag.split("-")[0].split("_")[0].lower()


def is_cjk(tag: str) -> bool:
    return base(tag) in CJK


def tag_problem(tag: str) -> tuple[str, str] | None:
    """(message, hint) when `tag` is not a BCP 47 tag of a language we can set, else None."""
    m = TAG.fullmatch(tag)
    if m is None:
        return (f"{tag!r} is not a language tag", "write a BCP 47 tag: en, en-GB, fr, de, zh-CN …")
    lang = m.group("lang").lower()
    if lang not in SETTABLE:
        return (f"text in '{tag}' cannot be set: no face for its script, no rules for it",
                "languages that can be marked: " + ", ".join(SETTABLE))
    script = (m.group("script") or "").lower()
    if script and script not in _SCRIPTS.get(lang, ("latn",)):
        return (f"'{tag}' names a script ({m.group('script')}) the faces for '{lang}' do not set",
                f"leave the script out: {lang}" + (f"-{m.group('region')}" if m.group("region") else ""))
    return None


def check_spans(texts: Iterable[tuple[tuple[Any, ...], str]], source: Any, diags: Diagnostics) -> None:
    """Every language span of the content's texts: a tag we can set, no attribute but `lang`, and no
    `]{` left unread (a span the parser could not read is drawn as typed, braces and all)."""
    for path, text in texts:
        if "]{" not in text:
            continue
        spans = language_spans(text)
        if spans and _plain(path):
            diags.warning("content.span-in-plain-text", "this text is not read as inline markup: the "
                          "span would be printed as typed, brackets and all", _inside(source, path, "["),
                          "language spans work in paragraphs, lists, quotes, tables, captions and the "
                          "introduction; write the words without the span here")
            continue
        for lang, others in spans:
            where = _inside(source, path, "lang=" + lang if lang is not None else "{")
            if lang is None:
                diags.error("content.span-without-lang", "a [text]{…} span must say its language",
                            where, "write [text]{lang=en}")
            else:
                problem = tag_problem(lang)
                if problem:
                    diags.error("content.bad-language", problem[0], where, problem[1])
            for key in others:
                diags.error("content.span-attribute", f"a span may only give lang=, not {key}",
                            where, "remove it; styles come from the layout")
        if len(_WRITTEN.findall(re.sub(r"\\[\[\]{}]", "", text))) > len(spans):
            diags.error("content.span-syntax", "a [text]{…} span that cannot be read: it would be set "
                        "as typed", _inside(source, path, "{"),
                        "write [text]{lang=en}: a closing } and a value after lang=")


_WRITTEN = re.compile(r"\[[^\[\]]*\]\{")   # what looks like a span, escaped brackets taken out


# Texts set as plain text (titles, labels, chart words): no inline markup is read in them.
PLAIN = frozenset({"title", "subtitle", "heading", "kicker", "cite", "label", "unit", "categories", "note",
                   "source", "edition", "editor", "publisher", "keywords", "contact"})


def _plain(path: tuple[Any, ...]) -> bool:
    keys = [p for p in path if isinstance(p, str)]
    return bool(keys) and keys[-1] in PLAIN


def _inside(source: Any, path: tuple[Any, ...], needle: str) -> Location:
    """The place of `needle` in the YAML file when the text starts on a line holding it (a one-line
    string), else the text's own place."""
    where: Location = source.where(path)
    try:
        line = Path(where.file).read_text(encoding="utf-8").splitlines()[where.line - 1]
    except (OSError, IndexError, UnicodeDecodeError, ValueError):
        return where
    at = line.find(needle, max(0, where.col - 1))
    return Location(where.file, where.line, at + 1) if at >= 0 else where


def mark_runs(runs: list[Run], language: str, cjk_language: str) -> list[Run]:
    """Runs of a Latin-language paragraph with their Han split off as `cjk_language` (with the
    full-width marks after it, and digits between two Han pieces: 2019年); runs of a CJK paragraph, and
    runs marked already, as they are. Quotes, dashes and the middle dot stay with the Latin text: they
    are its marks, set narrow (text/shape.py)."""
    if is_cjk(language) or not any(_has_han(run.text) for run in runs if run.lang is None):
        return runs
    out: list[Run] = []
    for run in runs:
        if run.lang is not None or not _has_han(run.text):
            out.append(run)
            continue
        for piece, cjk in _han_pieces(run.text):
            out.append(Run(piece, run.bold, run.italic, run.href, cjk_language if cjk else None))
    return out


def _han_pieces(text: str) -> list[tuple[str, bool]]:
    from .chars import is_han

    kinds = []
    for ch in text:
        wide = 0x3000 <= ord(ch) <= 0x303F or 0xFF01 <= ord(ch) <= 0xFF60
        kinds.append(1 if is_han(ch) else 2 if wide else 3 if ch.isdigit() else 0)
    marks = [k == 1 for k in kinds]
    for i, k in enumerate(kinds):        # full-width marks after Han; digits between Han
        if k == 2 and i and marks[i - 1]:
            marks[i] = True
        elif k == 3 and not marks[i]:
            j = i
            while j < len(kinds) and kinds[j] == 3:
                j += 1
            if i and marks[i - 1] and j < len(kinds) and kinds[j] == 1:
                for n in range(i, j):
                    marks[n] = True
    out: list[tuple[str, bool]] = []
    for ch, mark in zip(text, marks, strict=True):
        if out and out[-1][1] == mark:
            out[-1] = (out[-1][0] + ch, mark)
        else:
            out.append((ch, mark))
    return out


def _has_han(text: str) -> bool:
    from .chars import is_han

    return any(is_han(c) for c in text)


_SPAN = re.compile(r"\[((?:\\.|[^\[\]\\])*)\]\{([^{}\n]*)\}")
_LANG = re.compile(r"(?:^|\s)lang=(?:\"([^\"]*)\"|([\w:-]+))")
_HOLE = 0xE000    # private-use characters stand for the spans while the paragraph's own rules run


def set_punctuation(markup: str, language: str, rules: Callable[[str, str], str]) -> str:
    """`rules(text, language)` applied to the paragraph's text in its language and to each language
    span's text in the span's, so that an English phrase in Chinese text gets curly quotes and keeps its
    commas half width, and Chinese marks in a Latin paragraph are left to the Chinese rules."""
    if "]{" not in markup or any(0xE000 <= ord(c) < 0xF900 for c in markup):
        return rules(markup, language)
    inner: list[str] = []

    def hole(m: re.Match[str]) -> str:
        found = _LANG.search(m.group(2))
        lang = (found.group(1) or found.group(2)) if found else language
        inner.append("[" + rules(m.group(1), lang) + "]{" + m.group(2) + "}")
        return chr(_HOLE + len(inner) - 1)

    outside = rules(_SPAN.sub(hole, markup), language)
    return re.sub("[\ue000-\uf8ff]", lambda m: inner[ord(m.group()) - _HOLE], outside)


def span_languages(texts: Iterable[str], language: str, cjk_language: str) -> list[str]:
    """The languages of a content's texts other than its own (primary subtags): those its spans name,
    and its CJK language when Han stands in Latin-language text."""
    from .inline import parse_inline

    own = base(language)
    found: set[str] = set()
    for text in texts:
        if "]{" in text:
            found.update(base(run.lang) for run in parse_inline(text) if run.lang and not tag_problem(run.lang))
        if not is_cjk(own) and _has_han(text):
            found.add(base(cjk_language))
    found.discard(own)
    return sorted(found)
