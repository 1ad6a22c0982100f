"""What every block renderer needs: the layout, the edition, fonts, styles and colours in the edition's
colour space, the content folder for assets, and the diagnostics collector."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color

from ..diagnostics import Diagnostics, Location
from ..editions import EditionSettings
from ..fonts.registry import FontSet
from ..model.colour import Colour
from ..model.content import Content
from ..model.layout import Layout
from ..model.layouts import ResolvedStyle, resolve_style
from ..model.source import Source
from ..text import TextStyle
from ..text.harfbuzz import FontFile
from .colours import rl_colour

# ReportLab wraps every page, form and image stream in ASCII85 by default, in pure Python without its C
# accelerator: seconds of encoding per edition and a quarter more bytes for every image, in a binary
# file where it buys nothing. Streams stay Flate (pages) or DCT (JPEGs) as they are.
rl_config.useA85 = 0


# Styles of short texts that break between words only (text/words.py), not between any two ideographs.
SHORT_TEXTS = frozenset({"caption", "credit", "quote_cite", "section_subtitle", "toc_subtitle", "cover_kicker",
                         "cover_title", "cover_subtitle", "cover_meta", "back_title", "back_text"})


@dataclass
class RenderContext:
    content: Content
    layout: Layout
    edition: EditionSettings
    fonts: FontSet
    base_dir: Path
    source: Source                       # content source map, for locations
    diags: Diagnostics
    geometry: Any = None                 # layout.geometry.Geometry
    personal_page: bool = False          # leave page 2 empty for a recipient's page (batch/)
    partner: RenderContext | None = None  # bilingual: the translation's context (render/bilingual.py)
    # Characters this layout set in a font whose converted file lacks them (font name -> characters),
    # as the text engine noted them through the styles (TextStyle.outside); shared by trial layouts.
    outside: dict[str, set[str]] = field(default_factory=dict)
    _styles: dict[tuple[str, tuple[tuple[str, Any], ...]], TextStyle] = field(default_factory=dict)

    def pair_with(self, content: Content, layout: Layout, source: Source) -> None:
        """Make this a bilingual context: the translation is rendered beside the source with its own
        content, language, layout styles (its `languages:` entry) and locations, sharing the rest."""
        from dataclasses import replace

        self.partner = replace(self, content=content, layout=layout, source=source, _styles={})

    @property
    def cmyk(self) -> bool:
        return self.edition.cmyk

    def colour(self, ref: Colour | str, alpha: float = 1.0) -> Color:
        """A palette name or colour literal in this edition's colour space."""
        return rl_colour(self.layout.colour(ref), self.cmyk, alpha)

    layout_colour = colour

    def where(self, path: tuple[Any, ...]) -> Location:
        return self.source.where(path)

    @cached_property
    def chart_theme(self) -> Any:
        from ..charts.theme import ChartTheme

        charts = self.layout.charts
        return ChartTheme(
            font=self.face(charts.font, 400), bold_font=self.face(charts.font, 700),
            number_font=self.face(charts.font, 900) if (charts.font, 900) in self.fonts.fonts
            else self.face(charts.font, 700),
            size=charts.size.pt(), title_size=charts.title_size.pt(), min_size=charts.min_size.pt(),
            figure_size=charts.figure_size.pt(),
            palette=tuple(self.layout.colour(c) for c in charts.palette),
            text=self.layout.colour("ink"), muted=self.layout.colour("muted"),
            grid=self.layout.colour("rule"), background=self.layout.colour("tint"),
            cmyk=self.cmyk, language=self.content.meta.language)

    @cached_property
    def language(self) -> str:
        return self.content.meta.language.split("-")[0].lower()

    def resolved(self, name: str) -> ResolvedStyle:
        return resolve_style(self.layout, name)

    @cached_property
    def _font_files(self) -> dict[str, FontFile]:
        return {f.name: FontFile(f.face.path, f.face.index, f.request.weight, str(f.file) if f.file else "")
                for f in self.fonts.all()}

    def font_file(self, font_name: str) -> FontFile | None:
        """The source face of a registered font: HarfBuzz shapes Latin text with its layout tables."""
        return self._font_files.get(font_name)

    @cached_property
    def cjk_language(self) -> str:
        """The language of Han in this content's Latin text: its own or the bilingual partner's when
        CJK, else that of the source a translation translates (meta.language), else zh."""
        for c in (self.content, self.partner.content if self.partner else None):
            if c is not None and c.meta.language.lower().startswith(("zh", "ja")):
                return c.meta.language
        return original_language(self.source, self.base_dir) or "zh"

    def _span_fonts(self, rs: ResolvedStyle) -> tuple[tuple[str, str, str | None, str | None], ...]:
        """(language, regular, bold, italic) for each other language this document has faces for
        (fonts/plan.py: roles "serif@en"); a face it lacks is the style's own."""
        fonts = self.fonts.fonts
        langs = sorted({role.split("@")[1] for role, _ in fonts if "@" in role} - {self.language})

        def face(role: str, weight: int, own: str | None) -> str | None:
            for w in (weight, 400):
                if (f"{role}@{lang}", w) in fonts:
                    return self.fonts.name(f"{role}@{lang}", w)
            return own

        out = []
        for lang in langs:
            regular = face(rs.font, rs.weight, None)
            if regular is not None:
                own_bold = self.fonts.name(rs.bold_font, rs.bold_weight)
                out.append((lang, regular, face(rs.bold_font, rs.bold_weight, own_bold),
                            face(rs.italic_font, rs.weight, None)))
        return tuple(out)

    def face(self, role: str, weight: int) -> str:
        """The font of a layout role at a weight, for this content's language: its own language's face
        where the document has one (a bilingual edition's translation: role "serif@en", fonts/plan.py
        partner_requests), else the layout's."""
        own = (f"{role}@{self.language}", weight)
        return self.fonts.name(*own) if own in self.fonts.fonts else self.fonts.name(role, weight)

    def style(self, name: str, **overrides: Any) -> TextStyle:
        """A text style for the layout style `name`, in this edition's colours."""
        key = (name, tuple(sorted(overrides.items())))
        if key in self._styles:
            return self._styles[key]
        rs = self.resolved(name)
        fonts = self.fonts
        regular = self.face(rs.font, rs.weight)
        role_face = fonts.name(rs.font, rs.weight)     # the layout's own: Han in a translation's text
        fallback = tuple(dict.fromkeys(f for f in (role_face, *(f.name for f in fonts.fallbacks)) if f != regular))
        italic_weight = rs.weight if (rs.italic_font, rs.weight) in fonts.fonts or \
            (f"{rs.italic_font}@{self.language}", rs.weight) in fonts.fonts else 400
        values: dict[str, Any] = dict(
            font=regular, size=rs.size, leading=rs.leading,
            colour=rl_colour(rs.colour, self.cmyk),
            bold_font=self.face(rs.bold_font, rs.bold_weight),
            italic_font=self.face(rs.italic_font, italic_weight),
            link_colour=self.colour("primary"),
            align=rs.align, first_indent=rs.first_indent, space_before=rs.space_before,
            space_after=rs.space_after,
            han_latin_space=self.layout.text.han_latin_space.pt(em=1.0, whole=1.0),
            fallback_fonts=fallback, has_glyph=fonts.has_glyph, font_file=self.font_file,
            letter_spacing=rs.letter_spacing / rs.size if rs.size else 0.0,
            keep_with_next=rs.keep_with_next, language=self.language, locale=self.content.meta.language,
            hyphenate=rs.hyphenate and rs.align == "justify", word_space_min=rs.word_space_min,
            word_space_max=rs.word_space_max, letter_stretch=rs.letter_stretch, letter_shrink=rs.letter_shrink,
            expansion=rs.expansion, protrusion=rs.protrusion,
            keep_words=name in SHORT_TEXTS, outside=self.outside, span_fonts=self._span_fonts(rs),
            cjk_language=self.cjk_language,
        )
        values.update(overrides)
        style = TextStyle(**values)
        self._styles[key] = style
        return style


def original_language(source: Source, base_dir: Path) -> str | None:
    """A translation's source language when it is Chinese or Japanese (read from the file it names)."""
    name = source.data.get("translates") if isinstance(source.data, dict) else None
    if not isinstance(name, str):
        return None
    import yaml

    try:
        data = yaml.load((base_dir / name).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader",
                                                                                    yaml.SafeLoader))
        language = data["meta"]["language"]
    except (OSError, yaml.YAMLError, UnicodeDecodeError, KeyError, TypeError):
        return None
    return language if isinstance(language, str) and language.lower().startswith(("zh", "ja")) else None

