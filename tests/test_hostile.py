"""Hostile and huge inputs: each ends in seconds, within a memory cap, with a located diagnostic or a
correct PDF; nothing unsafe reaches a PDF; nothing is half-written; no temporary file outlives a build.

Cases that are about memory run the CLI in a child process under an address-space cap
(RLIMIT_AS), so a regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from brochure import limits
from brochure.diagnostics import Diagnostics
from brochure.model.source import parse_yaml

CAP = 2 * 1024**3                 # address space of a capped child: a runaway fails, the machine lives
HEAD = "meta: {title: Small, language: en, date: 2020-01-15, slug: small}\n"
SMALL = HEAD + """\
intro: "A lead with **bold**, *emphasis*, a [link](https://example.org), <script>x</script> & **open"
sections:
  - title: First
    body:
      - "Plain text, 2 * 3 * 4 and a_b_c."
      - heading: More
  - title: Second
    body: ["Another paragraph with [mail](mailto:office@example.org) and [a call](tel:+861234)."]
"""
LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: error\[(?P<code>[\w.-]+)\]", re.M)


def run_capped(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
               cap: int = CAP) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """`brochure ARGS` in a child under an address-space cap: (result, seconds, peak RSS in MiB of the
    largest process of the build, workers included)."""
    probe = ("import resource, subprocess, sys\n"
             f"resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))\n"
             "r = subprocess.run([sys.executable, '-m', 'brochure.cli', *sys.argv[1:]])\n"
             "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
             "sys.exit(r.returncode)\n")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - t0
    peak = re.search(r"PEAK (\d+)", r.stderr)
    return r, seconds, int(peak.group(1)) // 1024 if peak else -1


def located(stderr: str) -> list[str]:
    return [m.group("code") for m in LOCATED.finditer(stderr)]


def brochure(tmp_path: Path, text: str, name: str = "brochure.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def laughs(levels: int = 9) -> str:
    doc = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels + 1):
        doc += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return doc


# -- YAML: aliases, nesting, size ------------------------------------------------------------------------
def test_billion_laughs_stops_in_milliseconds_with_a_location() -> None:
    diags = Diagnostics()
    t0 = time.perf_counter()
    parse_yaml(laughs(), "bomb.yaml", diags)
    assert time.perf_counter() - t0 < 0.5
    (d,) = diags.errors
    assert d.code == "limit.yaml-aliases" and d.location and d.location.line > 1


def test_aliases_within_bounds_still_work() -> None:
    diags = Diagnostics()
    src = parse_yaml("a: &x {k: 1}\nb: *x\nc: [*x, *x]\n", "ok.yaml", diags)
    assert not diags.items and src.data["c"] == [{"k": 1}, {"k": 1}]


def test_one_long_string_repeated_by_aliases_is_bounded() -> None:
    diags = Diagnostics()
    parse_yaml("s: &s '" + "x" * 100_000 + "'\nt: [" + ", ".join(["*s"] * 200) + "]\n", "big.yaml", diags)
    assert diags.codes() == ["limit.yaml-size"]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "a: " + "{b: " * 3000 + "1" + "}" * 3000])
def test_deep_nesting_is_a_located_error(text: str) -> None:
    diags = Diagnostics()
    parse_yaml(text, "deep.yaml", diags)
    (d,) = diags.errors
    assert d.code == "yaml.too-deep" and d.location and d.location.col > 1


def test_billion_laughs_in_check_and_build_under_a_memory_cap(tmp_path: Path) -> None:
    content = brochure(tmp_path, HEAD + "x:\n" + "".join(f"  {line}\n" for line in laughs().splitlines()) +
                       "sections: [{title: S, body: [hi]}]\n")
    for command in ("check", "build"):
        r, seconds, _ = run_capped(command, str(content),
                                   *(["--edition", "email", "--out", str(tmp_path / "out")] if command == "build"
                                     else []))
        assert r.returncode == 1 and located(r.stderr) == ["limit.yaml-aliases"], r.stderr
        assert "Traceback" not in r.stderr and seconds < 15


def test_a_yaml_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    content = brochure(tmp_path, HEAD + "# " + "x" * limits.YAML_BYTES + "\n")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["limit.yaml-size"]


# -- content and layout limits ---------------------------------------------------------------------------
def test_too_many_sections_and_too_long_a_paragraph(tmp_path: Path) -> None:
    sections = "".join(f"  - {{title: S{i}, body: [hi]}}\n" for i in range(limits.SECTIONS + 1))
    long = "  - {title: Long, body: ['" + "word " * (limits.TEXT_CHARS // 5 + 1) + "']}\n"
    content = brochure(tmp_path, HEAD + "sections:\n" + sections + long)
    r, seconds, _ = run_capped("check", str(content))
    assert r.returncode == 1 and sorted(located(r.stderr)) == ["limit.sections", "limit.text"], r.stderr
    assert f"brochure.yaml:{limits.SECTIONS + 3}:" in r.stderr      # the first section past the limit


def test_a_twenty_metre_page_is_refused_at_validation(tmp_path: Path) -> None:
    content = brochure(tmp_path, HEAD + "layout: big.yaml\nsections: [{title: S, body: [hi]}]\n")
    brochure(tmp_path, "extends: a4-booklet\npage: {size: [20000mm, 20000mm]}\n", "big.yaml")
    r, _, _ = run_capped("build", str(content), "--out", str(tmp_path / "out"))
    # (the layout model refuses it first: layout.page-too-large; limit.page-size is the same bound)
    assert r.returncode == 1 and located(r.stderr) in (["layout.page-too-large"], ["limit.page-size"])
    assert "big.yaml:2:" in r.stderr
    assert not (tmp_path / "out" / "small-print.pdf").exists()


def test_charts_past_the_limits(tmp_path: Path) -> None:
    names = ", ".join(f"c{i}" for i in range(limits.CHART_CATEGORIES + 1))
    many = ", ".join(str(i) for i in range(limits.CHART_CATEGORIES + 1))
    content = brochure(tmp_path, HEAD + f"""sections:
  - title: S
    body:
      - chart: {{type: bar, title: Many, categories: [{names}], series: {{a: [{many}]}}}}
""")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["limit.chart"], r.stderr
    content.write_text(HEAD + "sections: [{title: S, body: [{chart: {type: bar, title: Huge, categories: [a], "
                       "series: {a: [1e300]}}}]}]\n")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["content.invalid-value"] and "1e+15" in r.stderr, r.stderr


# -- links and files outside the brochure ----------------------------------------------------------------
def test_unsafe_link_schemes_are_located_errors(tmp_path: Path) -> None:
    content = brochure(tmp_path, HEAD + """sections:
  - title: S
    body:
      - "[a](javascript:alert(1)) [b](file:///etc/passwd)"
      - "[c](data:text/html,x) [d](JAVASCRIPT:x) [e](vbscript:x) [f](https:no-host)"
      - "[ok](https://example.org) [m](mailto:a@example.org) [t](tel:+1) [s](#s0)"
""")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["content.unsafe-link"] * 6, r.stderr
    assert "brochure.yaml:5:9" in r.stderr and "brochure.yaml:6:9" in r.stderr


def test_layout_named_by_the_content_stays_inside_the_allowed_roots(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    content = brochure(folder, HEAD + "layout: /proc/self/environ\nsections: [{title: S, body: [hi]}]\n")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["layout.path-escape"]
    (tmp_path / "shared.yaml").write_text("extends: a4-booklet\n")
    brochure(folder, "extends: ../shared.yaml\n", "own.yaml")
    content.write_text(HEAD + "layout: own.yaml\nsections: [{title: S, body: [hi]}]\n")
    r, _, _ = run_capped("check", str(content))
    assert r.returncode == 1 and located(r.stderr) == ["layout.path-escape"] and "own.yaml:1:" in r.stderr
    r, _, _ = run_capped("check", str(content), "--assets", str(tmp_path))       # allowed explicitly
    assert r.returncode == 0, r.stderr


def test_symlink_and_fifo_do_not_escape(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "secret.jpg").symlink_to("/etc/passwd")
    os.mkfifo(folder / "images" / "pipe.jpg")
    content = brochure(folder, HEAD + """sections:
  - {title: A, image: {src: images/secret.jpg, alt: a secret}, body: [hi]}
  - {title: B, image: {src: images/pipe.jpg, alt: a pipe}, body: [hi]}
  - {title: C, image: {src: ../../../etc/hostname, alt: a host}, body: [hi]}
""")
    r, seconds, _ = run_capped("check", str(content), timeout=30)
    assert r.returncode == 1 and seconds < 20, r.stderr
    codes = located(r.stderr)
    assert len(codes) == 3 and codes.count("content.path-escape") >= 2, r.stderr


def test_no_yaml_tag_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    content = brochure(tmp_path, HEAD + f"x: !!python/object/apply:os.system ['touch {marker}']\n"
                       "sections: [{title: S, body: [hi]}]\n")
    r, _, _ = run_capped("build", str(content), "--out", str(tmp_path / "out"), "--edition", "email")
    assert r.returncode == 1 and "yaml.unsafe" in r.stderr and not marker.exists()


# -- pictures ----------------------------------------------------------------------------------------------
def huge_png(path: Path, width: int, height: int) -> None:
    """A valid RGB PNG of width x height, written row by row (never whole in memory)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    packer = zlib.compressobj(9)
    row = b"\0" + b"\x80" * (3 * width)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_144_megapixel_png_is_refused_at_validation_not_decoded(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    huge_png(tmp_path / "images" / "big.png", 12_000, 12_000)
    content = brochure(tmp_path, HEAD + "sections: [{title: S, image: {src: images/big.png, alt: a big picture}, "
                                        "body: [hi]}]\n")
    r, seconds, peak = run_capped("build", str(content), "--out", str(tmp_path / "out"), "--edition", "email")
    assert r.returncode == 1 and located(r.stderr) == ["image.too-large"], r.stderr
    assert "MiB of memory to decode" in r.stderr and peak < 300, peak


@pytest.mark.slow
def test_a_big_jpeg_is_decoded_reduced(tmp_path: Path) -> None:
    """An 80-megapixel JPEG on the cover (print: 300 ppi) is decoded at half size, not in full."""
    (tmp_path / "images").mkdir()
    subprocess.run([sys.executable, "-c", "from PIL import Image; import sys; "
                    "Image.new('RGB', (10000, 8000), (200, 120, 40)).save(sys.argv[1], quality=70)",
                    str(tmp_path / "images" / "big.jpg")], check=True)
    content = brochure(tmp_path, HEAD + "cover: {image: {src: images/big.jpg, alt: a big picture}}\n"
                                        "sections: [{title: S, body: [hi]}]\n")
    r, _, peak = run_capped("build", str(content), "--out", str(tmp_path / "out"), "--edition", "print,email",
                            timeout=300)
    assert r.returncode == 0, r.stderr
    assert peak < 700, peak                # the full decode alone would take 305 MiB, the work 3x that


# -- writing: all or nothing -------------------------------------------------------------------------------
def small_fs(path: Path, size: int) -> bool:
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return r.returncode == 0


@pytest.mark.slow
def test_a_full_disk_replaces_nothing_and_says_so(tmp_path: Path) -> None:
    content = brochure(tmp_path, SMALL)
    full = tmp_path / "full"
    r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(full)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    sizes = {p.name: p.stat().st_size for p in full.iterdir()}
    # Room for less than the new files: the build must fail part-way through writing them.
    room = sum(sizes.values()) - max(sizes.values()) // 2
    disk = tmp_path / "disk"
    if not small_fs(disk, room):
        if os.environ.get("CI"):
            pytest.fail("CI runs as root and must be able to mount a small tmpfs")
        pytest.skip("cannot mount a small file system here (not root)")
    try:
        old = {name: f"old {name}".encode() for name in sizes}
        for name, data in old.items():
            (disk / name).write_bytes(data)
        r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(disk),
                            "--force"], capture_output=True, text=True)
        assert r.returncode == 1 and "error[io.write]" in r.stderr and "No space left" in r.stderr, r.stderr
        assert "no file was written or replaced" in r.stderr and "no PDF was written" in r.stderr
        assert {p.name: p.read_bytes() for p in disk.iterdir()} == old        # no temporaries either
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_a_read_only_out_folder_is_a_clear_exit_1(tmp_path: Path) -> None:
    content = brochure(tmp_path, SMALL)
    out = tmp_path / "ro"
    out.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out)],
                                                   capture_output=True).returncode == 0
    if not mounted:
        out.chmod(0o555)                  # (root ignores permissions: a read-only mount is needed there)
    try:
        r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(out),
                            "--edition", "email"], capture_output=True, text=True)
        assert r.returncode == 1 and "error[io.write]" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert list(out.iterdir()) == []
    finally:
        if mounted:
            subprocess.run(["umount", str(out)], check=False)
        out.chmod(0o755)


@pytest.mark.slow
def test_two_simultaneous_builds_write_whole_pdfs(tmp_path: Path) -> None:
    import pikepdf

    content = brochure(tmp_path, SMALL)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(out), "--force", "-q"]
    procs = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["small-print.pdf", "small-email.pdf", "small-archive.pdf", "small-preflight.json"])
    for pdf in out.glob("*.pdf"):
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) > 0
    json.loads((out / "small-preflight.json").read_text())


# -- temporary files and signals ---------------------------------------------------------------------------
def private_cache(tmp_path: Path) -> Path:
    """A cache sharing the session's converted fonts and pictures, without its preflight results (so the
    ink check runs Ghostscript again)."""
    from brochure.cache import cache_dir

    shared = cache_dir("fonts").parent
    mine = tmp_path / "cache"
    mine.mkdir()
    for kind in ("fonts", "glyphs", "cmaps", "images", "hashes"):
        if (shared / kind).exists():
            (mine / kind).symlink_to(shared / kind)
    return mine


def ours(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith("brochure-"))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_build_killed_during_preflight_leaves_no_temporary_folder(tmp_path: Path, sig: int) -> None:
    from conftest import EXAMPLE, require_tool

    require_tool("gs")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp), "BROCHURE_CACHE": str(private_cache(tmp_path))}
    proc = subprocess.Popen([sys.executable, "-m", "brochure.cli", "build", str(EXAMPLE), "--out", str(out),
                             "--edition", "print", "-q"], env=env, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 120
    while not ours(tmp) and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.02)
    assert ours(tmp) and ours(tmp)[0].startswith("brochure-ink-"), "the ink check never started"
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    assert code == (143 if sig == signal.SIGTERM else -9)
    if sig == signal.SIGKILL:
        # Nothing runs on SIGKILL: the next build (or verify) sweeps what the dead one left.
        from brochure.tempfiles import sweep

        left = ours(tmp)
        assert sorted(p.name for p in sweep(tmp)) == left
    assert ours(tmp) == []
    assert not out.exists() or not list(out.glob("*.pdf"))     # killed before writing: nothing written


@pytest.mark.slow
def test_verify_of_an_archive_carrying_a_yaml_bomb_is_a_clean_error(tmp_path: Path) -> None:
    import hashlib

    import pikepdf

    content = brochure(tmp_path, SMALL)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(out),
                        "--edition", "archive", "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    bomb = (SMALL + "x:\n" + "".join(f"  {line}\n" for line in laughs().splitlines())).encode()
    archive = out / "small-archive.pdf"
    with pikepdf.open(archive, allow_overwriting_input=True) as pdf:
        manifest = json.loads(pdf.attachments["manifest.json"].get_file().read_bytes())
        for entry in manifest["inputs"]:
            if entry["role"] == "content":
                entry["sha256"], entry["bytes"] = hashlib.sha256(bomb).hexdigest(), len(bomb)
                pdf.attachments[entry["name"]] = pikepdf.AttachedFileSpec(pdf, bomb, filename=entry["name"])
        pdf.attachments["manifest.json"] = pikepdf.AttachedFileSpec(pdf, json.dumps(manifest).encode(),
                                                                    filename="manifest.json")
        pdf.save(archive)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r, seconds, _ = run_capped("verify", str(archive), env={"TMPDIR": str(tmp)})
    assert r.returncode == 1 and "no longer build" in r.stderr and "limit.yaml-aliases" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "MemoryError" not in r.stderr and seconds < 20
    assert ours(tmp) == []


# -- line breaking -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_line_breaking_is_linear_in_paragraph_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph flowing through many columns was set again from each column's first line: 4x the
    text cost 16x the breaking (a 100,000-character paragraph took a minute). Counted, not timed: the
    clusters line breaking goes through in a real build, for 10,000 and 40,000 characters."""
    import brochure.text.breaking as breaking
    from brochure.build import Options, build

    work = [0]
    original = breaking.break_lines

    def counting(s, start, end, *args, **kwargs):  # type: ignore[no-untyped-def]
        work[0] += end - start
        return original(s, start, end, *args, **kwargs)

    monkeypatch.setattr(breaking, "break_lines", counting)
    seed = "城市治理是国家治理体系和治理能力现代化的重要内容，天心区坚持以人民为中心的发展思想。"
    spent = {}
    for n in (10_000, 40_000):
        text = (seed * (n // len(seed) + 1))[:n]
        content = brochure(tmp_path, HEAD.replace("language: en", "language: zh-CN") +
                           f"sections:\n  - title: S\n    body: ['{text}']\n", f"p{n}.yaml")
        work[0] = 0
        t0 = time.perf_counter()
        build(Options(content, editions=["email"], out_dir=tmp_path / "out", quiet=True))
        spent[n] = (work[0], time.perf_counter() - t0)
    print(spent)
    assert spent[40_000][0] < 6 * spent[10_000][0], spent       # linear: about 4x; before: 13x


@pytest.mark.slow
def test_verify_refuses_an_attachment_that_inflates_past_the_limit(tmp_path: Path) -> None:
    import pikepdf

    content = brochure(tmp_path, SMALL)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "brochure.cli", "build", str(content), "--out", str(out),
                        "--edition", "archive", "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    packer = zlib.compressobj(9)
    zeros = b"\0" * (1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(limits.ATTACHMENT_BYTES // (1 << 20) + 8))
    bomb += packer.flush()                            # about 270 MB of zeros in a few hundred KB
    archive = out / "small-archive.pdf"
    with pikepdf.open(archive, allow_overwriting_input=True) as pdf:
        pdf.attachments["brochure.yaml"].get_file().obj.write(bomb, filter=pikepdf.Name.FlateDecode)
        pdf.save(archive)
    r, seconds, peak = run_capped("verify", str(archive), cap=1024**3)
    assert r.returncode == 1 and "larger than 256 MiB when decoded" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and peak < 600, peak


def test_a_translation_cannot_name_a_source_outside_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    brochure(tmp_path, SMALL, "outside.yaml")
    for name in ("/proc/self/environ", "../outside.yaml"):
        content = brochure(folder, f"translates: {name}\nmeta: {{title: T, language: fr}}\n", "brochure.fr.yaml")
        r, _, _ = run_capped("check", str(content))
        assert r.returncode == 1 and located(r.stderr) == ["translation.path-escape"], r.stderr


@pytest.mark.slow
def test_a_long_layout_reports_progress_in_its_trial_layouts_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Progress lines come from every page the build lays out, the makeup's trial layouts included (they
    were silent for most of a long build). The first trial is the edition's own layout (build.lay_out keeps
    it when its height wins): here every height is tried, and the first kept."""
    from brochure.build import Options, build
    from brochure.layout import document, pagewatch

    def every_height(heights, lay_out, sparse, closable=False):  # type: ignore[no-untyped-def]
        for h in heights:
            lay_out(h)
        return heights[0]

    monkeypatch.setattr(pagewatch, "PROGRESS_EVERY", 0.0)     # a line after every page
    monkeypatch.setattr(document, "choose_opener_height", every_height)
    sections = "".join(f"  - {{title: S{i}, body: [{'Text of a section. ' * 60!r}]}}\n" for i in range(4))
    content = brochure(tmp_path, HEAD + "sections:\n" + sections)
    build(Options(content, editions=["email"], out_dir=tmp_path / "out"))
    lines = capsys.readouterr().err.splitlines()
    trial = [line for line in lines if line.startswith("[email, trial layout] laid out")]
    final = [line for line in lines if line.startswith("[email] laid out")]
    assert trial and final, lines
