"""Slide plans → python-pptx slides: each plan type drawn by its row of :data:`RENDERERS`
(raw XML in :mod:`.xml`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from ..charts import describe
from ..locale.furniture import tr
from ..model import Inline, Span
from ..shared import bidi, fonts, languages
from ..shared.theme import Colour, Theme
from . import charts, drawn, xml
from .drawn import logo
from .fit import Measurer
from .inks import Settler
from .layouts import Layouts, contents, footer_fit, footer_span, furniture
from .slide import (
    BULLET_SPACE,
    CELL_X,
    CELL_Y,
    INSET_X,
    INSET_Y,
    Box,
    Bullet,
    BulletsPlan,
    CardsPlan,
    ChartPlan,
    ComparisonPlan,
    FiguresPlan,
    ImagePlan,
    Plan,
    ProcessPlan,
    QuotePlan,
    RowsPlan,
    SectionPlan,
    SlidePlan,
    SourceLine,
    SourcesPlan,
    StatementPlan,
    TablePlan,
    TitlePlan,
    bullet_indent,
)
from .units import emu, filled
from .units import rgb as _rgb

_ROLE: dict[type[Plan], str] = {
    TitlePlan: "title",
    SectionPlan: "section",
    ComparisonPlan: "two",
    QuotePlan: "title_only",
}


class Renderer:
    """Writes plans into a presentation opened from the template."""

    def __init__(self, prs, layouts: Layouts, theme: Theme, measurer: Measurer,
                 colours: dict[str, Colour], footer: str, language: str, blanks: dict | None = None) -> None:
        self.prs = prs
        #: blank notes slides by notes master (:func:`.xml.notes`)
        self.blanks = {} if blanks is None else blanks
        self.language = language
        self.layouts = layouts
        self.theme = theme
        self.measurer = measurer
        self.colours = colours
        self.footer = footer
        self.fallbacks = measurer.fallbacks
        #: registered fallback font -> the family name applications know it by
        self.families = {name: f.name for f in (theme.heading_font, *theme.fallback_fonts)
                         if (name := f.file().stem) in self.fallbacks}
        self.primary = measurer.face(False)
        #: where each layout's placeholders are (see :class:`.inks.Settler`), by layout
        self.placed: dict[int, dict] = {}
        from .inks import readable_links

        readable_links(prs, layouts.ground(layouts.content).under(layouts.geometry.body))

    # ------------------------------------------------------------------ text

    def _runs(self, paragraph, spans: Inline, size: float, *, bold: bool | None = None,
              colour: Colour | None = None) -> None:
        for span in spans:
            for font, text in fonts.runs(span.text, self.primary, self.fallbacks):
                for piece, lang in languages.segments(text, self.language):
                    run = paragraph.add_run()
                    run.text = piece
                    f = run.font
                    f.size = Pt(size)
                    if bold is not None or span.strong:
                        f.bold = bool(bold) or span.strong
                    if span.emphasis:
                        f.italic = True
                    rpr = xml.run_language(run, lang, span.note is not None)
                    if colour is not None:
                        f.color.rgb = _rgb(colour)
                    if font != self.primary and font in self.families:
                        face = languages.deck_face(lang)  # one PowerPoint has, for Georgian, Chinese …
                        xml.font_slot(
                            rpr, languages.slot(lang).value, face.name if face else self.families[font]
                        )
                    if span.href and not span.href.startswith("#"):
                        run.hyperlink.address = span.href
        text = "".join(span.text for span in spans)
        if bidi.has_rtl(text) and bidi.base_rtl(text):  # a paragraph running right to left
            xml.right_to_left(paragraph)

    def _frame(self, text_frame, anchor=MSO_ANCHOR.TOP) -> None:
        text_frame.word_wrap = True
        text_frame.auto_size = MSO_AUTO_SIZE.NONE
        text_frame.margin_left = text_frame.margin_right = emu(INSET_X)
        text_frame.margin_top = text_frame.margin_bottom = emu(INSET_Y)
        text_frame.vertical_anchor = anchor

    @staticmethod
    def _spacing(paragraph, before: float) -> None:
        paragraph.line_spacing = 1.0
        paragraph.space_before = Pt(before)
        paragraph.space_after = Pt(0)

    def _set_title(self, shape, text: str, size: float) -> None:
        tf = shape.text_frame
        tf.clear()
        self._frame(tf, MSO_ANCHOR.BOTTOM)  # titles sit on the rule below them, one line or two
        paragraph = tf.paragraphs[0]
        self._spacing(paragraph, 0)
        self._runs(paragraph, (Span(text),), size)

    def _fill_bullets(self, text_frame, bullets: tuple[Bullet, ...], size: float) -> None:
        text_frame.clear()
        self._frame(text_frame)
        first = True
        for bullet in bullets:
            paragraph = text_frame.paragraphs[0] if first else text_frame.add_paragraph()
            self._spacing(paragraph, 0 if first else size * BULLET_SPACE)
            first = False
            _bullet_format(paragraph, bullet, size)
            self._runs(paragraph, bullet.spans, size)

    def _textbox(self, slide, box: Box, text: str, size: float, *, colour: Colour | None = None,
                 anchor=MSO_ANCHOR.TOP, bold: bool | None = None):
        shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        tf = shape.text_frame
        self._frame(tf, anchor)
        for i, line in enumerate(text.split("\n")):
            paragraph = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            self._spacing(paragraph, 0)
            paragraph.alignment = PP_ALIGN.LEFT
            self._runs(paragraph, (Span(line),), size, colour=colour, bold=bold)
        return shape

    # ------------------------------------------------------------------ slides

    def add(self, plan: SlidePlan, number: int) -> None:
        role = _ROLE.get(type(plan), "content")
        layout = self.layouts.for_role(role)
        slide = self.prs.slides.add_slide(layout)
        title = slide.shapes.title
        if title is not None:
            g = self.layouts.geometry
            place = (
                g.cover_title
                if isinstance(plan, TitlePlan)
                else g.title
                if not isinstance(plan, SectionPlan)
                else None
            )
            if place is not None:  # the free part of the template's title box, as the plan fitted
                title.left, title.top, title.width, title.height = (
                    emu(v) for v in (place.x, place.y, place.w, place.h)
                )
            self._set_title(title, plan.title, plan.title_size)
        RENDERERS[type(plan)](self, slide, plan)
        if plan.source:
            self._source(slide, plan.source)
        self._remove_empty_placeholders(slide)
        if not isinstance(plan, TitlePlan):
            self._furniture(slide, layout, number)
        Settler(layout, self.layouts.ground(layout), self.theme.colour("text"),
                self.placed.setdefault(id(layout), {})).settle(slide)
        xml.notes(slide, plan.notes or plan.title, self.blanks)

    def _title_slide(self, slide, plan: TitlePlan) -> None:
        from . import cover

        logo(self, slide)
        cover.fill(self, slide, [line for line in plan.subtitle.split("\n") if line.strip()])

    def _body_placeholder(self, slide):
        """The slide's largest content placeholder; the others (a corner tag) are left empty."""
        return next(iter(contents(slide)), None)

    def _bullet_slide(self, slide, bullets: tuple[Bullet, ...], size: float) -> None:
        body = self._body_placeholder(slide)
        box = self.layouts.geometry.body
        if body is not None:
            body.left, body.top, body.width, body.height = emu(box.x), emu(box.y), emu(box.w), emu(box.h)
            self._fill_bullets(body.text_frame, bullets, size)
        else:  # pragma: no cover - layouts.py guarantees a content placeholder
            shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
            self._fill_bullets(shape.text_frame, bullets, size)

    def _remove_body(self, slide) -> None:
        body = self._body_placeholder(slide)
        if body is not None:
            xml.remove(body)

    def _table_slide(self, slide, plan: TablePlan) -> None:
        self._remove_body(slide)
        chunk = plan.table
        body = self.layouts.geometry.body
        box = Box(body.x, body.y, body.w, body.h - (plan.source.height if plan.source else 0))
        rows, cols = len(chunk.rows) + 1, len(chunk.header)
        width, height = sum(chunk.widths), sum(chunk.row_heights)
        # in the middle of the content area, above the source line; a piece of a longer table
        # from its top, the header where the last piece had it
        top = box.y if chunk.split else box.y + (box.h - height) / 2
        shape = slide.shapes.add_table(rows, cols, emu(box.x + (box.w - width) / 2), emu(top),
                                       emu(width), emu(height))
        table = shape.table
        for i, width in enumerate(chunk.widths):
            table.columns[i].width = emu(width)
        for i, height in enumerate(chunk.row_heights):
            table.rows[i].height = emu(height)
        for r, row in enumerate((chunk.header, *chunk.rows)):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = emu(CELL_X)
                cell.margin_top = cell.margin_bottom = emu(CELL_Y)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                tf = cell.text_frame
                tf.word_wrap = True
                paragraph = tf.paragraphs[0]
                self._spacing(paragraph, 0)
                # lines spaced exactly as measured: LibreOffice sets a table cell's "100%" at the
                # font size (PowerPoint at the font's line, a fifth more), so rows looked half empty
                paragraph.line_spacing = Pt(self.measurer.pitch(text, plan.body_size, bold=r == 0))
                paragraph.alignment = PP_ALIGN.RIGHT if chunk.numeric[c] else PP_ALIGN.LEFT
                cell.fill.solid()  # header, then white and zebra rows, whatever the table style says
                cell.fill.fore_color.rgb = _rgb(self.theme.colour(
                    "table_header" if r == 0 else "zebra" if r % 2 == 0 else "background"))
                self._runs(paragraph, (Span(text),), plan.body_size, bold=True if r == 0 else None,
                           colour=self.theme.colour("table_header_text") if r == 0 else None)
        xml.describe_shape(shape, tr(self.language, "Table: {title}", title=plan.title))

    def _chart_slide(self, slide, plan: ChartPlan) -> None:
        self._remove_body(slide)
        box = self.layouts.geometry.body
        box = Box(box.x, box.y, box.w, box.h - (plan.source.height if plan.source else 0))
        spec = plan.chart
        if "panel" in self.theme.colours:  # a ground small text cannot read well on: a pale panel
            filled(slide.shapes, box, self.theme.colours["panel"], "Chart panel")
        frame = charts.add_chart(
            slide, spec, box, charts.Canvas(self.measurer, self.colours, charts.Look.of(self.theme))
        )
        xml.describe_shape(frame, describe(spec, self.language))
        frame.name = tr(self.language, "Chart: {title}", title=spec.title)[:250]

    def _image_slide(self, slide, plan: ImagePlan) -> None:
        from PIL import Image as PILImage

        picture_block = plan.image
        self._remove_body(slide)
        box = self.layouts.geometry.body
        with PILImage.open(picture_block.path) as picture:
            w, h = picture.size
        scale = min(box.w / w, box.h / h)
        width, height = w * scale, h * scale
        shape = slide.shapes.add_picture(str(picture_block.path), emu(box.x + (box.w - width) / 2),
                                         emu(box.y), emu(width), emu(height))
        xml.describe_shape(shape, picture_block.alt)

    def _source(self, slide, source: SourceLine) -> None:
        box = self.layouts.geometry.body
        self._textbox(
            slide,
            Box(box.x, box.y + box.h - source.height, box.w, source.height),
            source.text,
            source.size,
            colour=self.theme.colour("muted"),
            anchor=MSO_ANCHOR.BOTTOM,
        ).name = "Source line"

    # ------------------------------------------------------------------ furniture

    def _remove_empty_placeholders(self, slide) -> None:
        for shape in list(slide.placeholders):
            if shape.has_text_frame and not shape.text_frame.text.strip():
                xml.remove(shape)

    def _furniture(self, slide, layout, number: int) -> None:
        numbered = False
        for placeholder in furniture(layout):
            kind = placeholder.placeholder_format.type
            if kind is PP_PLACEHOLDER.DATE:
                continue
            slide.shapes.clone_placeholder(placeholder)
            clone = slide.placeholders[placeholder.placeholder_format.idx]
            tf = clone.text_frame
            tf.clear()
            paragraph = tf.paragraphs[0]
            if kind is PP_PLACEHOLDER.FOOTER:
                x, w = footer_span(placeholder, layout, self.layouts.geometry.body)
                size, lines = footer_fit(self.footer, placeholder, self.measurer, self.theme)
                if not lines:  # the template's footer is narrower than the text: widened into the free band
                    clone.left, clone.width = emu(x), emu(w)  # (the whole frame: it inherited none)
                    clone.top, clone.height = placeholder.top, placeholder.height
                    size, lines = footer_fit(self.footer, clone, self.measurer, self.theme)
                tf.word_wrap = lines > 1
                self._runs(paragraph, (Span(self.footer),), size)
            else:  # the slide number
                xml.slide_number_field(paragraph, number, self.theme.deck.source_size.pt, self.language)
                numbered = True
        if not numbered:
            self._own_number(slide, number)

    def _own_number(self, slide, number: int) -> None:
        """A slide number of the deck's own, right under the content area, where the layout has no
        place for one (a briefer's audience asks for slides by number); none without room."""
        g, size = self.layouts.geometry, self.theme.deck.source_size.pt
        top, height = g.body.y + g.body.h + 2, self.measurer.line_height(size) + 2 * INSET_Y
        if top + height <= g.height - 2:
            box = slide.shapes.add_textbox(emu(g.body.x + g.body.w - 60), emu(top), emu(60), emu(height))
            box.name = "Slide Number"  # (furniture to briefkit check, as the placeholders are)
            self._frame(box.text_frame, MSO_ANCHOR.MIDDLE)
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            xml.slide_number_field(box.text_frame.paragraphs[0], number, size, self.language)



def _bullet_format(paragraph, bullet: Bullet, size: float) -> None:
    hang = bullet_indent(size, bullet.number is not None)
    xml.bullet(paragraph, emu(hang * (bullet.level + 1)), emu(-hang), bullet.level, bullet.number)


def _nothing(r: Renderer, slide, plan: SectionPlan) -> None:
    """A section slide: its title alone."""


def _bullets(r: Renderer, slide, plan: BulletsPlan) -> None:
    """The agenda, or a list, in the content placeholder."""
    r._bullet_slide(slide, plan.bullets, plan.body_size)


def _cards(r: Renderer, slide, plan: CardsPlan) -> None:
    """Takeaways and recommendations as numbered cards (a slide of none: its empty placeholder)."""
    if plan.cards:
        drawn.cards_slide(r, slide, plan)
    else:
        r._bullet_slide(slide, (), plan.sizes.text)


def _sources(r: Renderer, slide, plan: SourcesPlan) -> None:
    if plan.columns > 1:
        drawn.columns_slide(r, slide, plan)
    else:
        r._bullet_slide(slide, plan.bullets, plan.body_size)


P = TypeVar("P", bound=Plan)


def _draws(
    kind: type[P], draw: Callable[[Renderer, Any, P], None]
) -> tuple[type[Plan], Callable[[Renderer, Any, Any], None]]:
    """One row of :data:`RENDERERS`: mypy checks that ``draw`` takes a plan of ``kind``."""
    return kind, draw


#: the one table from a slide plan's type to what draws it (every type of ``SlidePlan``: a test checks)
RENDERERS: dict[type[Plan], Callable[[Renderer, Any, Any], None]] = dict((
    _draws(TitlePlan, Renderer._title_slide),
    _draws(SectionPlan, _nothing),
    _draws(BulletsPlan, _bullets),
    _draws(RowsPlan, drawn.rows_slide),
    _draws(CardsPlan, _cards),
    _draws(FiguresPlan, drawn.figures_slide),
    _draws(ProcessPlan, drawn.process_slide),
    _draws(StatementPlan, drawn.statement_slide),
    _draws(QuotePlan, drawn.quote_card),
    _draws(ComparisonPlan, drawn.comparison_cards),
    _draws(TablePlan, Renderer._table_slide),
    _draws(ChartPlan, Renderer._chart_slide),
    _draws(ImagePlan, Renderer._image_slide),
    _draws(SourcesPlan, _sources),
))
