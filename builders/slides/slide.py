"""What a slide is once decided: plain dataclasses a plan is made of, and the deck's fixed measures."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from ..model import ChartSpec, Image, Inline, Location

CONTINUED = " (cont.)"


class Kind(enum.Enum):
    """Slide kinds; each maps to a layout role of the template."""

    TITLE = "title"
    AGENDA = "agenda"
    SECTION = "section"
    BULLETS = "bullets"
    STATEMENT = "statement"
    COMPARISON = "comparison"
    TABLE = "table"
    CHART = "chart"
    IMAGE = "image"
    QUOTE = "quote"
    TAKEAWAYS = "takeaways"
    RECOMMENDATIONS = "recommendations"
    SOURCES = "sources"
    FIGURES = "figures"
    PROCESS = "process"


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Geometry:
    """Where the template puts things (points), read from its layouts by ``layouts.py``."""

    width: float
    height: float
    #: title placeholder of the content layout
    title: Box
    #: the content placeholder of the content layout
    body: Box
    #: the two content placeholders of the two-column layout (or halves of ``body``)
    left: Box
    right: Box
    #: whether titles in the template are bold (measure with the bold face then)
    bold_titles: bool = True
    #: the title placeholder of the title slide's layout (None: as ``title``)
    cover_title: Box | None = None


#: text frame insets used on every text box the deck writes (points)
INSET_X = 7.2
INSET_Y = 3.6
#: a "Source:" line shrinks (to the theme's source_min_size) to fit this many lines, then takes more
SOURCE_LINES = 3
#: at most this many slides for one table; longer tables are in the brief in full
MAX_TABLE_SLIDES = 8
#: space before each bullet paragraph, as a fraction of the font size
BULLET_SPACE = 0.45
def bullet_indent(size: float, numbered: bool) -> float:
    """Hanging indent for a bullet or number at ``size`` points: room for "•" or "10."."""
    return size * (1.6 if numbered else 1.0)
#: cell margins in deck tables (points)
CELL_X = 9.0
CELL_Y = 5.0


@dataclass(frozen=True)
class Bullet:
    spans: Inline
    level: int = 0
    #: number for numbered lists (None: a bullet)
    number: int | None = None


@dataclass(frozen=True)
class Side:
    """One column of a comparison slide."""

    heading: str
    bullets: tuple[Bullet, ...]
    key: str = ""


@dataclass(frozen=True)
class TableChunk:
    """The rows of a table that fit on one slide, with the header repeated."""

    header: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    #: one of a table's pieces over "(cont.)" slides: set from the top of the content area, so
    #: its header row stays in place from slide to slide (a table on one slide is centred)
    split: bool = False


@dataclass(frozen=True)
class Card:
    """One card: a numbered takeaway or recommendation, a step of a process, a key figure, or
    a bullet drawn as a row."""

    #: the large line: a bold lead sentence, a date, a number
    head: str
    #: the supporting line(s) under it
    text: str = ""
    number: int | None = None
    #: ``head`` and ``text`` with their formatting and links, when they have any to keep (their
    #: plain text is ``head`` and ``text``, by which they are measured)
    head_spans: Inline = ()
    text_spans: Inline = ()


@dataclass(frozen=True)
class CardSizes:
    """The sizes a slide's cards are set at (one set per slide, so cards side by side match)."""

    head: float
    text: float
    number: float = 0.0


@dataclass(frozen=True)
class SourceLine:
    """The "Source:" line under a slide's data, fitted to the width of the content area."""

    text: str
    size: float
    #: height reserved for it at the bottom of the content area (points)
    height: float


@dataclass(frozen=True)
class SlidePlan:
    """One slide, decided: what it shows and at what sizes."""

    kind: Kind
    title: str
    title_size: float
    subtitle: str = ""
    bullets: tuple[Bullet, ...] = ()
    body_size: float = 0.0
    sides: tuple[Side, ...] = ()
    table: TableChunk | None = None
    chart: ChartSpec | None = None
    image: Image | None = None
    quote: str = ""
    attribution: str = ""
    source: SourceLine | None = None
    notes: str = ""
    #: a "(cont.)" slide: the title is its first slide's with CONTINUED added
    continued: bool = False
    #: cards (takeaways, recommendations, steps, figures, bullets drawn as rows) and their sizes
    cards: tuple[Card, ...] = ()
    card_sizes: CardSizes | None = None
    #: bullets set in this many columns (the sources slide)
    columns: int = 1
    #: where in the source the slide comes from (for ``briefkit check``; not compared)
    location: Location | None = field(default=None, compare=False)


def unique_titles(slides: list[SlidePlan], cont: str, title_size) -> list[SlidePlan]:
    """No two slides with one title (a screen reader's list of slides tells them apart): the
    second "(cont.)" slide of a run is "(cont. 2)", any other repeat gets " (2)" (``cont``: the
    edition's " (cont.)"; ``title_size``: the size a title is set at)."""
    seen: dict[str, int] = {}
    out = []
    for p in slides:
        count = seen[p.title] = seen.get(p.title, 0) + 1
        if count > 1:
            title = f"{p.title[:-1]} {count})" if p.continued and p.title.endswith(cont) and cont.endswith(")") \
                else f"{p.title} ({count})"
            seen[title] = 1
            p = replace(p, title=title, title_size=title_size(title))
        out.append(p)
    return out
