"""Converted faces keep their layout tables: HarfBuzz shapes a converted file (CFF and variable faces
redrawn as TrueType, static TrueType faces subset) exactly as it shapes the source face, for Chinese,
Japanese and English text, with the default features, the half-width forms (`halt`) and the local
forms (`locl`) of each language; and the glyph each id names in the converted file is the source glyph
HarfBuzz chose there (same advance, same outline box)."""

from __future__ import annotations

import io

import pytest
import uharfbuzz as hb
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from brochure.fonts import convert as cv
from brochure.fonts.catalog import Catalog

TEXT = "温暖之城，天心之治。“城市”（治理）、骨直刃角；《说明》：「直」！ Tianxin office AVATAR 2020"
FACES = [("Noto Serif SC", 400), ("Noto Sans CJK SC", 700), ("Noto Sans CJK TC", 400),
         ("Source Serif Pro", 400)]
LANGUAGES = ("zh-Hans", "zh-TW", "ja", "en")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog()


def _shape(font: hb.Font, text: str, language: str, features: dict[str, bool]) -> list[tuple[int, ...]]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = language
    hb.shape(font, buf, features)
    return [(i.codepoint, i.cluster, p.x_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)]


def _bounds(glyphset, name: str) -> tuple[float, ...]:
    pen = BoundsPen(glyphset)
    glyphset[name].draw(pen)
    return tuple(pen.bounds or (0, 0, 0, 0))


@pytest.mark.parametrize(("family", "weight", "subsetter"), [(f, w, "harfbuzz") for f, w in FACES]
                         + [("Noto Sans CJK SC", 700, "fonttools")])
def test_converted_face_shapes_as_its_source(catalog: Catalog, family: str, weight: int, subsetter: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """HarfBuzz's subsetter makes the layout tables of drawn faces; fontTools' where it cannot."""
    if subsetter == "fonttools":
        monkeypatch.setattr(cv, "_hb_layout_subset", lambda *args: None)
    face = catalog.find(family, weight)
    assert face is not None
    charset = sorted({ord(c) for c in TEXT} | {ord(c) for c in cv.BASE_CHARS})
    data = cv.convert(face, weight, charset, cjk_dash=False)
    converted = TTFont(io.BytesIO(data))
    source = TTFont(face.path, fontNumber=max(face.index, 0), lazy=True)
    assert "GSUB" in converted and "GPOS" in converted
    assert "fvar" not in converted                      # a variable face is an instance at the weight
    src = hb.Font(hb.Face(hb.Blob.from_file_path(face.path), max(face.index, 0)))
    if face.weight_range:
        src.set_variations({"wght": float(weight)})
    dst = hb.Font(hb.Face(hb.Blob(data)))
    location = {"wght": float(weight)} if face.weight_range else None
    src_glyphs = source.getGlyphSet(location=location, normalized=False) if location else source.getGlyphSet()
    dst_glyphs = converted.getGlyphSet()
    pairs: dict[int, int] = {}
    nominal = {src.get_nominal_glyph(ord(c)) for c in TEXT}
    for language in LANGUAGES:
        for features in ({}, {"halt": True}, {"kern": False, "liga": False}):
            a = _shape(src, TEXT, language, features)
            b = _shape(dst, TEXT, language, features)
            assert [g[1:] for g in a] == [g[1:] for g in b], (language, features)   # clusters, positions
            for (s, *_), (d, *_) in zip(a, b, strict=True):
                assert pairs.setdefault(s, d) == d                                      # one id each way
    assert len(set(pairs.values())) == len(pairs)
    for s, d in pairs.items():
        name_s, name_d = source.getGlyphName(s), converted.getGlyphName(d)
        assert converted["hmtx"][name_d][0] == round(src.get_glyph_h_advance(s))
        if s:   # .notdef aside, the converted glyph is the source glyph HarfBuzz chose (box within 2 units)
            box_s, box_d = _bounds(src_glyphs, name_s), _bounds(dst_glyphs, name_d)
            assert all(abs(x - y) <= 2 for x, y in zip(box_s, box_d, strict=True)), (name_s, box_s, box_d)
    assert set(pairs) - nominal        # some glyph came from a substitution (locl forms, ligatures)


def test_local_forms_are_kept_for_every_language(catalog: Catalog) -> None:
    """The SC face of Noto Sans CJK has Japanese and Traditional forms of 骨 and 直 under `locl`: the
    converted file has them, and HarfBuzz picks them there for ja and zh-TW, not for zh-Hans."""
    face = catalog.find("Noto Sans CJK SC", 400)
    assert face is not None
    data = cv.convert(face, 400, sorted({ord(c) for c in "骨直，"} | {ord(c) for c in cv.BASE_CHARS}), False)
    font = hb.Font(hb.Face(hb.Blob(data)))
    glyphs = {lang: [g[0] for g in _shape(font, "骨直，", lang, {})] for lang in ("zh-Hans", "ja", "zh-TW")}
    assert glyphs["zh-Hans"] == [font.get_nominal_glyph(ord(c)) for c in "骨直，"]
    assert glyphs["ja"][:2] != glyphs["zh-Hans"][:2]
    assert glyphs["zh-TW"][0] != glyphs["zh-Hans"][0] and glyphs["zh-TW"][0] != glyphs["ja"][0]
    assert glyphs["zh-TW"][2] != glyphs["zh-Hans"][2]         # the centred Traditional comma


def test_old_conversions_are_not_reused() -> None:
    """The cache key names the converter's version: files converted without layout tables (version 6)
    are not taken for version 7 ones."""
    assert cv.CONVERTER_VERSION not in ("", "6")
    assert "GSUB" not in cv._DROP and "GPOS" not in cv._DROP and "GDEF" not in cv._DROP
    assert "halt" in cv.layout_features() and "locl" in cv.layout_features()
    assert "vert" not in cv.layout_features()
