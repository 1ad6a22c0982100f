"""The one orchestrator: LOAD -> VALIDATE -> RESOLVE -> RENDER -> MAKEUP -> FINISH -> PREFLIGHT -> WRITE.

Only this module calls across stages. Each stage takes the previous stage's value and returns its own,
with what it found as diagnostics; none changes a value it was given:
  load            LOAD + VALIDATE + RESOLVE  -> Prepared     content, layout, fonts (fonts/plan.py)
  edition_settings  RESOLVE, per edition     -> Settings     (editions/resolve.py)
  warm_assets     RESOLVE: fonts converted and registered, pictures processed (the caches)
  lay_out         RENDER + MAKEUP            -> LaidOut      unfinished PDF, doc and trace, missed glyphs
  render_edition  the missed-glyph loop around lay_out, then FINISH -> Rendered (PDF bytes, fonts used)
  run_edition     ... + PREFLIGHT            -> EditionResult (bytes, pages, trace, diagnostics)
  build           every edition, then WRITE  -> Result       (report, files; raises BrochureError)
The build stops after validation if anything is wrong, and never replaces a good PDF with a broken one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import limits
from .diagnostics import Diagnostics, Location
from .docinfo import pdf_meta, slug_of
from .errors import BrochureError

if TYPE_CHECKING:
    from .fonts.registry import FontSet
    from .model.content import Content
    from .model.layout import Layout
    from .model.source import Source

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
    """LOAD + VALIDATE + RESOLVE: the validated content and layout with their sources (for locations),
    a bilingual edition's translation, and the document's fonts; `diags`: what was found on the way
    (warnings: errors stop the build). The stages after it take it as it is and never change it."""
    content: Content
    source: Source
    layout: Layout
    layout_source: Source
    base_dir: Path
    diags: Diagnostics
    fontset: FontSet | None = None    # None: loaded without fonts (`brochure check`)
    content_path: Path | None = None
    layout_path: Path | None = None
    partner: tuple[Content, Layout, Source] | None = None   # bilingual: the translation beside it
    progress: Any = None              # prints a progress line (None when quiet)
    translations: list[Path] = field(default_factory=list)   # translation files read (archive sources)
    personal_page: bool = False       # an empty page after the cover for a recipient's own (batch/)

    @property
    def fonts(self) -> FontSet:
        if self.fontset is None:
            raise RuntimeError("the document was loaded without fonts (load(..., with_fonts=False))")
        return self.fontset


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
    """LOAD + VALIDATE, and RESOLVE's document-wide part (fonts; each edition's settings checked): the
    `Prepared` document, or BrochureError with every problem found."""
    from .charts.validate import check_charts
    from .editions.resolve import check_editions
    from .fonts.plan import resolve_fonts
    from .formats import check_bilingual
    from .model.assets import check_assets
    from .model.base import validate_source
    from .model.bounds import check_content_limits, check_layout_limits
    from .model.content import Content, iter_text
    from .model.layouts import load_layout
    from .model.text import check_characters
    from .model.textcheck import check_punctuation
    from .model.translation import load_language
    from .text.lang import check_spans
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
    if opts.watching:         # `build --watch` watches exactly these (`brochure check` loads no PDF library)
        from .editions.sources import read_inputs

        opts.inputs.update(read_inputs(content, layout_ref, loaded, content_path.parent))
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
    check_spans(texts, source, diags)
    check_punctuation(texts, source, diags, normalised=loaded.layout.text.normalize_punctuation,
                      language=content.meta.language)
    pair: tuple[Content, Layout, Source] | None = None
    if partner is not None:              # bilingual: the translation, set in its language's layout
        assert partner_source is not None
        partner_texts = iter_text(partner)
        check_content_limits(partner, partner_texts, partner_source, diags)
        check_characters(partner_texts, partner_source, diags)
        check_links(partner_texts, partner, partner_source, diags)
        check_spans(partner_texts, partner_source, diags)
        texts += partner_texts
        from_partner = bool(partner.layout and not opts.layout)
        twin = load_layout(opts.layout or partner.layout or DEFAULT_LAYOUT, diags, content_path.parent, None,
                           partner.meta.language, [content_path.parent, *opts.assets] if from_partner else None)
        pair = (partner, twin.layout, partner_source) if twin and partner_source else None
    check_editions(content, source, loaded.layout, loaded.source, base_dir, diags, opts.editions)
    fontset = resolve_fonts(loaded.layout, loaded.source, (pair[1], pair[0].meta.language) if pair else None,
                            base_dir, source, texts, diags) if with_fonts else None
    if diags.has_errors():
        raise BrochureError(diags)
    return Prepared(content, source, loaded.layout, loaded.source, base_dir, diags, fontset,
                    content_path=content_path.resolve(), layout_path=loaded.path, partner=pair,
                    translations=edition_of.translations)


# -- RESOLVE: fonts and edition settings (fonts/plan.py, editions/resolve.py) ------------------------
def edition_settings(p: Prepared, edition: str, diags: Diagnostics | None = None) -> Any:
    """One edition's settings for this document (editions/resolve.py); problems go into `diags`
    (default: the document's own, at load time) and raise BrochureError."""
    from .editions.resolve import edition_settings as settings_of

    return settings_of(edition, p.content, p.source, p.layout, p.layout_source, p.base_dir,
                       p.diags if diags is None else diags)


def font_usage(p: Prepared) -> dict[Any, str]:
    from .fonts.plan import font_usage as usage

    return usage(p.content, p.layout, (p.partner[0], p.partner[1]) if p.partner else None)


def register_fonts(p: Prepared, fontset: FontSet | None = None) -> None:
    """Convert (or take from the cache) and register every font the document needs (`fontset`: the
    document's, or one widened by a layout that missed glyphs): `warm_assets` without pictures."""
    warm_assets(p, [], fontset)


def warm_assets(p: Prepared, editions: list[str], fontset: FontSet | None = None) -> None:
    """Fill the caches before any edition starts: the fonts not converted yet and every edition's
    pictures not processed yet, on one pool (biggest first, both cores busy), here in the parent (the
    forked edition workers may not start pools of their own). Then the fonts (`fontset`, default the
    document's) are registered."""
    from .fonts.plan import cjk_dash
    from .fonts.registry import charsets, conversion_tasks, register_all
    from .images.batch import placements, render_tasks
    from .layout.geometry import geometry_for
    from .warmup import fill

    fontset = fontset or p.fonts
    dash = cjk_dash(p.content.meta.language)
    needed = charsets(fontset, font_usage(p))
    tasks = conversion_tasks(fontset, needed, dash)
    jobs = []
    for edition in editions:
        try:
            settings = edition_settings(p, edition, Diagnostics())
        except BrochureError:
            continue                     # reported at its place when the edition renders
        geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
        jobs += [job for _, job in placements(p.content, p.layout, geometry, settings, p.base_dir,
                                               settings.cmyk_profile)]
    fill(tasks + render_tasks(jobs))
    register_all(fontset, needed, dash)
    if dash:                         # word boundaries of Chinese labels, read once before editions fork
        from .text.words import prepare

        prepare()


# -- RENDER + MAKEUP -> FINISH (one edition) -------------------------------------------------------------
@dataclass
class LaidOut:
    """RENDER + MAKEUP of one edition: the PDF as ReportLab wrote it (not finished yet), its page count,
    the document (its trace: where every block landed; picture placeholders), what this layout
    reported, and the characters it drew in fonts converted without them (`missed`, by converted file:
    the fonts must be converted again with them and the edition laid out once more)."""
    raw: bytes
    pages: int
    doc: Any
    meta: dict[str, str]
    geometry: Any
    diagnostics: Diagnostics
    missed: dict[Any, str]


@dataclass
class Rendered:
    """One edition finished (FINISH): the PDF bytes, its page count and layout document (`doc.trace`),
    and the fonts it was set with (the document's, widened when a layout missed glyphs)."""
    data: bytes
    pages: int
    doc: Any
    fontset: FontSet


def lay_out(p: Prepared, edition: str, settings: Any, fontset: FontSet) -> LaidOut:
    """RENDER + MAKEUP one edition with these fonts (registered already). Raises BrochureError, with
    everything it found, when a block does not fit its frame."""
    from .layout.rlprivate import import_platypus

    import_platypus()                  # (without what ReportLab would load for features not used)
    from reportlab.platypus.doctemplate import LayoutError

    from .fonts.registry import drawn_outside
    from .formats import compose, format_pictures
    from .images.batch import warm_cache
    from .images.pages import page_pictures
    from .layout.document import BrochureDoc, choose_openers
    from .layout.geometry import geometry_for
    from .layout.pagewatch import TooManyPages, page_watch
    from .render.blocks import KIND_NAMES
    from .render.context import RenderContext
    from .render.story import build_story, head_height, section_heads

    diags = Diagnostics()
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    warm_cache(p.content, p.layout, geometry, settings, p.base_dir, settings.cmyk_profile)
    ctx = RenderContext(p.content, p.layout, settings, fontset, p.base_dir, p.source, diags,
                        geometry, personal_page=p.personal_page)
    if p.partner:
        ctx.pair_with(*p.partner)
    record: dict[str, int] = {}
    heads = section_heads(ctx, record)
    heights = [head_height(h, geometry.text_width) + 2 for h in heads]
    meta = pdf_meta(p.content, edition, p.content_path)
    booklet = p.layout.format.kind == "booklet"            # other formats: formats/ (leaflet, poster, screen)

    def attempt(chosen: list[float]) -> tuple[Any, bytes, BaseException | None]:
        """The edition laid out for real with these opener heights: its document, the file ReportLab
        wrote, and the layout's failure (None when it fitted)."""
        story, doc_type = (build_story(ctx, heads), BrochureDoc) if booklet else compose(ctx)
        # ReportLab writes the file once into a temporary file, read back once (not a growing buffer).
        with tempfile.TemporaryFile() as buf:
            doc = doc_type(buf, ctx, geometry, heights, meta, chosen,
                           page_pictures(ctx, chosen) if booklet else format_pictures(ctx))
            doc.pages_of = record
            doc.on_page_end = page_watch(edition, p.progress)
            try:
                doc.build(story)
            except (TooManyPages, LayoutError) as exc:
                return doc, b"", exc.with_traceback(None)
            buf.seek(0)
            return doc, buf.read(), None

    # The makeup's first trial is laid out for real (`first`): when its opener height wins, as it
    # mostly does, it is the edition's layout, not laid out a second time. When it loses, what it
    # reported is dropped and the edition is laid out again at the height chosen.
    tried: dict[float, tuple[Any, bytes, BaseException | None, float]] = {}
    mark = len(diags.items)

    def first(h: float) -> Any:
        start = time.perf_counter()
        doc, raw, failed = attempt([h] * len(heads))
        tried[h] = (doc, raw, failed, time.perf_counter() - start)
        return None if failed else doc.trace

    chosen, makeup_seconds = choose_openers(ctx, geometry, heights, meta,   # trial layouts (layout/makeup.py)
                                            lambda c: build_story(c, section_heads(c, {})),
                                            page_watch(f"{edition}, trial layout", p.progress), first
                                            ) if booklet else ([], 0.0)
    if chosen and chosen[0] in tried:
        doc, raw, failed, seconds = tried[chosen[0]]
        makeup_seconds -= seconds
    else:
        if tried:                        # the first trial lost: a layout of its own, reported afresh
            del diags.items[mark:]
            record.clear()
            heads = section_heads(ctx, record)
        doc, raw, failed = attempt(chosen)
    doc.makeup_seconds = makeup_seconds
    if isinstance(failed, TooManyPages):
        diags.error("limit.pages", f"the {edition} edition runs past {limits.PAGES:,} pages", failed.where,
                    "split the brochure into volumes",
                    "the limits and their reasons are listed in README (Limits)", edition=edition)
        raise BrochureError(diags) from None
    if failed is not None:
        culprit = doc.last_flowable
        where: Location | None = getattr(culprit, "where", None)
        kind = getattr(culprit, "kind", None)
        what = KIND_NAMES.get(kind or "", kind or "an element of the page template")
        diags.error("layout.too-large", f"{what} does not fit in its frame on page {doc.page}",
                    where or p.source.where(("sections", doc.current_section, "title"))
                    if doc.current_section is not None else where,
                    "shorten it, or make the image, table or chart smaller, or split it",
                    edition=edition, page=doc.page)
        raise BrochureError(diags) from None
    # the characters the text engine set in a font converted without them (TextStyle.outside)
    return LaidOut(raw, doc.page, doc, meta, geometry, diags, drawn_outside(fontset, ctx.outside))


def widened(fontset: FontSet, missed: Mapping[Any, Iterable[str]]) -> FontSet:
    """The fonts with the characters a layout missed added to their converted files (a new value)."""
    extra = {key: set(chars) for key, chars in fontset.extra.items()}
    for key, chars in missed.items():
        extra.setdefault(key, set()).update(chars)
    return replace(fontset, extra=extra)


def finish(p: Prepared, edition: str, settings: Any, laid: LaidOut, fontset: FontSet, diags: Diagnostics
           ) -> bytes:
    """FINISH: the edition's finisher turns the laid-out file into the edition's PDF."""
    from .editions import FINISHERS, FinishInput
    from .editions.sources import sources_of_build
    from .images.embed import PictureMissing
    from .tagging.write import tag_input

    g = laid.geometry
    job = FinishInput((g.offset, g.offset, g.offset + g.trim_w, g.offset + g.trim_h), g.bleed,
                      settings.crop_marks and settings.bleed,
                      Path(settings.output_profile) if settings.output_profile else None,
                      sources_of_build(replace(p, fontset=fontset), laid.meta, settings)
                      if settings.attach_sources else [], laid.doc.placeholders,
                      tag_input(p.content, p.partner and p.partner[0], p.base_dir, laid.doc.tagger.marks,
                                p.layout.format, laid.doc.tagger.links)
                      if laid.doc.tagger.enabled else None)
    try:
        return FINISHERS[edition](laid.raw, laid.meta, settings, job)
    except PictureMissing as exc:
        diags.error("image.vanished", f"a processed picture went missing while the edition was being "
                    f"made: {exc}", None, "build again (another build may have cleared the cache)",
                    edition=edition)
        raise BrochureError(diags) from None


def render_edition(p: Prepared, edition: str, settings: Any = None, diags: Diagnostics | None = None
                   ) -> Rendered:
    """RENDER + MAKEUP, then FINISH, for one edition (`settings` resolved here when not given; what it
    reports goes into `diags`, default the document's). When a layout drew characters a font was not
    converted with (the census in render/census.py missed them), the fonts are converted again with
    them and the edition laid out once more; only that last layout is reported and finished.
    Problems found while drawing (a picture too small, a cover title too long) do not stop here: the
    file is finished and preflighted too, so one run reports everything; build() then writes nothing."""
    diags = p.diags if diags is None else diags
    settings = settings or edition_settings(p, edition, diags)
    fontset = p.fonts
    for attempt in range(2):
        try:
            laid = lay_out(p, edition, settings, fontset)
        except BrochureError as exc:
            diags.extend(exc.diagnostics)
            raise BrochureError(diags) from None
        if not laid.missed or attempt:
            break
        fontset = widened(fontset, laid.missed)
        register_fonts(p, fontset)
    diags.extend(laid.diagnostics)
    data = finish(p, edition, settings, laid, fontset, diags)
    return Rendered(data, laid.pages, laid.doc, fontset)


# -- PREFLIGHT, every edition ----------------------------------------------------------------------------
@dataclass
class EditionResult:
    """One edition rendered and preflighted (in this process or a forked worker), with everything it
    reported; `missed`: the characters its layout added to the fonts (see render_edition)."""
    edition: str
    data: bytes
    pages: int
    seconds: float
    diagnostics: list[Any]
    trace: Any
    missed: dict[Any, set[str]] = field(default_factory=dict)


def run_edition(p: Prepared, edition: str) -> EditionResult:
    """RENDER … FINISH, then PREFLIGHT on the finished bytes with the layout trace. Everything this
    edition reports (while rendering and in preflight) is returned with it; an edition that could not be
    rendered comes back without bytes."""
    from .preflight import Target, run_checks

    t0 = time.perf_counter()
    own = Diagnostics()
    try:
        settings = edition_settings(p, edition, own)
        target = Target.for_edition(settings, p.layout, tuple(s.title for s in p.content.sections)
                                    if p.layout.format.kind != "poster" else None)   # a poster has no bookmarks
        done = render_edition(p, edition, settings, own)
    except BrochureError:
        return EditionResult(edition, b"", 0, time.perf_counter() - t0, list(own), None)
    run_checks(done.data, target, done.doc.trace, own)
    return EditionResult(edition, done.data, done.pages, time.perf_counter() - t0, list(own), done.doc.trace,
                         done.fontset.extra)


def preshape(p: Prepared, edition: str) -> None:
    """Set the paragraphs of one edition here, before the edition workers fork, in a watching process:
    it keeps the shaped paragraphs (text/shape.shape_once) from one rebuild to the next, so only the
    edited ones are set again, and the workers inherit them instead of each setting them again. What
    it finds is not reported: the workers report it, each for its edition."""
    from .layout.geometry import geometry_for
    from .render.context import RenderContext
    from .render.story import build_story, section_heads

    try:
        settings = edition_settings(p, edition, Diagnostics())
    except BrochureError:
        return
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    ctx = RenderContext(p.content, p.layout, settings, p.fonts, p.base_dir, p.source, Diagnostics(), geometry)
    build_story(ctx, section_heads(ctx, {}))


def _edition_worker(edition: str) -> EditionResult:
    """Runs in a forked process: the prepared input and registered fonts are inherited."""
    assert _FORKED is not None
    return run_edition(_FORKED, edition)


_FORKED: Prepared | None = None


def run_editions(p: Prepared, editions: list[str], watching: bool = False) -> list[EditionResult]:
    """Editions are independent: with more than one and more than one core, each runs in a forked
    worker (fonts and validated input inherited, no re-validation), results in edition order. In one
    process, the characters an edition's layout added to the fonts carry over to the next."""
    global _FORKED
    from .editions import FINISHERS

    for edition in editions:
        FINISHERS[edition]      # imported here, once, before the workers fork
    # One worker more than cores: the editions differ in length, and the OS shares two cores among
    # three editions better than a pool of two does (print alone, then email and archive one after the
    # other): about 8 % off `--edition all` on two cores.
    cores = os.cpu_count() or 1
    workers = min(len(editions), cores + 1) if cores > 1 else 1
    import multiprocessing

    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        done: list[EditionResult] = []
        for edition in editions:
            done.append(run_edition(p, edition))
            p = replace(p, fontset=widened(p.fonts, done[-1].missed))
        return done
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


# -- the build: every stage, then WRITE ---------------------------------------------------------------
def build(opts: Options) -> Result:
    from .cache import write_together
    from .editions import known
    from .formats import check_impose, editions_for, impose, pdf_pages
    from .output import check_protected, make_report, write_failed
    from .tempfiles import stop_if_terminated, sweep

    t0 = time.perf_counter()
    sweep()                     # temporary folders of builds that were killed
    diags = Diagnostics()
    p = replace(load(opts, diags), progress=None if opts.quiet else (lambda message: progress(opts, message)))
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


def frame_fill(p: Prepared, edition: str = "email") -> list[str]:
    """`brochure check --fill` (and `check` of a leaflet or poster): lay the brochure out once, report
    what the layout finds into the document's diagnostics (what does not fit) and list, page by page,
    how full each frame is (preflight/layoutchecks.py)."""
    from .preflight.layoutchecks import frame_fill_lines

    register_fonts(p)
    trace = render_edition(p, edition, diags=p.diags).doc.trace
    return frame_fill_lines(trace, p.layout.preflight.sparse_page, [s.title for s in p.content.sections],
                            lambda i: p.source.where(("sections", i, "title")))
