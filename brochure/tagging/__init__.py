"""Tagged PDF (PDF/UA-1): marked content while drawing, the structure tree in FINISH.

The meaning comes from the content model, the places from drawing:
- structure.py (no ReportLab) turns the content model into the logical tree, in reading order: a
  `Node` per structure element, leaves named by a `key` (the content language plus the YAML path);
- marks.py is the drawing side: a `Tagger` on the canvas wraps whatever is drawn for a key in
  `BDC`/`EMC` with a page-local MCID, and everything else (running heads, folios, rules, background
  art) in `/Artifact BMC`/`EMC`; it records (page, MCID, key, box) as it goes. It is independent of
  how glyphs are drawn: it wraps whole flowables, parts of flowables and page-template pieces;
- write.py (FINISH, pikepdf) joins the two: every leaf gets the marked-content references drawn for
  its key, link annotations join the tree as OBJRs, and the catalogue gets StructTreeRoot, ParentTree,
  MarkInfo, /Lang and the viewer settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Tag:
    """What a drawn piece is: the key of its structure element (language + YAML path) and the role
    written on its marked content (the structure element's role)."""

    key: Key
    role: str = "P"


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence as drawn: 1-based page, its MCID on that page, the key, and the
    box (PDF points) of the top-level flowable it was drawn in (None for page-template pieces)."""

    page: int
    mcid: int
    key: Key
    box: tuple[float, float, float, float] | None = None
