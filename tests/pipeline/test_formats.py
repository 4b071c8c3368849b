"""A new output format is one package and one line of builders/formats.py: planted here (a
plain-text writer outside the package and one registry line), it is offered by --format,
built, published, listed in the manifest and left alone when up to date."""

from __future__ import annotations

import sys
import textwrap

import pytest
from click.testing import CliRunner

from builders import formats

from conftest import ROOT

WRITER = '''
from pathlib import Path


class _Text:
    name = "txt"
    label = "text"
    sheet_columns = 1
    unshown = "nothing shows a text file as pages"

    def write(self, report, theme, out: Path, *, cache=None, **options) -> None:
        out.write_text(report.meta.title + "\\n" + "\\n".join(s.title for s in report.sections) + "\\n",
                       encoding="utf-8")

    def notes_only(self, report, theme, out, **options) -> bool:
        return False

    def describe(self, path: Path) -> str:
        return f"{len(path.read_text(encoding='utf-8').splitlines())} lines"

    def preview(self, path: Path, work: Path):
        return None


WRITER = _Text()
'''


@pytest.fixture
def text_format(tmp_path, monkeypatch):
    package = tmp_path / "plain_text_writer"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(WRITER), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(formats, "FORMATS",
                        (*formats.FORMATS, formats.Format("txt", "plain_text_writer", "", "a text outline")))
    yield
    sys.modules.pop("plain_text_writer", None)


def test_a_planted_format_is_built_published_and_listed(text_format, tmp_path, monkeypatch):
    from builders import cli

    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["build", "tests/roots/basic", "--format", "txt", "--out", str(out),
                                           "--jobs", "1", "--verbose"])
    assert result.exit_code == 0, result.output
    text = (out / "basic.txt").read_text(encoding="utf-8")
    assert text.startswith("Basic test brief") and "Outside partners now set the agenda" in text
    assert "basic.txt: " in result.output and " lines, " in result.output  # the writer's describe()
    assert '"path": "basic.txt"' in (out / "manifest.json").read_text(encoding="utf-8")
    again = CliRunner().invoke(cli.main, ["build", "tests/roots/basic", "--format", "txt", "--out", str(out),
                                          "--jobs", "1"])
    assert again.exit_code == 0 and "up to date" in again.output


def test_an_unregistered_format_is_a_usage_error_naming_the_registered_ones():
    from builders import cli

    result = CliRunner().invoke(cli.main, ["build", "tests/roots/basic", "--format", "docx"])
    assert result.exit_code == 2
    assert "expected one or more of pdf, pptx" in result.output and "'docx'" in result.output
