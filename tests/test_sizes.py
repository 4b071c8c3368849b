"""Oversized input is laid out (split, scaled, shortened) or refused with a message, in seconds."""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from builders import ReportError, build

SECONDS = 20  # CPU seconds, generous: each case takes a few here


def _report(folder: Path, body: str, fields: list[dict] | None = None,
            rows: list[list] | None = None) -> Path:
    folder.mkdir(parents=True)
    if fields is not None:
        (folder / "data").mkdir()
        lines = [",".join(f["name"] for f in fields)] + [",".join(map(str, r)) for r in rows]
        (folder / "data" / "big.csv").write_text("\n".join(lines) + "\n")
        (folder / "data" / "datapackage.json").write_text(json.dumps({"resources": [{
            "name": "big", "path": "big.csv", "title": "Big", "sources": [{"title": "Generated"}],
            "schema": {"fields": fields}}]}))
    (folder / "report.md").write_text(f"---\ntitle: Sizes\ndate: 2024-01-01\n---\n\n# A section\n\n{body}\n")
    return folder


def _cpu() -> float:
    """CPU seconds so far of this process and the children it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed_build(folder: Path, out: Path):
    """The build, in bounded work: CPU seconds, which a loaded machine stretches far less than
    the wall time (speed targets are the benchmark's)."""
    started = _cpu()
    written = build(folder, ("pdf", "pptx"), out, parallel=False)
    took = _cpu() - started
    assert took < SECONDS, f"took {took:.1f} s of CPU"
    return written


def test_a_3000_word_table_cell_splits_across_pages_and_continues_over_slides(tmp_path):
    words = " ".join(f"word{n}" for n in range(3000))
    folder = _report(tmp_path / "cell", ":::{table} big\n:caption: One cell holds three thousand words\n:::",
                     [{"name": "name"}, {"name": "text"}], [["short", f'"{words}"'], ["next", "tail"]])
    pdf, pptx = _timed_build(folder, tmp_path / "out")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "word0" in text and "word2999" in text and "tail" in text  # the whole cell is in the brief
    assert len(PdfReader(pdf).pages) >= 3
    deck = Presentation(pptx)
    cells = [
        c.text for s in deck.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
    ]
    # never cut with an ellipsis: the row goes on over "(cont.)" slides, every word in order
    assert not any("\u2026" in c for c in cells)
    shown = " ".join(c for c in cells if c.startswith("word")).split()
    assert shown == words.split()
    assert sum(c == "short (cont.)" for c in cells) >= 2 and "tail" in cells


def test_an_image_taller_than_a_page_is_scaled_to_fit(tmp_path):
    folder = _report(tmp_path / "tall", "![A very tall picture](tall.png \"A tall picture\")")
    Image.new("RGB", (400, 6000), (20, 54, 93)).save(folder / "tall.png")
    pdf, pptx = _timed_build(folder, tmp_path / "out")
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        pictures = [
            (page, image) for page in document.pages for image in page.images if image["srcsize"][1] == 6000
        ]
        assert len(pictures) == 1, "the picture is in the brief once"
        page, image = pictures[0]
        assert image["bottom"] - image["top"] < page.height * 0.75  # scaled to fit, not cut
    pictures = [
        sh for s in Presentation(pptx).slides for sh in s.shapes if sh.shape_type == 13 and sh.name != "Logo"
    ]
    assert pictures and pictures[0].height <= Presentation(pptx).slide_height
    assert pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["A very tall picture"]


@pytest.mark.parametrize("built_before", [False, True])
def test_a_40_column_table_is_refused_with_its_location(tmp_path, built_before):
    fields = [{"name": f"c{n}"} for n in range(40)]
    folder = _report(tmp_path / "wide", ":::{table} big\n:caption: Forty columns\n:::", fields,
                     [[n for n in range(40)]])
    if built_before:  # as in --watch: this process built the report's deck before the edit
        source = (folder / "report.md").read_text()
        (folder / "report.md").write_text(source.replace(":::{table} big",
                                                         ":::{table} big\n:columns: c0, c1"))
        build(folder, ("pdf", "pptx"), tmp_path / "out")
        (folder / "report.md").write_text(source)
    with pytest.raises(ReportError) as caught:
        _timed_build(folder, tmp_path / "out")
    message = str(caught.value)
    assert message.startswith(f"{folder / 'report.md'}:8:1: table has 40 columns")
    assert "Choose the columns to show with :columns:" in message, "the brief's problem"
    assert "at most 21 fit a slide" in message, "the deck's problem"
    assert (tmp_path / "out" / "wide.pdf").exists() == built_before, "an earlier brief is left as it was"


def test_a_new_process_reports_both_outputs_problems(tmp_path):
    """A new process starts its writers before it reads the sources, each in a process of its
    own (see builders.pipeline.processes.Ahead): their problems still come back and are reported
    together, in order."""
    import subprocess
    import sys

    fields = [{"name": f"c{n}"} for n in range(40)]
    folder = _report(tmp_path / "wide", ":::{table} big\n:caption: Forty columns\n:::", fields,
                     [[n for n in range(40)]])
    result = subprocess.run([sys.executable, "-m", "builders.cli", "build", str(folder), "--out",
                             str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Choose the columns to show with :columns:" in result.stderr, "the brief's problem"
    assert "at most 21 fit a slide" in result.stderr, "the deck's problem"
    assert result.stderr.index(":columns:") < result.stderr.index("at most 21"), "the brief's first"
    assert "Traceback" not in result.stderr
    assert not [p for p in (tmp_path / "out").glob("*") if p.name != ".cache"], "no output, no temporary file"
    reverse = subprocess.run([sys.executable, "-m", "builders.cli", "build", str(folder), "--out",
                              str(tmp_path / "out"),
                              "--format", "pptx,pdf"], capture_output=True, text=True, timeout=120)
    assert reverse.returncode == 2, reverse.stderr
    assert reverse.stderr.index("at most 21") < reverse.stderr.index(":columns:"), "in the order asked for"


def test_a_100000_word_section_is_laid_out(tmp_path):
    sentence = "The region's governments meet partners at summits and ministerial meetings every year. "
    paragraphs = "\n\n".join(sentence * 10 for _ in range(1250))
    folder = _report(tmp_path / "long", paragraphs)
    pdf, pptx = _timed_build(folder, tmp_path / "out")
    assert len(PdfReader(pdf).pages) > 150
    assert len(Presentation(pptx).slides) < 20  # prose becomes notes, not a hundred slides


def test_a_10000_row_table_is_laid_out_and_the_deck_shows_its_first_rows(tmp_path):
    rows = [[n, f"Format {n}", n * 3] for n in range(1, 10001)]
    folder = _report(tmp_path / "rows", ":::{table} big\n:caption: Ten thousand formats\n:::",
                     [{"name": "n", "type": "integer"}, {"name": "name"}, {"name": "amount",
                                                                           "type": "integer"}], rows)
    pdf, pptx = _timed_build(folder, tmp_path / "out")
    reader = PdfReader(pdf)
    assert len(reader.pages) > 150
    assert "Ten thousand formats (continued)" in reader.pages[-1].extract_text()
    deck = Presentation(pptx)
    table_slides = [s for s in deck.slides if any(sh.has_table for sh in s.shapes)]
    assert len(table_slides) == 8
    last = " ".join(sh.text_frame.text for sh in table_slides[-1].shapes if sh.has_text_frame)
    assert "Rows 1\u201364 of 10,000 shown; the brief has the full table" in last
