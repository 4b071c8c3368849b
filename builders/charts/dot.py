"""A dot chart (``type: dot``): markers only, categories along the x axis, equal values side by side."""

from __future__ import annotations

from ..model import ChartKind
from .categorical import Category
from .columns import MAX_CATEGORIES

CHART = Category(ChartKind.DOT, "Dot chart", MAX_CATEGORIES, "LINE_MARKERS")
