"""Output checks (brochure/preflight/: colours, ink, boxes, links, metadata, intent): each fault built into
a small PDF in the test (ReportLab canvas + pikepdf edits), the check run alone, code, severity, page and
— through a hand-made layout trace — the YAML location asserted; and a clean twin that must not fire.

The ink tests really render with Ghostscript: no skip when it is missing (CI installs it).
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brochure.diagnostics import Diagnostic, Location
from brochure.editions import DEFAULT_CMYK_PROFILE, SRGB_PROFILE
from brochure.editions.finish import add_output_intent, write_metadata
from brochure.preflight import MM, Target, ink, links, run_checks
from brochure.preflight.geometry import PageBoxes
from brochure.preflight.trace import Placed, Trace

PRINT = Target("print", cmyk=True, bleed=3 * MM, standard="PDF/X-4")
EMAIL = Target("email")
ARCHIVE = Target("archive", standard="PDF/A-3B")
INK = Target("print", cmyk=True)          # no boxes needed: the ink is measured on the whole page
SIZE = (300.0, 300.0)


# -- helpers -------------------------------------------------------------------------------------------

def make_pdf(*pages: Callable[[Canvas], None], size: tuple[float, float] = SIZE) -> bytes:
    """One ReportLab page per drawing function."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def edit(data: bytes, fn: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fn(pdf)
        buf = io.BytesIO()
        pdf.save(buf, fix_metadata_version=False)
        return buf.getvalue()


def run(data: bytes, target: Target, code: str, trace: Trace | None = None) -> list[Diagnostic]:
    return list(run_checks(data, target, trace, only={code}))


def only(diags: list[Diagnostic], code: str) -> Diagnostic:
    assert [d.code for d in diags] == [code], [d.format() for d in diags]
    return diags[0]


def cmyk_box(c: Canvas, cmyk: tuple[float, float, float, float] = (0, 0, 0, 1),
             box: tuple[float, float, float, float] = (20, 20, 100, 60)) -> None:
    c.setFillColorCMYK(*cmyk)
    c.rect(*box, stroke=0, fill=1)


def blank(c: Canvas) -> None:
    cmyk_box(c, (0, 0, 0, 0.5))


def image(mode: str, colour: Any) -> ImageReader:
    return ImageReader(Image.new(mode, (16, 12), colour))


def set_content(pdf: pikepdf.Pdf, content: bytes, page: int = 0, **resources: Any) -> None:
    """Replace a page's content and add resources (/ColorSpace, /Shading, /XObject …)."""
    p = pdf.pages[page]
    p.obj.Contents = pdf.make_stream(content)
    res = p.obj.get("/Resources")
    if res is None:
        p.obj.Resources = res = pikepdf.Dictionary()
    for kind, entries in resources.items():
        res[f"/{kind}"] = pikepdf.Dictionary(entries)


# -- pdf.rgb-colour ------------------------------------------------------------------------------------

def test_rgb_picture_in_print_points_to_its_yaml_line() -> None:
    def page2(c: Canvas) -> None:
        c.setFont("Helvetica", 10)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.drawString(40, 250, "caption text in CMYK")
        c.drawImage(image("RGB", (200, 30, 30)), 50, 60, 120, 90)

    data = make_pdf(blank, page2)
    trace = Trace()
    trace.add(Placed(2, (40, 240, 260, 262), "paragraph", Location("brochure.yaml", 12, 5)))
    trace.add(Placed(2, (50, 60, 170, 150), "image", Location("brochure.yaml", 42, 9)))
    d = only(run(data, PRINT, "pdf.rgb-colour", trace), "pdf.rgb-colour")
    assert (d.severity.value, d.page, d.edition) == ("error", 2, "print")
    assert d.location == Location("brochure.yaml", 42, 9)
    assert "picture" in d.message and "DeviceRGB" in d.message and "[50.0 60.0 170.0 150.0]" in d.message


def test_rgb_text_fill_is_found_on_its_page() -> None:
    def rgb_text(c: Canvas) -> None:
        c.setFillColorRGB(0.8, 0.1, 0.1)
        c.setFont("Helvetica", 12)
        c.drawString(30, 200, "red in RGB")

    trace = Trace()
    trace.add(Placed(2, (25, 190, 200, 215), "heading", Location("content.yaml", 7, 3)))
    d = only(run(make_pdf(blank, rgb_text), PRINT, "pdf.rgb-colour", trace), "pdf.rgb-colour")
    assert (d.severity.value, d.page, d.location) == ("error", 2, Location("content.yaml", 7, 3))
    assert d.message.startswith("text in DeviceRGB")


def test_clean_cmyk_and_gray_do_not_fire() -> None:
    def clean(c: Canvas) -> None:
        cmyk_box(c, (0.1, 0.9, 0.8, 0.05))
        c.setFillGray(0.3)
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.line(10, 10, 200, 10)
        c.setFont("Helvetica", 10)
        c.drawString(30, 200, "gray text")
        c.drawImage(image("CMYK", (0, 50, 200, 10)), 50, 60, 120, 90)
        c.drawImage(image("L", 128), 180, 60, 60, 40)

    data = make_pdf(clean)
    assert run(data, PRINT, "pdf.rgb-colour") == []


def test_rgb_is_fine_outside_print() -> None:
    def rgb(c: Canvas) -> None:
        c.setFillColorRGB(0, 0, 1)
        c.rect(10, 10, 50, 50, fill=1)

    assert run(make_pdf(rgb), EMAIL, "pdf.rgb-colour") == []


def icc_stream(pdf: pikepdf.Pdf, profile: Path, n: int) -> pikepdf.Stream:
    s = pikepdf.Stream(pdf, profile.read_bytes())
    s.N = n
    return pdf.make_indirect(s)


CMYK_TINT = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0, 1, 1, 0], N=1)
RGB_TINT = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 1, 1], C1=[1, 0, 0], N=1)
SPACES: dict[str, tuple[Callable[[pikepdf.Pdf], Any], str, str | None]] = {
    # name: (colour space, scn operands, expected space in the message or None when printable)
    "CalRGB": (lambda pdf: pikepdf.Array([pikepdf.Name.CalRGB, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])]),
               "0.2 0.4 0.6", "CalRGB"),
    "Lab": (lambda pdf: pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])]),
            "50 10 10", "Lab"),
    "ICC RGB": (lambda pdf: pikepdf.Array([pikepdf.Name.ICCBased, icc_stream(pdf, SRGB_PROFILE, 3)]),
                "0.2 0.4 0.6", "ICC RGB"),
    "Indexed RGB": (lambda pdf: pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, 1,
                                               pikepdf.String(b"\xff\x00\x00\x00\x00\xff")]),
                    "1", "Indexed over DeviceRGB"),
    "Separation RGB": (lambda pdf: pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Gold"),
                                                  pikepdf.Name.DeviceRGB, RGB_TINT]), "1", "Separation /Gold"),
    "DeviceN RGB": (lambda pdf: pikepdf.Array([pikepdf.Name.DeviceN, [pikepdf.Name("/Gold")],
                                               pikepdf.Name.DeviceRGB, RGB_TINT]), "1", "DeviceN over DeviceRGB"),
    "ICC CMYK": (lambda pdf: pikepdf.Array([pikepdf.Name.ICCBased, icc_stream(pdf, DEFAULT_CMYK_PROFILE, 4)]),
                 "0 1 1 0", None),
    "Separation CMYK": (lambda pdf: pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Gold"),
                                                   pikepdf.Name.DeviceCMYK, CMYK_TINT]), "1", None),
    "Indexed CMYK": (lambda pdf: pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceCMYK, 0,
                                                pikepdf.String(b"\x00\xff\xff\x00")]), "0", None),
    "CalGray": (lambda pdf: pikepdf.Array([pikepdf.Name.CalGray, pikepdf.Dictionary(WhitePoint=[0.95, 1, 1.09])]),
                "0.5", None),
}


@pytest.mark.parametrize("name", list(SPACES))
def test_colour_spaces(name: str) -> None:
    make_space, operands, expected = SPACES[name]

    def fault(pdf: pikepdf.Pdf) -> None:
        set_content(pdf, f"q /CS0 cs {operands} scn 40 50 100 80 re f Q".encode(), 1,
                    ColorSpace={"/CS0": make_space(pdf)})

    trace = Trace()
    trace.add(Placed(2, (40, 50, 140, 130), "chart", Location("brochure.yaml", 88, 11)))
    found = run(edit(make_pdf(blank, blank), fault), PRINT, "pdf.rgb-colour", trace)
    if expected is None:
        assert found == []
        return
    d = only(found, "pdf.rgb-colour")
    assert (d.severity.value, d.page, d.location) == ("error", 2, Location("brochure.yaml", 88, 11))
    assert f"a filled shape in {expected}" in d.message


def test_rgb_shading_transparency_group_and_inline_image() -> None:
    def fault(pdf: pikepdf.Pdf) -> None:
        shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0],
                                     Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0],
                                                                 C1=[0, 0, 1], N=1))
        form = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10],
                               Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB))
        content = (b"q 10 10 80 40 re W n /Sh0 sh Q\n"
                   b"q 5 0 0 5 150 150 cm /Fm0 Do Q\n"
                   b"q 20 0 0 20 200 20 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q\n")
        set_content(pdf, content, 0, Shading={"/Sh0": shading}, XObject={"/Fm0": form})

    found = run(edit(make_pdf(blank), fault), PRINT, "pdf.rgb-colour")
    kinds = sorted(d.message.split(" in ")[0] for d in found)
    assert kinds == ["a shading", "a transparency group", "an inline picture"], [d.format() for d in found]
    assert all(d.page == 1 and d.severity.value == "error" for d in found)


# -- pdf.ink-limit -------------------------------------------------------------------------------------

@pytest.fixture()
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache: the ink check must really render (and then store its result here)."""
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def rich_black_400(c: Canvas) -> None:
    cmyk_box(c, (1, 1, 1, 1), (60, 100, 120, 80))


@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_ink_over_the_limit_is_measured_by_ghostscript(fresh_cache: Path) -> None:
    trace = Trace()
    trace.add(Placed(2, (60, 100, 180, 180), "table", Location("brochure.yaml", 61, 7)))
    d = only(run(make_pdf(blank, rich_black_400), INK, "pdf.ink-limit", trace), "pdf.ink-limit")
    assert (d.severity.value, d.page, d.location) == ("error", 2, Location("brochure.yaml", 61, 7))
    assert "reaches 400 %, over the 300 % limit" in d.message
    box = [float(v) for v in d.message.split(" at [")[1].split("]")[0].split()]
    assert box == pytest.approx([60, 100, 180, 180], abs=1.5)   # one 50 ppi square = 1.44 pt
    assert list((fresh_cache / "preflight").glob("ink-*.json"))


@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_ink_within_the_limit_and_small_specks_do_not_fire(fresh_cache: Path) -> None:
    def clean(c: Canvas) -> None:
        cmyk_box(c, (0.6, 0.4, 0.4, 1.0), (20, 20, 200, 100))      # 240 %: rich black done right
        c.setStrokeColorCMYK(1, 1, 1, 1)                            # registration-coloured hairline and
        c.setLineWidth(0.5)                                         # text: specks, not areas
        c.line(20, 200, 280, 200)
        c.setFillColorCMYK(1, 1, 1, 1)
        c.setFont("Helvetica", 6)
        c.drawString(20, 250, "small print in 400 %")
        c.setFont("Helvetica-Bold", 12)
        c.drawString(20, 150, "a bold 12 pt heading in 400 %")

    assert run(make_pdf(clean), INK, "pdf.ink-limit") == []


@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_ink_outside_the_bleed_box_is_ignored(fresh_cache: Path) -> None:
    """Crop marks are printed in registration (400 %) outside the BleedBox by design."""
    def marks(c: Canvas) -> None:
        cmyk_box(c, (1, 1, 1, 1), (0, 0, 20, 300))
        cmyk_box(c, (0, 1, 1, 0), (30, 30, 240, 240))

    def boxes(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.TrimBox = [40, 40, 260, 260]
        pdf.pages[0].obj.BleedBox = [25, 25, 275, 275]

    assert run(edit(make_pdf(marks), boxes), INK, "pdf.ink-limit") == []


@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_ink_box_on_a_rotated_page(fresh_cache: Path) -> None:
    def rotate(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.Rotate = 90

    d = only(run(edit(make_pdf(rich_black_400, size=(300, 200)), rotate), INK, "pdf.ink-limit"), "pdf.ink-limit")
    box = [float(v) for v in d.message.split(" at [")[1].split("]")[0].split()]
    assert box == pytest.approx([60, 100, 180, 180], abs=1.5)


@pytest.mark.tool("gs")   # the ink check renders with Ghostscript
def test_ink_result_is_cached_by_the_pdf_bytes(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_pdf(rich_black_400)
    first = run(data, INK, "pdf.ink-limit")

    def no_render(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("rendered again although the bytes did not change")

    monkeypatch.setattr(ink, "render_ink", no_render)
    assert run(data, INK, "pdf.ink-limit") == first
    entry = json.loads(next((fresh_cache / "preflight").glob("ink-*.json")).read_text())
    assert entry["pages"][0]["peak"] == pytest.approx(400, abs=0.5)


def test_ink_without_ghostscript_warns_and_fails_when_tools_are_required(
        fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    data = make_pdf(rich_black_400)
    d = only(run(data, INK, "pdf.ink-limit"), "preflight.tool-missing")
    assert d.severity.value == "warning" and "Ghostscript not found" in d.message
    assert any("apt-get install ghostscript" in h for h in d.hints)
    strict = Target("print", cmyk=True, need_tools=True)
    assert only(run(data, strict, "pdf.ink-limit"), "preflight.tool-missing").severity.value == "error"


def test_ink_when_ghostscript_fails(fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gs"
    fake.write_text("#!/bin/sh\necho 'Unrecoverable error' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    d = only(run(make_pdf(rich_black_400), INK, "pdf.ink-limit"), "preflight.tool-failed")
    assert d.severity.value == "warning" and "Unrecoverable error" in d.message


def test_ink_is_not_checked_outside_print(fresh_cache: Path) -> None:
    assert run(make_pdf(rich_black_400), EMAIL, "pdf.ink-limit") == []


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_ink_map_mapping_round_trips(rotate: int) -> None:
    b = PageBoxes(1, (10, 20, 310, 220), None, None, None, None, rotate)
    for x, y in ((10, 20), (310, 220), (100, 150)):
        assert ink.to_pdf(b, *ink.to_pixels(b, x, y)) == pytest.approx((x, y))


# -- pdf.boxes and pdf.bleed-too-small -----------------------------------------------------------------

def with_boxes(trim: list[float] | None, bleed: list[float] | None, art: list[float] | None = None,
               pages: int = 1) -> bytes:
    def boxes(pdf: pikepdf.Pdf) -> None:
        for p in pdf.pages:
            for key, value in (("/TrimBox", trim), ("/BleedBox", bleed), ("/ArtBox", art)):
                if value is not None:
                    p.obj[key] = pikepdf.Array(value)

    return edit(make_pdf(*[blank] * pages), boxes)


B = 3 * MM
GOOD_TRIM = [30.0, 30.0, 270.0, 270.0]
GOOD_BLEED = [30 - B, 30 - B, 270 + B, 270 + B]


def test_boxes_missing_in_print() -> None:
    d = only(run(with_boxes(None, None, pages=3), PRINT, "pdf.boxes"), "pdf.boxes")
    assert (d.severity.value, d.page) == ("error", 1)
    assert "no TrimBox and no BleedBox" in d.message and "pages 1–3" in d.message


def test_boxes_that_do_not_nest() -> None:
    d = only(run(with_boxes([20, 20, 280, 280], [25, 25, 275, 275]), PRINT, "pdf.boxes"), "pdf.boxes")
    assert (d.severity.value, d.page) == ("error", 1)
    assert "TrimBox" in d.message and "not inside the BleedBox" in d.message
    d = only(run(with_boxes(GOOD_TRIM, GOOD_BLEED, art=[10, 10, 100, 100]), EMAIL, "pdf.boxes"), "pdf.boxes")
    assert "ArtBox" in d.message and "not inside the TrimBox" in d.message
    d = only(run(with_boxes(GOOD_TRIM, [0, 0, 320, 320]), PRINT, "pdf.boxes"), "pdf.boxes")
    assert "BleedBox" in d.message and "not inside the MediaBox" in d.message


def test_boxes_clean() -> None:
    assert run(with_boxes(GOOD_TRIM, GOOD_BLEED, art=[40, 40, 200, 200]), PRINT, "pdf.boxes") == []
    assert run(make_pdf(blank), EMAIL, "pdf.boxes") == []


def test_bleed_too_small() -> None:
    data = with_boxes(GOOD_TRIM, [30 - MM, 30 - B, 270 + B, 270 + B], pages=2)
    d = only(run(data, PRINT, "pdf.bleed-too-small"), "pdf.bleed-too-small")
    assert (d.severity.value, d.page) == ("error", 1)
    assert "1.0 mm left" in d.message and "3.0 mm wanted" in d.message and "pages 1–2" in d.message


def test_bleed_clipped_by_the_media_box_is_too_small() -> None:
    def shrink(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.MediaBox = [0, 0, 300, 272]

    data = edit(with_boxes(GOOD_TRIM, GOOD_BLEED), shrink)
    d = only(run(data, PRINT, "pdf.bleed-too-small"), "pdf.bleed-too-small")
    assert "0.7 mm top" in d.message


def test_bleed_enough() -> None:
    assert run(with_boxes(GOOD_TRIM, GOOD_BLEED), PRINT, "pdf.bleed-too-small") == []
    almost = [30 - B + 0.05, 30 - B, 270 + B, 270 + B]          # within the 0.1 pt tolerance
    assert run(with_boxes(GOOD_TRIM, almost), PRINT, "pdf.bleed-too-small") == []
    assert run(with_boxes(GOOD_TRIM, [29, 29, 271, 271]), EMAIL, "pdf.bleed-too-small") == []


# -- pdf.dead-link -------------------------------------------------------------------------------------

RECT = [40.0, 200.0, 160.0, 220.0]


def with_link(**entries: Any) -> Callable[[pikepdf.Pdf], None]:
    """Put one link annotation on page 2; entries may be callables taking the pdf."""
    def add(pdf: pikepdf.Pdf) -> None:
        values = {k: (v(pdf) if callable(v) else v) for k, v in entries.items()}
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=RECT, **values)
        pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))
        names = pikepdf.NameTree.new(pdf)
        names["intro"] = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
        pdf.Root.Names = pikepdf.Dictionary(Dests=names.obj)

    return add


def action(kind: str, **entries: Any) -> Callable[[pikepdf.Pdf], pikepdf.Dictionary]:
    return lambda pdf: pikepdf.Dictionary(S=pikepdf.Name(kind), **{k: (v(pdf) if callable(v) else v)
                                                                   for k, v in entries.items()})


def foreign_page(pdf: pikepdf.Pdf) -> pikepdf.Array:
    page = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 10, 10]))
    return pikepdf.Array([page, pikepdf.Name.Fit])


DEAD: dict[str, tuple[dict[str, Any], str, str]] = {
    "missing named destination": ({"Dest": pikepdf.String("chapter-9")}, "error", "'chapter-9'"),
    "page not in the document": ({"A": action("/GoTo", D=foreign_page)}, "error", "not in the document"),
    "uri without scheme": ({"A": action("/URI", URI=pikepdf.String("www.example.com"))}, "error", "without a scheme"),
    "uri with spaces": ({"A": action("/URI", URI=pikepdf.String("https://example.com/a b"))}, "error", "spaces"),
    "empty uri": ({"A": action("/URI", URI=pikepdf.String(""))}, "error", "empty URI"),
    "http without host": ({"A": action("/URI", URI=pikepdf.String("https:///x"))}, "error", "without a host"),
    "launch": ({"A": action("/Launch", F=pikepdf.String("setup.exe"))}, "error", "launches"),
    "goto remote": ({"A": action("/GoToR", F=pikepdf.String("other.pdf"), D=pikepdf.Array([0, pikepdf.Name.Fit]))},
                    "warning", "other.pdf"),
    "nothing": ({}, "error", "no action and no destination"),
}


@pytest.mark.parametrize("case", list(DEAD))
def test_dead_links(case: str) -> None:
    entries, severity, words = DEAD[case]
    trace = Trace()
    trace.add(Placed(2, (30, 195, 250, 225), "paragraph", Location("brochure.yaml", 77, 5)))
    data = edit(make_pdf(blank, blank), with_link(**entries))
    d = only(run(data, EMAIL, "pdf.dead-link", trace), "pdf.dead-link")
    assert (d.severity.value, d.page, d.location) == (severity, 2, Location("brochure.yaml", 77, 5))
    assert words in d.message and "[40.0 200.0 160.0 220.0]" in d.message


GOOD_LINKS: dict[str, dict[str, Any]] = {
    "page": {"Dest": lambda pdf: pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.XYZ, 0, 100, 0])},
    "named": {"Dest": pikepdf.String("intro")},
    "goto named": {"A": action("/GoTo", D=pikepdf.String("intro"))},
    "https": {"A": action("/URI", URI=pikepdf.String("https://www.tianxin.gov.cn/zwgk/"))},
    "mailto": {"A": action("/URI", URI=pikepdf.String("mailto:press@example.org"))},
}


@pytest.mark.parametrize("case", list(GOOD_LINKS))
def test_links_that_lead_somewhere(case: str) -> None:
    data = edit(make_pdf(blank, blank), with_link(**GOOD_LINKS[case]))
    assert run(data, EMAIL, "pdf.dead-link") == []


def test_uri_rules() -> None:
    assert links.uri_problem("https://example.com") is None
    assert links.uri_problem("tel:+86-731-1234") is None
    assert links.uri_problem("C:\\brochure.pdf") is not None          # a drive letter is not a scheme
    assert links.uri_problem("page2.html", base="https://example.com/") is None


# -- pdf.metadata --------------------------------------------------------------------------------------

META = {"title": "温暖之城", "author": "天心区委宣传部", "subject": "城市治理", "keywords": "天心区, 长沙",
        "creator": "brochure 0.1.0", "producer": "brochure 0.1.0 (ReportLab, pikepdf)", "lang": "zh-CN",
        "date": "D:20200115000000Z", "xmp_date": "2020-01-15T00:00:00Z"}
PDFA_ID = {"pdfaid:part": "3", "pdfaid:conformance": "B"}
PDFX_ID = {"pdfxid:GTS_PDFXVersion": "PDF/X-4"}


def with_metadata(meta: dict[str, str] = META, extra: dict[str, str] = PDFA_ID,
                  then: Callable[[pikepdf.Pdf], None] | None = None) -> bytes:
    def write(pdf: pikepdf.Pdf) -> None:
        write_metadata(pdf, meta, dict(extra))
        if then is not None:
            then(pdf)

    return edit(make_pdf(blank), write)


def test_metadata_clean() -> None:
    assert run(with_metadata(), ARCHIVE, "pdf.metadata") == []
    assert run(with_metadata(extra=PDFX_ID), PRINT, "pdf.metadata") == []
    assert run(with_metadata(extra={}), EMAIL, "pdf.metadata") == []


def test_a_pdfa_packet_that_claims_pdfua_describes_the_pdfuaid_schema() -> None:
    """PDF/A admits pdfuaid only with a PDF/A extension schema describing it, in a description of its
    own that comes first (PDFBox reads schema definitions from such a description before the
    properties); a packet without pdfaid (email) needs none. The packet stays valid for pdf.metadata."""
    from xml.etree import ElementTree

    from brochure.editions.finish import xmp_packet

    both = xmp_packet({"dc:title": "t", "pdfaid:part": "3", "pdfaid:conformance": "B", "pdfuaid:part": "1"})
    root = ElementTree.fromstring(both.rstrip(b" \n").split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    schema, props = root.iter(f"{rdf}Description")
    ext, sch, prop = ("http://www.aiim.org/pdfa/ns/extension/", "http://www.aiim.org/pdfa/ns/schema#",
                      "http://www.aiim.org/pdfa/ns/property#")
    assert [c.tag for c in schema] == [f"{{{ext}}}schemas"]
    assert schema.find(f".//{{{sch}}}namespaceURI").text == "http://www.aiim.org/pdfua/ns/id/"
    assert schema.find(f".//{{{sch}}}prefix").text == "pdfuaid"
    assert [(e.find(f"{{{prop}}}name").text, e.find(f"{{{prop}}}valueType").text)
            for e in schema.iter(f"{rdf}li") if e.find(f"{{{prop}}}name") is not None] == [("part", "Integer")]
    assert props.find("{http://www.aiim.org/pdfua/ns/id/}part").text == "1"
    assert b"pdfaExtension" not in xmp_packet({"dc:title": "t", "pdfuaid:part": "1"})
    assert b"pdfaExtension" not in xmp_packet({"dc:title": "t", "pdfaid:part": "3", "pdfaid:conformance": "B"})
    assert run(with_metadata(extra={**PDFA_ID, "pdfuaid:part": "1"}), ARCHIVE, "pdf.metadata") == []


def set_info(key: str, value: str) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo[key] = pikepdf.String(value)
    return change


def replace_xmp(raw: bytes) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Metadata.write(raw)
    return change


def drop_xmp(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Metadata"]


METADATA_FAULTS: dict[str, tuple[Target, dict[str, Any], str]] = {
    "no xmp": (ARCHIVE, {"then": drop_xmp}, "no XMP metadata stream"),
    "broken xmp": (ARCHIVE, {"then": replace_xmp(b"<x:xmpmeta><rdf:RDF>")}, "cannot be parsed"),
    "title differs": (ARCHIVE, {"then": set_info("/Title", "Another title")}, "dc:title"),
    "author differs": (PRINT, {"extra": PDFX_ID, "then": set_info("/Author", "Someone")}, "dc:creator"),
    "wrong pdfa part": (ARCHIVE, {"extra": {"pdfaid:part": "2", "pdfaid:conformance": "B"}}, "pdfaid:part is 2"),
    "wrong conformance": (ARCHIVE, {"extra": {"pdfaid:part": "3", "pdfaid:conformance": "U"}}, "conformance is U"),
    "no pdfx version": (PRINT, {"extra": {}}, "GTS_PDFXVersion is missing"),
    "dates differ": (ARCHIVE, {"then": set_info("/ModDate", "D:20200116000000Z")}, "xmp:ModifyDate"),
    "no xmp date": (PRINT, {"meta": {**META, "xmp_date": ""}, "extra": PDFX_ID}, "xmp:CreateDate is missing"),
}


@pytest.mark.parametrize("case", list(METADATA_FAULTS))
def test_metadata_faults(case: str) -> None:
    target, kwargs, words = METADATA_FAULTS[case]
    found = run(with_metadata(**kwargs), target, "pdf.metadata")
    assert found and all(d.code == "pdf.metadata" and d.severity.value == "error" for d in found)
    assert any(words in d.message for d in found), [d.message for d in found]


def test_dates_in_other_time_zones_match() -> None:
    meta = {**META, "date": "D:20200115080000+08'00'", "xmp_date": "2020-01-15T00:00:00Z"}
    assert run(with_metadata(meta), ARCHIVE, "pdf.metadata") == []


def drop_title(pdf: pikepdf.Pdf) -> None:
    if "/Title" in pdf.docinfo:        # ReportLab's "untitled" (write_metadata drops it without a title)
        del pdf.docinfo["/Title"]


def test_missing_title_is_a_warning_in_every_edition() -> None:
    untitled = {k: v for k, v in META.items() if k != "title"}
    for target, extra in ((EMAIL, {}), (ARCHIVE, PDFA_ID), (PRINT, PDFX_ID)):
        d = only(run(with_metadata(untitled, extra, drop_title), target, "pdf.metadata"), "pdf.metadata")
        assert (d.severity.value, d.edition) == ("warning", target.edition) and "no title" in d.message
    d = only(run(make_pdf(blank), EMAIL, "pdf.metadata"), "pdf.metadata")     # /Title (untitled)
    assert d.severity.value == "warning"


# -- pdf.output-intent ---------------------------------------------------------------------------------

def with_intent(profile: Path | None, subtype: str = "/GTS_PDFX",
                then: Callable[[pikepdf.Pdf], None] | None = None) -> bytes:
    def add(pdf: pikepdf.Pdf) -> None:
        if profile is not None:
            add_output_intent(pdf, profile, subtype, "Offset, coated paper", "FOGRA39")
        if then is not None:
            then(pdf)

    return edit(make_pdf(blank), add)


def test_output_intent_clean() -> None:
    assert run(with_intent(DEFAULT_CMYK_PROFILE), PRINT, "pdf.output-intent") == []
    assert run(with_intent(SRGB_PROFILE, "/GTS_PDFA1"), ARCHIVE, "pdf.output-intent") == []
    assert run(with_intent(None), EMAIL, "pdf.output-intent") == []


def intent_edit(key: str, value: Any) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        intent = pdf.Root.OutputIntents[0]
        if value is None:
            del intent[key]
        else:
            intent[key] = value(pdf) if callable(value) else value
    return change


INTENT_FAULTS: dict[str, tuple[Target, Callable[[], bytes], str]] = {
    "none": (PRINT, lambda: with_intent(None), "no output intent"),
    "wrong subtype": (PRINT, lambda: with_intent(DEFAULT_CMYK_PROFILE, "/GTS_PDFA1"), "subtype /GTS_PDFX"),
    "rgb profile for print": (PRINT, lambda: with_intent(SRGB_PROFILE), "profile is RGB, the edition needs CMYK"),
    "cmyk profile for archive": (ARCHIVE, lambda: with_intent(DEFAULT_CMYK_PROFILE, "/GTS_PDFA1"), "needs RGB"),
    "no identifier": (PRINT, lambda: with_intent(DEFAULT_CMYK_PROFILE,
                                                 then=intent_edit("/OutputConditionIdentifier", None)),
                      "no /OutputConditionIdentifier"),
    "no profile": (ARCHIVE, lambda: with_intent(SRGB_PROFILE, "/GTS_PDFA1", intent_edit("/DestOutputProfile", None)),
                   "embeds no ICC profile"),
    "not a profile": (PRINT, lambda: with_intent(DEFAULT_CMYK_PROFILE, then=intent_edit(
        "/DestOutputProfile", lambda pdf: pdf.make_stream(b"not an icc profile" * 10))), "not an ICC profile"),
}


@pytest.mark.parametrize("case", list(INTENT_FAULTS))
def test_output_intent_faults(case: str) -> None:
    target, make, words = INTENT_FAULTS[case]
    d = only(run(make(), target, "pdf.output-intent"), "pdf.output-intent")
    assert (d.severity.value, d.edition) == ("error", target.edition)
    assert words in d.message, d.message
