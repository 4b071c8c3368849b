"""Points to EMUs and theme colours to python-pptx colours: the deck's two conversions; and the
filled, borderless shape every drawn part of a slide is made of."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu

from ..shared.theme import Colour
from .xml import mark_decorative, no_effect

EMU_PER_PT = 12700


def emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_PT)))


def points(value: int) -> float:
    return value / EMU_PER_PT


def rgb(colour: Colour) -> RGBColor:
    return RGBColor.from_string(colour.hex.lstrip("#"))


def filled(shapes, box, colour: Colour, name: str, kind=None, *, decorative: bool = False):
    """A borderless shape without shadow (a rectangle unless ``kind`` says otherwise) filled
    with ``colour``, at ``box`` (points) in ``shapes`` (a slide's or a group's); ``decorative``
    marks it so (it holds no text and means nothing by itself)."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = shapes.add_shape(kind or MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    no_effect(shape)
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
