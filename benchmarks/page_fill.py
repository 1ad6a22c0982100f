"""Blank share of every page and how far down each column is inked, measured on the rendered pages of a
built PDF (tests/inking.py), and the time the layout (with its makeup step) takes per page.

    .venv/bin/python benchmarks/page_fill.py CONTENT.yaml [--layout NAME] [--edition email] [--pdf FILE]

Without --pdf the brochure is built in this process (one edition) and the PDF measured.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from inking import measure, table  # noqa: E402

from brochure.build import Options, edition_settings, load, register_fonts, render_edition  # noqa: E402
from brochure.layout.geometry import geometry_for  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", type=Path)
    ap.add_argument("--layout")
    ap.add_argument("--edition", default="email")
    ap.add_argument("--pdf", type=Path)
    a = ap.parse_args()
    p = load(Options(a.content, layout=a.layout, editions=[a.edition], quiet=True))
    register_fonts(p)
    settings = edition_settings(p, a.edition)
    g = geometry_for(p.layout, settings.bleed, settings.crop_marks)
    pdf = a.pdf
    if pdf is None:
        render_edition(p, a.edition, settings)           # warm (pictures, shaped text)
        t0 = time.perf_counter()
        data, pages, doc = render_edition(p, a.edition, settings)
        seconds = time.perf_counter() - t0
        print(f"layout + finish: {seconds:.2f}s for {pages} pages ({seconds / pages * 1000:.0f} ms/page); "
              f"makeup: {doc.makeup_seconds * 1000:.0f} ms ({doc.makeup_seconds / pages * 1000:.1f} ms/page)"
              if hasattr(doc, "makeup_seconds") else f"layout + finish: {seconds:.2f}s for {pages} pages")
        tmp = Path(tempfile.mkdtemp()) / "out.pdf"
        tmp.write_bytes(data)
        pdf = tmp
    print(table(measure(pdf, g)))


if __name__ == "__main__":
    main()
