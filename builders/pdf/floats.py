"""Figures that float: a chart (or a short table) too tall for the rest of its page waits for the next page while
the text after it fills this one, as a typesetter floats a figure, instead of leaving a third of
the page empty. The figure stays in its section (it never passes a heading) and lands at the
top of the next page, after the lines of the paragraph that ran over."""

from __future__ import annotations

from reportlab.platypus import ListFlowable
from reportlab.platypus import Paragraph as RLParagraph

from .figures import FitFigure
from .pages import BriefDoc, Heading
from .tables import DataTable

#: a table at most this share of a page's text area floats whole instead of splitting
SHORT_TABLE = 0.4


def _running_text(flowable) -> bool:
    """A paragraph or list of the running text (a heading is not: the figure keeps to its section)."""
    return isinstance(flowable, (RLParagraph, ListFlowable)) and not isinstance(flowable, Heading)


class FloatingFigures:
    """Mixed into the document template: ``filterFlowables`` sees the list of flowables still to
    place before each one is placed, and lets running text overtake a figure that does not fit."""

    frame: object

    def filterFlowables(self, flowables) -> None:  # noqa: N802 - ReportLab's hook
        super().filterFlowables(flowables)  # type: ignore[misc]
        frame = getattr(self, "frame", None)
        if flowables and isinstance(flowables[0], DataTable) and frame is not None:
            flowables[0].page_height = frame._aH  # so a split knows whether a fresh page is near
            flowables[0].whole = self._short(flowables[0], frame)
        if len(flowables) < 2 or not isinstance(flowables[0], (FitFigure, DataTable)) \
                or not _running_text(flowables[1]):
            return
        if frame is None or getattr(frame, "_atTop", False):
            return  # at the top of a page the figure is placed where it stands
        figure = flowables[0]
        room = frame._y - frame._y1p - figure.getSpaceBefore()
        if isinstance(figure, DataTable):
            # a short table floats whole rather than leave a row or two on the next page; a
            # long one splits across pages with its header repeated
            if not figure.whole:
                return
            _, height = figure.wrap(frame._aW, 10 * frame._aH)
        else:
            _, height = figure.wrap(frame._aW, room)
        if height > room:
            flowables[0], flowables[1] = flowables[1], figure

    @staticmethod
    def _short(table: DataTable, frame) -> bool:
        """A table small enough to go to the next page whole rather than split (its later rows
        after a break do not count: they are placed wherever the break left them)."""
        if table.is_continued:
            return False
        _, height = table.wrap(frame._aW, 10 * frame._aH)
        return height <= SHORT_TABLE * frame._aH


class FloatingBriefDoc(FloatingFigures, BriefDoc):
    """The brief's document template, with floating figures."""
