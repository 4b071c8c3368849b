"""The named limits on a source: how deep blocks nest, how long a paragraph or a metadata field
may be, and how many cells a table may have.

Each limit keeps a build's time and memory bounded by the size of its sources and is reported
like any other bad input: located, in the same pass as the other problems, by ``build`` and by
``check``. The checks only count what the reader has already parsed, so they cost next to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from .errors import ReportError
from .model import Location

#: lists, block quotes and directives inside one another, counted together
MAX_NESTING = 20
#: characters in one paragraph, list item, quotation paragraph, heading or note
MAX_PARAGRAPH = 100_000
#: characters in a directive's argument or option (a box title, a caption, a chart's notes): a
#: table's caption is repeated above its rows on every page
MAX_OPTION = 1_000
#: characters in a one-line metadata field: the PDF's and the deck's document properties
#: (OOXML core properties hold at most 255 characters) and the cover, header and footer lines
MAX_FIELD = 255
#: cells in one table (rows times shown columns): a few seconds of layout for the brief and the deck
MAX_TABLE_CELLS = 30_000

#: markdown-it's own nesting guard stops reading deeper blocks without a word; it is set above
#: anything within MAX_NESTING (a list level takes two token levels) so that it only ever acts
#: on a source that is refused for its depth anyway
PARSER_NESTING = 2 * MAX_NESTING + 10

_CONTAINERS = {"blockquote_open": "block quote", "bullet_list_open": "list", "ordered_list_open": "list"}
#: container markers at the start of a line: ">" and list bullets or numbers
_CLOSERS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}
_MARKERS = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")


@dataclass(frozen=True)
class TooDeep:
    """Where nesting first goes past :data:`MAX_NESTING`."""

    #: the opening token of the block that goes one level too deep
    token: Token
    #: what nests: "list" or "block quote"
    kind: str
    #: the deepest nesting the parsed tokens reach, counting the enclosing levels
    depth: int
    #: how many blocks the offending token's line opened up to and including it (0-based)
    on_line: int
    #: the parser stopped at its own guard, so the source nests deeper still
    truncated: bool


def too_deep(tokens: Sequence[Token], base: int = 0) -> TooDeep | None:
    """The first block that takes nesting past :data:`MAX_NESTING` (counting ``base``
    enclosing levels), or None."""
    depth = most = on_line = 0
    first: tuple[Token, int] | None = None
    line = -1
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            most = max(most, depth)
            start = token.map[0] if token.map else -1
            on_line = on_line + 1 if start == line else 0
            line = start
            if first is None and base + depth > MAX_NESTING:
                first = token, on_line
        elif token.type in _CLOSERS:
            depth -= 1
    if first is None:
        return None
    truncated = any(t.level >= PARSER_NESTING - 1 for t in tokens)
    return TooDeep(first[0], _CONTAINERS[first[0].type], base + most, first[1], truncated)


def markers(line: str) -> list[int]:
    """Start columns (0-based) of the quote and list markers a line opens with."""
    found = []
    position = 0
    while match := _MARKERS.match(line, position):
        if match.end() == position:
            break
        found.append(line.index(match.group().strip()[0], position))
        position = match.end()
    return found


def nesting_message(kind: str, depth: int, truncated: bool) -> str:
    how = "at least " if truncated else ""
    return (f"{kind} is nested {how}{depth} deep; at most {MAX_NESTING} levels of lists, block "
            "quotes and directives inside one another are supported")


def length_message(what: str, length: int, most: int) -> str:
    return f"{what} is {length:,} characters long; at most {most:,} are supported"


def check_table(rows: int, columns: int, longest: int, location: Location) -> None:
    """A table of at most :data:`MAX_TABLE_CELLS` cells, none longer than :data:`MAX_PARAGRAPH`."""
    if rows * columns > MAX_TABLE_CELLS:
        raise ReportError(f"table has {rows * columns:,} cells ({rows:,} rows of {columns} columns); at most "
                          f"{MAX_TABLE_CELLS:,} are supported: show fewer rows with :where: or fewer columns "
                          "with :columns:", location)
    if longest > MAX_PARAGRAPH:
        raise ReportError(length_message("a cell of the table", longest, MAX_PARAGRAPH), location)
