"""The preflight reads the built outputs as a reader sees them and finds, at its source line,
each thing an editor would send back. Each finding is planted here: in the deck by editing
the built file as a careless hand would (the writer itself no longer makes these), in the brief
by content that makes it (a long box, a short table of long cells, a tall picture)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.util import Pt

from builders import build
from builders.cli import main
from builders.pipeline.build import load
from builders.preflight import brief_findings, deck_findings, inspect
from builders.read.editions import Edition

from conftest import FLAGSHIP, ROOTS

DECK_REPORT = """---
title: Planted slides
date: 2024-05-01
---

# Partners set the agenda in the region

- Partners convene the five states every year
- Partners choose the topics of each meeting
- Partners fund the secretariats of the formats

# The region answers with its own meetings

- The five meet in their own consultative format
- The five name national coordinators for it
- The five publish a common statement each year
"""
FIRST, SECOND = 6, 12  # the lines of the two headings


def _write(folder: Path, source: str, resources: dict[str, str] | None = None) -> Path:
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "label", "type": "string"}, {"name": "text", "type": "string"}]
    entries = [{"name": name, "path": f"{name}.csv", "title": name, "sources": [{"title": "Test"}],
                "schema": {"fields": fields}} for name in (resources or {"r": ""})]
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": entries}))
    for name, csv in (resources or {"r": "label,text\nx,y\n"}).items():
        (folder / "data" / f"{name}.csv").write_text(csv, encoding="utf-8")
    (folder / "report.md").write_text(source, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def planted_deck(tmp_path_factory):
    folder = _write(tmp_path_factory.mktemp("preflight") / "slides", DECK_REPORT)
    (pptx,) = build(folder, ("pptx",), folder.parent / "out")
    report, theme = load(folder)
    return folder, pptx, report, theme


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _row_slides(deck):
    return [s for s in deck.slides if any(sh.name == "Row 1" for sh in s.shapes)]


def _shrink(deck):
    _shape(_row_slides(deck)[0], "Row 1").height = Pt(12)


def _off_slide(deck):
    _shape(_row_slides(deck)[0], "Row 2").left = -Pt(200)


def _overlap(deck):
    slide = _row_slides(deck)[0]
    _shape(slide, "Row 2").top = _shape(slide, "Row 1").top


def _long_word(deck):
    _shape(_row_slides(deck)[0], "Row 3").text_frame.paragraphs[0].runs[0].text = "Supercalifragilistic" * 6


def _empty(deck):
    slide = _row_slides(deck)[0]
    for name in ("Row 2", "Row 3", "Row 2 bar", "Row 3 bar"):
        element = _shape(slide, name)._element
        element.getparent().remove(element)
    _shape(slide, "Row 1").height = Pt(60)
    _shape(slide, "Row 1 bar").height = Pt(60)


def _small(deck):
    _shape(_row_slides(deck)[0], "Row 1").text_frame.paragraphs[0].runs[0].font.size = Pt(10)


def _ellipsis(deck):
    _shape(_row_slides(deck)[0],
           "Row 1").text_frame.paragraphs[0].runs[0].text = "Partners convene the five \u2026"


def _repeat(deck):
    first, second = _row_slides(deck)[:2]
    for n in (1, 2, 3):
        _shape(second, f"Row {n}").text_frame.paragraphs[0].runs[0].text = \
            _shape(first, f"Row {n}").text_frame.text


PLANTS = [
    ("text-out-of-shape", _shrink, FIRST, "out of its shape"),
    ("shape-off-slide", _off_slide, FIRST, "runs off the slide"),
    ("overlapping-texts", _overlap, FIRST, "overlap"),
    ("word-broken", _long_word, FIRST, "breaks inside"),
    ("slide-under-40", _empty, FIRST, "of the content area"),
    ("run-under-floor", _small, FIRST, "under the type scale's floor"),
    ("added-ellipsis", _ellipsis, FIRST, "cut short with an ellipsis"),
    ("repeated-items", _repeat, SECOND, "repeats 3 items of slide"),
]


def test_the_planted_deck_itself_has_no_findings(planted_deck):
    _, pptx, report, theme = planted_deck
    assert deck_findings(report, theme, pptx) == []


@pytest.mark.parametrize("name, plant, line, words", PLANTS, ids=[p[0] for p in PLANTS])
def test_each_planted_deck_fault_is_found_at_its_line(planted_deck, tmp_path, name, plant, line, words):
    _, pptx, report, theme = planted_deck
    copy = tmp_path / pptx.name
    shutil.copy(pptx, copy)
    deck = Presentation(str(copy))
    plant(deck)
    deck.save(str(copy))
    found = deck_findings(report, theme, copy)
    assert any(words in message and where.line == line for where, message in found), found


LONG_CELL = " ".join(["The cell runs on and on with words that wrap over many lines of the table."] * 40)
BRIEF_REPORT = f"""---
title: Planted pages
date: 2024-05-01
---

# A box too long for a third of a page

Opening paragraph of the first section.

:::{{callout}} A long box
{chr(10).join(f"- Item {i}: " + "A long item that goes on to fill the box well past a third of the page. " * 3
               for i in range(1, 14))}
:::

# A short table of long cells

:::{{table}} cells
:caption: Three rows of long cells
:::

# A tall picture

A short paragraph before the picture.

![A tall picture](tall.png "A tall picture")

Text after the picture.
"""


@pytest.fixture(scope="module")
def planted_brief(tmp_path_factory):
    csv = "label,text\n" + "".join(f'row {i},"{LONG_CELL}"\n' for i in range(1, 4))
    folder = _write(tmp_path_factory.mktemp("preflight") / "pages", BRIEF_REPORT, {"cells": csv})
    Image.new("RGB", (400, 900), (20, 54, 93)).save(folder / "tall.png")
    (pdf,) = build(folder, ("pdf",), folder.parent / "out")
    report, theme = load(folder)
    lines = BRIEF_REPORT.split("\n")
    return brief_findings(report, theme, pdf), lines, folder


def _line_of(lines: list[str], start: str) -> int:
    return next(n for n, text in enumerate(lines, 1) if text.startswith(start))


def test_a_split_box_is_found_at_its_line(planted_brief):
    found, lines, _ = planted_brief
    line = _line_of(lines, ":::{callout} A long box")
    assert any("is split across pages" in m and "A long box" in m and w.line == line for w, m in found), found


def test_a_split_short_table_is_found_at_its_line(planted_brief):
    found, lines, _ = planted_brief
    line = _line_of(lines, ":::{table} cells")
    assert any("has 3 rows and is split" in m and w.line == line for w, m in found), found


def test_an_underfilled_page_is_found_at_the_section_after_it(planted_brief):
    found, lines, _ = planted_brief
    assert any("full (at least 60% before a break)" in m for w, m in found), found
    headings = {_line_of(lines, f"# {t}") for t in ("A box too", "A short table", "A tall picture")}
    assert all(w.line in headings for w, m in found if "full (at least" in m), found


def test_the_flagship_in_both_languages_has_no_finding(flagship, flagship_ru):
    for built, source in ((flagship, "report.md"), (flagship_ru, "report.ru.md")):
        report, theme = load(FLAGSHIP, edition=Edition(source, "ru" if "ru" in source else ""))
        assert inspect(report, theme, {"pdf": built["pdf"], "pptx": built["pptx"]}) == [], source


@pytest.mark.parametrize("report", [ROOTS / "basic", ROOTS / "editions", ROOTS / "scripts"],
                         ids=lambda p: p.name)
def test_every_test_root_builds_strict_with_no_finding(report, tmp_path):
    result = CliRunner().invoke(main, ["build", str(report), "--out", str(tmp_path), "--strict", "--jobs",
                                       "1"])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output


def test_build_strict_fails_on_a_finding_at_its_line(planted_brief, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(planted_brief[2], folder)
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--strict",
                                       "--format", "pdf"])
    assert result.exit_code == 2, result.output
    line = _line_of(planted_brief[1], ":::{callout} A long box")
    assert f"report.md:{line}:1: error: the box 'A long box' is split across pages" in result.output, (
        result.output
    )


# --------------------------------------------------------------------------- a crowded timeline

EVENTS = {
    "en": ["Summit opens in Astana", "Law on foreign agents", "Offensive in Karabakh", "Gas pipeline agreed",
           "Railway line opened", "Forum of business leaders", "Border treaty signed", "Water accord reached",
           "Trade office opened", "Election observers sent"],
    "ru": ["Саммит в Астане", "Закон об иноагентах", "Наступление в Карабахе", "Соглашение о газопроводе",
           "Открыта железная дорога", "Форум деловых кругов", "Подписан пограничный договор",
           "Водное соглашение", "Открыто торговое представительство", "Направлены наблюдатели"],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_30_event_timeline_draws_no_label_over_another(tmp_path, language):
    """In the brief's figure and in LibreOffice's rendering of the deck, no two words of the
    timeline's labels meet; the deck's measured label boxes do not either."""
    import datetime

    import pdfplumber

    from builders.preflight import _overlapping_words
    from builders.slides import prepare
    from builders.slides.slide import ChartPlan
    from builders.slides.timeline import fitted, outside_lanes, overlaps

    from conftest import libreoffice_pdf

    rows = "".join(f'{datetime.date(2015, 1, 15) + datetime.timedelta(days=95 * i)},'
                   f'{("United States", "China", "Central Asia")[i % 3]},"{EVENTS[language][i % 10]} {i}"\n'
                   for i in range(30))
    source = (f"---\ntitle: Timeline\ndate: 2024-05-01\nlanguage: {language}\n---\n\n# Thirty events\n\n"
              "Many things happened.\n\n:::{chart} events\n:type: timeline\n:x: date\n:series: actor\n"
              ":text: label\n:title: Thirty events over eight years\n:::\n")
    folder = tmp_path / "timeline"
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "date", "type": "date"}, {"name": "actor", "type": "string"},
              {"name": "label", "type": "string"}]
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [
        {"name": "events", "path": "events.csv", "title": "Events", "sources": [{"title": "Test"}],
         "schema": {"fields": fields}}]}))
    (folder / "data" / "events.csv").write_text("date,actor,label\n" + rows, encoding="utf-8")
    (folder / "report.md").write_text(source, encoding="utf-8")
    pdf, pptx = build(folder, ("pdf", "pptx"), tmp_path / "out")
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = page.extract_words()
        assert _overlapping_words(words) == []
        # no line of the figure (a gridline, a stem, a lane's rule) runs through a label
        assert sum(w["text"] in {str(i) for i in range(30)} for w in words) >= 30  # (and "Figure 1")
        assert [(w["text"], line["x0"]) for line in page.lines for w in words if _crosses(line, w)] == []
    report, theme = load(folder)
    prepared = prepare(report, theme)
    plan = next(p for p in prepared.plans if isinstance(p, ChartPlan))
    layout = fitted(plan.chart, prepared.layouts.geometry.body, prepared.measurer,
                    theme.deck.chart_font_size.pt,
                    theme.deck.chart_min_size.pt)
    # no label meets another or another's marker; each is on its own lane's band
    assert overlaps(layout) == [] and outside_lanes(layout) == [] and layout.size >= 14
    deck = Presentation(str(pptx))
    chart = next(s for s in deck.slides[1].shapes if s.has_chart).chart
    assert not chart.category_axis.has_major_gridlines and not chart.value_axis.has_major_gridlines
    rendered = libreoffice_pdf(pptx, tmp_path / "render")
    with pdfplumber.open(rendered) as document:
        page = document.pages[1]
        words = page.extract_words()
        assert sum(w["text"] in {str(i) for i in range(30)} for w in words) >= 25  # the labels are drawn
        assert _overlapping_words(words) == []
        assert [(w["text"], line["x0"]) for line in page.lines for w in words if _crosses(line, w)] == []


def _crosses(line: dict, word: dict) -> bool:
    """Whether a drawn line passes through a word's box (touching its edge, within the point of
    air a word's box has above its capitals, is not crossing: an axis tick over a year)."""
    return line["x0"] < word["x1"] - 1 and word["x0"] + 1 < line["x1"] and \
        line["top"] < word["bottom"] - 1 and word["top"] + 1 < line["bottom"]


def test_a_paragraph_under_the_floor_is_one_finding_and_a_snug_slide_number_none(planted_deck, tmp_path):
    """A date set in several runs under the floor had a finding for each run ('14', '·', 'г.' …),
    and a slide number a few points taller than the template's box one on every slide, which
    buried the findings that matter."""
    _, pptx, report, theme = planted_deck
    copy = tmp_path / pptx.name
    shutil.copy(pptx, copy)
    deck = Presentation(str(copy))
    paragraph = _shape(_row_slides(deck)[0], "Row 1").text_frame.paragraphs[0]
    text = paragraph.runs[0].text
    paragraph.runs[0].text = text[:5]
    for piece in (text[5:10], text[10:]):
        run = paragraph.add_run()
        run.text = piece
    for run in paragraph.runs:
        run.font.size = Pt(10)
    numbers = [sh for slide in deck.slides for sh in slide.shapes if sh.name.startswith("Slide Number")]
    assert numbers
    for shape in numbers:
        shape.height = Pt(26)  # the 12 pt number, its line and insets overrun it by a few points
    deck.save(str(copy))
    found = [message for _, message in deck_findings(report, theme, copy)]
    assert len([m for m in found if "under the type scale's floor" in m]) == 1, found
    assert not [m for m in found if "Slide Number" in m], found
