"""Test support only: tests/conftest.py puts this folder on PYTHONPATH, so every Python process a test
starts (`brochure build ...`, make_brochure.py, a watcher) notes each whole-brochure layout
(BrochureDoc.build) in $BROCHURE_TEST_BUILD_LOG, as the test process does itself. The `slow` marker
check in conftest reads that log. Outside a test run (no such variable) this does nothing."""

from __future__ import annotations

import os
import sys
from importlib.abc import MetaPathFinder
from importlib.util import find_spec
from typing import Any

LOG = os.environ.get("BROCHURE_TEST_BUILD_LOG")
TARGET = "brochure.layout.document"


class _CountBuilds(MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != TARGET:
            return None
        sys.meta_path.remove(self)           # find the real module, once
        spec = find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            build = module.BrochureDoc.build

            def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
                with open(LOG, "ab") as fh:  # type: ignore[arg-type]
                    fh.write(b".")
                return build(self, *args, **kwargs)

            module.BrochureDoc.build = counted

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if LOG:
    sys.meta_path.insert(0, _CountBuilds())
