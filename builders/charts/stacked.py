"""A stacked bar chart (``type: stacked``): horizontal bars of each series' segments, negative ones left of
zero."""

from __future__ import annotations

from ..model import ChartKind, ChartSpec, Dataset
from ..model.text import Location
from . import categorical
from .canvas import BriefStyle, DeckCanvas, Options, Rect
from .columns import MAX_CATEGORIES

KIND = ChartKind.STACKED
#: what the alt text calls it (a message of the catalogue)
NAME = "Stacked bar chart"
#: whether ``:highlight:`` may point at one of its categories or series
HIGHLIGHT = True


def validate(d: Options, data: Dataset, common: dict) -> ChartSpec:
    return categorical.validate(KIND, MAX_CATEGORIES, d, data, common)


def check_highlight(spec: ChartSpec, wanted: str, where: Location) -> None:
    categorical.check_highlight(spec, wanted, where)


def draw(plt, spec: ChartSpec, style: BriefStyle, width_in: float):
    return categorical.draw(plt, spec, style, width_in)


def add_native(canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect):
    return categorical.add_native(canvas, slide, spec, box, "BAR_STACKED")


def describe(spec: ChartSpec, language: str) -> list[str]:
    return categorical.describe(spec, language)
