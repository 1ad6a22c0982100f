"""Images: loading (EXIF, ICC), fit/crop/focus, effective ppi, per-edition resampling, disk cache.

- `probe`: safe opening (pixel limit, stable problem codes), header facts, `check_image` for VALIDATE.
- `place`: `prepare` one placement (passthrough or processed + cached); `plan` without doing the work.
- `process`: the pixel work of one placement (a pure function of its `Ops`).
- `colour`: ICC handling with LittleCMS, `to_srgb` / `to_cmyk`.
- `options`: per-edition settings and the boxes images are placed in.
- `batch`: `prepare_many` on a process pool, `placements` / `warm_cache` for a whole edition.
- `resolution`: print warnings/errors for low effective resolution.
- `pages`: the cover and opener pictures, prepared and checked before layout (`page_pictures`).
- `embed`: finishing helper that unwraps ReportLab's ASCII85 layer from image streams.

Nothing here is imported at package import time, so VALIDATE can use `probe` without ReportLab.
"""
