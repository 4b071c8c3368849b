"""Axis steps and label levels: the same arithmetic for the brief's matplotlib charts and the
deck's native charts, so both show the same ticks and stack timeline labels alike."""

from __future__ import annotations


def nice_step(span: float, most: int) -> int:
    """The smallest whole step of 1, 2 or 5 × 10^n that divides ``span`` into at most ``most``
    intervals: integer axes and year axes label every step."""
    step, scale = 1, 1
    while span / step > most:
        for factor in (1, 2, 5):
            step = factor * scale
            if span / step <= most:
                break
        else:
            scale *= 10
            continue
        break
    return step


def label_levels(spans: list[tuple[float, float]]) -> list[int]:
    """Stack labels that would overlap: each (start, end) span gets the lowest level where it
    meets no earlier span. Used by both timeline drawings (brief and deck)."""
    levels: list[list[tuple[float, float]]] = []
    out = []
    for start, end in spans:
        level = 0
        while level < len(levels) and any(a < end and start < b for a, b in levels[level]):
            level += 1
        if level == len(levels):
            levels.append([])
        levels[level].append((start, end))
        out.append(level)
    return out


def value_step(low: float, high: float, most: int = 6) -> float:
    """The step of a value axis running from ``low`` to ``high``: the smallest 1, 2, 2.5 or
    5 × 10^n giving at most ``most`` intervals. Both outputs set it (the brief's ticks,
    the deck's major unit), so a chart shows the same ticks in both."""
    import math

    span = high - low
    if span <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(span / most))
    for factor in (1, 2, 2.5, 5, 10):
        if span / (factor * scale) <= most:
            return factor * scale
    return 10 * scale


def step_decimals(step: float) -> int:
    """The decimals every tick of an axis is printed with: the fewest that show its step
    exactly (``2.5`` → 1, ``0.25`` → 2, ``500`` → 0), so one axis never mixes "15" and "17.5"."""
    for decimals in range(0, 6):
        if abs(round(step * 10**decimals) - step * 10**decimals) < 1e-6:
            return decimals
    return 6


def value_range(spec) -> tuple[float, float]:
    """The lowest and highest value a categorical chart's value axis shows: bars start at zero
    (a stacked chart's bars are their totals), a line or dots span their values."""
    from ..model import ChartKind

    values = [v for s in spec.series for v in s.values if v is not None]
    if spec.kind is ChartKind.STACKED:
        values = [sum(v or 0 for v in column) for column in zip(*(s.values for s in spec.series))]
    low, high = min(values, default=0.0), max(values, default=1.0)
    if spec.kind in (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED):
        low, high = min(low, 0.0), max(high, 0.0)
    return low, high
