"""Charts and key figures: chart specs -> reportlab.graphics Drawings, drawn in the layout's palette.

The render stage calls `draw_chart`, `draw_figures` and `chart_alt_text`; the validate stage calls
`validate_chart`. Chart types live in `CHARTS`, filled by `@chart(...)` in one module per family.
"""

from __future__ import annotations

from . import bar, line, pie, ratio  # noqa: F401  (fill the registry)
from .alt import chart_alt_text
from .common import format_number
from .data import load_chart_data
from .figures import draw_figures
from .frame import draw_chart
from .registry import CHARTS, ChartData, chart
from .theme import ChartTheme
from .validate import validate_chart

__all__ = ["CHARTS", "ChartData", "ChartTheme", "chart", "chart_alt_text", "draw_chart",
           "draw_figures", "format_number", "load_chart_data", "validate_chart"]
