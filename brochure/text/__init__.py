"""TEXT stage helpers for RENDER: inline markup, CJK/Latin line breaking, justification, punctuation.

`TextBlock` is a ReportLab Flowable with our own line breaking (clreq rules, punctuation compression,
Han-Latin spacing, even inter-character justification). `wrap_plain` gives the same line breaks as plain
strings for chart labels. `find_halfwidth_punctuation`/`normalize_punctuation` lint and fix ASCII
punctuation in Chinese prose.
"""

from __future__ import annotations

from .breaking import Line
from .flowable import TextBlock
from .inline import parse_inline
from .plain import wrap_plain
from .punctuation import find_halfwidth_punctuation, normalize_punctuation
from .rules import violations
from .style import Run, TextStyle

__all__ = ["Line", "Run", "TextBlock", "TextStyle", "find_halfwidth_punctuation", "normalize_punctuation",
           "parse_inline", "violations", "wrap_plain"]
