"""Long content kept whole: quotes and comparisons set at the next size of the deck's type scale
and continued on "(cont.)" slides rather than cut or run off the slide; and the slide a
section gets when it holds only a list, a quote or a callout. Pure, like the plan it serves.

The order, for every slide kind: reflow, then the next smaller size of :data:`SCALE` (never
under the kind's floor), then "(cont.)" slides, and only when a single piece cannot fit a
slide even so, a located error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ReportError
from ..locale.typography import quote_marks, quoted_whole
from ..model import BulletList, Callout, Location, Paragraph, Quote, Span, plain
from .cards import CardFitter, grid, quote_boxes, side_body, steps_area, steps_per_slide
from .fitting import Fitter, paginate
from .prose import first_sentence, to_bullets
from .slide import (
    CONTINUED,
    INSET_X,
    INSET_Y,
    Bullet,
    Card,
    CardSizes,
    ComparisonPlan,
    ProcessPlan,
    QuotePlan,
    Side,
    SlidePlan,
    SourcesPlan,
    StatementPlan,
)

#: the deck's one type scale (points): titles 28, body 24 and 20, secondary text 16, tables and
#: chart text 14, source lines and furniture 12; a quotation may open larger (the theme's
#: ``quote_size``)
SCALE = (28.0, 24.0, 20.0, 16.0, 14.0, 12.0)
#: the smallest a quotation is set (the body's smaller size)
QUOTE_FLOOR = 20.0
#: the smallest a comparison's bullets are set (secondary text)
SIDE_FLOOR = 16.0
#: a statement's inset from the content area's left and right edges (points)
STATEMENT_PAD = 24.0


def steps(top: float, floor: float) -> list[float]:
    """``top``, then each size of :data:`SCALE` under it down to ``floor``."""
    return [top, *(s for s in SCALE if floor <= s < top)]


def even(items: list, count: int) -> list[list]:
    """``items`` in ``count`` runs as even as may be (the first ones the longer)."""
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence (the pieces a quotation continues by)."""
    return [s for s in re.split(r"(?<=[.!?\u2026;])\s+", text.strip()) if s]


@dataclass(frozen=True)
class Overflow:
    """Quotes, comparisons, statements, the sources and list-only sections, fitted without losing
    a word: each method gives the slides it makes (the planner adds them to the deck)."""

    fit: Fitter

    def _where(self, location: Location | None) -> Location:
        return location or Location(Path("report.md"))

    # ------------------------------------------------------------------ process strips

    def process(self, card_fit: CardFitter, title: str, steps: tuple[Card, ...], notes: str,
                location: Location | None) -> list[SlidePlan]:
        """A process strip: at most a few steps a strip (fewer when they do not fit), continued
        on "(cont.)" slides as evenly as may be."""
        area = steps_area(self.fit.geometry.body)

        def strip_sizes(page, **given):
            return dict(boxes=grid(area, len(page), columns=len(page)), text_ratio=0.8,
                        text_top=self.fit.style.body_max_size.pt, **given)

        pages = paginate(list(steps), lambda chunk: card_fit.fitted_sizes(tuple(chunk), **strip_sizes(chunk))
                         is not None, steps_per_slide(self.fit.geometry.body))
        made: list[SlidePlan] = []
        for i, page in enumerate(pages):
            cards, sizes = card_fit.card_sizes(tuple(page), **strip_sizes(page, location=location))
            shown = title + (self.fit.tr(CONTINUED) if i else "")
            made.append(ProcessPlan(title=shown, title_size=self.fit.title_size(shown), cards=cards,
                                    sizes=sizes, notes=notes, continued=bool(i)))
        return made

    # ------------------------------------------------------------------ quotes

    def quote(self, title: str, text: str, attribution: str, notes: str,
              location: Location | None = None) -> list[SlidePlan]:
        """A quotation as large as it fits (the theme's quote size, then the scale's steps down
        to 20 pt); a longer one continues sentence by sentence on "(cont.)" slides, each with
        the speaker's name bar, the opening mark on the first and the closing on the last."""
        bar = "\u2014 " + attribution if attribution else ""
        area, _ = quote_boxes(self.fit.geometry.body, self.fit.body, bar, self.fit.style.attribution_size.pt)
        width, height = area.w - 2 * INSET_X, area.h - 2 * INSET_Y

        # the language's marks, none where the source quotes the passage in marks of its own
        # („…“ in a German source): never two pairs
        opening, closing = ("", "") if quoted_whole(text) else quote_marks(self.fit.language)

        def quoted(part: str, first: bool, last: bool) -> str:
            return (opening if first else "") + part + (closing if last else "")

        def fits(parts: list[str], size: float, first: bool, last: bool) -> bool:
            return self.fit.body.height(quoted(" ".join(parts), first, last), size, width) <= height

        floor = min(QUOTE_FLOOR, self.fit.style.quote_size.pt)
        for size in steps(self.fit.style.quote_size.pt, floor):
            if fits([text], size, True, True):
                return [QuotePlan(title=title, title_size=self.fit.title_size(title),
                                  quote=quoted(text, True, True), attribution=attribution, body_size=size,
                                  notes=notes)]
        pieces = self._pieces(sentences(text), lambda p: fits(p, floor, True, True), location)
        pages = paginate(pieces, lambda chunk: fits(chunk, floor, True, True), len(pieces))
        out: list[SlidePlan] = []
        for n, page in enumerate(pages):
            shown = title + (self.fit.tr(CONTINUED) if n else "")
            out.append(QuotePlan(title=shown, title_size=self.fit.title_size(shown),
                                         quote=quoted(" ".join(page), n == 0, n == len(pages) - 1),
                                 attribution=attribution, body_size=floor, notes=notes, continued=bool(n)))
        return out

    def _pieces(self, parts: list[str], fits, location: Location | None) -> list[str]:
        """``parts``, each too long for a slide cut into runs of words that fit; a single word
        that does not fit is a located error."""
        out: list[str] = []
        for part in parts:
            if fits([part]):
                out.append(part)
                continue
            words = part.split()
            while words:  # the most words that fit, found by halving
                if not fits([words[0]]):
                    raise ReportError(f"the word {words[0][:40]!r} does not fit a slide even at the smallest "
                                      "size; shorten it", self._where(location))
                low, high = 1, len(words)
                while low < high:
                    mid = (low + high + 1) // 2
                    if fits([" ".join(words[:mid])]):
                        low = mid
                    else:
                        high = mid - 1
                out.append(" ".join(words[:low]))
                words = words[low:]
        return out

    # ------------------------------------------------------------------ statements

    def statement(self, title: str, statement: str, support: str, notes: str,
                  location: Location | None = None) -> list[SlidePlan]:
        """One large statement (the theme's cover title size, down the scale to 24 pt) and a
        supporting line under it (20 pt, down to 16), together at most two thirds of the
        content area; a statement too long for that is a located error."""
        width = self.fit.geometry.body.w - 2 * STATEMENT_PAD - 2 * INSET_X
        room = self.fit.geometry.body.h * 2 / 3
        for size in steps(self.fit.style.cover_title_size.pt, 24.0):
            for small in steps(self.fit.style.body_size.pt, SIDE_FLOOR):
                used = self.fit.body.height(statement, size, width, True) + \
                    (self.fit.body.height(support, small, width) + size * 0.5 if support else 0)
                if used <= room:
                    return [StatementPlan(title=title, title_size=self.fit.title_size(title),
                                          statement=statement,
                                          support=support, sizes=CardSizes(size, small), notes=notes)]
        raise ReportError(f"the statement ({len(statement.split())} words) is too long for a statement slide "
                          "even at 24 pt; shorten it or use a bullets slide", self._where(location))

    # ------------------------------------------------------------------ comparisons

    def comparison(self, title: str, sides: tuple[Side, ...], notes: str,
                   location: Location | None = None) -> list[SlidePlan]:
        """Two cards side by side, their bullets at one size of the scale (24, 20 or 16 pt); past
        16 pt the sides continue together on "(cont.)" slides, split evenly."""
        inner = side_body(self.fit.geometry.left, self.fit.body, self.fit.style.body_size.pt,
                          tuple(s.heading for s in sides))
        for size in steps(self.fit.style.headline_size.pt, SIDE_FLOOR):
            if all(self.fit.fit_size(s.bullets, inner, size, size) for s in sides):
                return [ComparisonPlan(title=title, title_size=self.fit.title_size(title), sides=sides,
                                       body_size=size, notes=notes)]
        width = inner.w - 2 * INSET_X
        if any(self.fit.bullets_height((b,), SIDE_FLOOR, width) > inner.h - 2 * INSET_Y
               for s in sides for b in s.bullets):
            raise ReportError("a comparison's bullet is too long for its card even at 16 pt; shorten it",
                              self._where(location))
        count = 2
        while True:
            runs = [even(list(s.bullets), count) for s in sides]
            if all(self.fit.fit_size(tuple(run), inner, SIDE_FLOOR,
                                     SIDE_FLOOR) for side in runs for run in side):
                break
            count += 1
        out: list[SlidePlan] = []
        for n in range(count):
            chunk = tuple(replace(s, bullets=tuple(run[n])) for s, run in zip(sides, runs))
            shown = title + (self.fit.tr(CONTINUED) if n else "")
            out.append(ComparisonPlan(title=shown, title_size=self.fit.title_size(shown), sides=chunk,
                                      body_size=SIDE_FLOOR, notes=notes, continued=bool(n)))
        return out

    # ------------------------------------------------------------------ sources

    def sources(self, bullets: tuple[Bullet, ...]) -> list[SlidePlan]:
        """A reference list on as few slides as it fits: a short one in one column at the body
        text's sizes (two references are not two small lines on an empty slide); a longer one
        in two columns at the source lines' size (larger when there is room)."""
        box = self.fit.geometry.body
        top, bottom = self.fit.style.source_size.pt + 2, self.fit.style.source_min_size.pt
        notes = self.fit.tr("The documents and data behind this briefing.")
        size = self.fit.style.body_size.pt
        while size >= self.fit.style.body_min_size.pt:
            if self.fit.bullets_height(bullets, size, box.w - 2 * INSET_X) <= box.h - 2 * 3.6:
                return [SourcesPlan(title=self.fit.tr("Sources"),
                                    title_size=self.fit.title_size(self.fit.tr("Sources")),
                                    bullets=bullets, body_size=size, notes=notes)]
            size -= 1
        size = top
        while size >= bottom:
            if self.fit.column_split(bullets, box, size) is not None:
                return [SourcesPlan(title=self.fit.tr("Sources"),
                                    title_size=self.fit.title_size(self.fit.tr("Sources")),
                                    bullets=bullets, body_size=size, notes=notes, columns=2)]
            size -= 1
        pages = paginate(list(bullets), lambda chunk: self.fit.column_split(tuple(chunk), box,
                                                                            bottom) is not None,
                         2 * self.fit.style.max_bullets)
        out: list[SlidePlan] = []
        for i, page in enumerate(pages):
            shown = self.fit.tr("Sources") + (self.fit.tr(CONTINUED) if i else "")
            out.append(SourcesPlan(title=shown, title_size=self.fit.title_size(shown), bullets=tuple(page),
                                   body_size=bottom, notes=notes, continued=bool(i), columns=2))
        return out

    # ------------------------------------------------------------------ sections of lists alone

    def summary_bullets(self, blocks: list) -> tuple[Bullet, ...]:
        """What a section that makes no slide of its own shows: the first sentence of each
        paragraph; with no paragraph, its lists' items and its callouts' text."""
        paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
        if paragraphs:  # a summary: the theme's most bullets (the notes have every paragraph)
            return tuple(Bullet((Span(first_sentence(plain(b.spans))),
                                 )) for b in paragraphs[: self.fit.style.max_bullets])
        out: list[Bullet] = []
        for block in blocks:
            if isinstance(block, BulletList):
                out += to_bullets(block.items)
            elif isinstance(block, Callout):
                for part in block.blocks:
                    if isinstance(part, Paragraph):
                        out.append(Bullet((Span(first_sentence(plain(part.spans))),)))
                    elif isinstance(part, BulletList):
                        out += to_bullets(part.items)
        return tuple(out)

    def quote_only(self, blocks: list) -> list[Quote]:
        """The block quotes of a section whose prose is nothing else (each gets a quote slide)."""
        prose = [b for b in blocks if isinstance(b, (Paragraph, BulletList, Callout, Quote))]
        quotes = [b for b in prose if isinstance(b, Quote)]
        return quotes if prose and len(quotes) == len(prose) else []

    @staticmethod
    def quote_text(block: Quote) -> tuple[str, str]:
        return " ".join(plain(p) for p in block.paragraphs), plain(block.attribution)
