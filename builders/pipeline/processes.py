"""Writers in processes of their own: a forked child per output, so the brief and the deck are laid
out at the same time on two cores, and writers started before the sources are read."""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import signal
import sys
from collections import deque
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportError

if TYPE_CHECKING:
    from ..model import Meta, Report
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
        outcome = attempt(write)
        with os.fdopen(writing, "wb") as pipe:
            pickle.dump(outcome, pipe)
        status = 0
    finally:
        os._exit(status)


def attempt(write) -> tuple[str, object]:
    """How running ``write`` went, as a child tells its parent: ("ok", None), ("report",
    problems), ("interrupted", None) or ("error", traceback text)."""
    try:
        write()
        return "ok", None
    except ReportError as error:
        return "report", list(error.problems)  # frozen dataclasses: they pickle
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent says so
        return "interrupted", None
    except BaseException as error:  # noqa: BLE001 - everything must reach the parent
        import traceback

        return "error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}"


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
    :class:`Served` writer is at work on this build's output in its own process. With
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
            job = jobs[children[0]]
            kind, detail = job.result() if isinstance(job, Served) else finish_child(*job)
            n = children.pop(0)
            if kind == "report" and isinstance(detail, list):
                problems[n] += detail
            elif kind == "interrupted":
                raise KeyboardInterrupt
            elif kind != "ok":
                failure = str(detail)
    finally:
        for n in children:  # this process failed: stop the children it started (or serves)
            if isinstance(jobs[n], Served):
                jobs[n].kill()
            else:
                stop(*jobs[n])
    if failure:  # a bug in briefkit: reported as such (with the traceback), even beside bad input
        raise RuntimeError(failure)
    if any(problems):
        raise ReportError(problems=[problem for found in problems for problem in found])


#: builds between two full collections in a process that builds many (:func:`collect`)
COLLECT_EVERY = 5


def collect(done: int) -> None:
    """After the ``done``-th build of many in this process (a batch's). What a session lets go
    of (a deck it kept, a document, its pictures) is a web of cycles that only a full collection
    frees, and Python runs one rarely in a process holding as many objects as the writers'
    libraries make: a batch of one-page editions grew by a megabyte an edition (237 MB after a
    hundred). After the first build, what the process has kept (the libraries, fonts, the
    session's caches) is frozen, out of the way of every later collection (``gc.freeze``), and
    every :data:`COLLECT_EVERY` builds a full collection frees the rest, in a few milliseconds
    (80 without the freeze)."""
    if done == 1:
        gc.collect()
        gc.freeze()
    elif done % COLLECT_EVERY == 0:
        gc.collect()


class Served:
    """A writer in a process of its own that writes one output after another: started before
    the sources are read (in a new process each writer's libraries, python-pptx and ReportLab,
    take a tenth of a second or more to import, and with ``cold`` it imports what writing from
    nothing needs as well: matplotlib), then handed each report, theme and output through a pipe
    (:meth:`send`) and answering each on another (:meth:`result`), until :meth:`close`. A
    command building several editions keeps one per format: the brief's process lays out every
    brief and the deck's renders every deck (each sharing its work between them in a session of
    its own) while this process reads the next edition. With ``lanes`` above one (a few
    editions), the writer forks once it has imported into that many processes (lanes), each
    writing every n-th output sent, side by side; the answers come in the order sent."""

    #: this process's ends of the pipes of every writer it serves: a writer forked later closes
    #: its copies, or a writer would never see its requests end while another one lives
    _ends: set[int] = set()

    def __init__(self, fmt: str, cold: bool = False, many: bool = False, lanes: int = 1) -> None:
        # a lane per process writing: (its requests' reading end, this process's writing end,
        # this process's reading end of its answers, their writing end)
        pipes: list[tuple[int, int, int, int]] = []
        made: list[int] = []  # (each end as it is made: closed again if a later one cannot be)
        try:
            for _ in range(lanes):
                made += os.pipe()
                made += os.pipe()
                pipes.append((made[-4], made[-3], made[-2], made[-1]))
                _roomy(pipes[-1][1], pipes[-1][3])
        except BaseException:
            for fd in made:
                os.close(fd)
            raise

        def serve() -> None:
            from . import formats

            # the cycle collector is off, as during any build (see builders.pipeline.build); a
            # writer serving ``many`` editions (a batch) collects between them (:func:`collect`)
            gc.disable()
            for end in (*(p[1] for p in pipes), *(p[2] for p in pipes), *Served._ends):
                os.close(end)
            formats.prepare(fmt, cold)
            # what was imported lives as long as the process: out of every collection's way (a
            # batch's writer collects after its first edition, which scanned it all: 30-110 ms)
            gc.freeze()
            # the other lanes fork from here, sharing what was imported, and this process waits
            # for them before it leaves (they die with it); a lane that cannot be forked (a
            # limit on processes reached) is served here too, in its turn
            others, here = [], [0]
            for n in range(1, lanes):
                try:
                    others.append(start_child(partial(_serve_lanes, fmt, pipes, (n,), many)))
                except OSError:
                    here.append(n)
            _serve_lanes(fmt, pipes, tuple(here), many)
            for other in others:
                finish_child(*other)

        try:
            self.child: tuple[int, int] | None = start_child(serve)
        except BaseException:
            for _, asked, answered, _ in pipes:
                os.close(asked)
                os.close(answered)
            raise
        finally:
            for asks, _, _, answers in pipes:
                os.close(asks)
                os.close(answers)
        self.requests = [os.fdopen(p[1], "wb") for p in pipes]
        self.results = [os.fdopen(p[2], "rb") for p in pipes]
        Served._ends.update(fd for p in pipes for fd in p[1:3])
        #: the lane of each write sent and not yet answered, oldest first
        self._sent: deque[int] = deque()
        self._turn = 0
        #: whether it has been sent a theme to warm up with (:meth:`warm`)
        self.warmed = False

    @property
    def alive(self) -> bool:
        return self.child is not None

    def send(self, report: Report, theme: Theme, out: Path, settings: dict) -> None:
        """Have the writer write ``report`` at ``out`` (``settings``: the writer's options but
        the session, which the writer's process keeps its own of)."""
        lane, self._turn = self._turn, (self._turn + 1) % len(self.requests)
        self._sent.append(lane)
        _tell(self.requests[lane], (report, theme, out, _options(settings)))

    def warm(self, theme: Theme, meta: Meta, settings: dict) -> None:
        """Have each lane do, before the first report comes, what writing any report with this
        theme does first (:meth:`builders.shared.writer.Writer.warm`: its fonts registered, its
        template opened): a new process's writers have imported their libraries by the time
        the first report is read (its data typed, pandas imported), and would otherwise wait
        idle. Nothing is answered: what fails here fails again in the write, and is reported there."""
        self.warmed = True
        for requests in self.requests:
            _tell(requests, ("warm", theme, meta, _options(settings)))

    def result(self) -> tuple[str, object]:
        """How the oldest write sent and not yet answered went (see :func:`attempt`); waits for it."""
        try:
            found = pickle.load(self.results[self._sent.popleft()])
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
            found = None
        except BaseException:  # interrupted while the child works: stop it rather than wait
            self.kill()
            raise
        if isinstance(found, tuple) and len(found) == 2 and found[0] in ("ok", "report", "error",
                                                                         "interrupted"):
            return found
        self.kill()
        return "error", "a build process ended before it wrote its output"

    def close(self) -> None:
        """No more to write: the child leaves once it has written what it was sent."""
        if self.child is not None:
            for requests in self.requests:
                _tell(requests, None)
            child, self.child = self.child, None
            self._close_ends()
            finish_child(*child)

    def kill(self) -> None:
        """Stop the child at once (the sources could not be read, or this process failed); its
        other lanes, its children, die with it a moment later."""
        if self.child is not None:
            child, self.child = self.child, None
            self._close_ends()
            stop(*child)

    def _close_ends(self) -> None:
        for pipe in (*self.requests, *self.results):
            Served._ends.discard(pipe.fileno())
            try:
                pipe.close()
            except OSError:
                pass


def _tell(requests, message: object) -> None:
    """``message`` pickled onto a lane's requests (``requests``, this process's end of the
    pipe); a child that failed before reading it is let be: :meth:`Served.result` says so."""
    try:
        pickle.dump(message, requests, protocol=pickle.HIGHEST_PROTOCOL)
        requests.flush()
    except BrokenPipeError:
        pass


def _options(settings: dict) -> dict:
    """A writer's options as sent to its process: all but the session, which the writer's
    process keeps its own of."""
    return {k: v for k, v in settings.items() if k != "session"}


def _roomy(*ends: int) -> None:
    """Room in a pipe for a large report, so that sending it never waits for the child's
    imports, and for the answers to the editions read ahead (a traceback each, at worst), so
    that neither end waits on the other."""
    try:
        import fcntl

        for end in ends:
            fcntl.fcntl(end, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _serve_lanes(fmt: str, pipes: list[tuple[int, int, int, int]], lanes: tuple[int, ...],
                 many: bool) -> None:
    """Serve a writer's ``lanes`` (:class:`Served`) in one process: write each output asked for
    on a lane's pipe, answering on the lane's other pipe, taking the lanes in the turns they
    are sent to, in a session of its own, until told there is no more."""
    from ..store import Session
    from . import formats

    for n, (asks, _, _, answers) in enumerate(pipes):
        if n not in lanes:  # (the lanes forked from this process have their copies)
            os.close(asks)
            os.close(answers)
    session = Session()
    requests = {n: os.fdopen(pipes[n][0], "rb") for n in lanes}
    results = {n: os.fdopen(pipes[n][3], "wb") for n in lanes}
    try:
        done = 0
        for turn in itertools.cycle(range(len(pipes))):
            if turn not in requests:
                continue
            try:
                job = pickle.load(requests[turn])
            except EOFError:  # this process is gone
                return
            if job is None:  # no more to write (the end is said, not the pipe's end awaited:
                return  # a writer forked meanwhile by another thread may hold the pipe open)
            if job[0] == "warm":  # (unanswered; see Served.warm)
                attempt(partial(formats.warm, fmt, *job[1:3], **job[3], session=session))
                continue
            answering = results[turn]
            pickle.dump(attempt(partial(formats.write, fmt, *job[:3], **job[3], session=session)), answering)
            answering.flush()
            done += 1
            if many:
                collect(done)
    finally:
        for pipe in (*requests.values(), *results.values()):
            pipe.close()
