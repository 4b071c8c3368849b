"""A timeline (``type: timeline``): dated events in one lane per series, each labelled beside
its marker; a highlighted year, period or lane in full colour, the rest muted."""

from __future__ import annotations

import datetime as dt

from ..errors import ReportError
from ..model import ChartKind, ChartSpec, Dataset, Event, FieldType, period
from ..model.text import Location
from .axes import label_levels, nice_step
from .canvas import BriefStyle, DeckCanvas, Options, Rect
from .columns import MAX_EVENTS, check_count, field, label, optional_field
from .matplot import faded

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


def _brief_layout(spec: ChartSpec, style: BriefStyle, width_in: float, measure, prop):
    """Each event's place, label level and side; each lane's base; the drawing's height."""
    from matplotlib import dates as mdates

    lanes = list(dict.fromkeys(e.series for e in spec.events))
    start = dt.date(min(e.date for e in spec.events).year, 1, 1)
    days = (dt.date(max(e.date for e in spec.events).year + 1, 1, 1) - start).days
    per_pt = days / (width_in * 72 * 0.94)
    level_pt = (style.size - 0.5) * 1.45
    spans: dict[str, list[tuple[float, float]]] = {lane: [] for lane in lanes}
    anchors = []
    for event in spec.events:
        x = mdates.date2num(event.date)
        width_days = (measure.get_text_width_height_descent(event.label, prop, ismath=False)[0] + 6) * per_pt
        right_aligned = (event.date - start).days + width_days > days
        spans[event.series].append((x - width_days, x) if right_aligned else (x, x + width_days))
        anchors.append((event, x, right_aligned))
    levels = {lane: label_levels(spans[lane]) for lane in lanes}
    depth = {lane: max(levels[lane], default=0) + 1 for lane in lanes}
    seen = {lane: 0 for lane in lanes}
    layout = []
    for event, x, right_aligned in anchors:
        layout.append((event, x, levels[event.series][seen[event.series]], right_aligned))
        seen[event.series] += 1
    lane_base: dict[str, float] = {}
    y = 0.0
    for lane in reversed(lanes):
        lane_base[lane] = y
        y += (depth[lane] + 1.2) * level_pt
    return lanes, layout, lane_base, y, level_pt


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    """The timeline as a matplotlib figure ``width_in`` inches wide, its height what its lanes
    and stacked labels need."""
    from matplotlib import dates as mdates
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    start = dt.date(min(e.date for e in spec.events).year, 1, 1)
    end = dt.date(max(e.date for e in spec.events).year + 1, 1, 1)
    label_size = style.size - 0.5
    prop = FontProperties(family=[style.font, *style.fallback], size=label_size)
    measure = TextToPath()
    lanes, layout, lane_base, y, level_pt = _brief_layout(spec, style, width_in, measure, prop)
    # the top lane's highest label sits at y + 0.75 level above its base; room for it, the
    # year axis below (30 pt) and the legend above (22 pt)
    height_in = max(1.6, (y + level_pt * 1.2 + 52) / 72)
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    for lane in lanes:
        ax.axhline(lane_base[lane], color=style.rule, linewidth=0.8, zorder=1)
    years = period(spec.highlight) if spec.highlight else None
    if years is not None:  # the period the title points at, on a light ground
        ax.axvspan(mdates.date2num(dt.date(years[0], 1, 1)), mdates.date2num(dt.date(years[1] + 1, 1, 1)),
                   color=faded(style.rule, 0.55), zorder=0, linewidth=0)
    for event, x, level, right in layout:
        _draw_event(ax, spec, style, years, event, x, lane_base[event.series] + (level + 0.75) * level_pt,
                    lane_base[event.series], right)
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    ax.set_ylim(-level_pt * 1.2, y)
    ax.xaxis.set_major_locator(mdates.YearLocator(nice_step(end.year - start.year, 12)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    _name_lanes(ax, spec, style, lanes, lane_base)
    gutter = max(measure.get_text_width_height_descent(" ".join(lane.split()), prop, ismath=False)[0]
                 for lane in lanes) + 10
    fig.subplots_adjust(left=min(0.3, gutter / (width_in * 72)), right=0.97, bottom=30 / (height_in * 72),
                        top=1 - 8 / (height_in * 72))
    return fig


def _draw_event(ax, spec: ChartSpec, style: BriefStyle, years, event: Event, x: float, top: float, base: float,
                right: bool) -> None:
    """One event's stem, marker and label (on a white ground, so it may cross earlier stems)."""
    colour = style.colour(event.colour_key)
    if spec.highlight and not (years[0] <= event.date.year <= years[1] if years else spec.highlight == event.series):
        colour = faded(colour)
    ax.plot([x, x], [base, top], color=colour, linewidth=0.7, zorder=2)
    ax.scatter([x], [base], color=colour, s=28, zorder=3)
    ax.annotate(event.label, (x, top), xytext=(-3 if right else 3, 0), textcoords="offset points",
                fontsize=style.size - 0.5, ha="right" if right else "left", va="center", color=style.text,
                bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                zorder=4)


def _name_lanes(ax, spec: ChartSpec, style: BriefStyle, lanes: list[str], lane_base: dict[str, float]) -> None:
    """Each lane named beside the axis, in its colour (no legend to look up)."""
    ax.set_yticks([lane_base[lane] for lane in lanes], [" ".join(lane.split()) for lane in lanes])
    keys = {e.series: e.colour_key for e in spec.events}  # a translated lane: its main-language colour
    for tick, lane in zip(ax.get_yticklabels(), lanes):
        tick.set_color(style.label(keys[lane]))
        tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", length=3)


# --------------------------------------------------------------------------- the deck (native chart)


def year_of(date: dt.date) -> float:
    """A date as a year and its fraction, the deck's timeline axis."""
    start = dt.date(date.year, 1, 1)
    return date.year + (date - start).days / 365.25


def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect):
    """The timeline as a scatter chart on a plot area placed by the deck's measured layout
    (:func:`builders.slides.timeline.fitted`); lane names, lane lines and a highlighted
    period's band are shapes under it at the same places."""
    from pptx.enum.chart import XL_CHART_TYPE

    look = canvas.look
    plan = canvas.timeline_layout(spec, box, look.size, look.chart_floor)
    plot = plan.plot
    if plan.band is not None:
        canvas.filled(slide.shapes, plan.band, look.band, "Highlighted period", decorative=True)
    for lane, y in plan.lanes:
        canvas.filled(slide.shapes, canvas.box(plot.x, y - 0.5, plot.w, 1.0), look.rule, f"Lane {lane}"[:250],
                      decorative=True)
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
        _native_marks(canvas, spec, plan, series, canvas.colours[keys[lane]], by_lane[lane])
    _native_axes(canvas, chart, plan)
    for lane, y in plan.lanes:
        colour = canvas.colours[keys[lane]]
        strong = not spec.highlight or spec.highlight == lane or plan.band is not None
        _lane_label(canvas, slide, canvas.box(box.x, y - plan.size, plot.x - box.x - 4, plan.size * 2), lane,
                    colour if strong else colour.faded(), plan.size)
    return frame


def _native_marks(canvas: DeckCanvas, spec: ChartSpec, plan, series, colour, marks) -> None:
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
        run.font.color.rgb = canvas.rgb(canvas.look.text if mark.strong else canvas.look.muted)
        canvas.one_line(label.text_frame)  # one line, as the layout measured it
        label.position = XL_LABEL_POSITION.LEFT if mark.left else XL_LABEL_POSITION.RIGHT


def _native_axes(canvas: DeckCanvas, chart, plan) -> None:
    """The years along the bottom at the brief's step; the value axis (lanes and levels) hidden."""
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
    category_axis.has_major_gridlines = True
    category_axis.major_gridlines.format.line.color.rgb = canvas.rgb(canvas.look.rule)
    chart.has_legend = False  # the lanes are named beside the axis


def _lane_label(canvas: DeckCanvas, slide, box: Rect, text: str, colour, size: float) -> None:
    from pptx.enum.text import PP_ALIGN

    shape = canvas.textbox(slide.shapes, box, f"Lane label {text}"[:250])
    canvas.set_text(shape.text_frame, text, size, colour, PP_ALIGN.RIGHT)
