"""Preflight end to end: layout checks that need the trace of our own build (heading alone, sparse last
page, cover text overflow), the report (summary, JSON, --strict, nothing replaced on failure), the
`brochure preflight` command on PDFs made here and elsewhere, and `brochure check --fill`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from brochure.diagnostics import Location
from brochure.preflight import Target, run_checks
from brochure.preflight.trace import FrameFill, Placed, Trace

HEADING = """\
meta: {title: 测试手册, language: zh-CN, slug: heading}
sections:
  - title: 第一节
    body:
      - image: {src: c.jpg, fit: contain}
      - heading: 小标题
      - image: {src: c.jpg, fit: contain}
back: {text: 完}
"""
SPARSE = """\
meta: {title: 测试手册, language: zh-CN, slug: sparse}
sections:
  - title: 第一节
    body:
      - image: {src: a.jpg, fit: contain}
      - image: {src: a.jpg, fit: contain}
      - image: {src: b.jpg, fit: contain}
  - title: 第二节
    body: [正文。]
back: {text: 完}
"""
LONG_TITLE = """\
meta:
  title: {title}
  subtitle: 副标题
  language: zh-CN
  publisher: 出版者
  slug: cover
sections:
  - title: 第一节
    body: [正文。]
back: {{text: 完}}
"""


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`brochure` in a fresh process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "brochure", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Content files, flat-colour pictures whose aspect ratios fix the layout, and two layouts."""
    d = tmp_path_factory.mktemp("layoutchecks")
    for name, (w, h) in {"a.jpg": (1000, 1138), "b.jpg": (1000, 479), "c.jpg": (1000, 898)}.items():
        Image.new("RGB", (w, h), (90, 120, 160)).save(d / name, "JPEG", quality=80)
    (d / "heading.yaml").write_text(HEADING, encoding="utf-8")
    (d / "sparse.yaml").write_text(SPARSE, encoding="utf-8")
    (d / "cover.yaml").write_text(LONG_TITLE.format(title="封面标题超出它的空间" * 20), encoding="utf-8")
    (d / "nokeep.yaml").write_text("extends: a4-booklet\nstyles: {heading: {keep_with_next: false}}\n")
    (d / "noshrink.yaml").write_text("extends: a4-booklet\nmakeup: {run_on: false, opener_heights: [40%]}\n")
    return d


def report(out: Path, slug: str) -> dict:
    return json.loads((out / f"{slug}-preflight.json").read_text(encoding="utf-8"))


def codes(data: dict) -> list[tuple[str, str]]:
    return [(d["code"], d["severity"]) for d in data["diagnostics"]]


# -- layout.heading-alone ---------------------------------------------------------------------------------
def test_heading_alone_at_the_foot_of_a_column(folder: Path, tmp_path: Path) -> None:
    r = cli("build", folder / "heading.yaml", "--layout", folder / "nokeep.yaml", "--edition", "email",
            "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    found = [d for d in report(tmp_path, "heading")["diagnostics"] if d["code"] == "layout.heading-alone"]
    assert len(found) == 1
    d = found[0]
    assert d["severity"] == "warning" and d["edition"] == "email" and d["page"] == 3
    assert (d["location"]["line"], d["location"]["col"]) == (6, 9)
    assert "heading.yaml:6:9: warning[layout.heading-alone]" in r.stderr


def test_heading_kept_with_its_text_by_default(folder: Path, tmp_path: Path) -> None:
    r = cli("build", folder / "heading.yaml", "--edition", "email", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "layout.heading-alone" not in [c for c, _ in codes(report(tmp_path, "heading"))]


# -- layout.sparse-page, --strict, check --fill -----------------------------------------------------------
def test_half_empty_page_is_reported_and_strict_fails(folder: Path, tmp_path: Path) -> None:
    args = ("build", folder / "sparse.yaml", "--layout", folder / "noshrink.yaml", "--edition", "email",
            "--out", tmp_path)
    r = cli(*args)
    assert r.returncode == 0, r.stderr
    data = report(tmp_path, "sparse")
    assert codes(data) == [("layout.sparse-page", "warning")]
    d = data["diagnostics"][0]
    assert d["page"] == 4 and (d["location"]["line"], d["location"]["col"]) == (3, 12)  # the section title
    assert data["ok"] is True and data["editions"]["email"]["warnings"] == 1
    pdf = tmp_path / "sparse-email.pdf"
    before = pdf.read_bytes()
    strict = cli(*args, "--strict")
    assert strict.returncode == 1
    assert "FAILED (--strict: warnings fail)" in strict.stderr
    assert report(tmp_path, "sparse")["ok"] is False
    assert pdf.read_bytes() == before            # a failed build replaces nothing


def test_next_section_runs_on_to_fill_the_page(folder: Path, tmp_path: Path) -> None:
    r = cli("build", folder / "sparse.yaml", "--edition", "email", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    data = report(tmp_path, "sparse")
    assert codes(data) == []
    assert data["editions"]["email"]["pages"] == 5     # cover, contents, opener, run-on page, back


def test_check_fill_lists_frames_and_flags_the_sparse_page(folder: Path) -> None:
    r = cli("check", folder / "sparse.yaml", "--layout", folder / "noshrink.yaml", "--fill")
    assert r.returncode == 0, r.stderr
    rows = {int(line.split()[0]): line for line in r.stdout.splitlines() if line[:4].strip().isdigit()}
    assert rows[3].split()[1] == "opener0" and "ocol0" in rows[3] and "ocol1" in rows[3]
    assert "blank" in rows[4] and "sparse.yaml:3:12" in rows[4]
    assert not any("blank" in line for page, line in rows.items() if page != 4)


# -- layout.text-overflow, the report when a build fails ---------------------------------------------------
def test_cover_title_that_overflows_fails_the_build_and_keeps_the_old_pdf(folder: Path, tmp_path: Path) -> None:
    good = tmp_path / "cover-email.pdf"
    good.write_bytes(b"%PDF-1.4 a good file from yesterday")
    r = cli("build", folder / "cover.yaml", "--edition", "email", "--out", tmp_path)
    assert r.returncode == 1
    assert "cover.yaml:3:13: error[layout.text-overflow]" in r.stderr
    assert "build failed; no PDF was written" in r.stderr
    assert good.read_bytes() == b"%PDF-1.4 a good file from yesterday"
    data = report(tmp_path, "cover")
    assert data["ok"] is False and ("layout.text-overflow", "error") in codes(data)
    d = next(x for x in data["diagnostics"] if x["code"] == "layout.text-overflow")
    assert set(d) == {"code", "severity", "edition", "page", "message", "location", "hints"}
    assert d["edition"] == "email" and d["page"] == 1 and d["hints"]


def test_table_row_taller_than_a_column_is_located(folder: Path, tmp_path: Path) -> None:
    long_row = "很长的说明文字。" * 400
    content = folder / "table.yaml"
    content.write_text("meta: {title: 测试手册, language: zh-CN, slug: table}\nsections:\n  - title: 第一节\n"
                       "    body:\n      - table:\n          header: [年份, 说明]\n"
                       f"          rows:\n            - [2019, \"{long_row}\"]\nback: {{text: 完}}\n",
                       encoding="utf-8")
    r = cli("build", content, "--edition", "email", "--out", tmp_path)
    assert r.returncode == 1
    assert "table.yaml:5:9: error[layout.too-large]: a table does not fit in its frame on page 3" in r.stderr
    assert not (tmp_path / "table-email.pdf").exists()


# -- the clean example ---------------------------------------------------------------------------------------
def test_example_preflight_is_clean_in_every_edition(example_build) -> None:
    data = json.loads(example_build.report.path.read_text(encoding="utf-8"))
    assert data["ok"] is True
    assert {e: (v["errors"], v["warnings"]) for e, v in data["editions"].items()} == {
        "print": (0, 0), "email": (0, 0), "archive": (0, 0)}
    assert data["diagnostics"] == []
    summary = "\n".join(example_build.report.summary_lines())
    assert "print" in summary and "passed" in summary


# -- brochure preflight FILE.pdf ----------------------------------------------------------------------------
def test_preflight_command_passes_our_print_file(example_build, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    r = cli("preflight", example_build.outputs["print"], "--edition", "print", "--json", out)
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ok"] is True and data["editions"]["print"]["errors"] == 0


def test_preflight_command_rejects_a_screen_file_for_print(example_build) -> None:
    r = cli("preflight", example_build.outputs["email"], "--edition", "print")
    assert r.returncode == 1
    assert "error[pdf.boxes]" in r.stderr and "error[pdf.rgb-colour]" in r.stderr


def foreign_pdf(pages: int = 1, font: str = "Helvetica") -> bytes:
    """A PDF made elsewhere: ReportLab's canvas with a standard font, which it does not embed."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842))
    for i in range(pages):
        c.setFont(font, 12)
        c.drawString(100, 700, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_preflight_command_on_a_foreign_pdf_finds_the_unembedded_font(tmp_path: Path) -> None:
    pdf = tmp_path / "elsewhere.pdf"
    pdf.write_bytes(foreign_pdf())
    r = cli("preflight", pdf, "--edition", "email")
    assert r.returncode == 1
    assert "error[pdf.font-not-embedded]: font /Helvetica is not embedded [email, page 1]" in r.stderr


def test_preflight_command_usage_errors(tmp_path: Path) -> None:
    assert cli("preflight", tmp_path / "missing.pdf", "--edition", "email").returncode == 1
    assert cli("preflight", tmp_path / "missing.pdf", "--edition", "poster").returncode == 2


# -- document checks on PDFs with known faults --------------------------------------------------------------
def test_page_count_for_saddle_stitch() -> None:
    found = run_checks(foreign_pdf(6), Target("print", saddle_stitch=True), only={"pdf.page-count"})
    assert [(d.code, d.severity.value) for d in found] == [("pdf.page-count", "error")]
    assert "add or remove 2 page(s)" in found.items[0].hints[0]
    assert not run_checks(foreign_pdf(8), Target("print", saddle_stitch=True), only={"pdf.page-count"})
    assert not run_checks(foreign_pdf(6), Target("print"), only={"pdf.page-count"})


def test_outline_must_list_the_sections() -> None:
    found = run_checks(foreign_pdf(2), Target("email", sections=("一", "二")), only={"pdf.outline"})
    assert [d.code for d in found] == ["pdf.outline"]


def test_size_budget_names_the_largest_pictures() -> None:
    trace = Trace()
    trace.add(Placed(1, (0, 0, 500, 400), "image", Location("b.yaml", 9, 14)))
    trace.add(Placed(1, (0, 0, 50, 40), "image", Location("b.yaml", 12, 14)))
    found = run_checks(foreign_pdf(), Target("email", size_budget_mb=0.0001), trace, only={"pdf.size-budget"})
    d = found.items[0]
    assert d.code == "pdf.size-budget" and d.severity.value == "error"
    assert "largest pictures: b.yaml:9:14; b.yaml:12:14" in d.hints
    assert not run_checks(foreign_pdf(), Target("email", size_budget_mb=7), only={"pdf.size-budget"})


def test_trace_locates_the_smallest_element_overlapping_most() -> None:
    trace = Trace()
    trace.add(Placed(2, (0, 0, 600, 800), "image", Location("c.yaml", 1, 1)))
    trace.add(Placed(2, (50, 50, 250, 300), "paragraph", Location("c.yaml", 7, 9)))
    assert trace.locate(2, (60, 60, 70, 70)) == Location("c.yaml", 7, 9)
    assert trace.locate(2, (400, 600, 410, 610)) == Location("c.yaml", 1, 1)
    assert trace.locate(3, (60, 60, 70, 70)) is None
    assert FrameFill(1, "body:R", "col0", 100.0, 130.0).fill == 1.0


def test_example_sections_end_on_balanced_columns_and_no_page_is_padding() -> None:
    from conftest import EXAMPLE

    r = cli("check", EXAMPLE, "--fill")
    assert r.returncode == 0, r.stderr
    rows = [line.split() for line in r.stdout.splitlines() if line[:4].strip().isdigit()]
    templates = [row[1] for row in rows]
    assert templates[0] == "cover" and templates[1] == "contents" and templates[-1] == "back"
    assert "notes" not in templates          # only the print edition is padded
    assert "body-runon" in templates         # short section ends let the next section run on
    assert "blank" not in r.stdout


def test_out_that_is_a_file_is_a_clear_error(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    r = cli("build", folder / "heading.yaml", "--edition", "email", "--out", out)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "error[io.out-not-a-folder]" in r.stderr and out.read_text() == "not a folder"


def test_only_the_printed_edition_is_held_to_trim_bleed_and_binding() -> None:
    from brochure.diagnostics import Diagnostics
    from brochure.editions import settings_for
    from brochure.model.layouts import load_layout

    layout = load_layout("a4-booklet", Diagnostics()).layout
    printed = Target.for_edition(settings_for("print"), layout)
    assert printed.saddle_stitch and printed.cmyk and printed.standard == "PDF/X-4"
    assert round(printed.bleed / 72 * 25.4, 3) == 3.0 and round(printed.safety / 72 * 25.4, 3) == 5.0
    for name in ("email", "archive"):
        screen = Target.for_edition(settings_for(name), layout)
        assert (screen.bleed, screen.safety, screen.saddle_stitch, screen.cmyk) == (0.0, 0.0, False, False)
    assert Target.for_edition(settings_for("email"), layout).size_budget_mb == 7.0


def test_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_text("these are my notes")
    r = cli("preflight", bad, "--edition", "print")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "error[pdf.unreadable]: not a readable PDF" in r.stderr and "BytesIO" not in r.stderr


def test_example_in_the_a5_layout_passes_print_preflight(tmp_path: Path) -> None:
    """Another page size moves every element: the print preflight must still find nothing (this once
    caught the cover's darkening bands, whose second band starts inside the bleed on A5)."""
    from conftest import EXAMPLE

    r = cli("build", EXAMPLE, "--layout", "a5-booklet", "--edition", "print", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    data = report(tmp_path, "tianxin-2020")
    assert data["editions"]["print"]["errors"] == 0 and data["editions"]["print"]["pages"] % 4 == 0



def test_a_problem_found_while_drawing_still_gets_the_whole_preflight(folder: Path, tmp_path: Path) -> None:
    """A cover title too long for its space is found while drawing; the print file is still finished and
    preflighted, so one run reports everything, and nothing is written. (A photo too small for print,
    this test's first example, is now refused at validation, as `brochure check` refuses it.)"""
    content = folder / "small.yaml"
    content.write_text("meta: {title: " + "很长的封面标题" * 30 + ", language: zh-CN, slug: small}\n"
                       "sections:\n  - title: 第一节\n    body:\n      - 正文。\nback: {text: 完}\n",
                       encoding="utf-8")
    r = cli("build", content, "--edition", "print,email", "--out", tmp_path)
    assert r.returncode == 1
    data = report(tmp_path, "small")
    assert data["editions"]["print"]["pages"] == 4 and data["editions"]["print"]["errors"] == 2
    d = next(x for x in data["diagnostics"] if x["code"] == "layout.text-overflow")
    assert d["edition"] == "print" and (d["location"]["line"], d["location"]["col"]) == (1, 15)
    # the finished page was preflighted too: the overflowing title crosses the trim
    assert any(x["code"] == "pdf.safety-margin" and x["edition"] == "print" for x in data["diagnostics"])
    assert not list(tmp_path.glob("*.pdf"))
