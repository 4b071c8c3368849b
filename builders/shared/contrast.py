"""WCAG contrast: relative luminance, contrast ratio, and the nearest readable colour.

Both outputs use it: the deck checks every run it writes against the ground under it (a
template's dark band, briefkit's own light card), the brief its chart labels against white.
"""

from __future__ import annotations

from .theme import Colour

#: WCAG 2 AA: body text, and large text (18 pt, or 14 pt bold) and graphical marks
TEXT = 4.5
LARGE = 3.0
BLACK, WHITE = Colour("#000000"), Colour("#FFFFFF")


def luminance(colour: Colour) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour.rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: Colour, b: Colour) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def worst(colour: Colour, grounds) -> float:
    return min((ratio(colour, g) for g in grounds), default=21.0)


def mix(a: Colour, b: Colour, share: float) -> Colour:
    """``a`` with ``share`` of ``b`` mixed in."""
    return Colour("#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a.rgb, b.rgb)))


def needed(size: float, bold: bool = False) -> float:
    """The contrast text at ``size`` points needs: 3:1 from 18 pt, else 4.5:1 (bold or not:
    WCAG lets 14 pt bold pass at 3:1, briefkit does not)."""
    return LARGE if size >= 18 else TEXT


def is_dark(colour: Colour) -> bool:
    """Whether white reads better on ``colour`` than black does."""
    return ratio(colour, WHITE) > ratio(colour, BLACK)


def ink(colour: Colour, grounds, need: float = TEXT) -> Colour:
    """``colour`` itself when it reaches ``need`` against every colour of ``grounds``; else the
    least change of it that does (mixed towards black or towards white, whichever gets there
    first), else black or white, whichever contrasts more."""
    grounds = tuple(grounds)
    if not grounds or worst(colour, grounds) >= need:
        return colour
    best = None
    for target in (BLACK, WHITE):
        for step in range(1, 21):
            candidate = mix(colour, target, step / 20)
            if worst(candidate, grounds) >= need:
                if best is None or step < best[0]:
                    best = (step, candidate)
                break
    if best is not None:
        return best[1]
    return max((BLACK, WHITE), key=lambda c: worst(c, grounds))
