"""RESOLVE, fonts: which faces a document needs and which characters each will draw.

Takes the validated content and layout (and a bilingual edition's translation with its layout) and
returns the `FontSet` (families resolved to files, characters checked for coverage) and the census of
characters per font that the conversion to subsets is made from. Problems go into the given
Diagnostics.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from .catalog import Catalog, Face, design
from .registry import FontRequest, FontSet


def font_requests(layout: Any, texts: list[tuple[tuple[Any, ...], str]] | None = None,
                  catalog: Catalog | None = None) -> list[FontRequest]:
    """One request per (role, weight) the layout's styles and charts draw in; with the content's
    `texts`, also the faces of the other languages its text holds (`span_faces`; Han by design with
    the `catalog` the faces are found in)."""
    from ..model.layouts import resolve_style

    wanted: set[tuple[str, int]] = set()
    for name in layout.styles:
        rs = resolve_style(layout, name)
        wanted |= {(rs.font, rs.weight), (rs.bold_font, rs.bold_weight), (rs.italic_font, 400)}
    wanted |= {(layout.charts.font, 400), (layout.charts.font, 700), ("serif", 400)}
    out = [FontRequest(role, layout.fonts.roles[role].family, weight, layout.fonts.roles[role].italic)
           for role, weight in sorted(wanted) if role in layout.fonts.roles]
    for lang in sorted(text_languages(texts or [])):
        faces = span_faces(layout, lang, catalog)
        out += [FontRequest(f"{role}@{lang}", faces[role][0], weight, faces[role][1])
                for role, weight in sorted(wanted) if role in faces]
    return out


def text_languages(texts: list[tuple[tuple[Any, ...], str]]) -> set[str]:
    """Primary subtags of the languages marked in `texts`, and 'zh' where Han is written (text/lang.py
    marks Han in Latin-language text as Chinese)."""
    from ..text.lang import base, span_languages

    found: set[str] = set()
    for _, text in texts:
        if "]{" in text or any("\u3400" <= c <= "\u9fff" for c in text):
            found.update(base(x) for x in span_languages([text], "und", "zh"))
    return found


def span_faces(layout: Any, lang: str, catalog: Catalog | None = None) -> dict[str, tuple[str, bool]]:
    """role -> (family, italic) for text in `lang` (a primary subtag) inside this layout's text: the
    roles its `languages:` entry for that language (for a Latin-script one without an entry: for 'en')
    sets to another family than the layout's own; for Han without an entry, `han_faces`. Empty when the
    language is set in the layout's faces."""
    from ..model.layouts import language_key
    from ..text.lang import LATIN

    key = language_key(layout.languages, lang) or (language_key(layout.languages, "en") if lang in LATIN else None)
    entry = layout.languages.get(key) if key else None
    fonts = entry.get("fonts") if isinstance(entry, dict) else None
    roles = fonts.get("roles") if isinstance(fonts, dict) else None
    if roles is None and lang in ("zh", "ja") and catalog is not None:
        return han_faces(layout, catalog)
    out: dict[str, tuple[str, bool]] = {}
    for role, spec in (roles or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("family"), str):
            continue
        own = layout.fonts.roles.get(role)
        italic = bool(spec.get("italic", False))
        if own is None or own.family != spec["family"] or own.italic != italic:
            out[role] = (spec["family"], italic)
    return out


HAN_PROBE = ord("中")    # a face that maps it sets Han


def han_faces(layout: Any, catalog: Catalog) -> dict[str, tuple[str, bool]]:
    """role -> (family, False) for Han (and kana) in the text of a role whose face has none (a Latin
    face): the first of the layout's fallback families with Han that is of the role face's design
    (`design`), so that a Chinese name in a sans heading is drawn in the sans CJK face and one in serif
    text in the serif one; the fallback chain alone knows no design and gave every style its first
    family. A role whose design neither face tells keeps the chain."""
    from .convert import cmap_of

    def face(family: str, italic: bool = False) -> Face | None:
        return catalog.find(family, 400, italic)

    latin = {role: own for role, spec in layout.fonts.roles.items()
             if (own := face(spec.family, spec.italic)) is not None and HAN_PROBE not in cmap_of(own)}
    if not latin:                 # a Chinese layout: Han is in its own faces (nothing more is read)
        return {}
    partners = [(family, design(f)) for family in layout.fonts.fallback
                if (f := face(family)) is not None and HAN_PROBE in cmap_of(f)]
    out: dict[str, tuple[str, bool]] = {}
    for role, own in latin.items():
        kind = design(own)
        partner = next((family for family, d in partners if kind is not None and d == kind), None)
        if partner is not None:
            out[role] = (partner, False)
    return out


def resolve_fonts(layout: Any, layout_source: Any, partner: tuple[Any, str] | None, base_dir: Path, source: Any,
                  texts: list[tuple[tuple[Any, ...], str]], diags: Diagnostics) -> FontSet | None:
    """The document's FontSet (None when a family is missing); unreadable paths, missing families and
    characters no font has are reported. `partner`: a bilingual edition's translation layout and
    language."""
    from .coverage import check_coverage
    from .registry import resolve

    extra = [(base_dir / x) for x in layout.fonts.paths]
    catalog = Catalog(extra)
    found = {Path(f.path).resolve() for f in catalog.faces} if any(p.is_file() for p in extra) else set()
    for i, path in enumerate(extra):
        where = layout_source.where(("fonts", "paths", i))
        if not path.exists():
            diags.error("font.path-not-found", f"fonts.paths names {path}, which does not exist", where,
                        "paths are relative to the content file's folder")
        elif path.is_file() and path.resolve() not in found:
            diags.error("font.unreadable", f"{path.name} is not a font file this tool can read", where,
                        "give a TrueType or OpenType font (.ttf, .otf, .ttc, .otc)")
    requests = font_requests(layout, texts, catalog)
    if partner is not None:
        requests += partner_requests(layout, requests, *partner, texts, catalog)
    fontset, missing = resolve(catalog, requests, layout.fonts.fallback)
    for family in sorted(set(missing)):
        named: list[tuple[str | int, ...]] = [("fonts", "roles", r, "family")
                                              for r, v in layout.fonts.roles.items() if v.family == family]
        named += [("fonts", "fallback", i) for i, f in enumerate(layout.fonts.fallback) if f == family]
        diags.error("font.not-found", f"font family '{family}' was not found",
                    layout_source.where(named[0] if named else ("fonts",)),
                    "install it (pip or system), put the file in assets/fonts/, or list it in fonts.paths",
                    "`brochure fonts` lists the families found")
    if missing:
        return None
    check_coverage(texts, fontset, source, diags)
    return fontset


def partner_requests(layout: Any, requests: list[FontRequest], partner_layout: Any, language: str,
                     texts: list[tuple[tuple[Any, ...], str]], catalog: Catalog | None = None) -> list[FontRequest]:
    """A bilingual edition's translation is set in its own language's faces where its layout (with that
    language's `languages:` entry) names other families than the source's: as roles "serif@en" (what
    RenderContext.style looks for first), so the English side of a Chinese brochure is set in Source
    Serif, not in the Latin of a CJK face (whose quotes and apostrophes are full width). Roles and
    weights only the translation's layout names (its italics) are resolved under their own names too.
    Han in the translation falls back to the source's face of the same role."""
    from ..text.lang import base

    known = {(r.role, r.weight) for r in requests}
    roles = layout.fonts.roles
    out: list[FontRequest] = []
    for r in font_requests(partner_layout, texts, catalog):
        own = roles.get(r.role)
        if (r.role, r.weight) not in known:
            out.append(FontRequest(r.role, own.family, r.weight, own.italic) if own else r)
            known.add((r.role, r.weight))
        if own is not None and (own.family, own.italic) != (r.family, r.italic) and "@" not in r.role:
            out.append(FontRequest(f"{r.role}@{base(language)}", r.family, r.weight, r.italic))
    return out


def cjk_dash(language: str) -> bool:
    """Chinese and Japanese draw the dash as one full-width stroke."""
    return bool(language.lower().startswith(("zh", "ja")))


def font_usage(content: Any, layout: Any, partner: tuple[Any, Any] | None) -> dict[Any, str]:
    """The characters each font will draw (render/census.py): running text only in its own faces,
    every other text and the generated labels in all of them. `partner`: a bilingual edition's
    translation and its layout."""
    from ..model.labels import colon, date_text, labels_for
    from ..model.punctuation import normalize_punctuation
    from ..render.census import LATIN_EXTRA, chars_by_font

    meta = content.meta
    words = labels_for(layout.templates, meta.language)
    extra = "".join([words.contents, words.contents_latin, words.intro, words.notes, "0123456789·：——“”",
                     layout.footer.text or "", date_text(meta.date, meta.language) if meta.date else "",
                     colon(meta.language)])
    extra += normalize_punctuation(extra)
    pairs = [(content, layout, extra)] + ([(partner[0], partner[1], "")] if partner else [])
    latin = [c.meta.language for c in (content, partner[0] if partner else None)
             if c is not None and not c.meta.language.lower().startswith(("zh", "ja", "ko"))]
    if not latin:
        return chars_by_font(pairs, normalize_punctuation)      # bilingual: the translation in its layout too
    from ..text.typography import typeset_punctuation

    # the hyphen drawn at a hyphenated line end and the language's punctuation (render/census.py)
    pairs[0] = (content, layout, extra + LATIN_EXTRA)
    def normalize(text: str) -> str:   # either language's marks (the census keeps the typed text too),
        # composed: HarfBuzz draws a letter typed with combining marks as its precomposed glyph ("e\u0301"
        # as é) when the converted file has it
        return unicodedata.normalize("NFC", typeset_punctuation(normalize_punctuation(text), latin[0]))

    return chars_by_font(pairs, normalize)
