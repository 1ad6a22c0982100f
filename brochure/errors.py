"""Exceptions that cross stage boundaries. User errors carry diagnostics; they never show a traceback."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics


class BrochureError(Exception):
    """Invalid input or a failed build: the CLI prints the diagnostics and exits 1."""

    def __init__(self, diagnostics: Diagnostics | list[Diagnostic], report: object = None):
        if not isinstance(diagnostics, Diagnostics):
            diagnostics = Diagnostics(list(diagnostics))
        self.diagnostics = diagnostics
        self.report = report          # a PreflightReport when the build got as far as preflight
        self.written: list[Path] = []     # files replaced even so (a write that failed half-way)
        first = diagnostics.errors[0].format() if diagnostics.errors else "build failed"
        super().__init__(first)
