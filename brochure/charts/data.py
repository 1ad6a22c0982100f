"""Chart data: inline `categories`/`series`, or a CSV file (`data:` + optional `columns:`).

`load_chart_data` returns (categories, series) or None, reporting every CSV problem as a located
diagnostic: chart.data-not-found, chart.path-escape, chart.unknown-column, chart.bad-number,
chart.empty-data.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

from .. import limits
from ..diagnostics import Diagnostics, Location
from ..model.charts import ChartSpec, unchartable
from ..model.text import one_line

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(cell: str) -> float | None:
    """A CSV cell as a number: '1,234.5', ' 9 ', '9%' (read as 9) are accepted; '', 'n/a' are not."""
    text = cell.strip().replace(",", "").replace("\u00a0", "").rstrip("%").strip()
    if not _NUMBER.match(text):
        return None
    return float(text)


def _field_column(raw_line: str, index: int) -> int:
    """The 1-based character column where field `index` starts in a CSV line (quotes respected)."""
    field, quoted = 0, False
    for pos, ch in enumerate(raw_line):
        if field == index:
            return pos + 1
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            field += 1
    return len(raw_line) + 1


def csv_path(spec: ChartSpec, base_dir: Path | None) -> Path | None:
    if spec.data is None:
        return None
    return (base_dir or Path.cwd()) / spec.data


def load_chart_data(spec: ChartSpec, base_dir: Path | None, diags: Diagnostics,
                    where: Location | None = None) -> tuple[list[str], dict[str, list[float]]] | None:
    """The chart's categories and series; CSV problems go to `diags` and give None."""
    if spec.data is None:
        if spec.series is None:
            return [], {}
        return list(spec.categories or []), {k: list(v) for k, v in spec.series.items()}

    base = (base_dir or Path.cwd()).resolve()
    path = (base / spec.data).resolve()
    shown = str(Path(where.file).parent / spec.data) if where else str(path)
    if not path.is_relative_to(base):
        diags.error("chart.path-escape", f"chart data '{spec.data}' lies outside the content folder",
                    where, "keep data files next to the content file (or in a folder below it)")
        return None
    if not path.is_file():
        near = sorted(p.name for p in path.parent.glob("*.csv")) if path.parent.is_dir() else []
        close = difflib.get_close_matches(path.name, near, n=1)
        diags.error("chart.data-not-found", f"chart data file '{spec.data}' not found", where,
                    f"did you mean '{close[0]}'?" if close else
                    (f"CSV files here: {', '.join(near)}" if near else ""))
        return None
    if path.stat().st_size > limits.CHART_DATA_BYTES:
        diags.error("limit.chart", f"chart data file '{spec.data}' is larger than "
                    f"{limits.CHART_DATA_BYTES // 1024} KiB", where,
                    "a chart shows at most a few hundred values: aggregate the data first")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        diags.error("chart.data-unreadable", f"cannot read '{spec.data}': {exc}", where,
                    "save the CSV as UTF-8")
        return None

    raw_lines = text.splitlines()
    # line numbers come from the reader (quoted cells may span lines); blank rows are skipped
    numbered: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        if any(c.strip() for c in row):
            numbered.append((reader.line_num, row))
    if not numbered:
        diags.error("chart.empty-data", f"chart data file '{spec.data}' is empty", Location(shown, 1, 1))
        return None
    header_line, header = numbered[0]
    header = [one_line(h) for h in header]
    if len(header) < 2 and not spec.columns:
        diags.error("chart.empty-data", f"'{spec.data}' needs a category column and at least one "
                    "value column", Location(shown, header_line, 1),
                    "write a header row such as: 指标,2019,2020")
        return None

    wanted = list(spec.columns) if spec.columns else header
    ok = True
    for name in wanted:
        if name not in header:
            close = difflib.get_close_matches(name, header, n=1)
            diags.error("chart.unknown-column", f"column '{name}' is not in '{spec.data}'", where,
                        (f"did you mean '{close[0]}'? " if close else "")
                        + "columns: " + ", ".join(header))
            ok = False
    if ok and len(wanted) < 2:
        diags.error("chart.unknown-column", "'columns' needs a category column and at least one "
                    "value column", where, "columns: " + ", ".join(header))
        ok = False
    if not ok:
        return None

    index = [header.index(n) for n in wanted]
    categories: list[str] = []
    series: dict[str, list[float]] = {n: [] for n in wanted[1:]}
    for line_no, row in numbered[1:]:
        cells = row + [""] * (len(header) - len(row))
        categories.append(one_line(cells[index[0]]))
        for name, i in zip(wanted[1:], index[1:], strict=False):
            value = parse_number(cells[i])
            problem = unchartable(value) if value is not None else None
            if problem:
                raw = raw_lines[line_no - 1] if 0 < line_no <= len(raw_lines) else ""
                diags.error("chart.bad-number", f"'{cells[i].strip()}' in column '{name}': {problem}",
                            Location(shown, line_no, _field_column(raw, i)))
                ok = False
                value = 0.0
            elif value is None:
                raw = raw_lines[line_no - 1] if 0 < line_no <= len(raw_lines) else ""
                diags.error("chart.bad-number",
                            f"'{cells[i].strip()}' in column '{name}' is not a number",
                            Location(shown, line_no, _field_column(raw, i)),
                            "write plain numbers such as 1234.5 (no units in the cells)")
                ok = False
                value = 0.0
            series[name].append(value)
    if not categories:
        diags.error("chart.empty-data", f"'{spec.data}' has a header but no data rows",
                    Location(shown, header_line, 1))
        return None
    if spec.type in ("pie", "donut"):
        for name, values in series.items():
            if any(v < 0 for v in values):
                diags.error("chart.invalid-value", f"column '{name}' has negative values; a pie or "
                            "donut cannot show them", Location(shown, 1, 1))
                ok = False
    return (categories, series) if ok else None
