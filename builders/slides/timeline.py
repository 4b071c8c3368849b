"""A timeline as a native scatter chart whose plot area is placed by hand, so every label's place
on the slide is known: lanes are labelled beside the axis, labels are measured and stacked so
that none overlaps another, and a highlighted period or lane stands out while the rest is muted.

:func:`layout` is pure (the plan's geometry and the fonts' metrics in, boxes in points out);
:func:`draw` puts the chart and its lane labels on the slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..charts.axes import label_levels, nice_step
from ..charts.timeline import year_of
from ..model import ChartSpec, Event, period
from .fit import Measurer
from .slide import Box

#: gap between a marker's centre and its label, and around each label (points)
LABEL_GAP = 8.0
LABEL_PAD = 6.0
#: a label's stacking step, in label line heights
LEVEL_STEP = 1.35
#: room under the plot for the year labels, in line heights
AXIS_LINES = 1.8


@dataclass(frozen=True)
class Mark:
    """One event: where its marker and its label go on the slide (points)."""

    event: Event
    x: float
    y: float
    #: its place on the chart's value axis
    value: float
    #: the label's box, as measured (the marker's left when it would run past the end)
    label: Box
    left: bool
    #: drawn in full colour (False: muted, outside the highlighted period or lane)
    strong: bool


@dataclass(frozen=True)
class TimelineLayout:
    """Where everything of a timeline goes, in points on the slide."""

    frame: Box
    plot: Box
    first: int
    last: int
    #: each lane's name and the height of its line
    lanes: tuple[tuple[str, float], ...]
    marks: tuple[Mark, ...]
    #: the highlighted period's band on the plot (None without one)
    band: Box | None
    size: float
    #: the value axis's range (lanes and levels in steps of one)
    top: float


def _strong(event: Event, highlight: str) -> bool:
    if not highlight:
        return True
    years = period(highlight)
    if years is not None:
        return years[0] <= event.date.year <= years[1]
    return event.series == highlight


def layout(spec: ChartSpec, frame: Box, measurer: Measurer, size: float) -> TimelineLayout:
    """Lanes top to bottom in order of first appearance; each event's label to the right of its
    marker (to the left near the end), stacked in levels within its lane where two would meet."""
    lanes = list(dict.fromkeys(e.series for e in spec.events))
    first = min(e.date for e in spec.events).year
    last = max(e.date for e in spec.events).year + 1
    line = measurer.line_height(size)
    gutter = max(measurer.width(lane, size, True) for lane in lanes) + 2 * LABEL_PAD
    plot_x, plot_w = frame.x + gutter, frame.w - gutter - LABEL_PAD
    per_year = plot_w / (last - first)
    spans: dict[str, list[tuple[float, float]]] = {lane: [] for lane in lanes}
    placed: list[tuple[Event, float, float, float, bool]] = []
    for event in spec.events:
        x = plot_x + (year_of(event.date) - first) * per_year
        width = measurer.width(event.label, size) + 2 * LABEL_PAD
        left = x + LABEL_GAP + width > plot_x + plot_w
        start = x - LABEL_GAP - width if left else x + LABEL_GAP
        spans[event.series].append((start - LABEL_PAD, start + width + LABEL_PAD))
        placed.append((event, x, start, width, left))
    levels = {lane: label_levels(spans[lane]) for lane in lanes}
    depth = {lane: max(levels[lane], default=0) + 1 for lane in lanes}
    # value units: each level one step, a lane one more step of air under it
    base: dict[str, float] = {}
    units = 0.0
    for lane in reversed(lanes):
        base[lane] = units
        units += depth[lane] + 0.6
    plot_h = frame.h - AXIS_LINES * line
    seen = dict.fromkeys(lanes, 0)
    marks = []
    for event, x, start, width, left in placed:
        level = levels[event.series][seen[event.series]]
        seen[event.series] += 1
        value = base[event.series] + level + 0.5
        y = frame.y + plot_h * (1 - value / units)
        marks.append(Mark(event, x, y, value, Box(start, y - line / 2, width, line), left,
                          _strong(event, spec.highlight)))
    lane_lines = tuple((lane, frame.y + plot_h * (1 - (base[lane] + 0.5) / units)) for lane in lanes)
    band = None
    years = period(spec.highlight) if spec.highlight else None
    if years is not None:
        x0 = plot_x + (max(years[0], first) - first) * per_year
        x1 = plot_x + (min(years[1] + 1, last) - first) * per_year
        band = Box(x0, frame.y, max(x1 - x0, 0.0), plot_h)
    return TimelineLayout(frame, Box(plot_x, frame.y, plot_w, plot_h), first, last, tuple(lane_lines),
                          tuple(marks), band, size, units)


def fitted(spec: ChartSpec, frame: Box, measurer: Measurer, size: float, smallest: float) -> TimelineLayout:
    """The layout at the largest label size (down to ``smallest``) whose levels are a line apart."""
    while True:
        plan = layout(spec, frame, measurer, size)
        line = measurer.line_height(size)
        if plan.plot.h / plan.top >= line * LEVEL_STEP or size <= smallest:
            return plan
        size -= 1


def overlaps(plan: TimelineLayout) -> list[tuple[str, str]]:
    """Pairs of labels whose measured boxes meet (none, when the layout did its work)."""
    out = []
    marks = plan.marks
    for i, a in enumerate(marks):
        for b in marks[i + 1:]:
            if a.label.x < b.label.x + b.label.w and b.label.x < a.label.x + a.label.w and \
                    a.label.y < b.label.y + b.label.h and b.label.y < a.label.y + a.label.h:
                out.append((a.event.label, b.event.label))
    return out


def axis_step(plan: TimelineLayout) -> int:
    return nice_step(plan.last - plan.first, 12)
