"""The format-neutral document model: frozen dataclasses, standard library only.

Readers (``builders.read``) build it; writers (``builders.pdf``, ``builders.slides``) read it.
Nothing here knows about Markdown, pandas, ReportLab or python-pptx. ``text`` (locations, inline
spans) → ``data`` (typed datasets) → ``blocks`` → ``report`` (sections, metadata, the Report);
everything is importable from here."""

from __future__ import annotations

from .blocks import (
    BLOCK_TYPES,
    Block,
    BulletList,
    Callout,
    Chart,
    ChartKind,
    ChartSpec,
    ComparisonSide,
    Event,
    Image,
    KeyFigure,
    ListItem,
    Paragraph,
    Quote,
    Recommendations,
    Series,
    SlideBlock,
    SlideLayout,
    Table,
    Takeaways,
    period,
)
from .data import Column, Dataset, FieldType, Value
from .report import Author, DeckOptions, Meta, Note, PageSize, Report, Section
from .text import Inline, Location, Span, plain

__all__ = [
    "Author",
    "BLOCK_TYPES",
    "Block",
    "BulletList",
    "Callout",
    "Chart",
    "ChartKind",
    "ChartSpec",
    "Column",
    "ComparisonSide",
    "Dataset",
    "DeckOptions",
    "Event",
    "FieldType",
    "Image",
    "Inline",
    "KeyFigure",
    "ListItem",
    "Location",
    "Meta",
    "Note",
    "PageSize",
    "Paragraph",
    "Quote",
    "Recommendations",
    "Report",
    "Section",
    "Series",
    "SlideBlock",
    "SlideLayout",
    "Span",
    "Table",
    "Takeaways",
    "period",
    "Value",
    "plain",
]
