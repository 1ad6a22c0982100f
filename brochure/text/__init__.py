"""TEXT stage helpers for RENDER: inline markup, CJK/Latin line breaking, justification, punctuation.

`TextBlock` is a ReportLab Flowable with our own line breaking (clreq rules, punctuation compression,
Han-Latin spacing, even inter-character justification). `wrap_plain` gives the same line breaks as plain
strings for chart labels. Half-width punctuation is found and fixed in model/punctuation.py
(validation lints it without loading the typesetter).

Latin text takes its own path through the same modules: `typography.py` (the language's punctuation),
`harfbuzz.py` (kerning, ligatures, contextual forms and marks: glyph ids of the drawn file),
`hyphenate.py` (pyphen), `totalfit.py` (Knuth-Plass breaking and
line setting for justified paragraphs); `flowable.py` draws its lines with TJ (`layout/textops.py`).
Chinese and Japanese runs read two font features through `harfbuzz.py`: the half-width forms (`halt`)
give each full-width mark's blank halves, the local forms (`locl`) each language's glyphs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .breaking import Line
    from .flowable import TextBlock
    from .inline import parse_inline
    from .plain import wrap_plain
    from .rules import violations
    from .run import Run
    from .style import TextStyle

# Where each public name lives, imported on first use (PEP 562): a chart label needs `wrap_plain`
# without loading the ReportLab flowable.
_WHERE = {
    "Line": "line", "TextBlock": "flowable", "parse_inline": "inline", "wrap_plain": "plain",
    "violations": "rules", "Run": "run", "TextStyle": "style",
}

__all__ = ["Line", "Run", "TextBlock", "TextStyle", "parse_inline", "violations", "wrap_plain"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
