"""A column chart (``type: bar``): vertical clustered columns, a value label on each."""

from __future__ import annotations

from ..model import ChartKind
from .categorical import Category
from .columns import MAX_CATEGORIES

CHART = Category(ChartKind.BAR, "Column chart", MAX_CATEGORIES, "COLUMN_CLUSTERED")
