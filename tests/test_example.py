"""End to end: the Tianxin example builds, and its PDFs have the structure a reader relies on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from conftest import EXAMPLE, ROOT, require_tool

REFS = Path(__file__).parent / "refs"


@pytest.fixture(scope="module")
def content() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def email(example_build) -> Path:
    return example_build.outputs["email"]


@pytest.mark.slow
@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_no_warnings_or_errors(example_build) -> None:
    assert [d.format() for d in example_build.diags] == []


def test_only_print_is_padded_for_stitching(example_build, email: Path) -> None:
    """The print edition pads to a multiple of four with designed note pages; email and archive end
    with the back cover, and their pages carry the same numbers as in print."""
    printed = example_build.outputs["print"]
    with pikepdf.open(email) as mail, pikepdf.open(printed) as pdf:
        assert len(pdf.pages) % 4 == 0 and len(mail.pages) <= len(pdf.pages)
        assert len(pdf.pages) - len(mail.pages) < 4
    doc = pdfium.PdfDocument(str(email))
    for i in range(2, len(doc) - 1):
        assert f"{i + 1:02d}" in doc[i].get_textpage().get_text_range()


def test_outline_lists_sections(email: Path, content: dict) -> None:
    with pikepdf.open(email) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        assert pdf.Root.PageMode == "/UseOutlines"
    assert titles == [s["title"] for s in content["sections"]]


def test_metadata(email: Path, content: dict) -> None:
    meta = content["meta"]
    with pikepdf.open(email) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]).startswith(meta["title"])
        assert str(info["/Author"]) == meta["publisher"]
        assert str(info["/Subject"]) == meta["subtitle"]
        assert all(k in str(info["/Keywords"]) for k in meta["keywords"])
        assert str(pdf.Root.Lang) == "zh-CN"
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == str(info["/Title"])


def test_fonts_embedded_and_subset(email: Path) -> None:
    pdffonts = require_tool("pdffonts")
    out = subprocess.run([pdffonts, str(email)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        cols = row.split()
        assert "+" in cols[0], f"not subset: {row}"
        assert cols[-5] == "yes", f"not embedded: {row}"
        # each face once, as a Type 0 font over a TrueType CIDFont (fonts/type0.py)
        assert " CID TrueType " in row and " Identity-H " in row, row
    faces = [row.split()[0].split("+", 1)[1] for row in rows]
    assert len(faces) == len(set(faces)), out


def test_contents_page_links_go_to_section_openers(email: Path, content: dict) -> None:
    with pikepdf.open(email) as pdf:
        page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
        links = [a for a in pdf.pages[1].get("/Annots", []) if a.Subtype == "/Link"]
        assert len(links) == len(content["sections"])
        dests = pdf.Root.Names.Dests.Names if "/Names" in pdf.Root else None
        named = {str(dests[i]): dests[i + 1] for i in range(0, len(dests), 2)} if dests is not None else {}
        targets = []
        for link in links:
            dest = link.get("/Dest") or link.A.get("/D")
            if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                dest = named[str(dest).lstrip("/")]
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.D
            targets.append(page_of[dest[0].objgen])
    assert targets == sorted(targets) and all(t >= 2 for t in targets)
    # each target page shows its section title, and the contents page prints that page's number
    doc = pdfium.PdfDocument(str(email))
    contents_text = doc[1].get_textpage().get_text_range()
    for target in targets:
        assert f"{target + 1:02d}" in contents_text
    for section, target in zip(content["sections"], targets, strict=True):
        text = doc[target].get_textpage().get_text_range().replace("\r", "").replace("\n", "")
        assert section["title"] in text


def _plain(markup: str) -> str:
    return markup.replace("**", "").replace("*", "")


def test_text_extracts_as_written(email: Path, content: dict) -> None:
    doc = pdfium.PdfDocument(str(email))
    full = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    flat = "".join(full.split())
    paragraphs = [b for s in content["sections"] for b in s["body"] if isinstance(b, str)]
    assert len(paragraphs) > 30

    def found(text: str) -> bool:
        """Whole, or in two parts: a figure that floated to a column top may stand between them."""
        return text in flat or any(text[:k] in flat and text[k:] in flat for k in range(1, len(text)))

    missing = [p[:20] for p in paragraphs if not found("".join(_plain(p).split()))]
    assert missing == []


def test_every_section_has_a_running_header_and_numbers(email: Path, content: dict) -> None:
    doc = pdfium.PdfDocument(str(email))
    text3 = doc[3].get_textpage().get_text_range()
    assert content["meta"]["title"] in text3 or content["sections"][0]["title"] in text3
    last_body = doc[len(doc) - 2].get_textpage().get_text_range()
    assert f"{len(doc) - 1:02d}" in last_body


@pytest.mark.parametrize("page", [0, 1, 2, 4])
def test_page_renders_match_reference(email: Path, page: int, update_refs: bool, tmp_path: Path) -> None:
    """Low-resolution renders compared with references (regenerate with --update-refs)."""
    from PIL import Image, ImageChops, ImageStat

    doc = pdfium.PdfDocument(str(email))
    image = doc[page].render(scale=40 / 72).to_pil().convert("RGB")
    ref_path = REFS / f"tianxin-email-p{page + 1}.png"
    if update_refs or not ref_path.exists():
        REFS.mkdir(exist_ok=True)
        image.save(ref_path)
        if not update_refs:
            pytest.fail(f"no reference for page {page + 1}; wrote {ref_path.relative_to(ROOT)}: check it in")
        return
    ref = Image.open(ref_path).convert("RGB")
    assert ref.size == image.size
    diff = ImageChops.difference(image, ref)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    if mean > 2.0:
        out = ROOT / "tests" / "_artifacts"
        out.mkdir(exist_ok=True)
        image.save(out / f"actual-p{page + 1}.png")
        ref.save(out / f"expected-p{page + 1}.png")
        diff.save(out / f"diff-p{page + 1}.png")
    assert mean <= 2.0, f"page {page + 1} differs from its reference (mean {mean:.2f}); see tests/_artifacts"


@pytest.mark.slow
def test_make_brochure_script_builds_into_out(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "make_brochure.py")], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert "tianxin-2020-email.pdf" in pdfs


def _cover_painting(pdf: Path) -> tuple[int, int, set[str]]:
    """(shadings painted, rectangles filled, shading colour spaces) on the cover page."""
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        ops = [op for _, op in pikepdf.parse_content_stream(page)]
        shadings = page.Resources.get("/Shading", pikepdf.Dictionary())
        spaces = {str(v.ColorSpace) for _, v in shadings.items()}
        return sum(str(o) == "sh" for o in ops), sum(str(o) == "re" for o in ops), spaces


@pytest.mark.parametrize(("edition", "space"), [("email", "/DeviceRGB"), ("print", "/DeviceCMYK")])
def test_cover_gradients_are_smooth_shadings(example_build, edition: str, space: str) -> None:
    """The cover's darkening at head and foot: one smooth shading each, in the edition's colour space,
    where there were dozens of stepped bands; the print edition still passes its preflight
    (test_no_warnings_or_errors)."""
    shades, rects, spaces = _cover_painting(example_build.outputs[edition])
    assert shades == 2
    assert rects <= 6                # the clip rectangles and the title bar, no bands
    assert spaces == {space}
