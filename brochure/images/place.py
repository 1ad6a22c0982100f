"""Prepare an image for one placement: orient, crop to the frame at the focus point, resample to the
edition's resolution, convert to the edition's colour space, and cache the result as a JPEG.

Returns a `PlacedImage` with the processed file and the effective resolution of the source pixels at the
placed size (what a print shop's preflight would report).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..cache import cache_dir, file_hash, write_atomic

PIPELINE_VERSION = "1"


@dataclass(frozen=True)
class PlacedImage:
    path: Path            # processed JPEG (or PNG when it keeps transparency)
    width_px: int
    height_px: int
    effective_ppi: float  # source pixels per inch at the placed size, before resampling
    box: tuple[float, float]  # placed size in pt (after 'contain' adjusts the box)


class ImageProblem(Exception):
    """The file is not a usable image: missing, corrupt, too large, or not an image at all."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.hint = hint


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size after EXIF orientation, without decoding the pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            w, h = im.size
            orientation = im.getexif().get(0x0112, 1)
    except FileNotFoundError as exc:
        raise ImageProblem("image.not-found", f"image file not found: {path.name}") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageProblem("image.unreadable", f"{path.name} is not an image Pillow can read",
                           "use JPEG, PNG, TIFF or WebP") from exc
    except Image.DecompressionBombError as exc:
        raise ImageProblem("image.too-large", f"{path.name} has too many pixels: {exc}",
                           "scale the image down before using it") from exc
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def crop_box(size: tuple[int, int], aspect: float, focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of `aspect` (w/h) inside `size`, centred on `focus` as far as the edges allow."""
    w, h = size
    if w / h > aspect:
        cw, ch = round(h * aspect), h
    else:
        cw, ch = w, round(w / aspect)
    fx, fy = focus
    left = min(max(round(fx * w - cw / 2), 0), w - cw)
    top = min(max(round(fy * h - ch / 2), 0), h - ch)
    return (left, top, left + cw, top + ch)


def prepare(src: Path, box_w: float, box_h: float, fit: str, focus: tuple[float, float],
            ppi: float, quality: int, cmyk_profile: Path | None = None) -> PlacedImage:
    """Process `src` for a box of box_w x box_h pt. `fit` is 'cover' (crop) or 'contain' (shrink box)."""
    sw, sh = image_size(src)
    if fit == "contain":
        scale = min(box_w / sw, box_h / sh)
        box_w, box_h = sw * scale, sh * scale
        crop = (0, 0, sw, sh)
    else:
        crop = crop_box((sw, sh), box_w / box_h, focus)
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    effective = cw / (box_w / 72)
    target_w = min(cw, max(1, round(box_w / 72 * ppi)))
    target_h = min(ch, max(1, round(target_w * ch / cw)))
    key = hashlib.sha256(json.dumps([PIPELINE_VERSION, file_hash(src), crop, target_w, target_h, quality,
                                     str(cmyk_profile) if cmyk_profile else None]).encode()).hexdigest()
    out = cache_dir("images") / f"{key[:32]}.jpg"
    if not out.exists():
        write_atomic(out, _process(src, crop, (target_w, target_h), quality, cmyk_profile))
    return PlacedImage(out, target_w, target_h, effective, (box_w, box_h))


def _process(src: Path, crop: tuple[int, int, int, int], size: tuple[int, int], quality: int,
             cmyk_profile: Path | None) -> bytes:
    import io

    from PIL import Image, ImageCms, ImageOps

    with Image.open(src) as im:
        full_w = im.size[0]
        if im.format == "JPEG":
            # decode at a reduced scale (DCT scaling) when the source is much larger than needed
            cw = crop[2] - crop[0]
            factor = max(1, cw // max(size[0], 1))
            im.draft(im.mode, (im.size[0] // factor, im.size[1] // factor))
        icc = im.info.get("icc_profile")
        scale_x = im.size[0] / full_w
        im = ImageOps.exif_transpose(im)
        if scale_x != 1.0:
            crop = tuple(round(c * scale_x) for c in crop)  # type: ignore[assignment]
        im = im.crop(crop)
        if icc:
            try:
                src_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                srgb = ImageCms.createProfile("sRGB")
                if im.mode not in ("RGB", "CMYK"):
                    im = im.convert("RGB")
                im = ImageCms.profileToProfile(im, src_profile, srgb, outputMode="RGB",
                                               renderingIntent=ImageCms.Intent.PERCEPTUAL)
            except (ImageCms.PyCMSError, OSError):
                im = im.convert("RGB")
        if im.mode in ("RGBA", "LA", "P", "PA"):
            rgba = im.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            im = background
        elif im.mode != "RGB":
            im = im.convert("RGB")
        if im.size != size:
            im = im.resize(size, Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, optimize=True, subsampling="4:2:0" if quality < 90 else "4:4:4",
                dpi=(300, 300))
        return buf.getvalue()
