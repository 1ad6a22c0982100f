"""The one orchestrator: LOAD -> VALIDATE -> RESOLVE -> RENDER -> PAGINATE -> FINISH -> PREFLIGHT -> WRITE.

Only this module calls across stages. Every stage reports into one `Diagnostics`; the build stops after
validation if anything is wrong, and never replaces a good PDF with a broken one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import limits
from .diagnostics import Diagnostics, Location
from .docinfo import pdf_meta, slug_of
from .errors import BrochureError

DEFAULT_LAYOUT = "a4-booklet"


@dataclass
class Options:
    content: Path
    layout: str | None = None
    editions: list[str] = field(default_factory=lambda: ["email"])
    out_dir: Path = Path("out")
    strict: bool = False
    assets: list[Path] = field(default_factory=list)
    quiet: bool = False
    force: bool = False          # replace an existing archive even when its bytes differ
    watching: bool = False       # one of many builds in this process (`build --watch`)
    inputs: set[Path] = field(default_factory=set)   # every file the last load read or looked for
    lang: str | None = None      # 'en', or 'zh-CN+en' (bilingual); None: the content file's own language
    impose: list[str] = field(default_factory=list)   # extra imposed files: saddle (print), reader (email)


@dataclass
class Prepared:
    content: Any
    source: Any
    layout: Any
    layout_source: Any
    base_dir: Path
    diags: Diagnostics
    fontset: Any = None
    content_path: Path | None = None
    layout_path: Path | None = None
    progress: Any = None            # prints a progress line (None when quiet)
    partner: Any = None               # bilingual: (Content, Layout, Source) of the translation beside it
    translations: list[Path] = field(default_factory=list)   # translation files read (archive sources)
    personal_page: bool = False       # an empty page after the cover for a recipient's own (batch/)


@dataclass
class Result:
    outputs: dict[str, Path]
    diags: Diagnostics
    pages: dict[str, int]
    seconds: dict[str, float]
    report: Any = None            # the PreflightReport (summary + JSON file)


def progress(opts: Options, message: str) -> None:
    if not opts.quiet:
        print(message, file=sys.stderr, flush=True)


# -- LOAD + VALIDATE ------------------------------------------------------------------------------------
def load(opts: Options, diags: Diagnostics | None = None, with_fonts: bool = True) -> Prepared:
    """Load and validate content and layout; raises BrochureError with every problem found."""
    from .formats import check_bilingual
    from .model.assets import check_assets
    from .model.base import validate_source
    from .model.bounds import check_content_limits, check_layout_limits
    from .model.content import Content, iter_text
    from .model.layouts import load_layout
    from .model.text import check_characters
    from .model.textcheck import check_punctuation
    from .model.translation import load_language
    from .text.links import check_links

    diags = diags if diags is not None else Diagnostics()
    content_path = opts.content
    display = str(content_path)
    if not content_path.is_file():
        diags.error("io.not-found", f"content file not found: {content_path}", None,
                    "give the path of a brochure YAML file, e.g. examples/tianxin-2020/brochure.yaml")
        raise BrochureError(diags)
    opts.inputs.add(content_path.resolve())
    edition_of = load_language(content_path, opts.lang, diags, display)
    source, content_path, partner_source = edition_of.source, edition_of.path, edition_of.partner
    opts.inputs.update(p.resolve() for p in [content_path, *edition_of.translations])
    if diags.has_errors():
        raise BrochureError(diags)
    content = validate_source(Content, source, diags, "content")
    partner = validate_source(Content, partner_source, diags, "content") if partner_source else None
    layout_ref = opts.layout or (content.layout if content else None) or DEFAULT_LAYOUT
    from_content = bool(content and content.layout and not opts.layout)
    where = source.where(("layout",)) if from_content else None
    roots = [content_path.parent, *opts.assets] if from_content else None
    loaded = load_layout(layout_ref, diags, content_path.parent, where,
                         ("bilingual" if partner else content.meta.language) if content else None, roots)
    note_inputs(opts, content, layout_ref, loaded, content_path.parent)
    if content is None or loaded is None:
        raise BrochureError(diags)
    check_bilingual(loaded.layout, partner is not None, diags)     # short formats set one language
    base_dir = content_path.parent.resolve()
    check_assets(content, source, base_dir, [base_dir] + [a.resolve() for a in opts.assets], diags)
    check_charts(content, source, base_dir, diags)
    texts = iter_text(content)
    check_content_limits(content, texts, source, diags)
    check_layout_limits(loaded.layout, loaded.source, diags)
    check_characters(texts, source, diags)
    check_links(texts, content, source, diags)
    check_punctuation(texts, source, diags, normalised=loaded.layout.text.normalize_punctuation,
                      language=content.meta.language)
    if partner is not None:              # bilingual: the translation, set in its language's layout
        assert partner_source is not None
        partner_texts = iter_text(partner)
        check_content_limits(partner, partner_texts, partner_source, diags)
        check_characters(partner_texts, partner_source, diags)
        check_links(partner_texts, partner, partner_source, diags)
        texts += partner_texts
        from_partner = bool(partner.layout and not opts.layout)
        twin = load_layout(opts.layout or partner.layout or DEFAULT_LAYOUT, diags, content_path.parent, None,
                           partner.meta.language, [content_path.parent, *opts.assets] if from_partner else None)
        partner = (partner, twin.layout, partner_source) if twin else None
    prepared = Prepared(content, source, loaded.layout, loaded.source, base_dir, diags,
                        content_path=content_path.resolve(), layout_path=loaded.path, partner=partner,
                        translations=edition_of.translations)
    check_editions(prepared, opts.editions)
    if with_fonts:
        prepared.fontset = resolve_fonts(prepared, texts)
    if diags.has_errors():
        raise BrochureError(diags)
    return prepared


def note_inputs(opts: Options, content: Any, layout_ref: str, loaded: Any, base: Path) -> None:
    """Record the files this build reads (`build --watch` watches exactly these): the layout chain,
    and every picture and chart data file the content names, found or not yet."""
    if not opts.watching:
        return                  # (and `brochure check` stays free of the PDF libraries)
    import yaml

    from .editions.sources import asset_refs, layout_chain
    from .model.layouts import find_layout

    leaf = loaded.path if loaded is not None else find_layout(layout_ref, base)
    if leaf is not None:
        try:
            opts.inputs.update(layout_chain(leaf))
        except (OSError, ValueError, yaml.YAMLError):
            opts.inputs.add(Path(leaf).resolve())
    if content is not None:
        opts.inputs.update((base / ref).resolve() for ref in asset_refs(content))


def check_editions(p: Prepared, wanted: list[str] | None = None) -> None:
    """What each edition would refuse before layout: its settings (output profile) and, where pictures
    are checked for resolution (print), every picture at the size it is placed; for the `wanted` (None:
    all) tagged editions, every picture's alternative text."""
    from .editions import known
    from .images.options import options_for
    from .images.resolution import check_placements
    from .layout.geometry import geometry_for
    from .tagging.structure import check_alt

    ua, tagged = list[str](), list[str]()     # the wanted editions that claim PDF/UA; those only tagged
    for edition in (e for e in known() if e in p.layout.format.editions):   # a screen has no print edition
        try:
            settings = edition_settings(p, edition)
        except BrochureError:
            continue
        if (wanted is None or edition in wanted) and p.layout.format.kind == "booklet":   # (tagged formats)
            (ua if settings.pdfua else tagged if settings.tagged else []).append(edition)
        if options_for(settings).check_resolution:
            geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
            check_placements(p.content, p.layout, p.source, geometry, settings, p.base_dir, p.diags)
    check_alt(p.content, p.source, p.diags, ua, tagged)


def check_charts(content: Any, source: Any, base_dir: Path, diags: Diagnostics) -> None:
    from .charts.validate import validate_chart
    from .model.content import ChartBlock

    for i, section in enumerate(content.sections):
        for j, block in enumerate(section.body):
            if isinstance(block, ChartBlock):
                validate_chart(block.chart, base_dir, diags, source.where(("sections", i, "body", j, "chart")))


# -- RESOLVE: fonts -------------------------------------------------------------------------------------
def font_requests(layout: Any) -> list[Any]:
    from .fonts.registry import FontRequest
    from .model.layouts import resolve_style

    wanted: set[tuple[str, int]] = set()
    for name in layout.styles:
        rs = resolve_style(layout, name)
        wanted |= {(rs.font, rs.weight), (rs.bold_font, rs.bold_weight), (rs.italic_font, 400)}
    wanted |= {(layout.charts.font, 400), (layout.charts.font, 700), ("serif", 400)}
    return [FontRequest(role, layout.fonts.roles[role].family, weight, layout.fonts.roles[role].italic)
            for role, weight in sorted(wanted) if role in layout.fonts.roles]


def resolve_fonts(p: Prepared, texts: list[tuple[tuple[Any, ...], str]]) -> Any:
    from .fonts.catalog import Catalog
    from .fonts.coverage import check_coverage
    from .fonts.registry import resolve

    extra = [(p.base_dir / x) for x in p.layout.fonts.paths]
    catalog = Catalog(extra)
    found = {Path(f.path).resolve() for f in catalog.faces}
    for i, path in enumerate(extra):
        where = p.layout_source.where(("fonts", "paths", i))
        if not path.exists():
            p.diags.error("font.path-not-found", f"fonts.paths names {path}, which does not exist", where,
                          "paths are relative to the content file's folder")
        elif path.is_file() and path.resolve() not in found:
            p.diags.error("font.unreadable", f"{path.name} is not a font file this tool can read", where,
                          "give a TrueType or OpenType font (.ttf, .otf, .ttc, .otc)")
    requests = font_requests(p.layout)
    if p.partner:
        # Bilingual: the translation is set with the source's fonts role by role (a FontSet is keyed by
        # role and weight); a role or weight only its layout names (its italics) is resolved as well.
        from .fonts.registry import FontRequest

        known = {(r.role, r.weight) for r in requests}
        roles = p.layout.fonts.roles
        for r in font_requests(p.partner[1]):
            if (r.role, r.weight) not in known:
                role = roles.get(r.role)
                requests.append(FontRequest(r.role, role.family, r.weight, role.italic) if role else r)
    fontset, missing = resolve(catalog, requests, p.layout.fonts.fallback)
    for family in sorted(set(missing)):
        named = [("fonts", "roles", r, "family") for r, v in p.layout.fonts.roles.items() if v.family == family]
        named += [("fonts", "fallback", i) for i, f in enumerate(p.layout.fonts.fallback) if f == family]
        p.diags.error("font.not-found", f"font family '{family}' was not found",
                      p.layout_source.where(named[0] if named else ("fonts",)),
                      "install it (pip or system), put the file in assets/fonts/, or list it in fonts.paths",
                      "`brochure fonts` lists the families found")
    if missing:
        return None
    check_coverage(texts, fontset, p.source, p.diags)
    return fontset


def register_fonts(p: Prepared) -> None:
    """Convert (or take from the cache) and register every font the document needs: `warm_assets`
    without pictures."""
    warm_assets(p, [])


def cjk_dash(p: Prepared) -> bool:
    """Chinese and Japanese draw the dash as one full-width stroke."""
    return bool(p.content.meta.language.lower().startswith(("zh", "ja")))


def font_usage(p: Prepared) -> dict[Any, str]:
    """The characters each font will draw (render/census.py): running text only in its own faces,
    every other text and the generated labels in all of them."""
    from .model.labels import colon, date_text, labels_for
    from .model.punctuation import normalize_punctuation
    from .render.census import chars_by_font

    meta = p.content.meta
    words = labels_for(p.layout.templates, meta.language)
    extra = "".join([words.contents, words.contents_latin, words.intro, words.notes, "0123456789·：——“”",
                     p.layout.footer.text or "", date_text(meta.date, meta.language) if meta.date else "",
                     colon(meta.language)])
    extra += normalize_punctuation(extra)
    pairs = [(p.content, p.layout, extra)] + ([(p.partner[0], p.partner[1], "")] if p.partner else [])
    latin = [c.meta.language for c in (p.content, p.partner[0] if p.partner else None)
             if c is not None and not c.meta.language.lower().startswith(("zh", "ja", "ko"))]
    if not latin:
        return chars_by_font(pairs, normalize_punctuation)      # bilingual: the translation in its layout too
    from .text.typography import typeset_punctuation

    # the hyphen drawn at a hyphenated line end, and the ligatures HarfBuzz chooses (drawn by character)
    pairs[0] = (p.content, p.layout, extra + "\u00ad\u00a0–—…ﬀﬁﬂﬃﬄ")
    def normalize(text: str) -> str:   # either language's marks (the census keeps the typed text too)
        return typeset_punctuation(normalize_punctuation(text), latin[0])

    return chars_by_font(pairs, normalize)


# -- the build -------------------------------------------------------------------------------------------
def render_edition(p: Prepared, edition: str, settings: Any = None, *, again: bool = False
                   ) -> tuple[bytes, int, Any]:
    """RENDER + PAGINATE + FINISH for one edition (`settings` as edition_settings gives them, resolved
    here when not passed); returns the finished bytes, page count and doc. When the layout drew
    characters a font was not converted with (the census in render/census.py missed them), the fonts
    are converted again with them and the edition is laid out once more, before anything is finished."""
    from reportlab.platypus.doctemplate import LayoutError

    from .editions import FINISHERS, FinishInput
    from .editions.sources import sources_of_build
    from .formats import compose
    from .images.batch import warm_cache
    from .images.embed import PictureMissing
    from .images.pages import page_pictures
    from .layout.document import BrochureDoc, choose_openers
    from .layout.geometry import geometry_for
    from .render.blocks import KIND_NAMES
    from .render.context import RenderContext
    from .render.story import build_story, head_height, section_heads
    from .tagging.write import tag_input
    from .text.metrics import take_outside

    settings = settings or edition_settings(p, edition)
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    take_outside()                       # what an earlier layout in this process left noted

    warm_cache(p.content, p.layout, geometry, settings, p.base_dir, settings.cmyk_profile)
    ctx = RenderContext(p.content, p.layout, settings, p.fontset, p.base_dir, p.source, p.diags,
                        geometry, personal_page=p.personal_page)
    if p.partner:
        ctx.pair_with(*p.partner)
    record: dict[str, int] = {}
    heads = section_heads(ctx, record)
    heights = [head_height(h, geometry.text_width) + 2 for h in heads]
    meta = pdf_meta(p.content, edition, p.content_path)
    reported = len(p.diags.items)
    booklet = p.layout.format.kind == "booklet"            # other formats: formats/ (leaflet, poster, screen)
    chosen, makeup_seconds = choose_openers(ctx, geometry, heights, meta,   # trial layouts (layout/makeup.py)
                                            lambda c: build_story(c, section_heads(c, {}))) if booklet else ([], 0.0)
    story, doc_type = (build_story(ctx, heads), BrochureDoc) if booklet else compose(ctx)
    # ReportLab writes the file once into a temporary file, read back once (not a growing buffer).
    with tempfile.TemporaryFile() as buf:
        doc = doc_type(buf, ctx, geometry, heights, meta, chosen, page_pictures(ctx, chosen) if booklet else None)
        doc.pages_of = record
        doc.on_page_end = page_watch(p, edition)
        doc.makeup_seconds = makeup_seconds
        try:
            doc.build(story)
        except TooManyPages as exc:
            p.diags.error("limit.pages", f"the {edition} edition runs past {limits.PAGES:,} pages", exc.where,
                          "split the brochure into volumes",
                          "the limits and their reasons are listed in README (Limits)", edition=edition)
            raise BrochureError(p.diags) from None
        except LayoutError as exc:
            culprit = doc.last_flowable
            where: Location | None = getattr(culprit, "where", None)
            kind = getattr(culprit, "kind", None)
            what = KIND_NAMES.get(kind or "", kind or "an element of the page template")
            p.diags.error("layout.too-large", f"{what} does not fit in its frame on page {doc.page}",
                          where or p.source.where(("sections", doc.current_section, "title"))
                          if doc.current_section is not None else where,
                          "shorten it, or make the image, table or chart smaller, or split it",
                          edition=edition, page=doc.page)
            del exc
            raise BrochureError(p.diags) from None
        if doc.outside and not again:
            for key, chars in doc.outside.items():
                p.fontset.extra.setdefault(key, set()).update(chars)
            del p.diags.items[reported:]
            register_fonts(p)
            return render_edition(p, edition, settings, again=True)
        buf.seek(0)
        raw = buf.read()
    # Problems found while drawing (a picture too small, a cover title too long) do not stop here: the
    # file is finished and preflighted too, so one run reports everything; build() then writes nothing.
    g = geometry
    job = FinishInput((g.offset, g.offset, g.offset + g.trim_w, g.offset + g.trim_h), g.bleed,
                      settings.crop_marks and settings.bleed,
                      Path(settings.output_profile) if settings.output_profile else None,
                      sources_of_build(p, meta, settings) if settings.attach_sources else [], doc.placeholders,

                      tag_input(p.content, p.partner and p.partner[0], p.base_dir, doc.tagger.marks)
                      if doc.tagger.enabled else None)
    try:
        finished = FINISHERS[edition](raw, meta, settings, job)
    except PictureMissing as exc:
        p.diags.error("image.vanished", f"a processed picture went missing while the edition was being "
                      f"made: {exc}", None, "build again (another build may have cleared the cache)",
                      edition=edition)
        raise BrochureError(p.diags) from None
    del raw
    return finished, doc.page, doc


class TooManyPages(Exception):
    def __init__(self, where: Location | None):
        super().__init__()
        self.where = where


def page_watch(p: Prepared, edition: str) -> Any:
    """Called at the end of every page: stops a layout past the page limit, and prints a progress
    line every few seconds while a long edition is laid out."""
    t0 = last = time.perf_counter()

    from .tempfiles import stop_if_terminated

    def on_page_end(doc: Any) -> None:
        nonlocal last
        stop_if_terminated()
        page = doc.page
        if page >= limits.PAGES:
            raise TooManyPages(getattr(doc.last_flowable, "where", None))
        now = time.perf_counter()
        if p.progress is not None and now - last >= PROGRESS_EVERY:
            p.progress(f"[{edition}] laid out {page} pages ({now - t0:.0f}s)")
            last = now
    return on_page_end


PROGRESS_EVERY = 5.0    # seconds between progress lines of a long layout


def edition_settings(p: Prepared, edition: str) -> Any:
    """Edition defaults overridden by the layout's then the content's `editions:` entry (typed and
    checked when validated: model/editions.py); `output_profile` is resolved (content folder, then
    assets/icc) and checked."""
    from dataclasses import replace

    from .editions import ICC_DIR, profile_space, settings_for

    before = len(p.diags.errors)
    sources = [(p.layout_source, p.layout.editions), (p.source, p.content.editions)]
    settings = settings_for(edition, *(e.get(edition, {}) for _, e in sources))
    if settings.output_profile:
        where = next((s.where(("editions", edition, "output_profile"))
                      for s, e in reversed(sources) if "output_profile" in e.get(edition, {})), None)
        raw = Path(str(settings.output_profile)).expanduser()
        found = next((c for c in ([raw] if raw.is_absolute() else [p.base_dir / raw, ICC_DIR / raw])
                      if c.is_file()), None)
        wanted = "CMYK" if settings.cmyk else "RGB"
        if found is None:
            p.diags.error("edition.profile-not-found", f"ICC profile not found: {raw}", where,
                          "give a path relative to the content file, or a file name in assets/icc/")
        elif not profile_space(found):
            p.diags.error("edition.profile-unreadable", f"{found.name} is not an ICC profile", where,
                          f"the {edition} edition needs a {wanted} ICC output profile (.icc or .icm), "
                          "e.g. the one your print shop gives you")
        elif profile_space(found) != wanted:
            p.diags.error("edition.profile-space", f"{found.name} is not a {wanted} profile "
                          f"(it is {profile_space(found) or 'unreadable'})", where,
                          f"the {edition} edition needs a {wanted} output profile")
        else:
            settings = replace(settings, output_profile=str(found.resolve()))
    if len(p.diags.errors) > before:
        raise BrochureError(p.diags)
    return settings


@dataclass
class EditionResult:
    """One edition rendered and preflighted (in this process or a forked worker)."""
    edition: str
    data: bytes
    pages: int
    seconds: float
    diagnostics: list[Any]
    trace: Any


def warm_assets(p: Prepared, editions: list[str]) -> None:
    """Fill the caches before any edition starts: the fonts not converted yet and every edition's
    pictures not processed yet, on one pool (biggest first, both cores busy), here in the parent (the
    forked edition workers may not start pools of their own). Then the fonts are registered."""
    from .fonts.registry import charsets, conversion_tasks, register_all
    from .images.batch import placements, render_tasks
    from .layout.geometry import geometry_for
    from .warmup import fill

    needed = charsets(p.fontset, font_usage(p))
    tasks = conversion_tasks(p.fontset, needed, cjk_dash(p))
    jobs = []
    for edition in editions:
        try:
            settings = edition_settings(p, edition)
        except BrochureError:
            continue                     # reported again, at its place, when the edition renders
        geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
        jobs += [job for _, job in placements(p.content, p.layout, geometry, settings, p.base_dir,
                                               settings.cmyk_profile)]
    fill(tasks + render_tasks(jobs))
    register_all(p.fontset, needed, cjk_dash(p))
    if cjk_dash(p):                  # word boundaries of Chinese labels, loaded once before editions fork
        from .text.words import tokenizer

        tokenizer()


def run_edition(p: Prepared, edition: str) -> EditionResult:
    """RENDER … FINISH, then PREFLIGHT on the finished bytes with the layout trace. Everything this
    edition reports (while rendering and in preflight) is returned with it; an edition that could not be
    rendered comes back without bytes."""
    from .preflight import Target, run_checks

    t0 = time.perf_counter()
    own = Diagnostics()
    shared, p.diags = p.diags, own
    try:
        settings = edition_settings(p, edition)
        target = Target.for_edition(settings, p.layout, tuple(s.title for s in p.content.sections)
                                    if p.layout.format.kind != "poster" else None)   # a poster has no bookmarks
        data, npages, doc = render_edition(p, edition, settings)
    except BrochureError:
        return EditionResult(edition, b"", 0, time.perf_counter() - t0, list(own), None)
    finally:
        p.diags = shared
    run_checks(data, target, doc.trace, own)
    return EditionResult(edition, data, npages, time.perf_counter() - t0, list(own), doc.trace)


def preshape(p: Prepared, edition: str) -> None:
    """Set the paragraphs of one edition here, before the edition workers fork, in a watching process:
    it keeps the shaped paragraphs (text/shape.shape_once) from one rebuild to the next, so only the
    edited ones are set again, and the workers inherit them instead of each setting them again. What
    it finds is not reported: the workers report it, each for its edition."""
    from .layout.geometry import geometry_for
    from .render.context import RenderContext
    from .render.story import build_story, section_heads

    try:
        settings = edition_settings(p, edition)
    except BrochureError:
        return
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    ctx = RenderContext(p.content, p.layout, settings, p.fontset, p.base_dir, p.source, Diagnostics(), geometry)
    build_story(ctx, section_heads(ctx, {}))


def _edition_worker(edition: str) -> EditionResult:
    """Runs in a forked process: the prepared input and registered fonts are inherited."""
    assert _FORKED is not None
    return run_edition(_FORKED, edition)


_FORKED: Prepared | None = None


def run_editions(p: Prepared, editions: list[str], watching: bool = False) -> list[EditionResult]:
    """Editions are independent: with more than one and more than one core, each runs in a forked
    worker (fonts and validated input inherited, no re-validation), results in edition order."""
    global _FORKED
    from .editions import FINISHERS

    for edition in editions:
        FINISHERS[edition]      # imported here, once, before the workers fork
    # One worker more than cores: the editions differ in length, and the OS shares two cores among
    # three editions better than a pool of two does (print alone, then email and archive one after the
    # other): about 8 % off `--edition all` on two cores.
    cores = os.cpu_count() or 1
    workers = min(len(editions), cores + 1) if cores > 1 else 1
    if workers < 2:
        return [run_edition(p, e) for e in editions]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [run_edition(p, e) for e in editions]
    if watching:        # a one-off build gains nothing: its workers shape in parallel anyway
        preshape(p, editions[0])
    from .tempfiles import default_signals, sweep

    _FORKED = p
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=default_signals) as pool:
            return pool.map(_edition_worker, editions, chunksize=1)
    finally:
        _FORKED = None
        sweep()                 # what workers ended by a SIGTERM left in the temp folder


def build(opts: Options) -> Result:
    from .cache import write_together
    from .editions import known
    from .formats import check_impose, editions_for, impose, pdf_pages
    from .tempfiles import stop_if_terminated, sweep

    t0 = time.perf_counter()
    sweep()                     # temporary folders of builds that were killed
    diags = Diagnostics()
    p = load(opts, diags)
    p.progress = None if opts.quiet else (lambda message: progress(opts, message))
    progress(opts, f"validated {opts.content} ({time.perf_counter() - t0:.2f}s)")
    unknown = [e for e in opts.editions if e not in known()]
    if unknown:
        diags.error("cli.unknown-edition", f"unknown edition(s): {', '.join(unknown)}", None,
                    f"editions: {', '.join(known())}")
        raise BrochureError(diags)
    editions = editions_for(p.layout, opts.editions, opts.editions == known(), diags)
    check_impose(opts.impose, editions, p.layout, diags)
    if opts.out_dir.exists() and not opts.out_dir.is_dir():
        diags.error("io.out-not-a-folder", f"--out {opts.out_dir} is a file, not a folder", None,
                    "give a folder for the PDFs (it is created if missing)")
    if diags.has_errors():
        raise BrochureError(diags)
    t1 = time.perf_counter()
    warm_assets(p, editions)
    progress(opts, f"fonts and images ready ({time.perf_counter() - t1:.2f}s)")
    tag = opts.lang or (p.content.meta.language if p.content.translates else None)   # a language edition
    slug = slug_of(opts, p.content) + (f"-{tag}" if tag else "")
    done = run_editions(p, editions, opts.watching)
    for r in done:
        diags.extend(r.diagnostics)
        if r.data:
            progress(opts, f"[{r.edition}] {r.pages} pages, {len(r.data) / 1e6:.1f} MB ({r.seconds:.2f}s)")
        else:
            progress(opts, f"[{r.edition}] not rendered ({r.seconds:.2f}s)")
    stop_if_terminated()        # a SIGTERM while the editions were made: write nothing
    imposed = impose(opts.impose, p.layout, {r.edition: r.data for r in done}, diags)
    results = {r.edition: r.data for r in done} | imposed
    if not diags.has_errors(strict=opts.strict):
        check_protected(opts, slug, results, diags)
    failed = diags.has_errors(strict=opts.strict)
    report = make_report(opts, slug, done, diags)
    # All or nothing: the report and every PDF go to temporaries first, then are renamed together; a
    # failed build writes its report alone (it says why).
    files = {report.path: report.to_json().encode()}
    outputs = {} if failed else {edition: opts.out_dir / f"{slug}-{edition}.pdf" for edition in results}
    files.update({outputs[edition]: results[edition] for edition in outputs})
    try:
        opts.out_dir.mkdir(parents=True, exist_ok=True)
        write_together(files)
    except OSError as exc:
        raise write_failed(opts, exc, diags, report) from None
    if failed:
        raise BrochureError(diags, report)
    pages = {r.edition: r.pages for r in done} | {k: pdf_pages(v) for k, v in imposed.items()}
    return Result(outputs, diags, pages, {r.edition: r.seconds for r in done}, report)


def write_failed(opts: Options, exc: OSError, diags: Diagnostics, report: Any = None) -> BrochureError:
    """The error for a report or PDFs that could not be written, saying what was written all the same
    (nothing, unless a rename failed after others had succeeded)."""
    from .cache import WriteFailed

    written = exc.written if isinstance(exc, WriteFailed) else []
    cause = exc.cause if isinstance(exc, WriteFailed) else exc
    where = exc.path if isinstance(exc, WriteFailed) else opts.out_dir
    told = ("these were replaced before the failure: " + ", ".join(p.name for p in written) +
            "; the others are unchanged") if written else \
        "no file was written or replaced; files already there are unchanged"
    diags.error("io.write", f"cannot write {where}: {cause.strerror or cause}", None,
                "check the folder's permissions and free space", told)
    if report is not None and report.path not in written:
        report.path = None          # the summary must not name a report that was not written
    error = BrochureError(diags, report)
    error.written = written
    return error


def frame_fill(p: Prepared, edition: str = "email") -> list[str]:
    """`brochure check --fill`: lay the brochure out once and list, page by page, how full each frame is;
    a body page (other than the last) filled less than `preflight.sparse_page` down its columns is
    flagged."""
    from .preflight.layoutchecks import sparse_pages

    register_fonts(p)
    _, _, doc = render_edition(p, edition)
    trace = doc.trace
    sparse = {page: (section, fill) for section, page, fill in sparse_pages(trace, p.layout.preflight.sparse_page)}
    titles = p.content.sections
    lines = ["page  template    frames (how full)"]
    for page, template in sorted(trace.page_templates.items()):
        frames = [f for f in trace.frames if f.page == page]
        cells = "  ".join(f"{f.frame} {f.fill:4.0%}" for f in frames)
        line = f"{page:>4}  {template.split(':')[0]:<10}  {cells}"
        if page in sparse:
            section, fill = sparse[page]
            line += f"   <- {1 - fill:.0%} blank"
            if section >= 0:
                line += (f" (section {section + 1:02d} {titles[section].title}, "
                         f"{p.source.where(('sections', section, 'title'))})")
        lines.append(line)
    return lines


def make_report(opts: Options, slug: str, done: list[EditionResult], diags: Diagnostics) -> Any:
    """`<slug>-preflight.json` next to the PDFs (written even when the build fails: it says why)."""
    from .preflight.report import PreflightReport

    report = PreflightReport.of(str(opts.content), {r.edition: (r.pages, len(r.data)) for r in done}, diags,
                                opts.strict)
    report.path = opts.out_dir / f"{slug}-preflight.json"
    return report


def check_protected(opts: Options, slug: str, results: dict[str, bytes], diags: Diagnostics) -> None:
    """Editions that protect their file (archive) never silently replace a different existing one:
    without --force the whole build stops before anything is written."""
    from .editions import EDITIONS

    for edition, data in results.items():
        path = opts.out_dir / f"{slug}-{edition}.pdf"
        spec = EDITIONS.get(edition)         # (imposed files, e.g. print-saddle, are not protected)
        if spec is not None and spec.protect_existing and path.is_file() and not opts.force \
                and path.read_bytes() != data:
            diags.error("write.archive-differs", f"{path} exists and differs from this build; "
                        "an archive is never replaced silently", None,
                        "rebuild with --force to replace it, or choose another --out folder; "
                        f"`brochure verify {path}` tells whether the old file still rebuilds",
                        edition=edition)
