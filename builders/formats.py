"""The output formats: one registry, written by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .model import Report
from .theme import Theme

Writer = Callable[..., None]


def _pdf(report: Report, theme: Theme, out: Path, **options) -> None:
    from . import pdf

    pdf.write(report, theme, out, **options)


def _pptx(report: Report, theme: Theme, out: Path, **options) -> None:
    from . import slides

    slides.write(report, theme, out, **options)


#: format name → writer(report, theme, out_path, cache=..., template=...)
FORMATS: dict[str, Writer] = {"pdf": _pdf, "pptx": _pptx}
