"""Column widths that fit a table to a width: shared by the brief and the deck."""

from __future__ import annotations


def fit_widths(natural: list[float], minimum: list[float], width: float) -> list[float]:
    """Widths summing to ``width``: columns whose text fits keep their natural width (plus a
    share of any spare room); when space is short, each keeps at least its ``minimum`` (its
    longest word) and the rest is shared by how much more each column wants."""
    if sum(natural) <= width:
        extra = width - sum(natural)
        total = sum(natural) or 1.0
        return [w + extra * w / total for w in natural]
    if sum(minimum) >= width:
        total = sum(minimum) or 1.0
        return [width * m / total for m in minimum]
    spare = width - sum(minimum)
    want = [max(n - m, 0.0) for n, m in zip(natural, minimum)]
    total = sum(want) or 1.0
    return [m + spare * w / total for m, w in zip(minimum, want)]
