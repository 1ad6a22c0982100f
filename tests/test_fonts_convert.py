"""Font conversion: glyphs drawn once per face and weight are kept, so new characters cost only
themselves, and the converted file does not depend on what was kept."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from brochure.fonts import convert as cv
from brochure.fonts.catalog import Catalog
from brochure.fonts.registry import FontRequest, resolve


@pytest.fixture
def bold(tmp_path, monkeypatch):
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "cache"))
    fontset, missing = resolve(Catalog(), [FontRequest("sans", "Noto Sans CJK SC", 700)], [])
    assert not missing
    return fontset.all()[0].face


def charset(text: str) -> list[int]:
    return sorted({ord(c) for c in text} | {ord(c) for c in cv.BASE_CHARS})


def test_kept_glyphs_give_the_same_bytes_and_are_not_drawn_again(bold, monkeypatch) -> None:
    first = cv.convert(bold, 700, charset("温暖之城"), True)
    kept = len(cv.GlyphStore(bold, 700).glyphs)

    def no_drawing(*args, **kwargs):
        raise AssertionError("a kept glyph was drawn again")

    with monkeypatch.context() as m:
        m.setattr(cv, "_quadratic", no_drawing)
        m.setattr(cv.FreeTypeOutlines, "quadratic", no_drawing)
        assert cv.convert(bold, 700, charset("温暖之城"), True) == first
    more = cv.convert(bold, 700, charset("温暖之城天心"), True)
    # only 天 and 心 were drawn, with the local forms (locl) of other languages the font has for them
    added = TTFont(io.BytesIO(more))["maxp"].numGlyphs - TTFont(io.BytesIO(first))["maxp"].numGlyphs
    assert added >= 2
    assert len(cv.GlyphStore(bold, 700).glyphs) == kept + added
    cmap = TTFont(io.BytesIO(more)).getBestCmap()
    assert all(ord(c) in cmap for c in "温暖之城天心")


def test_freetype_and_fonttools_draw_the_same_glyphs(bold) -> None:
    """FreeType reads the outlines (fast); fontTools is the fallback: same advances, points within
    rounding, for glyphs of every kind (Han, Latin, digits, punctuation)."""
    from fontTools.pens.areaPen import AreaPen

    source = TTFont(bold.path, fontNumber=bold.index, lazy=True)
    fast = cv.FreeTypeOutlines.open(source, 700, bold)
    assert fast is not None
    glyphs = source.getGlyphSet(location={"wght": 700.0}, normalized=False)
    best = source.getBestCmap()
    for ch in "温暖之城中国天心ABCgaQ0123，。“”（）":
        name = best[ord(ch)]
        slow, slow_w = cv._quadratic(glyphs[name], True)
        quick, quick_w = fast.quadratic(source.getGlyphID(name), True)
        assert quick_w == slow_w, ch
        areas = []
        for g in (slow, quick):
            pen = AreaPen()
            g.draw(pen, None)
            areas.append(pen.value)
        assert abs(areas[0] - areas[1]) <= 0.01 * abs(areas[0]), ch


def test_without_freetype_fonttools_draws_them(bold, monkeypatch) -> None:
    monkeypatch.setattr(cv.FreeTypeOutlines, "open", classmethod(lambda cls, *a: None))
    out = cv.convert(bold, 700, charset("温暖"), True)
    assert all(ord(c) in TTFont(io.BytesIO(out)).getBestCmap() for c in "温暖")


def test_a_damaged_store_is_ignored(bold) -> None:
    cv.convert(bold, 700, charset("之"), True)
    store = cv.GlyphStore(bold, 700)
    store.path.write_text("{not json")
    out = cv.convert(bold, 700, charset("之"), True)
    assert ord("之") in TTFont(io.BytesIO(out)).getBestCmap()


def test_metrics_from_glyph_headers_match_fonttools_recalculation(bold) -> None:
    """maxp, head's box and flags and hhea's extents are read from the compiled glyph headers; fontTools
    expanding every glyph and recalculating must find the same values."""
    data = cv.convert(bold, 700, charset("温暖之城，天心区 Tianxin 2020——"), True)
    ours = TTFont(io.BytesIO(data))
    theirs = TTFont(io.BytesIO(data))
    theirs["maxp"].recalc(theirs)
    theirs["hhea"].recalc(theirs)
    assert theirs["maxp"].maxPoints > 0 and theirs["maxp"].maxContours > 0
    for table, fields in (("maxp", ("numGlyphs", "maxPoints", "maxContours", "maxCompositePoints",
                                    "maxCompositeContours", "maxComponentElements", "maxComponentDepth")),
                          ("head", ("xMin", "yMin", "xMax", "yMax", "flags")),
                          ("hhea", ("advanceWidthMax", "minLeftSideBearing", "minRightSideBearing",
                                    "xMaxExtent"))):
        for name in fields:
            assert getattr(ours[table], name) == getattr(theirs[table], name), (table, name)


def test_the_catalog_counts_a_font_once_however_it_is_reached(tmp_path) -> None:
    """A font folder of the layout's `fonts.paths` with a link to a font the catalog finds elsewhere, a
    linked folder and a copy: the linked font is the one face it already was, the copy a face of its
    own (the catalog keys files by their real path, resolving a folder once for all its files)."""
    import shutil
    from pathlib import Path

    base = Catalog()
    source = Path(next(f.path for f in base.faces if f.path.endswith(".ttf")))
    shown = tmp_path / "fonts"
    (shown / "sub").mkdir(parents=True)
    (shown / "link.ttf").symlink_to(source)
    shutil.copy(source, shown / "sub" / "copy.ttf")
    (tmp_path / "real").mkdir()
    (shown / "linked-folder").symlink_to(tmp_path / "real")
    shutil.copy(source, tmp_path / "real" / "other.ttf")
    both = Catalog([shown, tmp_path / "real"])
    faces = [(f.path, f.index) for f in both.faces]
    assert len(faces) == len(set(faces))
    paths = [f.path for f in both.faces]
    assert paths.count(str(shown / "sub" / "copy.ttf")) == 1
    assert paths.count(str(tmp_path / "real" / "other.ttf")) == 1     # through its folder, not the link
    assert str(shown / "link.ttf") not in paths                        # the font it links to is known
    assert len(both.faces) == len(base.faces) + 2
