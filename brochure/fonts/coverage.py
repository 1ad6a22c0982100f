"""Glyph coverage: every character of the content must exist in some font of its chain.

A character no font has is an error at the YAML location of the text (never a blank or a tofu box).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..diagnostics import Diagnostics
from ..model.source import Source
from .registry import FontSet


def check_coverage(texts: list[tuple[tuple[Any, ...], str]], fontset: FontSet, source: Source,
                   diags: Diagnostics) -> None:
    fonts = fontset.all()
    covered: dict[str, bool] = {}
    for path, text in texts:
        missing: list[str] = []
        for ch in text:
            if ch in covered:
                ok = covered[ch]
            else:
                ok = ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or any(
                    ord(ch) in f.cmap for f in fonts)
                covered[ch] = ok
            if not ok and ch not in missing:
                missing.append(ch)
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in missing[:5])
            families = ", ".join(sorted({f.request.family for f in fonts}))
            diags.error("font.missing-glyph", f"no font has a glyph for {shown}", source.where(path),
                        f"fonts searched: {families}; add a font with these characters to "
                        "fonts.fallback in the layout, or replace the characters")
