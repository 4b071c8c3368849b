"""End to end: the CLI builds reports, and the outputs read back as a brief and a deck."""

from __future__ import annotations

import shutil
import sys

import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import FLAGSHIP, ROOT, ROOTS, run

BRIEFKIT = [sys.executable, "-m", "builders.cli"]


@pytest.fixture
def project(tmp_path):
    """A copy of the project's reports and data, so `briefkit build` can run with no arguments."""
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_build_with_no_arguments_builds_every_report_into_out(project):
    result = run(*BRIEFKIT, "build", cwd=project)
    assert result.returncode == 0, result.stderr
    from builders.read.editions import editions

    for folder in (p for p in (project / "reports").iterdir() if (p / "report.md").is_file()):
        for edition in editions(folder):  # every language edition and parameter value has its outputs
            name = edition.stem_for(folder)
            assert (project / "out" / f"{name}.pdf").stat().st_size > 10_000
            assert (project / "out" / f"{name}.pptx").stat().st_size > 10_000
    assert "out/us-china-central-asia.pdf" in result.stdout


def test_out_and_format_options_are_honoured(tmp_path):
    target = tmp_path / "elsewhere"
    result = run(*BRIEFKIT, "build", str(ROOTS / "basic"), "--out", str(target), "--format", "pdf", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (target / "basic.pdf").is_file()
    assert not (target / "basic.pptx").exists()


def test_bad_report_gives_one_clear_message_and_exit_2(tmp_path):
    report = tmp_path / "broken"
    report.mkdir()
    (report / "report.md").write_text("---\ntitle: T\nsubtitel: typo\n---\n\n# A\n\nText.\n")
    result = run(*BRIEFKIT, "build", str(report), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "broken/report.md:3:1: unknown key 'subtitel'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "broken.pdf").exists()


def test_flagship_pdf_reads_back_with_title_and_metadata(flagship):
    reader = PdfReader(flagship["pdf"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    title = "U.S. and Chinese approaches to Central Asia"
    assert title in text.replace("\n", " ")
    assert title in reader.metadata.title
    assert "Gusseinov" in reader.metadata.author


def test_flagship_deck_has_slides_native_charts_and_tables(flagship):
    deck = Presentation(flagship["pptx"])
    shapes = [shape for slide in deck.slides for shape in slide.shapes]
    assert len(deck.slides) >= 8
    assert any(getattr(s, "has_chart", False) for s in shapes), "no native chart in the deck"
    assert any(getattr(s, "has_table", False) for s in shapes), "no table in the deck"


def test_every_block_type_reaches_both_outputs(basic):
    text = " ".join(p.extract_text() for p in PdfReader(basic["pdf"]).pages)
    for expected in ("Key takeaways", "Table 1.", "Figure 1.", "Figure 2.", "Why it matters",
                     "Formats are how partners talk.", "A block quotation.", "Recommendations", "Notes"):
        assert expected in text, expected
    deck = Presentation(basic["pptx"])
    titles = [s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None]
    assert "China and the United States engage differently" in titles  # {slide} comparison
    assert "The United States runs the oldest format" in titles  # {table}
    assert "C5+1 has met most often" in titles  # {chart}
    assert "Recommendations" in titles and "Key takeaways" in titles and "Sources" in titles
    quote = [s for s in deck.slides if "Formats are how partners talk." in
             " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)]
    assert quote, "the {quote} has no slide"


def test_flagship_source_exists():
    assert (FLAGSHIP / "report.md").is_file()


def test_a_folder_of_reports_stands_for_the_reports_in_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from builders.cli import main

    shutil.copytree(ROOTS / "basic", tmp_path / "reports" / "basic")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "reports/", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "basic.pdf").is_file()
    result = CliRunner().invoke(main, ["build", "empty"])
    assert result.exit_code == 2
    assert result.stderr.startswith("empty/report.md: no report.md here"), result.stderr
