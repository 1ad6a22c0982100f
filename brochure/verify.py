"""`brochure verify FILE.pdf`: rebuild an archive edition from the sources attached to it and compare
the bytes.

Everything needed is inside the PDF (see `editions.sources`): the content YAML, the layout chain, every
image and chart data file, and `manifest.json`. They are extracted into a temporary folder with their
recorded relative names, the archive edition is built from there with the date recorded in the manifest,
and the result is compared byte for byte. Fonts are not attached (they are large and licensed
separately); the manifest's font hashes, tool and dependency versions explain a mismatch.
A layout `extends:` by name still resolves to the installed shipped layout: its hash is compared too.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .editions.sources import MANIFEST, layout_chain, versions


@dataclass
class Report:
    ok: bool = False
    lines: list[str] = field(default_factory=list)


def _safe_name(name: str) -> Path:
    """An attachment name as a relative path that cannot leave the extraction folder."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise ValueError(f"unsafe attachment name: {name!r}")
    return Path(*parts)


def extract(pdf_path: Path, into: Path) -> dict[str, Any]:
    """Write every attached file under `into`; returns the manifest."""
    import pikepdf

    with pikepdf.open(pdf_path) as pdf:
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    if MANIFEST not in files:
        raise ValueError(f"{pdf_path} has no {MANIFEST}: not an archive edition built by brochure")
    for name, data in files.items():
        target = into / _safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest: dict[str, Any] = json.loads(files[MANIFEST])
    for entry in manifest.get("inputs", []):
        data = files.get(entry["name"])
        if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ValueError(f"attachment {entry['name']} is missing or does not match its manifest hash")
    return manifest


def _epoch(date: str) -> str:
    return str(calendar.timegm(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ")))


def _differences(manifest: dict[str, Any], layout_leaf: Path) -> list[str]:
    """Why a rebuild here could differ: other versions, other shipped layouts."""
    notes = []
    now = versions()
    for name, version in sorted(manifest.get("versions", {}).items()):
        if now.get(name) != version:
            notes.append(f"  {name}: archived with {version}, installed {now.get(name)}")
    recorded = {e["name"]: e["sha256"] for e in manifest.get("inputs", []) if e["role"] == "layout"}
    for path in layout_chain(layout_leaf)[1:]:
        name = f"layouts/{path.name}"
        if recorded.get(name) != hashlib.sha256(path.read_bytes()).hexdigest():
            notes.append(f"  {name}: the installed layout differs from the archived one")
    return notes


def verify(pdf_path: Path, keep: Path | None = None) -> Report:
    from .build import Options, build
    from .errors import BrochureError
    from .tempfiles import sweep, temp_dir

    sweep()
    report = Report()
    original = pdf_path.read_bytes()
    with temp_dir("verify") as tmp:
        work = keep or tmp
        src = work / "sources"
        try:
            manifest = extract(pdf_path, src)
        except (ValueError, OSError) as exc:
            report.lines.append(f"{pdf_path}: cannot verify: {exc}")
            return report
        content = next(e["name"] for e in manifest["inputs"] if e["role"] == "content")
        leaf = next(e["name"] for e in manifest["inputs"] if e["role"] == "layout")
        out = work / "rebuilt"
        opts = Options(src / content, str(src / leaf), ["archive"], out, quiet=True)
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = _epoch(manifest["date"])
        try:
            result = build(opts)
        except BrochureError as exc:
            report.lines.append(f"{pdf_path}: the attached sources no longer build:")
            report.lines += [f"  {d.format()}" for d in exc.diagnostics.sorted()]
            return report
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved
        rebuilt = result.outputs["archive"].read_bytes()
        digest = hashlib.sha256(original).hexdigest()
        if rebuilt == original:
            report.ok = True
            report.lines.append(f"{pdf_path}: identical rebuild from its {len(manifest['inputs'])} "
                                f"attached sources (sha256 {digest[:16]}…)")
            return report
        report.lines.append(f"{pdf_path}: the rebuild differs ({len(original)} bytes archived, "
                            f"{len(rebuilt)} rebuilt; sha256 {digest[:16]}… vs "
                            f"{hashlib.sha256(rebuilt).hexdigest()[:16]}…)")
        notes = _differences(manifest, src / leaf)
        report.lines += (["possible reasons:"] + notes) if notes else \
            ["  same versions and layouts: check the fonts (manifest 'fonts') and the image cache"]
        return report
