"""A presence/absence chart (``type: grid``) for the brief: a dot where a category and a series
meet, a faint ring where they do not, the count in the dot when it is above one."""

from __future__ import annotations

from ..model import ChartSpec
from .theme import Colour
from .values import format_number


def draw_grid(plt, spec: ChartSpec, style, width_in: float):
    """The grid as a matplotlib figure: series across the top in their colours, categories down
    the left; what ``:highlight:`` names in full colour, the rest faded."""
    rows, columns = len(spec.categories), len(spec.series)
    height_in = 0.42 * rows + 0.7
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    series_names = {s.name for s in spec.series}
    for c, series in enumerate(spec.series):
        colour = style.colour(series.colour_key)
        for r, (category, value) in enumerate(zip(spec.categories, series.values)):
            if not value:
                ax.scatter([c], [r], s=22, facecolor="none", edgecolor=style.rule, linewidth=1.0, zorder=2)
                continue
            faded = bool(spec.highlight) and spec.highlight not in (category, series.name)
            shown = Colour(colour.upper()).faded().hex if faded else colour
            ax.scatter([c], [r], s=150, color=shown, zorder=3)
            if value > 1:
                ax.annotate(format_number(value, spec.decimals), (c, r), ha="center", va="center",
                            color="white", fontsize=style.size - 0.5, fontweight="bold", zorder=4)
    for r in range(0, rows, 2):
        ax.axhspan(r - 0.5, r + 0.5, color=Colour(style.rule.upper()).faded(0.7).hex, zorder=0, linewidth=0)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.xaxis.tick_top()
    ax.set_xticks(range(columns), [s.name for s in spec.series])
    for tick, series in zip(ax.get_xticklabels(), spec.series):
        muted = spec.highlight in series_names and spec.highlight != series.name
        colour = style.colour(series.colour_key)
        tick.set_color(Colour(colour.upper()).faded().hex if muted else colour)
        tick.set_fontweight("bold")
    ax.set_yticks(range(rows), list(spec.categories))
    for tick, category in zip(ax.get_yticklabels(), spec.categories):
        tick.set_color(style.text)
        if category == spec.highlight:
            tick.set_fontweight("bold")
    ax.tick_params(length=0)
    for side in ("top", "bottom", "left", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
