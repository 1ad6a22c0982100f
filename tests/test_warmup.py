"""The shared pool of cold work: every task runs once, biggest first, and a failing task does not stop
the others (the stage that needs its result does it again and reports the problem)."""

from __future__ import annotations

import os
from pathlib import Path

from brochure import warmup


def write(path: str, text: str) -> str:
    Path(path).write_text(f"{text} {os.getpid()}")
    return path


def fail(path: str, text: str) -> str:
    raise ValueError(text)


def test_tasks_run_in_workers_and_failures_are_left_for_later(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(warmup.os, "cpu_count", lambda: 2)     # the pool runs on a one-core machine too
    tasks = [warmup.Task(float(i), write, (str(tmp_path / f"{i}.txt"), f"task {i}")) for i in range(5)]
    tasks.insert(2, warmup.Task(9.0, fail, (str(tmp_path / "bad.txt"), "broken")))
    assert warmup.fill(tasks) == 5
    for i in range(5):
        text, pid = (tmp_path / f"{i}.txt").read_text().rsplit(" ", 1)
        assert text == f"task {i}" and int(pid) != os.getpid()
    assert not (tmp_path / "bad.txt").exists()


def test_one_task_is_left_to_the_stage(tmp_path: Path) -> None:
    """Starting a pool for one task costs more than it saves: nothing runs."""
    assert warmup.fill([warmup.Task(1.0, write, (str(tmp_path / "a.txt"), "a"))]) == 0
    assert not (tmp_path / "a.txt").exists()
