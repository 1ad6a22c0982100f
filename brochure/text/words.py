"""SHAPE, short texts: where the words of a Chinese label begin, so captions, key-figure and chart labels
and the cover and back-cover lines break between words ('示意图', never '示/意图'). Running text keeps
breaking between any two ideographs, as Chinese typesetting does.

Words come from jieba (its dictionary and its HMM for unknown words). Its full dictionary takes seconds
to load, so the tokenizer is given the dictionary's words of up to four characters seen at least
`MIN_FREQ` times (about 80,000), derived once and kept in the brochure cache as a marshal file.
"""

from __future__ import annotations

import io
import logging
import marshal
import os
from functools import lru_cache
from typing import Any

from ..cache import cache_dir, write_atomic

MIN_FREQ = 20
MAX_LEN = 4
_TOKENIZER: Any = None


def tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

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


@lru_cache(maxsize=4096)
def word_starts(text: str) -> frozenset[int]:
    """Offsets in `text` where a word begins."""
    starts, i = set(), 0
    for word in tokenizer().cut(text, HMM=True):
        starts.add(i)
        i += len(word)
    return frozenset(starts)
