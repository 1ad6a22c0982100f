"""VALIDATE stage, text: half-width punctuation pasted next to Chinese text (`中国,北京`)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from .punctuation import find_halfwidth_punctuation
from .source import Source


def check_punctuation(texts: list[tuple[tuple[Any, ...], str]], source: Source, diags: Diagnostics,
                      normalised: bool, language: str) -> None:
    if not language.lower().startswith(("zh", "ja")):
        return
    for path, text in texts:
        found = find_halfwidth_punctuation(text)
        if not found:
            continue
        shown = "、".join(f"'{c}'→'{s}'" for _, c, s in found[:4]) + ("…" if len(found) > 4 else "")
        fix = ("the build normalises them (text.normalize_punctuation: true)" if normalised
               else "set text.normalize_punctuation: true in the layout, or fix the text")
        diags.warning("text.halfwidth-punct",
                      f"{len(found)} half-width punctuation mark(s) next to Chinese text: {shown}",
                      source.where(path), fix)
