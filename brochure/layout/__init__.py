"""PAGINATE stage: page geometry, page templates and decorations, the document template."""
