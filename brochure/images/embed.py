"""Images, in the finished PDF (the FINISH stage, pikepdf, before saving).

`insert_pictures` fills the placeholder forms the layout drew for JPEGs (layout/pictures.py) with the
files' bytes, one at a time, as DCT image XObjects: the dictionary ReportLab would have written (size,
DeviceGray/RGB/CMYK, 8 bits, an inverted Decode for the Adobe-style CMYK files Pillow writes), the data
untouched. The image streams ReportLab writes itself (PNG) carry no ASCII85 layer: render/context.py
turns rl_config.useA85 off.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .headers import jpeg_frame

COLOUR_SPACES = {1: pikepdf.Name.DeviceGray, 3: pikepdf.Name.DeviceRGB, 4: pikepdf.Name.DeviceCMYK}


class PictureMissing(Exception):
    """A placeholder's file is gone or is not a JPEG we embed."""


def insert_pictures(pdf: pikepdf.Pdf, placeholders: dict[str, Path]) -> int:
    """Turn each placeholder form named in `placeholders` (resource name -> JPEG file) into the image
    XObject of its file, in place (every page that shows it keeps its reference); returns how many."""
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        for name, obj in (xobjects.items() if xobjects is not None else ()):
            path = placeholders.get(name.lstrip("/"))
            if path is None or obj.objgen in done or obj.get("/Subtype") != "/Form":
                continue
            frame = jpeg_frame(path)
            if frame is None:
                raise PictureMissing(f"{path} is missing or not a JPEG")
            width, height, components = frame
            for key in list(obj.keys()):
                if key != "/Length":                 # qpdf keeps the length itself
                    del obj[key]
            obj.write(path.read_bytes(), filter=pikepdf.Name.DCTDecode)
            obj.Type, obj.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            obj.Width, obj.Height, obj.BitsPerComponent = width, height, 8
            obj.ColorSpace = COLOUR_SPACES[components]
            if components == 4:
                obj.Decode = pikepdf.Array([1, 0] * 4)
            done.add(obj.objgen)
    return len(done)

