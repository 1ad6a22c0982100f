"""brochure batch, the parts without a build: recipients files and their located errors, the language
choice, template filling, the executor spec, progress output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from brochure.batch.executors import parse_executor
from brochure.batch.language import choose_language
from brochure.batch.personal import fill, is_markup, template_fields
from brochure.batch.progress import Progress
from brochure.batch.recipients import read_recipients
from brochure.diagnostics import Diagnostics
from brochure.text.inline import parse_inline

CSV = (
    "id,name,language,programme\n"                              # 1
    "lyon,Métropole de Lyon,fr,\"day 1, day 2\"\n"               # 2
    ",Nameless,en,x\n"                                           # 3  empty id
    "kazan,Казань,ru,\"two\nlines\"\n"                           # 4-5 multi-line value (a free column)
    "bad id,Bad,en,x\n"                                          # 6
    "lyon,Again,fr,x\n"                                          # 7  duplicate id
    "seoul,서울,not a tag,x\n"                                   # 8
    "short,Short,en\n"                                           # 9  a value missing
    "\n"                                                         # 10 blank line: ignored
    "sendai,仙台市,ja,x\n"                                       # 11
    "osaka,\"Osaka\nCity\",ja,x\n"                               # 12-13 a name on two lines
)


def test_csv_rows_good_and_bad_with_locations(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(CSV, encoding="utf-8")
    diags = Diagnostics()
    listed = read_recipients(path, diags)
    assert [r.id for r in listed.recipients] == ["lyon", "kazan", "sendai"]
    assert listed.columns == ["id", "name", "language", "programme"]
    kazan = listed.recipients[1]
    assert kazan.fields["programme"] == "two\nlines" and kazan.row.line == 4
    got = {(d.code, d.location.line, d.location.col) for d in diags}
    assert got == {
        ("recipients.missing-value", 3, 1),
        ("recipients.bad-id", 6, 1),
        ("recipients.duplicate-id", 7, 1),
        ("recipients.bad-language", 8, 10),          # the column (in characters) of 'not a tag'
        ("recipients.columns", 9, 1),
        ("recipients.multi-line", 12, 7),
    }, diags.items
    assert listed.recipients[0].at("programme").col == 27     # the quoted field's opening quote
    assert all(d.location.file == str(path) for d in diags)


def test_csv_with_semicolons_as_spreadsheets_save_it(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffid;name;language;seats\r\nlyon;\"Lyon; Métropole\";fr;12,5\r\nx;;en;1\r\n".encode())
    diags = Diagnostics()
    (lyon,) = read_recipients(path, diags).recipients
    assert (lyon.name, lyon.fields["seats"], lyon.at("seats").col) == ("Lyon; Métropole", "12,5", 27)
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [("recipients.missing-value", 3, 3)]


def test_csv_without_required_column(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name\nx,X\n", encoding="utf-8")
    diags = Diagnostics()
    assert read_recipients(path, diags).recipients == []
    assert diags.codes() == ["recipients.missing-column"]


def test_yaml_rows_with_locations(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("recipients:\n"
                    "  - {id: lyon, name: Métropole de Lyon, language: fr}\n"
                    "  - id: kazan\n"
                    "    name: [not, text]\n"
                    "    language: ru\n"
                    "  - {id: sendai, name: 仙台市, language: ja, seats: 12}\n", encoding="utf-8")
    diags = Diagnostics()
    listed = read_recipients(path, diags)
    assert [r.id for r in listed.recipients] == ["lyon", "sendai"]
    assert listed.recipients[1].fields["seats"] == "12"
    (d,) = diags.items
    assert (d.code, d.location.line, d.location.col) == ("recipients.value", 4, 11)


def test_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("id,name,language\nx,M\xe9tropole,fr\n".encode("latin-1"))
    diags = Diagnostics()
    read_recipients(path, diags)
    assert [(d.code, d.location.line) for d in diags] == [("recipients.encoding", 2)]


@pytest.mark.parametrize(("wanted", "got", "fallback"), [
    ("zh-CN", "zh-CN", False), ("ZH-cn", "zh-CN", False), ("zh-TW", "zh-CN", False),
    ("en-GB", "en", False), ("en", "en", False), ("fr", "zh-CN", True), ("de-AT", "zh-CN", True),
])
def test_choose_language(wanted: str, got: str, fallback: bool) -> None:
    choice = choose_language(wanted, {"zh-CN": 1, "en": 2}, "zh-CN")
    assert (choice.language, choice.fallback, choice.requested) == (got, fallback, wanted)


def test_fill_escapes_values_in_markup_only() -> None:
    fields = {"name": "*Star* [City](x)", "n": "3"}
    text = fill("To **{name}**, {n} {{braces}}", fields, markup=True)
    runs = parse_inline(text)
    assert "".join(r.text for r in runs) == "To *Star* [City](x), 3 {braces}"
    assert [r.text for r in runs if r.bold] == ["*Star* [City](x)"]
    assert not any(r.href for r in runs)
    assert fill("{name}", fields, markup=False) == "*Star* [City](x)"
    assert template_fields("{a} {{b}} {c_d}") == ["a", "c_d"]
    assert is_markup(("personal", "page", "body", 0, "paragraph"))
    assert not is_markup(("personal", "page", "body", 1, "heading"))
    assert not is_markup(("personal", "cover"))


def test_executor_spec() -> None:
    assert parse_executor("local") == ("local", None)
    assert parse_executor("local:3") == ("local", 3)
    assert parse_executor("dask://127.0.0.1:8786") == ("dask", "tcp://127.0.0.1:8786")
    for bad in ("local:0", "ray://x", "dask://nohost"):
        with pytest.raises(ValueError):
            parse_executor(bad)


def test_progress_quiet_off_a_terminal_and_talking_on_one() -> None:
    quiet = io.StringIO()
    p = Progress(3, stream=quiet)          # StringIO is not a terminal
    for _ in range(3):
        p.step()
    p.close()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    p = Progress(4, stream=loud, enabled=True, every=0.0)
    p.step()
    p.step(ok=False)
    assert "2/4 copies, 1 failed" in loud.getvalue() and "/s" in loud.getvalue() and "left" in loud.getvalue()
