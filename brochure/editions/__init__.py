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

class _Finishers(dict[str, Finisher]):
    """Finishers by edition name; a shipped edition's module (and with it pikepdf) is imported the
    first time its finisher is asked for, so knowing the editions' settings stays light (`check`)."""

    def __missing__(self, name: str) -> Finisher:
        if name in SHIPPED:
            from importlib import import_module

            import_module(f"{__name__}.{name}")
            if dict.__contains__(self, name):
                return dict.__getitem__(self, name)
        raise KeyError(name)


EDITIONS: dict[str, EditionSettings] = {}
FINISHERS: dict[str, Finisher] = _Finishers()


def edition(settings: EditionSettings) -> Callable[[Finisher], Finisher]:
    """Register an edition: its settings and its finisher."""
    def register(finisher: Finisher) -> Finisher:
        EDITIONS[settings.name] = settings
        FINISHERS[settings.name] = finisher
        return finisher
    return register


def finisher(name: str) -> Callable[[Finisher], Finisher]:
    """Register the finisher of a shipped edition (its settings are in SHIPPED)."""
    return edition(EDITIONS[name])


def setting_names() -> set[str]:
    return {f.name for f in fields(EditionSettings)} - {"name"}


def settings_for(name: str, *overrides: dict[str, Any]) -> EditionSettings:
    """Defaults of edition `name`, overridden by layout then content settings (typed and checked
    when validated: model/editions.py)."""
    base = EDITIONS[name]
    allowed = setting_names()
    values: dict[str, Any] = {}
    for o in overrides:
        values.update({k: v for k, v in o.items() if k in allowed})
    return replace(base, **values)


def profile_space(path: Path) -> str:
    """The colour space of an ICC profile ('CMYK', 'RGB', 'GRAY'), read from its 128-byte header (the
    'acsp' signature at byte 36, the data colour space at byte 16); '' when it is not one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(128)
        size = path.stat().st_size
    except OSError:
        return ""
    if len(head) < 128 or head[36:40] != b"acsp" or int.from_bytes(head[:4], "big") > size:
        return ""
    return head[16:20].decode("latin-1").strip()


def known() -> list[str]:
    return list(EDITIONS)


# The shipped editions as data, in the order `--edition all` builds them; their finishers are in
# print.py, email.py and archive.py (imported when first used: FINISHERS).
SHIPPED = {
    "print": EditionSettings(
        name="print", cmyk=True, bleed=True, crop_marks=True, image_ppi=300, jpeg_quality=92,
        linearize=False, output_profile=str(DEFAULT_CMYK_PROFILE), links=False, standard="PDF/X-4",
        description="for the print shop: bleed, crop marks, CMYK, PDF/X-4 output intent"),
    "email": EditionSettings(
        name="email", cmyk=False, bleed=False, crop_marks=False, image_ppi=150, jpeg_quality=82,
        size_budget_mb=7.0, linearize=True, description="for delegations: small, clickable, bookmarks, sRGB"),
    "archive": EditionSettings(
        name="archive", cmyk=False, bleed=False, crop_marks=False, image_ppi=300, jpeg_quality=92,
        linearize=False, output_profile=str(SRGB_PROFILE), attach_sources=True, protect_existing=True,
        standard="PDF/A-3B", description="for the record: PDF/A-3b, sources attached, reproducible"),
}
EDITIONS.update(SHIPPED)
