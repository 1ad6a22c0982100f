"""ReportLab's private names: every one we use is listed in brochure/layout/rlprivate.py, used only in
layout/, and still there, in the shape we use, in the installed ReportLab (a ReportLab upgrade that
changes one fails here, not in a half-laid-out brochure)."""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import re
from pathlib import Path
from typing import Any

import pytest

from brochure.layout import rlprivate

PACKAGE = Path(__file__).resolve().parents[1] / "brochure"
LISTED = {**rlprivate.PRIVATE}
EVERY = [(owner, name) for table in (rlprivate.PRIVATE, rlprivate.DOCUMENTED, rlprivate.UNDOCUMENTED)
         for owner, names in table.items() for name in names]


def resolve(path: str) -> Any:
    try:
        return importlib.import_module(path)
    except ImportError:
        module, _, attr = path.rpartition(".")
        return getattr(resolve(module), attr)


def live_attributes() -> dict[str, set[str]]:
    """Instance attributes of the ReportLab objects we reach into, taken from a real (tiny) build: the
    document and its frame while a flowable is placed, the canvas, a KeepTogether, a registered font."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph

    seen: dict[str, set[str]] = {}

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab's hook)
            seen["reportlab.platypus.doctemplate.BaseDocTemplate"] = set(vars(self))
            seen["reportlab.platypus.frames.Frame"] = set(vars(self.frame))
            seen["reportlab.pdfgen.canvas.Canvas"] = set(vars(self.canv))

    doc = Doc(io.BytesIO())
    doc.addPageTemplates([PageTemplate("p", [Frame(0, 0, 200, 200)])])
    para = Paragraph("text", getSampleStyleSheet()["Normal"])
    group = KeepTogether([para])
    seen["reportlab.platypus.flowables.KeepTogether"] = set(vars(group))
    doc.build([group])
    font = next((pdfmetrics.getFont(n) for n in pdfmetrics.getRegisteredFontNames()
                 if isinstance(pdfmetrics.getFont(n), TTFont)), None)
    if font is not None:
        seen["reportlab.pdfbase.ttfonts.TTFont"] = set(vars(font))
        seen["reportlab.pdfbase.ttfonts.TTFontFace"] = set(vars(font.face))
    return seen


@pytest.fixture(scope="module")
def live(cjk_fonts: Any) -> dict[str, set[str]]:
    return live_attributes()


@pytest.mark.parametrize(("owner", "name"), EVERY, ids=[f"{o.rsplit('.', 1)[-1]}.{n}" for o, n in EVERY])
def test_every_listed_name_is_still_there(owner: str, name: str, live: dict[str, set[str]]) -> None:
    """On the class or module, on a live instance, or read by ReportLab's own code (`getattr(self,
    '_doSave', 1)`)."""
    found = resolve(owner)
    assert hasattr(found, name) or name in live.get(owner, set()) or re.search(
        rf"\b{name}\b", inspect.getsource(found)), \
        f"ReportLab no longer has {owner}.{name}: see brochure/layout/rlprivate.py for what uses it"


@pytest.mark.parametrize("path", sorted(rlprivate.METHOD_PARAMETERS))
def test_private_methods_keep_their_parameters(path: str) -> None:
    params = tuple(inspect.signature(resolve(path)).parameters)[1:]
    assert params == rlprivate.METHOD_PARAMETERS[path], f"{path}{params}: we override or call it as " \
        f"{rlprivate.METHOD_PARAMETERS[path]}"


def private_reportlab_names(live: dict[str, set[str]]) -> set[str]:
    """Every single-underscore name on the ReportLab classes and modules we use (and their instances,
    and the ones their code reads)."""
    names: set[str] = set()
    for owner, _ in EVERY:
        names |= set(re.findall(r"\b_[A-Za-z]\w*", inspect.getsource(resolve(owner))))
    for owner, attrs in live.items():
        names |= attrs
        names |= set(dir(resolve(owner)))
    for owner in {o for o, _ in EVERY} | {"reportlab.platypus.doctemplate", "reportlab.pdfbase.pdfmetrics",
                                          "reportlab.platypus.flowables", "reportlab.graphics.shapes"}:
        names |= set(dir(resolve(owner)))
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def uses(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(underscore names the module uses: attributes, getattr-style strings, names imported from
    reportlab; names it defines itself: functions, class attributes, attributes it assigns)."""
    used: set[str] = set()
    defined: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            used.add(node.attr)
            if isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            used |= {a.name for a in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("getattr", "setattr", "hasattr") \
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            used.add(str(node.args[1].value))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
    return used, defined


def test_private_reportlab_names_are_listed_and_used_only_in_layout(live: dict[str, set[str]]) -> None:
    private = private_reportlab_names(live)
    listed = {n for names in rlprivate.PRIVATE.values() for n in names}
    documented = {n for names in rlprivate.DOCUMENTED.values() for n in names}
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "reportlab" not in text:
            continue
        used, defined = uses(ast.parse(text))
        rel = path.relative_to(PACKAGE).as_posix()
        in_layout = rel.startswith("layout/")
        for name in sorted(used & private - documented):
            if in_layout and name not in listed:
                problems.append(f"{rel}: {name} is not listed in layout/rlprivate.py")
            elif not in_layout and name not in defined:
                problems.append(f"{rel}: uses ReportLab's private {name} outside layout/")
    assert not problems, "\n".join(problems)
    assert listed <= private, f"listed but not a ReportLab name any more: {sorted(listed - private)}"
