"""LOAD stage: YAML text -> plain Python data plus a source map of every key and value.

`load_yaml(path)` returns a `Source`: `data` (dicts, lists, scalars) and `where(path)`, which gives the
file:line:col of any key path such as ("sections", 2, "body", 4). Safe loading only; duplicate keys are
diagnostics, not silent overwrites. Size, nesting and aliases are bounded (brochure/limits.py): a
"billion laughs" document stops at the first alias past the bound, in milliseconds, with its location.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import limits
from ..diagnostics import Diagnostics, Location

PathKey = tuple[Any, ...]
MAX_DEPTH = limits.YAML_DEPTH     # nesting levels (brochure/limits.py)


@dataclass
class Source:
    file: str
    data: Any
    key_marks: dict[PathKey, Location] = field(default_factory=dict)
    value_marks: dict[PathKey, Location] = field(default_factory=dict)

    def where(self, path: Sequence[Any], key: bool = False) -> Location:
        """The location of the value at `path` (or of its key), else of the nearest ancestor."""
        p = tuple(path)
        while True:
            marks = self.key_marks if key else self.value_marks
            if p in marks:
                return marks[p]
            if p in self.value_marks:
                return self.value_marks[p]
            if not p:
                return Location(self.file, 1, 1)
            p = p[:-1]

    def get(self, path: Sequence[Any]) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


SAFE_TAGS = frozenset("tag:yaml.org,2002:" + t for t in
                      ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))


def _loc(file: str, mark: yaml.Mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


class TooLarge(Exception):
    """The document passed one of the limits; the diagnostic is already reported."""


class _Builder:
    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.diags = diags
        self.loader = yaml.SafeLoader("")
        self.source = Source(file, None)
        self.seen: set[int] = set()      # ids of nodes built once: a second visit is an alias
        self.aliases = self.nodes = self.chars = 0
        # The collection holding the alias being expanded (the outermost one): where a limit passed
        # inside an expansion is reported, rather than at the anchor's definition.
        self.site: yaml.Node | None = None

    def _limit(self, code: str, message: str, node: yaml.Node, hint: str) -> TooLarge:
        self.diags.error(code, message, _loc(self.file, (self.site or node).start_mark), hint,
                         "the limits and their reasons are listed in README (Limits)")
        return TooLarge()

    def _count(self, node: yaml.Node, depth: int) -> None:
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > limits.YAML_ALIASES:
                raise self._limit("limit.yaml-aliases", f"YAML aliases (*name) repeat more than "
                                  f"{limits.YAML_ALIASES:,} values", node,
                                  "write the values out, or use fewer aliases")
        else:
            self.seen.add(id(node))
        self.nodes += 1
        if self.nodes > limits.YAML_NODES:
            raise self._limit("limit.yaml-size", f"more than {limits.YAML_NODES:,} values (aliases "
                              "expanded)", node, "split the brochure, or expand fewer aliases")
        if depth > MAX_DEPTH:
            raise self._limit("yaml.too-deep", f"lists or mappings are nested more than {MAX_DEPTH} levels "
                              "deep", node, "a brochure never needs this much nesting: flatten it")
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > limits.YAML_CHARS:
                raise self._limit("limit.yaml-size", f"more than {limits.YAML_CHARS:,} characters of text "
                                  "(aliases expanded)", node, "split the brochure, or expand fewer aliases")

    def build(self, node: yaml.Node, path: PathKey, parent: yaml.Node | None = None) -> Any:
        outermost = self.site is None and id(node) in self.seen
        if outermost:
            self.site = parent or node
        try:
            return self._build(node, path)
        finally:
            if outermost:
                self.site = None

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        self._count(node, len(path))
        self.source.value_marks[path] = _loc(self.file, node.start_mark)
        if node.tag not in SAFE_TAGS:
            self.diags.error("yaml.unsafe", f"the YAML tag '{node.tag}' is not allowed",
                             _loc(self.file, node.start_mark),
                             "only plain YAML (mappings, lists, strings, numbers, dates) is allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            own = {id(k) for k, _ in node.value}
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            merged: set[str] = set()          # keys that came in through `<<: *alias`
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diags.error("yaml.bad-key", "mapping keys must be plain scalars",
                                     _loc(self.file, key_node.start_mark))
                    continue
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    self.diags.error("yaml.bad-key", "mapping keys must be plain scalars",
                                     _loc(self.file, key_node.start_mark))
                    continue
                if isinstance(key, bool) or not isinstance(key, str):
                    key = str(key_node.value)
                if key in out and key in merged:
                    if id(key_node) not in own:
                        continue                  # an earlier merge source wins over a later one
                    merged.discard(key)           # the mapping's own key overrides a merged one
                elif key in out:
                    self.diags.error("yaml.duplicate-key", f"duplicate key '{key}'",
                                     _loc(self.file, key_node.start_mark),
                                     f"the first '{key}' is at line {self.source.key_marks[path + (key,)].line}")
                    continue
                if id(key_node) not in own:
                    merged.add(key)
                self.source.key_marks[path + (key,)] = _loc(self.file, key_node.start_mark)
                out[key] = self.build(value_node, path + (key,), node)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), node) for i, child in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:      # 2020-02-30, 2020-13-01: PyYAML's date() raises
            self.diags.error("yaml.invalid-date", f"'{node.value}' is not a real date ({exc})",
                             _loc(self.file, node.start_mark),
                             "write the date as YYYY-MM-DD with a day that exists in that month, "
                             "or quote it to keep it as text")
            return str(node.value)


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, by libyaml when PyYAML has it (ten times faster, the same nodes and
    marks); a document libyaml rejects is composed again in Python, so errors read as they always did."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError as exc:
            if "maximum nesting depth" in str(exc):
                raise RecursionError(str(exc)) from None    # Python's composer would recurse as deep

    return yaml.compose(text, Loader=yaml.SafeLoader)


def offset_location(file: str, text: str, offset: int) -> Location:
    """line:col of a character offset in `text` (1-based, columns in characters)."""
    line = text.count("\n", 0, offset) + 1
    return Location(file, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def deepest(text: str, file: str) -> Location:
    """Where nesting first goes past MAX_DEPTH, found from the event stream (which does not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _loc(file, event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return Location(file, 1, 1)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, text: str) -> tuple[str, Location, str, str]:
    """Message, location and hints of a YAML syntax error. When PyYAML only notices the problem at the
    end of the file (an unclosed quote or bracket), the place where the unclosed thing starts (its
    context mark) is reported, and the other mark is given as a hint."""
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    pm, cm = exc.problem_mark, exc.context_mark
    at_end = pm is not None and (pm.index >= len(text.rstrip()) or "end of stream" in problem)
    if cm is not None and (pm is None or at_end):
        where = _loc(file, cm)
        what = context.removeprefix("while scanning ").removeprefix("while parsing ")
        return f"{what} starts here and is never closed ({problem})", where, \
            f"{problem} at {pm.line + 1}:{pm.column + 1}" if pm is not None else "", \
            "check for a missing closing quote or bracket from this point on"
    where = _loc(file, pm) if pm is not None else Location(file)
    hint = f"{context} at {cm.line + 1}:{cm.column + 1}" if cm is not None and context else context
    return problem, where, hint, "check indentation and quoting near this line"


def parse_yaml(text: str, file: str, diags: Diagnostics) -> Source:
    """Parse YAML text; syntax errors become diagnostics and an empty mapping is returned."""
    if len(text) > limits.YAML_BYTES:       # characters, checked again here for text not read from a file
        diags.error("limit.yaml-size", f"the file is larger than {limits.YAML_BYTES // 2**20} MiB",
                    Location(file, 1, 1), "split the brochure, or move data into chart data files",
                    "the limits and their reasons are listed in README (Limits)")
        return Source(file, {})
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as exc:
        diags.error("yaml.syntax", *_syntax_error(exc, file, text))
        return Source(file, {})
    except yaml.reader.ReaderError as exc:     # a character YAML does not allow (NUL, other controls)
        diags.error("yaml.bad-character", f"character U+{exc.character:04X} is not allowed in YAML "
                    f"({exc.reason})", offset_location(file, text, exc.position),
                    "remove it; control characters cannot appear in a YAML file, even quoted")
        return Source(file, {})
    except RecursionError:
        diags.error("yaml.too-deep", f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                    deepest(text, file), "a brochure never needs this much nesting: flatten it")
        return Source(file, {})
    except yaml.YAMLError as exc:
        diags.error("yaml.syntax", str(exc), Location(file, 1, 1))
        return Source(file, {})
    if node is None:
        return Source(file, {})
    builder = _Builder(file, diags)
    try:
        builder.source.data = builder.build(node, ())
    except TooLarge:
        return Source(file, {})
    except RecursionError:
        diags.error("yaml.too-deep", f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                    deepest(text, file), "a brochure never needs this much nesting: flatten it")
        return Source(file, {})
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        diags.error("yaml.unsafe", exc.problem or "unsupported YAML tag",
                    _loc(file, mark) if mark else Location(file),
                    "only plain YAML (mappings, lists, strings, numbers, dates) is allowed")
        return Source(file, {})
    return builder.source


def load_yaml(path: Path, diags: Diagnostics, display: str | None = None) -> Source:
    """Read and parse a YAML file; unreadable files become diagnostics."""
    name = display or str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(limits.YAML_BYTES + 1)
        if len(raw) > limits.YAML_BYTES:
            diags.error("limit.yaml-size", f"the file is larger than {limits.YAML_BYTES // 2**20} MiB",
                        Location(name, 1, 1), "split the brochure, or move data into chart data files",
                        "the limits and their reasons are listed in README (Limits)")
            return Source(name, {})
        text = raw.decode("utf-8")
    except FileNotFoundError:
        diags.error("io.not-found", f"file not found: {path}", None)
        return Source(name, {})
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode("utf-8", errors="replace")
        diags.error("io.encoding", f"not UTF-8 text: byte 0x{raw[exc.start]:02X} ({exc.reason})",
                    offset_location(name, before, len(before)), "save the file as UTF-8")
        return Source(name, {})
    except OSError as exc:
        diags.error("io.read", f"cannot read {path}: {exc.strerror}", None)
        return Source(name, {})
    return parse_yaml(text, name, diags)
