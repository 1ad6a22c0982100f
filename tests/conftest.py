"""Shared fixtures: real fonts (converted and registered once per session), temp output folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
SEED_TEXT = (Path(__file__).parent / "data" / "seed_sample.txt")


def require_tool(name: str) -> str:
    """A validator binary: an explicit skip locally, a failure in CI (CI=true)."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI (.ci/run installs it)")
    pytest.skip(f"{name} not installed")


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests share one cache for the session (fonts convert once), unless BROCHURE_CACHE is set."""
    if not os.environ.get("BROCHURE_CACHE"):
        os.environ["BROCHURE_CACHE"] = str(Path.home() / ".cache" / "brochure-tests")


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
