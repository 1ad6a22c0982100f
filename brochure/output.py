"""WRITE, the end of a build (build.py): the preflight report, the guard that keeps an archive from
being replaced silently, and the error for files that could not be written (cache.write_together
writes them all or nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostics
from .errors import BrochureError

if TYPE_CHECKING:
    from .build import EditionResult, Options


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
