"""Figures that float: a chart (or a short table, or a box kept whole) too tall for the rest of its page
waits for the next page while
the text after it fills this one, as a typesetter floats a figure, instead of leaving a third of
the page empty. The figure lands at the top of the next page, after the lines of the paragraph
that ran over (it may pass a heading followed by text, as a typesetter's floats do, and never
the back matter's)."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, ListFlowable
from reportlab.platypus import Paragraph as RLParagraph

from .boxes import Kept
from .figures import FitFigure
from .pages import BriefDoc, Heading
from .tables import SHORT_ROWS, DataTable
from .tagging import hold_place


def _sub_heading(flowable) -> bool:
    """A heading in the body that does not hold on to what follows it (text follows it): a
    figure may float past it to the top of the next page, as a typesetter's floats do."""
    return isinstance(flowable, Heading) and not flowable.getKeepWithNext()


def _running_text(flowable) -> bool:
    """A paragraph or list of the running text (a heading is not)."""
    return isinstance(flowable, (RLParagraph, ListFlowable)) and not isinstance(flowable, Heading)


class FloatingFigures:
    """Mixed into the document template: ``filterFlowables`` sees the list of flowables still to
    place before each one is placed, and lets running text overtake a figure that does not fit."""

    frame: object
    canv: object

    def filterFlowables(self, flowables) -> None:  # noqa: N802 - ReportLab's hook
        super().filterFlowables(flowables)  # type: ignore[misc]
        frame = getattr(self, "frame", None)
        if flowables and isinstance(flowables[0], DataTable) and frame is not None:
            flowables[0].page_height = frame._aH  # so a split knows whether a fresh page is near
            flowables[0].whole = self._short(flowables[0], frame)
        if flowables and frame is not None and _running_text(flowables[0]):
            self._pull_forward(flowables, frame)
        if len(flowables) < 2 or not isinstance(flowables[0], (FitFigure, DataTable, Kept)):
            return
        # a heading followed by text may be passed: [figure, break, heading, text]
        passes = 2 if len(flowables) > 3 and isinstance(flowables[1], CondPageBreak) and \
            _sub_heading(flowables[2]) and _running_text(flowables[3]) else 0
        if not passes and not _running_text(flowables[1]):
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
        elif isinstance(figure, Kept):  # a box short enough to be kept whole floats like a figure
            if not figure.short():
                return
            height = figure.full_height()
        else:
            _, height = figure.wrap(frame._aW, room)
        if passes and room < flowables[1].height:
            passes = 0  # the heading would open the next page: the figure goes there first
            if not _running_text(flowables[1]):
                return
        if height > room:
            hold_place(self.canv, figure)
            if passes:  # the heading, then the figure, which may float past the text after it
                flowables[0:3] = [flowables[1], flowables[2], figure]
            else:
                flowables[0], flowables[1] = flowables[1], figure

    def _pull_forward(self, flowables, frame) -> None:
        """Running text followed by a figure that will not fit under it on this page, with no
        running text after the figure to fill the page behind it (the section ends, or the
        back matter follows): the figure is set among the text before it instead, as high as
        keeps it on this page, rather than leave more than 15% of the page empty (a
        typesetter's figure "here or on this page")."""
        if getattr(frame, "_atTop", False):
            return
        end = 0
        while end < len(flowables) and _running_text(flowables[end]):
            end += 1
        if end == len(flowables) or not isinstance(flowables[end], (FitFigure, DataTable, Kept)):
            return
        if end + 1 < len(flowables) and _running_text(flowables[end + 1]):
            return  # the text after the figure fills the page behind it (see filterFlowables)
        room = frame._y - frame._y1p
        heights = [self._height(f, frame) for f in flowables[:end]]
        figure = self._float_height(flowables[end], frame, room)
        if figure is None or figure > room or room - sum(heights) < 0.15 * frame._aH:
            return  # it fits here as it stands or not at all, or the text fills the page
        if sum(heights) + figure > room and heights[0] + figure > room:
            flowables.insert(0, flowables.pop(end))

    def _height(self, flowable, frame) -> float:
        return flowable.wrapOn(self.canv, frame._aW, frame._aH)[1] + flowable.getSpaceBefore() + \
            flowable.getSpaceAfter()

    @staticmethod
    def _float_height(figure, frame, room: float) -> float | None:
        """The height ``figure`` takes if set whole in ``room`` (None: it is not set whole)."""
        if isinstance(figure, DataTable):
            if figure.is_continued or len(figure.rows) > SHORT_ROWS:
                return None
            height = figure.wrap(frame._aW, 10 * frame._aH)[1]
        elif isinstance(figure, Kept):
            if not figure.short():
                return None
            height = figure.full_height()
        else:
            height = figure.wrap(frame._aW, room)[1]
        return height + figure.getSpaceBefore() + figure.getSpaceAfter()

    @staticmethod
    def _short(table: DataTable, frame) -> bool:
        """A table of at most SHORT_ROWS rows that fits a page goes over whole rather than split
        (its later rows after a break do not count: they are placed wherever the break left them)."""
        if table.is_continued or len(table.rows) > SHORT_ROWS:
            return False
        _, height = table.wrap(frame._aW, 10 * frame._aH)
        return height <= frame._aH


class FloatingBriefDoc(FloatingFigures, BriefDoc):
    """The brief's document template, with floating figures."""
