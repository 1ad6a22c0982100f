"""pdf.missing-glyph: every kind of font the check reads gets a PDF made here with a code its program has
no glyph for, and a clean twin. The fonts are built with fontTools (a few square glyphs), so the tests need
no font on the machine: a ReportLab TrueType subset (the real case: a character the font lacks becomes
code 0), content streams patched with pikepdf, a Type 0 Identity-H font with and without a CIDToGIDMap
stream, a simple CFF (Type1C) font with /Differences, text inside a form. The built Tianxin example must
be clean, and the check fast on it."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.diagnostics import Diagnostic, Diagnostics, Location
from brochure.preflight import PdfJob, Target, run_checks
from brochure.preflight.glyphs import CACHE_KEY, CODE, HINT, missing_glyph, to_unicode
from brochure.preflight.trace import Placed, Trace
from brochure.preflight.walk import walk_of

TARGET = Target("print")
HERE = Location("content.yaml", 21, 5)
ELSEWHERE = Location("content.yaml", 40, 5)
CHARS = "ABC "                     # what the test fonts can draw
RL_FONT = "GlyphTestTiny"          # the ReportLab name of the TrueType test font


# -- fonts ----------------------------------------------------------------------------------------------

def _square(pen: object) -> None:
    pen.moveTo((50, 0))        # type: ignore[attr-defined]
    pen.lineTo((50, 700))      # type: ignore[attr-defined]
    pen.lineTo((450, 700))     # type: ignore[attr-defined]
    pen.lineTo((450, 0))       # type: ignore[attr-defined]
    pen.closePath()            # type: ignore[attr-defined]


def _builder(names: list[str], truetype: bool) -> FontBuilder:
    fb = FontBuilder(1000, isTTF=truetype)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): _glyph_name(c) for c in CHARS})
    return fb


def _glyph_name(char: str) -> str:
    return "space" if char == " " else char


def _finish(fb: FontBuilder, names: list[str], family: str) -> bytes:
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": f"{family}-Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def tiny_truetype() -> bytes:
    """A TrueType font with glyphs for A, B, C and space only (GIDs: .notdef 0, A 1, B 2, C 3, space 4)."""
    names = [".notdef"] + [_glyph_name(c) for c in CHARS]
    fb = _builder(names, truetype=True)
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            _square(pen)
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    return _finish(fb, names, "Tiny")


def tiny_cff() -> bytes:
    """The bare CFF program of the same font with CFF outlines (what FontFile3 /Type1C holds)."""
    names = [".notdef"] + [_glyph_name(c) for c in CHARS]
    fb = _builder(names, truetype=False)
    charstrings = {}
    for name in names:
        pen = T2CharStringPen(500, None)
        if name != "space":
            _square(pen)
        charstrings[name] = pen.getCharString()
    fb.setupCFF("TinyCFF-Regular", {"FullName": "TinyCFF"}, charstrings, {})
    otf = FontToolsFont(io.BytesIO(_finish(fb, names, "TinyCFF")), lazy=True)
    return otf.reader["CFF "]


@pytest.fixture(scope="module")
def rl_font() -> str:
    """The TrueType test font registered with ReportLab (which subsets it into every PDF)."""
    if RL_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(RL_FONT, io.BytesIO(tiny_truetype())))
    return RL_FONT


# -- PDFs -----------------------------------------------------------------------------------------------

def reportlab_pdf(font: str, *texts: str, form: str | None = None) -> bytes:
    """One page per text, drawn at (20, 20) in 12 pt; `form` is drawn through a form XObject on page 2."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(200, 200))
    if form is not None:
        canvas.beginForm("words")
        canvas.setFont(font, 12)
        canvas.drawString(20, 100, form)
        canvas.endForm()
    for n, text in enumerate(texts):
        canvas.setFont(font, 12)
        canvas.drawString(20, 20, text)
        if form is not None and n == 1:
            canvas.doForm("words")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def patch_strings(data: bytes, replace: Callable[[bytes], bytes]) -> bytes:
    """The PDF with every Tj string of page 1 rewritten (to show codes ReportLab would not write)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        instructions = []
        for instr in pikepdf.parse_content_stream(page):
            operands = list(instr.operands)
            if str(instr.operator) == "Tj":
                operands = [pikepdf.String(replace(bytes(operands[0])))]
            instructions.append((operands, instr.operator))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def hand_made_pdf(font: Callable[[pikepdf.Pdf], pikepdf.Dictionary], content: bytes) -> bytes:
    """A 200×200 page showing `content` with /F1 = the font `font(pdf)` makes."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font(pdf))))
    page.obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def descriptor(pdf: pikepdf.Pdf, key: str, program: pikepdf.Stream, name: str) -> pikepdf.Dictionary:
    desc = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + name), Flags=4,
        FontBBox=[0, -200, 500, 800], ItalicAngle=0, Ascent=800, Descent=-200, CapHeight=700, StemV=80)
    desc[f"/{key}"] = program
    return pdf.make_indirect(desc)


def to_unicode_cmap(pdf: pikepdf.Pdf, entries: dict[str, str]) -> pikepdf.Stream:
    body = "\n".join(f"<{code}> <{uni}>" for code, uni in entries.items())
    text = (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n<0000> <FFFF>\n"
            f"endcodespacerange\n{len(entries)} beginbfchar\n{body}\nendbfchar\n"
            f"1 beginbfrange\n<0100> <0102> <0061>\nendbfrange\nendcmap\nend end")
    return pdf.make_stream(text.encode())


def type0_font(cid_to_gid: bytes | None = None) -> Callable[[pikepdf.Pdf], pikepdf.Dictionary]:
    """A Type 0 Identity-H font over the TrueType test font, CIDToGIDMap /Identity or the given stream;
    ToUnicode names CID 9 (past the font's glyphs) 中."""
    def make(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        program = pdf.make_stream(tiny_truetype())
        mapping = pdf.make_stream(cid_to_gid) if cid_to_gid is not None else pikepdf.Name.Identity
        cid_font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/Tiny-Regular"),
            CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                             Supplement=0),
            FontDescriptor=descriptor(pdf, "FontFile2", program, "Tiny-Regular"), DW=500, CIDToGIDMap=mapping)
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/ABCDEF+Tiny-Regular"),
            Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid_font)],
            ToUnicode=to_unicode_cmap(pdf, {"0001": "0041", "0009": "4E2D"}))
    return make


def truetype_font(encoding: pikepdf.Object) -> Callable[[pikepdf.Pdf], pikepdf.Dictionary]:
    """A simple non-symbolic TrueType font with an /Encoding, as other producers write them (the test
    font has a (3,1) cmap, so codes go by glyph name and Unicode)."""
    def make(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        program = pdf.make_stream(tiny_truetype())
        desc = descriptor(pdf, "FontFile2", program, "Tiny-Regular")
        desc.Flags = 32
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/Tiny-Regular"),
            FirstChar=0, LastChar=255, Widths=[500] * 256, Encoding=encoding, FontDescriptor=desc)
    return make


def type1c_font(encoding: pikepdf.Object) -> Callable[[pikepdf.Pdf], pikepdf.Dictionary]:
    """A simple Type 1 font whose program is the bare CFF of the test font (FontFile3 /Type1C)."""
    def make(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        program = pdf.make_stream(tiny_cff())
        program.Subtype = pikepdf.Name.Type1C
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name("/TinyCFF-Regular"),
            FirstChar=0, LastChar=255, Widths=[500] * 256, Encoding=encoding,
            FontDescriptor=descriptor(pdf, "FontFile3", program, "TinyCFF-Regular"))
    return make


# -- running it -----------------------------------------------------------------------------------------

def found(data: bytes, trace: Trace | None = None) -> list[Diagnostic]:
    return list(run_checks(data, TARGET, trace, only={CODE}))


def one(data: bytes, trace: Trace | None = None) -> Diagnostic:
    diags = found(data, trace)
    assert len(diags) == 1, [d.format() for d in diags]
    d = diags[0]
    assert (d.code, d.severity.value, d.edition) == (CODE, "error", "print")
    assert d.hints == (HINT,)
    return d


# -- ReportLab TrueType subsets -------------------------------------------------------------------------

def test_reportlab_writes_code_0_for_a_character_the_font_lacks(rl_font: str) -> None:
    d = one(reportlab_pdf(rl_font, "ABC", "AB中C"))
    assert d.page == 2
    assert "Tiny-Regular" in d.message and "code 0x00" in d.message
    assert "U+0000" not in d.message          # the subset's ToUnicode says U+0000 for code 0: no help


def test_clean_text_in_the_same_font_does_not_fire(rl_font: str) -> None:
    assert found(reportlab_pdf(rl_font, "ABC", "C B A", "")) == []


def test_a_patched_code_is_named_by_its_character(rl_font: str) -> None:
    """Code 0x44 is in the subset (ReportLab keeps ASCII codes) but maps to .notdef: the font has no D."""
    data = patch_strings(reportlab_pdf(rl_font, "ABC"), lambda s: s.replace(b"B", b"D"))
    d = one(data)
    assert d.page == 1
    assert "'D' (U+0044, code 0x44)" in d.message


def test_a_code_past_the_subset_cmap_is_missing(rl_font: str) -> None:
    d = one(patch_strings(reportlab_pdf(rl_font, "ABC"), lambda s: s + b"\xf0\x00"))
    assert "code 0x00" in d.message and "code 0xF0" in d.message and "2 code(s)" in d.message


def test_the_text_box_finds_the_yaml_location(rl_font: str) -> None:
    trace = Trace()
    trace.add(Placed(1, (0, 150, 200, 200), "heading", ELSEWHERE))
    trace.add(Placed(1, (15, 10, 120, 40), "paragraph", HERE))
    assert one(reportlab_pdf(rl_font, "A中"), trace).location == HERE


def test_text_in_a_form_counts_on_the_page_that_draws_it(rl_font: str) -> None:
    d = one(reportlab_pdf(rl_font, "ABC", "ABC", "ABC", form="B中"))
    assert d.page == 2


def test_q_and_Q_restore_the_font(rl_font: str) -> None:  # noqa: N802 (PDF operator names)
    """After Q the font is the one set before q again: the code 0 below is shown in the test font."""
    data = reportlab_pdf(rl_font, "ABC")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        font = next(k for k, v in page.Resources.Font.items() if str(v.BaseFont).endswith("Tiny-Regular"))
        page.Resources.Font.Helv = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                      BaseFont=pikepdf.Name.Helvetica)
        page.obj.Contents = pdf.make_stream(f"BT {font} 12 Tf 20 20 Td q /Helv 12 Tf Q (\\000) Tj ET".encode())
        out = io.BytesIO()
        pdf.save(out)
    assert "Tiny-Regular" in one(out.getvalue()).message


def test_invisible_text_does_not_count(rl_font: str) -> None:
    """Tr 3 (an OCR layer) prints nothing; after Q the text is visible again."""
    data = reportlab_pdf(rl_font, "ABC")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        font = next(k for k, f in page.Resources.Font.items() if f.get("/Subtype") == "/TrueType")
        page.obj.Contents = pdf.make_stream(f"BT {font} 12 Tf 20 20 Td q 3 Tr (\\000) Tj Q ET".encode())
        hidden = io.BytesIO()
        pdf.save(hidden)
        page.obj.Contents = pdf.make_stream(f"BT {font} 12 Tf 20 20 Td q 3 Tr Q (\\000) Tj ET".encode())
        shown = io.BytesIO()
        pdf.save(shown)
    assert found(hidden.getvalue()) == []
    assert one(shown.getvalue()).page == 1


def test_fonts_it_cannot_read_are_skipped_without_error(rl_font: str) -> None:
    """A standard font (not embedded) and a broken program are other checks' business."""
    assert found(reportlab_pdf("Helvetica", "\x00ABC")) == []
    with pikepdf.open(io.BytesIO(reportlab_pdf(rl_font, "A中"))) as pdf:
        for _, font in pdf.pages[0].Resources.Font.items():
            if "/FontDescriptor" in font:
                font.FontDescriptor.FontFile2.write(b"not a font")
        out = io.BytesIO()
        pdf.save(out)
    assert found(out.getvalue()) == []


# -- Type 0, Identity-H ---------------------------------------------------------------------------------

def test_type0_identity_clean() -> None:
    content = b"BT /F1 12 Tf 20 20 Td <000100020003> Tj [<0004> -20 <0001>] TJ ET"
    assert found(hand_made_pdf(type0_font(), content)) == []


def test_type0_identity_cid_past_the_glyphs_and_cid_0() -> None:
    d = one(hand_made_pdf(type0_font(), b"BT /F1 12 Tf 20 20 Td <00010009> Tj [(\000\000)] TJ ET"))
    assert d.page == 1 and "ABCDEF" not in d.message and "Tiny-Regular" in d.message
    assert "code 0x0000" in d.message and "'中' (U+4E2D, code 0x0009)" in d.message


def test_type0_glyph_count_is_read_from_the_table_directory() -> None:
    """Type 0 TrueType coverage reads maxp's glyph count from the program's table directory (no
    fontTools on a build): the count equals fontTools' for the test font and a shipped face; a program
    cut short inside the directory is left to fontTools (and then to "cannot read")."""
    from brochure.fonts.catalog import Catalog
    from brochure.preflight.glyphs import _glyph_count, _tables

    shipped = sorted(str(face.path) for faces in Catalog().families().values() for face in faces
                     if str(face.path).endswith(".ttf"))
    for program in (tiny_truetype(), Path(shipped[0]).read_bytes()):
        tables = _tables(program)
        assert tables is not None
        assert _glyph_count(program, tables) == FontToolsFont(io.BytesIO(program), lazy=True)["maxp"].numGlyphs
    assert _tables(tiny_truetype()[:20]) is None
    cut = tiny_truetype()
    tables = _tables(cut)
    assert tables is not None
    assert _glyph_count(cut[:tables[b"maxp"][0] + 3], tables) is None


def test_type0_cid_to_gid_map_stream() -> None:
    """CID 1 -> GID 2 (B), CID 2 -> GID 0 (nothing); CID 5 lies past the map."""
    font = type0_font(cid_to_gid=bytes([0, 0, 0, 2, 0, 0]))
    assert found(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td <0001> Tj ET")) == []
    d = one(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td <000100020005> Tj ET"))
    assert "code 0x0002" in d.message and "code 0x0005" in d.message and "0x0001" not in d.message


# -- simple TrueType from other producers --------------------------------------------------------------

def test_non_symbolic_truetype_goes_by_encoding_and_unicode() -> None:
    """WinAnsi 0x80 is the Euro sign, which the font lacks; code 1 is named A by /Differences."""
    encoding = pikepdf.Dictionary(Type=pikepdf.Name.Encoding, BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                  Differences=[1, pikepdf.Name.A])
    font = truetype_font(encoding)
    assert found(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (AB C\001) Tj ET")) == []
    d = one(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (A\200) Tj ET"))
    assert "code 0x80" in d.message and "1 code(s)" in d.message


# -- simple CFF (Type1C) --------------------------------------------------------------------------------

def test_type1c_glyph_names_from_differences() -> None:
    encoding = pikepdf.Dictionary(Type=pikepdf.Name.Encoding, BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                  Differences=[97, pikepdf.Name.A, pikepdf.Name.zzz])
    font = type1c_font(encoding)
    assert found(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (AB Ca) Tj ET")) == []
    d = one(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (ABbD) Tj ET"))
    assert "code 0x62" in d.message and "code 0x44" in d.message and "2 code(s)" in d.message


def test_type1c_builtin_standard_encoding() -> None:
    font = type1c_font(pikepdf.Name.StandardEncoding)
    assert found(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (A B) Tj ET")) == []
    assert "code 0x7A" in one(hand_made_pdf(font, b"BT /F1 12 Tf 20 20 Td (Az) Tj ET")).message


# -- pieces ---------------------------------------------------------------------------------------------

def test_to_unicode_reads_bfchar_and_bfrange() -> None:
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(ToUnicode=to_unicode_cmap(pdf, {"0001": "0041", "0009": "4E2D"}))
    assert to_unicode(font) == {1: "A", 9: "中", 0x100: "a", 0x101: "b", 0x102: "c"}


# -- the example ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_example_has_no_missing_glyphs_and_is_checked_fast(example_build) -> None:
    """Clean in every edition (the build ran the check with its trace), every font really read, and the
    check alone well under 50 ms on the 12 pages (best of three; CPU time of this process, so other
    processes on the shared cores do not count; the bound is loose). The content-stream walk it reads
    is shared by every check of a run, so it is made before the clock starts."""
    assert not [d.format() for d in example_build.diags if d.code == CODE]
    for edition, path in example_build.outputs.items():
        data = path.read_bytes()
        best = float("inf")
        for _ in range(3):
            with pikepdf.open(io.BytesIO(data)) as pdf:
                job, diags = PdfJob(pdf, data, Target(edition)), Diagnostics()
                walk_of(job, "shown")
                start = time.process_time()
                missing_glyph(job, diags)
                best = min(best, time.process_time() - start)
                fonts = job.cache[CACHE_KEY]
        assert not list(diags)
        assert fonts and all(cov is not None for cov in fonts.values()), edition
        assert best < 0.1, f"{edition}: {best * 1000:.0f} ms"


def test_a_font_converted_with_other_characters_gets_its_own_name_and_retires_the_old_one() -> None:
    """ReportLab keeps one file per PostScript face name; a second build in the same process with other
    characters must draw with its own subset (else ReportLab writes code 0). Each file is registered
    under a name derived from its bytes; the older file of the face is retired, never replaced."""
    from reportlab.pdfbase import pdfmetrics

    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    fontset, missing = resolve(Catalog(), [FontRequest("sans", "Noto Sans CJK SC", 700)], [])
    assert not missing
    font = fontset.all()[0]
    register(font, "前", cjk_dash=True)
    first = font.name
    assert ord("言") not in pdfmetrics.getFont(first).face.charToGlyph
    assert register(font, "前", cjk_dash=True) == []          # same file, same name: nothing to do
    assert register(font, "前言", cjk_dash=True) == [first]
    assert font.name != first and first not in pdfmetrics.getRegisteredFontNames()
    assert ord("言") in pdfmetrics.getFont(font.name).face.charToGlyph


# -- our own Type 0 fonts (fonts/type0.py): a character the file lacks is drawn as glyph 0 ---------------

@pytest.fixture(scope="module")
def type0_rl_font(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The TrueType test font registered as the builds register fonts: one Type 0 font per document."""
    from brochure.fonts.type0 import Type0Font
    from brochure.layout.rlprivate import register_beside

    name = "GlyphTestTinyType0"
    if name not in pdfmetrics.getRegisteredFontNames():
        path = tmp_path_factory.mktemp("type0") / "tiny.ttf"
        path.write_bytes(tiny_truetype())
        register_beside(Type0Font(name, path))   # the same face as RL_FONT, as its own font
    return name


def test_type0_font_writes_glyph_0_for_a_character_the_font_lacks(type0_rl_font: str) -> None:
    d = one(reportlab_pdf(type0_rl_font, "ABC", "AB中C"))
    assert d.page == 2 and "Tiny-Regular" in d.message
    assert "'中' (U+4E2D, code 0x0000)" in d.message       # ToUnicode names what glyph 0 stands for


def test_type0_font_clean_text_does_not_fire(type0_rl_font: str) -> None:
    data = reportlab_pdf(type0_rl_font, "ABC", "C B A", "")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [pdf.pages[0].Resources.Font[k] for k in pdf.pages[0].Resources.Font]
        assert "/Type0" in [str(f.Subtype) for f in fonts] and "/TrueType" not in [str(f.Subtype) for f in fonts]
    assert found(data) == []
