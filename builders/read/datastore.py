"""A dataset as JSON for the content-addressed store (``builders/store.py``), and back: the
store keeps text and knows no model, so the reader that caches datasets says how they are written."""

from __future__ import annotations

import datetime as dt
import json

from ..model import Column, Dataset, FieldType


def _value(value):
    return {"d": value.isoformat()} if isinstance(value, dt.date) else value


def _unvalue(value):
    return dt.date.fromisoformat(value["d"]) if isinstance(value, dict) else value


def dump_dataset(data: Dataset) -> str:
    return json.dumps({
        "name": data.name, "title": data.title, "description": data.description, "source": data.source,
        "columns": [[c.name, c.title, c.type.value, c.decimals] for c in data.columns],
        "rows": [[_value(v) for v in row] for row in data.rows],
    }, ensure_ascii=False)


def load_dataset(text: str) -> Dataset | None:
    try:
        raw = json.loads(text)
        columns = tuple(Column(n, t, FieldType(k), d) for n, t, k, d in raw["columns"])
        rows = tuple(tuple(_unvalue(v) for v in row) for row in raw["rows"])
        return Dataset(raw["name"], raw["title"], raw["description"], raw["source"], columns, rows)
    except (ValueError, KeyError, TypeError):
        return None
