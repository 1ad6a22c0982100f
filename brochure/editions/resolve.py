"""RESOLVE, editions: one edition's settings for a document, and what each edition refuses before layout.

Takes the validated content and layout (with their sources, for locations) and returns the edition's
`Settings`: its defaults overridden by the layout's then the content's `editions:` entry, the output
profile found and checked. Problems go into the given Diagnostics.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..errors import BrochureError


def edition_settings(edition: str, content: Any, source: Any, layout: Any, layout_source: Any,
                     base_dir: Path, diags: Diagnostics) -> Any:
    """Edition defaults overridden by the layout's then the content's `editions:` entry (typed and
    checked when validated: model/editions.py); `output_profile` is resolved (content folder, then
    assets/icc) and checked. Raises BrochureError when the settings cannot be used."""
    from . import ICC_DIR, profile_space, settings_for

    before = len(diags.errors)
    sources = [(layout_source, layout.editions), (source, content.editions)]
    settings = settings_for(edition, *(e.get(edition, {}) for _, e in sources))
    if settings.output_profile:
        where = next((s.where(("editions", edition, "output_profile"))
                      for s, e in reversed(sources) if "output_profile" in e.get(edition, {})), None)
        raw = Path(str(settings.output_profile)).expanduser()
        found = next((c for c in ([raw] if raw.is_absolute() else [base_dir / raw, ICC_DIR / raw])
                      if c.is_file()), None)
        wanted = "CMYK" if settings.cmyk else "RGB"
        if found is None:
            diags.error("edition.profile-not-found", f"ICC profile not found: {raw}", where,
                        "give a path relative to the content file, or a file name in assets/icc/")
        elif not profile_space(found):
            diags.error("edition.profile-unreadable", f"{found.name} is not an ICC profile", where,
                        f"the {edition} edition needs a {wanted} ICC output profile (.icc or .icm), "
                        "e.g. the one your print shop gives you")
        elif profile_space(found) != wanted:
            diags.error("edition.profile-space", f"{found.name} is not a {wanted} profile "
                        f"(it is {profile_space(found) or 'unreadable'})", where,
                        f"the {edition} edition needs a {wanted} output profile")
        else:
            settings = replace(settings, output_profile=str(found.resolve()))
    if len(diags.errors) > before:
        raise BrochureError(diags)
    return settings


def check_unplaced(content: Any, source: Any, layout: Any, layout_source: Any, base_dir: Path,
                   diags: Diagnostics) -> None:
    """`brochure check` only, which lays nothing out: the pictures whose box follows from the laid-out
    text (a leaflet's section pictures), at the largest box each may get, where pictures are checked for
    resolution (images/resolution.check_leaflet_sections). The build judges them where it draws them."""
    from ..images.options import options_for
    from ..images.resolution import check_leaflet_sections
    from ..layout.geometry import geometry_for
    from . import known

    if layout.format.kind != "leaflet":
        return
    for edition in (e for e in known() if e in layout.format.editions):
        try:
            settings = edition_settings(edition, content, source, layout, layout_source, base_dir, Diagnostics())
        except BrochureError:
            continue                         # reported by check_editions
        if options_for(settings).check_resolution:
            geometry = geometry_for(layout, settings.bleed, settings.crop_marks)
            check_leaflet_sections(content, layout, source, geometry, settings, base_dir, diags)


def check_editions(content: Any, source: Any, layout: Any, layout_source: Any, base_dir: Path,
                   diags: Diagnostics, wanted: list[str] | None = None) -> None:
    """What each edition would refuse before layout: its settings (output profile) and, where pictures
    are checked for resolution (print), every picture at the size it is placed; for the `wanted` (None:
    all) tagged editions, every picture's alternative text."""
    from ..images.options import options_for
    from ..images.resolution import check_placements
    from ..layout.geometry import geometry_for
    from ..tagging.structure import check_alt
    from . import known

    ua, tagged = list[str](), list[str]()     # the wanted editions that claim PDF/UA; those only tagged
    for edition in (e for e in known() if e in layout.format.editions):   # a screen has no print edition
        try:
            settings = edition_settings(edition, content, source, layout, layout_source, base_dir, diags)
        except BrochureError:
            continue
        if wanted is None or edition in wanted:
            (ua if settings.pdfua else tagged if settings.tagged else []).append(edition)
        if options_for(settings).check_resolution:
            geometry = geometry_for(layout, settings.bleed, settings.crop_marks)
            check_placements(content, layout, source, geometry, settings, base_dir, diags)
    check_alt(content, source, diags, ua, tagged, layout.format)
