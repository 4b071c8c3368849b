"""A matplotlib renderer that draws a figure straight into a ReportLab Drawing: vector paths and
selectable text in the brief's own fonts, with no SVG written and parsed again on the way.

matplotlib lays the figure out exactly as for its SVG backend (72 units an inch, text measured
with the same font files); this renderer receives what the SVG backend would have written
(paths, clip rectangles, strings with their anchors) and makes ReportLab shapes of it, in the
drawing's own coordinates (y up, as ReportLab's and matplotlib's are). The brief used to write
the SVG and convert it with svglib: the pages look the same (every page of every report
rasterised alike), for about a third of the CPU time and without svglib. It draws what the
chart kinds use (paths, markers, path collections, text); a kind that drew a picture would fail
loudly (RendererBase's ``draw_image`` raises), never silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from matplotlib import font_manager
from matplotlib.backend_bases import FigureCanvasBase, RendererBase
from matplotlib.path import Path as MplPath
from reportlab.graphics.shapes import FILL_NON_ZERO, Drawing, Group, Path, String
from reportlab.lib.colors import Color

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_ANCHORS = {"left": "start", "right": "end", "center": "middle"}


def figure_drawing(fig, face: Callable[[bool], str]) -> Drawing:
    """``fig`` drawn as its SVG backend draws it (at 72 units an inch, on a transparent ground)
    into a Drawing; ``face`` names the ReportLab font for regular (False) or bold (True) text.
    A figure on a :class:`DrawingCanvas` is drawn by the renderer it was laid out with."""
    fig.set_dpi(72)
    for patch in (fig.patch, *(ax.patch for ax in fig.axes)):
        patch.set_facecolor("none")
        patch.set_edgecolor("none")
    canvas = fig.canvas if isinstance(fig.canvas, DrawingCanvas) else DrawingCanvas(fig)
    renderer = canvas.get_renderer()
    renderer.begin(face)
    fig.draw(renderer)
    return renderer.drawing


class DrawingCanvas(FigureCanvasBase):
    """A brief's figure's canvas: what lays the figure out (``tight_layout`` measures every text
    it holds) and what draws it are one :class:`DrawingRenderer`, so each text is measured once
    (matplotlib keeps text metrics per renderer). It measures text as the SVG canvas the
    figures were laid out on before did (the SVG backend's metrics, at 72 units an inch), so
    the layout is the same."""

    def __init__(self, figure) -> None:
        super().__init__(figure)
        self._renderer: DrawingRenderer | None = None

    def get_renderer(self) -> DrawingRenderer:
        width, height = (float(v) * 72 for v in self.figure.get_size_inches())
        if self._renderer is None or (self._renderer.width, self._renderer.height) != (width, height):
            self._renderer = DrawingRenderer(width, height, _no_face)
        return self._renderer


def _no_face(bold: bool) -> str:
    raise RuntimeError("a figure drew text before figure_drawing named its fonts")


def _colour(rgb, alpha: float) -> Color | None:
    """A ReportLab colour, or None for one that paints nothing."""
    if alpha <= 0:
        return None
    red, green, blue = (float(v) for v in rgb[:3])  # plain floats, never numpy's: the cache stores them
    return Color(red, green, blue) if alpha >= 1 else Color(red, green, blue, float(alpha))


class DrawingRenderer(RendererBase):
    """Draws into ``self.drawing``; text is measured as the SVG backend measures it."""

    def __init__(self, width: float, height: float, face: Callable[[bool], str]) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.begin(face)

    def begin(self, face: Callable[[bool], str]) -> None:
        """Start a new drawing (text metrics measured so far are kept)."""
        self.drawing = Drawing(self.width, self.height)
        self._face = face
        self._clip: tuple | None = None
        self._group: Drawing | Group = self.drawing

    def flipy(self) -> bool:
        return False

    def get_text_width_height_descent(self, s, prop, ismath):
        # as the SVG backend measures text: at a large size, scaled down (RendererBase's own
        # measures at the size itself, in whole 64ths of a point)
        return self._text2path.get_text_width_height_descent(s, prop, ismath)

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    # ------------------------------------------------------------------ clipping

    def _target(self, gc) -> Drawing | Group:
        """The group a shape drawn with ``gc`` goes into: the drawing itself when nothing clips
        it, else a group clipped by its rectangle and path (consecutive shapes clipped alike
        share one)."""
        rect = gc.get_clip_rectangle()
        clip_path, _ = gc.get_clip_path()
        outline = None if clip_path is None else clip_path.get_fully_transformed_path()
        key: tuple | None = None
        if rect is not None or outline is not None:  # (by geometry: an id may be a new object's)
            key = (None if rect is None else tuple(float(v) for v in rect.bounds),
                   None if outline is None else (outline.vertices.tobytes(), None if outline.codes is None
                                                 else outline.codes.tobytes()))
        if key == self._clip:
            return self._group
        self._clip = key
        if key is None:
            self._group = self.drawing
            return self._group
        group = Group()
        if rect is not None:
            x, y, w, h = (float(v) for v in rect.bounds)
            group.add(_clipping(_outline(MplPath([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)],
                                                 [MplPath.MOVETO, *[MplPath.LINETO] * 3, MplPath.CLOSEPOLY]),
                                         None)))
        if outline is not None:
            group.add(_clipping(_outline(outline, None)))
        self.drawing.add(group)
        self._group = group
        return group

    # ------------------------------------------------------------------ paths

    def draw_path(self, gc, path, transform, rgbFace=None):
        clip = (0.0, 0.0, self.width, self.height) if rgbFace is None and gc.get_hatch_path() is None \
            else None
        shape = _outline(path, transform, clip=clip, simplify=bool(clip) and path.should_simplify)
        forced = gc.get_forced_alpha()
        if rgbFace is not None:
            alpha = gc.get_alpha() if forced or len(rgbFace) < 4 else rgbFace[3]
            shape.fillColor = _colour(rgbFace, alpha)
        else:
            shape.fillColor = None
        rgb = gc.get_rgb()
        width = gc.get_linewidth()
        stroke = _colour(rgb, gc.get_alpha() if forced else rgb[3]) if width > 0 else None
        shape.strokeColor = stroke
        shape.strokeWidth = float(width) if stroke is not None else 0
        if stroke is not None:
            shape.strokeLineCap = _CAPS[gc.get_capstyle()]
            shape.strokeLineJoin = _JOINS[gc.get_joinstyle()]
            offset, dashes = gc.get_dashes()
            if dashes is not None and len(dashes):
                shape.strokeDashArray = (float(offset or 0), [float(d) for d in dashes])
        if shape.fillColor is None and shape.strokeColor is None:
            return
        self._target(gc).add(shape)

    # ------------------------------------------------------------------ text

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:  # pragma: no cover - the brief's charts never parse maths (text.parse_math off)
            raise NotImplementedError("mathematical text in a chart")
        rgb = gc.get_rgb()
        fill = _colour(rgb, gc.get_alpha() if gc.get_forced_alpha() else rgb[3])
        if fill is None or not s:
            return
        weight = prop.get_weight()
        bold = font_manager.weight_dict.get(weight, weight) > 500
        string = String(0, 0, s, fontName=self._face(bold), fontSize=float(prop.get_size_in_points()),
                        fillColor=fill, textAnchor="start")
        if mtext is not None and (angle == 0 or mtext.get_rotation_mode() == "anchor"):
            # as the SVG backend: the text anchored where matplotlib placed it, aligned by the
            # font's own widths, and the line's vertical offset applied to the anchor
            ax, ay = mtext.get_transform().transform(mtext.get_unitless_position())
            rad = math.radians(angle)
            offset = math.sin(rad) * (x - ax) - math.cos(rad) * (y - ay)
            x, y = float(ax + offset * math.sin(rad)), float(ay - offset * math.cos(rad))
            string.textAnchor = _ANCHORS[mtext.get_ha()]
        target = self._target(gc)
        if angle == 0:
            string.x, string.y = float(x), float(y)
            target.add(string)
            return
        rad = math.radians(angle)
        cos, sin = math.cos(rad), math.sin(rad)
        target.add(Group(string, transform=(cos, sin, -sin, cos, float(x), float(y))))


def _outline(path, transform, clip=None, simplify: bool = False) -> Path:
    """A matplotlib path (through ``transform``) as a ReportLab path, quadratic curves made cubic."""
    shape = Path(fillMode=FILL_NON_ZERO, autoclose="svg")
    last = (0.0, 0.0)
    for points, code in path.iter_segments(transform, remove_nans=True, clip=clip, simplify=simplify,
                                           curves=True):
        if code == MplPath.MOVETO:
            last = (float(points[0]), float(points[1]))
            shape.moveTo(*last)
        elif code == MplPath.LINETO:
            last = (float(points[0]), float(points[1]))
            shape.lineTo(*last)
        elif code == MplPath.CURVE3:
            (qx, qy), end = points[:2], (float(points[2]), float(points[3]))
            shape.curveTo(last[0] + 2 / 3 * (qx - last[0]), last[1] + 2 / 3 * (qy - last[1]),
                          end[0] + 2 / 3 * (qx - end[0]), end[1] + 2 / 3 * (qy - end[1]), *end)
            last = end
        elif code == MplPath.CURVE4:
            shape.curveTo(*(float(v) for v in points[:6]))
            last = (float(points[4]), float(points[5]))
        elif code == MplPath.CLOSEPOLY:
            shape.closePath()
    return shape


def _clipping(shape: Path) -> Path:
    """``shape`` as a clipping path: it paints nothing, and clips what its group draws after it."""
    shape.isClipPath = 1
    shape.fillColor = shape.strokeColor = None
    shape.strokeWidth = 0
    return shape
