"""Boxes (takeaways, recommendations, callouts) kept whole, as an editor keeps them: a box up to
a third of a page never splits (it goes to the next page, and the running text after it may
fill this one, see :mod:`.floats`); a longer one splits between its items, never after its
title alone nor before its last item alone, and opens the next page with its title repeated
and "(continued)". A block quote's speaker stays with the quotation's last lines
(:class:`WithTail`)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ..locale.furniture import tr
from .context import Context
from .styles import layout_table

#: a box at most this share of a page's text area is never split
WHOLE_BOX = 1 / 3


def box_table(title: str, rows: list[list], ctx: Context, numbered: bool, *, last_piece: bool = True):
    """A shaded box with a rule on the left, each item a row (so it breaks between items); its
    title stays with the first item and, on its last page, the last two items together."""
    s = ctx.styles
    columns = [32, ctx.width - 32] if numbered else [ctx.width]
    head = [ctx.text(title, s.box_title)] if title else [Spacer(1, 0)]
    content = [head + [""] * (len(columns) - 1), *rows]
    last = len(content) - 1
    commands = [
        ("BACKGROUND", (0, 0), (-1, -1), ctx.colours["box"]),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ctx.colours["box_rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 14),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, 0), 10),
        ("TOPPADDING", (0, 1), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, last), (-1, last), 9),
        ("NOSPLIT", (0, 0), (-1, min(1, last))),
    ]
    if last_piece:
        commands.append(("NOSPLIT", (0, max(last - 1, 0)), (-1, last)))
    if numbered:
        commands += [("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (1, 0), (1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (0, -1), 0)]
    return layout_table(content, commands, s.body.fontName, colWidths=columns, hAlign="LEFT")


class Kept(Flowable):
    """A table-shaped block (a pull quote) kept whole when it is at most WHOLE_BOX of a page."""

    def __init__(self, table, ctx: Context, *, space_before: float = 4, space_after: float = 14) -> None:
        super().__init__()
        self._table, self.ctx = table, ctx
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.hAlign = getattr(table, "hAlign", "LEFT")
        self.is_continued = False

    def full_height(self) -> float:
        """The block's height laid out whole (its width is the column's)."""
        return self._table.wrap(self.ctx.width, 1e9)[1]

    def short(self) -> bool:
        return not self.is_continued and self.full_height() <= WHOLE_BOX * self.ctx.height

    def wrap(self, availWidth, availHeight):
        return self._table.wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        if self.short():
            return []  # never split: it goes over whole
        return self._table.split(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        self._table.drawOn(canvas, x, y, _sW)

    def draw(self):  # pragma: no cover - drawOn is always used
        self._table.draw()


class Box(Kept):
    """A box laid out as a one- or two-column table, split by :meth:`split` as the module says."""

    def __init__(self, title: str, rows: list[list], ctx: Context, numbered: bool, *,
                 continued: bool = False) -> None:
        self.title, self.rows, self.numbered = title, rows, numbered
        self.is_continued = continued
        self.ctx = ctx
        super().__init__(box_table(self._shown_title(), rows, ctx, numbered), ctx,
                         space_before=0 if continued else 4)
        self.is_continued = continued

    def _shown_title(self) -> str:
        if not self.is_continued:
            return self.title
        return f"{self.title} {tr(self.ctx.language, '(continued)')}".strip()

    def split(self, availWidth, availHeight):
        if self.short():
            return []  # a short box is never split: it goes over whole
        parts = self._table.split(availWidth, availHeight - 8)  # room for the closing padding
        if len(parts) != 2:
            return []
        placed = len(parts[0]._cellvalues) - 1  # items on this page, less the title row
        if placed < 1 or placed >= len(self.rows):
            return []
        first = Box(self.title, self.rows[:placed], self.ctx, self.numbered, continued=self.is_continued)
        first._table = box_table(self._shown_title(), self.rows[:placed], self.ctx, self.numbered,
                                 last_piece=False)
        first.spaceBefore = self.spaceBefore
        return [first, Box(self.title, self.rows[placed:], self.ctx, self.numbered, continued=True)]


class WithTail(Flowable):
    """A paragraph and the short line under it (a block quote's last paragraph and its
    speaker), which never stands alone at the top of a page: where the two do not fit, the
    paragraph splits, and its last lines (two at least, by its style's widow control) go over
    with the line. A paragraph too short to split goes over whole with it."""

    def __init__(self, text, tail) -> None:
        super().__init__()
        self.text, self.tail = text, tail
        # the line sits close under its paragraph (its own space before), and the paragraph's
        # space after comes after the two: a block quote's speaker had the quote's paragraph
        # space above it and none below, nearer the next paragraph than the quote
        self.spaceBefore = text.getSpaceBefore()
        self.spaceAfter = max(text.getSpaceAfter(), tail.getSpaceAfter())
        self._gap = tail.getSpaceBefore()
        self._heights = (0.0, 0.0)

    def wrap(self, availWidth, availHeight):
        self._heights = tuple(part.wrap(availWidth, availHeight)[1] for part in (self.text, self.tail))
        self.width, self.height = availWidth, self._heights[0] + self._gap + self._heights[1]
        return self.width, self.height

    def split(self, availWidth, availHeight):
        full = self.text.wrap(availWidth, 1e9)[1]
        parts = self.text.split(availWidth, min(availHeight, full - 1))  # (when the text fits alone)
        if len(parts) != 2:
            return []
        return [parts[0], WithTail(parts[1], self.tail)]

    def drawOn(self, canvas, x, y, _sW=0):
        self.text.drawOn(canvas, x, y + self._heights[1] + self._gap, _sW)  # the text first, as it is read
        self.tail.drawOn(canvas, x, y, _sW)

    def draw(self):  # pragma: no cover - drawOn is always used
        pass
