"""The on-disk cache shared by the font converter and the image pipeline.

Location: $BROCHURE_CACHE, else $XDG_CACHE_HOME/brochure, else ~/.cache/brochure. Entries are written
atomically (temp file + rename), so parallel builds never read a half-written entry. Every entry can be
made again from the inputs, so an entry not used for `KEEP_DAYS` is removed (`prune_now_and_then`, after
a build, at most once a day); `brochure cache` shows and empties the folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# The cache's folders, by what they hold. Only these are ever counted or emptied: $BROCHURE_CACHE set to
# a folder that holds other things (a home folder, by mistake) loses nothing else.
KINDS = ("brightness", "checked", "cmaps", "embedded", "fonts", "glyphs", "hashes", "hyphenation", "images", "inline",
         "logs", "preflight", "shaping", "words")
KEEP_DAYS = 90.0        # an entry neither read nor written for this long is removed
PRUNE_EVERY = 86400.0   # seconds between two automatic prunings
STAMP = ".pruned"       # in the cache root: its mtime is the last automatic pruning


def cache_root() -> Path:
    root = os.environ.get("BROCHURE_CACHE")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "brochure" if xdg else Path.home() / ".cache" / "brochure"


def cache_dir(kind: str) -> Path:
    assert kind in KINDS, kind       # a new kind is added to KINDS, or pruning never sees it
    path = cache_root() / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class WriteFailed(OSError):
    """`write_together` could not write everything; `written` lists the files that were replaced anyway
    (empty unless a rename failed after others had succeeded, which takes a broken file system)."""

    def __init__(self, cause: OSError, path: Path, written: list[Path]):
        super().__init__(cause.errno, cause.strerror or str(cause), str(path))
        self.cause, self.path, self.written = cause, path, written


def write_together(files: dict[Path, bytes]) -> None:
    """Write several files all or nothing: each into a temporary beside it (flushed to disk, so a full
    disk shows here and not later), and only when every one is complete are they renamed into place.
    On any failure the temporaries are removed and the old files stay as they were."""
    staged: list[tuple[str, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException as exc:
        _discard(staged)
        if isinstance(exc, OSError):
            raise WriteFailed(exc, path, []) from exc
        raise
    written: list[Path] = []
    for n, (tmp, path) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            _discard(staged[n:])
            raise WriteFailed(exc, path, written) from exc
        written.append(path)


def _discard(staged: list[tuple[str, Path]]) -> None:
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered on disk by (path, size, mtime) so big fonts hash once."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _HASHES:
        return _HASHES[key]
    index_file = cache_dir("hashes") / (hashlib.sha256(key[0].encode()).hexdigest()[:32] + ".json")
    try:
        entry = json.loads(index_file.read_text())
        if entry["size"] == st.st_size and entry["mtime_ns"] == st.st_mtime_ns:
            _HASHES[key] = entry["sha256"]
            return str(entry["sha256"])
    except (OSError, ValueError, KeyError):
        pass
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    write_atomic(index_file, json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns,
                                         "sha256": digest}).encode())
    _HASHES[key] = digest
    return digest


def _entries(kind: str) -> Iterator[tuple[Path, os.stat_result]]:
    folder = cache_root() / kind
    if not folder.is_dir():
        return
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            with contextlib.suppress(OSError):      # removed meanwhile by a parallel build's pruning
                yield path, path.lstat()


def usage() -> dict[str, tuple[int, int]]:
    """kind -> (entries, bytes) of the cache's folders that exist."""
    out: dict[str, tuple[int, int]] = {}
    for kind in KINDS:
        if (cache_root() / kind).is_dir():
            sizes = [st.st_size for _, st in _entries(kind)]
            out[kind] = (len(sizes), sum(sizes))
    return out


def prune(days: float, now: float | None = None) -> tuple[int, int]:
    """Remove the entries last used (read or written: the later of atime and mtime) more than `days`
    ago; 0 empties the cache. Returns (entries, bytes) removed. Where the file system keeps no access
    times (noatime), an entry in daily use is made again once every `days`."""
    now = time.time() if now is None else now
    cutoff = now - days * 86400.0
    removed = freed = 0
    for kind in KINDS:
        for path, st in list(_entries(kind)):
            if path.name.startswith(".tmp-") and now - st.st_mtime < 3600:
                continue                            # a parallel build is writing it
            if days <= 0 or max(st.st_atime, st.st_mtime) < cutoff:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed, freed = removed + 1, freed + st.st_size
    return removed, freed


def prune_now_and_then(now: float | None = None) -> tuple[int, int] | None:
    """After a build: `prune(KEEP_DAYS)` if the last automatic pruning was `PRUNE_EVERY` ago or never;
    None when it was not time. A cache that cannot be written to is left alone."""
    now = time.time() if now is None else now
    stamp = cache_root() / STAMP
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.utime(stamp, (now, now))
        return prune(KEEP_DAYS, now)
    except OSError:
        return None
