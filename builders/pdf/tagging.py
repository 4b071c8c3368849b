"""Tagged PDF at draw time: marked content around what the brief draws, and the logical
structure it belongs to.

Every page's content stream starts inside an ``/Artifact`` sequence; a paragraph, heading, list
label, table cell or figure closes it, draws inside ``/<Tag> <</MCID n>> BDC … EMC`` and opens
it again. So whatever is drawn outside a tagged flowable (running head and footer, rules, box
and band grounds, table rules and zebra rows) is an artifact, and no text or path is left
outside both. Each marked sequence becomes a leaf of a tree of :class:`Element` (containers:
list item and body, table, row, cell), which :mod:`.archive.structure` writes as the structure tree.

The hooks are ReportLab's own: literal operators on the canvas, the table render callback, and
one wrapper around ``Flowable._drawOn`` (and ``LIIndenter.drawOn``, which draws a list item's
label) installed only while a brief is drawn on a canvas that carries a :class:`Tagger`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Frame, Image
from reportlab.platypus import Table as RLTable
from reportlab.platypus import flowables as rl_flowables
from reportlab.platypus.paragraph import Paragraph as RLParagraph

from ..shared import languages
from . import tagtext

#: paragraph styles and the structure type their paragraphs are
_STYLE_TAGS = {"title": "H1", "blockquote": "BlockQuote", "pull_quote": "BlockQuote", "note": "Note",
               "caption": "Caption"}
#: where a caption's paragraph is a P: inside a table's or a chart's own Caption
_CAPTIONED = frozenset({"Caption", "TD", "TH", "TR", "Table"})


@dataclass(eq=False, slots=True)
class Element:
    """One structure element: ``kids`` holds elements and marked content, ("mcid", page, n),
    a link annotation, ("annot", page, index on that page), a table cell that is one run of
    plain text, ("cell", "TD" or "TH", page, n): the element of that tag holding marked content
    n alone (a TH with :data:`HEADER`), or a row of such cells, ("row", (cell, …)): a TR. Those
    two become elements only when the tree is written (a table of 5,000 rows draws 30,000: as
    tuples of plain values they cost the garbage collector nothing)."""

    tag: str
    parent: Element | None = None
    kids: list = field(default_factory=list)
    alt: str | None = None
    actual: str | None = None
    #: its language where it is not the document's (/Lang)
    lang: str | None = None
    #: attributes (/A) such as {"O": "Table", "Scope": "Column"}
    attributes: dict | None = None
    #: what it says, for a link's /Contents (set for leaves)
    text: str = ""
    #: a Link drawn for a note's number that its annotation has joined
    linked: bool = False

    def add(self, tag: str, **kwargs) -> Element:
        child = Element(tag, self, **kwargs)
        self.kids.append(child)
        return child


class Tagger:
    """The marked content and structure of one canvas's pages, as they are drawn."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.root = Element("Document")
        self.current = self.root
        self.page = 0
        #: the next marked-content identifier on this page
        self.mcid = 0
        self.leaf: Element | None = None
        #: figures drawn without alt text (the caller reports them)
        self.missing_alt: list[str] = []
        #: per page, the elements its link annotations were made in, in order
        self.links: dict[int, list[Element]] = {}
        #: the Figure of a chart whose caption is being drawn (its drawing marks its content on it)
        self.figure: Element | None = None
        #: the target of the link annotation being made (a note's: its Reference holds it)
        self.target = ""
        #: the document's language (ReportLab's catalog has it): text in another is a /Lang span
        self.language = str(getattr(getattr(canvas._doc.Catalog, "Lang", None), "s", "") or "en")
        #: whether the document is written in Latin letters (plain ASCII text is then its own language)
        self.latin = languages.latin(self.language)
        self.page_start()

    # content stream ---------------------------------------------------------------
    def page_start(self) -> None:
        self.canvas.addLiteral("/Artifact BMC")

    def page_end(self) -> None:
        self.canvas.addLiteral("EMC")

    def next_page(self) -> None:
        self.page += 1
        self.mcid = 0

    def begin(self, tag: str, element: Element | None = None, **kwargs) -> Element:
        """Open a marked-content sequence for a new leaf ``tag`` under the current element (or
        for ``element`` itself)."""
        leaf = element or self.current.add(tag, **kwargs)
        n = self._mcid()
        leaf.kids.append(("mcid", self.page, n))
        self.canvas._code.append(f"EMC /{leaf.tag} <</MCID {n}>> BDC")
        self.leaf = leaf
        return leaf

    def end(self) -> None:
        self.canvas._code.append("EMC /Artifact BMC")
        self.leaf = None

    def _mcid(self) -> int:
        n = self.mcid
        self.mcid = n + 1
        return n

    def span(self, lang: str, code: str) -> str:
        """``code`` (text operators) as a ``Span`` in language ``lang`` inside the open leaf:
        the operators that close the leaf's marked content, mark the span's and reopen the leaf's."""
        leaf = self.leaf
        assert leaf is not None
        span = leaf.add("Span", lang=lang)
        n = self._mcid()
        span.kids.append(("mcid", self.page, n))
        m = self._mcid()
        leaf.kids.append(("mcid", self.page, m))
        return f"EMC /Span <</MCID {n}>> BDC {code} EMC /{leaf.tag} <</MCID {m}>> BDC"

    @contextlib.contextmanager
    def container(self, tag: str, **kwargs):
        element = self.current.add(tag, **kwargs)
        self.current = element
        try:
            yield element
        finally:
            self.current = element.parent  # type: ignore[assignment]

    def link(self) -> None:
        """A link annotation was just made on this page, inside the open leaf (or, a note's,
        inside the Link of the Reference drawn for it: see :meth:`reference`)."""
        owner = self.leaf or self.current
        number = self.target.removeprefix("note-")
        for kid in owner.kids if self.target.startswith("note-") else ():
            if isinstance(kid, Element) and kid.tag == "Reference" and kid.kids[0].text == number \
                    and not kid.kids[0].linked:
                owner = kid.kids[0]
                owner.linked = True
                break
        self.links.setdefault(self.page, []).append(owner)
        self.target = ""

    def reference(self, code: str, number: str) -> str:
        """``code`` (a note's number, set raised) as a ``Reference`` holding a ``Link`` inside
        the open leaf; the link annotation made for it joins that Link."""
        leaf = self.leaf
        assert leaf is not None
        link = leaf.add("Reference").add("Link", text=number)
        n = self._mcid()
        link.kids.append(("mcid", self.page, n))
        m = self._mcid()
        leaf.kids.append(("mcid", self.page, m))
        return f"EMC /Link <</MCID {n}>> BDC {code} EMC /{leaf.tag} <</MCID {m}>> BDC"


def _paragraph_tag(p: RLParagraph) -> str:
    level = getattr(p, "outline_level", None)  # a pages.Heading
    if level is not None:
        return f"H{min(level + 1, 6)}"
    name = getattr(p.style, "name", "")
    return _STYLE_TAGS.get(name.split("_before_")[0], "P")


def _logical(p: RLParagraph) -> str | None:
    """The paragraph's words in reading order, where what it draws differs from them (shaped
    right-to-left text)."""
    if getattr(p, "_bidi", None) is None:
        return None
    return getattr(p, "logical_text", None) or " ".join(p._bidi[1])


def _language(p: RLParagraph, logical: str | None, document: str) -> str | None:
    """The paragraph's language where all its words are in one other than the document's (a
    Persian paragraph in an English brief)."""
    text = logical or "".join(getattr(f, "text", "") for f in getattr(p, "frags", ()))
    found = {lang for piece, lang in languages.spans(text, document) if languages.has_letter(piece)}
    return found.pop() if len(found) == 1 and None not in found else None


_original_draw_on = Flowable._drawOn
_original_li_draw_on = rl_flowables.LIIndenter.drawOn
_original_frame_add = Frame.add
def hold_place(canvas, flowable: Flowable) -> None:
    """``flowable`` (a figure, short table or box) is about to float past running text: its
    structure goes here, where it stands in the source, wherever it is drawn."""
    tagger: Tagger | None = getattr(canvas, "_tagger", None)
    held = getattr(flowable, "_tag_place", None)
    if tagger is not None and (held is None or held[0] is not tagger):
        flowable._tag_place = (tagger, tagger.current.add("_place"))


def _frame_add(self, flowable, canv, trySplit=0):
    """A frame places a flowable: a float's structure goes where its place was held."""
    tagger: Tagger | None = getattr(canv, "_tagger", None)
    held = getattr(flowable, "_tag_place", None)
    if tagger is None or held is None or held[0] is not tagger or tagger.leaf is not None:
        return _original_frame_add(self, flowable, canv, trySplit)
    outer, tagger.current = tagger.current, held[1]
    try:
        return _original_frame_add(self, flowable, canv, trySplit)
    finally:
        tagger.current = outer


def _draw_on(self, canv) -> None:
    tagger: Tagger | None = getattr(canv, "_tagger", None)
    if tagger is None or tagger.leaf is not None:
        return _original_draw_on(self, canv)
    return _tagged_draw_on(self, canv, tagger)


def _tagged_draw_on(self, canv, tagger: Tagger) -> None:
    if isinstance(self, RLParagraph):
        actual = _logical(self)
        tag = _paragraph_tag(self)
        if tag == "Caption" and tagger.current.tag in _CAPTIONED:
            tag = "P"
        tagger.begin(tag, actual=actual, lang=_language(self, actual, tagger.language))
    elif isinstance(self, (Drawing, Image)):
        if getattr(self, "artifact", False):
            return _original_draw_on(self, canv)
        figure = tagger.figure
        if figure is not None:  # a chart's drawing, after its caption: the Figure holds both
            tagger.figure, tagger.current = None, figure.parent  # type: ignore[assignment]
            tagger.begin("Figure", element=figure)
        else:
            alt = getattr(self, "alt", None)
            if not alt:
                tagger.missing_alt.append(type(self).__name__)
            tagger.begin("Figure", alt=alt or "", text=alt or "")
    elif getattr(self, "figure_alt", None):  # a chart's caption, drawing and source line
        outer = tagger.current
        tagger.figure = outer.add("Figure", alt=self.figure_alt, text=self.figure_alt)
        tagger.current = tagger.figure.add("Caption")  # the title and subtitle, above the drawing
        try:
            return _original_draw_on(self, canv)
        finally:
            tagger.figure, tagger.current = None, outer  # the source line goes after the Figure
    elif isinstance(self, DataGrid):
        with tagger.container("Table"):
            return _original_draw_on(self, canv)
    else:
        return _original_draw_on(self, canv)
    try:
        _original_draw_on(self, canv)
    finally:
        tagger.end()


def _li_draw_on(self, canv, x, y, _sW=0):
    tagger: Tagger | None = getattr(canv, "_tagger", None)
    if tagger is None or tagger.leaf is not None:
        return _original_li_draw_on(self, canv, x, y, _sW)
    last = tagger.current.kids[-1] if tagger.current.kids else None
    if not self._bullet and isinstance(last, Element) and last.tag == "LI" and last.kids:
        # the item's second flowable (a nested list, a second paragraph): the same item's body
        outer, tagger.current = tagger.current, last.kids[-1]
        try:
            return _original_li_draw_on(self, canv, x, y, _sW)
        finally:
            tagger.current = outer
    with tagger.container("LI"):
        if self._bullet:
            tagger.begin("Lbl", text=str(self._bullet.value))
            try:
                self._bullet.drawOn(self, canv, x, y, 0)
            finally:
                tagger.end()
        with tagger.container("LBody"):
            self._flowable.drawOn(
                canv, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent)
            )


@contextlib.contextmanager
def installed():
    """The drawing hooks, in place while a brief is built (a canvas without a tagger draws as
    ReportLab does)."""
    Flowable._drawOn = _draw_on
    rl_flowables.LIIndenter.drawOn = _li_draw_on
    tagtext.install()
    Frame.add = _frame_add
    try:
        yield
    finally:
        Flowable._drawOn = _original_draw_on
        rl_flowables.LIIndenter.drawOn = _original_li_draw_on
        tagtext.uninstall()
        Frame.add = _original_frame_add


#: a header cell's attributes (a cell kept as a tuple has them when its tag is TH)
HEADER = {"O": "Table", "Scope": "Column"}
#: the open leaf while a cell of plain text draws (see :func:`_start_cell`): nothing may be
#: added to it (its kids are a tuple), so whatever tried would fail loudly
_PLAIN_CELL = Element("TD", kids=())  # type: ignore[arg-type]


def _table_events(table, event: str, *args) -> None:
    """ReportLab's table render callback for a :class:`DataGrid`: rows and cells as they draw."""
    tagger: Tagger | None = getattr(table.canv, "_tagger", None)
    if tagger is None:
        return
    if event == "startCell":
        if tagger.leaf is None:  # else drawn inside something tagged as a whole
            _start_cell(table, tagger, args[0], args[1], args[2])
    elif event == "endCell":
        if table._tag_open:
            tagger.canvas._code.append("EMC /Artifact BMC")
            tagger.leaf = None
            table._tag_open = False
        if table._tag_outer is not None:
            tagger.current, table._tag_outer = table._tag_outer, None
    elif event == "startRow":
        table._tag_tr = None
        table._tag_cells = [] if args[0] and tagger.leaf is None else None
    elif event == "endRow":
        if table._tag_tr is None and table._tag_cells:  # a row of plain cells only
            tagger.current.kids.append(("row", tuple(table._tag_cells)))
        table._tag_cells = None


def _start_cell(table: DataGrid, tagger: Tagger, row: int, col: int, value) -> None:
    """A cell begins: its marked content, and its element in its row (row 0's, the caption's,
    in the table). A cell of plain text that no span of another language can break (ASCII, in a
    Latin-script brief or holding no letter) is kept as a tuple, its marked content opened here
    at once, and a row of such cells as a tuple at its end; any other cell is an element,
    current while it draws (a paragraph in it is its kid), in a TR made for its row."""
    if row == 0 and not value:
        return
    tag = "TD" if row > 1 else "TH" if row == 1 else "Caption"
    span = table._spanRanges.get((col, row)) if table._spanRanges and row else None
    columns = span[2] - span[0] + 1 if span is not None else 1
    cells = table._tag_cells
    if cells is not None and columns == 1 and isinstance(value, str) and value.isascii() and value.strip() \
            and (tagger.latin or not languages.has_letter(value)):
        n = tagger.mcid
        tagger.mcid = n + 1
        cells.append(("cell", tag, tagger.page, n))
        tagger.canvas._code.append(f"EMC /{tag} <</MCID {n}>> BDC")
        tagger.leaf = _PLAIN_CELL
        table._tag_open = True
        return
    if cells is not None and table._tag_tr is None:  # the row's TR, holding the cells before this one
        table._tag_tr = tagger.current.add("TR", kids=cells)
    attributes: dict | None = HEADER if row == 1 else None
    if columns > 1:
        attributes = {**(attributes or {"O": "Table"}), "ColSpan": columns}
    cell = (table._tag_tr or tagger.current).add(tag, attributes=attributes)
    table._tag_outer, tagger.current = tagger.current, cell
    if isinstance(value, str) and value.strip():
        cell.text = value
        tagger.begin(tag, element=cell)
        table._tag_open = True


class DataGrid(RLTable):
    """A data table: drawn as ReportLab draws a Table, tagged as Table, Caption (its first
    row), TR, TH (its second row) and TD."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["renderCB"] = _table_events
        super().__init__(*args, **kwargs)
        #: a cell's marked content is open; the element current outside the cell
        self._tag_open = False
        self._tag_outer: Element | None = None
        #: the row's cells (None in row 0 and in a table tagged as a whole), and its TR once one
        #: of them is an element (its kids are then those cells)
        self._tag_cells: list | None = None
        self._tag_tr: Element | None = None
