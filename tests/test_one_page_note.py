"""A one-page parameterised note made with ``briefkit new`` (issue 29): its brief stays one page,
its back matter folded onto that page or left out with ``back_matter: false``; its document
properties carry the report's date; its deck's notes put the writer's ``:notes:`` first and
point at slides, not at table numbers; its short sources list is not two small lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import cli

from conftest import require, run

DATE = "2025-03-14"
WORDS = ("Write in paragraphs about the partner and the region, what it does and how often it meets the "
         "region's governments, and why that matters for the reader. ")
NOTE = "Start with the map: the room knows the partners, not the formats."
BODY = f"""
:::{{takeaways}}
- **{{{{ params.partner }}}} meets the region often.** Its format has met more often than any other.
- **Frequency is not influence.** Meetings alone do not set the agenda.
- **The region can lead.** Its own meetings could host the partners.
:::

# {{{{ params.partner }}}} meets the region more often than the others

FIRST

:::{{table}} partners
:caption: Three partners meet the region at three different levels
:name: tbl-partners
:::

SECOND

:::{{slide}} The partners meet the region at different levels
:notes: {NOTE}
- Heads of state, business and ministers
- One format each
:::

# What the region could do

{"A last paragraph recommends. " * 3}
"""
#: paragraphs that leave room for the back matter on page 1 (three times WORDS, then ROOMY), and
#: that do not (four times, then FULL)
ROOMY = "As [Table 1](#tbl-partners) shows, the levels differ."
FULL = (
    "A second paragraph says what the table shows and what follows from it for the region and for the "
    "partner. "
    * 3
)


def _note(root: Path, name: str, first: int, second: str, back_matter: bool = True) -> Path:
    """``briefkit new NAME``, its front matter kept (authors with bios, a disclaimer) and made a
    template of one parameter, its body replaced by a one-page body."""
    result = CliRunner().invoke(cli.main, ["new", name, "--reports", str(root / "reports")])
    assert result.exit_code == 0, result.output
    source = root / "reports" / name / "report.md"
    front, _, _ = source.read_text(encoding="utf-8").partition("\n---\n")
    front = re.sub(r"(?m)^date: .*$", f"date: {DATE}", front)
    front = re.sub(r'(?m)^title: .*$', 'title: "{{ params.partner }}: a one-page note"', front)
    front += "\nparams:\n  partner: Partner A\nmatrix:\n  partner: [Partner A]"
    if not back_matter:
        front += "\nback_matter: false"
    source.write_text(front + "\n---\n" + BODY.replace("FIRST", WORDS * first).replace("SECOND", second),
                      encoding="utf-8")
    return source.parent


def _build(folder: Path, out: Path, *formats: str) -> None:
    result = CliRunner().invoke(cli.main, ["build", str(folder), "--out", str(out), "--format",
                                           ",".join(formats)])
    assert result.exit_code == 0, result.output


def _pages(pdf: Path) -> list[str]:
    text = run(require("pdftotext"), "-layout", str(pdf), "-").stdout
    return text.rstrip("\f\n").split("\f")


@pytest.fixture(scope="module")
def notes(tmp_path_factory) -> dict[str, Path]:
    """The notes built once: the roomy one (brief and deck), and the full one with and without
    its back matter (briefs)."""
    root = tmp_path_factory.mktemp("notes")
    out = root / "out"
    _build(_note(root, "roomy", 3, ROOMY), out, "pdf", "pptx")
    _build(_note(root, "full", 4, FULL), out, "pdf")
    _build(_note(root, "full-bare", 4, FULL, back_matter=False), out, "pdf")
    return {"root": root, "roomy": out / "roomy-partner-a.pdf", "deck": out / "roomy-partner-a.pptx",
            "full": out / "full-partner-a.pdf", "bare": out / "full-bare-partner-a.pdf"}


def test_a_new_report_with_a_one_page_body_builds_to_a_one_page_brief(notes):
    pages = _pages(notes["roomy"])
    assert len(pages) == 1, f"{len(pages)} pages"
    page = " ".join(pages[0].split())
    # the short last section and the back matter are folded onto the page, not sent to a second
    # (one author: "About the author")
    assert "What the region could do" in page and "About the author" in page
    assert "About the authors" not in page
    assert "Your Name writes about the region" in page and "The views expressed are the authors" in page


def test_back_matter_false_keeps_a_full_one_page_note_to_one_page(notes):
    full = _pages(notes["full"])
    assert len(full) == 2  # what the key is for: the bios and the disclaimer do not fit page 1
    second = " ".join(full[1].split())
    assert "About the author" in second and "The views expressed" in second
    assert "About the author" not in full[0]  # the heading went with its bio, and the disclaimer
    bare = _pages(notes["bare"])
    assert len(bare) == 1
    assert "What the region could do" in bare[0]
    assert "About the author" not in bare[0] and "The views expressed" not in bare[0]


def test_pdfinfo_shows_the_report_date_as_creation_date(notes, tmp_path):
    info = run(require("pdfinfo"), "-isodates", str(notes["roomy"])).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["CreationDate"].strip() == f"{DATE}T00:00:00Z"
    assert fields["ModDate"].strip() == f"{DATE}T00:00:00Z"
    assert fields["Author"].strip() == "Your Name"
    # still the same bytes at every build
    again = tmp_path / "again"
    folder = notes["root"] / "reports" / "roomy"
    result = CliRunner().invoke(cli.main, ["build", str(folder), "--out", str(again), "--format", "pdf",
                                           "--force"])
    assert result.exit_code == 0, result.output
    assert (again / notes["roomy"].name).read_bytes() == notes["roomy"].read_bytes()


def test_the_deck_notes_lead_with_the_writers_note_and_name_the_slide_of_a_table(notes):
    from pptx import Presentation

    slides = list(Presentation(str(notes["deck"])).slides)
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in slides]
    notes_text = [s.notes_slide.notes_text_frame.text for s in slides]
    mine = titles.index("The partners meet the region at different levels")
    assert notes_text[mine].startswith(NOTE), notes_text[mine][:200]
    table = titles.index("Three partners meet the region at three different levels") + 1
    # the reference keeps its words (its sentence's grammar needs them) and names the slide
    assert f"As Table 1 (slide {table}) shows, the levels differ." in notes_text[mine]
    assert not any(re.search(r"Table 1(?! \((slide \d+|on this slide)\))", text) for text in notes_text)


def test_a_short_sources_list_is_one_column_at_a_readable_size(notes):
    from pptx import Presentation

    slide = list(Presentation(str(notes["deck"])).slides)[-1]
    assert slide.shapes.title.text == "Sources"
    bodies = [s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title
              and "Example data" in s.text_frame.text]
    assert len(bodies) == 1  # one column, not two
    sizes = {run.font.size.pt for p in bodies[0].text_frame.paragraphs for run in p.runs if run.font.size}
    assert sizes and min(sizes) >= 18, sizes



def test_the_flagship_deck_notes_name_slides_and_not_their_own(flagship):
    """The flagship cites its tables and figures by number; its deck's notes say which slide,
    and a slide's own notes do not point at itself ("(Figure 3)" on the chart's slide goes)."""
    from pptx import Presentation

    slides = list(Presentation(str(flagship["pptx"])).slides)
    notes = [s.notes_slide.notes_text_frame.text for s in slides]
    assert not [n for n in notes if re.search(r"\((Table|Figure) \d+\)", n)]
    pointed = {int(n) for text in notes for n in re.findall(r"\(slide (\d+)\)", text)}
    assert len(pointed) >= 3
    for number in pointed:
        assert f"(slide {number})" not in notes[number - 1]
        # a table's or chart's slide: it has their source line
        assert any(
            s.has_text_frame and s.text_frame.text.startswith("Source:") for s in slides[number - 1].shapes
        )
