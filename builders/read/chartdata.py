"""A ``{chart}`` directive's options + its Dataset → a ChartSpec of plain numbers.

One spec serves both outputs: matplotlib draws it in the brief, python-pptx builds a native
chart from it in the deck. What each chart type reads and checks is its kind module's
``validate`` (:mod:`builders.charts`); here are the options every chart shares.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import charts
from ..charts.columns import column_index
from ..errors import ReportError
from ..model import ChartKind, ChartSpec, Dataset

if TYPE_CHECKING:
    from .fences import Directive

#: options a ``{chart}`` directive accepts
OPTIONS = ("type", "x", "y", "series", "text", "year", "where", "title", "subtitle", "name", "notes",
           "deck", "reverse", "aggregate", "value-label", "category-label", "highlight")

__all__ = ["OPTIONS", "column_index", "resolve"]


def resolve(kind: ChartKind, data: Dataset, d: Directive) -> ChartSpec:
    """Build the spec, checking every option against the data."""
    common: dict[str, Any] = dict(
        title=d.option("title") or data.title,
        subtitle=d.option("subtitle"),
        source=data.source,
        notes=d.option("notes"),
        value_label=d.option("value-label"),
        category_label=d.option("category-label"),
        reverse=d.flag("reverse", False),
    )
    spec = charts.of(kind).validate(d, data, common)
    return _highlight(d, spec)


def _highlight(d: Directive, spec: ChartSpec) -> ChartSpec:
    """Check ``:highlight:`` names something the chart shows, on a chart type that shows it."""
    wanted = d.option("highlight").strip()
    if not wanted:
        return spec
    where = d.option_lines["highlight"]
    if not charts.of(spec.kind).HIGHLIGHT:
        kinds = ", ".join(k.value for k in charts.highlighted())
        raise ReportError(f":highlight: is not available for {spec.kind.value} charts; it is for "
                          f"{kinds}", where)
    charts.of(spec.kind).check_highlight(spec, wanted, where)
    return replace(spec, highlight=wanted)
