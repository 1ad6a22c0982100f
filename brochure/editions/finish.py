"""FINISH stage helpers shared by editions: document info and XMP metadata, viewer preferences,
compression with object streams, optional linearisation. Deterministic: no current time, fixed IDs."""

from __future__ import annotations

import io

import pikepdf

from . import EditionSettings


def finish_common(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        root.PageLayout = pikepdf.Name("/" + settings.page_layout)
        root.PageMode = pikepdf.Name.UseOutlines
        if meta.get("lang"):
            root.Lang = pikepdf.String(meta["lang"])
        root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        # ReportLab shares one resource dictionary across pages (and its graphics renderer selects
        # Helvetica before any drawing): keep only what each page really uses.
        pdf.remove_unreferenced_resources()
        write_metadata(pdf, meta)
        out = io.BytesIO()
        pdf.save(out, linearize=settings.linearize, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True,
                 recompress_flate=False)
        return out.getvalue()


def write_metadata(pdf: pikepdf.Pdf, meta: dict[str, str]) -> None:
    info = pdf.docinfo
    for key, value in (("/Title", meta.get("title")), ("/Author", meta.get("author")),
                       ("/Subject", meta.get("subject")), ("/Keywords", meta.get("keywords")),
                       ("/Creator", meta.get("creator")), ("/Producer", meta.get("producer"))):
        if value:
            info[key] = pikepdf.String(value)
    if meta.get("date"):
        info["/CreationDate"] = pikepdf.String(meta["date"])
        info["/ModDate"] = pikepdf.String(meta["date"])
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if meta.get("title"):
            xmp["dc:title"] = meta["title"]
        if meta.get("author"):
            xmp["dc:creator"] = [meta["author"]]
        if meta.get("subject"):
            xmp["dc:description"] = meta["subject"]
        if meta.get("keywords"):
            xmp["pdf:Keywords"] = meta["keywords"]
            xmp["dc:subject"] = [k.strip() for k in meta["keywords"].split(",") if k.strip()]
        if meta.get("lang"):
            xmp["dc:language"] = [meta["lang"]]
        if meta.get("creator"):
            xmp["xmp:CreatorTool"] = meta["creator"]
        if meta.get("producer"):
            xmp["pdf:Producer"] = meta["producer"]
        if meta.get("xmp_date"):
            xmp["xmp:CreateDate"] = meta["xmp_date"]
            xmp["xmp:ModifyDate"] = meta["xmp_date"]
            xmp["xmp:MetadataDate"] = meta["xmp_date"]
