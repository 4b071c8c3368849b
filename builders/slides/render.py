"""SlidePlans → python-pptx slides. The only place that touches python-pptx shapes and XML."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..charts import describe
from ..locale.furniture import tr
from ..model import Inline, Span
from ..shared import bidi, fonts, languages
from ..shared.theme import Colour, Theme
from . import charts, drawn
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
    Kind,
    SlidePlan,
    SourceLine,
    bullet_indent,
)
from .units import describe_shape, emu, filled
from .units import rgb as _rgb

_ROLE = {
    Kind.TITLE: "title",
    Kind.SECTION: "section",
    Kind.COMPARISON: "two",
    Kind.QUOTE: "title_only",
}


class Renderer:
    """Writes plans into a presentation opened from the template."""

    def __init__(self, prs, layouts: Layouts, theme: Theme, measurer: Measurer,
                 colours: dict[str, Colour], footer: str, language: str) -> None:
        self.prs = prs
        self.language = language
        self.layouts = layouts
        self.theme = theme
        self.measurer = measurer
        self.colours = colours
        self.footer = footer
        self.fallbacks = measurer.fallbacks
        #: registered fallback font -> the family name applications know it by
        self.families = {fonts.register_family(f): f.name for f in (theme.heading_font, *theme.fallback_fonts)
                         if fonts.register_family(f) in self.fallbacks}
        self.primary = measurer.face(False)
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
                    rpr = run._r.get_or_add_rPr()
                    rpr.set("lang", lang)
                    if span.note is not None:
                        rpr.set("baseline", "30000")
                    if colour is not None:
                        f.color.rgb = _rgb(colour)
                    if font != self.primary and font in self.families:
                        _font_slot(rpr, languages.slot(lang).value, self.families[font])
                    if span.href and not span.href.startswith("#"):
                        run.hyperlink.address = span.href
        text = "".join(span.text for span in spans)
        if bidi.has_rtl(text) and bidi.base_rtl(text):  # a paragraph running right to left
            ppr = paragraph._p.get_or_add_pPr()
            ppr.set("rtl", "1")
            if ppr.get("algn") in (None, "l"):
                ppr.set("algn", "r")

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

    def _fill_bullets(self, text_frame, bullets: tuple[Bullet, ...], size: float, *, placeholder: bool) -> None:
        text_frame.clear()
        self._frame(text_frame)
        first = True
        for bullet in bullets:
            paragraph = text_frame.paragraphs[0] if first else text_frame.add_paragraph()
            self._spacing(paragraph, 0 if first else size * BULLET_SPACE)
            first = False
            _bullet_format(paragraph, bullet, placeholder, size)
            spans = bullet.spans
            self._runs(paragraph, spans, size)

    def _textbox(self, slide, box: Box, text: str, size: float, *, colour: Colour | None = None,
                 italic: bool = False, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, bold: bool | None = None):
        shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        tf = shape.text_frame
        self._frame(tf, anchor)
        for i, line in enumerate(text.split("\n")):
            paragraph = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            self._spacing(paragraph, 0)
            paragraph.alignment = align
            self._runs(paragraph, (Span(line, emphasis=italic),), size, colour=colour, bold=bold)
        return shape

    # ------------------------------------------------------------------ slides

    def add(self, plan: SlidePlan, number: int) -> None:
        role = _ROLE.get(plan.kind, "content")
        layout = self.layouts.for_role(role)
        slide = self.prs.slides.add_slide(layout)
        title = slide.shapes.title
        if title is not None:
            g = self.layouts.geometry
            place = g.cover_title if plan.kind is Kind.TITLE else g.title if plan.kind is not Kind.SECTION else None
            if place is not None:  # the free part of the template's title box, as the plan fitted
                title.left, title.top, title.width, title.height = (emu(v) for v in (place.x, place.y, place.w,
                                                                                       place.h))
            self._set_title(title, plan.title, plan.title_size)
        RENDERERS[plan.kind](self, slide, plan)
        if plan.source:
            self._source(slide, plan.source)
        self._remove_empty_placeholders(slide)
        if plan.kind is not Kind.TITLE:
            self._furniture(slide, layout, number)
        Settler(layout, self.layouts.ground(layout), self.theme.colour("text")).settle(slide)
        slide.notes_slide.notes_text_frame.text = plan.notes or plan.title

    def _title_slide(self, slide, plan: SlidePlan) -> None:
        from . import cover

        logo(self, slide)
        cover.fill(self, slide, [line for line in plan.subtitle.split("\n") if line.strip()])

    def _body_placeholder(self, slide):
        """The slide's largest content placeholder; the others (a corner tag) are left empty."""
        return next(iter(contents(slide)), None)

    def _bullet_slide(self, slide, plan: SlidePlan) -> None:
        body = self._body_placeholder(slide)
        box = self.layouts.geometry.body
        if body is not None:
            body.left, body.top, body.width, body.height = emu(box.x), emu(box.y), emu(box.w), emu(box.h)
            self._fill_bullets(body.text_frame, plan.bullets, plan.body_size, placeholder=True)
        else:  # pragma: no cover - layouts.py guarantees a content placeholder
            shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
            self._fill_bullets(shape.text_frame, plan.bullets, plan.body_size, placeholder=False)

    def _remove_body(self, slide) -> None:
        body = self._body_placeholder(slide)
        if body is not None:
            body._element.getparent().remove(body._element)

    def _table_slide(self, slide, plan: SlidePlan) -> None:
        self._remove_body(slide)
        chunk = plan.table
        assert chunk is not None, "a table slide has its rows"
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
        shape._element.nvGraphicFramePr.cNvPr.set("descr", tr(self.language, "Table: {title}", title=plan.title))

    def _chart_slide(self, slide, plan: SlidePlan) -> None:
        self._remove_body(slide)
        box = self.layouts.geometry.body
        box = Box(box.x, box.y, box.w, box.h - (plan.source.height if plan.source else 0))
        spec = plan.chart
        assert spec is not None, "a chart slide has its chart"
        if "panel" in self.theme.colours:  # a ground small text cannot read well on: a pale panel
            filled(slide.shapes, box, self.theme.colours["panel"], "Chart panel")
        frame = charts.add_chart(slide, spec, box, charts.Canvas(self.measurer, self.colours, charts.Look.of(self.theme)))
        describe_shape(frame, describe(spec, self.language))
        frame.name = tr(self.language, "Chart: {title}", title=spec.title)[:250]

    def _image_slide(self, slide, plan: SlidePlan) -> None:
        from PIL import Image as PILImage

        picture_block = plan.image
        assert picture_block is not None, "a picture slide has its picture"
        self._remove_body(slide)
        box = self.layouts.geometry.body
        with PILImage.open(picture_block.path) as picture:
            w, h = picture.size
        scale = min(box.w / w, box.h / h)
        width, height = w * scale, h * scale
        shape = slide.shapes.add_picture(str(picture_block.path), emu(box.x + (box.w - width) / 2),
                                         emu(box.y), emu(width), emu(height))
        shape._element.nvPicPr.cNvPr.set("descr", picture_block.alt)

    def _source(self, slide, source: SourceLine) -> None:
        box = self.layouts.geometry.body
        self._textbox(slide, Box(box.x, box.y + box.h - source.height, box.w, source.height), source.text,
                      source.size, colour=self.theme.colour("muted"), anchor=MSO_ANCHOR.BOTTOM).name = "Source line"

    # ------------------------------------------------------------------ furniture

    def _remove_empty_placeholders(self, slide) -> None:
        for shape in list(slide.placeholders):
            if shape.has_text_frame and not shape.text_frame.text.strip():
                shape._element.getparent().remove(shape._element)

    def _furniture(self, slide, layout, number: int) -> None:
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
            else:
                _slide_number_field(paragraph, number, self.theme.deck.source_size.pt, self.language)



def _bullet_format(paragraph, bullet: Bullet, placeholder: bool, size: float) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    hang = bullet_indent(size, bullet.number is not None)
    ppr.set("marL", str(emu(hang * (bullet.level + 1))))
    ppr.set("indent", str(emu(-hang)))
    paragraph.level = min(bullet.level, 8)
    if bullet.number is not None:
        etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
        scheme = "arabicPeriod" if bullet.level == 0 else "alphaLcPeriod"  # 1. then a., as in the brief
        etree.SubElement(ppr, qn("a:buAutoNum"), type=scheme, startAt=str(bullet.number))
    else:  # the bullet in the body font, which has it, not a symbol font some programs lack
        etree.SubElement(ppr, qn("a:buFont"), typeface="+mn-lt")
        etree.SubElement(ppr, qn("a:buChar"), char="\u2022")


def _slide_number_field(paragraph, number: int, size: float, language: str) -> None:
    guid = hashlib.md5(f"slide-number-{number}".encode()).hexdigest().upper()
    field_id = "{" + f"{guid[:8]}-{guid[8:12]}-{guid[12:16]}-{guid[16:20]}-{guid[20:32]}" + "}"
    fld = etree.SubElement(paragraph._p, qn("a:fld"), id=field_id, type="slidenum")
    etree.SubElement(fld, qn("a:rPr"), lang=language, sz=str(int(size * 100)))
    text = etree.SubElement(fld, qn("a:t"))
    text.text = str(number)


#: what may follow a font slot inside a:rPr (CT_TextCharacterProperties' sequence)
_AFTER_SLOTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def _font_slot(rpr, tag: str, typeface: str) -> None:
    """Name ``typeface`` in the run's ``tag`` slot (a:latin, a:ea or a:cs), in schema order."""
    slot = etree.Element(qn(tag), typeface=typeface)
    order = ("a:latin", "a:ea", "a:cs", *_AFTER_SLOTS)
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    following = next((child for child in rpr if child.tag in later), None)
    if following is None:
        rpr.append(slot)
    else:
        following.addprevious(slot)


def _nothing(r: Renderer, slide, plan: SlidePlan) -> None:
    """A section slide: its title alone."""


def _cards_or_bullets(r: Renderer, slide, plan: SlidePlan) -> None:
    """Takeaways and recommendations as numbered cards; as bullets when they would not fit as cards."""
    (drawn.cards_slide if plan.cards else Renderer._bullet_slide)(r, slide, plan)


def _rows_or_bullets(r: Renderer, slide, plan: SlidePlan) -> None:
    """Bullets drawn as rows when the planner made them cards, else in the content placeholder."""
    (drawn.rows_slide if plan.cards else Renderer._bullet_slide)(r, slide, plan)


def _sources(r: Renderer, slide, plan: SlidePlan) -> None:
    (drawn.columns_slide if plan.columns > 1 else Renderer._bullet_slide)(r, slide, plan)


#: the one table from a slide's kind to what draws it
RENDERERS: dict[Kind, Callable[[Renderer, Any, SlidePlan], None]] = {
    Kind.TITLE: Renderer._title_slide,
    Kind.AGENDA: Renderer._bullet_slide,
    Kind.SECTION: _nothing,
    Kind.BULLETS: _rows_or_bullets,
    Kind.STATEMENT: drawn.statement_slide,
    Kind.COMPARISON: drawn.comparison_cards,
    Kind.TABLE: Renderer._table_slide,
    Kind.CHART: Renderer._chart_slide,
    Kind.IMAGE: Renderer._image_slide,
    Kind.QUOTE: drawn.quote_card,
    Kind.TAKEAWAYS: _cards_or_bullets,
    Kind.RECOMMENDATIONS: _cards_or_bullets,
    Kind.SOURCES: _sources,
    Kind.FIGURES: drawn.figures_slide,
    Kind.PROCESS: drawn.process_slide,
}
