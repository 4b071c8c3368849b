"""matplotlib pieces every kind's drawing for the brief uses: faded colours, muted bars, wrapped
labels, the legend across the top and the value axis's ticks. The brief's writer hands a kind
its configured ``pyplot`` (:func:`builders.pdf.charts.draw`); nothing here imports matplotlib
until a chart is drawn."""

from __future__ import annotations

import textwrap

from ..locale.values import format_number
from ..model import ChartSpec
from ..model.theme import Colour
from .axes import line_scale, step_decimals, value_range, value_step
from .canvas import BriefStyle


def faded(colour: str, share: float = 0.65) -> str:
    """A colour mixed with white: what is not the chart's point recedes, in its own hue."""
    return Colour(colour.upper()).faded(share).hex


def mute(patches, spec: ChartSpec, series: str, colour: str) -> None:
    """Fade the bars that are not what ``:highlight:`` names (a category or a series)."""
    if not spec.highlight:
        return
    for patch, category in zip(patches, spec.categories):
        if spec.highlight not in (category, series):
            patch.set_facecolor(faded(colour))


def measurer(style: BriefStyle, size: float, bold: bool = False):
    """The width in points of a text set at ``size`` in the chart's fonts (bold or regular), as
    matplotlib lays it out: ``measure(text)``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=[style.font, *style.fallback], size=size,
                          weight="bold" if bold else "normal")
    measure = TextToPath()

    def width(text: str) -> float:
        return measure.get_text_width_height_descent(text, font, ismath=False)[0]

    return width


def wrap(label: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def legend(fig, ax, spec: ChartSpec) -> float:
    """Draw the legend across the top; return the share of the figure's height it takes."""
    if len(spec.series) > 1:
        handles, labels = ax.get_legend_handles_labels()
        drawn = fig.legend(handles, labels, loc="upper left", ncol=len(labels) if len(labels) <= 6 else 4,
                           bbox_to_anchor=(0.0, 1.0), handlelength=1.2, columnspacing=1.4,
                           borderaxespad=0.0)
        return drawn.get_window_extent().height / fig.bbox.height
    return 0.0


def value_ticks(axis, spec: ChartSpec) -> None:
    """The value axis's ticks: whole numbers for counts, else the deck's major unit
    (:func:`.axes.value_step`), each printed in the edition's number forms (its digit groups)
    with the axis's one number of decimals: never "15" beside "17.5"."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

    scale = line_scale(spec)
    if scale is not None:  # a line chart: the deck's ends and step (.axes.line_scale)
        axis.set_major_locator(MultipleLocator(scale[2]))
        decimals = 0 if spec.integer else step_decimals(scale[2])
    elif spec.integer:
        axis.set_major_locator(MaxNLocator(integer=True))
        decimals = 0
    else:
        step = value_step(*value_range(spec))
        axis.set_major_locator(MultipleLocator(step))
        decimals = step_decimals(step)
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, decimals, spec.language)))
