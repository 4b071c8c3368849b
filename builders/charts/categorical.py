"""What the category charts (``bar``, ``barh``, ``stacked``, ``line``, ``dot``) have in common:
values read per category and series, drawn by matplotlib for the brief and as a native chart
for the deck, described by their values. Each kind's own module says which of these it is."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ReportError
from ..locale.furniture import tr
from ..locale.typography import typeset
from ..locale.values import format_number
from ..model import ChartKind, ChartSpec, Dataset, FieldType, Series
from ..model.text import Location
from .axes import line_scale
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
                raise ReportError(
                    f"the chart's value {value:,.0f} in {data.columns[ys[0]].name!r} is past what a "
                    f"chart shows ({MAX_VALUE:,.0f} either side of zero); show it in a table, or "
                    "chart the column in larger units",
                    d.option_lines["y"],
                )
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
        raise ReportError(
            f":highlight: expected a category or series of the chart ({known}), found {wanted!r}", where
        )


def describe(spec: ChartSpec, language: str) -> list[str]:
    """Each series' values, category by category, for the alt text."""
    parts = []
    for series in spec.series:
        values = ", ".join(
            f"{c} {tr(language, 'no value') if v is None else format_number(v, spec.decimals, language)}"
            for c, v in zip(spec.categories, series.values)
        )
        parts.append(f"{series.name}: {values}.")
    return parts


# --------------------------------------------------------------------------- the brief (matplotlib)


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    """The chart as a matplotlib figure ``width_in`` inches wide."""
    n_cat = len(spec.categories)
    horizontal = spec.kind in HORIZONTAL
    height_in = max(2.2, 0.32 * n_cat * (1 if spec.kind is ChartKind.STACKED else max(1,
                                                                                      len(spec.series) * 0.7))
                    + 0.9) if horizontal else width_in * (0.4 if spec.kind is ChartKind.DOT else 0.48)
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    positions = list(range(n_cat))
    # wrap category labels to the room each category has (about 0.5 em per character)
    per_category_pt = width_in * 72 * 0.85 / max(n_cat, 1)
    # the category labels set by the language's typography (the data stays as written)
    labels = [
        wrap(
            typeset(c, spec.language), 22 if horizontal else max(8, int(per_category_pt / (style.size * 0.5)))
        )
        for c in spec.categories
    ]
    _draw_series(ax, spec, style, positions)
    if spec.highlight in spec.categories:  # the category the title points at, on a light band
        at = spec.categories.index(spec.highlight)
        (ax.axhspan if horizontal else ax.axvspan)(at - 0.5, at + 0.5, color=style.band, zorder=0,
                                                   linewidth=0)
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
            ax.bar_label(bars, labels=[format_number(v, spec.decimals,
                                                     spec.language) if v else "" for v in values],
                         label_type="center", color="white", fontsize=style.size - 0.5)
        elif spec.kind in (ChartKind.BAR, ChartKind.BARH):
            width = band / n_ser
            offsets = [p - band / 2 + width * (i + 0.5) for p in positions]
            bars = (ax.barh if spec.kind is ChartKind.BARH else ax.bar)(offsets, values, width * 0.92,
                                                                        color=colour,
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
    scale = line_scale(spec)
    if scale is not None:  # the deck's ends as well as its step
        ax.set_ylim((scale[1], scale[0]) if spec.reverse else scale[:2])
    if spec.kind is ChartKind.DOT:
        low = min((v for s in spec.series for v in s.values if v is not None), default=0)
        high = max((v for s in spec.series for v in s.values if v is not None), default=1)
        pad = max(0.5, (high - low) * 0.08)
        limits = (high + pad, low - pad) if spec.reverse else (low - pad, high + pad)
        ax.set_ylim(*limits)


def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect, native: str):
    """The chart as a native chart of python-pptx's type ``native`` (:mod:`builders.charts.native`)."""
    from .native import add_native as draw_native

    return draw_native(canvas, slide, spec, box, native)


@dataclass(frozen=True)
class Category:
    """A category chart kind (:class:`builders.charts.Kind`): the five differ only in these
    fields, and read, draw and describe themselves with this module's functions."""

    KIND: ChartKind
    #: what the alt text calls it (a message of the catalogue)
    NAME: str
    #: the most categories (or points) it shows
    most: int
    #: python-pptx's chart type drawing it in the deck (``XL_CHART_TYPE``'s name)
    native: str
    #: whether ``:highlight:`` may point at one of its categories or series
    HIGHLIGHT: bool = True

    def validate(self, d: Options, data: Dataset, common: dict) -> ChartSpec:
        return validate(self.KIND, self.most, d, data, common)

    def check_highlight(self, spec: ChartSpec, wanted: str, where: Location) -> None:
        check_highlight(spec, wanted, where)

    def draw(self, plt, spec: ChartSpec, style: BriefStyle, width_in: float):
        return draw(plt, spec, style, width_in)

    def add_native(self, canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect):
        return add_native(canvas, slide, spec, box, self.native)

    def describe(self, spec: ChartSpec, language: str) -> list[str]:
        return describe(spec, language)
