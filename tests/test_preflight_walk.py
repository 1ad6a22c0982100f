"""The one content-stream walk (brochure/preflight/walk.py) and what it feeds: painted marks, colour use
and shown strings agree on the same PDF, every check of a run shares one walk, and the print edition's
PDF/X claim follows the preflight's colour check. Each case is a small PDF made here with its fault and a
clean twin."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest

from brochure.diagnostics import Diagnostic
from brochure.editions import EDITIONS, FinishInput
from brochure.editions.print import finish_print
from brochure.preflight import MM, Target, run_checks, walk
from brochure.preflight.marks import Painted
from brochure.preflight.trace import Trace
from brochure.preflight.walk import scan_pdf

SIZE = 300.0
TRIM = (3 * MM, 3 * MM, SIZE - 3 * MM, SIZE - 3 * MM)
PRINT = Target("print", cmyk=True, bleed=3 * MM, standard="PDF/X-4")
META = {"title": "Walk", "date": "D:20200115000000Z", "xmp_date": "2020-01-15T00:00:00Z", "lang": "en"}

# The case that used to split the interpreters: colour set through a colour space, not through rg.
RGB_BY_SPACE = b"/DeviceRGB cs 1 0 0 sc 40 50 100 80 re f"
CMYK_BY_SPACE = b"/DeviceCMYK cs 0 1 1 0 sc 40 50 100 80 re f"


def page_pdf(content: bytes, **resources: Any) -> bytes:
    """One page of SIZE × SIZE points with the given content stream and resources."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(SIZE, SIZE))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    page.obj.Resources = pikepdf.Dictionary({f"/{k}": pikepdf.Dictionary(v) for k, v in resources.items()})
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def marks(data: bytes) -> list[Painted]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return list(scan_pdf(pdf)[0].items)


def rgb(data: bytes) -> list[Diagnostic]:
    return list(run_checks(data, PRINT, only={"pdf.rgb-colour"}))


# -- /DeviceRGB cs … sc: every consumer sees RGB ---------------------------------------------------------

def test_rgb_through_a_colour_space_is_rgb_for_the_marks_and_the_colour_check() -> None:
    faulty = page_pdf(RGB_BY_SPACE)
    (d,) = rgb(faulty)
    assert (d.code, d.severity.value, d.page) == ("pdf.rgb-colour", "error", 1)
    assert d.message.startswith("a filled shape in DeviceRGB")
    (mark,) = marks(faulty)
    assert (mark.kind, mark.space, mark.color) == ("fill", "rgb", (1.0, 0.0, 0.0))

    clean = page_pdf(CMYK_BY_SPACE)
    assert rgb(clean) == []
    (mark,) = marks(clean)
    assert (mark.kind, mark.space, mark.color) == ("fill", "cmyk", (0.0, 1.0, 1.0, 0.0))


def finished_print(content: bytes) -> bytes:
    """The print edition's finisher on a page drawn on a sheet with 3 mm bleed (no crop marks)."""
    return finish_print(page_pdf(content), META, EDITIONS["print"], FinishInput(TRIM, 3 * MM, False))


@pytest.mark.parametrize(("content", "claims"), [(RGB_BY_SPACE, False), (CMYK_BY_SPACE, True)])
def test_print_claims_pdfx_exactly_when_the_colour_check_passes(content: bytes, claims: bool) -> None:
    data = finished_print(content)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert ("/GTS_PDFXVersion" in pdf.docinfo) is claims
        assert (b"pdfxid:GTS_PDFXVersion" in pdf.Root.Metadata.read_bytes()) is claims
    assert (rgb(data) == []) is claims
    standard = [d.format() for d in run_checks(data, PRINT, only={"pdf.metadata"})]
    assert (standard == []) is claims        # an unclaimed file fails the PDF/X identification check


# -- what the walker enters ------------------------------------------------------------------------------

def appearance(content: bytes, rect: list[float], resources: pikepdf.Dictionary | None = None,
               flags: int = 4) -> bytes:
    """A page whose only content is an annotation with this normal appearance (BBox 0 0 10 10)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(SIZE, SIZE))
    ap = pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
    if resources is not None:
        ap.Resources = resources
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=rect, F=flags,
                               AP=pikepdf.Dictionary(N=ap))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_annotation_appearances_are_marks_on_their_rect_and_their_colour_counts() -> None:
    data = appearance(b"1 0 0 rg 0 0 10 10 re f", [100, 100, 150, 120])
    (mark,) = marks(data)
    assert mark.kind == "fill" and mark.box == pytest.approx((100, 100, 150, 120))
    (d,) = rgb(data)
    assert d.message.startswith("a filled shape (annotation) in DeviceRGB")
    assert rgb(appearance(b"0 1 1 0 k 0 0 10 10 re f", [100, 100, 150, 120])) == []
    hidden = appearance(b"1 0 0 rg 0 0 10 10 re f", [100, 100, 150, 120], flags=2)
    assert rgb(hidden) == [] and not marks(hidden)


def test_malformed_annotations_are_passed_over() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(appearance(b"1 0 0 rg 0 0 10 10 re f", [100, 100, 150, 120]))) as pdf:
        good = pdf.pages[0].obj.Annots[0]
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([
            pikepdf.Dictionary(Subtype=pikepdf.Name.Link, AP=pikepdf.Name.Broken),      # /AP not a dictionary
            pikepdf.Dictionary(Subtype=pikepdf.Name.Square, Rect=[0, 0, 1, 1], AP=pikepdf.Dictionary(N=5)),
            pikepdf.Integer(7), good]))
        pdf.save(out)
    (d,) = rgb(out.getvalue())                      # the good one still counts
    assert "(annotation)" in d.message


def soft_mask_pdf(group_space: pikepdf.Name) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(SIZE, SIZE))
    mask = pdf.make_stream(b"1 g 0 0 50 50 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 50, 50],
                           Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=group_space))
    gs = pikepdf.Dictionary(SMask=pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=mask))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(M0=gs))
    page.obj.Contents = pdf.make_stream(b"q /M0 gs 0 0 0 1 k 20 20 50 50 re f Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_soft_mask_groups_are_entered_for_colour_but_paint_no_marks() -> None:
    faulty = soft_mask_pdf(pikepdf.Name.DeviceRGB)
    (d,) = rgb(faulty)
    assert d.message.startswith("a soft mask in DeviceRGB")
    assert [i.kind for i in marks(faulty)] == ["fill"]        # the masked fill, not the mask's
    assert rgb(soft_mask_pdf(pikepdf.Name.DeviceGray)) == []


def tiling_pattern_pdf(cell: bytes) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(SIZE, SIZE))
    pattern = pdf.make_stream(cell, Type=pikepdf.Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
                              BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=pikepdf.Dictionary())
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Pattern=pikepdf.Dictionary(P0=pattern))
    page.obj.Contents = pdf.make_stream(b"/Pattern cs /P0 scn 40 50 100 80 re f")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_coloured_pattern_paints_in_the_colours_of_its_cell() -> None:
    (d,) = rgb(tiling_pattern_pdf(b"0 0 1 rg 0 0 5 5 re f"))
    assert d.message.startswith("a filled shape in DeviceRGB") and d.page == 1
    assert rgb(tiling_pattern_pdf(b"0 0 0 1 k 0 0 5 5 re f")) == []
    (mark,) = marks(tiling_pattern_pdf(b"0 0 1 rg 0 0 5 5 re f"))
    assert (mark.space, mark.box) == ("pattern", pytest.approx((40, 50, 140, 130)))   # the fill, not the cell


# -- one walk per run ------------------------------------------------------------------------------------

def counted_walks(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    """The parts of every walk made from now on."""
    made: list[frozenset[str]] = []
    real = walk.walk_pdf

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        made.append(result.parts)
        return result

    monkeypatch.setattr(walk, "walk_pdf", counted)
    return made


def test_every_check_of_a_run_shares_one_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    made = counted_walks(monkeypatch)
    run_checks(page_pdf(RGB_BY_SPACE), PRINT)
    assert made == [frozenset({"marks", "colours", "shown"})]


RGB_TEXT_AND_PICTURE = (b"BT /F1 12 Tf 1 0 0 rg 30 200 Td (red words) Tj ET "
                        b"q 40 0 0 30 50 60 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q")
HELVETICA = {"/F1": pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                      BaseFont=pikepdf.Name.Helvetica)}


def test_a_run_of_the_colour_check_alone_walks_for_colours_only_and_finds_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF/X claim runs pdf.rgb-colour alone: text is not boxed, the verdict and messages are those of
    the full run; with a layout trace (to locate text) the walk is the full one."""
    data = page_pdf(RGB_TEXT_AND_PICTURE, Font=HELVETICA)
    made = counted_walks(monkeypatch)
    alone = [d.message for d in rgb(data)]
    full = [d.message for d in run_checks(data, PRINT) if d.code == "pdf.rgb-colour"]
    assert made == [frozenset({"colours"}), frozenset({"marks", "colours", "shown"})]
    assert alone == full and len(alone) == 2 and alone[0].startswith("text in DeviceRGB")
    assert "an inline picture in DeviceRGB" in alone[1]
    run_checks(data, PRINT, Trace(), only={"pdf.rgb-colour"})
    assert made[-1] == frozenset({"marks", "colours", "shown"})
