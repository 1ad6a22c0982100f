"""The cache folder: entries unused for a while are removed, after a build at most once a day, and
`brochure cache` shows, prunes and empties it; nothing outside the cache's own folders is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from brochure import cache
from brochure.cli import main

DAY = 86400.0


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "c"))
    return tmp_path / "c"


def entry(root: Path, rel: str, used_days_ago: float, read_days_ago: float | None = None, size: int = 10) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    now = time.time()
    mtime = now - used_days_ago * DAY
    atime = now - (used_days_ago if read_days_ago is None else read_days_ago) * DAY
    os.utime(path, (atime, mtime))
    return path


def test_prune_removes_what_was_neither_read_nor_written_for_the_days(root: Path) -> None:
    old = entry(root, "images/old.jpg", 120, size=1000)
    nested = entry(root, "fonts/sub/old.ttf", 100, size=24)
    fresh = entry(root, "images/fresh.jpg", 3)
    read = entry(root, "fonts/read.ttf", 200, read_days_ago=1)     # written long ago, read yesterday
    mine = entry(root, "notes/mine.txt", 500)                      # not a cache folder: never touched
    loose = entry(root, "mine.txt", 500)

    assert cache.prune(90) == (2, 1024)
    assert not old.exists() and not nested.exists()
    assert fresh.exists() and read.exists() and mine.exists() and loose.exists()
    assert cache.prune(90) == (0, 0)


def test_prune_leaves_a_file_being_written_and_clear_empties(root: Path) -> None:
    writing = entry(root, "images/.tmp-abc.jpg", 0)
    stale = entry(root, "images/.tmp-def.jpg", 2)
    kept = [entry(root, f"{kind}/e", 0) for kind in cache.KINDS]
    assert cache.prune(1) == (1, 10)
    assert writing.exists() and not stale.exists()
    assert cache.prune(0) == (len(kept), 10 * len(kept))
    assert writing.exists() and not any(p.exists() for p in kept)


def test_automatic_pruning_runs_at_most_once_a_day(root: Path) -> None:
    now = time.time()
    old = entry(root, "inline/old.json", cache.KEEP_DAYS + 1)
    assert cache.prune_now_and_then(now) == (1, 10)
    assert not old.exists()
    again = entry(root, "inline/again.json", cache.KEEP_DAYS + 1)
    assert cache.prune_now_and_then(now + DAY / 2) is None           # pruned half a day ago
    assert again.exists()
    assert cache.prune_now_and_then(now + DAY + 1) == (1, 10)
    assert not again.exists()


def test_usage_counts_entries_and_bytes_by_folder(root: Path) -> None:
    entry(root, "images/a.jpg", 0, size=100)
    entry(root, "images/b/c.jpg", 0, size=50)
    entry(root, "words/w.json", 0, size=7)
    entry(root, "other/x", 0, size=1000)
    assert cache.usage() == {"images": (2, 150), "words": (1, 7)}


def test_a_folder_not_in_kinds_is_refused(root: Path) -> None:
    with pytest.raises(AssertionError):
        cache.cache_dir("unlisted")


def test_cache_command_shows_prunes_and_clears(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry(root, "images/a.jpg", 0, size=3 * 2**20)
    entry(root, "images/old.jpg", 40, size=2048)
    assert main(["cache"]) == 0
    shown = capsys.readouterr().out
    assert f"cache: {root}" in shown and "images" in shown and "3.0 MiB" in shown
    assert main(["cache", "--prune", "30"]) == 0
    assert "removed 1 entries (2 KiB)" in capsys.readouterr().out
    assert main(["cache", "--clear"]) == 0
    out = capsys.readouterr().out
    assert "removed 1 entries (3.0 MiB)" in out and not (root / "images" / "a.jpg").exists()
    assert main(["cache", "--prune", "-1"]) == 2
    assert "0 or more" in capsys.readouterr().err


@pytest.mark.slow
def test_a_build_prunes_the_cache_and_says_so(root: Path, tmp_path: Path) -> None:
    from conftest import run_brochure

    old = entry(root, "images/0123456789abcdef.jpg", cache.KEEP_DAYS + 5, size=4096)
    content = tmp_path / "b.yaml"
    content.write_text("meta: {title: Pruning, language: en, date: 2020-01-01}\n"
                       "sections:\n  - title: One\n    body: [A short text.]\n")
    done = run_brochure("build", content, "--edition", "email", "--out", tmp_path / "out", "-q")
    assert done.returncode == 0, done.stderr
    assert not old.exists()
    assert "cache: removed 1 entries unused for 90 days (4 KiB)" in done.stderr
    assert (root / cache.STAMP).exists()
    again = entry(root, "images/fedcba9876543210.jpg", cache.KEEP_DAYS + 5)
    done = run_brochure("build", content, "--edition", "email", "--out", tmp_path / "out", "-q")
    assert done.returncode == 0 and again.exists() and "cache:" not in done.stderr
