"""Build one report: read it (:func:`load`), write every format, put the outputs in place.

Skips a build whose outputs are up to date (:mod:`.uptodate`), holds the report's lock in the output
folder (:mod:`.outdir`), and runs the writers side by side (:mod:`.processes`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import TypeVar

from .. import formats as registry
from .. import paths
from .. import store as cache_store
from ..errors import ReportError
from ..locale import furniture
from ..model import Location, Meta, Report
from ..model.theme import Theme
from ..read.editions import MAIN_SOURCE, Edition, language_sources
from . import formats as formats_
from . import outdir, uptodate
from .processes import Served, run_all

DEFAULT_FORMATS = registry.names()

T = TypeVar("T")


def load(report_dir: Path, *, theme: str | None = None, cache: Path | None = None,
         edition: Edition | None = None, warm: Callable[[Theme, Meta], None] | None = None) -> tuple[Report,
                                                                                                     Theme]:
    """Read and validate a report (its main edition, or ``edition``) and its theme (nothing is
    written but the ``cache``). ``warm`` is given the theme and the front matter as soon as
    they are read, before the body and its data (see :meth:`.processes.Served.warm`)."""
    from ..read.report import read_report
    from ..read.theme import load_theme, theme_path  # (YAML: imported after the writers are forked)

    def theme_of(meta: Meta, root: Path, source: Path) -> Theme:
        name = theme or meta.theme
        # a theme named on the command line is reported as itself; one in the front matter, at the source
        location = Location(Path(name)) if theme else Location(source)
        return load_theme(theme_path(name, root, location, given=theme is not None))

    def early(meta: Meta) -> None:
        try:
            found = theme_of(meta, folder, folder / (edition.source if edition else MAIN_SOURCE))
        except ReportError:  # (reported once the report is read, as without)
            return
        assert warm is not None
        warm(found, meta)

    folder = Path(report_dir).resolve()
    report = read_report(folder, cache=cache, edition=edition, on_meta=early if warm else None)
    source = report.root / report.source
    theme_obj = theme_of(report.meta, report.root, source)
    _check_coverage(report, theme_obj, cache, source)
    return report, theme_obj


def _check_coverage(report: Report, theme: Theme, cache: Path | None, source: Path) -> None:
    """Every character shown has a font in the theme (else a located error; nothing is written)."""
    from ..shared import coverage

    files = [source]
    for folder in dict.fromkeys((report.root / "data", paths.project_root(report.root) / "data")):
        files += [folder / "datapackage.json", *sorted(folder.glob("*.csv"))]
    # font metrics are kept where the writers keep them (the machine cache, store.machine("fonts"))
    coverage.check(report, theme, [f for f in files if f.is_file()],
                   cache_store.machine("fonts") if cache else None)


#: the session of builds that pass none (the API called in a loop): this process's
_PROCESS = cache_store.Session()


class Outputs(list):
    """The files a build wrote (a list of paths), and whether they were already up to date."""

    up_to_date: bool = False


def build(report_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, out: Path = Path("out"),
          *, theme: str | None = None, template: Path | None = None,
          cache: bool = True, parallel: bool = True, force: bool = False,
          edition: Edition | None = None, session: cache_store.Session | None = None,
          served: dict[str, Served] | None = None) -> Outputs:
    """Build one report into ``out/<name>.<format>`` and return the files written (an
    ``edition`` of it into ``out/<stem>.<format>``, see :mod:`builders.read.editions`).

    Every output is written to a temporary file first and all are renamed into place only when
    all succeeded: bad input (:class:`ReportError`), a crash or a kill leaves the previous
    outputs as they were. With ``parallel`` the formats are built at the same time. Outputs
    already made from unchanged files are left as they are, unless ``force`` (or no ``cache``).
    Two builds of one report into one ``out`` take turns (see :mod:`.outdir`). ``session``
    carries what this process keeps between builds (:class:`builders.store.Session`; the
    runner makes one per command; without it, the process's own). ``served``: writers already
    at work in processes of their own, by format (:class:`.processes.Served`, which the runner
    starts for a command building several editions), to write the outputs.
    """
    return through(staged(report_dir, formats, out, theme=theme, template=template, cache=cache,
                           parallel=parallel, force=force, edition=edition, session=session, served=served))


def staged(report_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, out: Path = Path("out"),
           *, theme: str | None = None, template: Path | None = None,
           cache: bool = True, parallel: bool = True, force: bool = False,
           edition: Edition | None = None, session: cache_store.Session | None = None,
           served: dict[str, Served] | None = None) -> Generator[None, None, Outputs]:
    """:func:`build` in two stages: the generator stops once (``next``) when the report has been
    read and handed to the ``served`` writers, before it waits for their outputs, and returns
    the files written when run on to its end. The runner reads the next edition in between, so
    the writers find it waiting when they are done with this one."""
    # Python's cycle collector is paused while a build runs: a build makes little cyclic
    # garbage (4 MB more at the peak of a 223-page brief), but scanning the objects it keeps
    # took a sixth of a cold rebuild's CPU time. Freed objects are still freed at once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return (yield from _build(report_dir, formats, out, theme=theme, template=template, cache=cache,
                                  parallel=parallel, force=force, edition=edition,
                                  session=session or _PROCESS, served=served or {}))
    finally:
        if collecting:
            gc.enable()


def through(stages: Generator[None, None, T]) -> T:
    """What a staged build (:func:`staged`, the runner's) returns, run on to its end."""
    while True:
        try:
            next(stages)
        except StopIteration as done:
            return done.value


def _build(report_dir: Path, formats: tuple[str, ...], out: Path, *, theme: str | None, template: Path | None,
           cache: bool, parallel: bool, force: bool, edition: Edition | None,
           session: cache_store.Session, served: dict[str, Served]) -> Generator[None, None, Outputs]:
    unknown = [f for f in formats if f not in registry.names()]
    if unknown:
        raise ReportError(f"unknown format {unknown[0]!r}; expected one of: {', '.join(registry.names())}",
                          Location(Path(report_dir)))
    out = Path(out)
    stem = output_stem(report_dir, edition)
    outdir.check_name(stem, Path(report_dir))
    outdir.prepare(out)
    with outdir.locked(out, stem):  # a second build of it into ``out`` waits
        return (yield from _build_locked(Path(report_dir), formats, out, theme=theme, template=template,
                                         cache=cache, parallel=parallel, force=force, edition=edition,
                                         session=session, served=served))


def _expected(report_dir: Path, formats: tuple[str, ...], out: Path, theme: str | None, template: Path | None,
              edition: Edition | None) -> tuple[dict, list[Path]]:
    """The options the up-to-date check compares, and the outputs a build writes."""
    options = {"theme": theme, "template": template, "out": out.resolve(),
               **({"edition": edition} if edition else {})}
    stem = output_stem(report_dir, edition)
    return options, [out / f"{stem}.{fmt}" for fmt in formats]


def output_stem(report_dir: Path, edition: Edition | None) -> str:
    """The name a build's outputs take (``OUT/<stem>.pdf``), and its lock in ``OUT``."""
    return edition.stem_for(Path(report_dir)) if edition else Path(report_dir).resolve().name


def up_to_date(report_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, out: Path = Path("out"), *,
               theme: str | None = None, template: Path | None = None, cache: bool = True,
               force: bool = False, edition: Edition | None = None) -> bool:
    """Whether :func:`build` with these arguments would find the outputs up to date and write
    nothing (a look without the report's lock, for deciding how many processes a run needs:
    the build itself looks again under the lock)."""
    if force or not cache:
        return False
    report_dir, out = Path(report_dir), Path(out)
    options, expected = _expected(report_dir, formats, out, theme, template, edition)
    return uptodate.fresh(out / ".cache" / "builds", report_dir, formats, options, expected)


def _build_locked(report_dir: Path, formats: tuple[str, ...], out: Path, *, theme: str | None,
                  template: Path | None, cache: bool, parallel: bool, force: bool,
                  edition: Edition | None, session: cache_store.Session,
                  served: dict[str, Served]) -> Generator[None, None, Outputs]:
    cache_dir = out / ".cache" if cache else None
    options, expected = _expected(report_dir, formats, out, theme, template, edition)
    builds = cache_dir / "builds" if cache_dir else None
    if not force and uptodate.fresh(builds, report_dir, formats, options, expected):
        done = Outputs(expected)  # nothing the outputs depend on has changed since they were made
        done.up_to_date = True
        return done
    targets = dict(zip(formats, expected))  # report.name is the stem
    temps = {fmt: outdir.temporary(target) for fmt, target in targets.items()}
    settings = {fmt: formats_.settings(fmt, cache_dir, session, template=template) for fmt in formats}
    try:
        inputs = yield from _write(report_dir, formats, theme, template, cache_dir, builds is not None, temps,
                                   settings, parallel, edition, session, served)
        for fmt, target in targets.items():
            outdir.publish(temps[fmt], target)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    if inputs is not None:
        uptodate.record(builds, report_dir, formats, options, inputs, list(targets.values()))
    return Outputs(targets.values())


def cold(cache_dir: Path | None) -> bool:
    """Whether a build has nothing cached to read back (its writers then import what drawing
    from nothing takes); a process that goes on to build more (the API in a loop, --watch)
    starts no writer processes but keeps its libraries instead."""
    return cache_dir is None or not (cache_dir / "data").is_dir()


def start_writers(formats: tuple[str, ...], cold: bool | Mapping[str, bool],
                  many: bool = False, lanes: Mapping[str, int] | None = None) -> dict[str, Served]:
    """A writer per format in a process of its own (:class:`.processes.Served`), each importing
    its libraries at once while this process reads the sources (which then takes no writer's
    imports on the way to the outputs): the writers of a new process's build, or of a command's
    editions (the runner's; ``cold``: for every writer or by format; ``many``: a batch's
    writers, each collecting between its editions; ``lanes``: the processes a format's writer
    forks into once it has imported, one unless given)."""
    started: dict[str, Served] = {}
    colds = {f: cold.get(f, False) if isinstance(cold, Mapping) else cold for f in formats}
    if _drawing(formats, colds):
        # numpy: a writer drawing charts from nothing imports it with matplotlib, and this process
        # with pandas to read the data; imported here, before the fork, it is imported once
        import numpy  # noqa: F401
    try:
        for fmt in formats:
            started[fmt] = Served(fmt, colds[fmt], many, (lanes or {}).get(fmt, 1))
    except BaseException:
        for writer in started.values():
            writer.kill()
        raise
    return started


def lanes(formats: tuple[str, ...], editions: int, workers: int, cold: Mapping[str, bool]) -> dict[str, int]:
    """How many processes each of the writers of ``formats`` takes (:class:`.processes.Served`'s
    lanes, each forked once the writer has imported its libraries and writing every n-th
    edition): one, but for a few ``editions`` (no more than ``workers``) built from nothing
    with charts, one per edition for the writer that prepares to draw them (``cold``,
    matplotlib: the longest preparation, so the last to finish when it writes its outputs one
    after the other), and the workers left shared out among the others."""
    drawing = _drawing(formats, cold)
    if editions > workers or not drawing:
        return {}
    others = [f for f in formats if f not in drawing]
    left = max(1, (workers - editions * len(drawing)) // max(1, len(others)))
    return {**{f: editions for f in drawing}, **{f: min(editions, left) for f in others}}


def _drawing(formats: tuple[str, ...], cold: Mapping[str, bool]) -> list[str]:
    """The writers of ``formats`` that prepare to draw charts from nothing (matplotlib)."""
    return [f for f in formats if cold.get(f) and registry.get(f).cold_for_charts]


def _keep_per_machine(cache_dir: Path | None) -> None:
    """Reading keeps what depends only on shared files in the machine cache (furniture
    catalogues parsed, pictures checked), unless the build keeps no cache."""
    furniture.keep_parsed_in(cache_store.machine("catalogues") if cache_dir else None)
    paths.keep_checked_pictures_in(cache_store.machine("pictures") if cache_dir else None)


def _add_read(inputs: uptodate.Inputs, report: Report, theme: Theme, template: Path | None,
              opened: set) -> None:
    """Stamp what reading the report read besides its folder and data: the theme and its fonts,
    logo and template, the catalogue, pictures, and every file the gate let through since
    ``opened`` (hidden ones too)."""
    from ..model import Image

    inputs.add(theme.path, theme.logo, theme.template, template, report.meta.deck.template,
               furniture.catalogue_path(report.meta.language), *theme.font_files(),
               *(b.path for b in report.all_blocks() if isinstance(b, Image)))
    inputs.add_resolved(*sorted(p for p in paths.OPENED - opened if str(p) not in inputs.skip))


def _warming(writers: dict[str, Served], settings: dict[str, dict]) -> Callable[[Theme, Meta], None] | None:
    """What :func:`load` tells the theme it finds, once the front matter is read: the writers
    not yet warmed up (:meth:`.processes.Served.warm`), which then are; None if every one is."""
    cold_writers = [(fmt, w) for fmt, w in writers.items() if not w.warmed]

    def warm(found: Theme, meta: Meta) -> None:
        for fmt, writer in cold_writers:
            writer.warm(found, meta, settings[fmt])

    return warm if cold_writers else None


def _write(report_dir: Path, formats: tuple[str, ...], theme: str | None, template: Path | None,
           cache_dir: Path | None, keep_inputs: bool, temps: dict[str, Path], settings: dict[str, dict],
           parallel: bool, edition: Edition | None, session: cache_store.Session,
           served: dict[str, Served]) -> Generator[None, None, uptodate.Inputs | None]:
    """Read the report and write every format to its temporary file; return the files read
    (when ``keep_inputs``, for the up-to-date check). Stops once (see :func:`staged`) when
    the report is read and sent to the writers serving it, before their outputs are awaited."""
    from .formats import likely_kept, notes_only, prepared, write

    own: dict[str, Served] = {}  # in a new process every writer starts at once, in a process of its own
    if not (served or session.builds) and parallel and len(formats) > 1 and sys.platform.startswith("linux"):
        # but a writer whose last output was a kept one (a brief after an edit of the deck alone)
        own = start_writers(tuple(f for f in formats if not prepared(f) and not likely_kept(f, cache_dir)),
                            cold(cache_dir))
    writers = {fmt: w for fmt, w in {**served, **own}.items() if fmt in formats and w.alive}
    sent: list[Served] = []
    session.builds += 1
    try:
        # another edition's source is not an input: editing report.ru.md leaves report.md's outputs be
        folder = Path(report_dir).resolve()
        others = tuple(folder / name for name in [MAIN_SOURCE, *(n for n, _ in language_sources(folder))]
                       if name != (edition.source if edition else MAIN_SOURCE))
        inputs = uptodate.Inputs([report_dir, paths.project_root(report_dir) / "data"], others) \
            if keep_inputs else None
        opened = set(paths.OPENED)  # what the gate lets through from here on is this build's
        _keep_per_machine(cache_dir)
        report, theme_obj = load(report_dir, theme=theme, cache=cache_dir / "data" if cache_dir else None,
                                 edition=edition, warm=_warming(writers, settings))
        for fmt, writer in writers.items():
            writer.send(report, theme_obj, temps[fmt], settings[fmt])
            sent.append(writer)
        if inputs is not None:
            _add_read(inputs, report, theme_obj, template, opened)
        jobs: list = []  # a writer per format, or the child already writing it
        heavy = 0
        for fmt in formats:
            if fmt in writers:
                jobs.append(writers[fmt])
                continue
            jobs.append(lambda fmt=fmt: write(fmt, report, theme_obj, temps[fmt], **settings[fmt]))
            heavy += not notes_only(fmt, report, theme_obj, temps[fmt], **settings[fmt])
    except BaseException:  # the sources could not be read: nothing for this build's writers to write
        for writer in {*own.values(), *sent}:  # (and a writer sent a report and never asked is of no use)
            writer.kill()
        raise
    # a second process pays only when two outputs must be laid out: in a warm process
    # (--watch) forking costs more than touching up a deck's notes
    try:
        if sent:
            yield  # the writers are at work: the caller may read the next edition meanwhile
        run_all(jobs, parallel and heavy > 1)
    finally:
        for writer in own.values():
            writer.close()
    return inputs
