"""Golden summaries that read like the outputs: a page-by-page text log of the brief and a
slide-by-slide shape summary of the deck, for tests/roots/basic. A change in layout shows up
as a readable diff; `pytest --update-golden` accepts it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pdfplumber
from pptx import Presentation

GOLDEN = Path(__file__).resolve().parent / "golden"


def brief_log(pdf: Path) -> str:
    """Each page: its text lines, cut to their first eight words."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines.append(f"== page {page.page_number}")
            for line in (page.extract_text() or "").splitlines():
                words = line.split()
                if words:
                    lines.append("  " + " ".join(words[:8]) + (" …" if len(words) > 8 else ""))
    return "\n".join(lines) + "\n"


def deck_log(pptx: Path) -> str:
    """Each slide: its layout, then each shape's kind, position and first words, then the notes."""
    deck = Presentation(pptx)
    lines = []
    for number, slide in enumerate(deck.slides, start=1):
        lines.append(f"== slide {number} [{slide.slide_layout.name}]")
        for shape in slide.shapes:
            where = (
                f"@{shape.left // 12700},{shape.top // 12700} {shape.width // 12700}x{shape.height // 12700}"
            )
            if shape.has_chart:
                chart = shape.chart
                text = f"chart {chart.chart_type} series={[s.name for s in chart.plots[0].series]}"
            elif shape.has_table:
                table = shape.table
                header = [c.text for c in table.rows[0].cells]
                text = f"table {len(table.rows)}x{len(table.columns)} header={header}"
            elif shape.has_text_frame:
                text = "text " + " / ".join(p.text for p in shape.text_frame.paragraphs if p.text)[:90]
            else:
                text = str(shape.shape_type)
            lines.append(f"  {shape.name[:24]:<24} {where:<22} {text}")
        notes = slide.notes_slide.notes_text_frame.text.split()
        lines.append("  notes: " + " ".join(notes[:10]) + (" …" if len(notes) > 10 else ""))
    return "\n".join(lines) + "\n"


def _compare(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no {path}; run pytest --update-golden to make it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), name, "now"))
        raise AssertionError(f"{name} changed (pytest --update-golden accepts the change):\n{diff[:6000]}")


def test_brief_matches_its_golden_log(basic, request):
    _compare("basic-brief.txt", brief_log(basic["pdf"]), request.config.getoption("--update-golden"))


def test_deck_matches_its_golden_summary(basic, request):
    _compare("basic-deck.txt", deck_log(basic["pptx"]), request.config.getoption("--update-golden"))
