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
    XL_TICK_MARK,
)
from pptx.util import Pt

from ..locale.values import format_number, number_format
from ..model import ChartKind, ChartSpec
from ..shared.axes import nice_step, step_decimals, value_range, value_step
from ..shared.theme import Colour, Theme
from .fit import Measurer
from .sheets import CategoryData, XyData
from .slide import Box
from .timeline import MIN_LABEL_SIZE
from .units import emu, filled, set_text
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


@dataclass(frozen=True)
class Look:
    """What a native chart takes from the theme."""

    size: float
    text: Colour
    rule: Colour
    on_fill: Colour
    muted: Colour
    #: ground of a highlighted period
    band: Colour

    @classmethod
    def of(cls, theme: Theme) -> Look:
        return cls(theme.deck.chart_font_size.pt, theme.colour("text"), theme.colour("rule"),
                   theme.colour("title_text"), theme.colour("muted"), theme.colour("box"))


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
        if spec.highlight in spec.categories:
            _category_band(slide, frame, spec, box, measurer, look)
    chart = frame.chart
    _positive_axis_ids(chart)
    chart.has_title = False
    chart.font.size = Pt(look.size)
    chart.font.color.rgb = _rgb(look.text)
    return frame


def _positive_axis_ids(chart) -> None:
    """python-pptx's chart templates number the axes with negative ids, which the schema's
    unsignedInt rejects (PowerPoint repairs the file): each is renumbered from 50,000,001 in
    the order met (below 2**31, which LibreOffice reads as a signed number), so axes that cross
    still name each other."""
    ids: dict[str, str] = {}
    for element in chart._chartSpace.xpath(".//c:axId | .//c:crossAx"):
        value = element.get("val")
        if int(value) < 0:
            element.set("val", ids.setdefault(value, str(50_000_001 + len(ids))))


def _category_band(slide, frame, spec: ChartSpec, box: Box, measurer: Measurer, look: Look) -> None:
    """A light band behind the category the title points at. The plot area is placed by hand
    (room measured for the legend, tick labels and axis titles) so the band's place is known."""
    line = measurer.line_height(look.size)
    n = len(spec.categories)
    horizontal = spec.kind in (ChartKind.BARH, ChartKind.STACKED)
    top = (line + 12 if len(spec.series) > 1 else 8)
    values = [v for s in spec.series for v in s.values if v is not None] or [0.0]
    ticks = max(measurer.width(format_number(v, spec.decimals), look.size) for v in (min(values), max(values)))
    value_room = ticks + 12 + (line + 6 if spec.value_label else 0)
    if horizontal:
        left = max(measurer.width(c, look.size) for c in spec.categories) + 14 + (line + 6 if spec.category_label else 0)
        plot = Box(box.x + left, box.y + top, box.w - left - 12, box.h - top - value_room)
        step = plot.h / n
        index = spec.categories.index(spec.highlight)
        band = Box(plot.x, plot.y + index * step, plot.w, step)
    else:
        left = value_room
        width = (box.w - left - 12) / n
        lines = max(measurer.lines(c, look.size, width - 6) for c in spec.categories)
        bottom = lines * line + 12 + (line + 6 if spec.category_label else 0)
        plot = Box(box.x + left, box.y + top, box.w - left - 12, box.h - top - bottom)
        index = spec.categories.index(spec.highlight)
        band = Box(plot.x + index * width, plot.y, width, plot.h + lines * line + 8)
    _place_plot(frame.chart, box, plot)
    shape = filled(slide.shapes, band, look.band, f"Highlighted {spec.highlight}"[:250], decorative=True)
    frame._element.addprevious(shape._element)  # under the chart


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
    names = {s.name for s in spec.series}
    for index, (series, data) in enumerate(zip(plot.series, spec.series)):
        # a series the highlight passes over is faded as a whole (LibreOffice draws a line or dot
        # chart's markers in the series' colour whatever a point says)
        whole = spec.highlight in names and spec.highlight != data.name
        colour = _rgb(colours[data.colour_key].faded() if whole else colours[data.colour_key])
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
        if spec.highlight and spec.highlight != data.name and not whole:  # fade what the title does not point at
            faded = _rgb(colours[data.colour_key].faded())
            for i, category in enumerate(spec.categories):
                if category == spec.highlight or data.values[i] is None:
                    continue
                point = series.points[i]
                if spec.kind in (ChartKind.LINE, ChartKind.DOT):
                    point.marker.style = series.marker.style  # a point's own marker needs its symbol
                    point.marker.size = series.marker.size
                    point.marker.format.fill.solid()
                    point.marker.format.fill.fore_color.rgb = faded
                    point.marker.format.line.color.rgb = faded
                    # LibreOffice takes a point's marker colour from the point's own fill
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = faded
                    if spec.kind is ChartKind.DOT:
                        point.format.line.fill.background()
                else:
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = faded
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
    else:
        # the brief's step, every tick with its one number of decimals (shared.axes)
        step = value_step(*value_range(spec))
        value_axis.major_unit = step
        value_axis.tick_labels.number_format = number_format(step_decimals(step))
        value_axis.tick_labels.number_format_is_linked = False
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
        category_axis.reverse_order = True  # the first category on top, as in the brief
        # and the value axis still below the bars: it crosses the reversed category axis at its
        # last category (python-pptx sets c:crosses only on a value axis, for the other axis)
        from pptx.oxml.ns import qn

        value_axis._element.find(qn("c:crosses")).set("val", "max")
    _legend(chart, len(spec.series) > 1, look)


def _timeline(slide, spec: ChartSpec, rect, box: Box, colours: dict[str, Colour], measurer: Measurer,
              look: Look):
    """The timeline as a scatter chart on a plot area placed by :mod:`.timeline`; lane names,
    lane lines and a highlighted period's band are shapes under it at the same places."""
    from ..shared.theme import Colour as _Colour
    from .timeline import axis_step, fitted, year_of

    plan = fitted(spec, box, measurer, look.size, MIN_LABEL_SIZE)
    plot = plan.plot
    from ..shared.contrast import ink, mix

    # each lane a band of the boxes' ground; the highlighted period a shade towards the rules on it;
    # the labels' inks readable on both
    lane_ground, period_ground = look.band, mix(look.band, look.rule, 0.3)
    grounds = (lane_ground, period_ground) if plan.band is not None else (lane_ground,)
    text, muted = ink(look.text, grounds), ink(look.muted, grounds)
    for lane, band in plan.lanes:
        filled(slide.shapes, band, lane_ground, f"Lane {lane}"[:250], decorative=True)
        if plan.band is not None:
            filled(slide.shapes, Box(plan.band.x, band.y, plan.band.w, band.h), period_ground,
                   f"Highlighted period, {lane}"[:250], decorative=True)
    lanes = [lane for lane, _ in plan.lanes]
    data = XyData()
    # LibreOffice shows only as many points of each scatter series as the first series has:
    # the lane with the most events goes first (the lanes' places on the slide are unchanged)
    by_lane = {lane: [m for m in plan.marks if m.event.series == lane] for lane in lanes}
    order = sorted(lanes, key=lambda lane: -len(by_lane[lane]))
    for lane in order:
        series = data.add_series(lane)
        for mark in by_lane[lane]:
            series.add_data_point(year_of(mark.event.date), mark.value)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *rect, data)
    chart = frame.chart
    _place_plot(chart, box, plot)
    plot_part = chart.plots[0]
    keys = {e.series: e.colour_key for e in spec.events}  # a translated lane: its main-language colour
    for series, lane in zip(plot_part.series, order):
        colour = colours[keys[lane]]
        series.format.line.fill.background()
        for i, mark in enumerate(by_lane[lane]):
            shown: _Colour = colour if mark.strong else colour.faded()
            point = series.points[i]
            point.marker.style = XL_MARKER_STYLE.CIRCLE
            point.marker.size = 10 if mark.strong else 8
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = _rgb(shown)
            point.marker.format.line.color.rgb = _rgb(shown)
            label = point.data_label
            label.has_text_frame = True
            label.text_frame.text = mark.event.label
            run = label.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(plan.size)
            run.font.bold = mark.strong and bool(spec.highlight)
            run.font.color.rgb = _rgb(text if mark.strong else muted)
            label.text_frame._bodyPr.set("wrap", "none")  # one line, as the layout measured it
            label.position = XL_LABEL_POSITION.LEFT if mark.left else XL_LABEL_POSITION.RIGHT
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale = 0, plan.top
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    category_axis = chart.category_axis
    category_axis.minimum_scale, category_axis.maximum_scale = plan.first, plan.last
    category_axis.major_unit = axis_step(plan)
    category_axis.tick_labels.number_format = "0"
    category_axis.tick_labels.number_format_is_linked = False
    category_axis.tick_labels.font.size = Pt(look.size)
    # no gridline runs through the labels: the years are ticks on the axis under the lanes
    category_axis.has_major_gridlines = False
    category_axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    category_axis.format.line.color.rgb = _rgb(look.rule)
    chart.has_legend = False  # the lanes are named beside the axis
    for lane, band in plan.lanes:
        colour = colours[keys[lane]]
        strong = not spec.highlight or spec.highlight == lane or plan.band is not None
        middle = band.y + band.h / 2
        _lane_label(slide, Box(box.x, middle - plan.size, plot.x - box.x - 4, plan.size * 2), lane,
                    colour if strong else colour.faded(), plan.size)
    return frame




def _place_plot(chart, frame: Box, plot: Box) -> None:
    """Put the chart's inner plot area at ``plot`` (points on the slide) inside ``frame``, and
    leave the chart's and plot's grounds empty so shapes under the chart show through."""
    from lxml import etree
    from pptx.oxml.ns import qn

    area = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:plotArea')}")
    old = area.find(qn("c:layout"))
    if old is not None:
        area.remove(old)
    layout = etree.Element(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                       ("x", (plot.x - frame.x) / frame.w), ("y", (plot.y - frame.y) / frame.h),
                       ("w", plot.w / frame.w), ("h", plot.h / frame.h)):
        etree.SubElement(manual, qn(f"c:{tag}"), val=value if isinstance(value, str) else f"{value:.5f}")
    area.insert(0, layout)
    for owner in (chart._chartSpace, area):
        sppr = owner.find(qn("c:spPr"))
        if sppr is None:
            sppr = etree.SubElement(owner, qn("c:spPr"))
            if owner is chart._chartSpace:  # c:spPr comes right after c:chart in a chart space
                owner.remove(sppr)
                owner.find(qn("c:chart")).addnext(sppr)
        for child in list(sppr):
            sppr.remove(child)
        etree.SubElement(sppr, qn("a:noFill"))
        line = etree.SubElement(sppr, qn("a:ln"))
        etree.SubElement(line, qn("a:noFill"))


def _lane_label(slide, box: Box, text: str, colour: Colour, size: float) -> None:
    from pptx.enum.text import PP_ALIGN

    shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = f"Lane label {text}"[:250]
    set_text(shape.text_frame, text, size, colour, PP_ALIGN.RIGHT)
