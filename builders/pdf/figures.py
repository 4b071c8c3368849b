"""Chart SVG → ReportLab Drawing (vector paths, selectable text in the brief's own fonts)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Flowable

from .. import store as cache_store
from ..model import ChartSpec
from ..shared import bidi, coverage, fonts
from ..shared.theme import Theme
from . import charts, drawings, rtl

#: stand-in names svglib maps the chart fonts to (its public API maps a family to a built-in
#: font without opening a file); each is replaced by the theme's own font right after
_STAND_INS = (("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"),
              ("Courier", "Courier-Bold"))


def _chart_families(theme: Theme):
    """The chart families (heading font, then fallbacks) paired with their stand-ins."""
    return zip((theme.heading_font, *theme.fallback_fonts)[: len(_STAND_INS)], _STAND_INS)


def _replacements(theme: Theme) -> dict[str, str]:
    """Stand-in → the theme's font it stands in for."""
    replace: dict[str, str] = {}
    for family, (regular, bold) in _chart_families(theme):
        replace[regular] = fonts.face_name(family)
        replace[bold] = fonts.face_name(family, bold=True)
    return replace


def _map_chart_fonts(theme: Theme) -> None:
    """Map every weight a chart may name for each chart family to a stand-in, so svglib never
    guesses a font file in the working folder or asks fontconfig."""
    from svglib import fonts as svgfonts

    for family, (regular, bold) in _chart_families(theme):
        for weight, stand_in in (("normal", regular), ("400", regular), ("bold", bold), ("700", bold)):
            svgfonts.register_font(family.name, weight=weight, rlgFontName=stand_in)


def _fix_strings(node, replace: dict[str, str], fallbacks: tuple[str, ...]) -> None:
    """Put the theme's fonts in place of the stand-ins, and split each String holding characters
    its font lacks into runs in fallback fonts."""
    contents = getattr(node, "contents", None)
    if contents is None:
        return
    for index, child in enumerate(list(contents)):
        if not isinstance(child, String):
            _fix_strings(child, replace, fallbacks)
            continue
        child.fontName = replace.get(child.fontName, child.fontName)
        runs = rtl.pieces(child.text, child.fontName, fallbacks)
        if len(runs) <= 1 and (not runs or runs[0][0] == child.fontName) and not bidi.has_rtl(child.text):
            continue
        widths = [rtl.drawn(t, f, child.fontSize)[1] for f, t in runs]
        total = sum(widths)
        x = child.x - {"start": 0, "middle": total / 2, "end": total}.get(child.textAnchor, 0)
        group = Group()
        for (font, text), width in zip(runs, widths):
            group.add(String(x, child.y, text, fontName=font, fontSize=child.fontSize,
                             fillColor=child.fillColor, textAnchor="start"))
            x += width
        contents[index] = group


def _shape(node) -> None:
    """Right-to-left labels as HarfBuzz's joined glyphs (after the drawing is cached, which
    keeps plain text)."""
    for child in getattr(node, "contents", ()):
        if isinstance(child, String):
            if bidi.has_rtl(child.text) and not isinstance(child.text, ShapedStr):
                child.text = rtl.drawn(child.text, child.fontName, child.fontSize)[0]
        else:
            _shape(child)


def chart_style(spec: ChartSpec, style: charts.ChartStyle, theme: Theme) -> charts.ChartStyle:
    """``style`` with only the fallback fonts the chart's text needs: matplotlib looks up every
    family of its list for each text it draws (three unused fallbacks cost a cold build 80 ms)."""
    heading = fonts.face_name(theme.heading_font)
    needed = {c for c in coverage.characters(spec) if not fonts.covers(heading, c)}
    keep = [family for family, name in zip(theme.fallback_fonts, fonts.fallback_names(theme))
            if any(fonts.covers(name, c) for c in needed)]
    return dataclasses.replace(style, fallback=tuple(f.name for f in keep),
                               font_files=(*style.font_files[:2], *(f.regular for f in keep)))


def drawing(svg_text: str, theme: Theme, cache: Path | None = None, kept: dict | None = None) -> Drawing:
    """The chart as a Drawing (never changed afterwards, so a session converts each chart once
    and reuses it: ``kept``, the brief's share of the build's session); kept as JSON in
    ``cache`` for the next process."""
    replace, fallbacks = _replacements(theme), fonts.fallback_names(theme)
    # the drawing depends on the SVG and on the fonts' names, glyphs and widths
    used = sorted({*replace.values(), *fallbacks})
    name = f"{cache_store.key('drawing', svg_text, *(f'{n}={fonts.fingerprint(n)}' for n in used))}.json"
    kept = {} if kept is None else kept
    if name not in kept:
        kept[name] = cache_store.through(cache, name, drawings.load,
                                         lambda: _convert(svg_text, theme, replace, fallbacks), drawings.dump)
        _shape(kept[name])
    return kept[name]


def _convert(svg_text: str, theme: Theme, replace: dict[str, str], fallbacks: tuple[str, ...]) -> Drawing:
    from svglib.svglib import svg2rlg

    _map_chart_fonts(theme)
    result = svg2rlg(io.BytesIO(svg_text.encode("utf-8")))
    if result is None:  # pragma: no cover - our own SVG always parses
        raise RuntimeError("chart SVG could not be converted")
    _fix_strings(result, replace, fallbacks)
    # the drawing's starting font state would otherwise declare an unembedded Helvetica
    result.initialFontName = fonts.face_name(theme.heading_font)
    return result


class FitFigure(Flowable):
    """A figure (caption, drawing, source line) kept together, which shrinks its drawing to as
    little as ``least`` of its size to fit the space left on a page instead of leaving a gap."""

    def __init__(self, above: list[Flowable], drawing: Drawing, below: list[Flowable],
                 least: float = 0.85, most: float = 1.0) -> None:
        super().__init__()
        self.above, self.drawing, self.below = above, drawing, below
        self.least = least * most
        #: the largest scale (a drawing taller than 70% of the frame is set smaller)
        self.most = most
        self.scale = most
        self.spaceBefore, self.spaceAfter = 2, 12

    def _text_heights(self, width: float) -> list[float]:
        return [p.wrap(width, 10_000)[1] + p.getSpaceBefore() + p.getSpaceAfter()
                for p in (*self.above, *self.below)]

    def wrap(self, availWidth, availHeight):
        text = sum(self._text_heights(availWidth))
        full = text + self.drawing.height * self.most
        room = (availHeight - text) / self.drawing.height if self.drawing.height else 1.0
        self.scale = self.most if full <= availHeight else (room if room >= self.least else self.most)
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
