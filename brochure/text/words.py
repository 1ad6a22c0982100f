"""SHAPE, short texts: where the words of a Chinese label begin, so captions, key-figure and chart labels
and the cover and back-cover lines break between words ('示意图', never '示/意图'). Running text keeps
breaking between any two ideographs, as Chinese typesetting does.

Words come from jieba (its dictionary and its HMM for unknown words). Its full dictionary takes seconds
to load, so the tokenizer is given the dictionary's words of up to four characters seen at least
`MIN_FREQ` times (about 80,000), derived once and kept in the brochure cache as a marshal file.

Even trimmed, importing and loading jieba costs a few tenths of a second, more than laying out a whole
brochure. A label's word starts depend on nothing but its text (and jieba's dictionary), so they are kept
in the cache as well (`starts-….marshal`, one mapping text -> starts): a build whose labels were all seen
before never imports jieba.
"""

from __future__ import annotations

import contextlib
import io
import logging
import marshal
import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..cache import cache_dir, write_atomic

MIN_FREQ = 20
MAX_LEN = 4
STARTS_VERSION = 1               # raise when what a starts entry means changes
_TOKENIZER: Any = None
_STARTS: dict[str, frozenset[int]] | None = None    # this process's known texts (loaded from the cache)


def tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        path = cache_dir("words") / f"jieba-{jieba.__version__}-{MIN_FREQ}-{MAX_LEN}.marshal"
        try:
            tok.FREQ, tok.total = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            source = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
            with open(source, encoding="utf-8") as f:
                kept = [line for line in f
                        if len(parts := line.split()) >= 2 and len(parts[0]) <= MAX_LEN
                        and parts[1].isdigit() and int(parts[1]) >= MIN_FREQ]
            tok.FREQ, tok.total = tok.gen_pfdict(io.BytesIO("".join(kept).encode("utf-8")))
            write_atomic(path, marshal.dumps((tok.FREQ, tok.total)))
        tok.initialized = True
        _TOKENIZER = tok
    return _TOKENIZER


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba only uses it to open its own data files (and falls
    back to plain `open` without it), and importing pkg_resources alone takes about 0.13 s."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]   # `import pkg_resources` fails
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _starts_path() -> Path:
    """The cached starts, named after the jieba files they come from (found without importing it) and
    the trimming, so that another jieba or dictionary never reads them."""
    spec = find_spec("jieba")
    origin = Path(spec.origin) if spec is not None and spec.origin else Path("jieba")
    stamp = []
    for f in (origin, origin.parent / "dict.txt"):
        try:
            st = f.stat()
            stamp.append(f"{st.st_size:x}{st.st_mtime_ns:x}")
        except OSError:
            stamp.append("0")
    return cache_dir("words") / f"starts-{STARTS_VERSION}-{'-'.join(stamp)}-{MIN_FREQ}-{MAX_LEN}.marshal"


def _read_starts(path: Path) -> dict[str, frozenset[int]]:
    try:
        raw = marshal.loads(path.read_bytes())
        return {text: frozenset(starts) for text, starts in raw.items()}
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        return {}


def known_starts() -> dict[str, frozenset[int]]:
    """The texts whose word starts this process knows, read from the cache once."""
    global _STARTS
    if _STARTS is None:
        _STARTS = _read_starts(_starts_path())
    return _STARTS


def prepare() -> None:
    """Before the editions fork: read the known starts, and load jieba only when none are known yet (a
    first build with this cache: its labels are all new, and the editions share one loaded tokenizer)."""
    if not known_starts():
        tokenizer()


def word_starts(text: str) -> frozenset[int]:
    """Offsets in `text` where a word begins."""
    known = known_starts()
    found = known.get(text)
    if found is None:
        starts, i = set(), 0
        for word in tokenizer().cut(text, HMM=True):
            starts.add(i)
            i += len(word)
        found = known[text] = frozenset(starts)
        _remember(text, found)
    return found


def _remember(text: str, starts: frozenset[int]) -> None:
    """Add a new text to the cached starts (with whatever other builds added meanwhile); a failed write
    only costs the next build the same work again."""
    path = _starts_path()
    merged = {t: sorted(s) for t, s in _read_starts(path).items()}
    merged[text] = sorted(starts)
    with contextlib.suppress(OSError):
        write_atomic(path, marshal.dumps(merged))
