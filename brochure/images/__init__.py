"""Images: loading (EXIF, ICC), fit/crop/focus, effective ppi, per-edition resampling, disk cache."""
