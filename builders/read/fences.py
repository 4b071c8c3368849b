"""A directive's fence once parsed (:class:`Directive`), and what a directive's handler may ask of
the reader of ``report.md`` (:class:`Reader`, which :class:`.report.SourceReader` is). Kept apart
from both so that the handlers (:mod:`.directives`, :mod:`.chartdata`) and the reader that calls
them need not import each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import ReportError
from ..model import Block, Inline, Location

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

    from .data import DataPackages


class Reader(Protocol):
    """The reader's state and services a directive uses: source lines, the data package, anchors
    and numbering, and parsing a directive's body as Markdown blocks."""

    lines: list[str]
    data: DataPackages
    anchors: dict[str, Location]
    #: directives the text being read is inside
    depth: int
    #: the front matter's language (furniture such as "Key takeaways" is printed in it)
    language: str

    def at(self, line0: int, column: int = 1) -> Location: ...

    def add_anchor(self, name: str, location: Location) -> None: ...

    def number(self, counter: str) -> int: ...

    def inline_text(self, text: str, location: Location) -> Inline: ...

    def parse(self, text: str, offset: int) -> SyntaxTreeNode: ...

    def blocks(self, nodes, offset: int, *, allow_headings: bool = False,
               where: str = "") -> Iterable[Block]: ...


@dataclass
class Directive:
    """A parsed fence: its name, argument, options (with their lines) and body."""

    name: str
    argument: str
    options: dict[str, str]
    option_lines: dict[str, Location]
    body: str
    #: 0-based file line of the body's first line
    body_offset: int
    location: Location

    def option(self, name: str, default: str = "") -> str:
        return self.options.get(name, default)

    def flag(self, name: str, default: bool) -> bool:
        if name not in self.options:
            return default
        value = self.options[name].strip().lower()
        if value in ("yes", "true", "on", ""):
            return True
        if value in ("no", "false", "off"):
            return False
        raise ReportError(f":{name}: expected yes or no, found {self.options[name]!r}",
                          self.option_lines[name])

    def require_argument(self, what: str) -> str:
        if not self.argument:
            raise ReportError(f"{{{self.name}}} needs {what} after the name: "
                              f":::{{{self.name}}} {what.replace(' ', '-')}", self.location)
        return self.argument
