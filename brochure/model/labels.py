"""Words the layout itself prints (the contents page's title, the introduction's heading, the notes
pages' title), in the content's language unless the layout sets them. No ReportLab here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Labels:
    contents: str
    contents_latin: str      # a small Latin line under a non-Latin contents title ("" for none)
    intro: str               # heading of the introduction box on the contents page ("" for none)
    notes: str


BY_LANGUAGE = {
    "zh": Labels("目录", "CONTENTS", "前言", "笔记"),
    "ja": Labels("目次", "CONTENTS", "はじめに", "メモ"),
    "ko": Labels("목차", "CONTENTS", "머리말", "메모"),
    "en": Labels("Contents", "", "Introduction", "Notes"),
    "de": Labels("Inhalt", "", "Vorwort", "Notizen"),
    "fr": Labels("Sommaire", "", "Avant-propos", "Notes"),
    "es": Labels("Índice", "", "Presentación", "Notas"),
}


def labels_for(templates: Any, language: str) -> Labels:
    """The layout's own words where it sets them (`templates.contents.title` …), else the language's
    (English for a language not in the table)."""
    base = BY_LANGUAGE.get(language.lower().split("-")[0], BY_LANGUAGE["en"])
    contents, notes = templates.contents, templates.notes

    def pick(value: str | None, default: str) -> str:
        return default if value is None else value

    return Labels(pick(contents.title, base.contents), pick(contents.title_latin, base.contents_latin),
                  pick(contents.intro_title, base.intro), pick(notes.title, base.notes))
