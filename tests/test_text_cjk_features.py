"""The Chinese engine reads two CJK features of the fonts through HarfBuzz:
- `halt` (half-width forms) decides how much blank a full-width mark may give up and on which side:
  a Simplified Chinese comma has its right half blank, a Traditional Chinese one is centred (a quarter
  em on each side), and compression, line-end hanging and mark pairs follow that;
- `locl` (local forms): the glyph each language wants (the SC face of Noto Sans CJK draws 骨 and 直
  differently for ja and zh-TW) is carried on the glyph as its id in the drawn file.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from reportlab.lib.colors import black

from brochure.text.breaking import layout
from brochure.text.harfbuzz import FontFile
from brochure.text.shape import shape
from brochure.text.style import Run, TextStyle

SIZE = 10.0
TEXT = "天心区，城市治理。「骨直」，天心区，城市治理。"


@pytest.fixture(scope="module")
def fonts():
    """Noto Sans CJK SC, TC and JP at 400, converted and registered: name -> FontFile (with the drawn file)."""
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    fontset, missing = resolve(Catalog(), [FontRequest("sc", "Noto Sans CJK SC", 400),
                                           FontRequest("tc", "Noto Sans CJK TC", 400),
                                           FontRequest("jp", "Noto Sans CJK JP", 400)], [])
    assert not missing
    files = {}
    for role in ("sc", "tc", "jp"):
        font = fontset.fonts[(role, 400)]
        register(font, TEXT, cjk_dash=True)
        files[role] = (font.name, FontFile(font.face.path, font.face.index, 400, str(font.file)))
    return files


def _style(fonts, role: str, locale: str, **kw) -> TextStyle:
    name, file = fonts[role]
    return TextStyle(font=name, size=SIZE, leading=SIZE * 1.6, colour=black, language="zh", locale=locale,
                     font_file=lambda n: file if n == name else None, **kw)


def _cluster(s, text: str, nth: int = 0) -> int:
    return [k for k, t in enumerate(s.text) if t == text][nth]


def test_blank_sides_come_from_the_fonts_half_width_forms(fonts) -> None:
    sc = shape([Run(TEXT)], _style(fonts, "sc", "zh-CN"))
    tc = shape([Run(TEXT)], _style(fonts, "tc", "zh-TW"))
    em = SIZE
    for s, comma in ((sc, (0.0, 0.5)), (tc, (0.25, 0.25))):
        for mark, nth in (("，", 0), ("。", 1)):        # (the first 。 gives its blank to 「 below)
            k = _cluster(s, mark, nth)
            assert (s.shrink_left[k] / em, s.shrink_right[k] / em) == comma, mark
    for role, locale in (("sc", "zh-CN"), ("tc", "zh-TW")):             # brackets: the outer half
        s = shape([Run("天「骨」天")], _style(fonts, role, locale))
        assert (s.shrink_left[1], s.shrink_right[1]) == (em / 2, 0.0)
        assert (s.shrink_left[3], s.shrink_right[3]) == (0.0, em / 2)
    # pair compression: `。「` gives up the full stop's right blank (half an em in SC, a quarter in TC)
    k_sc, k_tc = _cluster(sc, "。"), _cluster(tc, "。")
    assert sc.gap[k_sc] == pytest.approx(-em / 2) and tc.gap[k_tc] == pytest.approx(-em / 4)
    # a full stop at a line end hangs its right blank past the edge
    assert tc.end_comp[_cluster(tc, "。", 1)] == pytest.approx(em / 4)
    assert sc.end_comp[_cluster(sc, "。", 1)] == pytest.approx(em / 2)


def test_japanese_marks(fonts) -> None:
    """Noto Sans CJK JP sets 、。 in the left half (as SC) but centres ：； and has proportional quotes,
    which are not full-width marks at all."""
    s = shape([Run("天、天：天“天”")], _style(fonts, "jp", "ja"))
    assert s.text[:8] == list("天、天：天“天”")
    halves = [(s.shrink_left[k] / SIZE, s.shrink_right[k] / SIZE) for k in (1, 3, 5, 7)]
    assert halves == [(0.0, 0.5), (0.25, 0.25), (0.0, 0.0), (0.0, 0.0)]
    assert s.adv[5] < 0.9 * SIZE and not s.mark[5]


def test_without_the_fonts_feature_the_tables_decide(fonts) -> None:
    """No source face known (font_file None): the hard-coded halves of chars.py (as Noto SC)."""
    name, _ = fonts["tc"]
    s = shape([Run(TEXT)], TextStyle(font=name, size=SIZE, leading=16, colour=black, language="zh"))
    k = _cluster(s, "，")
    assert (s.shrink_left[k], s.shrink_right[k]) == (0.0, SIZE / 2)


def _squeezed(fonts, role: str, locale: str):
    """`TEXT`'s first 9 characters on a line a third of an em too short: the marks are compressed."""
    style = _style(fonts, role, locale, align="justify")
    s = shape([Run(TEXT[:9] + "天心")], style)
    natural = sum(s.adv[:9]) + sum(s.gap[:8]) - s.end_comp[8]
    lines = layout(s, 0, len(s), natural - SIZE / 3, 0.0)
    return s, lines[0]


def test_a_centred_mark_is_compressed_on_both_sides(fonts) -> None:
    for role, locale, left, right in (("sc", "zh-CN", 0.0, 1.0), ("tc", "zh-TW", 0.5, 0.5)):
        s, line = _squeezed(fonts, role, locale)
        chars = [g.ch for g in line.glyphs]
        assert chars[:9] == list(TEXT[:9])
        i = chars.index("，")
        before = line.xs[i] - (line.xs[i - 1] + line.glyphs[i - 1].width)    # blank taken on its left
        after = line.xs[i + 1] - (line.xs[i] + line.glyphs[i].width)       # ... and on its right
        taken = -(before + after)
        assert taken > 0.1 * SIZE
        assert -before == pytest.approx(left * taken, abs=1e-6), role
        assert -after == pytest.approx(right * taken, abs=1e-6), role


def test_local_forms_by_language(fonts) -> None:
    """骨 and 直 in the SC face: their own glyphs for zh-CN, others for ja and zh-TW (ids of the drawn
    file, whose glyphs there are those forms)."""
    name, file = fonts["sc"]
    drawn = TTFont(file.drawn)
    cmap = drawn.getBestCmap()
    order = drawn.getGlyphOrder()
    gids = {}
    for locale in ("zh-CN", "zh-Hans", "ja", "zh-TW"):
        s = shape([Run("骨直，")], _style(fonts, "sc", locale))
        gids[locale] = [g.gid for cluster in s.glyphs for g in cluster]
    assert gids["zh-CN"] == gids["zh-Hans"] == [-1, -1, -1]
    assert gids["ja"][0] >= 0 and gids["ja"][1] >= 0 and gids["ja"][2] == -1
    assert gids["zh-TW"][0] >= 0 and gids["zh-TW"][0] != gids["ja"][0]
    own = drawn.getGlyphID(cmap[ord("骨")])
    for locale in ("ja", "zh-TW"):
        gid = gids[locale][0]
        assert 0 < gid < len(order) and gid != own
        assert drawn["glyf"][order[gid]].numberOfContours > 0        # a drawn outline, not an empty slot


def test_blanks_are_those_of_the_glyph_drawn(fonts, monkeypatch) -> None:
    """The SC face's local form of the comma for zh-TW is the centred Traditional one. While drawing
    goes by character (the SC comma is drawn), its blank is the SC comma's; drawn by glyph id, the
    centred form's."""
    from brochure.text import cjkforms
    from brochure.text import shape as shape_module

    def comma(locale: str) -> tuple[float, float]:
        s = shape([Run("天，天")], _style(fonts, "sc", locale))
        return s.shrink_left[1] / SIZE, s.shrink_right[1] / SIZE

    assert shape_module.LOCAL_FORMS_DRAWN            # text/flowable.py draws the local forms
    cjkforms._HALT.clear()
    assert comma("zh-TW") == (0.25, 0.25)
    assert comma("zh-CN") == (0.0, 0.5)
    monkeypatch.setattr(shape_module, "LOCAL_FORMS_DRAWN", False)
    cjkforms._HALT.clear()
    assert comma("zh-TW") == comma("zh-CN") == (0.0, 0.5)
    cjkforms._HALT.clear()


LOCAL = "骨直天心区，城市治理。骨"


def test_local_forms_are_drawn_and_read_back(fonts, tmp_path) -> None:
    """A paragraph per language in the SC face of Noto Sans CJK, one page each: the PDF shows the glyph
    HarfBuzz chose for the language (骨 and 直 otherwise in ja and zh-TW than in zh-Hans), and the text
    read back through ToUnicode and by pdftotext is exactly the source, though one font draws 骨 with
    three glyphs."""
    import io
    import shutil
    import subprocess

    import pikepdf
    from reportlab.pdfgen.canvas import Canvas

    import brochure.render.context  # noqa: F401  (ReportLab configured as builds have it)
    from brochure.preflight.glyphs import to_unicode
    from brochure.text import TextBlock

    name, _ = fonts["sc"]
    locales = ("zh-Hans", "zh-TW", "ja")
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 100), invariant=1, initialFontName=name)
    wanted = {}
    for locale in locales:
        block = TextBlock(LOCAL, _style(fonts, "sc", locale))
        block.wrap(280, 80)
        assert len(block.lines) == 1
        wanted[locale] = [g.gid for g in block.lines[0].glyphs]
        block.drawOn(canvas, 10, 90 - block.height)
        canvas.showPage()
    canvas.save()
    data = buf.getvalue()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        drawn: dict[str, list[int]] = {}
        for locale, page in zip(locales, pdf.pages, strict=True):
            font, codes = None, b""
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    font = page.Resources.Font[str(operands[0])]
                elif str(operator) == "Tj":
                    codes += bytes(operands[0])
            cids = [int.from_bytes(codes[i:i + 2], "big") for i in range(0, len(codes), 2)]
            cid_font = font.DescendantFonts[0]
            mapping = cid_font.CIDToGIDMap
            table = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else b""
            drawn[locale] = [int.from_bytes(table[2 * c:2 * c + 2], "big") if 2 * c < len(table) else c
                             for c in cids]
            unicode = to_unicode(font)
            assert "".join(unicode[c] for c in cids) == LOCAL, locale
    own = drawn["zh-Hans"]
    assert wanted["zh-Hans"] == [-1] * len(LOCAL)
    for locale in ("zh-TW", "ja"):
        assert drawn[locale] != own
        assert wanted[locale][0] > 0 and wanted[locale][-1] == wanted[locale][0]     # 骨 has a local form
        for k, ch in enumerate(LOCAL):
            if wanted[locale][k] >= 0:            # the local form HarfBuzz chose is what is drawn
                assert drawn[locale][k] == wanted[locale][k] != own[k], ch
            else:                                 # elsewhere the character's own glyph
                assert drawn[locale][k] == own[k], ch
    assert wanted["ja"][1] > 0                    # 直 in ja
    assert drawn["zh-TW"][0] != drawn["ja"][0]
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is installed by .ci/run"
    path = tmp_path / "locl.pdf"
    path.write_bytes(data)
    for n in range(1, 4):
        out = subprocess.run([pdftotext, "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert out.strip("\n\f ") == LOCAL, n


def test_forms_and_blanks_are_kept_beside_the_converted_file(fonts, monkeypatch) -> None:
    """What HarfBuzz gave for a converted file is read back from the cache in a later build: the same
    local forms and blanks, with HarfBuzz out of reach. A damaged entry is worked out anew."""
    from brochure.text import cjkforms

    def answers() -> tuple[list[list[int]], list[tuple[float, float]]]:
        gids = [[g.gid for c in shape([Run("骨直，")], _style(fonts, "sc", loc)).glyphs for g in c]
                for loc in ("zh-CN", "ja", "zh-TW")]
        marks = [(s.shrink_left[1], s.shrink_right[1])
                 for s in (shape([Run("天，天")], _style(fonts, role, loc))
                           for role, loc in (("sc", "zh-CN"), ("sc", "zh-TW"), ("tc", "zh-TW")))]
        return gids, marks

    def forget() -> None:
        for memo in (cjkforms._FORMS, cjkforms._WHOLE, cjkforms._HALT, cjkforms._STORED):
            memo.clear()

    forget()
    first = answers()
    assert first[0][1][0] >= 0 and first[1][0] != first[1][1]      # forms and blanks differ by language
    _, sc = fonts["sc"]
    stored = cjkforms._store_path(sc.drawn)
    assert stored.is_file()

    def unreachable(font):
        raise AssertionError(f"HarfBuzz asked for {font.drawn}")

    forget()
    monkeypatch.setattr(cjkforms, "drawn_face", unreachable)
    assert answers() == first
    monkeypatch.undo()
    stored.write_text("{not json")
    forget()
    assert answers() == first
    assert "forms ja brochure.text.shape._takes_local_form" in stored.read_text(encoding="utf-8")
