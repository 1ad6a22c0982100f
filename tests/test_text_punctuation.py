"""Half-width punctuation in Chinese prose: found, suggested, fixed; numbers, URLs, English untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.model.punctuation import find_halfwidth_punctuation, normalize_punctuation

SAMPLE = Path(__file__).parent / "data" / "text" / "sample_zh.txt"


def test_finds_marks_next_to_han() -> None:
    text = "湘江自湘潭昭山北上,在长达32公里的湘江东岸!"
    assert find_halfwidth_punctuation(text) == [(9, ",", "，"), (22, "!", "！")]


def test_ellipsis() -> None:
    assert find_halfwidth_punctuation("全覆盖......") == [(3, "......", "……")]
    assert normalize_punctuation("那是...") == "那是……"


@pytest.mark.parametrize(("text", "fixed"), [
    ("2019年,增长9%,完成10%。", "2019年，增长9%，完成10%。"),
    ("区—街道—社区(村)三级", "区—街道—社区（村）三级"),
    ("什么?“好”,嗯;对:是", "什么？“好”，嗯；对：是"),
    ("GDP(国内生产总值)", "GDP（国内生产总值）"),
])
def test_normalize(text: str, fixed: str) -> None:
    assert normalize_punctuation(text) == fixed


@pytest.mark.parametrize("text", [
    "收入3,000人，增长76.4%，是1.5倍，10:30开始",
    "见 https://example.org/a?x=1,2 吧",
    "He said: hello, world! (Really?)",
    "5G,H5",
])
def test_leaves_numbers_urls_and_latin_alone(text: str) -> None:
    assert find_halfwidth_punctuation(text) == []
    assert normalize_punctuation(text) == text


def test_seed_style_text_normalises_to_the_edited_text() -> None:
    # The seed article was typed with ASCII punctuation; the edited paragraphs must come back exactly.
    for line in SAMPLE.read_text(encoding="utf-8").splitlines()[1:]:
        rough = line.translate(str.maketrans({"，": ",", "！": "!", "：": ":", "；": ";"}))
        rough = rough.replace("……", "......")
        assert normalize_punctuation(rough) == line
