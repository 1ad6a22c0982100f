"""PREFLIGHT colour spaces: the one model of a PDF colour space the walker and every check use.

`resolve_space` reduces a colour-space object (a name or an array) to a `Space`: the colour model its
marks paint in (gray, rgb, cmyk, lab, spot, pattern, indexed or unknown), its component count, initial
colour and Indexed palette, and `foreign`: None when colour in it prints on CMYK plates as it is (gray,
CMYK, ICC gray/CMYK, spot colours and patterns over those), otherwise a short name of what it is
("DeviceRGB", "ICC RGB", "Indexed over DeviceRGB", "Separation /Gold over Lab"), which is what the
print edition refuses and names in its message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pikepdf

from .geometry import num as _num

DEVICE_SPACES = {"/DeviceGray": "gray", "/G": "gray", "/CalGray": "gray", "/DeviceRGB": "rgb", "/RGB": "rgb",
                 "/CalRGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk", "/Lab": "lab", "/Pattern": "pattern"}
FOREIGN_NAMES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB", "/Lab": "Lab"}
COMPONENTS = {"gray": 1, "rgb": 3, "cmyk": 4, "lab": 3}
ICC_MODELS = {"GRAY": "gray", "RGB": "rgb", "CMYK": "cmyk", "Lab": "lab"}
ICC_BY_N = {1: "gray", 3: "rgb", 4: "cmyk"}
ICC_LABELS = {"RGB": "ICC RGB", "Lab": "ICC Lab", "XYZ": "ICC XYZ"}
INITIAL_COLOUR = {"gray": (0.0,), "rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0, 1.0), "lab": (0.0, 0.0, 0.0)}
MAX_DEPTH = 8


@dataclass(frozen=True)
class Space:
    """A colour space reduced to what the checks need (see the module docstring)."""

    model: str
    ncomp: int
    palette: tuple[tuple[float, ...], ...] | None = None
    base: str = ""
    foreign: str | None = None

    def colour(self, comps: Sequence[float]) -> tuple[str, tuple[float, ...] | None]:
        """(model, components) of a colour given in this space; Indexed resolves to its base."""
        if self.palette is not None:
            i = int(comps[0]) if comps else 0
            return (self.base, self.palette[i]) if 0 <= i < len(self.palette) else ("unknown", None)
        if self.model == "pattern":
            return "pattern", None
        return self.model, tuple(comps)

    def initial(self) -> tuple[float, ...]:
        if self.model == "spot":
            return (1.0,) * self.ncomp
        if self.palette is not None:
            return (0.0,)
        return INITIAL_COLOUR.get(self.model, (0.0,) * self.ncomp)

    def painting(self, foreign: str | None) -> Space:
        """This (Pattern) space with the colour a particular pattern paints in."""
        return replace(self, foreign=foreign)


GRAY, CMYK = Space("gray", 1), Space("cmyk", 4)
RGB = Space("rgb", 3, foreign="DeviceRGB")
UNKNOWN = Space("unknown", 1)


def icc_signature(stream: Any) -> str:
    """The colour space signature of an ICC profile (header bytes 16–20: 'CMYK', 'RGB', 'GRAY', 'Lab'),
    '' when the stream is not an ICC profile."""
    try:
        head = bytes(stream.read_bytes()[:128])
    except (pikepdf.PdfError, AttributeError, TypeError):
        return ""
    if len(head) < 128 or head[36:40] != b"acsp":
        return ""
    return head[16:20].decode("latin-1").strip()


def _palette(base: Space, hival: int, lookup: Any) -> tuple[tuple[float, ...], ...] | None:
    try:
        data = bytes(lookup.read_bytes()) if isinstance(lookup, pikepdf.Stream) else bytes(lookup)
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    n = base.ncomp
    scale = 100.0 if base.model == "lab" else 1.0
    return tuple(tuple(data[i * n + k] / 255 * scale for k in range(n))
                 for i in range(hival + 1) if (i + 1) * n <= len(data))


def _over(prefix: str, base: Space) -> str | None:
    return f"{prefix} over {base.foreign}" if base.foreign else None


def resolve_space(cs: Any, resources: Any = None, depth: int = 0) -> Space:
    """The Space of a colour-space object: a device name, an array, or (with `resources`) the name of
    an entry of their /ColorSpace."""
    if cs is None or depth > MAX_DEPTH:
        return UNKNOWN
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        model = DEVICE_SPACES.get(name)
        if model is not None:
            return Space(model, COMPONENTS.get(model, 1), foreign=FOREIGN_NAMES.get(name))
        named = (resources.get("/ColorSpace") or {}).get(name) if resources is not None else None
        return resolve_space(named, None, depth + 1) if named is not None else UNKNOWN
    if not isinstance(cs, pikepdf.Array) or len(cs) == 0:
        return UNKNOWN
    family = str(cs[0])
    if len(cs) == 1 or family in ("/CalGray", "/CalRGB", "/Lab"):
        return resolve_space(cs[0], resources, depth + 1)
    if family == "/ICCBased":
        return _icc(cs[1])
    return _compound(cs, family, resources, depth)


def _icc(stream: Any) -> Space:
    n = int(_num(stream.get("/N"), 0)) if isinstance(stream, pikepdf.Stream) else 0
    if n in (1, 4):
        return Space(ICC_BY_N[n], n)
    signature = icc_signature(stream)
    model = ICC_MODELS.get(signature) or ICC_BY_N.get(n, "unknown")
    return Space(model, n or 1, foreign=ICC_LABELS.get(signature) or f"ICC ({n} components)")


def _compound(cs: Any, family: str, resources: Any, depth: int) -> Space:
    """Indexed, Separation, DeviceN and Pattern spaces print as their base or alternate space does."""
    if family in ("/Indexed", "/I") and len(cs) >= 4:
        base = resolve_space(cs[1], resources, depth + 1)
        return Space("indexed", 1, _palette(base, int(_num(cs[2])), cs[3]), base.model,
                     _over("Indexed", base))
    if family == "/Separation" and len(cs) > 2:
        if str(cs[1]) in ("/All", "/None"):
            return Space("spot", 1)
        return Space("spot", 1, foreign=_over(f"Separation {cs[1]}", resolve_space(cs[2], resources, depth + 1)))
    if family == "/DeviceN" and len(cs) > 2:
        n = len(cs[1]) if isinstance(cs[1], pikepdf.Array) else 1
        return Space("spot", n, foreign=_over("DeviceN", resolve_space(cs[2], resources, depth + 1)))
    if family == "/Pattern":
        return Space("pattern", 1, foreign=_over("Pattern", resolve_space(cs[1], resources, depth + 1)))
    return UNKNOWN
