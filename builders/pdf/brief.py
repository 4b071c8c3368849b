"""The PDF policy brief, laid out with ReportLab platypus (:func:`lay_out`; the writer, which
writes a kept brief without importing any of this, is the package, :mod:`builders.pdf`)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from .. import store as cache_store
from ..errors import ReportError
from ..locale.furniture import tr
from ..locale.values import as_of_line, format_date
from ..model import BulletList, Location, PageSize, Quote, Report, Section
from ..model import Paragraph as ParagraphBlock
from ..safety import harden_reportlab
from ..shared import fonts
from ..shared.theme import COLOUR_ROLES, Theme, series_colours
from ..store import Session
from . import archive, breaks, charts, hyphenation, pictures, rtl, streams, tagging
from .blocks import flowables
from .context import Context
from .floats import FloatingBriefDoc
from .markup import Markup
from .pages import BriefDoc, CoverBand, Heading, numbered_canvas, running_title
from .rtl import Paragraph
from .styles import Styles, layout_table, make_styles, rl_colour

CREATOR = "briefkit"


def _byline(report: Report, ctx: Context) -> list[Flowable]:
    """The byline's words on a line of their own, then one author a line with the affiliation
    after the name (a long one wraps under it), each name held together by no-break spaces."""
    meta = report.meta
    s = ctx.styles
    style = s.byline
    parts: list[Flowable] = []
    if meta.authors and meta.byline:
        parts.append(ctx.text(meta.byline, s.date))
    for n, author in enumerate(meta.authors):
        name = ctx.markup.plain(" ".join(author.name.split()).replace(" ", "\xa0"), style.fontName)
        text = f"<b>{name}</b>"
        if author.affiliation:
            text += ", " + ctx.markup.plain(author.affiliation, style.fontName)
        last = n == len(meta.authors) - 1
        parts.append(Paragraph(text, style.clone(f"byline_{n}", spaceAfter=4 if last else 1)))
    dates = [format_date(meta.date, meta.language)] if meta.date else []
    if meta.as_of:
        dates.append(as_of_line(meta))
    if dates:  # the date and how recent the analysis is share a line
        parts.append(ctx.text("\u2002\u00b7\u2002".join(dates), s.date))
    return parts


def _cover(report: Report, ctx: Context, doc: BriefDoc, theme: Theme) -> list[Flowable]:
    meta = report.meta
    s = ctx.styles
    band: list[Paragraph] = []
    if meta.series:
        band.append(ctx.text(meta.series.upper(), s.series))
    band.append(ctx.text(meta.title, s.title))
    if meta.subtitle:
        band.append(ctx.text(meta.subtitle, s.subtitle))
    bleed = (doc.leftMargin, doc.rightMargin, 18)
    story: list[Flowable] = [CoverBand(band, ctx.colours["primary"], bleed), Spacer(1, 10)]
    left = _byline(report, ctx)
    if theme.logo is not None:
        w, h = pictures.reader(theme.logo).getSize()
        logo_h = theme.pdf.logo_height.pt
        logo = pictures.picture(theme.logo, logo_h * w / h, logo_h)
        logo_w = logo_h * w / h
        logo.artifact = True  # the publisher's mark, beside the byline that names it
        row = layout_table(
            [[left or [Spacer(1, 1)], logo]],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, ctx.colours["rule"]),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 10)],
            ctx.styles.body.fontName, colWidths=[ctx.width - logo_w - 8, logo_w + 8], hAlign="LEFT")
        story.append(row)
    else:
        story += left
    story.append(Spacer(1, 14))
    height = sum(f.wrap(ctx.width, ctx.height)[1] for f in story)
    if height > ctx.height:  # ReportLab would stop with a LayoutError
        raise ReportError(f"the title page cannot hold the front matter: its series, title, subtitle and "
                          f"authors take {height / ctx.height:.1f} pages; shorten them",
                          Location(report.root / "report.md", 1, 1))
    return story


#: no heading ends in this bottom share of a page
HEADING_FLOOR = 0.15


def _room_under_heading(ctx: Context) -> float:
    """The room a heading needs under it on its page: four lines of text and a paragraph break
    (so a page never ends on a heading with a line or two under it), and never less than keeps
    it out of the bottom 15% of the page."""
    pdf = ctx.theme.pdf
    page = ctx.height + pdf.margin_top.pt + pdf.margin_bottom.pt
    return max(4 * ctx.styles.body.leading + 2 * ctx.styles.body.spaceAfter,
               HEADING_FLOOR * page - pdf.margin_bottom.pt)


def _heading_height(section: Section, style, ctx: Context) -> float:
    width = fonts.string_width(section.title, style.fontName, style.fontSize, ctx.markup.fallbacks)
    lines = int(width // (ctx.width - style.rightIndent)) + 1  # a heading keeps to the text's column
    return lines * style.leading + style.spaceBefore + style.spaceAfter


def _heading(title: str, anchor: str, level: int, style, ctx: Context) -> Heading:
    """A heading with its link target, outline entry and table-of-contents entry."""
    # the anchor goes after the text: in front of it, it stops ReportLab splitting a long word
    markup = ctx.markup.plain(title, style.fontName) + f"<a name=\"{anchor}\"/>"
    return Heading(markup, style, level=level, anchor=anchor, title=title,
                   toc_markup=ctx.markup.plain(title, ctx.styles.toc1.fontName))


def _sections(sections: tuple[Section, ...], ctx: Context) -> list[Flowable]:
    """Headings and blocks. A heading followed by text starts a new page unless the heading and
    about four lines fit above the bottom 15% of the page (rather than moving a whole long
    paragraph or block quote with it, leaving a gap); a heading followed by a figure, table,
    box or pull quote is kept with it."""
    styles = {1: ctx.styles.h1, 2: ctx.styles.h2}
    story: list[Flowable] = []
    for section in sections:
        style = styles.get(section.level, ctx.styles.h3)
        first = section.blocks[0] if section.blocks else None
        need = _heading_height(section, style, ctx) + _room_under_heading(ctx)
        if first is None and section.children:
            child = section.children[0]
            need += _heading_height(child, styles.get(child.level, ctx.styles.h3), ctx)
        # (a block quote is running text: it splits between lines, its speaker kept with its last ones)
        text_follows = isinstance(first, (ParagraphBlock, BulletList)) \
            or isinstance(first, Quote) and not first.pull
        if text_follows:
            style = style.clone(f"{style.name}_before_text", keepWithNext=0)
        body = [f for block in section.blocks for f in flowables(block, ctx)]
        if not section.children and all(isinstance(b, (ParagraphBlock, BulletList)) for b in section.blocks):
            # a short section of text stays on its page whole when it fits there
            need = min(need, _heading_height(section, style, ctx) + _height(body, ctx, need))
        story.append(CondPageBreak(need))
        story.append(_heading(section.title, section.anchor, section.level - 1, style, ctx))
        story += body
        story += _sections(section.children, ctx)
    return story


def _height(story: list[Flowable], ctx: Context, enough: float) -> float:
    """The height ``story`` takes at the text's width, or something over ``enough`` once it
    is plainly taller (its flowables are not all measured). Measured on a scratch canvas, as
    a frame measures them (a list asks its canvas for its bullets' widths)."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(BytesIO())
    total = 0.0
    for flowable in story:
        total += flowable.wrapOn(scratch, ctx.width, ctx.height)[1] + flowable.getSpaceBefore() + \
            flowable.getSpaceAfter()
        if total > enough:
            break
    return total


def _back_matter(report: Report, ctx: Context) -> list[Flowable]:
    s = ctx.styles
    story: list[Flowable] = []

    def heading(title: str, anchor: str, under: list[Flowable]) -> Heading:
        """The heading, kept on the last page with what it heads when all of that fits there."""
        title_height = s.h1.leading + s.h1.spaceBefore + s.h1.spaceAfter
        need = title_height + _room_under_heading(ctx)
        story.append(CondPageBreak(min(need, title_height + _height(under, ctx, need))))
        return _heading(title, anchor, 0, s.h1, ctx)

    if report.notes:
        notes: list[Flowable] = []
        for note in report.notes:
            # the note's number links back to where the note is first cited in the brief (a note
            # cited only on a slide has no marker in the brief, so no link)
            number = f"{note.number}."
            if note.number in ctx.markup.cited:
                number = f"<a href=\"#noteref-{note.number}\">{number}</a>"
            number = f"<a name=\"note-{note.number}\"/>{number}\u2002"
            notes.append(Paragraph(number + ctx.markup.inline(note.spans, s.note.fontName), s.note))
        story.append(heading(tr(ctx.language, "Notes"), "notes", notes))
        story += notes
    if not report.meta.back_matter:
        return story
    end: list[Flowable] = []  # the disclaimer, kept on one page with "About the authors"
    if report.meta.disclaimer:
        end.append(Spacer(1, 12))
        end.append(layout_table([[ctx.para(report.meta.disclaimer, s.furniture)]],
                                [("LINEABOVE", (0, 0), (-1, 0), 0.6, ctx.colours["rule"]),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 6)],
                                s.body.fontName, colWidths=[ctx.width]))
    bios = [a for a in report.meta.authors if a.bio]
    if bios:
        about: list[Flowable] = []
        for author in bios:
            # a bio that opens with the author's name reads as written; otherwise the name leads
            name = ctx.markup.plain(author.name, s.small.fontName)
            bio = ctx.markup.plain(author.bio, s.small.fontName)
            if author.bio.startswith(author.name):
                text = f"<b>{name}</b>" + ctx.markup.plain(author.bio[len(author.name):], s.small.fontName)
            else:
                text = f"<b>{name}</b> \u2014 {bio}"
            about.append(Paragraph(text, s.small))
        title = tr(ctx.language, "About the author") if len(bios) == 1 else \
            tr(ctx.language, "About the authors")
        story.append(heading(title, "about-the-authors", about + end))
        # the disclaimer never stands alone on a page of its own: the last bio goes with it
        end = [KeepTogether([about[-1], *end])] if end else [about[-1]]
        story += about[:-1]
    story += end
    return story


def _furniture(report: Report, ctx: Context, doc: BriefDoc):
    meta = report.meta
    s = ctx.styles
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    header_y = height - doc.topMargin + 22
    footer_y = doc.bottomMargin - 30
    header_font = s.furniture.fontName
    size = s.furniture.fontSize
    fallbacks = ctx.markup.fallbacks

    def width_of(text: str, points: float = size) -> float:
        return rtl.line_width(text, header_font, fallbacks, points)

    # the same on every page: worked out once
    room = right - left - (width_of(meta.series) + 24 if meta.series else 0)
    titles, title_size = running_title(report, lambda t, points: width_of(t, points) <= room, size,
                                        ctx.theme.pdf.table_min_size.pt)
    date = format_date(meta.date, meta.language) if meta.date else ""

    def draw_text(canvas, x: float, y: float, text: str, align: str, points: float = size) -> None:
        x = x - width_of(text, points) if align == "right" else x
        for font, part in rtl.pieces(text, header_font, fallbacks):
            shown, width = rtl.drawn(part, font, points)
            canvas.setFont(font, points)
            canvas.drawString(x, y, shown)
            x += width

    def furniture(canvas, page: int, total: int) -> None:
        if page == 1:
            return
        canvas.saveState()
        canvas.setFillColor(ctx.colours["muted"])
        canvas.setStrokeColor(ctx.colours["rule"])
        canvas.setLineWidth(0.5)
        for n, line in enumerate(titles):  # a title too long for one line takes two, never cut
            draw_text(canvas, left, header_y + (len(titles) - 1 - n) * title_size * 1.2, line, "left",
                      title_size)
        if meta.series:
            draw_text(canvas, right, header_y, meta.series, "right")
        canvas.line(left, header_y - 6, right, header_y - 6)
        canvas.line(left, footer_y + 12, right, footer_y + 12)
        if date:
            draw_text(canvas, left, footer_y, date, "left")
        draw_text(canvas, right, footer_y, tr(meta.language, "Page {page} of {total}", page=page,
                                              total=total), "right")
        canvas.restoreState()

    return furniture


def _margins(theme: Theme) -> tuple[float, float, float, float]:
    p = theme.pdf
    return (p.margin_top.pt, p.margin_outer.pt, p.margin_bottom.pt, p.margin_inner.pt)


def _plain(text: str) -> str:
    """A metadata text: no-break spaces (they steer line breaks) as plain ones."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _styles(theme: Theme, language: str, cache: Path | None) -> Styles:
    """ReportLab's hooks installed, and the brief's styles (its fonts registered, the
    language's hyphenation patterns loaded)."""
    harden_reportlab()
    rtl.keep_text_extractable()
    breaks.install()
    pictures.install()
    streams.install()
    styles = make_styles(theme, language)
    hyphenation.preload(getattr(styles.body.hyphenationLang, "language", ""),
                        cache_store.machine("hyphenation") if cache else None)
    return styles


def warm(theme: Theme, language: str, cache: Path | None) -> None:
    """What laying out any brief with ``theme`` in ``language`` does first, done before the
    first report comes (:meth:`builders.shared.writer.Writer.warm`): the styles (:func:`_styles`)
    and the monospaced family, the theme's font files digested (:func:`.kept.signature`), its
    logo read, Pillow's readers and the archive's colour profile made."""
    from PIL import Image as PILImage

    from ..shared import fontfiles

    _styles(theme, language, cache)
    fonts.register_family(theme.mono_font)
    if cache is not None:
        fontfiles.theme_digests(theme)
    if theme.logo is not None and theme.logo.is_file():
        pictures.reader(theme.logo)
    PILImage.preinit()
    archive.colour_profile()


def lay_out(report: Report, theme: Theme, out: Path, cache: Path | None = None,
            session: Session | None = None) -> None:
    """Lay out ``report`` as a PDF brief at ``out`` (``session``: what the process keeps between
    builds, :class:`builders.store.Session`)."""
    session = session or Session()
    meta = report.meta
    styles = _styles(theme, meta.language, cache)
    colours = {role: rl_colour(theme, role) for role in COLOUR_ROLES}
    pagesize = A4 if meta.page_size is PageSize.A4 else LETTER
    top, right, bottom, left = _margins(theme)
    pdf_bytes = io.BytesIO()
    doc = FloatingBriefDoc(
        pdf_bytes, pagesize=pagesize,
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=_plain(meta.title), author=_plain(", ".join(a.name for a in meta.authors)),
        subject=_plain(meta.summary or meta.subtitle), keywords=", ".join(meta.keywords),
        creator=CREATOR, producer=CREATOR, lang=meta.language, invariant=1,
        displayDocTitle=1, pageCompression=1, initialFontName=styles.body.fontName,
        initialFontSize=styles.body.fontSize, initialLeading=styles.body.leading,
    )
    markup = Markup(fonts.register_family(theme.mono_font), fonts.fallback_names(theme),
                    theme.colour("primary").hex)
    ctx = Context(theme=theme, styles=styles, markup=markup, width=doc.width,
                  height=doc.height, colours=colours,
                  chart_style=charts.chart_style(theme, series_colours(theme, report.colour_keys())),
                  cache=cache, language=meta.language, drawings=session.kept("pdf.drawings"))
    story = _cover(report, ctx, doc, theme)
    for block in report.preamble:
        story += flowables(block, ctx)
    if meta.toc:
        toc = TableOfContents(levelStyles=[styles.toc1, styles.toc2], dotsMinLevel=0)
        story += [Paragraph(tr(meta.language, "Contents"), styles.box_title), toc, Spacer(1, 12)]
    story += _sections(report.sections, ctx)
    story += _back_matter(report, ctx)
    taggers: list[tagging.Tagger] = []
    canvasmaker = numbered_canvas(_furniture(report, ctx, doc), meta.date, taggers,
                                  lambda name: _link_text(name, meta.language))
    with tagging.installed():
        if meta.toc:
            doc.multiBuild(story, canvasmaker=canvasmaker)
        else:
            doc.build(story, canvasmaker=canvasmaker)
    hyphenation.keep()
    tagger = taggers[-1] if taggers else None  # none: a canvas maker without tags (benchmarks/tagging.py)
    if tagger is not None and tagger.missing_alt:
        raise ReportError(f"a figure has no alt text ({tagger.missing_alt[0]}): give every picture alt text",
                          Location(report.root / "report.md", 1, 1))
    archive.finish(pdf_bytes.getvalue(), out, tagger, title=_plain(meta.title),
                   author=_plain(", ".join(a.name for a in meta.authors)),
                   subject=_plain(meta.summary or meta.subtitle), keywords=_plain(", ".join(meta.keywords)),
                   language=meta.language, date=meta.date, creator=CREATOR, memo=session.kept("pdf.archive"))


def _link_text(name: str, language: str) -> str:
    """What a link inside the brief leads to, from its target's name (a link's /Contents)."""
    kind, _, number = name.partition("-")
    if kind == "note" and number.isdigit():
        return tr(language, "Note {number}", number=number)
    if kind == "noteref" and number.isdigit():
        return tr(language, "Where note {number} is cited", number=number)
    return tr(language, "Go to {target}", target=name.replace("-", " "))
