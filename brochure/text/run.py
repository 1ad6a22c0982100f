"""`Run`: a piece of text with one set of inline attributes, as `parse_inline` returns it.

Its own module, without ReportLab, so that validation (`brochure check`) can read inline markup.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """Literal text with one set of inline attributes."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    lang: str | None = None    # BCP 47 tag of a `[text]{lang=..}` span (or auto-marked Han); None: the paragraph's
