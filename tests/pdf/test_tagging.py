"""pdf/tagging.py: a data table's rows and cells as the tagger keeps them while they draw. A
cell of plain text (ASCII in a Latin-script brief) is a tuple, ("cell", tag, page, MCID), and a
row of such cells a tuple too, ("row", cells); a row with any other cell (a word in another
script, an empty cell) is a TR element holding its cells in their order. Their marked content
is drawn in the same order, each cell's own sequence around its text."""

from __future__ import annotations

import io
import re

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from builders.pdf import tagging
from builders.pdf.tagging import DataGrid, Element, Tagger

from conftest import ROOT

ROWS = [
    ["Formats and their partners", "", ""],
    ["Format", "Year", "Partner"],
    ["C5+1", "2015", "United States"],
    ["Қазақстан", "2016", "China"],  # Kazakh: a Span with its /Lang in a TD element
    ["Astana", "", "Japan"],  # an empty cell: an element with no content
    ["Tashkent", "2019", "European Union"],
]


def _shape(kid) -> object:
    """A kid as the test reads it: an element as (tag, [its kids]), a row as ("row", [cell
    tags]), a cell as its tag, marked content as "mcid"."""
    if isinstance(kid, Element):
        return (kid.tag, [_shape(k) for k in kid.kids])
    if kid[0] == "row":
        return ("row", [_shape(cell) for cell in kid[1]])
    return kid[1] if kid[0] == "cell" else kid[0]


def _mcids(kid) -> list[int]:
    """The MCIDs under ``kid``, in the tree's order."""
    if isinstance(kid, Element):
        return [n for k in kid.kids for n in _mcids(k)]
    if kid[0] == "row":
        return [n for cell in kid[1] for n in _mcids(cell)]
    return [kid[3]] if kid[0] == "cell" else [kid[2]]


@pytest.fixture(scope="module")
def drawn() -> tuple[Tagger, str]:
    """The tagger and the page's content after one table is drawn on a tagged canvas."""
    font = ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf"
    pdfmetrics.registerFont(TTFont("TaggingTestSans", str(font)))
    canvas = Canvas(io.BytesIO(), lang="en")
    canvas._tagger = Tagger(canvas)
    style = [("SPAN", (0, 0), (-1, 0)), ("FONTNAME", (0, 0), (-1, -1), "TaggingTestSans")]
    table = DataGrid(ROWS, style=style)
    with tagging.installed():
        table.wrapOn(canvas, 400, 600)
        table.drawOn(canvas, 40, 40)
    return canvas._tagger, "\n".join(canvas._code)


def test_rows_of_plain_cells_are_tuples_and_a_row_with_any_other_cell_a_tr(drawn):
    tagger, _ = drawn
    (table,) = tagger.root.kids
    assert _shape(table) == ("Table", [
        ("Caption", ["mcid"]),
        ("row", ["TH", "TH", "TH"]),
        ("row", ["TD", "TD", "TD"]),
        ("TR", [("TD", ["mcid", ("Span", ["mcid"]), "mcid"]), "TD", "TD"]),
        ("TR", ["TD", ("TD", []), "TD"]),
        ("row", ["TD", "TD", "TD"]),
    ])
    kazakh = table.kids[3].kids[0]
    assert kazakh.text == "Қазақстан" and kazakh.kids[1].lang == "kk-KZ"


def test_cells_are_marked_in_the_order_they_are_kept(drawn):
    tagger, content = drawn
    (table,) = tagger.root.kids
    marked = [(tag, int(n)) for tag, n in re.findall(r"/(\w+) <</MCID (\d+)>> BDC", content)]
    kept = _mcids(table)
    assert sorted(kept) == list(range(len(kept))), "each MCID once"
    # the Kazakh cell closes its TD's sequence for the Span and opens another after it
    assert [n for _, n in marked] == kept
    assert [tag for tag, _ in marked] == ["Caption", *["TH"] * 3, *["TD"] * 4, "Span", *["TD"] * 8]
    # every sequence closed but the page's artifact, which the page's end closes
    assert content.count("BDC") + content.count("BMC") == content.count("EMC") + 1
