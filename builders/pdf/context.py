"""What every block handler of the brief needs: theme, styles, markup writer, frame size, colours,
caches (used by :mod:`.blocks` and :mod:`.tables`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from ..model import Inline
from ..shared.theme import Theme
from . import charts
from .markup import Markup
from .rtl import Paragraph
from .styles import Styles


@dataclass
class Context:
    """What every handler needs: theme, styles, markup writer, frame size, colours, caches."""

    theme: Theme
    styles: Styles
    markup: Markup
    width: float
    height: float
    colours: dict[str, Color]
    chart_style: charts.ChartStyle
    cache: Path | None
    language: str
    #: charts converted to drawings, by cache name: the brief's share of the build's session
    #: (:class:`builders.store.Session`), so a process converts each chart once
    drawings: dict = field(default_factory=dict)

    def para(self, spans: Inline, style) -> Paragraph:
        return Paragraph(self.markup.inline(spans, style.fontName), style)

    def text(self, value: str, style) -> Paragraph:
        return Paragraph(self.markup.plain(value, style.fontName), style)

    def source_line(self, source: str, notes: str = "") -> list[Flowable]:
        line = self.markup.source_line(source, notes, self.styles.source.fontName, self.language)
        return [Paragraph(line, self.styles.source)] if line else []
