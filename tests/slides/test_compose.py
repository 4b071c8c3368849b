"""The deck composed as an editor would (slides/compose.py, and the table's measure): on the
flagship in both languages, read back with python-pptx and LibreOffice's rendering, and on a
small planted report for each rule.

- A table is measured as it is drawn: every word in its cell, no row taller than its text by
  more than its padding; one slide when it fits at 14 pt, else balanced pieces at the largest
  size they allow, each from the top of the content area.
- A process strip whose steps are all events of a timeline in the deck is folded into the
  timeline's notes; a bullet slide restating a section's recommendations into the cards'."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from builders import build
from builders.slides.slide import CELL_Y

from conftest import libreoffice_pdf

EMU = 12700
TOLERANCE = 1.5
FLAGSHIP_TABLE = {"en": "China builds from the top", "ru": "Китай — сверху и через торговлю"}
STEPS = {"en": ("2015", "May 2023", "19 September 2023", "March 2024"),
         "ru": ("2015", "Май 2023", "19 сентября 2023", "Март 2024")}
TIMELINE = {"en": "Both powers followed their 2023 summits", "ru": "За год после саммитов 2023 года"}
BULLETS = {"en": ("Learn from ASEAN", "Open the Consultative Meetings",
                  "Give the Council of National Coordinators",
                  "Adopt the B5+1"),
           "ru": ("Учиться у АСЕАН", "Открыть Консультативные встречи",
                  "Дать Совету национальных координаторов",
                  "Сделать региональную повестку B5+1")}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _title(slide) -> str:
    """The slide's title, its no-break spaces plain ones."""
    return " ".join(slide.shapes.title.text_frame.text.split()) if slide.shapes.title is not None else ""


def _notes(slide) -> str:
    """The slide's notes, their no-break spaces plain ones."""
    text = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
    return re.sub(r"[\xa0\u202f]", " ", text)


def table_as_drawn(pptx: Path, pdf: Path, number: int) -> dict:
    """A table slide as LibreOffice drew it: the table's cell edges (from its columns' widths and
    rows' heights), the words drawn inside its frame by row and column, the characters of the
    table's text and the top of the text under the table (its source line)."""
    slide = Presentation(pptx).slides[number - 1]
    shape = next(s for s in slide.shapes if s.has_table)
    xs, ys = [shape.left / EMU], [shape.top / EMU]
    for column in shape.table.columns:
        xs.append(xs[-1] + column.width / EMU)
    for row in shape.table.rows:
        ys.append(ys[-1] + row.height / EMU)
    below = [s.top / EMU for s in slide.shapes if s.has_text_frame and s.top / EMU > ys[0]
             and s.text_frame.text.startswith(("Source", "Источник"))]
    with pdfplumber.open(pdf) as document:
        words = document.pages[number - 1].extract_words()
    cells: dict[tuple[int, int], list[dict]] = {}
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            c = max(i for i in range(len(xs) - 1) if xs[i] <= cx)
            r = max(i for i in range(len(ys) - 1) if ys[i] <= cy)
            cells.setdefault((r, c), []).append(w)
    texts = [[c.text for c in row.cells] for row in shape.table.rows]
    sizes = {run.font.size.pt for row in shape.table.rows for c in row.cells
             for p in c.text_frame.paragraphs for run in p.runs if run.text.strip()}
    return dict(xs=xs, ys=ys, cells=cells, texts=texts, sizes=sizes, source_top=min(below, default=None),
                drawn=sum(len(_norm(w["text"])) for ws in cells.values() for w in ws),
                chars=len(_norm(" ".join(t for row in texts for t in row))))


def table_faults(pptx: Path, pdf: Path, number: int, content_top: float, split: bool) -> list[str]:
    """What a reader would see wrong with a table slide as drawn (an empty list: nothing); a
    ``split`` table's piece starts at the top of the content area, a whole table is centred
    between it and the source line."""
    t = table_as_drawn(pptx, pdf, number)
    xs, ys, faults = t["xs"], t["ys"], []
    if t["drawn"] != t["chars"]:
        faults.append(f"{t['chars']} characters in the table, {t['drawn']} drawn inside its frame")
    for (r, c), words in t["cells"].items():
        for w in words:
            if w["x0"] < xs[c] - TOLERANCE or w["x1"] > xs[c + 1] + TOLERANCE or \
                    w["top"] < ys[r] - TOLERANCE or w["bottom"] > ys[r + 1] + TOLERANCE:
                faults.append(f"{w['text']!r} runs out of cell ({r}, {c})")
            if _norm(w["text"]) not in _norm(t["texts"][r][c]):
                faults.append(f"{w['text']!r} is drawn in cell ({r}, {c}), which does not hold it")
    size = min(t["sizes"])
    for r in range(len(ys) - 1):
        words = [w for (rr, _), ws in t["cells"].items() if rr == r for w in ws]
        gap = ys[r + 1] - max(w["bottom"] for w in words)
        if gap > CELL_Y + 0.4 * size:  # a line's leading under the last line, and the padding
            faults.append(f"row {r} is {gap:.1f} pt taller than its text")
    if split and abs(ys[0] - content_top) > 0.5:
        faults.append(f"the table starts at {ys[0]:.1f} pt, the content area at {content_top:.1f} pt")
    if (
        not split
        and t["source_top"] is not None
        and abs((ys[0] - content_top) - (t["source_top"] - ys[-1])) > 1
    ):
        faults.append("the table is not in the middle of the content area")
    if t["source_top"] is not None and ys[-1] > t["source_top"] + 0.5:
        faults.append("the table runs into its source line")
    return faults


_CONTENT_TOP = 126.0  # the default template's content area (checked below against the plan)


@pytest.fixture(scope="module")
def flagship_ru_render(flagship_ru, tmp_path_factory) -> Path:
    return libreoffice_pdf(flagship_ru["pptx"], tmp_path_factory.mktemp("flagship-ru-render"))


def _decks(flagship, flagship_ru, flagship_render, flagship_ru_render):
    return {"en": (flagship["pptx"], flagship_render), "ru": (flagship_ru["pptx"], flagship_ru_render)}


def test_the_default_template_s_content_area_starts_where_the_tests_look():
    from builders.pipeline.build import load
    from builders.slides import prepare

    from conftest import FLAGSHIP

    report, theme = load(FLAGSHIP)
    assert prepare(report, theme).layouts.geometry.body.y == pytest.approx(_CONTENT_TOP)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_flagship_comparison_table_is_drawn_as_measured(language, flagship, flagship_ru, flagship_render,
                                                             flagship_ru_render):
    """Table 2 (7 rows): in English on one slide at 14 pt; in Russian, which cannot fit one at
    14 pt, over two balanced slides at one larger size; each slide's rows drawn as measured
    (every word in its cell, no row taller than its text), from the top of the content area,
    above the source line, and filling most of the content area."""
    pptx, pdf = _decks(flagship, flagship_ru, flagship_render, flagship_ru_render)[language]
    deck = Presentation(pptx)
    numbers = [n for n, s in enumerate(deck.slides, 1) if _title(s).startswith(FLAGSHIP_TABLE[language])]
    tables = [table_as_drawn(pptx, pdf, n) for n in numbers]
    rows = [len(t["texts"]) - 1 for t in tables]
    assert sum(rows) == 7
    if language == "en":
        assert rows == [7] and tables[0]["sizes"] == {14.0}
    else:
        assert rows == [4, 3] and len({s for t in tables for s in t["sizes"]}) == 1
        assert min(tables[0]["sizes"]) > 14
    for n, t in zip(numbers, tables):
        assert table_faults(pptx, pdf, n, _CONTENT_TOP, split=len(numbers) > 1) == []
        room = t["source_top"] - _CONTENT_TOP
        assert (t["ys"][-1] - t["ys"][0]) / room >= 0.8, (
            f"slide {n} fills {(t['ys'][-1] - t['ys'][0]) / room:.0%}"
        )


def test_the_table_check_finds_the_rows_the_deck_drew_too_tall_before(tmp_path, flagship, flagship_render):
    """The fault planted once: a row's height doubled in the built deck is found."""
    pptx = flagship["pptx"]
    deck = Presentation(pptx)
    number = next(n for n, s in enumerate(deck.slides, 1) if _title(s).startswith(FLAGSHIP_TABLE["en"]))
    assert table_faults(pptx, flagship_render, number, _CONTENT_TOP, split=False) == []
    shape = next(s for s in deck.slides[number - 1].shapes if s.has_table)
    row = shape.table.rows[4]
    row.height = row.height + 17 * EMU
    planted = tmp_path / "planted.pptx"
    deck.save(planted)
    found = table_faults(planted, libreoffice_pdf(planted, tmp_path), number, _CONTENT_TOP, split=False)
    assert any("row 4 is" in f for f in found), found


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_flagship_shows_its_dated_steps_once_on_the_timeline(language, flagship, flagship_ru):
    """The process strip repeated the timeline's events: gone, its title and steps in the
    timeline slide's notes; the timeline is still in the deck."""
    deck = Presentation((flagship if language == "en" else flagship_ru)["pptx"])
    shown = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert not any(sh.name.startswith("Step") for s in deck.slides for sh in s.shapes)
    assert not any(t.startswith(STEPS[language][1]) for t in shown)
    (timeline,) = [s for s in deck.slides if _title(s).startswith(TIMELINE[language])]
    notes = _notes(timeline)
    assert all(f"- {step}: " in notes for step in STEPS[language])
    title = (
        "Outside powers, not the region" if language == "en" else "Форматы сотрудничества Центральной Азии"
    )
    assert title in notes


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_flagship_shows_its_recommendations_once(language, flagship, flagship_ru):
    """The bullet slide restating the recommendations is folded into the cards: one slide, under
    its action title, the bullets and the writer's note in its notes; no bullet on any slide."""
    deck = Presentation((flagship if language == "en" else flagship_ru)["pptx"])
    title = "The five can reclaim" if language == "en" else "Пятёрка может вернуть инициативу"
    cards = [s for s in deck.slides if _title(s).startswith(title)]
    assert len(cards) == 1
    assert sum(sh.name.startswith("Card") and sh.name.endswith("number") for sh in cards[0].shapes) == 3
    assert not any(_title(s) in ("Recommendations", "Рекомендации") for s in deck.slides)
    notes = _notes(cards[0])
    assert all(f"- {b}" in notes for b in BULLETS[language])
    assert ("Following ASEAN" if language == "en" else "По примеру АСЕАН") in notes
    for slide in deck.slides:
        text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert not any(b in text for b in BULLETS[language])


# --------------------------------------------------------------------------- planted reports

EVENTS = (
    "date,actor,label\n2015-07-01,United States,Platform launched\n2023-05-19,China,Declaration adopted\n"
    "2023-09-19,United States,Summit in New York\n2024-03-30,China,Secretariat opens\n"
)
ROWS = "name,note\n" + "".join(
    f'Row {i},"A short note on row {i} that takes a line or two of the cell at most"\n' for i in range(1, 17)
)
PLANTED = """---
title: Planted composition
date: 2024-05-01
---

# The record

:::{slide} The same four events, once as steps
:layout: process
- 2015: The platform is launched
- May 2023: The declaration is adopted
- 19 September 2023: The summit meets in New York
- March 2024: The secretariat opens
:::

:::{slide} Steps that are not all events stay
:layout: process
- 2015: The platform is launched
- 2019: Protests about an unrelated matter
- March 2024: The secretariat opens
:::

The record in one chart.

:::{chart} events
:type: timeline
:x: date
:series: actor
:text: label
:title: Four events over nine years
:::

# The partners should be invited in

The five can host their partners.

:::{slide} The five can invite partners into their own format
:notes: A note the writer gave the bullets.
- Invite the partners into the region's consultative meetings
- Give the national coordinators council visible work
:::

:::{recommendations}
1. **Leaders should invite partners into the consultative meetings.** Offer them cooperation there.
2. **Governments should put the national coordinators council to work.** Publish its plan.
:::

# Other bullets stay

:::{slide} Bullets about something else stay on their slide
- Rainfall was unusually low in the spring
- Harvests fell across the southern provinces
:::

:::{recommendations} What to do
1. **Leaders should invite partners into the consultative meetings.** Offer them cooperation there.
2. **Governments should put the national coordinators council to work.** Publish its plan.
:::

# A long table

:::{table} rows
:caption: Sixteen rows go on over two slides, set as large as their halves allow
:::
"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compose") / "planted"
    (folder / "data").mkdir(parents=True)
    resources = [
        {"name": "events", "path": "events.csv", "title": "Events", "sources": [{"title": "Test"}],
         "schema": {"fields": [{"name": "date", "type": "date"}, {"name": "actor", "type": "string"},
                               {"name": "label", "type": "string"}]}},
        {"name": "rows", "path": "rows.csv", "title": "Rows", "sources": [{"title": "Test"}],
         "schema": {"fields": [{"name": "name", "type": "string", "title": "Name"},
                               {"name": "note", "type": "string", "title": "Note"}]}}]
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": resources}))
    (folder / "data" / "events.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "data" / "rows.csv").write_text(ROWS, encoding="utf-8")
    (folder / "report.md").write_text(PLANTED, encoding="utf-8")
    (pptx,) = build(folder, ("pptx",), folder.parent / "out")
    return pptx


def test_a_process_strip_of_timeline_events_is_folded_into_the_timeline(planted):
    deck = Presentation(planted)
    titles = [_title(s) for s in deck.slides]
    assert "The same four events, once as steps" not in titles
    assert "Steps that are not all events stay" in titles  # one step is no event of the timeline
    (timeline,) = [s for s in deck.slides if _title(s) == "Four events over nine years"]
    notes = _notes(timeline)
    assert "The same four events, once as steps\n- 2015: The platform is launched" in notes
    assert "- 19 September 2023: The summit meets in New York" in notes


def test_a_bullet_slide_restating_its_section_s_recommendations_is_folded_into_the_cards(planted):
    deck = Presentation(planted)
    titles = [_title(s) for s in deck.slides]
    # the cards under the bullets' action title (theirs was the default); the bullets in the notes
    assert "The five can invite partners into their own format" in titles
    assert "Recommendations" not in titles
    (cards,) = [s for s in deck.slides if _title(s) == "The five can invite partners into their own format"]
    assert sum(sh.name.startswith("Card") and sh.name.endswith("number") for sh in cards.shapes) == 2
    notes = _notes(cards)
    assert "- Invite the partners into the region's consultative meetings" in notes.replace("\u2019", "'")
    assert "A note the writer gave the bullets." in notes and "The five can host their partners." in notes
    # bullets that say something else, and recommendations with a title of their own, both stay
    assert "Bullets about something else stay on their slide" in titles and "What to do" in titles


def test_a_table_that_must_split_is_balanced_and_set_larger_than_the_minimum(planted, tmp_path):
    deck = Presentation(planted)
    numbers = [n for n, s in enumerate(deck.slides, 1) if _title(s).startswith("Sixteen rows")]
    rendered = libreoffice_pdf(planted, tmp_path)
    tables = [table_as_drawn(planted, rendered, n) for n in numbers]
    assert [len(t["texts"]) - 1 for t in tables] == [8, 8]
    assert len({s for t in tables for s in t["sizes"]}) == 1 and min(tables[0]["sizes"]) > 14
    for n in numbers:
        assert table_faults(planted, rendered, n, _CONTENT_TOP, split=True) == []
