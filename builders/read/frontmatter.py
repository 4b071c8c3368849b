"""The YAML front matter of a report → :class:`~builders.model.Meta`, strictly typed and located."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..model import Author, DeckOptions, Meta, PageSize
from ..paths import project_root, resolve_inside
from . import limits
from . import yamlschema as ys
from .inlines import text_spans

#: one-line fields: the cover, the running header and footer, the documents' properties
_LINE = ys.text_up_to(limits.MAX_FIELD)
#: paragraph fields: "About the authors" and the disclaimer
_PARAGRAPH = ys.text_up_to(limits.MAX_PARAGRAPH)


def _language(node, ctx: ys.Context) -> str:
    value = _LINE(node, ctx)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ReportError(f"expected a language tag such as en, en-GB or ru, found {value!r}", ctx.at(node))
    return value


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

SCHEMA = {
    "title": _LINE,
    "subtitle": _LINE,
    "short_title": _LINE,
    "date": ys.date,
    "authors": _joined(ys.list_of(_author), lambda author: author.name),
    "byline": _LINE,
    "series": _LINE,
    "language": _language,
    "keywords": _joined(ys.list_of(_LINE, allow_scalar=True), str),
    "summary": _LINE,
    "page_size": ys.one_of("A4", "Letter"),
    "theme": ys.text,
    "toc": ys.boolean,
    "disclaimer": _PARAGRAPH,
    "deck": _DECK,
}


def read_meta(text: str, path: Path) -> Meta:
    """Read the front matter text (the lines between the ``---`` fences) of ``path``."""
    ctx = ys.Context(path, line_offset=1)
    values = ys.read_mapping(ys.compose(text, ctx), ctx, SCHEMA, required=("title",),
                             what="the front matter")
    if not values["title"]:
        raise ReportError("title must not be empty", ctx.at(ys.compose(text, ctx)))
    deck = values.pop("deck", {})
    values["authors"] = tuple(values.get("authors", ()))
    values["keywords"] = tuple(values.get("keywords", ()))
    values["disclaimer"] = text_spans(values.get("disclaimer", ""))
    if "page_size" in values:
        values["page_size"] = PageSize(values["page_size"])
    return Meta(deck=DeckOptions(**deck), **values)
