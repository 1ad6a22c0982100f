"""Han in English text is drawn in the Chinese face of its style's design (fonts/plan.py `han_faces`):
a Chinese name in a sans heading, title or running head in Noto Sans CJK SC, in serif body text in Noto
Serif SC. Built from tests/data/text/han-faces-en.yaml and read back from the PDF's content streams
(the font each Han glyph is shown in) and with pdffonts."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from brochure.preflight.glyphs import to_unicode

DATA = Path(__file__).parent / "data" / "text"
SANS = "NotoSansCJKSC"
SERIF = "NotoSerifSC"


def drawn_text(data: bytes) -> list[tuple[str, str]]:
    """(font, text) of every string shown on the pages, the font by its PostScript name without the
    subset tag, the text through the font's ToUnicode map."""
    out: list[tuple[str, str]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            fonts: dict[str, tuple[str, dict[int, str]]] = {}
            font: tuple[str, dict[int, str]] | None = None
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    key = str(operands[0])
                    if key not in fonts:
                        found = page.Resources.Font[key]
                        fonts[key] = (str(found.BaseFont).split("+")[-1], to_unicode(found))
                    font = fonts[key]
                elif op in ("Tj", "TJ") and font is not None:
                    items = operands[0] if op == "TJ" else [operands[0]]
                    for item in items:
                        if isinstance(item, pikepdf.String):
                            codes = bytes(item)
                            out.append((font[0], "".join(font[1].get(int.from_bytes(codes[i:i + 2], "big"), "")
                                                         for i in range(0, len(codes), 2))))
    return out


def han_faces(data: bytes) -> dict[str, set[str]]:
    """Han character -> the families (PostScript name before the weight) it is drawn in."""
    out: dict[str, set[str]] = {}
    for font, text in drawn_text(data):
        for ch in text:
            if "\u3400" <= ch <= "\u9fff":
                out.setdefault(ch, set()).add(font.split("-")[0])
    return out


@pytest.fixture(scope="module")
def built_en() -> tuple[Any, bytes]:
    from brochure.build import Options, load, run_edition, warm_assets

    p = load(Options(DATA / "han-faces-en.yaml", editions=["email"]))
    warm_assets(p, ["email"])
    result = run_edition(p, "email")
    assert result.data, [str(d) for d in result.diagnostics]
    return p, result.data


@pytest.mark.slow
def test_han_takes_the_chinese_face_of_its_styles_design(built_en: Any, tmp_path: Path) -> None:
    from conftest import require_tool

    _, data = built_en
    faces = han_faces(data)
    # 坡子街: cover title (sans 900), section title (sans 700), running head (sans 400); 天心区: heading
    for ch in "坡子街天心区":
        assert faces[ch] == {SANS}, (ch, faces[ch])
    # 王平平 in a serif paragraph, 南城无难事 in its italic (no Han italic: the serif face)
    for ch in "王平南城无难事":
        assert faces[ch] == {SERIF}, (ch, faces[ch])
    weights = {font for font, text in drawn_text(data) if "坡" in text}
    assert {f"{SANS}-Black", f"{SANS}-Bold", f"{SANS}-Regular"} <= weights, weights
    path = tmp_path / "han.pdf"
    path.write_bytes(data)
    listed = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True,
                            check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in listed.splitlines()[2:] if line.strip()}
    assert {f"{SANS}-Bold", f"{SERIF}-Regular", "SourceSansPro-Bold", "SourceSerifPro-Regular"} <= names, names


@pytest.mark.slow
def test_the_han_faces_are_converted_with_what_they_draw(built_en: Any) -> None:
    """The census gives the CJK faces of Latin roles every Han character they draw (labels and titles
    included): no second layout pass for a missed glyph."""
    from brochure.build import edition_settings, lay_out

    p, _ = built_en
    roles = {(role, f.request.family) for (role, _), f in p.fonts.fonts.items() if role.endswith("@zh")}
    assert ("sans@zh", "Noto Sans CJK SC") in roles and ("serif@zh", "Noto Serif SC") in roles
    laid = lay_out(p, "email", edition_settings(p, "email"), p.fonts)
    assert laid.missed == {}


LAYOUTS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "layouts").glob("*.yaml"))


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_latin_role_gets_the_han_face_of_its_design(name: str) -> None:
    """Every shipped layout in English: sans roles (and their italics) -> the sans CJK face, serif ->
    the serif one; in Chinese its roles have Han of their own and take none."""
    from brochure.diagnostics import Diagnostics
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.plan import han_faces as faces_for
    from brochure.model.layouts import load_layout

    catalog = Catalog()
    english = load_layout(name, Diagnostics(), language="en")
    chinese = load_layout(name, Diagnostics(), language="zh-CN")
    assert english is not None and chinese is not None
    assert faces_for(english.layout, catalog) == {
        "serif": ("Noto Serif SC", False), "serif_italic": ("Noto Serif SC", False),
        "sans": ("Noto Sans CJK SC", False), "sans_italic": ("Noto Sans CJK SC", False)}
    assert faces_for(chinese.layout, catalog) == {}


def test_design_is_read_from_panose_then_the_name() -> None:
    from brochure.fonts.catalog import Catalog, Face, design

    catalog = Catalog()
    found = {family: catalog.find(family) for family in
             ("Source Sans Pro", "Source Serif Pro", "Noto Sans CJK SC", "Noto Serif SC")}
    assert {family: design(face) for family, face in found.items() if face is not None} == {
        "Source Sans Pro": "sans", "Source Serif Pro": "serif", "Noto Sans CJK SC": "sans",
        "Noto Serif SC": "serif"}
    unreadable = Face("/nonexistent.ttf", -1, "Example Sans Display", "Regular", 400, None, "ExampleSans")
    assert design(unreadable) == "sans"
    assert design(Face("/nonexistent.ttf", -1, "Example Grotesk", "Regular", 400, None, "X")) is None
