"""Points to EMUs and theme colours to python-pptx colours: the deck's two conversions; and the
filled, borderless shape every drawn part of a slide is made of."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu

from ..shared.theme import Colour

EMU_PER_PT = 12700


def emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_PT)))


def points(value: int) -> float:
    return value / EMU_PER_PT


def rgb(colour: Colour) -> RGBColor:
    return RGBColor.from_string(colour.hex.lstrip("#"))


#: the extension PowerPoint writes for "Mark as decorative" (Office 2019 and 365), as it writes it
_DECORATIVE = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
               'val="1"/></a:ext></a:extLst>')


def mark_decorative(shape) -> None:
    """Mark ``shape`` decorative: screen readers skip it (a bar, a rule, a card's ground)."""
    from lxml import etree

    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.attrib.pop("descr", None)
    c_nv_pr.append(etree.fromstring(_DECORATIVE))


def describe_shape(shape, text: str) -> None:
    """``text`` as the shape's description (its alt text), whatever kind of shape it is."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def filled(shapes, box, colour: Colour, name: str, kind=None, *, decorative: bool = False):
    """A borderless shape without shadow (a rectangle unless ``kind`` says otherwise) filled
    with ``colour``, at ``box`` (points) in ``shapes`` (a slide's or a group's); ``decorative``
    marks it so (it holds no text and means nothing by itself)."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.oxml.ns import qn

    shape = shapes.add_shape(kind or MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    # LibreOffice draws the style's theme effect (a shadow) over an empty effect list: refer to none
    ref = shape._element.find(".//" + qn("a:effectRef"))
    if ref is not None:
        ref.set("idx", "0")
    shape.name = name
    if decorative:
        mark_decorative(shape)
    return shape


def set_text(text_frame, text: str, size: float, colour: Colour, alignment, *, bold: bool = True,
             wrap: bool = False, sides: float = 0, ends: float = 0, anchor=None) -> None:
    """``text`` as the one run of ``text_frame``, ``sides`` and ``ends`` points in from its left
    and right and from its top and bottom, centred vertically unless ``anchor`` says otherwise
    (a timeline's lane label, the count in a grid's dot, a grid's heads and labels)."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Pt

    text_frame.word_wrap = wrap
    text_frame.margin_left = text_frame.margin_right = emu(sides)
    text_frame.margin_top = text_frame.margin_bottom = emu(ends)
    text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE if anchor is None else anchor
    paragraph = text_frame.paragraphs[0]
    paragraph.alignment = alignment
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(colour)
