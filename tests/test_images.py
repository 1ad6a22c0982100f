"""The image pipeline: every format and mode photographers send, orientation, colour, transparency,
resolution checks, passthrough, resampling, the cache, and located diagnostics for bad files.

Fixtures are made in code with Pillow under tmp_path. Visual checks draw the `PlacedImage` into a tiny
PDF with ReportLab (as the renderers do) and rasterise it with pypdfium2.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import require_file
from PIL import Image, ImageCms

from brochure.build import Options, load
from brochure.diagnostics import Diagnostics
from brochure.errors import BrochureError
from brochure.images import batch, process
from brochure.images.base import ImageProblem, PlacedImage
from brochure.images.colour import to_cmyk
from brochure.images.embed import insert_pictures
from brochure.images.place import prepare
from brochure.images.probe import ENV_MAX_PIXELS, check_image, probe

ROOT = Path(__file__).resolve().parents[1]
CMYK_PROFILE = ROOT / "assets" / "icc" / "brochure-fogra39-300.icc"
MM = 72 / 25.4

# Quadrant colours of the test photo, as displayed: top-left, top-right, bottom-left, bottom-right.
TL, TR, BL, BR = (210, 40, 40), (40, 170, 70), (40, 70, 200), (235, 205, 50)
QUADS = {"tl": TL, "tr": TR, "bl": BL, "br": BR}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with an empty image cache."""
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "cache"))


# -- fixtures made in code -------------------------------------------------------------------------------
def quadrants(w: int = 300, h: int = 200, mode: str = "RGB") -> Image.Image:
    im = Image.new("RGB", (w, h))
    for box, colour in (((0, 0, w // 2, h // 2), TL), ((w // 2, 0, w, h // 2), TR),
                        ((0, h // 2, w // 2, h), BL), ((w // 2, h // 2, w, h), BR)):
        im.paste(colour, box)
    return im if mode == "RGB" else im.convert(mode)


def png_rgb16(path: Path, im: Image.Image) -> None:
    """A 16-bit-per-channel RGB PNG, written by hand (Pillow saves RGB at 8 bits)."""
    rows = b"".join(b"\0" + b"".join(struct.pack(">HHH", *(c * 257 for c in im.getpixel((x, y))))
                                     for x in range(im.width)) for y in range(im.height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", im.width, im.height,
                                                                          16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def tiff_rgb16(path: Path, im: Image.Image) -> None:
    """A 16-bit-per-channel RGB TIFF (big-endian, one strip), written by hand."""
    data = b"".join(struct.pack(">HHH", *(c * 257 for c in im.getpixel((x, y))))
                    for y in range(im.height) for x in range(im.width))
    entries = [(256, 4, 1, im.width), (257, 4, 1, im.height), (258, 3, 3, 8 + len(data)),
               (259, 3, 1, 1), (262, 3, 1, 2), (273, 4, 1, 8), (277, 3, 1, 3), (278, 4, 1, im.height),
               (279, 4, 1, len(data)), (284, 3, 1, 1)]
    ifd_at = 8 + len(data) + 6
    ifd = struct.pack(">H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack(">HI", value, 0)[:4] if kind == 3 and count == 1 else struct.pack(">I", value)
        ifd += struct.pack(">HHI", tag, kind, count) + packed
    ifd += struct.pack(">I", 0)
    path.write_bytes(b"MM\0*" + struct.pack(">I", ifd_at) + data + struct.pack(">HHH", 16, 16, 16) + ifd)


def draw_pdf(placed: PlacedImage, background: tuple[float, float, float] = (0.0, 1.0, 0.0)) -> bytes:
    """One page the size of the box, a coloured background, the image drawn as the renderers draw it
    (a JPEG as a placeholder the finishing step fills with the file, anything else by ReportLab)."""
    from types import SimpleNamespace

    from reportlab.pdfgen.canvas import Canvas

    import brochure.render.context  # noqa: F401  (turns ReportLab's ASCII85 layer off, as in every build)
    from brochure.layout.pictures import define_placeholders, draw_image

    buf = io.BytesIO()
    w, h = placed.box
    canv = Canvas(buf, pagesize=(w, h))
    canv._doctemplate = SimpleNamespace(pictures={})  # type: ignore[attr-defined]
    canv.setFillColorRGB(*background)
    canv.rect(0, 0, w, h, stroke=0, fill=1)
    draw_image(canv, str(placed.path), 0, 0, w, h)
    canv.showPage()
    placeholders = define_placeholders(canv, canv._doctemplate.pictures)  # type: ignore[attr-defined]
    canv.save()
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(buf.getvalue())) as doc:
        insert_pictures(doc, placeholders)
        doc.save(out)
    return out.getvalue()


def rasterise(pdf: bytes, width_px: int = 120) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    bitmap = page.render(scale=width_px / page.get_width())
    return bitmap.to_pil().convert("RGB")


def sample(im: Image.Image) -> dict[str, tuple[int, ...]]:
    """The colour at the centre of each quadrant."""
    w, h = im.size
    return {"tl": im.getpixel((w // 4, h // 4)), "tr": im.getpixel((3 * w // 4, h // 4)),
            "bl": im.getpixel((w // 4, 3 * h // 4)), "br": im.getpixel((3 * w // 4, 3 * h // 4))}


def close(a: tuple[int, ...], b: tuple[int, ...], tol: int) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def assert_quadrants(im: Image.Image, tol: int = 12, gray: bool = False) -> None:
    got = sample(im)
    for name, want in QUADS.items():
        if gray:
            lum = round(0.299 * want[0] + 0.587 * want[1] + 0.114 * want[2])
            assert close(got[name], (lum, lum, lum), tol), (name, got[name], lum)
        else:
            assert close(got[name], want, tol), (name, got[name], want)


def email(src: Path, w_mm: float = 60, fit: str = "cover", **kw: object) -> PlacedImage:
    return prepare(src, w_mm * MM, w_mm * MM * 2 / 3, fit, (0.5, 0.5), 150, 85, **kw)  # type: ignore[arg-type]


def print_(src: Path, w_mm: float = 60, profile: Path = CMYK_PROFILE) -> PlacedImage:
    return prepare(src, w_mm * MM, w_mm * MM * 2 / 3, "cover", (0.5, 0.5), 300, 92, profile)


@dataclass
class Embedded:
    raw: bytes          # the stream as stored (still DCT-encoded for JPEGs)
    keys: set[str]
    width: int
    height: int


def first_image(pdf: bytes) -> Embedded:
    """The page's image XObject as ReportLab wrote it (without ASCII85, as in a build)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for _, xo in doc.pages[0].Resources.XObject.items():
            if xo.Subtype == "/Image":
                return Embedded(xo.read_raw_bytes(), set(xo.keys()), int(xo.Width), int(xo.Height))
    raise AssertionError("no image in the PDF")


# -- formats and modes -----------------------------------------------------------------------------------
def _write(kind: str, path: Path) -> Path:
    im = quadrants()
    if kind == "jpeg":
        im.save(path, "JPEG", quality=95)
    elif kind == "jpeg-progressive":
        im.save(path, "JPEG", quality=95, progressive=True)
    elif kind == "jpeg-gray":
        im.convert("L").save(path, "JPEG", quality=95)
    elif kind == "png-palette":
        im.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(path, "PNG")
    elif kind == "png-rgba-opaque":
        im.convert("RGBA").save(path, "PNG")
    elif kind == "png-gray16":
        im.convert("L").convert("I").point(lambda v: v * 257).convert("I;16").save(path, "PNG")
    elif kind == "png-rgb16":
        png_rgb16(path, im)
    elif kind == "tiff-rgb16":
        tiff_rgb16(path, im)
    elif kind == "tiff-lzw":
        im.save(path, "TIFF", compression="tiff_lzw")
    elif kind == "webp":
        im.save(path, "WEBP", lossless=True)
    elif kind == "gif":
        im.save(path, "GIF")
    elif kind == "bmp-1bit":
        Image.new("1", (300, 200), 1).save(path, "BMP")
    return path


FORMATS = {"jpeg": ".jpg", "jpeg-progressive": ".jpg", "jpeg-gray": ".jpg", "png-palette": ".png",
           "png-rgba-opaque": ".png", "png-gray16": ".png", "png-rgb16": ".png", "tiff-rgb16": ".tif",
           "tiff-lzw": ".tif", "webp": ".webp", "gif": ".gif"}


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_every_format_comes_out_right_in_email_and_print(kind: str, tmp_path: Path) -> None:
    src = _write(kind, tmp_path / f"photo{FORMATS[kind]}")
    assert check_image(src) is None
    gray = kind in ("jpeg-gray", "png-gray16")
    placed = email(src)
    assert_quadrants(rasterise(draw_pdf(placed)), tol=14, gray=gray)
    printed = print_(src)
    assert printed.path.suffix == ".jpg" and not printed.has_alpha
    with Image.open(printed.path) as out:
        assert out.mode == ("L" if gray else "CMYK")
    # pdfium turns DeviceCMYK into RGB naively: only the hue family survives, so check loosely.
    got = sample(rasterise(draw_pdf(printed)))
    if not gray:
        assert got["tl"][0] > got["tl"][2] and got["bl"][2] > got["bl"][0]


def test_opaque_alpha_png_is_embedded_as_jpeg(tmp_path: Path) -> None:
    placed = email(_write("png-rgba-opaque", tmp_path / "a.png"))
    assert placed.path.suffix == ".jpg" and not placed.has_alpha


def test_bilevel_bmp_becomes_gray(tmp_path: Path) -> None:
    placed = email(_write("bmp-1bit", tmp_path / "a.bmp"))
    with Image.open(placed.path) as out:
        assert out.mode == "L"


# -- orientation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(orientation: int, tmp_path: Path) -> None:
    shown = quadrants(300, 200)
    # Store the pixels so that applying the EXIF orientation gives `shown` back.
    undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    stored = shown.transpose(undo[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    src = tmp_path / "phone.jpg"
    stored.save(src, "JPEG", quality=95, exif=exif)
    assert probe(src).size == (300, 200)
    placed = email(src)
    assert not placed.passthrough
    assert (placed.width_px, placed.height_px) == (300, 200)
    assert_quadrants(rasterise(draw_pdf(placed)))


# -- colour -----------------------------------------------------------------------------------------------
def test_cmyk_jpeg_with_profile_keeps_its_colours_in_email(tmp_path: Path) -> None:
    cmyk = to_cmyk(quadrants(), CMYK_PROFILE)
    src = tmp_path / "agency.jpg"
    cmyk.save(src, "JPEG", quality=95, icc_profile=CMYK_PROFILE.read_bytes())
    placed = email(src)
    with Image.open(placed.path) as out:
        assert out.mode == "RGB"
    # What LittleCMS says the press can show of each colour (saturated blue is out of FOGRA39's gamut).
    press = ImageCms.ImageCmsProfile(str(CMYK_PROFILE))
    srgb = ImageCms.createProfile("sRGB")
    got = sample(rasterise(draw_pdf(placed)))
    for name, colour in QUADS.items():
        intent, bpc = ImageCms.Intent.RELATIVE_COLORIMETRIC, ImageCms.Flags.BLACKPOINTCOMPENSATION
        cmyk_px = ImageCms.profileToProfile(Image.new("RGB", (1, 1), colour), srgb, press, outputMode="CMYK",
                                            renderingIntent=intent, flags=bpc)
        want = ImageCms.profileToProfile(cmyk_px, press, srgb, outputMode="RGB", renderingIntent=intent,
                                         flags=bpc)
        assert close(got[name], want.getpixel((0, 0)), 10), (name, got[name], want.getpixel((0, 0)))
        assert close(got[name], colour, 45)


def test_adobe_inverted_cmyk_is_decoded_and_embedded_right(tmp_path: Path) -> None:
    """Pillow writes (and reads) CMYK JPEGs Adobe-style: APP14 marker, inverted samples. ReportLab's
    Decode [1 0 ...] for 4-channel JPEGs matches, so the print edition can pass such files through."""
    cmyk = Image.new("CMYK", (300, 200), (0, 0, 0, 0))
    cmyk.paste((255, 0, 0, 0), (0, 0, 150, 100))        # cyan
    cmyk.paste((0, 255, 0, 0), (150, 0, 300, 100))      # magenta
    cmyk.paste((0, 0, 255, 0), (0, 100, 150, 200))      # yellow
    cmyk.paste((0, 0, 0, 255), (150, 100, 300, 200))    # black
    src = tmp_path / "adobe.jpg"
    cmyk.save(src, "JPEG", quality=95)
    raw = src.read_bytes()
    assert b"Adobe" in raw[:200]
    with Image.open(src) as back:
        assert close(back.getpixel((75, 50)), (255, 0, 0, 0), 6)        # un-inverted on decode
    assert probe(src).adobe
    # Print: untagged CMYK is taken to be for this press -> passed through byte for byte.
    placed = prepare(src, 300 / 300 * 72, 200 / 300 * 72, "cover", (0.5, 0.5), 300, 92, CMYK_PROFILE)
    assert placed.passthrough and placed.path == src
    pdf = draw_pdf(placed)
    assert first_image(pdf).raw == raw
    got = sample(rasterise(pdf))
    # Process colours as a viewer shows them (inverted data would come out near black or white).
    assert got["tl"][0] < 60 and got["tl"][2] > 200            # cyan
    assert got["tr"][1] < 60 and got["tr"][0] > 200            # magenta
    assert got["bl"][2] < 60 and got["bl"][0] > 200            # yellow
    assert max(got["br"]) < 80                                 # black
    # Email: converted to sRGB (generic CMYK profile): cyan stays cyan-ish.
    shown = sample(rasterise(draw_pdf(email(src, w_mm=25))))
    assert shown["tl"][0] < 80 and shown["tl"][2] > 180 and max(shown["br"]) < 70


def test_tagged_wide_gamut_rgb_is_converted_to_srgb(tmp_path: Path) -> None:
    adobe = require_file(Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc"))   # Debian icc-profiles-free
    src = tmp_path / "adobergb.jpg"
    Image.new("RGB", (300, 200), (60, 150, 60)).save(src, "JPEG", quality=95, icc_profile=adobe.read_bytes())
    placed = email(src)
    assert not placed.passthrough
    want = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (60, 150, 60)),
                                     ImageCms.ImageCmsProfile(str(adobe)),
                                     ImageCms.createProfile("sRGB")).getpixel((0, 0))
    with Image.open(placed.path) as out:
        got = out.getpixel((150, 100))
    assert close(got, want, 4) and not close(got, (60, 150, 60), 10)


# -- transparency ---------------------------------------------------------------------------------------
def _half_transparent(path: Path) -> Path:
    im = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    im.paste((200, 30, 30, 255), (0, 0, 150, 200))
    im.save(path)
    return path


def test_alpha_is_a_soft_mask_in_email(tmp_path: Path) -> None:
    placed = email(_half_transparent(tmp_path / "logo.png"))
    assert placed.has_alpha and placed.path.suffix == ".png"
    pdf = draw_pdf(placed)
    assert "/SMask" in first_image(pdf).keys
    got = rasterise(pdf)
    w, h = got.size
    assert close(got.getpixel((w // 4, h // 2)), (200, 30, 30), 10)
    assert close(got.getpixel((3 * w // 4, h // 2)), (0, 255, 0), 10)   # the green page shows through


def test_alpha_is_flattened_onto_white_in_print(tmp_path: Path) -> None:
    placed = print_(_half_transparent(tmp_path / "logo.png"))
    assert not placed.has_alpha and placed.path.suffix == ".jpg"
    pdf = draw_pdf(placed)
    assert "/SMask" not in first_image(pdf).keys
    got = rasterise(pdf)
    w, h = got.size
    assert min(got.getpixel((3 * w // 4, h // 2))) > 240          # white paper, not the green below


def test_palette_transparency_is_kept_in_email(tmp_path: Path) -> None:
    src = tmp_path / "pal.png"
    _half_transparent(tmp_path / "rgba.png")
    Image.open(tmp_path / "rgba.png").convert("P", palette=Image.Palette.ADAPTIVE, colors=8).save(src)
    # Pillow stores the transparent colour as a tRNS palette entry
    assert probe(src).has_alpha
    assert email(src).has_alpha


# -- resolution --------------------------------------------------------------------------------------------
CONTENT = """\
meta: {{title: 测试}}
cover:
  image: {{src: {cover}, alt: 封面}}
sections:
  - title: 第一节
    image: {{src: {opener}, alt: 题图}}
    body:
      - 正文。
      - image:
          src: {block}
          alt: 插图
"""


def _content(tmp_path: Path, cover: str = "big.jpg", opener: str = "big.jpg", block: str = "big.jpg") -> Path:
    quadrants(4000, 5600).save(tmp_path / "big.jpg", "JPEG", quality=80)
    path = tmp_path / "brochure.yaml"
    path.write_text(CONTENT.format(cover=cover, opener=opener, block=block), encoding="utf-8")
    return path


def _render_block(content_path: Path, edition: str) -> tuple[Diagnostics, object]:
    """The image block of section 0 through the real renderer, in one edition."""
    from brochure.editions import settings_for
    from brochure.layout.geometry import geometry_for
    from brochure.render.blocks import render_block
    from brochure.render.context import RenderContext

    p = load(Options(content_path), with_fonts=False)
    settings = settings_for(edition)
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    ctx = RenderContext(p.content, p.layout, settings, None, p.base_dir, p.source, p.diags, geometry)
    flowables = render_block(p.content.sections[0].body[1], ("sections", 0, "body", 1), geometry.column_width,
                             ctx)
    return p.diags, (flowables, ctx, p)


@pytest.mark.parametrize(("px", "code", "severity"), [(900, "image.low-resolution", "warning"),
                                                      (450, "image.too-low-resolution", "error")])
def test_low_resolution_is_reported_in_print_at_the_yaml_location(px: int, code: str, severity: str,
                                                                  tmp_path: Path) -> None:
    content = _content(tmp_path, block="small.jpg")
    quadrants(px, px * 2 // 3).save(tmp_path / "small.jpg", "JPEG", quality=90)
    if severity == "error":       # validation refuses it already, at the same place (`brochure check`)
        with pytest.raises(BrochureError) as info:
            load(Options(content), with_fonts=False)
        assert [(d.code, d.location.line, d.location.col) for d in info.value.diagnostics.errors] == \
            [(code, 10, 16)]
        return
    diags, _ = _render_block(content, "print")
    found = [d for d in diags if d.code.startswith("image.")]
    assert [(d.code, d.severity.value) for d in found] == [(code, severity)]
    d = found[0]
    assert d.location is not None and (d.location.line, d.location.col) == (10, 16)
    assert d.edition == "print"
    sharp_w = px / 300 * 25.4
    assert f"sharp up to {sharp_w:.0f} x {sharp_w * 2 / 3:.0f} mm at 300 ppi" in d.hints
    # The email edition does not judge resolution (validation reports the print edition's finding).
    diags, _ = _render_block(content, "email")
    assert not [d for d in diags if d.code.startswith("image.") and d.edition != "print"]


def test_sharp_size_message_example() -> None:
    placed = PlacedImage(Path("x.jpg"), 1, 1, 200.0, (100 * MM, 66.7 * MM), (992, 661))
    diags = Diagnostics()
    from brochure.images.resolution import check_resolution
    from brochure.model.layout import ImagesSpec

    check_resolution(placed, ImagesSpec(), diags, None, "print")
    assert diags.items[0].code == "image.low-resolution"
    assert "sharp up to 84 x 56 mm at 300 ppi" in diags.items[0].hints


# -- size: only the pixels needed -------------------------------------------------------------------------
def test_huge_photo_is_resampled_to_the_target_ppi(tmp_path: Path) -> None:
    src = tmp_path / "50mp.jpg"
    quadrants(8660, 5773).save(src, "JPEG", quality=75)          # 50 megapixels
    placed = print_(src, w_mm=60)
    target_w = round(60 / 25.4 * 300)
    assert abs(placed.width_px - target_w) <= 1 and abs(placed.height_px - round(target_w * 2 / 3)) <= 1
    image = first_image(draw_pdf(placed))
    assert abs(image.width - target_w) <= 1
    assert placed.effective_ppi == pytest.approx(8660 / (60 / 25.4), rel=0.01)
    mail = email(src, w_mm=60)
    assert abs(mail.width_px - round(60 / 25.4 * 150)) <= 1
    assert_quadrants(rasterise(draw_pdf(mail)))


def test_never_upsamples(tmp_path: Path) -> None:
    src = tmp_path / "small.png"
    quadrants(120, 80).save(src)
    placed = print_(src, w_mm=100)
    assert (placed.width_px, placed.height_px) == (120, 80)


def test_passthrough_embeds_the_source_jpeg_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "ready.jpg"
    quadrants(600, 400).save(src, "JPEG", quality=90)
    # 600 px over 100 mm = 152 ppi: right for the email edition (150 ppi) as it is.
    placed = email(src, w_mm=100)
    assert placed.passthrough and placed.path == src
    assert first_image(draw_pdf(placed)).raw == src.read_bytes()
    # Cropped, too big, or tagged with another space: processed instead.
    assert not prepare(src, 100 * MM, 30 * MM, "cover", (0.5, 0.5), 150, 85).passthrough
    assert not email(src, w_mm=30).passthrough
    assert not print_(src, w_mm=100).passthrough          # RGB -> CMYK for print


def test_contain_keeps_the_whole_picture_and_shrinks_the_box(tmp_path: Path) -> None:
    src = tmp_path / "tall.jpg"
    quadrants(200, 400).save(src, "JPEG", quality=90)
    placed = prepare(src, 100 * MM, 100 * MM, "contain", (0.5, 0.5), 150, 85)
    assert placed.box == pytest.approx((50 * MM, 100 * MM))
    assert_quadrants(rasterise(draw_pdf(placed), 60))


def test_cover_crops_around_the_focus_point(tmp_path: Path) -> None:
    src = tmp_path / "wide.png"
    im = Image.new("RGB", (900, 300), (255, 255, 255))
    im.paste((200, 0, 0), (0, 0, 300, 300))
    im.save(src)
    left = prepare(src, 30 * MM, 30 * MM, "cover", (0.0, 0.5), 150, 85)
    right = prepare(src, 30 * MM, 30 * MM, "cover", (1.0, 0.5), 150, 85)
    assert close(rasterise(draw_pdf(left), 40).getpixel((20, 20)), (200, 0, 0), 12)
    assert min(rasterise(draw_pdf(right), 40).getpixel((20, 20))) > 240


# -- bad files ---------------------------------------------------------------------------------------------
def test_truncated_and_fake_jpegs_are_located_diagnostics(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    quadrants(600, 400).save(good, "JPEG", quality=90)
    (tmp_path / "cut.jpg").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (tmp_path / "notes.jpg").write_text("these are my notes, not a photo\n")
    content = _content(tmp_path, cover="cut.jpg", opener="good.jpg", block="notes.jpg")
    with pytest.raises(BrochureError) as info:
        load(Options(content), with_fonts=False)
    got = {(d.code, d.location.line, d.location.col) for d in info.value.diagnostics if d.location}
    assert ("image.unreadable", 3, 16) in got
    assert ("image.not-an-image", 10, 16) in got
    # and the opener (good.jpg, 600 px across a 216 mm bleed) is too coarse for print: refused at
    # validation too, as the build would
    assert {d.code for d in info.value.diagnostics.errors} == {"image.unreadable", "image.not-an-image",
                                                               "image.too-low-resolution"}
    for name, code in (("cut.jpg", "image.unreadable"), ("notes.jpg", "image.not-an-image")):
        with pytest.raises(ImageProblem) as problem:
            email(tmp_path / name)
        assert problem.value.code == code


def test_heic_and_pdf_get_a_useful_hint(tmp_path: Path) -> None:
    (tmp_path / "phone.jpg").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)
    (tmp_path / "page.png").write_bytes(b"%PDF-1.7\n" + b"\0" * 64)
    heic, pdf = check_image(tmp_path / "phone.jpg"), check_image(tmp_path / "page.png")
    assert heic is not None and heic.code == "image.unreadable" and "JPEG" in heic.hint
    assert pdf is not None and pdf.code == "image.not-an-image"


def test_pixel_limit_is_configurable_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "big.png"
    quadrants(400, 300).save(src)
    assert check_image(src) is None
    monkeypatch.setenv(ENV_MAX_PIXELS, "100000")
    problem = check_image(src)
    assert problem is not None and problem.code == "image.too-large" and ENV_MAX_PIXELS in problem.hint
    with pytest.raises(ImageProblem) as info:
        email(src)
    assert info.value.code == "image.too-large"


# -- cache and batches -------------------------------------------------------------------------------------
def test_second_prepare_is_a_cache_hit(tmp_path: Path) -> None:
    src = tmp_path / "p.png"
    quadrants().save(src)
    runs = process.runs
    first = email(src)
    assert process.runs == runs + 1
    mtime = first.path.stat().st_mtime_ns
    second = email(src)
    assert process.runs == runs + 1 and second == first and first.path.stat().st_mtime_ns == mtime
    # Different operations, different entry.
    assert email(src, w_mm=30).path != first.path and process.runs == runs + 2


def test_processing_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "p.png"
    quadrants().save(src)
    a = email(src).path.read_bytes()
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "other-cache"))
    assert email(src).path.read_bytes() == a


def test_prepare_many_uses_workers_and_returns_problems_in_place(tmp_path: Path) -> None:
    srcs = []
    for i in range(4):
        src = tmp_path / f"p{i}.png"
        quadrants(300 + i, 200).save(src)
        srcs.append(src)
    (tmp_path / "bad.jpg").write_text("nope")
    jobs = [batch.Job(s, 60 * MM, 40 * MM, "cover", (0.5, 0.5), 150, 85) for s in srcs]
    jobs.insert(2, batch.Job(tmp_path / "bad.jpg", 60 * MM, 40 * MM, "cover", (0.5, 0.5), 150, 85))
    results = batch.prepare_many(jobs, workers=2)
    assert isinstance(results[2], ImageProblem) and results[2].code == "image.not-an-image"
    placed = [r for r in results if isinstance(r, PlacedImage)]
    assert len(placed) == 4 and all(p.path.is_file() for p in placed)
    # The same answers as one-by-one, from the cache, with no processing in this process.
    runs = process.runs
    for job, result in zip(jobs, results, strict=True):
        if isinstance(result, PlacedImage):
            assert email(job.src) == result
    assert process.runs == runs


@pytest.mark.slow   # processes two big photos per edition
def test_warm_cache_covers_what_the_renderers_place(tmp_path: Path) -> None:
    from brochure.editions import settings_for
    from brochure.layout.geometry import geometry_for

    content = _content(tmp_path)
    p = load(Options(content), with_fonts=False)
    for edition in ("email", "print"):
        settings = settings_for(edition)
        geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
        jobs = batch.placements(p.content, p.layout, geometry, settings, p.base_dir)
        assert [path for path, _ in jobs] == [("cover", "image"), ("sections", 0, "image"),
                                              ("sections", 0, "body", 1, "image")]
        assert batch.warm_cache(p.content, p.layout, geometry, settings, p.base_dir) == 3
        runs = process.runs
        _, (flowables, ctx, _) = _render_block(content, edition)
        assert flowables and process.runs == runs      # the renderer found the block in the cache


def test_validation_check_does_not_import_reportlab(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = tmp_path / "p.jpg"
    quadrants().save(src)
    code = ("import sys; from pathlib import Path; from brochure.images.probe import check_image; "
            f"assert check_image(Path({str(src)!r})) is None; "
            "assert not [m for m in sys.modules if m.startswith('reportlab')]")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- pictures go into the PDF at the FINISH stage ----------------------------------------------------------
def test_jpeg_frame_reads_size_and_components_past_big_segments(tmp_path: Path) -> None:
    from brochure.images.headers import jpeg_frame

    cases = {"rgb": ("RGB", {}), "gray": ("L", {}), "cmyk": ("CMYK", {}), "progressive": ("RGB", {"progressive": True}),
             "icc": ("RGB", {"icc_profile": b"\0" * 300_000})}   # an APP2 larger than any fixed head
    for name, (mode, extra) in cases.items():
        path = tmp_path / f"{name}.jpg"
        quadrants(321, 123, mode).save(path, "JPEG", quality=80, **extra)
        assert jpeg_frame(path) == (321, 123, {"L": 1, "RGB": 3, "CMYK": 4}[mode]), name
    png = tmp_path / "a.png"
    quadrants().save(png)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((tmp_path / "icc.jpg").read_bytes()[:1000])
    assert jpeg_frame(png) is None and jpeg_frame(cut) is None and jpeg_frame(tmp_path / "none.jpg") is None


@pytest.mark.slow
def test_layout_holds_no_picture_bytes_and_the_finished_file_has_them_all(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab draws placeholders only (its document never holds a photo); the finished PDF has every
    picture as a DCT image XObject with the cached file's exact bytes, and no placeholder left."""
    from brochure import build as b
    from brochure.editions import FINISHERS

    for name in ("a", "b"):
        quadrants(1200, 800).save(tmp_path / f"{name}.jpg", "JPEG", quality=90)
    # 1200 px across a full-bleed cover is too coarse for print: this test is about bytes, not ppi
    (tmp_path / "coarse.yaml").write_text("extends: a4-booklet\nimages: {min_ppi: 50, warn_ppi: 50}\n")
    (tmp_path / "brochure.yaml").write_text(
        "layout: coarse.yaml\nmeta: {title: 图片, language: zh-CN, slug: pics}\n"
        "cover: {image: {src: a.jpg, alt: 封面}}\n"
        "sections:\n  - title: 第一节\n    image: {src: b.jpg, alt: 题图}\n    body:\n"
        "      - 正文。\n      - image: {src: a.jpg, fit: contain, alt: 插图}\nback: {text: 完}\n", encoding="utf-8")
    p = b.load(b.Options(tmp_path / "brochure.yaml"), Diagnostics())
    b.register_fonts(p)
    seen: dict[str, object] = {}
    finisher = FINISHERS["print"]

    def spy(raw: bytes, meta: dict, settings: object, job: object) -> bytes:
        seen["raw"], seen["job"] = raw, job
        return finisher(raw, meta, settings, job)

    monkeypatch.setitem(FINISHERS, "print", spy)
    data = b.render_edition(p, "print").data
    assert b"/DCTDecode" not in seen["raw"]
    files = {path.read_bytes() for path in seen["job"].pictures.values()}  # type: ignore[attr-defined]
    assert len(files) == 3                   # cover, opener and the block: three crops
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        forms = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"
                 and list(o.get("/BBox", [])) == [0, 0, 1, 1]]
        assert not forms
        assert {bytes(o.read_raw_bytes()) for o in images} == files
        for o in images:
            assert o.Filter == "/DCTDecode" and o.ColorSpace == "/DeviceCMYK" and list(o.Decode) == [1, 0] * 4


def test_a_jpeg_whose_frame_we_do_not_embed_goes_through_reportlab(tmp_path: Path) -> None:
    """Only frames insert_pictures can describe become placeholders; anything else named .jpg is drawn
    by ReportLab as before (here a PNG under a .jpg name)."""
    from types import SimpleNamespace

    odd = tmp_path / "odd.jpg"
    quadrants(120, 80).save(odd, "PNG")
    pdf = draw_pdf(SimpleNamespace(path=odd, box=(120.0, 80.0)))  # type: ignore[arg-type]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        kinds = [str(xo.Subtype) for _, xo in doc.pages[0].Resources.XObject.items()]
    assert kinds == ["/Image"]
    assert_quadrants(rasterise(pdf))


def test_page_pictures_are_prepared_for_their_boxes_and_reported_before_layout(tmp_path: Path) -> None:
    """The cover and opener pictures reach layout prepared: an opener at the height the makeup chose
    (not the layout's default), a broken one reported at its YAML location and left out."""
    from brochure.editions import settings_for
    from brochure.images.pages import page_pictures
    from brochure.layout.geometry import geometry_for
    from brochure.render.context import RenderContext

    quadrants(4000, 5600).save(tmp_path / "opener.jpg", "JPEG", quality=80)
    content = _content(tmp_path, opener="opener.jpg")
    p = load(Options(content), with_fonts=False)
    settings = settings_for("email")
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    diags = Diagnostics()
    ctx = RenderContext(p.content, p.layout, settings, None, p.base_dir, p.source, diags, geometry)
    short = 50 * MM
    found = page_pictures(ctx, [short])
    cover, opener = ("cover", "image"), ("sections", 0, "image")
    assert set(found) == {(cover, "page"), (opener, "opener")} and not list(diags)   # section 0 never runs on
    _, _, w, h = geometry.bleed_rect()
    assert found[(cover, "page")].placed.box == pytest.approx((w, h))
    assert found[(opener, "opener")].placed.box == pytest.approx((w, short + geometry.bleed))

    (tmp_path / "opener.jpg").write_text("not a picture")
    found = page_pictures(ctx, [short])
    assert set(found) == {(cover, "page")}
    assert [d.code for d in diags] == ["image.not-an-image"]
    assert diags.items[0].location == p.source.where(("sections", 0, "image", "src"))


def test_a_picture_too_small_for_its_opener_is_reported_only_where_it_is_drawn(tmp_path: Path) -> None:
    """Print: resolution findings are worked out for every box before layout, and filed only for the
    box the layout drew (an opener would warn where a run-on column picture would not)."""
    from brochure.editions import settings_for
    from brochure.images.pages import page_pictures
    from brochure.layout.geometry import geometry_for
    from brochure.render.context import RenderContext

    quadrants(2000, 1333).save(tmp_path / "small.jpg", "JPEG", quality=80)   # ~230 ppi over the opener
    content = _content(tmp_path, opener="small.jpg")
    p = load(Options(content), with_fonts=False)
    settings = settings_for("print")
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    diags = Diagnostics()
    ctx = RenderContext(p.content, p.layout, settings, None, p.base_dir, p.source, diags, geometry)
    found = page_pictures(ctx, [90 * MM])
    assert not list(diags)                                          # nothing filed before layout
    opener = found[(("sections", 0, "image"), "opener")]
    assert [d.code for d in opener.findings] == ["image.low-resolution"]
    assert opener.findings[0].location == p.source.where(("sections", 0, "image", "src"))
