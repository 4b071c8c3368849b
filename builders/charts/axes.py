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


def place_labels(anchors: list[tuple[float, float]], low: float, high: float, gap: float, marker: float,
                 pad: float) -> list[tuple[int, bool]]:
    """Lines and sides for labels beside their markers, as few lines as found: each (x, width)
    gets the lowest line where its label, on one side of its marker (``gap`` from its centre),
    meets no other label or marker (``pad`` of air around each, ``marker`` half a marker's
    width) and stays between ``low`` and ``high``. The labels are placed from the first anchor
    on, the right side preferred, and from the last on, the left preferred; the placing with
    fewer lines wins (the first on a tie). Returns (line, on the left) for each anchor. Used by
    both timeline drawings (brief and deck)."""
    forward = _place(anchors, low, high, gap, marker, pad, left_first=False)
    backward = _place(anchors[::-1], low, high, gap, marker, pad, left_first=True)[::-1]
    depth = max((level for level, _ in forward), default=0)
    return backward if max((level for level, _ in backward), default=0) < depth else forward


def _place(anchors, low, high, gap, marker, pad, *, left_first: bool) -> list[tuple[int, bool]]:
    lines: list[list[tuple[float, float]]] = []
    out = []

    def free(span: tuple[float, float]) -> int:
        level = 0
        while level < len(lines) and any(a < span[1] and span[0] < b for a, b in lines[level]):
            level += 1
        return level

    for x, width in anchors:
        right = (x - marker - pad, x + gap + width + pad)
        left = (x - gap - width - pad, x + marker + pad)
        options = []
        if right[1] - pad <= high:
            options.append((free(right), left_first, False, right))
        if left[0] + pad >= low:
            options.append((free(left), not left_first, True, left))
        if not options:  # wider than either side: the side with more room
            on_left = x - low > high - x
            options.append((free(left if on_left else right), False, on_left, left if on_left else right))
        level, _, on_left, span = min(options, key=lambda o: (o[0], o[1]))
        if level == len(lines):
            lines.append([])
        lines[level].append(span)
        out.append((level, on_left))
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


def line_scale(spec) -> tuple[float, float, float] | None:
    """A line chart's value axis as both outputs draw it: (bottom, top, step), the step
    :func:`value_step` (whole numbers: :func:`nice_step`) and the ends the multiples of it at
    or just beyond the lowest and highest values. None for the other kinds: bars start at
    zero, dots are padded. (Left to itself, PowerPoint starts a line chart of values from 48
    to 59 at zero, and at the brief's step of 2.5 it drew 27 gridlines.)"""
    import math

    from ..model import ChartKind

    if spec.kind is not ChartKind.LINE:
        return None
    low, high = value_range(spec)
    step = float(nice_step(high - low, 10)) if spec.integer else value_step(low, high)
    bottom = round(math.floor(low / step + 1e-9) * step, 9)
    top = round(math.ceil(high / step - 1e-9) * step, 9)
    if top == bottom:  # a flat line: in the middle
        bottom, top = bottom - step, top + step
    return bottom, top, step


def year_span(first: int, last: int) -> tuple[int, int]:
    """A timeline's axis from 1 January of ``first`` to 1 January of ``last``, started at a
    multiple of its year step (:func:`nice_step`) when the step is over a year: both outputs
    then tick round years, 1990, 1995 … (a deck's axis ticks from its minimum: events from 1992
    on had ticks at 1992, 1997 … beside the brief's 1995, 2000 …). The end stays: a tick is
    drawn at each step up to it."""
    for _ in range(3):  # (a wider span may take a longer step, which may move the start again)
        step = nice_step(last - first, 12)
        if first % step == 0:
            break
        first -= first % step
    return first, last
