"""Bad inputs annotated with the diagnostics they must produce (`# expect: CODE LINE:COL`).

Every expected diagnostic must be emitted, and every emitted one must be expected.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from brochure.build import Options, load
from brochure.diagnostics import Diagnostics
from brochure.errors import BrochureError

BAD = Path(__file__).parent / "data" / "bad"
EXPECT = re.compile(r"#\s*expect:\s*([\w.-]+)\s+(\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    return {(m.group(1), int(m.group(2)), int(m.group(3)))
            for m in EXPECT.finditer(path.read_text(encoding="utf-8"))}


def emitted(path: Path) -> Diagnostics:
    try:
        return load(Options(path)).diags
    except BrochureError as exc:
        return exc.diagnostics


@pytest.mark.parametrize("case", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_annotated_diagnostics(case: Path) -> None:
    want = expected(case)
    assert want, f"{case.name} has no # expect: annotations"
    got = {(d.code, d.location.line, d.location.col) for d in emitted(case) if d.location}
    assert got == want, f"not emitted: {want - got}; not annotated: {got - want}"


def test_every_diagnostic_has_a_location_in_the_file() -> None:
    for case in BAD.glob("*.yaml"):
        for d in emitted(case):
            assert d.location is not None and d.location.file.endswith(case.name), d.format()


def test_unknown_key_hint_names_the_right_key() -> None:
    diags = emitted(BAD / "unknown_keys.yaml")
    hints = {d.hints[0] for d in diags if d.code == "content.unknown-key"}
    assert {"did you mean 'title'?", "did you mean 'subtitle'?", "did you mean 'cite'?"} <= hints


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
