"""What a chart kind is handed rather than imports: the reader's directive, the brief's style
and the deck's canvas. The chart kinds sit under the reader and both writers, so each of those
passes in what the kind needs of it (these protocols), and no kind imports a writer."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ..model import ChartSpec, Location
from ..model.theme import Colour


class Options(Protocol):
    """A ``{chart}`` directive as the reader parsed it (:class:`builders.read.fences.Directive`)."""

    @property
    def location(self) -> Location: ...

    @property
    def option_lines(self) -> Mapping[str, Location]: ...

    def option(self, name: str, default: str = "") -> str: ...

    def flag(self, name: str, default: bool) -> bool: ...


class BriefStyle(Protocol):
    """What a matplotlib drawing takes from the theme (:class:`builders.pdf.charts.ChartStyle`)."""

    @property
    def font(self) -> str: ...

    @property
    def fallback(self) -> tuple[str, ...]: ...

    @property
    def text(self) -> str: ...

    @property
    def muted(self) -> str: ...

    @property
    def rule(self) -> str: ...

    @property
    def size(self) -> float: ...

    @property
    def band(self) -> str: ...

    def colour(self, key: str) -> str: ...

    def label(self, key: str, faded: bool = False) -> str: ...


class Rect(Protocol):
    """A rectangle on a slide, in points from its top-left corner."""

    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...

    @property
    def w(self) -> float: ...

    @property
    def h(self) -> float: ...


class Measurer(Protocol):
    """Text measured with the deck's fonts (:class:`builders.slides.fit.Measurer`)."""

    def width(self, text: str, size: float, bold: bool = False) -> float: ...

    def line_height(self, size: float) -> float: ...

    def lines(self, text: str, size: float, width: float, bold: bool = False) -> int: ...


class Look(Protocol):
    """What a native chart takes from the theme: its type sizes and its colours."""

    @property
    def size(self) -> float: ...

    @property
    def chart_floor(self) -> float: ...

    @property
    def floor(self) -> float: ...

    @property
    def text(self) -> Colour: ...

    @property
    def rule(self) -> Colour: ...

    @property
    def on_fill(self) -> Colour: ...

    @property
    def muted(self) -> Colour: ...

    @property
    def band(self) -> Colour: ...


class DeckCanvas(Protocol):
    """The deck's drawing primitives (:class:`builders.slides.charts.Canvas`): shapes, text,
    native chart data, and the chart XML a kind does not write itself."""

    @property
    def measurer(self) -> Measurer: ...

    @property
    def colours(self) -> Mapping[str, Colour]: ...

    @property
    def look(self) -> Look: ...

    def box(self, x: float, y: float, w: float, h: float) -> Rect: ...

    def rgb(self, colour: Colour) -> Any: ...

    def mix(self, a: Colour, b: Colour, share: float) -> Colour:
        """``a`` with ``share`` of ``b`` mixed in."""
        ...

    def ink(self, colour: Colour, grounds: Any) -> Colour:
        """``colour``, or the least change of it, that text reads in on every one of ``grounds``."""
        ...

    def emu(self, points: float) -> Any: ...

    def filled(self, shapes: Any, box: Rect, colour: Colour, name: str, kind: Any = None, *,
               decorative: bool = False) -> Any: ...

    def textbox(self, shapes: Any, box: Rect, name: str) -> Any: ...

    def group(self, slide: Any) -> AbstractContextManager[Any]:
        """A group of shapes on ``slide``, to fill in the ``with`` block: it takes the bounds of
        what it holds when the block ends."""
        ...

    def set_text(self, text_frame: Any, text: str, size: float, colour: Colour, alignment: Any, *,
                 bold: bool = True, wrap: bool = False, sides: float = 0, ends: float = 0,
                 anchor: Any = None) -> None: ...

    def category_data(self, spec: ChartSpec) -> Any: ...

    def xy_data(self) -> Any: ...

    def place_plot(self, chart: Any, frame: Rect, plot: Rect) -> None: ...

    def behind(self, shape: Any, other: Any) -> None: ...

    def one_line(self, text_frame: Any) -> None: ...

    def value_axis_crosses_max(self, chart: Any) -> None: ...

    def timeline_layout(self, spec: ChartSpec, frame: Rect, size: float, smallest: float) -> Any: ...
