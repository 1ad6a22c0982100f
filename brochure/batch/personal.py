"""A recipient's own pages: the content's `personal:` templates filled with the recipient's columns,
laid out (RENDER + a one-page MAKEUP of their own), and laid over the shared pages of the finished base.

The base is the brochure laid out once with an empty personal page after the cover (its footer drawn);
each copy draws only the cover line and that page, into a small PDF of its own, and stamps those
pages onto the base's cover and personal page as form XObjects (pikepdf), then saves the way the
edition's finisher saves. The shared pages' content streams are not rewritten.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..diagnostics import Diagnostics, Location

MM = 72 / 25.4
FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_-]*)\}")
_MARKUP_ESCAPE = re.compile(r"([\\*\[\]()_`])")
COVER_LINE_STYLE = "cover_subtitle"
PAGE_TITLE_STYLE = "section_title"
COVER_LINE_GAP = 12 * MM       # from the foot margin to the cover line's foot (clear of the imprint rule)


def template_fields(text: str) -> list[str]:
    return [m.group(1) for m in FIELD.finditer(text) if m.group(1)]


def fill(text: str, fields: Mapping[str, str], markup: bool) -> str:
    """`text` with every `{column}` replaced by the recipient's value; in inline markup the value's
    markup characters are escaped (a name with a `*` stays a name)."""
    def value(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        v = fields[m.group(1)]
        return _MARKUP_ESCAPE.sub(r"\\\1", v) if markup else v

    return FIELD.sub(value, text)


def is_markup(path: tuple[Any, ...]) -> bool:
    """Texts set with inline markup (as render/blocks.py sets them)."""
    return bool(path) and (path[-1] == "paragraph" or path[-2:] == ("quote", "text")
                           or (len(path) >= 2 and path[-2] == "list")
                           or (len(path) >= 3 and path[-3] == "rows"))


def texts(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string of the `personal:` data (as YAML gives it) with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from texts(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from texts(v, path + (i,))


def check_templates(source: Any, columns: list[str], diags: Diagnostics) -> None:
    """Every `{column}` a template uses must be a column of the recipients file (checked once)."""
    data = source.get(("personal",))
    for path, text in texts(data, ("personal",)):
        for name in template_fields(text):
            if name not in columns:
                diags.error("personal.unknown-field", f"'{{{name}}}' is not a column of the recipients file",
                            source.where(path), f"columns: {', '.join(columns)}",
                            "write {{ and }} for literal braces")


def filled_personal(source: Any, fields: Mapping[str, str]) -> Any:
    """The content's `personal:` block with this recipient's values, validated again."""
    from ..model.content import Personal

    def walk(data: Any, path: tuple[Any, ...]) -> Any:
        if isinstance(data, str):
            return fill(data, fields, is_markup(path))
        if isinstance(data, dict):
            return {k: walk(v, path + (k,)) for k, v in data.items()}
        if isinstance(data, list):
            return [walk(v, path + (i,)) for i, v in enumerate(data)]
        return data

    data = source.get(("personal",))
    body = data.get("page", {}).get("body") if isinstance(data.get("page"), dict) else None
    if isinstance(body, list):      # plain strings in a body are paragraphs
        data = {**data, "page": {**data["page"], "body": [{"paragraph": b} if isinstance(b, str) else b
                                                          for b in body]}}
    return Personal.model_validate(walk(data, ("personal",)))


def drawn_values(source: Any, fields: Mapping[str, str], mail: bool = False) -> dict[str, str]:
    """The columns the personal pages (or the e-mail texts) draw, with their values."""
    data = source.get(("personal",)) or {}
    used: dict[str, str] = {}
    for path, text in texts(data, ("personal",)):
        if (path[1:2] == ("email",)) == mail:
            used.update({name: fields[name] for name in template_fields(text) if name in fields})
    return used


def page_chars(personal: Any) -> str:
    """Every character the personal pages draw (with their punctuation as it will be set)."""
    from ..text import normalize_punctuation

    parts = [personal.cover or ""]
    if personal.page is not None:
        parts.append(personal.page.title or "")
        for block in personal.page.body:
            parts += [t for _, t in texts(block.model_dump(by_alias=True))]
    text = "".join(parts) + "0123456789"
    return "".join(sorted(set(text + normalize_punctuation(text))))


def render_pages(ctx: Any, personal: Any, cover_floor: float | None, where: Location | None,
                 diags: Diagnostics) -> tuple[bytes, list[int]]:
    """The recipient's pages as a small PDF (cover line, personal page) and the 0-based pages of the
    base they go onto. Text that does not fit is an error at the template."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame

    from ..layout.flowables import Anchor
    from ..render.blocks import render_block, text_of
    from ..text import TextBlock

    g = ctx.geometry
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=g.sheet, invariant=1, pageCompression=1,
                  initialFontName=ctx.fonts.name("serif", 400))
    targets: list[int] = []
    if personal.cover:
        style = ctx.style(COVER_LINE_STYLE)
        left, width = g.offset + g.inner, g.text_width
        block = TextBlock(text_of(ctx, personal.cover), style)
        _, h = block.wrapOn(canv, width, 10_000)
        foot = g.offset + g.bottom + COVER_LINE_GAP
        if cover_floor is not None and foot + h > cover_floor - 6 * MM:
            diags.error("layout.text-overflow", f"the cover line runs {(foot + h - cover_floor + 6 * MM) / MM:.1f} "
                        "mm into the cover title", where or ctx.where(("personal", "cover")),
                        "shorten personal.cover (or the name), or make the cover_subtitle style smaller",
                        page=1)
        block.drawOn(canv, left, foot)
        canv.showPage()
        targets.append(0)
    if personal.page is not None:
        left, _ = g.margins(False)           # the personal page is page 2, a verso
        top = g.offset + g.trim_h - g.top
        canv.saveState()                     # the accent bar over the title, as on the notes pages
        canv.setFillColor(ctx.colour("primary"))
        canv.rect(g.offset + left, top + 4 * MM, 10 * MM, 1.6, stroke=0, fill=1)
        canv.restoreState()
        frame = Frame(g.offset + left, g.offset + g.bottom, g.text_width, top - g.offset - g.bottom,
                      0, 0, 0, 0, showBoundary=0)
        story: list[Any] = []
        if personal.page.title:
            story.append(TextBlock(text_of(ctx, personal.page.title), ctx.style(PAGE_TITLE_STYLE)))
        for j, block in enumerate(personal.page.body):
            # Headings here are no bookmarks: the outline is the shared pages' (and an overlay has none).
            story += [f for f in render_block(block, ("personal", "page", "body", j), g.text_width, ctx)
                      if not isinstance(f, Anchor)]
        frame.addFromList(story, canv)
        if story:
            diags.error("layout.text-overflow", "the personal page does not fit on one page",
                        where or ctx.where(("personal", "page")),
                        "shorten the page template or the recipient's texts (programme, contacts)", page=2)
        canv.showPage()
        targets.append(1)
    canv.save()
    return buf.getvalue(), targets


def stamp(base_pdf: bytes, overlay: bytes, targets: list[int], linearize: bool, object_streams: bool) -> bytes:
    """The base with each overlay page laid over its target page, saved as the edition saves
    (deterministic ID, linearised or with object streams)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(base_pdf)) as pdf, pikepdf.open(io.BytesIO(overlay)) as layer:
        layer.remove_unreferenced_resources()
        for i, target in enumerate(targets):
            # By hand rather than Page.add_overlay, which names the form at random (the bytes would
            # differ from run to run).
            page = pdf.pages[target]
            form = pdf.copy_foreign(layer.pages[i].as_form_xobject())
            name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/Personal{i}"))
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(pdf, f"Q q {name} Do Q\n".encode()))
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
        out = io.BytesIO()
        use_streams = object_streams and not linearize
        mode = pikepdf.ObjectStreamMode.generate if use_streams else pikepdf.ObjectStreamMode.disable
        pdf.save(out, linearize=linearize, object_stream_mode=mode, compress_streams=False,
                 deterministic_id=True, recompress_flate=False, min_version=pdf.pdf_version)
        return out.getvalue()
