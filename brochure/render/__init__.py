"""RENDER stage: model blocks -> ReportLab flowables, through a registry of block renderers."""
