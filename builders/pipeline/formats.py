"""The output formats: one registry, written by hand."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from ..model import Report
from ..shared.theme import Theme
from . import outdir

Writer = Callable[..., None]


def _fonts_cached_in(cache: Path | None) -> None:
    from ..shared import fonts

    fonts.keep_metrics_in(cache / "fonts" if cache is not None else None)


def _pdf(report: Report, theme: Theme, out: Path, **options) -> None:
    from .. import pdf

    _fonts_cached_in(options.get("cache"))
    with outdir.writing(out.parent):
        pdf.write(report, theme, out, **options)


def _pptx(report: Report, theme: Theme, out: Path, **options) -> None:
    from .. import slides

    _fonts_cached_in(options.get("cache"))
    with outdir.writing(out.parent):
        slides.write(report, theme, out, **options)


#: format name → the module that writes it
MODULES = {"pdf": "builders.pdf", "pptx": "builders.slides"}


def prepared(fmt: str) -> bool:
    """Whether this process has imported the writer of ``fmt`` (and so its libraries) already."""
    return MODULES[fmt] in sys.modules


def prepare(fmt: str) -> None:
    """Import the writer of ``fmt`` and its libraries."""
    importlib.import_module(MODULES[fmt])


def _pptx_notes_only(report: Report, theme: Theme, out: Path, **options) -> bool:
    if not prepared("pptx"):  # never imported just to ask
        return False
    from .. import slides

    return slides.notes_only(report, theme, out, **options)


#: format name → writer(report, theme, out_path, cache=..., template=...)
FORMATS: dict[str, Writer] = {"pdf": _pdf, "pptx": _pptx}

#: the writer a new process building several formats starts first, in a process of its own,
#: to import its libraries while the sources are read (see processes.Ahead): the brief's,
#: whose layout is the longer task once the deck can reuse the slides it kept
FIRST = "pdf"

#: format name → whether its writer will only touch up what this process wrote last (same
#: arguments as the writer); such a writer is not worth a process of its own
LIGHT: dict[str, Callable[..., bool]] = {"pptx": _pptx_notes_only}


def describe(path: Path) -> str:
    """Size and length of an output (its pages or slides), for ``build --verbose``."""
    size = f"{path.stat().st_size / 1024:,.0f} KB"
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return f"{len(PdfReader(path).pages)} pages, {size}"
    if path.suffix == ".pptx":
        from pptx import Presentation

        return f"{len(Presentation(str(path)).slides)} slides, {size}"
    return size
