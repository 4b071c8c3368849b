"""Slides drawn as cards: where each card goes and what size its text is set at. Pure, like the plan.

Takeaways and recommendations become numbered cards (the bold lead sentence large, the rest
under it), a key-figures slide a row of big numbers, a process a strip of steps, and a short
flat list of bullets a stack of rows that fills the content area. Every card of a slide is
set at the same sizes, the largest at which all of them fit; cards that do not fit at the
smallest are given fewer to a slide, continued on "(cont.)" slides, never cut short.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..model import KeyFigure, Location
from .fit import Measurer, unbreakable
from .fitting import Fitter
from .slide import GAP, INSET_X, Box, Bullet, Card, CardSizes

#: text inset inside a card (points)
PAD = 12.0
#: thickness of the coloured bar along a card's top (or a row's left) edge
BAR = 5.0
#: space before a card's supporting text, as a fraction of its size
TEXT_SPACE = 0.45
#: the narrowest a process step's card may be (points)
STEP_WIDTH = 150.0
#: height of the connector above a process strip's steps (line and markers)
CONNECTOR = 28.0


def columns_for(count: int, width: float, height: float) -> int:
    """Cards per row: one row up to three (four on a wide slide with room), else two rows."""
    if count <= 3 or (count == 4 and width / height > 2.6):
        return count
    return math.ceil(count / 2)


def grid(box: Box, count: int, columns: int | None = None) -> list[Box]:
    """``count`` equal cards filling ``box``, row by row."""
    columns = columns or columns_for(count, box.w, box.h)
    rows = math.ceil(count / columns)
    w = (box.w - (columns - 1) * GAP) / columns
    h = (box.h - (rows - 1) * GAP) / rows
    return [Box(box.x + (i % columns) * (w + GAP), box.y + (i // columns) * (h + GAP), w,
                h) for i in range(count)]


def sized(boxes: list[Box], heights: list[float], area: Box, air: float) -> list[Box]:
    """The cards of a :func:`grid` as tall as their text needs (each card of a row as tall as
    the row's fullest, with ``air`` under it, never taller than the grid made it), the rows as
    one block in the middle of ``area``: no card half empty."""
    rows: dict[float, list[int]] = {}
    for i, box in enumerate(boxes):
        rows.setdefault(box.y, []).append(i)
    tall = {y: min(boxes[members[0]].h, max(heights[i] for i in members) + air) for y,
            members in rows.items()}
    total = sum(tall.values()) + GAP * (len(rows) - 1)
    top = area.y + max(0.0, (area.h - total) / 2)
    out = list(boxes)
    for y in sorted(rows):
        for i in rows[y]:
            out[i] = Box(boxes[i].x, top, boxes[i].w, tall[y])
        top += tall[y] + GAP
    return out


def stack(box: Box, count: int) -> list[Box]:
    """``count`` full-width rows filling ``box``, top to bottom."""
    return grid(box, count, columns=1)


def steps_area(box: Box) -> Box:
    """Where a process strip's step cards go: under the connector."""
    return Box(box.x, box.y + CONNECTOR, box.w, box.h - CONNECTOR)


def steps_per_slide(box: Box) -> int:
    """How many steps of a process one strip shows: as many as are STEP_WIDTH wide or wider (five
    across a 16:9 slide, four across a 4:3 one), at least three."""
    return max(3, min(5, int((box.w + GAP) // (STEP_WIDTH + GAP))))


def strip(box: Box, cards: tuple[Card, ...], sizes: CardSizes, measurer: Measurer) -> Box:
    """A process strip as tall as its fullest step (with a line of air), in the middle of ``box``."""
    width = grid(steps_area(box), len(cards), columns=len(cards))[0].w
    need = CONNECTOR + max(card_height(measurer, c, sizes,
                                       width) for c in cards) + measurer.line_height(sizes.text)
    height = min(box.h, need)
    return Box(box.x, box.y + (box.h - height) / 2, box.w, height)


def number_width(measurer: Measurer, card: Card, sizes: CardSizes) -> float:
    """Width of the column a card's number takes at its left (0 for a card without one)."""
    if card.number is None:
        return 0.0
    return measurer.width(str(card.number), sizes.number, True) + PAD


def side_band(box: Box, measurer: Measurer, size: float, headings: tuple[str, ...] = ()) -> Box:
    """The coloured band holding a comparison side's heading: as many lines at ``size`` as the
    longest of both sides' ``headings`` takes in the band's width (one at least), so the two
    bands match and a heading that wraps stays inside its band (it ran over the band's edge)."""
    lines = max([1, *(measurer.lines(h, size, box.w - 2 * PAD, True) for h in headings)])
    return Box(box.x, box.y, box.w, lines * measurer.line_height(size) + 2 * PAD)


def side_body(box: Box, measurer: Measurer, size: float, headings: tuple[str, ...] = ()) -> Box:
    """Where a comparison side's bullets go: in the card under its band, inset from its edges."""
    band = side_band(box, measurer, size, headings)
    inset = PAD - INSET_X
    return Box(box.x + inset, box.y + band.h + inset, box.w - 2 * inset, box.h - band.h - 2 * inset)


#: width of the column holding a quote slide's large opening quotation mark
QUOTE_MARK = 64.0


def quote_boxes(box: Box, measurer: Measurer, attribution: str, size: float) -> tuple[Box, Box]:
    """A quote slide's quotation box and, under it, the name bar holding the speaker (as many
    lines as the attribution takes at ``size``)."""
    x, w = box.x + QUOTE_MARK, box.w - QUOTE_MARK
    if not attribution:  # an unattributed quotation has no name bar
        return Box(x, box.y, w, box.h), Box(x, box.y + box.h, w, 0.0)
    bar_h = measurer.height(attribution, size, w - 2 * PAD) + 2 * PAD
    return Box(x, box.y, w, box.h - bar_h - GAP), Box(x, box.y + box.h - bar_h, w, bar_h)


def card_height(measurer: Measurer, card: Card, sizes: CardSizes, width: float, *,
                bold_head: bool = True) -> float:
    """Height a card's text takes at ``sizes`` in a card ``width`` points wide (with its insets
    and bar); a number sits in a column of its own at the left."""
    inner = width - 2 * PAD - number_width(measurer, card, sizes)
    height = 0.0
    if card.head:
        height += measurer.height(card.head, sizes.head, inner, bold_head)
    if card.text:
        height += measurer.height(card.text, sizes.text,
                                  inner) + (sizes.text * TEXT_SPACE if card.head else 0)
    if card.number is not None:
        height = max(height, measurer.line_height(sizes.number))
    return height + 2 * PAD + BAR


#: a key figure's unit ("10 months") is set at this share of its number's size
UNIT_SHARE = 0.45


def figure_parts(value: str) -> tuple[str, str]:
    """A key figure as its number and its unit: "10 months" → ("10", "months"); digit groups
    stay in the number ("10 700 t" → ("10 700", "t")), whatever space groups them."""
    match = re.fullmatch(r"([-+\u2212]?\d[\d.,\u202f\xa0 ]*%?)\s+(\D.*)", value.strip())
    return (match.group(1), match.group(2)) if match else (value, "")


def unit_size(size: float, smallest: float) -> float:
    """The size of a key figure's unit under a number set at ``size``: a share of it, never under
    ``smallest`` (the theme's ``min_size``: nothing on a slide is set smaller)."""
    return max(size * UNIT_SHARE, smallest)


def figure_width(measurer: Measurer, value: str, size: float, smallest: float) -> float:
    number, unit = figure_parts(value)
    return measurer.width(number, size, True) + (measurer.width(" " + unit, unit_size(size, smallest),
                                                                True) if unit else 0)


def figure_height(measurer: Measurer, card: Card, sizes: CardSizes, width: float) -> float:
    """Height of a key figure's card text: the number on one line (its width is seen to by
    :meth:`CardFitter.figure_sizes`), then its label."""
    label = measurer.height(card.text, sizes.text,
                            width - 2 * PAD) + sizes.text * TEXT_SPACE if card.text else 0.0
    return 2 * PAD + BAR + measurer.line_height(sizes.head) + label


def row_spans(bullet: Bullet):
    """A bullet drawn as a row: its text, after its number when it has one ("2. ")."""
    from ..model import Span

    return bullet.spans if bullet.number is None else (Span(f"{bullet.number}.\u2002", strong=True),
                                                       *bullet.spans)


@dataclass(frozen=True)
class CardFitter:
    """Sizes for card slides, from the theme's limits and the fonts' metrics (those of ``fit``)."""

    fit: Fitter

    def card_sizes(self, cards: tuple[Card, ...], boxes: list[Box], *, text_ratio: float = 0.72,
                   text_top: float | None = None,
                   location: Location | None = None) -> tuple[tuple[Card, ...], CardSizes]:
        """The largest sizes (the bold lead from the theme's card head size down to its least,
        supporting text in step, at most ``text_top``) at which every card fits its box; cards
        that do not fit even at the smallest are a located error (the planner gives them fewer
        to a slide first)."""
        sizes = self.fitted_sizes(cards, boxes, text_ratio=text_ratio, text_top=text_top)
        if sizes is None:
            words = max(len(f"{c.head} {c.text}".split()) for c in cards)
            raise ReportError(f"an item of {words} words does not fit a card of its own even at the smallest "
                              "size; shorten it (the rest can go to the speaker notes)",
                              location or self._nowhere())
        return cards, sizes

    def fitted_sizes(self, cards: tuple[Card, ...], boxes: list[Box], *,
                     text_ratio: float = 0.72, text_top: float | None = None) -> CardSizes | None:
        """The sizes of :meth:`card_sizes`, or None when the cards do not fit at any."""
        style = self.fit.style
        top, bottom = style.card_head_size.pt, style.card_head_min_size.pt
        number = style.card_number_size.pt if any(c.number is not None for c in cards) else 0.0

        def fit(sizes: CardSizes) -> bool:
            return all(card_height(self.fit.body, c, sizes, b.w) <= b.h and self._words_fit(c, sizes, b.w)
                       for c, b in zip(cards, boxes))

        head = top
        while head >= bottom:
            text = max(style.card_text_min_size.pt, min(text_top or style.card_text_size.pt,
                                                        round(head * text_ratio)))
            sizes = CardSizes(head, text, number)
            if fit(sizes):
                # the supporting text as large as still fits under a lead of this size
                while text + 1 <= min(text_top or style.card_text_size.pt, head - 2) and \
                        fit(CardSizes(head, text + 1, number)):
                    text, sizes = text + 1, CardSizes(head, text + 1, number)
                return sizes
            head -= 1
        return None

    def _words_fit(self, card: Card, sizes: CardSizes, width: float) -> bool:
        """Whether every word of the card fits its width (else it would break inside a word)."""
        inner = (width - 2 * PAD - number_width(self.fit.body, card, sizes)) * 0.96
        return all(self.fit.body.width(w, sizes.head, True) <= inner for w in unbreakable(card.head)) and \
            all(self.fit.body.width(w, sizes.text) <= inner for w in unbreakable(card.text))

    def row_size(self, bullets: tuple[Bullet, ...], box: Box) -> float | None:
        """The size at which a short flat list (one to six items, all numbered or none) fills
        ``box`` as a stack of rows, one bullet a row: the largest within the theme's bullet
        sizes; None when the list is not short and flat enough to be drawn so."""
        from ..model import plain

        numbered = [b.number is not None for b in bullets]
        if not 1 <= len(bullets) <= self.fit.style.max_bullets or any(b.level for b in bullets) \
                or len(set(numbered)) > 1:
            return None
        rows = stack(box, len(bullets))
        size = self.fit.style.body_max_size.pt
        while size >= self.fit.style.body_min_size.pt:
            sizes = CardSizes(size, size)
            if all(card_height(self.fit.body, Card(plain(row_spans(b))), sizes, r.w - BAR,
                               bold_head=False) <= r.h
                   for b, r in zip(bullets, rows)):
                return size
            size -= 1
        return None

    def figure_sizes(self, figures: tuple[KeyFigure, ...], box: Box,
                     location: Location | None = None) -> tuple[tuple[Card, ...], CardSizes]:
        """Cards for key figures: one size for every number, the largest (up to the theme's)
        at which each stays on one line; labels at the theme's label size or smaller, as large
        as every word of them fits its card's width. A number, a word or a label too large for
        its card at the smallest sizes is a located error."""
        boxes = grid(box, len(figures), columns=len(figures))
        inner = min(b.w for b in boxes) - 2 * PAD
        size, floor = self.fit.style.figure_size.pt, self.fit.style.card_head_min_size.pt

        def too_wide(size: float) -> list[KeyFigure]:
            return [f for f in figures if figure_width(self.fit.title_font, f.value, size,
                                                       self.fit.style.min_size.pt) > inner * 0.96]

        while size > floor and too_wide(size):
            size = max(size - 2, floor)
        if too_wide(size):
            raise ReportError(f"key figure {too_wide(size)[0].value!r} does not fit on one line of its card "
                              f"even at {floor:g} pt; shorten it (put words such as the unit into its label)",
                              location or self._nowhere())
        cards = tuple(Card(f.value, f.label) for f in figures)
        label = self.fit.style.figure_label_size.pt
        smallest = self.fit.style.card_text_min_size.pt

        def fits(card: Card, b: Box, label: float) -> bool:
            return figure_height(self.fit.body, card, CardSizes(size, label), b.w) <= b.h

        def words_fit(card: Card, b: Box, label: float) -> bool:
            return all(self.fit.body.width(w,
                                           label) <= (b.w - 2 * PAD) * 0.96 for w in unbreakable(card.text))

        while label > smallest and not all(fits(c, b, label) and words_fit(c, b, label) for c, b in zip(cards,
                                                                                                        boxes)):
            label -= 1
        for card, b in zip(cards, boxes):
            wide = [
                w
                for w in unbreakable(card.text)
                if not self.fit.body.width(w, label) <= (b.w - 2 * PAD) * 0.96
            ]
            if wide:
                raise ReportError(
                    f"the word {wide[0]!r} in the label of key figure {card.head!r} is wider than "
                    f"its card even at {label:g} pt; shorten it",
                    location or self._nowhere(),
                )
        sizes = CardSizes(size, label)
        for card, b in zip(cards, boxes):
            if not fits(card, b, label):
                raise ReportError(
                    f"the label of key figure {card.head!r} ({len(card.text.split())} words) is too "
                    f"long for its card even at {label:g} pt; shorten it (the speaker notes can "
                    "say more)",
                    location or self._nowhere(),
                )
        return cards, sizes

    @staticmethod
    def _nowhere() -> Location:
        return Location(Path("report.md"))
