"""briefkit: one report source → a PDF policy brief and a PowerPoint briefing deck.

The public API is :func:`build`, :func:`load`, :func:`plan`, :func:`build_edition`,
:func:`write_manifest` and :class:`ReportError` (docs/editions.md); the command line
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

__all__ = ["build", "build_edition", "load", "plan", "write_manifest", "ReportError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The API, imported when first asked for: ``build`` and ``load`` (one report,
    :mod:`builders.pipeline.build`); ``plan``, ``build_edition`` (many editions, on one machine
    or many: :mod:`builders.pipeline.batch`) and ``write_manifest``."""
    if name in ("build", "load"):
        from .pipeline import build as _build

        return getattr(_build, name)
    if name in ("plan", "build_edition"):
        from .pipeline import batch

        return getattr(batch, name)
    if name == "write_manifest":
        from .pipeline.manifest import write

        return write
    raise AttributeError(f"module 'builders' has no attribute {name!r}")
