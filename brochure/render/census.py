"""Which characters each font will draw, known before any font is converted.

Converting a CFF face to TrueType costs about 0.7 ms a glyph, so a cold build should convert for each
font only what it draws. Running text (paragraphs, list items, the introduction) is almost all of a
brochure's characters and is drawn in its style's regular face, with the bold and italic faces only for
the `**bold**` and `*emphasis*` runs in it. Every other text (titles, captions, charts, figures,
tables, labels) is given to every font: small, and never worth a wrong guess.

A guess that is still wrong costs time, not glyphs: the layout notes characters a font drew but was not
converted with, and the edition is converted again and laid out once more (`render_edition`).
"""

from __future__ import annotations

from typing import Any

from ..model.content import iter_text
from ..model.layouts import resolve_style
from ..text.inline import parse_inline
from ..text.lang import base, mark_runs

# What Latin text draws besides its characters: the soft hyphen at a hyphenated line end, and the
# no-break space, dashes and ellipsis the language's punctuation sets. Ligatures and contextual forms
# need no character: the converted file keeps every glyph its layout tables reach (fonts/convert.py).
LATIN_EXTRA = "\u00ad\u00a0–—…"
FontId = tuple[str, int]          # layout role and weight, as FontSet keys them
# Content paths drawn as running text, by the style that draws them.
RUNNING = {"paragraph": "body", "list": "list"}


def running_style(path: tuple[Any, ...]) -> str | None:
    """The style a content text is set in when it is running text (inline markup in one style)."""
    if path == ("intro",):
        return "lead"
    if len(path) >= 5 and path[0] == "sections" and path[2] == "body":
        return RUNNING.get(path[4])
    return None


def chars_by_font(contents: list[tuple[Any, Any, str]], normalize: Any = None) -> dict[FontId | None, str]:
    """Characters per font (role, weight) for the (content, layout, extra) given (one, or a bilingual
    edition's two); the `None` entry is drawn by any font (every text that is not running text, plus
    `extra`: labels, digits and other generated text). `normalize` gives the text as it will be set
    (punctuation normalised), kept together with the text as typed."""
    everywhere: set[str] = set()
    fonts: dict[FontId | None, set[str]] = {}
    for n, (content, layout, extra) in enumerate(contents):
        everywhere.update(extra)
        _collect(content, layout, normalize, everywhere, fonts, translation=n > 0)
    fonts[None] = everywhere
    return {key: "".join(sorted(chars)) for key, chars in fonts.items()}


def _collect(content: Any, layout: Any, normalize: Any, everywhere: set[str],
             fonts: dict[FontId | None, set[str]], translation: bool = False) -> None:
    """`translation`: a bilingual edition's translation, whose running text is drawn in its own
    language's faces where the document has them (roles "serif@en", fonts/plan.py partner_requests)."""
    own = content.meta.language
    for path, text in iter_text(content):
        variants = {text, normalize(text)} if normalize else {text}
        name = running_style(path)
        if name is None or name not in layout.styles:
            for variant in variants:
                everywhere.update(variant.replace("\n", ""))   # paragraph breaks are not drawn
            continue
        rs = resolve_style(layout, name)
        for variant in variants:
            for run in mark_runs(parse_inline(variant), own, "zh"):
                if run.bold:
                    wanted = [(rs.bold_font, rs.bold_weight)]
                elif run.italic:
                    wanted = [(rs.italic_font, rs.weight), (rs.italic_font, 400)]
                else:
                    wanted = [(rs.font, rs.weight)]
                drawn = run.text.replace("\n", "")
                if translation:
                    wanted += [(f"{role}@{base(own)}", weight) for role, weight in wanted]
                if run.lang and base(run.lang) != base(own):   # its language's faces (fonts/plan.py)
                    wanted += [(f"{role}@{base(run.lang)}", weight) for role, weight in wanted]
                    drawn += LATIN_EXTRA     # what a Latin span draws besides its text (text/shape.py)
                for key in wanted:
                    fonts.setdefault(key, set()).update(drawn)


__all__ = ["FontId", "chars_by_font", "running_style"]
