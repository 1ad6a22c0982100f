"""VALIDATE stage, limits: the validated content and layout are held to brochure/limits.py.

`check_content_limits` counts sections, blocks, table cells and the characters of every text;
`check_layout_limits` bounds the page size. Each excess is a located `limit.*` error, so that a huge or
generated input stops at validation instead of running for minutes or crashing a tool downstream
(Ghostscript segfaults on a 20-metre page). No ReportLab.
"""

from __future__ import annotations

from typing import Any

from .. import limits
from ..diagnostics import Diagnostics, Location
from .content import Content, TableBlock
from .source import Source

HINT = "the limits and their reasons are listed in README (Limits)"


def _error(diags: Diagnostics, code: str, message: str, where: Location | None, hint: str) -> None:
    diags.error(code, message, where, hint, HINT)


def check_content_limits(content: Content, texts: list[tuple[tuple[Any, ...], str]], source: Source,
                         diags: Diagnostics) -> None:
    if len(content.sections) > limits.SECTIONS:
        _error(diags, "limit.sections", f"{len(content.sections):,} sections; the limit is {limits.SECTIONS:,}",
               source.where(("sections", limits.SECTIONS)), "split the brochure into volumes")
    blocks = 0
    for i, section in enumerate(content.sections):
        blocks += len(section.body)
        if blocks > limits.BLOCKS:
            _error(diags, "limit.blocks", f"more than {limits.BLOCKS:,} blocks in all sections",
                   source.where(("sections", i, "body")), "split the brochure into volumes")
            break
        for j, block in enumerate(section.body):
            if isinstance(block, TableBlock):
                cells = sum(len(r) for r in block.table.rows) + len(block.table.header or [])
                if cells > limits.TABLE_CELLS:
                    _error(diags, "limit.table", f"a table of {cells:,} cells; the limit is "
                           f"{limits.TABLE_CELLS:,}", source.where(("sections", i, "body", j, "table")),
                           "split the table, or attach the data as a file")
    for path, text in texts:
        if len(text) > limits.TEXT_CHARS:
            _error(diags, "limit.text", f"a text of {len(text):,} characters; the limit for one paragraph, "
                   f"caption or cell is {limits.TEXT_CHARS:,}", source.where(path),
                   "split it into paragraphs")


def check_layout_limits(layout: Any, source: Source, diags: Diagnostics) -> None:
    """The trim size (and the sheet with bleed) within what PDF readers and Ghostscript handle."""
    w, h = layout.page.trim_pt()
    bleed = layout.page.bleed.pt()
    where = source.where(("page", "size"))
    longest, shortest = max(w, h) + 2 * bleed, min(w, h)
    if longest > limits.PAGE_SIDE_PT:
        _error(diags, "limit.page-size", f"a page side of {longest / 72 * 25.4 / 1000:.2f} m with bleed; "
               f"the limit is {limits.PAGE_SIDE_PT / 72 * 25.4 / 1000:.2f} m (200 inches, the largest "
               "page PDF readers accept)", where, "set the page at a scale (e.g. 1:10) and print it enlarged")
    area = (w + 2 * bleed) * (h + 2 * bleed)
    if longest <= limits.PAGE_SIDE_PT and area > limits.PAGE_AREA_PT2:
        _error(diags, "limit.page-size", f"a page of {area / (72 / 25.4 * 1000) ** 2:.1f} m² with bleed; the limit "
               f"is {limits.PAGE_AREA_PT2 / (72 / 25.4 * 1000) ** 2:.2f} m² (the print preflight renders every "
               "page whole)", where, "set the page at a scale (e.g. 1:2) and print it enlarged")
    if shortest < limits.PAGE_SIDE_MIN_PT:
        _error(diags, "limit.page-size", f"a page side of {shortest / 72 * 25.4:.1f} mm; the smallest "
               f"is {limits.PAGE_SIDE_MIN_PT / 72 * 25.4:.1f} mm", where,
               "give sizes with units, e.g. [210mm, 297mm]")
