"""No import cycles in brochure/: the import graph read from the source (module-level and deferred
imports, not `if TYPE_CHECKING:` blocks) has no cycle, and every module imports on its own in a fresh
process (a cycle that only bites in one import order shows there)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "brochure"


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, skipping `if TYPE_CHECKING:` blocks (never run)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name in mods}
                continue
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{target}.{alias.name}"
                deps.add(full if full in mods else target)
        graph[name] = {d for d in deps if d in mods and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 50 and "brochure.text.shape" in graph["brochure.text.flowable"]   # it reads imports
    assert cycles(graph) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.slow
def test_every_module_imports_alone_in_a_fresh_process() -> None:
    """One process loads the third-party libraries, then forks a child per module that imports only
    that module (of ours) first."""
    code = """
import os, sys
import reportlab.platypus, reportlab.graphics.shapes, pydantic, yaml, PIL.Image, pikepdf, fontTools.ttLib
failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            __import__(name)
        except BaseException as exc:
            print(f"{name}: {type(exc).__name__}: {exc}", flush=True)
            os._exit(1)
        os._exit(0)
    if os.waitpid(pid, 0)[1] != 0:
        failed.append(name)
sys.exit(1 if failed else 0)
"""
    names = sorted(n for n in modules() if not n.endswith("__main__"))   # __main__ runs the CLI
    if not hasattr(os, "fork"):
        names = names[:1]
    r = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_model_imports_no_later_stage() -> None:
    """model/ (LOAD, VALIDATE) reaches into no typesetting, rendering, layout or finishing code. (It may
    ask images.probe whether a picture can be read.)"""
    later = ("text", "render", "layout", "charts", "editions", "preflight", "fonts", "build")
    reached = {d for m, deps in import_graph().items() if m.startswith("brochure.model") for d in deps
               if d.split(".")[1] in later}
    assert reached == set()


def test_no_module_is_over_600_lines() -> None:
    """The team's limit (GUIDE.md): a module past 600 lines is split along what it does."""
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}


def test_the_readme_stage_map_names_what_is_there() -> None:
    """README's "How it works" table: every `module.py`: `function` it names is defined in that module,
    and every value it names (`Prepared`, `LaidOut`, …) is a class of the package."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| stage | module: function |"):readme.index("`model/` never imports ReportLab")]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) >= 10
    source = {path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8")
              for path in PACKAGE.rglob("*.py")}
    everything = "\n".join(source.values())
    for row in rows:
        stage, where, value = (cell.strip() for cell in row.strip("|").split("|"))
        for module, name in re.findall(r"`([\w/]+\.py)`: `(\w+)`", where):
            assert module in source, (stage, module)
            assert re.search(rf"^(def|class) {name}\b|^{name}\b.*=", source[module], re.M), (stage, module, name)
        for name in re.findall(r"`([A-Z]\w+)`", value):
            assert re.search(rf"^class {name}\b", everything, re.M), (stage, name)
