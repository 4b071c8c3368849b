"""The theme both writers draw with: its values (``builders/model/theme.py``, read from a theme
file by ``builders/read/theme.py``) and what is derived from them for both outputs alike."""

from __future__ import annotations

from ..model.theme import COLOUR_ROLES, Colour, DeckStyle, FontFamily, Length, PdfStyle, Theme

__all__ = ["COLOUR_ROLES", "Colour", "DeckStyle", "FontFamily", "Length", "PdfStyle", "Theme",
           "series_colours"]


def series_colours(theme: Theme, keys: list[str]) -> dict[str, Colour]:
    """Colour for each series key: the theme's actor colour, else the palette in order of first use.

    Called once per report with every key of every chart, so the same actor has the same colour
    in every chart of the brief and the deck.
    """
    colours: dict[str, Colour] = {}
    spare = [c for c in theme.palette if c not in theme.actors.values()] or list(theme.palette)
    n = 0
    for key in keys:
        if key in colours:
            continue
        if key in theme.actors:
            colours[key] = theme.actors[key]
        else:
            colours[key] = spare[n % len(spare)]
            n += 1
    return colours
