"""What a slide is once decided: plain dataclasses a plan is made of, and the deck's fixed measures."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import ClassVar

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
#: room between neighbouring cards, and between a slide's two columns (points)
GAP = 14.0
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


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What every slide has, whatever its kind: a title at its size, speaker notes, a "Source:" line."""

    title: str
    title_size: float
    notes: str = ""
    source: SourceLine | None = None
    #: a "(cont.)" slide: the title is its first slide's with CONTINUED added
    continued: bool = False
    #: where in the source the slide comes from (for ``briefkit check``; not compared)
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class TitlePlan(Plan):
    """The title slide: the report's title, and its subtitle, byline and date as lines."""

    kind: ClassVar[Kind] = Kind.TITLE
    subtitle: str = ""


@dataclass(frozen=True, kw_only=True)
class SectionPlan(Plan):
    """A section divider: its title alone."""

    kind: ClassVar[Kind] = Kind.SECTION


@dataclass(frozen=True, kw_only=True)
class BulletsPlan(Plan):
    """Bullets in the content placeholder: the agenda, or a list."""

    kind: Kind = Kind.BULLETS
    bullets: tuple[Bullet, ...]
    body_size: float


@dataclass(frozen=True, kw_only=True)
class RowsPlan(Plan):
    """A short flat list drawn as rows that fill the content area, one card a bullet."""

    kind: ClassVar[Kind] = Kind.BULLETS
    #: the list as written (what ``check`` counts)
    bullets: tuple[Bullet, ...]
    cards: tuple[Card, ...]
    size: float


@dataclass(frozen=True, kw_only=True)
class CardsPlan(Plan):
    """Numbered cards: takeaways or recommendations."""

    kind: Kind = Kind.TAKEAWAYS
    cards: tuple[Card, ...]
    sizes: CardSizes


@dataclass(frozen=True, kw_only=True)
class FiguresPlan(Plan):
    """Key figures: a row of cards, each a big number over its label."""

    kind: ClassVar[Kind] = Kind.FIGURES
    cards: tuple[Card, ...]
    sizes: CardSizes


@dataclass(frozen=True, kw_only=True)
class ProcessPlan(Plan):
    """Steps in order, a card each under a connector."""

    kind: ClassVar[Kind] = Kind.PROCESS
    cards: tuple[Card, ...]
    sizes: CardSizes


@dataclass(frozen=True, kw_only=True)
class StatementPlan(Plan):
    """One large statement and its supporting line (sizes: statement as ``head``, line as ``text``)."""

    kind: ClassVar[Kind] = Kind.STATEMENT
    statement: str
    support: str = ""
    sizes: CardSizes


@dataclass(frozen=True, kw_only=True)
class QuotePlan(Plan):
    """A quotation (with its marks) and who said it."""

    kind: ClassVar[Kind] = Kind.QUOTE
    quote: str
    attribution: str = ""
    body_size: float


@dataclass(frozen=True, kw_only=True)
class ComparisonPlan(Plan):
    """Two sides, each a heading over its bullets."""

    kind: ClassVar[Kind] = Kind.COMPARISON
    sides: tuple[Side, ...]
    body_size: float


@dataclass(frozen=True, kw_only=True)
class TablePlan(Plan):
    """The rows of a table that fit one slide."""

    kind: ClassVar[Kind] = Kind.TABLE
    table: TableChunk
    body_size: float


@dataclass(frozen=True, kw_only=True)
class ChartPlan(Plan):
    """A chart, drawn natively."""

    kind: ClassVar[Kind] = Kind.CHART
    chart: ChartSpec


@dataclass(frozen=True, kw_only=True)
class ImagePlan(Plan):
    """A picture, as large as the content area holds."""

    kind: ClassVar[Kind] = Kind.IMAGE
    image: Image


@dataclass(frozen=True, kw_only=True)
class SourcesPlan(Plan):
    """The reference list, in one column or two."""

    kind: ClassVar[Kind] = Kind.SOURCES
    bullets: tuple[Bullet, ...]
    body_size: float
    columns: int = 1


#: one slide, decided: what it shows and at what sizes (one frozen dataclass per kind)
SlidePlan = (TitlePlan | SectionPlan | BulletsPlan | RowsPlan | CardsPlan | FiguresPlan | ProcessPlan
             | StatementPlan | QuotePlan | ComparisonPlan | TablePlan | ChartPlan | ImagePlan | SourcesPlan)


def unique_titles(slides: list[SlidePlan], cont: str, title_size) -> list[SlidePlan]:
    """No two slides with one title (a screen reader's list of slides tells them apart): the
    second "(cont.)" slide of a run is "(cont. 2)", any other repeat gets " (2)" (``cont``: the
    edition's " (cont.)"; ``title_size``: the size a title is set at)."""
    seen: dict[str, int] = {}
    out = []
    for p in slides:
        count = seen[p.title] = seen.get(p.title, 0) + 1
        if count > 1:
            title = (
                f"{p.title[:-1]} {count})"
                if p.continued and p.title.endswith(cont) and cont.endswith(")")
                else f"{p.title} ({count})"
            )
            seen[title] = 1
            p = replace(p, title=title, title_size=title_size(title))
        out.append(p)
    return out
