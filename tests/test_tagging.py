"""Tagged PDF end to end: the email and archive editions of the example in every language (Chinese,
English, bilingual) pass the independent PDF/UA checker (`pdfua`, from PyPI), and their structure tree
reads back as the content: the text of every element in reading order, section titles as H1 in order,
every picture and chart with its alternative text. The print edition stays untagged. Then the
accessibility checks of our own preflight, each on a faulty file and its clean twin."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import EXAMPLE

from brochure.build import Options, load, run_edition, warm_assets
from brochure.charts import chart_alt_text
from brochure.model import content as m
from brochure.model.punctuation import normalize_punctuation
from brochure.preflight import Target, run_checks
from brochure.text import parse_inline

LANGS = [None, "en", "zh-CN+en"]
pdfua = pytest.importorskip("pdfua")      # the test extra installs it (pyproject.toml)


@pytest.fixture(scope="module")
def editions() -> dict[tuple[str | None, str], Any]:
    """(lang, edition) -> (prepared input, EditionResult), built in this process."""
    out: dict[tuple[str | None, str], Any] = {}
    for lang in LANGS:
        p = load(Options(EXAMPLE, editions=["email", "archive"], lang=lang))
        warm_assets(p, ["email", "archive"])
        for edition in ("email", "archive"):
            result = run_edition(p, edition)
            assert result.data, [str(d) for d in result.diagnostics]
            out[(lang, edition)] = (p, result)
    return out


CASES = [(lang, edition) for lang in LANGS for edition in ("email", "archive")]


# -- the independent checker -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang,edition", CASES)
def test_pdfua_checker_passes(editions: dict[Any, Any], tmp_path: Path, lang: str | None, edition: str) -> None:
    _, result = editions[(lang, edition)]
    path = tmp_path / f"{edition}.pdf"
    path.write_bytes(result.data)
    report = pdfua.validate(str(path))
    found = [(f.rule_id, f.severity.name, f.message) for f in report.findings]
    print(edition, lang, found)
    # Both claim PDF/UA-1: nothing at all. The archive claims it beside PDF/A-3, with the PDF/A
    # extension schema describing pdfuaid in its XMP (PDFBox's Preflight accepts it: test_editions.py).
    assert not found, found
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert (b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp) == (edition == "archive")


def test_email_claims_pdfua_and_print_is_not_tagged(editions: dict[Any, Any]) -> None:
    p, email = editions[(None, "email")]
    with pikepdf.open(io.BytesIO(email.data)) as pdf:
        assert b"pdfuaid:part>1<" in pdf.Root.Metadata.read_bytes()
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "zh-CN"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
    warm_assets(p, ["print"])       # other tests in this process may have registered other subsets since
    printed = run_edition(p, "print")
    with pikepdf.open(io.BytesIO(printed.data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        for page in pdf.pages:
            page.contents_coalesce()
            assert b"/MCID" not in page.obj.Contents.read_bytes() and b"/Artifact" not in page.obj.Contents.read_bytes()


# -- the tree read back ----------------------------------------------------------------------------------
def mcid_texts(data: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn in that marked-content sequence, read by pdfminer."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    found: dict[tuple[int, int], list[str]] = defaultdict(list)

    class Collect(PDFLayoutAnalyzer):
        page_index = 0
        stack: list[int | None] = []

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            mcid = props.get("MCID") if isinstance(props, dict) else None
            self.stack.append(mcid if mcid is not None else (self.stack[-1] if self.stack else None))

        def end_tag(self) -> None:
            if self.stack:
                self.stack.pop()

        def render_char(self, *args: Any, **kw: Any) -> float:
            adv = super().render_char(*args, **kw)
            item = self.cur_item._objs[-1]
            if isinstance(item, LTChar) and self.stack and self.stack[-1] is not None:
                found[(self.page_index, self.stack[-1])].append(item.get_text())
            return adv

    rm = PDFResourceManager()
    device = Collect(rm)
    interp = PDFPageInterpreter(rm, device)
    for i, page in enumerate(PDFPage.get_pages(io.BytesIO(data))):
        device.page_index, device.stack = i, []
        interp.process_page(page)
    return {k: "".join(v) for k, v in found.items()}


def reading_order(data: bytes) -> list[tuple[str, str, str | None]]:
    """Every structure element in reading order: (role, its text, its /Alt)."""
    texts = mcid_texts(data)
    out: list[tuple[str, str, str | None]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}

        def text_of(elem: Any, page: int | None) -> str:
            if "/ActualText" in elem:
                return str(elem.ActualText)
            pg = elem.get("/Pg")
            page = pages[pg.objgen] if pg is not None else page
            kids = elem.get("/K")
            parts = []
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, int):
                    parts.append(texts.get((page, kid), ""))
                elif kid.get("/Type") == "/MCR":
                    parts.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
                elif kid.get("/S") is not None and kid.get("/S") != "/Link":
                    parts.append(text_of(kid, page))
            return "".join(parts)

        def walk(elem: Any) -> None:
            if not isinstance(elem, pikepdf.Dictionary) or "/S" not in elem:
                return
            alt = str(elem.Alt) if "/Alt" in elem else None
            out.append((str(elem.S)[1:], text_of(elem, None), alt))
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else []):
                walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
    return out


def squash(text: str) -> str:
    """Text compared without spaces, line-end hyphens or the layout's punctuation normalisation."""
    text = unicodedata.normalize("NFKC", normalize_punctuation(text))
    return re.sub(r"[\s\u00ad\u200b-]+", "", text)


def content_texts(content: m.Content) -> list[str]:
    """The content's texts in reading order (section titles, subtitles, body), markup removed."""
    def plain(text: str) -> list[str]:
        return ["".join(r.text for r in parse_inline(part)) for part in text.split("\n") if part.strip()]

    out: list[str] = []
    for s in content.sections:
        out += [s.title] + ([s.subtitle] if s.subtitle else [])
        for b in s.body:
            if isinstance(b, m.Paragraph):
                out += plain(b.paragraph)
            elif isinstance(b, m.HeadingBlock):
                out.append(b.heading)
            elif isinstance(b, m.ListBlock):
                out += [t for item in b.list_ for t in plain(item)]
            elif isinstance(b, m.TableBlock):
                out += [str(c) for row in ([b.table.header] if b.table.header else []) + list(b.table.rows)
                        for c in row]
            elif isinstance(b, m.QuoteBlock):
                out += plain(b.quote.text)
    return out


@pytest.mark.parametrize("lang,edition", CASES)
def test_structure_reads_back_as_the_content(editions: dict[Any, Any], lang: str | None, edition: str) -> None:
    p, result = editions[(lang, edition)]
    elements = reading_order(result.data)
    whole = squash("".join(t for role, t, _ in elements if role not in ("Document", "Sect", "Div", "L", "LI",
                                                                          "Table", "TR", "TOC", "Figure")))
    sides = [p.content] + ([p.partner[0]] if p.partner else [])
    # Every text of the content, in order, is read in that order (bilingual: each language's own order).
    for content in sides:
        at = 0
        for text in content_texts(content):
            found = whole.find(squash(text), at)
            assert found >= 0, f"not found in reading order after position {at}: {text[:40]!r}"
            at = found + len(squash(text))
    # Section titles are the H1s, in order (bilingual: each title followed by its translation).
    h1 = [squash(t) for role, t, _ in elements if role == "H1"]
    titles = [squash(s.title) for group in zip(*(c.sections for c in sides), strict=True) for s in group]
    assert h1 == titles
    # Every picture drawn (the makeup may leave a run-on section's picture out) and every chart is a
    # Figure with its alternative text.
    figures = [alt for role, _, alt in elements if role == "Figure"]
    content = p.content
    pictures = {placed.where for placed in result.trace.placed if placed.kind == "image"}
    charts = [b.chart for s in content.sections for b in s.body if isinstance(b, m.ChartBlock)]
    assert len(figures) == len(pictures) + len(charts) * len(sides) and all(figures)
    for chart in charts:
        assert chart_alt_text(chart, p.base_dir, content.meta.language) in figures
    # Bilingual: the translation's elements say their language.
    if p.partner:
        with pikepdf.open(io.BytesIO(result.data)) as pdf:
            langs = {(str(e.S), str(e.Lang)) for e in pdf.objects if isinstance(e, pikepdf.Dictionary)
                     and e.get("/Type") == "/StructElem" and "/Lang" in e}
        assert {lang for role, lang in langs if role != "/Document"} == {"en"}
        assert {role for role, _ in langs} >= {"/H1", "/P", "/L"}


# -- our own preflight: each accessibility check on a faulty file and its clean twin --------------------
def edited(data: bytes, fn: Any) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fn(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def first(pdf: pikepdf.Pdf, role: str) -> Any:
    def walk(elem: Any) -> Any:
        if isinstance(elem, pikepdf.Dictionary) and "/S" in elem:
            if role == elem.S:
                return elem
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else []):
                found = walk(kid)
                if found is not None:
                    return found
        return None
    return walk(pdf.Root.StructTreeRoot.K[0])


def unmarked_text(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[3]
    font = next(iter(page.obj.Resources.Font.keys()))
    page.contents_add(pikepdf.Stream(pdf, f"BT {font} 9 Tf 100 100 Td <0001> Tj ET".encode()), prepend=False)


def no_alt(pdf: pikepdf.Pdf) -> None:
    del first(pdf, "/Figure")["/Alt"]


def no_lang(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Lang"]


def h2_first(pdf: pikepdf.Pdf) -> None:
    first(pdf, "/H1").S = pikepdf.Name.H2


def link_outside(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            del annot["/StructParent"]
            return


FAULTS = {"access.untagged": unmarked_text, "access.figure-alt": no_alt, "access.no-lang": no_lang,
          "access.heading-order": h2_first, "access.link-untagged": link_outside}


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_accessibility_check_fires_located_and_its_twin_is_clean(editions: dict[Any, Any], code: str) -> None:
    p, result = editions[(None, "email")]
    target = Target(edition="email", tagged=True, pdfua=True)
    clean = run_checks(result.data, target, result.trace, only={code})
    assert not list(clean), [str(d) for d in clean]
    faulty = [d for d in run_checks(edited(result.data, FAULTS[code]), target, result.trace, only={code})]
    assert faulty and all(d.code == code and d.severity.value == "error" for d in faulty), faulty
    if code != "access.no-lang":       # a document-level fault has no one place in the YAML
        assert all(d.location is not None and d.location.file.endswith("brochure.yaml") for d in faulty), \
            [str(d) for d in faulty]
    # An error wherever the file claims PDF/UA (an archive claims it when its tree is complete), only a
    # warning on a file that is tagged without claiming it.
    archive = Target(edition="archive", tagged=True)
    assert {d.severity.value for d in run_checks(edited(result.data, FAULTS[code]), archive, result.trace,
                                                 only={code})} == {"error"}

    def unclaimed(pdf: pikepdf.Pdf) -> None:
        FAULTS[code](pdf)
        xmp = pdf.Root.Metadata.read_bytes().replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
        pdf.Root.Metadata.write(xmp)

    assert {d.severity.value for d in run_checks(edited(result.data, unclaimed), archive, result.trace,
                                                 only={code})} == {"warning"}


# -- alternative text at validation ----------------------------------------------------------------------
NO_ALT = """\
meta: {title: 替代文本, language: zh-CN, slug: alt}
sections:
  - title: 第一节
    body:
      - 正文。
      - image: {src: a.jpg}
      - image: {src: a.jpg, decorative: true}
      - image: {src: a.jpg, alt: 一张测试图}
"""


def test_picture_without_alt_is_an_error_for_email_a_warning_for_archive(tmp_path: Path) -> None:
    from PIL import Image

    from brochure.errors import BrochureError
    from brochure.tagging.structure import document_tree

    Image.new("RGB", (2400, 1600), (120, 80, 40)).save(tmp_path / "a.jpg")
    path = tmp_path / "brochure.yaml"
    path.write_text(NO_ALT, encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        load(Options(path, editions=["email"]), with_fonts=False)
    found = [d for d in caught.value.diagnostics if d.code == "access.no-alt"]
    assert len(found) == 1 and found[0].severity.value == "error" and found[0].edition == "email"
    assert found[0].location is not None and found[0].location.line == 6 and found[0].hints
    archive = load(Options(path, editions=["archive"]), with_fonts=False)
    assert [(d.code, d.severity.value) for d in archive.diags if d.code.startswith("access")] == \
        [("access.no-alt", "warning")]
    printed = load(Options(path, editions=["print"]), with_fonts=False)
    assert not [d for d in printed.diags if d.code.startswith("access")]
    # The decorative picture is not in the tree; the described one is, with its alt.
    tree = document_tree(printed.content)
    figures = [n for n in walk(tree) if n.role == "Figure"]
    assert [(f.key[-1], f.alt) for f in figures] == [(1, None), (3, "一张测试图")]


FORMAT_ALT = """\
meta: {title: 替代文本, language: zh-CN, slug: alt}
cover: {image: {src: a.jpg}}
sections:
  - title: 第一节
    image: {src: a.jpg}
    body:
      - 正文。
      - image: {src: a.jpg}
      - figures: [{label: 面积, value: "141", unit: 平方公里}]
"""


@pytest.mark.parametrize("layout,lines", [
    ("trifold", {2}),               # the cover picture: a leaflet takes key figures only
    ("screen-16x9", {2, 5}),        # and a screen opens each section on its picture
    ("a4-booklet", {2, 5, 8}),      # and a booklet sets the body's
])
def test_a_format_answers_for_the_pictures_it_draws(tmp_path: Path, layout: str, lines: set[int]) -> None:
    from PIL import Image

    from brochure.errors import BrochureError

    Image.new("RGB", (2400, 1600), (120, 80, 40)).save(tmp_path / "a.jpg")
    path = tmp_path / "brochure.yaml"
    path.write_text(FORMAT_ALT, encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        load(Options(path, layout, ["email"]), with_fonts=False)
    found = [d for d in caught.value.diagnostics if d.code == "access.no-alt"]
    assert all(d.severity.value == "error" for d in found)
    assert {d.location.line for d in found if d.location is not None} == lines


def walk(node: Any) -> list[Any]:
    return [node] + [n for child in node.children for n in walk(child)]
