"""What `brochure build --watch` costs per rebuild: one process builds once (imports, validators, font
registration: not measured), then builds again N times in the same process, as the watcher does after
every change. Prints each rebuild's time and their median ("rebuild median X s"), which bench.py takes
as the scenario's wall time.

    python benchmarks/rebuild.py CONTENT --edition email --out DIR [--times 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brochure.build import Options, build  # noqa: E402
from brochure.editions import known  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", type=Path)
    ap.add_argument("--edition", default="email")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--times", type=int, default=3)
    args = ap.parse_args()
    editions = known() if args.edition == "all" else args.edition.split(",")
    opts = Options(args.content, editions=editions, out_dir=args.out, quiet=True, force=True)
    result = build(opts)
    times = []
    for _ in range(args.times):
        t0 = time.perf_counter()
        result = build(opts)
        times.append(time.perf_counter() - t0)
    for edition, path in result.outputs.items():
        print(f"{path}  ({result.pages[edition]} pages)")
    print("rebuilds " + " ".join(f"{t:.3f}" for t in times))
    print(f"rebuild median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
