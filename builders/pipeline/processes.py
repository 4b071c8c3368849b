"""Writers in processes of their own: a forked child per output, so the brief and the deck are laid
out at the same time on two cores, and writers started before the sources are read."""

from __future__ import annotations

import os
import pickle
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportError

if TYPE_CHECKING:
    from ..model import Report
    from ..shared.theme import Theme


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this child if the parent dies (a killed build stops all its work)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def start_child(write) -> tuple[int, int]:
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
        die_with_parent(parent)
        outcome: tuple[str, object]
        try:
            write()
            outcome = ("ok", None)
        except ReportError as error:
            outcome = ("report", list(error.problems))  # frozen dataclasses: they pickle
        except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent says so
            outcome = ("interrupted", None)
        except BaseException as error:  # noqa: BLE001 - everything must reach the parent
            import traceback

            outcome = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
        with os.fdopen(writing, "wb") as pipe:
            pickle.dump(outcome, pipe)
        status = 0
    finally:
        os._exit(status)


def finish_child(pid: int, reading: int) -> tuple[str, object]:
    """Wait for a child of :func:`start_child` and return how it went. (The outcome is read as
    one pickle, not to the end of the pipe: a process forked meanwhile by another thread may
    hold the pipe open.)"""
    try:
        with os.fdopen(reading, "rb") as pipe:
            outcome = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
        outcome = None
    except BaseException:  # interrupted while the child works: stop it rather than wait
        _kill(pid)
        raise
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # reaped already
        status = 0
    if not (isinstance(outcome, tuple) and len(outcome) == 2
            and outcome[0] in ("ok", "report", "error", "interrupted")):
        return "error", f"a build process ended with code {os.waitstatus_to_exitcode(status)}"
    return outcome


def _kill(pid: int) -> None:
    """Kill a child and reap it; one that has ended and been reaped already is let be (Ctrl-C
    reaches the children too, and one may be gone before the parent stops it)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def stop(pid: int, reading: int) -> None:
    """Kill a child of :func:`start_child` and reap it."""
    _kill(pid)
    try:
        os.close(reading)
    except OSError:
        pass


def run_all(jobs: list, parallel: bool) -> None:
    """Run the writers in ``jobs``, one per format in the order asked for; a job that is a
    ``(pid, pipe)`` pair is a writer already at work in a child (see :class:`Ahead`). With
    ``parallel``, all writers but the last run in forked children too (Linux), so the brief
    and the deck are laid out at the same time on two cores. Every writer runs; their
    problems are reported together, in the formats' order."""
    jobs = list(jobs)
    writers = [n for n, job in enumerate(jobs) if callable(job)]
    if parallel and len(writers) > 1 and sys.platform.startswith("linux"):
        for n in writers[:-1]:
            jobs[n] = start_child(jobs[n])
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
            kind, detail = finish_child(*jobs[children[0]])
            n = children.pop(0)
            if kind == "report" and isinstance(detail, list):
                problems[n] += detail
            elif kind == "interrupted":
                raise KeyboardInterrupt
            elif kind != "ok":
                failure = str(detail)
    finally:
        for n in children:  # this process failed: stop the children it started
            stop(*jobs[n])
    if failure:  # a bug in briefkit: reported as such (with the traceback), even beside bad input
        raise RuntimeError(failure)
    if any(problems):
        raise ReportError(problems=[problem for found in problems for problem in found])


class Ahead:
    """A writer started before the sources are read. In a new process each writer's libraries
    (python-pptx, ReportLab) take a tenth of a second or more to import: its own process imports
    them (with ``cold``, also what writing from nothing needs: matplotlib) while this one reads
    the sources, then takes the report and theme through a pipe."""

    def __init__(self, fmt: str, out: Path, settings: dict, cold: bool = False) -> None:
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
            formats.prepare(fmt, cold)
            try:
                with os.fdopen(reading, "rb") as pipe:
                    report, theme = pickle.load(pipe)
            except EOFError:  # the sources could not be read: nothing to write
                os._exit(0)
            formats.write(fmt, report, theme, out, **settings)

        try:
            self.child = start_child(write)
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
        stop(*self.child)
