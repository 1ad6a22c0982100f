"""`brochure batch`: one personalised copy per recipient, in one run.

LOAD the recipients (bad rows reported, the others go on) -> for each language edition the recipients
need, the shared pages are laid out, finished and preflighted ONCE (`build.run_edition` with an empty
personal page after the cover) and packed into a kit -> one job per recipient on the executor
(`copies.make_copy`: its own pages, its fonts, stamped onto the shared pages) -> WRITE each copy as
it comes back (hash checked), the manifest, optional e-mail drafts, optional sending.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from ..errors import BrochureError
from .copies import CopyResult, Kit, KitBlob, pack
from .executors import Failure, Job, run_jobs
from .language import LanguageChoice, choose_language, language_editions
from .manifest import ManifestRow, write_manifest
from .progress import Progress
from .recipients import Recipient, read_recipients

EDITIONS = ("email", "print")      # an archive names its own inputs; a recipient's row is not one of them
NAME_FIELDS = {"slug", "id", "lang", "edition"}
# Styles a recipient's values may be drawn in: their fonts must have every character of the values.
PAGE_STYLES = ["cover_subtitle", "section_title", "body", "heading", "quote", "list", "table", "table_header"]


@dataclass
class BatchOptions:
    content: Path
    recipients: Path
    edition: str = "email"
    out_dir: Path = Path("out")
    layout: str | None = None
    assets: list[Path] = field(default_factory=list)
    executor: str = "local"
    name: str = "{slug}-{id}-{lang}.pdf"
    only: list[str] = field(default_factory=list)
    fallback_language: str | None = None
    mail: Any = None                # mail.MailSettings: drafts and/or sending
    quiet: bool = False
    progress: bool | None = None    # None: on a terminal only


@dataclass
class BatchResult:
    rows: list[ManifestRow]
    diags: Diagnostics
    manifest: tuple[Path, Path] | None
    seconds: dict[str, float]
    sent: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.rows) and not self.diags.has_errors()


def check_name_template(template: str, diags: Diagnostics) -> None:
    fields = set(re.findall(r"\{([^{}]*)\}", template))
    if not template.endswith(".pdf") or "/" in template or "\\" in template or fields - NAME_FIELDS \
            or "id" not in fields:
        diags.error("batch.name-template", f"bad file name template '{template}'", None,
                    "a file name ending in .pdf with {id} and any of {slug}, {lang}, {edition}; "
                    "e.g. {slug}-{id}-{lang}.pdf")


@dataclass
class Language:
    """What the parent keeps of one language edition: its kit's hash, its content (e-mail templates)
    and what a copy is preflighted against (the first copy of each language is; see `take`)."""
    kit: str
    source: Any
    target: Any
    trace: Any
    checked: bool = False


def base_kit(p: Any, edition: str, diags: Diagnostics) -> tuple[Kit, Any, Any] | None:
    """Lay out, finish and preflight the shared pages of one language edition, once; the kit, and the
    preflight target and layout trace a copy is checked against."""
    from ..build import cjk_dash, edition_settings, run_edition, warm_assets
    from ..layout.geometry import geometry_for
    from ..preflight import Target

    p.personal_page = p.content.personal.page is not None
    warm_assets(p, [edition])
    done = run_edition(p, edition)
    diags.extend(done.diagnostics)
    if not done.data or any(d.severity.value == "error" for d in done.diagnostics):
        return None
    settings = edition_settings(p, edition)
    geometry = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    cover = [pl.box[1] for pl in done.trace.placed if pl.page == 1 and pl.kind == "text"]
    kit = Kit(p.content.meta.language, done.data, done.pages, p.content, p.source, p.layout, settings,
              p.fontset, p.base_dir, geometry, cjk_dash(p), min(cover) if cover else None,
              object_streams=edition != "archive", page_styles=[s for s in PAGE_STYLES if s in p.layout.styles])
    target = Target.for_edition(settings, p.layout, tuple(s.title for s in p.content.sections))
    return kit, target, done.trace


def check_options(opts: BatchOptions) -> Diagnostics:
    diags = Diagnostics()
    if opts.edition not in EDITIONS:
        diags.error("batch.edition", f"batch makes {' or '.join(EDITIONS)} copies, not '{opts.edition}'", None,
                    "personalised copies are for sending (email) or printing (print)")
    check_name_template(opts.name, diags)
    if opts.out_dir.exists() and not opts.out_dir.is_dir():
        diags.error("io.out-not-a-folder", f"--out {opts.out_dir} is a file, not a folder")
    if diags.has_errors():
        raise BrochureError(diags)
    return diags


def select_recipients(opts: BatchOptions, diags: Diagnostics) -> Any:
    """The good rows (`--only`: those named); bad rows reported into `diags`."""
    rows_diags = Diagnostics()
    listed = read_recipients(opts.recipients, rows_diags)
    if opts.only:
        unknown = [i for i in opts.only if i not in {r.id for r in listed.recipients}]
        for rid in unknown:
            diags.error("batch.unknown-recipient", f"no good row with id '{rid}' in {opts.recipients}",
                        Location(str(opts.recipients)), "the problems of the file's rows are listed")
        # A build for some recipients is not held up by the other rows' problems (unless it needs them).
        rows_diags.items = [d for d in rows_diags if unknown or d.location is None or d.location.line <= 1]
        listed.recipients = [r for r in listed.recipients if r.id in opts.only]
    diags.extend(rows_diags)
    return listed


def load_content(opts: BatchOptions, columns: list[str], diags: Diagnostics) -> Any:
    """LOAD + VALIDATE the content in its own language, and its `personal:` templates against the
    recipients' columns. The content is checked on its own (the rows' problems are not the content's)
    and reported with them."""
    from ..build import Options, load
    from .personal import check_templates

    try:
        p = load(Options(opts.content, opts.layout, [opts.edition], opts.out_dir, assets=opts.assets, quiet=True))
    except BrochureError as exc:
        diags.extend(exc.diagnostics)
        raise BrochureError(diags) from None
    diags.extend(p.diags)
    if p.content.personal is None:
        diags.error("personal.missing", "the content has no personal: templates for the recipients",
                    p.source.where(()), "add e.g. personal: {cover: \"Presented to the delegation of {name}\"}")
        raise BrochureError(diags)
    check_templates(p.source, columns, diags)
    if any(d.code.startswith(("personal.", "batch.")) for d in diags.errors):
        raise BrochureError(diags)
    return p


def shared_pages(opts: BatchOptions, p: Any, langs: list[str], diags: Diagnostics
                 ) -> tuple[dict[str, KitBlob], dict[str, Language]]:
    """The shared pages of each language edition wanted, packed; one that cannot be built is reported
    (its recipients fail, the others go on)."""
    from ..build import Options, load

    kits: dict[str, KitBlob] = {}
    languages: dict[str, Language] = {}
    for lang in langs:
        try:
            lp = p if lang == p.content.meta.language else load(
                Options(opts.content, opts.layout, [opts.edition], opts.out_dir, assets=opts.assets, quiet=True,
                        lang=lang))
            made = base_kit(lp, opts.edition, diags)
        except BrochureError as exc:
            diags.extend(exc.diagnostics)
            continue
        if made is not None:
            blob = pack(made[0])
            kits[blob.sha256] = blob
            languages[lang] = Language(blob.sha256, lp.source, made[1], made[2])
    return kits, languages


def run_batch(opts: BatchOptions) -> BatchResult:
    """The whole batch; raises BrochureError when nothing can be made (bad options, content, templates),
    else returns every row's outcome with all diagnostics."""
    from ..build import Options, slug_of

    t0 = time.perf_counter()
    diags = check_options(opts)
    listed = select_recipients(opts, diags)
    recipients = listed.recipients
    p = load_content(opts, listed.columns, diags)
    own = p.content.meta.language
    available = language_editions(opts.content, own)
    fallback = opts.fallback_language or own
    if fallback not in available:
        diags.error("batch.fallback-language", f"--fallback-language {fallback} has no language edition", None,
                    f"available: {', '.join(sorted(available))}")
        raise BrochureError(diags)
    choices = {r.id: choose_language(r.language, available, fallback) for r in recipients}
    slug = slug_of(Options(opts.content), p.content)
    t1 = time.perf_counter()
    kits, languages = shared_pages(opts, p, sorted({c.language for c in choices.values()}), diags)
    t2 = time.perf_counter()

    rows: dict[str, ManifestRow] = {}
    jobs: list[Job] = []
    for r in recipients:
        choice = choices[r.id]
        rows[r.id] = row_for(r, choice)
        if choice.language in languages:
            jobs.append((languages[choice.language].kit, r))
        else:
            rows[r.id].status = "failed"
    opts.out_dir.mkdir(parents=True, exist_ok=True)
    progress = Progress(len(jobs), enabled=False if opts.quiet else opts.progress)
    writing = Writing(opts, slug, {r.id: r for r in recipients}, rows, choices, languages, diags)
    try:
        for outcome in run_jobs(opts.executor, kits, jobs):
            progress.step(take(outcome, writing))
    finally:
        progress.close()
    ordered = [rows[r.id] for r in recipients]
    manifest = write_manifest(opts.out_dir, ordered)
    result = BatchResult(ordered, diags, manifest, {"base": t2 - t1, "copies": time.perf_counter() - t2,
                                                    "total": time.perf_counter() - t0})
    if opts.mail is not None and opts.mail.send:
        from .mail import send_all

        sources = {lang: found.source for lang, found in languages.items()}
        result.sent = send_all(opts.mail, opts.out_dir, ordered, writing.by_id, sources, diags)
    return result


def row_for(r: Recipient, choice: LanguageChoice) -> ManifestRow:
    return ManifestRow(r.id, r.name, choice.requested, choice.language, choice.fallback, status="refused")


@dataclass
class Writing:
    opts: BatchOptions
    slug: str
    by_id: dict[str, Recipient]
    rows: dict[str, ManifestRow]
    choices: dict[str, LanguageChoice]
    languages: dict[str, Language]
    diags: Diagnostics


def take(outcome: CopyResult | Failure, w: Writing) -> bool:
    """WRITE one copy as it arrives (its hash checked first; the first copy of each language preflighted
    in full, as a sample: the shared pages were, and the recipient's pages are the same kind of page
    for every recipient); returns whether it was written."""
    from ..cache import write_atomic
    from ..preflight import run_checks

    if isinstance(outcome, Failure):
        w.rows[outcome.recipient.id].status = "failed"
        w.diags.error("batch.copy-failed", f"the copy for '{outcome.recipient.id}' failed twice: "
                      f"{outcome.message}", outcome.recipient.row, "the other copies were made; run again with "
                      f"--only {outcome.recipient.id} once the cause is fixed")
        return False
    w.diags.extend(outcome.diagnostics)
    row = w.rows[outcome.recipient]
    recipient = w.by_id[row.recipient]
    if not outcome.data:
        row.status = "refused"
        return False
    if hashlib.sha256(outcome.data).hexdigest() != outcome.sha256:
        row.status = "failed"
        w.diags.error("batch.hash-mismatch", f"the copy for '{row.recipient}' arrived damaged (hash differs)",
                      recipient.row, "run the batch again")
        return False
    choice = w.choices[row.recipient]
    language = w.languages[choice.language]
    if not language.checked:
        language.checked = True
        found = Diagnostics()
        run_checks(outcome.data, language.target, language.trace, found)
        w.diags.extend(found)
        if found.has_errors():
            row.status = "failed"
            return False
    opts = w.opts
    name = opts.name.format(slug=w.slug, id=row.recipient, lang=choice.language, edition=opts.edition)
    path = opts.out_dir / name
    write_atomic(path, outcome.data)
    row.file, row.pages, row.size, row.sha256, row.status = name, outcome.pages, len(outcome.data), \
        outcome.sha256, "ok"
    if opts.mail is not None and opts.mail.drafts:
        from .mail import write_draft

        try:
            row.eml = write_draft(opts.mail, path, outcome.data, recipient, language.source, w.diags)
        except (ValueError, OSError) as exc:      # a header the e-mail package refuses, a full disk
            w.diags.error("mail.draft", f"the e-mail draft for '{row.recipient}' could not be written: {exc}",
                          recipient.row, "the PDF was written; check the e-mail templates and the row's values")
    return True
