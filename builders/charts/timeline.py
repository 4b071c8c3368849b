"""A timeline (``type: timeline``): dated events in one lane per series, each labelled beside
its marker; a highlighted year, period or lane in full colour, the rest muted."""

from __future__ import annotations

import datetime as dt

from ..errors import ReportError
from ..model import ChartKind, ChartSpec, Dataset, Event, FieldType, period
from ..model.text import Location
from .axes import nice_step, place_labels, year_span
from .canvas import BriefStyle, DeckCanvas, Options, Rect
from .columns import MAX_EVENTS, check_count, field, label, optional_field
from .matplot import faded, measurer

KIND = ChartKind.TIMELINE
#: what the alt text calls it (a message of the catalogue)
NAME = "Timeline"
#: whether ``:highlight:`` may point at a year, a period of years or a lane
HIGHLIGHT = True
#: the last year a timeline shows: its axis ends on 1 January of the year after the last event,
#: and Python's calendar ends in 9999
LAST_YEAR = 9998

# --------------------------------------------------------------------------- reading


def validate(d: Options, data: Dataset, common: dict) -> ChartSpec:
    x = field(d, data, "x")
    lane = field(d, data, "series")
    text = field(d, data, "text")
    if data.columns[x].type is not FieldType.DATE:
        raise ReportError(f":x: a timeline needs a date column; {data.columns[x].name!r} is "
                          f"{data.columns[x].type.value}", d.option_lines["x"])
    year = optional_field(d, data, "year")
    if year is not None and data.columns[year].type not in (FieldType.YEAR, FieldType.INTEGER):
        raise ReportError(f":year: expected a year column; {data.columns[year].name!r} is "
                          f"{data.columns[year].type.value}", d.option_lines["year"])
    events: list[Event] = []
    for row in data.rows:
        check_count(len(events) + 1, MAX_EVENTS, "events", d, "x")
        dated = _when(d, data, row, x, year, text)
        if dated is None:  # a silently missing event would misstate the record
            where = "a year in the :year: column" if year is not None else "a :year: column to fall back on"
            raise ReportError(f"timeline row {label(row[text])!r} of {data.name!r} has no date in "
                              f"{data.columns[x].name!r}; give it a date, {where}, or leave it out "
                              f"with :where: {data.columns[text].name} != {label(row[text])}",
                              d.option_lines["x"])
        # an event's label is laid out on one line: a tab or line break in the cell is a space
        events.append(Event(dated[0], label(row[lane]), " ".join(label(row[text]).split()),
                            year_only=dated[1], key=data.original(label(row[lane]))))
    if not events:
        raise ReportError(f"the timeline has no rows: {data.name!r} is empty", d.location)
    return ChartSpec(kind=ChartKind.TIMELINE, events=tuple(sorted(events, key=lambda e: e.date)),
                     **common)


def _when(d: Options, data: Dataset, row, x: int, year: int | None, text: int) -> tuple[dt.date, bool] | None:
    """The row's date, and whether only its year is known."""
    if isinstance(row[x], dt.date):
        if row[x].year > LAST_YEAR:  # the axis runs to the first day of the year after the last event
            raise ReportError(f"timeline row {label(row[text])!r} of {data.name!r}: {row[x].isoformat()} is "
                              f"after {LAST_YEAR}-12-31, the last day a timeline shows", d.option_lines["x"])
        return row[x], False
    if year is not None and row[year] is not None:
        if not 1 <= row[year] <= LAST_YEAR:
            raise ReportError(f"timeline row {label(row[text])!r} of {data.name!r}: year {row[year]} in "
                              f"{data.columns[year].name!r} is outside the years 1 to {LAST_YEAR} a timeline "
                              "shows", d.option_lines["year"])
        return dt.date(int(row[year]), 7, 1), True  # a year alone sits mid-year
    return None


def check_highlight(spec: ChartSpec, wanted: str, where: Location) -> None:
    """``:highlight:`` names a year, a period of years holding an event, or a lane."""
    years = period(wanted)
    if years is None and wanted not in {e.series for e in spec.events}:
        lanes = ", ".join(dict.fromkeys(e.series for e in spec.events))
        raise ReportError(f":highlight: expected a year, a period such as 2023-2024 or a lane ({lanes}), "
                          f"found {wanted!r}", where)
    if years is not None and not any(years[0] <= e.date.year <= years[1] for e in spec.events):
        shown = f"{years[0]}" if years[0] == years[1] else f"{years[0]}\u2013{years[1]}"
        first, last = spec.events[0].date.year, spec.events[-1].date.year
        raise ReportError(f":highlight: no event in {shown}; the timeline's events fall in "
                          f"{first}\u2013{last}", where)


def describe(spec: ChartSpec, language: str) -> list[str]:
    """Each event: its date (the year alone when that is all that is known), lane and label."""
    return ["; ".join(f"{e.date.year if e.year_only else e.date.isoformat()} {e.series}: {e.label}"
                      for e in spec.events) + "."]


# --------------------------------------------------------------------------- the brief (matplotlib)

#: marker centre to label, and half a marker (points)
_GAP_PT, _MARKER_PT = 4.0, 3.0


def _bands(lanes: list[str], depth: dict[str, int], line_pt: float):
    """Each lane's band, top down in order of first appearance: its top, its (bottom, height)
    in points above the axis, and the drawing's total height; a band holds its lines of labels
    with air inside and between bands."""
    pad, between = 0.45 * line_pt, 0.7 * line_pt
    total = sum(depth[lane] * line_pt + 2 * pad for lane in lanes) + between * (len(lanes) - 1)
    tops: dict[str, float] = {}
    bands: dict[str, tuple[float, float]] = {}
    y = total
    for lane in lanes:
        height = depth[lane] * line_pt + 2 * pad
        tops[lane] = y
        bands[lane] = (y - height, height)
        y -= height + between
    return tops, bands, total, pad


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    """Each lane a light band named beside the axis; each event a marker with its label on the
    same line inside its lane's band, on its right or left (:func:`place_labels`: no label meets
    another or another's marker); the years as ticks under the lanes, no gridline through a label;
    the highlighted period darker on each band. The deck's timeline is laid out the same way."""
    from matplotlib import dates as mdates

    lanes = list(dict.fromkeys(e.series for e in spec.events))
    first, last = year_span(min(e.date for e in spec.events).year, max(e.date for e in spec.events).year + 1)
    start, end = dt.date(first, 1, 1), dt.date(last, 1, 1)
    label_size = style.size - 0.5
    label_width, name_width = measurer(style, label_size), measurer(style, label_size, bold=True)

    names = {lane: " ".join(lane.split()) for lane in lanes}
    left, right = min(0.3, (max(name_width(names[lane]) for lane in lanes) + 10) / (width_in * 72)), 0.97
    x0, x1 = mdates.date2num(start), mdates.date2num(end)
    per_pt = (end - start).days / (width_in * 72 * (right - left))
    placed: dict[int, tuple[int, bool]] = {}
    for (
        lane
    ) in lanes:  # each lane's labels placed in date order beside their markers, on the lowest free line
        order = sorted((i for i, e in enumerate(spec.events) if e.series == lane),
                       key=lambda i: spec.events[i].date)
        anchors = [(mdates.date2num(spec.events[i].date), (label_width(spec.events[i].label) + 3) * per_pt)
                   for i in order]
        placed.update(zip(order, place_labels(anchors, x0, x1, _GAP_PT * per_pt, _MARKER_PT * per_pt,
                                              4 * per_pt)))
    depth = {lane: 1 + max(placed[i][0] for i,
                           e in enumerate(spec.events) if e.series == lane) for lane in lanes}
    line_pt = label_size * 1.8  # a marker and its label a line, with air between lines
    tops, bands, total, pad = _bands(lanes, depth, line_pt)
    height_in = max(1.6, (total + 38) / 72)  # the lanes, the year axis below (30 pt) and air above
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    years = period(spec.highlight) if spec.highlight else None
    _draw_bands(ax, style, lanes, bands, years, start, end)
    markers = [_draw_event(ax, spec, style, years, event, tops[event.series] - pad - (placed[i][0] + 0.5)
                           * line_pt, placed[i][1]) for i, event in enumerate(spec.events)]
    # the markers one collection, in the events' order (a collection each cost matplotlib a
    # limits update and an extents check)
    ax.scatter([x for x, _, _ in markers], [y for _, y, _ in markers], color=[c for _, _, c in markers], s=28,
               zorder=3, linewidths=0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, total)
    ax.xaxis.set_major_locator(mdates.YearLocator(nice_step(end.year - start.year, 12)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    _name_lanes(ax, spec, style, lanes, names, bands)
    fig.subplots_adjust(left=left, right=right, bottom=30 / (height_in * 72), top=1 - 8 / (height_in * 72))
    return fig


def _draw_bands(ax, style: BriefStyle, lanes: list[str], bands, years, start: dt.date, end: dt.date) -> None:
    """Each lane's light band; the highlighted period darker on each."""
    from matplotlib import dates as mdates
    from matplotlib.patches import Rectangle

    x0, x1 = mdates.date2num(start), mdates.date2num(end)
    for lane in lanes:
        bottom, height = bands[lane]
        ax.add_patch(Rectangle((x0, bottom), x1 - x0, height, color=faded(style.band, 0.45), linewidth=0,
                               zorder=0))
        if years is not None:  # the period the title points at, darker on each band
            h0 = mdates.date2num(dt.date(max(years[0], start.year), 1, 1))
            h1 = mdates.date2num(dt.date(min(years[1] + 1, end.year), 1, 1))
            ax.add_patch(Rectangle((h0, bottom), max(h1 - h0, 0), height, color=style.band, linewidth=0,
                                   zorder=0.5))


def _draw_event(ax, spec: ChartSpec, style: BriefStyle, years, event: Event, middle: float,
                right: bool) -> tuple[float, float, str]:
    """One event's label beside its marker on the same line; returns the marker's place and
    colour (the caller draws the markers together)."""
    from matplotlib import dates as mdates

    x = mdates.date2num(event.date)
    colour = style.colour(event.colour_key)
    strong = not spec.highlight or (years[0] <= event.date.year <= years[1] if years
                                    else spec.highlight == event.series)
    if not strong:
        colour = faded(colour)
    ax.annotate(event.label, (x, middle), xytext=(-_GAP_PT if right else _GAP_PT, 0),
                textcoords="offset points",
                fontsize=style.size - 0.5, ha="right" if right else "left", va="center",
                color=style.text if strong else style.muted, zorder=4)
    return x, middle, colour


def _name_lanes(ax, spec: ChartSpec, style: BriefStyle, lanes: list[str], names: dict[str, str],
                bands) -> None:
    """Each lane named beside its band, in its colour (no legend to look up); no gridline, the
    years as ticks on the axis."""
    ax.set_yticks([bands[lane][0] + bands[lane][1] / 2 for lane in lanes], [names[lane] for lane in lanes])
    keys = {e.series: e.colour_key for e in spec.events}  # a translated lane: its main-language colour
    for tick, lane in zip(ax.get_yticklabels(), lanes):
        tick.set_color(style.label(keys[lane]))
        tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(style.rule)
    ax.tick_params(axis="x", length=3, color=style.rule)
    ax.grid(False)


# --------------------------------------------------------------------------- the deck (native chart)


def year_of(date: dt.date) -> float:
    """A date as a year and its fraction, the deck's timeline axis."""
    start = dt.date(date.year, 1, 1)
    return date.year + (date - start).days / 365.25


def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect):
    """The timeline as a scatter chart on a plot area placed by the deck's measured layout
    (:func:`builders.slides.timeline.fitted`); lane names, lane bands and a highlighted
    period's shade on each are shapes under it at the same places."""
    from pptx.enum.chart import XL_CHART_TYPE

    look = canvas.look
    plan = canvas.timeline_layout(spec, box, look.size, look.chart_floor)
    plot = plan.plot
    # each lane a band of the boxes' ground; the highlighted period a shade towards the rules on
    # it; the labels' inks readable on both
    lane_ground, period_ground = look.band, canvas.mix(look.band, look.rule, 0.3)
    grounds = (lane_ground, period_ground) if plan.band is not None else (lane_ground,)
    inks = canvas.ink(look.text, grounds), canvas.ink(look.muted, grounds)
    for lane, band in plan.lanes:
        canvas.filled(slide.shapes, band, lane_ground, f"Lane {lane}"[:250], decorative=True)
        if plan.band is not None:
            canvas.filled(slide.shapes, canvas.box(plan.band.x, band.y, plan.band.w, band.h), period_ground,
                          f"Highlighted period, {lane}"[:250], decorative=True)
    lanes = [lane for lane, _ in plan.lanes]
    data = canvas.xy_data()
    # LibreOffice shows only as many points of each scatter series as the first series has:
    # the lane with the most events goes first (the lanes' places on the slide are unchanged)
    by_lane = {lane: [m for m in plan.marks if m.event.series == lane] for lane in lanes}
    order = sorted(lanes, key=lambda lane: -len(by_lane[lane]))
    for lane in order:
        series = data.add_series(lane)
        for mark in by_lane[lane]:
            series.add_data_point(year_of(mark.event.date), mark.value)
    x, y, w, h = (canvas.emu(v) for v in (box.x, box.y, box.w, box.h))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, x, y, w, h, data)
    chart = frame.chart
    canvas.place_plot(chart, box, plot)
    keys = {e.series: e.colour_key for e in spec.events}  # a translated lane: its main-language colour
    for series, lane in zip(chart.plots[0].series, order):
        _native_marks(canvas, spec, plan, series, canvas.colours[keys[lane]], by_lane[lane], inks)
    _native_axes(canvas, chart, plan)
    for lane, band in plan.lanes:
        colour = canvas.colours[keys[lane]]
        strong = not spec.highlight or spec.highlight == lane or plan.band is not None
        middle = band.y + band.h / 2
        _lane_label(canvas, slide, canvas.box(box.x, middle - plan.size, plot.x - box.x - 4, plan.size * 2),
                    lane,
                    colour if strong else colour.faded(), plan.size)
    return frame


def _native_marks(canvas: DeckCanvas, spec: ChartSpec, plan, series, colour, marks, inks) -> None:
    """One lane's markers, each labelled on one line at the side the layout measured."""
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    series.format.line.fill.background()
    for i, mark in enumerate(marks):
        shown = colour if mark.strong else colour.faded()
        point = series.points[i]
        point.marker.style = XL_MARKER_STYLE.CIRCLE
        point.marker.size = 10 if mark.strong else 8
        point.marker.format.fill.solid()
        point.marker.format.fill.fore_color.rgb = canvas.rgb(shown)
        point.marker.format.line.color.rgb = canvas.rgb(shown)
        label = point.data_label
        label.has_text_frame = True
        label.text_frame.text = mark.event.label
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(plan.size)
        run.font.bold = mark.strong and bool(spec.highlight)
        run.font.color.rgb = canvas.rgb(inks[0] if mark.strong else inks[1])
        canvas.one_line(label.text_frame)  # one line, as the layout measured it
        label.position = XL_LABEL_POSITION.LEFT if mark.left else XL_LABEL_POSITION.RIGHT


def _native_axes(canvas: DeckCanvas, chart, plan) -> None:
    """The years along the bottom at the brief's step; the value axis (lanes and levels) hidden."""
    from pptx.enum.chart import XL_TICK_MARK
    from pptx.util import Pt

    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0, plan.top
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    category_axis = chart.category_axis
    category_axis.minimum_scale, category_axis.maximum_scale = plan.first, plan.last
    category_axis.major_unit = nice_step(plan.last - plan.first, 12)
    category_axis.tick_labels.number_format = "0"
    category_axis.tick_labels.number_format_is_linked = False
    category_axis.tick_labels.font.size = Pt(canvas.look.size)
    # no gridline runs through the labels: the years are ticks on the axis under the lanes
    category_axis.has_major_gridlines = False
    category_axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    category_axis.format.line.color.rgb = canvas.rgb(canvas.look.rule)
    chart.has_legend = False  # the lanes are named beside the axis


def _lane_label(canvas: DeckCanvas, slide, box: Rect, text: str, colour, size: float) -> None:
    from pptx.enum.text import PP_ALIGN

    shape = canvas.textbox(slide.shapes, box, f"Lane label {text}"[:250])
    canvas.set_text(shape.text_frame, text, size, colour, PP_ALIGN.RIGHT)
