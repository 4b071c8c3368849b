"""Report → list of SlidePlan: which slides, in which order, with what on each.

Pure: no python-pptx here. Fitting decisions (font sizes, which bullets or table rows go on
which continuation slide) are made from the template's geometry and the fonts' metrics, so a
plan can be compared with ``==`` in tests and rendered by a thin step afterwards.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace

from ..errors import ReportError
from ..fonts import shrink_to_fit
from ..model import (
    BulletList,
    Callout,
    Chart,
    ChartSpec,
    Image,
    Inline,
    Location,
    Paragraph,
    Quote,
    Recommendations,
    Report,
    Section,
    SlideBlock,
    SlideLayout,
    Span,
    Table,
    Takeaways,
    plain,
)
from ..tablefit import fit_widths
from ..theme import DeckStyle
from ..values import format_date, format_value
from .fit import Measurer

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


#: text frame insets used on every text box the deck writes (points)
INSET_X = 7.2
INSET_Y = 3.6
#: a "Source:" line may take this many lines before it is cut short (the sources slide has all)
SOURCE_LINES = 3
#: at most this many slides for one table; longer tables are in the brief in full
MAX_TABLE_SLIDES = 8
#: space before each bullet paragraph, as a fraction of the font size
BULLET_SPACE = 0.45
def bullet_indent(size: float, numbered: bool) -> float:
    """Hanging indent for a bullet or number at ``size`` points: room for "•" or "10."."""
    return size * (1.6 if numbered else 1.0)
#: cell margins in deck tables (points)
CELL_X = 5.0
CELL_Y = 3.0


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
    continued: bool = False
    #: extra words for alt text (the chart's or picture's description)
    alt: str = ""
    #: where in the source the slide comes from (for ``briefkit check``; not compared)
    location: Location | None = field(default=None, compare=False)


@dataclass
class Planner:
    report: Report
    style: DeckStyle
    geometry: Geometry
    body: Measurer
    title_font: Measurer
    slides: list[SlidePlan] = field(default_factory=list)

    # ------------------------------------------------------------------ sizes

    def title_size(self, title: str, box: Box | None = None) -> float:
        box = box or self.geometry.title
        width = box.w - 2 * INSET_X
        size = self.style.title_size.pt
        floor = min(self.style.title_min_size.pt, size) * 0.6
        while size > floor:
            if self.title_font.height(title, size, width, self.geometry.bold_titles) <= box.h - 2 * INSET_Y:
                return size
            size -= 1
        return floor

    def _bullets_height(self, bullets: tuple[Bullet, ...], size: float, width: float) -> float:
        total = 0.0
        for b in bullets:
            indent = bullet_indent(size, b.number is not None) * (b.level + 1)
            total += self.body.height(plain(b.spans), size, width - indent) + size * BULLET_SPACE
        return total

    def _fit_size(self, bullets, box: Box, top: float, bottom: float) -> float | None:
        width, height = box.w - 2 * INSET_X, box.h - 2 * INSET_Y
        size = top
        while size >= bottom:
            if self._bullets_height(bullets, size, width) <= height:
                return size
            size -= 1
        return None

    def bullet_pages(self, bullets: tuple[Bullet, ...], box: Box,
                     top: float | None = None) -> list[tuple[tuple[Bullet, ...], float]]:
        """Bullets split into slides that fit ``box``: shrink within the theme's limits first,
        then split (at most ``max_bullets`` a slide); each page at its largest fitting size."""
        top, bottom = top or self.style.body_size.pt, self.style.body_min_size.pt
        size = self._fit_size(bullets, box, top, bottom)
        if size is not None and len(bullets) <= self.style.max_bullets:
            return [(bullets, size)]
        pieces = list(self._splittable(bullets, box, bottom))
        pages = paginate(pieces, lambda chunk: self._fit_size(tuple(chunk), box, bottom, bottom) is not None,
                         self.style.max_bullets)
        out = []
        for page in pages:
            chunk = tuple(page)
            out.append((chunk, self._fit_size(chunk, box, top, bottom) or bottom))
        return out

    def _splittable(self, bullets, box: Box, size: float):
        """Bullets too tall for a slide on their own are cut into sentence- or word-sized pieces."""
        width, height = box.w - 2 * INSET_X, box.h - 2 * INSET_Y
        for bullet in bullets:
            if self._bullets_height((bullet,), size, width) <= height:
                yield bullet
                continue
            words = plain(bullet.spans).split(" ")
            piece: list[str] = []
            for word in words:
                trial = Bullet((Span(" ".join([*piece, word])),), bullet.level)
                if piece and self._bullets_height((trial,), size, width) > height:
                    yield Bullet((Span(" ".join(piece)),), bullet.level)
                    piece = [word]
                else:
                    piece.append(word)
            if piece:
                yield Bullet((Span(" ".join(piece)),), bullet.level)

    def source_line(self, source: str, notes: str = "") -> SourceLine | None:
        """The "Source:" line (with "Notes:" after it), shrunk to fit at most SOURCE_LINES
        lines and cut short beyond that (the sources slide lists every source in full)."""
        if not source and not notes:
            return None
        width = self.geometry.body.w - 2 * INSET_X
        parts = [f"Source: {source.rstrip('.')}." if source else "", f"Notes: {notes}" if notes else ""]
        text = " ".join(p for p in parts if p)
        text, size = shrink_to_fit(text, lambda t, s: self.body.lines(t, s, width) <= SOURCE_LINES,
                                   self.style.source_size.pt, self.style.source_min_size.pt)
        height = self.body.lines(text, size, width) * self.body.line_height(size) + 2 * INSET_Y + 4
        return SourceLine(text, size, height)

    # ------------------------------------------------------------------ slide makers

    def add_bullets(self, kind: Kind, title: str, bullets: tuple[Bullet, ...], notes: str,
                    box: Box | None = None) -> None:
        box = box or self.geometry.body
        headline = kind in (Kind.TAKEAWAYS, Kind.RECOMMENDATIONS, Kind.STATEMENT)
        top = self.style.headline_size.pt if headline else None
        for i, (chunk, size) in enumerate(self.bullet_pages(bullets, box, top)):
            shown = title + (CONTINUED if i else "")
            self.slides.append(SlidePlan(kind, shown, self.title_size(shown), bullets=chunk,
                                         body_size=size, notes=notes, continued=bool(i)))

    def add_table(self, table: Table, notes: str) -> None:
        """Table slides: shrink to the theme's minimum size, then continue on "(cont.)" slides
        with the header repeated. A deck shows at most MAX_TABLE_SLIDES slides of a table and
        cuts cells too tall for a slide; the source line and notes say so."""
        data = table.data
        language = self.report.meta.language
        header = tuple(c.title for c in data.columns)
        numeric = tuple(c.type.numeric for c in data.columns)
        shown_rows = data.rows[: MAX_TABLE_SLIDES * self.style.max_table_rows]
        rows = [tuple(format_value(v, c, language) for v, c in zip(row, data.columns)) for row in shown_rows]
        omitted = len(data.rows) - len(rows)
        source = self.source_line(data.source, table.notes)
        box = replace(self.geometry.body, h=self.geometry.body.h - (source.height if source else 0))
        size = self.style.table_size.pt
        bottom = self.style.table_min_size.pt
        while True:
            widths = self._table_widths(header, rows, size, box.w, table)
            heights = [self._row_height(r, widths, size, bold=False) for r in rows]
            head_h = self._row_height(header, widths, size, bold=True)
            if sum(heights) + head_h <= box.h and len(rows) <= self.style.max_table_rows or size <= bottom:
                break
            size -= 1
        shortened = False
        for i, row in enumerate(rows):
            if heights[i] > box.h - head_h:
                rows[i] = self._shorten_row(row, widths, size, box.h - head_h)
                heights[i] = self._row_height(rows[i], widths, size, bold=False)
                shortened = True
        if shortened:
            notes += "\n\nSome long cells are shortened on the slides; the brief prints them in full."
        pages = paginate(list(range(len(rows))), lambda chunk: head_h + sum(heights[i] for i in chunk) <= box.h,
                         self.style.max_table_rows)
        caption = table.caption
        for n, page in enumerate(pages):
            chunk = TableChunk(header, numeric, tuple(rows[i] for i in page), tuple(widths),
                               (head_h, *(heights[i] for i in page)))
            title = caption + (CONTINUED if n else "")
            line = source
            if omitted and n == len(pages) - 1:
                line = self.source_line(data.source, f"Rows 1\u2013{len(rows):,} of {len(data.rows):,} shown; "
                                        f"the brief has the full table. {table.notes}".strip())
            self.slides.append(SlidePlan(Kind.TABLE, title, self.title_size(title), table=chunk,
                                         body_size=size, source=line, notes=notes, continued=bool(n)))

    def _shorten_row(self, row, widths, size: float, limit: float) -> tuple[str, ...]:
        """Cut the cells of a row taller than ``limit`` to the words that fit, with an ellipsis."""
        lines = max(1, int((limit - 2 * CELL_Y) // self.body.line_height(size)))
        out = []
        for text, width in zip(row, widths):
            inner = width - 2 * CELL_X
            if self.body.lines(text, size, inner) <= lines:
                out.append(text)
                continue
            words = text.split()
            low, high = 0, len(words)
            while low < high:  # the most words that still fit, found by halving
                mid = (low + high + 1) // 2
                if self.body.lines(" ".join(words[:mid]) + " \u2026", size, inner) <= lines:
                    low = mid
                else:
                    high = mid - 1
            out.append(" ".join(words[:low]) + " \u2026")
        return tuple(out)

    def _table_widths(self, header, rows, size: float, width: float, table: Table) -> list[float]:
        n = len(header)
        if n * 40 > width:
            raise ReportError(f"table has {n} columns; at most {int(width // 40)} fit a slide. "
                              "Choose columns with :columns: or keep it out of the deck with :deck: no",
                              table.location or self.report.root)
        natural, minimum = [], []
        for i in range(n):
            cells = [r[i] for r in rows[:200]]
            head_w = self.body.width(header[i], size, bold=True)
            natural.append(max([head_w] + [self.body.width(c, size) for c in cells]) + 2 * CELL_X + 2)
            words = [w for c in cells + [header[i]] for w in c.split()]
            longest = max((self.body.width(w, size, bold=True) for w in words), default=0)
            minimum.append(min(longest + 2 * CELL_X + 2, width * 0.35))
        return fit_widths(natural, minimum, width)

    def _row_height(self, row, widths, size: float, bold: bool) -> float:
        tallest = max(self.body.height(text, size, w - 2 * CELL_X, bold) for text, w in zip(row, widths))
        return tallest + 2 * CELL_Y

    # ------------------------------------------------------------------ the deck

    def plan(self) -> list[SlidePlan]:
        meta = self.report.meta
        byline = "; ".join(a.name for a in meta.authors)
        lines = [x for x in (meta.subtitle, (meta.byline + " " if meta.byline else "") + byline
                             if byline else "", format_date(meta.date, meta.language) if meta.date else "")
                 if x]
        self.slides.append(SlidePlan(Kind.TITLE, meta.title, self.style.title_size.pt,
                                     subtitle="\n".join(lines), notes=meta.summary or meta.subtitle))
        for block in self.report.all_blocks():
            if isinstance(block, Takeaways):
                start = len(self.slides)
                self.add_bullets(Kind.TAKEAWAYS, block.title, _headlines(block.items),
                                 _notes_of_items(block.items))
                self._locate(start, block.location)
        if meta.deck.agenda:
            bullets = tuple(Bullet((Span(s.title),)) for s in self.report.sections)
            self.add_bullets(Kind.AGENDA, "Agenda", bullets, "What this briefing covers.")
        prose: list[str] = []
        for block in self.report.preamble:  # blocks before the first heading
            if _is_prose(block):
                prose.append(_prose(block))
            elif not isinstance(block, Takeaways) and self.block_slides(block, "\n\n".join(prose)):
                prose = []
        for section in self.report.sections:
            self.plan_section(section)
        self.plan_sources()
        return self.slides

    def plan_section(self, section: Section) -> None:
        """Slides for one top-level section, with the section's reasoning as speaker notes.

        A ``{slide}`` gets the section's prose as its notes (with several, each gets the prose
        up to it, and the last also what follows). A table, chart or quote slide gets the prose
        just before it. A section that makes no slide gets a bullet slide of the first sentence
        of each paragraph."""
        if self.report.meta.deck.section_dividers:
            self.slides.append(SlidePlan(Kind.SECTION, section.title, self.title_size(section.title),
                                         notes=section.title))
        blocks = list(_walk(section))
        owned = _prose_by_slide(blocks)
        start = len(self.slides)
        recent: list[str] = []
        first_sentences: list[Inline] = []
        for index, block in enumerate(blocks):
            if isinstance(block, SlideBlock):
                made = len(self.slides)
                self._slide_block(block, "\n\n".join(owned.get(index, [])))
                self._locate(made, block.location)
                recent = []
            elif _is_prose(block):
                recent.append(_prose(block))
                if isinstance(block, Paragraph):
                    first_sentences.append((Span(_first_sentence(plain(block.spans))),))
            elif self.block_slides(block, "\n\n".join(recent)):
                recent = []
        if len(self.slides) == start and first_sentences:
            bullets = tuple(Bullet(s) for s in first_sentences[: self.style.max_bullets])
            self.add_bullets(Kind.BULLETS, section.title, bullets,
                             "\n\n".join(_prose(b) for b in blocks if _is_prose(b)))
            self._locate(start, section.location)
        elif recent and len(self.slides) > start and not owned:
            last = self.slides[-1]
            self.slides[-1] = replace(last, notes=(last.notes + "\n\n" + "\n\n".join(recent)).strip())

    def block_slides(self, block, prose: str) -> bool:
        """Add the slides a block makes; False when it makes none (its text is then prose)."""
        start = len(self.slides)
        made = BLOCK_HANDLERS[type(block)](self, block, prose)
        self._locate(start, getattr(block, "location", None))
        return made

    def _locate(self, start: int, location: Location | None) -> None:
        """Record the source location of the slides added since ``start``."""
        self.slides[start:] = [replace(p, location=location) for p in self.slides[start:]]

    def _slide_block(self, block: SlideBlock, prose: str) -> bool:
        notes = "\n\n".join(x for x in (prose, block.notes) if x) or block.title
        if block.layout is SlideLayout.COMPARISON:
            sides = tuple(Side(plain(s.heading), _bullets(s.items), s.key) for s in block.sides)
            self.slides.append(SlidePlan(Kind.COMPARISON, block.title, self.title_size(block.title),
                                         sides=sides, body_size=self._side_size(sides), notes=notes))
        else:
            kind = Kind.STATEMENT if block.layout is SlideLayout.STATEMENT else Kind.BULLETS
            self.add_bullets(kind, block.title, _bullets(block.items), notes)
        return True

    def _table_block(self, block: Table, prose: str) -> bool:
        if not block.in_deck:
            return False
        self.add_table(block, prose or f"{block.caption}. {block.data.description}".strip())
        return True

    def _chart_block(self, block: Chart, prose: str) -> bool:
        if not block.in_deck:
            return False
        spec = block.spec
        # the presenter needs what the chart shows and its caveats as well as the argument
        notes = "\n\n".join(x for x in (prose, spec.subtitle, f"Notes: {spec.notes}" if spec.notes else "")
                            if x) or spec.title
        self.slides.append(SlidePlan(Kind.CHART, spec.title, self.title_size(spec.title), chart=spec,
                                     source=self.source_line(spec.source, spec.notes), notes=notes,
                                     alt=spec.subtitle))
        return True

    def _image_block(self, block: Image, prose: str) -> bool:
        title = block.caption or block.alt
        self.slides.append(SlidePlan(Kind.IMAGE, title, self.title_size(title), image=block,
                                     notes=prose or block.alt, alt=block.alt))
        return True

    def _quote_block(self, block: Quote, prose: str) -> bool:
        if not block.pull:
            return False
        text = " ".join(plain(p) for p in block.paragraphs)
        attribution = plain(block.attribution)
        title = self._quote_title(block)
        self.slides.append(SlidePlan(Kind.QUOTE, title, self.title_size(title), quote=f"\u201c{text}\u201d",
                                     attribution=attribution, body_size=self.style.quote_size.pt,
                                     notes=prose or f"{text} ({attribution})"))
        return True

    def _recommendations_block(self, block: Recommendations, prose: str) -> bool:
        self.add_bullets(Kind.RECOMMENDATIONS, block.title, _headlines(block.items),
                         "\n\n".join(x for x in (prose, _notes_of_items(block.items)) if x))
        return True

    def _prose_block(self, block, prose: str) -> bool:
        return False

    def _takeaways_block(self, block: Takeaways, prose: str) -> bool:
        return True  # planned once, right after the title slide

    def _quote_title(self, block: Quote) -> str:
        for section in self.report.all_sections():
            if block in section.blocks:
                return section.title
        return "In their words"

    def _side_size(self, sides: tuple[Side, ...]) -> float:
        box = self.geometry.left
        heading = self.body.line_height(self.style.body_size.pt) * 1.6
        inner = replace(box, h=box.h - heading)
        sizes = [self._fit_size(s.bullets, inner, self.style.body_size.pt, self.style.body_min_size.pt * 0.7)
                 for s in sides]
        return min((s for s in sizes if s), default=self.style.body_min_size.pt * 0.7)

    def plan_sources(self) -> None:
        items: list[Inline] = [n.spans for n in self.report.notes]
        seen: set[str] = set()
        for block in self.report.all_blocks():
            source = getattr(getattr(block, "spec", None), "source", "") or \
                getattr(getattr(block, "data", None), "source", "")
            for part in re.split(r";\s*", source) if source else ():
                if part and part not in seen and not any(_cites(plain(i), part) for i in items):
                    seen.add(part)
                    items.append((Span(part),))
        if items:
            bullets = tuple(Bullet(i) for i in items)
            saved = self.style
            self.style = replace(saved, body_size=saved.body_min_size * 0.8,
                                 body_min_size=saved.body_min_size * 0.7, max_bullets=8)
            self.add_bullets(Kind.SOURCES, "Sources", bullets,
                             "The documents and data behind this briefing.")
            self.style = saved


def paginate(items: list, fits, most: int) -> list[list]:
    """Split ``items`` into pages that each ``fits`` and hold at most ``most`` items: as few
    pages as greedy filling needs, then as even as possible (no "(cont.)" slide with one row)."""
    pages: list[list] = [[]]
    for item in items:
        trial = [*pages[-1], item]
        if pages[-1] and (len(trial) > most or not fits(trial)):
            pages.append([item])
        else:
            pages[-1].append(item)
    count = len(pages)
    if count > 1:
        size, extra = divmod(len(items), count)
        even, start = [], 0
        for n in range(count):
            end = start + size + (1 if n < extra else 0)
            even.append(items[start:end])
            start = end
        if all(len(page) <= most and fits(page) for page in even):
            return even
    return pages


def _walk(section: Section):
    yield from section.blocks
    for child in section.children:
        yield from _walk(child)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


def _cites(note: str, source: str) -> bool:
    """Whether a note already cites a source (most of the source's words are in it), so the
    sources slide does not list the same work twice in two forms."""
    words = _words(source)
    return bool(words) and len(words & _words(note)) >= 0.8 * len(words)


def _is_prose(block) -> bool:
    return isinstance(block, (Paragraph, BulletList, Callout)) or (isinstance(block, Quote) and not block.pull)


def _prose_by_slide(blocks: list) -> dict[int, list[str]]:
    """Prose text for each ``{slide}`` (by block index): what comes before it since the previous
    ``{slide}``; the last ``{slide}`` also takes what follows it."""
    slides = [i for i, b in enumerate(blocks) if isinstance(b, SlideBlock)]
    owned: dict[int, list[str]] = {i: [] for i in slides}
    if not slides:
        return {}
    for index, block in enumerate(blocks):
        if _is_prose(block):
            owner = next((i for i in slides if i > index), slides[-1])
            owned[owner].append(_prose(block))
    return owned


def _prose(block) -> str:
    if isinstance(block, Paragraph):
        return plain(block.spans)
    if isinstance(block, BulletList):
        return "\n".join("\u2022 " + plain(i.spans) for i in block.items)
    if isinstance(block, Callout):
        return (block.title + ": " if block.title else "") + " ".join(_prose(b) for b in block.blocks)
    if isinstance(block, Quote):
        return " ".join(plain(p) for p in block.paragraphs)
    return ""


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text).strip()


def _bullets(items, level: int = 0) -> tuple[Bullet, ...]:
    """List items as bullets, sub-items one level in (deeper ones stay at the second level)."""
    out: list[Bullet] = []
    for item in items:
        out.append(Bullet(item.spans, level))
        out.extend(_bullets(item.children, min(level + 1, 1)))
    return tuple(out)


def _headlines(items: tuple[Inline, ...]) -> tuple[Bullet, ...]:
    """Numbered bullets for takeaways and recommendations. An item that opens with a bold
    lead sentence shows only that lead on the slide; the full text goes to the notes."""
    bullets = []
    for number, item in enumerate(items, 1):
        lead = item[0] if item and item[0].strong else None
        spans = (replace(lead, strong=False),) if lead is not None and len(item) > 1 else item
        bullets.append(Bullet(spans, number=number))
    return tuple(bullets)


def _notes_of_items(items: tuple[Inline, ...]) -> str:
    return "\n".join(f"{i}. {plain(item)}" for i, item in enumerate(items, 1))


#: every block type and what it does in the deck (a test checks no type is missing)
BLOCK_HANDLERS = {
    SlideBlock: Planner._slide_block,
    Table: Planner._table_block,
    Chart: Planner._chart_block,
    Image: Planner._image_block,
    Quote: Planner._quote_block,
    Recommendations: Planner._recommendations_block,
    Takeaways: Planner._takeaways_block,
    Paragraph: Planner._prose_block,
    BulletList: Planner._prose_block,
    Callout: Planner._prose_block,
}


def plan(report: Report, style: DeckStyle, geometry: Geometry, body: Measurer,
         title_font: Measurer) -> list[SlidePlan]:
    """The whole deck as plans."""
    return Planner(report, style, geometry, body, title_font).plan()
