"""Languages inside a paragraph (text/lang.py): `[text]{lang=en}` spans parsed and checked, Han in
English text marked Chinese, each span set by its own rules (faces, punctuation, breaks, hyphenation)
and tagged with its language. The built cases are tests/data/text/mixed-en.yaml (Chinese names in an
English brochure, unmarked) and mixed-zh.yaml (English phrases marked in a Chinese one)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from brochure.diagnostics import Diagnostics
from brochure.model.source import Source
from brochure.render.blocks import punctuate
from brochure.text import parse_inline
from brochure.text.inline import language_spans
from brochure.text.lang import check_spans, mark_runs, set_punctuation, span_languages, tag_problem
from brochure.text.run import Run

DATA = Path(__file__).parent / "data" / "text"
ROOT = Path(__file__).resolve().parents[1]
SOFT_HYPHEN = "\u00ad"


# -- markup ---------------------------------------------------------------------------------------------
def test_a_span_gives_its_runs_a_language() -> None:
    runs = parse_inline("天心区（[Tianxin **District**]{lang=en}）位于[长沙](https://x.org)。")
    assert [(r.text, r.bold, r.lang) for r in runs] == [
        ("天心区（", False, None), ("Tianxin ", False, "en"), ("District", True, "en"),
        ("）位于", False, None), ("长沙", False, None), ("。", False, None)]
    assert runs[4].href == "https://x.org"
    # a link inside a span keeps both; nested spans: the inner language wins, then the outer again
    inner = parse_inline("[see [the site](https://x.org) now]{lang=en}")
    assert [(r.text, r.href, r.lang) for r in inner] == [("see ", None, "en"), ("the site", "https://x.org", "en"),
                                                         (" now", None, "en")]
    nested = parse_inline("[a [b]{lang=fr} c]{lang=en}")
    assert [(r.text, r.lang) for r in nested] == [("a ", "en"), ("b", "fr"), (" c", "en")]


def test_what_is_not_a_span_stays_as_typed() -> None:
    for text in ("[x] {lang=en}", "\\[x]{lang=en}", "[x]\\{lang=en}", "a [x] b", "{lang=en}"):
        runs = parse_inline(text)
        assert all(r.lang is None for r in runs), text
    assert "".join(r.text for r in parse_inline("\\[x]{lang=en}")) == "[x]{lang=en}"
    assert language_spans("[x]{lang=en .c #i k=v}") == [("en", {"class": "c", "id": "i", "k": "v"})]


@pytest.mark.parametrize("tag,ok", [("en", True), ("en-GB", True), ("zh-CN", True), ("zh-Hans-CN", True),
                                    ("de-1996", True), ("fr-CA", True), ("english", False), ("e", False),
                                    ("en_GB", False), ("ru", False), ("ar", False), ("en-Cyrl", False),
                                    ("zh-Latn", False), ("en-", False), ("", False)])
def test_language_tags(tag: str, ok: bool) -> None:
    assert (tag_problem(tag) is None) == ok


def test_check_finds_every_bad_span_and_passes_good_ones(tmp_path: Path) -> None:
    diags = Diagnostics()
    texts = [(("sections", 0, "body", 0), "[a]{lang=en} [b]{lang=zh-CN} [c]{lang=de-CH} \\[d]{e}"),
             (("sections", 0, "body", 1), "[a]{lang=xx-YY}"), (("sections", 0, "body", 2), "[a]{lang=en} [b]{lang=")]
    check_spans(texts, Source("c.yaml", {}), diags)
    assert diags.codes() == ["content.bad-language", "content.span-syntax"]


def test_check_and_build_refuse_a_bad_tag_alike(tmp_path: Path) -> None:
    content = tmp_path / "c.yaml"
    content.write_text('meta: {title: 测试, slug: t}\nsections:\n  - title: 一\n    body:\n'
                       '      - "天心区[Tianxin]{lang=english}。"\n', encoding="utf-8")
    for command in (["check", str(content)], ["build", str(content), "--out", str(tmp_path / "out")]):
        done = subprocess.run([sys.executable, "-m", "brochure", *command], capture_output=True, text=True,
                              cwd=ROOT, timeout=120)
        assert done.returncode != 0
        assert f"{content}:5:23: error[content.bad-language]" in done.stdout + done.stderr, done.stdout + done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


# -- marking and punctuation ----------------------------------------------------------------------------
def test_han_in_english_is_marked_chinese_and_latin_in_chinese_is_not() -> None:
    runs = mark_runs([Run("Wang Pingping (王平平), of “南城”, in 2019年3月.")], "en", "zh-CN")
    assert [(r.text, r.lang) for r in runs] == [
        ("Wang Pingping (", None), ("王平平", "zh-CN"), ("), of “", None), ("南城", "zh-CN"), ("”, in 2019", None),
        ("年3月", "zh-CN"), (".", None)]
    chinese = [Run("拼音 Tianxin 和 GDP")]
    assert mark_runs(chinese, "zh-CN", "zh-CN") == chinese
    marked = [Run("天心", lang="en")]
    assert mark_runs(marked, "en", "zh") == marked
    assert span_languages(["天心区[Tianxin]{lang=en-GB}", "[x]{lang=fr}"], "zh-CN", "zh-CN") == ["en", "fr"]
    assert span_languages(["Tianxin (天心)"], "en", "zh-CN") == ["zh"]
    assert span_languages(["Tianxin GDP"], "zh-CN", "zh-CN") == []


def test_each_span_takes_its_own_punctuation() -> None:
    text = '他说:[Tianxin, "the heart" -- of it...]{lang=en},好。'
    out = set_punctuation(text, "zh-CN", punctuate)
    assert "[Tianxin, “the heart” – of it…]{lang=en}" in out        # English marks, commas half width
    assert out.startswith("他说：[") and out.endswith("]{lang=en}，好。")   # Chinese marks outside
    # and the other way round: a Chinese quotation in English text keeps its Chinese marks
    english = 'He wrote "[南城无难事!]{lang=zh}" on the wall.'
    assert set_punctuation(english, "en", punctuate) == "He wrote “[南城无难事！]{lang=zh}” on the wall."
    # without spans: exactly the paragraph's rules
    assert set_punctuation('a "b" c', "en", punctuate) == punctuate('a "b" c', "en")


# -- shaping: fonts, breaks, hyphenation, spacing --------------------------------------------------------
@pytest.fixture(scope="module")
def fonts() -> Any:
    """Noto Serif SC (the Chinese face) and Source Serif Pro (the English one), registered."""
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve

    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Noto Serif SC", 400),
                                           FontRequest("serif@en", "Source Serif Pro", 400),
                                           FontRequest("serif@en", "Source Serif Pro", 700)], [])
    assert not missing
    chars = set(SOFT_HYPHEN + "-“”")
    for name in ("mixed-en.yaml", "mixed-zh.yaml"):
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        chars |= set("".join(b for b in data["sections"][0]["body"]))
    for font in fontset.all():
        register(font, "".join(sorted(chars)), cjk_dash=True)
    return fontset


def _style(fontset: Any, language: str) -> Any:
    from reportlab.lib.colors import black

    from brochure.text import TextStyle

    zh, en = fontset.name("serif", 400), fontset.name("serif@en", 400)
    chinese = language.startswith("zh")
    return TextStyle(font=zh if chinese else en, size=10.0, leading=16.0, colour=black,
                     bold_font=zh if chinese else fontset.name("serif@en", 700), language=language.split("-")[0],
                     cjk_language="zh-CN", fallback_fonts=(zh,) if not chinese else (), has_glyph=fontset.has_glyph,
                     hyphenate=True, span_fonts=(("en", en, fontset.name("serif@en", 700), None),) if chinese else ())


def _paragraph(name: str, language: str) -> list[Run]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return parse_inline(set_punctuation(data["sections"][0]["body"][0], language, punctuate))


def test_english_phrase_in_chinese_text_takes_english_faces_breaks_and_hyphens(fonts: Any) -> None:
    from brochure.text import TextBlock

    style = _style(fonts, "zh-CN")
    en_font = fonts.name("serif@en", 400)
    hyphens = 0
    for width in range(150, 330, 6):
        block = TextBlock(_paragraph("mixed-zh.yaml", "zh-CN"), style)
        block.wrap(width, 1e6)
        s = block._shaped
        for k, glyphs in enumerate(s.glyphs):
            lang = s.runs[glyphs[0].run].lang
            # faces: the marked English in Source Serif, every other letter (pinyin, GDP) in the Chinese face
            for g in glyphs:
                if g.ch.isascii() and g.ch.isalpha():
                    assert (g.font == en_font) == (lang == "en"), (g.ch, s.text[k])
            if s.flagged[k] and not s.text[k].endswith("-"):
                assert lang == "en", s.text[k]        # hyphenation points only in the English span
        for line in block.lines:
            assert line.text.strip()
            if s.flagged[line.end - 1] and line.end < len(s):
                hyphens += 1
                assert s.runs[s.glyphs[line.end - 1][0].run].lang == "en"
        assert "".join(ln.text for ln in block.lines) == "".join(s.text)
    assert hyphens, "no width hyphenated the English span: the test no longer tests hyphenation"


def test_chinese_name_in_english_text_breaks_between_han_and_is_not_tracked(fonts: Any) -> None:
    from brochure.text import TextBlock

    style = _style(fonts, "en")
    zh_font = fonts.name("serif", 400)
    block = TextBlock(_paragraph("mixed-en.yaml", "en"), style)
    block.wrap(200, 1e6)
    s = block._shaped
    han = [k for k, t in enumerate(s.text) if "\u4e00" <= t[0] <= "\u9fff"]
    assert han and all(s.runs[s.glyphs[k][0].run].lang == "zh-CN" for k in han)
    assert all(g.font == zh_font for k in han for g in s.glyphs[k])
    # a line may end between two Han characters of a name; never inside an English word
    assert all(s.breakable[k] for k in han if k + 1 in han)
    for k, text in enumerate(s.text):
        if text[-1].isascii() and text[-1].isalpha() and k + 1 < len(s) and s.text[k + 1][0].isascii() \
                and s.text[k + 1][0].isalpha() and not s.flagged[k]:
            assert not s.breakable[k], (text, s.text[k + 1])
    # justified lines open word spaces and letters, never the space after a Han character (and font
    # expansion leaves a CJK run's glyphs at their width: text/totalfit.fixed_runs)
    for line in block.lines:
        for n in range(len(line.glyphs) - 1):
            g = line.glyphs[n]
            if "\u4e00" <= g.ch <= "\u9fff" and "\u4e00" <= line.glyphs[n + 1].ch <= "\u9fff":
                assert line.xs[n + 1] - line.xs[n] == pytest.approx(g.width, abs=1e-6)
    # Han and Latin with no space between them get the Han–Latin space (and the Han is marked)
    tight = TextBlock([Run("Pozi街 Street")], style)
    tight.wrap(300, 1e6)
    k = tight._shaped.text.index("Pozi")
    assert tight._shaped.gap[k] == pytest.approx(style.han_latin_space * style.size)


# -- built: faces, /Lang, extraction, the checker ----------------------------------------------------------
@pytest.fixture(scope="module")
def built() -> dict[str, tuple[Any, bytes]]:
    from brochure.build import Options, load, run_edition, warm_assets

    out = {}
    for name in ("mixed-en", "mixed-zh"):
        p = load(Options(DATA / f"{name}.yaml", editions=["email", "archive"]))
        warm_assets(p, ["email", "archive"])
        for edition in ("email", "archive") if name == "mixed-zh" else ("email",):
            result = run_edition(p, edition)
            assert result.data, [str(d) for d in result.diagnostics]
            out[name if edition == "email" else f"{name}-{edition}"] = (p, result.data)
    return out


def _by_language(data: bytes) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Text drawn inside `/Span <</Lang ..>>` marked content by language, and the fonts of each
    language's letters (pdfminer)."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    texts: dict[str, list[str]] = defaultdict(list)
    faces: dict[str, set[str]] = defaultdict(set)

    class Collect(PDFLayoutAnalyzer):
        stack: list[str | None] = []

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            lang = props.get("Lang") if isinstance(props, dict) else None
            lang = lang.decode() if isinstance(lang, bytes) else lang
            self.stack.append(lang or (self.stack[-1] if self.stack else None))

        def end_tag(self) -> None:
            self.stack.pop()

        def render_char(self, *args: Any, **kw: Any) -> float:
            adv = super().render_char(*args, **kw)
            item = self.cur_item._objs[-1]
            if isinstance(item, LTChar):
                lang = (self.stack[-1] if self.stack else None) or "-"
                texts[lang].append(item.get_text())
                if item.get_text().isalpha():
                    faces[lang].add(item.fontname.split("+")[-1].split("-")[0])
            return adv

    rm = PDFResourceManager()
    device = Collect(rm)
    interp = PDFPageInterpreter(rm, device)
    for page in PDFPage.get_pages(io.BytesIO(data)):
        device.stack = []
        interp.process_page(page)
    return {k: "".join(v) for k, v in texts.items()}, faces


def _squash(text: str) -> str:
    """Compared without spaces and soft hyphens, ligatures (ﬁ: pdfminer reads the glyph) as letters."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.slow
def test_spans_are_tagged_with_their_language_and_read_back_as_written(built: Any, tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    _, zh = built["mixed-zh"]
    texts, faces = _by_language(zh)
    phrases = [r.text for r in parse_inline(set_punctuation(
        yaml.safe_load((DATA / "mixed-zh.yaml").read_text(encoding="utf-8"))["sections"][0]["body"][0],
        "zh-CN", punctuate)) if r.lang == "en"]
    assert _squash(texts["en"]) == _squash("".join(phrases))
    assert faces["en"] == {"SourceSerifPro"}
    assert "Tianxinqu" in texts["-"] and "SourceSerifPro" not in faces["-"]   # pinyin is Chinese text
    _, en = built["mixed-en"]
    texts, faces = _by_language(en)
    # no Chinese original or partner: the Han is tagged plain Chinese
    assert _squash(texts["zh"]) == "天心区王平平坡子街建工新村社区南城南城无难事"
    assert faces["zh"] == {"NotoSerifSC"} and "NotoSerifSC" not in faces["-"]
    for name, (_, data) in built.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        report = pdfua.validate(str(path))
        # the archive claims PDF/A-3, not PDF/UA (tests/test_tagging.py): no pdfuaid there
        allowed = {"UA-28-004"} if name.endswith("archive") else set()
        assert {f.rule_id for f in report.findings} <= allowed, [(f.rule_id, f.message) for f in report.findings]
        with pikepdf.open(io.BytesIO(data)) as pdf:    # the document says its own language
            assert str(pdf.Root.Lang) == ("en" if name == "mixed-en" else "zh-CN")


@pytest.mark.slow
def test_language_marks_keep_the_archive_valid(built: Any, tmp_path: Path) -> None:
    """Marked content inside text objects is allowed by PDF/A; PDFBox and qpdf agree."""
    from conftest import require_file, require_tool
    from test_editions import ACCEPTED_PDFBOX, PDFBOX_JARS

    path = tmp_path / "archive.pdf"
    path.write_bytes(built["mixed-zh-archive"][1])
    assert b"/Lang (en)" in b"".join(page.Contents.read_bytes() for page in pikepdf.open(path).pages
                                     if not isinstance(page.Contents, pikepdf.Array))
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    require_tool("java")
    jars = [require_file(Path("/usr/share/java") / j) for j in PDFBOX_JARS]
    r = subprocess.run(["java", "-cp", ":".join(map(str, jars)), "org.apache.pdfbox.preflight.Validator_A1b",
                        str(path)], capture_output=True, text=True)
    findings = re.findall(r"^\s*(\d+(?:\.\d+)+) : (.*)$", r.stdout + r.stderr, re.M)
    assert not [f for f in findings if f[0] not in ACCEPTED_PDFBOX], findings


@pytest.mark.slow
def test_structure_tree_reads_back_the_paragraphs_with_their_spans(built: Any) -> None:
    from test_tagging import reading_order

    for name, (p, data) in built.items():
        if name.endswith("archive"):
            continue
        # the paragraphs' P elements (one per column a paragraph runs into), spans and all, in order
        whole = _squash(re.sub("[“”\"]", "", "".join(t for role, t, _ in reading_order(data) if role == "P")))
        at = 0
        for source in p.content.sections[0].body:
            plain = _squash(re.sub("[“”\"]", "", "".join(r.text for r in parse_inline(source.paragraph))))
            found = whole.find(plain, at)
            assert found >= 0, plain
            at = found + len(plain)


@pytest.mark.slow
def test_the_census_gives_span_faces_what_they_draw() -> None:
    """The English faces of a Chinese brochure are converted with every character the spans draw
    (soft hyphen included): no second layout pass for a missed glyph."""
    from brochure.build import Options, edition_settings, lay_out, load, warm_assets

    p = load(Options(DATA / "mixed-zh.yaml", editions=["email"]))
    assert {f.request.family for (role, _), f in p.fonts.fonts.items() if role.endswith("@en")} == {
        "Source Serif Pro", "Source Sans Pro"}
    warm_assets(p, ["email"])
    laid = lay_out(p, "email", edition_settings(p, "email"), p.fonts)
    assert laid.missed == {}

