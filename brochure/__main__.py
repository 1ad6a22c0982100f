"""`python -m brochure …` is the `brochure` command."""

from .cli import run

run()
