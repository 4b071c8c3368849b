"""ChartSpec → matplotlib drawing as SVG (vector, text kept as text), cached by content hash.

The brief embeds the SVG as ReportLab vector graphics (see ``pdf/figures.py``); the deck builds
a native chart from the same spec (see ``slides/charts.py``). matplotlib is imported only when
a chart has to be drawn, not when its SVG is already in the cache.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path

from .. import store as cache_store
from ..locale.typography import typeset
from ..locale.values import format_number
from ..model import ChartKind, ChartSpec, period
from ..shared.axes import label_levels, nice_step, step_decimals, value_range, value_step
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


def svg(spec: ChartSpec, style: ChartStyle, width_pt: float, cache: Path | None = None) -> str:
    """The chart as SVG text, from ``cache`` when the same spec was drawn before."""
    name = f"{cache_key(spec, style, width_pt)}.svg"
    cached = cache_store.read_text(cache, name)
    if cached is not None:
        return cached
    text = _draw(spec, style, width_pt)
    cache_store.write_text(cache, name, text)  # atomic: parallel builds may draw the same chart
    return text


# --------------------------------------------------------------------------- drawing


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
        "svg.fonttype": "none",
        "svg.hashsalt": "briefkit",
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
    """The two things the drawing code asks of pyplot (figures and axes, and closing them),
    without pyplot: a figure drawn by the SVG backend alone is the same, and pyplot's import
    (its figure managers and interactive machinery) cost a first build a quarter of a second."""

    @staticmethod
    def subplots(figsize: tuple[float, float]):
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        FigureCanvasSVG(fig)
        return fig, fig.subplots()

    @staticmethod
    def close(fig) -> None:  # no pyplot registry holds the figure
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


def _faded(colour: str, share: float = 0.65) -> str:
    """A colour mixed with white: what is not the chart's point recedes, in its own hue."""
    return Colour(colour.upper()).faded(share).hex


def _mute(patches, spec: ChartSpec, series: str, colour: str) -> None:
    """Fade the bars that are not what ``:highlight:`` names (a category or a series)."""
    if not spec.highlight:
        return
    for patch, category in zip(patches, spec.categories):
        if spec.highlight not in (category, series):
            patch.set_facecolor(_faded(colour))


def _wrap(label: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _draw(spec: ChartSpec, style: ChartStyle, width_pt: float) -> str:
    with warnings.catch_warnings():
        # a character in no font of the theme (say an emoji in a label) cannot be drawn by
        # any means; matplotlib warns once per draw, the brief's text elsewhere is unaffected
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        return _draw_svg(spec, style, width_pt)


def _draw_svg(spec: ChartSpec, style: ChartStyle, width_pt: float) -> str:
    plt = _pyplot(style)
    width_in = width_pt / 72
    if spec.kind is ChartKind.TIMELINE:
        fig = _timeline(plt, spec, style, width_in)
    elif spec.kind is ChartKind.GRID:
        from .chartgrid import draw_grid

        fig = draw_grid(plt, spec, style, width_in)
    else:
        fig = _categorical(plt, spec, style, width_in)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    plt.close(fig)
    return buffer.getvalue()


def _legend(fig, ax, spec: ChartSpec) -> float:
    """Draw the legend across the top; return the share of the figure's height it takes."""
    if len(spec.series) > 1:
        handles, labels = ax.get_legend_handles_labels()
        legend = fig.legend(handles, labels, loc="upper left", ncol=len(labels) if len(labels) <= 6 else 4,
                            bbox_to_anchor=(0.0, 1.0), handlelength=1.2, columnspacing=1.4,
                            borderaxespad=0.0)
        return legend.get_window_extent().height / fig.bbox.height
    return 0.0


def _categorical(plt, spec: ChartSpec, style: ChartStyle, width_in: float):
    n_cat = len(spec.categories)
    n_ser = len(spec.series)
    horizontal = spec.kind in (ChartKind.BARH, ChartKind.STACKED)
    height_in = max(2.2, 0.32 * n_cat * (1 if spec.kind is ChartKind.STACKED else max(1, n_ser * 0.7)) + 0.9) \
        if horizontal else width_in * (0.4 if spec.kind is ChartKind.DOT else 0.48)
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    positions = list(range(n_cat))
    # wrap category labels to the room each category has (about 0.5 em per character)
    per_category_pt = width_in * 72 * 0.85 / max(n_cat, 1)
    # the category labels set by the language's typography (the data stays as written)
    labels = [_wrap(typeset(c, spec.language), 22 if horizontal else max(8, int(per_category_pt / (style.size * 0.5))))
              for c in spec.categories]
    band = 0.8
    # a stacked bar grows right of zero with its positive segments and left of it with its
    # negative ones, as the deck's native chart draws them
    ahead, behind = [0.0] * n_cat, [0.0] * n_cat
    for i, series in enumerate(spec.series):
        colour = style.colour(series.colour_key)
        values = [v if v is not None else 0.0 for v in series.values]
        if spec.kind is ChartKind.STACKED:
            left = [a if v >= 0 else b for a, b, v in zip(ahead, behind, values)]
            bars = ax.barh(positions, values, left=left, height=0.6, color=colour, label=series.name)
            _mute(bars.patches, spec, series.name, colour)
            ahead = [a + max(v, 0.0) for a, v in zip(ahead, values)]
            behind = [b + min(v, 0.0) for b, v in zip(behind, values)]
            ax.bar_label(bars, labels=[format_number(v, spec.decimals, spec.language) if v else "" for v in values],
                         label_type="center", color="white", fontsize=style.size - 0.5)
        elif spec.kind in (ChartKind.BAR, ChartKind.BARH):
            width = band / n_ser
            offsets = [p - band / 2 + width * (i + 0.5) for p in positions]
            draw = ax.barh if horizontal else ax.bar
            bars = draw(offsets, values, width * 0.92, color=colour, label=series.name)
            _mute(bars.patches, spec, series.name, colour)
            ax.bar_label(bars, labels=[format_number(v, spec.decimals, spec.language) if s is not None else ""
                                       for v, s in zip(values, series.values)],
                         padding=2, color=style.text, fontsize=style.size - 0.5)
        else:
            # dots of several series at one category sit side by side, so equal values stay visible
            dodge = (i - (n_ser - 1) / 2) * min(0.12, 0.5 / n_ser) if spec.kind is ChartKind.DOT else 0.0
            # a missing value leaves a gap in a line, not a line drawn through it
            xs = [p + dodge for p in positions]
            ys = [float("nan") if v is None else v for v in series.values]
            line = "-" if spec.kind is ChartKind.LINE else "none"
            marker = "o"
            ax.plot(xs, ys, linestyle=line, marker=marker, markersize=8 if line == "none" else 5,
                    color=colour, label=series.name, linewidth=2, zorder=3)
            if spec.highlight and spec.highlight != series.name and line == "none":
                # the highlighted category's (or series') dots in full colour, the others faded over them
                faded = [x for x, c in zip(range(n_cat), spec.categories) if c != spec.highlight]
                ax.plot([xs[i] for i in faded], [ys[i] for i in faded], linestyle="none", marker=marker,
                        markersize=8, color=_faded(colour), zorder=3.5)
    if spec.highlight in spec.categories:  # the category the title points at, on a light band
        at = spec.categories.index(spec.highlight)
        (ax.axhspan if horizontal else ax.axvspan)(at - 0.5, at + 0.5, color=style.band, zorder=0, linewidth=0)
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.xaxis.grid(True, color=style.rule, linewidth=0.6)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if spec.value_label:
            ax.set_xlabel(spec.value_label)
    else:
        ax.set_xticks(positions, labels)
        ax.yaxis.grid(True, color=style.rule, linewidth=0.6)
        ax.tick_params(axis="x", length=0)
        ax.set_xlim(-0.6, n_cat - 0.4)
        if spec.value_label:
            ax.set_ylabel(spec.value_label)
        if spec.category_label:
            ax.set_xlabel(spec.category_label)
    ax.set_axisbelow(True)
    axis = ax.xaxis if horizontal else ax.yaxis
    if spec.integer:
        from matplotlib.ticker import MaxNLocator

        axis.set_major_locator(MaxNLocator(integer=True))
        decimals = 0
    else:  # the deck's major unit too (shared.axes.value_step)
        from matplotlib.ticker import MultipleLocator

        step = value_step(*value_range(spec))
        axis.set_major_locator(MultipleLocator(step))
        decimals = step_decimals(step)
    from matplotlib.ticker import FuncFormatter

    # every tick in the edition's number forms (its digit groups) with the axis's one number
    # of decimals: never "15" beside "17.5"
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, decimals, spec.language)))
    if spec.reverse:
        if horizontal:
            ax.invert_xaxis()
        else:
            ax.invert_yaxis()
    if spec.kind is ChartKind.DOT:
        low = min((v for s in spec.series for v in s.values if v is not None), default=0)
        high = max((v for s in spec.series for v in s.values if v is not None), default=1)
        pad = max(0.5, (high - low) * 0.08)
        limits = (high + pad, low - pad) if spec.reverse else (low - pad, high + pad)
        ax.set_ylim(*limits)
    legend = _legend(fig, ax, spec)
    fig.tight_layout(rect=(0, 0, 1, 0.97 - legend))
    return fig


def _timeline(plt, spec: ChartSpec, style: ChartStyle, width_in: float):
    import datetime as dt

    from matplotlib import dates as mdates
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    lanes = list(dict.fromkeys(e.series for e in spec.events))
    first = min(e.date for e in spec.events)
    last = max(e.date for e in spec.events)
    start = dt.date(first.year, 1, 1)
    end = dt.date(last.year + 1, 1, 1)
    label_size = style.size - 0.5
    prop = FontProperties(family=[style.font, *style.fallback], size=label_size)
    measure = TextToPath()
    axes_width_pt = width_in * 72 * 0.94
    days = (end - start).days
    per_pt = days / axes_width_pt
    level_pt = label_size * 1.45

    spans: dict[str, list[tuple[float, float]]] = {lane: [] for lane in lanes}
    anchors = []
    for event in spec.events:
        x = mdates.date2num(event.date)
        width_days = (measure.get_text_width_height_descent(event.label, prop, ismath=False)[0] + 6) * per_pt
        right_aligned = (event.date - start).days + width_days > days
        spans[event.series].append((x - width_days, x) if right_aligned else (x, x + width_days))
        anchors.append((event, x, right_aligned))
    levels = {lane: label_levels(spans[lane]) for lane in lanes}
    depth = {lane: max(levels[lane], default=0) + 1 for lane in lanes}
    seen = {lane: 0 for lane in lanes}
    layout = []
    for event, x, right_aligned in anchors:
        layout.append((event, x, levels[event.series][seen[event.series]], right_aligned))
        seen[event.series] += 1

    lane_base: dict[str, float] = {}
    y = 0.0
    for lane in reversed(lanes):
        lane_base[lane] = y
        y += (depth[lane] + 1.2) * level_pt
    # the top lane's highest label sits at y + 0.75 level above its base; room for it, the
    # year axis below (30 pt) and the legend above (22 pt)
    height_in = max(1.6, (y + level_pt * 1.2 + 52) / 72)
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    for lane in lanes:
        base = lane_base[lane]
        ax.axhline(base, color=style.rule, linewidth=0.8, zorder=1)
    years = period(spec.highlight) if spec.highlight else None
    if years is not None:  # the period the title points at, on a light ground
        ax.axvspan(mdates.date2num(dt.date(years[0], 1, 1)), mdates.date2num(dt.date(years[1] + 1, 1, 1)),
                   color=_faded(style.rule, 0.55), zorder=0, linewidth=0)
    for event, x, level, right in layout:
        base = lane_base[event.series]
        colour = style.colour(event.colour_key)
        if spec.highlight and not (years[0] <= event.date.year <= years[1] if years else spec.highlight == event.series):
            colour = _faded(colour)
        top = base + (level + 0.75) * level_pt
        ax.plot([x, x], [base, top], color=colour, linewidth=0.7, zorder=2)
        ax.scatter([x], [base], color=colour, s=28, zorder=3)
        # a white ground lets a label sit over the stems of earlier events without them crossing it
        ax.annotate(event.label, (x, top), xytext=(-3 if right else 3, 0), textcoords="offset points",
                    fontsize=label_size, ha="right" if right else "left", va="center", color=style.text,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                    zorder=4)
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    ax.set_ylim(-level_pt * 1.2, y)
    ax.xaxis.set_major_locator(mdates.YearLocator(nice_step(end.year - start.year, 12)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    # each lane named beside the axis, in its colour (no legend to look up)
    ax.set_yticks([lane_base[lane] for lane in lanes], [" ".join(lane.split()) for lane in lanes])
    keys = {e.series: e.colour_key for e in spec.events}  # a translated lane: its main-language colour
    for tick, lane in zip(ax.get_yticklabels(), lanes):
        tick.set_color(style.label(keys[lane]))
        tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", length=3)
    gutter = max(measure.get_text_width_height_descent(" ".join(lane.split()), prop, ismath=False)[0]
                 for lane in lanes) + 10
    fig.subplots_adjust(left=min(0.3, gutter / (width_in * 72)), right=0.97, bottom=30 / (height_in * 72),
                        top=1 - 8 / (height_in * 72))
    return fig
