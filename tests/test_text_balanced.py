"""Short texts set balanced (text/balanced.py): captions, labels, subtitles, cover and back-cover lines.

Every short string of the example (and English ones) on a sweep of measures: as many lines as the plain
setting, lines of similar length (the shortest over the longest line never worse than the plain setting,
and much better on average), no line ending inside a word, a break after a sentence end where one
gives even lines; letter spacing never beside a punctuation mark.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from reportlab.lib.colors import black

from brochure.text import TextBlock, TextStyle
from brochure.text.balanced import evenness
from brochure.text.breaking import layout
from brochure.text.words import word_starts

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tianxin-2020" / "brochure.yaml"
ENGLISH = ["Qian Xuesen Forum and the 2019 Changsha Space Information Industry Expo (illustration)",
           "Tianxin District: the old town renewed, street by street. Photo: district press office",
           "Financial institutions in the district, 2019"]


def _short_strings() -> list[str]:
    """Captions, figure labels, subtitles and the back text of the example."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out: list[str] = [data["back"]["text"], data["meta"]["subtitle"]]
    for section in data["sections"]:
        out.append(section["subtitle"])
        if section.get("image"):
            out.append(section["image"]["caption"])
        for block in section["body"]:
            if isinstance(block, dict) and "figures" in block:
                out += [f["label"] for f in block["figures"]]
            if isinstance(block, dict) and "image" in block:
                out.append(block["image"]["caption"])
    return [s for s in dict.fromkeys(out) if s]


def _style(fonts: Any, size: float = 9.0, **kw: Any) -> TextStyle:
    return TextStyle(font=fonts.name("sans", 400), size=size, leading=size * 1.5, colour=black, align="left",
                     has_glyph=fonts.has_glyph, keep_words=True, **kw)


def _breaks_inside_a_word(text: str, ends: list[int]) -> list[int]:
    han = re.compile("[\u4e00-\u9fff]")
    starts = word_starts(text)
    return [e for e in ends if 0 < e < len(text) and han.match(text[e - 1]) and han.match(text[e])
            and e not in starts]


def test_short_labels_are_balanced_and_never_break_inside_a_word(cjk_fonts) -> None:
    style = _style(cjk_fonts)
    texts = _short_strings()
    assert len(texts) >= 20
    plain_even, balanced_even, multi = [], [], 0
    for text in texts:
        for em in (5, 7, 9, 12, 16, 22):
            width = em * style.size
            block = TextBlock(text, style)
            block.wrap(width, 1e6)
            plain = layout(block._shaped, 0, len(block._shaped), width, 0.0)
            assert len(block.lines) == len(plain), (text, em)
            if len(plain) < 2:
                continue
            multi += 1
            assert max(ln.x_end for ln in block.lines) <= max(width, max(ln.x_end for ln in plain)) + 1e-6
            lengths = [0]
            for ln in block.lines:
                lengths.append(lengths[-1] + len(ln.text))
            assert _breaks_inside_a_word(text, lengths[1:-1]) == [], (text, [ln.text for ln in block.lines])
            assert evenness(block.lines) >= evenness(plain) - 1e-9, (text, em)
            plain_even.append(evenness(plain))
            balanced_even.append(evenness(block.lines))
    assert multi >= 40
    mean_plain, mean_balanced = sum(plain_even) / multi, sum(balanced_even) / multi
    print(f"evenness over {multi} multi-line settings: plain {mean_plain:.2f}, balanced {mean_balanced:.2f}")
    assert mean_balanced >= 0.7 and mean_balanced >= mean_plain + 0.15, (mean_plain, mean_balanced)


def test_english_captions_are_balanced_too(cjk_fonts) -> None:
    style = _style(cjk_fonts, language="en")
    for text in ENGLISH:
        for em in (8, 11, 15):
            block = TextBlock(text, style)
            block.wrap(em * style.size, 1e6)
            plain = layout(block._shaped, 0, len(block._shaped), em * style.size, 0.0)
            assert len(block.lines) == len(plain)
            assert evenness(block.lines) >= evenness(plain) - 1e-9
            # lines end between words: each line but the last ends in a space or a punctuation mark
            for ln in block.lines[:-1]:
                assert ln.text[-1:] in " -,.:;)", (text, [x.text for x in block.lines])


def test_balancing_never_tightens_latin_word_spaces(cjk_fonts) -> None:
    """A ragged English subtitle balanced onto a narrower measure keeps its natural word spaces: the
    narrower measure must hold each line at the spacing the full measure gave it (it once shrank them,
    "transformation and high-quality growth" set with spaces at 0.75 of their width)."""
    style = _style(cjk_fonts, size=14.0, language="en")
    text = "High-end services driving Changsha\u2019s transformation and high-quality growth"
    narrowed = 0
    for em in (18, 19.5, 21, 22.5, 24, 26, 28):
        block = TextBlock(text, style)
        block.wrap(em * style.size, 1e6)
        plain = layout(block._shaped, 0, len(block._shaped), em * style.size, 0.0)
        allowed = max(ln.shrink for ln in plain)
        assert max(ln.shrink for ln in block.lines) <= allowed + 1e-6, (em, [ln.text for ln in block.lines])
        narrowed += [ln.text for ln in block.lines] != [ln.text for ln in plain]
    assert narrowed, "no measure was balanced: the test no longer tests balancing"


@pytest.mark.parametrize("em", [11, 12, 14, 16, 18])
def test_a_sentence_end_is_preferred_for_the_break(cjk_fonts, em: float) -> None:
    """'天之高远，心之卓越。星城长沙，天心担当。' on two lines breaks after the full stop, never leaving
    '天心担当。' alone."""
    style = _style(cjk_fonts, size=20.0)
    block = TextBlock("天之高远，心之卓越。星城长沙，天心担当。", style)
    block.wrap(em * style.size, 1e6)
    assert [ln.text for ln in block.lines] == ["天之高远，心之卓越。", "星城长沙，天心担当。"]


def test_letter_spacing_is_never_put_beside_punctuation(cjk_fonts) -> None:
    ls = 0.1
    style = _style(cjk_fonts, size=20.0, letter_spacing=ls)
    block = TextBlock("天之高远，心之卓越。星城长沙，天心担当。", style)
    block.wrap(40 * style.size, 1e6)
    (line,) = block.lines
    punct = set("，。")
    tracked = 0
    for k in range(len(line.glyphs) - 1):
        a, b = line.glyphs[k], line.glyphs[k + 1]
        gap = line.xs[k + 1] - line.xs[k] - a.width
        if a.ch in punct or b.ch in punct:
            assert gap <= 1e-6, (a.ch, b.ch, gap)        # none (a compressed mark even closes up)
        else:
            assert gap == pytest.approx(ls * style.size, abs=1e-6), (a.ch, b.ch, gap)
            tracked += 1
    assert tracked >= 10
