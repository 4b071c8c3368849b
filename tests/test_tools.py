"""The analyst's tools: briefkit new, check and preview."""

from __future__ import annotations

import json
import random
import re

import pytest
from click.testing import CliRunner
from PIL import Image

from builders.check import states_a_point
from builders.cli import main

from conftest import FLAGSHIP, require


def test_new_scaffolds_a_report_that_builds_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["new", "my-brief"])
    assert made.exit_code == 0, made.output + made.stderr
    source = (tmp_path / "reports" / "my-brief" / "report.md").read_text()
    for directive in ("{takeaways}", "{table}", "{chart}", "{callout}", "{quote}", "{slide}",
                      "{recommendations}"):
        assert directive in source
    assert "% " in source  # commented for a new user
    built = runner.invoke(main, ["build", "reports/my-brief"])
    assert built.exit_code == 0, built.output + built.stderr
    assert (tmp_path / "out" / "my-brief.pdf").is_file() and (tmp_path / "out" / "my-brief.pptx").is_file()
    checked = runner.invoke(main, ["check", "reports/my-brief", "--strict"])
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output
    again = runner.invoke(main, ["new", "my-brief"])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_flagship_passes_check_strictly():
    result = CliRunner().invoke(main, ["check", str(FLAGSHIP), "--strict"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "0 errors, 0 warnings" in result.output


LONG = " ".join(["The region's governments meet the partners at summits and ministerial meetings."] * 40)


def _lint_me(folder):
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "rows.csv").write_text("name,value\nA,1\nB,2\n")
    (folder / "data" / "datapackage.json").write_text(json.dumps({"resources": [{
        "name": "rows", "path": "rows.csv", "title": "Rows",
        "schema": {"fields": [{"name": "name"}, {"name": "value", "type": "integer"}]}}]}))
    bullets = "\n".join(f"- Point number {n} about the partners" for n in range(1, 13))
    paragraphs = "\n\n".join([LONG] * 9)
    (folder / "report.md").write_text(f"""---
title: A brief that breaks the house rules
---

:::{{takeaways}}
- **One.** The first point is made here.
- **Two.** The second point is made here.
- **Three.** The third point is made here.
:::

# The partners set the agenda

The CSTO meets every year; the US, the EU and the UN watch, and it costs USD 2 million, 0.1% of GDP.

{paragraphs}

:::{{slide}} Twelve bullets overflow one slide and are split across two
{bullets}
:::

:::{{table}} rows
:caption: The rows show two values
:::
""")
    return folder


def test_check_gives_one_located_finding_for_each_problem(tmp_path):
    folder = _lint_me(tmp_path / "reports" / "lint")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, "warnings alone pass without --strict"
    lines = result.output.splitlines()
    path = str(folder / "report.md")

    def finding(line: int, words: str) -> list[str]:
        return [x for x in lines if x.startswith(f"{path}:{line}") and words in x]

    assert len(finding(1, "words; a policy brief has at most")) == 1  # over-long brief
    assert len(finding(33, "slide has 12 bullets")) == 1  # the {slide} directive's line
    assert len(finding(48, "has no source")) == 1  # the {table} directive's line
    assert len(finding(13, "acronym CSTO is not spelled out")) == 1  # the acronym's line
    # what every reader knows, and a currency's code, are not flagged
    assert not [x for x in lines if re.search(r"acronym (US|EU|UN|USD|GDP) ", x)], lines
    strict = CliRunner().invoke(main, ["check", str(folder), "--strict"])
    assert strict.exit_code == 2


def test_check_reports_input_errors_as_errors(tmp_path):
    folder = tmp_path / "reports" / "broken"
    folder.mkdir(parents=True)
    (folder / "report.md").write_text("---\ntitle: T\ntoc: maybe\n---\n\n# Heading\n\nText.\n")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'report.md'}:3:6: error: expected true or false" in result.output


@pytest.mark.parametrize("title, expected", [
    ("Outside powers now set the region's agenda", True), ("Dates tell the story", True),
    ("Security leads the U.S. list and closes China's", True), ("Background", False),
    ("Two powers, two approaches", False), ("Key findings of the study", False)])
def test_titles_that_state_a_point(title, expected):
    assert states_a_point(title) is expected


def test_preview_writes_thumbnails_and_contact_sheets(tmp_path):
    require("libreoffice")
    result = CliRunner().invoke(main, ["preview", str(FLAGSHIP), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output + result.stderr
    folder = tmp_path / "preview" / "us-china-central-asia"
    pages = sorted(folder.glob("brief-*.png"))
    slides = sorted(folder.glob("deck-*.png"))
    from pptx import Presentation
    from pypdf import PdfReader

    assert len(pages) == len(PdfReader(tmp_path / "us-china-central-asia.pdf").pages)
    assert len(slides) == len(Presentation(tmp_path / "us-china-central-asia.pptx").slides)
    for sheet in ("us-china-central-asia-brief.png", "us-china-central-asia-deck.png"):
        with Image.open(tmp_path / "preview" / sheet) as image:
            assert image.width > 1000 and image.height > 500
    with Image.open(random.choice(pages)) as page:
        assert page.width == 640 and len(page.convert("L").getcolors(maxcolors=65536) or []) > 10  # not blank


def test_preview_without_libreoffice_says_so(tmp_path, monkeypatch):
    from builders.slides import rendering

    monkeypatch.setattr(rendering, "office", lambda: None)
    result = CliRunner().invoke(main, ["preview", str(FLAGSHIP), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert "LibreOffice is not installed" in result.output
    assert (tmp_path / "preview" / "us-china-central-asia-brief.png").is_file()
