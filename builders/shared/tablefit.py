"""Column widths that fit a table to a width: shared by the brief and the deck."""

from __future__ import annotations


def fit_widths(natural: list[float], minimum: list[float], width: float) -> list[float]:
    """Widths summing to ``width``.

    When everything fits, each column gets its natural width plus a share of the spare room.
    When it does not, every column keeps at least its ``minimum`` (its longest word); then the
    columns that want little more than that get all they want (so "United States" does not
    wrap to save a few points), and the long-text columns share what is left.
    """
    if sum(natural) <= width:
        extra = width - sum(natural)
        total = sum(natural) or 1.0
        return [w + extra * w / total for w in natural]
    if sum(minimum) >= width:
        total = sum(minimum) or 1.0
        return [width * m / total for m in minimum]
    widths = list(minimum)
    want = {i: max(n - m, 0.0) for i, (n, m) in enumerate(zip(natural, minimum))}
    spare = width - sum(minimum)
    for i in sorted(want, key=lambda column: want[column]):
        fair = spare / len(want)
        if want[i] > fair:
            break
        widths[i] += want.pop(i)
        spare -= widths[i] - minimum[i]
    total = sum(want.values()) or 1.0
    for i, w in want.items():
        widths[i] += spare * w / total
    return widths
