"""Every character a report shows must have a font in its theme: a character none covers would
print as a blank or a box, so it is an error found where the source holds it.

A character is covered when both the body and the heading font have it, or one of the theme's
fallback fonts does (the brief and the deck pick a font per run of text in that order).
Invisible formatting characters (joiners, direction marks) need no glyph.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date
from enum import Enum
from pathlib import Path

from ..errors import Problem, ReportError, location_at
from ..model import Location, Report
from ..paths import read_input
from . import fontfiles
from .theme import Theme

#: categories of characters that are never drawn as glyphs
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


#: values that hold no text (the cells of a table are mostly these)
_NO_TEXT = (int, float, bool, type(None), Enum, Path, Location, date)


def characters(value) -> set[str]:
    """Every character beyond ASCII in the strings held anywhere in a (frozen dataclass) value
    of the report model (walked with a stack: a 5,000-row table holds 30,000 values)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            if not item.isascii():
                found.update(item)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        elif isinstance(item, _NO_TEXT):
            continue
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, str):  # a str subclass
            found.update(c for c in item if ord(c) > 0x7F)
    return found


def uncovered(report: Report, theme: Theme, metrics: Path | None = None) -> list[str]:
    """The characters the report shows that no font of ``theme`` has, in order of code point."""
    # the folder's name and source, and the labels of uncited notes, are never shown in an output
    shown = {c for c in characters(dataclasses.replace(report, name="", source="", uncited=()))
             if ord(c) > 0x7F and unicodedata.category(c) not in _INVISIBLE}
    if not shown:
        return []
    return sorted((c for c in shown if not covers(theme, c, metrics)), key=ord)


def _where(char: str, files: list[Path]) -> Location:
    """The first place a source file holds ``char``: as itself, in another case (a heading's
    anchor is its text in lower case) or as a character reference (``&#x2D30;``)."""
    forms = [char, char.upper(), char.lower(), f"&#x{ord(char):x};", f"&#{ord(char)};"]
    for path in files:
        try:  # through the gate: a named pipe among the CSV files is never opened
            raw = read_input(path, Location(path), what="file", most=20_000_000)
            # spreadsheets save CSV files in UTF-16 with a byte-order mark, which the data reader takes
            text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
        except (OSError, UnicodeError, ReportError):
            continue
        folded = text.lower()
        for form in forms:
            index = (folded if form.startswith("&#") else text).find(form)
            if index >= 0:
                return location_at(path, text, index)
    return Location(files[0])


def covers(theme: Theme, char: str, metrics: Path | None = None) -> bool:
    """Whether a font of ``theme`` draws ``char`` wherever it is shown (the fonts' character
    sets are kept in ``metrics``, see :func:`fontfiles.coverage`)."""
    def has(family) -> bool:
        return char in fontfiles.coverage(family.regular, metrics)

    return (has(theme.body_font) and has(theme.heading_font)) or any(has(f) for f in theme.fallback_fonts)


def _described(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}, {name})" if name else f"U+{ord(char):04X}"


def _script(char: str) -> str:
    """The script part of a character's Unicode name ("TIFINAGH" of "TIFINAGH LETTER YA")."""
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    for word in (" LETTER ", " SYLLABLE ", " DIGIT ", " SIGN ", " CHARACTER ", " IDEOGRAPH", " SYMBOL "):
        name = name.split(word)[0]
    return name


def check(report: Report, theme: Theme, files: list[Path], metrics: Path | None = None) -> None:
    """Raise a :class:`ReportError` locating each character no font of the theme covers, at its
    first place in ``files`` (the report's source, then its data package): one problem per
    script, at its first character; fonts' metrics are kept in ``metrics`` (see
    :func:`fonts.keep_metrics_in`)."""
    missing = uncovered(report, theme, metrics)
    if not missing:
        return
    by_script: dict[str, list[tuple[Location, str]]] = {}
    for char in missing:
        by_script.setdefault(_script(char), []).append((_where(char, files), char))
    problems = []
    for found in by_script.values():
        found.sort(key=lambda item: (str(item[0].path), item[0].line, item[0].column))
        location, char = found[0]
        more = f" (and {len(found) - 1} more of its script)" if len(found) > 1 else ""
        problems.append(Problem(location, f"no font in the theme covers {_described(char)}{more}; "
                                          "add a font that does to the theme's fallback list"))
    problems.sort(key=lambda p: (str(p.location.path), p.location.line, p.location.column))
    raise ReportError(problems=problems)
