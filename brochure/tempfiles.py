"""Temporary folders that do not outlive the process, and the signal handling that makes sure of it.

`temp_dir(kind)` makes `brochure-<kind>-<pid>-XXXX` in the system temp folder and removes it on every
exit path: return, exception, Ctrl-C, and SIGTERM/SIGHUP once `exit_on_signals()` is installed (the CLI
does; the handler removes the folders, then unwinds the stack like an exception, so every `finally` and
`with` runs, in forked workers too). Python ignores an exception raised in some places (an at-fork
callback, a finaliser): then `stop_if_terminated` at the next stage raises it again, and an alarm ends
the process if nothing does. SIGKILL cannot be caught: the folder of a process that no longer exists is removed by the
next `sweep()` (every build and verify starts with one), which knows it by the process id in its name.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "brochure-"
GRACE = 10           # seconds a terminated process has to unwind before it is ended outright
_OURS = re.compile(r"^brochure-(ink|verify)-(\d+)-")


class Terminated(SystemExit):
    """Raised by the signal handler: a SystemExit, so Pool workers do not swallow it as a task error."""


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end the process through the normal unwinding (exit 128 + signal number)."""
    def handler(signum: int, frame: object) -> None:
        global TERMINATED
        signal.signal(signum, signal.SIG_DFL)      # a second signal ends it at once
        TERMINATED = signum
        _remove_live()
        # The exception may land where Python ignores exceptions (an at-fork callback, a finaliser):
        # then SIGALRM's default action ends the process all the same. (Not a timer thread: starting a
        # thread takes locks the interrupted code may hold, and deadlocked pool workers that way.)
        if hasattr(signal, "alarm"):
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(GRACE)
        raise Terminated(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):     # not the main thread, or no such signal
            signal.signal(sig, handler)


def default_signals() -> None:
    """Pool initializer: workers die at once on SIGTERM (the pool ends them so), as before any handler
    was installed; running Python on the way out there could deadlock. Their folders are swept by the
    parent (`sweep` after the pool), since a dead process's pid is in their names."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(sig, signal.SIG_DFL)


def die_with_parent() -> None:
    """`preexec_fn` for helper processes (Ghostscript): on Linux they get SIGKILL when we die, even by
    SIGKILL, instead of running on and writing into a folder that is gone."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)       # PR_SET_PDEATHSIG


_LIVE: set[Path] = set()     # folders made and not yet removed: removed at exit if still there


@atexit.register
def _remove_live() -> None:
    for path in list(_LIVE):
        shutil.rmtree(path, ignore_errors=True)


TERMINATED = 0        # the signal that asked this process to stop, once one has


def stop_if_terminated() -> None:
    """Raise the termination again where the signal handler's exception was swallowed."""
    if TERMINATED:
        raise Terminated(128 + TERMINATED)


@contextlib.contextmanager
def temp_dir(kind: str) -> Iterator[Path]:
    # A signal arriving between the folder's creation and the `try` below (the moment a test that waits
    # for the folder kills us) is held back until the folder is registered for removal at exit.
    signals = {signal.SIGTERM, signal.SIGHUP}
    blocked = hasattr(signal, "pthread_sigmask")
    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals) if blocked else None
    try:
        path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-"))
        _LIVE.add(path)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)  # type: ignore[arg-type]
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        _LIVE.discard(path)


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
