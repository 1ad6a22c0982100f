"""Bad inputs annotated with the diagnostics they must produce (`# expect: CODE LINE:COL`).

Every expected diagnostic must be emitted, and every emitted one must be expected. A case is one YAML
file in tests/data/bad/, or a folder there holding `content.yaml` and what it needs beside it (a
layout, pictures, CSV data, a profile or font file). An annotation names a place in the file that
holds it, or in another file of the case: `# expect: CODE huge.csv:2:6`. Cases are checked the way
`brochure check` checks (load and validate, nothing laid out): `check` must refuse what `build`
refuses. A case marked `# stage: build` fails only when laid out, and is built (email edition).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from brochure.build import Options, build, load
from brochure.diagnostics import Diagnostics
from brochure.errors import BrochureError

BAD = Path(__file__).parent / "data" / "bad"
EXPECT = re.compile(r"#\s*expect:\s*([\w.-]+)\s+(?:([\w.-]+\.\w+):)?(\d+):(\d+)")
CASES = sorted([*BAD.glob("*.yaml"), *(d / "content.yaml" for d in BAD.iterdir() if (d / "content.yaml").is_file())])


def case_id(path: Path) -> str:
    return path.parent.name if path.name == "content.yaml" else path.stem


def expected(path: Path) -> set[tuple[str, str, int, int]]:
    files = [path] if path.name != "content.yaml" else sorted(path.parent.glob("*.yaml"))
    out = set()
    for f in files:
        for m in EXPECT.finditer(f.read_text(encoding="utf-8", errors="replace")):
            out.add((m.group(1), m.group(2) or f.name, int(m.group(3)), int(m.group(4))))
    return out


def emitted(path: Path, tmp: Path | None = None) -> Diagnostics:
    try:
        if tmp is not None and laid_out(path):
            return build(Options(path, editions=["email"], out_dir=tmp, quiet=True)).diags
        return load(Options(path)).diags
    except BrochureError as exc:
        return exc.diagnostics


def laid_out(case: Path) -> bool:
    return "# stage: build" in case.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if laid_out(c) else c for c in CASES],
                         ids=case_id)
def test_annotated_diagnostics(case: Path, tmp_path: Path) -> None:
    want = expected(case)
    assert want, f"{case} has no # expect: annotations"
    got = {(d.code, Path(d.location.file).name, d.location.line, d.location.col)
           for d in emitted(case, tmp_path) if d.location}
    assert got == want, f"not emitted: {want - got}; not annotated: {got - want}"
    unlocated = [d.format() for d in emitted(case, tmp_path) if d.location is None]
    assert not unlocated, unlocated


def test_every_diagnostic_has_a_location_in_the_case() -> None:
    for case in CASES:
        names = {p.name for p in case.parent.iterdir()} if case.name == "content.yaml" else {case.name}
        for d in emitted(case):
            assert d.location is not None and Path(d.location.file).name in names, d.format()


def test_unknown_key_hint_names_the_right_key() -> None:
    diags = emitted(BAD / "unknown_keys.yaml")
    hints = {d.hints[0] for d in diags if d.code == "content.unknown-key"}
    assert {"did you mean 'title'?", "did you mean 'subtitle'?", "did you mean 'cite'?",
            "did you mean 'formats'?"} <= hints
    text = {d.message: d.hints for d in diags}
    # a block's `formats` is not a second type key, and its values are reported where they are
    assert text["sections[0].body[4].formats[1]: 'screan' is not one of 'booklet', 'leaflet', 'poster' or "
                "'screen'"] == ("did you mean 'screen'?",)
    assert text["unknown body block type 'figurs'"] == ("did you mean 'figures'?",)
    assert any(m.startswith("a body block has exactly one key naming its type") and "'chart', 'quote'" in m
               for m in text)


def test_cli_reports_without_traceback_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(BAD / "unknown_keys.yaml"),
                           "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(r"unknown_keys\.yaml:3:3: error\[content\.unknown-key\]: unknown key 'titel'", proc.stderr)
    assert "hint: did you mean 'title'?" in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_cli_usage_error_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "build"], capture_output=True, text=True)
    assert proc.returncode == 2
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "build", "x.yaml", "--edition", "fax"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown edition" in proc.stderr


def test_missing_content_file_is_a_diagnostic(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "check", str(tmp_path / "none.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "error[io.not-found]" in proc.stderr and "Traceback" not in proc.stderr
