"""Write a big brochure for the benchmark: the Tianxin example's sections repeated N times, every picture
a distinct generated "photo" (3000 x 2000 px JPEG, about 1.5 MB, like a camera file; the cover 2560 x 3600).

Copy 0 has the example's seven pictures (cover, one image block, five section openers); every further
copy has six plus one extra image block in its first section, so 1 copy has 7 photos and 8 copies 56.
The layout and charts are the example's (the default layout, charts inline in the YAML).

    .venv/bin/python benchmarks/make_big.py OUT_DIR [--copies 8] [--check]

Photos are regenerated only when missing (they are deterministic: seeded by copy and slot).
"""

from __future__ import annotations

import argparse
import copy
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tianxin-2020" / "brochure.yaml"
GENERATOR_VERSION = "1"
PHOTO_SIZE = (3000, 2000)
COVER_SIZE = (2560, 3600)
SLOTS_PER_COPY = 7
_GRAIN: list[Any] = []


def grain_tile() -> Any:
    """One 1024 px tile of RGB sensor-like noise, made once per process (effect_noise is slow)."""
    from PIL import Image

    if not _GRAIN:
        _GRAIN.append(Image.merge("RGB", [Image.effect_noise((1024, 1024), 48) for _ in range(3)]))
    return _GRAIN[0]


def grain(size: tuple[int, int], rng: random.Random) -> Any:
    from PIL import Image

    tile = grain_tile()
    out = Image.new("RGB", size)
    for y in range(0, size[1], tile.height):
        for x in range(0, size[0], tile.width):
            out.paste(tile.rotate(90 * rng.randrange(4)), (x, y))
    return out


def photo(seed: str, size: tuple[int, int]) -> Any:
    """A distinct picture: a sky gradient, a skyline of coloured blocks and ellipses, film grain."""
    from PIL import Image, ImageDraw, ImageOps

    rng = random.Random(seed)
    sw, sh = size[0] // 4, size[1] // 4
    top = tuple(rng.randrange(40, 220) for _ in range(3))
    bottom = tuple(rng.randrange(20, 200) for _ in range(3))
    small = ImageOps.colorize(Image.linear_gradient("L").resize((sw, sh)), top, bottom)
    draw = ImageDraw.Draw(small)
    for _ in range(120):
        x, y = rng.randrange(sw), rng.randrange(sh // 3, sh)
        bw, bh = rng.randrange(sw // 40, sw // 8), rng.randrange(sh // 20, sh // 2)
        shape = draw.rectangle if rng.random() < 0.6 else draw.ellipse
        shape((x, y - bh, x + bw, y), fill=tuple(rng.randrange(256) for _ in range(3)))
    big = small.resize(size, Image.Resampling.BILINEAR)
    return Image.blend(big, grain(size, rng), 0.15)


def photo_name(copy_index: int, slot: int) -> str:
    return f"images/p{copy_index:02d}-{slot}.jpg"


def write_photo(out: Path, copy_index: int, slot: int, size: tuple[int, int]) -> None:
    path = out / photo_name(copy_index, slot)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    photo(f"{GENERATOR_VERSION}:{copy_index}:{slot}", size).save(tmp, "JPEG", quality=90)
    tmp.replace(path)


def image_refs(section: dict[str, Any]) -> list[dict[str, Any]]:
    """The image mappings of one section (opener first, then image blocks), to be given new sources."""
    refs = [section["image"]] if "image" in section else []
    refs += [block["image"] for block in section.get("body", []) if isinstance(block, dict) and "image" in block]
    return refs


def extra_image(sections: list[dict[str, Any]], copy_index: int) -> dict[str, Any]:
    """An image block for the copy's seventh photo, captioned like the example's first image block (so
    the text, hence the font subsets, stay those of the example)."""
    first = next(b for s in sections for b in s.get("body", []) if isinstance(b, dict) and "image" in b)
    return {"image": {**first["image"], "src": photo_name(copy_index, SLOTS_PER_COPY - 1)}}


def copy_sections(sections: list[dict[str, Any]], copy_index: int) -> list[dict[str, Any]]:
    """The example's sections with this copy's photos; copies after the first get one extra image block."""
    out = copy.deepcopy(sections)
    slot = 0
    for section in out:
        for ref in image_refs(section):
            ref["src"] = photo_name(copy_index, slot)
            slot += 1
    if slot != SLOTS_PER_COPY - 1:
        raise SystemExit(f"make_big: the example has {slot} section pictures, expected {SLOTS_PER_COPY - 1}")
    if copy_index > 0:
        out[0]["body"].insert(1, extra_image(sections, copy_index))
    return out


def big_content(copies: int) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    sections = data["sections"]
    data["sections"] = [s for k in range(copies) for s in copy_sections(sections, k)]
    data["cover"]["image"]["src"] = photo_name(0, SLOTS_PER_COPY - 1)
    data["meta"]["slug"] = f"tianxin-x{copies}"
    return data


def photo_jobs(copies: int) -> list[tuple[int, int, tuple[int, int]]]:
    jobs = [(0, SLOTS_PER_COPY - 1, COVER_SIZE)]
    for k in range(copies):
        jobs += [(k, slot, PHOTO_SIZE) for slot in range(SLOTS_PER_COPY - 1)]
        if k > 0:
            jobs.append((k, SLOTS_PER_COPY - 1, PHOTO_SIZE))
    return jobs


def make_big(out: Path, copies: int) -> Path:
    """Write `out/brochure.yaml` and its photos; returns the YAML's path."""
    out.mkdir(parents=True, exist_ok=True)
    for copy_index, slot, size in photo_jobs(copies):
        write_photo(out, copy_index, slot, size)
    text = f"# Generated by benchmarks/make_big.py: the tianxin-2020 example x{copies}, generated photos.\n"
    text += yaml.safe_dump(big_content(copies), allow_unicode=True, sort_keys=False, width=1000)
    target = out / "brochure.yaml"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def check(content: Path) -> None:
    """Run `brochure check` on the generated file; exits when it is not valid."""
    cmd = [sys.executable, "-c", "import sys; from brochure.cli import main; sys.exit(main())", "check",
           str(content)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"make_big: {content} is not valid:\n{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write brochure.yaml and images/ into")
    parser.add_argument("--copies", type=int, default=8, help="how many times the sections repeat (default 8)")
    parser.add_argument("--check", action="store_true", help="run `brochure check` on the result")
    args = parser.parse_args(argv)
    content = make_big(args.out, args.copies)
    if args.check:
        check(content)
    print(f"{content}: {args.copies} copies, {len(photo_jobs(args.copies))} photos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
