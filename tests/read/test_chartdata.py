"""Chart data as a unit: a ``{chart}`` directive and a dataset in, a ChartSpec (or a located
error) out, through each kind's ``validate`` in builders/charts/, without building anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import charts
from builders.errors import ReportError
from builders.model import ChartKind, Column, Dataset, FieldType, Location
from builders.read.chartdata import resolve
from builders.read.fences import Directive

HERE = Location(Path("report.md"), 7)
DATA = Dataset("meetings", "Meetings", "", "Ministry records", (
    Column("year", "Year", FieldType.INTEGER), Column("partner", "Partner"),
    Column("count", "Count", FieldType.INTEGER)), (
    (2022, "China", 3), (2022, "United States", 1), (2023, "China", 4), (2023, "United States", 2)))
EVENTS = Dataset("events", "Events", "", "Press", (
    Column("date", "Date", FieldType.DATE), Column("actor", "Actor"), Column("label", "Label")), (
    (dt.date(2023, 9, 19), "United States", "C5+1 summit"), (dt.date(2023, 5, 18), "China", "Xi'an summit")))


def _directive(**options: str) -> Directive:
    lines = {name: Location(Path("report.md"), 8 + i) for i, name in enumerate(options)}
    return Directive("chart", DATA.name, dict(options), lines, "", 0, HERE)


def test_long_form_values_become_one_series_per_value_of_the_series_column():
    spec = resolve(ChartKind.BAR, DATA, _directive(type="bar", x="year", y="count", series="partner"))
    assert spec.categories == ("2022", "2023")
    assert [(s.name, s.values) for s in spec.series] == [("China", (3.0, 4.0)), ("United States", (1.0, 2.0))]
    assert spec.integer and spec.decimals == 0 and spec.source == "Ministry records"


def test_count_aggregates_rows_per_category():
    spec = resolve(ChartKind.BARH, DATA, _directive(type="barh", x="partner", aggregate="count"))
    assert spec.categories == ("China", "United States") and spec.series[0].values == (2.0, 2.0)


def test_a_timeline_sorts_its_events_by_date_and_describes_each():
    spec = resolve(ChartKind.TIMELINE, EVENTS, _directive(type="timeline", x="date", series="actor",
                                                          text="label"))
    assert [e.label for e in spec.events] == ["Xi'an summit", "C5+1 summit"]
    assert charts.describe(spec).endswith(
        "2023-05-18 China: Xi'an summit; 2023-09-19 United States: C5+1 summit."
    )


def test_an_unknown_column_is_a_located_error_naming_the_columns():
    with pytest.raises(ReportError) as error:
        resolve(ChartKind.LINE, DATA, _directive(type="line", x="year", y="meetings"))
    problem = error.value.problems[0]
    assert "unknown column 'meetings'" in str(problem) and "year, partner, count" in str(problem)
    assert problem.location.line == 10  # the :y: line


def test_highlight_is_refused_on_a_kind_that_does_not_draw_it():
    with pytest.raises(ReportError, match="not available for line charts; it is for bar, barh, stacked, dot"):
        resolve(ChartKind.LINE, DATA, _directive(type="line", x="year", y="count", series="partner",
                                                 highlight="China"))


def test_a_grid_past_its_legible_size_is_refused():
    wide = Dataset("wide", "Wide", "", "", DATA.columns, tuple((2000 + i, f"P{i}", 1) for i in range(9)))
    with pytest.raises(ReportError, match="a grid shows at most 8 series"):
        resolve(ChartKind.GRID, wide, _directive(type="grid", x="year", y="count", series="partner"))


def test_every_chart_kind_has_its_module_and_each_module_keeps_the_contract():
    assert {m.KIND for m in charts.KINDS} == set(ChartKind)
    for module in charts.KINDS:
        for member in ("NAME", "HIGHLIGHT", "validate", "check_highlight", "draw", "add_native", "describe"):
            assert hasattr(module, member), (module.__name__, member)
