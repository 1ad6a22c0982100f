"""VALIDATE helper: the link targets written in the content, checked before anything is drawn.

Takes the content's texts with their YAML paths (model.content.iter_text), reads their links with the
same parser that draws them (text/inline.py), and reports as located errors:
- a scheme other than `https:`, `http:`, `mailto:`, `tel:` (`content.unsafe-link`): `javascript:`,
  `file:`, `data:` … a PDF reader may run or open them, and a brochure has no business doing either;
- a target without a scheme (`content.link-without-scheme`): no viewer can open `example.org`;
- an anchor the brochure does not have (`content.unknown-anchor`): `#s0`, `#s1`, … name the sections in
  order, `#h-<section>-body-<block>` a heading (both 0-based, as the layout names its destinations).
No ReportLab is loaded (`brochure check` stays light).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..diagnostics import Diagnostics
from ..model.content import HeadingBlock
from .inline import parse_inline

SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def link_targets(markup: str) -> list[str]:
    """Every link target in `markup`, in order."""
    if "](" not in markup:
        return []
    seen: list[str] = []
    for run in parse_inline(markup):
        if run.href and (not seen or seen[-1] != run.href):
            seen.append(run.href)
    return seen


def link_problem(url: str) -> tuple[str, str, str] | None:
    """(code, message, hint) when a non-anchor link target may not go into a PDF, else None."""
    scheme, colon, rest = url.partition(":")
    if not colon or not scheme or not (scheme[0].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme)):
        return ("content.link-without-scheme", f"the link '{url}' has no scheme, so no viewer can open it",
                f"write 'https://{url}'" if "@" not in url else f"write 'mailto:{url}'")
    if scheme.lower() not in SAFE_SCHEMES:
        return ("content.unsafe-link", f"the link scheme '{scheme}:' is not allowed: {url[:80]}",
                "links may be https:, http:, mailto:, tel: or an anchor such as #s1")
    if scheme.lower() in ("http", "https") and not rest.startswith("//"):
        return ("content.unsafe-link", f"the link '{url[:80]}' has no host", f"write '{scheme}://…'")
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return ("content.unsafe-link", "the link target holds a control character", "remove it")
    return None


def anchors(content: Any) -> set[str]:
    """Every destination name the story defines (render/blocks.py: section_head and heading)."""
    names = {f"s{i}" for i in range(len(content.sections))}
    for i, section in enumerate(content.sections):
        for j, block in enumerate(section.body):
            if isinstance(block, HeadingBlock):
                names.add(f"h-{i}-body-{j}")
    return names


def check_links(texts: Iterable[tuple[tuple[Any, ...], str]], content: Any, source: Any,
                diags: Diagnostics) -> None:
    known = anchors(content)
    for path, text in texts:
        for url in link_targets(text):
            if url.startswith("#"):
                if url[1:] not in known:
                    diags.error("content.unknown-anchor", f"the link '{url}' leads nowhere: the brochure "
                                f"has no anchor '{url[1:]}'", source.where(path),
                                f"link to a section with #s0 … #s{len(content.sections) - 1} (in order, "
                                "from 0), or give a full URL")
                continue
            problem = link_problem(url)
            if problem:
                code, message, hint = problem
                diags.error(code, message, source.where(path), hint)
