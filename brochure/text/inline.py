"""Inline markup -> runs: `**bold**`, `*emphasis*`, `[text](url)`, `[text]{lang=en}`; the rest is literal.

A deliberately small Markdown subset, parsed by markdown-it-py (linear time: its delimiter and link
scanners are bounded, unlike a recursive search for closing markers) with every rule switched off but
these four and a backslash escape of our own. A language span is mdit-py-plugins' attribute span (the
Djot/Pandoc `[text]{key=value}` syntax); only `lang` is read from it, and `language_spans` hands the
rest to validation (text/lang.py), which reports unknown attributes and tags it cannot set.
Markers that do not pair up stay in the text as typed, and a backslash makes the next markup character
literal (`\\*`, `\\[`, `\\{`). `<`, `&` and every other character are plain text: no HTML, no
entities, no code spans, no autolinks, and the text engine draws runs itself, so nothing is ever
interpreted as ReportLab markup.

Two choices differ from CommonMark on purpose, both to keep what authors of Chinese text write working:
- emphasis opens before any non-space and closes after any non-space (CommonMark's punctuation rule
  would leave `**强心针。**2019年` unbolded, because `。` is punctuation and `2` is not);
- `_` is a plain character (`file_name_here`, `__init__`), only `*` marks emphasis.
Links keep their target as written (no percent-encoding); which targets are allowed is checked at
validation (text/links.py), where the error can point at the YAML line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import cache_dir, write_atomic
from .run import Run

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

_ESCAPABLE = frozenset("\\*[]()_`{}")
_KEPT = 10_000                  # marked-up texts remembered in a process (`build --watch`, `batch`)
_SEEN: dict[str, tuple[Run, ...]] = {}


def parse_inline(markup: str) -> list[Run]:
    """Split `markup` into runs; adjacent runs with equal attributes are merged.

    Only `*`, `[` and a backslash can start markup: a text without them is one plain run (what the
    parser returns for it), and markdown-it is not even imported. A text with them is parsed once and
    its runs kept in the cache (`inline/`, keyed by the text and by the parser: this module's source
    and the markdown-it and mdit-py-plugins releases), so a warm build reads them back instead."""
    if not markup:
        return []
    if "*" not in markup and "[" not in markup and "\\" not in markup:
        return [Run(markup)]
    runs = _SEEN.get(markup)
    if runs is None:
        if len(_SEEN) >= _KEPT:
            _SEEN.clear()
        runs = _SEEN[markup] = _stored(markup)
    return list(runs)


def _stored(markup: str) -> tuple[Run, ...]:
    """The runs of `markup` as an earlier parse stored them, else parsed now and stored."""
    path = cache_dir("inline") / f"{hashlib.sha256(f'{_parser_key()}:{markup}'.encode()).hexdigest()[:32]}.json"
    with contextlib.suppress(OSError, ValueError, TypeError):
        return tuple(_run(row) for row in json.loads(path.read_bytes()))
    runs = tuple(_merge(_runs(_tokens(markup))))
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps([[r.text, r.bold, r.italic, r.href, r.lang] for r in runs],
                                      ensure_ascii=False).encode())
    return runs


def _run(row: Any) -> Run:
    """A stored run, checked (a damaged entry raises, and the text is parsed again)."""
    text, bold, italic, href, lang = row
    if not (isinstance(text, str) and isinstance(bold, bool) and isinstance(italic, bool)
            and isinstance(href, str | None) and isinstance(lang, str | None)):
        raise TypeError("not a stored run")
    return Run(text, bold, italic, href, lang)


@lru_cache(maxsize=1)
def _parser_key() -> str:
    """What the runs of a text depend on besides the text: this module's source, and the releases of
    markdown-it and mdit-py-plugins (their `__init__.py` holds the version), found without importing."""
    from importlib.util import find_spec

    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("markdown_it", "mdit_py_plugins"):
        spec = find_spec(name)
        h.update(Path(spec.origin).read_bytes() if spec is not None and spec.origin else name.encode())
    return h.hexdigest()[:32]


def language_spans(markup: str) -> list[tuple[str | None, dict[str, str]]]:
    """Every `[text]{...}` span of `markup`, in order: its `lang` (None when it names none) and the
    other attributes written in it (`.class`, `#id`, `key=value`), which we do not understand."""
    if "]{" not in markup:
        return []
    out: list[tuple[str | None, dict[str, str]]] = []
    for token in _tokens(markup):
        if token.type == "span_open":
            lang = token.attrGet("lang")
            others = {str(k): str(v) for k, v in dict(token.meta.get("insecure_attrs") or {}).items()}
            out.append((str(lang) if lang is not None else None, others))
    return out


def _tokens(markup: str) -> list[Token]:
    return _parser().inline.parse(markup, _parser(), {}, [])


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin

    md = MarkdownIt("zero", {"maxNesting": 20})
    md.inline.ruler.at("emphasis", _emphasis)
    md.inline.ruler.before("emphasis", "brochure_escape", _escape)
    # `[text]{lang=en}`: no attributes after other elements (`after=()`), and only `lang` kept
    attrs_plugin(md, spans=True, after=(), allowed=("lang",))
    md.enable(["brochure_escape", "emphasis", "link", "span", "balance_pairs", "fragments_join"])
    md.normalizeLink = lambda url: url          # type: ignore[method-assign]  # as written
    md.validateLink = lambda url: True          # type: ignore[method-assign]  # checked at validation
    return md


def _escape(state: StateInline, silent: bool) -> bool:
    """`\\*` -> a literal `*` (only for our markup characters; `\\x` stays as typed)."""
    pos = state.pos
    if state.src[pos] != "\\" or pos + 1 >= state.posMax or state.src[pos + 1] not in _ESCAPABLE:
        return False
    if not silent:
        token = state.push("text_special", "", 0)
        token.content = state.src[pos + 1]
        token.markup = state.src[pos:pos + 2]
        token.info = "escape"
    state.pos = pos + 2
    return True


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer for `*` only, with the flanking rule described above."""
    from markdown_it.rules_inline.state_inline import Delimiter

    start = state.pos
    src = state.src
    if silent or src[start] != "*":
        return False
    end = start
    while end < state.posMax and src[end] == "*":
        end += 1
    before = src[start - 1] if start > 0 else " "
    after = src[end] if end < state.posMax else " "
    can_open, can_close = not after.isspace(), not before.isspace()
    length = end - start
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = "*"
        state.delimiters.append(Delimiter(marker=ord("*"), length=length, token=len(state.tokens) - 1,
                                          end=-1, open=can_open, close=can_close))
    state.pos = end
    return True


def _runs(tokens: list[Token]) -> list[Run]:
    out: list[Run] = []
    bold = italic = 0
    href: str | None = None
    langs: list[str | None] = []       # open spans' languages (a span without `lang` keeps its parent's)
    for token in tokens:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
        elif kind == "link_close":
            href = None
        elif kind == "span_open":
            lang = token.attrGet("lang")
            langs.append(str(lang) if lang is not None else (langs[-1] if langs else None))
        elif kind == "span_close":
            if langs:
                langs.pop()
        else:
            out.append(Run(token.content, bold > 0, italic > 0, href, langs[-1] if langs else None))
    return out


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs with equal attributes become one (joined once: linear in the text's length)."""
    groups: list[tuple[tuple[bool, bool, str | None, str | None], list[str]]] = []
    for run in runs:
        if not run.text:
            continue
        key = (run.bold, run.italic, run.href, run.lang)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(run.text)
        else:
            groups.append((key, [run.text]))
    return [Run("".join(texts), *key) for key, texts in groups]
