"""`brochure build --watch`: rebuilds when an input changes, keeps watching after a failed build, and
stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brochure import watch

BROCHURE = """\
meta: {title: 监视, language: zh-CN, slug: watched, date: 2020-01-15}
sections:
  - title: 第一节
    body: [正文第一版。]
back: {text: 完}
"""


def test_snapshot_sees_edits_and_files_that_appear(tmp_path: Path) -> None:
    content, picture = tmp_path / "brochure.yaml", tmp_path / "images" / "a.jpg"
    content.write_text("a")
    before = watch.snapshot_files([content, picture])
    assert before[picture] == (-1, -1)                       # named by the content, not there yet
    picture.parent.mkdir()
    picture.write_bytes(b"1")
    (tmp_path / "log.txt").write_text("a build's own log")  # not an input: not in the snapshot
    after = watch.snapshot_files([content, picture])
    assert watch.changes(before, after) == [picture]


def test_wait_returns_once_the_change_has_settled() -> None:
    states = iter([{"a": 1}, {"a": 2}, {"a": 3}, {"a": 3}])   # a save written in two steps
    snaps: list[dict] = []

    def take() -> dict:
        snaps.append(next(states))
        return snaps[-1]

    now, changed = watch.wait_for_change(take, {"a": 1}, sleep=lambda s: None)  # type: ignore[arg-type]
    assert now == {"a": 3} and changed == ["a"] and len(snaps) == 4


class Log:
    """The watching process's output, read step by step: each step is the text after the last one."""

    def __init__(self, path: Path):
        self.path, self.seen = path, 0

    def next(self, ending: str, timeout: float = 60) -> str:
        """The output up to and including the next line that contains `ending`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            text = self.path.read_text(encoding="utf-8", errors="replace")
            at = text.find(ending, self.seen)
            if at >= 0:
                stop = text.find("\n", at)
                stop = len(text) if stop < 0 else stop + 1
                step, self.seen = text[self.seen:stop], stop
                return step
            time.sleep(0.1)
        raise AssertionError(f"no {ending!r} after:\n{self.path.read_text()[self.seen:]}")


def wait_for(log: Path, text: str, count: int = 1, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        seen = log.read_text(encoding="utf-8", errors="replace")
        if seen.count(text) >= count:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"no {text!r} x{count} in:\n{log.read_text()}")


def save(path: Path, text: str) -> None:
    """Save as editors do: a hidden temporary file renamed over the old one (never half written)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.mark.slow
def test_watch_rebuilds_on_change_survives_a_broken_file_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """The log is written outside the watched folder: a log inside it is itself a change, so each
    rebuild's output started another rebuild, and under load Ctrl-C landed in one of them. Each step
    now waits for the watcher's own report of that step, and checks it rebuilt for that edit only."""
    source = tmp_path / "src"
    source.mkdir()
    content = source / "brochure.yaml"
    content.write_text(BROCHURE, encoding="utf-8")
    out = source / "out"
    log = Log(tmp_path / "log.txt")
    with log.path.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "brochure", "build", str(content), "--edition", "email",
                                 "--out", str(out), "--watch", "-q"], stdout=sink, stderr=subprocess.STDOUT)
    try:
        log.next("(Ctrl-C stops)")
        pdf = out / "watched-email.pdf"
        first = pdf.read_bytes()
        for text, outcome in ((BROCHURE.replace("第一版", "第二版"), "rebuilt in"),
                              (BROCHURE.replace("sections:", "sections: [oops"), "failed in"),
                              (BROCHURE, "rebuilt in")):
            save(content, text)
            step = log.next("; watching")
            assert "changed: brochure.yaml; rebuilding" in step and outcome in step, step
            assert proc.poll() is None                                  # still watching
            if outcome == "failed in":
                assert "error[yaml.syntax]" in step
            elif text != BROCHURE:
                assert pdf.read_bytes() != first
        assert pdf.read_bytes() == first
        time.sleep(2 * watch.POLL)
        assert "rebuilding" not in log.path.read_text()[log.seen:]      # idle: nothing changed since
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)


@pytest.mark.slow
def test_rebuilds_in_one_process_write_the_same_bytes_as_a_fresh_build(tmp_path: Path) -> None:
    """A watching process keeps shaped paragraphs and shapes before forking its edition workers: the
    PDFs must not differ from a one-off build's."""
    from brochure.build import Options, build

    content = tmp_path / "brochure.yaml"
    content.write_text(BROCHURE, encoding="utf-8")
    fresh = build(Options(content, editions=["email", "print"], out_dir=tmp_path / "a", quiet=True))
    watched = Options(content, editions=["email", "print"], out_dir=tmp_path / "b", quiet=True, watching=True)
    build(watched)
    again = build(watched)
    for edition in ("email", "print"):
        assert again.outputs[edition].read_bytes() == fresh.outputs[edition].read_bytes(), edition


@pytest.mark.slow
def test_watch_ignores_its_own_log_and_pdfs_in_the_brochure_folder(tmp_path: Path) -> None:
    """Output and log redirected into the brochure folder used to rebuild forever: only the files the
    build reads are watched."""
    content = tmp_path / "brochure.yaml"
    content.write_text(BROCHURE, encoding="utf-8")
    log = tmp_path / "build.log"
    with log.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "brochure", "build", str(content), "--edition", "email",
                                 "--out", str(tmp_path), "--watch"], stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for(log, "Ctrl-C stops")
        time.sleep(2.5)                                   # ten polls: the log and the PDF are not inputs
        assert "changed:" not in log.read_text(encoding="utf-8")
        content.write_text(BROCHURE.replace("第一版", "第二版"), encoding="utf-8")
        wait_for(log, "rebuilt in")
        time.sleep(2.5)
        seen = log.read_text(encoding="utf-8")
        assert seen.count("changed:") == 1 and "changed: brochure.yaml;" in seen
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
