"""Runs + style -> clusters: the unbreakable units of a paragraph, with widths and spacing rules.

A cluster is one Han character, one punctuation mark (or an inseparable `——`/`……`), or one Latin word
or number. Spaces are not clusters: they belong to the gap after the cluster they follow. For every gap
this module decides, once per paragraph, its fixed width (spaces, Han-Latin space, punctuation
compression), whether it may stretch or shrink, and whether a line may break there. Line breaking
(`breaking.py`) then works on prefix sums of these arrays only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from .chars import LEFT_BLANK, RIGHT_BLANK, TOKEN, break_allowed, break_class, is_han, is_wide
from .lang import mark_runs
from .metrics import char_width, lacks, pick_font
from .style import Run, TextStyle

if TYPE_CHECKING:
    from .harfbuzz import FontFile, ShapedRun

# Magnitude characters that never leave their number: 140亿, 2.3万.
MAGNITUDES = frozenset("十百千万亿兆")
# Full-width marks are compressible only if the font really sets them on a full em.
_FULL_WIDTH_MIN = 0.9  # em
_NO_START = ("CL", "NS", "HY")
_MARKS = frozenset(RIGHT_BLANK | LEFT_BLANK | set("？！"))
# Does text/flowable.py draw `Glyph.gid` (a language's local form) rather than the character's own glyph?
# Yes (layout/textops.show_glyphs, for Type 0 fonts). A mark's blank halves are taken from the glyph drawn.
LOCAL_FORMS_DRAWN = True
# Marks that may give up blank (the stops, brackets and quotes; `？！` and `·` keep their full em). How
# much and on which side is the font's own half-width form (`halt`), where it has one (`_blanks`).
_COMPRESSIBLE = RIGHT_BLANK | LEFT_BLANK


@dataclass(slots=True)
class Glyph:
    """One glyph to draw; its position is per line (`Line.xs`), since a paragraph may be re-wrapped."""

    ch: str        # the character it draws, or the letters of a ligature ("fi", "ft")
    font: str
    width: float   # pt, advance
    run: int       # index into Shaped.runs
    shift: float = 0.0   # pt the glyph is drawn left of its pen position (a narrowed full-width mark)
    narrowed: bool = False   # width is less than the font's own advance: drawn on its own
    kerned: bool = False     # HarfBuzz changed its advance (kerning): the next glyph is placed anew
    ligature: bool = False   # one glyph for several characters: the line carries ActualText
    gid: int = -1            # the glyph drawn, in the drawn file, when not the character's own: a
                             # ligature, a contextual form (HarfBuzz), the text's language's form (locl);
                             # its advance is `width` (before any narrowing)
    parts: tuple[tuple[str, int, float, float], ...] = ()   # drawn as these glyphs instead: (text read
                             # back, glyph id, pt right of the pen position, pt up): a base and its
                             # marks, a glyph GPOS moves


@dataclass(slots=True)
class Shaped:
    """A paragraph as parallel per-cluster arrays (index k = cluster k, gap k = after cluster k)."""

    style: TextStyle
    runs: list[Run]
    glyphs: list[list[Glyph]] = field(default_factory=list)  # cluster chars, then trailing spaces
    text: list[str] = field(default_factory=list)             # cluster text incl. trailing spaces
    nchars: list[int] = field(default_factory=list)           # letters, digits, Han: no punctuation
    adv: list[float] = field(default_factory=list)            # pt, cluster width
    gap: list[float] = field(default_factory=list)            # pt, fixed gap after (may be < 0)
    stretch: list[int] = field(default_factory=list)          # 1 if the gap after may open up
    gap_shrink: list[float] = field(default_factory=list)     # pt the gap after may lose
    shrink_right: list[float] = field(default_factory=list)   # pt of blank right half still free
    shrink_left: list[float] = field(default_factory=list)    # pt of blank left half still free
    end_comp: list[float] = field(default_factory=list)       # pt hung past the line end
    breakable: list[bool] = field(default_factory=list)       # may a line end after cluster k
    mark: list[bool] = field(default_factory=list)            # a full-width punctuation mark
    hyphen: list[float] = field(default_factory=list)         # pt of the hyphen drawn if a line ends after k
    flagged: list[bool] = field(default_factory=list)         # a break after k is a hyphenated one
    hyphen_glyph: list[Glyph | None] = field(default_factory=list)   # the glyph drawn there
    penalty: list[float] = field(default_factory=list)        # cost of a break after k inside a URL or
                                                              # (emergency) a word wider than the measure
    outside: set[tuple[str, str]] = field(default_factory=set)  # (font, char) its file lacks (metrics.lacks)
    prefix: object | None = None                              # breaking.py's prefix sums, cached
    fit_sums: object | None = None                            # totalfit.py's prefix sums, cached

    def __len__(self) -> int:
        return len(self.adv)


_MEMO: dict[tuple[object, ...], Shaped] = {}
_MEMO_LIMIT = 20000
# Everything of a style that shaping and line breaking read; colours and the glyph test are not.
_KEY_FIELDS = tuple(f.name for f in fields(TextStyle)
                    if f.name not in ("colour", "link_colour", "has_glyph", "font_file", "outside"))


def shape_once(runs: list[Run], style: TextStyle, split_wider: float | None = None) -> Shaped:
    """`shape`, remembered in this process: the same paragraph in the same style (another edition
    built here, the next rebuild of `build --watch`) is not clustered and measured again, and keeps
    the line breaking's prefix sums. Fonts converted anew have new names (fonts.registry.rl_name), so
    nothing measured in an older file is ever reused. The characters it sets in a font whose file lacks
    them go into `style.outside`, remembered or not."""
    key = (tuple(runs), tuple(getattr(style, name) for name in _KEY_FIELDS), style.font_file is None, split_wider)
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = shape(runs, style, split_wider)
    if style.outside is not None:
        for font, ch in found.outside:
            style.outside.setdefault(font, set()).add(ch)
    return found


def shape(runs: list[Run], style: TextStyle, split_wider: float | None = None) -> Shaped:
    """Cluster, measure and classify a paragraph. Each run is set in its own language (`Run.lang`,
    text/lang.py): its faces, HarfBuzz language and hyphenation patterns. A URL or e-mail address may
    break where style manuals allow it (`url_break`), without a hyphen; with `split_wider`, a word
    wider than that many pt may break between any two of its characters, as the last resort."""
    runs = mark_runs(runs, style.language, style.cjk_language)
    s = Shaped(style, runs)
    em = style.size
    ls = style.letter_spacing * em
    latin_only = not style.language.startswith(("zh", "ja", "ko"))
    classes: list[str] = []
    latin: list[bool] = []        # Latin-script cluster: no extra space may open inside Latin text
    word: list[bool] = []         # a word or number (gets Han-Latin space)
    han: list[bool] = []
    spaces: list[str] = []        # text of the spaces after each cluster
    punct: list[bool] = []        # a punctuation mark (letter spacing stays off it)
    space_w: list[float] = []
    joined: list[bool] = []       # cluster k is a word fragment continued by cluster k + 1
    ends: list[tuple[int, int]] = []   # (run, offset in its text) where cluster k ends
    url_spans: list[list[tuple[int, int]]] = []   # per run: where its URLs are
    # Hyphenation is for justified text, broken by totalfit.py, which weighs every hyphen (and, for an
    # English span in Chinese text, breaking.py, which charges it).
    hyphenating = style.hyphenate and style.align == "justify"
    for run_index, run in enumerate(runs):
        lang = run.lang or style.language
        latin_run = not lang.lower().startswith(("zh", "ja", "ko"))
        base = _run_font(run, style)
        measured = _measurer(base, style, s.outside)
        shaped_run = _harfbuzz(run.text, base, style, lang) if latin_run else None
        # a CJK run's local forms (an English span in Chinese text keeps its own glyphs)
        forms = None if latin_only or latin_run else _local_forms(run.text, base, style)
        # characters of this run another font draws: pieces holding one are set character by character
        borrowed = frozenset(c for c in set(run.text) if measured(c)[0] != base) if shaped_run else frozenset()
        urls = [u.span() for u in URL.finditer(run.text)] if "/" in run.text or "@" in run.text or "www." in run.text \
            else []
        url_spans.append(urls)
        for m in TOKEN.finditer(run.text):
            kind = m.lastgroup or "other"
            tok = m.group()
            if kind == "space" and s.adv:
                glyphs = [Glyph(c, *measured(c), run_index) for c in tok]
                s.glyphs[-1].extend(glyphs)
                s.text[-1] += tok
                spaces[-1] += tok
                space_w[-1] += sum(g.width for g in glyphs) + ls * len(glyphs)
                continue
            in_url = any(a <= m.start() and m.end() <= b for a, b in urls)
            if in_url:
                pieces = _url_pieces(run.text, m.start(), m.end())
            else:
                pieces = _word_pieces(tok, style, lang, base) \
                    if kind == "word" and hyphenating and latin_run and (latin_only or run.lang) else [(tok, None)]
            if split_wider is not None and kind == "word" and len(tok) > 1 \
                    and sum(measured(c)[1] for c in tok) > split_wider:
                pieces = _anywhere(pieces)
            at = m.start()
            if shaped_run is not None and len(pieces) > 1:
                pieces = _whole_ligatures(pieces, shaped_run, at)
            for piece, soft in pieces:
                shaped_glyphs = _shaped_glyphs(shaped_run, at, piece, base, style, lang, run_index) \
                    if shaped_run and borrowed.isdisjoint(piece) else None
                glyphs = shaped_glyphs if shaped_glyphs is not None else \
                    [Glyph(c, *measured(c), run_index) for c in piece]
                if forms is not None:
                    for j, glyph in enumerate(glyphs):
                        if glyph.font == base and forms[at + j] >= 0:
                            glyph.gid = forms[at + j]
                at += len(piece)
                if latin_only or latin_run:
                    _narrow_marks(glyphs, em)
                adv = sum(g.width for g in glyphs) + ls * (len(glyphs) - 1)
                cls = "ID" if kind == "space" else break_class(piece, kind)
                first = piece[0]
                s.glyphs.append(glyphs)
                s.text.append(piece)
                s.nchars.append(sum(c.isalnum() for c in piece))
                s.adv.append(adv)
                classes.append(cls)
                latin.append(kind == "word" or (cls != "ID" and ord(first) < 0x250))
                word.append(kind == "word")
                han.append(len(piece) == 1 and is_han(first))
                spaces.append("")
                space_w.append(0.0)
                full = adv >= _FULL_WIDTH_MIN * em and len(piece) == 1
                left, right = _blanks(glyphs[0].font, first, style, latin_only) \
                    if full and first in _COMPRESSIBLE else (0.0, 0.0)
                s.shrink_right.append(right * em)
                s.shrink_left.append(left * em)
                s.mark.append(full and first in _MARKS)
                punct.append(all(unicodedata.category(c).startswith("P") for c in piece))
                cut = _CUTS.get(soft or "")
                s.penalty.append(cut or 0.0)
                ends.append((run_index, at))
                if soft is None or cut is not None:
                    # a URL's or an over-wide word's break: no hyphen drawn, no hyphenated line
                    s.hyphen.append(0.0)
                    s.hyphen_glyph.append(None)
                    s.flagged.append(False)
                    joined.append(cut is not None)
                else:
                    # a fragment: a line may end here, with a hyphen drawn when the word had none
                    g = Glyph(soft, *measured(soft), run_index) if soft else None
                    s.hyphen.append(g.width if g else 0.0)
                    s.hyphen_glyph.append(g)
                    s.flagged.append(True)
                    joined.append(True)
    n = len(s.adv)
    s.end_comp = list(s.shrink_right)
    hl = style.han_latin_space * em
    _quote_roles(s.text, spaces, classes)
    for k in range(n):
        if k == n - 1:
            s.gap.append(0.0)
            s.stretch.append(0)
            s.gap_shrink.append(0.0)
            s.breakable.append(True)
            break
        sp = spaces[k]
        # letter spacing opens between letters, never beside a punctuation mark
        gap = space_w[k] + (0.0 if punct[k] or punct[k + 1] else ls)
        shrink = 0.0
        if joined[k]:
            s.gap.append(gap)
            s.stretch.append(0)
            s.gap_shrink.append(0.0)
            s.breakable.append(True)
            continue
        if sp:
            stretch = 1
            shrink = space_w[k] / 3
            # As UAX #14 LB13/LB14: spaces do not make a closing mark or an opening one breakable.
            ok = "\u00a0" not in sp and classes[k] != "OP" and classes[k + 1] not in _NO_START
        else:
            ok = break_allowed(classes[k], classes[k + 1], latin[k], latin[k + 1])
            run_k, off = ends[k]
            if not ok and url_spans[run_k] and ends[k + 1][0] == run_k \
                    and any(a < off < b for a, b in url_spans[run_k]) and url_break(runs[run_k].text, off):
                ok = True                                # "https:" | "//", "…/path" | "?q=1"
                s.penalty[k] = URL_CUT
            if ok and word[k] and s.text[k][-1].isdigit() and s.text[k + 1][0] in MAGNITUDES:
                ok = False
            stretch = 0 if latin_only or (latin[k] and latin[k + 1]) else 1
            if hl and ((han[k] and word[k + 1]) or (word[k] and han[k + 1])):
                gap += hl
                shrink = hl / 2
            gap -= _compress_pair(s, k)
        s.gap.append(gap)
        s.stretch.append(stretch)
        s.gap_shrink.append(shrink)
        s.breakable.append(ok)
    if style.keep_words and n > 1 and any(han):
        keep_words(s, han)
    return s


# Quotation marks whose role differs by language: “ opens in English and closes in German („…“), »
# opens in German and Danish and closes in Swedish and Finnish (»…»), « the other way round in Danish.
_AMBIGUOUS_QUOTES = frozenset("“”‘’«»‹›")


def _quote_roles(text: list[str], spaces: list[str], classes: list[str]) -> None:
    """A quotation mark between a word and a space closes; one between a space and a word opens,
    whatever its shape (UAX #14 leaves them ambiguous, QU): "„Wort“ sagt" may break after “ as after
    any closing mark. Text with no spaces around its marks (Chinese) keeps the marks' own classes."""
    for k, piece in enumerate(text):
        mark = piece.rstrip(" \t\r\n\u00a0")          # a cluster's text holds the spaces after it
        if len(mark) != 1 or mark not in _AMBIGUOUS_QUOTES:
            continue
        space_before = k == 0 or bool(spaces[k - 1])
        space_after = k == len(text) - 1 or bool(spaces[k])
        if space_after and not space_before and k > 0:
            classes[k] = "CL"
        elif space_before and not space_after and k < len(text) - 1:
            classes[k] = "OP"


def keep_words(s: Shaped, han: list[bool]) -> None:
    """Between two ideographs of one word no line may end (text/words.py)."""
    from .words import word_starts

    starts = word_starts("".join(s.text))
    offset = 0
    for k in range(len(s.adv) - 1):
        offset += len(s.text[k])
        if han[k] and han[k + 1] and offset not in starts:
            s.breakable[k] = False


# In Latin text a CJK font's full-width quotes and middle dot would stand in a whole em of space
# ("Party’ s", "“ three"): each is set on a Latin width around its ink instead, as (shift, width) in em.
# The ink positions are those of Noto/Source Han (Sans and Serif alike; other CJK fonts put these marks
# at the same edges of the em). Proportional alternates need OpenType features: the HarfBuzz text path.
NARROW_MARKS = {"’": (0.0, 0.30), "‘": (0.71, 0.29), "”": (0.0, 0.49), "“": (0.52, 0.48),
                "·": (0.33, 0.34)}


def _run_font(run: Run, style: TextStyle) -> str:
    """The face a run is set in: its style's regular, bold or italic, in its own language's faces when
    it is marked with another language the style has faces for."""
    regular, bold, italic = style.font, style.bold_font, style.italic_font
    if run.lang is not None and style.span_fonts:
        lang = run.lang.split("-")[0].lower()
        for key, span_regular, span_bold, span_italic in style.span_fonts:
            if key == lang:
                regular, bold, italic = span_regular, span_bold, span_italic
                break
    if run.bold and bold:
        return bold
    if run.italic and italic:
        return italic
    return regular


# URLs and e-mail addresses, in running text: breakable where `url_break` allows, never hyphenated.
URL = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"“”‘’（）]+[^\s<>\"“”‘’（）.,;:!?。，；：！？)]"
                 r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_CUT = 50.0            # demerits-scale cost of breaking a URL (a hyphen costs more: totalfit.py, breaking.py)
EMERGENCY_CUT = 1e7       # a break inside a word wider than the measure: only where nothing else fits
_URL_MARK, _ANYWHERE_MARK = "\x01", "\x00"   # piece markers (in place of a hyphen character)
_CUTS = {_URL_MARK: URL_CUT, _ANYWHERE_MARK: EMERGENCY_CUT}


def url_break(text: str, at: int) -> bool:
    """May a URL in `text` break before offset `at`? As the Chicago Manual of Style has it: after a
    colon or a double slash; before a single slash, a full stop, a comma, a hyphen, an underscore, a
    tilde, a question mark, a number sign, a percent sign, an equals sign or an ampersand; never inside
    `//` and never right after the URL's own opening."""
    if at <= 0 or at >= len(text):
        return False
    before, after = text[at - 1], text[at]
    if before == ":" and after != "/":
        return True
    if text[at - 2:at] == "//" and after != "/":
        return True
    if after in "/.,-_~?#%=&@" and before not in "/:.,-_~?#%=&@":
        return after != "/" or text[at + 1:at + 2] != "/"
    return False


def _url_pieces(text: str, start: int, end: int) -> list[tuple[str, str | None]]:
    """A word of a URL as pieces ending where `url_break` allows a line to end."""
    out: list[tuple[str, str | None]] = []
    last = start
    for at in range(start + 1, end):
        if url_break(text, at):
            out.append((text[last:at], _URL_MARK))
            last = at
    out.append((text[last:end], None))
    return out


def _anywhere(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The pieces cut between any two characters as well (a combining mark stays with its letter): a
    word wider than the measure breaks anywhere, as CSS's `overflow-wrap: anywhere`, without hyphen."""
    out: list[tuple[str, str | None]] = []
    for piece, soft in pieces:
        last = 0
        for n in range(1, len(piece)):
            if not unicodedata.combining(piece[n]):
                out.append((piece[last:n], _ANYWHERE_MARK))
                last = n
        out.append((piece[last:], soft))
    return out


def _word_pieces(tok: str, style: TextStyle, language: str, font: str) -> list[tuple[str, str | None]]:
    """A word as (fragment, hyphen) pieces: after each but the last a line may end. `hyphen` is the
    character drawn at such a line end: a soft hyphen (U+00AD: drawn as a hyphen, and read by text
    extraction as the discretionary hyphen it is) at a hyphenation point, "" after a typed hyphen or
    dash ("well-" / "being"); None for the last piece."""
    from .hyphenate import hyphen_points  # imported on first use: Chinese builds never load pyphen

    if "-" not in tok and "‐" not in tok:   # the common case: no typed hyphen
        points = hyphen_points(tok, language)
        if not points:
            return [(tok, None)]
    cuts: set[int] = set()
    parts: list[str] = []
    pos = 0
    for n, ch in enumerate(tok):
        if ch in "-‐" and 0 < n < len(tok) - 1 and tok[n - 1].isalpha() and tok[n + 1].isalpha():
            parts.append(tok[pos:n + 1])
            pos = n + 1
    parts.append(tok[pos:])
    offset = 0
    for part in parts:
        cuts.update(offset + p for p in hyphen_points(part, language))
        offset += len(part)
    hard = {sum(len(p) for p in parts[:i + 1]) for i in range(len(parts) - 1)}
    cuts |= hard
    if not cuts:
        return [(tok, None)]
    out: list[tuple[str, str | None]] = []
    last = 0
    soft = "\u00ad" if style.has_glyph is None or style.has_glyph(font, "\u00ad") else "-"
    for cut in sorted(cuts):
        out.append((tok[last:cut], "" if cut in hard else soft))
        last = cut
    out.append((tok[last:], None))
    return out


def _whole_ligatures(pieces: list[tuple[str, str | None]], shaped: ShapedRun, at: int) -> list[tuple[str, str | None]]:
    """The word's pieces without the hyphenation points that fall inside one of its ligatures ("of|fice"
    in "ofﬁce"): a fragment shaped on its own would lose the ligature even where the line does not break
    there (the breaker has no discretionaries: a word is set as its fragments). The word keeps its other
    points ("differ|ent"), and a typed hyphen always ends a fragment."""
    out: list[tuple[str, str | None]] = []
    for piece, soft in pieces:
        if out and out[-1][1] and at not in shaped.ends:     # a soft cut inside a cluster: join
            out[-1] = (out[-1][0] + piece, soft)
        else:
            out.append((piece, soft))
        at += len(piece)
    return out


def _harfbuzz(text: str, base: str, style: TextStyle, language: str) -> ShapedRun | None:
    """The run shaped by HarfBuzz in the drawn file of `base`, when the style knows that font's files."""
    face = style.font_file(base) if style.font_file is not None else None
    if face is None:
        return None
    from .harfbuzz import shape_run  # imported on first use, as below

    return shape_run(face, text, language)


def _font_file(font: str, style: TextStyle) -> FontFile | None:
    return style.font_file(font) if style.font_file is not None else None


def _local_forms(text: str, base: str, style: TextStyle) -> list[int] | None:
    """Per character of a CJK run, the glyph its language's local forms (locl) put in place of the
    character's own in `base`'s drawn file (-1: its own); None when nothing changes. Only ideographs,
    kana and full-width marks take such a form (not the em dash): the engine's other glyphs stay as they are."""
    face = _font_file(base, style)
    if face is None:
        return None
    from .cjkforms import local_forms

    return local_forms(face, text, style.locale or style.language, _takes_local_form)


def _takes_local_form(ch: str) -> bool:
    """A wide character other than U+2014, which the converted file redraws as a full-em bar (fonts/
    convert.py: "——" one unbroken line) and whose local form would be the font's own, shorter dash."""
    return ch != "\u2014" and is_wide(ch)


def _blanks(font: str, ch: str, style: TextStyle, latin_only: bool) -> tuple[float, float]:
    """(left, right) em of blank the full-width mark `ch` may give up: what the font's half-width form
    takes off each side of the glyph that is drawn (a centred mark gives a quarter em on both), else
    half an em on the side chars.py names for Noto/Source Han SC."""
    if not latin_only:
        face = _font_file(font, style)
        if face is not None:
            from .cjkforms import halt_blanks

            found = halt_blanks(face, ch, style.locale or style.language, LOCAL_FORMS_DRAWN)
            if found is not None:
                return found
    return (0.5 if ch in LEFT_BLANK else 0.0), (0.5 if ch in RIGHT_BLANK else 0.0)


def _shaped_glyphs(shaped: ShapedRun, at: int, piece: str, base: str, style: TextStyle, language: str,
                   run_index: int) -> list[Glyph] | None:
    """Glyphs of `piece` (at offset `at` of its run) as HarfBuzz set them, or None to set it character
    by character (a glyph not drawable at its pen position). A word fragment that cuts a ligature of
    the run ("of-fice") is shaped on its own ("of", "ﬁce")."""
    found = shaped.glyphs(at, at + len(piece))
    if found is None and len(piece) < len(shaped.text) and _cuts_cluster(shaped, at, at + len(piece)):
        alone = _harfbuzz(piece, base, style, language)
        found = alone.glyphs(0, len(piece)) if alone is not None else None
    if found is None:
        return None
    size = style.size
    return [Glyph(ch, base, adv * size, run_index, 0.0, False, kerned, ligature, gid,
                  tuple((t, g, dx * size, dy * size) for t, g, dx, dy in parts) if parts else ())
            for ch, adv, gid, kerned, ligature, parts in found]


def _cuts_cluster(shaped: ShapedRun, a: int, b: int) -> bool:
    """Does the stretch [a, b) start or end inside a cluster of the run (a ligature)?"""
    return a not in shaped.ends or (b < len(shaped.text) and b not in shaped.ends)


def _narrow_marks(glyphs: list[Glyph], em: float) -> None:
    for g in glyphs:
        narrow = NARROW_MARKS.get(g.ch)
        if narrow is None or g.width < _FULL_WIDTH_MIN * em:
            continue
        g.shift, g.width = narrow[0] * g.width, narrow[1] * g.width
        g.narrowed = True


def _compress_pair(s: Shaped, k: int) -> float:
    """Compress adjacent full-width marks (`。”`, `）、`, `，“`): returns the pt taken from gap k."""
    a_free, b_free = s.shrink_right[k], s.shrink_left[k + 1]
    if a_free and s.mark[k + 1]:
        s.shrink_right[k] = 0.0
        s.shrink_left[k + 1] = 0.0   # the two inks now sit half an em apart; keep that
        return a_free
    if b_free and s.mark[k]:
        s.shrink_left[k + 1] = 0.0
        return b_free
    return 0.0


def _measurer(base: str, style: TextStyle, outside: set[tuple[str, str]]
              ) -> Callable[[str], tuple[str, float]]:
    """char -> (font, advance in pt) for runs set in `base`, memoised for this paragraph; a character
    the chosen font's file lacks is added to `outside`."""
    cache: dict[str, tuple[str, float]] = {}
    size = style.size

    def measured(ch: str) -> tuple[str, float]:
        hit = cache.get(ch)
        if hit is None:
            font = pick_font(base, style.fallback_fonts, style.has_glyph, ch)
            hit = cache[ch] = (font, char_width(font, ch) * size)
            if lacks(font, ch):
                outside.add((font, ch))
        return hit

    return measured
