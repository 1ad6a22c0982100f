"""TextBlock layout: every clreq rule on real fonts, over a sweep of measures, plus unit checks.

The sweep sets the sample article, every string of the Tianxin example and a stress set at 10.5 pt on
measures of 8-30 em (every 0.5 em) and checks each result with `brochure.text.rules`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics

from brochure.text import TextBlock, TextStyle, parse_inline, violations, wrap_plain
from brochure.text.chars import TOKEN
from brochure.text.rules import short_last_line

DATA = Path(__file__).parent / "data" / "text"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tianxin-2020" / "brochure.yaml"
SIZE = 10.5
WIDTHS_EM = [8 + 0.5 * i for i in range(45)]  # 8 .. 30 em
FLUSH = 0.5       # pt
MAX_GAP = 0.3     # em per gap, body text at >= 12 em


def _lines(path: Path) -> list[str]:
    return [s for s in path.read_text(encoding="utf-8").splitlines() if s and not s.startswith("#")]


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


SAMPLE = _lines(DATA / "sample_zh.txt")
STRESS = _lines(DATA / "stress.txt")
def _example() -> tuple[list[str], list[str]]:
    """(body paragraphs, every other text string) of the example content."""
    if not EXAMPLE.exists():
        return [], []
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    body = [data["intro"]] + [b for sec in data["sections"] for b in sec.get("body", []) if isinstance(b, str)]
    # Text strings only (titles, captions, labels): file names and slugs are not set as text.
    other = [s for s in _strings(data) if re.search("[\u4e00-\u9fff]", s) and s not in body]
    return body, other


EXAMPLE_BODY, EXAMPLE_OTHER = _example()
EXAMPLE_STRINGS = EXAMPLE_BODY + EXAMPLE_OTHER


@pytest.fixture(scope="module")
def body(cjk_fonts) -> TextStyle:
    return TextStyle(font=cjk_fonts.name("serif", 400), size=SIZE, leading=18, colour=black,
                     bold_font=cjk_fonts.name("sans", 700), first_indent=2 * SIZE,
                     has_glyph=cjk_fonts.has_glyph)


def check(block: TextBlock, source: str, width: float, gap_limit: float | None) -> list[str]:
    """Every property a well-set paragraph has; one message per problem."""
    style = block.style
    lines = block.lines
    texts = [line.text for line in lines]
    problems = [f"{v}: {texts}" for v in violations(texts)]
    if "".join(texts) != source:
        problems.append(f"text changed: {texts}")
    if short_last_line(texts, style.min_last_line_chars):
        problems.append(f"one-character last line: {texts[-2:]}")
    if lines and abs(lines[0].x_start - style.first_indent) > 1e-6 and style.align == "justify":
        problems.append("first line not indented")
    for n, line in enumerate(lines):
        if line.x_end > width + FLUSH:
            problems.append(f"line {n + 1} overflows by {line.x_end - width:.2f} pt: {line.text!r}")
        # A line holding one word has nowhere to put space (words never open up): it stays flush left.
        if style.align == "justify" and not line.is_last and line.stretchable and \
                abs(line.x_end - width) > FLUSH:
            problems.append(f"line {n + 1} not flush ({line.x_end:.2f} of {width:.2f}): {line.text!r}")
        if gap_limit is not None and line.gap_extra > gap_limit * style.size:
            problems.append(f"line {n + 1} gap {line.gap_extra / style.size:.3f} em: {line.text!r}")
        problems += _words_closed(line, style)
    return problems


def _words_closed(line: Any, style: TextStyle) -> list[str]:
    """Inside a Latin word or number the glyphs sit at their natural advance (widened or narrowed
    alike by the line's font expansion)."""
    out = []
    # Justified Latin lines may track every letter of the line alike, within the style's limit.
    tracking = line.letter_extra
    if abs(tracking) > max(style.letter_stretch, style.letter_shrink) * style.size + 1e-9:
        out.append(f"letters tracked by {tracking:.3f} pt in {line.text!r}")
    for m in TOKEN.finditer(line.text):
        if m.lastgroup != "word":
            continue
        for k in range(m.start(), m.end() - 1):
            gap = line.xs[k + 1] - line.xs[k] - line.glyphs[k].width * (1 + line.expansion)   # font expansion
            if abs(gap - style.letter_spacing * style.size - tracking) > 0.01:
                out.append(f"word {m.group()!r} opened by {gap:.2f} pt in {line.text!r}")
                break
    return out


def _sweep(texts: list[str], style: TextStyle, gap_from_em: float | None) -> tuple[list[str], float]:
    problems: list[str] = []
    worst = 0.0
    for markup in texts:
        runs = parse_inline(markup)
        source = "".join(r.text for r in runs)
        for em in WIDTHS_EM:
            width = em * SIZE
            block = TextBlock(runs, style)
            block.wrap(width, 10_000)
            limit = MAX_GAP if gap_from_em is not None and em >= gap_from_em else None
            problems += [f"[{em} em] {p}" for p in check(block, source, width, limit)]
            if gap_from_em is not None and em >= gap_from_em:
                worst = max([worst] + [ln.gap_extra / SIZE for ln in block.lines if not ln.is_last])
    return problems, worst


def test_test_fonts_carry_the_test_text(cjk_fonts) -> None:
    # Widths of missing glyphs would be meaningless: the sweep must measure real glyphs.
    for weight, role in ((400, "serif"), (700, "sans")):
        face = pdfmetrics.getFont(cjk_fonts.name(role, weight)).face
        missing = {c for c in "".join(SAMPLE + STRESS + EXAMPLE_STRINGS) if ord(c) not in face.charToGlyph}
        assert not {c for c in missing if not c.isspace()}, missing   # (line breaks of the e-mail template)


def test_sweep_sample_article(body: TextStyle) -> None:
    problems, worst = _sweep(SAMPLE, body, gap_from_em=12)
    assert not problems, "\n".join(problems[:20])
    assert worst <= MAX_GAP


@pytest.mark.skipif(not EXAMPLE_BODY, reason="example content not present")
def test_sweep_example_body(body: TextStyle) -> None:
    problems, worst = _sweep(EXAMPLE_BODY, body, gap_from_em=12)
    assert not problems, "\n".join(problems[:20])
    assert worst <= MAX_GAP


@pytest.mark.skipif(not EXAMPLE_OTHER, reason="example content not present")
def test_sweep_example_titles_captions_labels(body: TextStyle) -> None:
    problems, _ = _sweep(EXAMPLE_OTHER, body, gap_from_em=None)
    assert not problems, "\n".join(problems[:20])


def test_sweep_stress(body: TextStyle) -> None:
    problems, _ = _sweep(STRESS, body, gap_from_em=None)
    assert not problems, "\n".join(problems[:20])


def test_sweep_english(cjk_fonts) -> None:
    style = TextStyle(font=cjk_fonts.name("serif", 400), size=SIZE, leading=16, colour=black,
                      language="en", han_latin_space=0)
    problems, _ = _sweep([STRESS[-1]], style, gap_from_em=None)
    assert not problems, "\n".join(problems[:20])
    # Total-fit breaking (text/totalfit.py) sets every justified line flush, even at 8 em.
    narrow = TextBlock(STRESS[-1], style)
    narrow.wrap(8 * SIZE, 1000)
    assert all(abs(line.x_end - 8 * SIZE) <= FLUSH for line in narrow.lines[:-1] if line.stretchable)
    block = TextBlock(STRESS[-1], style)
    block.wrap(20 * SIZE, 1000)
    for line in block.lines[:-1]:
        assert line.text.endswith(" ")  # without hyphenation, English breaks only at spaces
        # justification goes into word spaces, an even tracking of the line's letters and their widths
        for k in range(len(line.text) - 1):
            if line.text[k] != " " and line.text[k + 1] != " ":
                advance = line.glyphs[k].width * (1 + line.expansion) + line.letter_extra
                assert abs(line.xs[k + 1] - line.xs[k] - advance) < 0.01


def _left(body: TextStyle) -> TextStyle:
    from dataclasses import replace
    return replace(body, align="left", first_indent=0)


def _x(block: TextBlock, index: int) -> float:
    line = block.lines[0]
    return line.xs[index]


@pytest.mark.parametrize(("text", "a", "b", "em"), [
    ("天心。”然后", 2, 3, 0.5),     # 。” : 1.5 em for the pair
    ("天心）、然后", 2, 3, 0.5),    # ）、
    ("天心，“然后", 2, 3, 0.5),     # ，“
    ("天心“《长沙", 2, 3, 0.5),     # “《 : the second opening mark gives up its blank left half
    ("天心，然后", 2, 3, 1.0),      # a lone comma mid-line keeps its full em when nothing is tight
])
def test_adjacent_punctuation_is_compressed(body: TextStyle, text: str, a: int, b: int, em: float) -> None:
    block = TextBlock(text, _left(body))
    block.wrap(30 * SIZE, 1000)
    assert _x(block, b) - _x(block, a) == pytest.approx(em * SIZE, abs=0.01)


def test_han_latin_space(body: TextStyle) -> None:
    block = TextBlock("在2019年 Super 与H5，", _left(body))
    block.wrap(30 * SIZE, 1000)
    line = block.lines[0]

    def gap(k: int) -> float:
        return line.xs[k + 1] - line.xs[k] - line.glyphs[k].width

    quarter = 0.25 * SIZE
    assert gap(0) == pytest.approx(quarter)          # 在|2019
    assert gap(4) == pytest.approx(quarter)          # 2019|年
    assert gap(5) == pytest.approx(0.0)              # 年|space: the space is enough
    assert gap(11) == pytest.approx(0.0)             # Super|space
    assert gap(13) == pytest.approx(quarter)         # 与|H5
    assert gap(15) == pytest.approx(0.0)             # H5|，  punctuation needs no extra space


def test_dash_pair_is_drawn_without_a_gap(body: TextStyle) -> None:
    block = TextBlock("天心——长沙的厚重之区——在2019年增长76.4%，收入4,000万元、686.62万元。", body)
    for em in WIDTHS_EM:
        block.wrap(em * SIZE, 1000)
        for line in block.lines:
            for k in range(len(line.text) - 1):
                if line.text[k:k + 2] == "——":
                    assert line.xs[k + 1] - line.xs[k] == pytest.approx(line.glyphs[k].width, abs=0.01)


def test_end_of_line_punctuation_hangs_half(body: TextStyle) -> None:
    ends = []
    for em in WIDTHS_EM:
        block = TextBlock(SAMPLE[0], body)
        block.wrap(em * SIZE, 1000)
        ends += [ln for ln in block.lines[:-1] if ln.text[-1] in "，。、"]
    assert len(ends) > 10, "the sample should often have a line ending in a stop"
    for line in ends:
        assert line.xs[-1] + line.glyphs[-1].width - line.x_end == pytest.approx(SIZE / 2)


def test_no_lone_last_character(body: TextStyle) -> None:
    # At 30 em this paragraph would end with "程：" alone; a character is pulled down.
    text = ("当时光回溯至2016年的夏天，在党的十九大召开的前一年，积蓄党的十八大以来长沙天心人的奋斗探索，"
            "区委第五次党代会胜利召开，正是在这次党代会上，为未来天心发展勾勒出清晰而又务实的发展路程：")
    for em in WIDTHS_EM:
        block = TextBlock(text, body)
        block.wrap(em * SIZE, 1000)
        assert not short_last_line([ln.text for ln in block.lines]), (em, block.lines[-1].text)


def test_split_keeps_two_lines_each_side_and_drops_the_indent(body: TextStyle) -> None:
    block = TextBlock(SAMPLE[-1], body)
    _, height = block.wrap(15 * SIZE, 10_000)
    n = len(block.lines)
    assert n >= 6
    assert block.split(15 * SIZE, 18 * 1.5) == []           # one line would be an orphan
    first, rest = block.split(15 * SIZE, 18 * (n - 1) + 5)  # room for n-1: leaves a widow -> n-2
    first.wrap(15 * SIZE, 10_000)
    rest.wrap(15 * SIZE, 10_000)
    assert len(first.lines) == n - 2 and len(rest.lines) == 2
    assert rest.lines[0].x_start == 0.0
    assert not first.lines[-1].is_last and abs(first.lines[-1].x_end - 15 * SIZE) < FLUSH
    assert "".join(ln.text for ln in first.lines + rest.lines) == SAMPLE[-1]
    assert [ln.text for ln in first.lines + rest.lines] == [ln.text for ln in block.lines]
    assert rest.spaceBefore == 0 and first.spaceAfter == 0


def test_wrap_plain(cjk_fonts) -> None:
    font = cjk_fonts.name("sans", 400)
    lines = wrap_plain("城乡居民人均可支配收入同比增长8.5%，“稳”的总基调", font, 9, 60)
    assert "".join(lines) == "城乡居民人均可支配收入同比增长8.5%，“稳”的总基调"
    assert not violations(lines)
    for line in lines:  # full-width marks may be compressed to half an em
        marks = sum(c in "，。“”" for c in line)
        assert pdfmetrics.stringWidth(line, font, 9) - marks * 4.5 <= 60 + 0.01
    latin = wrap_plain("Super Monkey in 5G", font, 9, 40)
    assert " ".join(latin) == "Super Monkey in 5G" and len(latin) > 1
    assert wrap_plain("", font, 9, 40) == []


def test_rules_checker_finds_known_faults() -> None:
    assert violations(["天心", "，长沙"]) == ["line 2 starts with '，'"]
    assert violations(["天心“", "长沙”"]) == ["line 1 ends with opening '“'"]
    assert violations(["天心—", "—长沙"])
    assert violations(["天心", "——长沙"])
    assert violations(["增长2", "019年"])
    assert violations(["收入4,", "000元"])
    assert violations(["收入140", "亿元"])
    assert violations(["增长76.4", "%"])
    assert violations(["Sup", "er"])
    assert violations(["Super ", "Monkey"]) == []
    assert re.search("split", violations(["5", "G"])[0])


def test_a_paragraph_is_shaped_once_per_style_whatever_its_colour(body: TextStyle) -> None:
    """Another edition in this process (CMYK instead of RGB) or the next rebuild of `build --watch`
    takes the shaped paragraph from memory; another size or another font file (another name) does not."""
    from dataclasses import replace

    from reportlab.lib.colors import CMYKColor

    runs = parse_inline("长沙市天心区**城市治理**实践，2019年同比增长9.5%。")
    first = TextBlock(runs, body)._shaped
    assert TextBlock(list(runs), replace(body, colour=CMYKColor(0, 0, 0, 1)))._shaped is first
    assert TextBlock(runs, replace(body, size=body.size + 1))._shaped is not first
    other = TextBlock(runs, replace(body, font=body.bold_font))._shaped
    assert other is not first and other.text == first.text
