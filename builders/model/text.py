"""Where a thing is written (:class:`Location`) and inline text (:class:`Span`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------- locations


@dataclass(frozen=True)
class Location:
    """Where something came from in a source file (1-based line and column)."""

    #: the file the thing was read from
    path: Path
    #: 1-based line number, or 0 when unknown
    line: int = 0
    #: 1-based column number, or 0 when unknown
    column: int = 0

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


# --------------------------------------------------------------------------- inline text


@dataclass(frozen=True)
class Span:
    """A run of text with uniform formatting. Text is always literal, never markup."""

    #: the literal characters of the run
    text: str
    #: italic
    emphasis: bool = False
    #: bold
    strong: bool = False
    #: monospaced inline code
    code: bool = False
    #: link target: an http(s)/mailto URL or ``#anchor`` inside the document
    href: str | None = None
    #: endnote number when this span is a note reference marker
    note: int | None = None


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of ``spans`` without formatting (note markers dropped)."""
    return "".join(s.text for s in spans if s.note is None)
