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


@dataclass(frozen=True)
class _Faces:
    """What every style is made from: the theme's registered faces, colours and sizes."""

    serif: str
    serif_italic: str
    sans: str
    sans_bold: str
    text: Color
    muted: Color
    primary: Color
    on_band: Color
    size: float
    leading: float
    small: float
    #: the outer margin's column, which running text and headings leave free
    column: float
    body: ParagraphStyle
    sans_small: ParagraphStyle


def make_styles(theme: Theme, language: str) -> Styles:
    f = _faces(theme, language)
    return Styles(**_text_styles(theme, f), **_box_styles(f), **_table_styles(theme, f))


def _faces(theme: Theme, language: str) -> _Faces:
    p = theme.pdf
    serif = fonts.register_family(theme.body_font)
    serif_italic = fonts.face_name(theme.body_font, italic=True)
    sans = fonts.register_family(theme.heading_font)
    sans_bold = fonts.face_name(theme.heading_font, bold=True)
    fonts.register_family(theme.mono_font)  # (the fallbacks are read once text is set in them)
    text = rl_colour(theme, "text")
    muted = rl_colour(theme, "muted")
    code = _hyphenation(language) if p.hyphenate else ""
    hyphen = Hyphenator(code) if code else ""
    align = TA_JUSTIFY if p.align == "justify" else TA_LEFT
    size, leading = p.body_size.pt, p.leading.pt
    column = p.margin_column.pt  # running text and headings leave the margin's column free
    body = ParagraphStyle(
        "body", fontName=serif, fontSize=size, leading=leading, textColor=text, alignment=align,
        spaceAfter=leading * 0.55, allowWidows=0, allowOrphans=0, hyphenationLang=hyphen,
        embeddedHyphenation=1, uriWasteReduce=0, splitLongWords=1, rightIndent=column)
    small = p.small_size.pt
    sans_small = ParagraphStyle("small", fontName=sans, fontSize=small, leading=small * 1.35,
                                textColor=muted, alignment=TA_LEFT)
    return _Faces(serif, serif_italic, sans, sans_bold, text, muted, rl_colour(theme, "primary"),
                  rl_colour(theme, "title_text"), size, leading, small, column, body, sans_small)


def _text_styles(theme: Theme, f: _Faces) -> dict[str, ParagraphStyle]:
    """Running text, headings, the cover and the notes."""
    p, size, leading, small = theme.pdf, f.size, f.leading, f.small

    def heading(name: str, font_size: float, before: float, after: float, colour=f.primary):
        return ParagraphStyle(name, fontName=f.sans_bold, fontSize=font_size, leading=font_size * 1.22,
                              textColor=colour, spaceBefore=before, spaceAfter=after,
                              keepWithNext=1, alignment=TA_LEFT, hyphenationLang="", rightIndent=f.column)

    return dict(
        body=f.body,
        h1=heading("h1", p.h1_size.pt, leading * 1.1, leading * 0.45),
        h2=heading("h2", p.h2_size.pt, leading * 0.8, leading * 0.3),
        h3=heading("h3", p.h3_size.pt, leading * 0.6, leading * 0.2, colour=f.text),
        bullet=ParagraphStyle("bullet", parent=f.body, spaceAfter=leading * 0.25, alignment=TA_LEFT),
        series=ParagraphStyle("series", fontName=f.sans_bold, fontSize=small + 0.5, leading=small * 1.6,
                              textColor=f.on_band, spaceAfter=6),
        title=ParagraphStyle("title", fontName=f.sans_bold, fontSize=p.title_size.pt,
                             leading=p.title_size.pt * 1.12, textColor=f.on_band, spaceAfter=8),
        subtitle=ParagraphStyle("subtitle", fontName=f.sans, fontSize=p.subtitle_size.pt,
                                leading=p.subtitle_size.pt * 1.3, textColor=f.on_band, spaceAfter=10),
        byline=ParagraphStyle("byline", fontName=f.sans, fontSize=size - 0.5, leading=(size - 0.5) * 1.45,
                              textColor=f.text),
        date=ParagraphStyle("date", fontName=f.sans, fontSize=size - 0.5, leading=(size - 0.5) * 1.45,
                            textColor=f.muted),
        blockquote=ParagraphStyle("blockquote", parent=f.body, leftIndent=18, rightIndent=f.column + 18,
                                  fontName=f.serif_italic, alignment=TA_LEFT),
        note=ParagraphStyle("note", fontName=f.serif, fontSize=small + 0.5, leading=(small + 0.5) * 1.3,
                            textColor=f.text, leftIndent=16, firstLineIndent=-16, spaceAfter=3,
                            alignment=TA_LEFT, splitLongWords=1),
        small=ParagraphStyle("small_body", fontName=f.serif, fontSize=small + 0.5,
                             leading=(small + 0.5) * 1.45, textColor=f.text, spaceAfter=4,
                             alignment=TA_LEFT),
        toc1=ParagraphStyle("toc1", fontName=f.sans_bold, fontSize=size - 0.5, leading=size * 1.5,
                            textColor=f.text),
        toc2=ParagraphStyle("toc2", fontName=f.sans, fontSize=size - 1, leading=size * 1.4,
                            leftIndent=14, textColor=f.text),
    )


def _box_styles(f: _Faces) -> dict[str, ParagraphStyle]:
    """Boxes, captions, source lines, pull quotes and furniture."""
    size = f.size
    return dict(
        box_title=ParagraphStyle("box_title", fontName=f.sans_bold, fontSize=size + 1.5,
                                 leading=(size + 1.5) * 1.25, textColor=f.primary, spaceAfter=4),
        box_item=ParagraphStyle("box_item", fontName=f.sans, fontSize=size - 0.5,
                                leading=(size - 0.5) * 1.42, textColor=f.text, alignment=TA_LEFT,
                                hyphenationLang="", splitLongWords=1),  # a narrow box: ragged right
        caption=ParagraphStyle("caption", fontName=f.sans_bold, fontSize=size - 0.5,
                               leading=(size - 0.5) * 1.3, textColor=f.primary, spaceAfter=1,
                               keepWithNext=1),
        chart_subtitle=ParagraphStyle("chart_subtitle", parent=f.sans_small, spaceAfter=4, keepWithNext=1),
        source=ParagraphStyle("source", parent=f.sans_small, spaceBefore=3),
        pull_quote=ParagraphStyle("pull_quote", fontName=f.serif_italic, fontSize=size + 3.5,
                                  leading=(size + 3.5) * 1.3, textColor=f.primary, alignment=TA_LEFT),
        attribution=ParagraphStyle("attribution", parent=f.sans_small, spaceBefore=4),
        furniture=ParagraphStyle("furniture", parent=f.sans_small),
    )


def _table_styles(theme: Theme, f: _Faces) -> dict[str, ParagraphStyle]:
    """A data table's cells and header."""
    table = theme.pdf.table_size.pt
    # no hyphenation in cells: columns are at least as wide as their longest unbreakable piece;
    # a URL breaks after / . - ? & wherever the line is full (a waste of next to nothing)
    cell = ParagraphStyle("cell", fontName=f.sans, fontSize=table, leading=table * 1.3, textColor=f.text,
                          alignment=TA_LEFT, splitLongWords=1, hyphenationLang="", uriWasteReduce=1e-6)
    header = ParagraphStyle("cell_header", parent=cell, fontName=f.sans_bold,
                            textColor=rl_colour(theme, "table_header_text"))
    return dict(cell=cell, cell_number=ParagraphStyle("cell_number", parent=cell, alignment=TA_RIGHT),
                cell_header=header,
                cell_header_number=ParagraphStyle("cell_header_number", parent=header, alignment=TA_RIGHT))


def layout_table(rows, commands: list, font: str, cls=Table, **kwargs) -> Table:
    """A Table used for layout or data, with its cell font set (ReportLab's default cell font is
    an unembedded Helvetica, which would otherwise be declared even in cells holding paragraphs)."""
    table = cls(rows, **kwargs)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), *commands])
    return table
