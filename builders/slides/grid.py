"""A presence/absence chart (``type: grid``) on a slide: a dot where a category and a series
meet, a faint ring where they do not, the count printed in the dot when it is above one.

Drawn with shapes on the slide (rows, column heads and dots), each placed from the fonts'
metrics, rather than as a stacked bar chart whose every segment says "1".
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ..model import ChartSpec
from ..shared.theme import Colour
from ..shared.values import format_number
from .fit import Measurer
from .slide import Box
from .units import emu, filled
from .units import rgb as _rgb

PAD = 8.0


@dataclass(frozen=True)
class GridLayout:
    """Where a grid's parts go (points on the slide)."""

    labels: Box
    heads: tuple[Box, ...]
    rows: tuple[Box, ...]
    #: dot diameter
    dot: float


def layout(spec: ChartSpec, frame: Box, measurer: Measurer, size: float) -> GridLayout:
    label_w = min(max(measurer.width(c, size) for c in spec.categories) + 2 * PAD, frame.w * 0.35)
    columns = len(spec.series)
    col_w = (frame.w - label_w) / columns
    head_lines = max(measurer.lines(s.name, size, col_w - 2 * PAD, True) for s in spec.series)
    head_h = head_lines * measurer.line_height(size) + 2 * PAD
    row_h = (frame.h - head_h) / len(spec.categories)
    heads = tuple(Box(frame.x + label_w + i * col_w, frame.y, col_w, head_h) for i in range(columns))
    rows = tuple(Box(frame.x, frame.y + head_h + i * row_h, frame.w, row_h) for i in range(len(spec.categories)))
    return GridLayout(Box(frame.x, frame.y + head_h, label_w, frame.h - head_h), heads, rows,
                      min(row_h * 0.62, col_w * 0.5, size * 2.6))


def draw(shapes, spec: ChartSpec, frame: Box, colours: dict[str, Colour], measurer: Measurer, size: float,
         text: Colour, rule: Colour, on_fill: Colour) -> None:
    plan = layout(spec, frame, measurer, size)
    for n, (category, row) in enumerate(zip(spec.categories, plan.rows)):
        if n % 2 == 0:
            filled(shapes, row, rule.faded(0.7), f"Row {category}"[:250])
        _text(shapes, Box(row.x, row.y, plan.labels.w, row.h), category, size, text, bold=spec.highlight == category)
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
            if value > 1:
                tf = dot.text_frame
                tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
                tf.vertical_anchor = MSO_ANCHOR.MIDDLE
                paragraph = tf.paragraphs[0]
                paragraph.alignment = PP_ALIGN.CENTER
                run = paragraph.add_run()
                run.text = format_number(value, spec.decimals)
                run.font.size = Pt(size)
                run.font.bold = True
                run.font.color.rgb = _rgb(on_fill)


def _text(shapes, box: Box, text: str, size: float, colour: Colour, *, bold: bool = False,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.MIDDLE) -> None:
    shape = shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = f"Label {text}"[:250]
    tf = shape.text_frame
    tf.word_wrap = True
    tf.margin_left = tf.margin_right = emu(PAD)
    tf.margin_top = tf.margin_bottom = emu(PAD / 2)
    tf.vertical_anchor = anchor
    paragraph = tf.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
