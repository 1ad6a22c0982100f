"""Benchmark: `brochure batch` (personalised copies) side by side with single warm builds, in one run.

    .venv/bin/python benchmarks/batch.py               # 3 rounds (~2 min on 2 cores)
    .venv/bin/python benchmarks/batch.py --runs 5 --copies 100

Each round runs, in fresh processes and in this order: one warm single build of the example's email
edition (`brochure build --edition email`), the batch of N copies with a recipients list seen before
(every cache warm), the batch with a list of names never seen (each recipient's fonts converted: the
first run of a new list), and the batch of N/5 copies (memory should not grow with N). The names are
generated in five scripts (Latin with accents, Cyrillic, Japanese, Korean, Chinese) so that every
recipient has characters of their own. Figures are medians over the rounds; the target is N copies
in less than N/10 single builds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import ROOT, run_once  # noqa: E402

EXAMPLE = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
LATIN = "abcdefghijklmnopqrstuvwxyzéèàçöüåñ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"


def name_for(rng: random.Random, i: int) -> tuple[str, str]:
    kind = i % 5
    if kind == 0:
        return "fr", " ".join("".join(rng.choice(LATIN) for _ in range(rng.randint(4, 8))).capitalize()
                              for _ in range(2))
    if kind == 1:
        return "ru", "".join(rng.choice(CYRILLIC) for _ in range(rng.randint(5, 9))).capitalize()
    if kind == 2:
        return "ja", "".join(rng.choice(KANA) for _ in range(3)) + "".join(
            chr(rng.randint(0x4E00, 0x6FFF)) for _ in range(2)) + "市"
    if kind == 3:
        return "ko", "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(3)) + "시"
    return "zh-CN", "".join(chr(rng.randint(0x4E00, 0x7FFF)) for _ in range(3)) + "市"


def write_recipients(path: Path, copies: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = ["id,name,language,email,programme,contact"]
    for i in range(copies):
        lang, name = name_for(rng, i)
        lines.append(f"d{i:03d},{name},{lang},d{i:03d}@example.org,\"5月{12 + i % 10}日 上午 参观；下午 座谈会。\","
                     f"联络人 +86 731 0000 {i:04d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--copies", type=int, default=100)
    args = ap.parse_args()
    data = Path(tempfile.mkdtemp(prefix="brochure-batch-bench-"))
    env = {**__import__("os").environ, "BROCHURE_CACHE": str(data / "cache")}
    small = max(1, args.copies // 5)
    seen, seen_small = data / "seen.csv", data / "seen-small.csv"
    write_recipients(seen, args.copies, 1)
    write_recipients(seen_small, small, 1)
    py = ("-m", "brochure")
    single = (*py, "build", str(EXAMPLE), "--edition", "email", "-q", "--force", "--out", str(data / "single"))

    def batch(recipients: Path, out: str) -> tuple[str, ...]:
        return (*py, "batch", str(EXAMPLE), str(recipients), "-q", "--out", str(data / out))

    print(f"warming up (fonts, pictures, the seen list's fonts) in {data}", file=sys.stderr)
    run_once(single, env)
    run_once(batch(seen, "seen"), env)
    run_once(batch(seen_small, "small"), env)
    figures: dict[str, list[tuple[float, float]]] = {}
    for round_ in range(args.runs):
        fresh = data / f"fresh-{round_}.csv"
        write_recipients(fresh, args.copies, 1000 + round_)
        for label, argv in (("single warm build (email)", single),
                            (f"batch {args.copies}, list seen before (warm)", batch(seen, "seen")),
                            (f"batch {args.copies}, new list (their fonts converted)", batch(fresh, f"fresh{round_}")),
                            (f"batch {small}, list seen before (warm)", batch(seen_small, "small"))):
            sample = run_once(argv, env)
            figures.setdefault(label, []).append((sample.wall, sample.tree_mib))
            print(f"  round {round_ + 1}: {label}: {sample.wall:.2f} s, {sample.tree_mib:.0f} MiB", file=sys.stderr)
    med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in figures.items()}
    base = med["single warm build (email)"][0]
    print(f"\n{'scenario':<48} {'wall':>8} {'x single':>9} {'per copy':>9} {'tree MiB':>9}")
    for label, (wall, mib) in med.items():
        n = args.copies if f"batch {args.copies}," in label else small if label.startswith("batch") else 1
        print(f"{label:<48} {wall:7.2f}s {wall / base:9.2f} {wall / n / base:9.3f} {mib:9.0f}")
    warm = med[f"batch {args.copies}, list seen before (warm)"][0]
    new = med[f"batch {args.copies}, new list (their fonts converted)"][0]
    limit = args.copies / 10
    print(f"\ntarget: {args.copies} copies < {limit:.0f} x a single warm build: warm {warm / base:.1f} x "
          f"({'ok' if warm / base < limit else 'MISSED'}), new list {new / base:.1f} x "
          f"({'ok' if new / base < limit else 'MISSED'})")
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
