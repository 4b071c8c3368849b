"""How table values and dates print, the same way in the brief and the deck."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from ..model import Column, FieldType, Value
from . import furniture
from .typography import typeset

_ROOM = Context(prec=400)
MISSING = "\u2014"  # em dash for a missing value

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def format_date(value: dt.date, language: str = "en") -> str:
    """``19 May 2023``; ``May 19, 2023`` for U.S. English; another language's long form
    (``19 мая 2023 г.``, see :mod:`builders.locale.furniture`); with the no-break spaces of
    :func:`builders.locale.typography.typeset`, so no line parts a day from its month."""
    if not furniture.is_english(language):
        text = furniture.format_date(value, language)
    elif language.lower() == "en-us":
        text = f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"
    else:
        text = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return typeset(text, language)


def date_names(value: dt.date, language: str = "en", year_only: bool = False) -> set[str]:
    """How a writer may name ``value`` at the precision it is known to: its year, its month
    (``May 2023``, ``май 2023``) and its day (``19 May 2023``, ``19 мая 2023 г.``), folded to
    lower case with one plain space between words and no trailing full stop or "г."."""
    forms = [str(value.year)]
    if not year_only:
        month = _MONTHS[value.month - 1]
        forms += [format_date(value, language), f"{month} {value.year}", f"{value.day} {month} {value.year}",
                  f"{month} {value.day}, {value.year}"] if furniture.is_english(language) else \
            [format_date(value, language), *furniture.date_forms(value, language)]
    return {fold_date(f) for f in forms}


def fold_date(text: str) -> str:
    """A date as :func:`date_names` compares it."""
    text = " ".join(text.casefold().split())
    return re.sub(r"(?:\s+г\.?|\s+года?|\.)$", "", text)


def as_of_line(meta) -> str:
    """The cover's and title slide's line for ``as_of:``: ``Analysis as of 5 April 2024``."""
    return furniture.tr(meta.language, "Analysis as of {date}", date=format_date(meta.as_of, meta.language))


def format_value(value: Value, column: Column, language: str = "en") -> str:
    """A cell as text: numbers grouped with the schema's decimals, missing values as an em dash."""
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    kind = column.type
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind is FieldType.INTEGER:
            if furniture.is_english(language):
                return f"{int(value):,}"
            return furniture.format_number(Decimal(int(value)), 0, language)
        if kind is FieldType.NUMBER:
            return format_number(value, 2 if column.decimals is None else column.decimals, language)
        if kind is FieldType.YEAR:
            return str(int(value))
    if kind is FieldType.DATE and isinstance(value, dt.date):
        return format_date(value, language)
    if kind is FieldType.BOOLEAN:
        return furniture.tr(language, "Yes" if value else "No")
    return str(value)


def format_number(value: float, decimals: int, language: str = "en") -> str:
    """A number grouped by thousands with ``decimals`` places, rounded half away from zero as
    readers expect (35.25 -> 35.3), not to the nearest even; in another language with its
    decimal sign and groups (``1 234,5``)."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    # room for every digit of the largest float (1.8e308) and the decimals: Decimal's default 28
    # digits refused a number from 1e28 up
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_ROOM)
    if not furniture.is_english(language):
        return furniture.format_number(rounded.copy_abs() if rounded.is_zero() else rounded, decimals,
                                       language)
    return f"{rounded.copy_abs() if rounded.is_zero() else rounded:,.{decimals}f}"  # never "-0.0"


def number_format(decimals: int) -> str:
    """The same format as an Office number format (for native chart labels)."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")
