"""Temporary folders that do not outlive the process, and the signal handling that makes sure of it.

`temp_dir(kind)` makes `brochure-<kind>-<pid>-XXXX` in the system temp folder and removes it on every
exit path: return, exception, Ctrl-C, and SIGTERM/SIGHUP once `exit_on_signals()` is installed (the CLI
does; a signal then unwinds the stack like an exception, so every `finally` and `with` runs, in forked
workers too). SIGKILL cannot be caught: the folder of a process that no longer exists is removed by the
next `sweep()` (every build and verify starts with one), which knows it by the process id in its name.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "brochure-"
_OURS = re.compile(r"^brochure-(ink|verify)-(\d+)-")


class Terminated(SystemExit):
    """Raised by the signal handler: a SystemExit, so Pool workers do not swallow it as a task error."""


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end the process through the normal unwinding (exit 128 + signal number)."""
    def handler(signum: int, frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)      # a second signal ends it at once
        raise Terminated(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):     # not the main thread, or no such signal
            signal.signal(sig, handler)


def die_with_parent() -> None:
    """`preexec_fn` for helper processes (Ghostscript): on Linux they get SIGKILL when we die, even by
    SIGKILL, instead of running on and writing into a folder that is gone."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)       # PR_SET_PDEATHSIG


@contextlib.contextmanager
def temp_dir(kind: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True          # someone else's process
    return True


def sweep(folder: Path | None = None) -> list[Path]:
    """Remove our temporary folders left by processes that were killed (SIGKILL, power loss)."""
    root = Path(folder or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        m = _OURS.match(entry.name)
        if not m or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
                continue
        except OSError:
            continue
        if not alive(int(m.group(2))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed
