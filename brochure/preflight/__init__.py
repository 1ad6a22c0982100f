"""PREFLIGHT stage: checks on the finished PDF bytes (registry of checks), reported as diagnostics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import Diagnostics

Check = Callable[..., None]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        return fn
    return register


def run_preflight(data: bytes, edition: str, prepared: Any, doc: Any, diags: Diagnostics) -> None:
    import io

    import pikepdf

    from . import checks  # noqa: F401  (registers)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for fn in CHECKS.values():
            fn(pdf, data, edition, prepared, doc, diags)
