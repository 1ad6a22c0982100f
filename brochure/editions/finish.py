"""FINISH stage helpers shared by editions: document info and XMP metadata, viewer preferences, output
intents, annotation clean-up, compression with object streams, optional linearisation.

Deterministic: no current time (dates come from `meta`), fixed document IDs, sorted inputs.
"""

from __future__ import annotations

import io
import tempfile
import zlib
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import IO, Any

import pikepdf

from ..images.embed import insert_pictures
from . import EditionSettings, FinishInput

Step = Callable[[pikepdf.Pdf], None]


def finish_common(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings, job: FinishInput,
                  steps: Iterable[Step] = (), xmp_extra: dict[str, Any] | None = None,
                  info_extra: dict[str, Any] | None = None, object_streams: bool = True,
                  min_version: str = "") -> bytes:
    """The pictures into their placeholders, viewer settings, resource pruning, edition-specific `steps`,
    metadata, then a deterministic save (into a temporary file, read back once: qpdf streams the
    pictures out instead of building the file in memory next to them)."""
    with tempfile.TemporaryFile() as out:
        _finish(pdf_bytes, meta, settings, job, out, steps, xmp_extra or {}, info_extra or {},
                object_streams, min_version)
        out.seek(0)
        return out.read()


def _finish(pdf_bytes: bytes, meta: dict[str, str], settings: EditionSettings, job: FinishInput, out: IO[bytes],
            steps: Iterable[Step], xmp_extra: dict[str, Any], info_extra: dict[str, Any], object_streams: bool,
            min_version: str) -> None:
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
        insert_pictures(pdf, job.pictures)
        stable_image_names(pdf, keep={"/" + name for name in job.pictures})
        if not settings.links:
            drop_annotations(pdf)
        set_print_flags(pdf)
        if job.tags is not None:
            from ..tagging.write import write_structure

            write_structure(pdf, job.tags)
        for step in steps:
            step(pdf)
        write_metadata(pdf, meta, xmp_extra)
        for key, value in info_extra.items():
            pdf.docinfo[key] = value
        # ReportLab's /ID digests file names of embedded images (the source path of a passed-through
        # JPEG): drop it so qpdf's deterministic ID depends on the written bytes only.
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
        # qpdf (12.x) writes a wrong outline hint table when it linearises with object streams
        # (`qpdf --check-linearization`: "incorrect object count in outline hint table"), so a
        # linearised file keeps a classic cross-reference table; it costs a few kB.
        use_streams = object_streams and not settings.linearize
        mode = pikepdf.ObjectStreamMode.generate if use_streams else pikepdf.ObjectStreamMode.disable
        pdf.save(out, linearize=settings.linearize, object_stream_mode=mode, compress_streams=False,
                 deterministic_id=True, recompress_flate=False, min_version=min_version)


def deflated(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """A Flate-compressed stream of `data`. Every stream FINISH makes is compressed where it is made,
    so the save need not scan and recompress the whole file (`compress_streams` cost ~0.1 s an
    edition); the XMP packet stays plain text, as PDF/A readers expect."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
    return stream


NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
# PDF/A admits in its XMP only the schemas of XMP 2004 and its own, plus those the packet describes in a
# PDF/A extension schema (ISO 19005-1 6.7.8, kept by parts 2 and 3): a PDF/A file that also identifies
# itself as PDF/UA (pdfuaid) describes that schema. Prefix -> (schema name, [(property, value type,
# category, description)]).
EXTENSION_SCHEMAS = {
    "pdfuaid": ("PDF/UA Universal Accessibility Schema",
                [("part", "Integer", "internal", "The part of ISO 14289 (PDF/UA) the file conforms to")]),
}
EXTENSION_NAMESPACES = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/", "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
LANG_ALT = {"dc:title", "dc:description"}
SEQ = {"dc:creator"}
BAG = {"dc:subject", "dc:language"}


def write_metadata(pdf: pikepdf.Pdf, meta: dict[str, str], extra: dict[str, Any]) -> None:
    """Document info and the matching XMP packet (PDF/A and PDF/X validators compare the two)."""
    info = pdf.docinfo
    for key, value in (("/Title", meta.get("title")), ("/Author", meta.get("author")),
                       ("/Subject", meta.get("subject")), ("/Keywords", meta.get("keywords")),
                       ("/Creator", meta.get("creator")), ("/Producer", meta.get("producer"))):
        if value:
            info[key] = pikepdf.String(value)
        elif key in info:          # ReportLab's placeholder (an empty /Keywords, /Author (anonymous)):
            del info[key]          # the XMP has no such property, and PDF/A wants the two to agree
    if meta.get("date"):
        info["/CreationDate"] = pikepdf.String(meta["date"])
        info["/ModDate"] = pikepdf.String(meta["date"])
    props: dict[str, Any] = {}
    keywords = [k.strip() for k in meta.get("keywords", "").split(",")]
    pairs: tuple[tuple[str, Any], ...] = (
        ("dc:title", meta.get("title")), ("dc:creator", [meta.get("author")]),
        ("dc:description", meta.get("subject")), ("pdf:Keywords", meta.get("keywords")),
        ("dc:subject", keywords), ("dc:language", [meta.get("lang")]),
        ("xmp:CreatorTool", meta.get("creator")), ("pdf:Producer", meta.get("producer")),
        ("xmp:CreateDate", meta.get("xmp_date")), ("xmp:ModifyDate", meta.get("xmp_date")),
        ("xmp:MetadataDate", meta.get("xmp_date")))
    for key, item in pairs:
        if isinstance(item, list):
            item = [v for v in item if v]
        if item:
            props[key] = item
    props.update(extra)
    stream = pikepdf.Stream(pdf, xmp_packet(props))
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def xmp_packet(props: dict[str, Any]) -> bytes:
    """A plain XMP packet: one rdf:Description declaring every namespace it uses (some validators,
    PDFBox among them, look for schemas only there), properties in a fixed order, padding for in-place
    edits. Deterministic: the same properties give the same bytes."""
    from html import escape as html_escape

    def escape(text: str) -> str:   # &, < and > only, as XML text needs
        return html_escape(text, quote=False)

    used = sorted({k.split(":")[0] for k in props})
    decls = "".join(f'\n    xmlns:{p}="{NAMESPACES[p]}"' for p in used)
    described = [p for p in used if p in EXTENSION_SCHEMAS] if "pdfaid" in used else []
    lines = []
    for key, value in props.items():
        if key in LANG_ALT:
            body = f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(str(value))}</rdf:li></rdf:Alt>'
        elif key in SEQ or key in BAG:
            kind = "Seq" if key in SEQ else "Bag"
            items = "".join(f"<rdf:li>{escape(str(v))}</rdf:li>" for v in value)
            body = f"<rdf:{kind}>{items}</rdf:{kind}>"
        else:
            body = escape(str(value))
        lines.append(f"   <{key}>{body}</{key}>")
    xml = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
           '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
           ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
           + (extension_schemas(described) if described else "") +
           f'  <rdf:Description rdf:about=""{decls}>\n' + "\n".join(lines) + "\n"
           "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n")
    padding = (" " * 99 + "\n") * 20
    return (xml + padding + '<?xpacket end="w"?>').encode("utf-8")


def extension_schemas(prefixes: list[str]) -> str:
    """An rdf:Description of its own, before the properties, describing the schemas of `prefixes`
    (EXTENSION_SCHEMAS): PDFBox reads a description whose first property is pdfaExtension:schemas as
    schema definitions before it reads any property that uses them."""
    decls = "".join(f'\n    xmlns:{p}="{uri}"' for p, uri in EXTENSION_NAMESPACES.items())
    items = []
    for prefix in prefixes:
        name, properties = EXTENSION_SCHEMAS[prefix]
        described = "".join(
            '\n        <rdf:li rdf:parseType="Resource">'
            f"\n         <pdfaProperty:name>{prop}</pdfaProperty:name>"
            f"\n         <pdfaProperty:valueType>{kind}</pdfaProperty:valueType>"
            f"\n         <pdfaProperty:category>{category}</pdfaProperty:category>"
            f"\n         <pdfaProperty:description>{text}</pdfaProperty:description>"
            "\n        </rdf:li>" for prop, kind, category, text in properties)
        items.append('\n     <rdf:li rdf:parseType="Resource">'
                     f"\n      <pdfaSchema:schema>{name}</pdfaSchema:schema>"
                     f"\n      <pdfaSchema:namespaceURI>{NAMESPACES[prefix]}</pdfaSchema:namespaceURI>"
                     f"\n      <pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>"
                     f"\n      <pdfaSchema:property>\n       <rdf:Seq>{described}\n       </rdf:Seq>"
                     "\n      </pdfaSchema:property>\n     </rdf:li>")
    return (f'  <rdf:Description rdf:about=""{decls}>\n'
            f"   <pdfaExtension:schemas>\n    <rdf:Bag>{''.join(items)}\n    </rdf:Bag>\n   </pdfaExtension:schemas>\n"
            "  </rdf:Description>\n")


def add_output_intent(pdf: pikepdf.Pdf, profile: Path, subtype: str, condition: str,
                      identifier: str, registry: str = "http://www.color.org") -> None:
    """Embed `profile` as the document's output intent (`/GTS_PDFX` or `/GTS_PDFA1`)."""
    from PIL import ImageCms

    data = profile.read_bytes()
    space = ImageCms.getOpenProfile(str(profile)).profile.xcolor_space.strip()
    channels = {"CMYK": 4, "RGB": 3, "GRAY": 1}[space]
    icc = deflated(pdf, data)
    icc.N = channels
    icc.Alternate = pikepdf.Name({4: "/DeviceCMYK", 3: "/DeviceRGB", 1: "/DeviceGray"}[channels])
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name(subtype),
        OutputConditionIdentifier=pikepdf.String(identifier), OutputCondition=pikepdf.String(condition),
        Info=pikepdf.String(condition), RegistryName=pikepdf.String(registry),
        DestOutputProfile=pdf.make_indirect(icc))
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def profile_description(profile: Path) -> str:
    from PIL import ImageCms

    return str(ImageCms.getOpenProfile(str(profile)).profile.profile_description or profile.stem).strip()


def stable_image_names(pdf: pikepdf.Pdf, keep: Collection[str] = ()) -> None:
    """Rename image XObjects after their bytes. ReportLab names an image it embeds (a PNG) after the
    digest of its file path, and the processed images live in the user's cache folder: without this the
    same inputs give different bytes on another machine or with another cache (and `brochure verify`
    would fail). Names in `keep` stay: the JPEG placeholders are named after their bytes already
    (layout/pictures.py)."""
    import hashlib

    def resource_dicts() -> list[tuple[Any, Any]]:
        found: list[tuple[Any, Any]] = []
        seen: set[tuple[int, int]] = set()
        todo: list[tuple[Any, Any]] = [(page.obj, page.obj.get("/Resources")) for page in pdf.pages]
        while todo:
            owner, res = todo.pop()
            if res is None:
                continue
            found.append((owner, res))
            for xo in (res.get("/XObject") or {}).values():
                if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                    seen.add(xo.objgen)
                    todo.append((xo, xo.get("/Resources")))
        return found

    owners = resource_dicts()
    rename: dict[str, str] = {}
    for _, res in owners:
        for name, xo in (res.get("/XObject") or {}).items():
            if xo.get("/Subtype") == "/Image" and name.startswith("/FormXob.") and name not in keep:
                rename[name] = "/Im" + hashlib.sha256(xo.read_raw_bytes()).hexdigest()[:20]
    if not rename:
        return
    done: set[tuple[int, int]] = set()
    for owner, res in owners:
        xobjects = res.get("/XObject")
        if xobjects is not None and any(k in rename for k in xobjects):
            res.XObject = pikepdf.Dictionary({rename.get(k, k): v for k, v in xobjects.items()})
        if owner.objgen in done:
            continue
        done.add(owner.objgen)
        out, changed = [], False
        for item in pikepdf.parse_content_stream(owner):
            if not isinstance(item, pikepdf.ContentStreamInlineImage) and str(item.operator) == "Do" \
                    and str(item.operands[0]) in rename:
                item = pikepdf.ContentStreamInstruction([pikepdf.Name(rename[str(item.operands[0])])],
                                                        item.operator)
                changed = True
            out.append(item)
        if not changed:
            continue
        data = pikepdf.unparse_content_stream(out)
        if isinstance(owner, pikepdf.Stream):
            owner.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        else:
            pikepdf.Page(owner).contents_coalesce()
            owner.Contents.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)


def drop_annotations(pdf: pikepdf.Pdf) -> None:
    """Remove every annotation (links): a printed sheet has nothing to click, and PDF/X forbids
    annotations inside the bleed box."""
    for page in pdf.pages:
        if "/Annots" in page.obj:
            del page.obj["/Annots"]


def set_print_flags(pdf: pikepdf.Pdf) -> None:
    """Every annotation gets the Print flag (/F 4), which PDF/A requires (harmless elsewhere)."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            annot.F = 4
