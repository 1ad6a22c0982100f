"""The content and layout model: YAML with source locations -> validated, immutable objects.

Nothing in this package imports ReportLab.
"""
