"""The chart kinds, one module each, and the one list of them.

Each kind module (``bar.py``, ``timeline.py`` …) is a chart kind's whole home, and keeps the
same contract (:class:`Kind`): its ``KIND`` and alt-text ``NAME``; ``validate``, which reads a
``{chart}`` directive's options and dataset into a :class:`~builders.model.ChartSpec` with
located errors; ``check_highlight``; ``draw``, its matplotlib figure for the brief; ``add_native``,
its native chart (or shapes) for the deck; and ``describe``, its values for the alt text. The
kinds sit under the reader and both writers, so each of those hands a kind what it needs of it
(:mod:`.canvas`): the directive, the brief's ``pyplot`` and style, the deck's canvas."""

from __future__ import annotations

from typing import Protocol

from ..locale.furniture import tr
from ..model import ChartKind, ChartSpec, Dataset
from ..model.text import Location
from . import bar, barh, dot, grid, line, stacked, timeline
from .canvas import BriefStyle, DeckCanvas, Options, Rect


class Kind(Protocol):
    """What every kind of :data:`KINDS` (a module, or a category chart's declaration) defines."""

    @property
    def KIND(self) -> ChartKind: ...

    @property
    def NAME(self) -> str: ...

    @property
    def HIGHLIGHT(self) -> bool: ...

    def validate(self, d: Options, data: Dataset, common: dict) -> ChartSpec: ...

    def check_highlight(self, spec: ChartSpec, wanted: str, where: Location) -> None: ...

    def draw(self, plt, spec: ChartSpec, style: BriefStyle, width_in: float): ...

    def add_native(self, canvas: DeckCanvas, slide, spec: ChartSpec, box: Rect): ...

    def describe(self, spec: ChartSpec, language: str) -> list[str]: ...


#: every chart kind, in the order docs/directives.md lists them: adding one is its module and this
#: line (a category chart's module declares its kind as a :class:`.categorical.Category`, ``CHART``)
KINDS: tuple[Kind, ...] = (bar.CHART, barh.CHART, stacked.CHART, line.CHART, dot.CHART, timeline, grid)


_BY_KIND: dict[ChartKind, Kind] = {kind.KIND: kind for kind in KINDS}


def of(kind: ChartKind) -> Kind:
    """The module of a chart kind."""
    return _BY_KIND[kind]


def highlighted() -> tuple[ChartKind, ...]:
    """The kinds whose ``:highlight:`` both outputs draw alike (docs/directives.md lists them)."""
    return tuple(k for k, kind in _BY_KIND.items() if kind.HIGHLIGHT)


def describe(spec: ChartSpec, language: str = "en") -> str:
    """Alt text: what the chart is, what it finds and what it shows, for readers who cannot see
    it, in the edition's language. The deck writes it as the chart's description, the brief as
    its Figure's /Alt."""
    parts = [f"{tr(language, of(spec.kind).NAME)}: {spec.title.rstrip('.')}."]
    if spec.subtitle:
        parts.append(spec.subtitle.rstrip(".") + ".")
    return " ".join([*parts, *of(spec.kind).describe(spec, language)])
