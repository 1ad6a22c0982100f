"""Images, colour management with LittleCMS (Pillow's ImageCms): embedded ICC profiles honoured,
untagged RGB taken as sRGB, conversion to sRGB (email, archive) or to the print edition's CMYK output
profile (`to_cmyk`).

CMYK sources without a profile are "generic CMYK": for the print edition they are assumed to be in the
output condition already (left alone); for sRGB they are converted through the first profile found in
`GENERIC_CMYK_CANDIDATES` (or `$BROCHURE_GENERIC_CMYK`), else by Pillow's naive formula.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

ENV_GENERIC_CMYK = "BROCHURE_GENERIC_CMYK"
GENERIC_CMYK_CANDIDATES = (
    str(Path(__file__).resolve().parents[2] / "assets" / "icc" / "brochure-fogra39-300.icc"),  # shipped
    "/usr/share/color/icc/ghostscript/default_cmyk.icc",   # Ghostscript's SWOP-like default
    "/usr/share/color/icc/ghostscript/ps_cmyk.icc",
    "/usr/share/color/icc/colord/FOGRA39L_coated.icc",
)


def generic_cmyk_profile() -> Path | None:
    env = os.environ.get(ENV_GENERIC_CMYK)
    for candidate in ([env] if env else []) + list(GENERIC_CMYK_CANDIDATES):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


@lru_cache(maxsize=32)
def _profile(icc: bytes | None) -> Any:
    from PIL import ImageCms

    if icc is None:
        return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return ImageCms.ImageCmsProfile(io.BytesIO(icc))


def usable_profile(icc: bytes | None, colour_space: str) -> bytes | None:
    """`icc` if LittleCMS can read it and it describes `colour_space` ('RGB ', 'CMYK', 'GRAY'), else None
    (a broken embedded profile must not make a photo unusable: the image is then taken as untagged)."""
    if not icc:
        return None
    try:
        prof = _profile(icc)
    except Exception:  # noqa: BLE001  (PyCMSError or OSError from a malformed profile)
        return None
    return icc if prof.profile.xcolor_space == colour_space else None


def is_srgb(icc: bytes | None) -> bool:
    """Untagged RGB is sRGB; a tagged profile counts as sRGB when it says so in its description."""
    if not icc:
        return True
    try:
        desc = (_profile(icc).profile.profile_description or "").lower()
    except Exception:  # noqa: BLE001
        return True
    return "srgb" in desc.replace(" ", "") and "scrgb" not in desc


@lru_cache(maxsize=32)
def _transform(src: bytes | None, dst: bytes | None, in_mode: str, out_mode: str) -> Any:
    from PIL import ImageCms

    # Relative colorimetric with black-point compensation: what prepress tools use for photos by
    # default; keeps in-gamut colours exact and maps black to the press's black.
    return ImageCms.buildTransform(_profile(src), _profile(dst), in_mode, out_mode,
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def _apply(im: PILImage, src: bytes | None, dst: bytes | None, out_mode: str) -> PILImage:
    from PIL import ImageCms

    out = ImageCms.applyTransform(im, _transform(src, dst, im.mode, out_mode))
    assert out is not None  # None only when transforming in place
    return out


def read_profile(path: Path | str) -> bytes:
    return Path(path).read_bytes()


def to_srgb(im: PILImage, icc: bytes | None) -> PILImage:
    """RGB, RGBA or CMYK in, sRGB (RGB or RGBA) out; grayscale is returned as it is."""
    if im.mode in ("L", "LA"):
        return im
    if im.mode == "RGBA":
        alpha = im.getchannel("A")
        rgb = to_srgb(im.convert("RGB"), icc)
        rgb.putalpha(alpha)
        return rgb
    if im.mode == "CMYK":
        src = usable_profile(icc, "CMYK")
        if src is None:
            generic = generic_cmyk_profile()
            if generic is None:
                return im.convert("RGB")
            src = read_profile(generic)
        return _apply(im, src, None, "RGB")
    if im.mode != "RGB":
        im = im.convert("RGB")
    src = usable_profile(icc, "RGB ")
    if src is None or is_srgb(src):
        return im
    return _apply(im, src, None, "RGB")


def to_cmyk(im: PILImage, profile: Path | str | bytes, icc: bytes | None = None) -> PILImage:
    """Convert to the CMYK output profile `profile` (path or bytes). `icc` is the image's own profile:
    RGB without one is sRGB; CMYK without one is taken to be in the output condition already.
    Alpha must have been flattened before; grayscale is converted too (call sites keep gray as gray)."""
    out = profile if isinstance(profile, bytes) else read_profile(profile)
    if im.mode == "CMYK":
        src = usable_profile(icc, "CMYK")
        if src is None or src == out:
            return im
        return _apply(im, src, out, "CMYK")
    if im.mode != "RGB":
        im = im.convert("RGB")
    return _apply(im, usable_profile(icc, "RGB "), out, "CMYK")
