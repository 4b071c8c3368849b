"""Column widths a little rebalanced so that no row is a line taller than it need be.

A slide's table is measured with a margin (fit.WIDTH_SLACK), so a cell whose text all but
fills its column measures a line taller than it is drawn: the row is set two lines tall for
one line of text. Where the other columns have room they do not use (a number column wider
than its widest number, a header that may take a second line in a header row of two), that
room goes to the column whose cell would lose a line. A move leaves every body cell of the
other columns on as many lines as before, and is made only when the table gets shorter.
Pure, and bounded: the first rows only, a fixed number of moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: rows looked at (a longer table goes on over "(cont.)" slides; its first rows decide)
MOST_ROWS = 40
#: moves made at most (each saves at least one line of one row)
MOST_MOVES = 12
#: how finely a width is searched for, in points
STEP = 0.25

#: lines(text, bold, column width) → the lines the text wraps to in that column
Lines = Callable[[str, bool, float], int]


def balanced(widths: Sequence[float], minimum: Sequence[float], header: Sequence[str],
             rows: Sequence[Sequence[str]], lines: Lines) -> list[float]:
    """``widths`` (summing to the table's width) with room moved from columns that do not
    need it to columns where it saves a line; each column stays at least its ``minimum``."""
    widths = list(widths)
    columns = [[(header[j], True), *((row[j], False) for row in rows[:MOST_ROWS])]
               for j in range(len(widths))]
    for _ in range(MOST_MOVES):
        counts = _counts(columns, widths, lines)
        tallest = [max(c[k] for c in counts) for k in range(len(columns[0]))]
        # room a column can give: its header may take more lines, up to the header row's
        # tallest cell; its body cells keep theirs (a name on one line is not broken)
        spare = [widths[j] - _least(cells, [tallest[0], *counts[j][1:]], minimum[j], widths[j], lines)
                 for j, cells in enumerate(columns)]
        for needs in _moves(columns, counts, tallest, widths, spare, lines):
            trial = _moved(widths, needs, spare)
            if _height(_counts(columns, trial, lines)) < sum(tallest):  # only ever shorter
                widths = trial
                break
        else:
            return widths
    return widths


def _counts(columns, widths: list[float], lines: Lines) -> list[list[int]]:
    return [[lines(text, bold, widths[j]) for text, bold in cells] for j, cells in enumerate(columns)]


def _height(counts: list[list[int]]) -> int:
    """The table's height in lines: each row as tall as its tallest cell."""
    return sum(max(c[k] for c in counts) for k in range(len(counts[0])))


def _moved(widths: list[float], needs: dict[int, float], spare: list[float]) -> list[float]:
    """``widths`` with ``needs`` added, paid for by the other columns in proportion to their
    spare room."""
    given = sum(needs.values())
    donors = {j: spare[j] for j in range(len(widths)) if j not in needs and spare[j] > 0}
    room = sum(donors.values())
    return [w + needs[j] if j in needs else w - (given * donors[j] / room if j in donors else 0.0)
            for j, w in enumerate(widths)]


def _moves(columns, counts, tallest, widths, spare, lines: Lines) -> list[dict[int, float]]:
    """The widths to add (by column) that would save a line in a row, for each row that the
    other columns' spare room can pay for, cheapest first."""
    found: list[dict[int, float]] = []
    for k, most in enumerate(tallest):
        if most <= 1:
            continue
        needs = {j: _widen(columns[j][k][0], columns[j][k][1], widths[j], most - 1, lines)
                 for j, c in enumerate(counts) if c[k] == most}
        if sum(needs.values()) <= sum(s for j, s in enumerate(spare) if j not in needs and s > 0):
            found.append(needs)
    return sorted(found, key=lambda needs: sum(needs.values()))


def _least(cells, counts: list[int], minimum: float, width: float, lines: Lines) -> float:
    """The narrowest width, down to ``minimum``, at which no cell takes more than ``counts``
    lines."""
    low, high = minimum, width
    if all(lines(text, bold, low) <= n for (text, bold), n in zip(cells, counts)):
        return low
    while high - low > STEP:
        middle = (low + high) / 2
        if all(lines(text, bold, middle) <= n for (text, bold), n in zip(cells, counts)):
            high = middle
        else:
            low = middle
    return high


def _widen(text: str, bold: bool, width: float, most: int, lines: Lines) -> float:
    """How much wider than ``width`` a cell must be to take at most ``most`` lines (rounded up
    to the search step); a large number when no width a slide has would do."""
    low, high = 0.0, max(width, 1.0)
    if lines(text, bold, width + high) > most:
        return float("inf")
    while high - low > STEP:
        middle = (low + high) / 2
        if lines(text, bold, width + middle) <= most:
            high = middle
        else:
            low = middle
    return high
