"""Output checks: what a print shop or an archive looks at in the finished file — non-CMYK colour in
print, total ink, page boxes and bleed, links that go nowhere, metadata and the output intent.

Everything reads the `PdfJob`'s open pikepdf document once; what two checks need (page boxes, the file
digest) is kept in `job.cache`. The ink check renders the pages with Ghostscript, two processes at a time,
and caches the per-page result by the sha256 of the PDF bytes, so rebuilding identical bytes costs nothing.
Findings carry the page and, where something was drawn, its box in PDF points, which the layout trace
turns into the YAML file:line:col.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pikepdf

from ..diagnostics import Diagnostics, Location
from . import MM, PdfJob, check
from .trace import Box

# ---------------------------------------------------------------------------------------------- geometry

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNIT_SQUARE: Box = (0.0, 0.0, 1.0, 1.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """`m` then `n` (PDF's row-vector convention: `cm` makes the new CTM `M × CTM`)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def transform_box(m: Matrix, box: Box) -> Box:
    """The axis-aligned box around `box` mapped through `m`."""
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return (min(xs), min(ys), max(xs), max(ys))


def union(a: Box | None, b: Box) -> Box:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def inside(inner: Box, outer: Box, tol: float = 0.05) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def as_box(value: Any) -> Box | None:
    """A PDF rectangle as (x0, y0, x1, y1) with x0 <= x1, y0 <= y1; None when absent or malformed."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def as_matrix(value: Any) -> Matrix:
    try:
        a, b, c, d, e, f = (float(v) for v in value)
    except (TypeError, ValueError):
        return IDENTITY
    return (a, b, c, d, e, f)


def numbers(args: Iterable[Any]) -> list[float]:
    """The numeric operands (pikepdf gives int and Decimal)."""
    return [float(a) for a in args if isinstance(a, (int, float, Decimal)) and not isinstance(a, bool)]


def mm(pt: float) -> str:
    return f"{pt / MM:.1f} mm"


def fmt_box(box: Box) -> str:
    return "[" + " ".join(f"{v:.1f}" for v in box) + "]"


def page_list(pages: list[int]) -> str:
    """Names the pages one diagnostic stands for: "page 3", "pages 1–16", "pages 2, 5, 9"."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}–{pages[-1]}"
    shown = ", ".join(str(p) for p in pages[:8])
    return f"pages {shown}" + (f" and {len(pages) - 8} more" if len(pages) > 8 else "")


def report_grouped(job: PdfJob, diags: Diagnostics, severity: str, code: str,
                   problems: dict[str, list[int]], *hints: str) -> None:
    """One diagnostic per distinct problem (identical on many pages in a generated file), placed on the
    first page it occurs on and naming the others."""
    for message, pages in problems.items():
        suffix = f" ({page_list(pages)})" if len(pages) > 1 else ""
        job.report(diags, severity, code, message + suffix, *hints, page=pages[0])


# ------------------------------------------------------------------------------------------- page boxes

@dataclass(frozen=True)
class PageBoxes:
    page: int
    media: Box
    crop: Box | None
    trim: Box | None
    bleed: Box | None
    art: Box | None
    rotate: int

    @property
    def visible(self) -> Box:
        """What a viewer shows and what the Bleed/Trim/Art boxes are clipped to: CropBox ∩ MediaBox."""
        return intersect(self.crop, self.media) if self.crop else self.media


def inherited(page: pikepdf.Page, key: str) -> Any:
    """MediaBox, CropBox and Rotate are inheritable from the page tree; the other boxes are not."""
    node: Any = page.obj
    for _ in range(32):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def page_boxes(job: PdfJob) -> list[PageBoxes]:
    """Every page's boxes, read once per job (boxes, bleed and ink checks all need them)."""
    if "output.boxes" not in job.cache:
        found = []
        for i, page in enumerate(job.pdf.pages, start=1):
            media = as_box(inherited(page, "/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
            rotate = inherited(page, "/Rotate")
            found.append(PageBoxes(i, media, as_box(inherited(page, "/CropBox")), as_box(page.obj.get("/TrimBox")),
                                   as_box(page.obj.get("/BleedBox")), as_box(page.obj.get("/ArtBox")),
                                   int(rotate) % 360 if rotate is not None else 0))
        job.cache["output.boxes"] = found
    return list(job.cache["output.boxes"])


def digest(job: PdfJob) -> str:
    if "sha256" not in job.cache:
        job.cache["sha256"] = hashlib.sha256(job.data).hexdigest()
    return str(job.cache["sha256"])


# ------------------------------------------------------------------------------------------ colour spaces

RGB_FAMILIES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB", "/Lab": "Lab"}
PRINTABLE_NAMES = {"/DeviceGray", "/G", "/CalGray", "/DeviceCMYK", "/CMYK", "/Pattern"}
ICC_LABELS = {"RGB": "ICC RGB", "Lab": "ICC Lab", "XYZ": "ICC XYZ", "GRAY": "", "CMYK": ""}


def icc_signature(stream: Any) -> str:
    """The colour space signature of an ICC profile (header bytes 16–20: 'CMYK', 'RGB', 'GRAY', 'Lab'),
    '' when the stream is not an ICC profile."""
    try:
        head = bytes(stream.read_bytes()[:128])
    except (pikepdf.PdfError, AttributeError):
        return ""
    if len(head) < 128 or head[36:40] != b"acsp":
        return ""
    return head[16:20].decode("latin-1").strip()


def non_cmyk(cs: Any, resources: Any = None, depth: int = 0) -> str | None:
    """None when colour in `cs` prints on CMYK plates as it is (gray, CMYK, ICC gray/CMYK, spot colours and
    patterns over those); otherwise a short name of what it is: "DeviceRGB", "Lab", "ICC RGB",
    "Indexed over DeviceRGB", "Separation /Gold over Lab". A named space is looked up in `resources`."""
    if cs is None or depth > 8:
        return None
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        if name in RGB_FAMILIES:
            return RGB_FAMILIES[name]
        if name in PRINTABLE_NAMES or resources is None:
            return None
        named = (resources.get("/ColorSpace") or {}).get(name)
        return non_cmyk(named, None, depth + 1) if named is not None else None
    if not isinstance(cs, pikepdf.Array) or len(cs) == 0:
        return None
    family = str(cs[0])
    if len(cs) == 1:
        return non_cmyk(cs[0], resources, depth + 1)
    if family in RGB_FAMILIES:
        return RGB_FAMILIES[family]
    if family == "/ICCBased":
        n = int(cs[1].get("/N", 0))
        return None if n in (1, 4) else (ICC_LABELS.get(icc_signature(cs[1])) or f"ICC ({n} components)")
    return _non_cmyk_compound(cs, family, resources, depth)


def _non_cmyk_compound(cs: Any, family: str, resources: Any, depth: int) -> str | None:
    """Indexed, Separation, DeviceN and Pattern spaces print as their base or alternate space does."""
    if family in ("/Indexed", "/I"):
        base = non_cmyk(cs[1], resources, depth + 1)
        return f"Indexed over {base}" if base else None
    if family == "/Separation" and len(cs) > 2:
        if str(cs[1]) in ("/All", "/None"):
            return None
        alt = non_cmyk(cs[2], resources, depth + 1)
        return f"Separation {cs[1]} over {alt}" if alt else None
    if family == "/DeviceN" and len(cs) > 2:
        alt = non_cmyk(cs[2], resources, depth + 1)
        return f"DeviceN over {alt}" if alt else None
    if family == "/Pattern":
        base = non_cmyk(cs[1], resources, depth + 1)
        return f"Pattern over {base}" if base else None
    return None


def is_pattern_space(cs: Any, resources: Any) -> bool:
    if isinstance(cs, pikepdf.Name):
        if str(cs) == "/Pattern":
            return True
        cs = (resources.get("/ColorSpace") or {}).get(str(cs)) if resources is not None else None
    return isinstance(cs, pikepdf.Array) and len(cs) > 0 and str(cs[0]) == "/Pattern"


# ------------------------------------------------------------------------------------ colour content scan

@dataclass(frozen=True)
class ColourFinding:
    page: int
    kind: str          # "text", "a filled shape", "a picture", … (what a designer recognises)
    space: str         # "DeviceRGB", "ICC RGB", …
    box: Box | None
    detail: str = ""   # e.g. the image resource name and size

    @property
    def what(self) -> str:
        return f"{self.kind}{' ' + self.detail if self.detail else ''} in {self.space}"


@dataclass
class GState:
    """The part of the graphics state the colour scan follows (saved and restored by q/Q)."""
    ctm: Matrix = IDENTITY
    fill: str | None = None            # non-CMYK description of the fill colour, None when printable
    stroke: str | None = None
    fill_pattern: bool = False         # the fill colour space is a Pattern space (scn takes a name)
    stroke_pattern: bool = False
    clip: Box | None = None
    font_size: float = 10.0
    leading: float = 0.0
    render: int = 0                    # text rendering mode


FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
PAINT_OPS = FILL_OPS | STROKE_OPS | {"n"}
SHOW_OPS = {"Tj", "TJ", "'", '"'}
MAX_DEPTH = 16


@dataclass
class ColourScan:
    """Walks page content (and the forms, patterns, soft masks and appearance streams it uses) with a
    q/Q/cm tracker, recording every place a non-CMYK colour is painted, with the box it lands in.

    Deliberately small: text position is the start of each show operator (enough to find the paragraph),
    paths are boxed by their points, shadings by the current clip. Type 3 glyph procedures and JPEG 2000
    images without a /ColorSpace are not looked into."""

    findings: list[ColourFinding] = field(default_factory=list)
    parsed: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    patterns: dict[tuple[int, int], str | None] = field(default_factory=dict)
    active: set[tuple[int, int]] = field(default_factory=set)

    def instructions(self, obj: Any) -> list[Any]:
        key = obj.objgen
        if key == (0, 0):
            return list(pikepdf.parse_content_stream(obj))
        if key not in self.parsed:
            self.parsed[key] = list(pikepdf.parse_content_stream(obj))
        return self.parsed[key]

    def add(self, page: int, kind: str, space: str | None, box: Box | None, detail: str = "") -> None:
        if space:
            self.findings.append(ColourFinding(page, kind, space, box, detail))

    def scan_page(self, page_no: int, page: pikepdf.Page) -> None:
        res = page.obj.get("/Resources")
        group = page.obj.get("/Group")
        if group is not None:
            self.add(page_no, "the page's transparency group", non_cmyk(group.get("/CS"), res), None)
        self.run(page.obj, res, GState(), page_no, 0)
        for annot in page.obj.get("/Annots") or []:
            self.scan_annotation(page_no, annot)

    def scan_annotation(self, page_no: int, annot: Any) -> None:
        """Appearance streams print with the page; findings are placed on the annotation's /Rect."""
        appearance = (annot.get("/AP") or {}).get("/N")
        streams = [appearance] if isinstance(appearance, pikepdf.Stream) else \
            [v for v in (appearance or {}).values() if isinstance(v, pikepdf.Stream)]
        rect = as_box(annot.get("/Rect"))
        for stream in streams:
            before = len(self.findings)
            self.run(stream, stream.get("/Resources"), GState(), page_no, 1)
            self.findings[before:] = [replace(f, box=rect, kind=f"{f.kind} (annotation)")
                                      for f in self.findings[before:]]

    def run(self, obj: Any, res: Any, gs: GState, page: int, depth: int) -> None:
        """Interpret one content stream under `gs` (a form's or pattern's state starts as a copy)."""
        if depth > MAX_DEPTH or obj.objgen in self.active:
            return
        if obj.objgen != (0, 0):
            self.active.add(obj.objgen)
        try:
            Interpreter(self, res, gs, page, depth).run(self.instructions(obj))
        except pikepdf.PdfError:
            pass   # a damaged stream: other tools report it; the colours we could read are recorded
        finally:
            self.active.discard(obj.objgen)

    def pattern_space(self, pattern: Any, page: int, depth: int) -> str | None:
        """What a coloured pattern paints with: a shading pattern's space, or the first non-CMYK colour
        inside a tiling pattern's cell."""
        key = pattern.objgen
        if key in self.patterns:
            return self.patterns[key]
        result: str | None = None
        if int(pattern.get("/PatternType", 0)) == 2:
            shading = pattern.get("/Shading")
            result = non_cmyk(shading.get("/ColorSpace")) if shading is not None else None
        elif int(pattern.get("/PaintType", 1)) == 1 and isinstance(pattern, pikepdf.Stream):
            inner = ColourScan(parsed=self.parsed, patterns=self.patterns, active=self.active)
            inner.run(pattern, pattern.get("/Resources"), GState(), page, depth + 1)
            result = inner.findings[0].space if inner.findings else None
        self.patterns[key] = result
        return result


class Interpreter:
    """One content stream's operators; `scan` collects the findings."""

    def __init__(self, scan: ColourScan, res: Any, gs: GState, page: int, depth: int) -> None:
        self.scan, self.res, self.gs, self.page, self.depth = scan, res, gs, page, depth
        self.stack: list[GState] = []
        self.path: Box | None = None
        self.clip_pending = False
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY

    def run(self, instructions: Iterable[Any]) -> None:
        for item in instructions:
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                self.inline_image(item.iimage.obj)
                continue
            op = str(item.operator)
            args = list(item.operands)
            handler = DISPATCH.get(op)
            if handler is not None:
                handler(self, op, args)
            elif op in PAINT_OPS:
                self.paint(op)
            elif op in SHOW_OPS:
                self.show(op, args)
            elif op in TEXT_OPS:
                self.text_state(op, args)

    # graphics state
    def save(self, op: str, args: list[Any]) -> None:
        self.stack.append(replace(self.gs))

    def restore(self, op: str, args: list[Any]) -> None:
        if self.stack:
            self.gs = self.stack.pop()

    def concat(self, op: str, args: list[Any]) -> None:
        self.gs.ctm = multiply(as_matrix(args), self.gs.ctm)

    # colour
    def device_colour(self, op: str, args: list[Any]) -> None:
        space = "DeviceRGB" if op in ("rg", "RG") else None
        if op.isupper():
            self.gs.stroke, self.gs.stroke_pattern = space, False
        else:
            self.gs.fill, self.gs.fill_pattern = space, False

    def colour_space(self, op: str, args: list[Any]) -> None:
        cs = args[0] if args else None
        space, pattern = non_cmyk(cs, self.res), is_pattern_space(cs, self.res)
        if op == "CS":
            self.gs.stroke, self.gs.stroke_pattern = space, pattern
        else:
            self.gs.fill, self.gs.fill_pattern = space, pattern

    def colour_value(self, op: str, args: list[Any]) -> None:
        """`scn /P1` in a Pattern space: the colour is whatever the pattern paints with."""
        stroke = op == "SCN"
        if not (self.gs.stroke_pattern if stroke else self.gs.fill_pattern):
            return
        if not args or not isinstance(args[-1], pikepdf.Name):
            return
        pattern = (self.res.get("/Pattern") or {}).get(str(args[-1])) if self.res is not None else None
        if pattern is None:
            return
        space = self.scan.pattern_space(pattern, self.page, self.depth)
        uncoloured = int(pattern.get("/PaintType", 1)) == 2
        if stroke:
            self.gs.stroke = self.gs.stroke if uncoloured else space
        else:
            self.gs.fill = self.gs.fill if uncoloured else space

    def ext_gstate(self, op: str, args: list[Any]) -> None:
        """A soft mask's transparency group blends in its own colour space (and may draw in others)."""
        egs = (self.res.get("/ExtGState") or {}).get(str(args[0])) if self.res is not None and args else None
        smask = egs.get("/SMask") if egs is not None else None
        if not isinstance(smask, pikepdf.Dictionary) or not isinstance(smask.get("/G"), pikepdf.Stream):
            return
        form = smask.G
        box = transform_box(multiply(as_matrix(form.get("/Matrix", IDENTITY)), self.gs.ctm),
                            as_box(form.get("/BBox")) or UNIT_SQUARE)
        group = form.get("/Group")
        self.scan.add(self.page, "a soft mask", non_cmyk(group.get("/CS") if group is not None else None), box)
        self.scan.run(form, form.get("/Resources") or self.res, GState(ctm=self.gs.ctm), self.page,
                      self.depth + 1)

    # paths and painting
    def path_points(self, op: str, args: list[Any]) -> None:
        nums = numbers(args)
        if op == "re" and len(nums) == 4:
            x, y, w, h = nums
            nums = [x, y, x + w, y + h]
        for i in range(0, len(nums) - 1, 2):
            x, y = nums[i], nums[i + 1]
            self.path = union(self.path, transform_box(self.gs.ctm, (x, y, x, y)))

    def clip(self, op: str, args: list[Any]) -> None:
        self.clip_pending = True

    def paint(self, op: str) -> None:
        if op in FILL_OPS:
            self.scan.add(self.page, "a filled shape", self.gs.fill, self.path)
        if op in STROKE_OPS:
            self.scan.add(self.page, "a line", self.gs.stroke, self.path)
        if self.clip_pending and self.path is not None:
            self.gs.clip = intersect(self.gs.clip, self.path) if self.gs.clip else self.path
        self.path, self.clip_pending = None, False

    def shading(self, op: str, args: list[Any]) -> None:
        sh = (self.res.get("/Shading") or {}).get(str(args[0])) if self.res is not None and args else None
        if sh is not None:
            self.scan.add(self.page, "a shading", non_cmyk(sh.get("/ColorSpace"), self.res), self.gs.clip)

    # text
    def text_state(self, op: str, args: list[Any]) -> None:
        nums = numbers(args)
        if op == "BT":
            self.tm = self.tlm = IDENTITY
        elif op == "Tm" and len(nums) == 6:
            self.tm = self.tlm = as_matrix(nums)
        elif op in ("Td", "TD") and len(nums) == 2:
            if op == "TD":
                self.gs.leading = -nums[1]
            self.next_line(nums[0], nums[1])
        elif op == "T*":
            self.next_line(0.0, -self.gs.leading)
        elif op == "Tf" and len(args) == 2:
            self.gs.font_size = abs(float(args[1])) or self.gs.font_size
        elif op == "TL" and nums:
            self.gs.leading = nums[0]
        elif op == "Tr" and nums:
            self.gs.render = int(nums[0])

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def show(self, op: str, args: list[Any]) -> None:
        if op in ("'", '"'):
            self.next_line(0.0, -self.gs.leading)
        fs = self.gs.font_size
        box = transform_box(multiply(self.tm, self.gs.ctm), (0.0, -0.2 * fs, fs, 0.8 * fs))
        if self.gs.render in (0, 2, 4, 6):
            self.scan.add(self.page, "text", self.gs.fill, box)
        if self.gs.render in (1, 2, 5, 6):
            self.scan.add(self.page, "outlined text", self.gs.stroke, box)

    # images and forms
    def xobject(self, op: str, args: list[Any]) -> None:
        xo = (self.res.get("/XObject") or {}).get(str(args[0])) if self.res is not None and args else None
        if not isinstance(xo, pikepdf.Stream):
            return
        if xo.get("/Subtype") == "/Image":
            self.image(xo, str(args[0]))
        elif xo.get("/Subtype") == "/Form":
            self.form(xo)

    def image(self, xo: Any, name: str) -> None:
        box = transform_box(self.gs.ctm, UNIT_SQUARE)
        if xo.get("/ImageMask"):
            self.scan.add(self.page, "a stencil mask", self.gs.fill, box)
            return
        detail = f"{name} ({int(xo.get('/Width', 0))}×{int(xo.get('/Height', 0))} px)"
        self.scan.add(self.page, "a picture", non_cmyk(xo.get("/ColorSpace")), box, detail)

    def inline_image(self, obj: Any) -> None:
        box = transform_box(self.gs.ctm, UNIT_SQUARE)
        if obj.get("/ImageMask"):
            self.scan.add(self.page, "a stencil mask", self.gs.fill, box)
        else:
            self.scan.add(self.page, "an inline picture", non_cmyk(obj.get("/ColorSpace"), self.res), box)

    def form(self, xo: Any) -> None:
        ctm = multiply(as_matrix(xo.get("/Matrix", IDENTITY)), self.gs.ctm)
        group = xo.get("/Group")
        if group is not None:
            box = transform_box(ctm, as_box(xo.get("/BBox")) or UNIT_SQUARE)
            self.scan.add(self.page, "a transparency group", non_cmyk(group.get("/CS"), self.res), box)
        self.scan.run(xo, xo.get("/Resources") or self.res, replace(self.gs, ctm=ctm), self.page, self.depth + 1)


TEXT_OPS = {"BT", "Tm", "Td", "TD", "T*", "Tf", "TL", "Tr"}
DISPATCH = {
    "q": Interpreter.save, "Q": Interpreter.restore, "cm": Interpreter.concat,
    "g": Interpreter.device_colour, "G": Interpreter.device_colour, "k": Interpreter.device_colour,
    "K": Interpreter.device_colour, "rg": Interpreter.device_colour, "RG": Interpreter.device_colour,
    "cs": Interpreter.colour_space, "CS": Interpreter.colour_space,
    "sc": Interpreter.colour_value, "scn": Interpreter.colour_value, "SC": Interpreter.colour_value,
    "SCN": Interpreter.colour_value, "gs": Interpreter.ext_gstate,
    "m": Interpreter.path_points, "l": Interpreter.path_points, "c": Interpreter.path_points,
    "v": Interpreter.path_points, "y": Interpreter.path_points, "re": Interpreter.path_points,
    "W": Interpreter.clip, "W*": Interpreter.clip, "sh": Interpreter.shading, "Do": Interpreter.xobject,
}


def colour_findings(job: PdfJob) -> list[ColourFinding]:
    """Every non-CMYK colour painted in the document (scanned once per job)."""
    if "output.colour" not in job.cache:
        scan = ColourScan()
        for i, page in enumerate(job.pdf.pages, start=1):
            scan.scan_page(i, page)
        job.cache["output.colour"] = scan.findings
    return list(job.cache["output.colour"])


COLOUR_HINTS = {
    "a picture": "pictures from the YAML are converted to CMYK through the output profile; one placed "
                 "another way (a chart, an embedded PDF) must be CMYK or grayscale already",
    "text": "give the colour a cmyk value in the layout palette (colours: NAME: {rgb: …, cmyk: [c, m, y, k]})",
}
DEFAULT_COLOUR_HINT = ("use palette colours with cmyk values, or convert the element to CMYK; the print "
                       "shop's RIP would convert RGB on its own and the colour shifts")


@check("pdf.rgb-colour")
def rgb_colour(job: PdfJob, diags: Diagnostics) -> None:
    """Print must be CMYK (and gray) only. One diagnostic per page, kind of colour and YAML element."""
    if not job.target.cmyk:
        return
    seen: set[tuple[int, str, Location | None]] = set()
    for f in colour_findings(job):
        where = job.locate(f.page, f.box)
        key = (f.page, f.what if f.kind == "a picture" else f"{f.kind}/{f.space}", where)
        if key in seen:
            continue
        seen.add(key)
        at = f" at {fmt_box(f.box)} pt" if f.box is not None and f.kind == "a picture" else ""
        job.report(diags, "error", "pdf.rgb-colour",
                   f"{f.what}{at}: the {job.edition} edition must use CMYK (or gray) only",
                   COLOUR_HINTS.get(f.kind, DEFAULT_COLOUR_HINT), page=f.page, box=f.box, where=where)


# ------------------------------------------------------------------------------------------------ ink

# The ink map: Ghostscript renders CMYK at 50 ppi, one value per 0.5 mm square, with anti-aliased edges
# (a square's value is the coverage-weighted ink of what is drawn in it; pictures are point-sampled).
# Total area coverage is about areas: a patch counts when it holds a block of 3 × 3 squares (1.5 mm, some
# 9 × 9 halftone cells at 60 l/cm) over the limit. A morphological opening drops smaller specks — small
# text, rules, JPEG noise around a picture already converted to the limit — which do not set off or dry
# slowly, and which a point sample would turn into false errors. Rendering is cheap at this resolution
# (interpreting fonts and decoding images dominate: 72 ppi costs 30 % more, 2× oversampling 50 %), and
# 0.5 mm is plenty to point at the element.
INK_PPI = 50
INK_MIN_AREA = 3        # squares: the smallest patch reported is INK_MIN_AREA × INK_MIN_AREA
INK_WORKERS = 2
GS_TIMEOUT = 600
INK_CACHE_VERSION = 3
GS_NAMES = ("gs", "gswin64c", "gswin32c")


@dataclass(frozen=True)
class InkPage:
    page: int
    peak: float             # highest C+M+Y+K anywhere inside the bleed box, %
    area_peak: float        # highest C+M+Y+K inside the patches over the limit, % (0 when none)
    over: Box | None        # PDF box around every patch over the limit


class ToolFailed(Exception):
    pass


def ghostscript() -> str | None:
    for name in GS_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def ink_area(b: PageBoxes) -> Box:
    """What ends up on paper: the BleedBox (clipped to what is visible), else the TrimBox, else the page.
    Crop marks and colour bars outside it are printed in registration (400 %) by design."""
    return intersect(b.bleed or b.trim or b.visible, b.visible)


def to_pixels(b: PageBoxes, x: float, y: float) -> tuple[float, float]:
    """PDF point -> position in the ink map (Ghostscript renders the MediaBox, turned by /Rotate)."""
    s = INK_PPI / 72
    mx0, my0, mx1, my1 = b.media
    if b.rotate == 90:
        return (y - my0) * s, (x - mx0) * s
    if b.rotate == 180:
        return (mx1 - x) * s, (y - my0) * s
    if b.rotate == 270:
        return (my1 - y) * s, (mx1 - x) * s
    return (x - mx0) * s, (my1 - y) * s


def to_pdf(b: PageBoxes, px: float, py: float) -> tuple[float, float]:
    s = 72 / INK_PPI
    mx0, my0, mx1, my1 = b.media
    if b.rotate == 90:
        return mx0 + py * s, my0 + px * s
    if b.rotate == 180:
        return mx1 - px * s, my0 + py * s
    if b.rotate == 270:
        return mx1 - py * s, my1 - px * s
    return mx0 + px * s, my1 - py * s


def pixel_rect(b: PageBoxes, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The map squares whose centres lie inside the printed area."""
    area = ink_area(b)
    (ax, ay), (bx, by) = to_pixels(b, area[0], area[1]), to_pixels(b, area[2], area[3])
    x0, x1 = sorted((ax, bx))
    y0, y1 = sorted((ay, by))
    return (max(0, math.ceil(x0 - 0.5)), max(0, math.ceil(y0 - 0.5)),
            min(size[0], math.floor(x1 - 0.5) + 1), min(size[1], math.floor(y1 - 0.5) + 1))


def total_ink(im: Any) -> Any:
    """C+M+Y+K per pixel (0–1020) as a 32-bit image."""
    from PIL import ImageMath

    c, m, y, k = (ch.convert("I") for ch in im.split())
    if hasattr(ImageMath, "lambda_eval"):
        return ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return ImageMath.eval("c + m + y + k", c=c, m=m, y=y, k=k)  # type: ignore[attr-defined]  # Pillow < 10.3


def patches_over(total: Any, threshold: float) -> Any:
    """A 0/1 mask of the squares over `threshold` that belong to a patch of at least INK_MIN_AREA²
    squares (erode, then dilate back)."""
    from PIL import ImageFilter, ImageMath

    if hasattr(ImageMath, "lambda_eval"):
        over = ImageMath.lambda_eval(lambda a: a["t"] > threshold, t=total)
    else:
        over = ImageMath.eval(f"t > {threshold}", t=total)  # type: ignore[attr-defined]  # Pillow < 10.3
    mask = over.convert("L")
    return mask.filter(ImageFilter.MinFilter(INK_MIN_AREA)).filter(ImageFilter.MaxFilter(INK_MIN_AREA))


def masked_peak(total: Any, mask: Any) -> int:
    from PIL import ImageMath

    if hasattr(ImageMath, "lambda_eval"):
        inside_mask = ImageMath.lambda_eval(lambda a: a["t"] * a["m"], t=total, m=mask)
    else:
        inside_mask = ImageMath.eval("t * m", t=total, m=mask)  # type: ignore[attr-defined]  # Pillow < 10.3
    return int(inside_mask.getextrema()[1] or 0)


def measure(tif: Path, b: PageBoxes, limit: float) -> InkPage:
    """The peak total ink inside the printed area, and the patches over `limit` (peak and box)."""
    from PIL import Image

    with Image.open(tif) as im:
        x0, y0, x1, y1 = pixel_rect(b, im.size)
        if x1 <= x0 or y1 <= y0:
            return InkPage(b.page, 0.0, 0.0, None)
        total = total_ink(im.convert("CMYK").crop((x0, y0, x1, y1)))
    peak = round((total.getextrema()[1] or 0) * 100 / 255, 1)
    mask = patches_over(total, limit * 255 / 100) if peak > limit else None
    over = mask.getbbox() if mask is not None else None
    if mask is None or over is None:
        return InkPage(b.page, peak, 0.0, None)
    (ax, ay), (bx, by) = to_pdf(b, x0 + over[0], y0 + over[1]), to_pdf(b, x0 + over[2], y0 + over[3])
    box = (round(min(ax, bx), 1), round(min(ay, by), 1), round(max(ax, bx), 1), round(max(ay, by), 1))
    return InkPage(b.page, peak, round(masked_peak(total, mask) * 100 / 255, 1), box)


def gs_command(gs: str, pdf: Path, out: Path, pages: list[int]) -> list[str]:
    """tiff32nc: 8-bit CMYK. DeviceCMYK values pass through unchanged (the same default CMYK profile in
    and out); the PDF's output intent is not applied (that needs -dUsePDFX3Profile)."""
    return [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", "-sDEVICE=tiff32nc", f"-r{INK_PPI}",
            "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
            f"-sPageList={','.join(str(p) for p in pages)}", f"-sOutputFile={out / 'p%04d.tif'}", str(pdf)]


def render_ink(gs: str, data: bytes, boxes: list[PageBoxes], limit: float) -> list[InkPage]:
    """Render with up to INK_WORKERS Ghostscript processes, pages dealt out in turn (1,3,5… / 2,4,6…) so
    both get a similar share of heavy pages."""
    workers = max(1, min(INK_WORKERS, os.cpu_count() or 1, len(boxes)))
    groups = [boxes[i::workers] for i in range(workers)]
    from ..tempfiles import die_with_parent, temp_dir

    with temp_dir("ink") as tmp:
        pdf = tmp / "in.pdf"
        pdf.write_bytes(data)
        outs = [tmp / f"w{i}" for i in range(workers)]
        procs: list[subprocess.Popen[bytes]] = []
        try:
            for out, group in zip(outs, groups, strict=True):
                out.mkdir()
                procs.append(subprocess.Popen(gs_command(gs, pdf, out, [b.page for b in group]),
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                              preexec_fn=die_with_parent if os.name == "posix" else None))
            errors = wait_all(procs)
        finally:
            for proc in procs:          # interrupted (a signal): no Ghostscript outlives us
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if errors:
            raise ToolFailed(errors)
        result = []
        for out, group in zip(outs, groups, strict=True):
            for j, b in enumerate(group, start=1):
                tif = out / f"p{j:04d}.tif"
                if not tif.exists():
                    raise ToolFailed(f"Ghostscript wrote no image for page {b.page}")
                result.append(measure(tif, b, limit))
    return sorted(result, key=lambda p: p.page)


def wait_all(procs: list[subprocess.Popen[bytes]]) -> str:
    """Wait for every process (killing all on timeout); the stderr tail of those that failed."""
    errors = []
    try:
        for proc in procs:
            _, err = proc.communicate(timeout=GS_TIMEOUT)
            if proc.returncode:
                errors.append(err.decode("utf-8", "replace").strip()[-300:] or f"exit {proc.returncode}")
    except subprocess.TimeoutExpired:
        for proc in procs:
            proc.kill()
            proc.communicate()
        return f"Ghostscript took longer than {GS_TIMEOUT} s"
    return "; ".join(errors)


def ink_cache_path(job: PdfJob) -> Path:
    from ..cache import cache_dir

    name = f"ink-{digest(job)}-{INK_PPI}ppi-{INK_MIN_AREA}-{job.target.ink_limit:g}.json"
    return cache_dir("preflight") / name


def cached_ink(path: Path) -> list[InkPage] | None:
    try:
        entry = json.loads(path.read_text())
        if entry["version"] != INK_CACHE_VERSION:
            return None
        return [InkPage(p["page"], p["peak"], p["area_peak"], tuple(p["over"]) if p["over"] else None)
                for p in entry["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_ink(path: Path, pages: list[InkPage]) -> None:
    from ..cache import write_atomic

    entry = {"version": INK_CACHE_VERSION, "ppi": INK_PPI, "min_area": INK_MIN_AREA,
             "pages": [{"page": p.page, "peak": p.peak, "area_peak": p.area_peak,
                        "over": list(p.over) if p.over else None} for p in pages]}
    write_atomic(path, json.dumps(entry).encode())


def ink_pages(job: PdfJob, diags: Diagnostics) -> list[InkPage] | None:
    """Per-page ink from the cache, else rendered (and cached); None, with a diagnostic, when it could not
    be measured."""
    path = ink_cache_path(job)
    cached = cached_ink(path)
    if cached is not None:
        return cached
    severity = "error" if job.target.need_tools else "warning"
    gs = ghostscript()
    if gs is None:
        job.report(diags, severity, "preflight.tool-missing", "ink limit not checked: Ghostscript not found",
                   "install it (apt-get install ghostscript, brew install ghostscript)")
        return None
    try:
        pages = render_ink(gs, job.data, page_boxes(job), job.target.ink_limit)
    except (ToolFailed, OSError) as exc:
        job.report(diags, severity, "preflight.tool-failed", f"ink limit not checked: Ghostscript failed: {exc}",
                   "run gs on the file by hand to see why it cannot render it")
        return None
    store_ink(path, pages)
    return pages


@check("pdf.ink-limit")
def ink_limit(job: PdfJob, diags: Diagnostics) -> None:
    """Total area coverage (C+M+Y+K) over the limit smears, sets off and dries slowly on press."""
    if not job.target.cmyk:
        return
    limit = job.target.ink_limit
    for p in ink_pages(job, diags) or []:
        if p.over is None:
            continue
        w, h = p.over[2] - p.over[0], p.over[3] - p.over[1]
        job.report(diags, "error", "pdf.ink-limit",
                   f"total ink reaches {p.area_peak:.0f} %, over the {limit:g} % limit, in an area of "
                   f"{w / MM:.0f} × {h / MM:.0f} mm at {fmt_box(p.over)} pt",
                   "build dark colours with more K and less C+M+Y (palette cmyk values); pictures converted "
                   "through the print profile stay within its limit — lower preflight.ink_limit only if the "
                   "print shop allows it", page=p.page, box=p.over)


# ---------------------------------------------------------------------------------------------- boxes

def box_nesting(b: PageBoxes) -> list[str]:
    """Trim ⊆ Bleed ⊆ Media, Art ⊆ Trim (or the page when there is no TrimBox)."""
    problems = []
    if b.bleed and not inside(b.bleed, b.media):
        problems.append(f"the BleedBox {fmt_box(b.bleed)} is not inside the MediaBox {fmt_box(b.media)}")
    if b.trim and b.bleed and not inside(b.trim, b.bleed):
        problems.append(f"the TrimBox {fmt_box(b.trim)} is not inside the BleedBox {fmt_box(b.bleed)}")
    if b.trim and not inside(b.trim, b.media):
        problems.append(f"the TrimBox {fmt_box(b.trim)} is not inside the MediaBox {fmt_box(b.media)}")
    if b.art and not inside(b.art, b.trim or b.media):
        outer = "TrimBox" if b.trim else "MediaBox"
        problems.append(f"the ArtBox {fmt_box(b.art)} is not inside the {outer} {fmt_box(b.trim or b.media)}")
    for name, box in (("MediaBox", b.media), ("TrimBox", b.trim), ("BleedBox", b.bleed), ("ArtBox", b.art)):
        if box and (box[2] - box[0] < 1 or box[3] - box[1] < 1):
            problems.append(f"the {name} {fmt_box(box)} is empty")
    return problems


@check("pdf.boxes")
def boxes(job: PdfJob, diags: Diagnostics) -> None:
    """A print shop trims to the TrimBox and expects the bleed in the BleedBox; boxes that do not nest
    are read differently by every RIP."""
    missing: dict[str, list[int]] = {}
    wrong: dict[str, list[int]] = {}
    for b in page_boxes(job):
        if job.target.bleed > 0:
            absent = [name for name, box in (("TrimBox", b.trim), ("BleedBox", b.bleed)) if box is None]
            if absent:
                missing.setdefault(f"the page has no {' and no '.join(absent)}", []).append(b.page)
        for problem in box_nesting(b):
            wrong.setdefault(problem, []).append(b.page)
    report_grouped(job, diags, "error", "pdf.boxes", missing,
                   "a print file needs both on every page: TrimBox = finished size, BleedBox = trim + bleed "
                   "(the print edition sets them; for other files export with bleed and trim marks)")
    report_grouped(job, diags, "error", "pdf.boxes", wrong,
                   "the boxes must nest: TrimBox inside BleedBox inside MediaBox, ArtBox inside TrimBox")


@check("pdf.bleed-too-small")
def bleed_too_small(job: PdfJob, diags: Diagnostics) -> None:
    """The printed bleed is what the BleedBox covers beyond the trim, clipped to the visible page."""
    wanted = job.target.bleed
    if wanted <= 0:
        return
    problems: dict[str, list[int]] = {}
    for b in page_boxes(job):
        if b.trim is None or b.bleed is None:
            continue
        eff = intersect(b.bleed, b.visible)
        sides = {"left": b.trim[0] - eff[0], "bottom": b.trim[1] - eff[1],
                 "right": eff[2] - b.trim[2], "top": eff[3] - b.trim[3]}
        short = {side: v for side, v in sides.items() if v < wanted - 0.1}
        if short:
            found = ", ".join(f"{mm(max(v, 0.0))} {side}" for side, v in short.items())
            problems.setdefault(f"the bleed is {found}; {mm(wanted)} wanted on every side", []).append(b.page)
    report_grouped(job, diags, "error", "pdf.bleed-too-small", problems,
                   f"extend backgrounds and pictures {mm(wanted)} past the trim and set the BleedBox to match "
                   "(layout page.bleed)")


# ---------------------------------------------------------------------------------------------- links

FIT_TYPES = {"/XYZ", "/Fit", "/FitH", "/FitV", "/FitR", "/FitB", "/FitBH", "/FitBV"}
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
NEEDS_HOST = {"http", "https", "ftp", "ftps"}


@dataclass
class LinkContext:
    pages: dict[tuple[int, int], int]     # page objgen -> page number
    named: dict[str, Any]                 # named destinations (Root /Dests and the /Names /Dests tree)
    base: str                             # Root /URI /Base, for relative URIs


def link_context(job: PdfJob) -> LinkContext:
    if "output.links" in job.cache:
        return job.cache["output.links"]
    root = job.pdf.Root
    named: dict[str, Any] = {}
    for name, dest in (root.get("/Dests") or {}).items():
        named[str(name).lstrip("/")] = dest
    tree = (root.get("/Names") or {}).get("/Dests")
    if tree is not None:
        try:
            for name, dest in pikepdf.NameTree(tree).items():
                named[str(name)] = dest
        except (pikepdf.PdfError, TypeError, ValueError):
            pass
    base = str((root.get("/URI") or {}).get("/Base", ""))
    ctx = LinkContext({p.obj.objgen: i for i, p in enumerate(job.pdf.pages, start=1)}, named, base)
    job.cache["output.links"] = ctx
    return ctx


def dest_problem(dest: Any, ctx: LinkContext) -> str | None:
    """Why a destination (explicit array, name or string) leads nowhere, or None."""
    if isinstance(dest, (pikepdf.Name, pikepdf.String, str)):
        name = str(dest).lstrip("/") if isinstance(dest, pikepdf.Name) else str(dest)
        if name not in ctx.named:
            return f"goes to the named destination '{name}', which the document does not have"
        dest = ctx.named[name]
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
    if not isinstance(dest, pikepdf.Array) or len(dest) < 2:
        return "has a malformed destination"
    target = dest[0]
    if isinstance(target, pikepdf.Dictionary):
        if target.objgen not in ctx.pages:
            return "goes to a page that is not in the document"
    elif isinstance(target, int) or hasattr(target, "as_int"):
        if not 0 <= int(target) < len(ctx.pages):
            return f"goes to page index {int(target)}, beyond the document's {len(ctx.pages)} pages"
    else:
        return "has a destination that names no page"
    if str(dest[1]) not in FIT_TYPES:
        return f"has a destination with an unknown view {dest[1]}"
    return None


def uri_problem(uri: str, base: str = "") -> str | None:
    """An empty, relative or malformed URI (spaces, no host for web addresses) leads nowhere."""
    text = uri.strip()
    if not text:
        return "has an empty URI"
    if any(ch.isspace() for ch in text) or any(ord(ch) < 32 for ch in text):
        return f"has a URI with spaces or control characters: '{text}'"
    m = SCHEME.match(text)
    if not m or len(m.group(1)) < 2:
        if base and SCHEME.match(base):
            return None
        return f"has a URI without a scheme: '{text}'"
    scheme = m.group(1).lower()
    rest = text[m.end():]
    if scheme in NEEDS_HOST and not re.match(r"//[^/?#]+", rest):
        return f"has a {scheme} URI without a host: '{text}'"
    if not rest:
        return f"has a URI with nothing after '{scheme}:'"
    return None


def link_problem(annot: Any, ctx: LinkContext) -> tuple[str, str] | None:
    """(severity, what is wrong) for a link annotation, or None when it leads somewhere."""
    action = annot.get("/A")
    if not isinstance(action, pikepdf.Dictionary):
        dest = annot.get("/Dest")
        if dest is None:
            return ("error", "has no action and no destination")
        problem = dest_problem(dest, ctx)
        return ("error", problem) if problem else None
    kind = str(action.get("/S", ""))
    if kind == "/GoTo":
        problem = dest_problem(action.get("/D"), ctx)
    elif kind == "/URI":
        problem = uri_problem(str(action.get("/URI", "")), ctx.base)
    elif kind == "/Launch":
        target = action.get("/F") or action.get("/Win") or ""
        problem = f"launches a file or program ({describe_file(target)}), which viewers block and PDF/A forbids"
    elif kind == "/GoToR":
        return ("warning", f"opens another PDF ({describe_file(action.get('/F'))}), which is missing wherever "
                           "this file travels alone")
    elif not kind:
        problem = "has an action without a type (/S)"
    else:
        return None
    return ("error", problem) if problem else None


def describe_file(spec: Any) -> str:
    if isinstance(spec, pikepdf.Dictionary):
        spec = spec.get("/UF") or spec.get("/F") or spec.get("/Unix") or spec.get("/DOS") or ""
    return str(spec) or "unnamed"


def link_annotations(pdf: pikepdf.Pdf) -> Iterator[tuple[int, Any]]:
    for i, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots") or []:
            if isinstance(annot, pikepdf.Dictionary) and annot.get("/Subtype") == "/Link":
                yield i, annot


@check("pdf.dead-link")
def dead_link(job: PdfJob, diags: Diagnostics) -> None:
    """A link that goes nowhere is a broken promise in the email and archive editions."""
    ctx: LinkContext | None = None
    for page_no, annot in link_annotations(job.pdf):
        ctx = ctx or link_context(job)
        found = link_problem(annot, ctx)
        if found is None:
            continue
        severity, problem = found
        rect = as_box(annot.get("/Rect"))
        at = f" at {fmt_box(rect)} pt" if rect else ""
        job.report(diags, severity, "pdf.dead-link", f"a link{at} {problem}",
                   "point it at a section, a page or a full address (https://…, mailto:…)",
                   page=page_no, box=rect)


# ------------------------------------------------------------------------------------------- metadata

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INFO_XMP = (("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
            ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer"))
PLACEHOLDER_TITLES = {"untitled", "(untitled)", "untitled document"}
DATES = (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate"))
PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz])|([+\-])(\d\d)'?(\d\d)?'?)?")
XMP_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?)?)?"
                      r"(?:([Zz])|([+\-])(\d\d):(\d\d))?$")


def xmp_value(element: ElementTree.Element) -> str | list[str]:
    """A property's value: plain text, the x-default of an rdf:Alt, or the items of an rdf:Seq/Bag."""
    for container in element:
        items = [li for li in container if li.tag == f"{{{RDF}}}li"]
        if container.tag == f"{{{RDF}}}Alt":
            chosen = next((li for li in items if li.get(XML_LANG) == "x-default"), items[0] if items else None)
            return (chosen.text or "") if chosen is not None else ""
        if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
            return [li.text or "" for li in items]
    return element.text or ""


def xmp_properties(raw: bytes) -> dict[str, str | list[str]]:
    """The XMP properties we know the namespaces of, as "prefix:name" (prefixes as in editions.finish,
    whatever the file calls them). Raises ElementTree.ParseError for a packet that is not XML."""
    from ..editions.finish import NAMESPACES

    prefixes = {uri: p for p, uri in NAMESPACES.items()}
    root = ElementTree.fromstring(raw.rstrip(b"\x00 \r\n\t"))
    props: dict[str, str | list[str]] = {}

    def key(tag: str) -> str | None:
        if not tag.startswith("{"):
            return None
        uri, local = tag[1:].split("}", 1)
        return f"{prefixes[uri]}:{local}" if uri in prefixes else None

    for desc in root.iter(f"{{{RDF}}}Description"):
        for attr, value in desc.attrib.items():
            name = key(attr)
            if name:
                props[name] = value
        for child in desc:
            name = key(child.tag)
            if name:
                props[name] = xmp_value(child)
    return props


def parse_pdf_date(text: str) -> datetime | None:
    m = PDF_DATE.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, z, sign, tzh, tzm = m.groups()
    return make_date(y, mo, d, h, mi, s, z, sign, tzh, tzm)


def parse_xmp_date(text: str) -> datetime | None:
    m = XMP_DATE.match(text.strip())
    if not m:
        return None
    return make_date(*m.groups())


def make_date(y: str, mo: str | None, d: str | None, h: str | None, mi: str | None, s: str | None,
              z: str | None, sign: str | None, tzh: str | None, tzm: str | None) -> datetime | None:
    from datetime import timedelta

    try:
        tz = timezone.utc if z else None
        if sign:
            offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
            tz = timezone(offset if sign == "+" else -offset)
        return datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def same_instant(a: datetime, b: datetime) -> bool:
    """Equal to the second; a date without a time zone is compared by its wall-clock fields."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def text_of(value: str | list[str] | None) -> str:
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


def metadata_problems(job: PdfJob, info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    """What the standard needs from the XMP packet and where it disagrees with the document info."""
    standard = job.target.standard or ""
    problems = []
    for info_key, prop in INFO_XMP:
        value = info.get(info_key, "")
        xmp = text_of(props.get(prop)).strip()
        if info_key == "/Title" and not value and not xmp:
            continue       # reported once, as a warning
        if (value or info_key == "/Title") and xmp != value:
            shown = f"'{xmp}'" if prop in props else "missing"
            problems.append(f"XMP {prop} is {shown} but the document info {info_key} is '{value}'")
    problems += date_problems(info, props)
    problems += standard_id_problems(standard, info, props)
    return problems


def date_problems(info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    problems = []
    for info_key, prop in DATES:
        xmp_text = text_of(props.get(prop))
        if not xmp_text:
            problems.append(f"XMP {prop} is missing")
            continue
        xmp_date = parse_xmp_date(xmp_text)
        if xmp_date is None:
            problems.append(f"XMP {prop} '{xmp_text}' is not a date")
            continue
        if info.get(info_key):
            info_date = parse_pdf_date(info[info_key])
            if info_date is None or not same_instant(info_date, xmp_date):
                problems.append(f"XMP {prop} {xmp_text} differs from the document info {info_key} "
                                f"{info[info_key]}")
    return problems


def standard_id_problems(standard: str, info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    """PDF/A: pdfaid:part and conformance; PDF/X: pdfxid:GTS_PDFXVersion (and the info key if present)."""
    problems = []
    pdfa = re.match(r"PDF/A-(\d)([A-Za-z]?)$", standard)
    if pdfa:
        part, level = pdfa.group(1), pdfa.group(2).upper()
        found_part, found_level = text_of(props.get("pdfaid:part")), text_of(props.get("pdfaid:conformance"))
        if found_part != part:
            problems.append(f"XMP pdfaid:part is {found_part or 'missing'}, {standard} needs {part}")
        if level and found_level != level:
            problems.append(f"XMP pdfaid:conformance is {found_level or 'missing'}, {standard} needs {level}")
    elif standard.startswith("PDF/X"):
        found = text_of(props.get("pdfxid:GTS_PDFXVersion"))
        if found != standard:
            problems.append(f"XMP pdfxid:GTS_PDFXVersion is {found or 'missing'}, expected {standard}")
        if info.get("/GTS_PDFXVersion", standard) != standard:
            problems.append(f"the document info /GTS_PDFXVersion is {info['/GTS_PDFXVersion']}, expected {standard}")
    return problems


def real_title(title: str | None) -> bool:
    """ReportLab writes "untitled" when it is given no title: a placeholder, not a title."""
    return bool(title) and (title or "").strip().lower() not in PLACEHOLDER_TITLES


def document_info(pdf: pikepdf.Pdf) -> dict[str, str]:
    info: dict[str, str] = {}
    try:
        items: Any = pdf.trailer.get("/Info") or {}
        for key, value in items.items():
            if isinstance(value, (pikepdf.String, pikepdf.Name)):
                info[str(key)] = str(value).strip()
    except pikepdf.PdfError:
        pass
    return info


def read_xmp(pdf: pikepdf.Pdf) -> tuple[dict[str, str | list[str]] | None, str]:
    """(properties, problem): None and why when there is no usable XMP packet."""
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None, "the document has no XMP metadata stream (catalog /Metadata)"
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return None, "the XMP metadata stream lacks /Type /Metadata /Subtype /XML"
    try:
        return xmp_properties(stream.read_bytes()), ""
    except (ElementTree.ParseError, pikepdf.PdfError, ValueError) as exc:
        return None, f"the XMP metadata cannot be parsed: {exc}"


@check("pdf.metadata")
def metadata(job: PdfJob, diags: Diagnostics) -> None:
    """PDF/X and PDF/A validators read the XMP packet and compare it with the document info; a missing
    title shows the file name in every viewer's title bar."""
    info = document_info(job.pdf)
    standard = job.target.standard
    props, problem = read_xmp(job.pdf) if standard or not real_title(info.get("/Title")) else (None, "")
    if not real_title(info.get("/Title")) and not real_title(text_of((props or {}).get("dc:title"))):
        job.report(diags, "warning", "pdf.metadata", "the document has no title",
                   "set meta.title in the content YAML")
    if not standard:
        return
    hint = f"{standard} needs XMP metadata matching the document info; rebuild the {job.edition} edition"
    if props is None:
        job.report(diags, "error", "pdf.metadata", problem, hint)
        return
    for found in metadata_problems(job, info, props):
        job.report(diags, "error", "pdf.metadata", found, hint)


# -------------------------------------------------------------------------------------- output intent

INTENT_SUBTYPES = {"PDF/X": "/GTS_PDFX", "PDF/A": "/GTS_PDFA1"}
CHANNELS = {"CMYK": 4, "RGB": 3, "GRAY": 1}


def intent_problems(intents: list[Any], subtype: str, want: str) -> list[str]:
    """The first intent of `subtype` must embed an ICC profile of colour space `want` and name its
    output condition; several intents must share one profile (PDF/A-2/3)."""
    chosen = [oi for oi in intents if isinstance(oi, pikepdf.Dictionary) and str(oi.get("/S")) == subtype]
    if not chosen:
        found = ", ".join(str(oi.get("/S")) for oi in intents if isinstance(oi, pikepdf.Dictionary)) or "none"
        return [f"no output intent of subtype {subtype} (found: {found})"]
    intent = chosen[0]
    problems = []
    if not str(intent.get("/OutputConditionIdentifier", "")).strip():
        problems.append("the output intent has no /OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        ref = " (only a /DestOutputProfileRef)" if "/DestOutputProfileRef" in intent else ""
        return problems + [f"the output intent embeds no ICC profile (/DestOutputProfile){ref}"]
    space = icc_signature(profile)
    if not space:
        problems.append("the output intent's /DestOutputProfile is not an ICC profile")
    elif space != want:
        problems.append(f"the output intent's profile is {space}, the edition needs {want}")
    n = profile.get("/N")
    if n is not None and space in CHANNELS and int(n) != CHANNELS[space]:
        problems.append(f"the output profile stream says /N {int(n)} but the profile is {space}")
    profiles = {oi.DestOutputProfile.objgen for oi in intents
                if isinstance(oi, pikepdf.Dictionary) and isinstance(oi.get("/DestOutputProfile"), pikepdf.Stream)}
    if len(profiles) > 1:
        problems.append(f"{len(intents)} output intents with different profiles")
    return problems


@check("pdf.output-intent")
def output_intent(job: PdfJob, diags: Diagnostics) -> None:
    """The output intent says what the colours mean: for PDF/X the press condition (CMYK), for PDF/A the
    device the file was made for (sRGB for our archive)."""
    standard = job.target.standard
    if not standard:
        return
    subtype = INTENT_SUBTYPES.get(standard[:5].upper())
    if subtype is None:
        return
    want = "CMYK" if job.target.cmyk else "RGB"
    intents = job.pdf.Root.get("/OutputIntents")
    hint = (f"{standard} needs an output intent {subtype} with an embedded {want} ICC profile; "
            f"editions.{job.edition}.output_profile names it")
    if not isinstance(intents, pikepdf.Array) or len(intents) == 0:
        job.report(diags, "error", "pdf.output-intent", "the document has no output intent (/OutputIntents)", hint)
        return
    for problem in intent_problems(list(intents), subtype, want):
        job.report(diags, "error", "pdf.output-intent", problem, hint)
