"""Language editions: the words and formats the layout prints per language, the layouts' `languages:`
entries, English setting with CJK fonts, the bilingual rows, and the example built in every language
and edition (slow)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE
from reportlab.lib.colors import black

from brochure.diagnostics import Diagnostics
from brochure.model.labels import colon, date_text, item_separator, labels_for
from brochure.model.layouts import load_layout
from brochure.text import TextBlock, TextStyle

HAN = re.compile(r"[\u3400-\u9fff]")
DAY = dt.date(2020, 1, 15)


@pytest.mark.parametrize("language, expected", [
    ("zh-CN", "2020年1月15日"), ("ja", "2020年1月15日"), ("ko", "2020년 1월 15일"), ("en", "15 January 2020"),
    ("en-GB", "15 January 2020"), ("de", "15. Januar 2020"), ("fr", "15 janvier 2020"),
    ("es", "15 de enero de 2020"), ("sw", "2020-01-15"),
])
def test_dates_per_language(language: str, expected: str) -> None:
    assert date_text(DAY, language) == expected


def test_words_and_separators_per_language() -> None:
    layout = load_layout("a4-booklet", Diagnostics())
    assert layout is not None
    zh, en = labels_for(layout.layout.templates, "zh-CN"), labels_for(layout.layout.templates, "en")
    assert (zh.contents, zh.intro, zh.notes) == ("目录", "前言", "笔记")
    assert (en.contents, en.contents_latin, en.intro, en.notes) == ("Contents", "", "Introduction", "Notes")
    assert (colon("zh-CN"), colon("en"), item_separator("zh"), item_separator("en")) == ("：", ": ", "；", "; ")


def test_layout_languages_entry_applies_to_its_language() -> None:
    diags = Diagnostics()
    zh = load_layout("a4-booklet", diags, language="zh-CN")
    en = load_layout("a4-booklet", diags, language="en-GB")
    both = load_layout("a4-booklet", diags, language="bilingual")
    assert zh and en and both and not list(diags)
    assert zh.layout.styles["body"].first_indent.value == 2 and en.layout.styles["body"].first_indent.value == 1
    assert zh.layout.styles["section_title"].letter_spacing.value > 0
    assert en.layout.styles["section_title"].letter_spacing.value == 0
    assert (zh.layout.grid.columns, both.layout.grid.columns) == (2, 1)


def test_layout_languages_entry_is_checked_even_when_not_used(tmp_path: Path) -> None:
    layout = tmp_path / "mine.yaml"
    layout.write_text("extends: a4-booklet\nlanguages:\n  fr:\n    styles:\n      body: {leadin: 14pt}\n",
                      encoding="utf-8")
    diags = Diagnostics()
    assert load_layout(str(layout), diags, language="zh-CN") is None
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [("layout.unknown-key", 5, 14)]


def _width(fonts, text: str, language: str) -> float:
    style = TextStyle(font=fonts.name("serif", 400), size=10, leading=15, colour=black, language=language,
                      align="left")
    block = TextBlock(text, style)
    block.wrap(1000, 100)
    line = block.lines[0]
    return line.x_end - line.x_start


def test_cjk_quotes_are_narrowed_in_latin_text(cjk_fonts) -> None:
    """A CJK font's full-width ’ and “” take an em in Chinese; in English they are set on their ink."""
    assert _width(cjk_fonts, "Party’s", "zh") - _width(cjk_fonts, "Partys", "zh") == pytest.approx(10, abs=0.5)
    narrowed = _width(cjk_fonts, "Party’s", "en") - _width(cjk_fonts, "Partys", "en")
    assert 2 <= narrowed <= 3.5
    assert _width(cjk_fonts, "“good”", "en") < _width(cjk_fonts, "good", "en") + 10.5


def test_pair_rows_split_level(cjk_fonts) -> None:
    from brochure.layout.pairs import PairRow

    style = TextStyle(font=cjk_fonts.name("serif", 400), size=10, leading=15, colour=black, language="en")
    long, short = TextBlock("word " * 400, style), TextBlock("词" * 60, style)
    row = PairRow([short], [long], gutter=20, share=0.4)
    _, h = row.wrap(400, 10_000)
    first, rest = row.split(400, 150)
    assert first.wrap(400, 150)[1] <= 150 and rest.wrap(400, 10_000)[1] == pytest.approx(h - 150, abs=15)
    assert first.left == [short] and rest.left == []           # the short side ends in the first part
    assert row.split(400, 5) == []                               # not even a line fits


def test_a_pair_row_moves_on_whole_when_one_side_cannot_start(cjk_fonts) -> None:
    """A block that does not split (a key-figure group) on one side and text on the other: at a frame's
    foot where only the text could start, the row goes on together instead of leaving its twin a page
    behind; a row with one side empty still splits its text."""
    from reportlab.platypus import Flowable

    from brochure.layout.pairs import PairRow

    class Block(Flowable):            # 80 pt tall, never split
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return aw, 80.0

        def split(self, aw: float, ah: float) -> list[Flowable]:
            return []

    style = TextStyle(font=cjk_fonts.name("serif", 400), size=10, leading=15, colour=black, language="en")
    row = PairRow([Block()], [TextBlock("word " * 200, style)], gutter=20, share=0.4)
    row.wrap(400, 10_000)
    assert row.split(400, 60) == []
    alone = PairRow([], [TextBlock("word " * 200, style)], gutter=20, share=0.4)
    alone.wrap(400, 10_000)
    first, rest = alone.split(400, 60)
    assert first.right and rest.right and not first.left and not rest.left


# -- the example in every language and edition --------------------------------------------------------
@pytest.fixture(scope="module")
def all_languages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("languages")
    run = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(EXAMPLE), "--lang", "all",
                          "--out", str(out), "-q"], capture_output=True, text=True, timeout=900)
    return out, run


def _text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


@pytest.mark.slow
def test_lang_all_writes_every_language_and_edition(all_languages) -> None:
    out, run = all_languages
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == sorted(f"tianxin-2020-{lang}-{edition}.pdf" for lang in ("zh-CN", "en", "zh-CN+en")
                           for edition in ("archive", "email", "print"))
    assert not re.search(r"^\S*:?\s*error\[", run.stderr, re.M), run.stderr
    assert run.stderr.count("passed; report:") == 3


@pytest.mark.slow
def test_english_edition_prints_english_only(all_languages) -> None:
    import pikepdf

    out, _ = all_languages
    pdf = out / "tianxin-2020-en-email.pdf"
    text = _text(pdf)
    # no Chinese word from the layout or the source; only the Chinese names the translation writes itself
    own = set(HAN.findall((EXAMPLE.parent / "brochure.en.yaml").read_text(encoding="utf-8")))
    assert set(HAN.findall(text)) <= own, sorted(set(HAN.findall(text)) - own)[:20]
    for words in ("Contents", "Introduction", "15 January 2020", "Charting the Future",
                  "A Warm City, Governed with Heart: Urban Governance in Tianxin District, Changsha"):
        assert words in " ".join(text.split()), words
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en"
        mail = len(doc.pages)
    # only the stitched print edition is padded, with note pages in the edition's language
    printed = out / "tianxin-2020-en-print.pdf"
    with pikepdf.open(printed) as doc:
        assert len(doc.pages) % 4 == 0
        padded = len(doc.pages) > mail
    assert not padded or "Notes" in _text(printed)


@pytest.mark.slow
def test_chinese_and_bilingual_editions_print_their_words(all_languages) -> None:
    out, _ = all_languages
    zh = _text(out / "tianxin-2020-zh-CN-email.pdf")
    assert "目录" in zh and "2020年1月15日" in zh and "Contents" not in zh
    both = " ".join(_text(out / "tianxin-2020-zh-CN+en-email.pdf").split())
    for words in ("目录", "擘画未来", "Charting the Future", "前言 Introduction", "Economic Development",
                  "Nothing is too hard for the southern city", "南城无难事"):
        assert words in both, words


@pytest.mark.slow
def test_the_bilingual_translation_is_set_in_its_own_faces(all_languages) -> None:
    """The English side of the bilingual edition is set in the English layout's faces (Source Serif,
    Source Sans), not in the Latin of the Chinese faces, whose apostrophe and quotes are full width
    ("Tianxin’ s"): every ’ of the translation is drawn in a Source face, and so is its contents entry."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    out, _ = all_languages
    pdf = out / "tianxin-2020-zh-CN+en-email.pdf"

    def lines(item):
        if isinstance(item, LTTextLine):
            yield item
        elif hasattr(item, "__iter__"):
            for x in item:
                yield from lines(x)

    apostrophes: list[str] = []
    toc: dict[str, set[str]] = {}
    for n, page in enumerate(extract_pages(str(pdf)), 1):
        for line in lines(page):
            chars = [c for c in line if isinstance(c, LTChar)]
            apostrophes += [c.fontname for c in chars if c.get_text() == "’"]
            if n == 2 and line.get_text().strip() in ("Charting the Future", "Party Building"):
                toc[line.get_text().strip()] = {c.fontname.split("+")[-1] for c in chars}
    assert len(apostrophes) > 20 and all("Source" in f for f in apostrophes), set(apostrophes)
    assert toc == {"Charting the Future": {"SourceSansPro-Regular"}, "Party Building": {"SourceSansPro-Regular"}}


@pytest.mark.slow
def test_language_archives_rebuild_identically(all_languages) -> None:
    from brochure.verify import verify

    out, _ = all_languages
    for lang in ("en", "zh-CN+en"):
        report = verify(out / f"tianxin-2020-{lang}-archive.pdf")
        assert report.ok, report.lines


def test_check_on_the_english_translation_reports_nothing() -> None:
    run = subprocess.run([sys.executable, "-m", "brochure.cli", "check", str(EXAMPLE.with_name("brochure.en.yaml"))],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.strip().endswith("ok (6 sections)")
