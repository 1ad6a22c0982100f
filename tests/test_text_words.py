"""Word starts of Chinese labels (text/words.py): words from jieba, kept in the cache so that a build whose
labels were all seen before never imports jieba (importing and loading it costs more than a layout)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json, sys
from brochure.text import words
texts = json.loads(sys.argv[1])
if sys.argv[2] == "prepare":
    words.prepare()
out = {t: sorted(words.word_starts(t)) for t in texts}
print(json.dumps({"starts": out, "jieba": "jieba" in sys.modules,
                  "pkg_resources": "pkg_resources" in sys.modules}))
"""


def _run(texts: list[str], cache: str, mode: str = "") -> dict:
    import os

    env = {**os.environ, "BROCHURE_CACHE": cache}
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(texts), mode], capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(done.stdout)


@pytest.fixture()
def cache(tmp_path) -> str:
    return str(tmp_path / "cache")


def test_labels_break_between_words_and_seen_labels_need_no_jieba(cache: str) -> None:
    assert _run([], cache, "prepare")["jieba"]      # a first build loads it once, before the editions fork
    first = _run(["示意图", "绿心工业企业全面退出"], cache)
    assert first["jieba"] and not first["pkg_resources"]    # jieba loaded without pkg_resources
    assert first["starts"]["示意图"] == [0]                 # one word: no line ends inside it
    assert 1 not in first["starts"]["绿心工业企业全面退出"] and 0 in first["starts"]["绿心工业企业全面退出"]
    again = _run(["示意图", "绿心工业企业全面退出"], cache, "prepare")
    assert again["starts"] == first["starts"]
    assert not again["jieba"]                              # every label known: jieba never imported
    new = _run(["示意图", "城市治理"], cache)
    assert new["jieba"] and new["starts"]["示意图"] == [0]  # a new label loads it, the known one is kept

