"""The document for the short formats (MAKEUP stage): the booklet's document (layout/document.py: the
trace, pictures, bookmarks, finishing hooks) with the format's own page templates, and the report of
content that did not fit.

A format has a fixed number of designed pages (a leaflet two faces, a poster one; a screen one per
idea). Whatever runs past the frames of a designed page lands on `overflow` pages: nothing is dropped, and `_endBuild`
turns what landed there into one `layout.format-overflow` error per block, with the block's YAML
location and how many millimetres of it did not fit; the build then writes nothing.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageTemplate

from ..layout.document import BrochureDoc, TracedFrame
from ..layout.pages import key as content_key
from ..tagging import Tag
from ..tagging.marks import as_artifact

MM = 72 / 25.4
NAMES = {"figures": "key-figure block", "section-head": "section title", "chart": "chart", "quote": "quote",
         "paragraph": "paragraph", "summary": "summary", "introduction": "introduction"}


class FormatDoc(BrochureDoc):
    what = "format"

    def addPageTemplates(self, templates: Any) -> None:  # noqa: N802 (ReportLab's name)
        """Tagged editions: what a page template draws (panels' and bands' backgrounds, fold marks, a
        slide's running head and number) is an artifact; the content it draws marks itself (text_at
        with a tag, layout.pages.draw_picture)."""
        for t in templates if isinstance(templates, (list, tuple)) else [templates]:
            for hook in ("onPage", "onPageEnd"):
                fn = getattr(t, hook)
                if getattr(fn, "__name__", "") != "_doNothing":       # (ReportLab's default: draws nothing)
                    setattr(t, hook, as_artifact(fn))
        super().addPageTemplates(templates)

    def frame(self, x: float, y: float, w: float, h: float, name: str) -> TracedFrame:
        """A frame at trim coordinates (the sheet offset added)."""
        g = self.geometry
        f = TracedFrame(g.offset + x, g.offset + y, w, h, 0, 0, 0, 0, id=name)
        f.attach(self)
        return f

    def overflow_template(self, frames: list[TracedFrame]) -> PageTemplate:
        return PageTemplate("overflow:R", frames, autoNextPageTemplate="overflow:R")

    def _endBuild(self) -> None:
        self.report_overflow()
        super()._endBuild()

    def report_overflow(self) -> None:
        ctx = self.ctx
        spilled: dict[Any, float] = {}
        names: dict[Any, str] = {}
        pages = [p.page for p in self.trace.placed if p.template.startswith("overflow")]
        if not pages:
            return
        limit = min(pages) - 1
        for placed in self.trace.placed:
            if placed.template.startswith("overflow"):
                key = placed.where
                spilled[key] = spilled.get(key, 0.0) + (placed.box[3] - placed.box[1])
                names.setdefault(key, placed.kind)
        total = sum(spilled.values())
        for where, height in spilled.items():
            if where is None:                   # space between blocks: counted in the total only
                continue
            what = NAMES.get(names[where], names[where])
            ctx.diags.error("layout.format-overflow",
                            f"this {what} does not fit the {self.what}: {height / MM:.0f} mm of it would run past "
                            f"the last {'panel' if self.what == 'leaflet' else 'frame'} (all that does not fit: "
                            f"{total / MM:.0f} mm)", where,
                            "leave blocks out of this format with `formats:` on the block, shorten the "
                            "`summary:` texts, or choose fewer figures (format.figures in the layout)",
                            edition=ctx.edition.name, page=limit)


class Fitted(Flowable):
    """A flowable set at `width`, centred in the frame, scaled to fill it (up to `grow` times, and down
    when it is taller than the frame): one idea fills one slide."""

    def __init__(self, inner: Flowable, width: float, centre: bool = True, grow: float = 1.0):
        super().__init__()
        self.inner, self.inner_width, self.centre, self.grow = inner, width, centre, grow
        for attr in ("where", "kind", "tag"):        # tag: the structure element it draws (tagging/)
            if hasattr(inner, attr):
                setattr(self, attr, getattr(inner, attr))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w, h = self.inner.wrap(min(self.inner_width, aw), 100_000)
        self.scale = min(self.grow, ah / h if h else 1.0, aw / w if w else 1.0)
        self.inner_size = (w, h)
        self.width, self.height = aw, (ah if self.centre else h * self.scale)
        return self.width, self.height

    def draw(self) -> None:
        w, h = self.inner_size
        s = self.scale
        x = (self.width - w * s) / 2
        y = (self.height - h * s) / 2 if self.centre else 0.0
        canv = self.canv
        canv.saveState()
        canv.translate(x, y)
        canv.scale(s, s)
        self.inner.drawOn(canv, 0, 0)
        canv.restoreState()


def paragraphs(ctx: Any, text: str, style: str, path: tuple[Any, ...], kind: str) -> list[Flowable]:
    """A text field that may hold several paragraphs (one per line, model/text.py), each set on its own
    and located at the field."""
    from ..render.blocks import rich
    from ..text import TextBlock

    out: list[Flowable] = []
    for k, part in enumerate(text.split("\n")):
        block = TextBlock(rich(ctx, part), ctx.style(style))
        block.where, block.kind = ctx.where(path), kind
        block.tag = Tag(content_key(ctx, *path, k), "P")     # tagged editions: a P of its own
        out.append(block)
    return out


def fold_marks(canv: Any, doc: Any, folds: list[float]) -> None:
    """Dashed fold marks in the mark area above and below the sheet, at each fold (trim x, pt), in
    registration colour. Only when the edition has a mark area (print)."""
    g = doc.geometry
    room = g.offset - g.bleed
    if room <= 2 * MM:
        return
    canv.saveState()
    canv.setStrokeColorCMYK(1, 1, 1, 1)
    canv.setLineWidth(0.3)
    canv.setDash(2, 2)
    top, bottom = g.offset + g.trim_h, g.offset
    for x in folds:
        for y0, y1 in ((top + g.bleed + 1 * MM, top + g.bleed + room - 1 * MM),
                       (bottom - g.bleed - 1 * MM, bottom - g.bleed - room + 1 * MM)):
            canv.line(g.offset + x, y0, g.offset + x, y1)
    canv.restoreState()
