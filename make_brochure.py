#!/usr/bin/env python3
"""Build the Tianxin example into out/ (no arguments), or run the `brochure` command with arguments."""

import sys
from pathlib import Path

from brochure.cli import main

EXAMPLE = Path(__file__).resolve().parent / "examples" / "tianxin-2020" / "brochure.yaml"

if __name__ == "__main__":
    args = sys.argv[1:] or ["build", str(EXAMPLE), "--out", str(Path.cwd() / "out")]
    sys.exit(main(args))
