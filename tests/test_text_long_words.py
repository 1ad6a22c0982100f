"""What does not fit a line as a word: URLs and e-mail addresses break where style manuals allow
(after `//` and `:`, before `/ . - _ ? # = &`), without a hyphen; a word wider than the measure (a long
number, a name in a narrow table cell) breaks between any two characters, as the last resort; quotes
that open never end a line and those that close never start one (guillemets too). No line runs past
its measure, and the text reads back as it was typed."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black

from brochure.text import TextBlock, TextStyle, parse_inline
from brochure.text.shape import url_break

SIZE = 10.0
URL = "https://www.example.org/reports/2020/tianxin-district/urban_governance.html?lang=en&page=2#summary"
MAIL = "communications.office@tianxin.changsha.example.gov.cn"
NUMBER = "1234567890" * 6
TEXTS = {
    "url": f"The full report is at {URL} for anyone who wants it, in English and in Chinese.",
    "mail": f"Write to {MAIL} or call the district office during its opening hours.",
    "number": f"A reference number {NUMBER} is printed on every page of the report.",
    "word": "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhersteller is one German word.",
    "quotes": "‘a’ “b” «c» ‹d› „e“ ‘f’ “g” «h» ‹i› „j“ «k» «l» «m» «n» «o» «p» «q» «r»",
    "german": "„Das Wort“ sagt man „hier“ und „dort“ und „überall“ in der Stadt, „immer“ wieder „gern“.",
    "danish": "»Ordet« siger man »her« og »der« og »overalt« i byen, »altid« igen »gerne«.",
}


@pytest.fixture(scope="module")
def style() -> TextStyle:
    from brochure.fonts.catalog import Catalog
    from brochure.fonts.registry import FontRequest, register, resolve
    from brochure.text.harfbuzz import FontFile

    fontset, missing = resolve(Catalog(), [FontRequest("serif", "Source Serif Pro", 400)], [])
    assert not missing, missing
    for font in fontset.all():
        register(font, "".join(sorted(set("".join(TEXTS.values())))), cjk_dash=False)
    files = {f.name: FontFile(f.face.path, f.face.index, f.request.weight) for f in fontset.all()}
    return TextStyle(font=fontset.name("serif", 400), size=SIZE, leading=14, colour=black, first_indent=0,
                     han_latin_space=0, has_glyph=fontset.has_glyph, language="en", hyphenate=True,
                     font_file=files.get)


def lines_of(style: TextStyle, text: str, width: float) -> list[str]:
    block = TextBlock(parse_inline(text), style)
    block.wrap(width, 1e6)
    for line in block.lines:
        assert line.x_end <= width + 0.01, (line.text, line.x_end, width)     # nothing runs past the measure
    return [line.text for line in block.lines]


def test_url_break_points_follow_the_style_manuals() -> None:
    text = "see https://www.example.org/a_b/c.html?x=1&y=2#z"
    allowed = {text[:at] + "|" + text[at:at + 4] for at in range(1, len(text)) if url_break(text, at)}
    assert "see https:/|/www" not in allowed and "see https:|//ww" not in allowed   # never inside or before //
    assert any(a.endswith("//|www.") for a in allowed)                              # after the double slash
    for before in ("/a_b", ".org", "_b/c", "/c.h", ".htm", "?x=1", "=1&y", "&y=2", "#z"):
        assert any(a.endswith("|" + before[:4]) for a in allowed), before
    assert not url_break("ab", 0) and not url_break("ab", 2)


@pytest.mark.parametrize("name", ["url", "mail"])
@pytest.mark.parametrize("width", [90.0, 140.0, 200.0])
def test_urls_break_at_their_break_points_without_a_hyphen(style: TextStyle, name: str, width: float) -> None:
    text = TEXTS[name]
    lines = lines_of(style, text, width)
    assert "".join(lines) == text                          # no hyphen added, nothing lost
    address = URL if name == "url" else MAIL
    start = text.index(address)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        if start < at < start + len(address):              # a line ends inside the address
            assert url_break(text, at), (line, text[at:at + 10])


@pytest.mark.parametrize("name", ["number", "word"])
def test_a_word_wider_than_the_measure_breaks_anywhere_and_only_there(style: TextStyle, name: str) -> None:
    text = TEXTS[name]
    lines = lines_of(style, text, 100.0)
    assert "".join(lines) == text
    long = NUMBER if name == "number" else text.split()[0]
    inside = sum(1 for line in lines[:-1] if line and not line.endswith(" "))
    assert 1 <= inside <= len(long) // 10, lines       # broken inside the long word, a few times
    short = lines_of(style, "A reference number is printed on every page of the report.", 100.0)
    assert all(line.endswith(" ") for line in short[:-1]), short   # other words are never cut


def test_opening_quotes_never_end_a_line_nor_closing_ones_start_one(style: TextStyle) -> None:
    for width in (40.0, 55.0, 70.0, 85.0):
        for line in lines_of(style, TEXTS["quotes"], width):
            assert line.rstrip()[-1:] not in "“‘«‹„‚" or line.rstrip()[-1:] == "“" and line.rstrip()[-2:-1] != " ", \
                (width, line)
            assert line[:1] not in "”»›", (width, line)


@pytest.mark.parametrize(("text", "closing"), [
    ("„Das Wort“ sagt man „hier“ und „dort“ und „überall“ in der Stadt, „immer“ wieder „gern“.", "“"),
    ("»Ordet« siger man »her« og »der« og »overalt« i byen, »altid« igen »gerne«.", "«"),
])
def test_a_quote_closes_where_its_language_closes_with_it(style: TextStyle, text: str, closing: str) -> None:
    """German closes with “ and Danish with «: after such a mark and its space a line may end, and
    the mark never starts a line (it was taken for an opening mark, and the space after it held)."""
    ends = set()
    for width in (60.0, 75.0, 90.0, 110.0):
        lines = lines_of(style, text, width)
        assert "".join(lines) == text
        for line in lines:
            assert line[:1] != closing, (width, line)
        ends |= {line.rstrip()[-1:] for line in lines[:-1]}
    assert closing in ends                                 # lines do end after the closing mark
