"""Shared fixtures: real fonts (converted and registered once per session), temp output folders, the
session's own cache folder; markers that say what a test needs (`slow`: it builds a whole brochure,
checked at run time; `tool("gs")`: a program that must be installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
SEED_TEXT = (Path(__file__).parent / "data" / "seed_sample.txt")
SUPPORT = Path(__file__).parent / "support"     # sitecustomize.py for the processes tests start
# ReportLab validates every attribute set on a chart shape in the tests (brochure turns that off for
# speed, brochure/__init__.py); processes the tests start inherit it.
os.environ["RL_shapeChecking"] = "1"  # noqa: SIM112 (the name ReportLab reads)


def require_tool(name: str) -> str:
    """A validator binary: an explicit skip locally, a failure in CI (CI set)."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI (.ci/run installs it)")
    pytest.skip(f"{name} not installed")


# fixtures that build a brochure
WHOLE_BUILD_FIXTURES = ("example_build", "built", "readme_build", "all_languages", "pooled", "editions")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses a fixture building the whole example is slow, whichever test sets it up."""
    for item in items:
        if set(WHOLE_BUILD_FIXTURES) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def require_file(path: Path) -> Path:
    """A file from a system package (.ci/run installs it): an explicit skip locally, a failure in CI."""
    if path.is_file():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is required in CI (.ci/run installs it)")
    pytest.skip(f"{path} not installed")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("tool"):
        for name in marker.args:
            require_tool(name)
    item.stash[_BUILDS_BEFORE] = _builds()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    """A test that laid out a whole brochure (in this process, a forked edition worker or a process it
    started, also while its fixtures were set up) must be marked slow, so
    `-m "not slow"` stays quick. Checked after the teardown proper, which must run in any case."""
    result = yield
    if _builds() > item.stash.get(_BUILDS_BEFORE, 0) and item.get_closest_marker("slow") is None:
        pytest.fail(f"{item.nodeid} builds a whole brochure: mark it @pytest.mark.slow", pytrace=False)
    return result


def run_brochure(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m brochure ARGS` in a fresh process, as users run it (its layouts count for the `slow`
    check through tests/support/sitecustomize.py)."""
    return subprocess.run([sys.executable, "-m", "brochure", *map(str, args)], capture_output=True, text=True)


_BUILDS_BEFORE = pytest.StashKey[int]()
_BUILD_LOG: list[Path] = []


def _builds() -> int:
    """Whole-brochure layouts so far (one byte each in the session's build log)."""
    return _BUILD_LOG[0].stat().st_size if _BUILD_LOG and _BUILD_LOG[0].exists() else 0


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The test session's own cache folder: a fresh one per run, so no result cached by another run
    (an ink check made where Ghostscript was installed, fonts of another version) hides a problem, and
    parallel runs never share one. Subprocesses inherit it."""
    os.environ["BROCHURE_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", autouse=True)
def _count_builds(tmp_path_factory: pytest.TempPathFactory):
    """Note every whole-brochure layout (BrochureDoc.build) in a log file: this process's, its forked
    edition workers', and those of every Python process a test starts (tests/support/sitecustomize.py,
    on PYTHONPATH); `pytest_runtest_teardown` checks the `slow` marker against it."""
    from brochure.layout.document import BrochureDoc

    log = tmp_path_factory.mktemp("builds") / "log"
    _BUILD_LOG.append(log)
    os.environ["BROCHURE_TEST_BUILD_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SUPPORT), os.environ.get("PYTHONPATH")]))
    original = BrochureDoc.build

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with open(log, "ab") as fh:
            fh.write(b".")
        return original(self, *args, **kwargs)

    BrochureDoc.build = counted  # type: ignore[method-assign]
    yield
    BrochureDoc.build = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def _cjk_fontset():
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, resolve

    chars = "".join(sorted(set(STRESS_CHARS) | (set(EXAMPLE.read_text(encoding="utf-8")) if EXAMPLE.exists()
                                                 else set())))
    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Noto Serif SC", 400),
                                           FontRequest("sans", "Noto Sans CJK SC", 400),
                                           FontRequest("sans", "Noto Sans CJK SC", 700)], [])
    assert not missing, missing
    return fontset, chars


@pytest.fixture(scope="module")
def cjk_fonts(_cjk_fontset):
    """A FontSet with Noto Serif SC 400, Noto Sans CJK SC 400/700, registered with ReportLab.

    Holds every character of the Tianxin example plus a stress set, so text tests can measure real
    glyph widths. Registered again for each test module (a no-op unless a build in this process
    registered the same names with its own characters since).
    """
    from brochure.fonts.registry import register

    fontset, chars = _cjk_fontset
    for font in fontset.all():
        register(font, chars, cjk_dash=True)
    return fontset


STRESS_CHARS = ("“‘（《「『【〈〔［｛”’）》」』】〉〕］｝、，。；：？！·%‰℃°——……"
                "0123456789.,万亿ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                "中国北京上海天心区长沙市发展经济文化社会治理生态建设党的我们你他她它是在有和与了这那个")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-refs", action="store_true", default=False,
                     help="rewrite the reference page renders in tests/refs/")


@pytest.fixture(scope="session")
def update_refs(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-refs"))


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory):
    """The Tianxin example built once per test session (all editions): {edition: Path}."""
    from brochure.build import Options, build
    from brochure.editions import known

    out = tmp_path_factory.mktemp("example")
    result = build(Options(EXAMPLE, editions=known(), out_dir=out, quiet=True))
    return result
