"""Chart SVG → ReportLab Drawing (vector paths, selectable text in the brief's own fonts)."""

from __future__ import annotations

import io
from functools import cache

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.platypus import Flowable

from .. import fonts
from ..theme import FontFamily, Theme


@cache
def _register_svg_family(family: FontFamily) -> None:
    """Map every weight a chart may name for ``family`` to the theme's own font files, so
    svglib never guesses a file name in the working folder or asks fontconfig."""
    from svglib import fonts as svgfonts

    for weight, bold in (("normal", False), ("400", False), ("bold", True), ("700", True)):
        path = family.file(bold=bold)
        svgfonts.register_font(family.name, font_path=str(path), weight=weight,
                               rlgFontName=fonts.register(path))
    fonts.map_family(family)


def _register_svg_fonts(theme: Theme) -> None:
    for family in (theme.heading_font, *theme.fallback_fonts):
        _register_svg_family(family)
    for family in (theme.body_font, theme.heading_font, theme.mono_font, *theme.fallback_fonts):
        fonts.map_family(family)  # bold and italic again for every family svglib may have touched


def _split_strings(node, fallbacks: tuple[str, ...]) -> None:
    """Replace each String holding characters its font lacks by runs in fallback fonts."""
    contents = getattr(node, "contents", None)
    if contents is None:
        return
    for index, child in enumerate(list(contents)):
        if isinstance(child, String):
            runs = fonts.runs(child.text, child.fontName, fallbacks)
            if len(runs) <= 1 and (not runs or runs[0][0] == child.fontName):
                continue
            widths = [fonts.string_width(t, f, child.fontSize) for f, t in runs]
            total = sum(widths)
            x = child.x - {"start": 0, "middle": total / 2, "end": total}.get(child.textAnchor, 0)
            group = Group()
            for (font, text), width in zip(runs, widths):
                group.add(String(x, child.y, text, fontName=font, fontSize=child.fontSize,
                                 fillColor=child.fillColor, textAnchor="start"))
                x += width
            contents[index] = group
        else:
            _split_strings(child, fallbacks)


def drawing(svg_text: str, theme: Theme) -> Drawing:
    from svglib.svglib import svg2rlg

    _register_svg_fonts(theme)
    result = svg2rlg(io.BytesIO(svg_text.encode("utf-8")))
    if result is None:  # pragma: no cover - our own SVG always parses
        raise RuntimeError("chart SVG could not be converted")
    _split_strings(result, fonts.fallback_names(theme))
    # the drawing's starting font state would otherwise declare an unembedded Helvetica
    result.initialFontName = fonts.face_name(theme.heading_font)
    return result


class FitFigure(Flowable):
    """A figure (caption, drawing, source line) kept together, which shrinks its drawing to as
    little as ``least`` of its size to fit the space left on a page instead of leaving a gap."""

    def __init__(self, above: list[Flowable], drawing: Drawing, below: list[Flowable],
                 least: float = 0.72) -> None:
        super().__init__()
        self.above, self.drawing, self.below = above, drawing, below
        self.least = least
        self.scale = 1.0
        self.spaceBefore, self.spaceAfter = 2, 12

    def _text_heights(self, width: float) -> list[float]:
        return [p.wrap(width, 10_000)[1] + p.getSpaceBefore() + p.getSpaceAfter()
                for p in (*self.above, *self.below)]

    def wrap(self, availWidth, availHeight):
        text = sum(self._text_heights(availWidth))
        full = text + self.drawing.height
        room = (availHeight - text) / self.drawing.height if self.drawing.height else 1.0
        self.scale = 1.0 if full <= availHeight else (room if room >= self.least else 1.0)
        self.width = availWidth
        self.height = text + self.drawing.height * self.scale
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        y = self.height
        for part in self.above:
            _, h = part.wrap(self.width, 10_000)
            y -= part.getSpaceBefore() + h
            part.drawOn(canvas, 0, y)
            y -= part.getSpaceAfter()
        y -= self.drawing.height * self.scale
        canvas.saveState()
        canvas.translate(0, y)
        canvas.scale(self.scale, self.scale)
        self.drawing.drawOn(canvas, 0, 0)
        canvas.restoreState()
        for part in self.below:
            _, h = part.wrap(self.width, 10_000)
            y -= part.getSpaceBefore() + h
            part.drawOn(canvas, 0, y)
            y -= part.getSpaceAfter()
