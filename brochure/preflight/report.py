"""The preflight report: a short per-edition summary for the terminal and `<slug>-preflight.json` for
machines (code, severity, edition, page, message, YAML file:line:col, hints)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..diagnostics import Diagnostic, Diagnostics

INPUT = "input"     # diagnostics that belong to no edition (validation, fonts)


@dataclass
class PreflightReport:
    source: str
    editions: dict[str, dict[str, int]]        # edition -> pages, bytes, errors, warnings
    diagnostics: list[Diagnostic]
    strict: bool = False
    path: Path | None = field(default=None)

    @classmethod
    def of(cls, source: str, built: dict[str, tuple[int, int]], diags: Diagnostics | list[Diagnostic],
           strict: bool = False) -> PreflightReport:
        items = list(diags)
        editions: dict[str, dict[str, int]] = {}
        for name, (pages, size) in built.items():
            mine = [d for d in items if d.edition == name]
            editions[name] = {"pages": pages, "bytes": size,
                              "errors": sum(d.severity.value == "error" for d in mine),
                              "warnings": sum(d.severity.value == "warning" for d in mine)}
        return cls(source, editions, items, strict)

    @property
    def ok(self) -> bool:
        return not any(d.severity.value == "error" or (self.strict and d.severity.value == "warning")
                       for d in self.diagnostics)

    def summary_lines(self) -> list[str]:
        lines = [f"preflight{'':<4}{'pages':>6}{'size':>10}{'errors':>8}{'warnings':>10}"]
        for name, e in self.editions.items():
            lines.append(f"  {name:<11}{e['pages']:>6}{e['bytes'] / 1e6:>8.1f} MB{e['errors']:>8}"
                         f"{e['warnings']:>10}")
        general = [d for d in self.diagnostics if d.edition is None]
        if general:
            lines.append(f"  {INPUT:<11}{'':>6}{'':>11}{sum(d.severity.value == 'error' for d in general):>7}"
                         f"{sum(d.severity.value == 'warning' for d in general):>10}")
        verdict = "passed" if self.ok else "FAILED" + (" (--strict: warnings fail)" if self.strict else "")
        lines.append(f"  {verdict}" + (f"; report: {self.path}" if self.path else ""))
        return lines

    def to_json(self) -> str:
        data = {
            "tool": f"brochure {__version__}", "source": self.source, "strict": self.strict, "ok": self.ok,
            "editions": self.editions,
            "diagnostics": [{"code": d.code, "severity": d.severity.value, "edition": d.edition,
                             "page": d.page, "message": d.message,
                             "location": ({"file": d.location.file, "line": d.location.line,
                                           "col": d.location.col} if d.location else None),
                             "hints": list(d.hints)} for d in self.diagnostics],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
