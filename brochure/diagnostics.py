"""Diagnostics as data: every stage reports problems here instead of raising.

A `Diagnostic` has a severity, a stable code, a message, an optional source location and hints.
`Diagnostics` collects them so that all problems are reported at once, then the build aborts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location | None = None
    hints: tuple[str, ...] = ()
    edition: str | None = None
    page: int | None = None

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        extra = ""
        if self.edition:
            extra += f" [{self.edition}" + (f", page {self.page}]" if self.page else "]")
        elif self.page:
            extra += f" [page {self.page}]"
        text = f"{where}{self.severity.value}[{self.code}]: {self.message}{extra}"
        for hint in self.hints:
            text += f"\n  hint: {hint}"
        return text

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["location"] = asdict(self.location) if self.location else None
        data["hints"] = list(self.hints)
        return data


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def error(self, code: str, message: str, location: Location | None = None, *hints: str,
              edition: str | None = None, page: int | None = None) -> None:
        self.add(Diagnostic(Severity.ERROR, code, message, location, tuple(h for h in hints if h),
                            edition, page))

    def warning(self, code: str, message: str, location: Location | None = None, *hints: str,
                edition: str | None = None, page: int | None = None) -> None:
        self.add(Diagnostic(Severity.WARNING, code, message, location, tuple(h for h in hints if h),
                            edition, page))

    def extend(self, others: Iterable[Diagnostic]) -> None:
        for d in others:
            self.add(d)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def codes(self) -> list[str]:
        return [d.code for d in self.items]

    def sorted(self) -> list[Diagnostic]:
        def key(d: Diagnostic) -> tuple[str, int, int]:
            loc = d.location
            return (loc.file, loc.line, loc.col) if loc else ("", 0, 0)

        return sorted(self.items, key=key)

    def to_json(self) -> str:
        return json.dumps([d.to_json() for d in self.items], ensure_ascii=False, indent=2)
