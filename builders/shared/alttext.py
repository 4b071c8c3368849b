"""Alt text for a chart: its kind, its finding (the title) and its values, in the edition's
language. The deck writes it as the chart's description, the brief as its Figure's /Alt."""

from __future__ import annotations

from ..locale.furniture import tr
from ..locale.values import format_number
from ..model import ChartKind, ChartSpec

#: what each kind of chart is called (a message of the catalogue)
KINDS = {
    ChartKind.BAR: "Column chart",
    ChartKind.BARH: "Bar chart",
    ChartKind.STACKED: "Stacked bar chart",
    ChartKind.LINE: "Line chart",
    ChartKind.DOT: "Dot chart",
    ChartKind.TIMELINE: "Timeline",
    ChartKind.GRID: "Presence grid",
}


def describe(spec: ChartSpec, language: str = "en") -> str:
    """What the chart is, what it finds and what it shows, for readers who cannot see it."""
    parts = [f"{tr(language, KINDS[spec.kind])}: {spec.title.rstrip('.')}."]
    if spec.subtitle:
        parts.append(spec.subtitle.rstrip(".") + ".")
    if spec.kind is ChartKind.TIMELINE:
        parts.append("; ".join(f"{e.date.year if e.year_only else e.date.isoformat()} {e.series}: {e.label}"
                               for e in spec.events) + ".")
    elif spec.kind is ChartKind.GRID:
        for series in spec.series:
            present = [c if not v or v <= 1 else f"{c} ({format_number(v, spec.decimals, language)})"
                       for c, v in zip(spec.categories, series.values) if v]
            parts.append(f"{series.name}: {', '.join(present) if present else tr(language, 'none')}.")
    else:
        for series in spec.series:
            values = ", ".join(f"{c} {tr(language, 'no value') if v is None else format_number(v, spec.decimals, language)}"
                               for c, v in zip(spec.categories, series.values))
            parts.append(f"{series.name}: {values}.")
    return " ".join(parts)
