"""Everyday inputs (issue 13): every block type of the README builds in every edition and passes
preflight; text with line ends; no date and no slug; typed `editions:`; located errors from `verify`;
internal errors exit 3 with a log file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import EXAMPLE

from brochure.build import Options, build, load
from brochure.docinfo import slug_of
from brochure.editions import known, setting_names
from brochure.model.editions import EditionOverride, EditionsSpec
from brochure.model.text import one_line, paragraphs

IMAGES = EXAMPLE.parent / "images"

# The README's content sketch, one section per block type, with line ends where users put them.
README_CONTENT = """\
meta: {title: 温暖之城 天心之治, subtitle: 长沙市天心区城市治理实践, edition: "2020",
       language: zh-CN, publisher: 长沙市天心区委宣传部, keywords: [天心区]}
cover: {image: {src: images/cover.jpg, focus: [0.5, 0.6]}, kicker: "长沙市天心区\\n城市治理实践"}
intro: "A lead paragraph with **bold**, *emphasis* and [links](https://example.org).\\n\\n第二段引言。"
sections:
  - title: 段落
    body: ["段落甲：一个普通的段落。\\n段落乙：换行之后的另一段。"]
  - title: 小标题
    body: [{heading: "小标题甲\\n续"}, 小标题下的文字。]
  - title: 数字
    body: [{figures: [{value: "387", unit: 家, label: "金融\\n机构"}]}]
  - title: 图表
    body: [{chart: {type: bar, title: 增速图表, unit: "%", categories: ["地区\\n生产总值", b],
                    series: {增速: [9, 10]}, source: 来源}}]
  - title: 引语
    body: [{quote: {text: "南城无难事", cite: "某\\n人"}}]
  - title: 列表
    body: [{list: [列表第一项, "列表\\n第二项"]}]
  - title: 表格
    body: [{table: {header: [年份, 数值], rows: [[2019, 9], [2020, "十\\n一"]], caption: 表注文字}}]
  - title: 图片
    image: {src: images/3.jpg, caption: 开篇图说明, credit: 插图}
    body: [{image: {src: images/2.jpg, caption: 图片说明文字}}]
back:
  text: "封底第一行

    封底第二行"
  contact: [电话：0731-0000, "编辑：\\n某人"]
"""
# What each block type must put on the page: (section title, text that only that block draws).
BLOCKS = {
    "paragraph": "段落乙：换行之后的另一段。", "heading": "小标题甲续", "figures": "金融机构",
    "chart": "增速图表", "quote": "南城无难事", "list": "列表第二项", "table": "十一",
    "image": "图片说明文字",
}


def write_case(folder: Path, text: str = README_CONTENT, name: str = "brochure.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "images").exists():
        shutil.copytree(IMAGES, folder / "images")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def page_texts(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    return ["".join(page.get_textpage().get_text_range().split()) for page in doc]


@pytest.fixture(scope="module")
def readme_build(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("readme") / "readme-blocks"
    content = write_case(folder)
    result = build(Options(content, editions=known(), out_dir=folder / "out", quiet=True))
    return content, result


def test_readme_content_builds_in_every_edition_and_passes_preflight(readme_build) -> None:
    _, result = readme_build
    assert result.report.ok
    assert not result.diags.errors, [d.format() for d in result.diags.errors]
    assert sorted(result.outputs) == sorted(known())
    for edition, path in result.outputs.items():
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for font in (page.obj.get("/Resources", {}).get("/Font") or {}).values():
                    assert "Helvetica" not in str(font.get("/BaseFont")), (edition, font)


@pytest.mark.parametrize("edition", ["print", "email", "archive"])
@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_each_readme_block_type_is_drawn(readme_build, block: str, edition: str) -> None:
    _, result = readme_build
    text = "".join(page_texts(result.outputs[edition]))
    assert BLOCKS[block] in text


def test_line_ends_become_paragraphs_or_spaces_never_glyphs(readme_build) -> None:
    _, result = readme_build
    pages = page_texts(result.outputs["email"])
    assert "长沙市天心区城市治理实践" in pages[0]          # the kicker's line end vanished between Han
    back = pages[-1]
    assert "封底第一行" in back and "封底第二行" in back and "编辑：某人" in back
    assert "\x00" not in "".join(pages)


def test_text_folding() -> None:
    assert one_line("长沙市\n天心区") == "长沙市天心区"
    assert one_line("Hello\n  world\tagain") == "Hello world again"
    assert one_line("数字\n2020") == "数字 2020"
    assert paragraphs("第一段\n\n  第二段\n第三段\n") == "第一段\n第二段\n第三段"


def test_two_builds_without_a_date_are_identical(tmp_path: Path) -> None:
    """No meta.date, no SOURCE_DATE_EPOCH: the date comes from the content file, not the clock, so
    rebuilding (here, in a new process, and into the same folder) gives the same bytes in every
    edition and the archive is not refused."""
    text = re.sub(r"cover: .*\n", "", README_CONTENT)
    content = write_case(tmp_path / "nodate", text)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    from brochure.cache import cache_dir

    try:
        first = build(Options(content, editions=known(), out_dir=tmp_path / "a", quiet=True))
        ink_results = sorted(cache_dir("preflight").glob("ink-*"))
        assert ink_results or not shutil.which("gs")
        again = build(Options(content, editions=known(), out_dir=tmp_path / "a", quiet=True))
        # the print edition's bytes are the same, so the ink check's cache (keyed by them) answered
        assert sorted(cache_dir("preflight").glob("ink-*")) == ink_results
    finally:
        os.environ.clear()
        os.environ.update(env)
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out",
                           str(tmp_path / "b"), "-q"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    for edition in known():
        data = first.outputs[edition].read_bytes()
        assert again.outputs[edition].read_bytes() == data, edition
        assert (tmp_path / "b" / first.outputs[edition].name).read_bytes() == data, edition
    with pikepdf.open(first.outputs["archive"]) as pdf:
        stamp = int(content.stat().st_mtime)
        import datetime as dt
        when = dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("D:%Y%m%d%H%M%S")
        assert str(pdf.docinfo["/CreationDate"]).startswith(when)


def test_source_date_epoch_sets_the_date_when_the_content_has_none(tmp_path: Path, monkeypatch) -> None:
    content = write_case(tmp_path / "epoch", re.sub(r"cover: .*\n", "", README_CONTENT))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")       # 2020-01-01T00:00:00Z
    result = build(Options(content, editions=["email"], out_dir=tmp_path / "out", quiet=True))
    with pikepdf.open(result.outputs["email"]) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20200101000000")


def test_slug_from_the_folder_file_name_or_title(tmp_path: Path) -> None:
    loaded = load(Options(write_case(tmp_path / "Spring Fair 2026")), with_fonts=False)
    assert slug_of(Options(Path("brochure.yaml")), loaded.content) == Path.cwd().name.replace(" ", "-") \
        or Path.cwd().name == ""
    assert slug_of(Options(tmp_path / "Spring Fair 2026" / "brochure.yaml"), loaded.content) == "Spring-Fair-2026"
    assert slug_of(Options(tmp_path / "x" / "my report.yaml"), loaded.content) == "my-report"
    assert slug_of(Options(Path("/brochure.yaml")), loaded.content) == "温暖之城-天心之治"


def test_cli_without_slug_names_files_after_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "autumn-show"
    write_case(folder, "meta: {title: 无名}\nsections: [{title: 一, body: [段落]}]\n")
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "build", "brochure.yaml", "--edition",
                           "email", "-q"], capture_output=True, text=True, cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "out" / "autumn-show-email.pdf").is_file()
    assert not (folder / "out" / "-email.pdf").exists()


def test_merge_key_may_be_overridden(tmp_path: Path) -> None:
    content = write_case(tmp_path / "merge", "meta: {title: 合并}\nsections:\n"
                         "  - &first {title: 第一节, subtitle: 甲, body: [段落]}\n"
                         "  - <<: *first\n    title: 第二节\n")
    loaded = load(Options(content), with_fonts=False)
    second = loaded.content.sections[1]
    assert (second.title, second.subtitle) == ("第二节", "甲")


def test_edition_schema_matches_the_edition_settings() -> None:
    assert set(EditionOverride.model_fields) == setting_names()
    assert set(EditionsSpec.model_fields) == set(known())
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "schema", "content"], capture_output=True,
                          text=True)
    schema = json.loads(proc.stdout)
    override = schema["$defs"]["EditionOverride"]
    assert override["additionalProperties"] is False and "jpeg_quality" in override["properties"]
    assert schema["$defs"]["EditionsSpec"]["additionalProperties"] is False


def test_edition_settings_reach_the_edition(tmp_path: Path) -> None:
    from brochure.build import edition_settings

    content = write_case(tmp_path / "eds", "meta: {title: 设置}\nsections: [{title: 一, body: [段落]}]\n"
                         "editions: {email: {image_ppi: 120, jpeg_quality: 70}}\n")
    p = load(Options(content), with_fonts=False)
    settings = edition_settings(p, "email")
    assert (settings.image_ppi, settings.jpeg_quality, settings.linearize) == (120, 70, True)


def test_check_cli_refuses_a_picture_the_build_refuses() -> None:
    case = Path(__file__).parent / "data" / "bad" / "pictures" / "content.yaml"
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "check", str(case)], capture_output=True,
                          text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"content\.yaml:5:22: error\[image\.too-low-resolution\]", proc.stderr)
    assert re.search(r"content\.yaml:6:22: error\[image\.unreadable\]: garbage\.jpg is damaged", proc.stderr)


def _archive_with(tmp_path: Path, manifest: bytes | None) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if manifest is not None:
        pdf.attachments["manifest.json"] = pikepdf.AttachedFileSpec(pdf, manifest, filename="manifest.json")
    out = tmp_path / "archive.pdf"
    pdf.save(out)
    return out


@pytest.mark.parametrize("kind", ["not-a-pdf", "no-manifest", "bad-json", "bad-inputs", "bad-date"])
def test_verify_reports_bad_files_without_a_traceback(tmp_path: Path, kind: str) -> None:
    if kind == "not-a-pdf":
        target = tmp_path / "x.pdf"
        target.write_text("not a pdf")
    else:
        manifest = {"no-manifest": None, "bad-json": b"{", "bad-inputs": b'{"inputs": 5}',
                    "bad-date": json.dumps({"inputs": [{"name": "c.yaml", "sha256": "0", "role": "content"},
                                                       {"name": "l.yaml", "sha256": "0", "role": "layout"}],
                                            "date": "yesterday"}).encode()}[kind]
        target = _archive_with(tmp_path, manifest)
    proc = subprocess.run([sys.executable, "-m", "brochure.cli", "verify", str(target)], capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert re.search(rf"{re.escape(target.name)}: error\[verify\.not-an-archive\]", proc.stderr)


def test_internal_error_exits_3_with_a_log_file(tmp_path: Path) -> None:
    script = ("import sys, brochure.build as b\n"
              "def boom(*a, **k): raise RuntimeError('deliberate')\n"
              "b.load = boom\n"
              "from brochure import cli\n"
              f"sys.exit(cli.main(['check', {str(EXAMPLE)!r}]))\n")
    env = {**os.environ, "BROCHURE_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "internal error: RuntimeError: deliberate" in proc.stderr
    log = Path(re.search(r"the traceback is in (\S+)", proc.stderr).group(1))
    assert log.parent == tmp_path / "cache" / "logs"
    assert "Traceback" in log.read_text() and "deliberate" in log.read_text()


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("byte_order", ["big", "little"])
def test_header_size_agrees_with_pillow(tmp_path: Path, orientation: int, byte_order: str) -> None:
    """`brochure check` sizes JPEGs from their headers (no Pillow): the same answer as Pillow's."""
    from PIL import Image

    from brochure.images.probe import image_size
    from brochure.images.resolution import header_size

    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 200), "red").save(path, exif=exif.tobytes(0) if byte_order == "big" else
                                             exif.tobytes())
    assert header_size(path) == image_size(path) == ((200, 300) if orientation >= 5 else (300, 200))


def test_links_the_brochure_can_follow_pass(tmp_path: Path) -> None:
    content = write_case(tmp_path / "links", "meta: {title: 链接}\nsections:\n  - title: 第一节\n    body:\n"
                         "      - \"见[第一节](#s0)、[邮件](mailto:office@example.org)和[网站](https://example.org)。\"\n"
                         "      - heading: 小标题\n      - \"回到[小标题](#h-0-body-1)。\"\n")
    loaded = load(Options(content), with_fonts=False)
    assert not loaded.diags.errors
