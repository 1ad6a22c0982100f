"""Line breaking, before and after: rule violations and speed of stock ReportLab CJK wrapping vs ours.

Sets the test sample article and the example's body paragraphs at 10.5 pt on measures of 8-30 em
(every 0.5 em) with `Paragraph(wordWrap='CJK', alignment=TA_JUSTIFY)` and with `TextBlock`, checks
every result with `brochure.text.rules.violations`, and times both layouts.

    .venv/bin/python benchmarks/text_breaking.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml
from reportlab.lib.colors import black
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brochure.fonts.catalog import Catalog  # noqa: E402
from brochure.fonts.registry import FontRequest, register, resolve  # noqa: E402
from brochure.text import TextBlock, TextStyle, parse_inline, violations  # noqa: E402

SIZE = 10.5
WIDTHS_EM = [8 + 0.5 * i for i in range(45)]


def paragraphs() -> list[str]:
    sample = (ROOT / "tests" / "data" / "text" / "sample_zh.txt").read_text(encoding="utf-8")
    texts = [s for s in sample.splitlines() if s and not s.startswith("#")]
    example = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
    if example.exists():
        data = yaml.safe_load(example.read_text(encoding="utf-8"))
        body = [data["intro"]] + [b for s in data["sections"] for b in s.get("body", []) if isinstance(b, str)]
        texts += ["".join(r.text for r in parse_inline(b)) for b in body]
    return texts


def register_fonts(texts: list[str]) -> str:
    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Noto Serif SC", 400)], [])
    assert not missing, missing
    chars = set("".join(texts))
    for font in fontset.all():
        register(font, chars, cjk_dash=True)
    return fontset.name("serif", 400)


def stock_lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    para = Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)
    para.wrap(width, 100_000)
    return ["".join(words) for _, words in para.blPara.lines]


def main() -> None:
    texts = paragraphs()
    font = register_fonts(texts)
    stock = ParagraphStyle("body", fontName=font, fontSize=SIZE, leading=18, wordWrap="CJK",
                           alignment=TA_JUSTIFY, firstLineIndent=2 * SIZE)
    ours = TextStyle(font=font, size=SIZE, leading=18, colour=black, first_indent=2 * SIZE)
    chars = sum(len(t) for t in texts) * len(WIDTHS_EM)
    results = {}
    for name, lay in (("stock Paragraph(wordWrap='CJK')", lambda t, w: stock_lines(t, stock, w)),
                      ("brochure TextBlock", lambda t, w: _ours(t, ours, w))):
        lay(texts[0], 200)  # warm caches
        bad = breaks = 0
        kinds: dict[str, int] = {}
        start = time.perf_counter()
        all_lines = [lay(t, em * SIZE) for t in texts for em in WIDTHS_EM]
        elapsed = time.perf_counter() - start
        worst = 0.0
        for lines in all_lines:
            breaks += max(0, len(lines) - 1)
            for v in violations(lines):
                bad += 1
                kind = v.split(" ", 2)[2].split(":")[0]
                kinds[kind] = kinds.get(kind, 0) + 1
        if name.startswith("brochure"):
            worst = _worst_gap(texts, ours)
        results[name] = elapsed
        print(f"{name}: {bad} violations in {breaks} breaks = {100 * bad / breaks:.2f} per 100 breaks; "
              f"{1000 * elapsed / chars * 1000:.2f} ms per 1,000 chars")
        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:8]:
            print(f"    {n:5d}  {kind}")
        if worst:
            print(f"    worst justification gap at >= 12 em: {worst:.3f} em")
    print(f"{len(texts)} paragraphs x {len(WIDTHS_EM)} measures, {chars} characters laid out per engine")


def _ours(text: str, style: TextStyle, width: float) -> list[str]:
    block = TextBlock(text, style)
    block.wrap(width, 100_000)
    return [line.text for line in block.lines]


def _worst_gap(texts: list[str], style: TextStyle) -> float:
    worst = 0.0
    for text in texts:
        for em in WIDTHS_EM:
            if em < 12:
                continue
            block = TextBlock(text, style)
            block.wrap(em * SIZE, 100_000)
            worst = max([worst] + [ln.gap_extra / SIZE for ln in block.lines if not ln.is_last])
    return worst


if __name__ == "__main__":
    main()
