"""Warm single-edition builds of other checkouts side by side, in one run: is this code slower than that?

    .venv/bin/python benchmarks/compare.py base=/tmp/base . [--edition email] [--runs 7] [--content FILE]

Each checkout (`name=path`, or a path named after its folder) is built with its own `.venv/bin/python`
when it has one (else this interpreter, importing the checkout's `brochure` from its folder) and its own
cache (`$TMPDIR/brochure-compare/<name>`), warmed by one unmeasured build. Then the builds alternate,
the order reversed every round (so neither side always runs on a cooler machine), each a fresh process
as users run it; bytecode is compiled first and allowed (an installed package has its .pyc files).

Printed per checkout: the median wall time, CPU time (user + system: less sensitive than wall time to
other work on a shared machine), its user and system parts, and peak RSS (ru_maxrss), each with its
ratio to the first checkout.
The content is the Tianxin example of each checkout unless `--content` names one (a path relative to
each checkout, or absolute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPILE = ("import compileall, sys, sysconfig\n"
           "for d in (sys.argv[1], sysconfig.get_paths()['purelib']):\n"
           "    compileall.compile_dir(d, quiet=1, workers=0)\n")


@dataclass
class Checkout:
    name: str
    path: Path
    runs: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    # wall s, CPU s, peak MiB, user s, system s

    @property
    def python(self) -> str:
        own = self.path / ".venv" / "bin" / "python"
        return str(own) if own.exists() else sys.executable

    def median(self, k: int) -> float:
        return statistics.median(r[k] for r in self.runs)


def parse(spec: str) -> Checkout:
    name, _, path = spec.rpartition("=")
    folder = Path(path).resolve()
    return Checkout(name or folder.name, folder)


def build_once(c: Checkout, content: str, edition: str, data: Path) -> tuple[float, float, float, float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["BROCHURE_CACHE"] = str(data / "cache" / c.name)
    argv = [c.python, "-m", "brochure", "build", str(c.path / content), "--edition", edition,
            "--out", str(data / "out" / c.name), "-q", "--force"]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=c.path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{c.name}: the build failed:\n{err[-2000:]}")
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, usage.ru_utime, usage.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="+", help="name=path or path; the first is the reference")
    parser.add_argument("--edition", default="email")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--content", default="examples/tianxin-2020/brochure.yaml")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "brochure-compare")
    args = parser.parse_args(argv)
    checkouts = [parse(s) for s in args.checkouts]
    for c in checkouts:
        subprocess.run([c.python, "-c", COMPILE, str(c.path / "brochure")], check=True)
        build_once(c, args.content, args.edition, args.data)          # fills its cache
    for n in range(args.runs):
        for c in checkouts if n % 2 == 0 else checkouts[::-1]:
            c.runs.append(build_once(c, args.content, args.edition, args.data))
    ref = checkouts[0]
    print(f"warm {args.edition} build of {args.content}, median of {args.runs} alternating runs")
    print(f"{'checkout':<12} {'wall s':>7} {'ratio':>6} {'CPU s':>7} {'ratio':>6} {'user s':>7} {'ratio':>6} "
          f"{'sys s':>6} {'ratio':>6} {'peak MiB':>9} {'ratio':>6}")
    for c in checkouts:
        print(f"{c.name:<12} {c.median(0):>7.2f} {c.median(0) / ref.median(0):>6.2f} {c.median(1):>7.2f} "
              f"{c.median(1) / ref.median(1):>6.2f} {c.median(3):>7.2f} {c.median(3) / ref.median(3):>6.2f} "
              f"{c.median(4):>6.2f} {c.median(4) / ref.median(4):>6.2f} "
              f"{c.median(2):>9.0f} {c.median(2) / ref.median(2):>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
