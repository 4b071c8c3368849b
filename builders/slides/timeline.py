"""A timeline as a native scatter chart whose plot area is placed by hand, so every label's place
on the slide is known: each lane is a band named beside the axis, each event a marker with its
label on the same line inside its lane's band (labels are measured and moved down a line so
that none meets another or another's marker), no gridline crosses a label, and a highlighted
period or lane stands out while the rest is muted.

:func:`layout` is pure (the plan's geometry and the fonts' metrics in, boxes in points out);
:func:`draw` puts the chart and its lane labels on the slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..charts.axes import nice_step, place_labels, year_span
from ..charts.timeline import year_of
from ..errors import ReportError
from ..model import ChartSpec, Event, Location, period
from .fit import Measurer
from .slide import Box

#: gap between a marker's centre and its label, and around each label (points)
LABEL_GAP = 8.0
LABEL_PAD = 6.0
#: a label's stacking step, in label line heights
LEVEL_STEP = 1.35
#: room under the plot for the year labels, in line heights
AXIS_LINES = 1.5
#: half a marker's width (points): a label's span holds its marker
MARKER = 5.0
#: air inside a lane's band above its first line and below its last, and between two bands (points)
BAND_PAD = 4.0
BAND_GAP = 8.0


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
    #: each lane's name and its band (the plot's width, its lines' height)
    lanes: tuple[tuple[str, Box], ...]
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
    """Lanes top to bottom in order of first appearance, each a band of its own; each event's
    marker and, beside it, its label on one line of its lane's band, the first line at the top:
    on the marker's right, or its left when that keeps it on a higher line (or the right would
    run past the end), moved down a line where it would meet another label or marker."""
    lanes = list(dict.fromkeys(e.series for e in spec.events))
    first, last = year_span(min(e.date for e in spec.events).year, max(e.date for e in spec.events).year + 1)
    line = measurer.line_height(size)
    gutter = max(measurer.width(lane, size, True) for lane in lanes) + 2 * LABEL_PAD
    plot_x, plot_w = frame.x + gutter, frame.w - gutter - LABEL_PAD
    per_year = plot_w / (last - first)
    placed_at: dict[int, tuple[int, bool]] = {}
    widths = [measurer.width(event.label, size) + 2 * LABEL_PAD for event in spec.events]
    xs = [plot_x + (year_of(event.date) - first) * per_year for event in spec.events]
    # each lane's labels placed in date order (the order of the events within it)
    levels: dict[str, list[tuple[int, bool]]] = {}
    for lane in lanes:
        order = [i for i in range(len(spec.events)) if spec.events[i].series == lane]
        order.sort(key=lambda i: spec.events[i].date)
        found = place_labels([(xs[i], widths[i]) for i in order], plot_x - LABEL_PAD, plot_x + plot_w,
                             LABEL_GAP, MARKER, LABEL_PAD)
        for i, place in zip(order, found):
            levels.setdefault(lane, []).append(place)
            placed_at[i] = place
    depth = {lane: max(level for level, _ in levels[lane]) + 1 for lane in lanes}
    # value units, top down: one a line of labels; each lane a band of its lines with BAND_PAD
    # of air inside, BAND_GAP between bands
    plot_h = frame.h - AXIS_LINES * line
    lines = sum(depth.values())
    per_line = max(plot_h - len(lanes) * 2 * BAND_PAD - (len(lanes) - 1) * BAND_GAP, plot_h * 0.5) / lines
    pad, gap = BAND_PAD / per_line, BAND_GAP / per_line
    units = lines + len(lanes) * 2 * pad + (len(lanes) - 1) * gap
    tops: dict[str, float] = {}
    bands = []
    cursor = units
    for lane in lanes:
        tops[lane] = cursor
        height = depth[lane] + 2 * pad
        bands.append((lane, Box(plot_x, frame.y + plot_h * (1 - cursor / units), plot_w,
                                plot_h * height / units)))
        cursor -= height + gap
    marks = []
    for i, event in enumerate(spec.events):
        level, left = placed_at[i]
        x, width = xs[i], widths[i]
        start = x - LABEL_GAP - width if left else x + LABEL_GAP
        value = tops[event.series] - pad - level - 0.5
        y = frame.y + plot_h * (1 - value / units)
        marks.append(Mark(event, x, y, value, Box(start, y - line / 2, width, line), left,
                          _strong(event, spec.highlight)))
    band = None
    years = period(spec.highlight) if spec.highlight else None
    if years is not None:
        x0 = plot_x + (max(years[0], first) - first) * per_year
        x1 = plot_x + (min(years[1] + 1, last) - first) * per_year
        band = Box(x0, frame.y, max(x1 - x0, 0.0), plot_h)
    return TimelineLayout(frame, Box(plot_x, frame.y, plot_w, plot_h), first, last, tuple(bands),
                          tuple(marks), band, size, units)


def line_pitch(plan: TimelineLayout) -> float:
    """The distance between two lines of labels in a lane (points)."""
    return plan.plot.h / plan.top


def fitted(spec: ChartSpec, frame: Box, measurer: Measurer, size: float, smallest: float) -> TimelineLayout:
    """The layout at the largest label size (down to ``smallest``) whose lines of labels are
    a line and a bit apart (or at least a line apart at ``smallest``; :func:`crowded` says when not)."""
    while True:
        plan = layout(spec, frame, measurer, size)
        line = measurer.line_height(size)
        if line_pitch(plan) >= line * LEVEL_STEP or size <= smallest:
            return plan
        size -= 1


def crowded(plan: TimelineLayout, measurer: Measurer) -> bool:
    """Whether the lines of labels are closer than a line: too many events for the slide."""
    return line_pitch(plan) < measurer.line_height(plan.size)


def must_fit(spec: ChartSpec, frame: Box, measurer: Measurer, size: float, smallest: float,
             location: Location) -> None:
    """A timeline whose labels, one line each at ``smallest`` (the theme's ``chart_min_size``),
    need more lines than ``frame`` has room for is a located error (nothing is drawn over another)."""
    plan = fitted(spec, frame, measurer, size, smallest)
    if crowded(plan, measurer):
        raise ReportError(
            f"the timeline's labels need about {round(plan.top)} lines at {smallest:g} pt "
            "and a slide has room for fewer; shorten the labels, show fewer events with :where:, "
            "or keep the chart out of the deck with :deck: no",
            location,
        )


def _meet(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def overlaps(plan: TimelineLayout) -> list[tuple[str, str]]:
    """Pairs of labels whose measured boxes meet, or a label and another event's marker (none,
    when the layout did its work)."""
    out = []
    marks = plan.marks
    for i, a in enumerate(marks):
        for b in marks[i + 1:]:
            if _meet(a.label, b.label):
                out.append((a.event.label, b.event.label))
        for b in marks:
            dot = Box(b.x - MARKER, b.y - MARKER, 2 * MARKER, 2 * MARKER)
            if b is not a and _meet(a.label, dot):
                out.append((a.event.label, b.event.label))
    return out


def outside_lanes(plan: TimelineLayout) -> list[str]:
    """Labels not wholly inside their own lane's band (none, when the layout did its work)."""
    bands = dict(plan.lanes)
    out = []
    for mark in plan.marks:
        band = bands[mark.event.series]
        if not (band.y <= mark.label.y and mark.label.y + mark.label.h <= band.y + band.h
                and band.x <= mark.label.x and mark.label.x + mark.label.w <= band.x + band.w + LABEL_PAD):
            out.append(mark.event.label)
    return out


def axis_step(plan: TimelineLayout) -> int:
    return nice_step(plan.last - plan.first, 12)
