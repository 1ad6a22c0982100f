"""SHAPE helper: where a Latin word may be hyphenated, by language, with the usual typographic limits.

Takes a word and a language tag; returns the character offsets at which a line may end with a hyphen.
The patterns are pyphen's (LibreOffice's hyphenation dictionaries, the same TeX-derived patterns
Typst and WeasyPrint use). The limits are a book's: words of fewer than `min_word` letters, words
with capitals inside or digits (acronyms, codes, model numbers) and words already carrying a hyphen
are not broken, and at least `left`/`right` letters stay on each side. How many hyphenated lines may
follow each other is the line breaker's business (`totalfit.py`), not this module's.
"""

from __future__ import annotations

import atexit
import contextlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyphen


@dataclass(frozen=True)
class HyphenRules:
    """Limits on hyphenation inside a word; counts are letters. (Hyphenated lines in a row are the
    style's `max_hyphen_lines`, held by the line breaker.)"""

    min_word: int = 6          # shorter words are never hyphenated
    left: int = 2              # letters kept before the hyphen
    right: int = 3             # letters carried to the next line


DEFAULT_RULES = HyphenRules()


def dictionary_language(language: str) -> str | None:
    """pyphen's dictionary for a language tag ('en', 'en-GB', 'fr-FR'), or None when it has none.
    Chinese, Japanese and Korean are never hyphenated."""
    tag = language.replace("-", "_")
    if not tag or tag.split("_")[0].lower() in ("zh", "ja", "ko"):
        return None
    found = pyphen.language_fallback(tag)
    return found


@lru_cache(maxsize=32)
def _dictionary(language: str, left: int, right: int) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language, left=left, right=right)


# Reading a dictionary's patterns takes about half a second; the points of the words a brochure uses
# are kept on disk instead (per dictionary, limits and pyphen version), so a rebuild reads no patterns.
_KNOWN: dict[tuple[str, int, int], dict[str, list[int]]] = {}
_ADDED: set[tuple[str, int, int]] = set()


def _known_words(dictionary: str, left: int, right: int) -> dict[str, list[int]]:
    key = (dictionary, left, right)
    found = _KNOWN.get(key)
    if found is None:
        try:
            found = json.loads(_cache_file(key).read_text(encoding="utf-8"))
            if not isinstance(found, dict):
                found = {}
        except (OSError, ValueError):
            found = {}
        _KNOWN[key] = found
    return found


def _cache_file(key: tuple[str, int, int]) -> Path:
    from ..cache import cache_dir

    dictionary, left, right = key
    return cache_dir("hyphenation") / f"{dictionary}-{left}-{right}-pyphen{pyphen.__version__}.json"


def _points(core: str, dictionary: str, left: int, right: int) -> list[int]:
    known = _known_words(dictionary, left, right)
    points = known.get(core)
    if points is None:
        points = known[core] = list(_dictionary(dictionary, left, right).positions(core))
        if not _ADDED:
            atexit.register(save_known_words)
        _ADDED.add((dictionary, left, right))
    return points


def save_known_words() -> None:
    """Write the words hyphenated in this process to the cache (also done at exit)."""
    from ..cache import write_atomic

    for key in sorted(_ADDED):
        with contextlib.suppress(OSError):   # a read-only cache only costs the next run the patterns
            write_atomic(_cache_file(key), json.dumps(_KNOWN[key], sort_keys=True).encode())
    _ADDED.clear()


@lru_cache(maxsize=65536)
def hyphen_points(word: str, language: str, rules: HyphenRules = DEFAULT_RULES) -> tuple[int, ...]:
    """Offsets into `word` after which a hyphen may end a line ('governance' -> (3,) for 'gov-ernance').

    A trailing punctuation mark (`word,` `word.` `word’s`) is not counted as a letter, and nothing
    inside a word that is not all letters is hyphenated."""
    dictionary = dictionary_language(language)
    if dictionary is None:
        return ()
    end = len(word)
    while end and not word[end - 1].isalpha():
        end -= 1
    start = 0
    while start < end and not word[start].isalpha():
        start += 1
    core = word[start:end]
    for mark in "’'":
        if mark in core:   # district’s: the word before the apostrophe
            core = core[:core.index(mark)]
    if len(core) < rules.min_word or not core.isalpha():
        return ()
    if any(c.isupper() for c in core[1:]):
        return ()   # NATO, iPhone, McDonald: names and acronyms keep their shape
    points = _points(core, dictionary, rules.left, rules.right)
    return tuple(start + p for p in points if rules.left <= p <= len(core) - rules.right)


def hyphenate(word: str, language: str, rules: HyphenRules = DEFAULT_RULES) -> list[str]:
    """`word` cut at its hyphenation points (the pieces join back to the word)."""
    out, last = [], 0
    for p in hyphen_points(word, language, rules):
        out.append(word[last:p])
        last = p
    out.append(word[last:])
    return out
