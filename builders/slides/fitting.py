"""How much fits: font sizes, and which bullets or table rows go on which continuation slide,
from the template's geometry and the fonts' metrics. Pure, like the plan it serves."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..locale import furniture
from ..locale.typography import typeset
from ..locale.values import format_value
from ..model import Location, Span, Table, plain
from ..shared.tablefit import column_widths, tokens
from ..shared.theme import DeckStyle
from ..store import remember
from .balance import balanced
from .fit import WIDTH_SLACK, Measurer
from .slide import (
    BULLET_SPACE,
    CELL_X,
    CELL_Y,
    GAP,
    INSET_X,
    INSET_Y,
    SOURCE_LINES,
    Box,
    Bullet,
    Geometry,
    SourceLine,
    bullet_indent,
)

#: the table sizes a process has worked out (:meth:`Fitter.table_size`) or read back from the
#: build before (:mod:`.measures`), by the digest of what they depend on; the oldest let go
#: past :data:`MOST_TABLE_SIZES`
TABLE_SIZES: dict[str, tuple[tuple[float, ...], float]] = {}
MOST_TABLE_SIZES = 256
#: those the deck being planned used (:func:`.measures.keep` keeps them for the next process)
TABLES_USED: dict[str, tuple[tuple[float, ...], float]] = {}


@dataclass(frozen=True)
class Fitter:
    """Sizes and splits text for one deck's geometry and fonts: a value the planner and the
    card and overflow fitting hold (composed, not inherited)."""

    style: DeckStyle
    geometry: Geometry
    body: Measurer
    title_font: Measurer
    #: the language furniture ("Source:", "(cont.)") is printed in: the report's
    language: str = "en"

    def tr(self, message: str, /, **values: object) -> str:
        """Furniture in :attr:`language` (see builders.locale.furniture)."""
        return furniture.tr(self.language, message, **values)

    def title_size(self, title: str) -> float:
        box = self.geometry.title
        width = box.w - 2 * INSET_X
        size = self.style.title_size.pt
        floor = min(self.style.title_min_size.pt, size)  # never under the theme's minimum
        while size > floor:
            if self.title_font.height(title, size, width, self.geometry.bold_titles) <= box.h - 2 * INSET_Y:
                return size
            size -= 1
        return floor

    def cover_title_size(self, title: str) -> float:
        """The title slide's title: the theme's size, or less until it fits its placeholder."""
        box = self.geometry.cover_title or self.geometry.title
        size = self.style.cover_title_size.pt
        while size > self.style.title_min_size.pt and \
                self.title_font.height(title, size, box.w - 2 * INSET_X, True) > box.h - 2 * INSET_Y:
            size -= 1
        return size

    def column_split(self, bullets: tuple[Bullet, ...], box: Box, size: float) -> int | None:
        """Where to cut ``bullets`` into two columns of ``box`` at ``size`` so that both fit and
        their heights are as near as may be (the first the fuller); None when they do not fit."""
        half = (box.w - GAP) / 2
        height = box.h - 2 * 3.6
        width = half - 2 * INSET_X
        best: tuple[float, int] | None = None
        for cut in range(len(bullets), -1, -1):
            first = self.bullets_height(bullets[:cut], size, width)
            second = self.bullets_height(bullets[cut:], size, width)
            if first <= height and second <= height and first >= second:
                if best is None or first - second < best[0]:
                    best = (first - second, cut)
        return None if best is None else best[1]

    def bullets_height(self, bullets: tuple[Bullet, ...], size: float, width: float) -> float:
        total = 0.0
        for b in bullets:
            indent = bullet_indent(size, b.number is not None) * (b.level + 1)
            total += self.body.height(plain(b.spans), size, width - indent) + size * BULLET_SPACE
        return total

    def fit_size(self, bullets, box: Box, top: float, bottom: float) -> float | None:
        width, height = box.w - 2 * INSET_X, box.h - 2 * INSET_Y
        size = top
        while size >= bottom:
            if self.bullets_height(bullets, size, width) <= height:
                return size
            size -= 1
        return None

    def bullet_pages(self, bullets: tuple[Bullet, ...], box: Box, top: float | None = None,
                     bottom: float | None = None, most: int | None = None) -> list[tuple[tuple[Bullet, ...],
                                                                                         float]]:
        """Bullets split into slides that fit ``box``: shrink within the theme's limits (or
        ``top`` to ``bottom`` points) first, then split (at most ``most``, by default the theme's
        ``max_bullets``, a slide); each page at its largest fitting size."""
        top, bottom = top or self.style.body_size.pt, bottom or self.style.body_min_size.pt
        most = most or self.style.max_bullets
        size = self.fit_size(bullets, box, top, bottom)
        if size is not None and len(bullets) <= most:
            return [(bullets, size)]
        pieces = list(self._splittable(bullets, box, bottom))
        pages = paginate(pieces, lambda chunk: self.fit_size(tuple(chunk), box, bottom, bottom) is not None,
                         most)
        out = []
        for page in pages:
            chunk = tuple(page)
            out.append((chunk, self.fit_size(chunk, box, top, bottom) or bottom))
        return out

    def _splittable(self, bullets, box: Box, size: float):
        """Bullets too tall for a slide on their own are cut into sentence- or word-sized pieces."""
        width, height = box.w - 2 * INSET_X, box.h - 2 * INSET_Y
        for bullet in bullets:
            if self.bullets_height((bullet,), size, width) <= height:
                yield bullet
                continue
            words = plain(bullet.spans).split(" ")
            piece: list[str] = []
            for word in words:
                trial = Bullet((Span(" ".join([*piece, word])),), bullet.level)
                if piece and self.bullets_height((trial,), size, width) > height:
                    yield Bullet((Span(" ".join(piece)),), bullet.level)
                    piece = [word]
                else:
                    piece.append(word)
            if piece:
                yield Bullet((Span(" ".join(piece)),), bullet.level)

    def source_line(self, source: str, notes: str = "",
                    location: Location | None = None) -> SourceLine | None:
        """The "Source:" line (with "Notes:" after it), shrunk to fit SOURCE_LINES lines and,
        at the smallest size, given the lines it needs (the content area above it is made
        shorter), never cut; one that would take a third of the content area is a located error."""
        if not source and not notes:
            return None
        width = self.geometry.body.w - 2 * INSET_X
        text = " ".join(f"{label} {part}" for label, part in furniture.source_parts(self.language, source,
                                                                                    notes))
        size = self.style.source_size.pt
        while size > self.style.source_min_size.pt and self.body.lines(text, size, width) > SOURCE_LINES:
            size = max(size - 0.5, self.style.source_min_size.pt)
        height = self.body.height(text, size, width) + 2 * INSET_Y + 4
        if height > self.geometry.body.h / 3:
            raise ReportError(
                f"the source and notes line ({len(text.split())} words) would take over a third "
                "of the slide; shorten the notes or the resource's sources",
                location or Location(Path("report.md")),
            )
        return SourceLine(text, size, height)

    # ------------------------------------------------------------------ slide makers

    def split_row(self, row, widths, size: float, limit: float, continued: str) -> list[tuple[str, ...]]:
        """A row taller than ``limit`` as pieces that each fit it, never cut: each cell's words
        in order, as many as fill the lines there are room for, the rest in the next piece (on
        a "(cont.)" slide), whose first cell names the row again when its own text is done."""
        lines = max(1, int((limit - 2 * CELL_Y) // self.body.line_height(size)))
        pieces: list[tuple[str, ...]] = []
        rest = list(row)
        while any(rest):
            piece, after = [], []
            for text, width in zip(rest, widths):
                inner = width - 2 * CELL_X
                if self.body.lines(text, size, inner) <= lines:
                    piece.append(text)
                    after.append("")
                    continue
                words = text.split(" ")  # (no-break spaces hold numbers and dates together)
                low, high = 1, len(words)
                while low < high:  # the most words that still fit, found by halving
                    mid = (low + high + 1) // 2
                    if self.body.lines(" ".join(words[:mid]), size, inner) <= lines:
                        low = mid
                    else:
                        high = mid - 1
                piece.append(" ".join(words[:low]))
                after.append(" ".join(words[low:]))
            pieces.append(tuple(piece))
            if any(after) and not after[0]:
                after[0] = row[0] + continued
            rest = after
        return pieces

    def _table_widths(self, header, rows, size: float, width: float, table: Table,
                      floor: float = 0.0) -> list[float] | None:
        """Column widths at ``size``: each at least its longest unbreakable piece (the header's
        in bold); None when those do not fit ``width`` (the "cannot fit" error at the ``floor``)."""
        n = len(header)
        if n * 40 > width:
            raise ReportError(f"table has {n} columns; at most {int(width // 40)} fit a slide. "
                              "Choose columns with :columns: or keep it out of the deck with :deck: no",
                              table.location or Location(Path("report.md")))
        natural, minimum = [], []
        for i in range(n):
            cells = [r[i] for r in rows[:200]]
            head_w = self.body.width(header[i], size, bold=True)
            natural.append(
                max([head_w] + [self.body.width(c, size) for c in cells]) / WIDTH_SLACK + 2 * CELL_X + 2
            )
            pieces = [(p, False) for c in {r[i] for r in rows} for p in tokens(c)]
            pieces += [(p, True) for p in tokens(header[i])]
            longest = max((self.body.piece_width(p, size, bold) for p, bold in pieces), default=0)
            minimum.append(longest / WIDTH_SLACK + 2 * CELL_X + 2)
            natural[-1] = max(natural[-1], minimum[-1])
        if sum(minimum) > width:
            if size - 1 < floor:
                raise self._cannot_fit(header, rows, size, width, table)
            return None
        # sized to its content, with a little air; no row a line taller than its text needs
        widths = column_widths(natural, minimum, width, stretch=1.15)
        return balanced(widths, minimum, header, rows,
                        lambda text, bold, w: self.body.lines(text, size, w - 2 * CELL_X, bold))

    def widths_that_fit(self, header, rows, size: float, width: float, table: Table,
                         floor: float) -> tuple[list[float], float]:
        """Column widths and the largest size from ``size`` down at which no number or name
        breaks (a point at a time; the "cannot fit" error below the ``floor``)."""
        while True:
            found = self._table_widths(header, rows, size, width, table, floor)
            if found is not None:
                return found, size
            size -= 1

    def table_size(self, header, rows, box: Box, table: Table) -> tuple[list[float], float]:
        """Column widths and the size of a table's text: the largest size of the scale at which
        the rows take as few slides as they can (one, if they fit at the theme's minimum), so a
        table that must go on over "(cont.)" slides is set as large as its balanced pieces
        allow rather than at the minimum. A row taller than a slide keeps the minimum.

        Worked out once for the same cells, fonts, theme and box: in a process (the editions
        of a batch show the same tables: most of a one-page edition's planning) and from one
        build to the next (kept with the line counts, :mod:`.measures`: half the planning of a
        slide edit's deck)."""
        key = hashlib.sha256(repr((self.style, self.body, tuple(header), tuple(rows), box.w,
                                   box.h)).encode("utf-8")).hexdigest()
        found = TABLE_SIZES.get(key)
        if found is None:
            widths, size = self._table_size(header, rows, box, table)
            found = remember(TABLE_SIZES, key, (tuple(widths), size), MOST_TABLE_SIZES)
        TABLES_USED[key] = found
        return list(found[0]), found[1]

    def _table_size(self, header, rows, box: Box, table: Table) -> tuple[list[float], float]:
        top, bottom = self.style.table_max_size.pt, self.style.table_min_size.pt
        most = self.style.max_table_rows

        def slides(size: float) -> tuple[list[float], float, int]:
            widths, size = self.widths_that_fit(header, rows, size, box.w, table, bottom)
            heights = [self.row_height(r, widths, size, bold=False) for r in rows]
            room = box.h - self.row_height(header, widths, size, bold=True)
            if any(h > room for h in heights):
                return widths, size, 0  # a row goes on in pieces: no page count holds
            return widths, size, len(paginate(heights, lambda chunk: sum(chunk) <= room, most))

        least = slides(bottom)
        if not least[2]:
            return least[0], least[1]
        size = top
        while size > least[1]:
            widths, size, count = slides(size)
            if count and count <= least[2]:
                return widths, size
            size -= 1
        return least[0], least[1]

    def _cannot_fit(self, header, rows, size: float, width: float, table: Table) -> ReportError:
        """The located error for a table whose unbreakable pieces need more than ``width``."""
        needs = []
        for i in range(len(header)):
            pieces = [(p, False) for c in {r[i] for r in rows} for p in tokens(c)]
            pieces += [(p, True) for p in tokens(header[i])]
            w, piece = max(((self.body.piece_width(p, size, b), p) for p, b in pieces), default=(0.0, ""))
            needs.append((w / WIDTH_SLACK + 2 * CELL_X + 2, piece))
        widest = max(range(len(header)), key=lambda i: needs[i][0])
        return ReportError(
            f"table {table.data.name!r} cannot fit a slide: at {size:g} pt its columns need "
            f"{sum(n for n, _ in needs):.0f} pt and the slide has {width:.0f} pt; column {header[widest]!r} "
            f"alone needs {needs[widest][0]:.0f} pt for {needs[widest][1]!r}. Show fewer columns with "
            ":columns:, or keep the table out of the deck with :deck: no"
            + (f" (the template's font {self.body.stands_for!r} is not among the theme's fonts, so its "
               f"text is measured with {self.body.family.name}, wider than most: add the font's files to "
               "the theme's deck fonts to measure it as it is)" if self.body.stands_for else ""),
            table.location or Location(Path("report.md")))

    def row_height(self, row, widths, size: float, bold: bool) -> float:
        tallest = max(self.body.height(text, size, w - 2 * CELL_X, bold) for text, w in zip(row, widths))
        return tallest + 2 * CELL_Y



def cell_text(value, column, language: str) -> str:
    """A table cell as a slide shows it: formatted; a text set by the language's typography."""
    text = format_value(value, column, language)
    return typeset(text, language) if isinstance(value, str) else text


def paginate(items: list, fits, most: int) -> list[list]:
    """Split ``items`` into pages that each ``fits`` and hold at most ``most`` items: as few
    pages as greedy filling needs, then as even as possible (no "(cont.)" slide with one row)."""
    pages: list[list] = [[]]
    for item in items:
        trial = [*pages[-1], item]
        if pages[-1] and (len(trial) > most or not fits(trial)):
            pages.append([item])
        else:
            pages[-1].append(item)
    count = len(pages)
    if count > 1:
        size, extra = divmod(len(items), count)
        even, start = [], 0
        for n in range(count):
            end = start + size + (1 if n < extra else 0)
            even.append(items[start:end])
            start = end
        if all(len(page) <= most and fits(page) for page in even):
            return even
    return pages
