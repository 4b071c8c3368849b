"""The YAML front matter of a report → :class:`~builders.model.Meta`, strictly typed and located."""

from __future__ import annotations

import re
from pathlib import Path

from . import yamlschema as ys
from .errors import ReportError
from .inlines import text_spans
from .model import Author, DeckOptions, Meta, PageSize
from .paths import project_root, resolve_inside


def _language(node, ctx: ys.Context) -> str:
    value = ys.text(node, ctx)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ReportError(f"expected a language tag such as en, en-GB or ru, found {value!r}", ctx.at(node))
    return value


_AUTHOR = ys.mapping({"name": ys.text, "affiliation": ys.text, "bio": ys.text}, required=("name",))


def _author(node, ctx: ys.Context) -> Author:
    return Author(**_AUTHOR(node, ctx))


def _template(node, ctx: ys.Context) -> Path:
    value = ys.text(node, ctx)
    path = resolve_inside(value, (ctx.path.parent, project_root(ctx.path.parent)), ctx.at(node),
                          what="template")
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise ReportError(f"expected a .pptx or .potx template, found {value!r}", ctx.at(node))
    return path


_DECK = ys.mapping({
    "template": _template,
    "agenda": ys.boolean,
    "section_dividers": ys.boolean,
    "footer": ys.text,
})

SCHEMA = {
    "title": ys.text,
    "subtitle": ys.text,
    "short_title": ys.text,
    "date": ys.date,
    "authors": ys.list_of(_author),
    "byline": ys.text,
    "series": ys.text,
    "language": _language,
    "keywords": ys.list_of(ys.text, allow_scalar=True),
    "summary": ys.text,
    "page_size": ys.one_of("A4", "Letter"),
    "theme": ys.text,
    "toc": ys.boolean,
    "disclaimer": ys.text,
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
