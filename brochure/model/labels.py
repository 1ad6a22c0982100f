"""Words the layout itself prints (the contents page's title, the introduction's heading, the notes
pages' title), in the content's language unless the layout sets them; and the language's way of
writing a date, a colon between a title and its subtitle, and a list of items. No ReportLab here."""

from __future__ import annotations

import datetime as dt
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


CJK = ("zh", "ja", "ko")
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}


def primary(language: str) -> str:
    return language.lower().split("-")[0]


def date_text(date: dt.date, language: str) -> str:
    """A date as the language writes it: 2020年1月15日, 2020年1月15日, 2020년 1월 15일, 15 January 2020,
    15. Januar 2020, 15 janvier 2020, 15 de enero de 2020 (ISO for a language not listed)."""
    lang = primary(language)
    if lang in ("zh", "ja"):
        return f"{date.year}年{date.month}月{date.day}日"
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일"
    months = MONTHS.get(lang)
    if months is None:
        return date.isoformat()
    month = months.split()[date.month - 1]
    return {"de": f"{date.day}. {month} {date.year}", "es": f"{date.day} de {month} de {date.year}"}.get(
        lang, f"{date.day} {month} {date.year}")


def colon(language: str) -> str:
    """Between a title and its subtitle, or a label and its value."""
    return "：" if primary(language) in CJK else ": "


def item_separator(language: str) -> str:
    """Between items of a run-in list (alternative texts)."""
    return "；" if primary(language) in CJK else "; "
