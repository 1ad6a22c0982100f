"""WRITE for a batch: `manifest.csv` and `manifest.json` beside the copies, one row per recipient
(copies that could not be made are listed too, with their status)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

COLUMNS = ("recipient", "name", "requested_language", "language", "fallback", "file", "pages", "size",
           "sha256", "status", "eml")


@dataclass
class ManifestRow:
    recipient: str
    name: str
    requested_language: str
    language: str
    fallback: bool
    file: str = ""
    pages: int = 0
    size: int = 0
    sha256: str = ""
    status: str = "ok"          # ok, refused (a problem of the row), failed (the job failed twice)
    eml: str = ""


def write_manifest(out_dir: Path, rows: list[ManifestRow]) -> tuple[Path, Path]:
    from ..cache import write_atomic

    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in asdict(row).items()})
    csv_path, json_path = out_dir / "manifest.csv", out_dir / "manifest.json"
    write_atomic(csv_path, text.getvalue().encode())
    write_atomic(json_path, (json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n").encode())
    return csv_path, json_path
