"""A contents entry: section number, title and subtitle, page number, the whole row a link."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from ..text import TextBlock

MM = 72 / 25.4


class TocEntry(Flowable):
    def __init__(self, ctx: Any, index: int, title: str, subtitle: str | None, subtitle_ctx: Any = None):
        """`subtitle_ctx`: the context the subtitle is set in (a bilingual edition's translated title, in
        its own language's style and faces); the entry's own by default."""
        super().__init__()
        self.ctx, self.index = ctx, index
        self.key = f"s{index}"
        self.number = TextBlock(f"{index + 1:02d}", ctx.style("toc_number"))
        self.title = TextBlock(title, ctx.style("toc_entry"))
        self.subtitle = TextBlock(subtitle, (subtitle_ctx or ctx).style("toc_subtitle")) if subtitle else None
        self.indent = 20 * MM
        self.page_w = 14 * MM
        self.pad = 4.5 * MM
        self._h: list[float] = []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        tw = aw - self.indent - self.page_w
        nh = self.number.wrap(self.indent, ah)[1]
        th = self.title.wrap(tw, ah)[1]
        sh = self.subtitle.wrap(tw, ah)[1] if self.subtitle else 0.0
        self._h = [nh, th, sh]
        self.width = aw
        self.height = max(nh, th + sh + (1.5 if sh else 0)) + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        nh, th, sh = self._h
        top = self.height - self.pad
        self.number.drawOn(canv, 0, top - nh)
        self.title.drawOn(canv, self.indent, top - th)
        if self.subtitle:
            self.subtitle.drawOn(canv, self.indent, top - th - 1.5 - sh)
        style = self.title.style
        canv.saveState()
        canv.translate(self.width, top - style.size * 0.95)
        canv.doForm(f"pg-{self.key}")
        canv.restoreState()
        canv.saveState()
        canv.setStrokeColor(self.ctx.colour("rule"))
        canv.setLineWidth(0.4)
        canv.line(0, 0, self.width, 0)
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
