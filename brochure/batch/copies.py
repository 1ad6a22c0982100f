"""One personalised copy as a pure function of its inputs: the kit (the finished shared pages and
everything needed to draw a recipient's pages, as bytes with their SHA-256) and the recipient's row.
The same function runs in this process, in a local pool and on Dask workers; what it returns carries
the hash of its bytes, checked where the file is written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics
from .recipients import Recipient

# Test hook: "id[:n],…" makes the copy of recipient `id` fail its first n attempts (n = 1 by default),
# so the retry-then-report path is exercised on real workers.
FAULTS_ENV = "BROCHURE_BATCH_FAULTS"


@dataclass
class Kit:
    """Everything a copy needs besides its recipient (one per language edition)."""
    language: str
    base_pdf: bytes                  # the finished shared pages
    base_pages: int
    content: Any
    source: Any
    layout: Any
    settings: Any
    fontset: Any                     # cmaps are left out in transit (see pack)
    base_dir: Path
    geometry: Any
    cjk_dash: bool
    cover_floor: float | None        # foot of the cover's title block (the cover line stays below)
    object_streams: bool
    page_styles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KitBlob:
    sha256: str
    data: bytes


@dataclass
class CopyResult:
    recipient: str
    data: bytes
    sha256: str
    pages: int
    diagnostics: list[Diagnostic]


def pack(kit: Kit) -> KitBlob:
    from ..fonts.registry import FontSet

    def light(font: Any) -> Any:
        return replace(font, cmap=frozenset(), file=None)

    fs = kit.fontset
    travelling = replace(kit, fontset=FontSet({k: light(f) for k, f in fs.fonts.items()},
                                              [light(f) for f in fs.fallbacks]))
    data = pickle.dumps(travelling, protocol=pickle.HIGHEST_PROTOCOL)
    return KitBlob(hashlib.sha256(data).hexdigest(), data)


_KITS: dict[str, Kit] = {}           # unpacked kits in this worker, by hash


def unpack(blob: KitBlob) -> Kit:
    from ..fonts.convert import cmap_of

    found = _KITS.get(blob.sha256)
    if found is not None:
        return found
    if hashlib.sha256(blob.data).hexdigest() != blob.sha256:
        raise ValueError(f"kit {blob.sha256[:12]} arrived damaged (hash differs)")
    kit: Kit = pickle.loads(blob.data)
    for font in kit.fontset.all():
        if not Path(font.face.path).is_file():
            raise FileNotFoundError(f"font file {font.face.path} is not on this worker; install the same "
                                    "brochure environment on every worker")
        font.cmap = cmap_of(font.face)
    if len(_KITS) >= 8:
        _KITS.clear()
    _KITS[blob.sha256] = kit
    return kit


def _fault(recipient: Recipient, attempt: int) -> None:
    for item in filter(None, os.environ.get(FAULTS_ENV, "").split(",")):
        rid, _, times = item.partition(":")
        if rid == recipient.id and attempt < int(times or 1):
            raise RuntimeError(f"injected fault for {rid} (attempt {attempt + 1})")


def make_copy(blob: KitBlob, recipient: Recipient, attempt: int = 0) -> CopyResult:
    """The recipient's copy: their pages drawn in fonts of their own and laid over the shared pages.
    Problems of the row come back as diagnostics (and no bytes); a failure of the machinery raises."""
    _fault(recipient, attempt)
    # ReportLab's font registry and our width caches are per process: copies made by several threads of
    # one worker (a Dask worker's default) take turns. Parallelism comes from processes.
    with _LOCK:
        return _make_copy(unpack(blob), recipient)


_LOCK = threading.Lock()


def _make_copy(kit: Kit, recipient: Recipient) -> CopyResult:
    from pydantic import ValidationError

    from ..fonts.registry import drawn_outside
    from ..render.context import RenderContext
    from .fonts import check_names, personal_fontset, register_personal, roles_of, unregister
    from .personal import drawn_values, filled_personal, page_chars, render_pages, stamp

    diags = Diagnostics()
    values = drawn_values(kit.source, recipient.fields)
    drawing = [key for key in roles_of(kit.layout, kit.page_styles) if key in kit.fontset.fonts]
    check_names(values, kit.fontset, drawing, recipient.where, diags)
    if diags.has_errors():
        return CopyResult(recipient.id, b"", "", 0, list(diags))
    try:
        personal = filled_personal(kit.source, recipient.fields)
    except ValidationError:          # a text the templates need came out empty
        empty = [c for c in values if not recipient.fields[c].strip()]
        diags.error("recipients.missing-value", f"{', '.join(repr(c) for c in empty) or 'a value'} is empty, "
                    "and the personal templates need it", recipient.at(empty[0]) if empty else recipient.row,
                    "fill in the value, or write the template so that it reads well without it")
        return CopyResult(recipient.id, b"", "", 0, list(diags))
    chars = page_chars(personal)
    for _ in range(2):
        # As in render_edition: a character drawn in a font converted without it (page_chars missed it)
        # is added and the pages laid out again, never drawn as nothing.
        fonts = personal_fontset(kit.fontset, chars)
        names = register_personal(fonts, chars, kit.cjk_dash, drawing)
        found = Diagnostics()
        try:
            ctx = RenderContext(kit.content, kit.layout, kit.settings, fonts, kit.base_dir, kit.source, found,
                                kit.geometry)
            overlay, targets = render_pages(ctx, personal, kit.cover_floor, recipient.row, found)
            missed = "".join(drawn_outside(fonts, ctx.outside).values())
        finally:
            unregister(names)
        if not missed:
            break
        chars = "".join(sorted(set(chars + missed)))
    else:
        raise RuntimeError(f"characters drawn in fonts converted without them: {missed!r}")
    diags.extend(found)
    if diags.has_errors():
        return CopyResult(recipient.id, b"", "", 0, list(diags))
    data = stamp(kit.base_pdf, overlay, targets, kit.settings.linearize, kit.object_streams)
    return CopyResult(recipient.id, data, hashlib.sha256(data).hexdigest(), kit.base_pages, list(diags))
