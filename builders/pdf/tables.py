"""Data tables in the brief: caption, header, zebra rows, typed alignment and a source line.

A table that runs over a page breaks between rows (or inside a very tall row), repeats its
caption and header on the next page, and says "(continued)" in the repeated caption.

Long tables are laid out through a window: only the rows that can reach the current page are
turned into a ReportLab Table, so a 5,000-row table costs time in proportion to its rows, not
to rows times pages (ReportLab re-measures every remaining row at each page break).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable

from ..locale.furniture import tr
from ..locale.typography import typeset
from ..locale.values import format_value
from ..model import Column, Table
from ..shared import fonts
from .columns import PAD as _PAD
from .columns import fit_columns
from .rtl import Paragraph
from .styles import Styles, layout_table
from .tagging import DataGrid

if TYPE_CHECKING:
    from .context import Context

#: rows laid out at first for a page; doubled until the window overfills the space
_WINDOW = 48


class CellParagraph(Paragraph):
    """A Paragraph in a table cell. Cells are measured at the same column width again and
    again as windows overlap and ReportLab re-measures before splitting; the lines are kept."""

    _wrapped_at: tuple[float, float] | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped_at is not None and self._wrapped_at[0] == availWidth:
            return availWidth, self._wrapped_at[1]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = (availWidth, height)
        return width, height


@dataclass
class _Parts:
    """What every window of one table shares."""

    caption: Paragraph
    continued: Paragraph
    header: list
    footer: list | None
    widths: list[float]
    numeric: list[bool]
    styles: Styles
    colours: dict[str, Color]
    #: a text row -> its cells (strings or paragraphs)
    make_row: Callable[[tuple[str, ...]], list]

    def commands(self, rows: int, with_footer: bool, zebra_offset: int,
                 long_first: bool = False, long_last: bool = False) -> list:
        """Style of a window of ``rows`` data rows. Rows kept together with the caption and
        header (the first ones) or with the source line (the last one) must be short enough to
        move to a new page; a ``long_first``/``long_last`` row is left free to split."""
        s = self.styles
        last = rows + 1
        zebra = [self.colours["background"], self.colours["zebra"]]
        commands = [
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTSIZE", (0, 2), (-1, last), s.cell.fontSize),
            ("LEADING", (0, 2), (-1, last), s.cell.leading),
            ("TEXTCOLOR", (0, 2), (-1, last), s.cell.textColor),
            *(("ALIGN", (i, 2), (i, last), "RIGHT") for i, n in enumerate(self.numeric) if n),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            ("BACKGROUND", (0, 1), (-1, 1), self.colours["table_header"]),
            ("ROWBACKGROUNDS", (0, 2), (-1, last), zebra[zebra_offset % 2:] + zebra[:zebra_offset % 2]),
            # keep the caption and header with the first rows
            ("NOSPLIT", (0, 0), (-1, 1 if long_first else min(EDGE_ROWS + 1, last))),
        ]
        if with_footer:
            commands += [("LINEBELOW", (0, last), (-1, last), 0.8, self.colours["primary"]),
                         ("SPAN", (0, last + 1), (-1, last + 1)),
                         ("LEFTPADDING", (0, last + 1), (0, last + 1), 0),
                         ("TOPPADDING", (0, last + 1), (-1, last + 1), 4),
                         *([] if long_last else [("NOSPLIT", (0, last), (-1,
                                                                         last + 1))])]  # source with last row
        return commands


def _long(cell) -> bool:
    """A cell too long to be sure of fitting a page (a split fragment counts as long)."""
    if isinstance(cell, str):
        return len(cell) > 600
    if isinstance(cell, Paragraph):
        return len(cell.text) > 600
    return True


#: a table of at most this many rows is never split (it goes over whole)
SHORT_ROWS = 10
#: a longer table leaves at least this many rows on either side of a break
EDGE_ROWS = 3


class DataTable(Flowable):
    """A captioned data table laid out a window of rows at a time.

    ``rows`` holds, in order, rows still to place: tuples of cell texts not yet turned into
    cells, or lists of cells (e.g. the rest of a row that was split across a page break).
    """

    def __init__(self, parts: _Parts, rows: list, *, continued: bool = False, zebra: int = 0) -> None:
        super().__init__()
        self.parts = parts
        self.rows = rows
        self.is_continued = continued
        self.zebra = zebra
        self.spaceBefore, self.spaceAfter = (0 if continued else 6), 12
        self.hAlign = "LEFT"
        self._table: RLTable | None = None
        self._count = 0
        #: the windows made so far, by their count of rows (the document wraps a table more than
        #: once: whether a short table fits the page, then where it is placed)
        self._windows: dict[int, RLTable] = {}
        #: the page's text height, set by the document just before the table is placed (0: unknown)
        self.page_height = 0.0
        #: set when the whole table is to go to the next page rather than split (a short table)
        self.whole = False

    def _cells(self, count: int) -> list:
        """The first ``count`` rows as cells, made once and kept (windows overlap)."""
        for i in range(count):
            if not isinstance(self.rows[i], list):
                self.rows[i] = self.parts.make_row(self.rows[i])
        return self.rows[:count]

    def _window(self, count: int) -> RLTable:
        count = min(count, len(self.rows))
        table = self._windows.get(count)
        if table is None:
            table = self._windows[count] = self._made(count)
        self._count = count
        return table

    def _made(self, count: int) -> RLTable:
        p = self.parts
        with_footer = count == len(self.rows) and p.footer is not None
        caption = p.continued if self.is_continued else p.caption
        rows = self._cells(count)
        cells = [[caption] + [""] * (len(p.widths) - 1), p.header, *rows]
        if with_footer:
            cells.append(p.footer)
        long_first = any(_long(c) for r in rows[:2] for c in r)
        long_last = bool(rows) and any(_long(c) for c in rows[-1])
        table = layout_table(cells, p.commands(count, with_footer, self.zebra, long_first, long_last),
                             p.styles.cell.fontName, cls=DataGrid,
                             colWidths=p.widths, repeatRows=2, splitByRow=1, splitInRow=24, hAlign="LEFT")
        return table

    def wrap(self, availWidth, availHeight):
        count = _WINDOW
        while True:
            table = self._window(count)
            width, height = table.wrap(availWidth, availHeight)
            if height > availHeight or self._count == len(self.rows):
                break
            count *= 2
        self._table = table
        return width, height

    def split(self, availWidth, availHeight):
        if self._table is None:
            self.wrap(availWidth, availHeight)
        assert self._table is not None
        parts = self._table.split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        first.spaceBefore = self.spaceBefore
        placed = len(first._cellvalues) - 2  # less caption and header
        remainder = [list(r) for r in rest._cellvalues[2:]]
        if self._count < len(self.rows):
            remainder += self.rows[self._count:]
        elif self.parts.footer is not None:
            remainder = remainder[:-1]  # the footer row: the last window adds it back
        # never fewer than EDGE_ROWS rows above or below a break: on a page that could take
        # more, a table that cannot split so goes over whole (or rows go over with the last)
        movable = availHeight > 0 and (self.page_height == 0 or availHeight < self.page_height - 1)
        # a short table (SHORT_ROWS rows or fewer) is never split: it goes over whole
        if movable and (self.whole or placed < EDGE_ROWS):
            return []
        short = EDGE_ROWS - len(remainder)
        if short > 0 and placed - short >= EDGE_ROWS and availHeight > 0:
            # the last rows placed go over with the few left
            first.wrap(availWidth, availHeight)
            return self.split(availWidth, availHeight - sum(first._rowHeights[-short:]) - 0.5)
        if short > 0 and movable:
            return []
        follow = DataTable(self.parts, remainder, continued=True, zebra=self.zebra + placed)
        return [first, follow]

    def drawOn(self, canvas, x, y, _sW=0):
        assert self._table is not None  # wrapped before it is drawn
        self._table.drawOn(canvas, x, y, _sW)

    def draw(self):  # pragma: no cover - drawOn is always used
        assert self._table is not None
        self._table.draw()


def _shown(value, column: Column, language: str) -> str:
    """A cell as printed: its value formatted; a text set by the language's typography."""
    text = format_value(value, column, language)
    return typeset(text, language) if isinstance(value, str) else text


def _resized(styles: Styles, size: float) -> Styles:
    """The cell styles set at ``size`` (a table too wide at the theme's size)."""
    def at(style):
        return ParagraphStyle(style.name, parent=style, fontSize=size, leading=size * 1.3)
    return replace(styles, cell=at(styles.cell), cell_number=at(styles.cell_number),
                   cell_header=at(styles.cell_header), cell_header_number=at(styles.cell_header_number))


def table_flowable(table: Table, ctx: Context) -> Flowable:
    data = table.data
    styles, markup = ctx.styles, ctx.markup
    columns: tuple[Column, ...] = data.columns
    texts = [tuple(_shown(v, c, ctx.language) for v, c in zip(row, columns)) for row in data.rows]
    header = [c.title for c in columns]
    fit = fit_columns(texts, header, font=styles.cell.fontName, bold=styles.cell_header.fontName,
                      size=styles.cell.fontSize, floor=ctx.theme.pdf.table_min_size.pt, width=ctx.width,
                      fallbacks=markup.fallbacks, name=table.data.name, location=table.location)
    widths = fit.widths
    if fit.size != styles.cell.fontSize:
        styles = _resized(styles, fit.size)

    def para(value: str, style) -> Paragraph:
        return CellParagraph(markup.plain(value, style.fontName), style)

    cell_font, cell_size = styles.cell.fontName, styles.cell.fontSize

    def body_cell(text: str, column: Column, col_width: float):
        """A plain string when the text fits on one line in the cell font (fast to lay out and
        draw, and ReportLab never reads it as markup); a wrapping Paragraph otherwise."""
        if "\n" not in text and fonts.string_width(text, cell_font, cell_size) <= col_width - 2 * _PAD \
                and (text.isascii() or all(fonts.covers(cell_font, ch) or ch.isspace() for ch in text)):
            return text
        return para(text, styles.cell_number if column.type.numeric else styles.cell)

    def make_row(row: tuple[str, ...]) -> list:
        return [body_cell(t, c, w) for t, c, w in zip(row, columns, widths)]

    caption_text = f"{tr(ctx.language, 'Table {number}.', number=table.number)} {table.caption}"
    anchor = f"<a name=\"{table.name}\"/>" if table.name else ""
    # the caption and source line as cells too: each window of the table, and the document's
    # look ahead (whether a short table fits the page), measured them again at the same width
    line = markup.source_line(data.source, table.notes, ctx.styles.source.fontName, ctx.language)
    footer = [CellParagraph(line, ctx.styles.source)] + [""] * (len(columns) - 1) if line else None
    continued = f"{caption_text} {tr(ctx.language, '(continued)')}"
    parts = _Parts(
        caption=CellParagraph(anchor + markup.plain(caption_text, styles.caption.fontName), styles.caption),
        continued=CellParagraph(markup.plain(continued, styles.caption.fontName), styles.caption),
        header=[para(h, styles.cell_header_number if c.type.numeric else styles.cell_header)
                for h, c in zip(header, columns)],
        footer=footer, widths=widths, numeric=[c.type.numeric for c in columns], styles=styles,
        colours=ctx.colours, make_row=make_row)
    return DataTable(parts, list(texts))
