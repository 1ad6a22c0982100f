"""The on-disk cache shared by the font converter and the image pipeline.

Location: $BROCHURE_CACHE, else $XDG_CACHE_HOME/brochure, else ~/.cache/brochure. Entries are written
atomically (temp file + rename), so parallel builds never read a half-written entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path


def cache_dir(kind: str) -> Path:
    root = os.environ.get("BROCHURE_CACHE")
    if root:
        base = Path(root)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "brochure" if xdg else Path.home() / ".cache" / "brochure"
    path = base / kind
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
