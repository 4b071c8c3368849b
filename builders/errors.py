"""The one user-facing error: ReportError, carrying every problem found with its location."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .model import Location


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and what was expected."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{_shown(self.location)}: {self.message}"


def _shown(location: Location) -> str:
    """The location with its path relative to the working folder when it lies inside it."""
    try:
        relative = location.path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return str(location)
    return str(Location(relative, location.line, location.column))


def location_at(path: Path, content: str | bytes, index: int) -> Location:
    """The line and column of position ``index`` in a file's text or bytes (a byte position
    for decoding errors)."""
    newline = b"\n" if isinstance(content, bytes) else "\n"
    line = content.count(newline, 0, index) + 1  # type: ignore[arg-type]
    return Location(path, line, index - (content.rfind(newline, 0, index) + 1) + 1)  # type: ignore[arg-type]


class ReportError(Exception):
    """Bad input. Printed as ``path:line:col: message`` lines; the CLI exits with code 2."""

    def __init__(self, message: str | None = None, location: Location | Path | None = None,
                 *, problems: list[Problem] | None = None):
        found = list(problems or [])
        if message is not None:
            if isinstance(location, Path) or location is None:
                location = Location(location or Path("<input>"))
            found.insert(0, Problem(location, message))
        if not found:
            raise ValueError("ReportError needs a message or problems")
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @property
    def location(self) -> Location:
        return self.problems[0].location


class Collector:
    """Gathers independent problems so one pass reports them all.

    ``with collector.guard(): ...`` runs a step and records its ReportError instead of stopping;
    ``collector.check()`` raises one ReportError with everything found.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, location: Location) -> None:
        self.problems.append(Problem(location, message))

    def extend(self, error: ReportError) -> None:
        self.problems.extend(error.problems)

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except ReportError as error:
            self.extend(error)

    def check(self) -> None:
        if self.problems:
            unique = list(dict.fromkeys(self.problems))
            raise ReportError(problems=unique)

