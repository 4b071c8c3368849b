"""Theme → ReportLab paragraph and table styles: every size, font and colour of the brief."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table

from ..shared import fonts
from ..shared.theme import Theme
from .breaks import Hyphenator


def rl_colour(theme: Theme, role: str) -> Color:
    return HexColor(theme.colour(role).hex)


def _hyphenation(language: str) -> str:
    """The pyphen dictionary for a BCP 47 tag ('' when none: no hyphenation)."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return ""
    tag = language.replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        if candidate in pyphen.LANGUAGES:
            return pyphen.language_fallback(candidate) or candidate
    return ""


@dataclass(frozen=True)
class Styles:
    """All paragraph styles of the brief, by role."""

    body: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    bullet: ParagraphStyle
    series: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    byline: ParagraphStyle
    date: ParagraphStyle
    box_title: ParagraphStyle
    box_item: ParagraphStyle
    caption: ParagraphStyle
    chart_subtitle: ParagraphStyle
    source: ParagraphStyle
    cell: ParagraphStyle
    cell_number: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_number: ParagraphStyle
    pull_quote: ParagraphStyle
    attribution: ParagraphStyle
    blockquote: ParagraphStyle
    note: ParagraphStyle
    furniture: ParagraphStyle
    small: ParagraphStyle
    toc1: ParagraphStyle
    toc2: ParagraphStyle


def make_styles(theme: Theme, language: str) -> Styles:
    p = theme.pdf
    serif = fonts.register_family(theme.body_font)
    serif_italic = fonts.face_name(theme.body_font, italic=True)
    sans = fonts.register_family(theme.heading_font)
    sans_bold = fonts.face_name(theme.heading_font, bold=True)
    fonts.register_family(theme.mono_font)
    for family in theme.fallback_fonts:
        fonts.register_family(family)
    text = rl_colour(theme, "text")
    muted = rl_colour(theme, "muted")
    primary = rl_colour(theme, "primary")
    on_band = rl_colour(theme, "title_text")
    code = _hyphenation(language) if p.hyphenate else ""
    hyphen = Hyphenator(code) if code else ""
    align = TA_JUSTIFY if p.align == "justify" else TA_LEFT
    size, leading = p.body_size.pt, p.leading.pt
    column = p.margin_column.pt  # running text and headings leave the margin's column free

    body = ParagraphStyle(
        "body", fontName=serif, fontSize=size, leading=leading, textColor=text, alignment=align,
        spaceAfter=leading * 0.55, allowWidows=0, allowOrphans=0, hyphenationLang=hyphen,
        embeddedHyphenation=1, uriWasteReduce=0, splitLongWords=1, rightIndent=column)

    def heading(name: str, font_size: float, before: float, after: float, colour=primary, font=sans_bold):
        return ParagraphStyle(name, fontName=font, fontSize=font_size, leading=font_size * 1.22,
                              textColor=colour, spaceBefore=before, spaceAfter=after,
                              keepWithNext=1, alignment=TA_LEFT, hyphenationLang="", rightIndent=column)

    small = p.small_size.pt
    sans_small = ParagraphStyle("small", fontName=sans, fontSize=small, leading=small * 1.35,
                                textColor=muted, alignment=TA_LEFT)
    table = p.table_size.pt
    # no hyphenation in cells: columns are at least as wide as their longest unbreakable piece;
    # a URL breaks after / . - ? & wherever the line is full (a waste of next to nothing)
    cell = ParagraphStyle("cell", fontName=sans, fontSize=table, leading=table * 1.3, textColor=text,
                          alignment=TA_LEFT, splitLongWords=1, hyphenationLang="", uriWasteReduce=1e-6)
    header = ParagraphStyle("cell_header", parent=cell, fontName=sans_bold,
                            textColor=rl_colour(theme, "table_header_text"))
    return Styles(
        body=body,
        h1=heading("h1", p.h1_size.pt, leading * 1.1, leading * 0.45),
        h2=heading("h2", p.h2_size.pt, leading * 0.8, leading * 0.3),
        h3=heading("h3", p.h3_size.pt, leading * 0.6, leading * 0.2, colour=text),
        bullet=ParagraphStyle("bullet", parent=body, spaceAfter=leading * 0.25, alignment=TA_LEFT),
        series=ParagraphStyle("series", fontName=sans_bold, fontSize=small + 0.5, leading=small * 1.6,
                              textColor=on_band, spaceAfter=6),
        title=ParagraphStyle("title", fontName=sans_bold, fontSize=p.title_size.pt,
                             leading=p.title_size.pt * 1.12, textColor=on_band, spaceAfter=8),
        subtitle=ParagraphStyle("subtitle", fontName=sans, fontSize=p.subtitle_size.pt,
                                leading=p.subtitle_size.pt * 1.3, textColor=on_band, spaceAfter=10),
        byline=ParagraphStyle("byline", fontName=sans, fontSize=size - 0.5, leading=(size - 0.5) * 1.45,
                              textColor=text),
        date=ParagraphStyle("date", fontName=sans, fontSize=size - 0.5, leading=(size - 0.5) * 1.45,
                            textColor=muted),
        box_title=ParagraphStyle("box_title", fontName=sans_bold, fontSize=size + 1.5,
                                 leading=(size + 1.5) * 1.25, textColor=primary, spaceAfter=4),
        box_item=ParagraphStyle("box_item", fontName=sans, fontSize=size - 0.5,
                                leading=(size - 0.5) * 1.42, textColor=text, alignment=TA_LEFT,
                                hyphenationLang="", splitLongWords=1),  # a narrow box: ragged right
        caption=ParagraphStyle("caption", fontName=sans_bold, fontSize=size - 0.5,
                               leading=(size - 0.5) * 1.3, textColor=primary, spaceAfter=1,
                               keepWithNext=1),
        chart_subtitle=ParagraphStyle("chart_subtitle", parent=sans_small, spaceAfter=4, keepWithNext=1),
        source=ParagraphStyle("source", parent=sans_small, spaceBefore=3),
        cell=cell,
        cell_number=ParagraphStyle("cell_number", parent=cell, alignment=TA_RIGHT),
        cell_header=header,
        cell_header_number=ParagraphStyle("cell_header_number", parent=header, alignment=TA_RIGHT),
        pull_quote=ParagraphStyle("pull_quote", fontName=serif_italic, fontSize=size + 3.5,
                                  leading=(size + 3.5) * 1.3, textColor=primary, alignment=TA_LEFT),
        attribution=ParagraphStyle("attribution", parent=sans_small, spaceBefore=4),
        blockquote=ParagraphStyle("blockquote", parent=body, leftIndent=18, rightIndent=column + 18,
                                  fontName=serif_italic, alignment=TA_LEFT),
        note=ParagraphStyle("note", fontName=serif, fontSize=small + 0.5, leading=(small + 0.5) * 1.3,
                            textColor=text, leftIndent=16, firstLineIndent=-16, spaceAfter=3,
                            alignment=TA_LEFT, splitLongWords=1),
        furniture=ParagraphStyle("furniture", parent=sans_small),
        small=ParagraphStyle("small_body", fontName=serif, fontSize=small + 0.5,
                             leading=(small + 0.5) * 1.45, textColor=text, spaceAfter=4,
                             alignment=TA_LEFT),
        toc1=ParagraphStyle("toc1", fontName=sans_bold, fontSize=size - 0.5, leading=size * 1.5,
                            textColor=text),
        toc2=ParagraphStyle("toc2", fontName=sans, fontSize=size - 1, leading=size * 1.4,
                            leftIndent=14, textColor=text),
    )



def layout_table(rows, commands: list, font: str, cls=Table, **kwargs) -> Table:
    """A Table used for layout or data, with its cell font set (ReportLab's default cell font is
    an unembedded Helvetica, which would otherwise be declared even in cells holding paragraphs)."""
    table = cls(rows, **kwargs)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), *commands])
    return table
