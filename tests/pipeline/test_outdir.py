"""The output folder: a file, a folder that cannot be made or written, two builds at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pptx import Presentation

from builders.pipeline import outdir

from conftest import ROOT, ROOTS, briefkit, require, run

PREVIOUS = {"pdf": b"%PDF-previous good brief", "pptx": b"previous good deck"}


def _project(tmp_path: Path) -> Path:
    """A project with one report, ``basic``, and previous outputs of it in ``out/``."""
    shutil.copytree(ROOTS / "basic", tmp_path / "reports" / "basic")
    (tmp_path / "out").mkdir()
    for ext, blob in PREVIOUS.items():
        (tmp_path / "out" / f"basic.{ext}").write_bytes(blob)
    return tmp_path


def _refused(result, where: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert where in result.stderr, result.stderr


def _unchanged(root: Path) -> None:
    for ext, blob in PREVIOUS.items():
        assert (root / "out" / f"basic.{ext}").read_bytes() == blob, f"{ext} output changed"


def _read_only(folder: Path) -> tuple[str, ...]:
    """Make ``folder`` read-only for a command; return the prefix to run the command under.
    Permissions do not stop root, so as root the command sees the folder through a read-only
    bind mount in a mount namespace of its own (as on a read-only share)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return ()
    require("unshare")
    return ("unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder))


def test_out_naming_a_file_is_refused(tmp_path):
    root = _project(tmp_path)
    (root / "notes.txt").write_text("mine")
    result = briefkit("build", "reports/basic", "--out", "notes.txt", cwd=root)
    _refused(result, "'notes.txt' is a file")
    result = briefkit("build", "reports/basic", "--out", "notes.txt/briefs", cwd=root)
    _refused(result,
             "notes.txt/briefs: cannot write the outputs into this folder: it or a folder above it is a file")
    assert (root / "notes.txt").read_text() == "mine"
    _unchanged(root)


def test_read_only_out_is_refused_and_keeps_its_outputs(tmp_path):
    root = _project(tmp_path)
    prefix = _read_only(root / "out")
    try:
        result = briefkit("build", "reports/basic", "--out", "out", "--force", cwd=root, prefix=prefix)
        _refused(result, "out: cannot write the outputs into this folder: ")
        assert "Read-only file system" in result.stderr or "Permission denied" in result.stderr, result.stderr
        # a folder that is missing and cannot be made there
        result = briefkit("build", "reports/basic", "--out", "out/new", cwd=root, prefix=prefix)
        _refused(result, "out/new: cannot write the outputs into this folder: ")
    finally:
        (root / "out").chmod(0o755)
    _unchanged(root)
    assert not (root / "out" / "new").exists()
    assert result.peak_mb < 300 and result.cpu < 30, (result.peak_mb, result.cpu)


def test_a_missing_out_is_made(tmp_path):
    root = _project(tmp_path)
    result = briefkit("build", "reports/basic", "--out", "dist/briefs", "--format", "pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "dist" / "briefs" / "basic.pdf").read_bytes().startswith(b"%PDF")


def _cli(folder: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "builders.cli", "build", str(folder), "--out", str(out),
                             "--force"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_build_waits_while_another_build_of_the_report_holds_the_folder(tmp_path):
    root = _project(tmp_path)
    with outdir.locked(root / "out", "basic"):
        process = _cli(root / "reports" / "basic", root / "out")
        time.sleep(3)
        assert process.poll() is None, process.communicate()
        _unchanged(root)
        assert not list((root / "out").glob(".basic.*.tmp")), "the waiting build has not started writing"
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert (root / "out" / "basic.pdf").read_bytes().startswith(b"%PDF")


def test_two_builds_of_one_report_into_one_out_both_finish_with_whole_outputs(tmp_path):
    from stress import write_scripts_report

    folder = write_scripts_report(tmp_path / "big", rows=3000)
    out = tmp_path / "out"
    first = _cli(folder, out)
    deadline = time.time() + 60
    # the first build has saved its deck and is still writing its brief: without a lock the
    # second would delete the deck's temporary file before the first renames it into place
    while time.time() < deadline and not any(p.stat().st_size for p in out.glob(".big.pptx.*.tmp")):
        time.sleep(0.02)
    second = _cli(folder, out)
    for process in (first, second):
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0 and "Traceback" not in stderr, stderr
    check = run(require("qpdf"), "--check", str(out / "big.pdf"))
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(Presentation(str(out / "big.pptx")).slides) > 3
    assert not list(out.glob(".big.*.tmp")), "no temporary file is left behind"


@pytest.mark.parametrize("name", ["notes.txt", "notes.txt/briefs"])
def test_the_api_refuses_an_out_that_is_a_file_with_the_folder_located(tmp_path, name):
    from builders import ReportError

    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ReportError) as caught:
        outdir.prepare(tmp_path / name)
    assert caught.value.location.path == tmp_path / name


def test_a_batch_lists_its_output_folder_once_and_clears_what_killed_builds_left(tmp_path, monkeypatch):
    """What killed builds left in the output folder (``.NAME.XXXXXXXX.tmp``) is cleared before
    the output it was for is written, and only that: a temporary file of an output whose name
    begins with another's stays. The folder is listed once in the process, not once an output
    (a batch's outputs fill it: listing it for each grew as the square of the editions)."""
    from click.testing import CliRunner

    from builders.cli import main

    for n in range(3):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")
    out = tmp_path / "out"
    out.mkdir()
    left = [out / ".brief-1.pdf.k1ll3d_x.tmp", out / ".brief-2.pptx.0a1b2c3d.tmp"]
    other = out / ".brief-1.pdf.notes.pdf.abcdefgh.tmp"  # (an output named brief-1.pdf.notes.pdf)
    for path in (*left, other):
        path.write_bytes(b"half written")
    listed = []
    real = os.scandir

    def scandir(path="."):
        if Path(path) == out:
            listed.append(path)
        return real(path)

    monkeypatch.setattr(outdir.os, "scandir", scandir)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len(listed) == 1, listed
    assert not any(path.exists() for path in left) and other.exists()
    assert sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".pptx")) == [
        f"brief-{n}.{ext}" for n in range(3) for ext in ("pdf", "pptx")]
