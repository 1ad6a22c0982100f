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
