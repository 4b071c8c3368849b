"""Tabular data read from the data package: typed columns and datasets."""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass

# --------------------------------------------------------------------------- data values


class FieldType(enum.Enum):
    """Schema types of table columns (a subset of Frictionless Table Schema types)."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    YEAR = "year"
    BOOLEAN = "boolean"

    @property
    def numeric(self) -> bool:
        return self in (FieldType.INTEGER, FieldType.NUMBER)


Value = str | int | float | bool | _dt.date | None


@dataclass(frozen=True)
class Column:
    """One column of a table, from the data package schema."""

    #: field name in the CSV header
    name: str
    #: human title shown in table headers
    title: str
    #: schema type; decides alignment and formatting
    type: FieldType = FieldType.STRING
    #: decimals shown for ``number`` fields: the schema's "decimals", else the most the column's
    #: values are written with (at most 2), so a column's numbers line up
    decimals: int | None = None


@dataclass(frozen=True)
class Dataset:
    """A validated data resource: typed rows plus what its descriptor says about it."""

    #: resource name in ``datapackage.json``
    name: str
    #: resource title
    title: str
    #: resource description
    description: str
    #: the "Source:" line, built from the descriptor's ``sources``
    source: str
    #: schema columns, in file order
    columns: tuple[Column, ...]
    #: typed rows (None marks a missing value)
    rows: tuple[tuple[Value, ...], ...]
