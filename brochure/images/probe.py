"""Images, opening safely: Pillow with its decompression-bomb protection at our pixel limit, every
failure turned into an `ImageProblem` with a stable code, and a header-only `probe` of what a file is.

Used at VALIDATE time (`check_image`, no ReportLab) and by the processing pipeline (`open_image`).

The pixel limit is `DEFAULT_MAX_PIXELS`, or the environment variable `BROCHURE_MAX_PIXELS` (the layout
model has no key for it). Pillow's own `MAX_IMAGE_PIXELS` is set to the same number, and its
`DecompressionBombWarning` is treated as an error, so the limit is exact rather than Pillow's 2x.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .base import ImageProblem

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

ENV_MAX_PIXELS = "BROCHURE_MAX_PIXELS"
DEFAULT_MAX_PIXELS = 150_000_000   # a 100-megapixel medium-format frame passes; a bomb does not
SUPPORTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "TIFF", "WEBP", "GIF", "BMP"})
SUPPORTED_HINT = "use JPEG, PNG, TIFF or WebP"
# Below this many pixels a non-JPEG file is decoded in full at validation to catch truncation; above
# it only the header is read then (decoding waits for the build, which reports the same codes).
VERIFY_DECODE_PIXELS = 30_000_000


def max_pixels() -> int:
    raw = os.environ.get(ENV_MAX_PIXELS, "").replace("_", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_PIXELS


@dataclass(frozen=True)
class ImageInfo:
    """What the header says, enough to plan the work without decoding pixels."""

    format: str
    mode: str
    raw_size: tuple[int, int]      # as stored
    size: tuple[int, int]          # after EXIF orientation
    orientation: int               # EXIF 1..8 (1 = upright)
    icc: bytes | None              # embedded ICC profile
    has_alpha: bool                # alpha channel or transparent palette/colour key
    adobe: bool                    # JPEG with an Adobe APP14 marker (CMYK stored inverted)
    progressive: bool

    @property
    def rotated(self) -> bool:
        return self.orientation not in (0, 1)


def _too_large(name: str, detail: str) -> ImageProblem:
    limit = max_pixels()
    return ImageProblem("image.too-large", f"{name} has too many pixels ({detail}; the limit is "
                        f"{limit / 1e6:g} megapixels)",
                        f"scale the image down before using it, or raise {ENV_MAX_PIXELS}")


# Bytes per pixel of Pillow's in-memory modes (RGB is stored as 4 bytes, like RGBA and CMYK).
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}


def decoded_bytes(mode: str, size: tuple[int, int]) -> int:
    """Memory Pillow needs to hold `size` pixels in `mode`."""
    return size[0] * size[1] * _MODE_BYTES.get(mode, 4)


def over_budget(name: str, mode: str, size: tuple[int, int]) -> ImageProblem | None:
    """The decode of a picture at `size` would pass the memory budget (brochure/limits.py): a
    144-megapixel PNG takes 576 MB before any work is done on it, and the work takes two or three
    times that. JPEGs are decoded reduced (1/2 to 1/8) to the size they are placed at, so only other
    formats, or a JPEG placed enormous, meet this."""
    from ..limits import PICTURE_DECODE_BYTES

    need = decoded_bytes(mode, size)
    if need <= PICTURE_DECODE_BYTES:
        return None
    most = PICTURE_DECODE_BYTES // _MODE_BYTES.get(mode, 4)
    return ImageProblem("image.too-large", f"{name} would take {need / 2**20:,.0f} MiB of memory to decode "
                        f"({size[0]} x {size[1]} {mode}; the budget is {PICTURE_DECODE_BYTES / 2**20:g} MiB)",
                        f"save it as JPEG (decoded at a reduced size where it is placed smaller), or scale "
                        f"it down to at most {most / 1e6:.0f} megapixels")


def _not_an_image(path: Path) -> ImageProblem:
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        head = b""
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif"):
        return ImageProblem("image.unreadable", f"{path.name} is HEIC/AVIF, which is not supported",
                            "export it as JPEG (most phones: Settings > Camera > Most compatible)")
    if head.startswith(b"%PDF"):
        return ImageProblem("image.not-an-image", f"{path.name} is a PDF, not an image",
                            "export the page as PNG or JPEG")
    if b"<svg" in head or head.lstrip().startswith(b"<?xml"):
        return ImageProblem("image.not-an-image", f"{path.name} is SVG/XML, not a raster image",
                            "export it as PNG")
    return ImageProblem("image.not-an-image", f"{path.name} is not an image file", SUPPORTED_HINT)


def unreadable(path: Path, exc: BaseException) -> ImageProblem:
    detail = str(exc).strip() or type(exc).__name__
    return ImageProblem("image.unreadable", f"{path.name} is damaged or cannot be decoded ({detail})",
                        "open and re-save it in an image editor, or ask for the file again")


@contextmanager
def open_image(path: Path) -> Iterator[PILImage]:
    """Open `path` lazily (header only); every failure becomes an `ImageProblem`."""
    from PIL import Image, UnidentifiedImageError

    limit = max_pixels()
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
    except FileNotFoundError as exc:
        raise ImageProblem("image.not-found", f"image file not found: {path.name}") from exc
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _too_large(path.name, "over the limit") from exc
    except UnidentifiedImageError as exc:
        raise _not_an_image(path) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise unreadable(path, exc) from exc
    with im:
        if im.format not in SUPPORTED_FORMATS:
            raise ImageProblem("image.unreadable", f"{path.name} is {im.format}, which is not supported",
                               SUPPORTED_HINT)
        w, h = im.size
        if w * h > limit:
            raise _too_large(path.name, f"{w} x {h} = {w * h / 1e6:.0f} megapixels")
        yield im


@contextmanager
def decoding(path: Path) -> Iterator[None]:
    """Map decoder failures (truncated or corrupt data) met while loading pixels to `ImageProblem`."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageProblem:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _too_large(path.name, "over the limit") from exc
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, MemoryError) as exc:
        raise unreadable(path, exc) from exc


def info_of(im: PILImage) -> ImageInfo:
    try:
        orientation = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001  (malformed EXIF must not make a usable photo unusable)
        orientation = 1
    if orientation not in range(1, 9):
        orientation = 1
    w, h = im.size
    mode = im.mode
    alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    return ImageInfo(
        format=str(im.format), mode=mode, raw_size=(w, h),
        size=(h, w) if orientation in (5, 6, 7, 8) else (w, h), orientation=orientation,
        icc=im.info.get("icc_profile") or None, has_alpha=alpha,
        adobe="adobe" in im.info, progressive=bool(im.info.get("progressive") or im.info.get("progression")))


def probe(path: Path) -> ImageInfo:
    """Header facts about `path`; raises `ImageProblem` when it is not a usable image."""
    with open_image(path) as im:
        return info_of(im)


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size after EXIF orientation, without decoding the pixels."""
    return probe(path).size


def check_image(path: Path) -> ImageProblem | None:
    """VALIDATE: can `path` be used? Reads the header, and decodes cheaply enough to catch truncation
    (a JPEG at 1/8 scale, a PNG's chunk checksums, other small files in full). Complete JPEGs and PNGs
    pass on a structural check without Pillow (`headers.sound`); anything else is Pillow's to judge."""
    from .headers import sound
    from .integrity import data_problem

    if sound(path, max_pixels()):
        damage = data_problem(path)
        if damage is None:
            return None
        return ImageProblem("image.unreadable", f"{path.name} is damaged: {damage}",
                            "open and re-save it in an image editor, or ask for the file again")
    try:
        with open_image(path) as im, decoding(path):
            w, h = im.size
            if im.format not in ("JPEG", "MPO"):
                problem = over_budget(path.name, im.mode, im.size)
                if problem is not None:
                    return problem
            if im.format in ("JPEG", "MPO"):
                im.draft(im.mode, (max(1, w // 8), max(1, h // 8)))
                im.load()
            elif im.format == "PNG":
                im.verify()
            elif w * h <= VERIFY_DECODE_PIXELS:
                im.load()
    except ImageProblem as problem:
        return problem
    return None
