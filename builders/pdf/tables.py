"""Data tables in the brief: caption, header, zebra rows, typed alignment and a source line.

A table that runs over a page breaks between rows (or inside a very tall row), repeats its
caption and header on the next page, and says "(continued)" in the repeated caption.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as RLTable

from .. import fonts
from ..errors import ReportError
from ..model import Column, Table
from ..tablefit import fit_widths
from ..values import format_value
from .styles import Styles, layout_table

_PAD = 4.0
_MIN_COLUMN = 22.0


class CaptionedTable(RLTable):
    """A Table whose first row is its caption; continuation parts get a "(continued)" caption."""

    continued: Paragraph | None = None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.continued is not None:
            rest = parts[1]
            rest._cellvalues[0] = [self.continued] + list(rest._cellvalues[0][1:])
            rest.continued = self.continued
            parts[0].continued = self.continued
        return parts


def _column_widths(texts: list[list[str]], header: list[str], style, width: float,
                   fallbacks: tuple[str, ...], location) -> list[float]:
    """Natural widths fitted to the frame: short columns keep their width, long ones wrap."""
    font, size = style.fontName, style.fontSize
    n = len(header)
    natural = []
    minimum = []
    for i in range(n):
        cells = [row[i] for row in texts[:400]] + [header[i]]
        natural.append(max(fonts.string_width(c, font, size, fallbacks) for c in cells) + 2 * _PAD)
        longest_word = max((fonts.string_width(w, font, size, fallbacks)
                            for c in cells for w in c.split()), default=0)
        minimum.append(min(longest_word + 2 * _PAD, width * 0.3))
    if n * _MIN_COLUMN > width:
        fit = int(width // _MIN_COLUMN)
        raise ReportError(f"table has {n} columns; at most {fit} fit the page width. Choose the "
                          "columns to show with :columns:", location)
    return fit_widths(natural, [max(m, _MIN_COLUMN) for m in minimum], width)


def table_flowable(table: Table, styles: Styles, markup, width: float, colours: dict[str, Color],
                   language: str) -> CaptionedTable:
    data = table.data
    columns: tuple[Column, ...] = data.columns
    texts = [[format_value(v, c, language) for v, c in zip(row, columns)] for row in data.rows]
    header = [c.title for c in columns]
    fallbacks = markup.fallbacks
    widths = _column_widths(texts, header, styles.cell, width, fallbacks, table.location)

    def para(value: str, style) -> Paragraph:
        return Paragraph(markup.plain(value, style.fontName), style)

    caption_text = f"Table {table.number}. {table.caption}"
    anchor = f"<a name=\"{table.name}\"/>" if table.name else ""
    caption = Paragraph(anchor + markup.plain(caption_text, styles.caption.fontName), styles.caption)
    continued = Paragraph(markup.plain(f"{caption_text} (continued)", styles.caption.fontName),
                          styles.caption)
    head = [para(h, styles.cell_header_number if c.type.numeric else styles.cell_header)
            for h, c in zip(header, columns)]
    rows = [[para(t, styles.cell_number if c.type.numeric else styles.cell)
             for t, c in zip(row, columns)] for row in texts]
    source_bits = []
    if data.source:
        source_bits.append(f"<b>Source:</b> {markup.plain(data.source, styles.source.fontName)}")
    if table.notes:
        source_bits.append(f"<b>Notes:</b> {markup.plain(table.notes, styles.source.fontName)}")
    footer = [Paragraph(" ".join(source_bits), styles.source)] if source_bits else []
    n = len(rows)
    cells = [[caption] + [""] * (len(columns) - 1), head, *rows]
    if footer:
        cells.append(footer + [""] * (len(columns) - 1))
    last_data = n + 1
    commands = [
        ("SPAN", (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("BACKGROUND", (0, 1), (-1, 1), colours["table_header"]),
        ("ROWBACKGROUNDS", (0, 2), (-1, last_data), [colours["background"], colours["zebra"]]),
        ("LINEBELOW", (0, last_data), (-1, last_data), 0.8, colours["primary"]),
        # keep the caption and header with the first rows, and the source with the last
        ("NOSPLIT", (0, 0), (-1, min(3, last_data))),
    ]
    if footer:
        commands += [("SPAN", (0, last_data + 1), (-1, last_data + 1)),
                     ("LEFTPADDING", (0, last_data + 1), (0, last_data + 1), 0),
                     ("TOPPADDING", (0, last_data + 1), (-1, last_data + 1), 4),
                     ("NOSPLIT", (0, last_data), (-1, last_data + 1))]
    result = layout_table(cells, commands, styles.cell.fontName, cls=CaptionedTable, colWidths=widths,
                          repeatRows=2, splitByRow=1, splitInRow=24, spaceBefore=6, spaceAfter=12,
                          hAlign="LEFT")
    result.continued = continued
    return result
