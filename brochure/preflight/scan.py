"""One pass over every page's content stream that lists what is painted where, for the painting checks.

Preflight checks about hairlines, overprint, bleed, the safety margin and empty pages all ask the same
question: which marks does this page make, where, how thick, in which colour and with which overprint
settings. `scan_pdf` answers it once per PDF (`page_scans` caches it in the job, so the checks share one
pass). The walker follows the graphics state (q/Q, cm, w, gs, colours and colour spaces, clipping as a
box), builds path bounding boxes, enters form XObjects with their /Matrix and /BBox, and tracks the text
state far enough to give every text-showing operator an em box from the font's advance widths and its
ascent/descent. The glyph ink is not known here; `brochure.preflight.painting` asks pypdfium2 for exact
glyph boxes where a text box comes close to a trim edge.

Boxes are in the page's default user space (the space of its MediaBox and TrimBox), clipped to the
current clip path's box, so a picture cropped by a clip path reports the part that shows. They are not cut
at the MediaBox: how far a line of text runs off the page is worth saying.
Annotation appearances, text used as a clip (Tr 7) and soft masks are not followed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import pikepdf

from .trace import Box

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
EPS = 1e-3
UNBOUNDED: Box = (-1e9, -1e9, 1e9, 1e9)
NUMBERS = (int, float, Decimal)      # what pikepdf gives for numeric operands
MAX_FORM_DEPTH = 12
CACHE_KEY = "painting.scan"

# colour-space names (device, CIE-based, and the abbreviations of inline images) and the model they paint in
DEVICE_SPACES = {"/DeviceGray": "gray", "/G": "gray", "/CalGray": "gray", "/DeviceRGB": "rgb", "/RGB": "rgb",
                 "/CalRGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk", "/Lab": "lab", "/Pattern": "pattern"}
ICC_MODELS = {1: "gray", 3: "rgb", 4: "cmyk"}
INITIAL_COLOUR = {"gray": (0.0,), "rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0, 1.0), "lab": (0.0, 0.0, 0.0)}


class Painted(NamedTuple):
    """One mark: a painted path (fill or stroke), an image, a shading or a run of text.

    `space` is the colour model the marks are painted in (gray, rgb, cmyk, lab, spot for Separation and
    DeviceN, pattern, or unknown); `color` its components, None where it is not one colour (images other
    than stencil masks, shadings, patterns). `width` is the stroke width in points as it lands on the page
    (line width times the current transformation; 0 is a device hairline). `overprint` is the overprint
    flag that applies to this mark (OP for strokes, op for everything else).
    """

    page: int
    kind: str                         # fill | stroke | image | shading | text
    box: Box
    space: str = "gray"
    color: tuple[float, ...] | None = (0.0,)
    width: float = 0.0
    overprint: bool = False
    opm: int = 0
    alpha: float = 1.0

    @property
    def white(self) -> bool:
        """Paints paper white: gray 1, RGB 1 1 1, CMYK 0 0 0 0, Lab 100 0 0, or no ink of a spot colour."""
        c = self.color
        if c is None or not c:
            return False
        if self.space == "gray":
            return c[0] >= 1 - EPS
        if self.space == "rgb":
            return all(v >= 1 - EPS for v in c)
        if self.space in ("cmyk", "spot"):
            return all(v <= EPS for v in c)
        if self.space == "lab":
            return c[0] >= 100 - EPS * 100 and all(abs(v) <= EPS * 100 for v in c[1:])
        return False

    @property
    def visible(self) -> bool:
        """Leaves a mark on paper: not white, not fully transparent, and (except strokes) not flat."""
        if self.alpha <= 0 or self.white:
            return False
        x0, y0, x1, y1 = self.box
        if self.kind == "stroke":
            return x1 >= x0 and y1 >= y0
        return x1 > x0 and y1 > y0


@dataclass(frozen=True)
class PageScan:
    """The marks of one page and its page boxes (None when the page does not set that box)."""

    number: int
    media: Box
    trim_box: Box | None
    bleed_box: Box | None
    crop_box: Box | None
    items: tuple[Painted, ...]

    @property
    def trim(self) -> Box:
        """The finished page: the TrimBox, or the MediaBox when there is none."""
        return self.trim_box or self.media


# -- geometry -------------------------------------------------------------------------------------------

def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m first, then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def transform_box(m: Matrix, box: Box) -> Box:
    """Bounding box of a rectangle after the transformation."""
    a, b, c, d, e, f = m
    x0, y0, x1, y1 = box
    ax0, ax1, cy0, cy1 = a * x0, a * x1, c * y0, c * y1
    bx0, bx1, dy0, dy1 = b * x0, b * x1, d * y0, d * y1
    return (e + min(ax0, ax1) + min(cy0, cy1), f + min(bx0, bx1) + min(dy0, dy1),
            e + max(ax0, ax1) + max(cy0, cy1), f + max(bx0, bx1) + max(dy0, dy1))


def scales(m: Matrix) -> tuple[float, float]:
    """Smallest and largest factor the matrix scales a length by (its singular values)."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    s1 = a * a + b * b + c * c + d * d
    det = abs(a * d - b * c)
    root = math.sqrt(max(0.0, s1 * s1 - 4 * det * det))
    return math.sqrt(max(0.0, (s1 - root) / 2)), math.sqrt((s1 + root) / 2)


def intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def union(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _bezier_range(p0: float, p1: float, p2: float, p3: float) -> tuple[float, float]:
    """Exact extent of a cubic Bézier along one axis (the control points only bound it)."""
    lo, hi = min(p0, p3), max(p0, p3)
    if min(p1, p2) >= lo and max(p1, p2) <= hi:
        return lo, hi
    a = -p0 + 3 * p1 - 3 * p2 + p3
    b = 2 * (p0 - 2 * p1 + p2)
    c = p1 - p0
    roots: list[float] = []
    if abs(a) < 1e-12:
        if abs(b) > 1e-12:
            roots.append(-c / b)
    else:
        disc = b * b - 4 * a * c
        if disc >= 0:
            r = math.sqrt(disc)
            roots += [(-b + r) / (2 * a), (-b - r) / (2 * a)]
    for t in roots:
        if 0 < t < 1:
            mt = 1 - t
            v = mt ** 3 * p0 + 3 * mt * mt * t * p1 + 3 * mt * t * t * p2 + t ** 3 * p3
            lo, hi = min(lo, v), max(hi, v)
    return lo, hi


# -- fonts ----------------------------------------------------------------------------------------------

@dataclass(eq=False)
class FontInfo:
    """What the walker needs of a font to measure a string: advance widths (glyph units / 1000 em) and
    the em box's ascent and descent. Type 0 fonts are read as two-byte codes. With Identity-H/V (what
    embedding tools write) a code is the CID the /W widths are given for; with a predefined Unicode CMap
    (UniGB-UCS2-H, …) it is not, so codes below 256 count as half-width and the rest as /DW: an
    approximation an em box can afford (pdfium measures the glyphs where it matters)."""

    widths: dict[int, float]
    default: float
    ascent: float                  # em fractions
    descent: float
    two_byte: bool = False
    vertical: bool = False
    scale: float = 0.001           # glyph units to text space (Type 3: the FontMatrix)
    unicode_cmap: bool = False     # two-byte codes are Unicode, not CIDs
    table: list[float] = field(init=False, repr=False)   # widths of the 256 single-byte codes

    def __post_init__(self) -> None:
        self.table = [self.widths.get(b, self.default) for b in range(256)]

    def measure(self, data: bytes) -> tuple[float, int, int]:
        """(sum of advances in em, number of characters, number of single-byte spaces) of a string;
        word spacing applies to single-byte code 32 only (PDF 32000 9.3.3)."""
        w, d = self.widths, self.default
        if self.vertical:      # vertical advances are 1 em unless /W2 says otherwise (not read)
            return float(len(data) // 2), len(data) // 2, 0
        if self.two_byte:
            codes: Iterable[int] = [(data[i] << 8) | data[i + 1] for i in range(0, len(data) - 1, 2)]
            if self.unicode_cmap:
                return sum(d / 2 if c < 256 else d for c in codes) * self.scale, len(data) // 2, 0
            return sum(w.get(c, d) for c in codes) * self.scale, len(data) // 2, 0
        return sum(map(self.table.__getitem__, data)) * self.scale, len(data), data.count(32)


FALLBACK_FONT = FontInfo({}, 500.0, 0.8, -0.2)


def _num(x: Any, default: float = 0.0) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


def _cid_widths(w: Any) -> dict[int, float]:
    """The /W array of a CIDFont: `c [w1 w2 …]` and `cfirst clast w` entries."""
    out: dict[int, float] = {}
    items = list(w) if w is not None else []
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, pikepdf.Array):
            for k, v in enumerate(nxt):
                out[first + k] = _num(v)
            i += 2
        elif i + 2 < len(items):
            for cid in range(first, int(nxt) + 1):
                out[cid] = _num(items[i + 2])
            i += 3
        else:
            break
    return out


def _metrics(desc: Any, bbox: Any, scale: float) -> tuple[float, float]:
    """Ascent and descent in em from the font descriptor, else the font bounding box."""
    if desc is not None:
        asc, dsc = _num(desc.get("/Ascent")), _num(desc.get("/Descent"))
        if asc > 0:
            return asc * scale, min(dsc, 0.0) * scale
        bbox = bbox if bbox is not None else desc.get("/FontBBox")
    if bbox is not None and len(bbox) == 4:
        return _num(bbox[3]) * scale, min(_num(bbox[1]), 0.0) * scale
    return 0.8, -0.2


def _standard_widths(font: Any) -> dict[int, float]:
    """A standard-14 font may come without /Widths (PDF 1.4 and older): ReportLab knows their metrics."""
    name = str(font.get("/BaseFont", "")).lstrip("/")
    try:
        from reportlab.pdfbase.pdfmetrics import getFont, standardFonts

        return dict(enumerate(map(float, getFont(name).widths))) if name in standardFonts else {}
    except (KeyError, ValueError, AttributeError):
        return {}


def font_info(font: Any) -> FontInfo:
    """Widths and vertical metrics of a simple, Type 0 or Type 3 font dictionary."""
    if not isinstance(font, pikepdf.Dictionary):
        return FALLBACK_FONT
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        cid = descendants[0] if descendants is not None and len(descendants) else pikepdf.Dictionary()
        encoding = font.get("/Encoding")
        name = str(encoding) if isinstance(encoding, pikepdf.Name) else ""
        vertical = name.endswith("-V")
        asc, dsc = _metrics(cid.get("/FontDescriptor"), None, 0.001)
        return FontInfo(_cid_widths(cid.get("/W")), _num(cid.get("/DW"), 1000.0), asc, dsc, True, vertical,
                        unicode_cmap=name.startswith("/Uni"))
    scale = 0.001
    bbox = None
    if subtype == "/Type3":
        fm = font.get("/FontMatrix")
        scale = abs(_num(fm[0], 0.001)) if fm is not None else 0.001
        bbox = font.get("/FontBBox")
    first = int(_num(font.get("/FirstChar")))
    widths = {first + i: _num(v) for i, v in enumerate(font.get("/Widths") or [])} or _standard_widths(font)
    desc = font.get("/FontDescriptor")
    missing = _num(desc.get("/MissingWidth")) if desc is not None else 0.0
    asc, dsc = _metrics(desc, bbox, scale)
    return FontInfo(widths, missing or (0.0 if widths else 500.0), asc, dsc, scale=scale)


# -- colour spaces --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Space:
    """A colour space reduced to what the checks need: its model, component count, initial colour and,
    for Indexed spaces, the palette (base model and its colours)."""

    model: str
    ncomp: int
    palette: tuple[tuple[float, ...], ...] | None = None
    base: str = ""

    def colour(self, comps: Sequence[float]) -> tuple[str, tuple[float, ...] | None]:
        """(model, components) of a colour given in this space; Indexed resolves to its base."""
        if self.palette is not None:
            i = int(comps[0]) if comps else 0
            return (self.base, self.palette[i]) if 0 <= i < len(self.palette) else ("unknown", None)
        if self.model == "pattern":
            return "pattern", None
        return self.model, tuple(comps)

    def initial(self) -> tuple[float, ...]:
        if self.model == "spot":
            return (1.0,) * self.ncomp
        if self.palette is not None:
            return (0.0,)
        return INITIAL_COLOUR.get(self.model, (0.0,) * self.ncomp)


GRAY, RGB, CMYK = Space("gray", 1), Space("rgb", 3), Space("cmyk", 4)
UNKNOWN = Space("unknown", 1)


def _palette(base: Space, hival: int, lookup: Any) -> tuple[tuple[float, ...], ...] | None:
    try:
        data = bytes(lookup.read_bytes()) if isinstance(lookup, pikepdf.Stream) else bytes(lookup)
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    n = base.ncomp
    scale = 100.0 if base.model == "lab" else 1.0
    return tuple(tuple(data[i * n + k] / 255 * scale for k in range(n))
                 for i in range(hival + 1) if (i + 1) * n <= len(data))


def resolve_space(cs: Any) -> Space:
    """The Space of a colour-space object (a name of a device space or an array)."""
    if isinstance(cs, pikepdf.Name):
        model = DEVICE_SPACES.get(str(cs))
        return Space(model, {"gray": 1, "rgb": 3, "cmyk": 4, "lab": 3}.get(model, 1)) if model else UNKNOWN
    if not isinstance(cs, pikepdf.Array) or len(cs) == 0:
        return UNKNOWN
    family = str(cs[0])
    if family in ("/CalGray", "/CalRGB", "/Lab", "/Pattern"):
        return resolve_space(pikepdf.Name(family))
    if family == "/ICCBased":
        n = int(_num(cs[1].get("/N"), 0))
        return Space(ICC_MODELS.get(n, "unknown"), n or 1)
    if family == "/Separation":
        return Space("spot", 1)
    if family == "/DeviceN":
        return Space("spot", len(cs[1]))
    if family in ("/Indexed", "/I") and len(cs) >= 4:
        base = resolve_space(cs[1])
        return Space("indexed", 1, _palette(base, int(_num(cs[2])), cs[3]), base.model)
    return UNKNOWN


# -- graphics state -------------------------------------------------------------------------------------

@dataclass
class GState:
    ctm: Matrix = IDENTITY
    clip: Box = UNBOUNDED
    lw: float = 1.0
    fill_space: Space = GRAY
    fill: tuple[float, ...] = (0.0,)
    stroke_space: Space = GRAY
    stroke: tuple[float, ...] = (0.0,)
    op_stroke: bool = False        # OP
    op_fill: bool = False          # op
    opm: int = 0
    alpha_stroke: float = 1.0      # CA
    alpha_fill: float = 1.0        # ca
    font: FontInfo = FALLBACK_FONT
    font_size: float = 0.0
    char_spacing: float = 0.0      # Tc
    word_spacing: float = 0.0      # Tw
    hscale: float = 1.0            # Tz / 100
    leading: float = 0.0           # TL
    rise: float = 0.0              # Ts
    render: int = 0                # Tr

    def clone(self) -> GState:
        """A copy for q (copy.copy is several times slower, and q is frequent)."""
        new = object.__new__(GState)
        new.__dict__.update(self.__dict__)
        return new


@dataclass
class Caches:
    """Fonts, colour spaces and ExtGStates resolved once per document (pages share resources)."""

    fonts: dict[Any, FontInfo] = field(default_factory=dict)
    spaces: dict[Any, Space] = field(default_factory=dict)
    gstates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)
    parsed: dict[Any, list[Any]] = field(default_factory=dict)

    def key(self, obj: Any) -> Any:
        """A cache key: the object number, or for a direct object the identity of this wrapper, which
        is kept alive so that its id is not reused by another object."""
        og = getattr(obj, "objgen", (0, 0))
        if og != (0, 0):
            return og
        self.keep.append(obj)
        return id(obj)


def _floats(ops: Sequence[Any], n: int) -> tuple[float, ...]:
    """The first n operands as floats (IndexError when there are fewer: the operator is skipped)."""
    try:
        return tuple(float(ops[i]) for i in range(n))
    except (TypeError, ValueError):
        return tuple(_num(ops[i]) for i in range(n))


@dataclass
class Walker:
    """Walks one page (and the forms it draws) and collects its Painted marks."""

    page: int
    media: Box
    caches: Caches = field(default_factory=Caches)
    items: list[Painted] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.gs = GState(clip=UNBOUNDED)
        self.stack: list[GState] = []
        self.forms: list[Any] = []
        self.path: list[float] | None = None    # [x0, y0, x1, y1] of the path under construction
        self.cur = (0.0, 0.0)                    # current point (page space)
        self.start = (0.0, 0.0)                  # start of the current subpath
        self.clip_pending = False
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY
        self.font_names: dict[tuple[Any, str], FontInfo] = {}
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
        # keyed by the operator object itself: hashing it is cheaper than making a str of each one
        self.ops = {pikepdf.Operator(name): fn for name, fn in named.items()}

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
        saved_res, saved_key = getattr(self, "res", None), getattr(self, "res_key", None)
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

    def _emit(self, kind: str, box: Box, space: str, color: tuple[float, ...] | None, *, width: float = 0.0,
              overprint: bool = False, alpha: float = 1.0) -> None:
        c = self.gs.clip
        x0, y0, x1, y1 = max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3])
        if x1 < x0 or y1 < y0:
            return        # clipped away entirely
        self.items.append(Painted(self.page, kind, (x0, y0, x1, y1), space, color, width, overprint, self.gs.opm,
                                  alpha))

    # -- graphics state -----------------------------------------------------------------------------
    def _q(self, _: list[Any]) -> None:
        self.stack.append(self.gs.clone())

    def _Q(self, _: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        if self.stack:
            self.gs = self.stack.pop()

    def _cm(self, o: list[Any]) -> None:
        self.gs.ctm = multiply(_floats(o, 6), self.gs.ctm)  # type: ignore[arg-type]

    def _w(self, o: list[Any]) -> None:
        self.gs.lw = _num(o[0], 1.0)

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
                cached["font"] = (self._font_of(font[0]), _num(font[1]))
            self.caches.gstates[key] = cached
        return cached

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

    def _space(self, name: Any) -> Space:
        if isinstance(name, pikepdf.Name) and str(name) in DEVICE_SPACES:
            return resolve_space(name)
        obj = self._resource("/ColorSpace", name)
        if obj is None:
            return UNKNOWN
        key, spaces = self.caches.key(obj), self.caches.spaces
        if key not in spaces:
            spaces[key] = resolve_space(obj)
        return spaces[key]

    def _cs_fill(self, o: list[Any]) -> None:
        space = self._space(o[0])
        self.gs.fill_space, self.gs.fill = space, space.initial()

    def _cs_stroke(self, o: list[Any]) -> None:
        space = self._space(o[0])
        self.gs.stroke_space, self.gs.stroke = space, space.initial()

    def _sc_fill(self, o: list[Any]) -> None:
        self.gs.fill = tuple(float(x) for x in o if isinstance(x, NUMBERS))   # scn /P0: a pattern name

    def _sc_stroke(self, o: list[Any]) -> None:
        self.gs.stroke = tuple(float(x) for x in o if isinstance(x, NUMBERS))

    # -- paths --------------------------------------------------------------------------------------
    def _extend(self, x: float, y: float) -> None:
        p = self.path
        if p is None:
            self.path = [x, y, x, y]
        else:
            p[0], p[1], p[2], p[3] = min(p[0], x), min(p[1], y), max(p[2], x), max(p[3], y)

    def _m(self, o: list[Any]) -> None:
        self.cur = self.start = apply(self.gs.ctm, _num(o[0]), _num(o[1]))
        self._extend(*self.cur)

    def _l(self, o: list[Any]) -> None:
        self.cur = apply(self.gs.ctm, _num(o[0]), _num(o[1]))
        self._extend(*self.cur)

    def _curve(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        p0 = self.cur
        x0, x1 = _bezier_range(p0[0], p1[0], p2[0], p3[0])
        y0, y1 = _bezier_range(p0[1], p1[1], p2[1], p3[1])
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
        model, color = gs.fill_space.colour(gs.fill)
        self._emit("fill", box, model, color, overprint=gs.op_fill, alpha=gs.alpha_fill)

    def _paint_stroke(self, box: Box) -> None:
        gs = self.gs
        small, large = scales(gs.ctm)
        half = gs.lw * large / 2
        model, color = gs.stroke_space.colour(gs.stroke)
        self._emit("stroke", (box[0] - half, box[1] - half, box[2] + half, box[3] + half), model, color,
                   width=gs.lw * small, overprint=gs.op_stroke, alpha=gs.alpha_stroke)

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
    def _image(self, dictionary: Any) -> None:
        """An image fills the unit square of the CTM; a stencil mask paints in the fill colour."""
        gs = self.gs
        box = transform_box(gs.ctm, (0.0, 0.0, 1.0, 1.0))
        if bool(dictionary.get("/ImageMask", False)):
            model, color = gs.fill_space.colour(gs.fill)
        else:
            cs = dictionary.get("/ColorSpace")
            if isinstance(cs, pikepdf.Name) and str(cs) not in DEVICE_SPACES:
                model = self._space(cs).model
            else:
                model = resolve_space(cs).model if cs is not None else "unknown"
            color = None
        self._emit("image", box, model, color, overprint=gs.op_fill, alpha=gs.alpha_fill)

    def _inline_image(self, o: Any) -> None:
        self._image(o[0].obj)

    def _sh(self, o: list[Any]) -> None:
        """A shading paints the whole clip region (at most the page), or its /BBox where it has one."""
        sh = self._resource("/Shading", o[0])
        box = intersect(self.gs.clip, self.media)
        space = "unknown"
        if sh is not None:
            bbox = sh.get("/BBox")
            if bbox is not None and len(bbox) == 4:
                box = intersect(box, transform_box(self.gs.ctm, _floats(bbox, 4)))  # type: ignore[arg-type]
            cs = sh.get("/ColorSpace")
            space = (self._space(cs) if isinstance(cs, pikepdf.Name) else resolve_space(cs)).model
        self._emit("shading", box, space, None, overprint=self.gs.op_fill, alpha=self.gs.alpha_fill)

    def _do(self, o: list[Any]) -> None:
        xobj = self._resource("/XObject", o[0])
        if not isinstance(xobj, pikepdf.Stream):
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            self._image(xobj)
        elif subtype == "/Form":
            self._form(xobj)

    def _form(self, form: Any) -> None:
        """Draw a form: its /Matrix onto the CTM, its /BBox as a clip, its own resources (or ours)."""
        key = form.objgen
        if key in self.forms or len(self.forms) >= MAX_FORM_DEPTH:
            return
        saved_gs, saved_stack, saved_path = self.gs.clone(), self.stack, self.path
        self.stack, self.path = [], None       # the form's q/Q cannot reach the states outside it
        matrix = form.get("/Matrix")
        if matrix is not None and len(matrix) == 6:
            self.gs.ctm = multiply(_floats(matrix, 6), self.gs.ctm)  # type: ignore[arg-type]
        bbox = form.get("/BBox")
        if bbox is not None and len(bbox) == 4:
            x0, y0, x1, y1 = _floats(bbox, 4)
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            self.gs.clip = intersect(self.gs.clip, transform_box(self.gs.ctm, box))
        resources = form.get("/Resources")
        self.forms.append(key)
        self.run(form, resources if resources is not None else self.res, key)
        self.forms.pop()
        self.gs, self.stack, self.path = saved_gs, saved_stack, saved_path

    # -- text ---------------------------------------------------------------------------------------
    def _font_of(self, font: Any) -> FontInfo:
        if font is None:
            return FALLBACK_FONT
        key, fonts = self.caches.key(font), self.caches.fonts
        info = fonts.get(key)
        if info is None:
            info = fonts[key] = font_info(font)
        return info

    def _bt(self, _: list[Any]) -> None:
        self.tm = self.tlm = IDENTITY

    def _tf(self, o: list[Any]) -> None:
        key = (self.res_key, str(o[0]))
        font = self.font_names.get(key)
        if font is None:
            font = self.font_names[key] = self._font_of(self._resource("/Font", o[0]))
        self.gs.font = font
        self.gs.font_size = _num(o[1])

    def _tc(self, o: list[Any]) -> None:
        self.gs.char_spacing = _num(o[0])

    def _tw(self, o: list[Any]) -> None:
        self.gs.word_spacing = _num(o[0])

    def _tz(self, o: list[Any]) -> None:
        self.gs.hscale = _num(o[0], 100.0) / 100

    def _tl(self, o: list[Any]) -> None:
        self.gs.leading = _num(o[0])

    def _ts(self, o: list[Any]) -> None:
        self.gs.rise = _num(o[0])

    def _tr(self, o: list[Any]) -> None:
        self.gs.render = int(_num(o[0]))

    def _move(self, tx: float, ty: float) -> None:
        self.tm = self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)

    def _td(self, o: list[Any]) -> None:
        self._move(_num(o[0]), _num(o[1]))

    def _TD(self, o: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        self.gs.leading = -_num(o[1])
        self._td(o)

    def _tm(self, o: list[Any]) -> None:
        self.tm = self.tlm = _floats(o, 6)  # type: ignore[assignment]

    def _tstar(self, _: list[Any]) -> None:
        self._move(0.0, -self.gs.leading)

    def _tj(self, o: list[Any]) -> None:
        self._show([o[0]])

    def _TJ(self, o: list[Any]) -> None:  # noqa: N802 (PDF operator name)
        self._show(list(o[0]))

    def _quote(self, o: list[Any]) -> None:
        self._tstar([])
        self._show([o[0]])

    def _dquote(self, o: list[Any]) -> None:
        self.gs.word_spacing, self.gs.char_spacing = _num(o[0]), _num(o[1])
        self._quote(o[2:])

    def _show(self, parts: list[Any]) -> None:
        """Advance the text matrix over the strings and emit their em box as one text mark. Positions are
        along the writing direction in text space (x, or y for vertical fonts, which advance downwards)."""
        gs = self.gs
        font, size, tc, tw = gs.font, gs.font_size, gs.char_spacing, gs.word_spacing
        vertical = font.vertical
        scale = 1.0 if vertical else gs.hscale
        sign = -1.0 if vertical else 1.0
        pos, lo, hi = 0.0, math.inf, -math.inf
        for part in parts:
            if isinstance(part, NUMBERS):          # (isinstance on pikepdf.String is slow)
                pos -= float(part) / 1000 * size * scale     # the same sign in both directions
                continue
            em, n, spaces = font.measure(bytes(part))
            if n:
                step = (em * size + n * tc + spaces * tw) * scale
                end = pos + sign * max(step - tc * scale, 0.0)
                lo, hi = min(lo, pos, end), max(hi, pos, end)
                pos += sign * step
        if lo <= hi and gs.render not in (3, 7) and size:   # 3, 7: invisible (OCR layers) or clip only
            self._emit_text(lo, hi)
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, e + pos * c, f + pos * d) if vertical else (a, b, c, d, e + pos * a, f + pos * b)

    def _emit_text(self, lo: float, hi: float) -> None:
        gs = self.gs
        size, font = abs(gs.font_size), gs.font
        if font.vertical:
            box = (-size / 2, lo, size / 2, hi)
        else:
            box = (lo, font.descent * size + gs.rise, hi, font.ascent * size + gs.rise)
        page_box = transform_box(multiply(self.tm, gs.ctm), box)
        if gs.render in (1, 5):    # stroked only
            model, color = gs.stroke_space.colour(gs.stroke)
            self._emit("text", page_box, model, color, overprint=gs.op_stroke, alpha=gs.alpha_stroke)
        else:
            model, color = gs.fill_space.colour(gs.fill)
            self._emit("text", page_box, model, color, overprint=gs.op_fill, alpha=gs.alpha_fill)


# -- pages ----------------------------------------------------------------------------------------------

def _box(value: Any) -> Box | None:
    if value is None or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inherited(page: Any, key: str) -> Any:
    node, depth = page, 0
    while node is not None and depth < 64:
        value = node.get(key)
        if value is not None:
            return value
        node, depth = node.get("/Parent"), depth + 1
    return None


def scan_page(page: Any, number: int, caches: Caches | None = None) -> PageScan:
    """Walk one page and list its marks with its page boxes."""
    obj = page.obj
    media = _box(_inherited(obj, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
    walker = Walker(number, media, caches or Caches())
    if obj.get("/Contents") is not None:
        walker.run(page, _inherited(obj, "/Resources"))
    return PageScan(number, media, _box(obj.get("/TrimBox")), _box(obj.get("/BleedBox")),
                    _box(_inherited(obj, "/CropBox")), tuple(walker.items))


def scan_pdf(pdf: pikepdf.Pdf) -> list[PageScan]:
    """Every page's marks, in page order (page numbers from 1)."""
    caches = Caches()
    return [scan_page(page, number, caches) for number, page in enumerate(pdf.pages, start=1)]


def page_scans(job: Any) -> list[PageScan]:
    """The scan of the job's PDF, made once and shared by every check of the run."""
    scans = job.cache.get(CACHE_KEY)
    if scans is None:
        scans = job.cache[CACHE_KEY] = scan_pdf(job.pdf)
    return scans
