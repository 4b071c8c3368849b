"""A chart as a ReportLab Drawing (vector paths, selectable text in the brief's own fonts), kept
in the cache, and the flowable that places it with its caption and source line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Flowable

from .. import store as cache_store
from ..model import ChartSpec
from ..shared import bidi, coverage, fonts
from ..shared.theme import Theme
from . import charts, drawings, rtl


def _fix_strings(node, fallbacks: tuple[str, ...]) -> None:
    """Split each String holding characters its font lacks into runs in fallback fonts."""
    contents = getattr(node, "contents", None)
    if contents is None:
        return
    for index, child in enumerate(list(contents)):
        if not isinstance(child, String):
            _fix_strings(child, fallbacks)
            continue
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


def drawing(spec: ChartSpec, style: charts.ChartStyle, width_pt: float, theme: Theme,
            cache: Path | None = None, kept: dict | None = None) -> Drawing:
    """The chart as a Drawing ``width_pt`` wide (never changed afterwards, so a session draws
    each chart once and reuses it: ``kept``, the brief's share of the build's session); kept
    as JSON in ``cache`` for the next process."""
    faces = (fonts.face_name(theme.heading_font), fonts.face_name(theme.heading_font, bold=True))
    fallbacks = fonts.fallback_names(theme)
    # the drawing depends on the chart, and on the fonts' names, glyphs and widths
    used = [f"{n}={fonts.fingerprint(n)}" for n in sorted({*faces, *fallbacks})]
    name = f"{cache_store.key('drawing', charts.cache_key(spec, style, width_pt), *used)}.json"
    kept = {} if kept is None else kept
    if name not in kept:
        kept[name] = cache_store.through(cache, name, drawings.load,
                                         lambda: _draw(spec, style, width_pt, faces, fallbacks),
                                         drawings.dump)
        fonts.read(_font_names(kept[name]))  # (a drawing read back names fallbacks no text here set)
        _shape(kept[name])
    return kept[name]


def _font_names(node) -> set[str]:
    """The fonts the strings of a drawing are set in."""
    found: set[str] = set()
    for child in getattr(node, "contents", ()):
        if isinstance(child, String):
            found.add(child.fontName)
        else:
            found |= _font_names(child)
    return found


def _draw(spec: ChartSpec, style: charts.ChartStyle, width_pt: float, faces: tuple[str, str],
          fallbacks: tuple[str, ...]) -> Drawing:
    result = charts.draw(spec, style, width_pt, lambda bold: faces[bold])
    _fix_strings(result, fallbacks)
    # the drawing's starting font state would otherwise declare an unembedded Helvetica
    result.initialFontName = faces[0]
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
