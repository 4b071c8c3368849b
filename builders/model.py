"""The format-neutral document model: frozen dataclasses, standard library only.

Readers (``sources``, ``data``) build it; writers (``pdf``, ``slides``) read it. Nothing here
knows about Markdown, pandas, ReportLab or python-pptx.
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field
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


# --------------------------------------------------------------------------- data values


class FieldType(enum.Enum):
    """Schema types of table columns (a subset of Frictionless Table Schema types)."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    YEAR = "year"
    BOOLEAN = "boolean"

    @property
    def numeric(self) -> bool:
        return self in (FieldType.INTEGER, FieldType.NUMBER)


Value = str | int | float | bool | _dt.date | None


@dataclass(frozen=True)
class Column:
    """One column of a table, from the data package schema."""

    #: field name in the CSV header
    name: str
    #: human title shown in table headers
    title: str
    #: schema type; decides alignment and formatting
    type: FieldType = FieldType.STRING
    #: decimals shown for ``number`` fields: the schema's "decimals", else the most the column's
    #: values are written with (at most 2), so a column's numbers line up
    decimals: int | None = None


@dataclass(frozen=True)
class Dataset:
    """A validated data resource: typed rows plus what its descriptor says about it."""

    #: resource name in ``datapackage.json``
    name: str
    #: resource title
    title: str
    #: resource description
    description: str
    #: the "Source:" line, built from the descriptor's ``sources``
    source: str
    #: schema columns, in file order
    columns: tuple[Column, ...]
    #: typed rows (None marks a missing value)
    rows: tuple[tuple[Value, ...], ...]



# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    spans: Inline
    location: Location | None = None


@dataclass(frozen=True)
class ListItem:
    """One list item: its text and an optional nested list."""

    spans: Inline
    children: tuple[ListItem, ...] = ()
    #: its number in a numbered list (None: a bulleted item)
    number: int | None = None


@dataclass(frozen=True)
class BulletList:
    """A bulleted or numbered list."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class Quote:
    """A quotation: a Markdown block quote, or a ``{quote}`` pull quote with attribution."""

    paragraphs: tuple[Inline, ...]
    #: who said it (empty for an unattributed block quote)
    attribution: Inline = ()
    #: True for a ``{quote}`` directive: set large in the brief, its own slide in the deck
    pull: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class Takeaways:
    """The key-takeaways box: page 1 of the brief, slide 2 of the deck."""

    items: tuple[Inline, ...]
    title: str = "Key takeaways"
    location: Location | None = None


@dataclass(frozen=True)
class Recommendations:
    """Numbered recommendations, each an action with an actor."""

    items: tuple[Inline, ...]
    title: str = "Recommendations"
    location: Location | None = None


@dataclass(frozen=True)
class Callout:
    """A sidebar box with a title and its own paragraphs and lists."""

    title: str
    blocks: tuple[Paragraph | BulletList, ...]
    location: Location | None = None


@dataclass(frozen=True)
class Table:
    """A table drawn from a data resource."""

    #: the title that states the table's finding
    caption: str
    #: the data, already restricted to the chosen columns
    data: Dataset
    #: cross-reference name (``#name`` links point here)
    name: str = ""
    #: "Notes:" line under the table
    notes: str = ""
    #: whether the table also gets deck slides
    in_deck: bool = True
    #: number of this table in the brief (Table 1, 2, ...)
    number: int = 0
    location: Location | None = None


class ChartKind(enum.Enum):
    """Chart types: each has a matplotlib drawing and a native PowerPoint equivalent."""

    BAR = "bar"  # vertical clustered columns
    BARH = "barh"  # horizontal clustered bars
    STACKED = "stacked"  # horizontal stacked bars
    LINE = "line"
    DOT = "dot"  # markers only, categories along the x axis
    TIMELINE = "timeline"  # dated events in one lane per series
    GRID = "grid"  # presence/absence: a dot where a category and a series meet (counts above 1 printed)


@dataclass(frozen=True)
class Series:
    """One data series; ``key`` picks its colour, the same in every chart and both outputs."""

    name: str
    #: one value per category (None: no value)
    values: tuple[float | None, ...]
    #: colour key (the actor); defaults to ``name``
    key: str = ""

    @property
    def colour_key(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class Event:
    """A dated point on a timeline chart."""

    date: _dt.date
    series: str
    label: str
    #: known to the year only (drawn at mid-year; alt text gives the year alone)
    year_only: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """One chart, fully resolved to numbers: drawn by matplotlib and by python-pptx alike."""

    kind: ChartKind
    #: the finding, stated as a sentence
    title: str
    #: what is measured and in what unit
    subtitle: str
    #: category labels (bar, line, dot charts)
    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    #: dated events (timeline charts)
    events: tuple[Event, ...] = ()
    #: value-axis title
    value_label: str = ""
    #: category-axis title
    category_label: str = ""
    #: show value 1 at the top/left (ranks)
    reverse: bool = False
    #: whole-number values (counts, ranks): integer ticks and labels
    integer: bool = False
    #: decimal places of value labels: 0 for whole numbers, else the :y: columns' decimals
    decimals: int = 1
    #: "Source:" line text
    source: str = ""
    #: "Notes:" line text
    notes: str = ""
    #: what the title points at, drawn in full colour while the rest is muted: a category, a
    #: series, or (timelines) a year or a period of years
    highlight: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart block in the document."""

    spec: ChartSpec
    name: str = ""
    in_deck: bool = True
    #: number of this chart in the brief (Figure 1, 2, ...)
    number: int = 0
    location: Location | None = None


@dataclass(frozen=True)
class Image:
    """A picture standing alone in its paragraph: ``![alt text](path "caption")``."""

    #: resolved file inside the project or report folder
    path: Path
    #: alternative text for readers who cannot see the picture (required)
    alt: str
    caption: str = ""
    #: number of this picture in the brief (Figure N, shared with charts)
    number: int = 0
    location: Location | None = None


class SlideLayout(enum.Enum):
    """Layouts a ``{slide}`` directive may ask for."""

    BULLETS = "bullets"
    COMPARISON = "comparison"
    STATEMENT = "statement"
    #: 2-4 big numbers with their labels, from a data resource (``:data:``)
    FIGURES = "figures"
    #: dated or ordered steps ("2015: what happened") drawn as a strip
    PROCESS = "process"


@dataclass(frozen=True)
class ComparisonSide:
    """One side of a comparison slide: a heading and its bullets."""

    heading: Inline
    #: bullets, each with its sub-bullets
    items: tuple[ListItem, ...]
    #: colour key (e.g. the actor the column is about)
    key: str = ""


@dataclass(frozen=True)
class KeyFigure:
    """One big number of a key-figures slide, as the table would print it, with its label."""

    value: str
    label: str


@dataclass(frozen=True)
class SlideBlock:
    """Explicit deck content for its section (the brief does not show it)."""

    title: str
    layout: SlideLayout = SlideLayout.BULLETS
    #: bullets (with their sub-bullets) for ``bullets`` and ``statement`` layouts
    items: tuple[ListItem, ...] = ()
    #: the two sides of a ``comparison`` layout
    sides: tuple[ComparisonSide, ...] = ()
    #: extra speaker notes written in the directive (``:notes:``)
    notes: str = ""
    location: Location | None = None
    #: the numbers of a ``figures`` layout, from the resource named in ``:data:``
    figures: tuple[KeyFigure, ...] = ()
    #: the source line of those numbers (the resource's sources)
    source: str = ""


Block = (
    Paragraph
    | BulletList
    | Quote
    | Takeaways
    | Recommendations
    | Callout
    | Table
    | Chart
    | Image
    | SlideBlock
)

#: every block type, so tests can check that each writer handles each one
BLOCK_TYPES: tuple[type, ...] = (
    Paragraph,
    BulletList,
    Quote,
    Takeaways,
    Recommendations,
    Callout,
    Table,
    Chart,
    Image,
    SlideBlock,
)


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
                keys += [s.colour_key for s in block.spec.series] + [e.series for e in block.spec.events]
        return keys
