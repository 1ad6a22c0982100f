"""What the warm build saves by (benchmarks/README.md): ReportLab's attribute checking of chart shapes is off
outside the tests, and a chart label is set once per process however often the layouts ask for it."""

from __future__ import annotations

import os
import subprocess
import sys

CHECKING = ("import brochure, reportlab.graphics.shapes as s; "
            "print('__setattr__' in s.Shape.__dict__)")


def _shape_checking(env: dict[str, str]) -> bool:
    done = subprocess.run([sys.executable, "-c", CHECKING], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip() == "True"


def test_chart_shapes_are_checked_only_where_asked() -> None:
    plain = {k: v for k, v in os.environ.items() if k != "RL_shapeChecking"}
    assert not _shape_checking(plain)                                  # a user's build
    assert _shape_checking({**plain, "RL_shapeChecking": "1"})        # the tests (conftest.py)


def test_a_chart_label_is_set_once(cjk_fonts, monkeypatch) -> None:
    from brochure.charts import common
    from brochure.text import shape

    calls: list[str] = []
    original = shape.shape_once

    def counted(runs, style):  # type: ignore[no-untyped-def]
        calls.append("".join(r.text for r in runs))
        return original(runs, style)

    monkeypatch.setattr(shape, "shape_once", counted)
    font = cjk_fonts.name("sans")
    first = common.set_label("试样标签 2031年 增长 7.25%", font, 8.0)
    again = common.set_label("试样标签 2031年 增长 7.25%", font, 8.0)
    assert again is first and calls == ["试样标签 2031年 增长 7.25%"]
    assert common.text_width("试样标签 2031年 增长 7.25%", font, 8.0) == first.x_end - first.x_start
    other = common.set_label("试样标签 2031年 增长 7.25%", font, 9.0)             # another size is set anew
    assert other is not first and other.x_end - other.x_start > first.x_end - first.x_start
