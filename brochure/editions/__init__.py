"""Editions as data plus a finisher: each entry names its defaults; user settings override them.

`EDITIONS` is the registry (a plain dict filled by `@edition`); `settings_for` merges the defaults with
what the layout and the content set under `editions: {name: {...}}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

Finisher = Callable[..., bytes]


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


EDITIONS: dict[str, EditionSettings] = {}
FINISHERS: dict[str, Finisher] = {}


def edition(settings: EditionSettings) -> Callable[[Finisher], Finisher]:
    def register(finisher: Finisher) -> Finisher:
        EDITIONS[settings.name] = settings
        FINISHERS[settings.name] = finisher
        return finisher
    return register


def settings_for(name: str, *overrides: dict[str, Any]) -> EditionSettings:
    """Defaults of edition `name`, overridden by layout then content settings (unknown keys ignored
    here; the validator reports them)."""
    base = EDITIONS[name]
    allowed = {f.name for f in fields(EditionSettings)} - {"name"}
    values: dict[str, Any] = {}
    for o in overrides:
        values.update({k: v for k, v in o.items() if k in allowed})
    return replace(base, **values)


def known() -> list[str]:
    return list(EDITIONS)


from . import email  # noqa: E402,F401  (registers the shipped editions)
