"""A report's structure: sections, notes, authors, metadata and deck options, and the Report."""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Block, Chart
from .text import Inline, Location

# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    title: str
    #: 1 for ``#``, 2 for ``##``, 3 for ``###``
    level: int
    #: anchor for links and bookmarks (a slug of the title)
    anchor: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    location: Location | None = None

    def walk(self):
        """This section and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Note:
    """A numbered endnote."""

    number: int
    spans: Inline
    #: the footnote label used in the source (``[^label]``)
    label: str = ""


@dataclass(frozen=True)
class Author:
    """An author from the front matter."""

    name: str
    affiliation: str = ""
    bio: str = ""


class PageSize(enum.Enum):
    A4 = "A4"
    LETTER = "Letter"


@dataclass(frozen=True)
class DeckOptions:
    """Front-matter ``deck:`` options."""

    #: path of a .pptx/.potx template, relative to the report folder (None: the theme's)
    template: Path | None = None
    #: add an agenda slide listing the sections
    agenda: bool = False
    #: add a divider slide before each top-level section
    section_dividers: bool = False
    #: footer text (default: short title)
    footer: str = ""


@dataclass(frozen=True)
class Meta:
    """Front matter."""

    title: str
    subtitle: str = ""
    #: running-header title (default: title)
    short_title: str = ""
    #: publication date
    date: _dt.date | None = None
    #: the date the analysis speaks for (its facts as of then), printed on the cover and title slide
    as_of: _dt.date | None = None
    authors: tuple[Author, ...] = ()
    #: words before the author names on the cover, e.g. "Based on analysis by"
    byline: str = ""
    #: series line on the cover, e.g. "Policy Brief No. 1"
    series: str = ""
    #: BCP 47 language tag
    language: str = "en"
    keywords: tuple[str, ...] = ()
    #: one sentence: the PDF "subject" and the deck's description
    summary: str = ""
    page_size: PageSize = PageSize.A4
    #: theme name in ``assets/themes/`` or a path to a theme file
    theme: str = "default"
    #: print a table of contents after the takeaways
    toc: bool = False
    #: short disclaimer printed at the end
    disclaimer: Inline = ()
    #: print "About the authors" and the disclaimer at the end of the brief (false: leave them
    #: out, as a one-page note may)
    back_matter: bool = True
    deck: DeckOptions = field(default_factory=DeckOptions)

    @property
    def header_title(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class Report:
    """A whole report: front matter, sections and endnotes."""

    meta: Meta
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    #: the report folder (relative paths in the front matter resolve against it)
    root: Path = Path(".")
    #: folder name: the output file stem
    name: str = "report"
    #: blocks before the first heading (e.g. the takeaways)
    preamble: tuple[Block, ...] = ()
    #: the source file in ``root`` it was read from (a language edition's: report.ru.md)
    source: str = "report.md"
    #: footnotes defined but never cited (label, where defined): in neither output, so check warns
    uncited: tuple[tuple[str, Location], ...] = ()

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()

    def all_blocks(self):
        yield from self.preamble
        for section in self.all_sections():
            yield from section.blocks

    def colour_keys(self) -> list[str]:
        """Every chart series key in document order: each gets one colour in both outputs."""
        keys: list[str] = []
        for block in self.all_blocks():
            if isinstance(block, Chart):
                keys += [s.colour_key for s in block.spec.series] + [e.colour_key for e in block.spec.events]
        return keys
