"""The output formats, one line each: the only list of them. The command line's ``--format``
choices and help, the theme's style sections, the build, ``check``, ``preview`` and the layout
test all read it; each line names the writer package whose ``WRITER`` does the work (the
:class:`builders.shared.writer.Writer` contract). Adding a format is one package and one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One output format."""

    #: what ``--format`` takes; the output's suffix is ``.`` + name
    name: str
    #: the writer package; its ``WRITER`` attribute implements the Writer contract
    module: str
    #: the theme's section of sizes and choices for this writer (``pdf:``, ``deck:``)
    style: str
    #: what the output is, for ``--help``
    description: str
    #: build options passed to this writer besides ``cache`` (e.g. ``template``)
    options: tuple[str, ...] = ()
    #: a module whose ``likely(cache)`` says whether the writer's next output is likely to be one
    #: it kept (imported without the writer's libraries; empty: every output is made)
    kept: str = ""
    #: the writer's cold preparation (``prepare(True)``) imports only what drawing a chart takes:
    #: a writer process skips it when no source has a ``{chart}``
    cold_for_charts: bool = False

    @property
    def suffix(self) -> str:
        return f".{self.name}"


#: every format, in the order a build writes them (the first starts first, in a process of its own)
FORMATS: tuple[Format, ...] = (
    Format("pdf", "builders.pdf", "pdf", "the policy brief", kept="builders.pdf.kept", cold_for_charts=True),
    Format("pptx", "builders.slides", "deck", "the briefing deck", ("template",)),
)


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def get(name: str) -> Format:
    """The format called ``name`` (KeyError for another)."""
    for found in FORMATS:
        if found.name == name:
            return found
    raise KeyError(name)


def by_suffix(suffix: str) -> Format | None:
    return next((f for f in FORMATS if f.suffix == suffix), None)
