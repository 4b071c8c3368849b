"""Chart SVG → ReportLab Drawing (vector paths, selectable text in the brief's own fonts)."""

from __future__ import annotations

import io
from functools import cache

from reportlab.graphics.shapes import Drawing, Group, String

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


def _register_svg_fonts(theme: Theme) -> None:
    for family in (theme.heading_font, *theme.fallback_fonts):
        _register_svg_family(family)


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
