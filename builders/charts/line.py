"""A line chart (``type: line``): a line with markers per series; a missing value leaves a gap."""

from __future__ import annotations

from ..model import ChartKind
from .categorical import Category
from .columns import MAX_POINTS

CHART = Category(ChartKind.LINE, "Line chart", MAX_POINTS, "LINE_MARKERS", HIGHLIGHT=False)
