"""Editions as data plus a finisher: each entry names its defaults; user settings override them.

`EDITIONS` is the registry (a plain dict filled by `@edition`); `settings_for` merges the defaults with
what the layout and then the content set under `editions: {name: {...}}` (defaults apply only where the
user set nothing). A finisher takes the paginated PDF bytes, the document metadata, the settings and a
`FinishInput` (page boxes, resolved output profile, attached sources) and returns the finished bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ICC_DIR = Path(__file__).resolve().parents[2] / "assets" / "icc"
DEFAULT_CMYK_PROFILE = ICC_DIR / "brochure-fogra39-300.icc"
SRGB_PROFILE = ICC_DIR / "sRGB.icc"


@dataclass(frozen=True)
class EditionSettings:
    name: str
    cmyk: bool = False                 # vectors and images in CMYK (print)
    bleed: bool = False                # draw bleed, set TrimBox/BleedBox
    crop_marks: bool = False
    image_ppi: float = 150.0           # images resampled to at most this
    jpeg_quality: int = 85
    size_budget_mb: float | None = None
    linearize: bool = False
    page_layout: str = "TwoPageRight"
    description: str = ""
    output_profile: str | None = None  # ICC profile of the OutputIntent (CMYK for print, RGB for archive)
    output_condition: str | None = None             # human-readable printing condition
    output_condition_identifier: str | None = None  # registered name (ICC registry) or "Custom"
    links: bool = True                 # keep link annotations (print drops them: nothing to click)
    attach_sources: bool = False       # archive: embed content, layouts, images and a manifest
    protect_existing: bool = False     # never replace an existing different file without --force
    standard: str | None = None        # the PDF standard the edition claims: "PDF/X-4", "PDF/A-3B"

    @property
    def cmyk_profile(self) -> Path | None:
        """The CMYK output profile images are converted through (None for RGB editions)."""
        return Path(self.output_profile) if self.cmyk and self.output_profile else None


@dataclass(frozen=True)
class Source:
    """One input file attached to an archive: its name inside the PDF (a relative path) and bytes."""
    name: str
    data: bytes
    mime: str
    role: str                          # content | layout | asset | manifest


@dataclass(frozen=True)
class FinishInput:
    trim: tuple[float, float, float, float]   # TrimBox on the sheet (llx, lly, urx, ury), pt
    bleed: float                              # bleed on every side, pt
    crop_marks: bool
    output_profile: Path | None = None        # resolved path of settings.output_profile
    sources: list[Source] = field(default_factory=list)
    pictures: dict[str, Path] = field(default_factory=dict)  # placeholder resource name -> JPEG file


Finisher = Callable[[bytes, dict[str, str], EditionSettings, FinishInput], bytes]

EDITIONS: dict[str, EditionSettings] = {}
FINISHERS: dict[str, Finisher] = {}


def edition(settings: EditionSettings) -> Callable[[Finisher], Finisher]:
    def register(finisher: Finisher) -> Finisher:
        EDITIONS[settings.name] = settings
        FINISHERS[settings.name] = finisher
        return finisher
    return register


def setting_names() -> set[str]:
    return {f.name for f in fields(EditionSettings)} - {"name"}


def unknown_settings(override: dict[str, Any]) -> list[str]:
    """Keys of a user's `editions: {name: {...}}` mapping that no edition understands."""
    return sorted(str(k) for k in override if k not in setting_names())


def settings_for(name: str, *overrides: dict[str, Any]) -> EditionSettings:
    """Defaults of edition `name`, overridden by layout then content settings (unknown keys are
    reported by `unknown_settings`, not here)."""
    base = EDITIONS[name]
    allowed = setting_names()
    values: dict[str, Any] = {}
    for o in overrides:
        values.update({k: v for k, v in o.items() if k in allowed})
    return replace(base, **values)


def profile_space(path: Path) -> str:
    """The colour space an ICC profile converts to ('CMYK', 'RGB'), '' when it cannot be read."""
    from PIL import ImageCms

    try:
        return str(ImageCms.getOpenProfile(str(path)).profile.xcolor_space).strip()
    except (ImageCms.PyCMSError, OSError):
        return ""


def known() -> list[str]:
    return list(EDITIONS)


def _register_shipped() -> None:
    """Import the shipped editions (print, email, archive: the order `--edition all` builds them)."""
    from importlib import import_module

    for module in ("print", "email", "archive"):
        import_module(f"{__name__}.{module}")


_register_shipped()
