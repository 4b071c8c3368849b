"""The PDF policy brief: the writer. A brief made from the same inputs as the one kept (:mod:`.kept`:
an edit that changed only the deck) is written as those bytes without importing ReportLab; any
other is laid out by :mod:`.brief`."""

from __future__ import annotations

from pathlib import Path

from ..model import Meta, Report
from ..shared.theme import Theme
from ..store import Session
from . import kept


def write(report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
          session: Session | None = None) -> None:
    """Write ``report`` as a PDF brief at ``out`` (``session``: what the process keeps between
    builds, :class:`builders.store.Session`). A brief made from the same inputs as the one kept
    in ``cache`` (:mod:`.kept`: an edit that changed only the deck) is that brief's bytes."""
    made = kept.signature(report, theme) if cache is not None else None
    kept_in = cache / "briefs" if cache is not None else None
    found = kept.find(kept_in, report, made) if made is not None else None
    if found is not None:
        out.write_bytes(found)
        kept.note(kept_in, reused=True)
        return
    from .brief import lay_out

    lay_out(report, theme, out, cache, session)
    if made is not None:
        kept.keep(kept_in, report, made, out.read_bytes(), out)
        kept.note(kept_in, reused=False)


class _Brief:
    """The brief's side of the writer contract (:class:`builders.shared.writer.Writer`)."""

    name = "pdf"
    label = "brief"
    sheet_columns = 4
    unshown = ""

    def write(self, report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
              session: Session | None = None, **options: object) -> None:
        write(report, theme, out, cache=cache, session=session)

    def notes_only(self, report: Report, theme: Theme, out: Path, **options: object) -> bool:
        return False

    def warm(self, theme: Theme, meta: Meta, *, cache: Path | None = None, **options: object) -> None:
        from .brief import warm

        warm(theme, meta.language, cache)

    def prepare(self, cold: bool = False) -> None:
        from . import brief, charts  # noqa: F401 - ReportLab, pikepdf

        if cold:
            charts.prepare()

    def describe(self, path: Path) -> str:
        from pypdf import PdfReader

        return f"{len(PdfReader(path).pages)} pages"

    def preview(self, path: Path, work: Path) -> Path | None:
        return path


#: the brief's writer, named by ``builders/formats.py``
WRITER = _Brief()
