"""HarfBuzz shaping on the Latin text path: kerning and ligatures reach the PDF, and text extraction still
gives the source text.

A paragraph in Source Serif Pro is drawn on a real ReportLab canvas; pdfminer reads back the glyphs the
content stream shows and where (it does not apply ActualText, so it sees the ligature glyph's own
character), pdfium reads the text as a user's copy would (with ActualText).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from brochure.fonts.type0 import reads_as
from brochure.text import TextBlock, TextStyle
from brochure.text.harfbuzz import FontFile, shape_run

TEXT = "AVATAR Tea: the office of Wavy fine flowers, affluent and efficient."
SIZE = 20.0


@pytest.fixture(scope="module")
def serif():
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Source Serif Pro", 400)], [])
    assert not missing
    for font in fontset.all():
        register(font, TEXT + "ﬀﬁﬂﬃﬄ\u00ad", cjk_dash=False)
    font = fontset.fonts[("serif", 400)]
    file = FontFile(font.face.path, font.face.index, 400)
    style = TextStyle(font=font.name, size=SIZE, leading=SIZE * 1.3, colour=black, align="left",
                      language="en", han_latin_space=0, has_glyph=fontset.has_glyph,
                      font_file=lambda name: file if name == font.name else None)
    return style, file


def test_harfbuzz_gives_ligatures_and_kerning(serif) -> None:
    _, file = serif
    run = shape_run(file, "office AVATAR", "en")
    assert run is not None
    office = run.glyphs(0, 6)
    assert office is not None and [g[0] for g in office] == ["o", "ﬃ", "c", "e"]
    assert office[1][3]                                    # marked as a ligature
    avatar = run.glyphs(7, 13)
    assert avatar is not None and avatar[0][2]             # A before V: advance changed (kerned)
    assert avatar[0][1] < run.nominal["A"]
    assert run.glyphs(2, 6) is None                        # a stretch that cuts the ffi cluster


def _draw(style: TextStyle, text: str, path: Path) -> TextBlock:
    canvas = Canvas(str(path), pagesize=(900, 200), invariant=1)
    block = TextBlock(text, style)
    block.wrap(860, 180)
    block.drawOn(canvas, 20, 180 - block.height)
    canvas.showPage()
    canvas.save()
    return block


def _chars(path: Path) -> list[LTChar]:
    out: list[LTChar] = []
    for page in extract_pages(str(path)):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        out += [c for c in line if isinstance(c, LTChar) and not c.get_text().isspace()]
    return out


def _shown_gids(path: Path) -> set[int]:
    """The two-byte codes (glyph ids of a Type 0 Identity-H font) the first page shows."""
    import pikepdf

    out: set[int] = set()
    with pikepdf.open(path) as pdf:
        for op in pikepdf.parse_content_stream(pdf.pages[0]):
            name = str(op.operator)
            items = op.operands[0] if name == "TJ" else op.operands if name == "Tj" else []
            for item in items:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    out.update(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    return out


def test_kerning_and_ligatures_in_the_pdf(serif, tmp_path: Path) -> None:
    style, _ = serif
    path = tmp_path / "shaped.pdf"
    block = _draw(style, TEXT, path)
    assert len(block.lines) == 1
    chars = _chars(path)
    # the ligature glyphs are drawn (glyph ids in the Type 0 font), and read back as their letters
    from reportlab.pdfbase import pdfmetrics

    gids = _shown_gids(path)
    to_glyph = pdfmetrics.getFont(style.font).face.charToGlyph
    for ligature in ("ﬃ", "ﬁ", "ﬂ", "ﬄ"):
        assert to_glyph[ord(ligature)] in gids, ligature
    shown = [c.get_text() for c in chars]
    for letters in ("ffi", "fi", "fl", "ffl"):
        assert letters in shown, (letters, shown)
    # A-V kerned: the V starts closer to the A than the A's own advance
    a, v = chars[0], chars[1]
    assert (a.get_text(), v.get_text()) == ("A", "V")
    advance_a = style.size * 0.664                         # Source Serif Pro's A: 664 units of 1000
    assert v.x0 - a.x0 < advance_a - 0.5
    # positions in the PDF are the ones the layout computed
    line = block.lines[0]
    drawn = [(g.ch, x) for g, x in zip(line.glyphs, line.xs, strict=True) if not g.ch.isspace()]
    assert [c.get_text() for c in chars] == [reads_as(ch) for ch, _ in drawn]
    for c, (_, x) in zip(chars, drawn, strict=True):
        assert abs(c.x0 - (20 + x)) < 0.05
    # a reader's copy of the text is the source text
    doc = pdfium.PdfDocument(str(path))
    assert doc[0].get_textpage().get_text_range().strip() == TEXT


def test_unshaped_without_a_source_face(serif, tmp_path: Path) -> None:
    style, _ = serif
    from dataclasses import replace

    block = _draw(replace(style, font_file=None), TEXT, tmp_path / "plain.pdf")
    assert not any(g.ligature or g.kerned for line in block.lines for g in line.glyphs)
    assert "ﬁ" not in "".join(c.get_text() for c in _chars(tmp_path / "plain.pdf"))


def test_reportlab_private_names_used_for_tj_still_exist(serif, tmp_path: Path) -> None:
    """brochure/layout/textops.py writes TJ through these ReportLab internals: fail loudly if they go."""
    from brochure.layout.textops import PRIVATE_NAMES

    style, _ = serif
    canvas = Canvas(str(tmp_path / "x.pdf"))
    text = canvas.beginText()
    text.setFont(style.font, 10)
    from reportlab.pdfbase import pdfmetrics

    objects = {"PDFTextObject": text, "Canvas": canvas, "TTFont": pdfmetrics.getFont(style.font)}
    for kind, names in PRIVATE_NAMES.items():
        for name in names:
            assert hasattr(objects[kind], name), f"ReportLab's {kind} has no {name} any more"


def test_a_latin_line_is_one_tj_per_font(serif, tmp_path: Path) -> None:
    """Kerning and word spaces go into TJ adjustments: one show operator per font and colour."""
    import pikepdf

    style, _ = serif
    path = tmp_path / "tj.pdf"
    _draw(style, "AVATAR Tea: Wavy Yellow", path)
    with pikepdf.open(path) as pdf:
        ops = [str(op.operator) for op in pikepdf.parse_content_stream(pdf.pages[0])]
    assert ops.count("TJ") + ops.count("Tj") == 1, ops


@pytest.mark.slow
def test_english_example_pdf_is_kerned_ligated_and_reads_as_its_source(tmp_path: Path) -> None:
    """The English example (email edition) in a fresh process: kerning adjustments and ligature glyphs in
    the content streams, every hyphen a soft one, and each body paragraph read back by pdfium exactly as
    its source text (after the language's punctuation), lines joined."""
    import re
    import subprocess
    import sys

    import pikepdf
    import yaml

    from brochure.text.typography import typeset_punctuation

    example = Path(__file__).resolve().parents[1] / "examples" / "tianxin-2020" / "brochure.yaml"
    r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(example), "--lang", "en",
                        "--edition", "email", "--out", str(tmp_path), "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    pdf_path = tmp_path / "tianxin-2020-en-email.pdf"
    adjustments = shows = 0
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "TJ":
                    adjustments += sum(isinstance(x, (int, float, pikepdf.Object)) and not
                                       isinstance(x, pikepdf.String) for x in operands[0])
                shows += str(operator) in ("TJ", "Tj")
    assert adjustments > 1000 and shows < 1000, (adjustments, shows)
    glyphs = [c.get_text() for c in _chars(pdf_path)]
    # a ligature is one glyph whose ToUnicode entry gives its letters
    assert sum(g in ("ff", "fi", "fl", "ffi", "ffl") for g in glyphs) >= 20
    shown = "".join(glyphs)
    assert "-\n" not in shown
    # The type area of each page (running heads and folios left out), pictures' captions and other
    # texts set between the columns taken out, in reading order.
    doc = pdfium.PdfDocument(str(pdf_path))
    mm = 72 / 25.4
    text = ""
    for page in doc:
        width, height = page.get_size()
        text += page.get_textpage().get_text_bounded(left=0, bottom=20 * mm, right=width, top=height - 20 * mm)
    # pdfium reports a hyphen drawn at a line end as U+0002 (U+FFFE in get_text_range), leaving it to the
    # client whether the word goes on; here it is a typed one ("hundred-" / "million"): soft hyphens
    # never reach the text.
    assert "\u00ad" not in text
    flat = re.sub(r"\s+", "", text.replace("\x02", "-").replace("\ufffe", "-"))
    data = yaml.safe_load(example.with_suffix(".en.yaml").read_text(encoding="utf-8"))
    paragraphs = [data["intro"]] + [b for s in data["sections"] for b in s.get("body", []) if isinstance(b, str)]

    missing = []
    for paragraph in paragraphs:
        source = re.sub(r"\s+", "", typeset_punctuation(paragraph, "en").replace("**", "").replace("*", ""))
        if not _spelled(flat, source):
            missing.append(source[:60])
    assert not missing, missing


def _spelled(flat: str, source: str, pieces: int = 4, gap: int = 600) -> bool:
    """Is `source` in `flat` as at most `pieces` stretches in order, each following the last within
    `gap` characters (a paragraph interrupted by a picture's caption or a column of something else)?"""
    at = flat.find(source[:20])
    while at >= 0 and pieces > 0:
        n = 20
        while n < len(source) and flat.startswith(source[:n + 1], at):
            n += 1
        if n == len(source):
            return True
        source, pieces = source[n:], pieces - 1
        nxt = flat.find(source[:20], at + n)
        at = nxt if 0 <= nxt <= at + n + gap else -1
    return False
