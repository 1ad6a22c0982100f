"""pdf.ink-limit: total area coverage (C+M+Y+K) over the limit, measured on a Ghostscript render.

The pages are rendered two Ghostscript processes at a time, and the per-page result is cached by the
sha256 of the PDF bytes, so rebuilding identical bytes costs nothing. A patch over the limit is reported
with its box in PDF points, which the layout trace turns into the YAML file:line:col.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from . import MM, PdfJob, check
from .geometry import Box, PageBoxes, intersect, page_boxes
from .messages import fmt_box


def digest(job: PdfJob) -> str:
    if "sha256" not in job.cache:
        job.cache["sha256"] = hashlib.sha256(job.data).hexdigest()
    return str(job.cache["sha256"])


# The ink map: Ghostscript renders CMYK at 50 ppi, one value per 0.5 mm square, with anti-aliased edges
# (a square's value is the coverage-weighted ink of what is drawn in it; pictures are point-sampled).
# Total area coverage is about areas: a patch counts when it holds a block of 3 × 3 squares (1.5 mm, some
# 9 × 9 halftone cells at 60 l/cm) over the limit. A morphological opening drops smaller specks — small
# text, rules, JPEG noise around a picture already converted to the limit — which do not set off or dry
# slowly, and which a point sample would turn into false errors. Rendering is cheap at this resolution
# (interpreting fonts and decoding images dominate: 72 ppi costs 30 % more, 2× oversampling 50 %), and
# 0.5 mm is plenty to point at the element.
INK_PPI = 50
INK_MIN_AREA = 3        # squares: the smallest patch reported is INK_MIN_AREA × INK_MIN_AREA
INK_WORKERS = 2
GS_TIMEOUT = 600
INK_CACHE_VERSION = 3
GS_NAMES = ("gs", "gswin64c", "gswin32c")


@dataclass(frozen=True)
class InkPage:
    page: int
    peak: float             # highest C+M+Y+K anywhere inside the bleed box, %
    area_peak: float        # highest C+M+Y+K inside the patches over the limit, % (0 when none)
    over: Box | None        # PDF box around every patch over the limit


class ToolFailed(Exception):
    pass


def ghostscript() -> str | None:
    for name in GS_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def ink_area(b: PageBoxes) -> Box:
    """What ends up on paper: the BleedBox (clipped to what is visible), else the TrimBox, else the page.
    Crop marks and colour bars outside it are printed in registration (400 %) by design."""
    return intersect(b.bleed or b.trim or b.visible, b.visible)


def to_pixels(b: PageBoxes, x: float, y: float) -> tuple[float, float]:
    """PDF point -> position in the ink map (Ghostscript renders the MediaBox, turned by /Rotate)."""
    s = INK_PPI / 72
    mx0, my0, mx1, my1 = b.media
    if b.rotate == 90:
        return (y - my0) * s, (x - mx0) * s
    if b.rotate == 180:
        return (mx1 - x) * s, (y - my0) * s
    if b.rotate == 270:
        return (my1 - y) * s, (mx1 - x) * s
    return (x - mx0) * s, (my1 - y) * s


def to_pdf(b: PageBoxes, px: float, py: float) -> tuple[float, float]:
    s = 72 / INK_PPI
    mx0, my0, mx1, my1 = b.media
    if b.rotate == 90:
        return mx0 + py * s, my0 + px * s
    if b.rotate == 180:
        return mx1 - px * s, my0 + py * s
    if b.rotate == 270:
        return mx1 - py * s, my1 - px * s
    return mx0 + px * s, my1 - py * s


def pixel_rect(b: PageBoxes, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The map squares whose centres lie inside the printed area."""
    area = ink_area(b)
    (ax, ay), (bx, by) = to_pixels(b, area[0], area[1]), to_pixels(b, area[2], area[3])
    x0, x1 = sorted((ax, bx))
    y0, y1 = sorted((ay, by))
    return (max(0, math.ceil(x0 - 0.5)), max(0, math.ceil(y0 - 0.5)),
            min(size[0], math.floor(x1 - 0.5) + 1), min(size[1], math.floor(y1 - 0.5) + 1))


def total_ink(im: Any) -> Any:
    """C+M+Y+K per pixel (0–1020) as a 32-bit image."""
    from PIL import ImageMath

    c, m, y, k = (ch.convert("I") for ch in im.split())
    if hasattr(ImageMath, "lambda_eval"):
        return ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return ImageMath.eval("c + m + y + k", c=c, m=m, y=y, k=k)  # type: ignore[attr-defined]  # Pillow < 10.3


def patches_over(total: Any, threshold: float) -> Any:
    """A 0/1 mask of the squares over `threshold` that belong to a patch of at least INK_MIN_AREA²
    squares (erode, then dilate back)."""
    from PIL import ImageFilter, ImageMath

    if hasattr(ImageMath, "lambda_eval"):
        over = ImageMath.lambda_eval(lambda a: a["t"] > threshold, t=total)
    else:
        over = ImageMath.eval(f"t > {threshold}", t=total)  # type: ignore[attr-defined]  # Pillow < 10.3
    mask = over.convert("L")
    return mask.filter(ImageFilter.MinFilter(INK_MIN_AREA)).filter(ImageFilter.MaxFilter(INK_MIN_AREA))


def masked_peak(total: Any, mask: Any) -> int:
    from PIL import ImageMath

    if hasattr(ImageMath, "lambda_eval"):
        inside_mask = ImageMath.lambda_eval(lambda a: a["t"] * a["m"], t=total, m=mask)
    else:
        inside_mask = ImageMath.eval("t * m", t=total, m=mask)  # type: ignore[attr-defined]  # Pillow < 10.3
    return int(inside_mask.getextrema()[1] or 0)


def measure(tif: Path, b: PageBoxes, limit: float) -> InkPage:
    """The peak total ink inside the printed area, and the patches over `limit` (peak and box)."""
    from PIL import Image

    with Image.open(tif) as im:
        x0, y0, x1, y1 = pixel_rect(b, im.size)
        if x1 <= x0 or y1 <= y0:
            return InkPage(b.page, 0.0, 0.0, None)
        total = total_ink(im.convert("CMYK").crop((x0, y0, x1, y1)))
    peak = round((total.getextrema()[1] or 0) * 100 / 255, 1)
    mask = patches_over(total, limit * 255 / 100) if peak > limit else None
    over = mask.getbbox() if mask is not None else None
    if mask is None or over is None:
        return InkPage(b.page, peak, 0.0, None)
    (ax, ay), (bx, by) = to_pdf(b, x0 + over[0], y0 + over[1]), to_pdf(b, x0 + over[2], y0 + over[3])
    box = (round(min(ax, bx), 1), round(min(ay, by), 1), round(max(ax, bx), 1), round(max(ay, by), 1))
    return InkPage(b.page, peak, round(masked_peak(total, mask) * 100 / 255, 1), box)


def gs_command(gs: str, pdf: Path, out: Path, pages: list[int]) -> list[str]:
    """tiff32nc: 8-bit CMYK. DeviceCMYK values pass through unchanged (the same default CMYK profile in
    and out); the PDF's output intent is not applied (that needs -dUsePDFX3Profile)."""
    return [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", "-sDEVICE=tiff32nc", f"-r{INK_PPI}",
            "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
            f"-sPageList={','.join(str(p) for p in pages)}", f"-sOutputFile={out / 'p%04d.tif'}", str(pdf)]


def render_ink(gs: str, data: bytes, boxes: list[PageBoxes], limit: float) -> list[InkPage]:
    """Render with up to INK_WORKERS Ghostscript processes, pages dealt out in turn (1,3,5… / 2,4,6…) so
    both get a similar share of heavy pages."""
    workers = max(1, min(INK_WORKERS, os.cpu_count() or 1, len(boxes)))
    groups = [boxes[i::workers] for i in range(workers)]
    from ..tempfiles import die_with_parent, temp_dir

    with temp_dir("ink") as tmp:
        pdf = tmp / "in.pdf"
        pdf.write_bytes(data)
        outs = [tmp / f"w{i}" for i in range(workers)]
        procs: list[subprocess.Popen[bytes]] = []
        try:
            for out, group in zip(outs, groups, strict=True):
                out.mkdir()
                procs.append(subprocess.Popen(gs_command(gs, pdf, out, [b.page for b in group]),
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                              preexec_fn=die_with_parent if os.name == "posix" else None))
            errors = wait_all(procs)
        finally:
            for proc in procs:          # interrupted (a signal): no Ghostscript outlives us
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if errors:
            raise ToolFailed(errors)
        result = []
        for out, group in zip(outs, groups, strict=True):
            for j, b in enumerate(group, start=1):
                tif = out / f"p{j:04d}.tif"
                if not tif.exists():
                    raise ToolFailed(f"Ghostscript wrote no image for page {b.page}")
                result.append(measure(tif, b, limit))
    return sorted(result, key=lambda p: p.page)


def wait_all(procs: list[subprocess.Popen[bytes]]) -> str:
    """Wait for every process (killing all on timeout); the stderr tail of those that failed."""
    errors = []
    try:
        for proc in procs:
            _, err = proc.communicate(timeout=GS_TIMEOUT)
            if proc.returncode:
                errors.append(err.decode("utf-8", "replace").strip()[-300:] or f"exit {proc.returncode}")
    except subprocess.TimeoutExpired:
        for proc in procs:
            proc.kill()
            proc.communicate()
        return f"Ghostscript took longer than {GS_TIMEOUT} s"
    return "; ".join(errors)


def ink_cache_path(job: PdfJob) -> Path:
    from ..cache import cache_dir

    name = f"ink-{digest(job)}-{INK_PPI}ppi-{INK_MIN_AREA}-{job.target.ink_limit:g}.json"
    return cache_dir("preflight") / name


def cached_ink(path: Path) -> list[InkPage] | None:
    try:
        entry = json.loads(path.read_text())
        if entry["version"] != INK_CACHE_VERSION:
            return None
        return [InkPage(p["page"], p["peak"], p["area_peak"], tuple(p["over"]) if p["over"] else None)
                for p in entry["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_ink(path: Path, pages: list[InkPage]) -> None:
    from ..cache import write_atomic

    entry = {"version": INK_CACHE_VERSION, "ppi": INK_PPI, "min_area": INK_MIN_AREA,
             "pages": [{"page": p.page, "peak": p.peak, "area_peak": p.area_peak,
                        "over": list(p.over) if p.over else None} for p in pages]}
    write_atomic(path, json.dumps(entry).encode())


def ink_pages(job: PdfJob, diags: Diagnostics) -> list[InkPage] | None:
    """Per-page ink from the cache, else rendered (and cached); None, with a diagnostic, when it could not
    be measured."""
    path = ink_cache_path(job)
    cached = cached_ink(path)
    if cached is not None:
        return cached
    severity = "error" if job.target.need_tools else "warning"
    gs = ghostscript()
    if gs is None:
        job.report(diags, severity, "preflight.tool-missing", "ink limit not checked: Ghostscript not found",
                   "install it (apt-get install ghostscript, brew install ghostscript)")
        return None
    try:
        pages = render_ink(gs, job.data, page_boxes(job), job.target.ink_limit)
    except (ToolFailed, OSError) as exc:
        job.report(diags, severity, "preflight.tool-failed", f"ink limit not checked: Ghostscript failed: {exc}",
                   "run gs on the file by hand to see why it cannot render it")
        return None
    store_ink(path, pages)
    return pages


@check("pdf.ink-limit")
def ink_limit(job: PdfJob, diags: Diagnostics) -> None:
    """Total area coverage (C+M+Y+K) over the limit smears, sets off and dries slowly on press."""
    if not job.target.cmyk:
        return
    limit = job.target.ink_limit
    for p in ink_pages(job, diags) or []:
        if p.over is None:
            continue
        w, h = p.over[2] - p.over[0], p.over[3] - p.over[1]
        job.report(diags, "error", "pdf.ink-limit",
                   f"total ink reaches {p.area_peak:.0f} %, over the {limit:g} % limit, in an area of "
                   f"{w / MM:.0f} × {h / MM:.0f} mm at {fmt_box(p.over)} pt",
                   "build dark colours with more K and less C+M+Y (palette cmyk values); pictures converted "
                   "through the print profile stay within its limit — lower preflight.ink_limit only if the "
                   "print shop allows it", page=p.page, box=p.over)
