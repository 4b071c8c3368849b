"""Page furniture: the document template, cover band, running header, "page N of M" footer,
and the PDF outline built from headings as they are laid out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..errors import ReportError
from ..model import Location, Report
from .rtl import Paragraph


class Heading(Paragraph):
    """A section heading: becomes an outline entry (and a TOC entry) where it lands."""

    def __init__(self, text: str, style, *, level: int, anchor: str, title: str, toc_markup: str) -> None:
        super().__init__(text, style)
        self.outline_level = level
        self.anchor = anchor
        #: plain title for the outline (PDF bookmarks are not markup)
        self.title = title
        #: escaped title for the table of contents (which is Paragraph markup)
        self.toc_markup = toc_markup


class BriefDoc(BaseDocTemplate):
    """The brief's document template: a cover page, then body pages with header and footer."""

    def __init__(self, filename, **kwargs) -> None:
        super().__init__(filename, **kwargs)  # sets self.width and self.height inside the margins
        left, bottom = self.leftMargin, self.bottomMargin
        cover = Frame(left, bottom, self.width, self.pagesize[1] - bottom - 18, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        body = Frame(left, bottom, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], autoNextPageTemplate="body"),
            PageTemplate("body", [body]),
        ])
        self._outline_level = -1

    def beforeDocument(self) -> None:
        self._outline_level = -1  # each pass of a multi-pass build starts the outline afresh

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            level = min(flowable.outline_level, self._outline_level + 1)
            self._outline_level = level
            self.canv.bookmarkPage(flowable.anchor)
            self.canv.addOutlineEntry(flowable.title, flowable.anchor, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, flowable.toc_markup, self.page, flowable.anchor))


Furniture = Callable[[Canvas, int, int], None]


def numbered_canvas(furniture: Furniture, created: date | None = None, taggers: list | None = None,
                    link_text: Callable[[str], str] = str) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "page N of M".

    While pages are held, the document's page counter is advanced as if each had been
    written, so bookmarks and links made on a page point at that page; when the pages are
    finally written the counter is rewound, and each page takes the name they point at.
    The document's CreationDate and ModDate are ``created`` (the report's date), at midnight
    UTC: what readers see in its properties, the same at every build.
    With ``taggers`` each canvas made carries a :class:`.tagging.Tagger` (appended there):
    the running head and footer are drawn as artifacts; an internal link is described by
    ``link_text`` of its target's name.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            if created is not None:
                stamp = f"D:{created:%Y%m%d}000000+00'00'"
                self.setDateFormatter(lambda *_: stamp)
            self._held: list[dict] = []
            self._first_page = self._doc.pageCounter
            self._tagger = None
            if taggers is not None:
                from .tagging import Tagger

                self._tagger = Tagger(self)
                taggers.append(self._tagger)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1
            self._startPage()
            if self._tagger is not None:
                self._tagger.next_page()
                self._tagger.page_start()

        def linkRect(self, contents, destinationname, *args, **kwargs):
            if self._tagger is not None:
                self._tagger.target = destinationname
            return super().linkRect(contents or link_text(destinationname), destinationname, *args, **kwargs)

        def _addAnnotation(self, annotation, name=None, addtopage=1):
            super()._addAnnotation(annotation, name, addtopage)
            if addtopage and self._tagger is not None:
                self._tagger.link()

        def save(self) -> None:
            total = len(self._held)
            self._doc.pageCounter = self._first_page
            for state in self._held:
                self.__dict__.update(state)
                furniture(self, self._pageNumber, total)
                if self._tagger is not None:
                    self._tagger.page_end()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


class CoverBand(Flowable):
    """The coloured band at the top of page 1 holding series line, title and subtitle.

    It measures its paragraphs at the frame width and paints its background out to the page
    edges (``bleed`` = distances from the frame to the left, right and top page edges).
    """

    def __init__(self, paragraphs: list[Paragraph], colour: Color, bleed: tuple[float, float, float],
                 padding: float = 22) -> None:
        super().__init__()
        self.paragraphs = paragraphs
        self.colour = colour
        self.bleed = bleed
        self.padding = padding
        self._heights: list[float] = []

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._heights = []
        total = 0.0
        for p in self.paragraphs:
            _, h = p.wrap(availWidth, availHeight)
            self._heights.append(h)
            total += h + p.getSpaceAfter()
        self.height = total + self.padding * 1.3
        return self.width, self.height

    def draw(self):
        left, right, top = self.bleed
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(-left, 0, self.width + left + right, self.height + top, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.padding * 0.3
        for p, h in zip(self.paragraphs, self._heights):
            y -= h
            p.drawOn(canvas, 0, y)
            y -= p.getSpaceAfter()


def running_title(report: Report, fits, size: float, floor: float) -> tuple[list[str], float]:
    """The running head's title as lines, and their size: one line, set smaller down to
    ``floor`` if need be; else two lines at ``size``; else a located error (never cut short
    with an ellipsis: a reader could not tell what was left out)."""
    title = report.meta.header_title
    for points in [size - 0.5 * n for n in range(int((size - floor) / 0.5) + 1)]:
        if fits(title, points):
            return [title], points
    words = title.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if fits(first, size):
            if fits(second, size):
                return [first, second], size
            break
    source = report.root / report.source
    key = "short_title:" if report.meta.short_title else "title:"
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(key)), 1)
    raise ReportError(f"the running head cannot hold the title '{title[:60]}' on two lines at "
                      f"{size:g} pt; give the report a shorter short_title", Location(source, line, 1))
