"""RESOLVE stage for fonts: layout font roles -> registered ReportLab fonts, plus glyph coverage.

`FontSet` maps a role and weight ("serif", 400) to a ReportLab font name, and answers which font of the
fallback chain has a glyph for a character.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import file_hash
from .catalog import Catalog, Face
from .convert import cmap_of, converted_path

if TYPE_CHECKING:
    from ..warmup import Task

FontKey = tuple[str, int, int]   # face path, face index, weight: one converted file


@dataclass(frozen=True)
class FontRequest:
    role: str       # layout role, e.g. "serif", "sans"
    family: str
    weight: int
    italic: bool = False


@dataclass
class ResolvedFont:
    request: FontRequest
    face: Face
    cmap: frozenset[int]
    file: Path | None = None  # converted TrueType file
    name: str = ""            # ReportLab font name, given when registered: see `register`


@dataclass
class FontSet:
    """The document's fonts; each is registered with ReportLab under a name derived from its converted
    file's bytes."""

    fonts: dict[tuple[str, int], ResolvedFont] = field(default_factory=dict)
    fallbacks: list[ResolvedFont] = field(default_factory=list)
    # Characters a layout drew in a font whose converted file lacked them (see drawn_outside).
    extra: dict[FontKey, set[str]] = field(default_factory=dict)

    def name(self, role: str, weight: int = 400) -> str:
        font = self.fonts[(role, weight)]
        if not font.name:
            raise RuntimeError(f"font {font.request} is not registered yet (fonts.registry.register_all)")
        return font.name

    def chain(self, role: str, weight: int = 400) -> list[ResolvedFont]:
        return [self.fonts[(role, weight)]] + self.fallbacks

    def font_for(self, char: str, role: str, weight: int = 400) -> str | None:
        cp = ord(char)
        for font in self.chain(role, weight):
            if cp in font.cmap:
                return font.name
        return None

    def has_glyph(self, font_name: str, char: str) -> bool:
        for font in list(self.fonts.values()) + self.fallbacks:
            if font.name == font_name:
                return ord(char) in font.cmap
        return False

    def all(self) -> list[ResolvedFont]:
        return list(self.fonts.values()) + self.fallbacks


def rl_name(face: Face, weight: int, path: Path) -> str:
    """The ReportLab name of a converted file: face, weight (italic) and a digest of the file's bytes
    (cache.file_hash: hashed once, then remembered). A name always means the same file, so a font is
    never registered twice under one name."""
    italic = "-italic" if face.italic else ""
    return f"{face.postscript.split('-')[0]}-{weight}{italic}-{file_hash(path)[:16]}"


def register(font: ResolvedFont, chars: Iterable[str], cjk_dash: bool) -> list[str]:
    """Convert (or take from the cache) and register with ReportLab under the content-derived name, as a
    font embedded once per document as Type 0 / Identity-H (fonts/type0.py); returns the names of
    fonts this one retired (see below).

    ReportLab keeps one font per PostScript face name: a second file of the same face (other
    characters: a later build in this process) would be silently drawn with the first file. So the
    font registered for that face before is retired with TTFont.unregister, and its name is no longer
    known to ReportLab (a FontSet still holding it fails loudly instead of drawing from the wrong file).
    """
    from reportlab.pdfbase import pdfmetrics

    from ..layout.rlprivate import import_reportlab

    TTFont = import_reportlab("reportlab.pdfbase.ttfonts").TTFont   # (without ReportLab's own shaping)
    from .type0 import Type0Font

    path = converted_path(font.face, font.request.weight, chars, cjk_dash)
    font.file, font.name = path, rl_name(font.face, font.request.weight, path)
    registered = pdfmetrics.getRegisteredFontNames()
    if font.name in registered:
        return []
    tt = Type0Font(font.name, path)
    retired = []
    for name in registered:
        old = pdfmetrics.getFont(name)
        if isinstance(old, TTFont) and old.face.name == tt.face.name:
            old.unregister()
            retired.append(name)
    pdfmetrics.registerFont(tt)
    return retired


def resolve(catalog: Catalog, requests: list[FontRequest], fallback_families: list[str]
            ) -> tuple[FontSet, list[str]]:
    """Find faces for the requests; returns the set and a list of families that were not found."""
    fontset = FontSet()
    missing: list[str] = []
    for req in requests:
        face = catalog.find(req.family, req.weight, req.italic)
        if face is None:
            missing.append(req.family)
            continue
        fontset.fonts[(req.role, req.weight)] = ResolvedFont(req, face, cmap_of(face))
    for family in fallback_families:
        face = catalog.find(family, 400)
        if face is None:
            missing.append(family)
            continue
        fontset.fallbacks.append(ResolvedFont(FontRequest("fallback", family, 400), face, cmap_of(face)))
    return fontset, missing


def _convert_job(args: tuple[Face, int, str, bool]) -> str:
    face, weight, chars, cjk_dash = args
    return str(converted_path(face, weight, chars, cjk_dash))


def _key(font: ResolvedFont) -> FontKey:
    return (font.face.path, font.face.index, font.request.weight)


def charsets(fontset: FontSet, usage: dict[tuple[str, int] | None, str]) -> dict[FontKey, str]:
    """The characters each converted file must hold. `usage` gives the characters each role font
    (role, weight) draws, and under `None` those any font may draw; `fontset.extra` adds what a layout
    found missing. A fallback holds only what a role font lacks and no earlier fallback has (so a
    fallback nothing falls back to is converted with the base characters alone). Fonts that share a
    file share the union."""
    everywhere = set(usage.get(None, ""))
    # Han in Latin text (roles "sans@zh", fonts/plan.py han_faces) is set in its face with the full-width
    # marks and digits that text/lang.py mark_runs keeps with it, never the labels' Latin letters.
    han_pieces = {c for c in everywhere if _han_piece(c)}
    wanted: dict[FontKey, set[str]] = {}
    for (role, weight), font in fontset.fonts.items():
        shared = han_pieces if role.endswith(("@zh", "@ja")) else everywhere
        wanted.setdefault(_key(font), set()).update(shared, usage.get((role, weight), ""))
    drawn = set().union(*wanted.values())
    # a span's faces (role "serif@en", fonts/plan.py) draw only their language: not a fallback's business
    roles = [font for (role, _), font in fontset.fonts.items() if "@" not in role]
    lacking = {c for c in drawn if any(ord(c) not in r.cmap for r in roles)}
    for font in fontset.fallbacks:
        mine = {c for c in lacking if ord(c) in font.cmap}
        lacking -= mine
        wanted.setdefault(_key(font), set()).update(mine)
    for key, chars in fontset.extra.items():
        wanted.setdefault(key, set()).update(chars)
    return {key: "".join(sorted(v)) for key, v in wanted.items()}


def _han_piece(ch: str) -> bool:
    from ..model.punctuation import is_han

    cp = ord(ch)
    return is_han(ch) or 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF60 or ch.isdigit()


def drawn_outside(fontset: FontSet, measured: dict[str, set[str]]) -> dict[FontKey, str]:
    """Of the characters set in a font whose converted file lacks them (the layout's RenderContext.outside),
    those its face has: what `charsets` did not foresee, by converted file."""
    out: dict[FontKey, set[str]] = {}
    for font in fontset.all():
        missing = {c for c in measured.get(font.name, ()) if ord(c) in font.cmap}
        if missing:
            out.setdefault(_key(font), set()).update(missing)
    return {key: "".join(sorted(chars)) for key, chars in out.items()}


def conversion_tasks(fontset: FontSet, needed: dict[FontKey, str], cjk_dash: bool) -> list[Task]:
    """A task for every converted file (`needed` as charsets gives it) not in the cache yet (cost:
    seconds, about 0.7 ms a drawn glyph)."""
    from ..warmup import Task
    from .convert import is_cached

    unique: dict[FontKey, ResolvedFont] = {}
    for font in fontset.all():
        unique.setdefault(_key(font), font)
    return [Task(0.05 + 0.0007 * len(needed[k]), _convert_job, ((f.face, f.request.weight, needed[k], cjk_dash),))
            for k, f in unique.items() if not is_cached(f.face, f.request.weight, needed[k], cjk_dash)]


def register_all(fontset: FontSet, needed: dict[FontKey, str], cjk_dash: bool) -> list[str]:
    """Register every font with the characters `needed` gives its file (converting here what the cache
    does not have yet); returns the names of the fonts they retired (see `register`), whose measured
    widths are dropped."""
    from ..text.metrics import forget_fonts

    retired: list[str] = []
    for font in fontset.all():
        retired += register(font, needed[_key(font)], cjk_dash)
    mine = {font.name for font in fontset.all()}
    if mine & set(retired):
        clash = sorted(mine & set(retired))
        raise ValueError(f"two different font files of one face in one document: {', '.join(clash)} "
                         "(ReportLab holds one file per PostScript name)")
    forget_fonts(retired)
    return retired
