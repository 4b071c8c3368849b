"""The brief read back as a reader sees it (pdfplumber): body lines of 60-75 characters in
both editions of the flagship; a cover with one author a line, each name whole; every page but
the last at least 80% full in the flagship and every test root (a figure that cannot follow
its text on the page is set among the text before it); a running head never cut with "…"; and
the preflight's line checks: a token broken across lines and an ellipsis the writer added,
each planted and found at its source line."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

import builders.pdf as pdf_writer
import builders.pdf.brief  # noqa: F401 - pdf_writer.brief, whose running head is planted
from builders import ReportError, build
from builders.pipeline.build import load
from builders.preflight import brief_findings

from conftest import ROOTS

TOP, BOTTOM = 64.0, 58.0  # the default theme's page margins


def body_lines(pdf: Path) -> list[tuple[str, float]]:
    """Each line of running text (the commonest face and size of the brief) with its width."""
    with pdfplumber.open(pdf) as document:
        faces = Counter((c["fontname"].split("+")[-1], round(c["size"], 1))
                        for page in document.pages for c in page.chars if c["text"].strip())
        body = faces.most_common(1)[0][0]
        lines = []
        for page in document.pages[1:]:  # past the cover's box of takeaways
            rows: dict[int, list[dict]] = {}
            for word in page.extract_words(extra_attrs=["fontname", "size"]):
                if (word["fontname"].split("+")[-1], round(word["size"], 1)) == body:
                    rows.setdefault(round(word["top"]), []).append(word)
            for words in rows.values():
                words.sort(key=lambda w: w["x0"])
                lines.append((" ".join(w["text"] for w in words), words[-1]["x1"] - words[0]["x0"]))
    return lines


def measure(pdf: Path) -> float:
    """The average characters (spaces included) of a full line of running text (a paragraph's
    last line, shorter than the column, does not count)."""
    lines = body_lines(pdf)
    column = max(width for _, width in lines)
    return statistics.mean(len(text) for text, width in lines if width >= 0.9 * column)


def page_fill(pdf: Path) -> list[float]:
    fills = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            inside = [o["bottom"] for o in page.extract_words() + page.rects + page.lines
                      if o["top"] >= TOP - 2 and o["bottom"] <= page.height - BOTTOM + 2]
            fills.append((max(inside, default=TOP) - TOP) / (page.height - TOP - BOTTOM))
    return fills


def test_the_flagship_measure_is_60_to_75_characters_in_both_editions(flagship, flagship_ru):
    for pdf in (flagship["pdf"], flagship_ru["pdf"]):
        lines = body_lines(pdf)
        assert len(lines) > 100, (pdf.name, len(lines))  # a measure of the running text, not of a few lines
        assert 60 <= measure(pdf) <= 75, (pdf.name, round(measure(pdf), 1))


def test_the_flagship_stays_within_eight_pages(flagship, flagship_ru):
    for pdf in (flagship["pdf"], flagship_ru["pdf"]):
        with pdfplumber.open(pdf) as document:
            assert 4 <= len(document.pages) <= 8, (pdf.name, len(document.pages))


def test_the_cover_sets_one_author_a_line_names_whole(flagship, flagship_ru):
    for pdf, names in ((flagship["pdf"], ("Eldaniz Gusseinov", "Abakhon Sultonazarov")),
                       (flagship_ru["pdf"], ("Эльданиз Гусейнов", "Абахон Султоназаров"))):
        with pdfplumber.open(pdf) as document:
            lines = [" ".join(line.replace("\xa0", " ").split())
                     for line in (document.pages[0].extract_text() or "").splitlines()]
        lines = lines[:next(n for n, line in enumerate(lines) if "2026" in line)]  # the byline, to the date
        starts = [n for name in names for n, line in enumerate(lines) if line.startswith(name)]
        assert len(starts) == len(names), (pdf.name, lines[:14])  # each name opens a line, whole
        assert starts == sorted(starts) and len(set(starts)) == len(names)
        assert all(f"{name}," in lines[n] for name, n in zip(names, starts))  # its affiliation after it
        assert not any(line.startswith(name.split()[-1]) for line in lines for name in names)


@pytest.mark.parametrize("root", ["basic", "editions", "scripts"])
def test_every_page_of_a_test_root_but_the_last_is_at_least_80_percent_full(root, tmp_path):
    for pdf in build(ROOTS / root, ("pdf",), tmp_path, cache=False) if root != "editions" else \
            [p for p in _editions(tmp_path)]:
        fills = page_fill(pdf)
        assert min(fills[:-1], default=1.0) >= 0.8, (pdf.name, [f"{f:.0%}" for f in fills])


def _editions(out: Path) -> list[Path]:
    from builders.read.editions import Edition

    return [*build(ROOTS / "editions", ("pdf",), out, cache=False),
            *build(ROOTS / "editions", ("pdf",), out, cache=False,
                   edition=Edition("report.ru.md", "ru", (), "editions.ru"))]


def test_a_figure_that_cannot_follow_its_text_is_set_among_it(tmp_path):
    """A section's text, then a ten-row table with nothing but back matter after it: the table
    is set inside the text, so the page does not end a quarter empty."""
    text = "\n\n".join(f"Paragraph {n}: " + "The five states meet once a year and agree on little. " * 6
                       for n in range(1, 6))
    cell = "a value long enough to wrap over three lines of its column in the table " * 2
    folder = _report(tmp_path / "late", f"# Only text, then a table\n\n{text}\n\n:::{{table}} rows\n"
                                         ":caption: Ten rows at the end\n:::\n",
                     {"rows": "label,text\n" + "".join(f"row {i},{cell}\n" for i in range(1, 11))})
    (pdf,) = build(folder, ("pdf",), tmp_path / "out", cache=False)
    fills = page_fill(pdf)
    assert len(fills) == 2 and fills[0] >= 0.8, [f"{f:.0%}" for f in fills]
    with pdfplumber.open(pdf) as document:
        first = document.pages[0].extract_text() or ""
    assert "Table 1. Ten rows at the end" in first and "row 10" in first  # whole, on the text's page
    assert first.index("Table 1.") < first.index("Paragraph 3")  # set among the text before it


def _report(folder: Path, body: str, resources: dict[str, str] | None = None, title: str = "Planted lines",
            short_title: str = "") -> Path:
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "label", "type": "string"}, {"name": "text", "type": "string"}]
    resources = resources or {"r": "label,text\nx,y\n"}
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [
        {"name": name, "path": f"{name}.csv", "title": name, "sources": [{"title": "Test"}],
         "schema": {"fields": fields}} for name in resources]}))
    for name, csv in resources.items():
        (folder / "data" / f"{name}.csv").write_text(csv, encoding="utf-8")
    short = f"short_title: {short_title}\n" if short_title else ""
    (folder / "report.md").write_text(f"---\ntitle: \"{title}\"\n{short}date: 2024-05-01\n---\n\n{body}",
                                      encoding="utf-8")
    return folder


LONG_NUMBER = ",".join(["1,195"] + ["234"] * 24)
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 3
PLANTED = f"""# Tokens too wide for a line

The region counted {LONG_NUMBER} meetings in all, a number no line can hold whole.

The founder was called {LONG_NAME}, a name no line can hold whole either.

:::{{table}} cells
:caption: A cell of long text wraps, never cut
:::
"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("lines")
    cell = "A long cell of words that wraps over several lines of its column. " * 12
    folder = _report(root / "tokens", PLANTED, {"cells": f'label,text\nfirst,"{cell}"\nsecond,short\n'})
    (pdf,) = build(folder, ("pdf",), root / "out", cache=False)
    report, theme = load(folder)
    return brief_findings(report, theme, pdf), pdf, folder


def _line(folder: Path, start: str) -> int:
    lines = (folder / "report.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if start in text)


def test_a_number_broken_across_lines_is_found_at_its_line(planted):
    found, _, folder = planted
    line = _line(folder, "The region counted")
    assert any("is broken across two lines" in m and "1,195" in m and w.line == line for w, m in found), found


def test_a_name_broken_across_lines_is_found_at_its_line(planted):
    found, _, folder = planted
    line = _line(folder, "The founder was called")
    assert any("is broken across two lines" in m and "Wolfeschlegel" in m and w.line == line
               for w, m in found), found


def test_a_long_cell_wraps_and_nothing_is_cut(planted):
    found, pdf, _ = planted
    with pdfplumber.open(pdf) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert "\u2026" not in text
    assert not [m for _, m in found if "ellipsis" in m or "A long cell" in m], found


LONG_TITLE = ("The five states of Central Asia and the outside powers that convene them: formats, "
              "secretariats, councils and the long road from meetings to institutions")


def test_a_long_running_title_takes_two_lines_never_an_ellipsis(tmp_path):
    folder = _report(tmp_path / "title", "# One section\n\nA paragraph.\n\n# Another\n\n" + "Text. " * 900,
                     title=LONG_TITLE)
    (pdf,) = build(folder, ("pdf",), tmp_path / "out", cache=False)
    with pdfplumber.open(pdf) as document:
        head = " ".join((document.pages[1].extract_text() or "").split()[:40])
    assert "\u2026" not in head and "long road from meetings to institutions" in head, head
    report, theme = load(folder)
    assert [m for _, m in brief_findings(report, theme, pdf) if "ellipsis" in m] == []


def test_a_running_title_too_long_for_two_lines_is_a_located_error(tmp_path):
    folder = _report(tmp_path / "huge", "# One\n\nText.\n", title=f"{LONG_TITLE}, {LONG_TITLE[:90]}")
    source = folder / "report.md"  # a long series leaves the title a narrow running head
    source.write_text(source.read_text().replace("date:", "series: The occasional papers of a research "
                                                 "institute with a very long name\ndate:"))
    report, theme = load(folder)
    with pytest.raises(ReportError) as caught:
        pdf_writer.write(report, theme, tmp_path / "huge.pdf")
    assert caught.value.location.line == 2 and "short_title" in str(caught.value)


def test_an_ellipsis_the_writer_added_is_found_at_its_line(tmp_path, monkeypatch):
    """Planted as the running head used to be made: the title cut to fit one line."""
    folder = _report(tmp_path / "cut", "# One section\n\nA paragraph.\n\n# Another\n\n" + "Text. " * 900,
                     title=LONG_TITLE)
    monkeypatch.setattr(pdf_writer.brief, "running_title",
                        lambda report, fits, size, floor: (["The five states of Central Asia and the\u2026"],
                                                           size))
    report, theme = load(folder)
    pdf = tmp_path / "cut.pdf"
    pdf_writer.write(report, theme, pdf)
    found = brief_findings(report, theme, pdf)
    assert any("cut short with an ellipsis" in m and w.line == 2 for w, m in found), found


def test_a_charts_axis_ticks_are_not_a_number_broken_across_lines(tmp_path):
    """A bar chart's ticks "20" and "10", each a line of its own as pdfplumber reads them, were
    reported as the source's year 2010 broken across two lines (and located at a data row);
    the same year broken in running text still is."""
    from builders.pagecheck import line_findings

    folder = _report(tmp_path / "ticks", "# One section\n\nThe basin agreement of 2010 still holds.\n")
    report, _ = load(folder)
    assert line_findings(report, [["30", "20", "10", "0"]]) == []
    found = line_findings(report, [["the basin agreement of 20", "10 still holds"]])
    assert len(found) == 1 and "'2010' is broken across two lines" in found[0][1], found
