"""briefkit: one report source → a PDF policy brief and a PowerPoint briefing deck.

The public API is :func:`build`; the command line (``briefkit``) is a thin layer over it.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from pathlib import Path

from . import outdir, paths, safety, uptodate

safety.block_settings_files()

from .editions import Edition  # noqa: E402
from .errors import ReportError  # noqa: E402
from .model import Location, Report  # noqa: E402
from .theme import Theme, load_theme, theme_path  # noqa: E402

__all__ = ["build", "load", "ReportError", "DEFAULT_FORMATS"]
__version__ = "0.1.0"

DEFAULT_FORMATS = ("pdf", "pptx")


def load(report_dir: Path, *, theme: str | None = None, cache: Path | None = None,
         edition: Edition | None = None) -> tuple[Report, Theme]:
    """Read and validate a report (its main edition, or ``edition``) and its theme (nothing is
    written but the ``cache``)."""
    from .sources import read_report

    report = read_report(Path(report_dir), cache=cache, edition=edition)
    source = report.root / (edition.source if edition else "report.md")
    name = theme or report.meta.theme
    # a theme named on the command line is reported as itself; one named in the front matter, at the source
    location = Location(Path(name)) if theme else Location(source)
    theme_obj = load_theme(theme_path(name, report.root, location, given=theme is not None))
    _check_coverage(report, theme_obj, cache, source)
    return report, theme_obj


def _check_coverage(report: Report, theme: Theme, cache: Path | None, source: Path) -> None:
    """Every character shown has a font in the theme (else a located error; nothing is written)."""
    from . import coverage

    files = [source]
    for folder in dict.fromkeys((report.root / "data", paths.project_root(report.root) / "data")):
        files += [folder / "datapackage.json", *sorted(folder.glob("*.csv"))]
    # font metrics are kept where the writers keep them (out/.cache/fonts)
    coverage.check(report, theme, [f for f in files if f.is_file()], cache.parent / "fonts" if cache else None)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this child if the parent dies (a killed build stops all its work)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _start_child(write) -> tuple[int, int]:
    """Fork a child that runs ``write`` and pickles how it went onto a pipe; return the child's
    pid and the pipe's reading end. (os.fork rather than multiprocessing, whose import alone
    costs a cold build 17 ms; the child leaves with os._exit, skipping interpreter teardown.)"""
    reading, writing = os.pipe()
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    # Ctrl-C between the fork and the return would leave a child this process knows nothing of
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(reading)
        os.close(writing)
        raise
    if pid:
        os.close(writing)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return pid, reading
    status = 1
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(reading)
        _die_with_parent(parent)
        outcome: tuple[str, object]
        try:
            write()
            outcome = ("ok", None)
        except ReportError as error:
            outcome = ("report", list(error.problems))  # frozen dataclasses: they pickle
        except BaseException as error:  # noqa: BLE001 - everything must reach the parent
            import traceback

            outcome = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
        with os.fdopen(writing, "wb") as pipe:
            pickle.dump(outcome, pipe)
        status = 0
    finally:
        os._exit(status)


def _finish_child(pid: int, reading: int) -> tuple[str, object]:
    """Wait for a child of :func:`_start_child` and return how it went. (The outcome is read as
    one pickle, not to the end of the pipe: a process forked meanwhile by another thread may
    hold the pipe open.)"""
    try:
        with os.fdopen(reading, "rb") as pipe:
            outcome = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
        outcome = None
    except BaseException:  # interrupted while the child works: stop it rather than wait
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if not (isinstance(outcome, tuple) and len(outcome) == 2 and outcome[0] in ("ok", "report", "error")):
        return "error", f"a build process ended with code {os.waitstatus_to_exitcode(status)}"
    return outcome


def _stop(pid: int, reading: int) -> None:
    """Kill a child of :func:`_start_child` and reap it."""
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(reading)


def _run_all(jobs: list, parallel: bool) -> None:
    """Run the writers in ``jobs``, one per format in the order asked for; a job that is a
    ``(pid, pipe)`` pair is a writer already at work in a child (see :class:`_Ahead`). With
    ``parallel``, all writers but the last run in forked children too (Linux), so the brief
    and the deck are laid out at the same time on two cores. Every writer runs; their
    problems are reported together, in the formats' order."""
    jobs = list(jobs)
    writers = [n for n, job in enumerate(jobs) if callable(job)]
    if parallel and len(writers) > 1 and sys.platform.startswith("linux"):
        for n in writers[:-1]:
            jobs[n] = _start_child(jobs[n])
    problems: list[list] = [[] for _ in jobs]
    children = [n for n, job in enumerate(jobs) if not callable(job)]
    failure = None
    try:
        for n, job in enumerate(jobs):
            if callable(job):
                try:
                    job()
                except ReportError as error:
                    problems[n] += error.problems
        while children:
            kind, detail = _finish_child(*jobs[children[0]])
            n = children.pop(0)
            if kind == "report" and isinstance(detail, list):
                problems[n] += detail
            elif kind != "ok":
                failure = str(detail)
    finally:
        for n in children:  # this process failed: stop the children it started
            _stop(*jobs[n])
    if failure:  # a bug in briefkit: reported as such (with the traceback), even beside bad input
        raise RuntimeError(failure)
    if any(problems):
        raise ReportError(problems=[problem for found in problems for problem in found])


class _Ahead:
    """A writer started before the sources are read. In a new process the writer's libraries
    (python-pptx, ReportLab) take a tenth of a second to import: its own process imports them
    while this one reads the sources, then takes the report and theme through a pipe."""

    def __init__(self, fmt: str, out: Path, settings: dict) -> None:
        reading, writing = os.pipe()
        self.writing: int | None = writing
        try:  # room for a large report, so that sending it never waits for the child's imports
            import fcntl

            fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, 1 << 20)
        except (ImportError, AttributeError, OSError):
            pass

        def write() -> None:
            from . import formats

            os.close(writing)
            formats.prepare(fmt)
            try:
                with os.fdopen(reading, "rb") as pipe:
                    report, theme = pickle.load(pipe)
            except EOFError:  # the sources could not be read: nothing to write
                os._exit(0)
            formats.FORMATS[fmt](report, theme, out, **settings)

        try:
            self.child = _start_child(write)
        except BaseException:
            os.close(writing)
            raise
        finally:
            os.close(reading)

    def send(self, report: Report, theme: Theme) -> None:
        assert self.writing is not None
        writing, self.writing = self.writing, None
        try:
            with os.fdopen(writing, "wb") as pipe:
                pickle.dump((report, theme), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the child failed before reading; it says why when it is waited for

    def cancel(self) -> None:
        """Stop the child: the sources could not be read, or this process failed."""
        if self.writing is not None:
            os.close(self.writing)
            self.writing = None
        _stop(*self.child)


#: whether this process has not yet started a build (see :func:`_write`)
_first_build = True


class Outputs(list):
    """The files a build wrote (a list of paths), and whether they were already up to date."""

    up_to_date: bool = False


def build(report_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, out: Path = Path("out"),
          *, theme: str | None = None, template: Path | None = None,
          cache: bool = True, parallel: bool = True, force: bool = False,
          edition: Edition | None = None) -> Outputs:
    """Build one report into ``out/<name>.<format>`` and return the files written (an
    ``edition`` of it into ``out/<stem>.<format>``, see :mod:`builders.editions`).

    Every output is written to a temporary file first and all are renamed into place only when
    all succeeded: bad input (:class:`ReportError`), a crash or a kill leaves the previous
    outputs as they were. With ``parallel`` the formats are built at the same time. Outputs
    already made from unchanged files are left as they are, unless ``force`` (or no ``cache``).
    Two builds of one report into one ``out`` take turns (see :mod:`builders.outdir`).
    """
    # Python's cycle collector is paused while a build runs: a build makes little cyclic
    # garbage (4 MB more at the peak of a 223-page brief), but scanning the objects it keeps
    # took a sixth of a cold rebuild's CPU time. Freed objects are still freed at once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(report_dir, formats, out, theme=theme, template=template, cache=cache, parallel=parallel,
                      force=force, edition=edition)
    finally:
        if collecting:
            gc.enable()


def _build(report_dir: Path, formats: tuple[str, ...], out: Path, *, theme: str | None, template: Path | None,
           cache: bool, parallel: bool, force: bool, edition: Edition | None = None) -> Outputs:
    from .formats import FORMATS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ReportError(f"unknown format {unknown[0]!r}; expected one of: {', '.join(FORMATS)}",
                          Location(Path(report_dir)))
    out = Path(out)
    outdir.prepare(out)
    stem = edition.stem_for(Path(report_dir)) if edition else Path(report_dir).resolve().name
    with outdir.locked(out, stem):  # a second build of it into ``out`` waits
        return _build_locked(Path(report_dir), formats, out, theme=theme, template=template, cache=cache,
                             parallel=parallel, force=force, edition=edition)


def _build_locked(report_dir: Path, formats: tuple[str, ...], out: Path, *, theme: str | None,
                  template: Path | None, cache: bool, parallel: bool, force: bool,
                  edition: Edition | None = None) -> Outputs:
    cache_dir = out / ".cache" if cache else None
    options = {"theme": theme, "template": template, "out": out.resolve(),
               **({"edition": edition} if edition else {})}
    stem = edition.stem_for(report_dir) if edition else report_dir.resolve().name
    expected = [out / f"{stem}.{fmt}" for fmt in formats]
    builds = cache_dir / "builds" if cache_dir else None
    if not force and uptodate.fresh(builds, report_dir, formats, options, expected):
        done = Outputs(expected)  # nothing the outputs depend on has changed since they were made
        done.up_to_date = True
        return done
    targets = dict(zip(formats, expected))  # report.name is the folder's name
    temps = {fmt: outdir.temporary(target) for fmt, target in targets.items()}
    settings = {fmt: {"cache": cache_dir, **({"template": template} if fmt == "pptx" else {})} for fmt in formats}
    try:
        inputs = _write(report_dir, formats, theme, template, cache_dir, builds is not None, temps, settings,
                        parallel, edition)
        for fmt, target in targets.items():
            outdir.publish(temps[fmt], target)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    if inputs is not None:
        uptodate.record(builds, report_dir, formats, options, inputs, list(targets.values()))
    return Outputs(targets.values())


def _write(report_dir: Path, formats: tuple[str, ...], theme: str | None, template: Path | None,
           cache_dir: Path | None, keep_inputs: bool, temps: dict[str, Path], settings: dict[str, dict],
           parallel: bool, edition: Edition | None = None) -> uptodate.Inputs | None:
    """Read the report and write every format to its temporary file; return the files read
    (when ``keep_inputs``, for the up-to-date check)."""
    from .formats import FIRST, FORMATS, LIGHT, prepared

    # in a new process one writer (formats.FIRST) starts at once, in a process of its own; a
    # process that goes on to build more (the API in a loop, --watch) keeps its libraries instead
    global _first_build
    first = FIRST if FIRST in formats else formats[0]
    ahead = None
    if parallel and _first_build and len(formats) > 1 and sys.platform.startswith("linux") and not prepared(first):
        ahead = _Ahead(first, temps[first], settings[first])
    _first_build = False
    try:
        inputs = uptodate.Inputs([report_dir, paths.project_root(report_dir) / "data"]) if keep_inputs else None
        report, theme_obj = load(report_dir, theme=theme, cache=cache_dir / "data" if cache_dir else None,
                                 edition=edition)
        if ahead is not None:
            ahead.send(report, theme_obj)
        if inputs is not None:
            from .model import Image

            inputs.add(theme_obj.path, theme_obj.logo, theme_obj.template, template, report.meta.deck.template,
                       *theme_obj.font_files(), *(b.path for b in report.all_blocks() if isinstance(b, Image)))
        jobs: list = []  # a writer per format, or the child already writing it
        heavy = 0
        for fmt in formats:
            if ahead is not None and fmt == first:
                jobs.append(ahead.child)
                continue
            jobs.append(lambda fmt=fmt: FORMATS[fmt](report, theme_obj, temps[fmt], **settings[fmt]))
            heavy += fmt not in LIGHT or not LIGHT[fmt](report, theme_obj, temps[fmt], **settings[fmt])
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        raise
    # a second process pays only when two outputs must be laid out: in a warm process
    # (--watch) forking costs more than touching up a deck's notes
    _run_all(jobs, parallel and heavy > 1)
    return inputs
