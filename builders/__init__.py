"""briefkit: one report source → a PDF policy brief and a PowerPoint briefing deck.

The public API is :func:`build`, :func:`load` and :class:`ReportError`; the command line
(``briefkit``) is a thin layer over them. The package reads as the pipeline runs:
``read/`` (report.md and the data package → :mod:`builders.model`), the writers ``pdf/`` and
``slides/``, what both writers share (``shared/``: theme, fonts, charts), and the build machinery
(``pipeline/``: up-to-date check, caches, processes, the runner).
"""

from __future__ import annotations

from .pipeline import safety as _safety

_safety.block_settings_files()  # before ReportLab is imported anywhere

from .errors import ReportError  # noqa: E402
from .pipeline.build import build, load  # noqa: E402

__all__ = ["build", "load", "ReportError"]
__version__ = "0.1.0"
