"""pdf.missing-glyph: text shown with a code the embedded font has no glyph for.

Such a code prints as nothing or as the .notdef box, and no earlier stage notices: our Type 0 fonts
(fonts/type0.py) draw a character the registered file lacks as glyph 0 (.notdef), with the character in
their ToUnicode map, and ReportLab's own simple subsets write code 0 for it.
The check reads which codes every font shows on every page (the strings of the one content-stream walk,
walk.py: pages, forms, annotation appearances) and asks the embedded program whether it has a glyph for
them:

- simple TrueType (FontFile2, or FontFile3 /OpenType without CFF): the code through the (3,0) subtable
  (code and 0xF000 + code), the (1,0) and the (3,1) subtable, as PDF 32000 9.6.6.4 says for symbolic
  fonts; with an /Encoding also code → glyph name → Unicode → (3,1), as for non-symbolic ones. Viewers
  differ here, so a code counts as missing only when none of these reaches a glyph other than 0.
- Type 0 with Identity-H/-V: the two-byte code is the CID. CIDFontType2 maps it through /CIDToGIDMap
  (Identity or a stream); GID 0 or a GID at or past numGlyphs is missing. CIDFontType0 (CFF): a CID-keyed
  program must list the CID in its charset, another one must have that many glyphs.
- simple Type1C / CFF-flavoured OpenType (FontFile3): the glyph name from /Encoding (base encoding and
  /Differences, else the program's own encoding) must be in the CFF charset.

Not checked: Type 1 programs (FontFile: eexec-encrypted, not cheap to read), Type 3 fonts, fonts that are
not embedded (pdf.font-not-embedded), Type 0 fonts with a CMap other than Identity-H/-V. Only the cmap,
maxp and CFF charset of a program are parsed, never the outlines: a glyph that is there but empty is not
noticed. The walk gives every shown string the box of its text, which our builds turn into the YAML
location.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from ..diagnostics import Diagnostics
from . import PdfJob, check
from .geometry import Box
from .walk import walk_of
from .walktext import NUMBERS

CODE = "pdf.missing-glyph"
HINT = "the font in use lacks these characters: add a font that has them to the layout's fonts.fallback"
CACHE_KEY = "glyphs.coverage"           # job.cache: font objgen -> Coverage | None
LISTED = 8                              # codes named in one message

Has = Callable[[int], bool]


def pairs(data: bytes) -> tuple[int, ...]:
    """The big-endian two-byte codes of a string shown in a Type 0 Identity font."""
    n = len(data) // 2
    return struct.unpack(f">{n}H", data[: 2 * n])


@dataclass(frozen=True)
class Coverage:
    """Which codes one font dictionary can draw. Two-byte fonts (Type 0, Identity) read strings as
    big-endian pairs."""

    has: Has
    two_byte: bool = False

    def codes(self, data: bytes) -> Iterable[int]:
        return pairs(data) if self.two_byte else data


# -- encodings (simple fonts) ---------------------------------------------------------------------------

Names = Sequence[str]     # glyph name of each single-byte code (".notdef" where the encoding has none)
NOTDEF = ".notdef"


def _standard() -> list[str]:
    from fontTools.encodings.StandardEncoding import StandardEncoding

    return list(StandardEncoding)


def _mac_roman() -> list[str]:
    from fontTools.encodings.MacRoman import MacRoman

    return list(MacRoman)


def _win_ansi() -> list[str]:
    """WinAnsiEncoding is cp1252 as far as glyph names go, with its two PDF specials (PDF 32000 D.2:
    0xA0 space, 0xAD hyphen); its five undefined codes and the controls have no name."""
    from fontTools.agl import UV2AGL

    names: list[str] = []
    for code in range(256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            names.append(NOTDEF)
            continue
        names.append(UV2AGL.get(ord(char), NOTDEF) if code >= 32 else NOTDEF)
    names[0xA0], names[0xAD] = "space", "hyphen"
    return names


BASE_ENCODINGS: dict[str, Callable[[], list[str]]] = {
    "/StandardEncoding": _standard, "/MacRomanEncoding": _mac_roman, "/WinAnsiEncoding": _win_ansi}


def code_names(font: Any, builtin: Names | None) -> Names | None:
    """Glyph names of the 256 codes by the font's /Encoding (base encoding and /Differences), over the
    program's built-in encoding; None when the font has no /Encoding and the program brings none."""
    enc = font.get("/Encoding")
    if enc is None:
        return builtin
    base = enc if isinstance(enc, pikepdf.Name) else enc.get("/BaseEncoding")
    if base is not None and str(base) in BASE_ENCODINGS:
        names = BASE_ENCODINGS[str(base)]()
    else:
        names = list(builtin) if builtin is not None else _standard()
    if isinstance(enc, pikepdf.Dictionary):
        code = 0
        for item in enc.get("/Differences") or []:
            if isinstance(item, NUMBERS):
                code = int(item)
            elif isinstance(item, pikepdf.Name) and 0 <= code < 256:
                names[code] = str(item)[1:]
                code += 1
    return names


# -- font programs --------------------------------------------------------------------------------------

def _sfnt(data: bytes) -> Any:
    """A TrueType/OpenType program, lazily: only the tables asked for are decompiled."""
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(data), lazy=True)


def _tables(data: bytes) -> dict[bytes, tuple[int, int]] | None:
    """The table directory of an sfnt program: tag -> (offset, length); None when it is not one. Type 0
    coverage needs no more than this and maxp's glyph count, which spares loading fontTools on every
    build (our own fonts are all CIDFontType2)."""
    if len(data) < 12:
        return None
    count = struct.unpack_from(">H", data, 4)[0]
    if len(data) < 12 + 16 * count:
        return None
    tables = {}
    for k in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * k)
        tables[tag] = (offset, length)
    return tables


def _glyph_count(data: bytes, tables: dict[bytes, tuple[int, int]]) -> int | None:
    """maxp.numGlyphs, read from the table itself (bytes 4-5, in every maxp version)."""
    offset, length = tables.get(b"maxp", (0, 0))
    if length < 6 or offset + 6 > len(data):
        return None
    return int(struct.unpack_from(">H", data, offset + 4)[0])


def _cff_top(data: bytes) -> Any:
    """The top dict of a bare CFF program (charset and encoding are read, the charstrings are not)."""
    from fontTools.cffLib import CFFFontSet

    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    return cff[cff.fontNames[0]]


def _cmaps(tt: Any) -> dict[tuple[int, int], dict[int, str]]:
    """The cmap subtables by (platform, encoding), with glyph names that are their GIDs ("g12"): naming
    every glyph from the post table or a CFF charset would cost more than the whole check. GIDs past
    numGlyphs come back as "glyph00123" and GID 0 not at all (fontTools drops it)."""
    tt.setGlyphOrder([f"g{i}" for i in range(tt["maxp"].numGlyphs)])
    return {(t.platformID, t.platEncID): t.cmap for t in tt["cmap"].tables if hasattr(t, "cmap")}


def _real(name: str | None) -> bool:
    return name is not None and not name.startswith("glyph")


def truetype_has(tt: Any, names: Names | None) -> Has:
    """Codes 0–255 of a simple TrueType font that reach a glyph by any of the spec's lookups (only the
    subtables the font has are asked: a ReportLab subset has just (1,0))."""
    tables = _cmaps(tt)
    ms_symbol, mac, ms_unicode = tables.get((3, 0)), tables.get((1, 0)), tables.get((3, 1))
    present: set[int] = set()
    for table, offset in ((ms_symbol, 0), (ms_symbol, 0xF000), (mac, 0), (ms_unicode, 0)):
        if table:
            present.update(c for c in range(256) if _real(table.get(c + offset)))
    if names is not None and ms_unicode:
        from fontTools.agl import toUnicode

        for code in set(range(256)) - present:
            char = toUnicode(names[code]) if names[code] != NOTDEF else ""
            if len(char) == 1 and _real(ms_unicode.get(ord(char))):
                present.add(code)
    return frozenset(present).__contains__


def cff_simple_has(top: Any, font: Any) -> Has:
    """A simple CFF font draws a code when its glyph name is in the charset. With an encoding this
    check does not know (ExpertEncoding) every code passes."""
    builtin = top.Encoding if hasattr(top, "Encoding") else "StandardEncoding"
    if isinstance(builtin, str):
        builtin = _standard() if builtin == "StandardEncoding" else None
    names = code_names(font, builtin)
    if names is None:
        return lambda code: True
    charset = set(top.charset) - {NOTDEF}
    return frozenset(c for c in range(256) if names[c] in charset).__contains__


def _program(desc: Any) -> tuple[str, bytes] | None:
    """(kind, bytes) of the embedded program: truetype, cff or opentype."""
    if desc is None:
        return None
    stream = desc.get("/FontFile2")
    if isinstance(stream, pikepdf.Stream):
        return "truetype", stream.read_bytes()
    stream = desc.get("/FontFile3")
    if isinstance(stream, pikepdf.Stream):
        kind = "opentype" if stream.get("/Subtype") == "/OpenType" else "cff"
        return kind, stream.read_bytes()
    return None


def simple_coverage(font: Any) -> Coverage | None:
    program = _program(font.get("/FontDescriptor"))
    if program is None:
        return None
    kind, data = program
    if kind == "cff":
        return Coverage(cff_simple_has(_cff_top(data), font))
    tt = _sfnt(data)
    if "CFF " in tt and font.get("/Subtype") != "/TrueType":    # a Type 1 font selects glyphs by name
        return Coverage(cff_simple_has(_cff_top(tt.reader["CFF "]), font))
    return Coverage(truetype_has(tt, code_names(font, None)))


def cid_to_gid(cid_font: Any) -> Callable[[int], int]:
    """/CIDToGIDMap as a function; Identity when absent or a name (PDF 32000 9.7.4.2)."""
    mapping = cid_font.get("/CIDToGIDMap")
    if not isinstance(mapping, pikepdf.Stream):
        return lambda cid: cid
    table = mapping.read_bytes()

    def gid(cid: int) -> int:
        i = 2 * cid
        return (table[i] << 8) | table[i + 1] if i + 1 < len(table) else 0
    return gid


def _gid_coverage(cid_font: Any, count: int) -> Coverage:
    gid = cid_to_gid(cid_font)
    return Coverage(lambda cid: 0 < gid(cid) < count, two_byte=True)


def type0_coverage(font: Any) -> Coverage | None:
    encoding = font.get("/Encoding")
    descendants = font.get("/DescendantFonts")
    if encoding not in ("/Identity-H", "/Identity-V") or descendants is None or not len(descendants):
        return None
    cid_font = descendants[0]
    program = _program(cid_font.get("/FontDescriptor"))
    if program is None:
        return None
    kind, data = program
    if kind == "cff":
        top = _cff_top(data)
    else:
        tables = _tables(data)
        glyphs = _glyph_count(data, tables) if tables is not None and b"CFF " not in tables else None
        if glyphs is not None:
            return _gid_coverage(cid_font, glyphs)
        tt = _sfnt(data)
        if "CFF " not in tt:
            count, gid = tt["maxp"].numGlyphs, cid_to_gid(cid_font)
            return Coverage(lambda cid: 0 < gid(cid) < count, two_byte=True)
        top = _cff_top(tt.reader["CFF "])
    charset = top.charset
    if hasattr(top, "ROS"):          # CID-keyed: the charset lists the CIDs
        cids = frozenset(int(n[3:]) for n in charset if n.startswith("cid")) - {0}
        return Coverage(cids.__contains__, two_byte=True)
    return Coverage(lambda cid: 0 < cid < len(charset), two_byte=True)


def font_coverage(font: Any) -> Coverage | None:
    """What the embedded program of a font dictionary draws; None for fonts this check does not read."""
    if not isinstance(font, pikepdf.Dictionary):
        return None
    subtype = font.get("/Subtype")
    try:
        if subtype == "/Type0":
            return type0_coverage(font)
        if subtype in ("/TrueType", "/Type1", "/MMType1"):
            return simple_coverage(font)
    except Exception:   # a program fontTools cannot read is not this check's finding
        return None
    return None


def coverage(job: PdfJob, font: Any) -> Coverage | None:
    """font_coverage, parsed once per font object for every check of the run."""
    cache = job.cache.setdefault(CACHE_KEY, {})
    key = font.objgen
    if key == (0, 0):                # a direct font dictionary: no stable key
        return font_coverage(font)
    if key not in cache:
        cache[key] = font_coverage(font)
    return cache[key]


# -- which codes are shown ------------------------------------------------------------------------------

def font_key(font: Any) -> Any:
    """The font's object number; a direct font dictionary (rare) has none and goes by its wrapper."""
    og = font.objgen
    return og if og != (0, 0) else id(font)


@dataclass(eq=False)
class Usage:
    """One font as the pages use it: the codes each page shows with it."""

    font: Any
    coverage: Coverage
    pages: dict[int, set[int]] = field(default_factory=dict)


def usages(job: PdfJob) -> dict[Any, Usage]:
    """The codes every font this check reads shows per page, from the strings of the walk."""
    found: dict[Any, Usage | None] = {}
    for shown in walk_of(job, "shown").shown:
        key = font_key(shown.font)
        if key not in found:
            cov = coverage(job, shown.font)
            found[key] = Usage(shown.font, cov) if cov is not None else None
        usage = found[key]
        if usage is not None:
            usage.pages.setdefault(shown.page, set()).update(usage.coverage.codes(shown.data))
    return {key: usage for key, usage in found.items() if usage is not None}


def first_boxes(job: PdfJob, number: int, wanted: dict[Any, tuple[Coverage, set[int]]]) -> dict[Any, Box]:
    """Per font the box of the first text on the page that shows one of its missing codes."""
    boxes: dict[Any, Box] = {}
    for shown in walk_of(job, "shown").shown:
        if shown.page != number or shown.box is None:
            continue
        key = font_key(shown.font)
        if key in boxes or key not in wanted:
            continue
        cov, missing = wanted[key]
        if not missing.isdisjoint(cov.codes(shown.data)):
            boxes[key] = shown.box
    return boxes


# -- the message ----------------------------------------------------------------------------------------

HEX = r"<([0-9A-Fa-f\s]+)>"
BFCHAR = re.compile(rf"{HEX}\s*{HEX}")
BFRANGE = re.compile(rf"{HEX}\s*{HEX}\s*(\[[^\]]*\]|<[0-9A-Fa-f\s]*>)")
BLOCK = re.compile(r"begin(bfchar|bfrange)(.*?)end\1", re.S)


def _hex(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


def to_unicode(font: Any) -> dict[int, str]:
    """The /ToUnicode CMap's bfchar and bfrange entries (only what is needed to name characters)."""
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return {}
    try:
        text = stream.read_bytes().decode("latin-1")
    except pikepdf.PdfError:
        return {}
    out: dict[int, str] = {}
    for kind, body in BLOCK.findall(text):
        if kind == "bfchar":
            for src, dst in BFCHAR.findall(body):
                out[int.from_bytes(_hex(src), "big")] = _utf16(_hex(dst))
            continue
        for lo, hi, dst in BFRANGE.findall(body):
            first, last = int.from_bytes(_hex(lo), "big"), int.from_bytes(_hex(hi), "big")
            if dst.startswith("["):
                for i, item in enumerate(re.findall(HEX, dst)[: last - first + 1]):
                    out[first + i] = _utf16(_hex(item))
            elif (base := _utf16(_hex(dst[1:-1]))):
                for i in range(min(last - first, 0xFFFF) + 1):
                    out[first + i] = base[:-1] + chr(min(ord(base[-1]) + i, 0x10FFFF))
    return out


def describe(codes: Sequence[int], unicode: dict[int, str], two_byte: bool) -> str:
    """'code 0x00, '中' (U+4E2D, code 0x0003), …': the character where the ToUnicode CMap knows it (code 0
    of a ReportLab subset maps to U+0000, which says nothing)."""
    parts = []
    for code in codes[:LISTED]:
        hexcode = f"0x{code:04X}" if two_byte else f"0x{code:02X}"
        char = unicode.get(code, "")
        if char and all(ord(c) >= 32 for c in char):
            points = " ".join(f"U+{ord(c):04X}" for c in char)
            parts.append(f"'{char}' ({points}, code {hexcode})")
        elif code == 0 and not two_byte:
            parts.append(f"code {hexcode} (what ReportLab writes for a character the font does not have)")
        else:
            parts.append(f"code {hexcode}")
    more = len(codes) - LISTED
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def font_name(font: Any) -> str:
    name = str(font.get("/BaseFont", "")).lstrip("/")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name or "(unnamed font)"


# -- the check ------------------------------------------------------------------------------------------

@check(CODE, reads=("shown",))
def missing_glyph(job: PdfJob, diags: Diagnostics) -> None:
    """Per font and page, the codes its program has no glyph for."""
    findings: dict[int, dict[Any, tuple[Coverage, set[int]]]] = {}
    fonts = usages(job)
    for key, usage in fonts.items():
        has = usage.coverage.has
        for number, used in usage.pages.items():
            missing = {c for c in used if not has(c)}
            if missing:
                findings.setdefault(number, {})[key] = (usage.coverage, missing)
    for number in sorted(findings):
        wanted = findings[number]
        boxes = first_boxes(job, number, wanted)
        for key, (cov, missing) in wanted.items():
            font = fonts[key].font
            listed = describe(sorted(missing), to_unicode(font), cov.two_byte)
            job.report(diags, "error", CODE,
                       f"text in font {font_name(font)} shows {len(missing)} code(s) the font has no glyph for, "
                       f"which print as blanks or boxes: {listed}", HINT, page=number, box=boxes.get(key))
