"""The designed deck's slide kinds with awkward content: key figures with wide numbers
and long words, a long process, bullets drawn as rows and cards with links and emphasis, in the
default 16:9 template and a 4:3 one; and the located errors for what those slides cannot show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.oxml.ns import qn
from test_bad_input import BODY, GOOD_FRONT, R, write_case

from builders import build
from builders.cli import main

from conftest import libreoffice_pdf
from deckcheck import words_outside_their_shapes
from stress import write_house_template

LONG_LABEL = "Meetings held " + " ".join(
    f"in the year {2000 + i} with partners from abroad" for i in range(40)
)
WORD = "Supercalifragilisticexpialidocious"
STEPS = 12
RESOURCES = {
    "kf": 'value,label\n10,short one\n20,"Meetings held with partners from abroad in the year 2023"'
    "\n30,three\n"
    "40,four\n",
    "units": 'value,label\n"1,234,567,890 billion dollars",x\n12345678901234567890,y\n',
    "words": f"value,label\n5,{WORD} is a word\n6,y\n",
}
STEP_LINES = (
    "\n".join(f"- {2010 + i}: Something happened in this year with consequences" for i in range(STEPS - 1))
    + "\n- 2021: The [Xi'an declaration](https://example.org/xian) was *adopted*"
)
REPORT = f"""---
title: Awkward slide kinds
date: 2024-05-01
---

:::{{takeaways}}
1. **Links survive on cards.** Read the [Xi'an declaration](https://example.org/xian) and *mind* it.
2. **Two.** Text.
3. **Three.** Text.
4. **Four.** Text.
5. **Five.** Text.
6. **Six.** Text.
7. **Seven.** Text.
:::

# Figures

:::{{slide}} Long labels stay inside their cards
:layout: figures
:data: kf
:::

:::{{slide}} Units stay readable beside big numbers
:layout: figures
:data: units
:::

:::{{slide}} Long words stay whole on their cards
:layout: figures
:data: words
:::

# Process

:::{{slide}} The process moved on step by step
:layout: process
{STEP_LINES}
:::

# Rows

:::{{slide}} Short lists keep their links and emphasis
- The [Xi'an declaration](https://example.org/xian) was adopted
- A **bold** claim and *emphasised* words here
- A third plain bullet
:::
"""


def write_report(folder: Path) -> Path:
    fields = [{"name": "value", "type": "string", "title": "Value"},
              {"name": "label", "type": "string", "title": "Label"}]
    resources = [{"name": name, "path": f"{name}.csv", "title": name, "description": "Figures.",
                  "sources": [{"title": "Test source"}], "schema": {"fields": fields}} for name in RESOURCES]
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": resources}))
    for name, csv in RESOURCES.items():
        (folder / "data" / f"{name}.csv").write_text(csv, encoding="utf-8")
    (folder / "report.md").write_text(REPORT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["16:9", "4:3"])
def deck(request, tmp_path_factory):
    """The report's deck in the default template and in a 4:3 one, with LibreOffice's rendering."""
    folder = write_report(tmp_path_factory.mktemp("kinds") / "awkward")
    template = write_house_template(folder.parent / "house.pptx") if request.param == "4:3" else None
    (pptx,) = build(folder, ("pptx",), folder.parent / "out", template=template)
    folder.with_name("template").write_text(str(template or ""))
    return folder, pptx, libreoffice_pdf(pptx, folder.parent / "render")


def _slides(pptx: Path, title: str) -> list:
    return [s for s in Presentation(pptx).slides if s.shapes.title.text_frame.text.startswith(title)]


def _texts(slide, prefix: str) -> list:
    return [sh for sh in slide.shapes if sh.name.startswith(prefix) and sh.has_text_frame
            and not sh.name.endswith(("bar", "number", "marker"))]


def test_no_word_of_any_slide_kind_lies_outside_its_shape(deck):
    _, pptx, rendered = deck
    assert words_outside_their_shapes(pptx, rendered) == []


def test_nothing_on_the_slides_is_under_12_pt_not_even_a_figures_unit(deck):
    _, pptx, _ = deck
    (slide,) = _slides(pptx, "Units stay")
    runs = _texts(slide, "Figure 1")[0].text_frame.paragraphs[0].runs
    assert [r.text for r in runs] == ["1,234,567,890", " billion dollars"]
    sizes = [int(rpr.get("sz")) / 100 for s in Presentation(pptx).slides
             for rpr in s._element.iter(qn("a:rPr")) if rpr.get("sz")]
    assert min(sizes) >= 12


def _page_words(rendered: Path, pptx: Path, title: str) -> list[str]:
    titles = [s.shapes.title.text_frame.text for s in Presentation(pptx).slides]
    with pdfplumber.open(rendered) as pdf:
        return [w["text"] for n, t in enumerate(titles) if t.startswith(title)
                for w in pdf.pages[n].extract_words()]


def test_figure_labels_and_process_steps_never_break_inside_a_word(deck):
    _, pptx, rendered = deck
    assert WORD in _page_words(rendered, pptx, "Long words")
    years = {w for w in _page_words(rendered, pptx, "The process") if w.isdigit()}
    assert {str(2010 + i) for i in range(STEPS)} <= years


def test_a_long_process_continues_on_cont_slides_and_check_says_so(deck):
    folder, pptx, _ = deck
    slides = _slides(pptx, "The process")
    counts = [len(_texts(s, "Step")) for s in slides]
    assert sum(counts) == STEPS and max(counts) <= 5 and max(counts) - min(counts) <= 1, counts
    assert [re.search(r"\(cont\.( \d+)?\)$", s.shapes.title.text_frame.text) is not None for s in slides] \
        == [False] + [True] * (len(slides) - 1)
    template = folder.with_name("template").read_text()
    result = CliRunner().invoke(main, ["check", str(folder), *(["--template", template] if template else [])])
    assert (
        f"{STEPS} steps, too many for one slide, so it is split over {len(slides)} slides" in result.output
    ), result.output


def _link_bold_italic(shape) -> tuple[set[str], set[str], set[str]]:
    runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
    return ({r.hyperlink.address for r in runs if r.hyperlink.address},
            {r.text for r in runs if r.font.bold}, {r.text for r in runs if r.font.italic})


def test_rows_and_cards_keep_their_links_and_emphasis(deck):
    _, pptx, _ = deck
    (slide,) = _slides(pptx, "Short lists")
    rows = _texts(slide, "Row")
    assert _link_bold_italic(rows[0])[0] == {"https://example.org/xian"}
    assert _link_bold_italic(rows[1])[1:] == ({"bold"}, {"emphasised"})
    step = _texts(_slides(pptx, "The process")[-1], "Step")[-1]
    assert _link_bold_italic(step)[0] == {"https://example.org/xian"} and _link_bold_italic(step)[2] == {
        "adopted"
    }
    assert step.text_frame.paragraphs[0].text == "2021"
    card = _texts(Presentation(pptx).slides[1], "Card 1")[0]  # the first takeaways slide
    links, bold, italic = _link_bold_italic(card)
    assert links == {"https://example.org/xian"} and "Links survive on cards." in bold and italic == {"mind"}


def test_seven_takeaways_are_split_four_and_three(deck):
    _, pptx, _ = deck
    counts = [len(_texts(s, "Card")) for s in Presentation(pptx).slides if s.shapes.title.text_frame.text
              .startswith("Key takeaways")]
    assert counts == [4, 3], counts


# --------------------------------------------------------------------------- bad input

FIGURE_FIELDS = [{"name": "value", "type": "string"}, {"name": "label", "type": "string"}]


def _figures(csv: str, fields=None, options: str = ":layout: figures\n:data: things\n",
             body: str = "") -> dict:
    entry = {"name": "things", "path": "things.csv", "title": "Things", "description": "Rows.",
             "sources": [{"title": "Test source"}], "schema": {"fields": fields or FIGURE_FIELDS}}
    source = GOOD_FRONT + BODY + f"\n:::{{slide}} Numbers tell a story\n{options}{body}:::\n"
    return {"report.md": source, "data/datapackage.json": json.dumps({"name": "t", "resources": [entry]}),
            "data/things.csv": csv}


def _process(body: str) -> dict:
    return {
        "report.md": GOOD_FRONT
        + BODY
        + f"\n:::{{slide}} Steps follow each other\n:layout: process\n{body}:::\n"
    }


TWO = "value,label\n1,one\n2,two\n"
BAD_SLIDES = [
    ("figures-unknown-resource", _figures(TWO, options=":layout: figures\n:data: nothing\n"), f"{R}:12:",
     "nothing"),
    ("figures-wrong-columns", _figures("amount,what\n1,one\n2,two\n", [{"name": "amount", "type": "integer"},
                                                                     {"name": "what", "type": "string"}]),
     f"{R}:12:", "needs columns 'value' and 'label'"),
    ("figures-with-a-body", _figures(TWO, body="- a bullet\n"), f"{R}:10:1:", "leave its body empty"),
    ("figures-none", _figures("value,label\n"), "reports/case/data/things.csv:1:1:", "no data rows"),
    ("figures-one", _figures("value,label\n1,one\n"), f"{R}:12:", "has 1 rows"),
    ("figures-seven", _figures("value,label\n" + "".join(f"{i},l{i}\n" for i in range(7))), f"{R}:12:",
     "has 7 rows"),
    ("figures-empty-label", _figures('value,label\n1,one\n2,""\n'), f"{R}:12:",
     "row 2 of 'things' has no label"),
    ("figures-label-too-long", _figures(f'value,label\n1,one\n2,"{LONG_LABEL}"\n'), f"{R}:10:1:",
     "is too long for its card even at"),
    ("figures-number-too-wide", _figures(f"value,label\n{'9' * 60},one\n2,two\n"), f"{R}:10:1:",
     "does not fit on one line"),
    ("data-without-figures-layout", _figures(TWO, options=":layout: process\n:data: things\n"), f"{R}:12:",
     ":data: goes with :layout: figures"),
    ("process-sub-points", _process("- 2015: step one\n  - a sub point\n- 2016: step two\n"), f"{R}:12:1:",
     "has sub-points"),
    ("process-paragraph", _process("Just a paragraph.\n"), f"{R}:12:1:", "cannot show a paragraph"),
    ("process-one-step", _process("- 2015: only one step\n"), f"{R}:10:1:", "at least 2 steps"),
    ("statement-three-items",
     {"report.md": GOOD_FRONT + BODY + "\n:::{slide} The region decides\n:layout: statement\n"
                                             "- one\n- two\n- three\n:::\n"}, f"{R}:10:1:",
     "a statement slide takes one statement and at most one supporting line"),
    ("process-numbered", _process("1. 2015: one\n2. 2016: two\n"), f"{R}:12:1:", "not as a numbered list"),
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "case.pptx").write_bytes(b"previous good deck")
    return tmp_path


@pytest.mark.parametrize("name, files, where, words", BAD_SLIDES, ids=[c[0] for c in BAD_SLIDES])
def test_what_a_slide_kind_cannot_show_is_a_located_error(project, name, files, where, words):
    write_case(project, files)
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2, (result.exit_code, result.output)
    first = result.stderr.splitlines()[0]
    assert first.startswith(where) and words in first, first
    assert "Traceback" not in result.stderr
    assert (project / "out" / "case.pptx").read_bytes() == b"previous good deck"
