"""RESOLVE for one recipient's pages: the document's fonts again, converted with exactly the characters
of this recipient's personal texts and registered under names of their own.

A copy must be what a build for that recipient alone writes, whoever else is in the batch, so the
characters of a recipient's pages decide their fonts (not the union over all recipients). The
converted files are cached by character set like every other converted font; the glyph store makes a
new set cost only its assembly. The fonts of the shared pages are not touched.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostics, Location
from ..fonts.convert import BASE_CHARS
from ..fonts.registry import FontSet, ResolvedFont, charsets, converted_path


def personal_fontset(base: FontSet, chars: str) -> FontSet:
    """A copy of `base` whose fonts are named after `chars` (every character of the recipient's pages,
    drawn by any font)."""
    digest = hashlib.sha256("".join(sorted(set(chars + BASE_CHARS))).encode()).hexdigest()[:10]
    names = {f.name: f"{f.name}-p{digest}" for f in base.all()}

    def renamed(font: ResolvedFont) -> ResolvedFont:
        return replace(font, name=names[font.name], file=None)

    return FontSet({k: renamed(f) for k, f in base.fonts.items()}, [renamed(f) for f in base.fallbacks])


def register_personal(fontset: FontSet, chars: str, cjk_dash: bool, drawing: list[tuple[str, int]]) -> list[str]:
    """Convert (cache) and register every font of `fontset`: the fonts `drawing` names (role, weight) with
    `chars`, the others with the base characters only (one cached file for every recipient); returns
    the names registered, for `unregister`."""
    from ..fonts.type0 import Type0Font
    from ..layout.rlprivate import register_beside

    needed = charsets(fontset, {key: chars for key in drawing})
    done: list[str] = []
    for font in fontset.all():
        if font.name in done:
            continue
        key = (font.face.path, font.face.index, font.request.weight)
        path = converted_path(font.face, font.request.weight, needed[key], cjk_dash)
        font.file = path
        register_beside(Type0Font(font.name, path))
        done.append(font.name)
    return done


def unregister(names: list[str]) -> None:
    """Forget a recipient's fonts and everything measured with them (memory stays flat over a batch)."""
    from ..layout.rlprivate import forget_registration
    from ..text.metrics import forget_fonts

    for name in names:
        forget_registration(name)
    forget_fonts(names)


def check_names(values: dict[str, str], fontset: FontSet, roles: list[tuple[str, int]],
                where: dict[str, Location], diags: Diagnostics) -> None:
    """Every character of the recipient's values that the personal pages draw must be in a font of
    the chain of each style that draws it: else the row is refused, at its column."""
    for column, value in values.items():
        missing: list[str] = []
        for ch in value:
            if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or ch in missing:
                continue
            if any(fontset.font_for(ch, role, weight) is None for role, weight in roles
                   if (role, weight) in fontset.fonts):
                missing.append(ch)
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in missing[:5])
            families = ", ".join(sorted({f.request.family for f in fontset.all()}))
            diags.error("recipients.missing-glyph", f"no font of the layout has {shown} ({column})",
                        where.get(column), f"fonts searched: {families}",
                        "add a font that has these characters to fonts.fallback in the layout")


def roles_of(layout: Any, styles: list[str]) -> list[tuple[str, int]]:
    """The (role, weight) fonts that set the given layout styles."""
    from ..model.layouts import resolve_style

    out: set[tuple[str, int]] = set()
    for name in styles:
        rs = resolve_style(layout, name)
        out |= {(rs.font, rs.weight), (rs.bold_font, rs.bold_weight), (rs.italic_font, rs.weight),
                (rs.italic_font, 400)}
    return sorted(out)
