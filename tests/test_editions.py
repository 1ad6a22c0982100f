"""Editions end to end: the Tianxin example built once per session (print, email, archive), then
checked with real tools — pikepdf structure, qpdf, poppler (pdffonts, pdfimages), Ghostscript (ink),
Apache PDFBox Preflight (PDF/A) — plus unit tests of settings, marks and the archive's safeguards.

A missing tool is a skip locally and a failure in CI (`require_tool`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from conftest import EXAMPLE, require_file, require_tool, run_brochure

from brochure.editions import DEFAULT_CMYK_PROFILE, EDITIONS, FinishInput, known, settings_for
from brochure.editions.marks import MM, crop_mark_stream, mark_stream
from brochure.editions.print import output_condition
from brochure.preflight import Target, run_checks

CMYK_ONLY = Target("print", cmyk=True, bleed=3 * MM, standard="PDF/X-4")   # print's rules, by the preflight


def colour_and_boxes(built: dict[str, object], edition: str) -> list[str]:
    """What the preflight's colour and box checks find in a built edition, held to print's rules."""
    data = built["paths"][edition].read_bytes()  # type: ignore[index]
    return [d.message for d in run_checks(data, CMYK_ONLY, only={"pdf.rgb-colour", "pdf.boxes"})]


PDFBOX_JARS = ["pdfbox2.jar", "preflight.jar", "xmpbox.jar", "fontbox2.jar", "commons-logging.jar",
               "javax.activation.jar", "jaxb-api.jar"]   # Debian: libpdfbox2-java and its dependencies
# PDFBox only validates PDF/A-1b. The archive is PDF/A-3b; these findings are what PDF/A-2/3 allow:
ACCEPTED_PDFBOX = {
    "4.1.2": "transparency (ca/CA in ExtGState): allowed since PDF/A-2",
    "4.1.3": "blend modes other than Normal (the cover's Multiply shading): allowed since PDF/A-2",
    "1.2.9": "EmbeddedFile in a file specification: allowed by PDF/A-3 (associated files)",
    "1.4.7": "EmbeddedFiles name tree: allowed by PDF/A-3",
    "7.11.2": "pdfaid:part is 3, not 1",
    "1.0.14": "cross-reference/object streams: allowed since PDF/A-2",
}
INK_LIMIT = 300.0   # % total area coverage: the shipped profile's limit (the brief allows up to 320)


def brochure_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `brochure` in a fresh process, as users do: ReportLab's font subsets are process-global, so
    fonts registered by other tests in this process would change the embedded subsets."""
    return run_brochure(*args)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("editions")
    t0 = time.perf_counter()
    r = brochure_cli("build", str(EXAMPLE), "--edition", "all", "--out", str(out))
    assert r.returncode == 0, r.stderr
    seconds = {m[0]: float(m[1]) for m in re.findall(r"^\[(\w+)\] .*\(([\d.]+)s\)$", r.stderr, re.M)}
    paths = {e: out / f"tianxin-2020-{e}.pdf" for e in known()}
    return {"out": out, "paths": paths, "seconds": seconds, "total": time.perf_counter() - t0}


def open_edition(built: dict[str, object], edition: str) -> pikepdf.Pdf:
    return pikepdf.open(built["paths"][edition])  # type: ignore[index]


# -- registry and settings -------------------------------------------------------------------------------
def test_all_means_print_email_archive() -> None:
    assert known()[:3] == ["print", "email", "archive"]


def test_user_settings_override_defaults_layout_then_content() -> None:
    s = settings_for("print", {"image_ppi": 200, "crop_marks": False}, {"image_ppi": 250})
    assert (s.image_ppi, s.crop_marks, s.cmyk, s.bleed) == (250, False, True, True)
    assert settings_for("print").output_profile == str(DEFAULT_CMYK_PROFILE)


def test_custom_profile_gets_its_own_condition(tmp_path: Path) -> None:
    s = settings_for("print", {"output_profile": "x.icc"})
    assert output_condition(s, DEFAULT_CMYK_PROFILE)[0] == "FOGRA39"
    named = settings_for("print", {"output_condition": "Shop press", "output_condition_identifier": "Custom"})
    assert output_condition(named, DEFAULT_CMYK_PROFILE) == ("Custom", "Shop press")


def test_crop_marks_stay_outside_the_bleed() -> None:
    trim = (36.0, 36.0, 236.0, 336.0)
    job = FinishInput(trim, 3 * MM, True)
    stream = crop_mark_stream(job, (0, 0, 272, 372)).decode()
    assert "1 1 1 1 K" in stream and "rg" not in stream.lower().replace("1 1 1 1 k", "")
    for x1, y1, x2, y2 in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l", stream):
        for x, y in ((float(x1), float(y1)), (float(x2), float(y2))):
            inside_bleed = (trim[0] - 3 * MM < x < trim[2] + 3 * MM) and (trim[1] - 3 * MM < y < trim[3] + 3 * MM)
            assert not inside_bleed, (x, y)


def test_edition_and_spread_marks_are_one_drawing() -> None:
    """The print edition's pages and the imposed spreads (formats/imposition.py) get the same crop marks
    from editions/marks.py; a spread adds the dashed fold mark at its spine, outside the bleed too."""
    trim, bleed, media = (36.0, 36.0, 236.0, 336.0), 3 * MM, (0.0, 0.0, 272.0, 372.0)
    own = mark_stream(trim, bleed, media).split(b"\n")
    spread = mark_stream(trim, bleed, media, spine=136.0, pen_on_q_line=True).split(b"\n")
    assert spread[0] == b" ".join(own[:3]) and spread[1:9] == own[3:11]      # one pen, the same eight lines
    assert spread[9] == b"[2 2] 0 d" and spread[12:] == own[11:] == [b"Q", b""]
    for line in spread[10:12]:
        x1, y1, x2, y2 = (float(v) for v in re.findall(rb"[\d.]+", line))
        assert x1 == x2 == 136.0
        assert all(y > trim[3] + bleed or y < trim[1] - bleed for y in (y1, y2)), line
        assert all(media[1] < y < media[3] for y in (y1, y2)), line
    assert mark_stream(trim, bleed, (32.0, 32.0, 240.0, 340.0)) == b""        # no room beyond the bleed


# -- print ----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_print_boxes_marks_and_output_intent(built: dict[str, object]) -> None:
    assert colour_and_boxes(built, "print") == []
    with open_edition(built, "print") as pdf:
        for page in pdf.pages:
            media, trim, bleed = ([float(v) for v in page.obj[k]] for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
            assert bleed[0] == pytest.approx(trim[0] - 3 * MM) and bleed[3] == pytest.approx(trim[3] + 3 * MM)
            assert media[0] < bleed[0] and media[2] > bleed[2]          # room for the crop marks
            assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=0.1)
            assert "/Annots" not in page.obj
            assert b"1 1 1 1 K" in page.obj.Contents[-1].read_bytes()    # registration marks, last
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert int(intent.DestOutputProfile.N) == 4
        assert len(pdf.pages) % 4 == 0


def test_print_has_no_rgb_anywhere(built: dict[str, object]) -> None:
    assert colour_and_boxes(built, "print") == []


def test_print_pdfx4_keys_match(built: dict[str, object]) -> None:
    with open_edition(built, "print") as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert pdf.docinfo["/Trapped"] == pikepdf.Name("/False")
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "<pdf:Trapped>False</pdf:Trapped>" in xmp and "xmpMM:DocumentID" in xmp
        assert float(pdf.pdf_version) <= 1.6


def test_print_images_are_cmyk(built: dict[str, object]) -> None:
    require_tool("pdfimages")
    out = subprocess.run(["pdfimages", "-list", str(built["paths"]["print"])],  # type: ignore[index]
                         check=True, capture_output=True, text=True).stdout
    colours = [line.split()[5] for line in out.splitlines()[2:] if line.split()[2] == "image"]
    assert colours and set(colours) == {"cmyk"}, colours


def test_print_total_ink(built: dict[str, object], tmp_path: Path) -> None:
    require_tool("gs")
    from PIL import Image

    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", "-r30",
                    "-dUseBleedBox", f"-sOutputFile={tmp_path}/p%02d.tif",
                    str(built["paths"]["print"])], check=True)  # type: ignore[index]
    worst = 0.0
    for tif in sorted(tmp_path.glob("p*.tif")):
        with Image.open(tif) as im:
            assert im.mode == "CMYK"
            bands = [band.tobytes() for band in im.split()]
            worst = max(worst, max(map(sum, zip(*bands, strict=True))) / 2.55)
    print(f"max total ink {worst:.0f}%")
    assert worst <= INK_LIMIT + 5   # 30 dpi averages; +5 % for resampling at edges


# -- email ----------------------------------------------------------------------------------------------
def test_email_budget_linearised_outline_links(built: dict[str, object]) -> None:
    path = built["paths"]["email"]  # type: ignore[index]
    assert path.stat().st_size < EDITIONS["email"].size_budget_mb * 1e6
    # Checked by the qpdf that wrote it (pikepdf's libqpdf): Debian's older qpdf CLI (11.x) counts a page's
    # link annotations, which the structure tree also refers to (OBJR), outside the page in its hint
    # table check, where qpdf 12 puts (and checks) them inside.
    job = pikepdf.Job(["qpdf", "--check-linearization", str(path)])
    job.run()
    assert job.exit_code == 0 and not job.has_warnings
    with pikepdf.open(path) as pdf:
        assert pdf.is_linearized
        with pdf.open_outline() as ol:
            assert len(ol.root) >= 3
        links = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert links and all(("/A" in a) or ("/Dest" in a) for a in links)
        assert "/OutputIntents" not in pdf.Root
    assert any("DeviceRGB" in m for m in colour_and_boxes(built, "email"))   # the screen edition stays sRGB


# -- archive --------------------------------------------------------------------------------------------
def test_archive_pdfa_structure(built: dict[str, object]) -> None:
    with open_edition(built, "archive") as pdf:
        assert not pdf.is_encrypted
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert int(pdf.Root.OutputIntents[0].DestOutputProfile.N) == 3
        xmp = pdf.Root.Metadata
        assert "/Filter" not in xmp                          # PDF/A: metadata stays readable
        text = xmp.read_bytes().decode()
        assert "<pdfaid:part>3</pdfaid:part>" in text and "<pdfaid:conformance>B" in text
        assert "<xmp:CreateDate>2020-01-15T00:00:00Z" in text
        assert str(pdf.docinfo["/CreationDate"]) == "D:20200115000000Z"
        assert "/JavaScript" not in pdf.Root.get("/Names", {}) and "/OpenAction" not in pdf.Root
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                assert int(annot.F) == 4
        names = set(pdf.attachments)
        assert {"brochure.yaml", "manifest.json", "layouts/a4-booklet.yaml", "layouts/base.yaml",
                "images/cover.jpg"} <= names
        assert len(pdf.Root.AF) == len(names)
        assert all(spec.AFRelationship == "/Source" for spec in pdf.Root.AF)


def test_archive_fonts_embedded_and_qpdf_clean(built: dict[str, object]) -> None:
    path = str(built["paths"]["archive"])  # type: ignore[index]
    require_tool("pdffonts")
    rows = subprocess.run(["pdffonts", path], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows and all(re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+", r).group(1) == "yes" for r in rows)
    require_tool("qpdf")
    subprocess.run(["qpdf", "--check", path], check=True, capture_output=True)


def test_archive_pdfbox_preflight(built: dict[str, object]) -> None:
    require_tool("java")
    jars = [require_file(Path("/usr/share/java") / j) for j in PDFBOX_JARS]
    r = subprocess.run(["java", "-cp", ":".join(map(str, jars)), "org.apache.pdfbox.preflight.Validator_A1b",
                        str(built["paths"]["archive"])], capture_output=True, text=True)  # type: ignore[index]
    findings = re.findall(r"^\s*(\d+(?:\.\d+)+) : (.*)$", r.stdout + r.stderr, re.M)
    print({code for code, _ in findings})
    unexpected = [f"{code}: {msg}" for code, msg in findings if code not in ACCEPTED_PDFBOX]
    assert not unexpected, unexpected


@pytest.mark.slow
def test_archive_is_reproducible(built: dict[str, object], tmp_path: Path) -> None:
    r = brochure_cli("build", str(EXAMPLE), "--edition", "archive", "--out", str(tmp_path), "-q")
    assert r.returncode == 0, r.stderr
    again = tmp_path / "tianxin-2020-archive.pdf"
    assert again.read_bytes() == built["paths"]["archive"].read_bytes()  # type: ignore[index]


@pytest.mark.slow
def test_archive_is_not_replaced_silently(built: dict[str, object], tmp_path: Path) -> None:
    target = tmp_path / "tianxin-2020-archive.pdf"
    shutil.copy(built["paths"]["archive"], target)  # type: ignore[index]
    with target.open("ab") as fh:
        fh.write(b"% an older, different archive\n")
    before = target.read_bytes()
    args = ["build", str(EXAMPLE), "--edition", "archive", "--out", str(tmp_path), "-q"]
    r = brochure_cli(*args)
    assert r.returncode == 1 and "write.archive-differs" in r.stderr and target.read_bytes() == before
    assert brochure_cli(*args, "--force").returncode == 0
    assert target.read_bytes() == built["paths"]["archive"].read_bytes()  # type: ignore[index]


@pytest.mark.slow
def test_verify_rebuilds_from_attached_sources(built: dict[str, object], tmp_path: Path) -> None:
    r = brochure_cli("verify", str(built["paths"]["archive"]))  # type: ignore[index]
    assert r.returncode == 0, r.stdout + r.stderr
    changed = tmp_path / "changed.pdf"
    with pikepdf.open(built["paths"]["archive"]) as pdf:  # type: ignore[index]
        pdf.docinfo["/Title"] = "something else"
        buf = io.BytesIO()
        pdf.save(buf)
    changed.write_bytes(buf.getvalue())
    r = brochure_cli("verify", str(changed))
    assert r.returncode == 1 and "differs" in r.stderr


def test_every_edition_is_reported_with_its_time_and_email_is_the_smallest(built: dict[str, object]) -> None:
    """The build names each edition it wrote with its time; the email edition, resampled to screen
    resolution, stays within its budget and well under the print and archive files."""
    sizes = {e: p.stat().st_size for e, p in built["paths"].items()}  # type: ignore[union-attr]
    seconds = built["seconds"]
    assert set(seconds) == set(sizes) and all(0 < t < built["total"] for t in seconds.values())  # type: ignore[union-attr, operator]
    budget = settings_for("email").size_budget_mb
    assert budget is not None and sizes["email"] < budget * 1e6
    assert sizes["email"] * 2 < min(sizes["print"], sizes["archive"]), sizes


def test_document_info_keeps_no_placeholder_the_xmp_lacks() -> None:
    # ReportLab writes /Author (anonymous) and an empty /Keywords; content without a publisher or keywords
    # has no dc:creator or pdf:Keywords, and PDFBox (PDF/A rule 7.2) wants info and XMP to agree
    import pikepdf

    from brochure.editions.finish import write_metadata

    pdf = pikepdf.new()
    pdf.docinfo["/Author"] = pikepdf.String("anonymous")
    pdf.docinfo["/Keywords"] = pikepdf.String("")
    write_metadata(pdf, {"title": "A small test", "author": "", "keywords": ""}, {})
    assert "/Author" not in pdf.docinfo and "/Keywords" not in pdf.docinfo
    assert str(pdf.docinfo["/Title"]) == "A small test"
    write_metadata(pdf, {"title": "A small test", "author": "Office"}, {})
    assert str(pdf.docinfo["/Author"]) == "Office"
