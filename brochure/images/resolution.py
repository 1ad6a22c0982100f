"""Images, print resolution check: the effective resolution of every placed image against the layout's
`images.warn_ppi` (warning `image.low-resolution`) and `images.min_ppi` (error
`image.too-low-resolution`), with the size at which the picture would be sharp. `check_placements`
makes the same check at validation, from the file headers, so `brochure check` refuses what the build
would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from .base import MM_PER_INCH, PT_PER_INCH, ImageProblem, PlacedImage


def check_resolution(placed: PlacedImage, spec: Any, diags: Diagnostics, where: Location | None,
                     edition: str | None = None) -> None:
    """Report `placed` if its effective ppi is below `spec.warn_ppi` / `spec.min_ppi` (ImagesSpec)."""
    ppi = placed.effective_ppi
    if ppi >= spec.warn_ppi:
        return
    w_mm, h_mm = (v / PT_PER_INCH * MM_PER_INCH for v in placed.box)
    sharp_w, sharp_h = placed.sharp_size_mm(spec.warn_ppi)
    message = (f"image is {ppi:.0f} ppi at its placed size of {w_mm:.0f} x {h_mm:.0f} mm "
               f"(print wants {spec.warn_ppi:g} ppi)")
    hint = f"sharp up to {sharp_w:.0f} x {sharp_h:.0f} mm at {spec.warn_ppi:g} ppi"
    todo = "use a larger original, or place it smaller"
    if ppi < spec.min_ppi:
        diags.error("image.too-low-resolution", message + f", below the minimum of {spec.min_ppi:g} ppi",
                    where, hint, todo, edition=edition)
    else:
        diags.warning("image.low-resolution", message, where, hint, todo, edition=edition)


def check_placements(content: Any, layout: Any, source: Any, geometry: Any, edition: Any, base_dir: Path,
                     diags: Diagnostics) -> None:
    """VALIDATE: every picture an edition places (the boxes the renderers use, from `batch.placements`)
    at the resolution its header promises; reported as the renderers report it."""
    from .batch import placements
    from .place import plan

    reported = {d.location for d in diags.errors}
    for path, job in placements(content, layout, geometry, edition, base_dir, edition.cmyk_profile):
        where = source.where(path + ("src",))
        if where in reported:
            continue                         # missing, unreadable or damaged: said already
        size = header_size(job.src)
        if size is not None and placed_ppi(size, job) >= layout.images.warn_ppi:
            continue                     # known from the header alone: Pillow stays unloaded
        try:
            placed = plan(job.src, job.box_w, job.box_h, job.fit, job.focus, job.ppi, job.quality,
                          job.cmyk_profile, flatten=job.flatten).placed
        except ImageProblem:
            continue                         # reported by check_assets
        check_resolution(placed, layout.images, diags, where, edition.name)


def check_leaflet_sections(content: Any, layout: Any, source: Any, geometry: Any, edition: Any, base_dir: Path,
                           diags: Diagnostics) -> None:
    """VALIDATE: a leaflet's section pictures. The leaflet draws one at the head of an inside panel, at the
    flap's foot or at the head of the back cover, and which one where, and how tall, follows from its
    laid-out text, which `check` does not lay out. So each is judged at the largest box of each of these
    (model/formats.leaflet_boxes, the function the leaflet prepares them with; the flap's under the
    least text the flap can hold, flap_text_floor) and refused when one of them would take it under
    images.min_ppi: `check` refuses every section picture `build` refuses, and may refuse one the build
    draws smaller. The build judges each where it draws it (images.warn_ppi too): `brochure check` alone
    calls this (editions/resolve.check_unplaced)."""
    reported = {d.location for d in diags.errors}
    from ..model.formats import LEAFLET_ROLES, flap_text_floor, leaflet_boxes, outside_widths
    from ..model.layouts import resolve_style
    from .batch import Job
    from .options import options_for

    flap_w = outside_widths([p.pt() for p in layout.format.panels])[0] - 2 * layout.format.panel_margin.pt()
    floor = flap_text_floor(content, lambda name: resolve_style(layout, name), flap_w)
    boxes = leaflet_boxes(layout, geometry, flap_text=floor)
    opts = options_for(edition, edition.cmyk_profile)
    for i, section in enumerate(content.sections):
        where = source.where(("sections", i, "image", "src"))
        if section.image is None or where in reported:
            continue
        worst: tuple[float, str, tuple[float, float]] | None = None
        for role in LEAFLET_ROLES:
            job = Job.of(base_dir / section.image.src, boxes[role], "cover", section.image.focus, opts)
            ppi = _job_ppi(job)
            if ppi is not None and (worst is None or ppi < worst[0]):
                worst = (ppi, role, boxes[role])
        if worst is None or worst[0] >= layout.images.min_ppi:
            continue
        ppi, role, (w, h) = worst
        size = f"{w / PT_PER_INCH * MM_PER_INCH:.0f} x {h / PT_PER_INCH * MM_PER_INCH:.0f} mm"
        diags.error("image.too-low-resolution", f"image is {ppi:.0f} ppi in the largest box the leaflet may draw "
                    f"it in ({role}, {size}), below the minimum of {layout.images.min_ppi:g} ppi", where,
                    "the leaflet sets a section picture at a panel's head, the flap's foot or the back cover's "
                    "head, as its text leaves room", "use a larger original", edition=edition.name)


def _job_ppi(job: Any) -> float | None:
    """The effective resolution `job` would give its picture (None: unreadable, reported elsewhere)."""
    from .place import plan

    size = header_size(job.src)
    if size is not None:
        return placed_ppi(size, job)
    try:
        return plan(job.src, job.box_w, job.box_h, job.fit, job.focus, job.ppi, job.quality, job.cmyk_profile,
                    flatten=job.flatten).placed.effective_ppi
    except ImageProblem:
        return None


def header_size(path: Path) -> tuple[int, int] | None:
    """Pixel size of a JPEG as it is shown (EXIF orientation applied), from its headers, without
    Pillow (`brochure check` must not load it); None when the headers do not say it plainly (other
    formats, an EXIF block we do not read): then Pillow's probe decides."""
    from .headers import HEAD_BYTES, jpeg_frame

    frame = jpeg_frame(path)
    if frame is None:
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return None
    orientation = _exif_orientation(head)
    if orientation is None:
        return None
    return (frame[1], frame[0]) if orientation in (5, 6, 7, 8) else (frame[0], frame[1])


def _exif_orientation(head: bytes) -> int | None:
    """The EXIF orientation tag (0x0112) of a JPEG from its APP1 segment: 1 when there is no EXIF,
    None when the EXIF block is there but not plainly readable."""
    pos = 2
    while pos + 4 <= len(head) and head[pos] == 0xFF:
        marker, length = head[pos + 1], int.from_bytes(head[pos + 2:pos + 4], "big")
        if marker == 0xDA or 0xC0 <= marker <= 0xC2:
            return 1                              # picture data or frame reached: no EXIF before it
        if marker == 0xE1 and head[pos + 4:pos + 10] == b"Exif\0\0":
            tiff = head[pos + 10:pos + 2 + length]
            order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
            if order is None or len(tiff) < 8:
                return None
            ifd = int.from_bytes(tiff[4:8], order)  # type: ignore[arg-type]
            if ifd + 2 > len(tiff):
                return None
            for i in range(int.from_bytes(tiff[ifd:ifd + 2], order)):  # type: ignore[arg-type]
                entry = tiff[ifd + 2 + 12 * i:ifd + 14 + 12 * i]
                if len(entry) < 12:
                    return None
                if int.from_bytes(entry[:2], order) == 0x0112:  # type: ignore[arg-type]
                    value = int.from_bytes(entry[8:10], order)  # type: ignore[arg-type]
                    return value if 1 <= value <= 8 else 1
            return 1
        pos += 2 + length
    return None


def placed_ppi(size: tuple[int, int], job: Any) -> float:
    """Effective resolution of a picture of `size` pixels placed as `job` asks (as place.plan works it
    out: the crop's width over the box's width)."""
    from .place import crop_box

    sw, sh = size
    if job.fit == "contain":
        return sw / (sw * min(job.box_w / sw, job.box_h / sh) / 72)
    crop = crop_box(size, job.box_w / job.box_h, job.focus)
    return (crop[2] - crop[0]) / (job.box_w / 72)
