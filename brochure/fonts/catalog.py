"""Find font files by family name and weight.

Search order: paths named in the layout, the project's assets/fonts/, Python font packages, then
system font folders. Each file's names, weight and variable axes are read once and cached.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache import cache_dir

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# Python packages that ship fonts (module name): a fresh `pip install` gives Chinese fonts with no
# system font installed.
FONT_PACKAGES = ("pylopdf_fonts_zh_cn", "manimgx_fonts_cjk", "pylopdf_fonts_zh_tw", "pylopdf_fonts_cjk",
                 "font_source_serif_pro", "font_source_sans_pro")
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
PROJECT_FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"


@dataclass(frozen=True)
class Face:
    """One face in a font file: a static weight, or a variable font with a weight range."""

    path: str
    index: int
    family: str
    style: str
    weight: int
    weight_range: tuple[int, int] | None  # set for variable fonts
    postscript: str

    @property
    def italic(self) -> bool:
        style = self.style.lower()
        return "italic" in style or "oblique" in style

    def covers(self, weight: int) -> bool:
        if self.weight_range:
            return self.weight_range[0] <= weight <= self.weight_range[1]
        return self.weight == weight


@lru_cache(maxsize=256)
def design(face: Face) -> str | None:
    """'sans' or 'serif': the face's design by its PANOSE serif style (OS/2 table; 2-10 are serif
    forms, 11-15 sans ones), else by the words of its family name; None when neither says. Latin and
    CJK faces are classed alike (Noto Serif SC is a serif, Noto Sans CJK SC a sans)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        panose = font["OS/2"].panose if "OS/2" in font else None
    except Exception:  # unreadable tables: judge by the name, as the catalogue skips what it cannot read
        panose = None
    if panose is not None and panose.bFamilyType == 2:      # 2: Latin text (CJK text faces say so too)
        if 2 <= panose.bSerifStyle <= 10:
            return "serif"
        if 11 <= panose.bSerifStyle <= 15:
            return "sans"
    words = face.family.lower().split()
    return "sans" if "sans" in words else "serif" if "serif" in words else None


def _read_faces(path: Path) -> list[dict[str, object]]:
    from fontTools.ttLib import TTCollection, TTFont

    faces: list[dict[str, object]] = []
    if path.suffix.lower() in (".ttc", ".otc"):
        fonts = TTCollection(str(path), lazy=True).fonts
    else:
        fonts = [TTFont(str(path), lazy=True)]
    for i, font in enumerate(fonts):
        name = font["name"]
        family = name.getDebugName(16) or name.getDebugName(1) or path.stem
        style = name.getDebugName(17) or name.getDebugName(2) or "Regular"
        weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
        wrange = None
        if "fvar" in font:
            for axis in font["fvar"].axes:
                if axis.axisTag == "wght":
                    wrange = (int(axis.minValue), int(axis.maxValue))
                    weight = int(axis.defaultValue)
        faces.append({"path": str(path), "index": i if len(fonts) > 1 else -1, "family": family,
                      "style": style, "weight": weight, "weight_range": wrange,
                      "postscript": name.getDebugName(6) or path.stem})
    return faces


def package_dirs() -> list[Path]:
    dirs: list[Path] = []
    for module in FONT_PACKAGES:
        spec = importlib.util.find_spec(module)
        if spec and spec.submodule_search_locations:
            dirs.extend(Path(p) for p in spec.submodule_search_locations)
    return dirs


def search_dirs(extra: list[Path] | None = None) -> list[Path]:
    dirs = list(extra or []) + [PROJECT_FONTS] + package_dirs()
    dirs += [Path(os.path.expanduser(d)) for d in SYSTEM_DIRS]
    return [d for d in dirs if d.exists()]


class Catalog:
    """All faces found on the search path, indexed by lower-case family name."""

    def __init__(self, extra: list[Path] | None = None):
        self.faces: list[Face] = []
        self.sources: list[Path] = search_dirs(extra)
        index_path = cache_dir("fonts") / "catalog.json"
        try:
            index: dict[str, dict[str, Any]] = json.loads(index_path.read_text())
        except (OSError, ValueError):
            index = {}
        changed = False
        seen: set[str] = set()
        folders: dict[Path, str] = {}     # folder -> its real path (resolved once, not once per file)
        for root in self.sources:
            files = [root] if root.is_file() else sorted(p for p in root.rglob("*")
                                                         if p.suffix.lower() in FONT_SUFFIXES)
            for file in files:
                if file.is_symlink():
                    key = str(file.resolve())
                else:                     # a file that is no link is where its folder really is
                    folder = folders.get(file.parent)
                    if folder is None:
                        folder = folders[file.parent] = str(file.parent.resolve())
                    key = os.path.join(folder, file.name)
                if key in seen:
                    continue
                seen.add(key)
                st = file.stat()
                stamp = f"{st.st_size}:{st.st_mtime_ns}"
                entry = index.get(key)
                if not entry or entry.get("stamp") != stamp:
                    try:
                        entry = {"stamp": stamp, "faces": _read_faces(file)}
                    except Exception:  # not a readable font: skip it, as a font manager would
                        entry = {"stamp": stamp, "faces": []}
                    index[key] = entry
                    changed = True
                for f in entry["faces"]:
                    wr = f["weight_range"]
                    self.faces.append(Face(str(f["path"]), int(f["index"]), str(f["family"]),
                                           str(f["style"]), int(f["weight"]),
                                           (int(wr[0]), int(wr[1])) if wr else None,
                                           str(f["postscript"])))
        if changed:
            from ..cache import write_atomic

            write_atomic(index_path, json.dumps(index).encode())

    def families(self) -> dict[str, list[Face]]:
        out: dict[str, list[Face]] = {}
        for face in self.faces:
            out.setdefault(face.family, []).append(face)
        return out

    def find(self, family: str, weight: int = 400, italic: bool = False) -> Face | None:
        """The face of `family` whose weight is nearest `weight`, preferring exact and variable ones,
        upright unless `italic` (then italic if the family has one). Where a package ships a face both
        as TrueType and as CFF OpenType, the TrueType file is taken: it is subset as it is, outlines,
        hinting and layout tables kept, instead of being redrawn."""
        wanted = family.strip().lower()
        faces = [f for f in self.faces if f.family.lower() == wanted]
        if not faces:
            return None
        slanted = [f for f in faces if f.italic]
        faces = (slanted or faces) if italic else ([f for f in faces if not f.italic] or faces)
        faces.sort(key=lambda f: not f.path.lower().endswith(".ttf"))
        exact = [f for f in faces if f.weight_range is None and f.weight == weight]
        if exact:
            return exact[0]
        variable = [f for f in faces if f.weight_range and f.covers(weight)]
        if variable:
            return variable[0]
        return min(faces, key=lambda f: abs(f.weight - weight))
