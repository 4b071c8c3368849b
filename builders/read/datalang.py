"""A data package in the edition's language.

Titles, descriptions and source titles in ``datapackage.json`` may be one text or an object of
language tags to texts (``"title": {"en": "Partner", "ru": "Партнёр"}``); an edition takes the
text of its language (``ru`` for ``ru-RU``), else the one under ``""``, else the first given.
A text field may name, per language, another field of the same resource that holds its
translation (``"translations": {"ru": "label_ru"}``): an edition in that language shows the
translation where the cell is not empty, the main text where it is. Translation fields are
never columns of their own. Rows, numbers and dates are the same in every edition, so the
editions cannot drift apart; charts keep each series' colour by its main-language name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..locale.furniture import primary
from ..model import Dataset


def pick(value: Any, language: str) -> str:
    """The text of ``value`` for ``language``: ``value`` itself, or its entry in a mapping."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    if not value:
        return ""
    folded = {str(k).lower().replace("_", "-"): v for k, v in value.items()}
    tag = language.lower().replace("_", "-")
    for key in (tag, primary(language), ""):
        if key in folded:
            return str(folded[key])
    return str(next(iter(value.values())))


def unknown_language(tags: Any) -> str | None:
    """The first of ``tags`` (the keys of a text object or of "translations") that Babel does not
    know, if any ("" is the text of every other language)."""
    from ..locale.furniture import known_language

    return next((str(tag) for tag in tags if str(tag) and not known_language(str(tag))), None)


def translation_fields(fields: tuple[dict[str, Any], ...]) -> set[str]:
    """The names of the fields that hold another field's translation."""
    return {str(name) for f in fields for name in (f.get("translations") or {}).values()}


def _companion(field: dict[str, Any], language: str) -> str | None:
    translations = {str(k).lower().replace("_", "-"): v for k, v in (field.get("translations") or {}).items()}
    tag = language.lower().replace("_", "-")
    return translations.get(tag) or translations.get(primary(language))


def localise(data: Dataset, title: Any, description: Any, sources: tuple, fields: tuple[dict[str, Any], ...],
             language: str) -> Dataset:
    """``data`` as the edition in ``language`` shows it (``data`` itself when nothing in the
    descriptor is translated, so a package without translations gives what it always gave)."""
    hidden = translation_fields(fields)
    localised = any(isinstance(x, dict) for x in (title, description, *(s.get("title") for s in sources),
                                                  *(f.get("title") for f in fields)))
    if not hidden and not localised:
        return data
    by_name = {f.get("name"): f for f in fields}
    index = {c.name: i for i, c in enumerate(data.columns)}
    originals: dict[str, str] = {}
    columns = list(data.columns)
    for i, column in enumerate(columns):
        field = by_name.get(column.name, {})
        main = pick(field.get("title", column.name), "")
        shown = pick(field.get("title", column.name), language)
        if shown != main:
            originals[shown] = main
        columns[i] = replace(column, title=shown)
    rows = [list(row) for row in data.rows]
    for column in data.columns:
        other = _companion(by_name.get(column.name, {}), language)
        if other is None or other not in index:
            continue
        i, j = index[column.name], index[other]
        for row in rows:
            if row[j] not in (None, "") and row[j] != row[i]:
                originals[str(row[j])] = str(row[i])
                row[i] = row[j]
    keep = [i for i, c in enumerate(data.columns) if c.name not in hidden]
    source = "; ".join(pick(s.get("title"), language) for s in sources if isinstance(s,
                                                                                     dict) and s.get("title"))
    return replace(data, title=pick(title, language) or data.name, description=pick(description, language),
                   source=source, columns=tuple(columns[i] for i in keep),
                   rows=tuple(tuple(row[i] for i in keep) for row in rows),
                   originals=tuple(originals.items()))
