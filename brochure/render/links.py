"""Links in content text, checked before layout: `[text](url)` needs a URL with a scheme
(https://..., mailto:...) or `#anchor` naming a place the brochure has: `#s0`, `#s1`, ... for the
sections in order, `#h-<section>-body-<block>` for a heading (both 0-based, as the layout names its
destinations). ReportLab refuses anything else in the middle of a build.

The targets are found with a pattern for `](target)` rather than text/inline.py's parser: importing the
text package loads ReportLab, which `brochure check` must not (tests/test_model.py); a target the
pattern reads differently from the parser is still refused by ReportLab, as before, not drawn wrong.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostics
from ..model.content import HeadingBlock

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
TARGET = re.compile(r"\]\(\s*([^)\s]*)[^)]*\)")


def anchors(content: Any) -> set[str]:
    """Every destination name the story defines (render/blocks.py: section_head and heading)."""
    names = {f"s{i}" for i in range(len(content.sections))}
    for i, section in enumerate(content.sections):
        for j, block in enumerate(section.body):
            if isinstance(block, HeadingBlock):
                names.add(f"h-{i}-body-{j}")
    return names


def check_links(texts: list[tuple[tuple[Any, ...], str]], content: Any, source: Any,
                diags: Diagnostics) -> None:
    known = anchors(content)
    for path, text in texts:
        if "](" not in text:
            continue
        for href in TARGET.findall(text):
            if href.startswith("#"):
                if href[1:] not in known:
                    diags.error("content.unknown-anchor", f"the link '{href}' leads nowhere: the brochure "
                                f"has no anchor '{href[1:]}'", source.where(path),
                                f"link to a section with #s0 … #s{len(content.sections) - 1} (in order, "
                                "from 0), or give a full URL")
            elif not SCHEME.match(href):
                diags.error("content.link-without-scheme", f"the link '{href}' has no scheme, so no "
                            "viewer can open it", source.where(path),
                            f"write 'https://{href}'" if "@" not in href else f"write 'mailto:{href}'")
