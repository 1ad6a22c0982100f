"""What `brochure build --watch` costs per rebuild: one process builds once (imports, validators, font
registration: not measured), then builds again N times in the same process, as the watcher does after
every change, with one edit before each rebuild (a word in the first paragraph that has it changes,
so that paragraph is set again while the others are remembered). The content's folder is copied to a
temporary folder first. Prints each rebuild's time and their median ("rebuild median X s"), which
bench.py takes as the scenario's wall time.

    python benchmarks/rebuild.py CONTENT --edition email --out DIR [--times 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
EDIT = ("发展", "建设")   # an edit that needs no new glyph: only its paragraph is set again

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
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / args.content.parent.name
        shutil.copytree(args.content.parent, folder, ignore=shutil.ignore_patterns("out"))
        content = folder / args.content.name
        source = content.read_text(encoding="utf-8")
        opts = Options(content, editions=editions, out_dir=args.out, quiet=True, force=True, watching=True)
        result = build(opts)
        times = []
        for i in range(args.times):
            edited = source if i % 2 else source.replace(EDIT[0], EDIT[1], 1)
            content.write_text(edited, encoding="utf-8")
            t0 = time.perf_counter()
            result = build(opts)
            times.append(time.perf_counter() - t0)
    for edition, path in result.outputs.items():
        print(f"{path}  ({result.pages[edition]} pages)")
    print("rebuilds " + " ".join(f"{t:.3f}" for t in times))
    print(f"rebuild median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
