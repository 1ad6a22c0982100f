"""Read-only inspections of finished PDFs shared by finishers, preflight and tests: where RGB is used
(operators, colour spaces, images, transparency groups) and whether the page boxes nest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

RGB_OPERATORS = {"rg", "RG"}


def _is_rgb_space(cs: Any) -> bool:
    """DeviceRGB, CalRGB, ICCBased with 3 components, or an Indexed/Separation/DeviceN space over one."""
    if cs is None:
        return False
    if isinstance(cs, pikepdf.Name):
        return str(cs) in ("/DeviceRGB", "/RGB", "/CalRGB")
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        family = str(cs[0])
        if family in ("/CalRGB", "/DeviceRGB"):
            return True
        if family == "/ICCBased":
            return int(cs[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/I"):
            return _is_rgb_space(cs[1])
        if family in ("/Separation", "/DeviceN"):
            return _is_rgb_space(cs[2] if family == "/Separation" else cs[2])
        if family == "/Pattern" and len(cs) > 1:
            return _is_rgb_space(cs[1])
    return False


def _streams(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any, Any]]:
    """(where, content-bearing object, its resources) for pages, forms, patterns and appearances."""
    seen: set[tuple[int, int]] = set()

    def forms(resources: Any, where: str) -> Iterator[tuple[str, Any, Any]]:
        if resources is None:
            return
        for kind in ("/XObject", "/Pattern"):
            for name, obj in (resources.get(kind) or {}).items():
                if obj.objgen in seen or not isinstance(obj, pikepdf.Stream):
                    continue
                seen.add(obj.objgen)
                if obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1:
                    yield f"{where} {name}", obj, obj.get("/Resources")
                    yield from forms(obj.get("/Resources"), f"{where} {name}")

    for i, page in enumerate(pdf.pages, start=1):
        res = page.obj.get("/Resources")
        yield f"page {i}", page, res
        yield from forms(res, f"page {i}")
        for annot in page.obj.get("/Annots", []):
            for ap in (annot.get("/AP") or {}).values():
                if isinstance(ap, pikepdf.Stream) and ap.objgen not in seen:
                    seen.add(ap.objgen)
                    yield f"page {i} annotation", ap, ap.get("/Resources")


def _resources_rgb(res: Any, where: str) -> Iterator[str]:
    if res is None:
        return
    for name, cs in (res.get("/ColorSpace") or {}).items():
        if _is_rgb_space(cs):
            yield f"{where}: colour space {name} is RGB"
    for name, xo in (res.get("/XObject") or {}).items():
        if xo.get("/Subtype") == "/Image":
            if _is_rgb_space(xo.get("/ColorSpace")):
                yield f"{where}: image {name} is RGB"
            smask = xo.get("/SMask")
            if smask is not None and _is_rgb_space(smask.get("/ColorSpace")):
                yield f"{where}: soft mask of image {name} is RGB"
        group = xo.get("/Group")
        if group is not None and _is_rgb_space(group.get("/CS")):
            yield f"{where}: transparency group {name} blends in RGB"
    for name, sh in (res.get("/Shading") or {}).items():
        if _is_rgb_space(sh.get("/ColorSpace")):
            yield f"{where}: shading {name} is RGB"
    for name, gs in (res.get("/ExtGState") or {}).items():
        smask = gs.get("/SMask")
        if isinstance(smask, pikepdf.Dictionary) and smask.get("/G") is not None:
            group = smask.G.get("/Group")
            if group is not None and _is_rgb_space(group.get("/CS")):
                yield f"{where}: soft mask {name} blends in RGB"


def rgb_usage(pdf: pikepdf.Pdf) -> list[str]:
    """Every place RGB colour is used: rg/RG operators, inline images, RGB colour spaces, images,
    shadings and transparency groups. Empty for a clean CMYK file."""
    found: list[str] = []
    for where, obj, res in _streams(pdf):
        found += list(_resources_rgb(res, where))
        group = obj.get("/Group") if not isinstance(obj, pikepdf.Page) else obj.obj.get("/Group")
        if group is not None and _is_rgb_space(group.get("/CS")):
            found.append(f"{where}: page/form group blends in RGB")
        for item in pikepdf.parse_content_stream(obj):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                cs = item.iimage.obj.get("/ColorSpace") if hasattr(item.iimage, "obj") else None
                if cs is not None and str(cs) in ("/RGB", "/DeviceRGB"):
                    found.append(f"{where}: inline RGB image")
                continue
            op = str(item.operator)
            if op in RGB_OPERATORS:
                found.append(f"{where}: operator {op} {' '.join(str(x) for x in item.operands)}")
    return found


def box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float] | None:
    value = page.obj.get(name)
    return tuple(float(v) for v in value) if value is not None else None  # type: ignore[return-value]


def box_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every page has TrimBox and BleedBox, and Trim ⊆ Bleed ⊆ Media."""
    def inside(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
        return a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01 and a[3] <= b[3] + 0.01

    problems: list[str] = []
    for i, page in enumerate(pdf.pages, start=1):
        media, trim, bleed = box(page, "/MediaBox"), box(page, "/TrimBox"), box(page, "/BleedBox")
        if trim is None or bleed is None or media is None:
            problems.append(f"page {i}: TrimBox or BleedBox missing")
        elif not (inside(trim, bleed) and inside(bleed, media)):
            problems.append(f"page {i}: boxes do not nest (trim {trim}, bleed {bleed}, media {media})")
    return problems
