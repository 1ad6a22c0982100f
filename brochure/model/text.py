"""Text fields as the content means them, whatever YAML's line folding made of them.

A quoted YAML string with a blank line in it, or a `|` block, carries newlines. Fields drawn on one
line (titles, captions, labels, table cells, chart text) get them folded away: a line end between two
wide (Han, kana, full-width) characters vanishes, elsewhere it becomes one space. Fields that may hold
several paragraphs (paragraphs, the introduction, quotes, the back-cover text) keep each line end as
one "\\n" between paragraphs (YAML has already folded the single line ends of a plain or quoted string
into spaces: those left were meant), and the renderers set each paragraph on its own. Control
characters are reported by `check_characters` with the location of their text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ..diagnostics import Diagnostics
from .source import Source

_BREAK = re.compile(r"[ \t\u3000]*(?:\r\n|[\r\n\u2028\u2029\x85])[\s\u3000]*")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def one_line(value: Any) -> Any:
    """Line ends folded into the text (see the module docstring); tabs become spaces."""
    if not isinstance(value, str):
        return value
    value = value.strip()

    def join(m: re.Match[str]) -> str:
        before = value[m.start() - 1] if m.start() else ""
        after = value[m.end()] if m.end() < len(value) else ""
        return "" if (before and after and _wide(before) and _wide(after)) else " "

    return _BREAK.sub(join, value).replace("\t", " ")


def paragraphs(value: Any) -> Any:
    """Paragraphs separated by exactly one "\\n" (empty ones dropped), tabs as spaces."""
    if not isinstance(value, str):
        return value
    parts = [p.strip().replace("\t", " ") for p in _BREAK.split(value.strip())]
    return "\n".join(p for p in parts if p)


Line = Annotated[str, BeforeValidator(one_line)]
NonEmptyLine = Annotated[str, BeforeValidator(one_line), Field(min_length=1)]
Paragraphs = Annotated[str, BeforeValidator(paragraphs)]
NonEmptyParagraphs = Annotated[str, BeforeValidator(paragraphs), Field(min_length=1)]


def check_characters(texts: list[tuple[tuple[Any, ...], str]], source: Source, diags: Diagnostics) -> None:
    """Control characters (other than the paragraph break) draw as nothing or as a box, and no font
    has them: an error at the text that holds them."""
    for path, text in texts:
        bad = sorted({ch for ch in text if ch != "\n" and (unicodedata.category(ch) == "Cc"
                                                            or ch in "\ufffe\uffff")})
        if bad:
            names = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
            diags.error("text.control-char", f"the text holds control character(s) {names}",
                        source.where(path), "remove them (they often come in with text pasted from "
                        "another program)")
