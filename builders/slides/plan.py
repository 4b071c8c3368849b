"""Report → list of SlidePlan: which slides, in which order, with what on each.

Pure: no python-pptx here. Fitting decisions (font sizes, which bullets or table rows go on
which continuation slide) are made from the template's geometry and the fonts' metrics, so a
plan can be compared with ``==`` in tests and rendered by a thin step afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..locale.furniture import notes_label
from ..locale.values import as_of_line, format_date, format_number
from ..model import (
    BulletList,
    Callout,
    Chart,
    ChartKind,
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
from .cards import CardFitter, grid, row_spans
from .compose import fold
from .fit import Measurer
from .fitting import Fitter, cell_text, paginate
from .overflow import Overflow
from .prose import (
    cards_of,
    is_prose,
    notes_of_items,
    prose_by_slide,
    prose_text,
    resolve_references,
    rich,
    section_blocks,
    sources_of,
    step,
    to_bullets,
)
from .slide import (
    CONTINUED,
    MAX_TABLE_SLIDES,
    Bullet,
    BulletsPlan,
    Card,
    CardsPlan,
    ChartPlan,
    FiguresPlan,
    Geometry,
    ImagePlan,
    Kind,
    RowsPlan,
    SectionPlan,
    Side,
    SlidePlan,
    TableChunk,
    TablePlan,
    TitlePlan,
    unique_titles,
)


@dataclass
class Planner:
    """Decides the deck: which slides, in which order, with what notes. Its fitting is composed,
    not inherited: ``fit`` measures and splits text, ``card_fit`` sizes cards, ``overflow`` makes
    the slides long content continues on."""

    fit: Fitter
    report: Report
    slides: list[SlidePlan] = field(default_factory=list)
    card_fit: CardFitter = field(init=False)
    overflow: Overflow = field(init=False)

    def __post_init__(self) -> None:
        self.card_fit = CardFitter(self.fit)
        self.overflow = Overflow(self.fit)

    @property
    def language(self) -> str:
        return self.report.meta.language

    def add_bullets(self, kind: Kind, title: str, bullets: tuple[Bullet, ...], notes: str, *,
                    top: float | None = None, bottom: float | None = None, most: int | None = None) -> None:
        """Bullet slides, "(cont.)" when they do not fit one; sizes and bullets per slide within
        the theme's limits unless ``top``, ``bottom`` and ``most`` say otherwise."""
        box = self.fit.geometry.body
        rows = self.card_fit.row_size(bullets, box) if kind is Kind.BULLETS else None
        if rows is not None:  # a short flat list: one row each, filling the content area
            cards = tuple(Card(plain(row_spans(b)), head_spans=rich(row_spans(b))) for b in bullets)
            self.slides.append(RowsPlan(title=title, title_size=self.fit.title_size(title), bullets=bullets,
                                        size=rows,
                                        notes=notes, cards=cards))
            return
        if kind is Kind.BULLETS:  # a long list grows to fill the content area when there is room
            top = top or self.fit.style.body_max_size.pt
        for i, (chunk, size) in enumerate(self.fit.bullet_pages(bullets, box, top, bottom, most)):
            shown = title + (self.fit.tr(CONTINUED) if i else "")
            self.slides.append(BulletsPlan(kind=kind, title=shown, title_size=self.fit.title_size(shown),
                                           bullets=chunk,
                                           body_size=size, notes=notes, continued=bool(i)))

    def add_table(self, table: Table, notes: str) -> None:
        """Table slides: shrink to the theme's minimum size, then continue on "(cont.)" slides
        with the header repeated; a row too tall for a slide goes on over the next. A deck shows
        the rows of at most MAX_TABLE_SLIDES slides; the source line says so."""
        data = table.data
        language = self.report.meta.language
        header = tuple(c.title for c in data.columns)
        numeric = tuple(c.type.numeric for c in data.columns)
        shown_rows = data.rows[: MAX_TABLE_SLIDES * self.fit.style.max_table_rows]
        rows = [tuple(cell_text(v, c, language) for v, c in zip(row, data.columns)) for row in shown_rows]
        omitted = len(data.rows) - len(rows)
        source = self.fit.source_line(data.source, table.notes, table.location)
        box = replace(self.fit.geometry.body, h=self.fit.geometry.body.h - (source.height if source else 0))
        widths, size = self.fit.table_size(header, rows, box, table)
        heights = [self.fit.row_height(r, widths, size, bold=False) for r in rows]
        head_h = self.fit.row_height(header, widths, size, bold=True)
        # a row taller than a slide goes on in pieces over "(cont.)" slides: no cell is cut
        split: list[tuple[str, ...]] = []
        for i, row in enumerate(rows):
            split += self.fit.split_row(row, widths, size, box.h - head_h, self.fit.tr(CONTINUED)) \
                if heights[i] > box.h - head_h else [row]
        if len(split) > len(rows):
            rows = split
            heights = [self.fit.row_height(r, widths, size, bold=False) for r in rows]
        pages = paginate(list(range(len(rows))),
                         lambda chunk: head_h + sum(heights[i] for i in chunk) <= box.h,
                         self.fit.style.max_table_rows)
        caption = table.caption
        for n, page in enumerate(pages):
            chunk = TableChunk(header, numeric, tuple(rows[i] for i in page), tuple(widths),
                               (head_h, *(heights[i] for i in page)), split=len(pages) > 1)
            title = caption + (self.fit.tr(CONTINUED) if n else "")
            line = source
            if omitted and n == len(pages) - 1:
                shown = self.fit.tr("Rows 1\u2013{shown} of {total} shown; the brief has the full table.",
                                shown=format_number(len(rows), 0, self.language),
                                total=format_number(len(data.rows), 0, self.language))
                line = self.fit.source_line(data.source, f"{shown} {table.notes}".strip(), table.location)
            self.slides.append(TablePlan(title=title, title_size=self.fit.title_size(title), table=chunk,
                                         body_size=size, source=line, notes=notes, continued=bool(n)))

    def plan(self) -> list[SlidePlan]:
        meta = self.report.meta
        byline = "; ".join(a.name for a in meta.authors)
        # the date and the as_of line share one line, so the title slide's text box holds them
        dated = " \u00b7 ".join(x for x in (format_date(meta.date, meta.language) if meta.date else "",
                                            as_of_line(meta) if meta.as_of else "") if x)
        lines = [x for x in (meta.subtitle, (meta.byline + " " if meta.byline else "") + byline
                             if byline else "", dated) if x]
        self.slides.append(TitlePlan(title=meta.title, title_size=self.fit.cover_title_size(meta.title),
                                     subtitle="\n".join(lines), notes=meta.summary or meta.subtitle))
        for block in self.report.all_blocks():
            if isinstance(block, Takeaways):
                start = len(self.slides)
                self.add_cards(Kind.TAKEAWAYS, block.title, block.items, notes_of_items(block.items),
                               block.location)
                self._locate(start, block.location)
        if meta.deck.agenda:
            bullets = tuple(Bullet((Span(s.title),)) for s in self.report.sections)
            self.add_bullets(Kind.AGENDA, self.fit.tr("Agenda"), bullets,
                             self.fit.tr("What this briefing covers."))
        prose: list[str] = []
        for block in self.report.preamble:  # blocks before the first heading
            if is_prose(block):
                prose.append(prose_text(block))
            elif not isinstance(block, Takeaways) and self.block_slides(block, "\n\n".join(prose)):
                prose = []
        for section in self.report.sections:
            self.plan_section(section)
        self.plan_sources()
        self.slides = fold(self.slides, self.language, {b.location: n for n,
                                                        s in enumerate(self.report.sections)
                                                        for b in section_blocks(s) if getattr(b, "location",
                                                                                              None)},
                           self.fit.title_size)
        self.slides = unique_titles(self.slides, self.fit.tr(CONTINUED), self.fit.title_size)
        self.slides = resolve_references(
            self.slides, self.report,
            lambda n: self.fit.tr("slide {number}", number=n) if n else self.fit.tr("on this slide"))
        self._one_title_size()
        return self.slides

    def _one_title_size(self) -> None:
        """Every content slide's title at one size: the largest at which each of them fits."""
        content = [p for p in self.slides if not isinstance(p, TitlePlan)]
        if content:
            size = min(p.title_size for p in content)
            self.slides = [p if isinstance(p, TitlePlan) else replace(p,
                                                                      title_size=size) for p in self.slides]

    def add_cards(self, kind: Kind, title: str, items: tuple[Inline, ...], notes: str,
                  location: Location | None = None) -> None:
        """Numbered cards, at most six a slide: an item's bold lead sentence large, the rest of
        it under the lead."""
        cards = cards_of(items)
        body = self.fit.geometry.body
        # at most six a slide, as evenly as may be (seven: four and three, not six and one), and
        # fewer when they do not fit at the smallest sizes
        pages = paginate(list(cards), lambda chunk: self.card_fit.fitted_sizes(tuple(chunk), grid(body,
                                                                                                  len(chunk)))
                         is not None, 6)
        for i, page in enumerate(pages):
            chunk = tuple(page)
            fitted, sizes = self.card_fit.card_sizes(chunk, grid(body, len(chunk)), location=location)
            shown = title + (self.fit.tr(CONTINUED) if i else "")
            self.slides.append(CardsPlan(kind=kind, title=shown, title_size=self.fit.title_size(shown),
                                         notes=notes,
                                         continued=bool(i), cards=fitted, sizes=sizes))

    def plan_section(self, section: Section) -> None:
        """Slides for one top-level section, with the section's reasoning as speaker notes.

        A ``{slide}`` gets the section's prose as its notes (with several, each gets the prose
        up to it, and the last also what follows). A table, chart or quote slide gets the prose
        just before it. A section that makes no slide gets a bullet slide of the first sentence
        of each paragraph."""
        if self.report.meta.deck.section_dividers:
            self.slides.append(SectionPlan(title=section.title, title_size=self.fit.title_size(section.title),
                                           notes=section.title))
        blocks = section_blocks(section)
        owned = prose_by_slide(blocks)
        start = len(self.slides)
        recent: list[str] = []
        for index, block in enumerate(blocks):
            if isinstance(block, SlideBlock):
                self.block_slides(block, "\n\n".join(owned.get(index, [])))
                recent = []
            elif is_prose(block):
                recent.append(prose_text(block))
            elif self.block_slides(block, "\n\n".join(recent)):
                recent = []
        if len(self.slides) == start:  # a section of prose, lists, block quotes or callouts alone
            notes = "\n\n".join(prose_text(b) for b in blocks if is_prose(b))
            for quote in self.overflow.quote_only(blocks):
                text, attribution = self.overflow.quote_text(quote)
                self.slides += self.overflow.quote(section.title, text, attribution, notes, quote.location)
            bullets = () if len(self.slides) > start else self.overflow.summary_bullets(blocks)
            if bullets:
                self.add_bullets(Kind.BULLETS, section.title, bullets, notes)
            self._locate(start, section.location)
        elif recent and len(self.slides) > start and not owned:
            last = self.slides[-1]
            self.slides[-1] = replace(last, notes=(last.notes + "\n\n" + "\n\n".join(recent)).strip())
        made = self.slides[start:]
        if made and not any(p.title.startswith(section.title) for p in made):  # the heading, in the notes
            self.slides[start] = replace(made[0], notes=f"{section.title}\n\n{made[0].notes}".strip())
        for n, slide in enumerate(self.slides[start:], start):  # a heading its slide bears, not twice
            base = slide.title.removesuffix(self.fit.tr(CONTINUED))
            if slide.notes.startswith(base + "\n\n"):
                self.slides[n] = replace(slide, notes=slide.notes[len(base) + 2:])

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
            source = self.fit.source_line(block.source, location=block.location)
            box = self.fit.geometry.body
            box = replace(box, h=box.h - (source.height if source else 0))
            cards, sizes = self.card_fit.figure_sizes(block.figures, box, block.location)
            if any(c.text != f.label for c, f in zip(cards,
                                                     block.figures)):  # a label cut short: in full here
                notes += "\n\n" + "\n".join(f"{f.value}: {f.label}" for f in block.figures)
            self.slides.append(FiguresPlan(title=block.title, title_size=self.fit.title_size(block.title),
                                           cards=cards,
                                           sizes=sizes, source=source, notes=notes))
            return True
        if block.layout is SlideLayout.PROCESS:
            steps = tuple(step(item.spans) for item in block.items)
            self.slides += self.overflow.process(self.card_fit, block.title, steps, notes, block.location)
            return True
        if block.layout is SlideLayout.COMPARISON:
            sides = tuple(Side(plain(s.heading), to_bullets(s.items), s.key) for s in block.sides)
            self.slides += self.overflow.comparison(block.title, sides, notes, block.location)
        elif block.layout is SlideLayout.STATEMENT:
            texts = [plain(item.spans).strip() for item in block.items]
            self.slides += self.overflow.statement(block.title, texts[0], texts[1] if len(texts) > 1 else "",
                                                   notes, block.location)
        else:
            self.add_bullets(Kind.BULLETS, block.title, to_bullets(block.items), notes)
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
        source = self.fit.source_line(spec.source, spec.notes, block.location)
        if spec.kind is ChartKind.TIMELINE:
            from .timeline import must_fit

            body = self.fit.geometry.body
            must_fit(spec, replace(body, h=body.h - (source.height if source else 0.0)), self.fit.body,
                     self.fit.style.chart_font_size.pt, self.fit.style.chart_min_size.pt,
                     block.location or Location(Path("report.md")))
        # the presenter needs what the chart shows and its caveats as well as the argument
        caveat = f"{notes_label(self.language, spec.notes)} {spec.notes}" if spec.notes else ""
        notes = "\n\n".join(x for x in (prose, spec.subtitle, caveat) if x) or spec.title
        self.slides.append(ChartPlan(title=spec.title, title_size=self.fit.title_size(spec.title), chart=spec,
                                     source=source, notes=notes))
        return True

    def _image_block(self, block: Image, prose: str) -> bool:
        title = block.caption or block.alt
        self.slides.append(ImagePlan(title=title, title_size=self.fit.title_size(title), image=block,
                                     notes=prose or block.alt))
        return True

    def _quote_block(self, block: Quote, prose: str) -> bool:
        """A pull quote, or a block quote that names its speaker ("> — A Speaker"), is a quote
        slide; a block quote without one is the section's prose (a quote slide only when the
        section has nothing else, :meth:`plan_section`)."""
        if not block.pull and not block.attribution:
            return False
        text, attribution = self.overflow.quote_text(block)
        self.slides += self.overflow.quote(self._quote_title(block), text, attribution,
                                           prose or f"{text} ({attribution})",
                       block.location)
        return True

    def _recommendations_block(self, block: Recommendations, prose: str) -> bool:
        self.add_cards(Kind.RECOMMENDATIONS, block.title, block.items,
                       "\n\n".join(x for x in (prose, notes_of_items(block.items)) if x), block.location)
        return True

    def _prose_block(self, block, prose: str) -> bool:
        return False

    def _takeaways_block(self, block: Takeaways, prose: str) -> bool:
        return True  # planned once, right after the title slide

    def _quote_title(self, block: Quote) -> str:
        for section in self.report.all_sections():
            if block in section.blocks:
                return section.title
        return self.fit.tr("In their words")

    def plan_sources(self) -> None:
        """The sources slide(s): the endnotes, then the data sources no endnote cites."""
        items = sources_of(self.report)
        if items:
            self.slides += self.overflow.sources(tuple(Bullet(i) for i in items))


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
    return Planner(Fitter(style, geometry, body, title_font, report.meta.language), report).plan()
