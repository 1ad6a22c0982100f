"""brochure: YAML content + YAML layout -> finished brochure PDFs (print, email, archive)."""

import os

__version__ = "0.1.0"

# ReportLab checks every attribute set on a chart shape against its declared type when
# rl_config.shapeChecking is on ("a big help when developing"): about 10,000 checks per layout of the
# example, a tenth of its layout time. Read once, when ReportLab is first imported; the environment
# may still turn it on (the tests do, tests/conftest.py). It validates only: the PDF bytes are the same.
os.environ.setdefault("RL_shapeChecking", "0")
