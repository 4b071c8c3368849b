"""A presence/absence chart (``type: grid``): a dot where a category and a series meet, a faint
ring where they do not, the count in the dot when it is above one. The brief draws it with
matplotlib; the deck with shapes on the slide (rows, column heads and dots), each placed from
the fonts' metrics, rather than as a stacked bar chart whose every segment says "1"."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ReportError
from ..locale.furniture import tr
from ..locale.typography import typeset
from ..locale.values import format_number
from ..model import ChartKind, ChartSpec, Dataset
from ..model.text import Location
from ..model.theme import Colour
from . import categorical
from .canvas import BriefStyle, DeckCanvas, Measurer, Options, Rect
from .columns import MAX_CATEGORIES
from .matplot import measurer, wrap

KIND = ChartKind.GRID
#: what the alt text calls it (a message of the catalogue)
NAME = "Presence grid"
#: whether ``:highlight:`` may point at one of its categories or series
HIGHLIGHT = True
#: the most series (columns) and categories (rows) a grid shows legibly: measured on a 16:9
#: slide at the deck's 14 pt chart type and in the brief's text column, with long names
GRID_SERIES, GRID_CATEGORIES = 8, 12

# --------------------------------------------------------------------------- reading


def validate(d: Options, data: Dataset, common: dict) -> ChartSpec:
    """A grid's values as a category chart's, refused past what a slide or the brief's column
    shows legibly rather than squeezed."""
    spec = categorical.validate(KIND, MAX_CATEGORIES, d, data, common)
    for count, most, what, option in ((len(spec.series), GRID_SERIES, "series", "series"),
                                      (len(spec.categories), GRID_CATEGORIES, "categories", "x")):
        if count > most:
            where = d.option_lines.get(option, d.location)
            raise ReportError(f"a grid shows at most {most} {what} legibly; {count} found in "
                              f"{d.option(option)!r}. Leave some out with :where:, or group them in the data",
                              where)
    return spec


def check_highlight(spec: ChartSpec, wanted: str, where: Location) -> None:
    categorical.check_highlight(spec, wanted, where)


def describe(spec: ChartSpec, language: str) -> list[str]:
    """Each series and the categories it is present in (with its count when above one)."""
    parts = []
    for series in spec.series:
        present = [c if not v or v <= 1 else f"{c} ({format_number(v, spec.decimals, language)})"
                   for c, v in zip(spec.categories, series.values) if v]
        parts.append(f"{series.name}: {', '.join(present) if present else tr(language, 'none')}.")
    return parts


# --------------------------------------------------------------------------- the brief (matplotlib)


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    """The grid as a matplotlib figure: series across the top in their colours, categories down
    the left; what ``:highlight:`` names in full colour, the rest faded."""
    rows, columns = len(spec.categories), len(spec.series)
    # category labels wrapped to a third of the width, series heads to their column (about
    # half an em a character), so neither runs into its neighbour
    label_chars = max(12, int(width_in * 72 * 0.33 / (style.size * 0.5)))
    categories = [wrap(typeset(c, spec.language),
                       label_chars) for c in spec.categories]  # (language's typography)
    label_pt = max(len(line) for c in categories for line in c.split("\n")) * style.size * 0.5 + 12
    column_pt = (width_in * 72 - label_pt) / columns
    heads = [_head_lines(typeset(s.name, spec.language), style, column_pt * 0.92) for s in spec.series]
    head_lines = max(h.count("\n") + 1 for h in heads)
    row_lines = max(c.count("\n") + 1 for c in categories)
    pitch_in = max(0.42, (row_lines * 1.25 * style.size + 8) / 72)
    # a head's second line takes the air above the grid rather than lengthening the figure (a
    # page-long brief ends where it ended), down to a third of an inch of it
    air_in = max(0.3, 0.45 - (head_lines - 1) * 1.25 * style.size / 72)
    height_in = pitch_in * rows + air_in + head_lines * 1.25 * style.size / 72
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    _draw_dots(ax, spec, style, pitch_in, column_pt)
    for r in range(0, rows, 2):
        ax.axhspan(r - 0.5, r + 0.5, color=Colour(style.rule.upper()).faded(0.7).hex, zorder=0, linewidth=0)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.xaxis.tick_top()
    ax.set_xticks(range(columns), heads)
    series_names = {s.name for s in spec.series}
    for tick, series in zip(ax.get_xticklabels(), spec.series):
        muted = spec.highlight in series_names and spec.highlight != series.name
        tick.set_color(style.label(series.colour_key, muted))
        tick.set_fontweight("bold")
    ax.set_yticks(range(rows), categories)
    for tick, category in zip(ax.get_yticklabels(), spec.categories):
        tick.set_color(style.text)
        if category == spec.highlight:
            tick.set_fontweight("bold")
    ax.tick_params(length=0)
    for side in ("top", "bottom", "left", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def _head_lines(head: str, style: BriefStyle, width_pt: float) -> str:
    """A series' head broken into lines no wider than its column, measured in the bold face it
    is set in (a count of characters let a Russian head, wider letters than Latin ones, run
    into its neighbour): at spaces, and at a no-break space only where a name is still wider
    than its column."""
    width = measurer(style, style.size, bold=True)

    def fits(text: str) -> bool:
        return width(text) <= width_pt

    def broken(text: str, space: str) -> list[str]:
        lines: list[str] = []
        for word in text.split(space):
            if lines and fits(lines[-1] + space + word):
                lines[-1] += space + word
            else:
                lines.append(word)
        return lines

    return "\n".join(part for line in broken(head, " ")
                     for part in ([line] if fits(line) else broken(line, "\u00a0")))


def _draw_dots(ax, spec: ChartSpec, style: BriefStyle, pitch_in: float, column_pt: float) -> None:
    """A dot where a category and a series meet (faded unless highlighted), a ring where not."""
    # a dot big enough for its count (the widest, in bold digits about 0.62 em each), within its row
    counts = [format_number(v, spec.decimals) for s in spec.series for v in s.values if v and v > 1]
    number_size = style.size - 0.5
    need_pt = max((len(t) for t in counts), default=0) * number_size * 0.62 + 4
    dot_pt = max(12.2, min(need_pt, pitch_in * 72 * 0.8, column_pt * 0.8))
    numbers = need_pt <= dot_pt
    rings: list[tuple[int, int]] = []
    dots: list[tuple[int, int, str]] = []
    for c, series in enumerate(spec.series):
        colour = style.colour(series.colour_key)
        for r, (category, value) in enumerate(zip(spec.categories, series.values)):
            if not value:
                rings.append((c, r))
                continue
            faded = bool(spec.highlight) and spec.highlight not in (category, series.name)
            dots.append((c, r, Colour(colour.upper()).faded().hex if faded else colour))
            if value > 1 and numbers:
                ax.annotate(format_number(value, spec.decimals), (c, r), ha="center", va="center",
                            color="white", fontsize=number_size, fontweight="bold", zorder=4)
    # one collection for the rings and one for the dots, drawn in the same order as a scatter a
    # mark (a collection each cost matplotlib a limits update and an extents check, a fifth of a grid)
    if rings:
        ax.scatter([c for c, _ in rings], [r for _, r in rings], s=22, facecolor="none", edgecolor=style.rule,
                   linewidth=1.0, zorder=2)
    if dots:
        ax.scatter([c for c, _, _ in dots], [r for _, r, _ in dots], s=dot_pt ** 2,
                   color=[shown for _, _, shown in dots], zorder=3, linewidth=0)


# --------------------------------------------------------------------------- the deck (shapes)

PAD = 8.0


@dataclass(frozen=True)
class GridLayout:
    """Where a grid's parts go (points on the slide)."""

    labels: Rect
    heads: tuple[Rect, ...]
    rows: tuple[Rect, ...]
    #: dot diameter
    dot: float
    #: the category labels' size (fitted to one row each, never under the deck's floor)
    label_size: float = 14.0
    #: whether the counts fit inside their dots (if not, no count is printed rather than one spilling)
    numbers: bool = True


def _label_fit(spec: ChartSpec, frame: Rect, measurer: Measurer, size: float, row_h: float,
               smallest: float) -> tuple[float, float]:
    """The label column's width and type size at which every category fits its row."""
    widest = max(measurer.width(c, size) for c in spec.categories) + 2 * PAD
    for label_w in (min(widest, frame.w * 0.35), min(widest, frame.w * 0.45)):
        candidate = size
        while candidate >= smallest:
            height = max(measurer.lines(c, candidate, label_w - 2 * PAD) for c in spec.categories) \
                * measurer.line_height(candidate)
            if height <= row_h:
                return label_w, candidate
            candidate -= 1
    return min(widest, frame.w * 0.45), smallest


def layout(canvas: DeckCanvas, spec: ChartSpec, frame: Rect) -> GridLayout:
    measurer, size = canvas.measurer, canvas.look.size
    columns = len(spec.series)
    # the heads' height depends on the columns' width, which depends on the labels': heads
    # measured at the narrowest the columns can be
    head_w = (frame.w * 0.55) / columns
    head_lines = max(measurer.lines(s.name, size, head_w - 2 * PAD, True) for s in spec.series)
    head_h = head_lines * measurer.line_height(size) + 2 * PAD
    row_h = (frame.h - head_h) / len(spec.categories)
    label_w, label_size = _label_fit(spec, frame, measurer, size, row_h, canvas.look.floor)
    col_w = (frame.w - label_w) / columns
    heads = tuple(canvas.box(frame.x + label_w + i * col_w, frame.y, col_w, head_h) for i in range(columns))
    rows = tuple(canvas.box(frame.x, frame.y + head_h + i * row_h, frame.w, row_h)
                 for i in range(len(spec.categories)))
    dot = min(row_h * 0.62, col_w * 0.5, size * 2.6)
    counts = [format_number(v, spec.decimals) for s in spec.series for v in s.values if v and v > 1]
    need = max((measurer.width(t, size, True) for t in counts), default=0.0) + 6
    if need > dot:  # a dot grows to hold its count, as far as its row and column allow
        dot = max(dot, min(need, row_h * 0.9, col_w * 0.9))
    return GridLayout(canvas.box(frame.x, frame.y + head_h, label_w, frame.h - head_h), heads, rows, dot,
                      label_size, need <= dot)


def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect):
    """The grid drawn with shapes, grouped as one object (which carries the alt text)."""
    plan = layout(canvas, spec, box)
    with canvas.group(slide) as group:
        _fill(canvas, group.shapes, spec, plan)
    return group


def _fill(canvas: DeckCanvas, shapes, spec: ChartSpec, plan: GridLayout) -> None:
    """The grid's shapes: its rows' grounds and labels, its heads, dots and rings."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    look = canvas.look
    for n, (category, row) in enumerate(zip(spec.categories, plan.rows)):
        if n % 2 == 0:
            canvas.filled(shapes, row, look.rule.faded(0.7), f"Row {category}"[:250], decorative=True)
        _text(canvas, shapes, canvas.box(row.x, row.y, plan.labels.w, row.h), category, plan.label_size,
              look.text,
              bold=spec.highlight == category, inset=0.0)
    for series, head in zip(spec.series, plan.heads):
        colour = canvas.colours[series.colour_key]
        muted = spec.highlight in {s.name for s in spec.series} and spec.highlight != series.name
        _text(canvas, shapes, head, series.name, look.size, colour.faded() if muted else colour, bold=True,
              align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM)
        for category, row, value in zip(spec.categories, plan.rows, series.values):
            cx, cy = head.x + head.w / 2, row.y + row.h / 2
            if not value:
                ring = canvas.box(cx - plan.dot / 6, cy - plan.dot / 6, plan.dot / 3, plan.dot / 3)
                canvas.filled(shapes, ring, look.rule, f"No {series.name} at {category}"[:250],
                              MSO_SHAPE.OVAL)
                continue
            faded = bool(spec.highlight) and spec.highlight not in (category, series.name)
            dot = canvas.filled(shapes, canvas.box(cx - plan.dot / 2, cy - plan.dot / 2, plan.dot, plan.dot),
                                colour.faded() if faded else colour, f"{series.name} at {category}"[:250],
                                MSO_SHAPE.OVAL)
            if value > 1 and plan.numbers:
                canvas.set_text(dot.text_frame, format_number(value, spec.decimals), look.size, look.on_fill,
                                PP_ALIGN.CENTER)


def _text(canvas: DeckCanvas, shapes, box: Rect, text: str, size: float, colour: Colour, *,
          bold: bool = False,
          align=None, anchor=None, inset: float = PAD / 2) -> None:
    """A row's label (no inset) or a column's head, in its box."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    shape = canvas.textbox(shapes, box, f"Label {text}"[:250])
    canvas.set_text(shape.text_frame, text, size, colour, PP_ALIGN.LEFT if align is None else align,
                    bold=bold,
                    wrap=True, sides=PAD, ends=inset, anchor=MSO_ANCHOR.MIDDLE if anchor is None else anchor)
