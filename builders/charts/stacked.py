"""A stacked bar chart (``type: stacked``): horizontal bars of each series' segments, negative ones left of
zero."""

from __future__ import annotations

from ..model import ChartKind
from .categorical import Category
from .columns import MAX_CATEGORIES

CHART = Category(ChartKind.STACKED, "Stacked bar chart", MAX_CATEGORIES, "BAR_STACKED")
