"""ReportLab's private and undocumented names this package relies on: the one list, and the two
functions that reach into ReportLab's font registry for the batch's personal pages.

ReportLab offers no public hook for a few things the page makeup needs (where a frame's free space
starts, shortening a column for balancing, a zero-size marker in the story, letting go of the
document's memory after saving). Those uses live in layout/ only; every name is listed here, with why, and
tests/test_reportlab_private.py fails when an installed ReportLab no longer has one of them in the shape
we use (a method's parameters, an attribute's presence), and when code anywhere in brochure/ uses a
private ReportLab name that is not listed here or outside layout/.
"""

from __future__ import annotations

from typing import Any

# owner (import path) -> {name: why}. Methods are checked by parameter names (METHOD_PARAMETERS),
# attributes by their presence on a live object (tests build one).
PRIVATE: dict[str, dict[str, str]] = {
    "reportlab.platypus.frames.Frame": {
        "_reset": "document.TracedFrame: re-apply a column cap when a frame starts a page",
        "_add": "document.TracedFrame: record in the trace where each flowable landed",
        "_x": "document: left edge of a frame (trace boxes)",
        "_x1": "document.handle_pageEnd: a frame's left edge, for the trace's frame fill",
        "_atTop": "document._floats: nothing placed in the frame yet (a float then stays where it is)",
        "_y": "document/balance: current top of the free space in a frame",
        "_y1": "document: frame bottom, for undoing a balancing cap",
        "_y1p": "document: frame bottom inside its padding, which the cap moves up",
        "_y2": "document: frame top, for how full a frame is",
        "_width": "document: frame width (trace boxes, balancing)",
        "_height": "document: frame height (how full a frame is)",
        "_topPadding": "document: usable column height for balancing",
        "_bottomPadding": "document: usable column height for balancing",
        "_leftExtraIndent": "document: indent of the flowable being placed (trace boxes)",
        "_ZEROSIZE": "balance.SectionEnd sets it: Frame._add places a zero-size marker without a gap",
    },
    "reportlab.platypus.doctemplate.BaseDocTemplate": {
        "_endBuild": "document.BrochureDoc: define the contents page-number forms before saving",
        "_hanging": "document.BrochureDoc.handle_flowable: tell page-begin actions from the story",
        "_doSave": "document.BrochureDoc._endBuild: save once, after the forms are defined",
        "_curPageFlowableCount": "document.BrochureDoc._draw_span: a spanning block drawn when its page begins "
                                 "counts as the page's content (else ReportLab takes the page for empty)",
    },
    "reportlab.platypus.flowables.KeepTogether": {
        "_content": "balance.flat: the flowables a keepWithNext group holds",
    },
    "reportlab.pdfgen.textobject.PDFTextObject": {
        "_canvas": "textops: the canvas a text object writes to (TJ lines, layout/textops.py)",
        "_code": "textops: the text object's operators, appended to directly",
        "_fontname": "textops: the current font of the text object",
        "_fontsize": "textops: the current size, for the Tf operator",
        "_leading": "textops: the current leading, for the TL operator",
        "_curSubset": "textops: which subset of a TrueType font the text object is in",
    },
    "reportlab.pdfbase.ttfonts.TTFont": {
        "_dynamicFont": "textops: a subsetting TrueType font (glyph codes, not bytes); fonts.type0.Type0Font "
                        "keeps it set, so ReportLab draws through its splitString/getSubsetInternalName",
        "_multiByte": "fonts.type0.Type0Font keeps it set: ReportLab measures with the font's own stringWidth",
    },
    "reportlab.pdfbase.pdfmetrics": {
        "_fonts": "forget_registration: a recipient's fonts leave the registry after their pages",
        "_dynFaceNames": "register_beside: a recipient's subset registered beside the shared pages' one",
    },
    "reportlab.lib.fonts": {
        "_tt2ps_map": "forget_registration: the font family entries registerFont made",
        "_ps2tt_map": "forget_registration: the font family entries registerFont made",
    },
    "reportlab.pdfgen.canvas.Canvas": {
        "_doc": "pictures.define_placeholders: resource names of forms; document: drop it after saving",
        "_filename": "document: drop the file reference after saving",
        "_fontname": "flowables.ChartFlowable: the current font, as a chart's initial font",
    },
}

# Documented extension points whose names start with an underscore, used outside layout/.
DOCUMENTED: dict[str, dict[str, str]] = {
    "reportlab.graphics.shapes.Drawing": {
        "_attrMap": "charts/frame.ChartDrawing declares its extra attribute (ReportLab Graphics guide)",
    },
}

# Public-named but undocumented API the font registry relies on (fonts/registry.py, text/metrics.py).
UNDOCUMENTED: dict[str, dict[str, str]] = {
    "reportlab.pdfbase.ttfonts.TTFont": {
        "unregister": "fonts.registry.register: retire the older file of a face (ReportLab >= 4.3)",
        "face": "fonts.registry / text.metrics: the parsed font file",
        # the dynamic-font protocol ReportLab's text object and document call (fonts/type0.py overrides it)
        "splitString": "fonts.type0: text -> [(subset, codes)]; one subset of two-byte CIDs",
        "getSubsetInternalName": "fonts.type0: the resource name, and the request to be saved (delayedFonts)",
        "addObjects": "fonts.type0: called by PDFDocument.GetPDFData for every font in delayedFonts",
        "state": "fonts.type0: the per-document record (here: what each document draws)",
    },
    "reportlab.pdfbase.ttfonts.TTFontFace": {
        "name": "fonts.registry.register: the PostScript name ReportLab keys faces by",
        "charToGlyph": "text.metrics.lacks: does the registered file have the character; fonts.type0: the "
                       "glyph id a character is drawn as",
        "hmetrics": "fonts.type0.Type0Font.advances: the /W widths, as ReportLab measures them",
        "unitsPerEm": "fonts.type0.Type0Font.advances",
        "flags": "fonts.type0: the font descriptor (also ascent, descent, capHeight, bbox, italicAngle, stemV)",
    },
    "reportlab.pdfbase.pdfdoc.PDFDocument": {
        "fontMapping": "fonts.type0: font name -> resource name",
        "delayedFonts": "fonts.type0: fonts whose objects are written when the document is saved",
        "idToObject": "fonts.type0: the BasicFonts dictionary the pages' /Font resources point to",
    },
}

# Parameters (after self) of the private methods we override or call, as ReportLab defines them.
METHOD_PARAMETERS: dict[str, tuple[str, ...]] = {
    "reportlab.platypus.frames.Frame._reset": (),
    "reportlab.platypus.frames.Frame._add": ("flowable", "canv", "trySplit"),
    "reportlab.platypus.doctemplate.BaseDocTemplate._endBuild": (),
    "reportlab.pdfbase.ttfonts.TTFont.unregister": (),
    "reportlab.pdfbase.ttfonts.TTFont.splitString": ("text", "doc", "encoding"),
    "reportlab.pdfbase.ttfonts.TTFont.getSubsetInternalName": ("subset", "doc"),
    "reportlab.pdfbase.ttfonts.TTFont.addObjects": ("doc",),
}



def register_beside(font: Any) -> None:
    """Register a TTFont while another file of the same PostScript face stays registered (batch: a
    recipient's subset beside the shared pages'). ReportLab files dynamic fonts by face name and hands
    a second registration of a known face the first font object, so ours is registered alone and the
    face name given back to what it was. (One document never needs this: fonts.registry.register
    retires the older file through TTFont.unregister.)"""
    from reportlab.pdfbase import pdfmetrics

    faces = pdfmetrics._dynFaceNames
    before = faces.pop(font.face.name, None)
    pdfmetrics.registerFont(font)
    if before is not None:
        faces[font.face.name] = before
    else:
        faces.pop(font.face.name, None)


def forget_registration(name: str) -> None:
    """Remove a font registered with `register_beside` from ReportLab's registry and its family maps."""
    from reportlab.lib import fonts as families
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics._fonts.pop(name, None)
    # registerFont also made the font a family of its own (four style entries each way).
    for style in ((0, 0), (0, 1), (1, 0), (1, 1)):
        families._tt2ps_map.pop((name.lower(), *style), None)
    families._ps2tt_map.pop(name.lower(), None)


__all__ = ["DOCUMENTED", "METHOD_PARAMETERS", "PRIVATE", "UNDOCUMENTED", "forget_registration", "register_beside"]


# Optional packages ReportLab imports whenever they are installed, for features brochure does not use,
# by the ReportLab module that would load them:
# - reportlab.platypus.paragraph loads pyphen for its Paragraph's own hyphenation, and brochure never sets
#   text with ReportLab's Paragraph (text/ does; text/hyphenate.py loads pyphen itself when Latin text is
#   hyphenated). Loading it costs a warm build of a Chinese brochure ~60 M instructions (~1.5 %).
# - reportlab.pdfbase.ttfonts loads uharfbuzz for the shaping of that same Paragraph; text/harfbuzz.py
#   loads it itself when it shapes (Latin text; CJK local forms and half-width marks only when a
#   converted font's are not in the cache yet). ~10 ms of a warm Chinese build.
NOT_FOR_REPORTLAB: dict[str, tuple[str, ...]] = {
    "reportlab.platypus": ("pyphen",),
    "reportlab.pdfbase.ttfonts": ("uharfbuzz",),
}


def import_reportlab(module: str) -> Any:
    """Import a ReportLab module of NOT_FOR_REPORTLAB (its first import in a process) while the packages
    listed for it look missing: ReportLab's import of them is wrapped in try/except and it goes on
    without them. Afterwards they import as usual (tests/test_speed_settings.py)."""
    import importlib
    import sys

    if module in sys.modules:
        return sys.modules[module]
    blocked = [name for name in NOT_FOR_REPORTLAB[module] if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        return importlib.import_module(module)
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def import_platypus() -> None:
    """reportlab.platypus, without what it would load for features brochure does not use (its first
    import in a process: build.lay_out)."""
    import_reportlab("reportlab.pdfbase.ttfonts")
    import_reportlab("reportlab.platypus")
