"""Points to EMUs and theme colours to python-pptx colours: the deck's two conversions."""

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
