"""Model blocks → ReportLab flowables, one handler per block type."""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatch

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
)
from reportlab.platypus import Image as RLImage

from ..charts import describe
from ..locale.furniture import tr
from ..model import (
    BulletList,
    Callout,
    Chart,
    Image,
    Inline,
    Quote,
    Recommendations,
    SlideBlock,
    Table,
    Takeaways,
)
from ..model import Paragraph as ParagraphBlock
from . import figures
from .boxes import Box, Kept, WithTail
from .context import Context
from .rtl import Paragraph
from .styles import layout_table
from .tables import table_flowable


@singledispatch
def flowables(block, ctx: Context) -> list[Flowable]:
    raise TypeError(f"the PDF builder has no handler for {type(block).__name__}")


@flowables.register
def _(block: ParagraphBlock, ctx: Context) -> list[Flowable]:
    return [ctx.para(block.spans, ctx.styles.body)]


def _list(block: BulletList, ctx: Context) -> ListFlowable:
    """A bulleted or numbered list; bulleted sub-items at any depth get dashes, numbered ones
    letters (1. a. ...)."""
    style = ctx.styles.bullet

    def build(item_list) -> list[ListItem]:
        out = []
        for item in item_list:
            content: list[Flowable] = [ctx.para(item.spans, style)]
            if item.children:
                first = item.children[0].number
                marks = dict(bulletType="bullet", start="\u2013") if first is None else \
                    dict(bulletType="a", bulletFormat="%s.", start=first)
                content.append(ListFlowable(build(item.children), leftIndent=14 if first is None else 16,
                                            bulletFontName=style.fontName, bulletFontSize=style.fontSize,
                                            **marks))
            out.append(ListItem(content))
        return out

    items = build(block.items)
    options = dict(leftIndent=16, bulletFontName=style.fontName, bulletFontSize=style.fontSize,
                   bulletColor=ctx.colours["primary"], spaceAfter=style.leading * 0.4)
    if block.ordered:
        return ListFlowable(items, bulletType="1", bulletFormat="%s.", start=block.items[0].number or 1,
                            **options)
    return ListFlowable(items, bulletType="bullet", start="\u2022", **options)


@flowables.register
def _(block: BulletList, ctx: Context) -> list[Flowable]:
    return [_list(block, ctx)]


def _box(title: str, rows: list[list[Flowable]], ctx: Context, numbered: bool) -> Flowable:
    """A shaded box with a rule on the left: takeaways, recommendations, callouts (see :mod:`.boxes`)."""
    return Box(title, rows, ctx, numbered)


#: text shorter than this fills well under a page in any box, so it is never measured
_SHORT = 2_000


def _pieces(spans: Inline, style, width: float, ctx: Context) -> list[Paragraph]:
    """A box's paragraph in pieces of at most 40% of a page each (ReportLab's own split, so
    the text runs on unchanged): a table row cannot break across pages, and a row taller
    than a page could not be placed at all. Short text, the usual case, is one piece."""
    rest = ctx.para(spans, style)
    if sum(len(span.text) for span in spans) < _SHORT:
        return [rest]
    pieces = []
    while rest.wrap(width, ctx.height)[1] > ctx.height * 0.4:
        parts = rest.split(width, ctx.height * 0.4)
        if len(parts) < 2:
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def _numbered(items: tuple[Inline, ...], ctx: Context) -> list[list[Flowable]]:
    s = ctx.styles
    number_style = s.box_title.clone("box_number", fontSize=s.box_item.fontSize,
                                     leading=s.box_item.leading, textColor=ctx.colours["accent"])
    return [[Paragraph(str(i), number_style) if n == 0 else "", piece]
            for i, item in enumerate(items, start=1)
            for n, piece in enumerate(_pieces(item, s.box_item, ctx.width - 32 - 14, ctx))]


@flowables.register(Takeaways)
@flowables.register(Recommendations)
def _(block: Takeaways | Recommendations, ctx: Context) -> list[Flowable]:
    return [_box(block.title, _numbered(block.items, ctx), ctx, numbered=True)]


@flowables.register
def _(block: Callout, ctx: Context) -> list[Flowable]:
    s = ctx.styles
    rows: list[list[Flowable]] = []
    for inner in block.blocks:
        if isinstance(inner, BulletList):  # a row per item, so that a long box can split between them
            for n, item in enumerate(inner.items):
                part = _list(replace(inner, items=(item,)), ctx)
                if n < len(inner.items) - 1:
                    part.spaceAfter = 0
                rows.append([part])
        else:
            rows += [[piece] for piece in _pieces(inner.spans, s.box_item, ctx.width - 28, ctx)]
    return [_box(block.title, rows, ctx, numbered=False)]


@flowables.register
def _(block: Quote, ctx: Context) -> list[Flowable]:
    s = ctx.styles
    if not block.pull:
        parts: list[Flowable] = [ctx.para(p, s.blockquote) for p in block.paragraphs]
        if block.attribution and parts:  # the speaker never alone at the top of a page
            parts[-1] = WithTail(parts[-1], ctx.para((*_dash(), *block.attribution), s.attribution.clone(
                "quote_attr", leftIndent=18)))
        return parts
    # the text's width: the column less its left padding (14) and ReportLab's default right one (6)
    rows = [[piece] for p in block.paragraphs for piece in _pieces(p, s.pull_quote, ctx.width * 0.86 - 20,
                                                                   ctx)]
    if block.attribution:
        rows.append([ctx.para((*_dash(), *block.attribution), s.attribution)])
    table = layout_table(rows, [("LINEBEFORE", (0, 0), (0, -1), 3, ctx.colours["accent"]),
                                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
                         s.body.fontName, colWidths=[ctx.width * 0.86], hAlign="CENTER")
    return [Kept(table, ctx, space_before=8, space_after=14)]


def _dash():
    from ..model import Span

    return (Span("\u2014\u2009"),)


@flowables.register
def _(block: Table, ctx: Context) -> list[Flowable]:
    return [table_flowable(block, ctx)]


def _figure_caption(number: int, title: str, name: str, ctx: Context) -> Paragraph:
    anchor = f"<a name=\"{name}\"/>" if name else ""
    return Paragraph(
        anchor
        + ctx.markup.plain(
            f"{tr(ctx.language, 'Figure {number}.', number=number)} {title}", ctx.styles.caption.fontName
        ),
        ctx.styles.caption,
    )


def _scaled(flowable_width: float, flowable_height: float, ctx: Context) -> float:
    """Scale factor that fits a picture in the column and within 70% of the frame height."""
    return min(1.0, ctx.width / flowable_width, ctx.height * 0.7 / flowable_height)


@flowables.register
def _(block: Chart, ctx: Context) -> list[Flowable]:
    spec = block.spec
    style = figures.chart_style(spec, ctx.chart_style, ctx.theme)
    drawing = figures.drawing(spec, style, ctx.width, ctx.theme, ctx.cache, ctx.drawings)
    above: list[Flowable] = [_figure_caption(block.number, spec.title, block.name, ctx)]
    if spec.subtitle:
        above.append(ctx.text(spec.subtitle, ctx.styles.chart_subtitle))
    figure = figures.FitFigure(above, drawing, ctx.source_line(spec.source, spec.notes),
                               most=_scaled(drawing.width, drawing.height, ctx))
    figure.figure_alt = describe(spec, ctx.language)  # the tagged Figure's /Alt
    return [figure]


@flowables.register
def _(block: Image, ctx: Context) -> list[Flowable]:
    from reportlab.lib.utils import ImageReader

    width, height = ImageReader(str(block.path)).getSize()
    width_pt, height_pt = width * 0.75, height * 0.75
    scale = _scaled(width_pt, height_pt, ctx)
    picture = RLImage(str(block.path), width=width_pt * scale, height=height_pt * scale)
    picture.hAlign = "LEFT"
    picture.alt = block.alt
    parts: list[Flowable] = [_figure_caption(block.number, block.caption or block.alt, "", ctx), picture]
    return [KeepTogether(parts), Spacer(1, 10)]


@flowables.register
def _(block: SlideBlock, ctx: Context) -> list[Flowable]:
    return []  # explicit deck content; the brief shows the section's prose instead
