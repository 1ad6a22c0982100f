"""The archive's sources: which input files built a brochure, and the manifest that records them.

Names inside the PDF are relative and machine-independent, so a rebuild from the extracted files (see
`brochure.verify`) produces the same manifest and therefore the same bytes:
  <content file name>          the content YAML
  <src as written>             images and chart data, relative to the content file
  layouts/<file name>          the layout chain, leaf first (each `extends:` followed)
  manifest.json                SHA-256 of every input, tool and dependency versions, the date used
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from . import Source

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "brochure-archive-manifest/1"
DEPENDENCIES = ("reportlab", "pikepdf", "pillow", "fonttools", "pyyaml", "pydantic")


def layout_chain(leaf: Path) -> list[Path]:
    """The layout file and every file it `extends:`, leaf first."""
    import yaml

    from ..model.layouts import find_layout

    chain: list[Path] = []
    path: Path | None = leaf.resolve()
    while path is not None and path not in chain:
        chain.append(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parent = data.get("extends") if isinstance(data, dict) else None
        path = find_layout(parent, path.parent) if isinstance(parent, str) else None
    return chain


def asset_refs(obj: Any) -> list[str]:
    """Every file the content refers to (`src` of images, `data` of charts), as written."""
    from pydantic import BaseModel

    found: list[str] = []
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name in ("src", "data") and isinstance(value, str):
                found.append(value)
            else:
                found += asset_refs(value)
    elif isinstance(obj, dict):
        for value in obj.values():
            found += asset_refs(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            found += asset_refs(value)
    return found


def versions() -> dict[str, str]:
    import pikepdf
    from PIL import ImageCms

    from .. import __version__

    out = {"brochure": __version__, "python": platform.python_version()}
    for dist in DEPENDENCIES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    out["libqpdf"] = pikepdf.__libqpdf_version__
    out["littlecms"] = str(getattr(ImageCms.core, "littlecms_version", "unknown"))
    return out


def _mime(name: str) -> str:
    if name.endswith((".yaml", ".yml")):
        return "application/yaml"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _entry(name: str, data: bytes, role: str) -> dict[str, Any]:
    return {"name": name, "role": role, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def collect_sources(content_path: Path, content: Any, layout_path: Path, fonts: list[Path],
                    date: str, profile: Path | None, translations: tuple[Path, ...] = (),
                    language: str | None = None) -> list[Source]:
    """The files to attach to an archive PDF, ending with their manifest. A language edition attaches
    its translations too and records the `--lang` it was built with (`language`)."""
    base = content_path.parent
    files: list[tuple[str, Path, str]] = [(content_path.name, content_path, "content")]
    files += [(t.name, t, "translation") for t in translations]
    files += [(f"layouts/{p.name}", p, "layout") for p in layout_chain(layout_path)]
    for ref in sorted(set(asset_refs(content))):
        if (base / ref).is_file():
            files.append((Path(ref).as_posix(), base / ref, "asset"))
    sources = [Source(name, path.read_bytes(), _mime(name), role) for name, path, role in files]
    manifest = {
        "format": MANIFEST_FORMAT,
        "edition": "archive",
        "date": date,
        "inputs": [_entry(s.name, s.data, s.role) for s in sources],
        "fonts": sorted(({"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                         for p in set(fonts)), key=lambda f: f["file"]),
        "output_profile": _entry(profile.name, profile.read_bytes(), "icc") if profile else None,
        "versions": versions(),
    }
    if language:
        manifest["language"] = language
    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"
    return sources + [Source(MANIFEST, data, "application/json", "manifest")]


def sources_of_build(p: Any, meta: dict[str, str], settings: Any) -> list[Source]:
    """The input files an archive attaches for a build (`build.Prepared`): content, translations,
    layout chain, images, fonts' provenance, manifest."""
    assert p.content_path is not None and p.layout_path is not None
    fonts = [Path(f.face.path) for f in p.fontset.all()]
    profile = Path(settings.output_profile) if settings.output_profile else None
    lang = "+".join(c.meta.language for c in (p.content, p.partner[0] if p.partner else None) if c) \
        if p.translations else None
    return collect_sources(p.content_path, p.content, p.layout_path, fonts, meta["xmp_date"], profile,
                           tuple(p.translations), lang)


def read_inputs(content: Any, layout_ref: str, loaded: Any, base: Path) -> set[Path]:
    """The files a build reads besides the content file (`build --watch` watches exactly these): the
    layout chain, and every picture and chart data file the content names, found or not yet."""
    import yaml

    from ..model.layouts import find_layout

    inputs: set[Path] = set()
    leaf = loaded.path if loaded is not None else find_layout(layout_ref, base)
    if leaf is not None:
        try:
            inputs.update(layout_chain(leaf))
        except (OSError, ValueError, yaml.YAMLError):
            inputs.add(Path(leaf).resolve())
    if content is not None:
        inputs.update((base / ref).resolve() for ref in asset_refs(content))
    return inputs
