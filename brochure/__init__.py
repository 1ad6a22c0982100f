"""brochure: YAML content + YAML layout -> finished brochure PDFs (print, email, archive)."""

__version__ = "0.1.0"
