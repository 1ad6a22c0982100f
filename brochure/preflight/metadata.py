"""pdf.metadata: the document title, and for PDF/X and PDF/A the XMP packet, its agreement with the
document info and the standard's identification."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree

import pikepdf

from ..diagnostics import Diagnostics
from . import PdfJob, check

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INFO_XMP = (("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
            ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer"))
PLACEHOLDER_TITLES = {"untitled", "(untitled)", "untitled document"}
DATES = (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate"))
PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz])|([+\-])(\d\d)'?(\d\d)?'?)?")
XMP_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?)?)?"
                      r"(?:([Zz])|([+\-])(\d\d):(\d\d))?$")


def xmp_value(element: ElementTree.Element) -> str | list[str]:
    """A property's value: plain text, the x-default of an rdf:Alt, or the items of an rdf:Seq/Bag."""
    for container in element:
        items = [li for li in container if li.tag == f"{{{RDF}}}li"]
        if container.tag == f"{{{RDF}}}Alt":
            chosen = next((li for li in items if li.get(XML_LANG) == "x-default"), items[0] if items else None)
            return (chosen.text or "") if chosen is not None else ""
        if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
            return [li.text or "" for li in items]
    return element.text or ""


def xmp_properties(raw: bytes) -> dict[str, str | list[str]]:
    """The XMP properties we know the namespaces of, as "prefix:name" (prefixes as in editions.finish,
    whatever the file calls them). Raises ElementTree.ParseError for a packet that is not XML."""
    from ..editions.finish import NAMESPACES

    prefixes = {uri: p for p, uri in NAMESPACES.items()}
    root = ElementTree.fromstring(raw.rstrip(b"\x00 \r\n\t"))
    props: dict[str, str | list[str]] = {}

    def key(tag: str) -> str | None:
        if not tag.startswith("{"):
            return None
        uri, local = tag[1:].split("}", 1)
        return f"{prefixes[uri]}:{local}" if uri in prefixes else None

    for desc in root.iter(f"{{{RDF}}}Description"):
        for attr, value in desc.attrib.items():
            name = key(attr)
            if name:
                props[name] = value
        for child in desc:
            name = key(child.tag)
            if name:
                props[name] = xmp_value(child)
    return props


def parse_pdf_date(text: str) -> datetime | None:
    m = PDF_DATE.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, z, sign, tzh, tzm = m.groups()
    return make_date(y, mo, d, h, mi, s, z, sign, tzh, tzm)


def parse_xmp_date(text: str) -> datetime | None:
    m = XMP_DATE.match(text.strip())
    if not m:
        return None
    return make_date(*m.groups())


def make_date(y: str, mo: str | None, d: str | None, h: str | None, mi: str | None, s: str | None,
              z: str | None, sign: str | None, tzh: str | None, tzm: str | None) -> datetime | None:
    from datetime import timedelta

    try:
        tz = timezone.utc if z else None
        if sign:
            offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
            tz = timezone(offset if sign == "+" else -offset)
        return datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def same_instant(a: datetime, b: datetime) -> bool:
    """Equal to the second; a date without a time zone is compared by its wall-clock fields."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def text_of(value: str | list[str] | None) -> str:
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


def metadata_problems(job: PdfJob, info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    """What the standard needs from the XMP packet and where it disagrees with the document info."""
    standard = job.target.standard or ""
    problems = []
    for info_key, prop in INFO_XMP:
        value = info.get(info_key, "")
        xmp = text_of(props.get(prop)).strip()
        if info_key == "/Title" and not value and not xmp:
            continue       # reported once, as a warning
        if (value or info_key == "/Title") and xmp != value:
            shown = f"'{xmp}'" if prop in props else "missing"
            problems.append(f"XMP {prop} is {shown} but the document info {info_key} is '{value}'")
    problems += date_problems(info, props)
    problems += standard_id_problems(standard, info, props)
    return problems


def date_problems(info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    problems = []
    for info_key, prop in DATES:
        xmp_text = text_of(props.get(prop))
        if not xmp_text:
            problems.append(f"XMP {prop} is missing")
            continue
        xmp_date = parse_xmp_date(xmp_text)
        if xmp_date is None:
            problems.append(f"XMP {prop} '{xmp_text}' is not a date")
            continue
        if info.get(info_key):
            info_date = parse_pdf_date(info[info_key])
            if info_date is None or not same_instant(info_date, xmp_date):
                problems.append(f"XMP {prop} {xmp_text} differs from the document info {info_key} "
                                f"{info[info_key]}")
    return problems


def standard_id_problems(standard: str, info: dict[str, str], props: dict[str, str | list[str]]) -> list[str]:
    """PDF/A: pdfaid:part and conformance; PDF/X: pdfxid:GTS_PDFXVersion (and the info key if present)."""
    problems = []
    pdfa = re.match(r"PDF/A-(\d)([A-Za-z]?)$", standard)
    if pdfa:
        part, level = pdfa.group(1), pdfa.group(2).upper()
        found_part, found_level = text_of(props.get("pdfaid:part")), text_of(props.get("pdfaid:conformance"))
        if found_part != part:
            problems.append(f"XMP pdfaid:part is {found_part or 'missing'}, {standard} needs {part}")
        if level and found_level != level:
            problems.append(f"XMP pdfaid:conformance is {found_level or 'missing'}, {standard} needs {level}")
    elif standard.startswith("PDF/X"):
        found = text_of(props.get("pdfxid:GTS_PDFXVersion"))
        if found != standard:
            problems.append(f"XMP pdfxid:GTS_PDFXVersion is {found or 'missing'}, expected {standard}")
        if info.get("/GTS_PDFXVersion", standard) != standard:
            problems.append(f"the document info /GTS_PDFXVersion is {info['/GTS_PDFXVersion']}, expected {standard}")
    return problems


def real_title(title: str | None) -> bool:
    """ReportLab writes "untitled" when it is given no title: a placeholder, not a title."""
    return bool(title) and (title or "").strip().lower() not in PLACEHOLDER_TITLES


def document_info(pdf: pikepdf.Pdf) -> dict[str, str]:
    info: dict[str, str] = {}
    try:
        items: Any = pdf.trailer.get("/Info") or {}
        for key, value in items.items():
            if isinstance(value, (pikepdf.String, pikepdf.Name)):
                info[str(key)] = str(value).strip()
    except pikepdf.PdfError:
        pass
    return info


def read_xmp(pdf: pikepdf.Pdf) -> tuple[dict[str, str | list[str]] | None, str]:
    """(properties, problem): None and why when there is no usable XMP packet."""
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None, "the document has no XMP metadata stream (catalog /Metadata)"
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return None, "the XMP metadata stream lacks /Type /Metadata /Subtype /XML"
    try:
        return xmp_properties(stream.read_bytes()), ""
    except (ElementTree.ParseError, pikepdf.PdfError, ValueError) as exc:
        return None, f"the XMP metadata cannot be parsed: {exc}"


@check("pdf.metadata")
def metadata(job: PdfJob, diags: Diagnostics) -> None:
    """PDF/X and PDF/A validators read the XMP packet and compare it with the document info; a missing
    title shows the file name in every viewer's title bar."""
    info = document_info(job.pdf)
    standard = job.target.standard
    props, problem = read_xmp(job.pdf) if standard or not real_title(info.get("/Title")) else (None, "")
    if not real_title(info.get("/Title")) and not real_title(text_of((props or {}).get("dc:title"))):
        job.report(diags, "warning", "pdf.metadata", "the document has no title",
                   "set meta.title in the content YAML")
    if not standard:
        return
    hint = f"{standard} needs XMP metadata matching the document info; rebuild the {job.edition} edition"
    if props is None:
        job.report(diags, "error", "pdf.metadata", problem, hint)
        return
    for found in metadata_problems(job, info, props):
        job.report(diags, "error", "pdf.metadata", found, hint)
