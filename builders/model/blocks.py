"""The blocks a section holds: prose, lists, quotes, tables, charts (with their ChartSpec),
images and slide blocks."""

from __future__ import annotations

import datetime as _dt
import enum
import re
from dataclasses import dataclass
from pathlib import Path

from .data import Dataset
from .text import Inline, Location

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
    #: picks the lane's colour when not its name (a translated lane keeps its main-language key)
    key: str = ""

    @property
    def colour_key(self) -> str:
        return self.key or self.series


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
    #: the edition's language: value labels and ticks print its numbers (1 234,5)
    language: str = "en"


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


def period(text: str) -> tuple[int, int] | None:
    """A highlighted period of a timeline, ``2023`` or ``2023-2024`` (or with an en dash)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-\u2013]\s*(\d{4}))?\s*", text)
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else None
