"""Lengths with units, parsed in one place: "12mm", "10.5pt", "2em", "30%", "1in", "0.8cm", "4px"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px|em|%)?\s*$")


@dataclass(frozen=True)
class Length:
    """A length; absolute units are stored in points, `em` and `%` stay relative until resolved."""

    value: float
    unit: str = "pt"  # "pt", "em" or "%"

    def pt(self, em: float = 0.0, whole: float = 0.0) -> float:
        """Points, given the font size (for em) and the reference length (for %)."""
        if self.unit == "em":
            return self.value * em
        if self.unit == "%":
            return self.value / 100 * whole
        return self.value

    def __str__(self) -> str:
        if self.unit == "pt":
            return f"{self.value:g}pt"
        return f"{self.value:g}{self.unit}"


def parse_length(value: Any) -> Length:
    if isinstance(value, Length):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a length such as '12mm', '10.5pt', '2em' or '30%'")
    if isinstance(value, (int, float)):
        if value == 0:
            return Length(0.0)
        raise ValueError(f"a length needs a unit: write '{value}pt' or '{value}mm'")
    if not isinstance(value, str):
        raise ValueError("expected a length such as '12mm', '10.5pt', '2em' or '30%'")
    m = _RE.match(value)
    if not m:
        raise ValueError(f"'{value}' is not a length; use a number with a unit: pt, mm, cm, in, px, em or %")
    number, unit = float(m.group(1)), m.group(2)
    if unit is None:
        if number == 0:
            return Length(0.0)
        raise ValueError(f"'{value}' needs a unit: pt, mm, cm, in, px, em or %")
    if unit in ("em", "%"):
        return Length(number, unit)
    return Length(number * PT_PER[unit])


LengthField = Annotated[
    Length,
    BeforeValidator(parse_length),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?(pt|mm|cm|in|px|em|%)$",
                    "examples": ["12mm", "10.5pt", "2em", "30%"]}),
]

PAGE_SIZES_MM = {
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594),
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
    "B5": (176, 250), "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6), "DL": (99, 210),
}
