"""The deck loses no content: a section of a list, a numbered list, a block quote or a callout
alone gets its slide and notes; every heading is in the deck; a 250-word quotation and a
comparison of 20 bullets a side step down the type scale and continue on "(cont.)" slides, every
word inside its shape in LibreOffice's rendering; nothing is cut with "…"; the flagship's
sources slide lists each source once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from builders import build
from builders.slides.prose import same_source

from conftest import libreoffice_pdf
from deckcheck import norm, words_outside_their_shapes

SENTENCE = ("Integration in Central Asia will be decided by the states of the region themselves, not by "
            "the partners who court them, and every format that forgets this will fade.")
QUOTE = " ".join([SENTENCE] * 9)  # 261 words
BULLETS = 20
LONG_CELL = " ".join(f"word{i}" for i in range(1, 601))  # a cell of 600 words: taller than a slide


def _side(who: str) -> str:
    return "\n".join(f"- {who} point {i} about trade and security" for i in range(1, BULLETS + 1))


REPORT = f"""---
title: Nothing lost
date: 2024-05-01
---

# A list only

- First item of a list-only section
- Second item of a list-only section
- Third item of a list-only section

# A numbered list only

1. First numbered step
2. Second numbered step
3. Third numbered step

# A quote only

> Integration is decided in the region, not by its partners.
>
> — A Minister

# A callout only

:::{{callout}} Why it matters
The region chooses its partners.

- Partners follow
:::

# A long quote

:::{{quote}}
:attribution: A very patient speaker
{QUOTE}
:::

# A long comparison

:::{{slide}} Two partners compared point by point
:layout: comparison
United States: its agencies, its envoys and its business forums

{_side("US")}

China

{_side("China")}
:::

# A statement

:::{{slide}} The region decides its own future
:layout: statement
- The five states, not their partners, decide how the region integrates
- Partners are welcome inside formats the region owns
:::

# A long cell

:::{{table}} long
:caption: One row of a table runs over three slides
:::

# Headings everywhere

Intro paragraph here.

## A subsection heading

Subsection text.
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overflow") / "nothing-lost"
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "a", "type": "string"}]
    cells = [{"name": "name", "type": "string"}, {"name": "text", "type": "string"}]
    (folder / "data" / "datapackage.json").write_text(json.dumps(
        {"name": "t", "resources": [{"name": "r", "path": "r.csv", "title": "R", "sources": [{"title": "S"}],
                                     "schema": {"fields": fields}},
                                    {"name": "long", "path": "long.csv", "title": "Long",
                                     "sources": [{"title": "S"}],
                                     "schema": {"fields": cells}}]}))
    (folder / "data" / "r.csv").write_text("a\nx\n")
    (folder / "data" / "long.csv").write_text(f'name,text\nShort row,A few words\nLong row,"{LONG_CELL}"\n')
    (folder / "report.md").write_text(REPORT, encoding="utf-8")
    (pptx,) = build(folder, ("pptx",), folder.parent / "out")
    return pptx, libreoffice_pdf(pptx, folder.parent / "render")


def _slides(pptx: Path, title: str) -> list:
    return [s for s in Presentation(pptx).slides if s.shapes.title.text_frame.text.startswith(title)]


def _text(slide) -> str:
    return "\n".join(
        sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title
    )


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


@pytest.mark.parametrize("title, shown", [
    ("A list only", ["First item of a list-only section", "Third item of a list-only section"]),
    ("A numbered list only", ["First numbered step", "Third numbered step"]),
    ("A quote only", ["Integration is decided in the region, not by its partners.", "A Minister"]),
    ("A callout only", ["The region chooses its partners.", "Partners follow"]),
])
def test_a_section_of_a_list_quote_or_callout_alone_gets_its_slide_and_notes(deck, title, shown):
    pptx, _ = deck
    (slide,) = _slides(pptx, title)
    for text in shown:
        assert text in _text(slide), (title, _text(slide))
    assert _notes(slide).strip(), title


def test_every_heading_is_on_a_slide_or_in_its_notes(deck):
    pptx, _ = deck
    everything = "\n".join(
        s.shapes.title.text_frame.text + "\n" + _notes(s) for s in Presentation(pptx).slides
    )
    for heading in re.findall(r"^#+ (.+)$", REPORT, flags=re.M):
        assert heading in everything, heading


def test_a_250_word_quote_continues_on_cont_slides_every_word_kept(deck):
    pptx, _ = deck
    slides = _slides(pptx, "A long quote")
    assert len(slides) >= 2
    assert [s.shapes.title.text_frame.text.endswith("(cont.)") for s in slides] == [False] + [True] * (
        len(slides) - 1
    )
    quotes = [next(sh for sh in s.shapes if sh.name == "Quotation").text_frame.text for s in slides]
    assert norm(" ".join(quotes)) == norm(f"\u201c{QUOTE}\u201d")  # every word, in order, marks at the ends
    sizes = {r.font.size.pt for s in slides for sh in s.shapes if sh.name == "Quotation"
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert sizes and min(sizes) >= 20  # the body's smaller size of the scale, no less


def test_a_20_bullet_comparison_continues_every_bullet_kept_at_16_pt_or_more(deck):
    pptx, _ = deck
    slides = _slides(pptx, "Two partners compared")
    assert len(slides) >= 2
    shown = [p.text for s in slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    for who in ("US", "China"):
        assert [t for t in shown if t.startswith(f"{who} point ")] == \
            [f"{who} point {i} about trade and security" for i in range(1, BULLETS + 1)]
    sizes = [
        r.font.size.pt
        for s in slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
        if r.text.startswith(("US", "China")) and r.font.size
    ]
    assert min(sizes) >= 16


def test_a_comparison_heading_that_wraps_gets_a_band_as_tall_on_both_sides(deck):
    """A side's heading of two lines stays inside its coloured band (it ran over the band's
    bottom edge), and the other side's band matches it; LibreOffice's rendering of every word
    inside its shape is checked below."""
    pptx, _ = deck
    for slide in _slides(pptx, "Two partners compared"):
        bands = [sh for sh in slide.shapes if sh.name.startswith("Side ")]
        assert len(bands) == 2 and bands[0].height == bands[1].height
        heading = bands[0].text_frame.paragraphs[0].runs[0].font.size.pt
        # two lines and the band's padding (one line's band was 48.9 pt for a 20 pt heading)
        assert bands[0].height / 12700 >= 2 * heading * 1.2 + 16, (bands[0].height / 12700, heading)


def test_a_row_taller_than_a_slide_continues_on_cont_slides_every_word_kept(deck):
    pptx, _ = deck
    slides = _slides(pptx, "One row of a table")
    assert len(slides) >= 2
    assert [s.shapes.title.text_frame.text.endswith(")") for s in slides] == [False] + [True] * (
        len(slides) - 1
    )
    cells = [[c.text_frame.text for c in row.cells] for s in slides for sh in s.shapes if sh.has_table
             for row in list(sh.table.rows)[1:]]
    assert cells[0] == ["Short row", "A few words"]
    assert cells[1][0] == "Long row" and all(c[0] == "Long row (cont.)" for c in cells[2:])
    assert " ".join(c[1] for c in cells[1:]).split() == LONG_CELL.split()  # every word, in order, none cut
    sizes = [r.font.size.pt for s in slides for sh in s.shapes if sh.has_table for row in sh.table.rows
             for c in row.cells for p in c.text_frame.paragraphs for r in p.runs if r.font.size]
    assert min(sizes) >= 14


def test_every_word_of_the_long_slides_is_inside_its_shape_in_libreoffice(deck):
    pptx, rendered = deck
    assert words_outside_their_shapes(pptx, rendered) == []


def _runs(pptx: Path):
    """(slide number, shape name, text, size) of every run with a size, table cells included."""
    for number, slide in enumerate(Presentation(pptx).slides, 1):
        for shape in slide.shapes:
            frames = [c.text_frame for row in shape.table.rows for c in row.cells] if shape.has_table else \
                [shape.text_frame] if shape.has_text_frame else []
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        rpr = run._r.find(qn("a:rPr"))
                        if rpr is not None and rpr.get("sz"):
                            yield number, shape.name, run.text, int(rpr.get("sz")) / 100


def test_no_ellipsis_is_added_and_no_run_is_under_the_floor(deck):
    pptx, _ = deck
    for number, name, text, size in _runs(pptx):
        assert "\u2026" not in text, (number, name, text)
        assert size >= 12, (number, name, size)


@pytest.fixture(scope="module")
def flagship_decks(flagship, flagship_ru) -> list[Path]:
    return [flagship["pptx"], flagship_ru["pptx"]]


def test_flagship_decks_cut_nothing_and_set_nothing_small(flagship_decks):
    """No "…" the writer added; nothing under 14 pt but source lines, the sources slide's
    references and the footer (12 pt at least)."""
    for pptx in flagship_decks:
        for number, name, text, size in _runs(pptx):
            assert "\u2026" not in text, (pptx.name, number, name, text)
            sources = (
                Presentation(pptx)
                .slides[number - 1]
                .shapes.title.text_frame.text.startswith(("Sources", "Источники"))
            )
            furniture = name == "Source line" or name.startswith(("Footer", "Slide Number")) or sources
            assert size >= (12 if furniture else 14), (pptx.name, number, name, text, size)


def test_flagship_sources_slides_list_each_source_once(flagship_decks):
    for pptx in flagship_decks:
        slides = [s for s in Presentation(pptx).slides
                  if s.shapes.title.text_frame.text.startswith(("Sources", "Источники"))]
        items = [
            p.text
            for slide in slides
            for sh in slide.shapes
            if sh.has_text_frame
            and sh != slide.shapes.title
            and not sh.name.startswith(("Footer", "Slide Number"))
            for p in sh.text_frame.paragraphs
            if p.text.strip()
        ]
        assert len(items) >= 8, items
        keys = [same_source(i) for i in items]
        assert len(set(keys)) == len(keys), items
        for work in ("Schindowski|Шиндовски", "Germany|Германи", "Kurultai|курултае",
                     "^Xi.an Declaration of the|^Сианьская декларация"):
            assert len([i for i in items if re.search(work, i)]) == 1, (work, items)


def test_a_statement_slide_is_one_large_statement_and_a_supporting_line(deck):
    pptx, _ = deck
    (slide,) = _slides(pptx, "The region decides")
    shapes = {sh.name: sh for sh in slide.shapes}
    statement, support = shapes["Statement"], shapes["Supporting line"]
    assert (
        statement.text_frame.text == "The five states, not their partners, decide how the region integrates"
    )
    assert support.text_frame.text == "Partners are welcome inside formats the region owns"
    big = {r.font.size.pt for p in statement.text_frame.paragraphs for r in p.runs}
    small = {r.font.size.pt for p in support.text_frame.paragraphs for r in p.runs}
    assert min(big) >= 24 and min(big) > max(small) >= 16
    assert support.top > statement.top


def _footer_report(tmp_path: Path, footer: str) -> Path:
    folder = tmp_path / "footer"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": []}))
    (folder / "report.md").write_text(
        f"---\ntitle: Footers\ndate: 2024-05-01\ndeck:\n  footer: {footer}\n---\n\n"
        "# A section\n\n- One point\n- Another point\n",
        encoding="utf-8",
    )
    return folder


def test_a_default_footer_too_long_drops_the_title_never_an_ellipsis(tmp_path):
    folder = _footer_report(tmp_path, "x")
    source = (folder / "report.md").read_text(encoding="utf-8").replace("deck:\n  footer: x\n", "")
    (folder / "report.md").write_text(source.replace("title: Footers", "title: " + "A very long title " * 12))
    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    for slide in list(Presentation(pptx).slides)[1:]:
        (shape,) = [sh for sh in slide.placeholders if sh.name.startswith("Footer")]
        assert shape.text_frame.text == "1\xa0May 2024"  # (the day held to its month)


def test_a_given_footer_too_long_is_an_error_at_its_line(tmp_path):
    from builders.errors import ReportError

    with pytest.raises(ReportError) as raised:
        build(_footer_report(tmp_path, "A footer that goes on " * 20), ("pptx",), tmp_path / "out")
    assert "footer" in str(raised.value) and "report.md:5" in str(raised.value), str(raised.value)
