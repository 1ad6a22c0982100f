"""White cover type stands at 4.5:1 (WCAG AA) against the picture behind it, in every shipped layout
that sets the title block on the picture and in both languages of the example: measured on the
rendered page, on the brightest tenth of the picture around each line's glyphs. The English A5 cover
and the screen cover set their subtitles on the sunset (1.4:1 and 1.6:1) until the cover darkened
what lies behind its type (brochure/layout/scrim.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import EXAMPLE

from brochure.build import Options, build, load

CONTRAST = 4.5


def _linear(v: int) -> float:
    c = v / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


LUT = [_linear(i) for i in range(256)]


def contrast_behind(pdf: Path, needle: str, scale: float = 2.0) -> float:
    """White type against the 90th-percentile luminance of the page around `needle`'s glyphs (their
    line box, the glyphs themselves and 2 px around them left out)."""
    doc = pdfium.PdfDocument(str(pdf))
    page = doc[0]
    text = page.get_textpage()
    whole = text.get_text_range()
    at = whole.find(needle)
    assert at >= 0, (needle, whole[:200])
    boxes = [text.get_charbox(k) for k in range(at, at + len(needle)) if whole[k].strip()]
    _, height = page.get_size()
    image = page.render(scale=scale).to_pil().convert("RGB")
    x0, x1 = int(min(b[0] for b in boxes) * scale), int(max(b[2] for b in boxes) * scale)
    y0, y1 = int((height - max(b[3] for b in boxes)) * scale), int((height - min(b[1] for b in boxes)) * scale)
    glyphs = [(int(b[0] * scale) - 2, int((height - b[3]) * scale) - 2, int(b[2] * scale) + 2,
               int((height - b[1]) * scale) + 2) for b in boxes]
    pixels = image.load()
    values = []
    for y in range(y0, y1):
        for x in range(x0, x1):
            if any(gx0 <= x < gx1 and gy0 <= y < gy1 for gx0, gy0, gx1, gy1 in glyphs):
                continue
            r, g, b = pixels[x, y]
            values.append(0.2126 * LUT[r] + 0.7152 * LUT[g] + 0.0722 * LUT[b])
    assert values, needle
    values.sort()
    return 1.05 / (values[int(0.9 * (len(values) - 1))] + 0.05)


CASES = [("a4-booklet", "zh-CN"), ("a4-booklet", "en"), ("a5-booklet", "en"), ("screen-16x9", "en")]


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "lang"), CASES)
def test_cover_type_stands_out_from_the_picture(tmp_path: Path, layout: str, lang: str) -> None:
    opts = Options(EXAMPLE, layout=layout, editions=["email"], out_dir=tmp_path, quiet=True,
                   lang=None if lang == "zh-CN" else lang)
    pdf = build(opts).outputs["email"]
    content = load(opts, with_fonts=False).content
    lines = [content.cover.kicker, content.meta.title, content.meta.subtitle]
    words = [w.strip(",.·") for line in lines if line for w in line.split()]
    needles = [c for w in words for c in ([w] if w.isascii() else [w[i:i + 4] for i in range(0, len(w), 4)])
               if len(c) >= 2]
    measured = {n: round(contrast_behind(pdf, n), 2) for n in needles}
    assert all(v >= CONTRAST for v in measured.values()), measured
