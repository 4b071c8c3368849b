"""A language edition's language: its tag known to Babel, its file name naming it, no two
editions one file on a file system that ignores case, and a stray report.*.md named by check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builders.errors import ReportError
from builders.read.editions import Edition, language_sources

from conftest import ROOT, ROOTS


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builders.cli", *args], cwd=cwd, capture_output=True,
                          text=True,
                          timeout=600, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def folder(tmp: Path, *, russian: bool = True) -> Path:
    """A copy of tests/roots/editions (without its Russian edition unless ``russian``)."""
    copy = tmp / "ed"
    shutil.copytree(ROOTS / "editions", copy)
    if not russian:
        (copy / "report.ru.md").unlink()
    return copy


def edition(copy: Path, name: str, language: str | None) -> Edition:
    """``name`` in ``copy``: the Russian edition with ``language:`` set (or removed, when None)."""
    lines = (ROOTS / "editions" / "report.ru.md").read_text(encoding="utf-8").split("\n")
    assert lines[3] == "language: ru"
    if language is None:
        del lines[3]
    else:
        lines[3] = f"language: {language}"
    (copy / name).write_text("\n".join(lines), encoding="utf-8")
    return Edition(name, name.split(".")[1], (), "ed." + name.split(".")[1])


def problems(copy: Path, source: Edition) -> list[str]:
    from builders.read.report import read_report

    with pytest.raises(ReportError) as raised:
        read_report(copy, edition=source)
    return [f"{p.location.path.name}:{p.location.line}:{p.location.column}: {p.message}"
            for p in raised.value.problems]


@pytest.mark.parametrize("tag", ["xx", "qq-Latn", "zz-ZZZZ"])
def test_a_language_babel_does_not_know_is_located_bad_input(tmp_path, tag):
    copy = folder(tmp_path, russian=False)
    found = problems(copy, edition(copy, "report.kk.md", tag))
    assert len(found) == 1 and found[0].startswith(f"report.kk.md:4:11: unknown language '{tag}'"), found


def test_build_and_check_refuse_an_unknown_language_with_exit_2(tmp_path):
    copy = folder(tmp_path, russian=False)
    edition(copy, "report.kk.md", "xx")
    for command in (["build", "ed", "-o", "out", "-f", "pdf"], ["check", "ed"]):
        result = cli(*command, cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 2, output
        assert "ed/report.kk.md:4:11" in output and "unknown language 'xx'" in output, output
        assert "internal error" not in output and "Traceback" not in output, output


def test_the_file_name_and_the_language_must_agree(tmp_path):
    copy = folder(tmp_path, russian=False)
    found = problems(copy, edition(copy, "report.xx.md", "ru"))
    assert len(found) == 1 and found[0].startswith(
        "report.xx.md:4:11: language 'ru' differs from the language of the file's name, report.xx.md ('xx')"
    ), found
    found = problems(copy, edition(copy, "report.kk.md", None))
    assert found == [
        "report.kk.md:1:0: report.kk.md is the 'kk' edition, but its front matter has no language: "
        "add 'language: kk'"
    ], found
    found = problems(copy, edition(copy, "report.qq.md", None))
    assert len(found) == 1 and found[0].startswith("report.qq.md:1:0: unknown language 'qq' in the file name")
    # a region of the file's language is the same language
    from builders.read.report import read_report

    assert read_report(copy, edition=edition(copy, "report.ru.md", "ru-RU")).meta.language == "ru-RU"


def test_two_editions_whose_names_differ_only_in_case_are_refused(tmp_path):
    copy = folder(tmp_path)
    shutil.copy(copy / "report.ru.md", copy / "report.RU.md")
    with pytest.raises(ReportError, match="report.RU.md and report.ru.md differ only in case"):
        language_sources(copy)
    result = cli("build", "ed", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2 and "differ only in case" in result.stderr, result.stdout + result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.pdf"))


def test_check_names_a_file_that_looks_like_an_edition_but_is_not_built(tmp_path):
    from builders.check import check

    copy = folder(tmp_path, russian=False)
    for name in ("report.english.md", "report.ru_RU.md"):
        shutil.copy(ROOTS / "editions" / "report.ru.md", copy / name)
    warned = {f.location.path.name: f.message for f in check(copy) if f.severity == "warning"}
    for name in ("report.english.md", "report.ru_RU.md"):
        assert warned.get(name, "").startswith(f"{name} is not built: a language edition is named"), warned


# --------------------------------------------------------------------------- data packages and rebuilds


def test_a_data_package_problem_is_printed_once_for_all_editions(tmp_path):
    copy = folder(tmp_path)
    csv = copy / "data" / "trade.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    lines[1] += ",extra"
    csv.write_text("\n".join(lines), encoding="utf-8")
    result = cli("build", "ed", "-o", "out", "-f", "pdf", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("ed/data/trade.csv:2:1: row has 5 fields") == 1, result.stderr


@pytest.mark.parametrize(("old", "new"), [('"translations": {"ru": "partner_ru"}',
                                           '"translations": {"xx-bogus!": "partner_ru"}'),
                                          ('"ru": "Партнёр"', '"qq": "Партнёр"')])
def test_a_data_package_language_babel_does_not_know_is_bad_input(tmp_path, old, new):
    from builders.read.report import read_report

    copy = folder(tmp_path)
    package = copy / "data" / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    assert old in text
    package.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        read_report(copy)
    problem = raised.value.problems[0]
    assert problem.location.path.name == "datapackage.json" and problem.location.line == 10, problem
    assert json_key(new) in problem.message and "language tags" in problem.message, problem.message


def json_key(text: str) -> str:
    return text.split('"')[-4] if "translations" in text else text.split('"')[1]


def test_the_russian_catalogue_is_an_input_of_the_russian_edition_only(tmp_path):
    import json

    from builders import store as cache
    from builders.locale.furniture import catalogue_path

    folder(tmp_path)
    result = cli("build", "ed", "-o", "out", "-f", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    po = str(catalogue_path("ru"))
    inputs = {}
    builds = tmp_path / "out" / ".cache" / "builds"
    for manifest in builds.glob("*.json"):
        found = json.loads(cache.read_text(builds, manifest.name) or "")
        outputs = [Path(p).name for p, _ in found["outputs"]]
        inputs[outputs[0]] = {p for p, _ in found["inputs"]}
    assert set(inputs) == {"ed.pdf", "ed.ru.pdf"}, inputs
    assert po in inputs["ed.ru.pdf"] and po not in inputs["ed.pdf"]  # editing ru.po leaves the English be
