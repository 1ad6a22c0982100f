"""brochure batch end to end on a small brochure: copies, names in many scripts, refused rows, the
manifest, byte identity with a build for one recipient alone, e-mail drafts parsed back, sending to a
real SMTP server on 127.0.0.1, retries, and a real Dask LocalCluster giving the same bytes."""

from __future__ import annotations

import csv
import email
import hashlib
import json
import os
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from brochure.batch.mail import MailSettings
from brochure.batch.run import BatchOptions, run_batch
from brochure.errors import BrochureError

CONTENT = """\
meta: {title: 城市治理简报, subtitle: 访问资料, language: zh-CN, publisher: 天心区, date: 2020-01-15, slug: brief}
intro: 一段简短的前言。
sections:
  - title: 基层治理
    body:
      - 网格治理与社区服务的实践。
      - figures: [{value: "330", unit: 个, label: 网格先锋组织}]
personal:
  cover: 敬呈 {name} 代表团
  page:
    title: 致 {name} 代表团
    body:
      - 尊敬的{name}代表团：欢迎来访。
      - heading: 访问日程
      - "{programme}"
  email:
    subject: 城市治理简报——致{name}代表团
    body: |
      尊敬的{name}代表团：
      随信附上简报与日程。
"""

RECIPIENTS = (
    "id,name,language,email,programme\n"
    "lyon,Métropole de Lyon,fr,lyon@example.org,5月12日 参观\n"
    "kazan,Казань,ru,kazan@example.org,5月13日 座谈\n"
    "sendai,仙台市,ja,sendai@example.org,5月14日 参观\n"
    "seoul,서울특별시,ko,seoul@example.org,5月15日 座谈\n"
    "wuhan,武汉市,zh-CN,wuhan@example.org,5月16日 交流\n"
    "delhi,नई दिल्ली,hi,delhi@example.org,5月17日 交流\n"       # no font of the layout has Devanagari
    "broken,,en,x@example.org,x\n"                                # no name
    "empty,Empty City,en,e@example.org,\n"                        # no programme: its paragraph would be empty
)


TRANSLATION = """\
translates: brochure.yaml
meta: {title: City Governance Brief, subtitle: Visit papers, language: en, publisher: Tianxin District}
intro: A short introduction.
sections:
  - title: Community governance
    body:
      - Grid governance and community services in practice.
      - figures: [{unit: "", label: grid vanguard groups}]
personal:
  cover: Presented to the delegation of {name}
  page:
    title: To the delegation of {name}
    body: ["Dear {name} delegation: welcome.", {heading: Programme}, "{programme}"]
  email:
    subject: "City Governance Brief: for the delegation of {name}"
    body: |
      Dear {name} delegation,
      please find the brief and the programme attached.
"""


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brief")
    (folder / "brochure.yaml").write_text(CONTENT, encoding="utf-8")
    (folder / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pooled(brief: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pooled")
    result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=out,
                                    executor="local:2", mail=MailSettings(drafts=True, sender="press@example.org"),
                                    quiet=True))
    return result, out


def test_good_rows_made_bad_rows_refused_with_location(pooled, brief: Path) -> None:
    result, out = pooled
    status = {r.recipient: r.status for r in result.rows}
    assert status == {"lyon": "ok", "kazan": "ok", "sendai": "ok", "seoul": "ok", "wuhan": "ok", "delhi": "refused",
                      "empty": "refused"}
    errors = {(d.code, str(d.location)) for d in result.diags.errors}
    csv_path = brief / "recipients.csv"
    assert ("recipients.missing-glyph", f"{csv_path}:7:7") in errors          # delhi's name, at its column
    assert ("recipients.missing-value", f"{csv_path}:8:8") in errors          # broken: empty name
    assert ("recipients.missing-value", f"{csv_path}:9:35") in errors         # empty: the programme
    assert len(errors) == 3
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(
        f"brief-{i}-zh-CN.pdf" for i in ("lyon", "kazan", "sendai", "seoul", "wuhan"))


def test_manifest_matches_the_files(pooled) -> None:
    result, out = pooled
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert rows == [{k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in r.__dict__.items()}
                    for r in result.rows]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))[0]["recipient"] == "lyon"
    for row in rows:
        if row["status"] != "ok":
            assert row["file"] == "" and row["sha256"] == ""
            continue
        data = (out / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == int(row["size"])
        assert row["language"] == "zh-CN"
        assert row["fallback"] == ("false" if row["recipient"] == "wuhan" else "true")
    import pikepdf

    with pikepdf.open(out / "brief-lyon-zh-CN.pdf") as pdf:
        assert len(pdf.pages) == int(rows[0]["pages"])


def page_text(path: Path, index: int) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


@pytest.mark.parametrize(("rid", "name"), [("lyon", "Métropole de Lyon"), ("kazan", "Казань"),
                                           ("sendai", "仙台市"), ("seoul", "서울특별시")])
def test_names_in_every_script_are_set(pooled, rid: str, name: str) -> None:
    from brochure.preflight.standalone import preflight_file

    _, out = pooled
    path = out / f"brief-{rid}-zh-CN.pdf"
    cover, page = page_text(path, 0), page_text(path, 1)
    assert f"敬呈 {name} 代表团" in cover and "城市治理简报" in cover
    assert f"致 {name} 代表团" in page and "访问日程" in page
    diags, report = preflight_file(path, "email", "a4-booklet", False)
    assert report is not None and report.ok, [d.format() for d in diags]
    assert "pdf.missing-glyph" not in diags.codes()


def test_copy_is_a_valid_linearised_pdf(pooled) -> None:
    from conftest import require_tool

    qpdf = require_tool("qpdf")
    _, out = pooled
    path = out / "brief-sendai-zh-CN.pdf"
    check = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "File is linearized" in subprocess.run([qpdf, "--show-linearization", str(path)],
                                                  capture_output=True, text=True).stdout + "File is linearized"
    lin = subprocess.run([qpdf, "--check-linearization", str(path)], capture_output=True, text=True)
    assert lin.returncode == 0, lin.stdout + lin.stderr


@pytest.mark.slow
def test_copy_is_what_a_build_for_that_recipient_alone_writes(pooled, brief: Path, tmp_path: Path) -> None:
    """A fresh process, one recipient: the same bytes as the pooled batch wrote (fonts, base, stamp)."""
    _, out = pooled
    for rid in ("kazan", "seoul"):
        alone = tmp_path / rid
        run = subprocess.run([sys.executable, "-m", "brochure", "batch", str(brief / "brochure.yaml"),
                              str(brief / "recipients.csv"), "--only", rid, "--out", str(alone), "-q"],
                             capture_output=True, text=True, env={**os.environ})
        assert run.returncode == 0, run.stderr
        assert (alone / f"brief-{rid}-zh-CN.pdf").read_bytes() == (out / f"brief-{rid}-zh-CN.pdf").read_bytes()


def test_drafts_parse_back(pooled) -> None:
    result, out = pooled
    for row in result.rows:
        if row.status != "ok":
            assert row.eml == ""
            continue
        msg = email.message_from_bytes((out / row.eml).read_bytes(), policy=policy.default)
        assert msg["Subject"] == f"城市治理简报——致{row.name}代表团"
        assert msg["To"].addresses[0].addr_spec == f"{row.recipient}@example.org"
        assert msg["To"].addresses[0].display_name == row.name
        assert msg["From"] == "press@example.org" and msg["X-Unsent"] == "1"
        assert f"尊敬的{row.name}代表团" in msg.get_body(("plain",)).get_content()
        (attachment,) = list(msg.iter_attachments())
        assert attachment.get_content_type() == "application/pdf" and attachment.get_filename() == row.file
        assert hashlib.sha256(attachment.get_content()).hexdigest() == row.sha256


def test_send_to_a_local_smtp_server(brief: Path, tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[tuple[list[str], bytes]] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as probe:           # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mail = MailSettings(send=True, confirm=True, sender="press@example.org", smtp_host="127.0.0.1",
                            smtp_port=port)
        result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path,
                                        only=["lyon", "kazan"], executor="local:1", mail=mail, quiet=True))
        dry = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path,
                                     only=["sendai"], executor="local:1", quiet=True,
                                     mail=MailSettings(send=True, sender="press@example.org",
                                                       smtp_host="127.0.0.1", smtp_port=port)))
    finally:
        controller.stop()
    assert sorted(result.sent) == ["kazan", "lyon"] and dry.sent == ["sendai"]
    assert sorted(rcpt for rcpts, _ in inbox.messages for rcpt in rcpts) == ["kazan@example.org", "lyon@example.org"]
    for _, raw in inbox.messages:
        msg = email.message_from_bytes(raw, policy=policy.default)
        (attachment,) = list(msg.iter_attachments())
        sent = attachment.get_content()
        assert sent == (tmp_path / attachment.get_filename()).read_bytes()
        assert msg["X-Unsent"] is None


def test_failed_job_is_retried_once_then_reported(brief: Path, tmp_path: Path, pooled,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROCHURE_BATCH_FAULTS", "lyon:1,kazan:2")
    result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path,
                                    only=["lyon", "kazan", "wuhan"], executor="local:2", quiet=True))
    status = {r.recipient: r.status for r in result.rows}
    assert status == {"lyon": "ok", "kazan": "failed", "wuhan": "ok"}
    (failed,) = result.diags.errors
    assert failed.code == "batch.copy-failed" and failed.location.line == 3 and "kazan" in failed.message
    _, out = pooled
    for rid in ("lyon", "wuhan"):                    # a retried copy is the same copy
        assert (tmp_path / f"brief-{rid}-zh-CN.pdf").read_bytes() == (out / f"brief-{rid}-zh-CN.pdf").read_bytes()


def test_recipients_get_their_language_edition_or_the_fallback(brief: Path, tmp_path: Path) -> None:
    """With an English translation beside the content: en and en-GB get the English edition (its cover
    line, page and mail in English), fr falls back to the content's own language, noted."""
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "brochure.yaml").write_text(CONTENT, encoding="utf-8")
    (folder / "brochure.en.yaml").write_text(TRANSLATION, encoding="utf-8")
    (folder / "recipients.yaml").write_text(
        "- {id: london, name: Greater London, language: en-GB, email: l@example.org, programme: '12 May, talks'}\n"
        "- {id: boston, name: Boston, language: en, email: b@example.org, programme: '13 May, visit'}\n"
        "- {id: lyon, name: Lyon, language: fr, email: y@example.org, programme: 5月14日 参观}\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(BatchOptions(folder / "brochure.yaml", folder / "recipients.yaml", out_dir=out,
                                    mail=MailSettings(drafts=True), quiet=True))
    rows = {r.recipient: r for r in result.rows}
    assert [(r.status, r.language, r.fallback, r.file) for r in result.rows] == [
        ("ok", "en", False, "brief-london-en.pdf"), ("ok", "en", False, "brief-boston-en.pdf"),
        ("ok", "zh-CN", True, "brief-lyon-zh-CN.pdf")]
    assert rows["london"].requested_language == "en-GB"
    cover, page = page_text(out / "brief-london-en.pdf", 0), page_text(out / "brief-london-en.pdf", 1)
    assert "Presented to the delegation of Greater London" in cover and "City Governance Brief" in cover
    assert "To the delegation of Greater London" in page and "12 May, talks" in page
    assert "敬呈 Lyon 代表团" in page_text(out / "brief-lyon-zh-CN.pdf", 0)
    msg = email.message_from_bytes((out / "brief-boston-en.eml").read_bytes(), policy=policy.default)
    assert msg["Subject"] == "City Governance Brief: for the delegation of Boston"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(m["requested_language"], m["language"], m["fallback"]) for m in manifest] == [
        ("en-GB", "en", False), ("en", "en", False), ("fr", "zh-CN", True)]


def test_content_errors_stop_the_batch(brief: Path, tmp_path: Path) -> None:
    bad = tmp_path / "brochure.yaml"
    bad.write_text(CONTENT.replace("{programme}", "{programm}"), encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        run_batch(BatchOptions(bad, brief / "recipients.csv", out_dir=tmp_path / "out", quiet=True))
    (d,) = [d for d in caught.value.diagnostics.errors if d.code.startswith("personal.")]
    assert d.code == "personal.unknown-field" and (d.location.line, d.location.col) == (15, 9)
    assert "'{programm}'" in d.message
    pictured = tmp_path / "pictured.yaml"
    pictured.write_text(CONTENT.replace("      - heading: 访问日程\n", "      - image: images/x.jpg\n"),
                        encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        run_batch(BatchOptions(pictured, brief / "recipients.csv", out_dir=tmp_path / "out", quiet=True))
    (d,) = [d for d in caught.value.diagnostics.errors if d.location and d.location.file == str(pictured)]
    assert d.code == "content.invalid-value" and "not pictures" in d.message and d.location.line == 13
    none = tmp_path / "plain.yaml"
    none.write_text(CONTENT.split("personal:")[0], encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        run_batch(BatchOptions(none, brief / "recipients.csv", out_dir=tmp_path / "out", quiet=True))
    assert "personal.missing" in caught.value.diagnostics.codes()
    with pytest.raises(BrochureError) as caught:
        run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", edition="archive",
                               out_dir=tmp_path / "out", quiet=True))
    assert caught.value.diagnostics.codes() == ["batch.edition"]
    assert not (tmp_path / "out").exists()


def test_print_copies_stay_cmyk_and_pass_preflight(brief: Path, tmp_path: Path) -> None:
    from brochure.preflight.standalone import preflight_file

    result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", edition="print",
                                    out_dir=tmp_path, only=["seoul"], quiet=True))
    assert [r.status for r in result.rows] == ["ok"]
    path = tmp_path / "brief-seoul-zh-CN.pdf"
    assert "서울특별시" in page_text(path, 0)
    diags, report = preflight_file(path, "print", "a4-booklet", False)
    assert report is not None and report.ok, [d.format() for d in diags]
    assert "pdf.rgb-colour" not in diags.codes()


def test_command_line_exit_codes(brief: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brochure.cli import main

    args = ["batch", str(brief / "brochure.yaml"), str(brief / "recipients.csv"), "--out", str(tmp_path), "-q"]
    assert main([*args, "--executor", "ray://somewhere"]) == 2
    assert main([*args, "--only", "wuhan", "--send", "--mail-from", "press@example.org"]) == 0
    err = capsys.readouterr().err
    assert "dry run: would send brief-wuhan-zh-CN.pdf" in err and "would send: 1 message(s)" in err
    assert main(args) == 1                       # two rows refused: reported, the others written
    err = capsys.readouterr().err
    assert "recipients.csv:7:7: error[recipients.missing-glyph]" in err and "5 of 7 copies written" in err


def test_copies_leave_nothing_behind_in_the_process(brief: Path, tmp_path: Path) -> None:
    """Memory stays flat in the number of recipients: a copy's fonts, family entries and measurements
    are gone once it is made (copies here in this process: local:1)."""
    from reportlab.lib import fonts as families
    from reportlab.pdfbase import pdfmetrics

    from brochure.text import metrics

    def held() -> tuple[int, ...]:
        return (len(pdfmetrics._fonts), len(pdfmetrics._dynFaceNames), len(families._tt2ps_map),
                len(families._ps2tt_map), len(metrics._KEEP))

    opts = BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path, executor="local:1",
                        only=["lyon", "kazan"], quiet=True)
    run_batch(opts)
    before = held()
    opts.only = ["lyon", "kazan", "sendai", "seoul", "wuhan"]
    assert [r.status for r in run_batch(opts).rows] == ["ok"] * 5
    assert held() == before


def test_characters_the_census_missed_are_converted_and_the_pages_set_again(
        brief: Path, tmp_path: Path, pooled, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the characters worked out for a recipient's pages miss some (here: the name's), the fonts are
    converted again with them and the pages laid out again: the copy is the one the batch made."""
    from brochure.batch import personal

    real = personal.page_chars
    monkeypatch.setattr(personal, "page_chars", lambda p: "".join(c for c in real(p) if c not in "Казань"))
    result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path,
                                    executor="local:1", only=["kazan"], quiet=True))
    assert [r.status for r in result.rows] == ["ok"]
    _, out = pooled
    assert (tmp_path / "brief-kazan-zh-CN.pdf").read_bytes() == (out / "brief-kazan-zh-CN.pdf").read_bytes()


# Last in the file: the cluster leaves threads behind, and the tests above fork worker processes.
@pytest.mark.slow
def test_dask_cluster_gives_the_same_bytes(brief: Path, tmp_path: Path, pooled,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Two threads on one worker (they take turns), over TCP on the loopback; lyon's first attempt
    fails and is retried on the cluster."""
    from distributed import LocalCluster

    monkeypatch.setenv("BROCHURE_BATCH_FAULTS", "lyon:1")

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        result = run_batch(BatchOptions(brief / "brochure.yaml", brief / "recipients.csv", out_dir=tmp_path,
                                        executor=f"dask://{address}", quiet=True))
    pooled_rows = {r.recipient: r.sha256 for r in pooled[0].rows}
    assert {r.recipient: r.sha256 for r in result.rows} == pooled_rows
    assert sum(1 for v in pooled_rows.values() if v) == 5
