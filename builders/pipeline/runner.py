"""Running builds: one report, many in parallel processes, or again whenever a source changes."""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Problem, ReportError
from ..paths import ASSETS, project_root
from ..read.editions import MAIN_SOURCE, Edition, may_draw_charts
from ..store import Session
from . import processes, uptodate


@dataclass(frozen=True)
class Job:
    """What to build: one report folder with the build options."""

    folder: Path
    formats: tuple[str, ...]
    out: Path
    theme: str | None = None
    template: Path | None = None
    cache: bool = True
    #: build even when the outputs are up to date
    force: bool = False
    #: which edition of the report (None: its main one; see builders.read.editions)
    edition: Edition | None = None

    @property
    def label(self) -> str:
        """The report folder, with the edition's source and parameters when not the main one."""
        if self.edition is None:
            return str(self.folder)
        shown = str(self.folder / self.edition.source)
        return shown + "".join(f" {n}={v}" for n, v in self.edition.params)


@dataclass(frozen=True)
class Outcome:
    """How a job went: files written, or the problems found, or an internal failure."""

    job: Job
    written: tuple[Path, ...] = ()
    seconds: float = 0.0
    problems: tuple[Problem, ...] = ()
    #: traceback text of an internal failure (a bug), else ""
    failure: str = ""
    #: the exception itself, when run in this process (for --debug)
    error: BaseException | None = field(default=None, compare=False)
    #: the outputs were up to date: nothing was written
    up_to_date: bool = False


def run(job: Job, *, parallel: bool = True, force: bool = False, session: Session | None = None,
        served: dict | None = None) -> Outcome:
    """Build one job, never raising: problems and failures come back in the outcome. ``session``:
    what this process keeps between builds (none: the process's own); ``served``: writers at
    work in processes of their own (see :func:`builders.pipeline.build.build`)."""
    return _finished(_staged(job, parallel=parallel, force=force, session=session, served=served))


def _staged(job: Job, *, parallel: bool = True, force: bool = False, session: Session | None = None,
            served: dict | None = None) -> Generator[None, None, Outcome]:
    """:func:`run` in the two stages of :func:`builders.pipeline.build.staged`: it stops once,
    when the job's report is read and sent to the ``served`` writers."""
    from .build import staged

    started = time.perf_counter()
    try:
        written = yield from staged(job.folder, job.formats, job.out, theme=job.theme, template=job.template,
                                    cache=job.cache, parallel=parallel, force=force or job.force,
                                    edition=job.edition, session=session, served=served)
    except ReportError as error:
        return Outcome(job, seconds=time.perf_counter() - started, problems=error.problems)
    except Exception as error:  # noqa: BLE001 - reported by the caller as an internal failure
        return Outcome(job, seconds=time.perf_counter() - started,
                       failure=f"{type(error).__name__}: {error}\n{traceback.format_exc()}", error=error)
    return Outcome(job, tuple(written), time.perf_counter() - started, up_to_date=written.up_to_date)


def _finished(stages: Generator[None, None, Outcome] | Outcome) -> Outcome:
    """The outcome of a job :func:`_staged` has sent to its writers, once they are done."""
    from .build import through

    return stages if isinstance(stages, Outcome) else through(stages)


#: a pool worker's session (:func:`_start_worker`): the editions it builds share it
_worker: Session | None = None
#: builds a pool worker has run (:func:`_tidy`)
_worker_builds = 0
#: the session of the build :func:`run_many` ran before forking its workers, theirs to start from
_handed: Session | None = None
#: a pool builds its first job before forking when it has at least this many jobs a worker
WARM_FIRST = 4


def _start_worker() -> None:
    global _worker
    _worker = _handed if _handed is not None else Session()


def _run_in_worker(job: Job) -> Outcome:
    global _worker_builds
    # the pool already keeps every core busy; the exception object stays in the worker
    outcome = replace(run(job, parallel=False, session=_worker), error=None)
    _worker_builds += 1
    _tidy(_worker_builds)
    return outcome


#: builds between two full collections in a process that builds many (:func:`.processes.collect`);
#: a command building more reports than this turns the collector on (a batch)
COLLECT_EVERY = processes.COLLECT_EVERY


def _tidy(done: int) -> None:
    """After the ``done``-th build of many in this process: :func:`.processes.collect`, unless
    the caller turned the collector off."""
    if not gc.isenabled():
        return
    processes.collect(done)


def run_many(jobs: list[Job], workers: int = 1) -> Iterator[Outcome]:
    """Outcomes of all jobs, in order, built with ``workers`` processes: with one, everything
    in this process, one output after another; with more, as many processes as there are jobs
    to build (those whose outputs are up to date are answered here, without a process), and
    one job to build is built here with its outputs written side by side (a process per
    output, see :mod:`.processes`).

    The workers are a warm pool: this process imports the writers' libraries once (and, for a
    build with nothing cached, the libraries that read and draw from nothing: pandas,
    matplotlib) and the workers fork from it, sharing those pages rather than each importing
    them, and each takes a run of neighbouring jobs — the editions of one template side by
    side — so that it builds many editions and they share what they have in common (fonts,
    the template's slides, charts already converted). With many jobs (a batch: at least
    :data:`WARM_FIRST` a worker) this process builds the first before forking, so every worker
    starts with what the first edition warmed — the template opened, fonts registered, the data
    typed, slides to copy, its session — instead of each warming it again."""
    side_by_side = workers > 1  # (one job to build with room for more processes: its outputs side by side)
    workers = min(workers, len(jobs))
    stale = jobs if workers <= 1 else [job for job in jobs if not _up_to_date(job)]
    if min(workers, len(stale)) <= 1:
        session = Session()
        for done, job in enumerate(jobs, start=1):
            yield run(job, parallel=side_by_side, session=session)
            if len(jobs) > 1:
                _tidy(done)
        return
    formats = {job.formats for job in stale}
    if len(formats) == 1 and len(stale[0].formats) > 1 and sys.platform.startswith("linux") \
            and (len(stale) <= workers or workers <= len(stale[0].formats)):
        yield from _by_format(jobs, stale, workers)
        return
    yield from _pooled(jobs, stale, min(workers, len(stale)))


def _by_format(jobs: list[Job], stale: list[Job], workers: int) -> Iterator[Outcome]:
    """A process per format writes that format for every edition (the brief's lays out every
    brief, the deck's renders every deck), started at once, importing its libraries while this
    process reads the first edition, then each next one while they write: for a few editions
    (no more than processes to build them), and for a batch when there are no more processes
    than formats (``--jobs 2`` for briefs and decks). A pool would give each edition a process
    that imports everything and writes both outputs one after the other, and in a batch it
    builds the first edition before forking, a core idle meanwhile; this way no library is
    imported twice, no import waits on another (:class:`.processes.Served`), and each writer
    shares its work between the editions it writes in a session of its own. For a few editions
    with charts drawn from nothing, the brief's writer forks into a process per edition once it
    has imported (its lanes, :func:`.build.lanes`)."""
    from .. import formats as registry
    from .build import lanes, start_writers
    from .formats import likely_kept

    nothing_cached = _nothing_cached(stale)
    # (a guess about when to import, made from the sources: see may_draw_charts)
    charts = nothing_cached and may_draw_charts([Path(job.folder) / (job.edition.source if job.edition
                                                                     else MAIN_SOURCE) for job in stale])
    cold = {fmt: nothing_cached and (charts or not registry.get(fmt).cold_for_charts)
            for fmt in stale[0].formats}
    # (a writer likely to write kept outputs, as after an edit of the decks alone, writes them here)
    kept = {fmt for fmt in stale[0].formats
            if all(job.cache and likely_kept(fmt, job.out / ".cache") for job in stale)}
    many = len(jobs) > COLLECT_EVERY  # a batch: each writer collects between its editions
    writing = tuple(f for f in stale[0].formats if f not in kept)
    served = start_writers(writing, cold, many, lanes(writing, len(stale), workers, cold))
    # each edition is read and sent to the writers while they write those before (at most
    # READ_AHEAD at once: each holds its report), :func:`builders.pipeline.build.staged`; the
    # outcomes come in the jobs' order
    in_hand = _InHand(many and gc.isenabled())  # (a caller who turned the collector off keeps it off)
    completed = False
    try:
        waiting, session = {id(job) for job in stale}, Session()
        for job in jobs:
            lock = _lock_of(job)
            yield from in_hand.room_for(lock)
            if id(job) not in waiting:  # up to date: answered here
                in_hand.add(lock, run(job, session=session))
                continue
            stages = _staged(job, session=session, served=served)
            try:
                next(stages)
                in_hand.add(lock, stages)
            except StopIteration as finished:  # nothing sent (bad input, or nothing to write)
                in_hand.add(lock, finished.value)
            in_hand.read_first()
        yield from in_hand.all()
        completed = True
    finally:
        # stopped early (Ctrl-C, a caller that stopped reading): the writers stop at once rather
        # than write what they were sent, then each edition in hand lets its temporary files and
        # its lock go; done: each writer leaves once it has written what it was sent
        for writer in served.values():
            if completed:
                writer.close()
            else:
                writer.kill()
        in_hand.close()


class _InHand:
    """The editions :func:`_by_format` has read and sent to the writers, oldest first, with
    their outcomes once the writers are done (see :func:`_finished`)."""

    def __init__(self, collect: bool) -> None:
        self.items: list[tuple[tuple[str, str], Generator[None, None, Outcome] | Outcome]] = []
        self.collect, self.done, self.frozen = collect, 0, False

    def add(self, lock: tuple[str, str], item: Generator[None, None, Outcome] | Outcome) -> None:
        self.items.append((lock, item))

    def read_first(self) -> None:
        """After an edition is read: once the first has been, in a batch, what reading it
        imported (pandas, to type the data: 0.4 s) is frozen out of every collection's way.
        Imported with the collector paused, it would otherwise all be scanned by the first
        collection of the youngest generation and again by the first full one (0.1-0.2 s)."""
        if self.collect and not self.frozen:
            self.frozen = True
            gc.freeze()

    def room_for(self, lock: tuple[str, str]) -> Iterator[Outcome]:
        """The outcomes to hand on before the job whose outputs' ``lock`` (:func:`_lock_of`) this
        is is read: the oldest, while READ_AHEAD are in hand, and every one up to an edition
        that shares it (the same report given twice to :func:`run_many`), which holds that lock
        until it is done: this process would wait on itself for ever."""
        while self.items and (len(self.items) >= READ_AHEAD or any(held == lock for held, _ in self.items)):
            yield self._next()

    def all(self) -> Iterator[Outcome]:
        while self.items:
            yield self._next()

    def _next(self) -> Outcome:
        outcome = _finished(self.items.pop(0)[1])
        self.done += 1
        if self.collect:
            processes.collect(self.done)
        return outcome

    def close(self) -> None:
        for _, left in self.items:
            if isinstance(left, Generator):
                left.close()  # (stopped early: its temporary files go, its lock is let go)


def _lock_of(job: Job) -> tuple[str, str]:
    """The output folder and name of a job's outputs: what its build holds a lock on."""
    from .build import output_stem

    return str(Path(job.out).resolve()), output_stem(Path(job.folder), job.edition)


#: editions read and sent to the writers ahead of the oldest one they have not finished
READ_AHEAD = 8


def _nothing_cached(jobs: list[Job]) -> bool:
    """Whether any of the jobs has nothing cached to read back (:func:`.build.cold`)."""
    from .build import cold

    return any(cold(job.out / ".cache" if job.cache else None) for job in jobs)


def _up_to_date(job: Job) -> bool:
    from .build import up_to_date

    return up_to_date(job.folder, job.formats, job.out, theme=job.theme, template=job.template,
                      cache=job.cache, force=job.force, edition=job.edition)


def _pooled(jobs: list[Job], stale: list[Job], workers: int) -> Iterator[Outcome]:
    """``stale`` built by a pool of ``workers`` processes, the other jobs here (up to date)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import formats

    global _handed
    warm_first = len(stale) >= WARM_FIRST * workers  # a batch: the workers start warm (below)
    if sys.platform.startswith("linux"):
        method = "fork"
        # what writing and reading from nothing needs (matplotlib, pandas), unless the first
        # edition is built here first, which imports what it needs and no more (a batch without
        # a chart has no use for matplotlib: a third of a second before the workers started)
        cold = not warm_first and _nothing_cached(stale)
        for fmt in dict.fromkeys(f for job in stale for f in job.formats):
            formats.prepare(fmt, cold=cold)
        if cold:
            formats.prepare_reading()
    else:
        method = "spawn"
    session = Session()
    first: dict[int, Outcome] = {}
    if method == "fork" and warm_first:
        first[id(stale[0])] = run(stale[0], parallel=False, session=session)
        stale, _handed = stale[1:], session
        if gc.isenabled():
            gc.collect()
    if method == "fork":
        gc.freeze()  # what was imported stays out of the workers' collections (and off their copied pages)
    # a few runs per worker, so that one left with slow editions does not hold the others up
    chunk = max(1, -(-len(stale) // (workers * 4)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                                 initializer=_start_worker) as pool:
            built = pool.map(_run_in_worker, stale, chunksize=chunk)
            waiting = {id(job) for job in stale}
            for job in jobs:
                if id(job) in first:
                    yield first[id(job)]
                else:
                    yield next(built) if id(job) in waiting else run(job, parallel=False, session=session)
    finally:
        _handed = None


# --------------------------------------------------------------------------- watching


def watched_paths(job: Job) -> list[Path]:
    """Folders whose files a report's outputs may depend on: the whole project (a report may
    name pictures and templates anywhere in it) and the assets."""
    folder = job.folder.resolve()
    roots = [project_root(folder), ASSETS]
    if job.template is not None:
        roots.append(job.template.resolve().parent)
    return [r for r in dict.fromkeys(roots) if r.exists()]


def snapshot(roots: list[Path], ignore: Path | None = None) -> dict[Path, list[int] | None]:
    """Size and modification time of every file under ``roots``, skipping ``ignore`` (the
    output folder) and hidden files."""
    return {path: uptodate.stamp(path) for root in roots
            if ignore is None or not (root == ignore or ignore in root.parents)
            for path in uptodate.files(root, ignore)}


def watch(jobs: list[Job], report: Callable[[Outcome], None], *, interval: float = 0.25,
          stop: threading.Event | None = None) -> None:
    """Build every job, then rebuild a job in this process whenever a file it depends on changes
    (its report folder, the project's data, the assets), until ``stop`` is set or Ctrl-C."""
    stop = stop or threading.Event()
    roots = {job: watched_paths(job) for job in jobs}
    out = jobs[0].out.resolve() if jobs else None
    seen = {job: snapshot(roots[job], out) for job in jobs}
    session = Session()
    for job in jobs:
        # a full build in this process first, so fonts, charts and the deck are warm here and
        # in the children later rebuilds fork from
        report(run(job, parallel=False, force=True, session=session))
    while not stop.wait(interval):
        for job in jobs:
            now = snapshot(roots[job], out)
            if now != seen[job]:
                seen[job] = now
                report(run(job, session=session))
