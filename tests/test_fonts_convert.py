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
    drawn: list[str] = []
    real = cv._quadratic

    def counting(glyph, reverse):
        drawn.append(glyph.name)
        return real(glyph, reverse)

    monkeypatch.setattr(cv, "_quadratic", counting)
    again = cv.convert(bold, 700, charset("温暖之城"), True)
    assert again == first and drawn == []
    more = cv.convert(bold, 700, charset("温暖之城天心"), True)
    assert len(drawn) == 2                      # only 天 and 心 are drawn
    cmap = TTFont(io.BytesIO(more)).getBestCmap()
    assert all(ord(c) in cmap for c in "温暖之城天心")


def test_a_damaged_store_is_ignored(bold) -> None:
    cv.convert(bold, 700, charset("之"), True)
    store = cv.GlyphStore(bold, 700)
    store.path.write_text("{not json")
    out = cv.convert(bold, 700, charset("之"), True)
    assert ord("之") in TTFont(io.BytesIO(out)).getBestCmap()
