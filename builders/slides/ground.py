"""What a template paints: its theme's colour scheme, each layout's and master's background, and
the pictures and shapes (logos, discs, bands) a layout shows; read so that the deck can set the
colour of every run against the ground under it and keep its content off the decorations."""

from __future__ import annotations

import colorsys
import io
from dataclasses import dataclass
from typing import Any

from ..shared.theme import Colour
from . import xml
from .slide import Box
from .units import points

#: the colours a scheme colour is named by through the colour map, and their defaults
_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
WHITE = Colour("#FFFFFF")


def scheme(master, layout=None) -> dict[str, Colour]:
    """The master's theme colours by every name a colour may be given (dk1, accent2, tx1, bg1 …),
    through the master's colour map (and a layout's override of it)."""
    colours: dict[str, Colour] = {}
    for name, value in xml.read.scheme_values(xml.read.theme(master)).items():
        colours[name] = Colour("#" + (value or ("000000" if name.startswith("dk") else "FFFFFF")).upper())
    mapping = dict(_MAP)
    for said in xml.read.colour_maps(master, layout):
        mapping.update({k: v for k, v in said.items() if k in _MAP})
    for alias, name in mapping.items():
        colours[alias] = colours.get(name, colours["dk1"])
    colours["phClr"] = colours["bg1"]
    return colours


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _srgb(c: float) -> float:
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _modified(colour: Colour, modifiers) -> Colour:
    """A colour with its tint/shade/lumMod/lumOff/satMod modifiers applied, in order (tint and
    shade towards white and black in linear RGB, the others in HSL, as LibreOffice draws them)."""
    r, g, b = (c / 255 for c in colour.rgb)
    for tag, said in modifiers:
        value = int(said) / 100000
        if tag == "tint":
            r, g, b = (_srgb(_linear(c) * value + 1 - value) for c in (r, g, b))
        elif tag == "shade":
            r, g, b = (_srgb(_linear(c) * value) for c in (r, g, b))
        elif tag in ("lumMod", "lumOff", "satMod"):
            h, lum, sat = colorsys.rgb_to_hls(r, g, b)
            if tag == "lumMod":
                lum *= value
            elif tag == "lumOff":
                lum += value
            else:
                sat *= value
            r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum)), max(0.0, min(1.0, sat)))
    return Colour("#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (r, g, b)))


def colour(named: xml.read.ColourRef | None, colours: dict[str, Colour]) -> Colour | None:
    """The colour an srgbClr / schemeClr / sysClr / prstClr names, through the scheme ``colours``, or None."""
    if named is None:
        return None
    val = named.val
    if named.kind == "srgbClr":
        base = Colour("#" + (val if val is not None else "000000").upper())
    elif named.kind == "schemeClr":
        base = colours.get(val if val is not None else "tx1", colours["dk1"])
    elif named.kind == "sysClr":
        base = Colour("#" + (named.last or ("FFFFFF" if val == "window" else "000000")).upper())
    else:  # prstClr
        base = {"white": WHITE, "black": Colour("#000000")}.get(val or "", Colour("#808080"))
    return _modified(base, named.modifiers)


@dataclass
class Paint:
    """One painted area: a plain colour, or a picture sampled where it lies."""

    box: Box
    colour: Colour | None = None
    picture: Any = None  # a small PIL image, RGBA

    def at(self, x: float, y: float) -> Colour | None:
        if self.picture is None:
            return self.colour
        w, h = self.picture.size
        px = min(w - 1, max(0, int((x - self.box.x) / max(self.box.w, 1e-6) * w)))
        py = min(h - 1, max(0, int((y - self.box.y) / max(self.box.h, 1e-6) * h)))
        r, g, b, a = self.picture.getpixel((px, py))
        return None if a < 128 else Colour(f"#{r:02X}{g:02X}{b:02X}")


def _picture(part, rid: str | None):
    if not rid or rid not in part.rels:
        return None
    from PIL import Image

    blob = part.rels[rid].target_part.blob
    if blob[40:44] == b" EMF":  # an enhanced metafile: LibreOffice's artwork, drawn roughly
        from .emf import raster

        return raster(blob)
    try:
        image: Any = Image.open(io.BytesIO(blob))
        if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit grey: to 8 bits
            image = image.convert("I").point(lambda v: v / 256).convert("L")
        image.thumbnail((48, 48))
        return image.convert("RGBA")
    except Exception:  # a picture PIL cannot read (WMF): treated as unpainted
        return None


def _fill(fill: xml.read.Fill | None, colours, part, box: Box) -> Paint | None:
    """What a fill paints in ``box``: None for no fill (or a fill it does not name)."""
    if fill is None or fill.kind in ("noFill", "grpFill"):
        return None
    if fill.kind == "gradFill":
        stops = [c for c in (colour(stop, colours) for stop in fill.colours) if c is not None]
        if not stops:
            return None
        mean = tuple(round(sum(c.rgb[i] for c in stops) / len(stops)) for i in range(3))
        return Paint(box, Colour("#{:02X}{:02X}{:02X}".format(*mean)))
    if fill.kind == "blipFill":
        picture = _picture(part, fill.picture)
        return Paint(box, picture=picture) if picture is not None else None
    found = colour(fill.colours[0], colours)  # a solid fill's colour, a pattern's foreground
    return Paint(box, found) if found is not None else None


def _background(slide, colours, slide_box: Box, theme=None) -> Paint | None:
    """What a master's or layout's own background paints, or None."""
    bg = xml.read.background(slide)
    if bg is None:
        return None
    if bg.own:
        return _fill(bg.fill, colours, slide.part, slide_box)
    found = colour(bg.colour, colours)
    if found is None:
        return None
    style = xml.read.background_style(theme, bg.style)
    if style is not None:
        painted = _fill(style, {**colours, "phClr": found}, slide.part, slide_box)
        if painted is not None:
            return painted
    return Paint(slide_box, found)


def _box(extent: tuple[int, int, int, int] | None) -> Box | None:
    return None if extent is None else Box(*(points(v) for v in extent))


@dataclass
class Shape:
    """A shape of the template's own (not a placeholder): what it paints, and its box."""

    box: Box
    paint: Paint | None
    placeholder: str = ""


def _group(drawn: xml.read.Drawn, transform):
    """How a group places its shapes on the slide: their box through the group's, or None when
    it does not say."""
    outer, inner = _box(drawn.extent), drawn.inner
    if outer is None or inner is None or not inner[2] or not inner[3]:
        return None
    cx, cy = points(inner[0]), points(inner[1])
    sx, sy = outer.w / points(inner[2]), outer.h / points(inner[3])

    def placed(b, parent=transform):
        return parent(Box(outer.x + (b.x - cx) * sx, outer.y + (b.y - cy) * sy, b.w * sx, b.h * sy))

    return placed


def _shapes(tree, colours, part, transform=lambda b: b) -> list[Shape]:
    found: list[Shape] = []
    for drawn in tree:
        if drawn.kind == "grpSp":
            inner = _group(drawn, transform)
            if inner is not None:
                found.extend(_shapes(drawn.shapes, colours, part, inner))
            continue
        box = _box(drawn.extent)
        if box is None or box.w <= 0 or box.h <= 0:
            continue
        box = transform(box)
        if drawn.kind == "pic":
            picture = _picture(part, drawn.picture)
            paint = Paint(box, picture=picture) if picture is not None else None
        else:
            paint = _fill(drawn.fill, colours, part, box)
            if paint is None and drawn.style is not None and drawn.fill is None:
                paint = Paint(box, colour(drawn.style, colours))
        found.append(Shape(box, paint, drawn.placeholder))
    return found


class Ground:
    """The painted layers of one layout, bottom to top: background, the master's shapes (when
    the layout shows them), the layout's own shapes."""

    def __init__(self, layout, width: float, height: float) -> None:
        master = layout.slide_master
        self.colours = scheme(master, layout)
        slide = Box(0, 0, width, height)
        self.area = width * height
        theme = xml.read.theme(master)
        base = (_background(layout, self.colours, slide, theme)
                or _background(master, self.colours, slide, theme) or Paint(slide, WHITE))
        own = _shapes(xml.read.shapes(layout), self.colours, layout.part)
        mastered = _shapes(xml.read.shapes(master), self.colours, master.part) \
            if xml.read.shows_master_shapes(layout) else []
        #: the template's own shapes (decorations, not placeholders), master's first
        self.shapes = [s for s in mastered + own if not s.placeholder]
        #: bottom to top
        self.layers = [base] + [s.paint for s in self.shapes if s.paint is not None]

    def at(self, x: float, y: float) -> Colour:
        for paint in reversed(self.layers):
            b = paint.box
            if b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h:
                found = paint.at(x, y)
                if found is not None:
                    return found
        return WHITE

    def under(self, box: Box, steps: int = 4) -> tuple[Colour, ...]:
        """The colours painted at a grid of points inside ``box``, each once."""
        points_ = [(box.x + box.w * (i + 0.5) / steps, box.y + box.h * (j + 0.5) / steps)
                   for i in range(steps) for j in range(steps)]
        return tuple(dict.fromkeys(self.at(x, y) for x, y in points_))

    def obstacles(self) -> list[Box]:
        """The decorations content must keep off: every shape of the template's own but those
        covering most of the slide (a background picture or band is ground, not an obstacle)."""
        return [s.box for s in self.shapes if s.box.w * s.box.h < 0.4 * self.area]


def _overlap(a: Box, b: Box) -> float:
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return w * h if w > 0 and h > 0 else 0.0


def free(box: Box, obstacles: list[Box], gap: float = 6.0) -> Box:
    """The largest part of ``box`` left when each obstacle in it is cut away (to its left,
    right, top or bottom, whichever keeps more), ``gap`` points clear of it."""
    for ob in sorted(obstacles, key=lambda o: -_overlap(box, o)):
        if _overlap(box, ob) <= 0:
            continue
        options = [
            Box(box.x, box.y, ob.x - gap - box.x, box.h),
            Box(ob.x + ob.w + gap, box.y, box.x + box.w - ob.x - ob.w - gap, box.h),
            Box(box.x, box.y, box.w, ob.y - gap - box.y),
            Box(box.x, ob.y + ob.h + gap, box.w, box.y + box.h - ob.y - ob.h - gap),
        ]
        best = max(options, key=lambda b: max(b.w, 0) * max(b.h, 0))
        if best.w <= 0 or best.h <= 0:
            continue
        box = best
    return box
