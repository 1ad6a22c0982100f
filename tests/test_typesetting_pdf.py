"""PDF-level typesetting check: lines extracted from the built example with pypdfium2, aligned with the
source paragraphs, must break no Chinese line-breaking rule."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import yaml
from conftest import EXAMPLE

from brochure.model.punctuation import normalize_punctuation
from brochure.text.rules import violations


def _flat(text: str) -> str:
    return "".join(text.split())


def extracted_lines(pdf_path: str) -> list[str]:
    doc = pdfium.PdfDocument(pdf_path)
    lines: list[str] = []
    for page in doc:
        text = page.get_textpage().get_text_range()
        lines += [ln for ln in re.split(r"\r\n|\r|\n", text) if ln.strip()]
    return lines


def paragraph_lines(lines: list[str], paragraph: str) -> list[str] | None:
    """The consecutive extracted lines that spell `paragraph` (page furniture in between skipped)."""
    target = _flat(paragraph)
    flat = [_flat(ln) for ln in lines]
    for start, first in enumerate(flat):
        if not first or not target.startswith(first):
            continue
        got, pos, i, skipped = [lines[start]], len(first), start + 1, 0
        while pos < len(target) and i < len(flat):
            if flat[i] and target.startswith(flat[i], pos):
                got.append(lines[i])
                pos += len(flat[i])
                skipped = 0
            elif skipped < 4:  # running header, page number, caption between pages
                skipped += 1
            else:
                break
            i += 1
        if pos == len(target):
            return got
    return None


def test_example_body_lines_break_no_rule(example_build) -> None:
    content = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    paragraphs = [normalize_punctuation(b).replace("**", "") for s in content["sections"]
                  for b in s["body"] if isinstance(b, str)]
    lines = extracted_lines(str(example_build.outputs["email"]))
    found, problems, breaks = 0, [], 0
    for paragraph in paragraphs:
        para_lines = paragraph_lines(lines, paragraph)
        if para_lines is None:
            continue
        found += 1
        breaks += len(para_lines) - 1
        problems += [f"{paragraph[:12]}…: {v}" for v in violations([ln.strip() for ln in para_lines])]
        assert len(_flat(para_lines[-1])) >= 2, f"one-character last line in {paragraph[:12]}…"
    assert found >= len(paragraphs) * 0.9, f"only {found} of {len(paragraphs)} paragraphs located"
    assert breaks > 120
    assert problems == []
