"""What the category charts (``bar``, ``barh``, ``stacked``, ``line``, ``dot``) have in common:
values read per category and series, drawn by matplotlib for the brief and as a native chart
for the deck, described by their values. Each kind's own module says which of these it is."""

from __future__ import annotations

from ..errors import ReportError
from ..locale.furniture import tr
from ..locale.typography import typeset
from ..locale.values import format_number, number_format
from ..model import ChartKind, ChartSpec, Dataset, FieldType, Series
from ..model.text import Location
from .axes import nice_step, step_decimals, value_range, value_step
from .canvas import BriefStyle, DeckCanvas, Options, Rect
from .columns import MAX_VALUE, check_count, column_index, field, label, optional_field
from .matplot import faded, legend, mute, value_ticks, wrap

HORIZONTAL = (ChartKind.BARH, ChartKind.STACKED)
BARS = (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED)
POINTS = (ChartKind.LINE, ChartKind.DOT)

# --------------------------------------------------------------------------- reading


def _decimals(column) -> int:
    return 1 if column.decimals is None else column.decimals


def _value_columns(d: Options, data: Dataset, aggregate: str, series_col: int | None) -> list[int]:
    """The :y: columns, checked to be numbers (none for a count alone)."""
    y_names = [n.strip() for n in d.option("y").split(",") if n.strip()]
    if aggregate != "count" and not y_names:
        raise ReportError("{chart} needs :y: naming the value column(s), or :aggregate: count",
                          d.location)
    ys = [column_index(data, name, "y", d.option_lines["y"]) for name in y_names]
    for i in ys:
        if not data.columns[i].type.numeric:
            raise ReportError(f":y: column {data.columns[i].name!r} is {data.columns[i].type.value}; "
                              "expected a number or integer column", d.option_lines["y"])
    if series_col is not None and len(y_names) > 1:
        raise ReportError(":series: takes one :y: column (long form); for several :y: columns "
                          "leave out :series:", d.option_lines["series"])
    return ys


def _values(d: Options, data: Dataset, most: int) -> tuple[tuple[str, ...], tuple[Series, ...], bool, int]:
    x = field(d, data, "x")
    aggregate = d.option("aggregate")
    if aggregate not in ("", "count", "sum"):
        raise ReportError(f":aggregate: expected count or sum, found {aggregate!r}",
                          d.option_lines["aggregate"])
    series_col = optional_field(d, data, "series")
    ys = _value_columns(d, data, aggregate, series_col)
    categories: dict[str, None] = {}  # in order of first appearance (a dict: linear in the rows)
    cells: dict[tuple[str, str], float] = {}
    series_names: dict[str, None] = {}
    integer = aggregate == "count" or all(data.columns[i].type is FieldType.INTEGER for i in ys)
    decimals = 0 if integer else max((_decimals(data.columns[i]) for i in ys), default=1)
    # wide form: one series per :y: column, named by its title (a count alone: the resource's)
    wide_keys = [data.columns[i].title for i in ys] or [data.title]
    for row in data.rows:
        category = label(row[x])
        if category not in categories:
            categories[category] = None
            check_count(len(categories), most, "categories", d, "x")
        keys = [label(row[series_col])] if series_col is not None else wide_keys
        for i, key in enumerate(keys):
            if key not in series_names:
                series_names[key] = None
            value = 1.0 if aggregate == "count" else row[ys[i if series_col is None else 0]]
            if not isinstance(value, (int, float)):  # missing (the :y: columns are numeric)
                continue
            if abs(value) > MAX_VALUE:  # a float axis cannot place it, nor label it with its digits
                raise ReportError(f"the chart's value {value:,.0f} in {data.columns[ys[0]].name!r} is past what a "
                                  f"chart shows ({MAX_VALUE:,.0f} either side of zero); show it in a table, or "
                                  "chart the column in larger units", d.option_lines["y"])
            if (category, key) in cells and not aggregate:
                raise ReportError(f"two rows give a value for category {category!r} and series "
                                  f"{key!r}; add :aggregate: sum or count", d.location)
            cells[(category, key)] = cells.get((category, key), 0.0) + float(value)
    series = tuple(Series(name, tuple(cells.get((c, name)) for c in categories), data.original(name))
                   for name in series_names)
    return tuple(categories), series, integer, decimals


def validate(kind: ChartKind, most: int, d: Options, data: Dataset, common: dict) -> ChartSpec:
    """The spec of a category chart: at most ``most`` categories, at least one value."""
    categories, series, integer, decimals = _values(d, data, most)
    if not categories or not series or all(v is None for s in series for v in s.values):
        raise ReportError("the chart has no values to show: every value is missing", d.location)
    return ChartSpec(kind=kind, categories=categories, series=series, integer=integer,
                     decimals=decimals, **common)


def check_highlight(spec: ChartSpec, wanted: str, where: Location) -> None:
    """``:highlight:`` names a category or a series of the chart."""
    if wanted not in spec.categories and wanted not in {s.name for s in spec.series}:
        known = ", ".join((*spec.categories, *(s.name for s in spec.series)))
        raise ReportError(f":highlight: expected a category or series of the chart ({known}), found {wanted!r}",
                          where)


def describe(spec: ChartSpec, language: str) -> list[str]:
    """Each series' values, category by category, for the alt text."""
    parts = []
    for series in spec.series:
        values = ", ".join(f"{c} {tr(language, 'no value') if v is None else format_number(v, spec.decimals, language)}"
                           for c, v in zip(spec.categories, series.values))
        parts.append(f"{series.name}: {values}.")
    return parts


# --------------------------------------------------------------------------- the brief (matplotlib)


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    """The chart as a matplotlib figure ``width_in`` inches wide."""
    n_cat = len(spec.categories)
    horizontal = spec.kind in HORIZONTAL
    height_in = max(2.2, 0.32 * n_cat * (1 if spec.kind is ChartKind.STACKED else max(1, len(spec.series) * 0.7))
                    + 0.9) if horizontal else width_in * (0.4 if spec.kind is ChartKind.DOT else 0.48)
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    positions = list(range(n_cat))
    # wrap category labels to the room each category has (about 0.5 em per character)
    per_category_pt = width_in * 72 * 0.85 / max(n_cat, 1)
    # the category labels set by the language's typography (the data stays as written)
    labels = [wrap(typeset(c, spec.language), 22 if horizontal else max(8, int(per_category_pt / (style.size * 0.5))))
              for c in spec.categories]
    _draw_series(ax, spec, style, positions)
    if spec.highlight in spec.categories:  # the category the title points at, on a light band
        at = spec.categories.index(spec.highlight)
        (ax.axhspan if horizontal else ax.axvspan)(at - 0.5, at + 0.5, color=style.band, zorder=0, linewidth=0)
    _draw_axes(ax, spec, style, positions, labels)
    share = legend(fig, ax, spec)
    fig.tight_layout(rect=(0, 0, 1, 0.97 - share))
    return fig


def _draw_series(ax, spec: ChartSpec, style: BriefStyle, positions: list[int]) -> None:
    n_ser = len(spec.series)
    band = 0.8
    # a stacked bar grows right of zero with its positive segments and left of it with its
    # negative ones, as the deck's native chart draws them
    ahead, behind = [0.0] * len(positions), [0.0] * len(positions)
    for i, series in enumerate(spec.series):
        colour = style.colour(series.colour_key)
        values = [v if v is not None else 0.0 for v in series.values]
        if spec.kind is ChartKind.STACKED:
            left = [a if v >= 0 else b for a, b, v in zip(ahead, behind, values)]
            bars = ax.barh(positions, values, left=left, height=0.6, color=colour, label=series.name)
            mute(bars.patches, spec, series.name, colour)
            ahead = [a + max(v, 0.0) for a, v in zip(ahead, values)]
            behind = [b + min(v, 0.0) for b, v in zip(behind, values)]
            ax.bar_label(bars, labels=[format_number(v, spec.decimals, spec.language) if v else "" for v in values],
                         label_type="center", color="white", fontsize=style.size - 0.5)
        elif spec.kind in (ChartKind.BAR, ChartKind.BARH):
            width = band / n_ser
            offsets = [p - band / 2 + width * (i + 0.5) for p in positions]
            bars = (ax.barh if spec.kind is ChartKind.BARH else ax.bar)(offsets, values, width * 0.92, color=colour,
                                                                       label=series.name)
            mute(bars.patches, spec, series.name, colour)
            ax.bar_label(bars, labels=[format_number(v, spec.decimals, spec.language) if s is not None else ""
                                       for v, s in zip(values, series.values)],
                         padding=2, color=style.text, fontsize=style.size - 0.5)
        else:
            _draw_points(ax, spec, positions, i, series, colour)


def _draw_points(ax, spec: ChartSpec, positions: list[int], i: int, series: Series, colour: str) -> None:
    """A line, or a dot chart's dots, of one series."""
    n_ser = len(spec.series)
    # dots of several series at one category sit side by side, so equal values stay visible
    dodge = (i - (n_ser - 1) / 2) * min(0.12, 0.5 / n_ser) if spec.kind is ChartKind.DOT else 0.0
    # a missing value leaves a gap in a line, not a line drawn through it
    xs = [p + dodge for p in positions]
    ys = [float("nan") if v is None else v for v in series.values]
    line = "-" if spec.kind is ChartKind.LINE else "none"
    marker = "o"
    ax.plot(xs, ys, linestyle=line, marker=marker, markersize=8 if line == "none" else 5,
            color=colour, label=series.name, linewidth=2, zorder=3)
    if spec.highlight and spec.highlight != series.name and line == "none":
        # the highlighted category's (or series') dots in full colour, the others faded over them
        others = [x for x, c in zip(range(len(positions)), spec.categories) if c != spec.highlight]
        ax.plot([xs[i] for i in others], [ys[i] for i in others], linestyle="none", marker=marker,
                markersize=8, color=faded(colour), zorder=3.5)


def _draw_axes(ax, spec: ChartSpec, style: BriefStyle, positions: list[int], labels: list[str]) -> None:
    horizontal = spec.kind in HORIZONTAL
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.xaxis.grid(True, color=style.rule, linewidth=0.6)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if spec.value_label:
            ax.set_xlabel(spec.value_label)
    else:
        ax.set_xticks(positions, labels)
        ax.yaxis.grid(True, color=style.rule, linewidth=0.6)
        ax.tick_params(axis="x", length=0)
        ax.set_xlim(-0.6, len(positions) - 0.4)
        if spec.value_label:
            ax.set_ylabel(spec.value_label)
        if spec.category_label:
            ax.set_xlabel(spec.category_label)
    ax.set_axisbelow(True)
    value_ticks(ax.xaxis if horizontal else ax.yaxis, spec)
    if spec.reverse:
        if horizontal:
            ax.invert_xaxis()
        else:
            ax.invert_yaxis()
    if spec.kind is ChartKind.DOT:
        low = min((v for s in spec.series for v in s.values if v is not None), default=0)
        high = max((v for s in spec.series for v in s.values if v is not None), default=1)
        pad = max(0.5, (high - low) * 0.08)
        limits = (high + pad, low - pad) if spec.reverse else (low - pad, high + pad)
        ax.set_ylim(*limits)


# --------------------------------------------------------------------------- the deck (native chart)


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
    ticks = max(measurer.width(format_number(v, spec.decimals), look.size) for v in (min(values), max(values)))
    value_room = ticks + 12 + (line + 6 if spec.value_label else 0)
    index = spec.categories.index(spec.highlight)
    if spec.kind in HORIZONTAL:
        left = max(measurer.width(c, look.size) for c in spec.categories) + 14 + (line + 6 if spec.category_label else 0)
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
    shape = canvas.filled(slide.shapes, band, look.band, f"Highlighted {spec.highlight}"[:250], decorative=True)
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
        if spec.highlight and spec.highlight != data.name and not whole:  # fade what the title does not point at
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
    shapes = (XL_MARKER_STYLE.CIRCLE, XL_MARKER_STYLE.DIAMOND, XL_MARKER_STYLE.SQUARE, XL_MARKER_STYLE.TRIANGLE)
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
