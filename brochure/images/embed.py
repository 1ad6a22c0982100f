"""Images, in the finished PDF: ReportLab wraps every image stream in ASCII85 (rl_config.useA85), which
makes JPEGs a quarter larger and hides the source bytes of passed-through JPEGs. `unwrap_ascii85`
removes that layer from image XObjects, leaving the DCT (or Flate) data exactly as it was made.

Meant for the FINISH stage (pikepdf), before saving.
"""

from __future__ import annotations

import base64

import pikepdf


def unwrap_ascii85(pdf: pikepdf.Pdf) -> int:
    """Drop a leading /ASCII85Decode from every image stream (and soft mask); returns how many."""
    count = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
            continue
        filters = obj.get("/Filter")
        chain = list(filters) if isinstance(filters, pikepdf.Array) else [filters] if filters else []
        if not chain or chain[0] != "/ASCII85Decode" or "/DecodeParms" in obj:
            continue
        raw = bytes(obj.read_raw_bytes())
        data = base64.a85decode(b"<~" + raw.strip().removeprefix(b"<~"), adobe=True)
        rest = [pikepdf.Name(str(f)) for f in chain[1:]]
        obj.write(data, filter=rest or None)
        count += 1
    return count
