"""Decks that validate and read well aloud: every deck the tests build passes openxml-audit
(the Open XML SDK's schema and semantic checks) with no error, marks its bars, rules and grounds
decorative, names each chart's kind and finding in its alt text, and gives every slide a title
of its own, first in reading order."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


def _decks(folder: Path) -> list[Path]:
    decks = sorted(folder.glob("*.pptx"))
    assert len(decks) >= 5, (
        f"expected the flagship, its Russian edition and the test roots' decks in {folder}"
    )
    return decks


def test_every_deck_passes_openxml_audit(every_output):
    audit = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    if not Path(audit).exists():
        pytest.fail("openxml-audit is not installed: pip install -e '.[test]'")
    for deck in _decks(every_output):
        done = subprocess.run([audit, "-m", "0", "-o", "json", str(deck)], capture_output=True, text=True,
                              timeout=120, check=False)
        [report] = json.loads(done.stdout)
        assert done.returncode == 0 and report["error_count"] == 0 and report["valid"], \
            f"{deck.name}: {json.dumps(report['errors'][:10], indent=1)}"


def _decorative(shape) -> bool:
    return bool(
        shape._element.xpath("./*[1]/p:cNvPr/a:extLst/a:ext/*[local-name()='decorative' and @val='1']")
    )


def test_bars_rules_and_grounds_are_decorative_and_say_nothing(flagship):
    prs = Presentation(flagship["pptx"])
    marked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if _decorative(shape):
                marked += 1
                assert not shape.has_text_frame or not shape.text_frame.text.strip(), shape.name
                assert not shape._element.xpath("./*[1]/p:cNvPr/@descr"), shape.name
            elif shape.has_text_frame and shape.text_frame.text.strip():
                continue  # a shape that holds text is read
            elif shape.name.endswith(" bar") or shape.name == "Connector" or (
                    shape.name.startswith("Lane ") and not shape.name.startswith("Lane label")):
                pytest.fail(f"{shape.name} on slide {prs.slides.index(slide) + 1} is not marked decorative")
    assert marked >= 20, marked


def test_chart_alt_text_names_the_kind_and_the_finding(flagship):
    prs = Presentation(flagship["pptx"])
    seen = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name.startswith("Chart: "):
                descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")[0]
                seen[shape.name] = descr
                finding = shape.name.removeprefix("Chart: ").rstrip(".")
                assert finding in descr, (finding, descr)
    assert seen, "the flagship deck has charts"
    kinds = {d.split(":")[0] for d in seen.values()}
    assert "Presence grid" in kinds, kinds  # the dot grid is not called a bar chart
    assert kinds <= {"Column chart", "Bar chart", "Stacked bar chart", "Line chart", "Dot chart", "Timeline",
                     "Presence grid"}, kinds


def test_every_slide_has_a_title_of_its_own_read_first(every_output):
    for deck in _decks(every_output):
        titles = []
        for n, slide in enumerate(Presentation(deck).slides, 1):
            title = slide.shapes.title
            assert title is not None and title.text.strip(), f"{deck.name} slide {n} has no title"
            assert slide.shapes[0].shape_id == title.shape_id, f"{deck.name} slide {n}: title not read first"
            titles.append(title.text)
        repeated = {t for t in titles if titles.count(t) > 1}
        assert not repeated, f"{deck.name}: {repeated}"
