"""Property-based tests: random content and layout documents, within the limits and beyond them.

Whatever the documents hold, loading and validating ends within a time budget with either a valid
model or diagnostics that point into the YAML, never an exception; a build gives a PDF that opens, or
diagnostics. The default profile keeps the suite quick; `BROCHURE_HYPOTHESIS=long pytest
tests/test_properties.py` runs many more cases.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brochure import limits
from brochure.build import Options, build, load
from brochure.errors import BrochureError

settings.register_profile("default", max_examples=40, deadline=None, database=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=1000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE = os.environ.get("BROCHURE_HYPOTHESIS", "default")
settings.load_profile(PROFILE)
BUILDS = 6 if PROFILE == "default" else 100      # a build takes seconds: fewer of them
CHECK_BUDGET, BUILD_BUDGET = 5.0, 60.0           # seconds per case (a busy machine, two cores)

ALPHABET = list("天心区城市治理发展，。、“”：（）abcXYZ Éé0123456789 *_[]()<>&#\\!:-/\n\t") + ["\u200b", "😀"]
text = st.text(alphabet=ALPHABET, max_size=60)
markup = st.one_of(text, st.builds(lambda a, u: f"[{a}]({u})", text, st.sampled_from(
    ["https://example.org", "mailto:a@example.org", "#s0", "#sec-1", "javascript:alert(1)", "file:///etc/passwd",
     "data:text/html,x", "tel:+1", "//x", "", "http:nohost"])))
number = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([1e300, -1e300, 0]))
chart = st.fixed_dictionaries(
    {"type": st.sampled_from(["bar", "hbar", "line", "pie", "donut", "ratio", "sankey"]), "title": text},
    optional={"categories": st.lists(text, max_size=6), "series": st.dictionaries(text, st.lists(number, max_size=6),
                                                                                   max_size=3),
              "value": number, "total": number, "unit": st.sampled_from(["%", "亿元", ""])})
block = st.one_of(
    markup,
    st.fixed_dictionaries({"heading": text}),
    st.fixed_dictionaries({"list": st.lists(markup, max_size=4)}),
    st.fixed_dictionaries({"quote": st.fixed_dictionaries({"text": markup}, optional={"cite": text})}),
    st.fixed_dictionaries({"figures": st.lists(st.fixed_dictionaries({"value": st.one_of(text, number),
                                                                      "label": text}), max_size=3)}),
    st.fixed_dictionaries({"table": st.fixed_dictionaries(
        {"rows": st.lists(st.lists(st.one_of(text, number), max_size=4), max_size=4)},
        optional={"header": st.lists(text, max_size=4)})}),
    st.fixed_dictionaries({"chart": chart}),
    st.fixed_dictionaries({"image": st.sampled_from(["images/none.jpg", "../../etc/passwd", "/proc/self/environ"])}),
    st.fixed_dictionaries({"unknown_block": text}),
)
section = st.fixed_dictionaries({"title": text, "body": st.lists(block, max_size=5)},
                                optional={"subtitle": text})
content = st.fixed_dictionaries(
    {"meta": st.fixed_dictionaries({"title": text}, optional={
        "language": st.sampled_from(["zh-CN", "en", "fr", "ja", "", "xx-invalid"]),
        "date": st.sampled_from(["2020-01-15", "yesterday", "1999-12-31"]),
        "slug": st.sampled_from(["ok-slug", "bad slug/..", ""])}),
     "sections": st.lists(section, max_size=4)},
    optional={"intro": markup, "back": st.fixed_dictionaries({}, optional={"text": markup,
                                                                            "contact": st.lists(text, max_size=2)})})
length = st.one_of(st.builds(lambda v, u: f"{v:g}{u}", st.floats(-10, 30000, allow_nan=False),
                             st.sampled_from(["mm", "pt", "cm", "in", "%", "em", "m", ""])),
                   st.sampled_from(["A4", "a5", "LETTER", "huge", 0, None]))
layout = st.fixed_dictionaries(
    {"extends": st.sampled_from(["a4-booklet", "a5-booklet", "base", "nope", "/proc/self/environ"])},
    optional={"page": st.fixed_dictionaries({}, optional={
        "size": st.one_of(st.sampled_from(["A4", "A5", "A3"]), st.lists(length, min_size=2, max_size=2)),
        "bleed": length, "margins": st.fixed_dictionaries({}, optional={"top": length, "inner": length})}),
        "grid": st.fixed_dictionaries({}, optional={"columns": st.integers(-1, 6), "gutter": length}),
        "styles": st.fixed_dictionaries({}, optional={"body": st.fixed_dictionaries({}, optional={
            "size": length, "leading": length})})})


# Documents a build should mostly accept: the build test must reach the PDF, not stop at validation.
words = st.text(alphabet=list("天心区城市治理发展，。abcXYZ 0123 *[]<>&"), min_size=1, max_size=120).filter(str.strip)
good_block = st.one_of(
    words, st.builds(lambda a: f"see [{a}](https://example.org) **{a}**", words),
    st.fixed_dictionaries({"heading": words}),
    st.fixed_dictionaries({"list": st.lists(words, min_size=1, max_size=4)}),
    st.fixed_dictionaries({"quote": st.fixed_dictionaries({"text": words})}),
    st.fixed_dictionaries({"table": st.fixed_dictionaries({"rows": st.lists(st.lists(words, min_size=2, max_size=2),
                                                                             min_size=1, max_size=3)})}),
    st.builds(lambda t, v: {"chart": {"type": "bar", "title": t, "categories": ["a", "b"], "series": {"s": v}}},
              words, st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=2)),
)
good_content = st.fixed_dictionaries({
    "meta": st.fixed_dictionaries({"title": words, "language": st.sampled_from(["zh-CN", "en"]),
                                   "date": st.just("2020-01-15"), "slug": st.just("prop")}),
    "sections": st.lists(st.fixed_dictionaries({"title": words, "body": st.lists(good_block, max_size=6)}),
                         min_size=1, max_size=3)})
good_layout = st.fixed_dictionaries(
    {"extends": st.sampled_from(["a4-booklet", "a5-booklet"])},
    optional={"page": st.fixed_dictionaries({"size": st.lists(st.integers(80, 2000).map(lambda v: f"{v}mm"),
                                                               min_size=2, max_size=2)}),
              "grid": st.fixed_dictionaries({"columns": st.integers(1, 4)})})


def beyond(doc: dict[str, Any], which: int) -> dict[str, Any]:
    """One limit passed on purpose (0: none)."""
    doc = dict(doc)
    sections = list(doc.get("sections") or [{"title": "S", "body": []}])
    if which == 1:
        sections[0] = {**sections[0], "body": ["字" * (limits.TEXT_CHARS + 1)]}
    elif which == 2:
        sections = sections + [{"title": "S", "body": ["x"]}] * limits.SECTIONS
    elif which == 3:
        n = limits.CHART_CATEGORIES + 1
        sections[0] = {**sections[0], "body": [{"chart": {"type": "bar", "title": "t", "categories":
                                                         [f"c{i}" for i in range(n)], "series": {"a": [1] * n}}}]}
    doc["sections"] = sections
    return doc


BUILT: list[Any] = []      # documents that gave a PDF (the examples above at least)


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def mutate(text_: str, cut: int, junk: str) -> str:
    """Damage a YAML text: truncate it and splice junk in (quotes, brackets, tabs, anchors, tags)."""
    at = cut % (len(text_) + 1)
    return text_[:at] + junk + text_[at:at + 200]


JUNK = st.sampled_from(["", "\t", "'", '"', "[", "{", ": :", "&a *a", "*nope", "!!python/object:os.system",
                        "- ", "\n  x: 1\nx: 2\n", "\u0000", "\ufeff", "? [a]\n: b\n"])


def is_located(d: Any) -> bool:
    return d.location is not None and (d.location.line >= 1 or d.code.startswith(("io.", "limit.yaml-size")))


def check_case(tmp: Path, content_text: str, layout_text: str | None) -> None:
    (tmp / "brochure.yaml").write_text(content_text, encoding="utf-8")
    if layout_text is not None:
        (tmp / "layout.yaml").write_text(layout_text, encoding="utf-8")
    t0 = time.perf_counter()
    try:
        load(Options(tmp / "brochure.yaml"), with_fonts=False)
    except BrochureError as exc:
        errors = exc.diagnostics.errors
        assert errors, "a BrochureError without an error"
        unlocated = [d.format() for d in errors if not is_located(d)]
        assert not unlocated, unlocated
    assert time.perf_counter() - t0 < CHECK_BUDGET


@given(doc=content, lay=st.one_of(st.none(), layout), limit=st.sampled_from([0, 0, 0, 1, 2, 3]),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 10_000), JUNK)))
def test_validation_ends_with_a_model_or_located_errors(tmp_path_factory: pytest.TempPathFactory,
                                                       doc: dict[str, Any], lay: dict[str, Any] | None,
                                                       limit: int, damage: tuple[int, str] | None) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    doc = beyond(doc, limit)
    if lay is not None:
        doc = {"layout": "layout.yaml", **doc}
    text_ = dump(doc)
    if damage is not None:
        text_ = mutate(text_, *damage)
    check_case(tmp, text_, dump(lay) if lay is not None else None)


GOOD = {"meta": {"title": "T", "language": "en", "date": "2020-01-15", "slug": "prop"},
        "sections": [{"title": "S", "body": ["A **bold** <b>&amp; [link](https://example.org)", {"list": ["a"]}]}]}


@settings(max_examples=BUILDS)
@example(doc=GOOD, lay=None)
@example(doc=GOOD, lay={"extends": "a5-booklet", "grid": {"columns": 1}})
@example(doc={"meta": {"title": "0", "language": "zh-CN", "date": "2020-01-15", "slug": "prop"},   # a kept-together
              "sections": [{"title": "0", "body": [                                          # heading and chart
                  {"heading": "0"},                                                          # asked for the next
                  {"chart": {"type": "bar", "title": "0", "categories": ["a", "b"],         # page's frame
                             "series": {"s": [0.0, 0.0]}}}]}]},
         lay={"extends": "a5-booklet"})
@given(doc=st.one_of(good_content, good_content, content), lay=st.one_of(st.none(), good_layout, layout))
@pytest.mark.slow
def test_build_gives_a_pdf_or_diagnostics(tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any],
                                          lay: dict[str, Any] | None) -> None:
    import pikepdf

    tmp = tmp_path_factory.mktemp("build")
    if lay is not None:
        doc = {"layout": "layout.yaml", **doc}
        (tmp / "layout.yaml").write_text(dump(lay), encoding="utf-8")
    (tmp / "brochure.yaml").write_text(dump(doc), encoding="utf-8")
    t0 = time.perf_counter()
    try:
        result = build(Options(tmp / "brochure.yaml", editions=["email"], out_dir=tmp / "out", quiet=True))
    except BrochureError as exc:
        assert exc.diagnostics.errors
        for d in exc.diagnostics.errors:
            assert is_located(d) or d.edition or d.page or d.code.startswith("layout."), d.format()
    else:
        with pikepdf.open(result.outputs["email"]) as pdf:
            assert len(pdf.pages) >= 1
        BUILT.append(doc)
    assert time.perf_counter() - t0 < BUILD_BUDGET
