"""Charts and key figures: chart specs -> reportlab.graphics Drawings, drawn in the layout's palette.

The render stage calls `draw_chart`, `draw_figures` and `chart_alt_text`; the validate stage calls
`validate_chart`. Chart types live in `CHARTS`, filled by `@chart(...)` in one module per family.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .alt import chart_alt_text
    from .common import format_number
    from .data import load_chart_data
    from .figures import draw_figure_rows, draw_figures
    from .frame import draw_chart
    from .registry import CHARTS, ChartData, chart
    from .theme import ChartTheme
    from .validate import validate_chart

# Where each public name lives. Imported on first use (PEP 562), so the VALIDATE stage can use
# `brochure.charts.validate` without loading ReportLab's graphics.
_WHERE = {
    "CHARTS": "registry", "ChartData": "registry", "chart": "registry", "chart_alt_text": "alt",
    "format_number": "common", "load_chart_data": "data", "draw_figures": "figures", "draw_figure_rows": "figures",
    "draw_chart": "frame",
    "ChartTheme": "theme", "validate_chart": "validate",
}
FAMILIES = ("bar", "line", "pie", "ratio")

__all__ = ["CHARTS", "ChartData", "ChartTheme", "chart", "chart_alt_text", "draw_chart",
           "draw_figure_rows", "draw_figures", "format_number", "load_chart_data", "validate_chart"]


def load_families() -> None:
    """Import the chart families, which fill the registry (`CHARTS`) with `@chart(...)`."""
    for family in FAMILIES:
        import_module(f"{__name__}.{family}")


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name in ("CHARTS", "draw_chart", "chart_alt_text"):
        load_families()
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
