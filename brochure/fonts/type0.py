"""FINISH for fonts: every face embedded once, as a Type 0 font (CIDFontType2, Identity-H) subset to the
glyphs the document draws.

ReportLab's own TrueType path splits a face into 256-glyph simple fonts (/F1+0, /F1+1, ...): a Chinese
page switches between them every few characters. `Type0Font` is a ReportLab TrueType font (so pages,
charts, running heads and our text engine draw with it unchanged, through ReportLab's dynamic-font
hooks) that encodes text as two-byte glyph ids of its one font:

- `splitString` gives one "subset" (0) whose codes are the glyph ids of the registered TrueType file
  (CID = GID, /CIDToGIDMap /Identity), and records which glyphs each document draws and the text each
  stands for; a glyph several characters share (a typed and a soft hyphen) gets a CID of its own for
  each after the first, past the file's glyphs, and /CIDToGIDMap becomes a stream;
- `encode_glyph` does the same for a glyph HarfBuzz chose (a ligature, a contextual or local form),
  drawn by its id and reading back as the text it stands for ("ft"), with a CID of its own where that
  glyph already reads back as something else;
- `getSubsetInternalName` names the one font (/F3, no "+0") and asks the document to call
  `addObjects` when it is saved;
- `addObjects` writes the Type 0 font, its CIDFontType2 descendant (/W widths from the file's advances,
  /DW the commonest, /CIDSystemInfo Adobe-Identity-0), the descriptor with its /CIDSet, the font program
  (fontTools' subsetter with `retain_gids`: only the drawn glyphs keep outlines, the ids stay) and a
  ToUnicode CMap in which a ligature glyph (drawn by glyph id, or through a presentation form such as ﬁ)
  reads back as its letters ("fi").

A no-break space reads back as a space, as with ReportLab's simple fonts. Subset programs are cached by the
file's bytes and the glyph ids, so warm builds do not subset again; the bytes depend on nothing else
(subset tag from the same digest), so a rebuild writes the same PDF.

ReportLab names this module overrides (listed in layout/rlprivate.py): `_dynamicFont`, `_multiByte`.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

from ..cache import cache_dir, file_hash, write_atomic

EMBED_VERSION = "1"      # part of the subset cache key: bump when the subsetting options change
_BFCHAR_BLOCK = 100      # entries per beginbfchar block (the CMap format's limit)
# Tables a PDF viewer never reads from an embedded TrueType program.
_DROP = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "kern", "vhea", "vmtx", "VORG", "STAT",
         "meta", "hdmx", "LTSH", "VDMX", "morx", "COLR", "CPAL", "SVG "]


@dataclass
class Drawn:
    """What one document draws with a font: CID -> the text it reads back as, the glyph of each CID past
    the file's glyphs, each character's two-byte code, and the font's resource name."""

    text: dict[int, str] = field(default_factory=dict)
    extra: dict[int, int] = field(default_factory=dict)      # CID (>= numGlyphs) -> glyph id
    codes: dict[str, bytes] = field(default_factory=dict)
    forms: dict[tuple[str, int], bytes] = field(default_factory=dict)    # (text, glyph id) -> code
    internal: str | None = None

    def glyph(self, cid: int) -> int:
        return self.extra.get(cid, cid)


def reads_as(text: str) -> str:
    """The text a glyph drawn for `text` reads back as: a ligature's presentation form (U+FB00–FB4F) as its
    letters, a no-break space as a space (ReportLab's simple fonts did the same), else `text` (a
    character, or the letters of a ligature drawn by glyph id)."""
    if len(text) == 1 and "\ufb00" <= text <= "\ufb4f":
        return unicodedata.normalize("NFKC", text)
    return " " if text == "\xa0" else text


class Type0Font(TTFont):
    """A registered TrueType file drawn as one Type 0 / Identity-H font per document (see the module)."""

    _multiByte = 1
    _dynamicFont = 1
    code_bytes = 2           # bytes per code in a shown string (layout/textops.show_adjusted)

    def __init__(self, name: str, filename: str | Path) -> None:
        super().__init__(name, str(filename), shapable=False)
        self.program = Path(filename)

    # -- drawing: ReportLab's dynamic-font hooks ---------------------------------------------------------

    def drawn(self, doc: Any) -> Drawn:
        found = self.state.get(doc)
        if not isinstance(found, Drawn):
            found = self.state[doc] = Drawn()
        return found

    def encode(self, text: str, doc: Any) -> bytes:
        """`text` as two-byte CIDs. A character's CID is its glyph id (a character the file lacks: glyph 0,
        which preflight's pdf.missing-glyph reports), unless another text already reads back from that
        glyph (a typed and a soft hyphen, two characters of one shape): then a CID of its own past the
        file's glyphs, mapped to the same glyph by /CIDToGIDMap, so every character reads back as itself."""
        drawn = self.drawn(doc)
        codes = drawn.codes
        out = bytearray()
        for ch in text:
            code = codes.get(ch)
            if code is None:
                code = codes[ch] = self._new_code(drawn, ch)
            out += code
        return bytes(out)

    def encode_glyph(self, text: str, gid: int, doc: Any) -> bytes:
        """The two-byte CID that draws glyph `gid` of the file for `text` (a ligature's letters, a
        character's contextual or local form: HarfBuzz's choice, whose advance the layout measured),
        reading back as `text`; a glyph another text already reads back from gets a CID of its own, as
        in `encode`. `encode(text)` where `gid` is the character's own glyph or not in the file."""
        if not 0 < gid < self.face.numGlyphs or (len(text) == 1 and gid == self.face.charToGlyph.get(ord(text))):
            return self.encode(text, doc)
        drawn = self.drawn(doc)
        code = drawn.forms.get((text, gid))
        if code is None:
            code = drawn.forms[(text, gid)] = self._new_code(drawn, text, gid)
        return code

    def glyph_width(self, text: str, gid: int) -> float:
        """The advance, in thousandths of an em, of what `encode_glyph(text, gid)` draws (the /W entry)."""
        if not 0 < gid < self.face.numGlyphs:
            return float(self.stringWidth(text, 1000))
        return self.advances([gid])[gid]

    def _new_code(self, drawn: Drawn, ch: str, gid: int | None = None) -> bytes:
        if gid is None:
            gid = self.face.charToGlyph.get(ord(ch), 0)
        reads = reads_as(ch)
        claimed = drawn.text.get(gid)
        if claimed is None or claimed == reads or self.face.numGlyphs + len(drawn.extra) > 0xFFFF:
            cid = gid       # (a file of 65,535 glyphs has no CID to spare: its first text stays)
        else:
            cid = next((c for c, g in drawn.extra.items() if g == gid and drawn.text[c] == reads), None) \
                or self.face.numGlyphs + len(drawn.extra)
            drawn.extra[cid] = gid
        drawn.text[cid] = reads
        return cid.to_bytes(2, "big")

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        if isinstance(text, bytes):
            text = text.decode(encoding)
        return [(0, self.encode(text, doc))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:  # noqa: N802
        drawn = self.drawn(doc)
        if drawn.internal is None:
            drawn.internal = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + drawn.internal
            doc.delayedFonts.append(self)
        return "/" + drawn.internal

    # -- saving ------------------------------------------------------------------------------------------

    def addObjects(self, doc: Any) -> None:  # noqa: N802
        drawn = self.drawn(doc)
        del self.state[doc]
        if drawn.internal is None:
            return
        cids = sorted(drawn.text)
        gids = sorted({drawn.glyph(cid) for cid in cids})
        program = subset_program(self.program, gids)
        tag = subset_tag(self.face.name, gids)
        base = f"{tag}+{self.face.name.decode('latin-1')}"
        internal = drawn.internal
        face = self.face
        compress = [pdfdoc.PDFZCompress] if doc.compression else None

        font_file = pdfdoc.PDFStream(content=program, filters=compress)
        font_file.dictionary["Length1"] = len(program)
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "FontName": pdfdoc.PDFName(base),
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "ItalicAngle": face.italicAngle,
            "Ascent": face.ascent,
            "Descent": face.descent,
            "CapHeight": face.capHeight,
            "StemV": face.stemV,
            "FontFile2": doc.Reference(font_file, f"type0:{internal}:program"),
            "CIDSet": doc.Reference(pdfdoc.PDFStream(content=cid_set(cids, drawn.extra, program),
                                                     filters=compress), f"type0:{internal}:cidset"),
        })
        advance = self.advances(gids)
        default, widths = cid_widths({cid: advance[drawn.glyph(cid)] for cid in cids})
        if drawn.extra:
            mapping: Any = doc.Reference(pdfdoc.PDFStream(content=cid_to_gid_map(drawn.extra), filters=compress),
                                         f"type0:{internal}:cidtogid")
        else:
            mapping = "/Identity"
        cid_font = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"),
                                                   "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"type0:{internal}:descriptor"),
            "DW": default,
            "W": pdfdoc.PDFArray(widths),
            "CIDToGIDMap": mapping,
        })
        cmap = pdfdoc.PDFStream(content=to_unicode_cmap(drawn.text).encode("ascii"), filters=compress)
        font = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"type0:{internal}:cidfont")]),
            "ToUnicode": doc.Reference(cmap, f"type0:{internal}:tounicode"),
        })
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)

    def advances(self, gids: list[int]) -> dict[int, float]:
        """Advance of each glyph in thousandths of an em, as ReportLab measures it (the layout's widths)."""
        metrics = self.face.hmetrics
        scale = 1000.0 / self.face.unitsPerEm
        return {g: metrics[min(g, len(metrics) - 1)][0] * scale for g in gids}


def cid_widths(advances: dict[int, float]) -> tuple[float, list[Any]]:
    """/DW (the commonest advance, the smallest of equals) and a /W array of the other glyphs, runs of
    consecutive ids sharing one `c [w1 w2 ...]` entry."""
    rounded = {g: float(fp_str(w)) for g, w in advances.items()}
    counts = Counter(rounded.values())
    default = min(counts, key=lambda w: (-counts[w], w)) if counts else 1000.0
    out: list[Any] = []
    run: list[float] = []
    start = prev = -2
    for gid in sorted(rounded):
        w = rounded[gid]
        if w == default:
            continue
        if gid != prev + 1 and run:
            out += [start, pdfdoc.PDFArray(run)]
            run = []
        if not run:
            start = gid
        run.append(w)
        prev = gid
    if run:
        out += [start, pdfdoc.PDFArray(run)]
    return default, out


def cid_set(cids: list[int], extra: dict[int, int], program: bytes) -> bytes:
    """The /CIDSet bit string (PDF/A-1 wants it for a subset): a bit for each CID whose glyph the
    program holds, the CIDs drawn (a space has no outline) and every glyph with data (.notdef, the
    components of composite glyphs); the other ids are the empty slots `retain_gids` leaves."""
    held = set(cids) | set(extra)
    outlines = glyphs_with_data(program)
    bits = bytearray(max(max(held, default=0) // 8 + 1, len(outlines)))
    bits[:len(outlines)] = outlines
    for cid in held:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits).rstrip(b"\0") or b"\0"     # up to the byte of the highest id set


def glyphs_with_data(program: bytes) -> bytes:
    """A bit for each glyph of `program` that has data in its `loca` table, as /CIDSet sets them; kept
    in the subset cache beside the program, so a warm build does not parse the table again."""
    cached = cache_dir("embedded") / f"{hashlib.sha256(program).hexdigest()[:32]}.held"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from fontTools.ttLib import TTFont as SFNT

    loca = list(SFNT(io.BytesIO(program), lazy=True)["loca"])
    bits = bytearray((len(loca) - 1) // 8 + 1 if len(loca) > 1 else 1)
    for g in range(len(loca) - 1):
        if loca[g + 1] > loca[g]:
            bits[g // 8] |= 0x80 >> (g % 8)
    write_atomic(cached, bytes(bits))
    return bytes(bits)


def cid_to_gid_map(extra: dict[int, int]) -> bytes:
    """/CIDToGIDMap as a stream: CIDs below the first extra one are their glyph ids, the extra ones map
    to the glyph they share."""
    first = min(extra)
    out = bytearray(b"".join(g.to_bytes(2, "big") for g in range(first)))
    for cid in range(first, max(extra) + 1):
        out += extra.get(cid, 0).to_bytes(2, "big")
    return bytes(out)


def subset_tag(name: bytes, gids: list[int]) -> str:
    """Six capitals from the face name and glyph ids: the same subset always gets the same tag."""
    digest = hashlib.sha256(name + b":" + ",".join(map(str, gids)).encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def to_unicode_cmap(glyphs: dict[int, str]) -> str:
    """A ToUnicode CMap for two-byte glyph codes: one bfchar entry per glyph with text."""
    entries = [(gid, text) for gid, text in sorted(glyphs.items()) if text]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for i in range(0, len(entries), _BFCHAR_BLOCK):
        block = entries[i:i + _BFCHAR_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for gid, text in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines) + "\n"


def subset_program(program: Path, gids: list[int]) -> bytes:
    """The TrueType program with only `gids` drawn (ids kept: CID = GID), cached by the file's bytes
    (cache.file_hash: a warm build neither reads nor hashes the whole file) and ids."""
    h = hashlib.sha256(f"{EMBED_VERSION}:".encode())
    h.update(bytes.fromhex(file_hash(program)))
    h.update(",".join(map(str, gids)).encode())
    cached = cache_dir("embedded") / f"{h.hexdigest()[:32]}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    out = _subset(program.read_bytes(), gids)
    write_atomic(cached, out)
    return out


def _subset(data: bytes, gids: list[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont as SFNT

    font = SFNT(io.BytesIO(data))
    opts = subset.Options()
    opts.retain_gids = True
    opts.notdef_outline = True
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.name_languages = [0x409]
    opts.drop_tables += _DROP
    opts.glyph_names = False
    opts.recalc_timestamp = False
    subsetter = subset.Subsetter(opts)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    font.recalcTimestamp = False
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()
