"""Find, merge and check layouts.

`load_layout(name_or_path)` follows `extends:` (deep merge: a layout overrides only what differs), keeps
the source location of every value from whichever file set it, validates into a `Layout`, then checks
cross references: style parents, font roles and palette colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location
from .base import validate_source
from .colour import Colour
from .formats import check_format, required_ppi
from .layout import REQUIRED_STYLES, Layout, StyleSpec
from .source import Source, load_yaml

LAYOUT_DIR = Path(__file__).resolve().parents[2] / "layouts"
MM = 72 / 25.4


def shipped_layouts() -> dict[str, Path]:
    return {p.stem: p for p in sorted(LAYOUT_DIR.glob("*.yaml"))}


def find_layout(ref: str, relative_to: Path | None = None) -> Path | None:
    """A layout by shipped name ('a4-booklet') or by path (relative to the content file first)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        for base in ([relative_to] if relative_to else []) + [Path.cwd()]:
            candidate = (base / ref).resolve()
            if candidate.is_file():
                return candidate
        return None
    return shipped_layouts().get(ref)


def outside(path: Path, roots: list[Path] | None) -> bool:
    """True when `roots` are given and the (resolved) layout file lies in none of them nor among the
    shipped layouts: a content file may not make the build read /proc/self/environ as its layout."""
    if roots is None:
        return False
    return not any(path.is_relative_to(r.resolve()) for r in [LAYOUT_DIR, *roots])


def _escapes(ref: str, diags: Diagnostics, where: Location | None) -> None:
    diags.error("layout.path-escape", f"layout '{ref}' lies outside the content folder", where,
                "keep the layout next to the content file, name a shipped layout, allow its folder "
                "with --assets DIR, or give it with --layout")


# Layout keys that are no longer read, with where their setting lives now: a layout that still sets one
# gets a warning at the key (`layout.retired-key`) and builds as before.
RETIRED: dict[tuple[str, str], str] = {
    ("images", "email_ppi"): "each edition resamples its pictures to its own editions.<edition>.image_ppi "
                             "(email: 150)",
    ("images", "jpeg_quality"): "each edition sets its own editions.<edition>.jpeg_quality (print and "
                                "archive: 92, email: 82)",
}


def without_retired(source: Source, diags: Diagnostics) -> Source:
    """`source` without the RETIRED keys it sets, each reported where it is set."""
    data = source.data
    found = [(group, key) for group, key in RETIRED
             if isinstance(data, dict) and isinstance(data.get(group), dict) and key in data[group]]
    if not found:
        return source
    data = dict(data)
    for group, key in found:
        diags.warning("layout.retired-key", f"'{group}.{key}' is no longer a layout setting and is ignored",
                      source.where((group, key), key=True), RETIRED[(group, key)], f"remove '{key}' from '{group}'")
        data[group] = {k: v for k, v in data[group].items() if k != key}
    return Source(source.file, data, source.key_marks, source.value_marks)


def _merge(base: Source, over: Source) -> Source:
    merged = Source(over.file, _deep_merge(base.data, over.data))
    merged.key_marks = {**base.key_marks, **over.key_marks}
    merged.value_marks = {**base.value_marks, **over.value_marks}
    return merged


def _deep_merge(a: Any, b: Any) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = _deep_merge(a[k], v) if k in a else v
        return out
    return b


def load_layout_source(path: Path, diags: Diagnostics, seen: tuple[Path, ...] = (),
                       roots: list[Path] | None = None) -> Source:
    source = load_yaml(path, diags)
    data = source.data if isinstance(source.data, dict) else {}
    parent_ref = data.get("extends")
    if parent_ref is None:
        return source
    where = source.where(("extends",))
    if not isinstance(parent_ref, str):
        diags.error("layout.wrong-type", "extends must be a layout name", where)
        return source
    parent = find_layout(parent_ref, path.parent)
    if parent is None:
        _unknown_layout(parent_ref, diags, where)
        return source
    if outside(parent, roots):
        _escapes(parent_ref, diags, where)
        return source
    if parent in seen or parent == path:
        diags.error("layout.extends-cycle", f"layout '{parent_ref}' extends itself", where)
        return source
    base = load_layout_source(parent, diags, seen + (path,), roots)
    merged = _merge(base, source)
    merged.data.pop("extends", None)
    return merged


def _unknown_layout(ref: str, diags: Diagnostics, where: Location | None) -> None:
    import difflib

    names = list(shipped_layouts())
    close = difflib.get_close_matches(ref, names, n=1)
    diags.error("layout.unknown", f"no layout named '{ref}'", where,
                f"did you mean '{close[0]}'?" if close else "",
                f"shipped layouts: {', '.join(names)}; or give a path to a .yaml file")


@dataclass
class LoadedLayout:
    layout: Layout
    source: Source
    path: Path


def language_key(languages: dict[str, Any], language: str) -> str | None:
    """The `languages:` entry for a content language: the tag itself ('zh-CN'), else its first part."""
    for key in (language, language.split("-")[0]):
        if key in languages:
            return key
    lowered = {k.lower(): k for k in languages}
    return lowered.get(language.lower()) or lowered.get(language.split("-")[0].lower())


def for_language(source: Source, key: str) -> Source:
    """The layout with its `languages[key]` entry merged over it (locations kept)."""
    entry = Source(source.file, source.data["languages"][key])
    prefix = ("languages", key)
    entry.key_marks = {p[2:]: m for p, m in source.key_marks.items() if p[:2] == prefix}
    entry.value_marks = {p[2:]: m for p, m in source.value_marks.items() if p[:2] == prefix}
    return _merge(source, entry)


def load_layout(ref: str, diags: Diagnostics, relative_to: Path | None = None,
                where: Location | None = None, language: str | None = None,
                roots: list[Path] | None = None) -> LoadedLayout | None:
    """The layout `ref`, with its `languages:` entry for `language` applied (every entry is checked).
    `roots`: the folders a layout named by the content may come from (with its `extends:` chain);
    None for a layout the user gave on the command line."""
    path = find_layout(ref, relative_to)
    if path is None:
        _unknown_layout(ref, diags, where)
        return None
    if outside(path, roots):
        _escapes(ref, diags, where)
        return None
    before = len(diags.errors)
    source = without_retired(load_layout_source(path, diags, roots=roots), diags)
    if len(diags.errors) > before:
        return None
    languages = source.data.get("languages") if isinstance(source.data, dict) else None
    if isinstance(languages, dict) and languages:
        chosen = language_key(languages, language) if language else None
        for key in languages:
            if key != chosen and isinstance(languages[key], dict):
                validate_source(Layout, for_language(source, key), diags, "layout")
        if chosen is not None and isinstance(languages[chosen], dict):
            source = for_language(source, chosen)
        if len(diags.errors) > before:
            return None
    layout = validate_source(Layout, source, diags, "layout")
    if layout is None:
        return None
    check_layout(layout, source, diags)
    check_format(layout, source, diags)
    if len(diags.errors) > before:
        return None
    return LoadedLayout(for_viewing_distance(layout), source, path)


def for_viewing_distance(layout: Layout) -> Layout:
    """A poster seen from afar: its pictures are judged by what the eye resolves at the declared viewing
    distance (images.warn_ppi at that, min_ppi at half of it), not by the booklet's 300/150 ppi."""
    distance = layout.format.viewing_distance
    if distance is None:
        return layout
    ppi = required_ppi(distance.pt())
    images = layout.images.model_copy(update={"warn_ppi": round(ppi, 1), "min_ppi": round(ppi / 2, 1)})
    return layout.model_copy(update={"images": images})


def _in_user_file(source: Source, paths: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """Of several places that take part in one problem (a cycle), the one in the layout the user
    wrote (the leaf of the `extends:` chain), else the first."""
    return next((p for p in paths if source.where(p).file == source.file), paths[0])


def _cycles(links: dict[str, str]) -> list[list[str]]:
    """Each cycle of a name -> name mapping once, in the order its names are met."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in links:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in links and current not in done and current not in chain:
            chain.append(current)
            current = links[current]
        if current in chain:
            found.append(chain[chain.index(current):])
        done.update(chain)
    return found


def check_layout(layout: Layout, source: Source, diags: Diagnostics) -> None:
    """Cross references a schema cannot see: style parents, font roles, palette names, cycles, and
    a page with room for its text."""
    for name, value in layout.palette.items():
        if isinstance(value, str) and value not in layout.palette:
            _unknown_colour(value, layout, diags, source.where(("palette", name)))
    aliases = {k: v for k, v in layout.palette.items() if isinstance(v, str)}
    for cycle in _cycles(aliases):
        key = _in_user_file(source, [("palette", n) for n in cycle])
        diags.error("layout.colour-cycle", f"palette colour '{key[1]}' refers to itself: "
                    f"{' -> '.join(cycle[cycle.index(key[1]):] + cycle[:cycle.index(key[1])] + [key[1]])}",
                    source.where(key), "give one of them an {rgb:, cmyk:} value")
    parents = {k: s.parent for k, s in layout.styles.items() if s.parent is not None}
    for cycle in _cycles(parents):
        key = _in_user_file(source, [("styles", n, "parent") for n in cycle])
        name = key[1]
        i = cycle.index(name)
        diags.error("layout.style-cycle", f"style '{name}' inherits from itself via "
                    f"{' -> '.join(cycle[i:] + cycle[:i] + [name])}", source.where(key),
                    "remove one of these 'parent:' entries")
    for name, style in layout.styles.items():
        if style.parent is not None and style.parent not in layout.styles:
            _unknown_name("layout.unknown-style", "style", style.parent, list(layout.styles), diags,
                          source.where(("styles", name, "parent")))
        for attr in ("font", "bold_font", "italic_font"):
            role = getattr(style, attr)
            if role is not None and role not in layout.fonts.roles:
                _unknown_name("layout.unknown-font", "font role", role, list(layout.fonts.roles), diags,
                              source.where(("styles", name, attr)))
        if isinstance(style.colour, str) and style.colour not in layout.palette:
            _unknown_colour(style.colour, layout, diags, source.where(("styles", name, "colour")))
    for i, ref in enumerate(layout.charts.palette):
        if isinstance(ref, str) and ref not in layout.palette:
            _unknown_colour(ref, layout, diags, source.where(("charts", "palette", i)))
    if layout.charts.font not in layout.fonts.roles:
        _unknown_name("layout.unknown-font", "font role", layout.charts.font, list(layout.fonts.roles),
                      diags, source.where(("charts", "font")))
    for tpl, attr in (("cover", "overlay"), ("opener", "band"), ("back", "background")):
        ref = getattr(getattr(layout.templates, tpl), attr)
        if isinstance(ref, str) and ref not in layout.palette:
            _unknown_colour(ref, layout, diags, source.where(("templates", tpl, attr)))
    missing = [s for s in REQUIRED_STYLES if s not in layout.styles]
    if missing:
        diags.error("layout.missing-style", f"layout lacks style(s): {', '.join(missing)}",
                    source.where(("styles",)), "extend 'base', which defines every style")
    if not diags.has_errors():
        check_page_room(layout, source, diags)


def check_page_room(layout: Layout, source: Source, diags: Diagnostics) -> None:
    """The page leaves room for text inside its margins, and no style indents a first line by more
    than a column is wide (its text would be drawn off the page)."""
    w, h = layout.page.trim_pt()
    m = layout.page.margins
    body = resolve_style(layout, "body")
    columns, gutter = layout.grid.columns, layout.grid.gutter.pt()      # as layout/geometry.py reads them
    column = (w - m.inner.pt() - m.outer.pt() - (columns - 1) * gutter) / columns
    height = h - m.top.pt() - m.bottom.pt()
    need_w, need_h = 4 * body.size, 6 * body.leading
    if column < need_w:
        diags.error("layout.page-too-small", f"a {w / MM:.0f} x {h / MM:.0f} mm page with these margins "
                    f"and {columns} column(s) leaves columns {max(column, 0) / MM:.1f} mm wide; body text "
                    f"needs at least {need_w / MM:.1f} mm",
                    source.where(_in_user_file(source, [("page", "size"), ("page", "margins"),
                                                        ("grid", "gutter"), ("grid", "columns")])),
                    "make the page larger, or the inner/outer margins, the gutter or grid.columns smaller")
    if height < need_h:
        diags.error("layout.page-too-small", f"a {h / MM:.0f} mm high page with these margins leaves "
                    f"{max(height, 0) / MM:.1f} mm for text; at least {need_h / MM:.1f} mm are needed",
                    source.where(_in_user_file(source, [("page", "size"), ("page", "margins")])),
                    "make the page taller, or the top/bottom margins smaller")
    if column < need_w:
        return
    reported: set[tuple[Any, ...]] = set()
    for name in layout.styles:
        rs = resolve_style(layout, name)
        if abs(rs.first_indent) < column - 2 * rs.size:
            continue
        defining = next((n for n in _style_chain(layout, name) if layout.styles[n].first_indent is not None),
                        name)
        key = ("styles", defining, "first_indent")
        if key not in reported:
            reported.add(key)
            diags.error("layout.indent-too-large", f"style '{name}' indents its first line by "
                        f"{rs.first_indent / MM:.1f} mm, but a column is {column / MM:.1f} mm wide",
                        source.where(key), "a first-line indent is usually 2em")


def _style_chain(layout: Layout, name: str) -> list[str]:
    chain: list[str] = []
    current: str | None = name
    while current is not None and current in layout.styles and current not in chain:
        chain.append(current)
        current = layout.styles[current].parent
    return chain


def _unknown_colour(name: str, layout: Layout, diags: Diagnostics, where: Location) -> None:
    _unknown_name("layout.unknown-colour", "palette colour", name, list(layout.palette), diags, where)


def _unknown_name(code: str, what: str, name: str, known: list[str], diags: Diagnostics,
                  where: Location) -> None:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    diags.error(code, f"unknown {what} '{name}'", where,
                f"did you mean '{close[0]}'?" if close else (f"known: {', '.join(known)}" if known else ""))


@dataclass(frozen=True)
class ResolvedStyle:
    """A style with inheritance applied and every value in absolute terms (points, Colour, role)."""

    name: str
    font: str
    weight: int
    bold_font: str
    bold_weight: int
    italic_font: str
    size: float
    leading: float
    colour: Colour
    align: str
    first_indent: float
    space_before: float
    space_after: float
    letter_spacing: float
    keep_with_next: bool
    hyphenate: bool = False
    word_space_min: float = 0.75
    word_space_max: float = 1.8
    letter_stretch: float = 0.02
    letter_shrink: float = 0.015
    expansion: float = 0.02
    protrusion: bool = True


def resolve_style(layout: Layout, name: str) -> ResolvedStyle:
    chain: list[StyleSpec] = []
    current: str | None = name
    while current is not None and current in layout.styles and len(chain) < 20:
        chain.append(layout.styles[current])
        current = layout.styles[current].parent
    values: dict[str, Any] = {}
    for spec in reversed(chain):
        for key, value in spec:
            if value is not None and key != "parent":
                values[key] = value
    size = values["size"].pt() if values.get("size") else 10.0
    em = size

    def length(key: str, default: float = 0.0) -> float:
        v = values.get(key)
        return v.pt(em=em, whole=size) if v is not None else default

    font = values.get("font", "serif")
    weight = int(values.get("weight", 400))
    return ResolvedStyle(
        name=name, font=font, weight=weight,
        bold_font=values.get("bold_font", font), bold_weight=int(values.get("bold_weight", 700)),
        italic_font=values.get("italic_font", font), size=size,
        leading=length("leading", size * 1.5), colour=layout.colour(values.get("colour", "ink")),
        align=values.get("align", "left"), first_indent=length("first_indent"),
        space_before=length("space_before"), space_after=length("space_after"),
        letter_spacing=length("letter_spacing"), keep_with_next=bool(values.get("keep_with_next", False)),
        hyphenate=bool(values.get("hyphenate", False)), word_space_min=float(values.get("word_space_min", 0.75)),
        word_space_max=float(values.get("word_space_max", 1.8)),
        letter_stretch=float(values.get("letter_stretch", 0.02)),
        letter_shrink=float(values.get("letter_shrink", 0.015)),
        expansion=float(values.get("expansion", 0.02)), protrusion=bool(values.get("protrusion", True)),
    )
