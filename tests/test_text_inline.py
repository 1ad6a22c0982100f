"""parse_inline: the small Markdown subset, literal everything else."""

from __future__ import annotations

import pytest

from brochure.text import Run, parse_inline


@pytest.mark.parametrize(("markup", "expected"), [
    ("plain", [Run("plain")]),
    ("**bold**", [Run("bold", bold=True)]),
    ("*em*", [Run("em", italic=True)]),
    ("a **b** c", [Run("a "), Run("b", bold=True), Run(" c")]),
    ("**b *e* b**", [Run("b ", bold=True), Run("e", bold=True, italic=True), Run(" b", bold=True)]),
    ("*e **b** e*", [Run("e ", italic=True), Run("b", bold=True, italic=True), Run(" e", italic=True)]),
    ("**b *e***", [Run("b ", bold=True), Run("e", bold=True, italic=True)]),
    ("[官网](https://example.org)", [Run("官网", href="https://example.org")]),
    ("see [**this**](#sec-2).", [Run("see "), Run("this", bold=True, href="#sec-2"), Run(".")]),
    ("[a](https://x.org/a_(b))", [Run("a", href="https://x.org/a_(b)")]),
    (r"\*not em\* and \[not link](x)", [Run("*not em* and [not link](x)")]),
    (r"a \\ b", [Run("a \\ b")]),
    ("**unbalanced", [Run("**unbalanced")]),
    ("*unbalanced", [Run("*unbalanced")]),
    ("close only**", [Run("close only**")]),
    ("2 * 3 * 4", [Run("2 * 3 * 4")]),
    ("a*b", [Run("a*b")]),
    ("****", [Run("****")]),
    ("[no url]", [Run("[no url]")]),
    ("[x](has space)", [Run("[x](has space)")]),
    ("x [a] (b)", [Run("x [a] (b)")]),
    ("<b>&amp; &lt;</b>", [Run("<b>&amp; &lt;</b>")]),
    ("**现代金融：天心经济发展的强心针。**2019年", [Run("现代金融：天心经济发展的强心针。", bold=True),
                                                   Run("2019年")]),
    ("", []),
])
def test_parse_inline(markup: str, expected: list[Run]) -> None:
    assert parse_inline(markup) == expected


def test_text_is_preserved_when_markup_is_removed() -> None:
    markup = "“**不夜天心**”夜间经济：*长沙*城市温情的[度量衡](https://example.org)。"
    assert "".join(r.text for r in parse_inline(markup)) == "“不夜天心”夜间经济：长沙城市温情的度量衡。"


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>", "a & b &amp; &#x41;", "**a " * 60, "[" * 2000, "`code`", "<https://x.org>",
    "a_b_c __init__ _x_", "~~s~~", "![img](a.png)", "line\nbreak", r"\& \< \a",
])
def test_markup_like_text_is_literal(markup: str) -> None:
    runs = parse_inline(markup)
    assert "".join(r.text for r in runs) == markup.replace("![img](a.png)", "!img")
    assert not any(r.bold or r.italic for r in runs)


def test_image_syntax_is_a_link_after_a_literal_bang() -> None:
    # images are not supported: `!` stays, the rest is an ordinary link
    assert parse_inline("![img](a.png)") == [Run("!"), Run("img", href="a.png")]


@pytest.mark.parametrize("unit", ["**a ", "[", "*", "[a](", "a*b*", "**x*y "])
def test_parsing_is_linear(unit: str) -> None:
    """Nested or unclosed markers used to cost exponential (`**`) or quadratic (`[`) time; now a text
    four times as long costs about four times as much (the bound leaves room for a busy machine)."""
    import time

    def cost(n: int) -> float:
        text = (unit * n)[:n]
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            parse_inline(text)
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = cost(5_000), cost(20_000)
    assert large < 10 * small + 0.1, (small, large)   # quadratic would be 16x, exponential far more
    assert large < 2.0


def test_a_text_without_markup_characters_is_what_the_parser_makes_of_it() -> None:
    """parse_inline's shortcut (no `*`, `[` or backslash: one plain run, markdown-it not asked) gives
    what the parser gives, for the example's texts and for every other ASCII punctuation mark."""
    import random
    import re

    from conftest import EXAMPLE

    from brochure.text.inline import _merge, _runs, _tokens

    texts = [t for t in re.findall(r'"([^"\n]+)"', EXAMPLE.read_text(encoding="utf-8"))]
    rng = random.Random(16)
    marks = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum() and c not in "*[\\")
    texts += ["".join(rng.choice(marks + "ab 汉。\n\t") for _ in range(rng.randint(1, 40))) for _ in range(500)]
    plain = [t for t in texts if not set(t) & set("*[\\")]
    assert len(plain) > 500
    for text in plain:
        assert parse_inline(text) == [Run(text)] == _merge(_runs(_tokens(text))), text


STORED = """
import json, sys
from brochure.text import parse_inline
runs = [[(r.text, r.bold, r.italic, r.href, r.lang) for r in parse_inline(t)] for t in json.loads(sys.argv[1])]
print(json.dumps({"runs": runs, "markdown_it": "markdown_it" in sys.modules}))
"""


def test_a_warm_build_reads_parsed_markup_back_without_markdown_it(tmp_path) -> None:
    """Marked-up texts are parsed once and their runs kept in the cache: a second process gets the same
    runs without importing markdown-it; a damaged entry is parsed again."""
    import json
    import os
    import subprocess
    import sys

    texts = ["a **b** c", "[官网](https://example.org) [en]{lang=en}", r"\*not em\*", "plain"]
    env = {**os.environ, "BROCHURE_CACHE": str(tmp_path)}

    def run() -> dict:
        done = subprocess.run([sys.executable, "-c", STORED, json.dumps(texts)], env=env, capture_output=True,
                              text=True, check=True)
        return json.loads(done.stdout)

    first, again = run(), run()
    assert first["markdown_it"] and not again["markdown_it"]
    assert again["runs"] == first["runs"] == [[[r.text, r.bold, r.italic, r.href, r.lang] for r in parse_inline(t)]
                                              for t in texts]
    stored = sorted((tmp_path / "inline").glob("*.json"))
    assert len(stored) == 3                   # "plain" needs no parser
    stored[0].write_text('[["x", "not a bool", false, null, null]]')
    damaged = run()
    assert damaged["markdown_it"] and damaged["runs"] == first["runs"]
