"""The ReportLab side of the text engine: `TextBlock`, a Flowable that lays out, splits and draws.

It hooks into platypus only through wrap/split/draw. Glyphs are positioned by `breaking.py`; drawing
groups consecutive glyphs that share font, colour and spacing into one text-showing operator, using
the character-spacing operator (Tc) for evenly opened Han runs, so a justified Chinese line is a handful
of operators and text extraction sees the characters in source order.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus.flowables import Flowable

from ..layout.textops import can_adjust, can_show_glyphs, glyph_width, mark_language, show_adjusted, show_glyphs
from ..tagging.marks import ATTRIBUTE as TAGGER
from ..tagging.marks import note_link
from .balanced import balanced
from .breaking import Line, layout
from .metrics import char_width
from .shape import Glyph, Shaped, shape_once
from .style import Run, TextStyle
from .totalfit import fixed_runs

# Where the em box sits in the line: ideographs span about -0.12 .. 0.88 em around the baseline;
# the line is placed by its top.
EM_TOP = 0.88
_SAME = 0.005  # pt: spacing differences below this are drawn as uniform
CJK = ("zh", "ja", "ko")   # languages whose lines are drawn with _draw_line (Tc runs, no TJ)
_GAP_NOTICED = 0.05  # em: from here on a gap between glyphs may read as a space to an extractor


def _utf16_hex(text: str) -> str:
    """A PDF text string in UTF-16BE with BOM, hex-encoded (needs no escaping)."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def _advance(font: str, chars: str, gid: int) -> float:
    """The advance in em the PDF gives a glyph: `gid`, or the own glyph of `chars` (-1)."""
    return glyph_width(font, chars, gid) if gid >= 0 else char_width(font, chars)


def _units(glyphs: list[Glyph], xs: list[float], j: int, k: int, scaled: float = 1.0
           ) -> list[tuple[str, int, float, float]]:
    """What glyphs [j, k) of a line draw: (text read back, glyph id or -1, x, rise), a glyph drawn as
    parts (text/shape.py) once for each part, at its offset (widened with the glyph by font expansion)."""
    out: list[tuple[str, int, float, float]] = []
    for i in range(j, k):
        g = glyphs[i]
        if g.parts:
            out += [(t, gid, xs[i] + dx * scaled, dy) for t, gid, dx, dy in g.parts]
        else:
            out.append((g.ch, g.gid, xs[i], 0.0))
    return out


def _switch(text: Any, g: Any, font: str | None, colour: Color | None, colours: list[Color],
            size: float) -> tuple[str, Color]:
    """Set the text object's font and fill colour for glyph `g` where they change; the new pair."""
    if g.font != font:
        text.setFont(g.font, size)
    c = colours[g.run]
    if c is not colour:
        text.setFillColor(c)
    return g.font, c


class TextBlock(Flowable):
    """A paragraph of CJK and/or Latin text set with our own line breaking and justification.

    `content` is plain text (drawn literally) or runs from `parse_inline`. After `wrap`, `lines` holds
    the laid-out lines (see `breaking.Line`).
    """

    def __init__(self, content: str | list[Run], style: TextStyle, *, bookmark: str | None = None,
                 _part: tuple[Shaped, int, int, bool, bool] | None = None) -> None:
        super().__init__()
        self.style = style
        self.bookmark = bookmark
        self._runs: list[Run] | None = None
        if _part is None:
            runs = self._runs = [Run(content)] if isinstance(content, str) else list(content)
            shaped = shape_once(runs, style)
            _part = (shaped, 0, len(shaped), True, False)
        self._shaped, self._start, self._end, self._indented, self._justify_last = _part
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self.lines: list[Line] = []
        self._laid_width: float | None = None
        self._char_space: float | None = None
        self.width = 0.0
        self.height = 0.0

    @property
    def text(self) -> str:
        """The source text of this block (of this part, after a split)."""
        return "".join(self._shaped.text[self._start:self._end])

    # -- platypus hooks -------------------------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._laid_width != availWidth:
            indent = self.style.first_indent if self._indented else 0.0
            set_lines = balanced if self.style.keep_words else layout     # short texts: text/balanced.py
            room = availWidth - indent
            if self._runs is not None and max(self._shaped.adv, default=0.0) > room + 0.01:
                # a word wider than the measure (a long number, a name, a URL's piece) may break anywhere
                self._shaped = shape_once(self._runs, self.style, split_wider=room)
                self._end = len(self._shaped)
            self.lines = set_lines(self._shaped, self._start, self._end, availWidth, indent,
                                   self._justify_last)
            self._laid_width = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        n = len(self.lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= n:
            return [self]
        # Orphans and widows: at least two lines on each side, so short paragraphs move whole.
        k = min(fit, n - 2)
        while k > 2 and self._hyphenated(self.lines[k - 1]):
            k -= 1   # no word broken across a column or page turn (TeX's \brokenpenalty), orphans allowing
        if n < 4 or k < 2:
            return []
        cut = self.lines[k].start
        first = self._part(self._start, cut, self._indented, True, self.bookmark)
        first.spaceAfter = 0.0
        first.lines, first._laid_width = self.lines[:k], availWidth
        rest = self._part(cut, self._end, False, self._justify_last, None)
        rest.spaceBefore = 0.0
        rest.lines, rest._laid_width = self.lines[k:], availWidth
        return [first, rest]

    def _hyphenated(self, line: Line) -> bool:
        """Does `line` end inside a word (at a hyphenation point or after a typed hyphen)?"""
        return line.end < len(self._shaped) and self._shaped.flagged[line.end - 1]

    def _part(self, start: int, end: int, indented: bool, justify_last: bool,
              bookmark: str | None) -> TextBlock:
        return TextBlock("", self.style, bookmark=bookmark,
                         _part=(self._shaped, start, end, indented, justify_last))

    def draw(self) -> None:
        canv = self.canv
        style = self.style
        if self.bookmark:
            canv.bookmarkHorizontal(self.bookmark, 0, self.height)
        runs = self._shaped.runs
        colours = [self._colour(run) for run in runs]
        half_leading = (style.leading - style.size) / 2
        # q/Q keeps our character spacing (Tc) from leaking into flowables drawn after us.
        canv.saveState()
        self._char_space = None  # Tc outlives BT/ET: unknown until we set it
        self._scaled = 1.0       # Tz (horizontal scaling): ReportLab never sets it, so 100 % here
        self._fixed = fixed_runs(self._shaped)
        self._langs: list[str | None] = self._foreign(runs)
        self._open_lang: str | None = None
        draw_line = self._draw_line if style.language in CJK else self._draw_adjusted
        for n, line in enumerate(self.lines):
            y = self.height - n * style.leading - half_leading - EM_TOP * style.size
            draw_line(line, y, colours)
        canv.restoreState()
        self._draw_links(runs)

    def _draw_line(self, line: Line, y: float, colours: list[Color]) -> None:
        """One BT..ET per line; segments of uniform spacing share one Tj and one Tc. A segment holding a
        glyph chosen by HarfBuzz (`Glyph.gid`, text/shape.py: a ligature, a contextual or local form) is
        shown by glyph id, the others by character."""
        canv = self.canv
        size = self.style.size
        glyphs, xs = line.glyphs, line.xs
        text = canv.beginText()
        font: str | None = None
        colour: Color | None = None
        # A ligature reads back as its letters only through its font's ToUnicode, a hyphenated line with
        # its soft hyphen, a line ending in a typed hyphen as a word some readers join ("hundred-" +
        # "million"): ActualText gives extractors the source text ("fi", no soft hyphen, the typed one kept).
        opened = any(g.ligature for g in glyphs) or self._hyphenated(line)
        m = len(glyphs)
        j = 0
        while j < m:
            g = glyphs[j]
            k = j + 1
            spacing = 0.0
            # a narrowed mark (text/shape.py) advances less than the font says, and a glyph drawn as
            # parts (a base and its marks) is placed part by part: each drawn on its own; after a
            # kerned glyph (HarfBuzz changed its advance) the next one is placed anew
            if k < m and glyphs[k].font == g.font and glyphs[k].run == g.run and not g.narrowed \
                    and not glyphs[k].narrowed and not g.kerned and not g.parts and not glyphs[k].parts:
                spacing = xs[k] - xs[j] - g.width
                while (k < m and glyphs[k].font == g.font and glyphs[k].run == g.run
                       and not glyphs[k].narrowed and not glyphs[k - 1].kerned and not glyphs[k].parts
                       and abs(xs[k] - xs[k - 1] - glyphs[k - 1].width - spacing) < _SAME):
                    k += 1
            if k < m and not opened:
                # A visible gap between two text objects makes extractors invent a space
                # ("2019 年"); ActualText tells them the line's real text.
                after = xs[k] - xs[k - 1] - glyphs[k - 1].width
                if not glyphs[k - 1].ch.isspace() and max(after, spacing) > _GAP_NOTICED * size:
                    opened = True
            font, colour = _switch(text, g, font, colour, colours, size)
            if k - j > 1 and (self._char_space is None or abs(spacing - self._char_space) >= _SAME / 10):
                self._char_space = spacing
                text.setCharSpace(spacing)
            self._language(text, g.run)
            if g.parts and can_show_glyphs(font):
                for chars, gid, dx, dy in g.parts:
                    text.setTextOrigin(xs[j] + dx, y + dy)
                    show_glyphs(text, [chars], [gid])
                j = k
                continue
            text.setTextOrigin(xs[j], y)
            if any(gl.gid >= 0 for gl in glyphs[j:k]) and can_show_glyphs(font):
                # ligatures, contextual and local forms by glyph id
                show_glyphs(text, [gl.ch for gl in glyphs[j:k]], [gl.gid for gl in glyphs[j:k]])
            else:
                text.textOut("".join(gl.ch for gl in glyphs[j:k]))
            j = k
        self._finish_line(text, line, opened)

    def _draw_adjusted(self, line: Line, y: float, colours: list[Color]) -> None:
        """A Latin line: one BT..ET, one TJ per font and colour, every glyph where the layout put it
        (kerning and stretched word spaces as TJ adjustments, the line's letter tracking as Tc)."""
        canv = self.canv
        size = self.style.size
        glyphs, xs = line.glyphs, line.xs
        text = canv.beginText()
        expanded = 1.0 + line.expansion
        font: str | None = None
        colour: Color | None = None
        opened = any(g.ligature for g in glyphs) or self._hyphenated(line)   # as in _draw_line
        m = len(glyphs)
        j = 0
        while j < m:
            g = glyphs[j]
            k = j + 1
            adjustable = not g.narrowed and can_adjust(g.font)
            if adjustable:
                while k < m and glyphs[k].font == g.font and glyphs[k].run == g.run and not glyphs[k].narrowed:
                    k += 1
            if k < m and not opened:
                after = xs[k] - xs[k - 1] - glyphs[k - 1].width
                if not glyphs[k - 1].ch.isspace() and after > _GAP_NOTICED * size:
                    opened = True
            font, colour = _switch(text, g, font, colour, colours, size)
            self._language(text, g.run)
            # Font expansion (text/totalfit.py): the glyphs drawn wider or narrower by horizontal scaling
            # (Tz), which scales every advance after it too, so tracking and the positions below are taken
            # back into unscaled text space; a CJK run keeps its glyphs. Tz outlives BT/ET like Tc.
            scaled = 1.0 if self._fixed[g.run] else expanded
            if abs(scaled - self._scaled) > 1e-9:
                self._scaled = scaled
                text.setHorizScale(round(100.0 * scaled, 4))
            tracking = (line.letter_extra + self.style.letter_spacing * size) / scaled
            if not adjustable:
                text.setTextOrigin(xs[j], y)
                text.textOut(g.ch)
                j = k
                continue
            units = _units(glyphs, xs, j, k, scaled)
            text.setTextOrigin(units[0][2], y)
            if self._char_space is None or abs(tracking - self._char_space) >= _SAME / 10:
                self._char_space = tracking
                text.setCharSpace(tracking)
            scale = 1000.0 / size
            after_each = [((units[n + 1][2] - unit[2]) / scaled - _advance(font, unit[0], unit[1]) * size - tracking)
                          * scale for n, unit in enumerate(units[:-1])] + [0.0]
            rises = [unit[3] for unit in units] if any(unit[3] for unit in units) else None
            show_adjusted(text, [(unit[0], unit[1]) for unit in units], after_each, rises)
            j = k
        self._finish_line(text, line, opened)

    def _finish_line(self, text: Any, line: Line, opened: bool) -> None:
        """Close the line's language span and draw its text object, inside an ActualText span when the
        glyphs alone would not read back as the line's text."""
        canv = self.canv
        self._language(text, None)
        if opened:
            canv.addLiteral(f"/Span <</ActualText <{_utf16_hex(line.text)}>>> BDC")
        canv.drawText(text)
        if opened:
            canv.addLiteral("EMC")

    def _foreign(self, runs: list[Run]) -> list[str | None]:
        """Per run, the language tag of a run in another language than the paragraph's (text/lang.py),
        marked in tagged editions only (an untagged one stays as it was)."""
        tagger = getattr(self.canv, TAGGER, None)
        own = self.style.language.split("-")[0].lower()
        if tagger is None or not tagger.enabled or all(run.lang is None for run in runs):
            return []
        return [run.lang if run.lang and run.lang.split("-")[0].lower() != own else None for run in runs]

    def _language(self, text: object, run: int | None) -> None:
        """Open or close the marked content that says a run's language, as the drawing moves between runs."""
        lang = self._langs[run] if self._langs and run is not None else None
        if lang != self._open_lang:
            if self._open_lang is not None:
                mark_language(text, None)
            if lang is not None:
                mark_language(text, lang)
            self._open_lang = lang

    def _colour(self, run: Run) -> Color:
        if run.href and self.style.link_colour is not None:
            return self.style.link_colour
        return self.style.colour

    def _draw_links(self, runs: list[Run]) -> None:
        """One link annotation per line and linked run, covering the em box of its glyphs."""
        style = self.style
        size = style.size
        half_leading = (style.leading - size) / 2
        for n, line in enumerate(self.lines):
            top = self.height - n * style.leading - half_leading
            spans: dict[int, list[float]] = {}
            for g, x in zip(line.glyphs, line.xs, strict=True):
                if runs[g.run].href and not g.ch.isspace():
                    span = spans.setdefault(g.run, [x, x + g.width])
                    span[1] = x + g.width
            for run_index, (x0, x1) in spans.items():
                href = runs[run_index].href or ""
                rect = (x0, top - size, x1, top)
                note_link(self.canv, href)            # tagged editions: the link's element
                if href.startswith("#"):
                    self.canv.linkRect("", href[1:], rect, relative=1, thickness=0)
                else:
                    self.canv.linkURL(href, rect, relative=1, thickness=0)
