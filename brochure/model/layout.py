"""The layout model: how a brochure looks. Loaded from layouts/*.yaml with `extends:` inheritance.

A layout names page geometry, a grid, font roles, a palette (every colour in RGB and CMYK), paragraph
styles (with `parent:` inheritance), page-template options, and edition settings.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from .base import Located, Model
from .colour import Colour, ColourField
from .editions import EditionsSpec
from .formats import FormatSpec
from .text import Line
from .units import PAGE_SIZES_MM, Length, LengthField

Align = Literal["justify", "left", "center", "right"]
MIN_PAGE_MM = 25
MIN_PAGE_PT = MIN_PAGE_MM * 72 / 25.4


class Margins(Model):
    top: LengthField = Length(20 * 72 / 25.4)
    bottom: LengthField = Length(22 * 72 / 25.4)
    inner: LengthField = Length(20 * 72 / 25.4)
    outer: LengthField = Length(16 * 72 / 25.4)


class PageSpec(Model):
    size: str | tuple[LengthField, LengthField] = Field("A4", description="A4, A5, LETTER... or [w, h]")
    orientation: Literal["portrait", "landscape"] = "portrait"
    bleed: LengthField = Length(3 * 72 / 25.4)
    margins: Margins = Margins()
    binding: Literal["saddle-stitch", "perfect", "none"] = Field(
        "saddle-stitch", description="saddle-stitch pads the page count to a multiple of 4")

    @field_validator("size")
    @classmethod
    def _known_size(cls, v: Any) -> Any:
        if isinstance(v, str) and v.upper() not in PAGE_SIZES_MM:
            raise ValueError(f"unknown page size '{v}'; use one of {', '.join(PAGE_SIZES_MM)} or [w, h]")
        if not isinstance(v, str):
            for i, side in enumerate(v):
                if side.unit != "pt" or side.value < MIN_PAGE_PT:
                    raise Located(f"a page side is an absolute length of at least {MIN_PAGE_MM} mm, "
                                  f"not {side}", (i,))
        return v

    def trim_pt(self) -> tuple[float, float]:
        if isinstance(self.size, str):
            w_mm, h_mm = PAGE_SIZES_MM[self.size.upper()]
            w, h = w_mm * 72 / 25.4, h_mm * 72 / 25.4
        else:
            w, h = self.size[0].pt(), self.size[1].pt()
        return (max(w, h), min(w, h)) if self.orientation == "landscape" else (w, h)


class GridSpec(Model):
    columns: int = Field(2, ge=1, le=4)
    gutter: LengthField = Length(6 * 72 / 25.4)


class FontRole(Model):
    family: str = Field(min_length=1, description="font family name, e.g. 'Noto Serif SC'")
    italic: bool = Field(False, description="the family's italic faces (for *emphasis* in Latin text)")


class FontsSpec(Model):
    roles: dict[str, FontRole] = Field(default_factory=dict, description="role name -> family")
    fallback: list[str] = Field(default_factory=list, description="families tried for missing glyphs")
    paths: list[str] = Field(default_factory=list, description="extra font files or folders")


class StyleSpec(Model):
    parent: str | None = None
    font: str | None = Field(None, description="a font role from fonts.roles")
    weight: int | None = Field(None, ge=100, le=900)
    bold_weight: int | None = Field(None, ge=100, le=900, description="weight for **bold** runs")
    bold_font: str | None = Field(None, description="font role for **bold** runs")
    italic_font: str | None = Field(None, description="font role for *emphasis* runs")
    size: LengthField | None = None
    leading: LengthField | None = None
    colour: ColourField | None = None
    align: Align | None = None
    first_indent: LengthField | None = None
    space_before: LengthField | None = None
    space_after: LengthField | None = None
    letter_spacing: LengthField | None = None
    keep_with_next: bool | None = None
    hyphenate: bool | None = Field(None, description="Latin text: hyphenate words (justified styles only, "
                                   "never headings), by the content's language")
    word_space_min: float | None = Field(None, gt=0, le=1, description="justified Latin text: the "
                                         "narrowest word space, as a share of the font's space")
    word_space_max: float | None = Field(None, ge=1, le=4, description="justified Latin text: the widest "
                                         "word space, as a share of the font's space")
    letter_stretch: float | None = Field(None, ge=0, le=0.1, description="justified Latin text: em a "
                                         "line's letters may be spaced out, with its word spaces")
    letter_shrink: float | None = Field(None, ge=0, le=0.1, description="justified Latin text: em a "
                                        "line's letters may be drawn closer")
    expansion: float | None = Field(None, ge=0, le=0.05, description="justified Latin text: the share "
                                    "by which a line's glyphs may be drawn wider or narrower (font expansion, "
                                    "as pdfTeX's and InDesign's glyph scaling), with its word spaces; 0 is off")
    protrusion: bool | None = Field(None, description="justified Latin text: stops, commas, hyphens and "
                                    "quotes hang partly into the margin (optical margin alignment)")

    @field_validator("size", "leading")
    @classmethod
    def _positive(cls, v: Length | None) -> Length | None:
        if v is not None and v.value <= 0:
            raise ValueError(f"must be greater than zero, not {v}")
        return v


class CoverSpec(Model):
    overlay: ColourField = "ink"
    overlay_opacity: float = Field(0.55, ge=0, le=1)
    title_position: float = Field(0.1, ge=0, le=1, description="title block top, share of page height from the top")


class OpenerSpec(Model):
    image_height: LengthField = Field(Length(42, "%"), description="share of the page height (the makeup may "
                                      "choose another of makeup.opener_heights)")
    band: ColourField = "primary"


class ContentsSpec(Model):
    title: Line | None = Field(None, description="contents page title (default: in the content's language)")
    title_latin: Line | None = Field(None, description="small Latin line under the title; \"\" for none")
    intro_title: Line | None = Field(None, description="heading of the introduction box; \"\" for none")


class NotesSpec(Model):
    title: Line | None = Field(None, description="title of the note pages (default: in the content's language)")
    lines: bool = True


class BackSpec(Model):
    background: ColourField = "primary"


class TemplatesSpec(Model):
    cover: CoverSpec = CoverSpec()
    opener: OpenerSpec = OpenerSpec()
    contents: ContentsSpec = ContentsSpec()
    notes: NotesSpec = NotesSpec()
    back: BackSpec = BackSpec()


class HeaderSpec(Model):
    enabled: bool = True
    rule: bool = True


class FooterSpec(Model):
    page_numbers: bool = True
    text: Line | None = Field(None, description="text beside the page number; {title}, {edition}")


class ChartsSpec(Model):
    palette: list[ColourField] = Field(default_factory=lambda: list[ColourField](["primary"]))
    font: str = "sans"
    size: LengthField = Length(7.5)
    title_size: LengthField = Length(9.5)
    min_size: LengthField = Length(6)
    figure_size: LengthField = Field(Length(22), description="key-figure numbers (shrunk to fit a tile)")


class TextSpec(Model):
    normalize_punctuation: bool = Field(True, description="set punctuation by the language: ASCII ,:;!?() "
                                        "next to Han made full width; in Latin text curly quotes, dashes, "
                                        "ellipses and no-break spaces")
    han_latin_space: LengthField = Field(Length(0.25, "em"), description="space between Han and Latin")


class ImagesSpec(Model):
    min_ppi: float = Field(150, gt=0, description="print: an error below this effective resolution")
    warn_ppi: float = Field(300, gt=0, description="print: a warning below this")


class PreflightSpec(Model):
    """Limits the preflight checks hold a finished PDF to."""

    safety_margin: LengthField = Field(Length(5 * 72 / 25.4),
                                       description="text and important elements stay this far inside the trim")
    ink_limit: float = Field(300.0, ge=100, le=400, description="total area coverage limit, % (print)")
    min_line_width: LengthField = Field(Length(0.25), description="thinner strokes are hairlines")
    sparse_page: float = Field(0.6, ge=0, le=1, description="a body page (other than the last) whose type "
                               "area is inked less than this share, measured down each column as a reader "
                               "sees it, is reported as half empty")


class MakeupSpec(Model):
    """The moves the page makeup may make so that pages have no holes and no half-empty pages. The
    result depends only on content and layout (the same input gives the same pages)."""

    float_figures: bool = Field(True, description="a picture, chart, table or key-figure block that does not "
                                "fit where it falls moves to the top of the next column or page, and the "
                                "text that follows fills the column")
    run_on: bool = Field(True, description="a section may start on the last page of the section before it, "
                         "under a divider, instead of on an opener page of its own")
    run_on_space: float = Field(0.4, ge=0, le=1, description="a section runs on only where the section before "
                                "it leaves at least this share of the page's type area free")
    opener_heights: list[LengthField] = Field(
        default_factory=list, description="the opener picture heights the makeup may choose from (one for "
                                          "every opener of the brochure, so titles share one grid line); "
                                          "empty: templates.opener.image_height only")
    closing: float = Field(0.4, ge=0, le=1, description="when the brochure's last body page is left at least "
                           "this share of its type area blank, the back cover's text moves up into a closing "
                           "panel there (the back cover keeps the contact lines); 1 never")


class Layout(Model):
    """A complete, merged layout."""

    name: str = "custom"
    description: str = ""
    extends: str | None = None
    page: PageSpec = PageSpec()
    format: FormatSpec = FormatSpec()
    grid: GridSpec = GridSpec()
    fonts: FontsSpec = FontsSpec()
    palette: dict[str, ColourField] = Field(default_factory=dict)
    styles: dict[str, StyleSpec] = Field(default_factory=dict)
    templates: TemplatesSpec = TemplatesSpec()
    header: HeaderSpec = HeaderSpec()
    footer: FooterSpec = FooterSpec()
    charts: ChartsSpec = ChartsSpec()
    text: TextSpec = TextSpec()
    images: ImagesSpec = ImagesSpec()
    preflight: PreflightSpec = PreflightSpec()
    makeup: MakeupSpec = Field(default_factory=MakeupSpec)
    editions: EditionsSpec = Field(default_factory=EditionsSpec,
                                   description="per-edition settings, e.g. {email: {image_ppi: 120}}")
    languages: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="overrides for content in a language ('en', 'zh', …) or for "
        "bilingual editions ('bilingual'), e.g. {en: {styles: {body: {first_indent: 1em}}}}")

    def colour(self, ref: Colour | str) -> Colour:
        """A colour literal, or a palette name followed through its aliases (cycles are reported by
        check_layout; here they end in a KeyError rather than endless recursion)."""
        seen: set[str] = set()
        while not isinstance(ref, Colour):
            if ref in seen:
                raise KeyError(f"palette colour '{ref}' refers to itself")
            seen.add(ref)
            ref = self.palette[ref]
        return ref


# Every style a renderer asks for; a layout must define them all (base.yaml does).
REQUIRED_STYLES = (
    "body", "lead", "heading", "section_number", "section_title", "section_subtitle", "caption",
    "credit", "quote", "quote_cite", "list", "table", "table_header", "header", "footer",
    "toc_title", "toc_number", "toc_entry", "toc_subtitle", "toc_page", "cover_kicker", "cover_title",
    "cover_subtitle", "cover_meta", "back_title", "back_text", "notes_title",
)
