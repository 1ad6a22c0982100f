"""Fonts: family resolution, CFF->TrueType conversion (cached), glyph coverage, ReportLab registration."""
