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


def filled(shapes, box, colour: Colour, name: str, kind=None):
    """A borderless shape without shadow (a rectangle unless ``kind`` says otherwise) filled
    with ``colour``, at ``box`` (points) in ``shapes`` (a slide's or a group's)."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = shapes.add_shape(kind or MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    shape.name = name
    return shape
