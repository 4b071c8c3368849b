"""The category charts' native chart for the deck (``bar``, ``barh``, ``stacked``, ``line``,
``dot``): python-pptx's chart of the kind's type, a highlighted category on a band under it, the
series styled and faded as the brief draws them, the value axis at the brief's step."""

from __future__ import annotations

from ..locale.values import format_number, number_format
from ..model import ChartKind, ChartSpec, Series
from .axes import line_scale, nice_step, step_decimals, value_range, value_step
from .canvas import DeckCanvas, Rect

HORIZONTAL = (ChartKind.BARH, ChartKind.STACKED)
BARS = (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED)
POINTS = (ChartKind.LINE, ChartKind.DOT)

def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect, native: str):
    """The chart as a native chart of type ``native`` (an ``XL_CHART_TYPE`` name) in ``box``."""
    from pptx.enum.chart import XL_CHART_TYPE

    x, y, w, h = (canvas.emu(v) for v in (box.x, box.y, box.w, box.h))
    frame = slide.shapes.add_chart(getattr(XL_CHART_TYPE, native), x, y, w, h, canvas.category_data(spec))
    _style(canvas, frame.chart, spec)
    if spec.highlight in spec.categories:
        _category_band(canvas, slide, frame, spec, box)
    return frame


def _category_band(canvas: DeckCanvas, slide, frame, spec: ChartSpec, box: Rect) -> None:
    """A light band behind the category the title points at. The plot area is placed by hand
    (room measured for the legend, tick labels and axis titles) so the band's place is known."""
    measurer, look = canvas.measurer, canvas.look
    line = measurer.line_height(look.size)
    n = len(spec.categories)
    top = (line + 12 if len(spec.series) > 1 else 8)
    values = [v for s in spec.series for v in s.values if v is not None] or [0.0]
    ticks = max(measurer.width(format_number(v, spec.decimals), look.size) for v in (min(values),
                                                                                     max(values)))
    value_room = ticks + 12 + (line + 6 if spec.value_label else 0)
    index = spec.categories.index(spec.highlight)
    if spec.kind in HORIZONTAL:
        left = (
            max(measurer.width(c, look.size) for c in spec.categories)
            + 14
            + (line + 6 if spec.category_label else 0)
        )
        plot = canvas.box(box.x + left, box.y + top, box.w - left - 12, box.h - top - value_room)
        step = plot.h / n
        band = canvas.box(plot.x, plot.y + index * step, plot.w, step)
    else:
        left = value_room
        width = (box.w - left - 12) / n
        lines = max(measurer.lines(c, look.size, width - 6) for c in spec.categories)
        bottom = lines * line + 12 + (line + 6 if spec.category_label else 0)
        plot = canvas.box(box.x + left, box.y + top, box.w - left - 12, box.h - top - bottom)
        band = canvas.box(plot.x + index * width, plot.y, width, plot.h + lines * line + 8)
    canvas.place_plot(frame.chart, box, plot)
    shape = canvas.filled(slide.shapes, band, look.band, f"Highlighted {spec.highlight}"[:250],
                          decorative=True)
    canvas.behind(shape, frame)  # under the chart


def _style(canvas: DeckCanvas, chart, spec: ChartSpec) -> None:
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    plot = chart.plots[0]
    names = {s.name for s in spec.series}
    for index, (series, data) in enumerate(zip(plot.series, spec.series)):
        # a series the highlight passes over is faded as a whole (LibreOffice draws a line or dot
        # chart's markers in the series' colour whatever a point says)
        whole = spec.highlight in names and spec.highlight != data.name
        colour = canvas.colours[data.colour_key]
        _style_series(canvas, series, spec, index, canvas.rgb(colour.faded() if whole else colour))
        if (
            spec.highlight and spec.highlight != data.name and not whole
        ):  # fade what the title does not point at
            _fade_points(canvas, series, spec, data)
    if spec.kind in BARS:
        _bar_labels(canvas, plot, spec)
    _value_axis(canvas, chart.value_axis, spec)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(canvas.look.size)
    category_axis.format.line.color.rgb = canvas.rgb(canvas.look.rule)
    if spec.kind in HORIZONTAL:
        category_axis.reverse_order = True  # the first category on top, as in the brief
        # and the value axis still below the bars: it crosses the reversed category axis at its
        # last category (python-pptx sets c:crosses only on a value axis, for the other axis)
        canvas.value_axis_crosses_max(chart)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(canvas.look.size)


def _style_series(canvas: DeckCanvas, series, spec: ChartSpec, index: int, colour) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE
    from pptx.util import Pt

    if spec.kind not in POINTS:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
        return
    shapes = (XL_MARKER_STYLE.CIRCLE, XL_MARKER_STYLE.DIAMOND, XL_MARKER_STYLE.SQUARE,
              XL_MARKER_STYLE.TRIANGLE)
    series.smooth = False
    # dot charts: each series its own marker, later ones smaller, so equal values show both
    series.marker.style = (
        shapes[index % len(shapes)] if spec.kind is ChartKind.DOT else XL_MARKER_STYLE.CIRCLE
    )
    series.marker.size = max(6, 13 - 3 * index) if spec.kind is ChartKind.DOT else 7
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = colour
    series.marker.format.line.color.rgb = colour
    if spec.kind is ChartKind.DOT:
        series.format.line.fill.background()
    else:
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(2.25)


def _fade_points(canvas: DeckCanvas, series, spec: ChartSpec, data: Series) -> None:
    """Fade each point of ``series`` outside the highlighted category."""
    faded_colour = canvas.rgb(canvas.colours[data.colour_key].faded())
    for i, category in enumerate(spec.categories):
        if category == spec.highlight or data.values[i] is None:
            continue
        point = series.points[i]
        if spec.kind in POINTS:
            point.marker.style = series.marker.style  # a point's own marker needs its symbol
            point.marker.size = series.marker.size
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = faded_colour
            point.marker.format.line.color.rgb = faded_colour
            # LibreOffice takes a point's marker colour from the point's own fill
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = faded_colour
            if spec.kind is ChartKind.DOT:
                point.format.line.fill.background()
        else:
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = faded_colour


def _bar_labels(canvas: DeckCanvas, plot, spec: ChartSpec) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION
    from pptx.util import Pt

    plot.gap_width = 60
    if spec.kind is not ChartKind.STACKED:
        plot.overlap = -10
    else:
        plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format(spec.decimals)
    labels.number_format_is_linked = False
    labels.font.size = Pt(canvas.look.size)
    labels.position = XL_LABEL_POSITION.CENTER if spec.kind is ChartKind.STACKED \
        else XL_LABEL_POSITION.OUTSIDE_END
    if spec.kind is ChartKind.STACKED:
        labels.font.color.rgb = canvas.rgb(canvas.look.on_fill)


def _value_axis(canvas: DeckCanvas, value_axis, spec: ChartSpec) -> None:
    from pptx.enum.chart import XL_AXIS_CROSSES
    from pptx.util import Pt

    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = canvas.rgb(canvas.look.rule)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.font.size = Pt(canvas.look.size)
    scale = line_scale(spec)
    if scale is not None:  # a line chart: the brief's ends and step, not PowerPoint's zero
        value_axis.minimum_scale, value_axis.maximum_scale, value_axis.major_unit = scale
        value_axis.tick_labels.number_format = "#,##0" if spec.integer else \
            number_format(step_decimals(scale[2]))
        value_axis.tick_labels.number_format_is_linked = False
    elif spec.integer:
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
        # the brief's step, every tick with its one number of decimals (.axes)
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
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(canvas.look.size)
