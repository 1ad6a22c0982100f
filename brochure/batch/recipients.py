"""LOAD for `brochure batch`: a recipients file (CSV or YAML) -> recipients with the location of every
value, and a diagnostic for every bad row (a bad row is left out; the others go on).

Columns: `id` (file-name safe, unique), `name`, `language` (BCP 47), then any fields the content's
`personal:` templates use. CSV files are UTF-8 (a BOM is accepted) with a header row; YAML files are a
list of mappings (or a mapping with a `recipients:` list).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, Location

REQUIRED = ("id", "name", "language")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
MAX_RECIPIENTS = 100_000
MAX_FIELD = 10_000        # characters in one value


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    language: str
    fields: dict[str, str]                      # every column, `id`, `name` and `language` included
    row: Location                               # where the row starts
    where: dict[str, Location] = field(default_factory=dict, compare=False)   # column -> location

    def at(self, column: str) -> Location:
        return self.where.get(column, self.row)


@dataclass
class RecipientList:
    recipients: list[Recipient]
    columns: list[str]
    file: str


def read_recipients(path: Path, diags: Diagnostics) -> RecipientList:
    """Every good row; each bad one is reported (file:line:col, the column) and skipped. A file that
    cannot be read at all is one error and an empty list."""
    display = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        diags.error("recipients.unreadable", f"cannot read {path}: {exc.strerror or exc}", Location(display),
                    "give a CSV or YAML file with the columns id, name, language")
        return RecipientList([], [], display)
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        diags.error("recipients.encoding", "the recipients file is not UTF-8", Location(display, line, 1),
                    "save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
        return RecipientList([], [], display)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows, columns = _yaml_rows(text, display, diags)
    elif path.suffix.lower() == ".csv":
        rows, columns = _csv_rows(text, display, diags)
    else:
        diags.error("recipients.format", f"unknown recipients file type '{path.suffix}'", Location(display),
                    "use a .csv file (header row: id,name,language,…) or a .yaml list of mappings")
        return RecipientList([], [], display)
    return RecipientList(_check_rows(rows, display, diags), columns, display)


Row = tuple[Location, dict[str, str], dict[str, Location]]


def _csv_rows(text: str, file: str, diags: Diagnostics) -> tuple[list[Row], list[str]]:
    lines = text.splitlines(keepends=True)
    # Spreadsheets save "CSV" with semicolons where the decimal mark is a comma (and some with tabs):
    # the header row, which holds no quoted values, says which.
    head = lines[0] if lines else ""
    delimiter = max((",", ";", "\t"), key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    rows: list[Row] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        diags.error("recipients.csv", f"the header row cannot be read: {exc}", Location(file, 1, 1))
        return [], []
    if not header:
        diags.error("recipients.empty", "the recipients file is empty", Location(file, 1, 1),
                    "the first row names the columns: id,name,language,…")
        return [], []
    columns = [h.strip() for h in header]
    if not _check_header(columns, file, diags, [Location(file, 1, c) for c in _field_starts(lines[0], delimiter)]):
        return [], columns
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            diags.error("recipients.csv", f"row cannot be read: {exc}", Location(file, reader.line_num, 1),
                        "check the quotes in this row")
            start = reader.line_num + 1
            continue
        if len(rows) >= MAX_RECIPIENTS:
            diags.error("recipients.too-many", f"more than {MAX_RECIPIENTS} recipients",
                        Location(file, start, 1), "split the file")
            break
        row_start, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue                                     # blank line
        record = "".join(lines[row_start - 1:reader.line_num])
        starts = _field_starts(record, delimiter)
        where = {col: _offset_location(file, record, row_start, starts[i] if i < len(starts) else 1)
                 for i, col in enumerate(columns)}
        if len(cells) != len(columns):
            diags.error("recipients.columns", f"row has {len(cells)} values for {len(columns)} columns",
                        Location(file, row_start, 1), f"columns: {', '.join(columns)}",
                        "quote a value that contains a comma: \"Paris, France\"")
            continue
        rows.append((Location(file, row_start, 1), dict(zip(columns, cells, strict=True)), where))
    return rows, columns


def _field_starts(record: str, delimiter: str = ",") -> list[int]:
    """1-based character offsets (in the record's text) where each CSV field begins."""
    starts, quoted = [1], False
    for i, ch in enumerate(record):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            starts.append(i + 2)
    return starts


def _offset_location(file: str, record: str, first_line: int, offset: int) -> Location:
    before = record[:offset - 1]
    line = first_line + before.count("\n")
    return Location(file, line, offset - (before.rfind("\n") + 1))


def _yaml_rows(text: str, file: str, diags: Diagnostics) -> tuple[list[Row], list[str]]:
    from ..model.source import parse_yaml

    source = parse_yaml(text, file, diags)
    if diags.has_errors():
        return [], []
    data = source.data
    base: tuple[str, ...] = ()
    if isinstance(data, dict) and "recipients" in data:
        data, base = data["recipients"], ("recipients",)
    if not isinstance(data, list):
        diags.error("recipients.yaml", "the recipients file must be a list of mappings (id, name, language, …)",
                    source.where(base), "- {id: fr-senat, name: Sénat, language: fr}")
        return [], []
    rows: list[Row] = []
    columns: list[str] = []
    for i, item in enumerate(data):
        path = base + (i,)
        if not isinstance(item, dict):
            diags.error("recipients.row", "a recipient is a mapping (id, name, language, …)", source.where(path))
            continue
        values: dict[str, str] = {}
        for key, value in item.items():
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                diags.error("recipients.value", f"column '{key}' must be text, not {type(value).__name__}",
                            source.where(path + (key,)), f"quote it: {key}: \"…\"")
                break
            values[str(key)] = str(value)
            if str(key) not in columns:
                columns.append(str(key))
        else:
            where = {str(k): source.where(path + (k,)) for k in item}
            rows.append((source.where(path, key=False), values, where))
    if not _check_header(columns or list(REQUIRED), file, diags, []) and not rows:
        return [], columns
    return rows, columns


def _check_header(columns: list[str], file: str, diags: Diagnostics, at: list[Location]) -> bool:
    ok = True
    for need in REQUIRED:
        if need not in columns:
            diags.error("recipients.missing-column", f"the recipients file has no '{need}' column",
                        Location(file, 1, 1), f"columns found: {', '.join(columns) or 'none'}",
                        "every recipient needs id, name and language")
            ok = False
    seen: set[str] = set()
    for i, col in enumerate(columns):
        if col in seen:
            diags.error("recipients.duplicate-column", f"column '{col}' appears twice",
                        at[i] if i < len(at) else Location(file, 1, 1))
            ok = False
        seen.add(col)
    return ok


def _check_rows(rows: list[Row], file: str, diags: Diagnostics) -> list[Recipient]:
    out: list[Recipient] = []
    ids: dict[str, Location] = {}
    for row, values, where in rows:
        problems = Diagnostics()
        for need in REQUIRED:
            if not values.get(need, "").strip():
                problems.error("recipients.missing-value", f"'{need}' is empty", where.get(need, row),
                               "every recipient needs id, name and language")
        rid, lang = values.get("id", "").strip(), values.get("language", "").strip()
        if rid and not ID_PATTERN.match(rid):
            problems.error("recipients.bad-id", f"id '{rid}' cannot be part of a file name",
                           where.get("id", row), "letters, digits, '.', '_' and '-' only, at most 64")
        if rid in ids:
            problems.error("recipients.duplicate-id", f"id '{rid}' was already used at line {ids[rid].line}",
                           where.get("id", row), "ids name the files: each must be unique")
        if lang and not LANGUAGE_PATTERN.match(lang):
            problems.error("recipients.bad-language", f"'{lang}' is not a language tag",
                           where.get("language", row), "a BCP 47 tag such as en, fr, ru, ja, ko, zh-CN")
        for col in REQUIRED:
            if "\n" in values.get(col, "").strip():
                problems.error("recipients.multi-line", f"'{col}' runs over several lines",
                               where.get(col, row), f"write the {col} on one line (other columns may have line breaks)")
        for col, value in values.items():
            if len(value) > MAX_FIELD:
                problems.error("recipients.too-long", f"'{col}' has {len(value)} characters (limit {MAX_FIELD})",
                               where.get(col, row))
            bad = next((c for c in value if (ord(c) < 32 and c not in "\n\t") or 0xD800 <= ord(c) < 0xE000), None)
            if bad is not None:
                problems.error("recipients.control-character", f"'{col}' contains U+{ord(bad):04X}",
                               where.get(col, row), "remove the control character")
        diags.extend(problems)
        if problems.has_errors():
            continue
        ids[rid] = row
        fields = {k: v.strip() if k in REQUIRED else v for k, v in values.items()}
        out.append(Recipient(rid, fields["name"], lang, fields, row, where))
    return out

