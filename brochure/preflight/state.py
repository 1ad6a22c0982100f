"""PREFLIGHT walk state: the graphics state the content-stream walker follows (saved and restored by
q/Q) and what it resolves once per document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .colour import GRAY, Space
from .fontinfo import FALLBACK_FONT, FontInfo
from .geometry import IDENTITY, UNBOUNDED, Box, Matrix


@dataclass
class GState:
    ctm: Matrix = IDENTITY
    clip: Box = UNBOUNDED
    lw: float = 1.0
    fill_space: Space = GRAY
    fill: tuple[float, ...] = (0.0,)
    stroke_space: Space = GRAY
    stroke: tuple[float, ...] = (0.0,)
    op_stroke: bool = False        # OP
    op_fill: bool = False          # op
    opm: int = 0
    alpha_stroke: float = 1.0      # CA
    alpha_fill: float = 1.0        # ca
    font: FontInfo = FALLBACK_FONT
    font_size: float = 0.0
    char_spacing: float = 0.0      # Tc
    word_spacing: float = 0.0      # Tw
    hscale: float = 1.0            # Tz / 100
    leading: float = 0.0           # TL
    rise: float = 0.0              # Ts
    render: int = 0                # Tr

    def clone(self) -> GState:
        """A copy for q (copy.copy is several times slower, and q is frequent)."""
        new = object.__new__(GState)
        new.__dict__.update(self.__dict__)
        return new


@dataclass
class Caches:
    """Fonts, colour spaces, ExtGStates, patterns and parsed forms resolved once per document (pages
    share resources)."""

    fonts: dict[Any, FontInfo] = field(default_factory=dict)
    spaces: dict[Any, Space] = field(default_factory=dict)
    gstates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    patterns: dict[Any, str | None] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)
    parsed: dict[Any, list[Any]] = field(default_factory=dict)

    def key(self, obj: Any) -> Any:
        """A cache key: the object number, or for a direct object the identity of this wrapper, which
        is kept alive so that its id is not reused by another object."""
        og = getattr(obj, "objgen", (0, 0))
        if og != (0, 0):
            return og
        self.keep.append(obj)
        return id(obj)
