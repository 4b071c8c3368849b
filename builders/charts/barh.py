"""A bar chart (``type: barh``): horizontal clustered bars, the first category on top."""

from __future__ import annotations

from ..model import ChartKind
from .categorical import Category
from .columns import MAX_CATEGORIES

CHART = Category(ChartKind.BARH, "Bar chart", MAX_CATEGORIES, "BAR_CLUSTERED")
