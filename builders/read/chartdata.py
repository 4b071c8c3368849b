"""A ``{chart}`` directive's options + its Dataset → a ChartSpec of plain numbers.

One spec serves both outputs: matplotlib draws it in the brief, python-pptx builds a native
chart from it in the deck.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..errors import ReportError
from ..model import ChartKind, ChartSpec, Dataset, Event, FieldType, Series, period

if TYPE_CHECKING:
    from .fences import Directive

#: options a ``{chart}`` directive accepts
OPTIONS = ("type", "x", "y", "series", "text", "year", "where", "title", "subtitle", "name", "notes",
           "deck", "reverse", "aggregate", "value-label", "category-label", "highlight")


def column_index(data: Dataset, name: str, option: str, where) -> int:
    """The index of column ``name`` of ``data``, or a located error naming the columns there are."""
    names = [c.name for c in data.columns]
    if name not in names:
        raise ReportError(f":{option}: unknown column {name!r} in {data.name!r}; expected one of: "
                          f"{', '.join(names)}", where)
    return names.index(name)


def _field(d: Directive, data: Dataset, option: str) -> int:
    """The column an option names, which the chart type requires."""
    index = _optional_field(d, data, option)
    if index is None:
        raise ReportError(f"{{chart}} of type {d.option('type')!r} needs :{option}: naming a "
                          f"column of {data.name!r} ({', '.join(c.name for c in data.columns)})",
                          d.location)
    return index


def _optional_field(d: Directive, data: Dataset, option: str) -> int | None:
    name = d.option(option)
    return column_index(data, name, option, d.option_lines[option]) if name else None


def _label(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


#: the last year a timeline shows: its axis ends on 1 January of the year after the last event,
#: and Python's calendar ends in 9999
LAST_YEAR = 9998


def _timeline(d: Directive, data: Dataset, common: dict) -> ChartSpec:
    x = _field(d, data, "x")
    lane = _field(d, data, "series")
    text = _field(d, data, "text")
    if data.columns[x].type is not FieldType.DATE:
        raise ReportError(f":x: a timeline needs a date column; {data.columns[x].name!r} is "
                          f"{data.columns[x].type.value}", d.option_lines["x"])
    year = _optional_field(d, data, "year")
    if year is not None and data.columns[year].type not in (FieldType.YEAR, FieldType.INTEGER):
        raise ReportError(f":year: expected a year column; {data.columns[year].name!r} is "
                          f"{data.columns[year].type.value}", d.option_lines["year"])

    def when(row) -> tuple[dt.date, bool] | None:
        """The row's date, and whether only its year is known."""
        if isinstance(row[x], dt.date):
            if row[x].year > LAST_YEAR:  # the axis runs to the first day of the year after the last event
                raise ReportError(f"timeline row {_label(row[text])!r} of {data.name!r}: {row[x].isoformat()} is "
                                  f"after {LAST_YEAR}-12-31, the last day a timeline shows", d.option_lines["x"])
            return row[x], False
        if year is not None and row[year] is not None:
            if not 1 <= row[year] <= LAST_YEAR:
                raise ReportError(f"timeline row {_label(row[text])!r} of {data.name!r}: year {row[year]} in "
                                  f"{data.columns[year].name!r} is outside the years 1 to {LAST_YEAR} a timeline "
                                  "shows", d.option_lines["year"])
            return dt.date(int(row[year]), 7, 1), True  # a year alone sits mid-year
        return None

    events: list[Event] = []
    for row in data.rows:
        _check_count(len(events) + 1, MAX_EVENTS, "events", d, "x")
        dated = when(row)
        if dated is None:  # a silently missing event would misstate the record
            where = "a year in the :year: column" if year is not None else "a :year: column to fall back on"
            raise ReportError(f"timeline row {_label(row[text])!r} of {data.name!r} has no date in "
                              f"{data.columns[x].name!r}; give it a date, {where}, or leave it out "
                              f"with :where: {data.columns[text].name} != {_label(row[text])}",
                              d.option_lines["x"])
        # an event's label is laid out on one line: a tab or line break in the cell is a space
        events.append(Event(dated[0], _label(row[lane]), " ".join(_label(row[text]).split()),
                            year_only=dated[1], key=data.original(_label(row[lane]))))
    if not events:
        raise ReportError(f"the timeline has no rows: {data.name!r} is empty", d.location)
    return ChartSpec(kind=ChartKind.TIMELINE, events=tuple(sorted(events, key=lambda e: e.date)),
                     **common)


def _decimals(column) -> int:
    return 1 if column.decimals is None else column.decimals


def _values(d: Directive, data: Dataset) -> tuple[tuple[str, ...], tuple[Series, ...], bool, int]:
    x = _field(d, data, "x")
    aggregate = d.option("aggregate")
    if aggregate not in ("", "count", "sum"):
        raise ReportError(f":aggregate: expected count or sum, found {aggregate!r}",
                          d.option_lines["aggregate"])
    series_col = _optional_field(d, data, "series")
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
    categories: dict[str, None] = {}  # in order of first appearance (a dict: linear in the rows)
    cells: dict[tuple[str, str], float] = {}
    series_names: dict[str, None] = {}
    integer = aggregate == "count" or all(data.columns[i].type is FieldType.INTEGER for i in ys)
    decimals = 0 if integer else max((_decimals(data.columns[i]) for i in ys), default=1)
    # wide form: one series per :y: column, named by its title (a count alone: the resource's)
    wide_keys = [data.columns[i].title for i in ys] or [data.title]
    for row in data.rows:
        category = _label(row[x])
        if category not in categories:
            categories[category] = None
            _check_count(len(categories), MAX_POINTS if d.option("type") == "line" else MAX_CATEGORIES,
                         "categories", d, "x")
        keys = [_label(row[series_col])] if series_col is not None else wide_keys
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


def resolve(kind: ChartKind, data: Dataset, d: Directive) -> ChartSpec:
    """Build the spec, checking every option against the data."""
    common: dict[str, Any] = dict(
        title=d.option("title") or data.title,
        subtitle=d.option("subtitle"),
        source=data.source,
        notes=d.option("notes"),
        value_label=d.option("value-label"),
        category_label=d.option("category-label"),
        reverse=d.flag("reverse", False),
    )
    if kind is ChartKind.TIMELINE:
        spec = _timeline(d, data, common)
    else:
        categories, series, integer, decimals = _values(d, data)
        if not categories or not series or all(v is None for s in series for v in s.values):
            raise ReportError("the chart has no values to show: every value is missing", d.location)
        spec = ChartSpec(kind=kind, categories=categories, series=series, integer=integer,
                         decimals=decimals, **common)
    _grid_size(d, spec)
    return _highlight(d, spec)


#: the most categories a bar, stacked bar or dot chart shows (each is labelled on the axis: a
#: 20,000-category chart took minutes to draw and showed nothing), the most points of a line
#: chart, and the most events of a timeline (each labelled beside its marker)
MAX_CATEGORIES, MAX_POINTS, MAX_EVENTS = 60, 400, 40
#: the largest value a chart shows, either side of zero: every whole number up to it has a float
#: of its own (a larger one would be drawn and labelled with other digits), and axes of 1e308
#: overflow
MAX_VALUE = 2.0**53


def _check_count(count: int, most: int, what: str, d: Directive, option: str) -> None:
    """Refuse a chart past one of the limits above, at the option that names the column, as
    soon as the count passes it."""
    if count > most:
        raise ReportError(f"the chart has more than {most} {what}; at most {most} {what} are shown legibly "
                          f"in a {d.option('type') or 'bar'} chart: leave some out with :where:, or group them "
                          "in the data", d.option_lines.get(option, d.location))


#: chart types whose ``:highlight:`` both outputs draw alike (docs/directives.md lists them)
HIGHLIGHTED = (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED, ChartKind.DOT, ChartKind.GRID,
               ChartKind.TIMELINE)
#: the most series (columns) and categories (rows) a ``type: grid`` shows legibly: measured on a
#: 16:9 slide at the deck's 14 pt chart type and in the brief's text column, with long names
GRID_SERIES, GRID_CATEGORIES = 8, 12


def _grid_size(d: Directive, spec: ChartSpec) -> None:
    """A grid past what a slide or the brief's column shows legibly is refused, not squeezed."""
    if spec.kind is not ChartKind.GRID:
        return
    for count, most, what, option in ((len(spec.series), GRID_SERIES, "series", "series"),
                                      (len(spec.categories), GRID_CATEGORIES, "categories", "x")):
        if count > most:
            where = d.option_lines.get(option, d.location)
            raise ReportError(f"a grid shows at most {most} {what} legibly; {count} found in "
                              f"{d.option(option)!r}. Leave some out with :where:, or group them in the data",
                              where)


def _highlight(d: Directive, spec: ChartSpec) -> ChartSpec:
    """Check ``:highlight:`` names something the chart shows, on a chart type that shows it."""
    from dataclasses import replace

    wanted = d.option("highlight").strip()
    if not wanted:
        return spec
    where = d.option_lines["highlight"]
    if spec.kind not in HIGHLIGHTED:
        kinds = ", ".join(k.value for k in HIGHLIGHTED)
        raise ReportError(f":highlight: is not available for {spec.kind.value} charts; it is for "
                          f"{kinds}", where)
    if spec.kind is ChartKind.TIMELINE:
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
    elif wanted not in spec.categories and wanted not in {s.name for s in spec.series}:
        known = ", ".join((*spec.categories, *(s.name for s in spec.series)))
        raise ReportError(f":highlight: expected a category or series of the chart ({known}), found {wanted!r}",
                          where)
    return replace(spec, highlight=wanted)
