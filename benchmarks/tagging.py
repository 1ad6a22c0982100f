"""What tagging costs: one warm email (or archive) build of the example with and without tagging,
side by side in one process, alternating, median of N rounds each (wall and CPU time: on a machine
shared with other work the CPU time is the steadier figure); and the bytes it adds.

    .venv/bin/python benchmarks/tagging.py [--runs N] [--edition email] [--lang en] [--layout trifold]

A round is RENDER + MAKEUP + FINISH + PREFLIGHT of one edition (what `build --edition email` does after
validation and with warm caches); "untagged" is the same edition with `tagged: false, pdfua: false`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brochure.build import Options, edition_settings, load, render_edition, warm_assets  # noqa: E402
from brochure.diagnostics import Diagnostics  # noqa: E402
from brochure.preflight import Target, run_checks  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--edition", default="email")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--layout", default=None, help="a layout (default: the content's, the A4 booklet)")
    ap.add_argument("--gc-off", action="store_true",
                    help="cyclic garbage collection off during the rounds: in one long process, tagging's extra "
                         "objects can move a full collection into a tagged round (the screen: +29 %% CPU with, "
                         "+12 %% without, in one run)")
    args = ap.parse_args()
    if args.gc_off:
        import gc

        gc.disable()
    p = load(Options(ROOT / "examples" / "tianxin-2020" / "brochure.yaml", args.layout, editions=[args.edition],
                     lang=args.lang))
    warm_assets(p, [args.edition])
    tagged = edition_settings(p, args.edition)
    plain = replace(tagged, tagged=False, pdfua=False)
    times: dict[str, list[float]] = {"tagged": [], "untagged": []}
    cpu: dict[str, list[float]] = {"tagged": [], "untagged": []}
    size: dict[str, int] = {}
    for _ in range(args.runs + 1):           # the first round warms Python's caches and is not counted
        for name, settings in (("untagged", plain), ("tagged", tagged)):
            t0, c0 = time.perf_counter(), time.process_time()
            done = render_edition(p, args.edition, settings)
            data, doc = done.data, done.doc
            sections = tuple(s.title for s in p.content.sections) if p.layout.format.kind != "poster" else None
            target = Target.for_edition(settings, p.layout, sections)     # (as build.run_edition has it)
            run_checks(data, target, doc.trace, Diagnostics())
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
            size[name] = len(data)
    for what, figures in (("wall", times), ("CPU", cpu)):
        a, b = (statistics.median(figures[n][1:]) for n in ("untagged", "tagged"))
        print(f"{args.layout or 'booklet'} {args.edition} {args.lang or ''} {what}: untagged {a:.3f} s, "
              f"tagged {b:.3f} s (median of {args.runs}): {(b - a) / a:+.1%}")
    print(f"bytes: untagged {size['untagged']:,}, tagged {size['tagged']:,}: "
          f"+{size['tagged'] - size['untagged']:,} ({(size['tagged'] - size['untagged']) / size['untagged']:.1%})")


if __name__ == "__main__":
    main()
