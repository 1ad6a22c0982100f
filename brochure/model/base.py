"""Model base class and the bridge from pydantic validation errors to located diagnostics.

Every YAML object is one frozen pydantic model that forbids unknown keys. `validate_source` turns a
`Source` into a model instance, or reports every problem with its file:line:col and a hint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Tag, ValidationError

from ..diagnostics import Diagnostics
from .source import Source

M = TypeVar("M", bound=BaseModel)


class Located(ValueError):
    """A validation error about a part of the value being validated: `path` goes on from the field's
    own location (a series inside a chart, a side of a page size), so the diagnostic points there."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()):
        super().__init__(message)
        self.path = path


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def data_path(data: Any, loc: Sequence[Any], model: Any = None) -> tuple[Any, ...]:
    """Map a pydantic error location onto the path in the YAML data. Union tags are skipped: with the
    `model` the location is read against, a tag is known for one even where the data has a key of the
    same name (a figures block's tag "figures" beside its `formats`); without it, a part the data does
    not have is taken for one."""
    path: list[Any] = []
    node = data
    annotation = model
    for part in loc:
        inner = _strip_annotated(annotation)
        if get_origin(inner) in (Union, UnionType):
            member = next((m for m in get_args(inner) if _tag_of(m) == part), None)
            if member is not None:
                annotation = member
                continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        # anything else is a model-level location: skip it
        annotation = _step(annotation, part) if annotation is not None else None
    return tuple(path)


def _fields_of(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The allowed keys at an error location, for did-you-mean hints."""
    current: Any = model
    for part in loc[:-1]:
        current = _step(current, part)
        if current is None:
            return []
    current = _strip_annotated(current)
    if get_origin(current) in (Union, UnionType):      # Model | None: the model's keys
        current = next((a for a in get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)),
                       None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _tag_of(annotation: Any) -> str | None:
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            if isinstance(meta, Tag):
                return meta.tag
    return None


def _step(annotation: Any, part: Any) -> Any:
    """One step of a pydantic error location through the type annotations."""
    annotation = _strip_annotated(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, tuple) and isinstance(part, int):
        return args[0] if args else None
    if origin is dict:
        return args[1] if len(args) == 2 else None
    if origin in (Union, UnionType):
        for member in args:
            if _tag_of(member) == part:
                return member
        for member in args:
            inner = _strip_annotated(member)
            if isinstance(inner, type) and issubclass(inner, BaseModel) and part in inner.model_fields:
                return _step(inner, part)
            if get_origin(inner) in (list, tuple) and isinstance(part, int):
                return _step(inner, part)
    return None


def dotted(path: Sequence[Any]) -> str:
    """('sections', 2, 'body', 0) -> 'sections[2].body[0]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _type_name(expected: str) -> str:
    names = {"str": "text", "string": "text", "int": "a whole number", "float": "a number",
             "bool": "true or false", "list": "a list", "dict": "a mapping", "date": "a date (YYYY-MM-DD)"}
    return names.get(expected, expected)


def validate_source(model: type[M], source: Source, diags: Diagnostics, prefix: str,
                    context: dict[str, Any] | None = None) -> M | None:
    """Validate YAML data into `model`, collecting every error as a located diagnostic."""
    data = source.data if source.data is not None else {}
    if not isinstance(data, dict):
        diags.error(f"{prefix}.wrong-type", "the file must be a YAML mapping of keys to values",
                    source.where(()))
        return None
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            _report(model, source, diags, prefix, err)
        return None


def _report(model: type[BaseModel], source: Source, diags: Diagnostics, prefix: str,
            err: Any) -> None:
    loc = tuple(err["loc"]) + tuple(getattr(err.get("ctx", {}).get("error"), "path", ()))
    kind = err["type"]
    path = data_path(source.data, loc, model)
    msg = err["msg"]
    where = dotted(path) or "(top level)"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _fields_of(model, loc)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else (
            f"allowed keys here: {', '.join(allowed)}" if allowed else "")
        parent = dotted(path[:-1]) or "the top level"
        diags.error(f"{prefix}.unknown-key", f"unknown key '{key}' in {parent}",
                    source.where(path, key=True), hint)
    elif kind == "missing":
        key = str(loc[-1])
        diags.error(f"{prefix}.missing-key", f"'{key}' is required in {where}", source.where(path))
    elif kind in ("string_too_short", "too_short"):
        what = "must not be empty" if isinstance(source.get(path), str) else "needs at least one item"
        diags.error(f"{prefix}.empty", f"{where} {what}", source.where(path))
    elif kind == "union_tag_not_found" or kind == "union_tag_invalid":
        diags.error(f"{prefix}.unknown-block", _block_message(source.get(path)), source.where(path),
                    _block_hint(source.get(path)))
    elif kind == "value_error":
        text = msg.removeprefix("Value error, ")
        diags.error(f"{prefix}.invalid-value", f"{where}: {text}", source.where(path))
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        got = source.get(path)
        close = difflib.get_close_matches(str(got), re.findall(r"'([^']*)'", expected), n=1)
        diags.error(f"{prefix}.invalid-value", f"{where}: '{got}' is not one of {expected}",
                    source.where(path), f"did you mean '{close[0]}'?" if close else "")
    elif kind.endswith("_type") or kind.endswith("_parsing") or kind in ("model_type", "model_attributes_type"):
        expected = kind.split("_")[0]
        got = source.get(path)
        diags.error(f"{prefix}.wrong-type",
                    f"{where} must be {_type_name(expected if kind != 'model_type' else 'dict')}, "
                    f"not {type(got).__name__ if got is not None else 'empty'}", source.where(path))
    else:
        diags.error(f"{prefix}.invalid-value", f"{where}: {msg}", source.where(path))


BLOCK_TYPES: tuple[str, ...] = ("heading", "figures", "chart", "quote", "list", "table", "image")


def _block_message(value: Any) -> str:
    if isinstance(value, dict):
        keys = ", ".join(f"'{k}'" for k in value) or "nothing"
        named = [k for k in value if k in BLOCK_TYPES or k == "paragraph"]
        if len(named) > 1 or not value:
            return f"a body block has exactly one key naming its type (and may have 'formats'); this one has {keys}"
        return f"unknown body block type {', '.join(repr(k) for k in value if k != 'formats') or keys}"
    return f"a body item is a paragraph string or a one-key block, not {type(value).__name__}"


def _block_hint(value: Any) -> str:
    keys = [k for k in value if k != "formats"] if isinstance(value, dict) else []
    if len(keys) == 1:
        close = difflib.get_close_matches(str(keys[0]), BLOCK_TYPES, n=1, cutoff=0.5)
        if close:
            return f"did you mean '{close[0]}'?"
    return "block types: " + ", ".join(BLOCK_TYPES) + "; a plain string is a paragraph"
