"""What a template paints: its theme's colour scheme, each layout's and master's background, and
the pictures and shapes (logos, discs, bands) a layout shows; read so that the deck can set the
colour of every run against the ground under it and keep its content off the decorations."""

from __future__ import annotations

import colorsys
import io
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from ..shared.theme import Colour
from .slide import Box
from .units import points

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
           "hlink", "folHlink")
_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_FILLS = (qn("a:solidFill"), qn("a:gradFill"), qn("a:blipFill"), qn("a:pattFill"), qn("a:noFill"), qn("a:grpFill"))
WHITE = Colour("#FFFFFF")


def _theme(master) -> etree._Element | None:
    part = next((r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme")), None)
    return None if part is None else etree.fromstring(part.blob)


def scheme(master, layout=None) -> dict[str, Colour]:
    """The master's theme colours by every name a colour may be given (dk1, accent2, tx1, bg1 …),
    through the master's colour map (and a layout's override of it)."""
    colours: dict[str, Colour] = {}
    root = _theme(master)
    found = root.find(f".//{{{_A}}}clrScheme") if root is not None else None
    for name in _SCHEME:
        node = found.find(f"{{{_A}}}{name}") if found is not None else None
        value = None
        if node is not None and len(node):
            child = node[0]
            value = child.get("val") if child.tag == qn("a:srgbClr") else child.get("lastClr")
        colours[name] = Colour("#" + (value or ("000000" if name.startswith("dk") else "FFFFFF")).upper())
    mapping = dict(_MAP)
    clr_map = master._element.find(qn("p:clrMap"))
    if clr_map is not None:
        mapping.update({k: v for k, v in clr_map.attrib.items() if k in _MAP})
    if layout is not None:
        override = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
        if override is not None:
            mapping.update({k: v for k, v in override.attrib.items() if k in _MAP})
    for alias, name in mapping.items():
        colours[alias] = colours.get(name, colours["dk1"])
    colours["phClr"] = colours["bg1"]
    return colours


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _srgb(c: float) -> float:
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _modified(colour: Colour, node) -> Colour:
    """A colour with its tint/shade/lumMod/lumOff/satMod children applied, in order (tint and
    shade towards white and black in linear RGB, the others in HSL, as LibreOffice draws them)."""
    r, g, b = (c / 255 for c in colour.rgb)
    for child in node:
        value = int(child.get("val", "100000")) / 100000
        tag = etree.QName(child).localname
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


def colour(node, colours: dict[str, Colour]) -> Colour | None:
    """The colour an a:srgbClr / a:schemeClr / a:sysClr / a:prstClr element names, or None."""
    if node is None:
        return None
    tag = etree.QName(node).localname
    if tag == "srgbClr":
        base = Colour("#" + node.get("val", "000000").upper())
    elif tag == "schemeClr":
        base = colours.get(node.get("val", "tx1"), colours["dk1"])
    elif tag == "sysClr":
        base = Colour("#" + (node.get("lastClr") or ("FFFFFF" if node.get("val") == "window" else "000000")).upper())
    elif tag == "prstClr":
        base = {"white": WHITE, "black": Colour("#000000")}.get(node.get("val", ""), Colour("#808080"))
    else:
        return None
    return _modified(base, node)


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


def _fill(parent, colours, part, box: Box) -> Paint | None:
    """What a spPr / bgPr paints in ``box``: None for no fill (or a fill it does not name)."""
    if parent is None:
        return None
    node = next((child for child in parent if child.tag in _FILLS), None)
    if node is None or node.tag in (qn("a:noFill"), qn("a:grpFill")):
        return None
    if node.tag == qn("a:solidFill"):
        found = colour(node[0] if len(node) else None, colours)
        return Paint(box, found) if found is not None else None
    if node.tag == qn("a:gradFill"):
        found_stops = [colour(gs[0], colours) for gs in node.iter(qn("a:gs")) if len(gs)]
        stops = [c for c in found_stops if c is not None]
        if not stops:
            return None
        mean = tuple(round(sum(c.rgb[i] for c in stops) / len(stops)) for i in range(3))
        return Paint(box, Colour("#{:02X}{:02X}{:02X}".format(*mean)))
    if node.tag == qn("a:blipFill"):
        blip = node.find(qn("a:blip"))
        picture = _picture(part, blip.get(f"{{{_R}}}embed") if blip is not None else None)
        return Paint(box, picture=picture) if picture is not None else None
    found = colour(node.find(qn("a:fgClr"))[0] if node.find(qn("a:fgClr")) is not None else None, colours)
    return Paint(box, found) if found is not None else None


def _background(element, colours, part, slide: Box, theme=None) -> Paint | None:
    bg = element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if bg is None:
        return None
    if bg.find(qn("p:bgPr")) is not None:
        return _fill(bg.find(qn("p:bgPr")), colours, part, slide)
    ref = bg.find(qn("p:bgRef"))
    if ref is not None and len(ref):
        found = colour(ref[0], colours)
        if found is None:
            return None
        index = int(ref.get("idx", "0")) - 1001  # the theme's background fill styles, 1001 on
        styles = theme.find(f".//{qn('a:bgFillStyleLst')}") if theme is not None else None
        if styles is not None and 0 <= index < len(styles):
            painted = _fill([styles[index]], {**colours, "phClr": found}, part, slide)
            if painted is not None:
                return painted
        return Paint(slide, found)
    return None


def _xfrm_box(xfrm) -> Box | None:
    if xfrm is None or xfrm.find(qn("a:off")) is None or xfrm.find(qn("a:ext")) is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return Box(points(int(off.get("x", 0))), points(int(off.get("y", 0))),
               points(int(ext.get("cx", 0))), points(int(ext.get("cy", 0))))


@dataclass
class Shape:
    """A shape of the template's own (not a placeholder): what it paints, and its box."""

    box: Box
    paint: Paint | None
    placeholder: str = ""


def _shapes(tree, colours, part, transform=lambda b: b) -> list[Shape]:
    found: list[Shape] = []
    for child in tree:
        tag = etree.QName(child).localname
        if tag == "grpSp":
            pr = child.find(qn("p:grpSpPr"))
            xfrm = pr.find(qn("a:xfrm")) if pr is not None else None
            outer = _xfrm_box(xfrm)
            ch_off = xfrm.find(qn("a:chOff")) if xfrm is not None else None
            ch_ext = xfrm.find(qn("a:chExt")) if xfrm is not None else None
            if outer is None or ch_off is None or ch_ext is None or not int(ch_ext.get("cx", 0)) \
                    or not int(ch_ext.get("cy", 0)):
                continue
            cx, cy = points(int(ch_off.get("x", 0))), points(int(ch_off.get("y", 0)))
            sx, sy = outer.w / points(int(ch_ext.get("cx"))), outer.h / points(int(ch_ext.get("cy")))

            def inner(b, cx=cx, cy=cy, sx=sx, sy=sy, outer=outer, parent=transform):
                return parent(Box(outer.x + (b.x - cx) * sx, outer.y + (b.y - cy) * sy, b.w * sx, b.h * sy))

            found.extend(_shapes(child, colours, part, inner))
            continue
        if tag not in ("sp", "pic", "cxnSp", "graphicFrame"):
            continue
        ph = child.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
        pr = child.find(qn("p:spPr")) if tag != "graphicFrame" else None
        xfrm = pr.find(qn("a:xfrm")) if pr is not None else child.find(qn("p:xfrm"))
        box = _xfrm_box(xfrm)
        if box is None or box.w <= 0 or box.h <= 0:
            continue
        box = transform(box)
        if tag == "pic":
            blip = child.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
            picture = _picture(part, blip.get(f"{{{_R}}}embed") if blip is not None else None)
            paint = Paint(box, picture=picture) if picture is not None else None
        else:
            paint = _fill(pr, colours, part, box)
            style = child.find(f"{qn('p:style')}/{qn('a:fillRef')}")
            if paint is None and style is not None and style.get("idx", "0") != "0" and len(style) \
                    and (pr is None or not any(c.tag in _FILLS for c in pr)):
                paint = Paint(box, colour(style[0], colours))
        kind = "" if ph is None else ph.get("type", "body")
        found.append(Shape(box, paint, kind))
    return found


class Ground:
    """The painted layers of one layout, bottom to top: background, the master's shapes (when
    the layout shows them), the layout's own shapes."""

    def __init__(self, layout, width: float, height: float) -> None:
        master = layout.slide_master
        self.colours = scheme(master, layout)
        slide = Box(0, 0, width, height)
        self.area = width * height
        theme = _theme(master)
        base = (_background(layout._element, self.colours, layout.part, slide, theme)
                or _background(master._element, self.colours, master.part, slide, theme) or Paint(slide, WHITE))
        shown = layout._element.get("showMasterSp") not in ("0", "false")
        own = _shapes(layout._element.find(qn("p:cSld")).find(qn("p:spTree")), self.colours, layout.part)
        mastered = _shapes(master._element.find(qn("p:cSld")).find(qn("p:spTree")), self.colours, master.part) \
            if shown else []
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
