"""Exhibition formats from the same content: which editions a format has, the extra imposed files
(`--impose saddle|reader`), and the page makeup of leaflets, posters and screens (leaflet.py,
poster.py, screen.py, registered in `COMPOSERS` by kind; the booklet is layout/ and render/story.py).

`impose` runs after the editions are finished and preflighted: it turns the print edition into printer
spreads (and the email edition into reader spreads), preflights the spreads, and returns
{"print-saddle": bytes, "email-spreads": bytes} for the WRITE stage.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics


def compose(ctx: Any) -> tuple[list[Any], Any]:
    """The story and the document class of a short format (leaflet, poster, screen)."""
    from importlib import import_module

    kind = ctx.layout.format.kind
    module = import_module(f"{__name__}.{kind}")
    return module.story(ctx), module.DOC


def format_pictures(ctx: Any) -> dict[Any, Any]:
    """RESOLVE for a short format: the pictures its pages draw, prepared for the boxes they fill
    (images/pages.prepare_pictures), their problems reported at their YAML locations before layout."""
    from importlib import import_module

    from ..images.pages import prepare_pictures

    module = import_module(f"{__name__}.{ctx.layout.format.kind}")
    return prepare_pictures(ctx, module.pictures(ctx))


IMPOSITIONS = {"saddle": ("print", "print-saddle"), "reader": ("email", "email-spreads")}


def editions_for(layout: Any, wanted: list[str], everything: bool, diags: Diagnostics) -> list[str]:
    """The editions to build: those asked for that the layout's format has. With `--edition all` the
    others are left out quietly; named ones are an error (a screen has no print edition)."""
    fmt = layout.format
    missing = [e for e in wanted if e not in fmt.editions]
    if missing and not everything:
        diags.error("format.no-edition", f"the {layout.name} layout ({fmt.kind}) has no {', '.join(missing)} "
                    f"edition", None, f"its editions: {', '.join(fmt.editions)} (format.editions)")
    return [e for e in wanted if e in fmt.editions]


def check_bilingual(layout: Any, bilingual: bool, diags: Diagnostics) -> None:
    """Short formats set one language: a bilingual build of one would drop the translation unseen."""
    if bilingual and layout.format.kind != "booklet":
        diags.error("format.bilingual", f"the {layout.name} layout ({layout.format.kind}) sets one language; "
                    "bilingual editions are booklets", None,
                    "build each language on its own (--lang zh-CN, --lang en), or use a booklet layout")


def check_impose(kinds: list[str], editions: list[str], layout: Any, diags: Diagnostics) -> None:
    for kind in kinds:
        if kind not in IMPOSITIONS:
            diags.error("cli.impose", f"unknown imposition '{kind}'", None, "--impose saddle or reader")
            continue
        source = IMPOSITIONS[kind][0]
        if source not in editions:
            diags.error("cli.impose", f"--impose {kind} is made from the {source} edition, which this build "
                        "does not make", None, f"add --edition {source}")
        elif kind == "saddle" and (layout.format.kind != "booklet" or layout.page.binding != "saddle-stitch"):
            diags.error("cli.impose", f"--impose saddle is for saddle-stitched booklets; the {layout.name} "
                        f"layout is a {layout.format.kind}", None)


def impose(kinds: list[str], layout: Any, finished: dict[str, bytes], diags: Diagnostics) -> dict[str, bytes]:
    """The imposed files for `kinds` from the finished editions; the printer spreads are preflighted
    to the print rules (boxes, bleed, colours, fonts, output intent) like the edition itself."""
    from dataclasses import replace

    from ..editions import EDITIONS
    from ..preflight import Target, run_checks
    from .imposition import creep_shifts, impose_reader, impose_saddle

    out: dict[str, bytes] = {}
    for kind in kinds:
        source, name = IMPOSITIONS[kind]
        data = finished.get(source)
        if not data:
            continue
        if kind == "saddle":
            thickness = layout.format.paper_thickness.pt()
            out[name] = impose_saddle(data, thickness)
            # creep moves the inner sheets' pages toward the spine: their fore-edge bleed is that much less
            target = Target.for_edition(EDITIONS["print"], layout)
            target = replace(target, edition=name, saddle_stitch=False,
                             bleed=target.bleed - max(creep_shifts(pdf_pages(data), thickness)))
            run_checks(out[name], target, None, diags)
        else:
            out[name] = impose_reader(data)
    return out


def pdf_pages(data: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


__all__ = ["IMPOSITIONS", "check_bilingual", "check_impose", "compose", "editions_for", "format_pictures", "impose",
           "pdf_pages"]
