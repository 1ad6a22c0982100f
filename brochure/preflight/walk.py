"""PREFLIGHT walk: the one pass over a PDF's content streams that every content check reads.

`walk_of(job)` walks the PDF once per preflight run (cached in the job) and returns a `Walk` (marks.py):
the marks each page paints, every use of colour that does not print on CMYK plates, and every string
shown in a font. The walker follows the graphics state (q/Q, cm, w, gs, colours and colour spaces,
clipping as a box), builds path bounding boxes, tracks the text state far enough to box every
text-showing operator (walktext.py), and enters:

- form XObjects, with their /Matrix, /BBox and transparency /Group;
- annotation appearance streams (/AP /N, mapped onto the annotation's /Rect), except hidden ones;
- soft masks (ExtGState /SMask /G) and the cells of coloured tiling patterns, for their colours only:
  what they draw is not a mark on the page (a pattern's colour is the colour of what is filled with it).

Boxes are in the page's default user space (the space of its MediaBox and TrimBox), clipped to the
current clip path's box, so a picture cropped by a clip path reports the part that shows. They are not cut
at the MediaBox: how far a line of text runs off the page is worth saying. Text used as a clip (Tr 7)
does not clip. Colour is reported even where a clip hides it: a RIP still sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pikepdf

from .colour import CMYK, GRAY, RGB, UNKNOWN, Space, resolve_space
from .fontinfo import FontInfo
from .geometry import (
    IDENTITY,
    UNBOUNDED,
    UNIT_SQUARE,
    Box,
    PageBoxes,
    apply,
    as_box,
    as_matrix,
    bezier_range,
    box_onto,
    inherited,
    intersect,
    multiply,
    page_boxes,
    scales,
    transform_box,
)
from .marks import ALL_PARTS, ColourUse, PageScan, Painted, Shown, Walk
from .state import Caches, GState
from .walktext import FILL_MODES, NUMBERS, STROKE_MODES, TextOps, num

MAX_FORM_DEPTH = 12
CACHE_KEY = "walk"
WHAT = {"fill": "a filled shape", "stroke": "a line", "image": "a picture", "shading": "a shading",
        "text": "text"}
HIDDEN = 2                   # annotation flag: not displayed or printed


def _floats(ops: Sequence[Any], n: int) -> tuple[float, ...]:
    """The first n operands as floats (IndexError when there are fewer: the operator is skipped)."""
    try:
        return tuple(float(ops[i]) for i in range(n))
    except (TypeError, ValueError):
        return tuple(num(ops[i]) for i in range(n))


class Walker(TextOps):
    """Walks the pages of one PDF (and what they draw) into a `Walk`."""

    def __init__(self, out: Walk, caches: Caches | None = None) -> None:
        self.caches = caches or Caches()
        self.shown: list[Shown] = out.shown
        self.colours: list[ColourUse] = out.colours      # redirected while a pattern cell is walked
        self.items: list[Painted] = []
        self.page, self.media = 0, UNBOUNDED
        self.marks = "marks" in out.parts or "shown" in out.parts   # else colours only: no text boxes
        self.painting = self.marks   # what is drawn now is a mark on the page (not a mask or pattern)
        self.annotation = False
        self.res: Any = None
        self.res_key: Any = None
        self.font_names: dict[tuple[Any, str], FontInfo] = {}
        self._reset(GState())
        named: dict[str, Callable[[Any], None]] = {
            "q": self._q, "Q": self._Q, "cm": self._cm, "w": self._w, "gs": self._gs,
            "g": self._gray_fill, "G": self._gray_stroke, "rg": self._rgb_fill, "RG": self._rgb_stroke,
            "k": self._cmyk_fill, "K": self._cmyk_stroke, "cs": self._cs_fill, "CS": self._cs_stroke,
            "sc": self._sc_fill, "scn": self._sc_fill, "SC": self._sc_stroke, "SCN": self._sc_stroke,
            "m": self._m, "l": self._l, "c": self._c, "v": self._v, "y": self._y, "h": self._h, "re": self._re,
            "f": self._fill, "F": self._fill, "f*": self._fill, "S": self._stroke, "s": self._close_stroke,
            "B": self._both, "B*": self._both, "b": self._close_both, "b*": self._close_both, "n": self._end_path,
            "W": self._clip, "W*": self._clip, "sh": self._sh, "Do": self._do,
            "BT": self._bt, "Tf": self._tf, "Tc": self._tc, "Tw": self._tw, "Tz": self._tz, "TL": self._tl,
            "Ts": self._ts, "Tr": self._tr, "Td": self._td, "TD": self._TD, "Tm": self._tm, "T*": self._tstar,
            "Tj": self._tj, "TJ": self._TJ, "'": self._quote, '"': self._dquote,
            "INLINE IMAGE": self._inline_image,
        }
        if not self.marks:          # where text is does not matter, only the colours it is shown in
            for name in ("BT", "Tf", "Tc", "Tw", "Tz", "TL", "Ts", "Td", "TD", "Tm", "T*"):
                del named[name]
            named.update(dict.fromkeys(("Tj", "TJ", "'", '"'), self._show_colour))
        # keyed by the operator object itself: hashing it is cheaper than making a str of each one
        self.ops = {pikepdf.Operator(name): fn for name, fn in named.items()}

    def _reset(self, gs: GState) -> None:
        self.gs = gs
        self.stack: list[GState] = []
        self.forms: list[Any] = []               # the forms being drawn (no form may draw itself)
        self.path: list[float] | None = None     # [x0, y0, x1, y1] of the path under construction
        self.cur = self.start = (0.0, 0.0)        # current point, start of the subpath (page space)
        self.clip_pending = False
        self.tm = self.tlm = IDENTITY

    # -- pages --------------------------------------------------------------------------------------
    def walk_page(self, page: Any, boxes: PageBoxes) -> PageScan:
        """Walk one page, its transparency group and its annotations' appearances."""
        obj = page.obj
        self.page, self.media, self.items = boxes.page, boxes.media, []
        self._reset(GState())
        group = obj.get("/Group")
        resources = inherited(obj, "/Resources")
        if isinstance(group, pikepdf.Dictionary) and group.get("/CS") is not None:
            self._colour("the page's transparency group", self._space(group.get("/CS"), resources), None)
        if obj.get("/Contents") is not None:
            self.run(page, resources)
        annots = obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else []:
            try:
                self._annotation(annot)
            except (IndexError, TypeError, ValueError, KeyError, AttributeError, pikepdf.PdfError):
                continue    # a malformed annotation shows nothing; the others still count
        return PageScan(boxes.page, boxes.media, boxes.trim, boxes.bleed, boxes.crop, tuple(self.items))

    def _annotation(self, annot: Any) -> None:
        """The normal appearance prints with the page, placed on the annotation's /Rect. Every state of
        a widget's appearance is looked at for colour; only the one selected by /AS is a mark."""
        ap = annot.get("/AP")
        if int(num(annot.get("/F"), 0)) & HIDDEN or not isinstance(ap, pikepdf.Dictionary):
            return
        normal = ap.get("/N")
        rect = as_box(annot.get("/Rect"))
        if isinstance(normal, pikepdf.Stream):
            states = [(normal, True)]
        elif isinstance(normal, pikepdf.Dictionary):
            chosen = str(annot.get("/AS", ""))
            states = [(s, str(k) == chosen) for k, s in normal.items() if isinstance(s, pikepdf.Stream)]
        else:
            return
        for stream, showing in states:
            bbox = as_box(stream.get("/BBox"))
            start = IDENTITY
            if bbox is not None and rect is not None:
                start = box_onto(transform_box(as_matrix(stream.get("/Matrix", IDENTITY)), bbox), rect)
            self._reset(GState(ctm=start))
            self.annotation, painting, self.painting = True, self.painting, showing and self.marks
            self._form(stream)
            self.annotation, self.painting = False, painting

    # -- driving ------------------------------------------------------------------------------------
    def run(self, stream: Any, resources: Any, form: Any = None) -> None:
        """Interpret one content stream (a page, or the form with object id `form`) with its resources."""
        instructions = self.caches.parsed.get(form) if form is not None else None
        if instructions is None:
            try:
                instructions = pikepdf.parse_content_stream(stream)
            except pikepdf.PdfError:
                return
            if form is not None:               # a form drawn on many pages is parsed once
                self.caches.parsed[form] = instructions
        saved_res, saved_key = self.res, self.res_key
        self.res, self.res_key = resources, self.caches.key(resources)
        ops = self.ops
        for instr in instructions:
            handler = ops.get(instr.operator)
            if handler is not None:
                try:
                    handler(instr.operands)
                except (IndexError, TypeError, ValueError, KeyError, AttributeError, pikepdf.PdfError):
                    continue   # a malformed operator paints nothing; the rest of the page still counts
        self.res, self.res_key = saved_res, saved_key

    def _resource(self, category: str, name: Any) -> Any:
        res = self.res
        if res is None:
            return None
        group = res.get(category)
        return group.get(name) if group is not None else None

    def _emit(self, kind: str, box: Box, space: Space, comps: tuple[float, ...] | None, *, width: float = 0.0,
              overprint: bool = False, alpha: float = 1.0, what: str = "", detail: str = "") -> Box | None:
        """Record a mark (clipped; dropped when clipped away or not on the page) and its colour use;
        the box of the mark made, if any. `comps` None: not one colour (pictures, shadings)."""
        c = self.gs.clip
        x0, y0, x1, y1 = max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3])
        shows = x1 >= x0 and y1 >= y0
        if space.foreign is not None:
            self._colour(what or WHAT[kind], space, (x0, y0, x1, y1) if shows else box, detail)
        if not shows or not self.painting:
            return None
        model, color = space.colour(comps) if comps is not None else (space.model, None)
        self.items.append(Painted(self.page, kind, (x0, y0, x1, y1), model, color, width, overprint, self.gs.opm,
                                  alpha))
        return (x0, y0, x1, y1)

    def _show_colour(self, _: list[Any]) -> None:
        """Text in a walk for colours alone: the colours it is shown in, without its box."""
        gs = self.gs
        if gs.render in FILL_MODES:
            self._colour("text", gs.fill_space, None)
        if gs.render in STROKE_MODES:
            self._colour("outlined text", gs.stroke_space, None)

    def _colour(self, kind: str, space: Space, box: Box | None, detail: str = "") -> None:
        if space.foreign is not None:
            self.colours.append(ColourUse(self.page, kind + (" (annotation)" if self.annotation else ""),
                                          space.foreign, box, detail))

    # -- graphics state -----------------------------------------------------------------------------
    def _q(self, _: list[Any]) -> None:
        self.stack.append(self.gs.clone())

    def _Q(self, _: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        if self.stack:
            self.gs = self.stack.pop()

    def _cm(self, o: list[Any]) -> None:
        self.gs.ctm = multiply(_floats(o, 6), self.gs.ctm)  # type: ignore[arg-type]

    def _w(self, o: list[Any]) -> None:
        self.gs.lw = num(o[0], 1.0)

    def _gs(self, o: list[Any]) -> None:
        d = self._extgstate(o[0])
        gs = self.gs
        if "lw" in d:
            gs.lw = d["lw"]
        if "OP" in d:
            gs.op_stroke = d["OP"]
            gs.op_fill = d.get("op", d["OP"])    # /op defaults to /OP (PDF 32000 8.4.5)
        elif "op" in d:
            gs.op_fill = d["op"]
        if "opm" in d:
            gs.opm = d["opm"]
        if "CA" in d:
            gs.alpha_stroke = d["CA"]
        if "ca" in d:
            gs.alpha_fill = d["ca"]
        if "font" in d:
            gs.font, gs.font_size = d["font"]
        if "smask" in d:
            self._soft_mask(d["smask"])

    def _extgstate(self, name: Any) -> dict[str, Any]:
        obj = self._resource("/ExtGState", name)
        if obj is None:
            return {}
        key = self.caches.key(obj)
        cached = self.caches.gstates.get(key)
        if cached is None:
            cached = {}
            for pdf_key, ours, conv in (("/LW", "lw", float), ("/OP", "OP", bool), ("/op", "op", bool),
                                        ("/OPM", "opm", int), ("/CA", "CA", float), ("/ca", "ca", float)):
                if pdf_key in obj:
                    cached[ours] = conv(obj[pdf_key])
            font = obj.get("/Font")
            if isinstance(font, pikepdf.Array) and len(font) == 2:
                cached["font"] = (self._font_of(font[0]), num(font[1]))
            smask = obj.get("/SMask")
            if isinstance(smask, pikepdf.Dictionary) and isinstance(smask.get("/G"), pikepdf.Stream):
                cached["smask"] = smask.G
            self.caches.gstates[key] = cached
        return cached

    def _soft_mask(self, form: Any) -> None:
        """A soft mask's group blends in its own colour space and may draw in others: colour only."""
        ctm = multiply(as_matrix(form.get("/Matrix", IDENTITY)), self.gs.ctm)
        box = transform_box(ctm, as_box(form.get("/BBox")) or UNIT_SQUARE)
        group = form.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            self._colour("a soft mask", self._space(group.get("/CS"), form.get("/Resources")), box)
        self._detached(form, GState(ctm=self.gs.ctm), group=False)     # its group is the mask's, above

    def _detached(self, form: Any, gs: GState, group: bool = True) -> None:
        """Walk a soft mask or pattern cell under its own state; it makes no marks on the page."""
        saved = (self.gs, self.stack, self.path, self.cur, self.start, self.clip_pending, self.tm, self.tlm)
        painting, self.painting = self.painting, False
        self.gs, self.stack, self.path, self.clip_pending = gs, [], None, False
        self._form(form, group)
        self.painting = painting
        (self.gs, self.stack, self.path, self.cur, self.start, self.clip_pending, self.tm, self.tlm) = saved

    # -- colour -------------------------------------------------------------------------------------
    def _gray_fill(self, o: list[Any]) -> None:
        self.gs.fill_space, self.gs.fill = GRAY, _floats(o, 1)

    def _gray_stroke(self, o: list[Any]) -> None:
        self.gs.stroke_space, self.gs.stroke = GRAY, _floats(o, 1)

    def _rgb_fill(self, o: list[Any]) -> None:
        self.gs.fill_space, self.gs.fill = RGB, _floats(o, 3)

    def _rgb_stroke(self, o: list[Any]) -> None:
        self.gs.stroke_space, self.gs.stroke = RGB, _floats(o, 3)

    def _cmyk_fill(self, o: list[Any]) -> None:
        self.gs.fill_space, self.gs.fill = CMYK, _floats(o, 4)

    def _cmyk_stroke(self, o: list[Any]) -> None:
        self.gs.stroke_space, self.gs.stroke = CMYK, _floats(o, 4)

    def _space(self, cs: Any, resources: Any = None) -> Space:
        """The Space of a colour-space operand: a device name, or a /ColorSpace resource (of
        `resources`, else of the stream being walked), or an array; resolved once per object."""
        if cs is None:
            return UNKNOWN
        spaces = self.caches.spaces
        if isinstance(cs, pikepdf.Name):
            name = str(cs)
            if name in spaces:                   # device spaces, by name
                return spaces[name]
            res = resources if resources is not None else self.res
            obj = (res.get("/ColorSpace") or {}).get(name) if res is not None else None
            if obj is None:
                space = resolve_space(cs)
                if space is not UNKNOWN:
                    spaces[name] = space
                return space
            cs = obj
        key = self.caches.key(cs)
        if key not in spaces:
            spaces[key] = resolve_space(cs)
        return spaces[key]

    def _cs_fill(self, o: list[Any]) -> None:
        space = self._space(o[0])
        self.gs.fill_space, self.gs.fill = space, space.initial()

    def _cs_stroke(self, o: list[Any]) -> None:
        space = self._space(o[0])
        self.gs.stroke_space, self.gs.stroke = space, space.initial()

    def _sc_fill(self, o: list[Any]) -> None:
        self.gs.fill = tuple(float(x) for x in o if isinstance(x, NUMBERS))   # scn /P0: a pattern name
        if self.gs.fill_space.model == "pattern" and o and isinstance(o[-1], pikepdf.Name):
            self.gs.fill_space = self._pattern_space(self.gs.fill_space, o[-1])

    def _sc_stroke(self, o: list[Any]) -> None:
        self.gs.stroke = tuple(float(x) for x in o if isinstance(x, NUMBERS))
        if self.gs.stroke_space.model == "pattern" and o and isinstance(o[-1], pikepdf.Name):
            self.gs.stroke_space = self._pattern_space(self.gs.stroke_space, o[-1])

    def _pattern_space(self, space: Space, name: Any) -> Space:
        """A coloured pattern paints in its own colours: a shading pattern in its shading's space, a
        tiling pattern in those of its cell (the first one that does not print on CMYK plates names
        it). An uncoloured pattern paints in the colour given with it, in the Pattern space's base."""
        pattern = self._resource("/Pattern", name)
        if not isinstance(pattern, (pikepdf.Dictionary, pikepdf.Stream)) or int(num(pattern.get("/PaintType"), 1)) == 2:
            return space
        key = self.caches.key(pattern)
        if key not in self.caches.patterns:
            self.caches.patterns[key] = None           # a pattern that draws itself finds nothing more
            found: str | None = None
            if int(num(pattern.get("/PatternType"), 1)) == 2:
                shading = pattern.get("/Shading")
                if isinstance(shading, pikepdf.Dictionary):
                    found = self._space(shading.get("/ColorSpace"), pattern.get("/Resources")).foreign
            elif isinstance(pattern, pikepdf.Stream):
                colours, self.colours = self.colours, []
                self._detached(pattern, GState())       # where the cell lands does not matter here
                found = self.colours[0].space if self.colours else None
                self.colours = colours
            self.caches.patterns[key] = found
        return space.painting(self.caches.patterns[key])

    # -- paths --------------------------------------------------------------------------------------
    def _extend(self, x: float, y: float) -> None:
        p = self.path
        if p is None:
            self.path = [x, y, x, y]
        else:
            p[0], p[1], p[2], p[3] = min(p[0], x), min(p[1], y), max(p[2], x), max(p[3], y)

    def _m(self, o: list[Any]) -> None:
        self.cur = self.start = apply(self.gs.ctm, num(o[0]), num(o[1]))
        self._extend(*self.cur)

    def _l(self, o: list[Any]) -> None:
        self.cur = apply(self.gs.ctm, num(o[0]), num(o[1]))
        self._extend(*self.cur)

    def _curve(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        p0 = self.cur
        x0, x1 = bezier_range(p0[0], p1[0], p2[0], p3[0])
        y0, y1 = bezier_range(p0[1], p1[1], p2[1], p3[1])
        self._extend(x0, y0)
        self._extend(x1, y1)
        self.cur = p3

    def _c(self, o: list[Any]) -> None:
        m, v = self.gs.ctm, _floats(o, 6)
        self._curve(apply(m, v[0], v[1]), apply(m, v[2], v[3]), apply(m, v[4], v[5]))

    def _v(self, o: list[Any]) -> None:
        m, v = self.gs.ctm, _floats(o, 4)
        self._curve(self.cur, apply(m, v[0], v[1]), apply(m, v[2], v[3]))

    def _y(self, o: list[Any]) -> None:
        m, v = self.gs.ctm, _floats(o, 4)
        p3 = apply(m, v[2], v[3])
        self._curve(apply(m, v[0], v[1]), p3, p3)

    def _h(self, _: list[Any]) -> None:
        self.cur = self.start

    def _re(self, o: list[Any]) -> None:
        x, y, w, h = _floats(o, 4)
        box = transform_box(self.gs.ctm, (min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h)))
        self._extend(box[0], box[1])
        self._extend(box[2], box[3])
        self.cur = self.start = apply(self.gs.ctm, x, y)

    def _take_path(self) -> Box | None:
        """End the path object: hand back its box and apply a pending clip (W applies after painting)."""
        p, self.path = self.path, None
        box = (p[0], p[1], p[2], p[3]) if p is not None else None
        if self.clip_pending:
            self.clip_pending = False
            self.gs.clip = intersect(self.gs.clip, box) if box is not None else self.gs.clip
        return box

    def _paint_fill(self, box: Box) -> None:
        gs = self.gs
        self._emit("fill", box, gs.fill_space, gs.fill, overprint=gs.op_fill, alpha=gs.alpha_fill)

    def _paint_stroke(self, box: Box) -> None:
        gs = self.gs
        small, large = scales(gs.ctm)
        half = gs.lw * large / 2
        self._emit("stroke", (box[0] - half, box[1] - half, box[2] + half, box[3] + half), gs.stroke_space,
                   gs.stroke, width=gs.lw * small, overprint=gs.op_stroke, alpha=gs.alpha_stroke)

    def _fill(self, _: list[Any]) -> None:
        box = self._take_path()
        if box is not None:
            self._paint_fill(box)

    def _stroke(self, _: list[Any]) -> None:
        box = self._take_path()
        if box is not None:
            self._paint_stroke(box)

    _close_stroke = _stroke

    def _both(self, _: list[Any]) -> None:
        box = self._take_path()
        if box is not None:
            self._paint_fill(box)
            self._paint_stroke(box)

    _close_both = _both

    def _end_path(self, _: list[Any]) -> None:
        self._take_path()

    def _clip(self, _: list[Any]) -> None:
        self.clip_pending = True

    # -- images, shadings, forms --------------------------------------------------------------------
    def _image(self, dictionary: Any, what: str, detail: str = "") -> None:
        """An image fills the unit square of the CTM; a stencil mask paints in the fill colour."""
        gs = self.gs
        box = transform_box(gs.ctm, UNIT_SQUARE)
        if bool(dictionary.get("/ImageMask", False)):
            self._emit("image", box, gs.fill_space, gs.fill, overprint=gs.op_fill, alpha=gs.alpha_fill,
                       what="a stencil mask")
        else:
            self._emit("image", box, self._space(dictionary.get("/ColorSpace")), None, overprint=gs.op_fill,
                       alpha=gs.alpha_fill, what=what, detail=detail)

    def _inline_image(self, o: Any) -> None:
        self._image(o[0].obj, "an inline picture")

    def _sh(self, o: list[Any]) -> None:
        """A shading paints the whole clip region (at most the page), or its /BBox where it has one."""
        sh = self._resource("/Shading", o[0])
        box = intersect(self.gs.clip, self.media)
        space = UNKNOWN
        if sh is not None:
            bbox = sh.get("/BBox")
            if bbox is not None and len(bbox) == 4:
                box = intersect(box, transform_box(self.gs.ctm, _floats(bbox, 4)))  # type: ignore[arg-type]
            space = self._space(sh.get("/ColorSpace"))
        self._emit("shading", box, space, None, overprint=self.gs.op_fill, alpha=self.gs.alpha_fill)

    def _do(self, o: list[Any]) -> None:
        xobj = self._resource("/XObject", o[0])
        if not isinstance(xobj, pikepdf.Stream):
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            size = f"{int(num(xobj.get('/Width')))}×{int(num(xobj.get('/Height')))} px"
            self._image(xobj, "a picture", f"{o[0]} ({size})")
        elif subtype == "/Form":
            self._form(xobj)

    def _form(self, form: Any, group: bool = True) -> None:
        """Draw a form: its /Matrix onto the CTM, its /BBox as a clip, its own resources (or ours), and
        (with `group`) its transparency group's colour space."""
        key = form.objgen
        if key in self.forms or len(self.forms) >= MAX_FORM_DEPTH:
            return
        saved_gs, saved_stack, saved_path = self.gs.clone(), self.stack, self.path
        self.stack, self.path = [], None       # the form's q/Q cannot reach the states outside it
        matrix = form.get("/Matrix")
        if matrix is not None and len(matrix) == 6:
            self.gs.ctm = multiply(_floats(matrix, 6), self.gs.ctm)  # type: ignore[arg-type]
        bbox = form.get("/BBox")
        box = None
        if bbox is not None and len(bbox) == 4:
            x0, y0, x1, y1 = _floats(bbox, 4)
            box = transform_box(self.gs.ctm, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            self.gs.clip = intersect(self.gs.clip, box)
        resources = form.get("/Resources")
        blend = form.get("/Group") if group else None
        if isinstance(blend, pikepdf.Dictionary) and blend.get("/CS") is not None:
            self._colour("a transparency group", self._space(blend.get("/CS"), resources), box)
        self.forms.append(key)
        self.run(form, resources if resources is not None else self.res, key)
        self.forms.pop()
        self.gs, self.stack, self.path = saved_gs, saved_stack, saved_path


# -- the document ---------------------------------------------------------------------------------------

def walk_pdf(pdf: pikepdf.Pdf, boxes: list[PageBoxes] | None = None, parts: frozenset[str] = ALL_PARTS) -> Walk:
    """Walk every page of the PDF, in page order (page numbers from 1), for the `parts` asked for."""
    boxes = boxes or [PageBoxes.of(i, page.obj) for i, page in enumerate(pdf.pages, start=1)]
    out = Walk(ALL_PARTS if parts & {"marks", "shown"} else frozenset({"colours"}))  # shown text needs boxes
    walker = Walker(out)
    for page, page_box in zip(pdf.pages, boxes, strict=True):
        out.pages.append(walker.walk_page(page, page_box))
    return out


def walk_of(job: Any, part: str) -> Walk:
    """The walk of the job's PDF, made once for every check of the run (for the parts they read); `part`
    is what the caller reads of it, which the check must have declared (`@check(code, reads=...)`).
    With a layout trace every part is made: the boxes of text locate its colour in the YAML."""
    walk = job.cache.get(CACHE_KEY)
    if walk is None:
        parts = ALL_PARTS if job.trace is not None or not job.reads else job.reads
        walk = job.cache[CACHE_KEY] = walk_pdf(job.pdf, page_boxes(job), parts)
    if part not in walk.parts:
        raise RuntimeError(f"the walk of this run has no {part}: declare it in the check's reads=")
    return walk


def page_scans(job: Any) -> list[PageScan]:
    """The marks of every page (the painting checks' view of the walk)."""
    return walk_of(job, "marks").pages


def scan_pdf(pdf: pikepdf.Pdf) -> list[PageScan]:
    """Every page's marks, in page order (for tools and tests that want only the marks)."""
    return walk_pdf(pdf).pages
