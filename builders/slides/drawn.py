"""Slides drawn with shapes: cards, rows, key figures, a process strip, comparison cards, the quote
slide's name bar, two-column sources and the title slide's logo. Where each shape goes comes
from :mod:`.cards`, the same geometry the plan fitted the text to."""

from __future__ import annotations

from typing import Protocol

from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ..locale.typography import quote_marks
from ..model import Inline, Span
from ..shared.theme import Colour, Theme
from . import cards as geometry
from . import xml
from .cards import (
    BAR,
    GAP,
    PAD,
    grid,
    number_width,
    quote_boxes,
    side_band,
    side_body,
    sized,
    stack,
    steps_area,
    strip,
)
from .fit import Measurer
from .layouts import Layouts, contents
from .slide import (
    INSET_X,
    INSET_Y,
    Box,
    Card,
    CardSizes,
    CardsPlan,
    ComparisonPlan,
    FiguresPlan,
    ProcessPlan,
    QuotePlan,
    RowsPlan,
    SourcesPlan,
    StatementPlan,
)
from .units import emu, filled
from .units import rgb as _rgb


class Renderer(Protocol):
    """What these drawings use of the deck's renderer (:class:`.render.Renderer`)."""

    theme: Theme
    layouts: Layouts
    measurer: Measurer
    colours: dict[str, Colour]
    #: the report's language (the quotation mark is furniture)
    language: str

    def _runs(self, paragraph, spans, size, *, bold=None, colour=None): ...

    def _frame(self, text_frame, anchor=...): ...

    def _spacing(self, paragraph, before): ...

    def _fill_bullets(self, text_frame, bullets, size): ...

    def _textbox(self, slide, box, text, size, *, colour=None, anchor=..., bold=None): ...


# ------------------------------------------------------------------ shapes

def _card_frame(r: Renderer, shape, anchor=MSO_ANCHOR.TOP, left: float = PAD):
    tf = shape.text_frame
    r._frame(tf, anchor)
    tf.margin_left, tf.margin_right = emu(left), emu(PAD)
    tf.margin_top, tf.margin_bottom = emu(PAD + BAR), emu(PAD)
    return tf

def _paragraph(r: Renderer, tf, first: bool, text: str, size: float, *, bold: bool = False,
               colour: Colour | None = None, before: float = 0.0, spans: Inline = ()):
    """A paragraph of ``text``, or of ``spans`` (its formatting and links) when given."""
    paragraph = tf.paragraphs[0] if first else tf.add_paragraph()
    r._spacing(paragraph, before)
    paragraph.alignment = PP_ALIGN.LEFT
    r._runs(paragraph, spans or (Span(text),), size, bold=bold, colour=colour)
    return paragraph

def _clear_bodies(slide) -> None:
    """Remove the layout's content placeholders: these slides draw their own shapes."""
    for body in contents(slide):
        xml.remove(body)

# ------------------------------------------------------------------ slide kinds

def cards_slide(r: Renderer, slide, plan: CardsPlan) -> None:
    """Numbered cards: takeaways and recommendations."""
    _clear_bodies(slide)
    sizes = plan.sizes
    body = r.layouts.geometry.body
    boxes = grid(body, len(plan.cards))
    heights = [geometry.card_height(r.measurer, c, sizes, b.w) for c, b in zip(plan.cards, boxes)]
    for card, box in zip(plan.cards, sized(boxes, heights, body, r.measurer.line_height(sizes.text))):
        _card(r, slide, card, box, sizes, f"Card {card.number or ''}".strip())

def _card(r: Renderer, slide, card: Card, box: Box, sizes: CardSizes, name: str) -> None:
    """A card: its ground under a bar in the primary colour, its bold head, its text, its number."""
    theme = r.theme
    shape = filled(slide.shapes, box, theme.colour("box"), name)
    filled(slide.shapes, Box(box.x, box.y, box.w, BAR), theme.colour("primary"), f"{name} bar",
           decorative=True)
    offset = number_width(r.measurer, card, sizes)
    tf = _card_frame(r, shape, MSO_ANCHOR.TOP, PAD + offset)
    first = True
    if card.head:
        _paragraph(r, tf, True, card.head, sizes.head, bold=True, colour=theme.colour("primary"),
                   spans=card.head_spans)
        first = False
    if card.text:
        _paragraph(r, tf, first, card.text, sizes.text, colour=theme.colour("text"),
                   before=0 if first else sizes.text * geometry.TEXT_SPACE, spans=card.text_spans)
    if card.number is not None:
        wide = r.measurer.width(str(card.number), sizes.number, True) + 2 * INSET_X + 2  # never wraps
        number = Box(box.x + PAD - INSET_X, box.y + BAR + PAD - INSET_Y, wide,
                     r.measurer.line_height(sizes.number)
                     + 2 * INSET_Y)
        r._textbox(slide, number, str(card.number), sizes.number, colour=theme.colour("accent"),
                      bold=True).name = f"{name} number"

def rows_slide(r: Renderer, slide, plan: RowsPlan) -> None:
    """A short list as rows that fill the content area, each behind a coloured bar."""
    _clear_bodies(slide)
    size = plan.size
    for n, (card, box) in enumerate(zip(plan.cards, stack(r.layouts.geometry.body, len(plan.cards))), 1):
        shape = filled(slide.shapes, box, r.theme.colour("box"), f"Row {n}")
        filled(slide.shapes, Box(box.x, box.y, BAR, box.h), r.theme.colour("primary"), f"Row {n} bar",
               decorative=True)
        tf = shape.text_frame
        r._frame(tf, MSO_ANCHOR.MIDDLE)
        tf.margin_left, tf.margin_right = emu(PAD + BAR), emu(PAD)
        tf.margin_top = tf.margin_bottom = emu(PAD + BAR / 2)
        _paragraph(r, tf, True, card.head, size, colour=r.theme.colour("text"), spans=card.head_spans)

def figures_slide(r: Renderer, slide, plan: FiguresPlan) -> None:
    """Key figures: a row of cards, each a big number (its unit smaller) over its label."""
    _clear_bodies(slide)
    body = r.layouts.geometry.body
    box = Box(body.x, body.y, body.w, body.h - (plan.source.height if plan.source else 0))
    sizes = plan.sizes
    cells = grid(box, len(plan.cards), columns=len(plan.cards))
    heights = [geometry.figure_height(r.measurer, c, sizes, b.w) for c, b in zip(plan.cards, cells)]
    cells = sized(cells, heights, box, 2 * r.measurer.line_height(sizes.text))
    # every number on one line across the slide: the fullest card's text block centred, the
    # others hung from the same top
    tallest = max(heights)
    drop = max(0.0, (cells[0].h - tallest) / 2)
    for n, (card, cell) in enumerate(zip(plan.cards, cells), 1):
        _card(r, slide, card, cell, sizes, f"Figure {n}")
        shape = next(sh for sh in slide.shapes if sh.name == f"Figure {n}")
        shape.text_frame.margin_top = emu(PAD + BAR + drop)
        number, unit = geometry.figure_parts(card.head)
        paragraph = shape.text_frame.paragraphs[0]
        runs = paragraph.runs
        if unit and "".join(run.text for run in runs) == card.head:  # "10 months": the unit smaller
            runs[0].text = number
            for run in runs[1:]:  # (a value in two scripts came as two runs)
                xml.remove_run(paragraph, run)
            extra = paragraph.add_run()
            extra.text = " " + unit
            extra.font.size = Pt(geometry.unit_size(sizes.head, r.theme.deck.min_size.pt))
            extra.font.bold = True
            extra.font.color.rgb = _rgb(r.theme.colour("primary"))

def process_slide(r: Renderer, slide, plan: ProcessPlan) -> None:
    """Steps in order: a connector line with a marker over each step's card."""
    _clear_bodies(slide)
    sizes = plan.sizes
    body = strip(r.layouts.geometry.body, plan.cards, sizes, r.measurer)
    area = steps_area(body)
    boxes = grid(area, len(plan.cards), columns=len(plan.cards))
    dot = 14.0
    middle = body.y + (area.y - body.y - GAP / 2) / 2
    filled(slide.shapes, Box(boxes[0].x + PAD, middle - 1.5, boxes[-1].x - boxes[0].x, 3),
               r.theme.colour("rule"), "Connector", decorative=True)
    for n, (card, box) in enumerate(zip(plan.cards, boxes), 1):
        filled(slide.shapes, Box(box.x + PAD, middle - dot / 2, dot, dot), r.theme.colour("accent"),
                   f"Step {n} marker", MSO_SHAPE.OVAL, decorative=True)
        _card(r, slide, card, box, sizes, f"Step {n}")

def comparison_cards(r: Renderer, slide, plan: ComparisonPlan) -> None:
    """Two cards, each under a band in its side's colour (the actor's, when it is one)."""
    _clear_bodies(slide)
    g = r.layouts.geometry
    head = r.theme.deck.body_size.pt
    headings = tuple(side.heading for side in plan.sides)
    for side, box in zip(plan.sides, (g.left, g.right)):
        colour = r.colours.get(side.key) or r.theme.colour("primary")
        band = side_band(box, r.measurer, head, headings)
        shape = filled(slide.shapes, band, colour, f"Side {side.heading}"[:250])
        tf = shape.text_frame
        r._frame(tf, MSO_ANCHOR.MIDDLE)
        tf.margin_left = tf.margin_right = emu(PAD)
        _paragraph(r, tf, True, side.heading, head, bold=True, colour=r.theme.colour("title_text"))
        filled(slide.shapes, Box(box.x, box.y + band.h, box.w, box.h - band.h), r.theme.colour("box"),
                   f"Card {side.heading}"[:250], decorative=True)
        text = side_body(box, r.measurer, head, headings)
        frame = slide.shapes.add_textbox(emu(text.x), emu(text.y), emu(text.w), emu(text.h)).text_frame
        r._fill_bullets(frame, side.bullets, plan.body_size)

def quote_card(r: Renderer, slide, plan: QuotePlan) -> None:
    """A large quotation with a large opening mark, and the speaker on a name bar."""
    _clear_bodies(slide)
    body = r.layouts.geometry.body
    title = slide.shapes.title
    if title is not None:  # placed under the title of the layout used, whichever it is
        below = (title.top + title.height) / 12700 + 6
        if below > body.y:
            body = Box(body.x, below, body.w, body.y + body.h - below)
    attribution = "\u2014 " + plan.attribution if plan.attribution else ""
    quote, bar = quote_boxes(body, r.measurer, attribution, r.theme.deck.attribution_size.pt)
    mark = quote_marks(r.language)[0]  # the quotation's own opening mark (Russian «, German „)
    mark_size = r.theme.deck.figure_size.pt * 1.5
    while mark_size > 24 and r.measurer.width(mark, mark_size, True) > geometry.QUOTE_MARK - 2 * INSET_X - 2:
        mark_size -= 4  # a wide mark (the Russian «) is set smaller, to stay in its column
    if not plan.continued:  # the large opening mark only where the quotation opens
        r._textbox(slide, Box(body.x, body.y - mark_size * 0.15, geometry.QUOTE_MARK,
                              r.measurer.line_height(mark_size) + 2 * INSET_Y + 2),
                   mark, mark_size, colour=r.theme.colour("accent"), bold=True).name = "Quotation mark"
    r._textbox(slide, quote, plan.quote, plan.body_size, colour=r.theme.colour("primary"),
                  anchor=MSO_ANCHOR.MIDDLE).name = "Quotation"
    if not attribution:
        return
    shape = filled(slide.shapes, bar, r.theme.colour("primary"), "Name bar")
    tf = shape.text_frame
    r._frame(tf, MSO_ANCHOR.MIDDLE)
    tf.margin_left = tf.margin_right = emu(PAD)
    tf.margin_top = tf.margin_bottom = emu(PAD - INSET_Y)
    _paragraph(r, tf, True, attribution, r.theme.deck.attribution_size.pt,
                    colour=r.theme.colour("title_text"))

def statement_slide(r: Renderer, slide, plan: StatementPlan) -> None:
    """One large statement behind an accent bar, its supporting line under it, in the middle of
    the content area (sizes from the plan's ``sizes``: statement, supporting line)."""
    from .overflow import STATEMENT_PAD

    _clear_bodies(slide)
    body = r.layouts.geometry.body
    sizes = plan.sizes
    width = body.w - 2 * STATEMENT_PAD
    big = r.measurer.height(plan.statement, sizes.head, width - 2 * INSET_X, True) + 2 * INSET_Y
    small = r.measurer.height(plan.support, sizes.text, width - 2 * INSET_X) + 2 * INSET_Y \
        if plan.support else 0.0
    gap = sizes.head * 0.5 if plan.support else 0.0
    top = body.y + (body.h - big - gap - small) / 2
    filled(slide.shapes, Box(body.x, top, BAR, big + gap + small), r.theme.colour("accent"), "Statement bar")
    r._textbox(slide, Box(body.x + STATEMENT_PAD, top, width, big), plan.statement, sizes.head,
               colour=r.theme.colour("primary"), bold=True).name = "Statement"
    if plan.support:
        r._textbox(slide, Box(body.x + STATEMENT_PAD, top + big + gap, width, small), plan.support,
                   sizes.text,
                   colour=r.theme.colour("text")).name = "Supporting line"

def columns_slide(r: Renderer, slide, plan: SourcesPlan) -> None:
    """A list in two columns (the sources slide): the first column the fuller."""
    from .fitting import Fitter

    _clear_bodies(slide)
    body = r.layouts.geometry.body
    fitter = Fitter(r.theme.deck, r.layouts.geometry, r.measurer, r.measurer)
    cut = fitter.column_split(plan.bullets, body, plan.body_size)
    cut = len(plan.bullets) if cut is None else cut
    half = (body.w - GAP) / 2
    for n, chunk in enumerate((plan.bullets[:cut], plan.bullets[cut:])):
        if chunk:
            box = Box(body.x + n * (half + GAP), body.y, half, body.h)
            frame = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h)).text_frame
            r._fill_bullets(frame, chunk, plan.body_size)

def logo(r: Renderer, slide) -> None:
    """The theme's logo in the title layout's picture placeholder, kept to its proportions."""
    from PIL import Image as PILImage

    holder = next((p for p in slide.placeholders if p.placeholder_format.type is PP_PLACEHOLDER.PICTURE),
                  None)
    if holder is None:
        return
    logo = r.theme.logo
    box = Box(holder.left / 12700, holder.top / 12700, holder.width / 12700, holder.height / 12700)
    xml.remove(holder)
    if logo is None:
        return
    with PILImage.open(logo) as picture:
        w, h = picture.size
    scale = min(box.w / w, box.h / h)
    picture = slide.shapes.add_picture(str(logo), emu(box.x), emu(box.y + (box.h - h * scale) / 2),
                                       emu(w * scale), emu(h * scale))
    picture.name = "Logo"
    xml.describe_shape(picture, "Logo")


