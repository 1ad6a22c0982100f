"""Tagged short formats: the email and archive editions of the tri-fold leaflet, the roll-up banner, the
A0/A1 posters and the screen slides pass the independent PDF/UA checker (`pdfua`) with no finding at
all and identify themselves as PDF/UA-1; their structure tree reads back as the content the format
takes, in the order the piece is read (a leaflet: front cover, inside flap, inside panels, back cover,
whatever the sheet's drawing order); everything drawn is either in the tree or an artifact; figures
carry their alternative text; our own accessibility checks find nothing, and catch a fault on a
leaflet. The print edition of a leaflet stays untagged."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import EXAMPLE, require_file, require_tool
from test_editions import ACCEPTED_PDFBOX, PDFBOX_JARS
from test_tagging import FAULTS, edited, mcid_texts, reading_order, squash

from brochure.build import Options, load, run_edition, warm_assets
from brochure.model import content as m
from brochure.model.formats import blocks_for
from brochure.preflight import Target, run_checks
from brochure.text import parse_inline

pdfua = pytest.importorskip("pdfua")      # the test extra installs it (pyproject.toml)
pytestmark = pytest.mark.slow             # whole builds of every format

FORMATS = [("trifold", None), ("rollup-850x2000", None), ("poster-a0", None), ("poster-a1", None),
           ("screen-16x9", None), ("trifold", "en"), ("screen-16x9", "en")]
EDITIONS = ("email", "archive")
CASES = [(layout, lang, edition) for layout, lang in FORMATS for edition in EDITIONS]
ACCESS = {"access.untagged", "access.figure-alt", "access.no-lang", "access.heading-order", "access.link-untagged"}


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str | None, str], Any]:
    """(layout, lang, edition) -> (prepared input, EditionResult), built in this process."""
    out: dict[tuple[str, str | None, str], Any] = {}
    for layout, lang in FORMATS:
        p = load(Options(EXAMPLE, layout, list(EDITIONS), lang=lang))
        warm_assets(p, list(EDITIONS))
        for edition in EDITIONS:
            result = run_edition(p, edition)
            assert result.data, [str(d) for d in result.diagnostics]
            out[(layout, lang, edition)] = (p, result)
    return out


def ids(case: tuple[Any, ...]) -> str:
    return "-".join(str(c) for c in case if c)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_pdfua_finds_nothing_and_the_file_claims_pdfua(built: dict[Any, Any], tmp_path: Path,
                                                       case: tuple[str, str | None, str]) -> None:
    p, result = built[case]
    path = tmp_path / "format.pdf"
    path.write_bytes(result.data)
    report = pdfua.validate(str(path))
    assert not report.findings, [(f.rule_id, f.severity.name, f.message) for f in report.findings]
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp     # the tree holds everything drawn (TagInput.ready)
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == p.content.meta.language
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
        if case[2] == "archive":                  # PDF/A-3 describes the pdfuaid schema it uses
            assert b"<pdfaid:part>3</pdfaid:part>" in xmp
            assert b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in xmp


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_our_accessibility_checks_find_nothing(built: dict[Any, Any], case: tuple[str, str | None, str]) -> None:
    p, result = built[case]
    assert not [str(d) for d in result.diagnostics], "the build reported something"
    target = Target(edition=case[2], tagged=True, pdfua=True)
    assert not [str(d) for d in run_checks(result.data, target, result.trace, only=ACCESS)]


# -- the tree read back ----------------------------------------------------------------------------------
def plain(text: str | None) -> list[str]:
    return ["".join(r.text for r in parse_inline(part)) for part in (text or "").split("\n") if part.strip()]


def block_texts(block: Any) -> list[str]:
    if isinstance(block, m.Paragraph):
        return plain(block.paragraph)
    if isinstance(block, m.HeadingBlock):
        return [block.heading]
    if isinstance(block, m.ListBlock):
        return [t for item in block.list_ for t in plain(item)]
    if isinstance(block, m.TableBlock):
        rows = ([block.table.header] if block.table.header else []) + list(block.table.rows)
        return [str(c) for row in rows for c in row]
    if isinstance(block, m.QuoteBlock):
        return plain(block.quote.text)
    if isinstance(block, m.FiguresBlock):
        return [t for f in block.figures for t in (f.label, f.value)]
    return []             # pictures and charts: read through their Figure's alternative text


def format_texts(p: Any) -> list[str]:
    """The texts the format takes from the content, in the order the piece is read."""
    content, fmt = p.content, p.layout.format
    out = [t for t in (content.cover.kicker, content.meta.title, content.meta.subtitle) if t]
    if fmt.kind == "leaflet":
        out += plain(content.intro)                  # the inside flap, read after the front cover
    if fmt.kind == "poster":
        out += plain(content.summary)
        figures = [f for s in content.sections for _, b in blocks_for(s.body, fmt) if isinstance(b, m.FiguresBlock)
                   for f in b.figures][: fmt.figures]
        out += [t for f in figures for t in (f.label, f.value)]
        out += [t for s in content.sections for _, b in blocks_for(s.body, fmt)
                if not isinstance(b, m.FiguresBlock) for t in block_texts(b)]
    else:
        for s in content.sections:
            out += [s.title] + ([s.subtitle] if s.subtitle else []) + plain(s.summary)
            out += [t for _, b in blocks_for(s.body, fmt) for t in block_texts(b)]
    return out + plain(content.back.text)            # the back cover, last (on a leaflet: drawn on page 1)


def referenced(data: bytes) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked-content item the structure tree refers to."""
    found: set[tuple[int, int]] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}

        def walk(elem: Any, page: int | None) -> None:
            if isinstance(elem, int):
                assert page is not None
                found.add((page, elem))
                return
            if not isinstance(elem, pikepdf.Dictionary):
                return
            if elem.get("/Type") == "/MCR":
                found.add((pages[elem.Pg.objgen], int(elem.MCID)))
                return
            pg = elem.get("/Pg")
            page = pages[pg.objgen] if pg is not None else page
            kids = elem.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                walk(kid, page)

        walk(pdf.Root.StructTreeRoot, None)
    return found


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_structure_reads_back_as_what_the_format_takes(built: dict[Any, Any], case: tuple[str, str | None, str]
                                                       ) -> None:
    p, result = built[case]
    elements = reading_order(result.data)
    whole = squash("".join(t for role, t, _ in elements if role not in ("Document", "Sect", "Div", "L", "LI",
                                                                          "Table", "TR", "TOC", "Figure")))
    at = 0
    for text in format_texts(p):
        found = whole.find(squash(text), at)
        assert found >= 0, f"not found in reading order after position {at}: {text[:40]!r}"
        at = found + len(squash(text))
    # Every text drawn outside artifacts belongs to an element of the tree.
    drawn = {k for k, text in mcid_texts(result.data).items() if text.strip()}
    assert drawn and drawn <= referenced(result.data)
    # Headings: a section title is an H1, in order; a poster's one heading is its title.
    h1 = [squash(t) for role, t, _ in elements if role == "H1"]
    fmt = p.layout.format
    titles = [p.content.meta.title] if fmt.kind == "poster" else [s.title for s in p.content.sections]
    assert h1 == [squash(t) for t in titles]
    # Every picture drawn and every chart taken is a Figure with its alternative text.
    figures = [alt for role, _, alt in elements if role == "Figure"]
    pictures = {placed.where for placed in result.trace.placed if placed.kind == "image"}
    charts = [b for s in p.content.sections for _, b in blocks_for(s.body, fmt) if isinstance(b, m.ChartBlock)]
    assert len(figures) == len(pictures) + len(charts) and all(figures)


def test_a_leaflet_reads_by_its_panels_not_its_sheet(built: dict[Any, Any]) -> None:
    """The outside face (page 1) holds the inside flap, the back cover and the front cover, left to
    right; the inside face (page 2) the sections. Read: front cover, flap, sections, back cover."""
    p, result = built[("trifold", None, "email")]
    elements = reading_order(result.data)
    content = p.content
    leaves = [squash(t) for role, t, _ in elements if role in ("P", "H1")]

    def where(text: str) -> int:
        return next(i for i, leaf in enumerate(leaves) if leaf == squash(text))

    order = [where(content.meta.title), where(content.intro.split("\n")[0]), where(content.sections[0].title),
             where(content.sections[-1].title), where(content.back.text)]
    assert order == sorted(order), order
    with pikepdf.open(io.BytesIO(result.data)) as pdf:      # the back text is drawn before the flap's text
        top = pdf.Root.StructTreeRoot.K[0].K
        back = top[len(top) - 1]
        first = back.K[0] if isinstance(back.K, pikepdf.Array) else back.K
        assert first.Pg.objgen == pdf.pages[0].objgen


def test_leaflet_print_edition_stays_untagged(built: dict[Any, Any]) -> None:
    p, _ = built[("trifold", None, "email")]
    warm_assets(p, ["print"])
    printed = run_edition(p, "print")
    with pikepdf.open(io.BytesIO(printed.data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        for page in pdf.pages:
            page.contents_coalesce()
            data = page.obj.Contents.read_bytes()
            assert b"/MCID" not in data and b"/Artifact" not in data


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_our_checks_catch_a_fault_on_a_leaflet(built: dict[Any, Any], code: str) -> None:
    """Each accessibility check on a leaflet: an error on the PDF/UA edition, located where it can be."""
    _, result = built[("trifold", None, "email")]

    def fault(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[1]                   # the inside face (test_tagging's faults are for a booklet)
        if code == "access.untagged":
            font = next(iter(page.obj.Resources.Font.keys()))
            page.contents_add(pikepdf.Stream(pdf, f"BT {font} 9 Tf 100 100 Td <0001> Tj ET".encode()),
                              prepend=False)
        elif code == "access.link-untagged":  # a leaflet has no links of its own: one added outside the tree
            link = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120],
                A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))))
            page.obj.Annots = pikepdf.Array([link])
        else:
            FAULTS[code](pdf)

    target = Target(edition="email", tagged=True, pdfua=True)
    found = list(run_checks(edited(result.data, fault), target, result.trace, only={code}))
    assert found and all(d.code == code and d.severity.value == "error" for d in found), [str(d) for d in found]
    if code != "access.no-lang":       # a document-level fault has no one place in the YAML
        assert all(d.location is not None and d.location.file.endswith("brochure.yaml") for d in found), \
            [str(d) for d in found]


def test_a_short_format_archive_is_reproducible(built: dict[Any, Any]) -> None:
    p, result = built[("trifold", None, "archive")]
    assert run_edition(p, "archive").data == result.data


@pytest.mark.parametrize("layout", ["trifold", "screen-16x9"])
def test_pdfbox_preflight_passes_the_tagged_archives_that_claim_pdfua(built: dict[Any, Any], tmp_path: Path,
                                                                     layout: str) -> None:
    """PDFBox validates PDF/A-1b only (its PDF_A1A format runs the same 1b rules): what it reports
    beyond what PDF/A-3 allows would be a fault; the pdfuaid extension schema must not be one."""
    require_tool("java")
    jars = [require_file(Path("/usr/share/java") / j) for j in PDFBOX_JARS]
    path = tmp_path / "archive.pdf"
    path.write_bytes(built[(layout, None, "archive")][1].data)
    r = subprocess.run(["java", "-cp", ":".join(map(str, jars)), "org.apache.pdfbox.preflight.Validator_A1b",
                        str(path)], capture_output=True, text=True)
    findings = re.findall(r"^\s*(\d+(?:\.\d+)+) : (.*)$", r.stdout + r.stderr, re.M)
    assert findings, r.stdout + r.stderr           # (it does run: PDF/A-3's part number is one finding)
    assert not [f"{code}: {msg}" for code, msg in findings if code not in ACCEPTED_PDFBOX]


def test_a_link_in_a_leaflet_summary_is_in_the_tree_under_its_paragraph(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE.parent, folder)
    content = folder / EXAMPLE.name
    text = content.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith('    summary: "'))   # a section's
    start = len('    summary: "')
    linked = f"{summary[:start]}[{summary[start:start + 4]}](https://example.org/){summary[start + 4:]}"
    content.write_text(text.replace(summary, linked), encoding="utf-8")
    p = load(Options(content, "trifold", ["email"]))
    warm_assets(p, ["email"])
    result = run_edition(p, "email")
    assert result.data and not [str(d) for d in result.diagnostics]
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(result.data)
    assert not pdfua.validate(str(path)).findings
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        links = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Link"]
        assert len(links) == 1 and links[0].P.S == "/P"
        annot = links[0].K[0].Obj
        assert str(annot.Contents) == "Link: https://example.org/" and "/StructParent" in annot
