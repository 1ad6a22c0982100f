"""The Latin text path, before and after, in one run: quality and cost per 1,000 characters.

English paragraphs (tests/data/text/sample_en.txt and the body of the English Tianxin example, with
the language's punctuation) are set in Source Serif Pro 10 pt at the shipped A4 column (23.7 em) and at
a few other measures, two ways:

  before  characters measured one by one, no hyphenation, breaks chosen by the CJK engine's search
          (`breaking.break_lines`, a few candidates per line), spaces opened evenly (as main set it)
  fit     HarfBuzz shaping (kerning, ligatures), pyphen hyphenation, total-fit breaking with word-space
          and tracking limits (`totalfit.py`), without font expansion and margin kerning
  after   the same with the style's font expansion (glyphs up to 2 % wider or narrower, per line) and
          protrusion (stops, hyphens, quotes hanging into the margin): the engine as shipped

and prints per measure: justified lines short of the measure, lines with word spaces past the style's
maximum, the widest and narrowest word space, hyphenated lines, the longest run of hyphenated lines,
paragraphs ending in a runt, rivers (tests/rivers.py), and the font expansion used (mean of
|expansion| over justified lines, and the share of them at the limit); then the time to shape and to
break 1,000 characters with each.
Chinese is checked too: the sample article and the example's body at 10.5 pt on 12-30 em through
TextBlock, line-breaking violations and lines not flush.

The measures include the English body columns of the shipped layouts (`--lang en`, measured on a build):
screen-16x9 18.3 em (20 pt), a4-booklet 23.7 em (10 pt, two columns), trifold 25.5 and 28.7-29.8 em
(8-9 pt), a5-booklet 34.9 em (9.5 pt). The posters and the roll-up set a few lines at 37-53 em.

    .venv/bin/python benchmarks/latin_text.py
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml
from reportlab.lib.colors import black

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rivers import rivers  # noqa: E402

from brochure.fonts.catalog import Catalog  # noqa: E402
from brochure.fonts.registry import FontRequest, register, resolve  # noqa: E402
from brochure.text import TextBlock, TextStyle, parse_inline, violations  # noqa: E402
from brochure.text.breaking import break_lines, set_line  # noqa: E402
from brochure.text.harfbuzz import FontFile  # noqa: E402
from brochure.text.shape import shape  # noqa: E402
from brochure.text.totalfit import break_paragraph  # noqa: E402
from brochure.text.totalfit import set_line as set_latin_line  # noqa: E402
from brochure.text.typography import typeset_punctuation  # noqa: E402

SIZE = 10.0
MEASURES_EM = (15.0, 18.3, 20.0, 22.0, 23.7, 25.0, 25.5, 28.7, 30.0, 34.9, 36.0)
SOFT_HYPHEN = "\u00ad"


def english() -> list[str]:
    texts = [s for s in (ROOT / "tests/data/text/sample_en.txt").read_text(encoding="utf-8").splitlines()
             if s and not s.startswith("#")]
    data = yaml.safe_load((ROOT / "examples/tianxin-2020/brochure.en.yaml").read_text(encoding="utf-8"))
    texts += [data["intro"]] + [b for s in data["sections"] for b in s.get("body", []) if isinstance(b, str)]
    return [typeset_punctuation(t, "en") for t in texts]


def chinese() -> list[str]:
    texts = [s for s in (ROOT / "tests/data/text/sample_zh.txt").read_text(encoding="utf-8").splitlines()
             if s and not s.startswith("#")]
    data = yaml.safe_load((ROOT / "examples/tianxin-2020/brochure.yaml").read_text(encoding="utf-8"))
    return texts + [data["intro"]] + [b for s in data["sections"] for b in s.get("body", []) if isinstance(b, str)]


def styles() -> tuple[TextStyle, TextStyle, TextStyle, TextStyle]:
    catalog = Catalog()
    fonts, missing = resolve(catalog, [FontRequest("serif", "Source Serif Pro", 400),
                                       FontRequest("serif", "Source Serif Pro", 700),
                                       FontRequest("serif_italic", "Source Serif Pro", 400, True),
                                       FontRequest("zh", "Noto Serif SC", 400),
                                       FontRequest("zh_bold", "Noto Sans CJK SC", 700)], [])
    assert not missing, missing
    chars = "".join(sorted(set("".join(english() + chinese())) | set(SOFT_HYPHEN + "ﬀﬁﬂﬃﬄ–—…\u00a0")))
    for font in fonts.all():
        register(font, chars, cjk_dash=font.request.role.startswith("zh"))
    files = {f.name: FontFile(f.face.path, f.face.index, f.request.weight) for f in fonts.all()}
    after = TextStyle(font=fonts.name("serif"), size=SIZE, leading=15, colour=black,
                      bold_font=fonts.name("serif", 700), italic_font=fonts.name("serif_italic"),
                      first_indent=SIZE, han_latin_space=0, has_glyph=fonts.has_glyph, language="en",
                      hyphenate=True, font_file=files.get)
    before = replace(after, hyphenate=False, font_file=None)
    fit = replace(after, expansion=0.0, protrusion=False)
    zh = TextStyle(font=fonts.name("zh"), size=10.5, leading=18, colour=black, bold_font=fonts.name("zh_bold", 700),
                   first_indent=21, has_glyph=fonts.has_glyph)
    return before, fit, after, zh


def lines_of(style: TextStyle, runs: list, width: float, total_fit: bool) -> tuple[object, list]:
    s = shape(runs, style)
    if total_fit:
        found = break_paragraph(s, 0, len(s), width, style.first_indent)
        assert found is not None
        return s, [set_latin_line(s, i, b, width, style.first_indent if n == 0 else 0.0, n == len(found) - 1)
                   for n, (i, b) in enumerate(found)]
    found = break_lines(s, 0, len(s), width, style.first_indent)
    return s, [set_line(s, i, b, width, style.first_indent if n == 0 else 0.0, n == len(found) - 1, True)
               for n, (i, b) in enumerate(found)]


def quality(style: TextStyle, paras: list[list], width: float, total_fit: bool) -> dict[str, float]:
    n = short = loose = hyph = run = longest = runts = justified = at_limit = channels = 0
    widest, narrowest, expansion = 0.0, float("inf"), 0.0
    for runs in paras:
        s, lines = lines_of(style, runs, width, total_fit)
        runts += len(lines) > 1 and lines[-1].x_end < 0.15 * width
        channels += len(rivers(lines))
        for line in lines:
            n += 1
            ends = line.glyphs[-1].ch == SOFT_HYPHEN
            hyph += ends
            run = run + 1 if ends else 0
            longest = max(longest, run)
            if line.is_last or not line.stretchable:
                continue
            short += abs(line.x_end - width) > 0.5
            gaps = [s.gap[k] for k in range(line.start, line.end - 1) if s.stretch[k]]
            # total fit opens each space in proportion to its width; the old engine by the same pt
            ratios = [line.space_ratio for g in gaps] if total_fit else [(g + line.gap_extra) / g for g in gaps]
            widest = max(widest, max(ratios))
            narrowest = min(narrowest, min(ratios))
            loose += max(ratios) > style.word_space_max + 1e-6
            justified += 1
            expansion += abs(line.expansion)
            at_limit += style.expansion > 0 and abs(line.expansion) >= style.expansion - 1e-9
    return {"lines": n, "short": short, "loose": loose, "widest": widest, "narrowest": narrowest,
            "hyph%": 100 * hyph / n, "run": longest, "runts": runts, "rivers": channels,
            "expansion%": 100 * expansion / max(1, justified), "at_limit%": 100 * at_limit / max(1, justified)}


def cost(style: TextStyle, paras: list[list], width: float, total_fit: bool, chars: int) -> tuple[float, float]:
    """CPU ms per 1,000 characters: (shaping, breaking and setting), best of 5 (CPU time: the machine
    may be shared)."""
    best_shape = best_break = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        shaped = [shape(runs, style) for runs in paras]
        t1 = time.process_time()
        for s in shaped:
            if total_fit:
                found = break_paragraph(s, 0, len(s), width, style.first_indent) or []
                for n, (i, b) in enumerate(found):
                    set_latin_line(s, i, b, width, 0.0, n == len(found) - 1)
            else:
                found = break_lines(s, 0, len(s), width, style.first_indent)
                for n, (i, b) in enumerate(found):
                    set_line(s, i, b, width, 0.0, n == len(found) - 1, True)
        t2 = time.process_time()
        best_shape, best_break = min(best_shape, t1 - t0), min(best_break, t2 - t1)
    return 1e6 * best_shape / chars, 1e6 * best_break / chars


def main() -> None:
    before, fit, after, zh = styles()
    paras = [parse_inline(t) for t in english()]
    chars = sum(len(r.text) for runs in paras for r in runs)
    print(f"English: {len(paras)} paragraphs, {chars} characters, Source Serif Pro {SIZE:g} pt")
    print(f"{'measure':>8} {'engine':>7} {'lines':>6} {'short':>6} {'loose':>6} {'widest':>7} {'narrow':>7} "
          f"{'hyph %':>7} {'run':>4} {'runts':>6} {'rivers':>7} {'expansion':>10} {'at limit':>9}")
    engines = (("before", before, False), ("fit", fit, True), ("after", after, True))
    for em in MEASURES_EM:
        for name, style, total_fit in engines:
            q = quality(style, paras, em * SIZE, total_fit)
            print(f"{em:>6.1f}em {name:>7} {q['lines']:>6} {q['short']:>6} {q['loose']:>6} "
                  f"{q['widest']:>6.2f}x {q['narrowest']:>6.2f}x {q['hyph%']:>6.1f}% {q['run']:>4} {q['runts']:>6} "
                  f"{q['rivers']:>7} "
                  f"{q['expansion%']:>9.2f}% {q['at_limit%']:>8.1f}%")
    print("  short: justified lines short of the measure; loose: lines with word spaces past the style's maximum "
          f"({after.word_space_max:g} x); widest / narrow: the widest and narrowest word space against its "
          f"natural width (limits {after.word_space_min:g}-{after.word_space_max:g} x); run: most hyphenated "
          "lines in a row; runts: paragraphs ending in a line under 15 % of the measure; rivers: word spaces "
          "lined up down 4 lines, each overlapping the next by 1 pt or more (tests/rivers.py); expansion: mean "
          f"|font expansion| of the justified lines (limit {100 * after.expansion:g} %), at limit: share of "
          "them at the limit")
    width = 23.7 * SIZE
    s_before, b_before = cost(before, paras, width, False, chars)
    s_fit, b_fit = cost(fit, paras, width, True, chars)
    s_after, b_after = cost(after, paras, width, True, chars)
    print(f"cost per 1,000 characters at 23.7 em: shaping {s_before:.2f} -> {s_after:.2f} ms "
          f"(x{s_after / s_before:.2f}); breaking and setting {b_before:.2f} -> {b_after:.2f} ms "
          f"(x{b_after / b_before:.2f}); total fit without -> with expansion and protrusion "
          f"{b_fit:.2f} -> {b_after:.2f} ms (x{b_after / b_fit:.2f})")
    zh_paras = [parse_inline(t) for t in chinese()]
    bad = not_flush = 0
    for em in range(12, 31, 2):
        width = em * 10.5
        for runs in zh_paras:
            block = TextBlock(runs, zh)
            block.wrap(width, 1e6)
            bad += len(violations([line.text for line in block.lines]))
            not_flush += sum(1 for line in block.lines[:-1] if line.stretchable and abs(line.x_end - width) > 0.5)
    print(f"Chinese: {len(zh_paras)} paragraphs at 12-30 em: {bad} line-breaking violations, "
          f"{not_flush} justified lines not flush")


if __name__ == "__main__":
    main()
