"""briefkit: one report source → a PDF policy brief and a PowerPoint briefing deck.

The public API is :func:`build`, :func:`load` and :class:`ReportError`; the command line
(``briefkit``) is a thin layer over them. The package is built in floors, each importing only
those below it (``docs/layout.md``): ``model/``; ``store``, ``locale/`` and the other bottom
modules; ``read/``; ``shared/`` (what both writers use); the writers ``pdf/`` and ``slides/``;
``pipeline/`` (one build, processes, the runner); the front ends ``cli``, ``check``, ``preview``.
``build`` and ``load`` are imported on first use, so importing ``builders.model`` alone loads
nothing of the floors above it.
"""

from __future__ import annotations

from . import safety as _safety

_safety.block_settings_files()  # before ReportLab is imported anywhere

from .errors import ReportError  # noqa: E402

__all__ = ["build", "load", "ReportError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``build`` and ``load`` from :mod:`builders.pipeline.build`, imported when first asked for."""
    if name in ("build", "load"):
        from .pipeline import build as _build

        return getattr(_build, name)
    raise AttributeError(f"module 'builders' has no attribute {name!r}")
