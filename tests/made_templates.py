"""Templates made here with the properties found in organisations' real ones (python-pptx's
default template edited with lxml): the tests never read a template they did not make."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _layout(prs, name):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def _place(shape, x, y, w, h) -> None:
    """Give a placeholder its own whole box (setting one side alone leaves the others 0)."""
    shape.left, shape.top, shape.width, shape.height = Emu(int(x)), Emu(int(y)), Emu(int(w)), Emu(int(h))


def _solid(colour: str):
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour)
    return fill


def _rect(tree, name: str, box, colour: str) -> None:
    """A filled rectangle (a band, a disc's stand-in) in a layout's or master's shape tree."""
    x, y, w, h = (str(int(v)) for v in box)
    sp = etree.SubElement(tree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id=str(900 + len(tree)), name=name)
    etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(nv, qn("p:nvPr"))
    pr = etree.SubElement(sp, qn("p:spPr"))
    xfrm = etree.SubElement(pr, qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), x=x, y=y)
    etree.SubElement(xfrm, qn("a:ext"), cx=w, cy=h)
    geom = etree.SubElement(pr, qn("a:prstGeom"), prst="rect")
    etree.SubElement(geom, qn("a:avLst"))
    pr.append(_solid(colour))
    tree.insert(2, sp)  # behind the placeholders


def vertical_title_larger(path: Path) -> Path:
    """'Vertical Title and Text' with a body larger than 'Title and Content''s (the Depth design)."""
    prs = Presentation()
    body = [ph for ph in _layout(prs, "Title and Content").placeholders if ph.placeholder_format.idx == 1][0]
    _place(body, body.left, body.top, body.width, int(body.height * 0.85))
    vertical = _layout(prs, "Vertical Title and Text")
    for ph in vertical.placeholders:
        if ph.placeholder_format.idx == 1:
            _place(ph, ph.left, ph.top, int(ph.width * 1.05), ph.height)
    prs.save(path)
    return path


def black_master(path: Path) -> Path:
    """A black master background, the colour map's text light (bg1 = dk1, tx1 = lt1)."""
    prs = Presentation()
    master = prs.slide_master._element
    csld = master.find(qn("p:cSld"))
    old = csld.find(qn("p:bg"))
    if old is not None:
        csld.remove(old)
    bg = etree.Element(qn("p:bg"))
    pr = etree.SubElement(bg, qn("p:bgPr"))
    pr.append(_solid("000000"))
    etree.SubElement(pr, qn("a:effectLst"))
    csld.insert(0, bg)
    master.find(qn("p:clrMap")).attrib.update({"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})
    prs.save(path)
    return path


def coloured_band(path: Path) -> Path:
    """A dark red band behind 'Title and Content''s title, and a dark teal one along its foot."""
    prs = Presentation()
    layout = _layout(prs, "Title and Content")
    tree = layout._element.find(qn("p:cSld")).find(qn("p:spTree"))
    _rect(tree, "Band", (0, 0, prs.slide_width, Emu(1500000)), "8B0000")
    _rect(tree, "Foot band", (0, prs.slide_height - Emu(700000), prs.slide_width, Emu(700000)), "0F4C4C")
    prs.save(path)
    return path


def dark_and_light(path: Path) -> Path:
    """A dark 'Title and Content' (the larger body) beside a light 'Content with Caption' whose
    caption is shrunk to a corner: the design offers both grounds."""
    prs = Presentation()
    dark = _layout(prs, "Title and Content")._element.find(qn("p:cSld"))
    bg = etree.Element(qn("p:bg"))
    pr = etree.SubElement(bg, qn("p:bgPr"))
    pr.append(_solid("101820"))
    etree.SubElement(pr, qn("a:effectLst"))
    dark.insert(0, bg)
    light = _layout(prs, "Content with Caption")
    caption = [ph for ph in light.placeholders if ph.placeholder_format.type == 2][0]  # BODY
    _place(caption, caption.left, caption.top, Emu(900000), Emu(300000))
    prs.save(path)
    return path


def libreoffice_title(path: Path) -> Path:
    """LibreOffice's way: the title slide with a plain title placeholder (not a centred one),
    layouts named as LibreOffice names them, no Title Only layout."""
    prs = Presentation()
    names = {"Title Slide": "Title Slide", "Title and Content": "Title, Content",
             "Two Content": "Title, 2 Content",
             "Blank": "Blank Slide"}
    for layout in list(prs.slide_layouts):
        if layout.name not in names:
            prs.slide_layouts.remove(layout)
        else:
            layout.name = names[layout.name]
    title = _layout(prs, "Title Slide").placeholders[0]._element
    title.find(f".//{qn('p:ph')}").set("type", "title")
    prs.save(path)
    return without_view_props(path)


def no_title_only(path: Path) -> Path:
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name in ("Title Only", "Section Header", "Blank"):
            prs.slide_layouts.remove(layout)
    prs.save(path)
    return path


def corner_tag(path: Path) -> Path:
    """'Title and Content' with a small extra text placeholder in its top-right corner."""
    prs = Presentation()
    layout = _layout(prs, "Title and Content")
    body = [ph for ph in layout.placeholders if ph.placeholder_format.idx == 1][0]._element
    tag = copy.deepcopy(body)
    tag.find(f".//{qn('p:ph')}").set("idx", "13")
    tag.find(f".//{qn('p:cNvPr')}").set("id", "99")
    tag.find(f".//{qn('p:cNvPr')}").set("name", "Corner tag")
    xfrm = tag.find(f".//{qn('a:xfrm')}")
    if xfrm is None:
        pr = tag.find(qn("p:spPr"))
        xfrm = etree.SubElement(pr, qn("a:xfrm"))
        etree.SubElement(xfrm, qn("a:off"))
        etree.SubElement(xfrm, qn("a:ext"))
    xfrm.find(qn("a:off")).attrib.update({"x": str(prs.slide_width - 1600000), "y": "100000"})
    xfrm.find(qn("a:ext")).attrib.update({"cx": "1400000", "cy": "400000"})
    body.getparent().append(tag)
    prs.save(path)
    return path


def logo_in_body(path: Path, logo: Path) -> Path:
    """A logo on 'Title and Content' inside its body placeholder's box (top right)."""
    prs = Presentation()
    layout = _layout(prs, "Title and Content")
    body = [ph for ph in layout.placeholders if ph.placeholder_format.idx == 1][0]
    # a picture added through a throwaway slide's shapes, then moved onto the layout
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    pic = slide.shapes.add_picture(str(logo), body.left + body.width - Emu(1400000), body.top + Emu(100000),
                                   Emu(1300000), Emu(1300000))
    rid = pic._element.find(f".//{qn('a:blip')}").get(qn("r:embed"))
    image_part = slide.part.related_part(rid)
    new_rid = layout.part.relate_to(image_part, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                                "relationships/image")
    element = copy.deepcopy(pic._element)
    element.find(f".//{qn('a:blip')}").set(qn("r:embed"), new_rid)
    element.find(f".//{qn('p:cNvPr')}").set("name", "Organisation logo")
    layout._element.find(qn("p:cSld")).find(qn("p:spTree")).append(element)
    prs.save(path)
    return path


def office_2007(path: Path) -> Path:
    """PowerPoint 2007's app.xml (AppVersion 12, its own slide counts)."""
    prs = Presentation()
    prs.save(path)
    app = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
           b'openxmlformats.org/officeDocument/2006/extended-properties"><TotalTime>12</TotalTime><Words>345'
           b'</Words><Application>Microsoft Office PowerPoint</Application><Slides>7</Slides><AppVersion>'
           b'12.0000</AppVersion></Properties>')
    return _rewrite(path, lambda name, blob: app if name == "docProps/app.xml" else blob)


def without_view_props(path: Path) -> Path:
    """The package without its viewProps part (as LibreOffice writes it)."""
    def change(name, blob):
        if name == "ppt/_rels/presentation.xml.rels":
            root = etree.fromstring(blob)
            for rel in list(root):
                if rel.get("Type", "").endswith("/viewProps"):
                    root.remove(rel)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if name == "[Content_Types].xml":
            root = etree.fromstring(blob)
            for item in list(root):
                if item.get("PartName") == "/ppt/viewProps.xml":
                    root.remove(item)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return blob
    return _rewrite(path, change, drop="ppt/viewProps.xml")


def content_in_second_master(path: Path) -> Path:
    """Two masters: the first holds the title slide and a blank layout only, the second (a copy
    of the first) the content layouts."""
    prs = Presentation()
    prs.save(path)
    data = path.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {n: source.read(n) for n in source.namelist()}
    keep_first = {"slideLayout1.xml", "slideLayout7.xml"}  # Title Slide, Blank
    m1_rels = etree.fromstring(files["ppt/slideMasters/_rels/slideMaster1.xml.rels"])
    master = etree.fromstring(files["ppt/slideMasters/slideMaster1.xml"])
    rid_of = {rel.get("Target").split("/")[-1]: rel.get("Id") for rel in m1_rels}
    second_rels = etree.fromstring(files["ppt/slideMasters/_rels/slideMaster1.xml.rels"])
    master2 = copy.deepcopy(master)
    ids1 = master.find(qn("p:sldLayoutIdLst"))
    ids2 = master2.find(qn("p:sldLayoutIdLst"))
    for target, rid in rid_of.items():
        if not target.startswith("slideLayout"):
            continue
        first = target in keep_first
        for lst, rels, keep in ((ids1, m1_rels, first), (ids2, second_rels, not first)):
            if keep:
                continue
            for item in list(lst):
                if item.get(qn("r:id")) == rid:
                    lst.remove(item)
            for rel in list(rels):
                if rel.get("Id") == rid:
                    rels.remove(rel)
        if not first:
            layout_rels = f"ppt/slideLayouts/_rels/{target}.rels"
            files[layout_rels] = files[layout_rels].replace(b"slideMaster1.xml", b"slideMaster2.xml")
    for n, item in enumerate(ids2):  # layout ids unique across the package
        item.set("id", str(2147483700 + n))
    files["ppt/slideMasters/slideMaster1.xml"] = etree.tostring(master, xml_declaration=True,
                                                                encoding="UTF-8",
                                                                 standalone=True)
    files["ppt/slideMasters/slideMaster2.xml"] = etree.tostring(master2, xml_declaration=True,
                                                                encoding="UTF-8",
                                                                 standalone=True)
    files["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = etree.tostring(m1_rels)
    files["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = etree.tostring(second_rels).replace(
        b"theme1.xml", b"theme2.xml")
    files["ppt/theme/theme2.xml"] = files["ppt/theme/theme1.xml"]
    pres = etree.fromstring(files["ppt/presentation.xml"])
    lst = pres.find(qn("p:sldMasterIdLst"))
    etree.SubElement(lst, qn("p:sldMasterId"), id="2147483690").set(qn("r:id"), "rId900")
    files["ppt/presentation.xml"] = etree.tostring(pres, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
    files["ppt/_rels/presentation.xml.rels"] = files["ppt/_rels/presentation.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId900" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/slideMaster" Target="slideMasters/slideMaster2.xml"/></Relationships>',
    )
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/'
        b'theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
        b"</Types>",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in files.items():
            target.writestr(name, blob)
    path.write_bytes(out.getvalue())
    return path


def no_slide_numbers(path: Path) -> Path:
    """No slide-number placeholder on the master or any layout (an organisation's template that
    numbers nothing)."""
    prs = Presentation()
    for owner in (prs.slide_master, *prs.slide_layouts):
        for ph in list(owner.placeholders):
            if ph.placeholder_format.type == 13:  # PP_PLACEHOLDER.SLIDE_NUMBER
                ph._element.getparent().remove(ph._element)
    prs.save(path)
    return path


def subtitle_strip_above_title(path: Path) -> Path:
    """The cover's subtitle a one-line strip above the title, near the foot of the slide (as the
    Depth design has it): too little for a subtitle, byline and date."""
    prs = Presentation()
    cover = prs.slide_layouts[0]
    for ph in cover.placeholders:
        if ph.placeholder_format.idx == 0:  # the title, low on the slide
            _place(ph, ph.left, Emu(380 * 12700), ph.width, Emu(110 * 12700))
        elif ph.placeholder_format.idx == 1:  # the subtitle: a strip just above it
            _place(ph, ph.left, Emu(330 * 12700), ph.width, Emu(40 * 12700))
    prs.save(path)
    return path


def arial_theme(path: Path) -> Path:
    """python-pptx's template with its theme's fonts Arial (which briefkit's themes do not ship)."""
    Presentation().save(path)
    return _rewrite(path, lambda name, blob: blob.replace(b'typeface="Calibri"', b'typeface="Arial"')
                    if name == "ppt/theme/theme1.xml" else blob)


def _rewrite(path: Path, change, drop: str = "") -> Path:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != drop:
                target.writestr(name, change(name, source.read(name)))
    path.write_bytes(out.getvalue())
    return path
