"""The `editions:` entry of a layout or content file: per-edition settings, typed.

Each shipped edition (print, email, archive) may override its defaults (editions/: EDITIONS); only the
keys a user set are passed on (`EditionsSpec.get`), so the edition's own defaults apply elsewhere.
Unknown edition names and settings are errors with a did-you-mean hint, like every other key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import Model

PageLayout = Literal["SinglePage", "OneColumn", "TwoColumnLeft", "TwoColumnRight", "TwoPageLeft",
                     "TwoPageRight"]


class EditionOverride(Model):
    """Settings of one edition; unset keys keep the edition's defaults."""

    cmyk: bool = Field(False, description="vectors and pictures in CMYK (print)")
    bleed: bool = Field(False, description="draw the bleed and set TrimBox/BleedBox")
    crop_marks: bool = Field(False, description="crop marks outside the bleed")
    image_ppi: float = Field(150.0, gt=0, le=2400, description="pictures are resampled to at most this")
    jpeg_quality: int = Field(85, ge=30, le=100, description="JPEG quality of resampled pictures")
    size_budget_mb: float | None = Field(None, gt=0, description="the file must stay under this many MB")
    linearize: bool = Field(False, description="linearise (fast web view)")
    page_layout: PageLayout = Field("TwoPageRight", description="how a viewer first shows the pages")
    description: str = ""
    output_profile: str | None = Field(None, description="ICC output profile: a path relative to the "
                                                         "content file, or a file name in assets/icc/")
    output_condition: str | None = Field(None, description="readable printing condition of the profile")
    output_condition_identifier: str | None = Field(None, description="registered condition name, e.g. "
                                                                      "FOGRA39, or 'Custom'")
    links: bool = Field(True, description="keep clickable links")
    attach_sources: bool = Field(False, description="attach content, layouts, pictures and a manifest")
    protect_existing: bool = Field(False, description="never replace a different existing file "
                                                      "without --force")
    standard: str | None = Field(None, description="the PDF standard the edition claims, e.g. PDF/X-4")

    def values(self) -> dict[str, Any]:
        """The settings the user wrote (the others keep the edition's defaults)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class EditionsSpec(Model):
    """`editions: {print: {...}, email: {...}, archive: {...}}`."""

    print: EditionOverride = Field(default_factory=EditionOverride)
    email: EditionOverride = Field(default_factory=EditionOverride)
    archive: EditionOverride = Field(default_factory=EditionOverride)

    def get(self, edition: str, default: Any = None) -> dict[str, Any]:
        """The settings written for `edition` (empty when none)."""
        override = getattr(self, edition, None) if edition in type(self).model_fields else None
        return override.values() if isinstance(override, EditionOverride) else {}

    def written(self) -> dict[str, dict[str, Any]]:
        return {name: self.get(name) for name in type(self).model_fields if self.get(name)}
