"""Speed and memory benchmark of `brochure build` / `brochure check` against a bare-ReportLab floor.

Every figure is the median of N runs, each in a fresh process: wall time, the largest single process's
peak RSS (`os.wait4`'s ru_maxrss, taken by a small launcher process) and the peak of the whole process
tree's PSS (sampled every 50 ms, so worker pools count). Every figure is also given as a ratio to the
floor measured in the same run (`benchmarks/floor.py`: the same story laid out by ReportLab alone), and
the ratios are compared with `benchmarks/baseline.json` (a WARNING line for each one more than 20 %
worse).

    .venv/bin/python benchmarks/bench.py [--runs N] [--quick] [--update-baseline] [--data DIR]

Scenarios: the Tianxin example, each edition alone and `--edition all`, with warm caches and with every
cache cleared (a fresh empty BROCHURE_CACHE per run); `brochure check`; the big brochure (the example x8,
56 generated photos, `make_big.py`) and its x1 version for time per page; the floor for each content.
Warm runs use a cache of their own under the data folder (never ~/.cache/brochure), filled by one
unmeasured build first. `--quick` runs a smaller set once: a smoke run in about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from make_big import GENERATOR_VERSION, check, make_big  # noqa: E402

EXAMPLE = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
BASELINE = HERE / "baseline.json"
EDITIONS = ["email", "print", "archive", "all"]
TOLERANCE = 1.20          # a ratio this much above the baseline is a regression
SAMPLE_EVERY = 0.05       # seconds between process-tree memory samples
PAGES = re.compile(r"\((\d+) pages\)")
REBUILD = re.compile(r"rebuild median ([\d.]+) s")


# -- scenarios --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    name: str
    argv: tuple[str, ...]         # arguments after the Python interpreter
    floor: str                    # the floor scenario this one is divided by
    cold: bool = False            # run with a fresh, empty BROCHURE_CACHE
    quick: bool = False           # part of --quick
    content: Path | None = None   # built content (to warm its cache first)
    edition: str = ""


@dataclass
class Sample:
    wall: float
    peak_mib: float               # largest single process (ru_maxrss)
    tree_mib: float               # sampled sum of PSS over the process tree
    pages: int | None
    cpu: float = 0.0              # user + system seconds of the process and its waited-for children


@dataclass
class Result:
    scenario: Scenario
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def spread(self) -> float:
        walls = [s.wall for s in self.samples]
        return max(walls) - min(walls)

    @property
    def peak(self) -> float:
        return statistics.median(s.peak_mib for s in self.samples)

    @property
    def tree(self) -> float:
        return statistics.median(s.tree_mib for s in self.samples)

    @property
    def pages(self) -> int | None:
        return self.samples[-1].pages if self.samples else None


def brochure_argv(*args: str) -> tuple[str, ...]:
    """`python -m brochure ...` when the package has a __main__, else the same through brochure.cli."""
    module = "brochure" if (ROOT / "brochure" / "__main__.py").exists() else "brochure.cli"
    return ("-m", module, *args)


def build_argv(content: Path, edition: str, out: Path) -> tuple[str, ...]:
    return brochure_argv("build", str(content), "--edition", edition, "--out", str(out / edition), "-q",
                         "--force")


def rebuild_argv(content: Path, edition: str, out: Path) -> tuple[str, ...]:
    """benchmarks/rebuild.py: the time of a rebuild in a watching process (`build --watch`)."""
    return (str(HERE / "rebuild.py"), str(content), "--edition", edition, "--out", str(out / edition))


def floor_argv(content: Path, fonts: list[Path], out: Path) -> tuple[str, ...]:
    return (str(HERE / "floor.py"), str(content), "--fonts", *map(str, fonts), "--out", str(out))


def scenarios(data: Path, fonts: list[Path], big1: Path, big8: Path) -> list[Scenario]:
    out = data / "out"
    s = [Scenario("floor: example", floor_argv(EXAMPLE, fonts, out / "floor-example.pdf"), "floor: example",
                  quick=True)]
    for e in EDITIONS:
        s.append(Scenario(f"example warm {e}", build_argv(EXAMPLE, e, out / "warm"), "floor: example",
                          quick=e in ("email", "all"), content=EXAMPLE, edition=e))
    for e in EDITIONS:
        s.append(Scenario(f"example cold {e}", build_argv(EXAMPLE, e, out / "cold"), "floor: example",
                          cold=True, quick=e == "email"))
    s.append(Scenario("example check", brochure_argv("check", str(EXAMPLE)), "floor: example", quick=True))
    for e in ("email", "all"):
        s.append(Scenario(f"example rebuild {e}", rebuild_argv(EXAMPLE, e, out / "rebuild"), "floor: example",
                          quick=e == "email", content=EXAMPLE, edition=e))
    s.append(Scenario("floor: big x1", floor_argv(big1, fonts, out / "floor-x1.pdf"), "floor: big x1", quick=True))
    s.append(Scenario("big x1 warm email", build_argv(big1, "email", out / "x1"), "floor: big x1", quick=True,
                      content=big1, edition="email"))
    s.append(Scenario("floor: big x8", floor_argv(big8, fonts, out / "floor-x8.pdf"), "floor: big x8", quick=True))
    s.append(Scenario("big x8 warm email", build_argv(big8, "email", out / "x8"), "floor: big x8", quick=True,
                      content=big8, edition="email"))
    s.append(Scenario("big x8 warm print", build_argv(big8, "print", out / "x8"), "floor: big x8",
                      content=big8, edition="print"))
    return s


# -- running one process ----------------------------------------------------------------------------------
def tree_pids(pid: int) -> list[int]:
    """`pid` and all its descendants (Linux /proc/<pid>/task/<tid>/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


def pss_mib(pid: int) -> float:
    """Proportional set size of one process (shared pages split between the sharers), MiB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree until stopped; `peak` is the largest sum seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_EVERY):
            below = tree_pids(self.pid)[1:]   # the launcher itself is not measured
            self.peak = max(self.peak, sum(pss_mib(p) for p in below))


# The measured process is started by this small launcher, not by the benchmark itself: Linux carries a
# process's peak RSS across exec (and a vfork/posix_spawn child is charged its parent's), so a child
# of the benchmark, which holds fonts and brochure in memory, would report the benchmark's own size.
# The launcher is a bare interpreter (~10 MiB) and also takes the wall time, so its start is not counted.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.executable, [sys.executable, *sys.argv[2:]], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump([wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime], fh)
"""


def run_once(argv: tuple[str, ...], env: dict[str, str]) -> Sample:
    """Run `python argv` in a fresh process; wall time, ru_maxrss of the process (and of its own waited
    children), sampled PSS of its process tree, and the page count printed as '(N pages)'."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".json") as facts:
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, facts.name, *argv], stdout=out, stderr=err,
                                env=env, cwd=ROOT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        raw = facts.read()
    wall, maxrss, code, cpu = json.loads(raw) if raw else (0.0, 0, proc.returncode or 1, 0.0)
    if code != 0:
        raise SystemExit(f"bench: `python {' '.join(argv)}` failed ({code}):\n{stderr[-3000:]}")
    pages = [int(n) for n in PAGES.findall(stdout)]
    peak = maxrss / 1024  # KiB on Linux
    rebuild = REBUILD.search(stdout)
    if rebuild:                       # a watching process: the time of one rebuild, not of the process
        wall = float(rebuild.group(1))
    return Sample(wall, peak, max(sampler.peak, peak), max(pages) if pages else None, cpu)


def run_scenario(s: Scenario, env: dict[str, str], data: Path) -> Sample:
    if not s.cold:
        return run_once(s.argv, env)
    cache = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=data))
    try:
        return run_once(s.argv, {**env, "BROCHURE_CACHE": str(cache)})
    finally:
        shutil.rmtree(cache, ignore_errors=True)


# -- preparation ------------------------------------------------------------------------------------------
def floor_fonts(content: Path) -> list[Path]:
    """The converted TrueType files the real build registers for body serif, bold sans and sans
    (converting them into the warm cache if needed): the floor uses exactly these."""
    from brochure.build import Options, font_usage, load
    from brochure.fonts.convert import converted_path
    from brochure.fonts.plan import cjk_dash
    from brochure.fonts.registry import _key, charsets

    p = load(Options(content))
    needed = charsets(p.fontset, font_usage(p))
    wanted = [p.fontset.fonts[k] for k in [("serif", 400), ("sans", 700), ("sans", 400)]]
    return [converted_path(f.face, f.request.weight, needed[_key(f)], cjk_dash(p.content.meta.language))
            for f in wanted]


def warm_up(chosen: list[Scenario], env: dict[str, str], data: Path) -> None:
    """One unmeasured build per content with every edition its warm scenarios measure."""
    editions: dict[Path, set[str]] = {}
    for s in chosen:
        if s.content is not None and not s.cold:
            editions.setdefault(s.content, set()).update(EDITIONS[:3] if s.edition == "all" else [s.edition])
    for content, names in editions.items():
        order = ",".join(e for e in EDITIONS if e in names)
        log(f"warming the cache: {content.parent.name} ({order})")
        run_once(build_argv(content, order, data / "out" / "warmup"), env)


def prepare(data: Path) -> tuple[list[Path], Path, Path]:
    log(f"data folder: {data}")
    os.environ["BROCHURE_CACHE"] = str(data / "cache")   # every process from here on: never the user's
    big1 = make_big(data / "big-x1", 1)
    big8 = make_big(data / "big-x8", 8)
    for content in (big1, big8):
        check(content)
    return floor_fonts(EXAMPLE), big1, big8


# -- report -----------------------------------------------------------------------------------------------
def ratios(results: dict[str, Result]) -> dict[str, dict[str, float]]:
    out = {}
    for name, r in results.items():
        floor = results.get(r.scenario.floor)
        if floor is not None and name != r.scenario.floor:
            out[name] = {"time": round(r.wall / floor.wall, 3), "memory": round(r.peak / floor.peak, 3)}
    return out


def table(results: dict[str, Result]) -> list[str]:
    rat = ratios(results)
    lines = [f"{'scenario':<22} {'pages':>5} {'wall s':>7} {'±':>5} {'x floor':>7} {'CPU s':>6} {'x floor':>7}"
             f" {'peak MiB':>8} {'x floor':>7} {'tree MiB':>8}"]
    for name, r in results.items():
        rt = rat.get(name, {"time": 1.0, "memory": 1.0})
        floor = results.get(r.scenario.floor)
        cpu = r.cpu / floor.cpu if floor is not None and floor.cpu else 1.0
        lines.append(f"{name:<22} {r.pages or '':>5} {r.wall:7.2f} {r.spread / 2:5.2f} {rt['time']:6.2f}x"
                     f" {r.cpu:6.2f} {cpu:6.2f}x {r.peak:8.0f} {rt['memory']:6.2f}x {r.tree:8.0f}")
    return lines


def per_page(results: dict[str, Result]) -> list[str]:
    lines = []
    rows = [(n, results[n]) for n in ("example warm email", "big x1 warm email", "big x8 warm email",
                                       "floor: big x1", "floor: big x8") if n in results]
    for name, r in rows:
        if r.pages:
            lines.append(f"time per page  {name:<20} {r.wall / r.pages * 1000:7.1f} ms  ({r.pages} pages)")
    for label, small, big in (("brochure", "big x1 warm email", "big x8 warm email"),
                              ("floor", "floor: big x1", "floor: big x8")):
        x1, x8 = results.get(small), results.get(big)
        if not (x1 and x8 and x1.pages and x8.pages and x8.pages > x1.pages):
            continue
        ratio = (x8.wall / x8.pages) / (x1.wall / x1.pages)
        marginal = (x8.wall - x1.wall) / (x8.pages - x1.pages) * 1000
        lines.append(f"time per page  {label}: x8 / x1 = {ratio:.2f}"
                     f"{'  (target: at most 1.20)' if label == 'brochure' else ''};"
                     f" each page added costs {marginal:.1f} ms")
    return lines


TARGETS = (  # label, scenario, limit, measure ("ratio" to the floor, "wall" seconds, "tree" MiB)
    ("warm single edition (email) / floor", "example warm email", 1.25, "ratio"),
    ("warm --edition all / floor", "example warm all", 2.5, "ratio"),
    ("rebuild while watching (email) / floor", "example rebuild email", 1.25, "ratio"),
    ("rebuild while watching (all) / floor", "example rebuild all", 2.5, "ratio"),
    ("cold first build (email), s", "example cold email", 3.0, "wall"),
    ("cold first build (all), s", "example cold all", 3.0, "wall"),
    ("brochure check, s", "example check", 0.5, "wall"),
    ("big x8 email peak memory, MiB", "big x8 warm email", 350, "tree"),
    ("big x8 print peak memory, MiB", "big x8 warm print", 350, "tree"),
)


def targets(results: dict[str, Result]) -> list[str]:
    """The issue's targets, each marked ok or MISSED (only those this run measured)."""
    rat = ratios(results)
    lines = []
    for label, name, limit, measure in TARGETS:
        if name not in results:
            continue
        r = results[name]
        value = {"ratio": rat.get(name, {}).get("time", 0.0), "wall": r.wall, "tree": r.tree}[measure]
        lines.append(f"target  {label:<38} {value:8.2f}  (limit {limit:g})  {'ok' if value <= limit else 'MISSED'}")
    return lines


def regressions(current: dict[str, dict[str, float]], baseline: dict[str, Any]) -> list[str]:
    lines = []
    for name, now in current.items():
        before = baseline.get("ratios", {}).get(name)
        if not before:
            continue
        for key in ("time", "memory"):
            if key in before and now[key] > before[key] * TOLERANCE:
                lines.append(f"WARNING: {name}: {key} ratio {now[key]:.2f}x floor is "
                             f"{(now[key] / before[key] - 1) * 100:.0f}% worse than the baseline "
                             f"{before[key]:.2f}x ({BASELINE.name})")
    return lines


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"


def write_baseline(current: dict[str, dict[str, float]], runs: int) -> None:
    old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    merged = {**old.get("ratios", {}), **current}
    BASELINE.write_text(json.dumps({
        "note": "ratios to the bare-ReportLab floor measured in the same run (time: median wall time, "
                "memory: median peak RSS); benchmarks/bench.py warns when a ratio is 20% worse",
        "machine": machine(), "date": time.strftime("%Y-%m-%d"), "runs": runs, "ratios": merged,
    }, indent=2, ensure_ascii=False) + "\n")
    log(f"baseline written: {BASELINE}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- main -------------------------------------------------------------------------------------------------
def measure(chosen: list[Scenario], runs: int, env: dict[str, str], data: Path) -> dict[str, Result]:
    """Round-robin: every scenario once per round, so slow drifts of the machine hit all alike."""
    results = {s.name: Result(s) for s in chosen}
    for round_no in range(1, runs + 1):
        for s in chosen:
            sample = run_scenario(s, env, data)
            results[s.name].samples.append(sample)
            log(f"[{round_no}/{runs}] {s.name:<22} {sample.wall:6.2f} s {sample.peak_mib:6.0f} MiB")
    return results


def report(results: dict[str, Result], update: bool, runs: int) -> None:
    print(f"brochure benchmark: median of {runs} run(s), each a fresh process")
    print(f"machine: {machine()}")
    print()
    for block in (table(results), per_page(results), targets(results)):
        print("\n".join(block))
        print()
    current = ratios(results)
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    warnings = regressions(current, baseline)
    print("\n".join(warnings) if warnings else f"no ratio is more than 20% worse than {BASELINE.name}")
    if update:
        write_baseline(current, runs)


def select(all_scenarios: list[Scenario], quick: bool, only: str) -> list[Scenario]:
    """The scenarios to run, plus the floors they are divided by."""
    picked = {s.name for s in all_scenarios if (s.quick or not quick) and only in s.name}
    picked |= {s.floor for s in all_scenarios if s.name in picked}
    return [s for s in all_scenarios if s.name in picked]


def default_data() -> Path:
    return Path(tempfile.gettempdir()) / f"brochure-bench-{GENERATOR_VERSION}"


def bytecode_env() -> dict[str, str]:
    """The children's environment, with compiled bytecode allowed and written first: an installed
    package has its .pyc files, so a sandbox's PYTHONDONTWRITEBYTECODE would charge every run (brochure's
    many modules more than the floor's few) for compiling source."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    import compileall
    import sysconfig

    for folder in (ROOT / "brochure", ROOT / "benchmarks", Path(sysconfig.get_paths()["purelib"])):
        compileall.compile_dir(str(folder), quiet=1, workers=0)
    return env


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per scenario (default 5, --quick 1)")
    parser.add_argument("--quick", action="store_true", help="fewer scenarios, one run: a smoke test")
    parser.add_argument("--update-baseline", action="store_true", help=f"rewrite {BASELINE.name} from this run")
    parser.add_argument("--data", type=Path, default=default_data(),
                        help="folder for generated brochures, the warm cache and outputs (default: %(default)s)")
    parser.add_argument("--only", default="", help="run only scenarios whose name contains this text")
    args = parser.parse_args(list(argv) if argv is not None else None)
    runs = args.runs or (1 if args.quick else 5)
    fonts, big1, big8 = prepare(args.data)
    chosen = select(scenarios(args.data, fonts, big1, big8), args.quick, args.only)
    env = bytecode_env()
    warm_up(chosen, env, args.data)
    report(measure(chosen, runs, env, args.data), args.update_baseline, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
