"""What the warm build saves by (benchmarks/README.md): ReportLab's attribute checking of chart shapes is off
outside the tests, a chart label is set once per process however often the layouts ask for it, and
ReportLab does not load pyphen for a Paragraph hyphenation brochure never uses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


PLATYPUS = """
import sys
from brochure.layout.rlprivate import import_platypus
import_platypus()
import reportlab.platypus.paragraph as paragraph
print(paragraph.pyphen is None, "pyphen" in sys.modules)
import pyphen
print(pyphen.Pyphen(lang="en_US").inserted("hyphenation"))
"""


def test_reportlab_is_kept_from_pyphen_and_brochure_still_hyphenates() -> None:
    """ReportLab imported through layout/rlprivate.import_platypus (as build.lay_out does) goes without
    pyphen, which it would load only for its own Paragraph; pyphen still imports afterwards for
    text/hyphenate.py."""
    done = subprocess.run([sys.executable, "-c", PLATYPUS], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["True False", "hy-phen-ation"]


TTFONTS = """
import sys
from brochure.layout.rlprivate import import_platypus
import_platypus()
import reportlab.pdfbase.ttfonts as ttfonts
print(ttfonts.uharfbuzz is None, "uharfbuzz" in sys.modules)
import uharfbuzz
print(uharfbuzz.Buffer is not None)
"""


def test_reportlab_is_kept_from_harfbuzz_and_brochure_still_shapes() -> None:
    """ReportLab's TrueType module goes without uharfbuzz (it would shape its own Paragraph with it);
    uharfbuzz still imports afterwards for text/harfbuzz.py."""
    done = subprocess.run([sys.executable, "-c", TTFONTS], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["True False", "True"]


WARM = """
import sys
from brochure.cli import main
code = main(["build", sys.argv[1], "--edition", "email", "--out", sys.argv[2], "-q"])
print(code, sorted({m.split(".")[0] for m in sys.modules} & {"uharfbuzz", "fontTools", "pyphen"}))
"""


@pytest.mark.slow
def test_a_warm_chinese_build_loads_no_shaping_or_font_tools(tmp_path) -> None:
    """A Chinese build whose converted fonts, local forms and half-width blanks are in the cache needs
    neither HarfBuzz, fontTools nor pyphen (~25 ms of a warm build); the cold build before it may."""
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "examples" / "tianxin-2020" / "brochure.yaml"
    runs = [subprocess.run([sys.executable, "-c", WARM, str(example), str(tmp_path / "out")],
                           capture_output=True, text=True, check=True) for _ in range(2)]
    assert runs[1].stdout.split("\n")[-2] == "0 []", runs[1].stdout + runs[1].stderr


EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0))
sys.argv = ["brochure", "layouts"]
from brochure.cli import run
run()
"""


def test_the_command_freezes_the_collector_on_its_way_out() -> None:
    """The `brochure` command ends with everything it built frozen, so the interpreter's teardown frees
    it without walking it again (~0.1 s of a warm build); `main`, which the tests call, does not."""
    done = subprocess.run([sys.executable, "-c", EXIT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "frozen True"
    import gc

    from brochure.cli import main

    before = gc.get_freeze_count()
    assert main(["layouts"]) == 0 and gc.get_freeze_count() == before
