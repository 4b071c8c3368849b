"""Typing CSV columns with pandas against a Table Schema, naming each bad cell by row and column."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import Collector
from ..model import Column, FieldType, Location, Value
from .datalang import pick

if TYPE_CHECKING:
    from .resource import Resource

_MAX_ERRORS = 25
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_EXPECTED = {
    FieldType.INTEGER: "a whole number",
    FieldType.NUMBER: "a finite number",
    FieldType.DATE: "a date as YYYY-MM-DD",
    FieldType.YEAR: "a four-digit year from 0001",
    FieldType.BOOLEAN: "true or false",
}


def _numeric_text(raw: pd.Series, field: dict[str, Any]) -> pd.Series:
    """Strip what the schema says may decorate a number: group marks, %, currency."""
    text = raw.str.strip().str.replace("\u2212", "-", regex=False)  # typographic minus
    group = field.get("groupChar")
    if group:
        text = text.str.replace(group, "", regex=False)
    decimal = field.get("decimalChar")
    if decimal and decimal != ".":
        text = text.str.replace(decimal, ".", regex=False)
    if field.get("bareNumber", True) is False:
        # currency and percent signs around the number go; a word ("1.2 bn") or a sign after it
        # ("5-") stays, so the cell is refused rather than read as another number, and an
        # accounting negative "(123)" is -123
        signs = _signs()
        text = text.str.replace(f"^[\\s{signs}]+|[\\s{signs}]+$", "", regex=True)
        text = text.str.replace(r"^\(\s*([^()\s-][^()]*?)\s*\)$", r"-\1", regex=True)
    return text


_SIGNS: list[str] = []


def _signs() -> str:
    """The currency signs (Unicode category Sc) and percent and per-mille signs, escaped for a
    regular expression's character class."""
    if not _SIGNS:
        import unicodedata

        found = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc"] + ["%", "\u2030"]
        _SIGNS.append(re.escape("".join(found)))
    return _SIGNS[0]


def _hint(found: str, field: dict[str, Any]) -> str:
    if re.fullmatch(r"\(\s*[\d,.]+\s*\)", found):
        return " (accounting negatives in parentheses are not numbers; write -1234)"
    if found.endswith("%") and field.get("bareNumber", True) is not False:
        return ' (set "bareNumber": false on the field to allow % and currency signs)'
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", found) and not field.get("decimalChar"):
        return ' (set "decimalChar": "," and "groupChar": "." on the field to read 1.234,5)'
    if re.search(r"\d,\d{3}", found) and not field.get("groupChar"):
        return ' (set "groupChar": "," on the field to allow thousands separators)'
    if re.fullmatch(r"[+-]?\d+,\d+", found) and not field.get("decimalChar"):
        return ' (set "decimalChar": "," on the field to read a decimal comma)'
    return ""


def _convert(raw: pd.Series, ftype: FieldType, field: dict[str, Any]) -> list[Value]:
    """Typed Python values; None where a value could not be read (reported by the caller)."""
    if ftype in (FieldType.INTEGER, FieldType.NUMBER, FieldType.YEAR):
        text = _numeric_text(raw, field) if ftype != FieldType.YEAR else raw.str.strip()
        pattern = r"[+-]?\d+" if ftype != FieldType.NUMBER else r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
        if ftype == FieldType.YEAR:
            pattern = r"\d{4}"
        ok = text.str.fullmatch(pattern).fillna(False).astype(bool)
        if ftype != FieldType.NUMBER:  # whole numbers stay exact, however many digits they have
            least = 1 if ftype == FieldType.YEAR else None  # no year 0000
            return [v if good and (v := _whole(t)) is not None and (least is None or v >= least) else None
                    for t, good in zip(text.tolist(), ok.tolist())]
        # a number too large to hold (1e309) is not a value a table can show; a whole number past
        # 2**53, which a float would change, stays exact
        return [_number(t) if good else None for t, good in zip(text.tolist(), ok.tolist())]
    if ftype == FieldType.DATE:
        fmt = field.get("format", "default")
        return [_date(v, fmt) for v in raw.str.strip().tolist()]
    if ftype == FieldType.BOOLEAN:
        lowered = raw.str.strip().str.lower()
        return [True if v in _TRUE else False if v in _FALSE else None for v in lowered.tolist()]
    return [str(v) for v in raw.tolist()]


def _whole(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:  # more than 4,300 digits
        return None


def _number(text: str) -> float | int | None:
    value = float(text)
    if not math.isfinite(value):
        return None
    if abs(value) >= 2**53 and re.fullmatch(r"[+-]?\d+", text):
        return _whole(text)
    return value


def _date(text: str, fmt: str) -> dt.date | None:
    """A cell's date in the calendar Python knows (years 1 to 9999), or None. Each cell is read
    by itself, so the time-zone offsets of ``%z`` cells may differ: a cell's date is the one
    written in it. (The format was checked with the descriptor: it names a year, a month and a
    day and no unknown directive.)"""
    try:
        if fmt in ("default", "any"):
            if not _ISO_DATE.fullmatch(text):
                return None
            return dt.date.fromisoformat(text)
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:  # not the format, or no such day (0000-01-01, 2023-02-29)
        return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def typed_columns(resource: Resource, header: list[str],
                  body: list[tuple[int, list[str]]]) -> tuple[tuple[Column, ...], tuple[tuple[Value, ...],
                                                                                        ...]]:
    """Type every column by its schema field; collect every bad cell with its row and column."""
    frame = pd.DataFrame([record for _, record in body], columns=header, dtype="string")
    lines = [line for line, _ in body]
    collector = Collector()
    missing_values = set(resource.missing)
    columns: list[Column] = []
    typed: list[list[Value]] = []
    for index, field in enumerate(resource.fields):
        name = field["name"]
        ftype = FieldType(field.get("type", "string"))
        raw = frame[name].fillna("")
        missing = (
            raw.str.strip().isin(missing_values) if ftype != FieldType.STRING else raw.isin(missing_values)
        )
        values = _convert(raw, ftype, field)
        bad = ~missing & pd.Series([v is None for v in values], index=frame.index)
        constraints = field.get("constraints") or {}
        enum = constraints.get("enum")
        for row in frame.index[bad | (missing & bool(constraints.get("required")))]:
            found = str(raw[row])
            where = Location(resource.path, lines[row], index + 1)
            row_name = f"row {row + 1}, column {name!r}"
            if missing[row]:
                collector.add(f"{row_name}: a value is required, found an empty cell", where)
            else:
                collector.add(f"{row_name}: expected {_EXPECTED[ftype]}, found {found!r}"
                              f"{_hint(found, field)}", where)
            if len(collector.problems) >= _MAX_ERRORS:
                collector.check()
        result: list[Value] = [None if missing[i] else values[i] for i in range(len(frame))]
        if enum:
            for row, value in enumerate(result):
                if value is not None and value not in enum:
                    collector.add(f"row {row + 1}, column {name!r}: expected one of "
                                  f"{', '.join(map(str, enum))}, found {value!r}",
                                  Location(resource.path, lines[row], index + 1))
        typed.append(result)
        decimals = field.get("decimals")
        if decimals is None and ftype is FieldType.NUMBER:  # as written, so a column lines up
            written = _numeric_text(raw[~missing], field).str.extract(r"\.(\d+)", expand=False).str.len()
            decimals = min(int(written.max()), 2) if written.notna().any() else 0
        columns.append(Column(name=name, title=pick(field.get("title", name), ""), type=ftype,
                              decimals=decimals))
    collector.check()
    rows = tuple(tuple(col[i] for col in typed) for i in range(len(frame)))
    return tuple(columns), rows

