"""A presence/absence chart (``type: grid``) on a slide: a dot where a category and a series
meet, a faint ring where they do not, the count printed in the dot when it is above one.

Drawn with shapes on the slide (rows, column heads and dots), each placed from the fonts'
metrics, rather than as a stacked bar chart whose every segment says "1".
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from ..locale.values import format_number
from ..model import ChartSpec
from ..shared.theme import Colour
from .fit import Measurer
from .slide import Box
from .units import emu, filled, set_text

PAD = 8.0


#: the smallest type on a slide (the docs' floor)
MIN_SIZE = 12.0


@dataclass(frozen=True)
class GridLayout:
    """Where a grid's parts go (points on the slide)."""

    labels: Box
    heads: tuple[Box, ...]
    rows: tuple[Box, ...]
    #: dot diameter
    dot: float
    #: the category labels' size (fitted to one row each, never under 12 pt)
    label_size: float = 14.0
    #: whether the counts fit inside their dots (if not, no count is printed rather than one spilling)
    numbers: bool = True


def _label_fit(spec: ChartSpec, frame: Box, measurer: Measurer, size: float, row_h: float) -> tuple[float, float]:
    """The label column's width and type size at which every category fits its row."""
    widest = max(measurer.width(c, size) for c in spec.categories) + 2 * PAD
    for label_w in (min(widest, frame.w * 0.35), min(widest, frame.w * 0.45)):
        candidate = size
        while candidate >= MIN_SIZE:
            height = max(measurer.lines(c, candidate, label_w - 2 * PAD) for c in spec.categories) \
                * measurer.line_height(candidate)
            if height <= row_h:
                return label_w, candidate
            candidate -= 1
    return min(widest, frame.w * 0.45), MIN_SIZE


def layout(spec: ChartSpec, frame: Box, measurer: Measurer, size: float) -> GridLayout:
    columns = len(spec.series)
    # the heads' height depends on the columns' width, which depends on the labels': heads
    # measured at the narrowest the columns can be
    head_w = (frame.w * 0.55) / columns
    head_lines = max(measurer.lines(s.name, size, head_w - 2 * PAD, True) for s in spec.series)
    head_h = head_lines * measurer.line_height(size) + 2 * PAD
    row_h = (frame.h - head_h) / len(spec.categories)
    label_w, label_size = _label_fit(spec, frame, measurer, size, row_h)
    col_w = (frame.w - label_w) / columns
    heads = tuple(Box(frame.x + label_w + i * col_w, frame.y, col_w, head_h) for i in range(columns))
    rows = tuple(Box(frame.x, frame.y + head_h + i * row_h, frame.w, row_h) for i in range(len(spec.categories)))
    dot = min(row_h * 0.62, col_w * 0.5, size * 2.6)
    counts = [format_number(v, spec.decimals) for s in spec.series for v in s.values if v and v > 1]
    need = max((measurer.width(t, size, True) for t in counts), default=0.0) + 6
    if need > dot:  # a dot grows to hold its count, as far as its row and column allow
        dot = max(dot, min(need, row_h * 0.9, col_w * 0.9))
    return GridLayout(Box(frame.x, frame.y + head_h, label_w, frame.h - head_h), heads, rows, dot,
                      label_size, need <= dot)


def draw(shapes, spec: ChartSpec, frame: Box, colours: dict[str, Colour], measurer: Measurer, size: float,
         text: Colour, rule: Colour, on_fill: Colour) -> None:
    plan = layout(spec, frame, measurer, size)
    for n, (category, row) in enumerate(zip(spec.categories, plan.rows)):
        if n % 2 == 0:
            filled(shapes, row, rule.faded(0.7), f"Row {category}"[:250], decorative=True)
        _text(shapes, Box(row.x, row.y, plan.labels.w, row.h), category, plan.label_size, text,
              bold=spec.highlight == category, inset=0.0)
    for series, head in zip(spec.series, plan.heads):
        colour = colours[series.colour_key]
        muted = spec.highlight in {s.name for s in spec.series} and spec.highlight != series.name
        _text(shapes, head, series.name, size, colour.faded() if muted else colour, bold=True,
              align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM)
        for category, row, value in zip(spec.categories, plan.rows, series.values):
            cx, cy = head.x + head.w / 2, row.y + row.h / 2
            box = Box(cx - plan.dot / 2, cy - plan.dot / 2, plan.dot, plan.dot)
            if not value:
                ring = Box(cx - plan.dot / 6, cy - plan.dot / 6, plan.dot / 3, plan.dot / 3)
                filled(shapes, ring, rule, f"No {series.name} at {category}"[:250], MSO_SHAPE.OVAL)
                continue
            faded = bool(spec.highlight) and spec.highlight not in (category, series.name)
            dot = filled(shapes, box, colour.faded() if faded else colour, f"{series.name} at {category}"[:250],
                        MSO_SHAPE.OVAL)
            if value > 1 and plan.numbers:
                set_text(dot.text_frame, format_number(value, spec.decimals), size, on_fill, PP_ALIGN.CENTER)


def _text(shapes, box: Box, text: str, size: float, colour: Colour, *, bold: bool = False,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.MIDDLE, inset: float = PAD / 2) -> None:
    shape = shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = f"Label {text}"[:250]
    # a row's label: centred, no inset
    set_text(shape.text_frame, text, size, colour, align, bold=bold, wrap=True, sides=PAD, ends=inset, anchor=anchor)
