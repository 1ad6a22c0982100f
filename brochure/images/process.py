"""Images, the pixel work for one placement: decode (DCT-scaled for big JPEGs), apply EXIF orientation,
crop, normalise the mode (palette, 16-bit, bilevel), manage colour, flatten or keep alpha, resample with
LANCZOS (never up), and encode (JPEG, or PNG when transparency is kept).

`render(ops)` is a pure function of `Ops` and the source file's bytes, so its output can be cached under
a key of both, and it is importable by worker processes (`prepare_many`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .colour import to_cmyk, to_srgb
from .probe import decoding, open_image, over_budget

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# How many times render() has run in this process: lets tests see a cache hit without monkeypatching.
runs = 0
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Ops:
    src: str
    crop: tuple[int, int, int, int]  # in oriented, full-resolution source pixels
    size: tuple[int, int]            # output pixels
    quality: int                     # JPEG quality
    cmyk_profile: str | None         # output CMYK profile (print), else sRGB
    keep_alpha: bool                 # write PNG with alpha (soft mask); else flatten onto white


def render(ops: Ops) -> tuple[bytes, str]:
    """Do the work described by `ops`: the encoded bytes and their suffix ('.jpg', or '.png' when real
    transparency is kept). Raises ImageProblem for undecodable files."""
    global runs
    runs += 1
    src = Path(ops.src)
    with open_image(src) as im, decoding(src):
        icc = im.info.get("icc_profile") or None
        out = _pixels(im, ops)
        out = _colour(out, icc, ops)
        if out.size != ops.size:
            out = out.resize(ops.size, _lanczos(), reducing_gap=3.0)
        return _encode(out, ops)


def _lanczos() -> int:
    from PIL import Image

    return Image.Resampling.LANCZOS


def _pixels(im: PILImage, ops: Ops) -> PILImage:
    """Decoded, oriented, cropped pixels in L, RGB, RGBA or CMYK."""
    from PIL import ImageOps

    if im.format not in ("JPEG", "MPO"):
        # Decode now, inside `decoding`: reading EXIF from a PNG decodes it, and _oriented forgives
        # a failure there (for bad EXIF), which left damaged pixel data drawn as black rows.
        im.load()
    full_w, full_h = _oriented(im.size, im)
    left, top, right, bottom = ops.crop
    cw, ch = right - left, bottom - top
    if im.format in ("JPEG", "MPO") and (cw >= 2 * ops.size[0] and ch >= 2 * ops.size[1]):
        # DCT scaling: decode at 1/2, 1/4 or 1/8 size, still at least the output size, so a 50 MP photo
        # placed small never exists in memory at full size; LANCZOS does the rest (less than 2x). The
        # scaled decode drops only frequencies the output cannot hold: about 3x faster on a 2x
        # reduction, and within 41 dB PSNR of decoding everything.
        want = (max(1, -(-ops.size[0] * full_w // cw)), max(1, -(-ops.size[1] * full_h // ch)))
        swapped = _oriented((1, 2), im) == (2, 1)
        im.draft(im.mode, (want[1], want[0]) if swapped else want)
    problem = over_budget(Path(ops.src).name, im.mode, im.size)    # the size decoded, after any draft
    if problem is not None:
        raise problem
    oriented = ImageOps.exif_transpose(im)
    sx, sy = oriented.size[0] / full_w, oriented.size[1] / full_h
    box = (round(left * sx), round(top * sy), round(right * sx), round(bottom * sy))
    if box != (0, 0, oriented.size[0], oriented.size[1]):
        oriented = oriented.crop(box)
    oriented.load()
    return _normalise_mode(oriented)


def _oriented(size: tuple[int, int], im: PILImage) -> tuple[int, int]:
    try:
        orientation = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001  (malformed EXIF: treat as upright, as probe does)
        orientation = 1
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _normalise_mode(im: PILImage) -> PILImage:
    mode = im.mode
    if mode in ("L", "RGB", "RGBA", "CMYK"):
        if mode in ("L", "RGB") and "transparency" in im.info:
            return im.convert("RGBA")   # colour-key transparency becomes real alpha
        return im
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit (or 32-bit) grayscale: scale to 8 bits; convert("L") would clip instead of scale.
        top = 65535.0 if mode.startswith("I;16") or _max(im) > 255 else 255.0
        return im.convert("I").point(lambda v: v * (255.0 / top)).convert("L")
    if mode in ("P", "PA", "LA", "La", "RGBa"):
        has_alpha = mode in ("PA", "LA", "La", "RGBa") or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return im.convert("L")
    return im.convert("RGB")  # YCbCr, LAB, HSV, I;16 variants Pillow may add


def _max(im: PILImage) -> float:
    extrema = im.getextrema()
    return float(extrema[1]) if isinstance(extrema[1], (int, float)) else 255.0


def _colour(im: PILImage, icc: bytes | None, ops: Ops) -> PILImage:
    from PIL import Image

    if im.mode == "RGBA" and not ops.keep_alpha:
        # Print (and anything without a soft mask) flattens onto white paper, in the source colour
        # space, before conversion: the page under an image is paper, never a tint.
        flat = Image.new("RGB", im.size, WHITE)
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    elif im.mode == "RGBA" and not _has_transparency(im):
        im = im.convert("RGB")  # an opaque alpha channel costs a PNG for nothing
    if im.mode == "L":
        return im  # gray stays gray (DeviceGray: prints on black ink only)
    if ops.cmyk_profile:
        return to_cmyk(im, ops.cmyk_profile, icc)
    return to_srgb(im, icc)


def _has_transparency(im: PILImage) -> bool:
    low, _ = im.getchannel("A").getextrema()
    return isinstance(low, (int, float)) and low < 255


def _encode(im: PILImage, ops: Ops) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if im.mode == "RGBA":
        # Keep transparency: ReportLab turns the alpha of a PNG into an SMask (drawImage mask='auto').
        im.save(buf, "PNG", optimize=False, compress_level=6)
    else:
        # Pillow writes CMYK JPEGs Adobe-style (inverted, APP14), which is what ReportLab's Decode
        # array for 4-channel JPEGs assumes.
        im.save(buf, "JPEG", quality=ops.quality, optimize=True,
                subsampling="4:2:0" if ops.quality < 90 else "4:4:4", dpi=(300, 300))
        return buf.getvalue(), ".jpg"
    return buf.getvalue(), ".png"
