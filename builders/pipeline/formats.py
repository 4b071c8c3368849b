"""The writers, as a build runs them: each format of ``builders/formats.py`` through its
package's ``WRITER`` (:class:`builders.shared.writer.Writer`), imported only when needed."""

from __future__ import annotations

import importlib
from pathlib import Path

from .. import formats as registry
from .. import store as cache_store
from ..model import Meta, Report
from ..paths import limit_pictures
from ..shared.theme import Theme
from ..shared.writer import Writer
from . import outdir


def writer(fmt: str) -> Writer:
    """The writer of ``fmt``, its package (and libraries) imported."""
    return importlib.import_module(registry.get(fmt).module).WRITER


#: the formats whose writers have written or been prepared in this process (their libraries imported)
_PREPARED: set[str] = set()


def prepared(fmt: str) -> bool:
    """Whether this process has prepared or run the writer of ``fmt`` (and so imported its libraries)."""
    return fmt in _PREPARED


def prepare(fmt: str, cold: bool = False) -> None:
    """Import the writer of ``fmt`` and its libraries; with ``cold`` (nothing cached to read
    back), also what it draws with from nothing (its ``prepare``)."""
    writer(fmt).prepare(cold)
    _PREPARED.add(fmt)


def likely_kept(fmt: str, cache: Path | None) -> bool:
    """Whether the writer of ``fmt`` is likely to write an output kept in ``cache``
    (``out/.cache``; see ``kept`` in ``builders/formats.py``): the last one written with it was.
    A build then starts no process for that writer before it reads the sources, whose imports
    would only compete with the other writer's for the cores, and writes the kept output
    itself. Never imports the writer's libraries."""
    module = registry.get(fmt).kept
    return bool(module) and cache is not None and importlib.import_module(module).likely(cache)


def warm(fmt: str, theme: Theme, meta: Meta, **options) -> None:
    """Have the writer of ``fmt`` do what writing any report with ``theme`` (and ``meta``'s
    language and template) does first (:meth:`builders.shared.writer.Writer.warm`)."""
    cache = options.get("cache")
    fonts_and_catalogues(cache)
    writer(fmt).warm(theme, meta, **options)


def fonts_and_catalogues(cache: object) -> None:
    """Where this process keeps parsed fonts and catalogues: the machine cache, unless the
    build keeps no cache."""
    from ..locale import furniture
    from ..shared import fonts

    fonts.keep_metrics_in(cache_store.machine("fonts") if isinstance(cache, Path) else None)
    furniture.keep_parsed_in(cache_store.machine("catalogues") if isinstance(cache, Path) else None)


def prepare_reading() -> None:
    """Import what reading a report's data from nothing needs (pandas, to type the CSVs)."""
    from ..read import data

    data.prepare()


def settings(fmt: str, cache: Path | None, session: cache_store.Session, **options: object) -> dict[str,
                                                                                                    object]:
    """The keyword arguments the writer of ``fmt`` takes: ``cache``, ``session`` and the options it names."""
    return {"cache": cache, "session": session,
            **{k: v for k, v in options.items() if k in registry.get(fmt).options}}


def write(fmt: str, report: Report, theme: Theme, out: Path, **options) -> None:
    fonts_and_catalogues(options.get("cache"))
    limit_pictures(only_if_loaded=True)  # (a process forked before the report's pictures were checked)
    with outdir.writing(out.parent):  # a full disk names the output folder
        writer(fmt).write(report, theme, out, **options)
    _PREPARED.add(fmt)


def notes_only(fmt: str, report: Report, theme: Theme, out: Path, **options) -> bool:
    """Whether the writer of ``fmt`` will only touch up what this process wrote last; never
    imported just to ask."""
    return prepared(fmt) and writer(fmt).notes_only(report, theme, out, **options)


def describe(path: Path) -> str:
    """Size and length of an output (its pages or slides), for ``build --verbose``."""
    size = f"{path.stat().st_size / 1024:,.0f} KB"
    fmt = registry.by_suffix(path.suffix)
    return f"{writer(fmt.name).describe(path)}, {size}" if fmt is not None else size
