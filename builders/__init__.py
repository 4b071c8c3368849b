"""briefkit: one report source → a PDF policy brief and a PowerPoint briefing deck.

The public API is :func:`build`; the command line (``briefkit``) is a thin layer over it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import safety

safety.block_settings_files()

from .errors import ReportError  # noqa: E402
from .model import Location, Report  # noqa: E402
from .theme import Theme, load_theme, theme_path  # noqa: E402

__all__ = ["build", "load", "ReportError", "DEFAULT_FORMATS"]
__version__ = "0.1.0"

DEFAULT_FORMATS = ("pdf", "pptx")


def load(report_dir: Path, *, theme: str | None = None) -> tuple[Report, Theme]:
    """Read and validate a report and its theme (nothing is written)."""
    from .sources import read_report

    report = read_report(Path(report_dir))
    name = theme or report.meta.theme
    location = Location(report.root / "report.md")
    return report, load_theme(theme_path(name, report.root, location))


def _atomic_write(target: Path, write) -> None:
    """Write through a temporary file in the same folder, renamed into place only on success,
    so a failed or killed build leaves the previous output untouched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def build(report_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, out: Path = Path("out"),
          *, theme: str | None = None, template: Path | None = None,
          cache: bool = True) -> list[Path]:
    """Build one report into ``out/<name>.<format>`` and return the files written.

    Raises :class:`ReportError` for bad input; nothing is written then.
    """
    from .formats import FORMATS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ReportError(f"unknown format {unknown[0]!r}; expected one of: {', '.join(FORMATS)}",
                          Location(Path(report_dir)))
    report, theme_obj = load(report_dir, theme=theme)
    out = Path(out)
    cache_dir = out / ".cache" if cache else None
    written = []
    for fmt in formats:
        target = out / f"{report.name}.{fmt}"
        options = {"cache": cache_dir}
        if fmt == "pptx":
            options["template"] = template

        def write(tmp: Path, fmt=fmt, options=options) -> None:
            FORMATS[fmt](report, theme_obj, tmp, **options)

        _atomic_write(target, write)
        written.append(target)
    return written
