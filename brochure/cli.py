"""Command line: argument parsing and printing only; the work is done by build.py and friends.

Exit codes: 0 success (warnings printed), 1 invalid input or a failed build, 2 usage error, 3 internal
error (a bug: a short message on stderr, the traceback in a log file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .build import Options
    from .diagnostics import Diagnostic, Diagnostics
    from .watch import Snapshot

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="brochure", description="YAML content + YAML layout -> brochure PDFs")
    p.add_argument("--version", action="version", version=f"brochure {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build PDF editions of a brochure")
    b.add_argument("content", type=Path, help="the content YAML file")
    b.add_argument("--layout", help="layout name (see `brochure layouts`) or path to a layout YAML")
    b.add_argument("--edition", default="all", help="edition name(s), comma-separated, or 'all'")
    b.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    b.add_argument("--lang", help="language edition: a tag (en, zh-CN), two joined by '+' for a bilingual "
                                  "edition (zh-CN+en), comma-separated, or 'all'; writes "
                                  "<slug>-<lang>-<edition>.pdf")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--assets", type=Path, action="append", default=[],
                   help="another folder assets may come from (repeatable)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    b.add_argument("--force", action="store_true",
                   help="replace an existing archive edition even when the new file differs")
    b.add_argument("--impose", default="", metavar="KIND[,KIND]",
                   help="also write imposed files: saddle (printer spreads from the print edition, "
                        "<slug>-print-saddle.pdf), reader (facing pages from the email edition)")
    b.add_argument("--watch", action="store_true",
                   help="build, then rebuild whenever the content, its pictures or the layout change "
                        "(Ctrl-C stops)")

    bt = sub.add_parser("batch", help="one personalised copy per recipient (cover line, own page, language)")
    bt.add_argument("content", type=Path, help="the content YAML file (with personal: templates)")
    bt.add_argument("recipients", type=Path, help="recipients .csv or .yaml: id, name, language, other fields")
    bt.add_argument("--edition", default="email", help="email (default) or print")
    bt.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    bt.add_argument("--layout", help="layout name or path")
    bt.add_argument("--assets", type=Path, action="append", default=[])
    bt.add_argument("--executor", default="local",
                    help="local (process pool, default), local:N (N workers) or dask://HOST:PORT")
    bt.add_argument("--name", default="{slug}-{id}-{lang}.pdf", help="file name template")
    bt.add_argument("--only", action="append", default=[], metavar="ID",
                    help="only this recipient (repeatable): what a single build for them writes")
    bt.add_argument("--fallback-language", help="language edition for recipients whose language has none "
                                                "(default: the content's own)")
    bt.add_argument("--eml", action="store_true", help="also write an e-mail draft (.eml) per copy")
    bt.add_argument("--send", action="store_true", help="send the copies by e-mail (a dry run without --confirm)")
    bt.add_argument("--confirm", action="store_true", help="with --send: really send")
    bt.add_argument("--mail-from", default="", help="From: address of drafts and sent mail")
    bt.add_argument("--email-column", default="email", help="column with the address (default: email)")
    bt.add_argument("--smtp", default="localhost:25", help="SMTP server HOST:PORT (password in "
                                                          "$BROCHURE_SMTP_PASSWORD)")
    bt.add_argument("--smtp-user", default="")
    bt.add_argument("--starttls", action="store_true")
    bt.add_argument("--ssl", action="store_true")
    bt.add_argument("-q", "--quiet", action="store_true", help="no progress")

    v = sub.add_parser("verify", help="rebuild an archive PDF from its attached sources; exit 0 if the "
                                      "bytes match, 1 if not")
    v.add_argument("pdf", type=Path, help="an archive edition PDF")
    v.add_argument("--keep", type=Path, help="keep the extracted sources and the rebuilt PDF here")

    c = sub.add_parser("check", help="load and validate only; print diagnostics")
    c.add_argument("content", type=Path)
    c.add_argument("--layout")
    c.add_argument("--strict", action="store_true")
    c.add_argument("--lang", help="also check these language editions (as for build), or 'all'")
    c.add_argument("--assets", type=Path, action="append", default=[])
    c.add_argument("--fill", action="store_true",
                   help="also lay the brochure out and report how full every page's frames are")

    pf = sub.add_parser("preflight", help="run the PDF checks on any PDF file (exit 1 on errors)")
    pf.add_argument("pdf", type=Path, help="a PDF file (ours or made elsewhere)")
    pf.add_argument("--edition", default="print", help="hold it to this edition's rules (print, email, archive)")
    pf.add_argument("--layout", default="a4-booklet",
                    help="layout whose bleed, binding and preflight limits apply (default a4-booklet)")
    pf.add_argument("--strict", action="store_true", help="warnings fail too")
    pf.add_argument("--json", type=Path, help="also write the report as JSON here")

    s = sub.add_parser("schema", help="print the JSON Schema of content or layout files")
    s.add_argument("kind", nargs="?", choices=["content", "layout"], default="content")

    sub.add_parser("layouts", help="list shipped layouts")

    f = sub.add_parser("fonts", help="show which font file each family of a layout resolves to")
    f.add_argument("--layout", default="a4-booklet")

    ca = sub.add_parser("cache", help="show the cache folder's size; prune or empty it")
    what = ca.add_mutually_exclusive_group()
    what.add_argument("--prune", type=float, metavar="DAYS",
                      help="remove entries not used for DAYS days (builds do this for 90 days, daily)")
    what.add_argument("--clear", action="store_true", help="remove every entry (the next build is a cold one)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .tempfiles import exit_on_signals

    exit_on_signals()           # SIGTERM/SIGHUP unwind like Ctrl-C: temporary files are removed
    handler = {"build": cmd_build, "check": cmd_check, "schema": cmd_schema, "layouts": cmd_layouts,
               "fonts": cmd_fonts, "verify": cmd_verify, "batch": cmd_batch,
               "preflight": cmd_preflight, "cache": cmd_cache}[args.command]
    try:
        code = handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:   # noqa: BLE001 - a bug: a short message, the traceback in a log file
        return _internal_error(exc, argv)
    from . import tempfiles

    return 128 + tempfiles.TERMINATED if tempfiles.TERMINATED else code


def run() -> NoReturn:
    """The `brochure` command (and `python -m brochure`): `main`, then the end of the process. What the
    run built stays in memory until the interpreter tears it down, and the collector would walk all of
    it again on the way out (a tenth of a warm build's CPU time); frozen, it is only freed. `main`
    itself leaves the collector alone: the tests call it in a process that goes on."""
    import gc

    code = main()
    gc.freeze()
    sys.exit(code)


def _internal_error(exc: BaseException, argv: list[str] | None) -> int:
    """Unforeseen exceptions are bugs, not input errors: say so in two lines and keep the traceback
    (with the command line and versions) in a log file under the cache folder."""
    import os
    import time
    import traceback

    from .cache import cache_dir

    text = (f"brochure {__version__}, Python {sys.version.split()[0]}\n"
            f"command: brochure {' '.join(argv if argv is not None else sys.argv[1:])}\n\n"
            + "".join(traceback.format_exception(exc)))
    try:
        log = cache_dir("logs") / f"internal-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text(text, encoding="utf-8")
        where = f"the traceback is in {log}"
    except OSError:
        where = "the traceback could not be saved:\n" + text
    print(f"brochure: internal error: {type(exc).__name__}: {str(exc)[:200]}\n"
          f"  this is a bug in brochure, not in your files; {where}\n"
          "  please report it with that file", file=sys.stderr)
    return EXIT_INTERNAL


def _print_diags(diags: Diagnostics, strict: bool = False) -> None:
    """Each problem once: the same finding in several editions is printed with the editions listed."""
    editions: dict[tuple[object, ...], list[str]] = {}
    first: dict[tuple[object, ...], Diagnostic] = {}
    for d in diags.sorted():
        key = (d.severity, d.code, d.message, d.location, d.page, d.hints)
        first.setdefault(key, d)
        if d.edition:
            editions.setdefault(key, []).append(d.edition)
    for once, d in first.items():
        names = editions.get(once, [])
        if len(names) > 1:
            from dataclasses import replace

            d = replace(d, edition=", ".join(names))
        print(d.format(), file=sys.stderr)
    if len(diags):
        e, w = len(diags.errors), len(diags.warnings)
        print(f"{e} error(s), {w} warning(s)" + (" (--strict: warnings fail)" if strict and w else ""),
              file=sys.stderr)


def _print_summary(report: Any) -> None:
    if report is not None:
        print("\n".join(report.summary_lines()), file=sys.stderr)


def _editions(value: str) -> list[str]:
    from .editions import known

    if value == "all":
        return known()
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in known()]
    if unknown or not names:
        print(f"brochure: error: unknown edition {', '.join(unknown) or repr(value)}; "
              f"choose from {', '.join(known())} or 'all'", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    return names


def cmd_build(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .build import Options
    from .model.translation import languages_for

    opts = Options(args.content, args.layout, _editions(args.edition), args.out, args.strict, args.assets,
                   args.quiet, args.force, impose=[k.strip() for k in args.impose.split(",") if k.strip()])
    langs: list[str | None] = list(languages_for(args.content, args.lang)) if args.lang else [None]
    if args.watch and len(langs) > 1:
        print("brochure: error: --watch builds one language; give --lang one tag", file=sys.stderr)
        return EXIT_USAGE
    opts = replace(opts, lang=langs[0], watching=args.watch)
    code = EXIT_OK
    for lang in langs:
        code = max(code, _build_once(replace(opts, lang=lang), args.strict))
    if not args.watch:
        return code
    return _watch(opts, args)


def _build_once(opts: Options, strict: bool) -> int:
    from .build import build
    from .errors import BrochureError

    try:
        result = build(opts)
    except BrochureError as exc:
        _print_diags(exc.diagnostics, strict)
        _print_summary(exc.report)
        written = [str(w) for w in exc.written]
        print("build failed; " + (f"written all the same: {', '.join(written)}" if written
                                  else "no PDF was written"), file=sys.stderr)
        return EXIT_INVALID
    _print_diags(result.diags, strict)
    _print_summary(result.report)
    for edition, path in result.outputs.items():
        print(f"{path}  ({result.pages[edition]} pages)")
    _prune_cache()
    return EXIT_OK


def _prune_cache() -> None:
    from .cache import KEEP_DAYS, prune_now_and_then

    pruned = prune_now_and_then()
    if pruned and pruned[0]:
        print(f"cache: removed {pruned[0]} entries unused for {KEEP_DAYS:g} days ({_size(pruned[1])})",
              file=sys.stderr)


def _watch(opts: Options, args: argparse.Namespace) -> int:
    """Rebuild on every change until Ctrl-C (exit 0)."""
    import time

    from .watch import snapshot_files, wait_for_change

    def take() -> Snapshot:
        return snapshot_files(opts.inputs)

    last = take()
    print(f"watching {len(opts.inputs)} files the build reads (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        while True:
            last, changed = wait_for_change(take, last)
            shown = ", ".join(p.name for p in changed[:3]) + (" …" if len(changed) > 3 else "")
            print(f"changed: {shown}; rebuilding", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            opts.inputs.clear()
            try:
                code = _build_once(opts, args.strict)
            except Exception as exc:   # noqa: BLE001 - a bug: reported with its log file; watching goes on
                code = _internal_error(exc, None)
            # Files the build reads now and did not before start from their current state; the others
            # keep the state they had before the build, so an edit made during it is not missed.
            last = {path: last.get(path, state) for path, state in take().items()}
            print(f"{'rebuilt' if code == EXIT_OK else 'failed'} in {time.perf_counter() - t0:.2f}s; watching",
                  file=sys.stderr, flush=True)
            sys.stdout.flush()
    except KeyboardInterrupt:
        return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch.executors import parse_executor
    from .batch.mail import MailSettings
    from .batch.run import BatchOptions, run_batch
    from .errors import BrochureError

    host, _, port = args.smtp.rpartition(":")
    try:
        parse_executor(args.executor)
        smtp_port = int(port)
    except ValueError as exc:
        print(f"brochure: error: {exc if 'executor' in str(exc) else f'--smtp {args.smtp}: give HOST:PORT'}",
              file=sys.stderr)
        return EXIT_USAGE
    mail = None
    if args.eml or args.send:
        mail = MailSettings(args.eml, args.send, args.confirm, args.mail_from, args.email_column, host or "localhost",
                            smtp_port, args.smtp_user, args.starttls, args.ssl)
    opts = BatchOptions(args.content, args.recipients, args.edition, args.out, args.layout, args.assets,
                        args.executor, args.name, args.only, args.fallback_language, mail, args.quiet)
    try:
        result = run_batch(opts)
    except BrochureError as exc:
        _print_diags(exc.diagnostics)
        print("batch failed; no copy was written", file=sys.stderr)
        return EXIT_INVALID
    _print_diags(result.diags)
    _prune_cache()
    made = [r for r in result.rows if r.status == "ok"]
    fallback = sum(1 for r in made if r.fallback)
    print(f"{len(made)} of {len(result.rows)} copies written to {args.out} "
          f"({fallback} in the fallback language; {result.seconds['total']:.1f}s); manifest: "
          f"{result.manifest[0] if result.manifest else '-'}", file=sys.stderr)
    if args.send:
        print(f"{'sent' if args.confirm else 'would send'}: {len(result.sent)} message(s)", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify

    report = verify(args.pdf, keep=args.keep)
    for line in report.lines:
        print(line, file=sys.stderr if not report.ok else sys.stdout)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_check(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .build import Options
    from .model.translation import languages_for

    opts = Options(args.content, args.layout, strict=args.strict, assets=args.assets)
    langs: list[str | None] = list(languages_for(args.content, args.lang)) if args.lang else [None]
    code = EXIT_OK
    for lang in langs:
        code = max(code, _check_once(replace(opts, lang=lang), args))
    return code


def _check_once(opts: Options, args: argparse.Namespace) -> int:
    from .build import load
    from .editions.resolve import check_unplaced
    from .errors import BrochureError

    try:
        prepared = load(opts)
    except BrochureError as exc:
        _print_diags(exc.diagnostics, args.strict)
        return EXIT_INVALID
    p = prepared     # what only a layout places exactly, judged where it can go (a leaflet's section pictures)
    check_unplaced(p.content, p.source, p.layout, p.layout_source, p.base_dir, p.diags)
    # the model-only path (no ReportLab) for every format; what does not fit a leaflet's or poster's fixed
    # space is a layout finding like a block too large for its frame: `--fill` lays out and reports it
    if args.fill:
        from .build import frame_fill

        try:
            lines = frame_fill(prepared)
        except BrochureError as exc:
            _print_diags(exc.diagnostics, args.strict)
            return EXIT_INVALID
        if args.fill:
            print("\n".join(lines))
    _print_diags(prepared.diags, args.strict)
    if prepared.diags.has_errors(strict=args.strict):
        return EXIT_INVALID
    what = f" --lang {opts.lang}" if opts.lang else ""
    print(f"{args.content}{what}: ok ({len(prepared.content.sections)} sections)")
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace) -> int:
    from .cache import write_atomic
    from .editions import known
    from .preflight.standalone import preflight_file

    if args.edition not in known():
        print(f"brochure: error: unknown edition {args.edition!r}; choose from {', '.join(known())}",
              file=sys.stderr)
        return EXIT_USAGE
    diags, report = preflight_file(args.pdf, args.edition, args.layout, args.strict)
    _print_diags(diags, args.strict)
    if report is None:
        return EXIT_INVALID
    if args.json:
        write_atomic(args.json, report.to_json().encode())
        report.path = args.json
    _print_summary(report)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_schema(args: argparse.Namespace) -> int:
    from .model.content import Content
    from .model.layout import Layout

    model = Content if args.kind == "content" else Layout
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"brochure {args.kind} file"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_layouts(args: argparse.Namespace) -> int:
    """Every shipped layout with its format and one-line description; each is loaded and validated
    (geometry included), so a broken shipped layout shows here with its errors."""
    from .diagnostics import Diagnostics
    from .model.layouts import load_layout, shipped_layouts

    diags = Diagnostics()
    for name in shipped_layouts():
        loaded = load_layout(name, diags)
        if loaded is None:
            print(f"{name:<16} (invalid: see below)")
            continue
        layout = loaded.layout
        w, h = layout.page.trim_pt()
        size = f"{w * 25.4 / 72:.0f}x{h * 25.4 / 72:.0f}mm"
        print(f"{name:<16} {layout.format.kind:<8} {size:<12} {layout.description}")
    _print_diags(diags)
    return EXIT_INVALID if diags.has_errors() else EXIT_OK


def cmd_fonts(args: argparse.Namespace) -> int:
    from .diagnostics import Diagnostics
    from .fonts.catalog import Catalog
    from .fonts.plan import font_requests
    from .fonts.registry import resolve
    from .model.layouts import load_layout

    diags = Diagnostics()
    loaded = load_layout(args.layout, diags)
    if loaded is None:
        _print_diags(diags)
        return EXIT_INVALID
    catalog = Catalog()
    fontset, missing = resolve(catalog, font_requests(loaded.layout), loaded.layout.fonts.fallback)
    for font in fontset.all():
        face = font.face
        where = face.path + (f"#{face.index}" if face.index >= 0 else "")
        kind = "variable" if face.weight_range else "static"
        print(f"{font.request.role:<9} {font.request.family} {font.request.weight:<4} -> {where} ({kind})")
    for family in missing:
        print(f"missing   {family}", file=sys.stderr)
    print(f"searched: {', '.join(str(s) for s in catalog.sources)}")
    return EXIT_INVALID if missing else EXIT_OK


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


def cmd_cache(args: argparse.Namespace) -> int:
    from .cache import cache_root, prune, usage

    if args.prune is not None and args.prune < 0:
        print("brochure: error: --prune takes a number of days, 0 or more", file=sys.stderr)
        return EXIT_USAGE
    if args.prune is not None or args.clear:
        removed, freed = prune(0.0 if args.clear else args.prune)
        print(f"removed {removed} entries ({_size(freed)})")
    folders = usage()
    print(f"cache: {cache_root()}")
    for kind, (count, size) in folders.items():
        print(f"  {kind:<12} {count:>6} entries  {_size(size):>10}")
    total = sum(size for _, size in folders.values())
    print(f"  {'total':<12} {sum(c for c, _ in folders.values()):>6} entries  {_size(total):>10}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
