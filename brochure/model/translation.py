"""LOAD/VALIDATE stage, translations: a content file that `translates:` another one.

A translation (`brochure.en.yaml` with `translates: brochure.yaml`) repeats the source's structure and
gives only its texts. `merge_translation(source, translation, diags)` walks both YAML trees together
and returns the data of the edition in the translation's language: texts from the translation,
pictures, chart data, dates and everything else that is not words from the source. On the way it
reports, with file:line:col,

  translation.missing    a text of the source that the translation lacks (located in the source)
  translation.extra      a text of the translation that the source no longer has (in the translation)
  translation.number     a number of the source missing from its translation, or one the source lacks
  translation.structure  a block of another kind than the source's at that place
  translation.source-only a picture, data or date given differently in the translation (they come
                          from the source)

Matching is by structure path (meta.title, sections[2].body[4].figures[1].label …). Body blocks are
aligned first, by kind and by the numbers they contain, so one paragraph added to or removed from the
source is reported once, at its place, instead of shifting every later paragraph. A translation that
names no `layout:` is set in its source's (with its own language's entry). No ReportLab here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from .base import dotted
from .source import Source

Path_ = tuple[Any, ...]

# String values that are not words: taken from the source (a differing one in a translation is an error).
SOURCE_ONLY = frozenset({"src", "fit", "type", "data", "columns", "style", "slug", "date", "magnitude"})
# Keys only a translation has, or that each file sets for itself.
OWN_KEYS = {("translates",), ("meta", "language"), ("layout",)}
# `highlight` names a category or series: it is derived from the translated names, not translated.
DERIVED = frozenset({"highlight"})

_MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "trillion": 1e12, "billion": 1e9,
                "million": 1e6, "thousand": 1e3, "bn": 1e9}
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万亿|亿|万|千|trillion\b|billion\b|"
                     r"million\b|thousand\b|bn\b)?", re.IGNORECASE)
# Numbers a translation may spell out (English style writes small numbers and months in words): they
# count for the source's digits, but are not themselves checked against the source.
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty")
_MONTHS = "january february march april may june july august september october november december"
_WORDS = {w: float(i) for i, w in enumerate(_SMALL.split())}  # noqa: SIM905 (a sentence reads better)
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90, "hundred": 100, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5})
_WORDS.update({m: float(i + 1) for i, m in enumerate(_MONTHS.split())})  # noqa: SIM905
_WORD = re.compile(r"[A-Za-z]+")


def numbers_in(text: str) -> set[float]:
    """The numbers written in digits in `text`, scaled by a following magnitude word or character:
    '65万' and '650,000' are both 650000.0; '1.5 billion' is 1.5e9."""
    out = set()
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            value *= _MULTIPLIERS[m.group(3).lower()]
        out.add(round(value, 6))
    return out


def spelled_numbers(text: str) -> set[float]:
    return {_WORDS[w.lower()] for w in _WORD.findall(text) if w.lower() in _WORDS}


def has_words(text: str) -> bool:
    """Text that needs translating: any letter of any script (not '2020', '%', '32')."""
    return any(c.isalpha() for c in text)


def block_kind(block: Any) -> str:
    if isinstance(block, str):
        return "paragraph"
    keys = [k for k in block if k != "formats"] if isinstance(block, dict) else []   # formats: not a kind
    if len(keys) == 1:
        return str(keys[0])
    return "?"


def _all_numbers(obj: Any) -> set[float]:
    if isinstance(obj, str):
        return numbers_in(obj)
    if isinstance(obj, (int, float)) and not isinstance(obj, bool):
        return {round(float(obj), 6)}
    if isinstance(obj, dict):
        return set().union(*(_all_numbers(v) for v in obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*(_all_numbers(v) for v in obj)) if obj else set()
    return set()


def align(source: list[Any], translation: list[Any]) -> list[tuple[int | None, int | None]]:
    """Pairs (source index, translation index) in order; None where one side has nothing. Blocks of the
    same kind pair up, those sharing more numbers first (a global alignment, Needleman-Wunsch style)."""
    n, m = len(source), len(translation)
    if n == m and all(block_kind(a) == block_kind(b) for a, b in zip(source, translation, strict=True)):
        return [(i, i) for i in range(n)]
    nums_s = [_all_numbers(b) for b in source]
    nums_t = [_all_numbers(b) for b in translation]

    def score(i: int, j: int) -> float:
        if block_kind(source[i]) != block_kind(translation[j]):
            return 0.1      # better than two gaps when nothing else fits: reported as a structure error
        a, b = nums_s[i], nums_t[j]
        return 1.0 + (len(a & b) / len(a | b) if a | b else 0.5)

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], score(i, j) + best[i + 1][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and best[i][j] == score(i, j) + best[i + 1][j + 1] and score(i, j) > 0:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and (j >= m or best[i][j] == best[i + 1][j]):
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs


def _snippet(value: Any) -> str:
    text = value if isinstance(value, str) else (block_kind(value) if isinstance(value, dict) else str(value))
    text = " ".join(text.split())
    return text if len(text) <= 24 else text[:23] + "…"


@dataclass
class _Walk:
    src: Source
    tr: Source
    diags: Diagnostics

    def missing(self, path: Path_, value: Any) -> None:
        self.diags.error("translation.missing", f"{dotted(path)}: no translation of “{_snippet(value)}”",
                         self.src.where(path),
                         f"add it to {self.tr.file} under {dotted(path[:-1]) or 'the top level'} "
                         f"(near {self.tr.where(path[:-1])})")

    def extra(self, path: Path_, value: Any) -> None:
        self.diags.error("translation.extra", f"{dotted(path)}: the source has no text here any more "
                         f"(“{_snippet(value)}”)", self.tr.where(path, key=True),
                         f"remove it, or check what {self.src.file} has at {self.src.where(path[:-1])}")

    def texts_of(self, value: Any, path: Path_) -> Iterable[tuple[Path_, Any]]:
        """The texts a (sub)tree holds that need translating, with their paths."""
        if path[-1:] == ("formats",):                    # format names (leaflet, screen), not words
            return
        if isinstance(value, str):
            if path[-1:] and path[-1] in SOURCE_ONLY | DERIVED:
                return
            if has_words(value):
                yield path, value
        elif isinstance(value, dict):
            for k, v in value.items():
                if k == "series" and isinstance(v, dict):
                    yield from ((path + (k, name), name) for name in v)
                else:
                    yield from self.texts_of(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from self.texts_of(v, path + (i,))

    def absent(self, value: Any, path: Path_) -> Any:
        """The source's subtree where the translation has nothing: its texts are missing."""
        for p, text in self.texts_of(value, path):
            self.missing(p, text)
        return value

    def surplus(self, value: Any, path: Path_) -> None:
        for p, text in self.texts_of(value, path):
            self.extra(p, text)

    def numbers(self, src: str, tr: str, path: Path_) -> None:
        have, wanted = numbers_in(tr), numbers_in(src)
        lacking = sorted(wanted - have - spelled_numbers(tr))
        added = sorted(have - wanted)
        if not lacking and not added:
            return
        parts = []
        if lacking:
            parts.append("the source's " + ", ".join(f"{v:g}" for v in lacking) + " missing")
        if added:
            parts.append(", ".join(f"{v:g}" for v in added) + " not in the source")
        self.diags.error("translation.number", f"{dotted(path)}: numbers differ: {'; '.join(parts)}",
                         self.tr.where(path), f"the source says “{_snippet(src)}” at {self.src.where(path)}",
                         "'65万' matches 650,000 or 650 thousand; small numbers and months may be words")

    def walk(self, src: Any, tr: Any, path: Path_) -> Any:
        key = path[-1] if path else None
        if key == "formats" and isinstance(src, list):      # a block's formats: the source's choice
            return src
        if isinstance(src, dict):
            return self.mapping(src, tr, path)
        if isinstance(src, list):
            if not isinstance(tr, list):
                return self.wrong_type(src, tr, path)
            return self.sequence(src, tr, path)
        if isinstance(src, str):
            if isinstance(tr, dict) and list(tr) == ["paragraph"]:
                tr = tr["paragraph"]
            if key in SOURCE_ONLY:
                if tr is not None and tr != src:
                    self.source_only(path, src)
                return src
            if tr is None or (isinstance(tr, str) and not tr.strip()):
                # given as null or "": deliberately no text (English has no measure words: 家, 个)
                return None if has_words(src) else src
            if not isinstance(tr, str):
                return self.wrong_type(src, tr, path)
            self.numbers(src, tr, path)
            return tr
        if src is None:
            if tr is not None:
                self.surplus(tr, path)
            return None
        # numbers, booleans, dates: data of the source
        if tr is not None and tr != src:
            if isinstance(src, (int, float)) and not isinstance(src, bool):
                self.diags.error("translation.number", f"{dotted(path)}: {tr} here, {src} in the source",
                                 self.tr.where(path), f"the source's value is at {self.src.where(path)}")
            else:
                self.source_only(path, src)
        return src

    def source_only(self, path: Path_, src: Any) -> None:
        self.diags.error("translation.source-only", f"{dotted(path)} differs from the source's "
                         f"({_snippet(src)}); pictures, data and dates come from the source",
                         self.tr.where(path), f"remove it from {self.tr.file}, or change {self.src.where(path)}")

    def wrong_type(self, src: Any, tr: Any, path: Path_) -> Any:
        self.diags.error("translation.structure", f"{dotted(path)} is {type(tr).__name__} here but "
                         f"{type(src).__name__} in the source", self.tr.where(path),
                         f"the source's is at {self.src.where(path)}")
        return src

    def mapping(self, src: dict[Any, Any], tr: Any, path: Path_) -> Any:
        if not isinstance(tr, dict):
            if isinstance(tr, str) and "paragraph" in src and len(src) == 1:
                tr = {"paragraph": tr}
            elif tr is not None:
                return self.wrong_type(src, tr, path)
            else:
                return self.absent(src, path)
        out: dict[Any, Any] = {}
        for k, v in src.items():
            if path + (k,) in OWN_KEYS:
                continue
            if k == "series" and isinstance(v, dict):
                out[k] = self.series(v, tr.get(k), path + (k,))
            elif k in DERIVED:
                continue
            elif k in tr:
                out[k] = self.walk(v, tr[k], path + (k,))
            else:
                out[k] = self.absent(v, path + (k,))
        for k, v in tr.items():
            if path + (k,) in OWN_KEYS:
                out[k] = v
            elif k in DERIVED:
                continue
            elif k not in src:
                if v is not None and not list(self.texts_of(v, path + (k,))):
                    self.source_only(path + (k,), v)
                self.surplus(v, path + (k,))
        for k in DERIVED & src.keys():
            out[k] = self.derived(src, out, k, tr, path)
        return out

    def derived(self, src: dict[Any, Any], out: dict[Any, Any], key: str, tr: dict[Any, Any],
                path: Path_) -> Any:
        """A highlight names one of the categories or series: the translated name at the same place."""
        value = src[key]
        for names_key in ("categories", "series"):
            names, new = list(src.get(names_key) or []), list(out.get(names_key) or [])
            if value in names and len(new) == len(names):
                mapped = new[names.index(value)]
                if key in tr and tr[key] != mapped:
                    self.diags.error("translation.structure", f"{dotted(path + (key,))}: '{tr[key]}' is not "
                                     f"the translation of '{value}' ('{mapped}')", self.tr.where(path + (key,)),
                                     "leave it out: the highlight follows the source's choice")
                return mapped
        return tr.get(key, value)

    def series(self, src: dict[str, Any], tr: Any, path: Path_) -> dict[str, Any]:
        """Series names are texts, matched by their place; their values are the source's."""
        if not isinstance(tr, dict):
            if tr is not None:
                self.wrong_type(src, tr, path)
            return self.absent(src, path)
        names = list(tr)
        out: dict[str, Any] = {}
        for i, (name, values) in enumerate(src.items()):
            if i >= len(names):
                self.missing(path + (name,), name)
                out[name] = values
                continue
            given = tr[names[i]]
            if given is not None:
                self.walk(values, given, path + (names[i],))
            out[names[i]] = values
        for name in names[len(src):]:
            self.extra(path + (name,), name)
        return out

    def sequence(self, src: list[Any], tr: list[Any], path: Path_) -> list[Any]:
        pairs = align(src, tr) if path[-1:] == ("body",) else \
            [(i if i < len(src) else None, i if i < len(tr) else None) for i in range(max(len(src), len(tr)))]
        out: list[Any] = []
        for i, j in pairs:
            if i is None:
                assert j is not None
                self.surplus(tr[j], path + (j,))
                if not list(self.texts_of(tr[j], path + (j,))):
                    self.diags.error("translation.extra", f"{dotted(path + (j,))}: the source has no "
                                     f"{block_kind(tr[j])} here", self.tr.where(path + (j,)))
            elif j is None:
                out.append(self.absent(src[i], path + (i,)))
            elif path[-1:] == ("body",) and block_kind(src[i]) != block_kind(tr[j]):
                self.diags.error("translation.structure", f"{dotted(path + (j,))} is a {block_kind(tr[j])} "
                                 f"but the source has a {block_kind(src[i])} here", self.tr.where(path + (j,)),
                                 f"the source's block is at {self.src.where(path + (i,))}")
                out.append(src[i])
            else:
                # the translation's locations follow its own indices; the merged data is the source's order
                out.append(self.walk(src[i], tr[j], path + (i,)) if i == j else
                           _Walk(self.src, _Shifted(self.tr, path, i, j), self.diags).walk(src[i], tr[j],
                                                                                          path + (i,)))
        return out


class _Shifted(Source):
    """The translation's source map seen through an alignment: path …[i] of the source is the
    translation's …[j]."""

    def __init__(self, inner: Source, prefix: Path_, i: int, j: int):
        super().__init__(inner.file, inner.data)
        self.inner, self.prefix, self.i, self.j = inner, prefix, i, j

    def where(self, path: Any, key: bool = False) -> Location:
        p = tuple(path)
        n = len(self.prefix)
        if p[:n] == self.prefix and len(p) > n and p[n] == self.i:
            p = p[:n] + (self.j,) + p[n + 1:]
        return self.inner.where(p, key)


def merge_translation(src: Source, tr: Source, diags: Diagnostics) -> Source:
    """The edition in the translation's language, as a Source: data merged (see the module docstring),
    locations from the translation where it gives the value, else from the source."""
    data = _Walk(src, tr, diags).walk(src.data or {}, tr.data or {}, ())
    own = tr.data if isinstance(tr.data, dict) else {}
    if isinstance(data, dict) and "layout" not in own and isinstance((src.data or {}).get("layout"), str):
        data["layout"] = src.data["layout"]      # paths are read from the source's folder, as the edition's
    merged = Source(tr.file, data)
    merged.key_marks = {**src.key_marks, **tr.key_marks}
    merged.value_marks = {**src.value_marks, **tr.value_marks}
    return merged


def translation_target(tr: Source, path: Path, diags: Diagnostics) -> Path | None:
    """The source file a translation names (`translates:`, relative to the translation), checked."""
    name = tr.data.get("translates") if isinstance(tr.data, dict) else None
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        diags.error("translation.source", "translates: names the source content file, e.g. brochure.yaml",
                    tr.where(("translates",)))
        return None
    target = (path.parent / name)
    if not target.resolve().is_relative_to(path.parent.resolve()):
        diags.error("translation.path-escape", f"the source {name} lies outside the translation's folder",
                    tr.where(("translates",)), "keep a translation next to the content file it translates")
        return None
    if not target.is_file():
        diags.error("translation.source", f"the source {name} was not found next to {path.name}",
                    tr.where(("translates",)), "translates: is relative to the translation file")
        return None
    if target.resolve() == path.resolve():
        diags.error("translation.source", "a file cannot translate itself", tr.where(("translates",)))
        return None
    return target


def find_translations(content_path: Path) -> dict[str, Path]:
    """Translations of `content_path` in its folder: `<stem>.<lang>.yaml` files whose `translates:`
    names it, by their language tag (meta.language, else the tag in the file name)."""
    import yaml

    found: dict[str, Path] = {}
    for candidate in sorted(content_path.parent.glob(f"{content_path.stem}.*.y*ml")):
        try:
            data = yaml.safe_load(candidate.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("translates"), str):
            continue
        if (candidate.parent / data["translates"]).resolve() != content_path.resolve():
            continue
        meta = data.get("meta")
        lang = meta.get("language") if isinstance(meta, dict) else None
        found[lang if isinstance(lang, str) else candidate.suffixes[-2][1:]] = candidate
    return found


def same_language(a: str, b: str) -> bool:
    """'en' asks for 'en-GB' too; 'zh-CN' asks for exactly that or 'zh'."""
    a, b = a.lower(), b.lower()
    return a == b or a.split("-")[0] == b or b.split("-")[0] == a


BILINGUAL_SEPARATOR = "+"


@dataclass
class Loaded:
    source: Source                 # the edition's content (merged for a translation)
    path: Path                     # the source content file (pictures resolve next to it)
    partner: Source | None         # bilingual: the translation's merged content
    translations: list[Path]       # translation files read


def load_language(content_path: Path, lang: str | None, diags: Diagnostics, display: str | None = None
                  ) -> Loaded:
    """The content of the edition asked for: the merged source, the source file's path, the partner for a
    bilingual edition or None, and the translation files read. `lang` is None (the file's own
    language), a tag ('en'), or two tags joined by '+' ('zh-CN+en': the source and its English
    translation side by side). A translation file given directly stands for its own language."""
    from .source import load_yaml

    first = load_yaml(content_path, diags, display)
    if diags.has_errors():
        return Loaded(first, content_path, None, [])
    target = translation_target(first, content_path, diags)
    if target is not None:                 # a translation: merge it onto the source it names
        src = load_yaml(target, diags, str(target))
        if diags.has_errors():
            return Loaded(first, content_path, None, [])
        _check_language(first, diags)
        merged = merge_translation(src, first, diags)
        own = _language(first)
        if lang is not None and not same_language(lang, own):
            diags.error("translation.language", f"{content_path.name} is the {own} translation; "
                        f"--lang {lang} needs the source ({target.name})", None,
                        f"build {target} --lang {lang}")
        return Loaded(merged, target, None, [content_path])
    if diags.has_errors() or lang is None:
        return Loaded(first, content_path, None, [])
    own = _language(first)
    wanted = lang.split(BILINGUAL_SEPARATOR)
    if len(wanted) > 2 or not all(wanted):
        diags.error("cli.lang", f"--lang {lang}: give one language, or two joined by '+' (zh-CN+en)", None)
        return Loaded(first, content_path, None, [])
    read: list[Path] = []
    editions = [first if same_language(w, own) else _translated(first, content_path, w, diags, read)
                for w in wanted]
    if diags.has_errors():
        return Loaded(first, content_path, None, read)
    return Loaded(editions[0], content_path, editions[1] if len(editions) == 2 else None, read)


def _language(source: Source) -> str:
    meta = source.data.get("meta") if isinstance(source.data, dict) else None
    value = meta.get("language") if isinstance(meta, dict) else None
    return value if isinstance(value, str) else "zh-CN"


def _check_language(tr: Source, diags: Diagnostics) -> None:
    meta = tr.data.get("meta") if isinstance(tr.data, dict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get("language"), str):
        diags.error("translation.language", "a translation says which language it is in: meta.language "
                    "(e.g. en)", tr.where(("meta",)))


def _translated(src: Source, content_path: Path, lang: str, diags: Diagnostics, read: list[Path]) -> Source:
    from .source import load_yaml

    found = next((p for tag, p in find_translations(content_path).items() if same_language(lang, tag)), None)
    if found is None:
        diags.error("translation.not-found", f"no {lang} translation of {content_path.name}", None,
                    f"write {content_path.stem}.{lang}.yaml with `translates: {content_path.name}` and "
                    f"meta.language: {lang} next to it")
        return src
    tr = load_yaml(found, diags, str(found))
    read.append(found)
    if diags.has_errors():
        return src
    _check_language(tr, diags)
    return merge_translation(src, tr, diags)


def languages_for(content_path: Path, value: str) -> list[str]:
    """`--lang all`: the source's language, each translation's, and each source+translation pair."""
    import yaml

    if value != "all":
        return [v.strip() for v in value.split(",") if v.strip()]
    try:
        data = yaml.safe_load(content_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return [value]
    own = _language(Source(str(content_path), data))
    others = list(find_translations(content_path))
    return [own] + others + [f"{own}{BILINGUAL_SEPARATOR}{o}" for o in others]
