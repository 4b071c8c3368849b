"""The properties of a data package's schema field, checked against what the Table Schema gives
each (read by :mod:`.data`)."""

from __future__ import annotations

import json

from ..errors import ReportError
from ..model import Location

#: field properties a schema may set, and what each must be (a title: see _check_texts)
_FIELD_CHECKS = {
    "description": (str, "text"),
    "type": (str, "a type name"),
    "format": (str, "a date format such as %d/%m/%Y"),
    "groupChar": (str, "one character"),
    "decimalChar": (str, "one character"),
    "bareNumber": (bool, "true or false"),
    "constraints": (dict, 'an object such as {"required": true}'),
}


def check_field(resource: str, field: dict, where: Location) -> None:
    """Each known property of a schema field has the JSON type the Table Schema gives it."""
    label = f"resource {resource!r}, field {field['name']!r}"
    for key, (kind, expected) in _FIELD_CHECKS.items():
        if key in field and not isinstance(field[key], kind):
            raise ReportError(f"{label}: expected \"{key}\" to be {expected}, found {json.dumps(field[key])}",
                              where)
    for key in ("groupChar", "decimalChar"):
        if key in field and len(field[key]) != 1:
            raise ReportError(
                f'{label}: expected "{key}" to be one character, found {json.dumps(field[key])}', where
            )
    if field.get("type") == "date" and field.get("format", "default") not in ("default", "any"):
        problem = date_format_problem(field["format"])
        if problem:
            raise ReportError(f"{label}: date format {field['format']!r} {problem}", where)
    decimals = field.get("decimals")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals,
                                                                              int) or not 0 <= decimals <= 6):
        raise ReportError(f"{label}: expected \"decimals\" to be a whole number from 0 to 6, found "
                          f"{json.dumps(decimals)}", where)
    constraints = field.get("constraints") or {}
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        raise ReportError(f"{label}: expected \"enum\" to be a list of values, found "
                          f"{json.dumps(constraints['enum'])}", where)
    if "required" in constraints and not isinstance(constraints["required"], bool):
        raise ReportError(f"{label}: expected \"required\" to be true or false, found "
                          f"{json.dumps(constraints['required'])}", where)


#: the directives Python's strptime reads, and those that give a date's year, month and day
_DIRECTIVES = set("aAbBcdfGHIjmMpSuUVwWxXyYzZ%")
_YEAR, _MONTH, _DAY = set("YyG"), set("bBm"), set("dj")


def date_format_problem(fmt: str) -> str:
    """What is wrong with a date field's ``format`` (empty when nothing): a stray %, a directive
    strptime does not know, or no year, month and day (a time-only format such as %H:%M would
    read every cell as 1 January 1900)."""
    found = set()
    index = 0
    while (index := fmt.find("%", index)) >= 0:
        directive = fmt[index + 1:index + 2]
        if not directive:
            return "ends in a stray %; write %% for a percent sign"
        if directive not in _DIRECTIVES:
            return f"has the unknown directive %{directive}; expected directives such as %Y, %m and %d"
        found.add(directive)
        index += 2
    if not (
        found & _YEAR
        and found & _MONTH
        and found & _DAY
        or found & set("cx")
        or "j" in found
        and found & _YEAR
    ):
        return ("does not give a year, a month and a day (such as %d/%m/%Y); a date field holds dates, "
                "not times")
    return ""
