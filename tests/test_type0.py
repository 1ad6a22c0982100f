"""Fonts embedded once per face as Type 0 / CIDFontType2 with Identity-H (brochure/fonts/type0.py):
the structure of what is written, the ToUnicode CMap read back (a ligature included), one font per face
however many glyphs a page draws, /W equal to the embedded program's advances and to the widths the
layout measured, and the same bytes from every build, in this process and in another one."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont as SFNT
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

import brochure.render.context  # noqa: F401  (ReportLab configured as builds have it: no ASCII85, in every process)
from brochure.fonts.type0 import Type0Font, reads_as
from brochure.preflight.fontinfo import _cid_widths
from brochure.preflight.glyphs import to_unicode
from brochure.text import TextBlock, TextStyle
from brochure.text.harfbuzz import FontFile, shape_run

LATIN = "Affluent offices fly; the fjord’s final efficiency: AVATAR Wavy Tea."
HAN = "天心区的城市治理，经济发展与文化建设。中国长沙“两个维护”！"


def setup_fonts():
    """Source Serif Pro (shaped with HarfBuzz) and Noto Serif SC / Noto Sans CJK SC 700 with the
    characters conftest's CJK fonts hold, registered as builds register them; (Latin style, (Chinese
    serif, Chinese bold sans))."""
    from conftest import EXAMPLE, STRESS_CHARS

    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    han_chars = "".join(sorted(set(STRESS_CHARS) | set(EXAMPLE.read_text(encoding="utf-8")) | set(HAN)))
    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Source Serif Pro", 400),
                                           FontRequest("han", "Noto Serif SC", 400),
                                           FontRequest("sans", "Noto Sans CJK SC", 700)], [])
    assert not missing
    register(fontset.fonts[("serif", 400)], LATIN + "\u00ad", cjk_dash=False)
    register(fontset.fonts[("han", 400)], han_chars, cjk_dash=True)
    register(fontset.fonts[("sans", 700)], han_chars, cjk_dash=True)
    serif = fontset.fonts[("serif", 400)]
    file = FontFile(serif.face.path, serif.face.index, 400, str(serif.file))
    latin = TextStyle(font=serif.name, size=14, leading=18, colour=black, align="left", language="en",
                      han_latin_space=0, has_glyph=fontset.has_glyph,
                      font_file=lambda name: file if name == serif.name else None)
    return latin, (fontset.name("han", 400), fontset.name("sans", 700))


@pytest.fixture(scope="module")
def fonts():
    return setup_fonts()


def make_pdf(fonts, path: Path | None = None) -> bytes:
    """A page with a shaped Latin paragraph, Chinese lines drawn by ReportLab in two faces (as charts and
    running heads are) and a second page repeating them."""
    latin, (serif, sans) = fonts
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(600, 400), invariant=1, initialFontName=serif)   # as builds do: no Helvetica
    for _ in range(2):
        block = TextBlock(LATIN, latin)
        block.wrap(560, 300)
        block.drawOn(canvas, 20, 380 - block.height)
        canvas.setFont(serif, 12)
        canvas.drawString(20, 200, HAN)
        canvas.setFont(sans, 12)
        canvas.drawString(20, 180, HAN[::-1])
        canvas.showPage()
    canvas.save()
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def fonts_of(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The pages' fonts other than the canvas's initial Helvetica (a standard font, never embedded)."""
    seen: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for page in pdf.pages:
        for _, font in page.Resources.Font.items():
            if font.Subtype != "/Type1":
                seen[font.objgen] = font
    return list(seen.values())


def shown(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, bytes]]:
    """(font, string) of every string the pages show, in content order."""
    out = []
    for page in pdf.pages:
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                font = page.Resources.Font[str(operands[0])]
            elif op == "Tj":
                out.append((font, bytes(operands[0])))
            elif op == "TJ":
                out += [(font, bytes(x)) for x in operands[0] if isinstance(x, pikepdf.String)]
    return out


def test_type0_identity_h_structure(fonts) -> None:
    with pikepdf.open(io.BytesIO(make_pdf(fonts))) as pdf:
        found = fonts_of(pdf)
        assert len(found) == 3
        for font in found:
            assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
            assert re.fullmatch(r"/[A-Z]{6}\+[\w-]+", str(font.BaseFont))
            (cid,) = list(font.DescendantFonts)
            assert cid.Subtype == "/CIDFontType2" and cid.BaseFont == font.BaseFont
            info = cid.CIDSystemInfo
            assert (str(info.Registry), str(info.Ordering), int(info.Supplement)) == ("Adobe", "Identity", 0)
            assert cid.CIDToGIDMap == "/Identity"
            desc = cid.FontDescriptor
            assert desc.FontName == font.BaseFont
            program = desc.FontFile2
            assert int(program.Length1) == len(program.read_bytes())
            # PDF/A-1 wants a /CIDSet for a subset: exactly the glyphs the program keeps outlines for
            bits = desc.CIDSet.read_bytes()
            marked = {i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> (i % 8))}
            sfnt = SFNT(io.BytesIO(program.read_bytes()))
            glyf, order = sfnt["glyf"], sfnt.getGlyphOrder()
            outlined = {i for i, n in enumerate(order) if glyf[n].numberOfContours != 0}
            assert outlined <= marked and 0 in marked and max(marked) < len(order)
            assert all(glyf[order[i]].numberOfContours == 0 for i in marked - outlined)   # drawn spaces
            assert isinstance(font.ToUnicode, pikepdf.Stream)
        # no simple fonts, no ReportLab 256-glyph subsets
        assert not any(o.get("/Subtype") == "/TrueType" for o in pdf.objects if isinstance(o, pikepdf.Dictionary))


def test_to_unicode_round_trip_with_ligatures(fonts) -> None:
    """Every shown code read through the font's ToUnicode gives the source text (a ligature glyph its
    letters); pdfium, as a reader's copy, gives it too."""
    data = make_pdf(fonts)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page1 = shown(pdf)[: len(shown(pdf)) // 2]
        maps = {f.objgen: to_unicode(f) for f, _ in page1}
        text = "".join(maps[f.objgen][int.from_bytes(s[i:i + 2], "big")]
                       for f, s in page1 for i in range(0, len(s), 2))
        run = shape_run(fonts[0].font_file(fonts[0].font), LATIN, "en")
        assert run is not None
        ligatures = {glyph[2]: glyph[0] for glyph in run.glyphs(0, len(LATIN)) or [] if glyph[4]}
        assert set(ligatures.values()) == {"ffl", "ffi", "fl", "fi"}
        codes = {int.from_bytes(s[i:i + 2], "big") for f, s in page1 if s and f.objgen == page1[0][0].objgen
                 for i in range(0, len(s), 2)}
        assert set(ligatures) <= codes, "a ligature glyph not drawn"
        for gid, letters in ligatures.items():
            assert maps[page1[0][0].objgen][gid] == letters
    assert text.replace(" ", "") == (LATIN + HAN + HAN[::-1]).replace(" ", "")
    page = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert LATIN in page.replace("\r\n", " ") and HAN in page


def test_one_font_per_face_however_many_glyphs(fonts) -> None:
    """Over 256 distinct characters in one face (ReportLab's simple subsets would be two fonts, switched
    back and forth): one font, one font switch per string."""
    _, (serif, _) = fonts
    font = pdfmetrics.getFont(serif)
    chars = "".join(chr(c) for c in sorted(font.face.charToGlyph) if c > 0x4E00)[:400]
    assert len(chars) > 300
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(600, 400), invariant=1)
    canvas.setFont(serif, 6)
    for row in range(0, len(chars), 60):
        canvas.drawString(10, 380 - row / 6, chars[row:row + 60])
    canvas.showPage()
    canvas.save()
    with pikepdf.open(buf) as pdf:
        assert len(fonts_of(pdf)) == 1
        ops = [str(op.operator) for op in pikepdf.parse_content_stream(pdf.pages[0])]
        assert ops.count("Tf") == ops.count("Tj") + 1     # one per string, and the canvas's initial one
        subset = SFNT(io.BytesIO(fonts_of(pdf)[0].DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
        drawn = {font.face.charToGlyph[ord(c)] for c in chars}
        glyf = subset["glyf"]
        order = subset.getGlyphOrder()
        with_outline = {i for i, name in enumerate(order) if glyf[name].numberOfContours != 0}
        assert with_outline - {0} == drawn - {0}          # subset to exactly the glyphs drawn


def test_widths_are_the_fonts_advances(fonts) -> None:
    """/W (and /DW) give each drawn glyph the advance of the embedded program and the width the layout
    measured with ReportLab."""
    with pikepdf.open(io.BytesIO(make_pdf(fonts))) as pdf:
        strings = shown(pdf)
        for font in fonts_of(pdf):
            cid = font.DescendantFonts[0]
            widths, default = _cid_widths(cid.W), float(cid.DW)
            program = SFNT(io.BytesIO(cid.FontDescriptor.FontFile2.read_bytes()))
            hmtx, upem = program["hmtx"], program["head"].unitsPerEm
            order = program.getGlyphOrder()
            gids = {int.from_bytes(s[i:i + 2], "big") for f, s in strings if f.objgen == font.objgen
                    for i in range(0, len(s), 2)}
            assert gids
            for gid in gids:
                assert abs(widths.get(gid, default) - hmtx[order[gid]][0] * 1000 / upem) < 0.01, gid
    latin, (serif, sans) = fonts
    for name, text in ((latin.font, LATIN), (serif, HAN), (sans, HAN)):
        rl = pdfmetrics.getFont(name)
        adv = rl.advances(sorted({rl.face.charToGlyph[ord(c)] for c in text}))
        for ch in text:
            assert abs(adv[rl.face.charToGlyph[ord(ch)]] - rl.stringWidth(ch, 1000)) < 1e-6


def test_same_bytes_in_process(fonts) -> None:
    assert make_pdf(fonts) == make_pdf(fonts)


def test_is_type0(fonts) -> None:
    latin, (serif, sans) = fonts
    assert all(isinstance(pdfmetrics.getFont(n), Type0Font) for n in (latin.font, serif, sans))
    assert reads_as("ﬃ") == "ffi" and reads_as("\u00a0") == " " and reads_as("中") == "中"


@pytest.mark.slow
def test_same_bytes_in_another_process_with_an_empty_cache(fonts, tmp_path: Path) -> None:
    """Fonts converted and subset afresh in another process (another cache folder) give the same PDF."""
    here, there = tmp_path / "here.pdf", tmp_path / "there.pdf"
    make_pdf(fonts, here)
    script = (f"import sys, pathlib; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_type0; "
              f"test_type0.make_pdf(test_type0.setup_fonts(), pathlib.Path({str(there)!r}))")
    env = {**os.environ, "BROCHURE_CACHE": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert there.read_bytes() == here.read_bytes()


def test_preflight_walk_measures_type0_strings(fonts) -> None:
    """The walker reads the two-byte codes through /W: the box of each Chinese line drawn by ReportLab is
    as wide as ReportLab measured it."""
    from brochure.preflight.walk import walk_pdf

    _, (serif, sans) = fonts
    with pikepdf.open(io.BytesIO(make_pdf(fonts))) as pdf:
        boxes = [s.box for s in walk_pdf(pdf).shown if s.page == 1 and s.box is not None]
    for name, text, y in ((serif, HAN, 200), (sans, HAN[::-1], 180)):
        width = pdfmetrics.getFont(name).stringWidth(text, 12)
        assert any(abs(b[0] - 20) < 0.01 and abs(b[2] - b[0] - width) < 0.01 and b[1] < y < b[3] for b in boxes), \
            (name, width, boxes)


def _without_program(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in fonts_of(pdf):
            del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
            break
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_a_type0_font_without_its_program_is_not_embedded_and_its_twin_is(fonts) -> None:
    from brochure.preflight import Target, run_checks

    data = make_pdf(fonts)
    assert not list(run_checks(data, Target("print"), only={"pdf.font-not-embedded", "pdf.missing-glyph"}))
    found = list(run_checks(_without_program(data), Target("print"), only={"pdf.font-not-embedded"}))
    assert [d.code for d in found] == ["pdf.font-not-embedded"]
    assert re.search(r"font /[A-Z]{6}\+\S+ is not embedded", found[0].message), found[0].message


def test_characters_sharing_a_glyph_each_read_back_as_themselves(fonts) -> None:
    """Source Serif draws the typed and the soft hyphen with one glyph: the second gets a CID of its own,
    /CIDToGIDMap maps both to that glyph, and ToUnicode reads each as what was drawn."""
    latin, _ = fonts
    font = pdfmetrics.getFont(latin.font)
    gid = font.face.charToGlyph[ord("-")]
    assert font.face.charToGlyph[0xAD] == gid
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 100), invariant=1, initialFontName=latin.font)
    canvas.setFont(latin.font, 12)
    canvas.drawString(10, 60, "well-known")
    canvas.drawString(10, 40, "hy\u00ad")
    canvas.drawString(10, 20, "a\u00a0b c-d")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(buf) as pdf:
        (found,) = fonts_of(pdf)
        cid_font = found.DescendantFonts[0]
        mapping = cid_font.CIDToGIDMap.read_bytes()
        unicode = to_unicode(found)
        strings = [s for _, s in shown(pdf)]
        read = ["".join(unicode[int.from_bytes(s[i:i + 2], "big")] for i in range(0, len(s), 2)) for s in strings]
        soft = int.from_bytes(strings[1][4:6], "big")
        widths = _cid_widths(cid_font.W)
        assert soft >= font.face.numGlyphs and int.from_bytes(mapping[2 * soft:2 * soft + 2], "big") == gid
        assert all(int.from_bytes(mapping[2 * c:2 * c + 2], "big") == c for c in range(font.face.numGlyphs))
        assert widths.get(soft, float(cid_font.DW)) == widths.get(gid, float(cid_font.DW))
    assert read == ["well-known", "hy\u00ad", "a b c-d"]


def test_a_glyph_drawn_for_another_text_reads_back_as_it(fonts) -> None:
    """`Type0Font.encode_glyph` (a glyph HarfBuzz chose: a language's local form, a ligature, drawn by
    glyph id): a glyph another text already reads back from gets a CID of its own mapped to it, with the
    advance of that glyph; each code reads back as the text it was drawn for; a character's own glyph is
    drawn as the character."""
    from brochure.layout.textops import show_glyphs

    _, (serif, _) = fonts
    font = pdfmetrics.getFont(serif)
    xin = font.face.charToGlyph[ord("心")]
    a = font.face.charToGlyph[ord("A")]
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 100), invariant=1, initialFontName=serif)
    text = canvas.beginText(10, 50)
    text.setFont(serif, 12)
    show_glyphs(text, ["心", "天", "天", "，", "AA"], [-1, xin, -1, font.face.charToGlyph[ord("，")], a])
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(buf) as pdf:
        (found,) = fonts_of(pdf)
        ((_, codes),) = shown(pdf)
        cids = [int.from_bytes(codes[i:i + 2], "big") for i in range(0, len(codes), 2)]
        cid_font = found.DescendantFonts[0]
        mapping = cid_font.CIDToGIDMap.read_bytes()
        widths = _cid_widths(cid_font.W)
        unicode = to_unicode(found)
    assert cids[0] == xin and cids[1] >= font.face.numGlyphs
    assert int.from_bytes(mapping[2 * cids[1]:2 * cids[1] + 2], "big") == xin
    assert cids[2] == font.face.charToGlyph[ord("天")] and cids[3] == font.face.charToGlyph[ord("，")]
    assert cids[4] == a           # no text read back from A's glyph yet: its own CID, reading "AA"
    assert widths.get(cids[1], float(cid_font.DW)) == widths.get(xin, float(cid_font.DW))
    assert [unicode[c] for c in cids] == ["心", "天", "天", "，", "AA"]


def test_cid_set_from_the_cache_is_the_one_the_program_gives(fonts, tmp_path: Path, monkeypatch) -> None:
    """The glyphs with data (/CIDSet) are read from the subset cache on a warm build: the same bits as
    the program's `loca` table gives when the cache is empty, and as the built PDF carries."""
    from brochure.fonts.type0 import cid_set, glyphs_with_data

    with pikepdf.open(io.BytesIO(make_pdf(fonts))) as pdf:
        descriptors = [list(f.DescendantFonts)[0].FontDescriptor for f in fonts_of(pdf)]
        programs = [(d.FontFile2.read_bytes(), d.CIDSet.read_bytes()) for d in descriptors]
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path))
    for program, written in programs:
        loca = list(SFNT(io.BytesIO(program))["loca"])
        with_data = {g for g in range(len(loca) - 1) if loca[g + 1] > loca[g]}
        cold = glyphs_with_data(program)
        assert list((tmp_path / "embedded").glob("*.held"))
        warm = glyphs_with_data(program)
        assert cold == warm
        assert {i for i in range(len(warm) * 8) if warm[i // 8] & (0x80 >> (i % 8))} == with_data
        marked = {i for i in range(len(written) * 8) if written[i // 8] & (0x80 >> (i % 8))}
        assert cid_set(sorted(marked - with_data), {}, program) == written
