"""Document identity for every edition: the date written into it and the file name stem (slug).

Both come from the inputs only, never from the clock or the working folder, so two builds of the same
inputs write the same bytes under the same names (build.py calls these; no stage of its own).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from . import __version__


def document_date(content: Any, content_path: Path | None) -> dt.datetime:
    """The date written into every edition (Info, XMP, the archive's manifest): `meta.date`, else
    SOURCE_DATE_EPOCH, else the content file's modification time (to the second). Never the clock:
    two builds of the same inputs give the same bytes, and the archive is not refused on a rebuild."""
    when = content.meta.date
    if when is not None:
        return dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    try:
        mtime = int(content_path.stat().st_mtime) if content_path is not None else 0
    except OSError:
        mtime = 0
    return dt.datetime.fromtimestamp(mtime, dt.timezone.utc)


def pdf_meta(content: Any, edition: str, content_path: Path | None = None) -> dict[str, str]:
    meta = content.meta
    zh = meta.language.lower().startswith(("zh", "ja"))
    title = meta.title + ((("——" if zh else " — ") + meta.subtitle) if meta.subtitle else "")
    stamp = document_date(content, content_path)
    return {
        "title": title, "author": meta.author or meta.publisher or meta.editor or "",
        "subject": meta.subtitle or meta.title, "keywords": ", ".join(meta.keywords),
        "creator": f"brochure {__version__}", "producer": f"brochure {__version__} (ReportLab, pikepdf)",
        "lang": meta.language, "date": stamp.strftime("D:%Y%m%d%H%M%SZ"),
        "xmp_date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "edition": edition,
    }


GENERIC_STEMS = ("brochure", "content", "index", "main")


def slug_of(opts: Any, content: Any) -> str:
    """`meta.slug`, else the content file's name, else (for a generic name such as brochure.yaml) its
    folder's name, else the title; made safe as a file name stem."""
    if content.meta.slug:
        return str(content.meta.slug)
    path = opts.content.resolve()
    candidates = [path.stem] if path.stem.lower() not in GENERIC_STEMS else [path.parent.name]
    for candidate in candidates + [content.meta.title, "brochure"]:
        slug = re.sub(r"[^\w.]+", "-", unicodedata.normalize("NFKC", candidate)).strip("-._")[:80]
        if slug:
            return slug
    return "brochure"
