"""``:highlight:`` looks alike in the brief and the deck: a series the highlight passes over is
faded in both (the deck's markers as LibreOffice draws them), and a horizontal bar chart keeps its
value axis below the bars."""

from __future__ import annotations

import shutil

import pdfplumber
from click.testing import CliRunner
from pptx import Presentation

from builders.cli import main

from conftest import ROOTS

SNIPPET = (":::{chart} formats\n:type: dot\n:x: format\n:y: meetings\n:series: actor\n:highlight: China\n"
           ":title: Dot highlighted\n:::\n\n"
           ":::{chart} formats\n:type: barh\n:x: format\n:y: meetings\n:highlight: Secretariat\n"
           ":title: Bars highlighted\n:::\n")


def _rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour.lstrip("#")[i:i + 2], 16) / 255, 2) for i in (0, 2, 4))


def test_a_series_highlight_fades_the_other_series_in_both_outputs(tmp_path, monkeypatch):
    from builders.pipeline.build import load
    from builders.shared.theme import series_colours

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports" / "case"
    shutil.copytree(ROOTS / "basic", folder)
    report = folder / "report.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n" + SNIPPET, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 0, result.output
    model, theme = load(folder)
    colours = series_colours(theme, model.colour_keys())
    us, china = colours["United States"], colours["China"]

    deck = Presentation(str(tmp_path / "out" / "case.pptx"))
    charts = {slide.shapes.title.text: s.chart for slide in deck.slides if slide.shapes.title is not None
              for s in slide.shapes if s.has_chart}
    dot = charts["Dot highlighted"].plots[0]
    fills = {series.name: str(series.marker.format.fill.fore_color.rgb) for series in dot.series}
    assert fills == {"United States": us.faded().hex.lstrip("#").upper(),
                     "China": china.hex.lstrip("#").upper()}
    # the bar chart's value axis crosses the reversed category axis at its end: below the bars
    bars = charts["Bars highlighted"]
    crosses = bars.value_axis._element.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}crosses")
    assert crosses.get("val") == "max"

    with pdfplumber.open(tmp_path / "out" / "case.pdf") as pdf:
        page = next(p for p in pdf.pages if "Dot highlighted" in (p.extract_text() or ""))
        fills_pdf = [tuple(round(v, 2) for v in c["non_stroking_color"] or ()) for c in page.curves]
    # the two U.S. dots faded in the brief too (the legend keeps the series' own colour)
    assert fills_pdf.count(_rgb(us.faded().hex)) >= 2, fills_pdf
