"""Makes the shipped PowerPoint templates from python-pptx's default: clean 16:9 themes.

Run with `python assets/templates/make_default.py`; the .pptx files are committed. Each widens
every layout to 16:9, sets the theme fonts and colours, styles the master's titles and
bullets, and gives the title and section layouts a coloured ground:

- default.pptx: navy, Calibri titles and text (faces every PowerPoint has, and LibreOffice
  replaces with the metric-compatible Carlito); the title slide has a white strip below the
  navy ground with a picture placeholder for the logo;
- civic.pptx: deep teal with an orange rule, Noto Serif titles over Noto Sans text.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

HERE = Path(__file__).parent
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
INK, MUTED = "1E1E1E", "5C6670"
# the look being made; main() sets these for each template in turn
NAVY, PALE, RULE, TITLE_FONT, BODY_FONT = "14365D", "EEF2F6", "14365D", "Noto Sans", "Noto Sans"
ACCENT, LOGO = "B5452B", False
COLOURS = {"dk1": INK, "lt1": "FFFFFF", "dk2": NAVY, "lt2": PALE, "accent1": NAVY,
           "accent2": "1F5F9E", "accent3": "C0392B", "accent4": "2A9D8F", "accent5": "D4A017",
           "accent6": "7B4F9E", "hlink": "1F5F9E", "folHlink": "7B4F9E"}
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme(prs: Presentation) -> None:
    part = next(r.target_part for r in prs.slide_master.part.rels.values() if r.reltype.endswith("/theme"))
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{{{A}}}clrScheme")
    scheme.set("name", "briefkit")
    for name, value in COLOURS.items():
        slot = scheme.find(f"{{{A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    fonts = root.find(f".//{{{A}}}fontScheme")
    fonts.set("name", "briefkit")
    for kind in ("majorFont", "minorFont"):
        node = fonts.find(f"{{{A}}}{kind}")
        node.find(f"{{{A}}}latin").set("typeface", TITLE_FONT if kind == "majorFont" else BODY_FONT)
        node.find(f"{{{A}}}ea").set("typeface", "Droid Sans Fallback")
    root.set("name", "briefkit")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _widen(shapes, factor: float) -> None:
    for shape in shapes:
        if shape.left is not None:
            shape.left = Emu(int(shape.left * factor))
            shape.width = Emu(int(shape.width * factor))


def _shapes(owner):
    """A shape tree that can add autoshapes, for a master or layout (python-pptx only offers
    ``add_shape`` on slides; the XML is the same)."""
    from pptx.shapes.shapetree import SlideShapes

    return SlideShapes(owner._element.cSld.spTree, owner)


def _solid(shape, colour: str) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    shape.line.fill.background()


def _ground(layout, colour: str) -> None:
    """A full-slide rectangle behind everything on ``layout``; master shapes hidden."""
    from pptx.enum.shapes import MSO_SHAPE

    rect = _shapes(layout).add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, HEIGHT)
    _solid(rect, colour)
    rect.name = "Ground"
    tree = layout.shapes._spTree
    tree.remove(rect._element)
    tree.insert(2, rect._element)
    layout._element.set("showMasterSp", "0")


def _text_style(placeholder, size: float, colour: str, bold: bool = False, align: str = "l") -> None:
    body = placeholder._element.find(qn("p:txBody"))
    lst = body.find(qn("a:lstStyle"))
    for child in list(lst):
        lst.remove(child)
    lvl = etree.SubElement(lst, qn("a:lvl1pPr"), algn=align)
    rpr = etree.SubElement(lvl, qn("a:defRPr"), sz=str(int(size * 100)), b="1" if bold else "0")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour)


def _master(prs: Presentation) -> None:
    master = prs.slide_master
    _widen(master.shapes, WIDTH / Inches(10))
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", "2800")
    rpr.set("b", "1")
    fill = rpr.find(qn("a:solidFill"))
    fill.clear()
    etree.SubElement(fill, qn("a:schemeClr"), val="tx2")
    body = styles.find(qn("p:bodyStyle"))
    for level, size in zip(range(1, 10), (2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600, 1600)):
        node = body.find(qn(f"a:lvl{level}pPr"))
        node.find(qn("a:defRPr")).set("sz", str(size))
        for spacing in node.findall(qn("a:spcBef")):
            spacing.find(qn("a:spcPct")).set("val", "40000")
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        name = str(kind)
        if "TITLE" in name:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(0.6),
                Inches(0.35),
                Inches(12.1),
                Inches(1.1),
            )
            shape.text_frame._bodyPr.set("anchor", "b")
        elif "BODY" in name:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(0.6),
                Inches(1.75),
                Inches(12.1),
                Inches(4.9),
            )
        elif "DATE" in name:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(0.6),
                Inches(6.95),
                Inches(3),
                Inches(0.35),
            )
        elif "FOOTER" in name:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(0.6),
                Inches(6.93),
                Inches(10.1),
                Inches(0.4),
            )
        elif "SLIDE_NUMBER" in name:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(11.2),
                Inches(6.93),
                Inches(1.5),
                Inches(0.4),
            )
        if any(k in name for k in ("DATE", "FOOTER", "SLIDE_NUMBER")):
            _text_style(shape, 12, MUTED, align={"DATE": "l", "FOOTER": "l"}.get(name.split(" ")[0], "r"))
    from pptx.enum.shapes import MSO_SHAPE

    rule = _shapes(master).add_shape(MSO_SHAPE.RECTANGLE, Inches(0.6), Inches(1.52), Inches(12.1), Pt(2))
    _solid(rule, RULE)
    rule.name = "Title rule"
    band = _shapes(master).add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(6.85), WIDTH, Pt(0.75))
    _solid(band, "C5CDD3")
    band.name = "Footer rule"


def _layouts(prs: Presentation) -> None:
    factor = WIDTH / Inches(10)
    master_ph = {str(p.placeholder_format.type): p for p in prs.slide_master.placeholders}
    for layout in prs.slide_layouts:
        _widen(layout.placeholders, factor)
        for ph in layout.placeholders:
            name = str(ph.placeholder_format.type)
            if name in master_ph and any(k in name for k in ("DATE", "FOOTER", "SLIDE_NUMBER")):
                src = master_ph[name]
                ph.left, ph.top, ph.width, ph.height = src.left, src.top, src.width, src.height
            if layout.name in ("Title and Content", "Two Content", "Comparison", "Title Only",
                               "Title and Vertical Text") and name == "TITLE (1)":
                ph.left, ph.top, ph.width, ph.height = Inches(0.6), Inches(0.35), Inches(12.1), Inches(1.1)
        by_idx = {p.placeholder_format.idx: p for p in layout.placeholders}
        if layout.name == "Title and Content":
            by_idx[1].left, by_idx[1].top, by_idx[1].width, by_idx[1].height = \
                Inches(0.6), Inches(1.75), Inches(12.1), Inches(4.95)
        if layout.name == "Two Content":
            for idx, left in ((1, 0.6), (2, 6.85)):
                by_idx[idx].left, by_idx[idx].top = Inches(left), Inches(1.75)
                by_idx[idx].width, by_idx[idx].height = Inches(5.85), Inches(4.95)
        if layout.name == "Comparison":
            for idx, left, top, height in ((1, 0.6, 1.75, 0.6), (3, 6.85, 1.75, 0.6),
                                           (2, 0.6, 2.4, 4.3), (4, 6.85, 2.4, 4.3)):
                by_idx[idx].left, by_idx[idx].top = Inches(left), Inches(top)
                by_idx[idx].width, by_idx[idx].height = Inches(5.85), Inches(height)
        if layout.name == "Title Slide":
            _ground(layout, NAVY)
            title, subtitle = by_idx[0], by_idx[1]
            title.left, title.top, title.width, title.height = (
                Inches(0.8),
                Inches(1.7),
                Inches(11.7),
                Inches(2.3),
            )
            subtitle.left, subtitle.top, subtitle.width, subtitle.height = \
                Inches(0.8), Inches(4.15), Inches(11.7), Inches(1.9)
            title.text_frame._bodyPr.set("anchor", "b")
            subtitle.text_frame._bodyPr.set("anchor", "t")
            _text_style(title, 36, "FFFFFF", bold=True)
            _text_style(subtitle, 18, "DCE3EA")
            if LOGO:
                _logo_strip(layout)
            for p in (title, subtitle):
                p._element.find(qn("p:txBody")).find(qn("a:lstStyle")).find(qn("a:lvl1pPr")).set("algn", "l")
        if layout.name == "Section Header":
            _ground(layout, NAVY)
            title, body = by_idx[0], by_idx[1]
            title.left, title.top, title.width, title.height = (
                Inches(0.8),
                Inches(2.6),
                Inches(11.7),
                Inches(1.9),
            )
            body.left, body.top, body.width, body.height = Inches(0.8), Inches(4.6), Inches(11.7), Inches(1.2)
            _text_style(title, 32, "FFFFFF", bold=True)
            _text_style(body, 18, "DCE3EA")
        for ph in layout.placeholders:
            if any(k in str(ph.placeholder_format.type) for k in ("DATE", "FOOTER", "SLIDE_NUMBER")) \
                    and layout.name in ("Title Slide", "Section Header"):
                kind = str(ph.placeholder_format.type).split(" ")[0]
                _text_style(ph, 12, "DCE3EA", align={"DATE": "l", "FOOTER": "l"}.get(kind, "r"))


def _logo_strip(layout) -> None:
    """A white strip along the bottom of the title slide, under an accent rule, holding a
    picture placeholder where the deck puts the theme's logo."""
    from pptx.enum.shapes import MSO_SHAPE

    strip_top = Inches(6.25)
    strip = _shapes(layout).add_shape(MSO_SHAPE.RECTANGLE, 0, strip_top, WIDTH, HEIGHT - strip_top)
    _solid(strip, "FFFFFF")
    strip.name = "Logo strip"
    rule = _shapes(layout).add_shape(MSO_SHAPE.RECTANGLE, 0, strip_top - Pt(5), WIDTH, Pt(5))
    _solid(rule, ACCENT)
    rule.name = "Accent rule"
    tree = layout.shapes._spTree
    for shape in (strip, rule):
        tree.remove(shape._element)
        tree.insert(3, shape._element)
    sp = etree.fromstring(
        f'<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">'
        '<p:nvSpPr><p:cNvPr id="90" name="Logo"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        '<p:nvPr><p:ph type="pic" sz="quarter" idx="13"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{Inches(0.8)}" y="{Inches(6.45)}"/><a:ext cx="{Inches(3)}" '
        f'cy="{Inches(0.75)}"/>'
        '</a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr '
        'lang="en-GB"/></a:p></p:txBody></p:sp>')
    tree.append(sp)


def _drop_vertical_layouts(prs: Presentation) -> None:
    """The vertical-text layouts have no use in a briefing deck."""
    for layout in list(prs.slide_layouts):
        if "Vertical" in layout.name:
            prs.slide_layouts.remove(layout)


LOOKS = {
    "default": dict(NAVY="14365D", PALE="EEF2F6", RULE="14365D", TITLE_FONT="Calibri", BODY_FONT="Calibri",
                    LOGO=True),
    "civic": dict(NAVY="0F5257", PALE="F1F7F6", RULE="E07A1F", TITLE_FONT="Noto Serif", BODY_FONT="Noto Sans",
                  LOGO=False),
}


def main() -> None:
    for name, look in LOOKS.items():
        globals().update(look)
        COLOURS.update({"dk2": look["NAVY"], "lt2": look["PALE"], "accent1": look["NAVY"]})
        prs = Presentation()
        prs.slide_width, prs.slide_height = WIDTH, HEIGHT
        _theme(prs)
        _master(prs)
        _drop_vertical_layouts(prs)
        _layouts(prs)
        prs.core_properties.title = f"briefkit {name}"
        prs.core_properties.author = "briefkit"
        prs.save(HERE / f"{name}.pptx")


if __name__ == "__main__":
    main()
