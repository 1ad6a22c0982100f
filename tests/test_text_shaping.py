"""HarfBuzz shaping on the Latin text path: kerning and ligatures reach the PDF as the glyph ids HarfBuzz
chose in the drawn (converted) file, and text extraction still gives the source text.

A paragraph in Source Serif Pro is drawn on a real ReportLab canvas; pdfminer reads back the glyphs the
content stream shows and where (it does not apply ActualText, so it reads each glyph through the font's
ToUnicode: a ligature as its letters), pdfium and poppler's pdftotext read the text as a user's copy
would (with ActualText).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont as SFNT
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from brochure.fonts.type0 import reads_as
from brochure.text import TextBlock, TextStyle
from brochure.text.harfbuzz import FontFile, shape_run

# fi, fl, ffi, ffl and ft (Source Serif's f_t has no character of its own: only its glyph id draws it)
TEXT = "AVATAR Tea: the office of Wavy fine flowers, affluent, efficient, after."
SIZE = 20.0
# Contextual forms and marks, by language: (text, a glyph HarfBuzz substitutes, a glyph it moves off its
# pen position). Dutch: a stressed ij takes an acute on the j too (Source Serif's NLD ccmp: a dotless j
# and the acute GPOS places on it). Catalan: the raised dot of the ela geminada, moved between the l's
# by GPOS. English typed with combining marks: the precomposed glyph where the file has it (the census
# asks for the composed letters, fonts/plan.py).
MARKED = {"nl": ("Zij blíjven thuis.", "uni0237", "uni0301"),
          "ca": ("La col·lecció del Col·legi.", "periodcentered", "periodcentered"),
          "en": ("A nai\u0308ve cafe\u0301.", "", "")}


@pytest.fixture(scope="module")
def serif():
    """Source Serif Pro converted for TEXT and MARKED (no presentation forms, no marks asked for: the
    conversion keeps the glyphs GSUB reaches), registered as builds register it; (style, FontFile with
    its drawn file)."""
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Source Serif Pro", 400)], [])
    assert not missing
    marked = "".join(text for text, _, _ in MARKED.values())
    for font in fontset.all():
        register(font, TEXT + "\u00ad" + marked + unicodedata.normalize("NFC", marked), cjk_dash=False)
    font = fontset.fonts[("serif", 400)]
    file = FontFile(font.face.path, font.face.index, 400, str(font.file))
    style = TextStyle(font=font.name, size=SIZE, leading=SIZE * 1.3, colour=black, align="left",
                      language="en", han_latin_space=0, has_glyph=fontset.has_glyph,
                      font_file=lambda name: file if name == font.name else None)
    return style, file


def _names(file: FontFile, text: str, language: str = "en") -> dict[int, str]:
    """Glyph id in the drawn file -> its name in the source face (the converted file keeps no names),
    matched by shaping `text` in both (tests/test_fonts_layout.py: they shape alike)."""
    source = SFNT(file.path).getGlyphOrder()
    src, dst = _harfbuzz(file.path, text, language), _harfbuzz(file.drawn, text, language)
    assert [g[1:] for g in src] == [g[1:] for g in dst]
    return {d[0]: source[s[0]] for s, d in zip(src, dst, strict=True)}


def test_harfbuzz_gives_ligatures_and_kerning_in_the_drawn_file(serif) -> None:
    _, file = serif
    names = _names(file, "office after AVATAR")
    cmap = SFNT(file.drawn).getBestCmap()
    run = shape_run(file, "office after AVATAR", "en")
    assert run is not None
    office = run.glyphs(0, 6)
    assert office is not None and [g[0] for g in office] == ["o", "ffi", "c", "e"]
    assert office[0][2] == -1 and names[office[1][2]] == "f_f_i"      # drawn file's id, by glyph id
    assert office[1][4]                                               # marked as a ligature
    after = run.glyphs(7, 12)
    assert after is not None and [(g[0], names[g[2]] if g[2] >= 0 else "") for g in after] == \
        [("a", ""), ("ft", "f_t"), ("e", ""), ("r", "")]
    assert after[1][2] not in {SFNT(file.drawn).getGlyphID(n) for n in cmap.values()}   # no character draws it
    avatar = run.glyphs(13, 19)
    assert avatar is not None and avatar[0][3]                        # A before V: advance changed (kerned)
    assert avatar[0][1] < 0.664                                       # Source Serif's A: 664 units of 1000
    assert run.glyphs(2, 6) is None                                   # a stretch that cuts the ffi cluster


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


def _shown_gids(path: Path) -> list[int]:
    """The two-byte codes (glyph ids of a Type 0 Identity-H font) the first page shows, in order."""
    import pikepdf

    out: list[int] = []
    with pikepdf.open(path) as pdf:
        for op in pikepdf.parse_content_stream(pdf.pages[0]):
            name = str(op.operator)
            items = op.operands[0] if name == "TJ" else op.operands if name == "Tj" else []
            for item in items:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    out += [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
    return out


def _harfbuzz(path: str, text: str, language: str = "en") -> list[tuple[int, int, int]]:
    """(glyph id, cluster, advance in font units) as HarfBuzz shapes `text` in the font file at `path`."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    hb.shape(font, buf, {"kern": True, "liga": True})
    return [(i.codepoint, i.cluster, p.x_advance) for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)]


def test_kerning_and_ligatures_in_the_pdf(serif, tmp_path: Path) -> None:
    style, file = serif
    path = tmp_path / "shaped.pdf"
    block = _draw(style, TEXT, path)
    assert len(block.lines) == 1
    line = block.lines[0]
    # the content stream shows exactly HarfBuzz's glyph ids in the drawn file (CID = GID), ligatures
    # and f_t included, in order
    shaped = _harfbuzz(file.drawn, TEXT)
    assert _shown_gids(path) == [gid for gid, _, _ in shaped]
    names = _names(file, TEXT)
    drawn = {names[gid] for gid, _, _ in shaped}
    assert {"f_f_i", "f_i", "f_l", "f_f_l", "f_t"} <= drawn
    # each glyph at the position HarfBuzz gives it: after a letter the pen moves by HarfBuzz's advance
    # (kerning in; a word space is the layout's, as wide as the space's own glyph here)
    upem = SFNT(file.drawn)["head"].unitsPerEm
    assert len(line.xs) == len(shaped)
    for n in range(len(shaped) - 1):
        if TEXT[shaped[n][1]] != " ":
            assert abs(line.xs[n + 1] - line.xs[n] - shaped[n][2] * SIZE / upem) < 1e-6, n
    a_v = next(n for n, (_, cluster, _) in enumerate(shaped) if TEXT[cluster:cluster + 2] == "AV")
    assert shaped[a_v][2] < 664                                       # A before V: kerned closer
    # pdfminer reads every glyph through ToUnicode (a ligature as its letters) where the layout put it
    chars = _chars(path)
    visible = [(g.ch, x) for g, x in zip(line.glyphs, line.xs, strict=True) if not g.ch.isspace()]
    assert [c.get_text() for c in chars] == [reads_as(ch) for ch, _ in visible]
    for letters in ("ffi", "fi", "fl", "ffl", "ft"):
        assert letters in [c.get_text() for c in chars], letters
    for c, (_, x) in zip(chars, visible, strict=True):
        assert abs(c.x0 - (20 + x)) < 0.05
    # a reader's copy of the text is the source text, in pdfium and in poppler
    doc = pdfium.PdfDocument(str(path))
    assert doc[0].get_textpage().get_text_range().strip() == TEXT
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == TEXT


def test_forms_no_character_maps_to_are_drawn_by_glyph_id(tmp_path: Path) -> None:
    """Source Sans Pro's Turkish i (`locl`: i.trk, which keeps "fi" apart) and Northern Sami Eng (uni014A.a,
    wider than Ŋ's own glyph) have no character of their own: the Latin path draws them by glyph id at
    HarfBuzz's advance, reading back as the source text; the CJK engine's local forms, which keep the
    character's own advance, refuse the Eng."""
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve
    from brochure.preflight.glyphs import to_unicode
    from brochure.text.cjkforms import local_forms

    text = "Ŋ fikir"
    fontset, missing = resolve(Catalog(), [FontRequest("sans", "Source Sans Pro", 400)], [])
    assert not missing
    font = fontset.fonts[("sans", 400)]
    register(font, text, cjk_dash=False)
    file = FontFile(font.face.path, font.face.index, 400, str(font.file))
    cmap_glyphs = {SFNT(file.drawn).getGlyphID(n) for n in SFNT(file.drawn).getBestCmap().values()}
    sami, turkish = shape_run(file, text, "se"), shape_run(file, text, "tr")
    assert sami is not None and turkish is not None
    eng, i_trk = (sami.glyphs(0, 1) or [])[0], (turkish.glyphs(3, 4) or [])[0]
    assert eng[0] == "Ŋ" and eng[2] > 0 and eng[2] not in cmap_glyphs and abs(eng[1] - 0.647) < 1e-9
    assert i_trk[0] == "i" and i_trk[2] > 0 and i_trk[2] not in cmap_glyphs
    assert local_forms(file, "Ŋ", "se", lambda c: True) is None
    import pikepdf

    style = TextStyle(font=font.name, size=SIZE, leading=SIZE * 1.3, colour=black, align="left", language="tr",
                      han_latin_space=0, has_glyph=fontset.has_glyph,
                      font_file=lambda name: file if name == font.name else None)
    path = tmp_path / "forms.pdf"
    _draw(style, text, path)
    gids = _shown_gids(path)
    assert gids.count(i_trk[2]) == 2
    with pikepdf.open(path) as pdf:
        (found,) = [f for _, f in pdf.pages[0].Resources.Font.items() if f.Subtype == "/Type0"]
        assert to_unicode(found)[i_trk[2]] == "i"
    assert pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range().strip() == text


@pytest.mark.parametrize("language", sorted(MARKED))
def test_contextual_forms_and_marks_are_drawn_where_harfbuzz_puts_them(serif, language: str, tmp_path: Path) -> None:
    """The glyphs HarfBuzz chooses and moves (contextual substitutions, marks, GPOS offsets) are drawn by
    id, each at the offset HarfBuzz gives it from its pen position (a raised glyph with Ts), and the text
    reads back as typed."""
    style, file = serif
    text, glyph, moved = MARKED[language]
    style = replace(style, language=language)
    path = tmp_path / "marks.pdf"
    block = _draw(style, text, path)
    # the content stream shows HarfBuzz's glyphs of the drawn file, in order
    dst = hb.Font(hb.Face(hb.Blob.from_file_path(file.drawn)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    hb.shape(dst, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    assert _shown_gids(path) == [i.codepoint for i in infos]
    names = _names(file, text, language) if glyph else {}
    upem = dst.face.upem
    if glyph:
        assert glyph in names.values() and moved in names.values()
        # every glyph at pen + offset, the pen moved by HarfBuzz's advances (pdfminer applies Ts)
        chars = {c.get_text(): c for c in _chars(path)}
        n = next(n for n, i in enumerate(infos) if names.get(i.codepoint) == moved
                 and (positions[n].x_offset or positions[n].y_offset))
        pen = 20 + block.lines[0].xs[0] + sum(p.x_advance for p in positions[:n]) * SIZE / upem
        x, y = pen + positions[n].x_offset * SIZE / upem, positions[n].y_offset * SIZE / upem
        mark = next(c for c in _chars(path) if abs(c.x0 - x) < 0.02)
        assert abs(mark.y0 - chars["Z" if language == "nl" else "L"].y0 - y) < 0.02    # y0: rise included
    else:   # composed: one glyph for "i\u0308", the file's ï
        assert dst.get_nominal_glyph(ord("ï")) in [i.codepoint for i in infos]
    assert pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range().strip() == text
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == text


def test_unshaped_without_a_source_face(serif, tmp_path: Path) -> None:
    style, _ = serif
    from dataclasses import replace

    block = _draw(replace(style, font_file=None), TEXT, tmp_path / "plain.pdf")
    assert not any(g.ligature or g.kerned or g.gid >= 0 for line in block.lines for g in line.glyphs)
    assert "fi" not in [c.get_text() for c in _chars(tmp_path / "plain.pdf")]


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
    # a ligature is one glyph whose ToUnicode entry gives its letters; f_t ("after", "left"), which no
    # character draws, is there too
    assert sum(g in ("ff", "fi", "fl", "ffi", "ffl", "ft") for g in glyphs) >= 60
    assert glyphs.count("ft") >= 10
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


def test_a_hyphenation_point_inside_a_ligature_keeps_the_ligature(serif) -> None:
    """Justified, hyphenated English: "of|fice" would be set as two fragments, "of" and "ﬁce", each shaped
    alone, and the ffi ligature lost even where no line breaks there. Points inside a ligature are not
    offered; the word's other points are ("differ|ent")."""
    from dataclasses import replace

    from brochure.text.shape import shape
    from brochure.text.style import Run

    style, _ = serif
    hyphenating = replace(style, align="justify", hyphenate=True)
    s = shape([Run("the office, efficient and different")], hyphenating)
    assert s.text == ["the ", "office", ", ", "effi", "cient ", "and ", "differ", "ent"]
    assert [[g.ch for g in c] for c in s.glyphs][1:4] == [["o", "ffi", "c", "e"], [",", " "], ["e", "ffi"]]
    assert [g.ch for g in s.glyphs[6]] == ["d", "i", "ff", "e", "r"]
    assert s.flagged[3] and s.flagged[6] and not s.flagged[1]        # effi|cient and differ|ent still break
