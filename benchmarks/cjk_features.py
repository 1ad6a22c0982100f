"""Cost of the CJK features read through HarfBuzz (`halt` blank sides, `locl` glyph forms), per 1,000
characters, side by side in one run: the Chinese text engine's `shape` with no source face known (the
engine as it was: hard-coded blank halves, every character's own glyph) and with the face known (zh-CN,
and ja for a run whose local forms differ), on the test sample and the example's paragraphs in Noto
Serif SC and in Noto Sans CJK SC. Also the font conversion with layout tables against one without
(cold: nothing in the glyph store; the converted file's size), for the example's characters.

    .venv/bin/python benchmarks/cjk_features.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.colors import black

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_breaking import paragraphs  # noqa: E402

from brochure.fonts.catalog import Catalog  # noqa: E402
from brochure.fonts.registry import FontRequest, register, resolve  # noqa: E402
from brochure.text.harfbuzz import FontFile  # noqa: E402
from brochure.text.shape import shape  # noqa: E402
from brochure.text.style import Run, TextStyle  # noqa: E402

ROUNDS = 30
BEFORE = "d755bc3"   # the last commit whose conversion dropped GSUB/GPOS/GDEF


def _once(runs: list[list[Run]], style: TextStyle) -> float:
    """CPU seconds to shape every run once (CPU time: the machine is shared)."""
    start = time.process_time()
    for r in runs:
        shape(r, style)
    return time.process_time() - start


def shaping(texts: list[str]) -> None:
    chars = sum(len(t) for t in texts)
    runs = [[Run(t)] for t in texts]
    print(f"shape() of {len(texts)} paragraphs, {chars} characters, CPU ms per 1,000 characters: "
          f"best of {ROUNDS} rounds, the variants interleaved")
    for family in ("Noto Serif SC", "Noto Sans CJK SC"):
        fontset, missing = resolve(Catalog(), [FontRequest("f", family, 400)], [])
        assert not missing, missing
        font = fontset.fonts[("f", 400)]
        register(font, set("".join(texts)), cjk_dash=True)
        file = FontFile(font.face.path, font.face.index, 400, str(font.file))
        base = dict(font=font.name, size=10.5, leading=18, colour=black, language="zh")
        rows = [("no HarfBuzz (as before)", TextStyle(**base, locale="zh-CN"))]
        for locale in ("zh-CN", "ja"):
            rows.append((f"HarfBuzz halt+locl, {locale}", TextStyle(**base, locale=locale,
                                                                  font_file=lambda n, f=file: f)))
        best = [float("inf")] * len(rows)
        for _, style in rows:
            _once(runs[:3], style)            # warm: fonts opened, caches filled
        for _ in range(ROUNDS):
            for i, (_, style) in enumerate(rows):
                best[i] = min(best[i], _once(runs, style))
        for (name, _), t in zip(rows, best, strict=True):
            print(f"  {family:18} {name:28} {t / chars * 1e6:7.2f} ms  x{t / best[0]:.2f}")


def _version6():
    """fonts/convert.py as it was before layout tables were kept (commit d755bc3), as a module."""
    import importlib.util
    import subprocess

    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{BEFORE}:brochure/fonts/convert.py"],
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("brochure.fonts.convert_v6", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "brochure.fonts"
    exec(compile(source, "convert_v6.py", "exec"), module.__dict__)
    return module


def conversion(texts: list[str]) -> None:
    """Conversion of the example's characters before and after: cold (empty cache and glyph store), and
    again with one new character (the glyph store warm: editing copy, a batch recipient's name)."""
    import os

    from fontTools.ttLib import TTFont

    from brochure.fonts import convert as now

    chars = sorted({ord(c) for c in "".join(texts)} | {ord(c) for c in now.BASE_CHARS})
    print(f"conversion of {len(chars)} characters: cold (empty cache and glyph store) and with one new "
          "character (store warm, best of 5); file bytes, glyphs, layout tables")
    before = _version6()
    for family, weight in (("Noto Serif SC", 400), ("Noto Sans CJK SC", 700), ("Source Serif Pro", 400)):
        face = Catalog().find(family, weight)
        assert face is not None
        for name, module in (("before", before), ("after", now)):
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["BROCHURE_CACHE"] = tmp
                module._STORES.clear()
                module._SOURCES.clear()
                start = time.perf_counter()
                data = module.convert(face, weight, chars, True)
                cold = time.perf_counter() - start
                warm = float("inf")
                for extra in "甲乙丙丁戊":
                    start = time.perf_counter()
                    module.convert(face, weight, sorted({*chars, ord(extra)}), True)
                    warm = min(warm, time.perf_counter() - start)
            font = TTFont(io.BytesIO(data))
            tables = ",".join(t for t in ("GSUB", "GPOS", "GDEF") if t in font)
            print(f"  {family:18} {weight} {name:7} cold {cold:6.2f} s  one more {warm:6.3f} s "
                  f"{len(data):8d} B {font['maxp'].numGlyphs:5d} glyphs  {tables or '-'}")


def main() -> None:
    texts = paragraphs()
    shaping(texts)
    conversion(texts)


if __name__ == "__main__":
    main()
