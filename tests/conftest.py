"""Shared fixtures: built outputs of the flagship and test reports, and outside programs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
FLAGSHIP = ROOT / "reports" / "us-china-central-asia"

# the per-machine cache (font tables, hyphenation patterns: builders.store.machine) goes to a
# folder of this test session's own, never the user's, so that tests share no state with the
# user's builds nor with another session; builds in child processes inherit it
import atexit  # noqa: E402
import tempfile  # noqa: E402

os.environ["BRIEFKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefkit-test-cache-")
atexit.register(shutil.rmtree, os.environ["BRIEFKIT_CACHE_DIR"], ignore_errors=True)


def require(program: str) -> str:
    """Path of an outside program; skip without it on a laptop, fail without it in CI."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed (apt-get install poppler-utils qpdf libreoffice-impress)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=False, **kwargs)


#: runs the command in its arguments and reports, last on stderr, the peak resident memory of
#: it and its children (in kB), the seconds it took and the CPU seconds it and its children
#: used: a fresh process, so nothing the test process ran before counts
_MEASURE = ("import resource, subprocess, sys, time\n"
            "start = time.monotonic()\n"
            "code = subprocess.call(sys.argv[1:])\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "cpu = used.ru_utime + used.ru_stime\n"
            "print(f'\\n@@ {used.ru_maxrss} {time.monotonic() - start:.3f} {cpu:.3f}', file=sys.stderr)\n"
            "sys.exit(code)\n")


@dataclass(frozen=True)
class Measured:
    """How a briefkit command ended, what it printed, and what it cost."""

    returncode: int
    stdout: str
    stderr: str
    #: peak resident memory of the command and its children, in MB
    peak_mb: float
    seconds: float
    #: CPU seconds (user and system) of the command and its children: the work it did, which a
    #: machine busy with other work (a parallel test run) stretches far less than ``seconds``.
    #: Bounds on work are checked on this; speed targets are the benchmark's (benchmarks/)
    cpu: float = 0.0


def briefkit(*args: str, cwd: Path, prefix: tuple[str, ...] = (), timeout: float = 120,
             env: dict | None = None) -> Measured:
    """Run ``briefkit ARGS`` in a process of its own in ``cwd`` (``prefix``: a command to run it
    under; ``env``: variables added to this process's), measuring its peak memory and time."""
    import signal

    command = [*prefix, sys.executable, "-c", _MEASURE, sys.executable, "-m", "builders.cli", *args]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the command and everything it started
        process.communicate()
        pytest.fail(f"briefkit {' '.join(args)} did not finish in {timeout} s")
    stderr, marker, tail = stderr.rpartition("\n@@ ")
    assert marker, f"the command did not finish: {stderr[-2000:]}"
    peak, seconds, cpu = tail.split()
    return Measured(process.returncode, stdout, stderr.lstrip("\n"), int(peak) / 1024, float(seconds),
                    float(cpu))


@pytest.fixture(scope="session")
def flagship(tmp_path_factory) -> dict[str, Path]:
    """The flagship built once for the session: {"pdf": path, "pptx": path}."""
    from builders import build

    out = tmp_path_factory.mktemp("flagship")
    pdf, pptx = build(FLAGSHIP, ("pdf", "pptx"), out)
    return {"pdf": pdf, "pptx": pptx, "out": out}


@pytest.fixture(scope="session")
def flagship_ru(tmp_path_factory) -> dict[str, Path]:
    """The flagship's Russian edition built once for the session: {"pdf": path, "pptx": path}."""
    from builders import build
    from builders.read.editions import Edition

    out = tmp_path_factory.mktemp("flagship-ru")
    pdf, pptx = build(FLAGSHIP, ("pdf", "pptx"), out,
                      edition=Edition("report.ru.md", "ru", (), "us-china-central-asia.ru"))
    return {"pdf": pdf, "pptx": pptx, "out": out}


@pytest.fixture(scope="session")
def basic(tmp_path_factory) -> dict[str, Path]:
    """tests/roots/basic (every block type) built once for the session."""
    from builders import build

    out = tmp_path_factory.mktemp("basic")
    pdf, pptx = build(ROOTS / "basic", ("pdf", "pptx"), out)
    return {"pdf": pdf, "pptx": pptx, "out": out}


@pytest.fixture(scope="session")
def every_output(tmp_path_factory) -> Path:
    """Every report in reports/ and tests/roots/, every edition, built once for the session
    (briefkit build, as a user runs it) into one folder."""
    out = tmp_path_factory.mktemp("every")
    done = run(sys.executable, "-m", "builders.cli", "build", str(ROOT / "reports"),
               *(str(p) for p in sorted(ROOTS.iterdir()) if (p / "report.md").is_file()), "--out", str(out),
               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="session")
def flagship_render(flagship, tmp_path_factory) -> Path:
    """The flagship deck as LibreOffice draws it (a PDF), made once for the session."""
    return libreoffice_pdf(flagship["pptx"], tmp_path_factory.mktemp("flagship-render"))


def libreoffice_pdf(pptx: Path, outdir: Path) -> Path:
    """Convert a deck to PDF with LibreOffice (a real presentation program opening the file)."""
    from builders.preview import deck_pdf

    # one LibreOffice profile and font cache for this test process (an xdist worker has its
    # own): each conversion then starts in a profile made once, not a new one
    target = deck_pdf(pptx, outdir, require("libreoffice"),
                      keep=Path(os.environ["BRIEFKIT_CACHE_DIR"]) / "office")
    assert target.is_file(), f"LibreOffice did not convert {pptx.name}"
    return target


@pytest.fixture(autouse=True)
def _every_brief_a_test_builds_is_marked(request):
    """Every brief a test builds in its own folder (``tmp_path``) draws nothing outside marked
    content or an artifact (tests/tagcheck.py), whatever the test itself checks: a build with
    another theme, a hostile source or a stress table is walked as the shipped reports are."""
    yield
    folder = request.node.funcargs.get("tmp_path") if hasattr(request.node, "funcargs") else None
    if folder is None or not Path(folder).is_dir():
        return
    from tagcheck import is_brief, strays

    found = {str(pdf.relative_to(folder)): strays(pdf)[:5] for pdf in sorted(Path(folder).rglob("*.pdf"))
             if is_brief(pdf)}
    unmarked = {name: marks for name, marks in found.items() if marks}
    if unmarked:
        pytest.fail(f"drawn outside marked content or an artifact (page, operator): {unmarked}")


# Hypothesis: 500 examples per property in CI, fewer on a laptop (HYPOTHESIS_PROFILE overrides).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", max_examples=500, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("dev", max_examples=60, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                                 "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current outputs instead of comparing")
