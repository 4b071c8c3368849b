"""A data table's column widths and type size in the brief, from min- and max-content.

Every column is at least as wide as its longest piece no line may break (see
:func:`builders.shared.tablefit.tokens`), measured with the faces that draw it: the header's
bold words, the cells' regular text. When those widths do not fit the frame, header words wrap
onto more lines (they always may) and the table's type gets smaller, half a point at a time,
down to the theme's ``table_min_size``; when even that is too wide, the build stops with an
error naming the table, its widest column and the width it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ReportError
from ..model import Location
from ..shared import fonts
from ..shared.tablefit import column_widths, tokens

#: a cell's left and right padding
PAD = 4.0
#: a point more than the text needs: a word measured to fill its cell exactly can still wrap
SLACK = 1.0
MIN_COLUMN = 22.0
#: rows whose full text sets the columns' preferred widths (every row counts for the minimum)
_NATURAL_ROWS = 400


@dataclass(frozen=True)
class Fit:
    """Column widths and the type size of one table."""

    widths: list[float]
    size: float


def _widest(words: set[str], font: str, fallbacks: tuple[str, ...]) -> tuple[float, str]:
    """The widest of ``words`` at 1 pt, and which it is ('' when none)."""
    best, which = 0.0, ""
    for word in sorted(words):
        w = fonts.string_width(word, font, 1.0, fallbacks)
        if w > best:
            best, which = w, word
    return best, which


def fit_columns(texts: Sequence[Sequence[str]], header: Sequence[str], *, font: str, bold: str,
                size: float, floor: float, width: float, fallbacks: tuple[str, ...], name: str,
                location: Location | None) -> Fit:
    """Widths summing to ``width`` and the largest size from ``size`` down to ``floor`` at
    which no cell piece and no header word is broken; a located error when there is none."""
    n = len(header)
    if n * MIN_COLUMN > width:
        raise ReportError(f"table has {n} columns; at most {int(width // MIN_COLUMN)} fit the "
                          "page width. Choose the columns to show with :columns:", location)
    natural, least, longest = [], [], []
    for i in range(n):
        head = fonts.string_width(header[i], bold, 1.0, fallbacks)
        cells = {row[i] for row in texts[:_NATURAL_ROWS]}
        natural.append(max([head] + [fonts.string_width(c, font, 1.0, fallbacks) for c in cells]))
        head_word = _widest(set(tokens(header[i])), bold, fallbacks)
        cell_word = _widest({t for row in texts for t in tokens(row[i])}, font, fallbacks)
        least.append(max(head_word[0], cell_word[0]))
        longest.append(max(head_word, cell_word)[1])
    step = size
    while True:
        minimum = [max(m * step + 2 * PAD + SLACK, MIN_COLUMN) for m in least]
        if sum(minimum) <= width:
            return Fit(column_widths([w * step + 2 * PAD + SLACK for w in natural], minimum, width), step)
        if step - 0.5 < floor - 1e-9:
            break
        step -= 0.5
    widest = max(range(n), key=lambda i: minimum[i])
    raise ReportError(
        f"table {name!r} cannot fit the page: at {step:g} pt its columns need {sum(minimum):.0f} pt "
        f"and the text is {width:.0f} pt wide; column {header[widest]!r} alone needs "
        f"{minimum[widest]:.0f} pt "
        f"for {longest[widest]!r}. Show fewer columns with :columns:, or shorten that column's text",
        location,
    )
