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

from . import limits
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
    """Write every attached file under `into`, one at a time and each within the size limit (an
    attachment may be a decompression bomb); returns the manifest."""
    import pikepdf

    hashes: dict[str, str] = {}
    manifest_bytes: bytes | None = None
    total = 0
    try:
        with pikepdf.open(pdf_path) as pdf:
            for name, spec in pdf.attachments.items():
                target = into / _safe_name(name)
                data = _bounded(spec.get_file().obj, name)
                total += len(data)
                if total > limits.ATTACHMENTS_BYTES:
                    raise ValueError(f"the attachments are larger than {limits.ATTACHMENTS_BYTES // 2**20} MiB")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                hashes[name] = hashlib.sha256(data).hexdigest()
                if name == MANIFEST:
                    manifest_bytes = data
    except pikepdf.PasswordError:
        raise ValueError("the PDF is encrypted") from None
    except pikepdf.PdfError as exc:
        raise ValueError(f"not a readable PDF ({str(exc).removeprefix(str(pdf_path) + ': ')})") from None
    if manifest_bytes is None:
        raise ValueError(f"no {MANIFEST} attached: not an archive edition built by brochure")
    manifest = _manifest(manifest_bytes)
    for entry in manifest["inputs"]:
        if hashes.get(entry["name"]) != entry["sha256"]:
            raise ValueError(f"attachment {entry['name']} is missing or does not match its manifest hash")
    return manifest


def _bounded(stream: Any, name: str) -> bytes:
    """The decoded bytes of an embedded file, refused past the limit before they are all in memory."""
    import zlib

    import pikepdf

    cap = limits.ATTACHMENT_BYTES
    too_big = ValueError(f"attachment {name} is larger than {cap // 2**20} MiB when decoded")
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
    if not filters:
        data = stream.read_raw_bytes()
    elif filters == [pikepdf.Name.FlateDecode] and "/DecodeParms" not in stream:
        inflate = zlib.decompressobj()
        try:
            data = inflate.decompress(stream.read_raw_bytes(), cap + 1)
        except zlib.error as exc:
            raise ValueError(f"attachment {name} is damaged ({exc})") from None
        if inflate.unconsumed_tail:
            raise too_big
    else:
        raise ValueError(f"attachment {name} is encoded with {filters}, which brochure does not write")
    if len(data) > cap:
        raise too_big
    return bytes(data)


def _manifest(raw: bytes) -> dict[str, Any]:
    """The attached manifest, checked for what `verify` reads from it (ValueError when malformed)."""
    try:
        manifest = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{MANIFEST} is not valid JSON ({exc})") from None
    inputs = manifest.get("inputs") if isinstance(manifest, dict) else None
    if not isinstance(inputs, list) or not all(
            isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("name", "sha256", "role"))
            for e in inputs):
        raise ValueError(f"{MANIFEST} is malformed: 'inputs' must list files with name, sha256 and role")
    for role in ("content", "layout"):
        if not any(e["role"] == role for e in inputs):
            raise ValueError(f"{MANIFEST} is malformed: no input with role '{role}'")
    try:
        _epoch(manifest.get("date"))
    except (TypeError, ValueError):
        raise ValueError(f"{MANIFEST} is malformed: 'date' must be YYYY-MM-DDTHH:MM:SSZ") from None
    return dict(manifest)


def _epoch(date: Any) -> str:
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
    try:
        original = pdf_path.read_bytes()
    except OSError as exc:
        report.lines.append(f"{pdf_path}: error[io.read]: cannot read the file ({exc.strerror or exc})")
        return report
    with temp_dir("verify") as tmp:
        work = keep or tmp
        src = work / "sources"
        try:
            manifest = extract(pdf_path, src)
        except (ValueError, OSError) as exc:
            report.lines.append(f"{pdf_path}: error[verify.not-an-archive]: cannot verify: {exc}")
            report.lines.append("  hint: `brochure verify` takes an archive edition written by `brochure build`")
            return report
        content = next(e["name"] for e in manifest["inputs"] if e["role"] == "content")
        leaf = next(e["name"] for e in manifest["inputs"] if e["role"] == "layout")
        out = work / "rebuilt"
        opts = Options(src / content, str(src / leaf), ["archive"], out, quiet=True,
                       lang=manifest.get("language"))     # a language edition: built as it was
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
