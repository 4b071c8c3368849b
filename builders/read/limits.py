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
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportError
from ..model import Location

if TYPE_CHECKING:  # (the limits are read before the writers start: markdown-it is imported after)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: bytes in a report's source: ten times a long book chapter; reading one takes a few seconds
#: and well under 300 MB (a 100 MB source took 15 s and 900 MB only to be refused)
MAX_SOURCE = 10_000_000
#: bytes in one data file (a CSV): about 100,000 rows of a wide table; reading and typing one
#: takes a few seconds and under 300 MB (a 35 MB file took 22 s and 1.5 GB)
MAX_DATA_FILE = 5_000_000
#: headings (sections at every level) in one report: each is a slide of the deck at least, and a
#: report of 3,000 took 80 s and 800 MB to build into a 3,001-slide deck
MAX_SECTIONS = 150
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
_CLOSERS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}
#: container markers at the start of a line: ">" and list bullets or numbers
_MARKERS = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")


def bound(md: MarkdownIt) -> None:
    """Set ``md`` (the source parser) to keep within the limits: its nesting guard, skipping
    only what is too deep, and text over its length left unparsed."""
    md.options["maxNesting"] = PARSER_NESTING
    md.block.tokenize = _bounded(md.block.tokenize)  # type: ignore[method-assign]
    md.core.ruler.before("inline", "briefkit_lengths", _hold_long_text)


def _bounded(tokenize):
    """markdown-it's block tokenizer, but past its nesting guard skipping only the lines of the
    block that is too deep (the guard alone skips everything to the end of the file, so that
    no later problem would be found); :func:`check_depth` reports the depth."""

    def bounded(state, start: int, end: int) -> None:
        if state.level < state.md.options.maxNesting:
            tokenize(state, start, end)
            return
        line = start
        while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
            line += 1
        state.line = line

    return bounded


#: what the text after each opening token is, and how long it may be
_TEXT_KINDS = {"paragraph_open": ("paragraph", MAX_PARAGRAPH), "heading_open": ("heading", MAX_OPTION)}


def _hold_long_text(state) -> None:
    """Leave text over its length limit unparsed (its inline parse could take long), marked for
    SourceReader.spans to report where it is."""
    for index, token in enumerate(state.tokens):
        if token.type != "inline":
            continue
        opener = state.tokens[index - 1].type if index else ""
        kind, most = _TEXT_KINDS.get(opener, ("text", MAX_PARAGRAPH))
        if len(token.content) > most:
            head = token.content.lstrip()[:20].split("\n")[0]
            token.meta["too_long"] = (kind, len(token.content), most, head)
            token.content = ""


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


def check_depth(tokens: Sequence[Token], base: int, lines: list[str], offset: int, path: Path) -> None:
    """Refuse blocks nested past :data:`MAX_NESTING`, at the marker that goes too deep, with
    the depth the source reaches (``lines`` are the file's, ``offset`` the tokens' first line)."""
    deep = too_deep(tokens, base)
    if deep is None:
        return
    line0 = (deep.token.map[0] if deep.token.map else 0) + offset
    marks = markers(lines[line0]) if line0 < len(lines) else []
    first_on_line = MAX_NESTING + 1 - deep.on_line  # the depth of the line's first block
    written = first_on_line - 1 + len(marks)  # the depth the line's own markers reach
    column = marks[min(deep.on_line, len(marks) - 1)] + 1 if marks else 1
    depth = max(deep.depth, written)
    truncated = deep.truncated and written < deep.depth
    raise ReportError(nesting_message(deep.kind, depth, truncated), Location(path, line0 + 1, column))


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
