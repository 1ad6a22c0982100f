"""Which language edition a recipient gets: the one decision between a recipient's `language` column
and the content's translations.

`choose_language` matches BCP 47 tags the way a reader would accept them: the exact tag first, then
the same language with another region or script (`en-GB` takes `en`, `zh-TW` takes `zh-CN`), else the
fallback (the content's own language unless `--fallback-language` names another available one). The
choice says whether it fell back, for the manifest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LanguageChoice:
    requested: str
    language: str            # the language edition built
    fallback: bool           # True when the requested language has no edition


def primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def choose_language(requested: str, available: Mapping[str, object], fallback: str) -> LanguageChoice:
    """`available` maps each language edition's tag to its content (the content's own language and
    every translation); `fallback` must be one of them."""
    by_lower = {tag.lower(): tag for tag in available}
    if requested.lower() in by_lower:
        return LanguageChoice(requested, by_lower[requested.lower()], False)
    same = sorted(tag for tag in available if primary(tag) == primary(requested))
    if same:
        return LanguageChoice(requested, same[0], False)
    return LanguageChoice(requested, fallback, True)


def language_editions(content: Path, own_language: str) -> dict[str, Path]:
    """The content files of every language edition: the content itself under its own language, and each
    translation next to it (`<stem>.<lang>.yaml` with `translates:`) under its language."""
    from ..model.translation import find_translations

    return {own_language: content, **{tag: path for tag, path in find_translations(content).items()
                                      if tag != own_language}}
