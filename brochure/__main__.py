"""`python -m brochure …` is the `brochure` command."""

import sys

from .cli import main

sys.exit(main())
