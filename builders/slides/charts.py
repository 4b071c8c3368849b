"""ChartSpec → a native, editable PowerPoint chart (its data travels in an embedded workbook),
drawn by the chart's kind (:mod:`builders.charts`) on the deck's :class:`Canvas`: its shapes,
text, measurement, chart data and the chart XML a kind does not write itself."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pptx.util import Pt

from .. import charts as kinds
from ..locale.values import number_format
from ..model import ChartSpec
from ..shared import contrast
from ..shared.theme import Colour, Theme
from . import xml
from .fit import Measurer
from .slide import Box
from .units import emu, filled, rgb, set_text

if TYPE_CHECKING:  # python-pptx's chart data and XlsxWriter are imported only to make a chart
    from .sheets import CategoryData, XyData


@dataclass(frozen=True)
class Look:
    """What a native chart takes from the theme."""

    size: float
    text: Colour
    rule: Colour
    on_fill: Colour
    muted: Colour
    #: ground of a highlighted period
    band: Colour
    #: the smallest a chart's labels are set, however crowded, and the smallest type on a slide
    chart_floor: float = 14.0
    floor: float = 12.0

    @classmethod
    def of(cls, theme: Theme) -> Look:
        return cls(theme.deck.chart_font_size.pt, theme.colour("text"), theme.colour("rule"),
                   theme.colour("title_text"), theme.colour("muted"), theme.colour("box"),
                   theme.deck.chart_min_size.pt, theme.deck.min_size.pt)


@dataclass(frozen=True)
class Canvas:
    """The deck's drawing primitives handed to a chart kind (:class:`builders.charts.canvas.DeckCanvas`)."""

    measurer: Measurer
    colours: dict[str, Colour]
    look: Look

    def box(self, x: float, y: float, w: float, h: float) -> Box:
        return Box(x, y, w, h)

    def rgb(self, colour: Colour):
        return rgb(colour)

    def mix(self, a: Colour, b: Colour, share: float) -> Colour:
        return contrast.mix(a, b, share)

    def ink(self, colour: Colour, grounds) -> Colour:
        return contrast.ink(colour, grounds)

    def emu(self, points: float):
        return emu(points)

    def filled(self, shapes, box, colour: Colour, name: str, kind=None, *, decorative: bool = False):
        return filled(shapes, box, colour, name, kind, decorative=decorative)

    @contextmanager
    def group(self, slide):
        """A group of shapes on ``slide``, bounded once, when the block ends: python-pptx bounds
        a group again after each shape added to it (reading every shape it holds), which made
        a grid of 60 shapes a tenth of a second of the deck."""
        group = slide.shapes.add_group_shape()
        shapes = group.shapes
        shapes._recalculate_extents = _later  # (an instance's attribute, over its class's method)
        try:
            yield group
        finally:
            del shapes._recalculate_extents
            shapes._recalculate_extents()

    def textbox(self, shapes, box, name: str):
        shape = shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        shape.name = name
        return shape

    def set_text(self, text_frame, text: str, size: float, colour: Colour, alignment, *, bold: bool = True,
                 wrap: bool = False, sides: float = 0, ends: float = 0, anchor=None) -> None:
        set_text(text_frame, text, size, colour, alignment, bold=bold, wrap=wrap, sides=sides, ends=ends,
                 anchor=anchor)

    def category_data(self, spec: ChartSpec) -> CategoryData:
        from .sheets import CategoryData

        data = CategoryData()
        data.categories = list(spec.categories)
        for series in spec.series:
            data.add_series(series.name, list(series.values), number_format=number_format(spec.decimals))
        return data

    def xy_data(self) -> XyData:
        from .sheets import XyData

        return XyData()

    def place_plot(self, chart, frame, plot) -> None:
        xml.place_plot(chart, frame, plot)

    def behind(self, shape, other) -> None:
        """``shape`` drawn under ``other`` (a band under its chart)."""
        xml.behind(shape, other)

    def one_line(self, text_frame) -> None:
        xml.one_line(text_frame)

    def value_axis_crosses_max(self, chart) -> None:
        xml.value_axis_crosses_max(chart)

    def timeline_layout(self, spec: ChartSpec, frame, size: float, smallest: float):
        from .timeline import fitted

        return fitted(spec, frame, self.measurer, size, smallest)


def _later() -> None:
    """A group's bounds, not yet (:meth:`Canvas.group`)."""


def add_chart(slide, spec: ChartSpec, box: Box, canvas: Canvas):
    """Add the chart in ``box`` (points) as its kind draws it; return its graphic frame (a
    group of shapes for a kind drawn with shapes)."""
    frame = kinds.of(spec.kind).add_native(canvas, slide, spec, box)
    if frame.has_chart:
        chart = frame.chart
        xml.positive_axis_ids(chart)
        chart.has_title = False
        chart.font.size = Pt(canvas.look.size)
        chart.font.color.rgb = rgb(canvas.look.text)
    return frame
