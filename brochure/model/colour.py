"""Colours with both an RGB and a CMYK value, so every edition draws the same palette in its own space."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Colour:
    rgb: tuple[float, float, float]          # 0..1
    cmyk: tuple[float, float, float, float]  # 0..1

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02X}" for c in self.rgb)


def rgb_to_cmyk_naive(rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """Device conversion for colours given only as RGB (the palette should give CMYK explicitly)."""
    r, g, b = rgb
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def cmyk_to_rgb_naive(cmyk: tuple[float, float, float, float]) -> tuple[float, float, float]:
    c, m, y, k = cmyk
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def parse_hex(value: str) -> tuple[float, float, float]:
    m = _HEX.match(value.strip())
    if not m:
        raise ValueError(f"'{value}' is not an RGB colour; write it as '#RRGGBB'")
    h = m.group(1)
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def parse_cmyk(value: Any) -> tuple[float, float, float, float]:
    if (not isinstance(value, (list, tuple)) or len(value) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise ValueError("CMYK is a list of four percentages, e.g. [0, 95, 85, 10]")
    if not all(0 <= v <= 100 for v in value):
        raise ValueError("CMYK percentages must be between 0 and 100")
    c, m, y, k = (float(v) / 100 for v in value)
    return (c, m, y, k)


def parse_colour(value: Any) -> Colour | str:
    """A colour literal ('#RRGGBB' or {rgb:, cmyk:}) or a palette name (returned as str)."""
    if isinstance(value, Colour):
        return value
    if isinstance(value, str):
        if _HEX.match(value.strip()) and value.strip().startswith("#"):
            rgb = parse_hex(value)
            return Colour(rgb, rgb_to_cmyk_naive(rgb))
        if re.match(r"^[A-Za-z_][\w-]*$", value):
            return value  # palette reference, resolved later
        raise ValueError(f"'{value}' is neither '#RRGGBB' nor a palette colour name")
    if isinstance(value, dict):
        unknown = set(value) - {"rgb", "cmyk"}
        if unknown:
            raise ValueError(f"unknown colour key(s): {', '.join(sorted(unknown))}; use 'rgb' and 'cmyk'")
        if "rgb" not in value and "cmyk" not in value:
            raise ValueError("a colour needs 'rgb' and/or 'cmyk'")
        if "rgb" not in value:
            cmyk = parse_cmyk(value["cmyk"])
            return Colour(cmyk_to_rgb_naive(cmyk), cmyk)
        rgb = parse_hex(value["rgb"])
        return Colour(rgb, parse_cmyk(value["cmyk"]) if "cmyk" in value else rgb_to_cmyk_naive(rgb))
    raise ValueError("a colour is '#RRGGBB', {rgb: '#RRGGBB', cmyk: [c, m, y, k]} or a palette name")


def _dump(value: Colour | str) -> Any:
    if isinstance(value, Colour):
        return {"rgb": value.hex, "cmyk": [round(v * 100, 1) for v in value.cmyk]}
    return value


ColourField = Annotated[
    Colour | str,
    BeforeValidator(parse_colour),
    PlainSerializer(_dump),
    WithJsonSchema({"anyOf": [
        {"type": "string", "description": "'#RRGGBB' or a palette colour name"},
        {"type": "object", "properties": {
            "rgb": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
            "cmyk": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100},
                     "minItems": 4, "maxItems": 4}},
         "additionalProperties": False}]}),
]
