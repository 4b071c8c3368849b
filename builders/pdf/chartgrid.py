"""A presence/absence chart (``type: grid``) for the brief: a dot where a category and a series
meet, a faint ring where they do not, the count in the dot when it is above one."""

from __future__ import annotations

from ..locale.typography import typeset
from ..locale.values import format_number
from ..model import ChartSpec
from ..shared.theme import Colour


def draw_grid(plt, spec: ChartSpec, style, width_in: float):
    """The grid as a matplotlib figure: series across the top in their colours, categories down
    the left; what ``:highlight:`` names in full colour, the rest faded."""
    rows, columns = len(spec.categories), len(spec.series)
    # category labels wrapped to a third of the width, series heads to their column (about
    # half an em a character), so neither runs into its neighbour
    label_chars = max(12, int(width_in * 72 * 0.33 / (style.size * 0.5)))
    categories = [_wrap(typeset(c, spec.language), label_chars) for c in spec.categories]  # (language's typography)
    label_pt = max(len(line) for c in categories for line in c.split("\n")) * style.size * 0.5 + 12
    column_pt = (width_in * 72 - label_pt) / columns
    head_chars = max(6, int(column_pt * 0.9 / (style.size * 0.55)))
    heads = [_wrap(typeset(s.name, spec.language), head_chars) for s in spec.series]
    head_lines = max(h.count("\n") + 1 for h in heads)
    row_lines = max(c.count("\n") + 1 for c in categories)
    pitch_in = max(0.42, (row_lines * 1.25 * style.size + 8) / 72)
    height_in = pitch_in * rows + 0.45 + head_lines * 1.25 * style.size / 72
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    # a dot big enough for its count (the widest, in bold digits about 0.62 em each), within its row
    counts = [format_number(v, spec.decimals) for s in spec.series for v in s.values if v and v > 1]
    number_size = style.size - 0.5
    need_pt = max((len(t) for t in counts), default=0) * number_size * 0.62 + 4
    dot_pt = max(12.2, min(need_pt, pitch_in * 72 * 0.8, column_pt * 0.8))
    numbers = need_pt <= dot_pt
    series_names = {s.name for s in spec.series}
    for c, series in enumerate(spec.series):
        colour = style.colour(series.colour_key)
        for r, (category, value) in enumerate(zip(spec.categories, series.values)):
            if not value:
                ax.scatter([c], [r], s=22, facecolor="none", edgecolor=style.rule, linewidth=1.0, zorder=2)
                continue
            faded = bool(spec.highlight) and spec.highlight not in (category, series.name)
            shown = Colour(colour.upper()).faded().hex if faded else colour
            ax.scatter([c], [r], s=dot_pt ** 2, color=shown, zorder=3, linewidth=0)
            if value > 1 and numbers:
                ax.annotate(format_number(value, spec.decimals), (c, r), ha="center", va="center",
                            color="white", fontsize=number_size, fontweight="bold", zorder=4)
    for r in range(0, rows, 2):
        ax.axhspan(r - 0.5, r + 0.5, color=Colour(style.rule.upper()).faded(0.7).hex, zorder=0, linewidth=0)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.xaxis.tick_top()
    ax.set_xticks(range(columns), heads)
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


def _wrap(label: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label
