"""A batch's first edition: writers in processes of their own are warmed up with the theme once
the front matter is read, before the first report comes (builders.pipeline.processes.Served.warm);
and its last: the manifest's digests are taken as the editions are done."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from builders import build
from builders.cli import main

from conftest import ROOTS


def _log_writers(monkeypatch, log: Path) -> None:
    """Log, in whichever process (the writers fork from here), "<event> <format> <pid> ...": each
    warm-up with its theme's file, what it opened or styled, and each write."""
    from builders.pdf import brief
    from builders.pipeline import formats
    from builders.slides import opening

    real_warm, real_write = formats.warm, formats.write
    real_styles, real_opened = brief.make_styles, opening.opened

    def note(*words) -> None:
        with log.open("a") as found:
            found.write(" ".join(str(w) for w in words) + "\n")

    def warm(fmt, theme, meta, **options):
        note("warm", fmt, os.getpid(), theme.path.name)
        return real_warm(fmt, theme, meta, **options)

    def write(fmt, report, theme, out, **options):
        note("write", fmt, os.getpid(), out.name)
        return real_write(fmt, report, theme, out, **options)

    def make_styles(theme, language):
        note("styled", "pdf", os.getpid(), language)
        return real_styles(theme, language)

    def opened(template, theme, memo):
        note("opened", "pptx", os.getpid(), Path(template).name)
        return real_opened(template, theme, memo)

    monkeypatch.setattr(formats, "warm", warm)
    monkeypatch.setattr(formats, "write", write)
    monkeypatch.setattr(brief, "make_styles", make_styles)
    monkeypatch.setattr(opening, "opened", opened)


def test_a_batch_s_writers_are_warmed_once_with_the_theme_before_the_first_report(tmp_path, monkeypatch):
    """With --jobs 2 each writer (a process per format) is sent the first edition's theme as
    soon as its front matter is read, once: the brief's registers its fonts and styles, the
    deck's opens its template, before either is sent a report. The outputs are the bytes of
    each report built alone, with no writer warmed."""
    names = [f"brief-{n}" for n in range(3)]
    for name in names:
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / name)
    log = tmp_path / "log"
    _log_writers(monkeypatch, log)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    events = [line.split() for line in log.read_text().splitlines()]
    by_process: dict[str, list[list[str]]] = {}
    for event in events:
        by_process.setdefault(event[2], []).append(event)
    assert sorted(e[1] for e in events if e[0] == "warm") == ["pdf", "pptx"], events
    for seen in by_process.values():
        kinds = [e[0] for e in seen]
        assert kinds[0] == "warm" and kinds.count("warm") == 1, seen
        assert seen[0][3] == "default.yaml", seen  # the report's theme
        first_write = kinds.index("write")
        assert {"styled", "opened"} & set(kinds[1:first_write]), seen  # done by the warm-up
        written = [e[3] for e in seen if e[0] == "write"]  # (each to its temporary file)
        assert [w.split(".")[1] for w in written] == names, seen
    assert str(os.getpid()) not in by_process, "this process reads, and warms nothing"
    for name in names:
        for path in build(tmp_path / "reports" / name, ("pdf", "pptx"), tmp_path / "alone", cache=False,
                          parallel=False):
            assert path.read_bytes() == (tmp_path / "out" / path.name).read_bytes(), path.name


def test_a_deck_writer_warmed_plans_its_first_deck_on_the_template_it_opened(monkeypatch):
    """The deck's warm-up opens the theme's template and examines its layouts into the session's
    memory; planning a deck afterwards examines them no more."""
    from builders.pipeline.build import load
    from builders.slides import opening, prepare

    report, theme = load(ROOTS / "basic")
    examined = []
    real = opening.find_layouts

    def find_layouts(prs, template):
        examined.append(Path(template).name)
        return real(prs, template)

    monkeypatch.setattr(opening, "find_layouts", find_layouts)
    memo: dict = {}
    opening.warm(theme, report.meta, None, memo)
    assert examined == [Path(theme.template).name] and memo, examined
    prepare(report, theme, memo=memo)
    assert len(examined) == 1, "examined again"


def test_a_report_whose_theme_cannot_be_read_warms_nothing_and_says_why(tmp_path, monkeypatch):
    """A theme that cannot be read is not warmed with: the build reports it, as without."""
    folder = tmp_path / "reports" / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    source = folder / "report.md"
    source.write_text(source.read_text().replace("---\n", "---\ntheme: missing-theme\n", 1))
    log = tmp_path / "log"
    _log_writers(monkeypatch, log)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "missing-theme" in result.output + result.stderr
    assert not log.exists() or "warm" not in log.read_text()


def test_a_batch_s_outputs_are_hashed_for_the_manifest_as_each_edition_is_done(tmp_path, monkeypatch):
    """The manifest's digests are taken as each edition's outcome comes, while the writers write
    the next, not all after the last; the manifest lists every output with its digest."""
    import hashlib
    import json

    from builders.pipeline import manifest, runner

    names = [f"brief-{n}" for n in range(3)]
    for name in names:
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / name)
    events: list[str] = []
    real_run_many, real_sha256 = runner.run_many, manifest.sha256

    def run_many(jobs, workers=1):
        for outcome in real_run_many(jobs, workers):
            events.append("outcome")
            yield outcome

    def sha256(path):
        events.append("hashed")
        return real_sha256(path)

    monkeypatch.setattr(runner, "run_many", run_many)
    monkeypatch.setattr(manifest, "sha256", sha256)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    assert events.count("outcome") == 3 and events.index("hashed") < events.index("outcome", 2), events
    listed = json.loads((out / "manifest.json").read_text())["outputs"]
    outputs = [p for p in out.iterdir() if p.suffix in (".pdf", ".pptx")]
    assert {e["path"]: e["sha256"] for e in listed} == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs} and len(outputs) == 6


def test_a_named_pipe_in_a_report_folder_does_not_hold_up_the_manifest(tmp_path):
    """The manifest's digest of an edition's inputs takes the regular files of its folder: a
    named pipe left there (which no build reads) is passed over, not opened and waited on."""
    import subprocess
    import sys

    from conftest import ROOT

    folder = tmp_path / "reports" / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    os.mkfifo(folder / "notes.pipe")
    done = subprocess.run([sys.executable, "-m", "builders.cli", "build", str(folder), "--out",
                           str(tmp_path / "out"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert '"path": "basic.pdf"' in (tmp_path / "out" / "manifest.json").read_text()
