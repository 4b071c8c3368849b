"""The contract every writer keeps: what ``pipeline/`` may ask of the package a line of
``builders/formats.py`` names, through that package's ``WRITER``."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..model import Meta, Report
from ..model.theme import Theme


class Writer(Protocol):
    """A writer: one format's output from the model and a theme."""

    #: the format's name, as in ``builders/formats.py``
    name: str
    #: what one output is called in messages and previews ("brief", "deck")
    label: str
    #: columns of its preview's contact sheet
    sheet_columns: int
    #: why a preview could not show it, when :meth:`preview` returns None
    unshown: str

    def write(self, report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
              **options: object) -> None:
        """Write the output for ``report`` at ``out`` (``cache``: ``out/.cache`` or None;
        ``session``, among the options: what the process keeps between builds, a
        :class:`builders.store.Session`, where a writer keeps what it reuses in memory)."""

    def notes_only(self, report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
                   **options: object) -> bool:
        """Whether :meth:`write` will only touch up what this process wrote last (then the
        build gives it no process of its own)."""

    def prepare(self, cold: bool = False) -> None:
        """Import the libraries writing needs (a writer may import them only once it knows it
        must lay out) and, with ``cold`` (nothing cached to read back), what writing from nothing
        needs besides (what it draws charts with, say), so that processes forked afterwards
        share them."""

    def warm(self, theme: Theme, meta: Meta, *, cache: Path | None = None, **options: object) -> None:
        """Do what writing any report with ``theme`` (in ``meta``'s language, with its
        template) does first and keeps for the next (fonts registered, a template opened, in
        ``session`` among the options), before the first report comes: a writer in a process
        of its own is sent this once the front matter is read, while the body and its data
        are (:meth:`builders.pipeline.processes.Served.warm`). It writes nothing, and the
        outputs are those written without it."""

    def describe(self, path: Path) -> str:
        """Its length ("8 pages", "18 slides"), for ``build --verbose``."""

    def preview(self, path: Path, work: Path) -> Path | None:
        """A PDF of the output as a reader sees it, made in ``work`` (the output itself when
        it is one), for ``briefkit preview``; None when the program that shows it is missing."""
