"""A report nobody here wrote, in Russian: a wide table of grouped numbers, an inline reference
to it, and a long block quote whose last line names its speaker, in a section that also has
the table. What its deck got wrong before, read back with python-pptx and LibreOffice:

- one-line rows drawn two lines tall (a cell that all but fills its column measured a line
  taller than it is drawn): the columns with room to spare now give it to that column;
- the quote went to the speaker notes only: a block quote that names its speaker is a quote
  slide wherever it stands;
- "данные в табл. 1" became "данные в этот слайд" (a noun in the wrong case): an inline
  reference keeps its words, and the slide follows in brackets."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from test_compose import _CONTENT_TOP, _notes, _title, table_as_drawn, table_faults

from builders import build

from conftest import libreoffice_pdf

FLOWS = (
    "basin,y2021,y2022,y2023,share\n"
    "Амударья (верхнее течение до Термеза),61195,58210,54320,42.5\n"
    "Сырдарья от Токтогульского водохранилища до Шардары,37140,35990,33875,27.1\n"
    '"Зеравшан, Кашкадарья и малые притоки",5210,4985,4730,3.9\n'
    "Чу и Талас,7350,7012,6890,5.6\n"
)
FIELDS = [{"name": "basin", "title": "Бассейн и участок реки с длинным названием"},
          {"name": "y2021", "type": "integer", "title": "2021, млн м³"},
          {"name": "y2022", "type": "integer", "title": "2022, млн м³"},
          {"name": "y2023", "type": "integer", "title": "2023, млн м³"},
          {"name": "share", "type": "number", "title": "Доля, %", "decimals": 1}]
REPORT = """---
title: Вода Центральной Азии — общий ресурс без общих правил
language: ru
date: 2026-12-01
---

# Сток рек падает третий год подряд

Сток Амударьи в 2023 году составил 54 320 млн м³. Данные в [табл. 1](#tbl-flows) показывают ту же
картину на всех реках.

:::{table} flows
:name: tbl-flows
:caption: Сток сократился во всех бассейнах региона
:::

> Вода — это не только ресурс, но и вопрос доверия между соседями: пока государства региона не
> договорятся об обмене данными о стоке, любые квоты останутся на бумаге, где & и <b>теги</b>
> должны остаться текстом.
> — Эксперт по водным ресурсам, 2024

# Что делать

Об этом говорит и [табл. 1](#tbl-flows): сток падает везде.

1. Обновить соглашение 1992 года.
2. Создать общий центр данных о стоке.
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new-content") / "voda"
    (folder / "data").mkdir(parents=True)
    source = {"title": "Международный фонд спасения Арала, 2024"}
    package = {"name": "voda", "resources": [{"name": "flows", "path": "flows.csv", "title": "Сток",
                                              "sources": [source], "schema": {"fields": FIELDS}}]}
    (folder / "data" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (folder / "data" / "flows.csv").write_text(FLOWS, encoding="utf-8")
    (folder / "report.md").write_text(REPORT, encoding="utf-8")
    (pptx,) = build(folder, ("pptx",), folder.parent / "out")
    return pptx, libreoffice_pdf(pptx, folder.parent / "render")


def _number(pptx, start: str) -> int:
    return next(n for n, s in enumerate(Presentation(pptx).slides, 1) if _title(s).startswith(start))


def test_no_row_of_the_table_is_drawn_taller_than_its_text(deck):
    pptx, pdf = deck
    number = _number(pptx, "Сток сократился")
    assert table_faults(pptx, pdf, number, _CONTENT_TOP, split=False) == []
    drawn = table_as_drawn(pptx, pdf, number)
    heights = [b - a for a, b in zip(drawn["ys"][1:], drawn["ys"][2:])]
    assert max(heights) - min(heights) < 0.5, heights  # every row one line: all alike


def test_a_block_quote_that_names_its_speaker_is_a_quote_slide(deck):
    pptx, _ = deck
    slides = list(Presentation(pptx).slides)
    quote = [s for s in slides if any(sh.name == "Quotation" for sh in s.shapes)]
    assert len(quote) == 1
    text = re.sub(r"[\xa0\u202f]", " ", " ".join(sh.text_frame.text for sh in quote[0].shapes
                                                  if sh.has_text_frame))
    assert "вопрос доверия" in text and "Эксперт по водным ресурсам, 2024" in text
    assert "& и <b>теги</b>" in text  # markup stays text
    table = slides[_number(pptx, "Сток сократился") - 1]
    assert "вопрос доверия" not in _notes(table)


def test_an_inline_reference_keeps_its_words_and_names_the_slide(deck):
    pptx, _ = deck
    slides = list(Presentation(pptx).slides)
    number = _number(pptx, "Сток сократился")
    notes = [_notes(s) for s in slides]
    assert "Данные в табл. 1 (на этом слайде) показывают" in notes[number - 1]
    later = _number(pptx, "Что делать")
    assert f"Об этом говорит и табл. 1 (слайд {number}): сток" in notes[later - 1]
    assert not any(re.search(r"\bв этот слайд|\bэтот слайд", n) for n in notes)


def _lines(text: str, bold: bool, width: float) -> int:
    """A stand-in measure: 6 pt a character (7 in bold), greedy word wrap, long words broken."""
    per = 7.0 if bold else 6.0
    lines, used = 1, 0.0
    for word in text.split():
        w = len(word) * per
        if used and used + per + w <= width:
            used += per + w
            continue
        lines += 1 if used else 0
        while w > width:
            w -= width
            lines += 1
        used = w
    return lines


@given(st.lists(st.lists(st.text("ab ", min_size=1, max_size=40), min_size=3, max_size=3), min_size=1,
                max_size=8),
       st.lists(st.floats(40, 200), min_size=3, max_size=3))
@settings(max_examples=200, deadline=None)
def test_balancing_never_makes_a_table_taller_nor_a_column_narrower_than_its_minimum(rows, widths):
    from builders.slides.balance import _counts, _height, balanced

    header = ["h1", "h2", "h3"]
    minimum = [min(w, 30.0) for w in widths]
    columns = [[(header[j], True), *((r[j], False) for r in rows)] for j in range(3)]
    moved = balanced(widths, minimum, header, rows, _lines)
    assert sum(moved) == pytest.approx(sum(widths))
    assert all(m >= low - 1e-6 for m, low in zip(moved, minimum))
    assert _height(_counts(columns, moved, _lines)) <= _height(_counts(columns, list(widths), _lines))


GERMAN = """---
title: Zentralasien zwischen Brüssel und Peking
language: de
date: 2026-12-01
---

# Die Region will nicht wählen

> „Die Staaten der Region wollen mit allen zusammenarbeiten, die ihnen Straßen und Märkte anbieten,
> und selbst bestimmen, zu welchen Bedingungen das geschieht.“
> — Ein Diplomat aus der Region, 2024

:::{quote}
:attribution: Eine Ministerin
Die Region legt ihre Tagesordnung selbst fest.
:::
"""


@pytest.mark.parametrize("language, opening, closing",
                         [("de", "\u201e", "\u201c"), ("ru", "\u00ab", "\u00bb"), ("en", "\u201c", "\u201d")])
def test_a_quote_slide_quotes_in_the_languages_marks_and_never_twice(tmp_path, language, opening, closing):
    """A German deck's quotation in „ “, not English marks; a passage the source quotes in marks
    of its own gets no second pair around them (“„Die Staaten … geschieht.“” before)."""
    folder = tmp_path / "zitat"
    folder.mkdir()
    source = GERMAN.replace("language: de", f"language: {language}")
    (folder / "report.md").write_text(source, encoding="utf-8")
    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    quotes = [re.sub(r"[\xa0\u202f]", " ", sh.text_frame.text) for s in Presentation(pptx).slides
              for sh in s.shapes if sh.name == "Quotation"]
    assert len(quotes) == 2, quotes
    own, pull = quotes
    assert own.startswith("\u201eDie Staaten") and own.endswith("geschieht.\u201c"), own
    assert pull == f"{opening}Die Region legt ihre Tagesordnung selbst fest.{closing}", pull
