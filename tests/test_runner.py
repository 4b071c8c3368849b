"""Running builds: up-to-date skips, --jobs, --watch, and the same bytes whichever way."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import build, runner
from builders.cli import main

from conftest import ROOTS


@pytest.fixture
def basic_copy(tmp_path) -> Path:
    folder = tmp_path / "reports" / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    return folder


def _stamps(paths):
    return [p.stat().st_mtime_ns for p in paths]


def test_unchanged_sources_are_not_rebuilt_and_any_change_is(basic_copy, tmp_path):
    out = tmp_path / "out"
    first = build(basic_copy, ("pdf", "pptx"), out)
    made = _stamps(first)
    time.sleep(0.01)
    assert _stamps(build(basic_copy, ("pdf", "pptx"), out)) == made, "nothing changed: nothing rewritten"
    for change in (lambda: (basic_copy / "report.md").write_text((basic_copy / "report.md").read_text() + "\nMore.\n"),
                   lambda: (basic_copy / "data" / "events.csv").write_text(
                       (basic_copy / "data" / "events.csv").read_text() + "2024-04-05,China,Khiva talks\n"),
                   lambda: (basic_copy / "new-picture.png").write_bytes(b"x"),
                   lambda: (out / "basic.pdf").unlink()):
        time.sleep(0.01)
        change()
        again = build(basic_copy, ("pdf", "pptx"), out)
        assert _stamps(again) != made, "a change must rebuild"
        made = _stamps(again)
    assert _stamps(build(basic_copy, ("pdf", "pptx"), out, cache=False)) != made, "--no-cache always builds"


def test_jobs_build_every_report_with_the_same_bytes(tmp_path):
    for n in range(3):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports" / "brief-0"), str(tmp_path / "reports" / "brief-1"),
                                       str(tmp_path / "reports" / "brief-2"), "--out", str(tmp_path / "two"),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.count("wrote ") == 3
    single = build(tmp_path / "reports" / "brief-1", ("pdf", "pptx"), tmp_path / "one", cache=False, parallel=False)
    for path in single:
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_jobs_report_each_broken_report_and_build_the_rest(tmp_path):
    shutil.copytree(ROOTS / "basic", tmp_path / "reports" / "good")
    (tmp_path / "reports" / "bad").mkdir()
    (tmp_path / "reports" / "bad" / "report.md").write_text("---\ntitle: T\nbogus: 1\n---\n")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports" / "bad"), str(tmp_path / "reports" / "good"),
                                       "--out", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 2
    assert "bad/report.md:3:1: unknown key 'bogus'" in result.stderr
    assert (tmp_path / "out" / "good.pdf").is_file()


def test_watch_rebuilds_on_change_and_reports_errors(basic_copy, tmp_path):
    outcomes = []
    stop = threading.Event()
    job = runner.Job(basic_copy, ("pdf", "pptx"), tmp_path / "out")
    thread = threading.Thread(target=runner.watch, args=([job], outcomes.append),
                              kwargs={"interval": 0.05, "stop": stop})
    thread.start()
    try:
        _wait(lambda: len(outcomes) == 1)
        assert outcomes[0].written and not outcomes[0].problems
        source = (basic_copy / "report.md").read_text()
        (basic_copy / "report.md").write_text(source.replace("Partners created formats quickly",
                                                             "Partners created formats very quickly"))
        _wait(lambda: len(outcomes) == 2)
        assert outcomes[1].written
        (basic_copy / "report.md").write_text(source.replace("title:", "titel:", 1))
        _wait(lambda: len(outcomes) == 3)
        assert outcomes[2].problems and "unknown key 'titel'" in outcomes[2].problems[0].message
    finally:
        stop.set()
        thread.join(timeout=30)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "basic.pdf").pages)
    assert "very quickly" in text  # the last good build stays; the broken edit wrote nothing


def test_a_watch_rebuild_writes_what_a_fresh_build_writes(basic_copy, tmp_path):
    out = tmp_path / "out"
    build(basic_copy, ("pdf", "pptx"), out, parallel=False)
    source = (basic_copy / "report.md").read_text()
    (basic_copy / "report.md").write_text(source.replace("Partners created formats quickly",
                                                         "Partners created new formats quickly"))
    incremental = build(basic_copy, ("pdf", "pptx"), out)  # the deck only changes speaker notes
    import subprocess
    import sys

    code = ("from pathlib import Path; from builders import build; "
            f"build(Path({str(basic_copy)!r}), ('pdf', 'pptx'), Path({str(tmp_path / 'fresh')!r}), cache=False)")
    subprocess.run([sys.executable, "-c", code], check=True)
    for path in incremental:
        assert path.read_bytes() == (tmp_path / "fresh" / path.name).read_bytes(), path.name


def _wait(condition, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.05)
