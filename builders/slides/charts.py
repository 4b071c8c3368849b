"""ChartSpec → a native, editable PowerPoint chart (its data travels in an embedded workbook)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.util import Pt

from ..model import ChartKind, ChartSpec
from ..shared.axes import label_levels, nice_step
from ..shared.furniture import tr
from ..shared.theme import Colour, Theme
from ..shared.values import format_number, number_format
from .fit import Measurer
from .sheets import CategoryData, XyData
from .slide import Box
from .units import emu
from .units import rgb as _rgb

_TYPES = {
    ChartKind.BAR: XL_CHART_TYPE.COLUMN_CLUSTERED,
    ChartKind.BARH: XL_CHART_TYPE.BAR_CLUSTERED,
    ChartKind.STACKED: XL_CHART_TYPE.BAR_STACKED,
    ChartKind.LINE: XL_CHART_TYPE.LINE_MARKERS,
    ChartKind.DOT: XL_CHART_TYPE.LINE_MARKERS,
}


def _year(date: dt.date) -> float:
    start = dt.date(date.year, 1, 1)
    return date.year + (date - start).days / 365.25


def describe(spec: ChartSpec, language: str = "en") -> str:
    """Alt text: what the chart is and what it shows, for readers who cannot see it."""
    kind = tr(language, {ChartKind.TIMELINE: "Timeline", ChartKind.DOT: "Dot chart",
                         ChartKind.LINE: "Line chart"}.get(spec.kind, "Bar chart"))
    parts = [f"{kind}: {spec.title}."]
    if spec.subtitle:
        parts.append(spec.subtitle.rstrip(".") + ".")
    if spec.kind is ChartKind.TIMELINE:
        parts.append("; ".join(f"{e.date.year if e.year_only else e.date.isoformat()} {e.series}: {e.label}"
                               for e in spec.events) + ".")
    else:
        for series in spec.series:
            values = ", ".join(f"{c} {tr(language, 'no value') if v is None else format_number(v, spec.decimals, language)}"
                               for c, v in zip(spec.categories, series.values))
            parts.append(f"{series.name}: {values}.")
    return " ".join(parts)


@dataclass(frozen=True)
class Look:
    """What a native chart takes from the theme."""

    size: float
    text: Colour
    rule: Colour
    on_fill: Colour

    @classmethod
    def of(cls, theme: Theme) -> Look:
        return cls(theme.deck.chart_font_size.pt, theme.colour("text"), theme.colour("rule"),
                   theme.colour("title_text"))


def add_chart(slide, spec: ChartSpec, box: Box, colours: dict[str, Colour], look: Look, measurer: Measurer):
    """Add the chart in ``box`` (points) and return its graphic frame."""
    x, y, w, h = (emu(v) for v in (box.x, box.y, box.w, box.h))
    if spec.kind is ChartKind.TIMELINE:
        frame = _timeline(slide, spec, (x, y, w, h), box, colours, measurer, look)
    else:
        data = CategoryData()
        data.categories = list(spec.categories)
        for series in spec.series:
            data.add_series(series.name, list(series.values), number_format=number_format(spec.decimals))
        frame = slide.shapes.add_chart(_TYPES[spec.kind], x, y, w, h, data)
        _style_category(frame.chart, spec, colours, look)
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(look.size)
    chart.font.color.rgb = _rgb(look.text)
    return frame


def _legend(chart, show: bool, look: Look) -> None:
    chart.has_legend = show
    if show:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(look.size)


def _style_category(chart, spec: ChartSpec, colours: dict[str, Colour], look: Look) -> None:
    plot = chart.plots[0]
    horizontal = spec.kind in (ChartKind.BARH, ChartKind.STACKED)
    shapes = (XL_MARKER_STYLE.CIRCLE, XL_MARKER_STYLE.DIAMOND, XL_MARKER_STYLE.SQUARE, XL_MARKER_STYLE.TRIANGLE)
    for index, (series, data) in enumerate(zip(plot.series, spec.series)):
        colour = _rgb(colours[data.colour_key])
        if spec.kind in (ChartKind.LINE, ChartKind.DOT):
            series.smooth = False
            # dot charts: each series its own marker, later ones smaller, so equal values show both
            series.marker.style = shapes[index % len(shapes)] if spec.kind is ChartKind.DOT else XL_MARKER_STYLE.CIRCLE
            series.marker.size = max(6, 13 - 3 * index) if spec.kind is ChartKind.DOT else 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = colour
            if spec.kind is ChartKind.DOT:
                series.format.line.fill.background()
            else:
                series.format.line.color.rgb = colour
                series.format.line.width = Pt(2.25)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    if spec.kind in (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED):
        plot.gap_width = 60
        if spec.kind is not ChartKind.STACKED:
            plot.overlap = -10
        else:
            plot.overlap = 100
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = number_format(spec.decimals)
        labels.number_format_is_linked = False
        labels.font.size = Pt(look.size)
        labels.position = XL_LABEL_POSITION.CENTER if spec.kind is ChartKind.STACKED \
            else XL_LABEL_POSITION.OUTSIDE_END
        if spec.kind is ChartKind.STACKED:
            labels.font.color.rgb = _rgb(look.on_fill)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(look.rule)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.font.size = Pt(look.size)
    if spec.integer:
        values = [v for s in spec.series for v in s.values if v is not None]
        if spec.kind is ChartKind.STACKED:
            values = [sum(v or 0 for v in column) for column in zip(*(s.values for s in spec.series))]
        # whole numbers step by 1, 2 or 5 x 10^n, ten steps at most (never by 0.5)
        value_axis.major_unit = nice_step(max(values, default=1) - min(0, min(values, default=0)), 10)
        value_axis.tick_labels.number_format = "#,##0"
        value_axis.tick_labels.number_format_is_linked = False
        if spec.kind is ChartKind.DOT and values:
            # room for the markers at both ends, but only the values that occur are labelled
            low, high = min(values), max(values)
            value_axis.minimum_scale, value_axis.maximum_scale = low - 1, high + 1
            value_axis.tick_labels.number_format = f'[<{low:g}]"";[>{high:g}]"";0'
    if spec.reverse:
        value_axis.reverse_order = True
        value_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # keep the category axis at the bottom
    if spec.value_label:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.value_label
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(look.size)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(look.size)
    category_axis.format.line.color.rgb = _rgb(look.rule)
    if horizontal:
        category_axis.reverse_order = True
    _legend(chart, len(spec.series) > 1, look)


def _timeline(slide, spec: ChartSpec, rect, box: Box, colours: dict[str, Colour], measurer: Measurer,
              look: Look):
    lanes = list(dict.fromkeys(e.series for e in spec.events))
    first = min(e.date for e in spec.events).year
    last = max(e.date for e in spec.events).year + 1
    plot_w = box.w * 0.9
    per_pt = (last - first) / plot_w
    # each event once, by lane: its x, its label, and the span its label takes on the axis (to
    # the left of the point when it would otherwise run past the end)
    marks: dict[str, list[tuple[float, str, tuple[float, float]]]] = {lane: [] for lane in lanes}
    for event in spec.events:
        x = _year(event.date)
        width = (measurer.width(event.label, look.size - 1) + 12) * per_pt
        marks[event.series].append((x, event.label, (x - width, x) if x + width > last else (x, x + width)))
    levels = {lane: label_levels([span for _, _, span in marks[lane]]) for lane in lanes}
    depth = {lane: max(levels[lane], default=0) + 1 for lane in lanes}
    base, y = {}, 0.0
    for lane in reversed(lanes):
        base[lane] = y
        y += depth[lane] + 1.0
    data = XyData()
    # LibreOffice shows only as many points of each scatter series as the first series has:
    # the lane with the most events goes first (the lanes' places on the slide are unchanged)
    lanes = sorted(lanes, key=lambda lane: -len(marks[lane]))
    for lane in lanes:
        series = data.add_series(lane)
        for (x, _, _), level in zip(marks[lane], levels[lane]):
            series.add_data_point(x, base[lane] + level * 0.9 + 0.35)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *rect, data)
    chart = frame.chart
    plot = chart.plots[0]
    keys = {e.series: e.colour_key for e in spec.events}
    for series, lane in zip(plot.series, lanes):
        colour = _rgb(colours[keys[lane]])
        series.format.line.fill.background()
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 9
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour
        series.marker.format.line.color.rgb = colour
        for i, (x, label, span) in enumerate(marks[lane]):
            point_label = series.points[i].data_label
            point_label.has_text_frame = True
            point_label.text_frame.text = label
            point_label.text_frame.paragraphs[0].runs[0].font.size = Pt(look.size - 1)
            point_label.text_frame._bodyPr.set("wrap", "none")  # one line, as the layout assumed
            point_label.position = XL_LABEL_POSITION.LEFT if span[1] == x else XL_LABEL_POSITION.RIGHT
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0, y
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    category_axis = chart.category_axis
    category_axis.minimum_scale, category_axis.maximum_scale = first, last
    category_axis.major_unit = nice_step(last - first, 12)
    category_axis.tick_labels.number_format = "0"
    category_axis.tick_labels.number_format_is_linked = False
    category_axis.tick_labels.font.size = Pt(look.size)
    category_axis.has_major_gridlines = True
    category_axis.major_gridlines.format.line.color.rgb = _rgb(look.rule)
    _legend(chart, True, look)
    return frame
