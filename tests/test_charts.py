"""Charts read right in both outputs: gaps for missing values, the data's decimals, axis steps
a reader can count, and timelines that keep every lane."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import drawn
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from builders.charts.axes import nice_step
from builders.model import Chart, ChartKind, ChartSpec, Event, Series
from builders.pdf import charts
from builders.read.report import read_report
from builders.read.theme import load_theme, theme_path

from conftest import ROOT, ROOTS


def _style():
    return charts.chart_style(load_theme(theme_path("default")), {})


def _drawing(spec: ChartSpec):
    """The chart as the brief draws it (a ReportLab Drawing), in the built-in faces."""
    return charts.draw(spec, _style(), 400, lambda bold: "Helvetica-Bold" if bold else "Helvetica")


def _texts(spec: ChartSpec) -> list[str]:
    return [s.text for s in drawn.strings(_drawing(spec))]


def _walk(blocks):
    for block in blocks:
        yield block
        yield from _walk(getattr(block, "blocks", ()))
        yield from _walk(getattr(block, "children", ()))


@given(st.floats(min_value=0.5, max_value=1e7), st.integers(min_value=2, max_value=20))
def test_nice_step_is_one_two_or_five_and_the_smallest_that_fits(span, most):
    step = nice_step(span, most)
    digits = str(step).rstrip("0")
    assert digits in ("1", "2", "5")
    assert span / step <= most
    smaller = [f * 10 ** e for e in range(0, 8) for f in (1, 2, 5) if f * 10 ** e < step]
    assert all(span / s > most for s in smaller)


def test_a_missing_value_breaks_the_line():
    spec = ChartSpec(kind=ChartKind.LINE, title="t", subtitle="", categories=("a", "b", "c", "d"),
                     series=(Series("s", (1.0, None, 3.0, 4.0), "s"),))
    lines = [p for p in drawn.paths(_drawing(spec)) if p.strokeWidth == 2]
    assert len(lines) == 1, lines
    # a move to the first point, then a new move (the gap) and one line to the last point
    assert lines[0].operators == [0, 0, 1], lines[0].operators


def test_bar_labels_use_the_data_decimals_rounded_half_up():
    def labels(decimals: int) -> list[str]:
        spec = ChartSpec(kind=ChartKind.BAR, title="t", subtitle="", categories=("a", "b"),
                         series=(Series("s", (35.25, 1234.5), "s"),), decimals=decimals)
        return [t for t in _texts(spec) if re.fullmatch(r"[\d,.]+", t)]

    assert {"35.3", "1,234.5"} <= set(labels(1))  # not 35.2, as rounding to even would give
    assert {"35.25", "1,234.50"} <= set(labels(2))


def test_chart_decimals_come_from_the_value_column():
    report = read_report(ROOTS / "basic")
    specs = {b.spec.title: b.spec for b in _walk(report.sections) if isinstance(b, Chart)}
    assert specs["Shares fall from the oldest format to the newest"].decimals == 1  # the schema says 1
    assert specs["C5+1 has met most often"].decimals == 0


def test_a_long_timeline_labels_every_fifth_year():
    events = (Event(dt.date(1991, 12, 26), "Region", "Independence"),
              Event(dt.date(2015, 11, 1), "United States", "C5+1"),
              Event(dt.date(2024, 3, 30), "China", "Secretariat"))
    spec = ChartSpec(kind=ChartKind.TIMELINE, title="t", subtitle="", events=events)
    years = [int(y) for y in _texts(spec) if re.fullmatch(r"(?:19|20)\d\d", y)]
    assert years and len(years) <= 12
    assert all(y % 5 == 0 for y in years), years


def test_a_line_chart_runs_between_round_values_around_its_data_in_both_outputs(basic):
    """A line chart of values from 48 to 59: the brief's ticks and the deck's axis both run from
    48 to 60 by 2 (PowerPoint, left to itself, started the deck's at zero: 27 gridlines at the
    brief's step); and the basic root's line chart has the same ends and step in both."""
    from builders.charts.axes import line_scale

    spec = ChartSpec(kind=ChartKind.LINE, title="t", subtitle="", categories=tuple("abcd"),
                     series=(Series("s", (59.1, 52.0, 48.2, 50.0), "s"),))
    assert line_scale(spec) == (48.0, 60.0, 2.0)
    ticks = [float(t) for t in _texts(spec) if re.fullmatch(r"\d+(?:\.\d+)?", t)]
    assert min(ticks) == 48 and max(ticks) == 60, ticks
    report = read_report(ROOTS / "basic")
    spec = next(b.spec for b in _walk(report.sections)
                if isinstance(b, Chart) and b.spec.kind is ChartKind.LINE)
    line = next(s.chart for slide in Presentation(basic["pptx"]).slides for s in slide.shapes
                if s.has_chart and s.chart.chart_type == XL_CHART_TYPE.LINE_MARKERS)
    axis = line.value_axis
    assert (axis.minimum_scale, axis.maximum_scale, axis.major_unit) == line_scale(spec)
    ticks = [float(t) for t in _texts(spec) if re.fullmatch(r"\d+(?:\.\d+)?", t)]
    assert (min(ticks), max(ticks)) == line_scale(spec)[:2], ticks


def test_a_long_timeline_ticks_round_years_in_the_deck_too(tmp_path):
    """Events from 1992: the deck's year axis starts at 1990 (PowerPoint ticks from the axis's
    minimum: 1992, 1997 … beside the brief's 1995, 2000 …); the brief's ticks are the same years."""
    from builders.charts.axes import year_span

    assert year_span(1992, 2024) == (1990, 2024) and year_span(2015, 2026) == (2015, 2026)
    events = (Event(dt.date(1992, 3, 1), "Region", "Agreement"),
              Event(dt.date(2023, 9, 15), "Region", "Summit"))
    spec = ChartSpec(kind=ChartKind.TIMELINE, title="t", subtitle="", events=events)
    brief = sorted(int(y) for y in _texts(spec) if re.fullmatch(r"(?:19|20)\d\d", y))
    assert brief[0] == 1990 and all(y % 5 == 0 for y in brief), brief
    folder = tmp_path / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    events = folder / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "1992-03-01,United States,Agreement\n",
                      encoding="utf-8")
    from builders import build

    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    axis = next(s.chart for slide in Presentation(pptx).slides for s in slide.shapes
                if s.has_chart and s.chart.chart_type == XL_CHART_TYPE.XY_SCATTER).category_axis
    assert axis.minimum_scale == 1990 and axis.major_unit == 5, (axis.minimum_scale, axis.major_unit)


def test_deck_timeline_lists_the_fullest_lane_first_and_counts_have_readable_steps(basic):
    deck = Presentation(basic["pptx"])
    charts_found = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    timeline = next(c for c in charts_found if c.chart_type == XL_CHART_TYPE.XY_SCATTER)
    counts = [len(list(series.values)) for series in timeline.plots[0].series]
    assert counts[0] == max(counts), counts  # LibreOffice drops points past the first series' count
    bars = next(c for c in charts_found if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
    assert bars.value_axis.major_unit == 1  # counts up to 9: every whole number
    line = next(c for c in charts_found if c.chart_type == XL_CHART_TYPE.LINE_MARKERS)
    assert line.plots[0].series[0].values[1] is None  # the gap, not a zero


def test_a_grids_column_heads_never_run_into_each_other_in_a_wider_script():
    """The brief's grid breaks each series head to its column as measured in the bold face it
    is set in: the Russian flagship's five heads across the text column («Центральная Азия»
    touched «Европейский союз» when the lines were cut by a count of characters)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from builders.pipeline.build import load
    from builders.read.editions import Edition
    from builders.shared.theme import series_colours

    report, theme = load(ROOT / "reports" / "us-china-central-asia",
                         edition=Edition("report.ru.md", "ru", (), "us-china-central-asia.ru"))
    style = charts.chart_style(theme, series_colours(theme, report.colour_keys()))
    spec = next(b.spec for b in report.all_blocks() if isinstance(b, Chart) and b.spec.kind == ChartKind.GRID)
    names = [s.name for s in spec.series]
    assert "Центральная Азия" in names and "Европейский союз" in names
    drawing = charts.draw(spec, style, 491.3, lambda bold: "Helvetica-Bold" if bold else "Helvetica")
    bold = FontProperties(family=[style.font, *style.fallback], size=style.size, weight="bold")
    width = TextToPath().get_text_width_height_descent
    lines: dict[float, list[tuple[float, float]]] = {}
    for found in drawn.strings(drawing):
        if any(found.text in name for name in names):  # (a head of two lines: each line set alone)
            wide = width(found.text, bold, ismath=False)[0]
            left = found.x - {"start": 0, "middle": wide / 2, "end": wide}[found.anchor]
            lines.setdefault(found.y, []).append((left, left + wide))
    for line in lines.values():  # at least half an em between two heads, as between words
        line.sort()
        assert all(right[0] - left[1] >= style.size / 2 for left, right in zip(line, line[1:])), line
