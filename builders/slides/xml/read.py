"""A template's own XML read into plain values: its theme's colour scheme and fonts, each master's
and layout's colour map, background and shapes, the colours its text styles, a slide's runs and
table cells name, a placeholder's text direction; and a user's package parsed safely. What they
mean (which colour shows, what lies under a run, what is refused) is decided in ``ground``,
``inks`` and ``template``, which touch no XML themselves (tests/test_layout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: the colours a theme's scheme defines, in the schema's order
SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
          "hlink", "folHlink")
#: the colour elements a colour is read from (scRGB and HSL colours are not)
_COLOURS = ("srgbClr", "schemeClr", "sysClr", "prstClr")
#: the fills a shape's or background's properties may hold: the first met is the one drawn
_FILLS = (qn("a:solidFill"), qn("a:gradFill"), qn("a:blipFill"), qn("a:pattFill"), qn("a:noFill"),
          qn("a:grpFill"))
#: a run of text and a field (a slide number), the two that carry run properties
_RUNS = (qn("a:r"), qn("a:fld"))

# ------------------------------------------------------------------ colours and fills


@dataclass(frozen=True)
class ColourRef:
    """A colour as DrawingML names it, with the modifiers under it (tint, shade, lumMod …)."""

    #: the element's local name: srgbClr, schemeClr, sysClr or prstClr
    kind: str
    #: its ``val``: six hex digits, a scheme colour's, a system or preset colour's name (None: unset)
    val: str | None
    #: a system colour's ``lastClr`` (None: unset)
    last: str | None
    #: each child's local name and ``val`` ("100000" when it has none), in order
    modifiers: tuple[tuple[str, str], ...]


def _colour(node) -> ColourRef | None:
    """The colour ``node`` names, or None when it is none of :data:`_COLOURS`."""
    if node is None or etree.QName(node).localname not in _COLOURS:
        return None
    return ColourRef(etree.QName(node).localname, node.get("val"), node.get("lastClr"),
                     tuple((etree.QName(child).localname, child.get("val", "100000")) for child in node))


def _first_colour(parent) -> ColourRef | None:
    """The colour a fill (or other holder) names by its first child, or None."""
    return _colour(parent[0]) if parent is not None and len(parent) else None


@dataclass(frozen=True)
class Fill:
    """The first fill a shape's or background's properties hold."""

    #: its local name: solidFill, gradFill, blipFill, pattFill, noFill or grpFill
    kind: str
    #: a solid fill's colour, each gradient stop's, a pattern's foreground
    colours: tuple[ColourRef | None, ...] = ()
    #: a picture fill's relationship id (None: it names none)
    picture: str | None = None


def _fill(parent) -> Fill | None:
    """The first fill among ``parent``'s children (an element or a list of them), or None."""
    if parent is None:
        return None
    node = next((child for child in parent if child.tag in _FILLS), None)
    if node is None:
        return None
    kind = etree.QName(node).localname
    if kind == "solidFill":
        return Fill(kind, (_first_colour(node),))
    if kind == "gradFill":
        return Fill(kind, tuple(_colour(gs[0]) for gs in node.iter(qn("a:gs")) if len(gs)))
    if kind == "blipFill":
        blip = node.find(qn("a:blip"))
        return Fill(kind, picture=blip.get(f"{{{_R}}}embed") if blip is not None else None)
    if kind == "pattFill":
        foreground = node.find(qn("a:fgClr"))
        return Fill(kind, (_colour(foreground[0]) if foreground is not None else None,))
    return Fill(kind)


# ------------------------------------------------------------------ the theme and the colour map


def theme_part(master):
    """The theme part a slide master uses, or None."""
    return next((r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme")), None)


def theme(master):
    """A slide master's theme, parsed (None: it has none); handed back to :func:`scheme_values`
    and :func:`background_style`, which only read it: parsed once a process for the same bytes
    (finding the layouts parsed it twice for each layout of a template)."""
    part = theme_part(master)
    return None if part is None else _parsed_theme(part.blob)


_parsed_theme = lru_cache(maxsize=16)(etree.fromstring)


def scheme_values(root) -> dict[str, str | None]:
    """Each colour of :data:`SCHEME` as the theme's scheme gives it: six hex digits (a system
    colour's last value), None where it gives none."""
    found = root.find(f".//{{{_A}}}clrScheme") if root is not None else None
    values: dict[str, str | None] = {}
    for name in SCHEME:
        node = found.find(f"{{{_A}}}{name}") if found is not None else None
        value = None
        if node is not None and len(node):
            child = node[0]
            value = child.get("val") if child.tag == qn("a:srgbClr") else child.get("lastClr")
        values[name] = value
    return values


def colour_maps(master, layout=None) -> list[dict[str, str]]:
    """What the master's colour map (``p:clrMap``: bg1 → lt1 …) and a layout's override of it
    say, in that order, each only when present."""
    maps = []
    clr_map = master._element.find(qn("p:clrMap"))
    if clr_map is not None:
        maps.append(dict(clr_map.attrib))
    if layout is not None:
        override = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
        if override is not None:
            maps.append(dict(override.attrib))
    return maps


def link_colours(part) -> dict[str, ColourRef | None]:
    """A theme part's hyperlink colours (hlink, folHlink), each that the scheme gives a colour
    (the theme parsed once a process for the same bytes, as :func:`theme`: every deck asks)."""
    root = _parsed_theme(part.blob)
    found = {}
    for name in ("hlink", "folHlink"):
        node = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if node is not None and len(node):
            found[name] = _colour(node[0])
    return found


def theme_fonts(blob: bytes) -> tuple[str, str]:
    """A theme part's (major, minor) Latin typefaces (parsed once a process, as :func:`theme`)."""
    root = _parsed_theme(blob)
    ns = {"a": _A}
    major = root.find(".//a:majorFont/a:latin", ns)
    minor = root.find(".//a:minorFont/a:latin", ns)
    return (major.get("typeface") if major is not None else "",
            minor.get("typeface") if minor is not None else "")


# ------------------------------------------------------------------ backgrounds and shapes


@dataclass(frozen=True)
class Background:
    """A master's or layout's own background: a fill of its own (``p:bgPr``), or a colour and
    one of the theme's background styles (``p:bgRef``)."""

    #: a fill of its own (``own``), else a colour with a style
    own: bool
    fill: Fill | None = None
    colour: ColourRef | None = None
    #: the ``idx`` of a ``p:bgRef``: 1001 on name the theme's background fill styles
    style: str = "0"


def background(slide) -> Background | None:
    """The background a master or layout sets itself, or None."""
    bg = slide._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if bg is None:
        return None
    if bg.find(qn("p:bgPr")) is not None:
        return Background(True, _fill(bg.find(qn("p:bgPr"))))
    ref = bg.find(qn("p:bgRef"))
    if ref is not None and len(ref):
        return Background(False, colour=_colour(ref[0]), style=ref.get("idx", "0"))
    return None


def background_style(root, style: str) -> Fill | None:
    """The fill of the theme's background style a ``p:bgRef`` names, or None."""
    index = int(style) - 1001  # the theme's background fill styles, 1001 on
    styles = root.find(f".//{qn('a:bgFillStyleLst')}") if root is not None else None
    if styles is not None and 0 <= index < len(styles):
        return _fill([styles[index]])
    return None


def shows_master_shapes(layout) -> bool:
    return layout._element.get("showMasterSp") not in ("0", "false")


@dataclass(frozen=True)
class Drawn:
    """A shape of a master's or layout's own, as its XML says it (lengths in EMUs)."""

    #: sp, pic, cxnSp, graphicFrame or grpSp
    kind: str
    #: its offset and extent (x, y, cx, cy); None unless it states both
    extent: tuple[int, int, int, int] | None
    #: a placeholder's type ("body" when unset); "" for a shape that is none
    placeholder: str = ""
    #: the first fill of its shape properties (None: they hold none)
    fill: Fill | None = None
    #: a picture's relationship id
    picture: str | None = None
    #: the colour its shape style fills with (``p:style/a:fillRef`` of an idx but 0)
    style: ColourRef | None = None
    #: a group's child offset and extent (x, y, cx, cy); None unless it states both
    inner: tuple[int, int, int, int] | None = None
    #: a group's shapes
    shapes: tuple[Drawn, ...] = ()


def _extent(xfrm, offset: str = "a:off", extent: str = "a:ext") -> tuple[int, int, int, int] | None:
    off = xfrm.find(qn(offset)) if xfrm is not None else None
    ext = xfrm.find(qn(extent)) if xfrm is not None else None
    if off is None or ext is None:
        return None
    return int(off.get("x", 0)), int(off.get("y", 0)), int(ext.get("cx", 0)), int(ext.get("cy", 0))


def _drawn(child) -> Drawn | None:
    tag = etree.QName(child).localname
    if tag == "grpSp":
        pr = child.find(qn("p:grpSpPr"))
        xfrm = pr.find(qn("a:xfrm")) if pr is not None else None
        return Drawn(tag, _extent(xfrm), inner=_extent(xfrm, "a:chOff", "a:chExt"), shapes=_tree(child))
    if tag not in ("sp", "pic", "cxnSp", "graphicFrame"):
        return None
    ph = child.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
    kind = "" if ph is None else ph.get("type", "body")
    pr = child.find(qn("p:spPr")) if tag != "graphicFrame" else None
    extent = _extent(pr.find(qn("a:xfrm")) if pr is not None else child.find(qn("p:xfrm")))
    if tag == "pic":
        blip = child.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
        return Drawn(tag, extent, kind, picture=blip.get(f"{{{_R}}}embed") if blip is not None else None)
    style = child.find(f"{qn('p:style')}/{qn('a:fillRef')}")
    styled = _colour(style[0]) if style is not None and style.get("idx", "0") != "0" and len(style) else None
    return Drawn(tag, extent, kind, _fill(pr), style=styled)


def _tree(tree) -> tuple[Drawn, ...]:
    return tuple(d for d in (_drawn(child) for child in tree) if d is not None)


def shapes(slide) -> tuple[Drawn, ...]:
    """A master's or layout's shapes (placeholders too), bottom to top."""
    return _tree(slide._element.find(qn("p:cSld")).find(qn("p:spTree")))


# ------------------------------------------------------------------ text styles, runs and cells


def _list_colour(style) -> ColourRef | None:
    """The run colour a list style names (its first level's default run properties), or None."""
    if style is None:
        return None
    return _first_colour(style.find(f".//{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}"))


def text_style_colours(master) -> dict[str, ColourRef | None]:
    """The run colours a master's title and body text styles name."""
    styles = master._element.find(qn("p:txStyles"))
    return {"title": _list_colour(styles.find(qn("p:titleStyle")) if styles is not None else None),
            "body": _list_colour(styles.find(qn("p:bodyStyle")) if styles is not None else None)}


def placeholder_colour(placeholder) -> ColourRef | None:
    """The run colour a placeholder's own list style names (a footer's grey), or None."""
    return _list_colour(placeholder._element.find(f".//{qn('a:lstStyle')}"))


def extent(shape) -> tuple[int | None, int | None, int | None, int | None]:
    """A shape's own left, top, width and height in EMU, as its XML gives them (None where it
    gives none: a placeholder then takes its layout's)."""
    element = shape._element
    return element.x, element.y, element.cx, element.cy


def solid_fill(shape) -> ColourRef | None:
    """The colour of a shape's own solid fill, or None."""
    pr = shape._element.find(qn("p:spPr"))
    return _first_colour(pr.find(qn("a:solidFill")) if pr is not None else None)


def anchor(shape) -> str:
    """Where a shape's text frame sets its text: t(op), ctr or b(ottom)."""
    body = shape._element.find(qn("p:txBody"))
    pr = body.find(qn("a:bodyPr")) if body is not None else None
    return pr.get("anchor", "t") if pr is not None else "t"


@dataclass(frozen=True)
class Run:
    """A run of text (or a field) as its properties say it."""

    #: the run's element, handed back to :func:`builders.slides.xml.write.run_colour`
    element: Any
    #: its size in points (0: unset)
    size: float
    bold: bool
    #: the colour of its own solid fill (None: it names none)
    colour: ColourRef | None


def _runs(body) -> list[Run]:
    found = []
    for run in (body.iter(*_RUNS) if body is not None else ()):
        rpr = run.find(qn("a:rPr"))
        if rpr is None:
            found.append(Run(run, 0.0, False, None))
            continue
        found.append(Run(run, int(rpr.get("sz", "0")) / 100, rpr.get("b") == "1",
                         _first_colour(rpr.find(qn("a:solidFill")))))
    return found


def text_runs(shape) -> list[Run]:
    """The runs of a shape's text frame."""
    return _runs(shape._element.find(qn("p:txBody")))


def table_cells(shape) -> list[tuple[ColourRef | None, list[Run]]]:
    """Each cell of a table: the colour of its solid fill (None: none) and its runs."""
    return [
        (
            _first_colour(
                pr.find(qn("a:solidFill")) if (pr := cell.find(qn("a:tcPr"))) is not None else None
            ),
            _runs(cell.find(qn("a:txBody"))),
        )
        for cell in shape._element.iter(qn("a:tc"))
    ]


def text_direction(placeholder) -> str | None:
    """The ``vert`` of a placeholder's own ``a:bodyPr`` (None: it says nothing)."""
    body = placeholder._element.find(f".//{qn('a:bodyPr')}")
    return body.get("vert") if body is not None else None


def bold_titles(master) -> bool:
    rpr = master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    return rpr is None or rpr.get("b") != "0"  # a template that says nothing: measure as bold


# ------------------------------------------------------------------ a user's package, parsed safely

#: parses a part without loading a DTD, resolving an entity or touching the network
_UNTRUSTED = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Untrusted:
    """A part of a user's package, parsed with :data:`_UNTRUSTED`."""

    #: its root element (None when it is not XML), handed back to :func:`presentation`
    root: Any = None
    #: whether it declares a document type (``<!DOCTYPE>``, entities)
    doctype: bool = False
    #: why it is not well-formed XML (None: it is)
    error: str | None = None


def untrusted(data: bytes) -> Untrusted:
    """A part's bytes parsed without a DTD, an entity or the network."""
    try:
        tree = etree.fromstring(data, _UNTRUSTED).getroottree()
    except etree.XMLSyntaxError as error:
        return Untrusted(error=str(error))
    return Untrusted(tree.getroot(), bool(tree.docinfo.doctype or tree.docinfo.internalDTD is not None))


@dataclass(frozen=True)
class Presentation:
    """What ``ppt/presentation.xml`` says of the slides."""

    #: whether it lists a slide master
    master: bool
    #: the slide size's ``cx`` and ``cy`` as written ("" where unset); None when it gives none
    size: tuple[str, str] | None


def presentation(root) -> Presentation:
    p = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
    size = root.find(f"{p}sldSz")
    return Presentation(root.find(f"{p}sldMasterIdLst/{p}sldMasterId") is not None,
                        (size.get("cx", ""), size.get("cy", "")) if size is not None else None)
