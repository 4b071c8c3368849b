"""Report → list of SlidePlan: which slides, in which order, with what on each.

Pure: no python-pptx here. Fitting decisions (font sizes, which bullets or table rows go on
which continuation slide) are made from the template's geometry and the fonts' metrics, so a
plan can be compared with ``==`` in tests and rendered by a thin step afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..locale.furniture import notes_label
from ..locale.values import as_of_line, format_date, format_number
from ..model import (
    BulletList,
    Callout,
    Chart,
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
from ..shared.theme import DeckStyle
from .cards import CardFitter, grid, quote_boxes, side_body, steps_area, steps_per_slide
from .fit import Measurer
from .fitting import cell_text, paginate
from .prose import (
    cards_of,
    cites,
    first_sentence,
    is_prose,
    notes_of_items,
    prose_by_slide,
    prose_text,
    resolve_references,
    rich,
    step,
    to_bullets,
)
from .slide import (
    CONTINUED,
    INSET_X,
    INSET_Y,
    MAX_TABLE_SLIDES,
    Bullet,
    Card,
    CardSizes,
    Geometry,
    Kind,
    Side,
    SlidePlan,
    TableChunk,
    unique_titles,
)


@dataclass
class Planner(CardFitter):
    """Decides the deck: which slides, in which order, with what notes."""

    report: Report
    slides: list[SlidePlan] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.report.meta.language

    def add_bullets(self, kind: Kind, title: str, bullets: tuple[Bullet, ...], notes: str, *,
                    top: float | None = None, bottom: float | None = None, most: int | None = None) -> None:
        """Bullet slides, "(cont.)" when they do not fit one; sizes and bullets per slide within
        the theme's limits unless ``top``, ``bottom`` and ``most`` say otherwise."""
        box = self.geometry.body
        if kind is Kind.STATEMENT:
            top = self.style.headline_size.pt
        rows = self.row_size(bullets, box) if kind is Kind.BULLETS else None
        if rows is not None:  # a short flat list: one row each, filling the content area
            cards = tuple(Card(plain(b.spans), head_spans=rich(b.spans)) for b in bullets)
            self.slides.append(SlidePlan(kind, title, self.title_size(title), bullets=bullets, body_size=rows,
                                         notes=notes, cards=cards, card_sizes=CardSizes(rows, rows)))
            return
        if kind is Kind.BULLETS:  # a long list grows to fill the content area when there is room
            top = top or self.style.body_max_size.pt
        for i, (chunk, size) in enumerate(self.bullet_pages(bullets, box, top, bottom, most)):
            shown = title + (self.tr(CONTINUED) if i else "")
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
        rows = [tuple(cell_text(v, c, language) for v, c in zip(row, data.columns)) for row in shown_rows]
        omitted = len(data.rows) - len(rows)
        source = self.source_line(data.source, table.notes)
        box = replace(self.geometry.body, h=self.geometry.body.h - (source.height if source else 0))
        size = self.style.table_max_size.pt  # as large as the content area has room for
        bottom = self.style.table_min_size.pt
        while True:
            widths, size = self._widths_that_fit(header, rows, size, box.w, table, bottom)
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
            notes += "\n\n" + self.tr("Some long cells are shortened on the slides; the brief prints them in full.")
        pages = paginate(list(range(len(rows))), lambda chunk: head_h + sum(heights[i] for i in chunk) <= box.h,
                         self.style.max_table_rows)
        caption = table.caption
        for n, page in enumerate(pages):
            chunk = TableChunk(header, numeric, tuple(rows[i] for i in page), tuple(widths),
                               (head_h, *(heights[i] for i in page)))
            title = caption + (self.tr(CONTINUED) if n else "")
            line = source
            if omitted and n == len(pages) - 1:
                shown = self.tr("Rows 1\u2013{shown} of {total} shown; the brief has the full table.",
                                shown=format_number(len(rows), 0, self.language),
                                total=format_number(len(data.rows), 0, self.language))
                line = self.source_line(data.source, f"{shown} {table.notes}".strip())
            self.slides.append(SlidePlan(Kind.TABLE, title, self.title_size(title), table=chunk,
                                         body_size=size, source=line, notes=notes, continued=bool(n)))

    def plan(self) -> list[SlidePlan]:
        meta = self.report.meta
        byline = "; ".join(a.name for a in meta.authors)
        # the date and the as_of line share one line, so the title slide's text box holds them
        dated = " \u00b7 ".join(x for x in (format_date(meta.date, meta.language) if meta.date else "",
                                            as_of_line(meta) if meta.as_of else "") if x)
        lines = [x for x in (meta.subtitle, (meta.byline + " " if meta.byline else "") + byline
                             if byline else "", dated) if x]
        self.slides.append(SlidePlan(Kind.TITLE, meta.title, self.cover_title_size(meta.title),
                                     subtitle="\n".join(lines), notes=meta.summary or meta.subtitle))
        for block in self.report.all_blocks():
            if isinstance(block, Takeaways):
                start = len(self.slides)
                self.add_cards(Kind.TAKEAWAYS, block.title, block.items, notes_of_items(block.items))
                self._locate(start, block.location)
        if meta.deck.agenda:
            bullets = tuple(Bullet((Span(s.title),)) for s in self.report.sections)
            self.add_bullets(Kind.AGENDA, self.tr("Agenda"), bullets, self.tr("What this briefing covers."))
        prose: list[str] = []
        for block in self.report.preamble:  # blocks before the first heading
            if is_prose(block):
                prose.append(prose_text(block))
            elif not isinstance(block, Takeaways) and self.block_slides(block, "\n\n".join(prose)):
                prose = []
        for section in self.report.sections:
            self.plan_section(section)
        self.plan_sources()
        self.slides = unique_titles(self.slides, self.tr(CONTINUED), self.title_size)
        self.slides = resolve_references(self.slides, self.report, lambda n: self.tr("slide {number}", number=n) if n else self.tr("this slide"))
        self._one_title_size()
        return self.slides

    def _one_title_size(self) -> None:
        """Every content slide's title at one size: the largest at which each of them fits."""
        content = [p for p in self.slides if p.kind is not Kind.TITLE]
        if content:
            size = min(p.title_size for p in content)
            self.slides = [p if p.kind is Kind.TITLE else replace(p, title_size=size) for p in self.slides]

    def add_cards(self, kind: Kind, title: str, items: tuple[Inline, ...], notes: str) -> None:
        """Numbered cards, at most six a slide: an item's bold lead sentence large, the rest of
        it under the lead."""
        cards = cards_of(items)
        # at most six a slide, as evenly as may be (seven: four and three, not six and one)
        for i, page in enumerate(paginate(list(cards), lambda chunk: True, 6)):
            chunk = tuple(page)
            fitted, sizes = self.card_sizes(chunk, grid(self.geometry.body, len(chunk)))
            shown = title + (self.tr(CONTINUED) if i else "")
            self.slides.append(SlidePlan(kind, shown, self.title_size(shown), notes=notes, continued=bool(i),
                                         cards=fitted, card_sizes=sizes, body_size=sizes.text))

    def plan_section(self, section: Section) -> None:
        """Slides for one top-level section, with the section's reasoning as speaker notes.

        A ``{slide}`` gets the section's prose as its notes (with several, each gets the prose
        up to it, and the last also what follows). A table, chart or quote slide gets the prose
        just before it. A section that makes no slide gets a bullet slide of the first sentence
        of each paragraph."""
        if self.report.meta.deck.section_dividers:
            self.slides.append(SlidePlan(Kind.SECTION, section.title, self.title_size(section.title),
                                         notes=section.title))
        blocks = [b for part in section.walk() for b in part.blocks]
        owned = prose_by_slide(blocks)
        start = len(self.slides)
        recent: list[str] = []
        first_sentences: list[Inline] = []
        for index, block in enumerate(blocks):
            if isinstance(block, SlideBlock):
                self.block_slides(block, "\n\n".join(owned.get(index, [])))
                recent = []
            elif is_prose(block):
                recent.append(prose_text(block))
                if isinstance(block, Paragraph):
                    first_sentences.append((Span(first_sentence(plain(block.spans))),))
            elif self.block_slides(block, "\n\n".join(recent)):
                recent = []
        if len(self.slides) == start and first_sentences:
            bullets = tuple(Bullet(s) for s in first_sentences[: self.style.max_bullets])
            self.add_bullets(Kind.BULLETS, section.title, bullets,
                             "\n\n".join(prose_text(b) for b in blocks if is_prose(b)))
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
        notes = "\n\n".join(x for x in (block.notes, prose) if x) or block.title  # the writer's own first
        if block.layout is SlideLayout.FIGURES:
            source = self.source_line(block.source)
            box = self.geometry.body
            box = replace(box, h=box.h - (source.height if source else 0))
            cards, sizes = self.figure_sizes(block.figures, box, block.location)
            if any(c.text != f.label for c, f in zip(cards, block.figures)):  # a label cut short: in full here
                notes += "\n\n" + "\n".join(f"{f.value}: {f.label}" for f in block.figures)
            self.slides.append(SlidePlan(Kind.FIGURES, block.title, self.title_size(block.title), cards=cards,
                                         card_sizes=sizes, body_size=sizes.text, source=source, notes=notes))
            return True
        if block.layout is SlideLayout.PROCESS:
            steps = [step(item.spans) for item in block.items]
            # at most a few steps a strip, continued on "(cont.)" slides as evenly as may be
            for i, page in enumerate(paginate(steps, lambda chunk: True, steps_per_slide(self.geometry.body))):
                boxes = grid(steps_area(self.geometry.body), len(page), columns=len(page))
                cards, sizes = self.card_sizes(tuple(page), boxes, text_ratio=0.8,
                                               text_top=self.style.body_max_size.pt)
                shown = block.title + (self.tr(CONTINUED) if i else "")
                self.slides.append(SlidePlan(Kind.PROCESS, shown, self.title_size(shown), cards=cards,
                                             card_sizes=sizes, body_size=sizes.text, notes=notes,
                                             continued=bool(i)))
            return True
        if block.layout is SlideLayout.COMPARISON:
            sides = tuple(Side(plain(s.heading), to_bullets(s.items), s.key) for s in block.sides)
            self.slides.append(SlidePlan(Kind.COMPARISON, block.title, self.title_size(block.title),
                                         sides=sides, body_size=self._side_size(sides), notes=notes))
        else:
            kind = Kind.STATEMENT if block.layout is SlideLayout.STATEMENT else Kind.BULLETS
            self.add_bullets(kind, block.title, to_bullets(block.items), notes)
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
        notes = "\n\n".join(x for x in (prose, spec.subtitle, f"{notes_label(self.language, spec.notes)} {spec.notes}" if spec.notes else "")
                            if x) or spec.title
        self.slides.append(SlidePlan(Kind.CHART, spec.title, self.title_size(spec.title), chart=spec,
                                     source=self.source_line(spec.source, spec.notes), notes=notes))
        return True

    def _image_block(self, block: Image, prose: str) -> bool:
        title = block.caption or block.alt
        self.slides.append(SlidePlan(Kind.IMAGE, title, self.title_size(title), image=block,
                                     notes=prose or block.alt))
        return True

    def _quote_block(self, block: Quote, prose: str) -> bool:
        if not block.pull:
            return False
        text = " ".join(plain(p) for p in block.paragraphs)
        attribution = plain(block.attribution)
        title = self._quote_title(block)
        quoted = self.tr("\u201c{text}\u201d", text=text)  # quotation marks of the report's language
        area, _ = quote_boxes(self.geometry.body, self.body, "\u2014 " + attribution, self.style.attribution_size.pt)
        size = self.style.quote_size.pt  # as large as fits, down to the body text's size
        while size > self.style.body_min_size.pt and \
                self.body.height(quoted, size, area.w - 2 * INSET_X) > area.h - 2 * INSET_Y:
            size -= 1
        self.slides.append(SlidePlan(Kind.QUOTE, title, self.title_size(title), quote=quoted,
                                     attribution=attribution, body_size=size,
                                     notes=prose or f"{text} ({attribution})"))
        return True

    def _recommendations_block(self, block: Recommendations, prose: str) -> bool:
        self.add_cards(Kind.RECOMMENDATIONS, block.title, block.items,
                       "\n\n".join(x for x in (prose, notes_of_items(block.items)) if x))
        return True

    def _prose_block(self, block, prose: str) -> bool:
        return False

    def _takeaways_block(self, block: Takeaways, prose: str) -> bool:
        return True  # planned once, right after the title slide

    def _quote_title(self, block: Quote) -> str:
        for section in self.report.all_sections():
            if block in section.blocks:
                return section.title
        return self.tr("In their words")

    def _side_size(self, sides: tuple[Side, ...]) -> float:
        inner = side_body(self.geometry.left, self.body, self.style.body_size.pt)
        sizes = [self._fit_size(s.bullets, inner, self.style.headline_size.pt, self.style.body_min_size.pt * 0.7)
                 for s in sides]
        return min((s for s in sizes if s), default=self.style.body_min_size.pt * 0.7)

    def plan_sources(self) -> None:
        items: list[Inline] = [n.spans for n in self.report.notes]
        seen: set[str] = set()
        for block in self.report.all_blocks():
            source = getattr(getattr(block, "spec", None), "source", "") or \
                getattr(getattr(block, "data", None), "source", "")
            for part in re.split(r";\s*", source) if source else ():
                if part and part not in seen and not any(cites(plain(i), part) for i in items):
                    seen.add(part)
                    items.append((Span(part),))
        if items:
            self.add_sources(tuple(Bullet(i) for i in items))

    def add_sources(self, bullets: tuple[Bullet, ...]) -> None:
        """A reference list on as few slides as it fits: a short one in one column at the body
        text's sizes (two references are not two small lines on an empty slide); a longer one
        in two columns at the source lines' size (larger when there is room)."""
        box = self.geometry.body
        top, bottom = self.style.source_size.pt + 2, self.style.source_min_size.pt
        notes = self.tr("The documents and data behind this briefing.")
        size = self.style.body_size.pt
        while size >= self.style.body_min_size.pt:
            if self._bullets_height(bullets, size, box.w - 2 * INSET_X) <= box.h - 2 * 3.6:
                self.slides.append(SlidePlan(Kind.SOURCES, self.tr("Sources"), self.title_size(self.tr("Sources")),
                                             bullets=bullets, body_size=size, notes=notes))
                return
            size -= 1
        size = top
        while size >= bottom:
            if self.column_split(bullets, box, size) is not None:
                self.slides.append(SlidePlan(Kind.SOURCES, self.tr("Sources"), self.title_size(self.tr("Sources")), bullets=bullets,
                                             body_size=size, notes=notes, columns=2))
                return
            size -= 1
        pages = paginate(list(bullets), lambda chunk: self.column_split(tuple(chunk), box, bottom) is not None,
                         2 * self.style.max_bullets)
        for i, page in enumerate(pages):
            shown = self.tr("Sources") + (self.tr(CONTINUED) if i else "")
            self.slides.append(SlidePlan(Kind.SOURCES, shown, self.title_size(shown), bullets=tuple(page),
                                         body_size=bottom, notes=notes, continued=bool(i), columns=2))


#: every block type and what it does in the deck (a test checks no type is missing)
BLOCK_HANDLERS: dict[type, Callable[[Planner, Any, str], bool]] = {
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
    return Planner(style, geometry, body, title_font, report).plan()
