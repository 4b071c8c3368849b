"""ChartSpec → matplotlib figure, laid out as for vector output (text kept as text).

Each chart kind draws its own figure (:mod:`builders.charts`) with the ``pyplot`` set up here;
``pdf/render.py`` draws the figure into a ReportLab Drawing, which ``pdf/figures.py`` keeps in
the cache. matplotlib is imported only when a chart has to be drawn, not when its drawing is
already in the cache.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import charts as kinds
from .. import store as cache_store
from ..model import ChartSpec
from ..shared.theme import Colour, Theme


@dataclass(frozen=True)
class ChartStyle:
    """What a drawing needs from the theme, in one hashable value."""

    font: str
    font_files: tuple[Path, ...]
    fallback: tuple[str, ...]
    text: str
    muted: str
    rule: str
    colours: tuple[tuple[str, str], ...]
    size: float
    #: ground of the category ``:highlight:`` names (the deck's band has the same colour)
    band: str = "#F2F2F2"

    def colour(self, key: str) -> str:
        return dict(self.colours).get(key, self.text)

    def label(self, key: str, faded: bool = False) -> str:
        """The colour of text set in a series' colour (a lane's name, a grid's head): that colour,
        or faded, made readable on the white page (WCAG 4.5:1, a tenth to spare)."""
        from ..shared.contrast import WHITE, ink

        colour = Colour(self.colour(key).upper())
        return ink(colour.faded() if faded else colour, (WHITE,), 4.95).hex


def chart_style(theme: Theme, colours: dict[str, Colour]) -> ChartStyle:
    fonts = [theme.heading_font.regular, theme.heading_font.file(bold=True)]
    fonts += [f.regular for f in theme.fallback_fonts]
    return ChartStyle(
        font=theme.heading_font.name,
        font_files=tuple(fonts),
        fallback=tuple(f.name for f in theme.fallback_fonts),
        text=theme.colour("text").hex,
        muted=theme.colour("muted").hex,
        rule=theme.colour("rule").hex,
        colours=tuple(sorted((k, c.hex) for k, c in colours.items())),
        size=theme.pdf.chart_font_size.pt,
        band=theme.colour("box").hex,
    )


def cache_key(spec: ChartSpec, style: ChartStyle, width_pt: float) -> str:
    """The chart's cache name: its spec, style and width, and the code and libraries drawing it."""
    return cache_store.key(repr((spec, style, round(width_pt, 2))))


# --------------------------------------------------------------------------- drawing


def prepare() -> None:
    """Import what drawing a chart needs (matplotlib's figure, its text paths, and the canvas and
    renderer into ReportLab): a build with nothing cached does, and processes forked afterwards
    share them."""
    import matplotlib.figure  # noqa: F401
    import matplotlib.font_manager  # noqa: F401
    import matplotlib.textpath  # noqa: F401

    from . import render  # noqa: F401


def _pyplot(style: ChartStyle):
    import logging

    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib import font_manager

    plt = _Figures

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    _prefer_own_fonts(font_manager, style.font_files)
    matplotlib.rcParams.update({
        "font.family": [style.font, *style.fallback],
        "font.size": style.size,
        "text.parse_math": False,
        "axes.unicode_minus": False,  # U+2212 is missing from many fonts; "-" is in all
        "text.color": style.text,
        "axes.edgecolor": style.rule,
        "axes.labelcolor": style.muted,
        "xtick.color": style.muted,
        "ytick.color": style.muted,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": style.size,
        "legend.frameon": False,
        "legend.fontsize": style.size,
    })
    return plt


class _Figures:
    """The two things drawing code asks of pyplot (a figure and its axes, and closing it),
    without pyplot, whose import (its figure managers and interactive machinery) cost a first
    build a quarter of a second. A figure is laid out on the canvas that draws it into the
    brief (:class:`.render.DrawingCanvas`): text is measured as for any vector output, at 72
    units an inch."""

    @staticmethod
    def subplots(figsize: tuple[float, float]):
        from matplotlib.figure import Figure

        from .render import DrawingCanvas

        fig = Figure(figsize=figsize, dpi=72)
        DrawingCanvas(fig)
        return fig, fig.subplots()

    @staticmethod
    def close(fig) -> None:  # no pyplot registry holds the figure (part of pyplot's contract)
        pass


def _prefer_own_fonts(font_manager, files: tuple[Path, ...]) -> None:
    """Make matplotlib draw with the theme's font files, not same-named system fonts: the
    output then depends on the project alone, and no system font file is opened."""
    manager = font_manager.fontManager
    ours = {str(p) for p in files}
    known = {f.fname for f in manager.ttflist}
    for path in files:
        if str(path) not in known:
            manager.addfont(str(path))
    names = {f.name for f in manager.ttflist if f.fname in ours}
    kept = [f for f in manager.ttflist if f.name not in names or f.fname in ours]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        manager._findfont_cached.cache_clear()


def draw(spec: ChartSpec, style: ChartStyle, width_pt: float, face: Callable[[bool], str]):
    """The chart, ``width_pt`` wide, as a ReportLab Drawing (:mod:`.render`); ``face`` names
    the brief's font for regular (False) and bold (True) text."""
    from .render import figure_drawing

    with warnings.catch_warnings():
        # a character in no font of the theme (say an emoji in a label) cannot be drawn by
        # any means; matplotlib warns once per draw, the brief's text elsewhere is unaffected
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig = kinds.of(spec.kind).draw(_pyplot(style), spec, style, width_pt / 72)
        return figure_drawing(fig, face)
