"""A theme file (``assets/themes/*.yaml`` or a report's own) → a validated :class:`Theme`, every
key typed and every problem located at its line."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReportError
from ..formats import FORMATS
from ..model import Location
from ..model.theme import COLOUR_ROLES, STYLES, Colour, FontFamily, Length, Theme
from ..paths import ASSETS, check_picture, check_truetype, read_input, resolve_inside
from . import yamlschema as ys

THEMES_DIR = ASSETS / "themes"


def _length(node, ctx: ys.Context) -> Length:
    value = ys.text(node, ctx)
    try:
        return Length.parse(value)
    except ValueError as error:
        raise ReportError(str(error), ctx.at(node)) from None


def _colour(node, ctx: ys.Context) -> Colour:
    value = ys.text(node, ctx)
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ReportError(f"expected a colour as #RRGGBB, found {value!r}", ctx.at(node))
    return Colour(value.upper())


def _asset(node, ctx: ys.Context) -> Path:
    value = ys.text(node, ctx)
    return resolve_inside(value, (ASSETS, ctx.path.parent), ctx.at(node), what="theme file")


#: the keys of a font family
FAMILY = {"name": ys.text, "regular": _asset, "bold": _asset, "italic": _asset, "bold_italic": _asset}
_FAMILY = ys.mapping(FAMILY, required=("name", "regular"))


def _family(node, ctx: ys.Context) -> FontFamily:
    values = _FAMILY(node, ctx)
    at = {k.value: v for k, v in node.value}  # each file's own line (the mapping was read above)
    for key in ("regular", "bold", "italic", "bold_italic"):
        if key in values:
            check_truetype(values[key], ctx.at(at.get(key, node)))
    return FontFamily(**values)


def _logo(node, ctx: ys.Context) -> Path:
    path = _asset(node, ctx)
    check_picture(path, ctx.at(node))
    return path


def _positive(read):
    """A converter that also requires the value to be above zero (sizes, counts, limits)."""

    def convert(node, ctx: ys.Context):
        value = read(node, ctx)
        if (value.pt if isinstance(value, Length) else value) <= 0:
            raise ReportError(f"expected a value above zero, found {node.value!r}", ctx.at(node))
        return value

    return convert


#: the sizes a theme may set, in points: type from 4 pt (the least a printed note is read at)
#: to 144 pt, margins and the logo's height up to 2 inches. Past them a brief or deck cannot be
#: laid out (a 2,000 pt body size, 500 pt margins), and the theme's line says so.
TYPE_SIZES, MARGINS = (4.0, 144.0), (1.0, 144.0)


def _bounded(name: str):
    """A converter for the length ``name``: within its range above."""
    least, most = MARGINS if name.startswith(("margin", "logo")) else TYPE_SIZES

    def convert(node, ctx: ys.Context) -> Length:
        value = _length(node, ctx)
        if not least <= value.pt <= most:
            raise ReportError(
                f"{name}: expected a length from {least:g}pt to {most:g}pt, found {node.value!r}",
                ctx.at(node),
            )
        return value

    return convert


def _style_schema(cls) -> dict:
    """Schema for a style dataclass: each field read with the converter its default's type
    needs; every size and count must be above zero."""
    schema = {}
    for name, value in cls.__dataclass_fields__.items():
        default = value.default
        if isinstance(default, Length):
            schema[name] = _bounded(name)
        elif isinstance(default, bool):
            schema[name] = ys.boolean
        elif isinstance(default, int):
            schema[name] = _positive(ys.integer)
        elif name == "align":
            schema[name] = ys.one_of("justify", "left")
        else:
            schema[name] = ys.text
    return schema


#: the fonts a theme names
FONTS = {"body": _family, "heading": _family, "mono": _family, "fallback": ys.list_of(_family),
         "deck": ys.list_of(_family)}

#: a theme file's keys
SCHEMA = {
    "name": ys.text,
    "description": ys.text,
    "colours": ys.mapping({role: _colour for role in COLOUR_ROLES}, required=COLOUR_ROLES),
    "actors": ys.mapping({}, extra=_colour),
    "palette": ys.list_of(_colour),
    "fonts": ys.mapping(FONTS, required=("body", "heading", "mono")),
    # one section per writer that has one (builders/formats.py)
    **{f.style: ys.mapping(_style_schema(STYLES[f.style])) for f in FORMATS if f.style},
    "logo": _logo,
    "template": _asset,
}


def theme_path(name: str, report_root: Path | None = None, location: Location | None = None,
               *, given: bool = False) -> Path:
    """Find a theme by name (``assets/themes/NAME.yaml``) or as a path inside the report folder,
    the project, the assets, or (``given`` on the command line) the working folder."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        candidate = THEMES_DIR / f"{name}.yaml"
        if candidate.is_file():
            return candidate
        known = ", ".join(sorted(p.stem for p in THEMES_DIR.glob("*.yaml")))
        raise ReportError(f"unknown theme {name!r}; expected one of: {known}",
                          location or Location(THEMES_DIR))
    from ..paths import project_root

    # the working folder counts only for a theme named on the command line, not by a report
    here = Path.cwd() if given else None
    roots = tuple(dict.fromkeys(r.resolve() for r in (report_root, report_root and project_root(report_root),
                                                      here, ASSETS) if r is not None))
    return resolve_inside(name, roots, location or Location(Path(name)), what="theme")


_CACHE: dict[tuple, Theme] = {}
#: bytes in a theme file (the shipped ones: 3 kB)
MAX_THEME = 1_000_000


def load_theme(path: Path) -> Theme:
    """Read and validate a theme file (cached per path for the life of the process)."""
    path = path.resolve()
    try:
        info = path.stat()
        key = (path, info.st_mtime_ns, info.st_size)  # an edited theme is read again (watch mode)
    except OSError:
        key = (path, 0, 0)
    if key in _CACHE:
        return _CACHE[key]
    ctx = ys.Context(path)
    try:
        text = read_input(path, Location(path), what="theme", most=MAX_THEME).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read theme: {error}", Location(path)) from None
    values = ys.read_mapping(ys.compose(text, ctx), ctx, SCHEMA,
                             required=("name", "colours", "fonts"), what="theme")
    fonts = values["fonts"]
    theme = Theme(
        name=values["name"],
        path=path,
        colours=values["colours"],
        actors=dict(values.get("actors", {})),
        palette=tuple(values.get("palette", ())) or (values["colours"]["primary"],),
        body_font=fonts["body"],
        heading_font=fonts["heading"],
        mono_font=fonts["mono"],
        fallback_fonts=tuple(fonts.get("fallback", ())),
        **{f.style: STYLES[f.style](**values.get(f.style, {})) for f in FORMATS if f.style},
        logo=values.get("logo"),
        template=values.get("template"),
        deck_fonts=tuple(fonts.get("deck", ())),
    )
    _CACHE[key] = theme
    return theme
