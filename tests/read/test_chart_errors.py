"""Chart and table options past what the outputs can show: a bad ``:highlight:`` and an oversized
grid are located errors (exit 2, outputs kept); a grid within bounds fits its labels and counts;
a short table never leaves one row alone across a page break."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from builders.cli import main

from conftest import ROOTS

R = "reports/case/report.md"


def _links(categories: int, series: int, count: int = 150) -> str:
    """A long-form CSV for a grid: every category meets every series, some ``count`` times."""
    rows = ["area,partner"]
    for i in range(categories):
        for j in range(series):
            n = count if (i + j) % 5 == 0 else 1 + (i * j) % 2
            rows += [f"Cooperation area number {i} with a long name,Partner {chr(65 + j)} country"] * n
    return "\n".join(rows) + "\n"


def _case(root: Path, snippet: str, links: str | None = None) -> int:
    """tests/roots/basic as reports/case with ``snippet`` appended; the line the snippet starts on."""
    folder = root / "reports" / "case"
    shutil.copytree(ROOTS / "basic", folder)
    if links is not None:
        package = json.loads((folder / "data" / "datapackage.json").read_text(encoding="utf-8"))
        package["resources"].append({
            "name": "links", "path": "links.csv", "title": "Links", "description": "Grid rows.",
            "sources": [{"title": "Test source"}],
            "schema": {"fields": [{"name": "area", "type": "string", "title": "Area"},
                                  {"name": "partner", "type": "string", "title": "Partner"}]}})
        (folder / "data" / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        (folder / "data" / "links.csv").write_text(links, encoding="utf-8")
    report = folder / "report.md"
    text = report.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    report.write_text(text + snippet, encoding="utf-8")
    return text.count("\n") + 1


def _chart(resource: str, **options: str) -> str:
    return f":::{{chart}} {resource}\n" + "".join(f":{k}: {v}\n" for k, v in options.items()) + ":::\n"


TIMELINE = dict(type="timeline", x="date", series="actor", text="label", title="Events")
GRID = dict(type="grid", x="area", series="partner", aggregate="count", title="Links")
# (id, snippet, option the error points at, words, grid data)
CASES = [
    ("highlight-unknown-category", _chart("formats", type="barh", x="format", y="meetings",
                                          highlight="Nowhere",
                                          title="T"),
     "highlight", "expected a category or series of the chart", None),
    ("highlight-period-after", _chart("events", **TIMELINE, highlight="2030-2040"),
     "highlight", "no event in 2030\u20132040", None),
    ("highlight-year-before", _chart("events", **TIMELINE, highlight="1999"), "highlight", "no event in 1999",
     None),
    ("highlight-unknown-lane", _chart("events", **TIMELINE, highlight="Russia"),
     "highlight", "expected a year, a period such as 2023-2024 or a lane", None),
    ("highlight-on-line", _chart("formats", type="line", x="format", y="share", highlight="Secretariat",
                                 title="T"),
     "highlight", "is not available for line charts", None),
    ("grid-too-many-series", _chart("links", **GRID), "series", "a grid shows at most 8 series", _links(12,
                                                                                                        9)),
    ("grid-too-many-categories", _chart("links", **GRID), "x", "a grid shows at most 12 categories",
     _links(22, 8)),
]


@pytest.mark.parametrize(("name", "snippet", "option", "words", "links"), CASES, ids=[c[0] for c in CASES])
def test_chart_option_past_what_outputs_show_is_located_exit_2(tmp_path, monkeypatch, name, snippet, option,
                                                               words, links):
    monkeypatch.chdir(tmp_path)
    start = _case(tmp_path, snippet, links)
    line = start + [row.split(":")[1] for row in snippet.splitlines()].index(option)
    out = tmp_path / "out"
    out.mkdir()
    (out / "case.pdf").write_bytes(b"%PDF-previous")
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2, (result.exit_code, result.output)
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{R}:{line}:"), first
    assert words in first, first
    assert "Traceback" not in result.output
    assert (out / "case.pdf").read_bytes() == b"%PDF-previous"
    checked = CliRunner().invoke(main, ["check", "reports/case"])  # check finds it too, writing nothing
    assert checked.exit_code == 2
    assert f"{R}:{line}:" in checked.output + checked.stderr


@pytest.mark.parametrize(("categories", "series"), [(12, 8), (4, 3)])
def test_grid_fits_its_labels_and_counts_on_the_slide(tmp_path, monkeypatch, categories, series):
    """Up to the largest grid (8 series x 12 categories) of long names, counts of 150: every text
    of the grid is at least 12 pt, a category label fits its row (the largest grid's on one line), and a
    count is
    printed on one line that fits its dot, or not at all (the largest grid's dots are too small)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from builders.pipeline.build import load
    from builders.slides import prepare

    monkeypatch.chdir(tmp_path)
    _case(tmp_path, _chart("links", **GRID), _links(categories, series))
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out", "--format", "pptx"])
    assert result.exit_code == 0, result.output
    measurer = prepare(*load(tmp_path / "reports" / "case")).measurer
    deck = Presentation(str(tmp_path / "out" / "case.pptx"))
    groups = [s for slide in deck.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    assert groups, "the grid is one group of shapes"
    labels = counts = 0
    for shape in groups[-1].shapes:
        if not shape.has_text_frame or not shape.text_frame.text:
            continue
        run = shape.text_frame.paragraphs[0].runs[0]
        size = run.font.size.pt
        assert size >= 12, (shape.text_frame.text, size)
        text = shape.text_frame.text
        if text.startswith("Cooperation area"):
            labels += 1
            room = shape.width / 12700 - 2 * 8
            lines = measurer.lines(text, size, room)
            assert lines == 1 or categories < 12, (text, size, room)  # the largest grid: one line a row
            assert (
                2 * shape.text_frame.margin_top + lines * measurer.line_height(size) * 12700 <= shape.height
            ), text
        elif text.isdigit():
            counts += 1
            assert not shape.text_frame.word_wrap
            assert measurer.width(text, size, bold=True) + 4 <= shape.width / 12700, (text,
                                                                                      shape.width / 12700)
    assert labels == categories
    assert counts > 0 if categories == 4 else counts == 0


def _lone_row_case(root: Path, words: int) -> Path:
    folder = root / "reports" / "lone"
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "name", "type": "string", "title": "Name"}, {"name": "year", "type": "year",
                                                                    "title": "Year"},
              {"name": "amount", "type": "number", "title": "Amount"}]
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [{
        "name": "things", "path": "things.csv", "title": "Things", "description": "Rows.",
        "sources": [{"title": "Test source"}], "schema": {"fields": fields}}]}), encoding="utf-8")
    (folder / "data" / "things.csv").write_text(
        "name,year,amount\nAlpha,2015,1.5\nBeta,2020,2\nGamma,2024,3\n", encoding="utf-8"
    )
    filler = " ".join(f"word{i % 7}" if i % 11 else "longer" for i in range(words))
    body = "\n\n".join(filler[i:i + 600].strip().capitalize() + "." for i in range(0, len(filler), 600))
    (folder / "report.md").write_text(
        f"---\ntitle: A brief\ndate: 2024-05-01\n---\n\n# Findings come first\n\n{body}\n\n"
        ":::{table} things\n:caption: Things are listed\n:::\n\nOne closing paragraph follows the table.\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("words", [867, 876])  # filler that leaves room for two of the three rows
def test_short_table_is_never_split_to_leave_one_row_alone(tmp_path, monkeypatch, words):
    monkeypatch.chdir(tmp_path)
    _lone_row_case(tmp_path, words)
    result = CliRunner().invoke(main, ["build", "reports/lone", "--out", "out", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(tmp_path / "out" / "lone.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert not any("(continued)" in page for page in pages), pages
    holding = [i for i, page in enumerate(pages) if any(row in page for row in ("Alpha", "Beta", "Gamma"))]
    assert len(holding) == 1 and all(row in pages[holding[0]] for row in ("Alpha", "Beta", "Gamma")), pages
