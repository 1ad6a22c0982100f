"""ReportLab's private and undocumented names this package relies on: the one list.

ReportLab offers no public hook for a few things the page makeup needs (where a frame's free space
starts, shortening a column for balancing, a zero-size marker in the story, letting go of the
document's memory after saving). Those uses live in layout/ only; every name is listed here, with why, and
tests/test_reportlab_private.py fails when an installed ReportLab no longer has one of them in the shape
we use (a method's parameters, an attribute's presence), and when code anywhere in brochure/ uses a
private ReportLab name that is not listed here or outside layout/.
"""

from __future__ import annotations

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
    },
    "reportlab.platypus.flowables.KeepTogether": {
        "_content": "balance.flat: the flowables a keepWithNext group holds",
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
    },
    "reportlab.pdfbase.ttfonts.TTFontFace": {
        "name": "fonts.registry.register: the PostScript name ReportLab keys faces by",
        "charToGlyph": "text.metrics.char_width: does the registered file have the character",
    },
}

# Parameters (after self) of the private methods we override or call, as ReportLab defines them.
METHOD_PARAMETERS: dict[str, tuple[str, ...]] = {
    "reportlab.platypus.frames.Frame._reset": (),
    "reportlab.platypus.frames.Frame._add": ("flowable", "canv", "trySplit"),
    "reportlab.platypus.doctemplate.BaseDocTemplate._endBuild": (),
    "reportlab.pdfbase.ttfonts.TTFont.unregister": (),
}

__all__ = ["DOCUMENTED", "METHOD_PARAMETERS", "PRIVATE", "UNDOCUMENTED"]
