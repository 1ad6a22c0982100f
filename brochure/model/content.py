"""The content model: what a brochure says. Validated from YAML; no layout or ReportLab here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator

from .base import BLOCK_TYPES, Model
from .charts import ChartSpec
from .editions import EditionsSpec
from .formats import FormatKind
from .text import Line, NonEmptyLine, NonEmptyParagraphs, Paragraphs


class Meta(Model):
    title: NonEmptyLine
    subtitle: Line | None = None
    edition: Line | None = Field(None, description="edition or year, e.g. '2020'")
    language: str = Field("zh-CN", description="BCP 47 language tag, e.g. zh-CN, en")
    publisher: Line | None = None
    editor: Line | None = None
    author: Line | None = None
    date: dt.date | None = Field(None, description="publication date; also fixes archive timestamps")
    keywords: list[Line] = Field(default_factory=list)
    slug: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                             description="file name stem of the output PDFs")

    @field_validator("title", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return v.strip() if isinstance(v, str) else v


class ImageRef(Model):
    src: Annotated[str, Field(min_length=1)] = Field(description="image file, relative to the content file")
    caption: Line | None = None
    credit: Line | None = None
    alt: Line | None = Field(None, description="alternative text for screen readers; the caption when absent")
    decorative: bool = Field(False, description="pure decoration: left out of the structure tree (an artifact)")
    fit: Literal["cover", "contain"] = "cover"
    focus: tuple[float, float] = Field((0.5, 0.5), description="point kept in view when cropping, 0..1")

    @field_validator("focus")
    @classmethod
    def _focus_range(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not all(0 <= c <= 1 for c in v):
            raise ValueError("focus is [x, y] with both between 0 and 1")
        return v

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, v: Any) -> Any:
        return {"src": v} if isinstance(v, str) else v


class Cover(Model):
    image: ImageRef | None = None
    kicker: Line | None = Field(None, description="small line above the title")


class Figure(Model):
    value: NonEmptyLine = Field(description="the big number, as written: '387', '65万', '76.4%'")
    unit: Line | None = None
    label: NonEmptyLine
    note: Line | None = Field(None, description="comparison or note, e.g. '+9%'")

    @field_validator("value", mode="before")
    @classmethod
    def _number_to_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class Quote(Model):
    text: NonEmptyParagraphs
    cite: Line | None = None


class Table(Model):
    header: list[Line] | None = None
    rows: list[list[Line]] = Field(min_length=1)
    caption: Line | None = None

    @field_validator("rows", mode="before")
    @classmethod
    def _cells_to_text(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [[str(c) if isinstance(c, (int, float)) else c for c in row] if isinstance(row, list)
                    else row for row in v]
        return v


class BlockModel(Model):
    formats: list[FormatKind] | None = Field(
        None, description="the formats that take this block (booklet, leaflet, poster, screen); unset: "
                          "those whose layout takes blocks of its kind (format.takes)")


class Paragraph(BlockModel):
    paragraph: NonEmptyParagraphs


class HeadingBlock(BlockModel):
    heading: NonEmptyLine


class FiguresBlock(BlockModel):
    figures: list[Figure] = Field(min_length=1)


class ChartBlock(BlockModel):
    chart: ChartSpec


class QuoteBlock(BlockModel):
    quote: Quote


class ListBlock(BlockModel):
    list_: list[NonEmptyLine] = Field(alias="list", min_length=1)


class TableBlock(BlockModel):
    table: Table


class ImageBlock(BlockModel):
    image: ImageRef


_TAGS: dict[type[Model], str] = {
    Paragraph: "paragraph", HeadingBlock: "heading", FiguresBlock: "figures", ChartBlock: "chart",
    QuoteBlock: "quote", ListBlock: "list", TableBlock: "table", ImageBlock: "image"}


def _block_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "paragraph"
    if isinstance(value, Model):
        return _TAGS.get(type(value))
    # One key names the block's type; any other key is then the block's own (formats, or a misspelt
    # one, reported as an unknown key with a did-you-mean).
    types = [k for k in value if k in BLOCK_TYPES or k == "paragraph"] if isinstance(value, dict) else []
    return str(types[0]) if len(types) == 1 else None


def _paragraph_from_str(v: Any) -> Any:
    return {"paragraph": v} if isinstance(v, str) else v


Block = Annotated[
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[HeadingBlock, Tag("heading")]
    | Annotated[FiguresBlock, Tag("figures")]
    | Annotated[ChartBlock, Tag("chart")]
    | Annotated[QuoteBlock, Tag("quote")]
    | Annotated[ListBlock, Tag("list")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[ImageBlock, Tag("image")],
    Discriminator(_block_tag),
]


def _paragraphs(v: Any) -> Any:
    return [_paragraph_from_str(item) for item in v] if isinstance(v, list) else v


# A body: a list of blocks, where a plain string is a paragraph (sections and the personal page).
Body = Annotated[list[Block], BeforeValidator(_paragraphs)]


class Section(Model):
    title: NonEmptyLine
    subtitle: Line | None = None
    summary: Paragraphs | None = Field(None, description="a few lines short formats (leaflet, screen) set "
                                                         "instead of the body")
    image: ImageRef | None = None
    body: Body = Field(default_factory=list)


class Back(Model):
    text: Paragraphs | None = None
    contact: list[Line] = Field(default_factory=list)

    @field_validator("contact", mode="before")
    @classmethod
    def _one_line(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class PersonalPage(Model):
    """A page of its own for each recipient, right after the cover (greeting, programme, contacts)."""
    title: Line | None = None
    body: Body = Field(default_factory=list)

    @field_validator("body")
    @classmethod
    def _no_pictures(cls, v: list[Any]) -> list[Any]:
        # A recipient's page is drawn on its own and laid over the shared pages: pictures are placed by
        # the finishing of the shared pages only.
        if any(isinstance(block, ImageBlock) for block in v):
            raise ValueError("the personal page takes text, figures, tables and charts, not pictures")
        return v


class PersonalMail(Model):
    subject: NonEmptyLine = Field(description="subject line of the e-mail draft")
    body: Annotated[str, Field(min_length=1, description="plain-text body of the e-mail draft, line ends kept")]


class Personal(Model):
    """What `brochure batch` personalises per recipient. `{column}` in any text is replaced by that
    column of the recipient's row (`{{` and `}}` for literal braces)."""
    cover: Line | None = Field(None, description="line on the cover, e.g. 'Presented to the delegation of {name}'")
    page: PersonalPage | None = None
    email: PersonalMail | None = None


class Content(Model):
    """A whole brochure's content: the root of a content YAML file."""

    layout: str | None = Field(None, description="layout name or path; --layout overrides it")
    translates: str | None = Field(None, description="a translation: the source content file it translates "
                                   "(relative to this file); it gives the texts, the source the rest")
    meta: Meta
    cover: Cover = Field(default_factory=Cover)
    intro: Paragraphs | None = None
    summary: Paragraphs | None = Field(None, description="the short text of a poster or banner (a few lines)")
    sections: list[Section] = Field(min_length=1)
    back: Back = Field(default_factory=Back)
    personal: Personal | None = Field(None, description="per-recipient cover line, page and e-mail "
                                      "templates for `brochure batch`")
    editions: EditionsSpec = Field(default_factory=EditionsSpec,
                                   description="per-edition settings, e.g. {email: {image_ppi: 120}}")


def iter_text(content: Content) -> list[tuple[tuple[Any, ...], str]]:
    """Every piece of text in the content with its YAML path, for glyph coverage checks."""
    out: list[tuple[tuple[Any, ...], str]] = []

    def walk(obj: Any, path: tuple[Any, ...]) -> None:
        if isinstance(obj, str):
            out.append((path, obj))
        elif isinstance(obj, Model):
            for name, field in type(obj).model_fields.items():
                if name in ("layout", "editions", "slug", "src", "data", "language", "type", "translates", "formats"):
                    continue
                key = field.alias or name
                walk(getattr(obj, name), path + (key,))
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(k, path + (k,))
                walk(v, path + (k,))
        elif isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                walk(v, path + (i,))

    walk(content, ())
    return out
