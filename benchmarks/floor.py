"""The bare-ReportLab floor of the benchmark: the same story as a brochure, laid out by ReportLab alone.

Same text (the content YAML), same fonts (the TrueType files brochure already converted, given on the
command line), same images (the original JPEG files, drawn with drawImage, no resampling), A4 with the
default layout's margins, a full-bleed cover, a contents page, a section opener per section (picture
on the top 40 %), two columns of CJK-wrapped justified Paragraphs, headings, key figures as a table,
charts as plain bars, quotes, image blocks, a back cover. No validation, no preflight, no finishing,
no ASCII85 (`rl_config.useA85 = 0`), page compression and `invariant` as brochure uses them.

    .venv/bin/python benchmarks/floor.py CONTENT.yaml --fonts SERIF.ttf SANS_BOLD.ttf SANS.ttf --out OUT.pdf
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    Image,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

rl_config.useA85 = 0

MM = 72 / 25.4
PAGE_W, PAGE_H = A4
TOP, BOTTOM, INNER, OUTER, GUTTER = 22 * MM, 22 * MM, 20 * MM, 16 * MM, 7 * MM
TEXT_W = PAGE_W - INNER - OUTER
COL_W = (TEXT_W - GUTTER) / 2
OPENER_H = 0.4 * PAGE_H
HEAD_H = 30 * MM
PRIMARY, INK, MUTED = HexColor("#B3121F"), HexColor("#231F20"), HexColor("#6D6E71")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def register_fonts(paths: list[Path]) -> None:
    for name, path in zip(("Serif", "SansBold", "Sans"), paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Serif", fontSize=10, leading=18, textColor=INK, alignment=TA_JUSTIFY,
                          firstLineIndent=20, wordWrap="CJK")
    return {
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, fontSize=12.5, leading=22),
        "heading": ParagraphStyle("heading", parent=body, fontName="SansBold", fontSize=12, leading=17,
                                  textColor=PRIMARY, firstLineIndent=0, spaceBefore=10, spaceAfter=5),
        "title": ParagraphStyle("title", parent=body, fontName="SansBold", fontSize=26, leading=34,
                                firstLineIndent=0),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName="Sans", fontSize=12, leading=18,
                                   textColor=MUTED, firstLineIndent=0),
        "caption": ParagraphStyle("caption", parent=body, fontName="Sans", fontSize=7.5, leading=11,
                                  textColor=MUTED, firstLineIndent=0),
        "quote": ParagraphStyle("quote", parent=body, fontName="SansBold", fontSize=17, leading=25,
                                textColor=PRIMARY, firstLineIndent=0, spaceBefore=10, spaceAfter=12),
        "figure": ParagraphStyle("figure", parent=body, fontName="SansBold", fontSize=16, leading=20,
                                 textColor=PRIMARY, firstLineIndent=0, alignment=0),
        "cover": ParagraphStyle("cover", parent=body, fontName="SansBold", fontSize=44, leading=56,
                                textColor=white, firstLineIndent=0, alignment=0),
    }


def markup(text: str) -> str:
    """Content text with **bold** as a font change (the rest is escaped)."""
    return BOLD.sub(r'<font name="SansBold">\1</font>', html.escape(str(text), quote=False))


def chart_drawing(chart: dict[str, Any], width: float, st: dict[str, ParagraphStyle]) -> Drawing:
    """The chart's numbers as plain bars with labels (no axes, legends or label fitting)."""
    if "series" in chart:
        labels = [str(c) for c in chart.get("categories", [])]
        values = [float(v) for series in chart["series"].values() for v in series]
    else:
        labels, values = [str(chart.get("label", "")), ""], [float(chart["value"]), float(chart["total"])]
    height = 14 * len(values) + 30
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, str(chart.get("title", "")), fontName="SansBold", fontSize=9.5))
    top, biggest = max(values), height - 30
    for i, value in enumerate(values):
        y = biggest - 14 * i
        drawing.add(Rect(70, y, (width - 80) * value / top, 10, fillColor=PRIMARY, strokeColor=None))
        drawing.add(String(0, y + 2, labels[i % len(labels)][:8] if labels else "", fontName="Sans", fontSize=7))
    return drawing


def figures_table(figures: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> Table:
    cells = [[Paragraph(markup(f"{f['value']}{f.get('unit', '')}"), st["figure"]),
              Paragraph(markup(f["label"]), st["caption"])] for f in figures]
    return Table([[c[0] for c in cells], [c[1] for c in cells]], colWidths=[COL_W / len(cells)] * len(cells))


def image_block(image: dict[str, Any], base: Path, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Image(str(base / image["src"]), width=COL_W, height=COL_W * 2 / 3)]
    if image.get("caption"):
        out.append(Paragraph(markup(image["caption"] + "  " + image.get("credit", "")), st["caption"]))
    return out


def block(item: Any, base: Path, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if isinstance(item, str):
        return [Paragraph(markup(item), st["body"])]
    if "heading" in item:
        return [Paragraph(markup(item["heading"]), st["heading"])]
    if "figures" in item:
        return [figures_table(item["figures"], st), Spacer(1, 12)]
    if "chart" in item:
        return [chart_drawing(item["chart"], COL_W, st), Spacer(1, 14)]
    if "quote" in item:
        return [Paragraph(markup(item["quote"]["text"]), st["quote"])]
    if "image" in item:
        return image_block(item["image"], base, st)
    if "list" in item:
        return [Paragraph("· " + markup(x), st["body"]) for x in item["list"]]
    return []


def story(content: dict[str, Any], base: Path, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [NextPageTemplate("contents"), PageBreak(), Paragraph("目录", st["title"])]
    for i, section in enumerate(content["sections"], start=1):
        out.append(Paragraph(markup(f"{i:02d}  {section['title']}"), st["heading"]))
    if content.get("intro"):
        out.append(Paragraph(markup(content["intro"]), st["lead"]))
    for section in content["sections"]:
        out += [NextPageTemplate("opener"), PageBreak(), Paragraph(markup(section["title"]), st["title"])]
        if section.get("subtitle"):
            out.append(Paragraph(markup(section["subtitle"]), st["subtitle"]))
        out += [NextPageTemplate("body"), FrameBreak()]
        for item in section.get("body", []):
            out += block(item, base, st)
    return out + [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]


class FloorDoc(BaseDocTemplate):
    def __init__(self, out: Path, content: dict[str, Any], base: Path):
        super().__init__(str(out), pagesize=A4, leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
                         pageCompression=1, invariant=1, initialFontName="Serif")
        self.content, self.base = content, base
        self.openers = [s.get("image", {}).get("src") for s in content["sections"]]
        full = Frame(INNER, BOTTOM, TEXT_W, PAGE_H - TOP - BOTTOM, id="full")
        head = Frame(INNER, PAGE_H - OPENER_H - HEAD_H - 9 * MM, TEXT_W, HEAD_H, id="head")
        self.addPageTemplates([
            PageTemplate("cover", [full], onPage=self.cover),
            PageTemplate("contents", [full]),
            PageTemplate("opener", [head] + self.columns(PAGE_H - OPENER_H - HEAD_H - 14 * MM), onPage=self.opener,
                         autoNextPageTemplate="body"),
            PageTemplate("body", self.columns(PAGE_H - TOP), onPage=self.folio),
            PageTemplate("back", [full], onPage=self.back),
        ])

    @staticmethod
    def columns(top: float) -> list[Frame]:
        return [Frame(INNER + i * (COL_W + GUTTER), BOTTOM, COL_W, top - BOTTOM, id=f"col{i}") for i in range(2)]

    def cover(self, canv: Any, doc: Any) -> None:
        canv.drawImage(str(self.base / self.content["cover"]["image"]["src"]), 0, 0, PAGE_W, PAGE_H)
        canv.setFont("SansBold", 44)
        canv.setFillColor(white)
        canv.drawString(INNER, PAGE_H * 0.8, self.content["meta"]["title"])

    def opener(self, canv: Any, doc: Any) -> None:
        src = self.openers.pop(0)
        if src:
            canv.drawImage(str(self.base / src), 0, PAGE_H - OPENER_H, PAGE_W, OPENER_H)
        else:
            canv.setFillColor(PRIMARY)
            canv.rect(0, PAGE_H - OPENER_H, PAGE_W, OPENER_H, stroke=0, fill=1)
        self.folio(canv, doc)

    def folio(self, canv: Any, doc: Any) -> None:
        canv.setFont("SansBold", 8)
        canv.setFillColor(INK)
        canv.drawRightString(PAGE_W - OUTER, BOTTOM - 10 * MM, f"{doc.page:02d}")

    def back(self, canv: Any, doc: Any) -> None:
        canv.setFillColor(PRIMARY)
        canv.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
        canv.setFont("SansBold", 20)
        canv.setFillColor(white)
        canv.drawString(OUTER, PAGE_H * 0.62, self.content.get("back", {}).get("text", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--fonts", type=Path, nargs=3, required=True, metavar="TTF",
                        help="converted TrueType files: body serif, bold sans, regular sans")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    content = yaml.load(args.content.read_text(encoding="utf-8"), Loader=loader)
    register_fonts(args.fonts)
    doc = FloorDoc(args.out, content, args.content.parent)
    doc.build(story(content, args.content.parent, styles()))
    print(f"{args.out}  ({doc.page} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
