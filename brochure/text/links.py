"""VALIDATE helper: the link targets written in the content, checked before anything is drawn.

Takes the content's texts with their YAML paths (model.content.iter_text) and reports every link whose
target may not go into a PDF as a located error. Web, mail and phone links and internal anchors are
allowed; `javascript:`, `file:`, `data:` and every other scheme are refused: a PDF reader may run or
open them, and a brochure has no business doing either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..diagnostics import Diagnostics
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


def link_problem(url: str) -> str | None:
    """Why a link target may not go into a PDF, or None."""
    if url.startswith("#"):
        return None if len(url) > 1 else "the anchor '#' names no section"
    scheme, colon, rest = url.partition(":")
    if not colon or any(c in scheme for c in "/?#") or not scheme:
        return f"'{url}' is not a full address (it has no scheme such as https:)"
    if scheme.lower() not in SAFE_SCHEMES:
        return f"the link scheme '{scheme}:' is not allowed"
    if scheme.lower() in ("http", "https") and not rest.startswith("//"):
        return f"'{url}' has no host"
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return "the link target holds a control character"
    return None


def check_links(texts: Iterable[tuple[tuple[Any, ...], str]], source: Any, diags: Diagnostics) -> None:
    for path, text in texts:
        for url in link_targets(text):
            problem = link_problem(url)
            if problem:
                diags.error("content.unsafe-link", f"{problem}: {url[:80]}", source.where(path),
                            "links may be http(s):, mailto:, tel: or an anchor such as #sec-2")
