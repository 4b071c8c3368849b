"""The YAML front matter of a report → :class:`~builders.model.Meta`, strictly typed and located."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..locale.furniture import known_language
from ..model import Author, DeckOptions, Location, Meta, PageSize
from ..paths import project_root, resolve_inside
from . import limits, params
from . import yamlschema as ys
from .editions import file_language
from .inlines import text_spans

#: one-line fields: the cover, the running header and footer, the documents' properties
_LINE = ys.text_up_to(limits.MAX_FIELD)
#: paragraph fields: "About the authors" and the disclaimer
_PARAGRAPH = ys.text_up_to(limits.MAX_PARAGRAPH)


def _language(node, ctx: ys.Context) -> str:
    value = _LINE(node, ctx)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ReportError(f"expected a language tag such as en, en-GB or ru, found {value!r}", ctx.at(node))
    if not known_language(value):
        raise ReportError(
            f"unknown language {value!r}: the Unicode CLDR (through Babel) has no such language "
            "or region; expected a tag such as en, en-GB or ru",
            ctx.at(node),
        )
    named = file_language(ctx.path.name)
    if named and not _same_language(named, value):
        raise ReportError(f"language {value!r} differs from the language of the file's name, "
                          f"{ctx.path.name} ({named!r}): a language edition is named report.<language>.md "
                          "after the language it is written in", ctx.at(node))
    return value


def _same_language(named: str, declared: str) -> bool:
    """Whether a file name's tag (``ru``) names the language declared (``ru``, ``ru-RU``)."""
    named, declared = named.lower(), declared.lower()
    return declared == named or declared.startswith(named + "-")


def _file_language(path: Path, values: dict, ctx: ys.Context) -> None:
    """A language edition's file name names a language Babel knows, and ``language:`` is given."""
    named = file_language(path.name)
    if not named or "language" in values:
        return
    if not known_language(named):
        raise ReportError(f"unknown language {named!r} in the file name {path.name}: a language edition is "
                          "named report.<language>.md, such as report.ru.md", Location(path, 1))
    raise ReportError(f"{path.name} is the {named!r} edition, but its front matter has no language: "
                      f"add 'language: {named}'", Location(path, 1))


#: an author's keys
AUTHOR = {"name": _LINE, "affiliation": _LINE, "bio": _PARAGRAPH}
_AUTHOR = ys.mapping(AUTHOR, required=("name",))


def _author(node, ctx: ys.Context) -> Author:
    return Author(**_AUTHOR(node, ctx))


def _joined(items: ys.Converter, name: Callable[[Any], str]) -> ys.Converter:
    """A list whose items are joined with commas into one document property (authors, keywords),
    which must stay within limits.MAX_FIELD characters."""

    def convert(node, ctx: ys.Context) -> tuple:
        values = items(node, ctx)
        length = len(", ".join(name(value) for value in values))
        if length > limits.MAX_FIELD:
            raise ReportError(f"expected at most {limits.MAX_FIELD} characters in all, joined with commas "
                              f"(they make one document property), found {length:,}", ctx.at(node))
        return values

    return convert


def _template(node, ctx: ys.Context) -> Path:
    value = ys.text(node, ctx)
    path = resolve_inside(value, (ctx.path.parent, project_root(ctx.path.parent)), ctx.at(node),
                          what="template")
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise ReportError(f"expected a .pptx or .potx template, found {value!r}", ctx.at(node))
    return path


#: the keys of ``deck:``
DECK = {
    "template": _template,
    "agenda": ys.boolean,
    "section_dividers": ys.boolean,
    "footer": _LINE,
}
_DECK = ys.mapping(DECK)

def _theme(node, ctx: ys.Context) -> str:
    """A theme's name or path, found here so that a wrong one is reported at its line."""
    from .theme import theme_path

    value = ys.text(node, ctx)
    theme_path(value, ctx.path.parent, ctx.at(node))
    return value


SCHEMA = {
    "title": _LINE,
    "subtitle": _LINE,
    "short_title": _LINE,
    "date": ys.date,
    "as_of": ys.date,
    "authors": _joined(ys.list_of(_author), lambda author: author.name),
    "byline": _LINE,
    "series": _LINE,
    "language": _language,
    "keywords": _joined(ys.list_of(_LINE, allow_scalar=True), str),
    "summary": _LINE,
    "page_size": ys.one_of("A4", "Letter"),
    "theme": _theme,
    "toc": ys.boolean,
    "disclaimer": _PARAGRAPH,
    "back_matter": ys.boolean,
    "deck": _DECK,
    # a template's parameters (see builders.read.params): read there, checked here
    "params": params.read_params,
    "matrix": params.read_matrix,
}


def read_meta(text: str, path: Path) -> Meta:
    """Read the front matter text (the lines between the ``---`` fences) of ``path``."""
    ctx = ys.Context(path, line_offset=1)
    values = ys.read_mapping(ys.compose(text, ctx), ctx, SCHEMA, required=("title",),
                             what="the front matter")
    _file_language(path, values, ctx)
    if not values["title"]:
        raise ReportError("title must not be empty", ctx.at(ys.compose(text, ctx)))
    deck = values.pop("deck", {})
    values.pop("params", None)
    values.pop("matrix", None)
    values["authors"] = tuple(values.get("authors", ()))
    values["keywords"] = tuple(values.get("keywords", ()))
    values["disclaimer"] = text_spans(values.get("disclaimer", ""))
    if "page_size" in values:
        values["page_size"] = PageSize(values["page_size"])
    return Meta(deck=DeckOptions(**deck), **values)
