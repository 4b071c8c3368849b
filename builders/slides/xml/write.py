"""The deck's raw XML written: what python-pptx's API does not reach (bullets, the slide number
field, font slots, right-to-left paragraphs, a run's colour, alt text, the decorative mark,
shapes removed, a chart's axes and plot area, a theme's link colours), with lxml on the elements
python-pptx holds. The rest of the deck's writer calls these (and ``read``, for what a template
says) and touches no XML itself (tests/test_layout.py)."""

from __future__ import annotations

import functools
import hashlib
from copy import deepcopy
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from ...store import remember
from ..slide import Box

# ------------------------------------------------------------------ python-pptx's lookups


def fast_lookups() -> None:
    """Have python-pptx evaluate each of its XPath expressions compiled once (``etree.XPath``,
    with the same namespaces), not compiled again on every call, and turn each ``p:tag`` name
    into its namespaced form once (``qn``), not parsed again on every call: its ``xpath`` method
    compiled its expression once for each shape each time it asked whether a shape is a
    placeholder, about 50 µs a time, a tenth of a one-page edition's CPU time in a batch, and
    ``qn`` ran a dozen times each time an element was added (once for each tag that may follow
    it). The same expressions and names, the same answers. ``qn`` is replaced in the modules
    of python-pptx loaded so far (each holds its own reference), so this runs again as more
    are loaded, and in this package's own (reading a slide's runs and setting their colours
    asked it some 5,000 times a deck). Two of its lookups asked thousands of times a deck are
    replaced by walks to the same answer (:func:`_first_child_found_in`, :func:`_ph`)."""
    import sys
    from functools import lru_cache

    from pptx.oxml import ns
    from pptx.oxml.xmlchemy import BaseOxmlElement

    cached: Any = ns.qn
    if not hasattr(cached, "original"):
        cached = lru_cache(maxsize=4096)(ns.qn)
        cached.original, cached.modules = ns.qn, 0
    if cached.modules != len(sys.modules):  # modules loaded since: python-pptx's charts, say
        cached.modules = len(sys.modules)
        owners = ("pptx.", f"{__package__}.")  # (python-pptx's modules, and builders.slides.xml's)
        for name, module in list(sys.modules.items()):
            if name.startswith(owners) and getattr(module, "qn", None) is cached.original:
                module.qn = cached  # type: ignore[attr-defined]
    if getattr(BaseOxmlElement.xpath, "compiled", False):
        return
    compiled: dict[str, etree.XPath] = {}

    def xpath(self, xpath_str: str):
        found = compiled.get(xpath_str)
        if found is None:
            found = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=ns._nsmap)
        return found(self)

    xpath.compiled = True  # type: ignore[attr-defined]
    BaseOxmlElement.xpath = xpath  # type: ignore[method-assign]
    BaseOxmlElement.first_child_found_in = _first_child_found_in  # type: ignore[method-assign]
    from pptx.oxml.shapes.shared import BaseShapeElement

    BaseShapeElement.ph = property(_ph)  # type: ignore[method-assign, assignment]


def _ph(self):
    """python-pptx's ``BaseShapeElement.ph`` (is a shape a placeholder: 7,000 times a deck), the
    answer of its ``./*[1]/p:nvPr/p:ph`` walked to rather than evaluated as XPath."""
    first = next(self.iterchildren(etree.Element), None)
    if first is None:
        return None
    for properties in first.iterchildren(qn("p:nvPr")):
        found = properties.find(qn("p:ph"))
        if found is not None:
            return found
    return None


def _first_child_found_in(self, *tagnames: str):
    """python-pptx's ``first_child_found_in`` (where an element added goes: before the first of
    the tags that may follow it), with the same answer: the first child with the first of
    ``tagnames`` that has one. It looked for each tag in turn (a dozen, adding a run's
    properties), mostly in an element with no child yet: some 8,000 times a deck."""
    if len(self) == 0:
        return None
    wanted = _clark_names(tagnames)
    first: dict[str, Any] = {}
    for child in self:
        if child.tag in wanted and child.tag not in first:
            first[child.tag] = child
    return next((first[name] for name in wanted if name in first), None)


@functools.lru_cache(maxsize=1024)
def _clark_names(tagnames: tuple[str, ...]) -> dict[str, None]:
    """``tagnames`` in their namespaced form, in their order (a dict: ordered, and quick to ask)."""
    return dict.fromkeys(qn(tag) for tag in tagnames)


# ------------------------------------------------------------------ paragraphs and runs


def bullet(paragraph, margin: int, indent: int, level: int, number: int | None) -> None:
    """A bullet ("•" in the body font) or, with ``number``, an automatic number ("1." at the
    first level, "a." under it), hung ``indent`` EMUs from a ``margin``."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(margin))
    ppr.set("indent", str(indent))
    paragraph.level = min(level, 8)
    if number is not None:
        etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
        scheme = "arabicPeriod" if level == 0 else "alphaLcPeriod"  # 1. then a., as in the brief
        etree.SubElement(ppr, qn("a:buAutoNum"), type=scheme, startAt=str(number))
    else:  # the bullet in the body font, which has it, not a symbol font some programs lack
        etree.SubElement(ppr, qn("a:buFont"), typeface="+mn-lt")
        etree.SubElement(ppr, qn("a:buChar"), char="\u2022")


def no_bullet(paragraph) -> None:
    """No bullet and no indent, whatever the placeholder's list style says."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    if ppr.find(qn("a:buNone")) is None:
        etree.SubElement(ppr, qn("a:buNone"))


def right_to_left(paragraph) -> None:
    """A paragraph running right to left, set to the right unless it says otherwise."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("rtl", "1")
    if ppr.get("algn") in (None, "l"):
        ppr.set("algn", "r")


def run_language(run, lang: str, superscript: bool):
    """The run's language tag (and a note number's raised baseline); its ``a:rPr``, for :func:`font_slot`."""
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", lang)
    if superscript:
        rpr.set("baseline", "30000")
    return rpr


def remove_run(paragraph, run) -> None:
    paragraph._p.remove(run._r)


def slide_number_field(paragraph, number: int, size: float, language: str) -> None:
    """The slide number as a field PowerPoint updates, with a GUID fixed by the number (the same bytes each
    build)."""
    guid = hashlib.md5(f"slide-number-{number}".encode()).hexdigest().upper()
    field_id = "{" + f"{guid[:8]}-{guid[8:12]}-{guid[12:16]}-{guid[16:20]}-{guid[20:32]}" + "}"
    fld = etree.SubElement(paragraph._p, qn("a:fld"), id=field_id, type="slidenum")
    etree.SubElement(fld, qn("a:rPr"), lang=language, sz=str(int(size * 100)))
    text = etree.SubElement(fld, qn("a:t"))
    text.text = str(number)


#: what may follow a font slot inside a:rPr (CT_TextCharacterProperties' sequence)
_AFTER_SLOTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def font_slot(rpr, tag: str, typeface: str) -> None:
    """Name ``typeface`` in the run's ``tag`` slot (a:latin, a:ea or a:cs), in schema order."""
    slot = etree.Element(qn(tag), typeface=typeface)
    order = ("a:latin", "a:ea", "a:cs", *_AFTER_SLOTS)
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    following = next((child for child in rpr if child.tag in later), None)
    if following is None:
        rpr.append(slot)
    else:
        following.addprevious(slot)


#: what follows a:solidFill inside a:rPr (CT_TextCharacterProperties' sequence)
_AFTER_FILL = tuple(qn(t) for t in ("a:effectLst", "a:effectDag", "a:highlight", "a:uLnTx", "a:uLn",
                                    "a:uFillTx",
                                    "a:uFill", "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
                                    "a:hlinkMouseOver", "a:rtl", "a:extLst"))


def run_colour(run, hex_digits: str) -> None:
    """A run (or field) set in the colour ``hex_digits`` ("1F2937"), in place of any fill it had."""
    rpr = run.find(qn("a:rPr"))
    if rpr is None:
        rpr = etree.SubElement(run, qn("a:rPr"))
        run.insert(0, rpr)
    for old in rpr.findall(qn("a:solidFill")) + rpr.findall(qn("a:noFill")) + rpr.findall(qn("a:gradFill")):
        rpr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=hex_digits)
    after = next((child for child in rpr if child.tag in _AFTER_FILL), None)
    if after is None:
        rpr.append(fill)
    else:
        after.addprevious(fill)


# ------------------------------------------------------------------ shapes


def remove(shape) -> None:
    """Take ``shape`` off its slide (a placeholder the slide leaves empty)."""
    shape._element.getparent().remove(shape._element)


#: the extension PowerPoint writes for "Mark as decorative" (Office 2019 and 365), as it writes it
_DECORATIVE = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
               'val="1"/></a:ext></a:extLst>')


def mark_decorative(shape) -> None:
    """Mark ``shape`` decorative: screen readers skip it (a bar, a rule, a card's ground)."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.attrib.pop("descr", None)
    c_nv_pr.append(etree.fromstring(_DECORATIVE))


def describe_shape(shape, text: str) -> None:
    """``text`` as the shape's description (its alt text), whatever kind of shape it is."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def no_effect(shape) -> None:
    """LibreOffice draws the style's theme effect (a shadow) over an empty effect list: refer to none."""
    ref = shape._element.find(".//" + qn("a:effectRef"))
    if ref is not None:
        ref.set("idx", "0")


def behind(shape, other) -> None:
    """``shape`` drawn under ``other`` (a band under its chart)."""
    other._element.addprevious(shape._element)


def one_line(text_frame) -> None:
    text_frame._bodyPr.set("wrap", "none")


# ------------------------------------------------------------------ parts and slides


def copied(part):
    """A deep copy of a part's XML (a kept slide, copied into a new deck)."""
    return deepcopy(part._element)


def notes(slide, text: str, blanks: dict) -> None:
    """The slide's speaker notes set to ``text`` (through python-pptx's ``notes_slide``). A slide
    without notes gets python-pptx's notes slide, which clones the notes master's placeholders
    (most of a copied slide's time in a batch); once made, that blank notes slide is kept in
    ``blanks`` by the notes master's XML, and the next slide over the same master gets a copy
    of it, in a part made and related as python-pptx makes and relates it: the same bytes. A
    notes slide is kept with its text as well (by the master's XML and the text), and a slide
    with the same notes gets a copy of that instead: the editions of a batch share the notes
    of the slides they share, and setting the text through python-pptx was most of the rest."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import NotesSlidePart

    part = slide.part
    if not slide.has_notes_slide:
        package = part.package
        master = package.presentation_part.notes_master_part  # made from a default when missing
        key = etree.tostring(master._element)
        filled = blanks.get((key, text))
        blank = filled if filled is not None else blanks.get(key)
        for used in ((key, text), key):  # (the most recently used last)
            if used in blanks:
                blanks[used] = blanks.pop(used)
        if blank is None:
            blanks[key] = deepcopy(slide.notes_slide._element)  # as python-pptx made it, still blank
        else:  # NotesSlidePart.new and SlidePart._add_notes_slide_part, the placeholders copied
            made = NotesSlidePart(_next_notes_name(package.presentation_part), CT.PML_NOTES_SLIDE,
                                  package, deepcopy(blank))
            made.relate_to(master, RT.NOTES_MASTER)
            made.relate_to(part, RT.SLIDE)
            part.relate_to(made, RT.NOTES_SLIDE)
        if filled is None:
            slide.notes_slide.notes_text_frame.text = text
            remember(blanks, (key, text), deepcopy(slide.notes_slide._element), _MOST_NOTES)
        return
    slide.notes_slide.notes_text_frame.text = text


#: how many notes slides, blank or with their text, a session keeps (:func:`notes`)
_MOST_NOTES = 64


def _next_notes_name(presentation):
    """The name python-pptx's ``package.next_partname`` gives a new notes slide (the lowest
    number no notes slide has), from the notes slides of the presentation's slides, the only
    parts that relate to one, rather than from a walk of every part of the package for every
    slide (a twentieth of a batch edition's deck, profiled)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI

    taken = {str(notes.target_partname) for rel in presentation.rels.values() if rel.reltype == RT.SLIDE
             for notes in rel.target_part.rels.values() if notes.reltype == RT.NOTES_SLIDE}
    number = 1
    while f"/ppt/notesSlides/notesSlide{number}.xml" in taken:
        number += 1
    return PackURI(f"/ppt/notesSlides/notesSlide{number}.xml")


def drop_slides(prs) -> None:
    """Take every slide out of the presentation's list, and its relationship with it (the list
    read from the presentation's XML, not through ``prs.slides``: that proxy, once made, keeps
    the list, and a template kept to copy must hold no proxy of a child, see :mod:`.opened`)."""
    id_list = prs.part._element.get_or_add_sldIdLst()
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def add_slide_id(prs, rel_id: str) -> None:
    """List a slide part related as ``rel_id`` among the presentation's slides (as ``add_slide`` does)."""
    prs.slides._sldIdLst.add_sldId(rel_id)


def link_colours(part, colours: dict[str, str]) -> None:
    """A theme part's hyperlink colours (``hlink``, ``folHlink``) set to six hex digits each."""
    root = etree.fromstring(part.blob)
    for name, hex_digits in colours.items():
        node = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        node.remove(node[0])
        etree.SubElement(node, qn("a:srgbClr"), val=hex_digits)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ------------------------------------------------------------------ charts


def value_axis_crosses_max(chart) -> None:
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")


def positive_axis_ids(chart) -> None:
    """python-pptx's chart templates number the axes with negative ids, which the schema's
    unsignedInt rejects (PowerPoint repairs the file): each is renumbered from 50,000,001 in
    the order met (below 2**31, which LibreOffice reads as a signed number), so axes that cross
    still name each other."""
    ids: dict[str, str] = {}
    for element in chart._chartSpace.xpath(".//c:axId | .//c:crossAx"):
        value = element.get("val")
        if int(value) < 0:
            element.set("val", ids.setdefault(value, str(50_000_001 + len(ids))))


def place_plot(chart, frame: Box, plot: Box) -> None:
    """Put the chart's inner plot area at ``plot`` (points on the slide) inside ``frame``, and
    leave the chart's and plot's grounds empty so shapes under the chart show through."""
    area = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:plotArea')}")
    old = area.find(qn("c:layout"))
    if old is not None:
        area.remove(old)
    layout = etree.Element(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                       ("x", (plot.x - frame.x) / frame.w), ("y", (plot.y - frame.y) / frame.h),
                       ("w", plot.w / frame.w), ("h", plot.h / frame.h)):
        etree.SubElement(manual, qn(f"c:{tag}"), val=value if isinstance(value, str) else f"{value:.5f}")
    area.insert(0, layout)
    for owner in (chart._chartSpace, area):
        sppr = owner.find(qn("c:spPr"))
        if sppr is None:
            sppr = etree.SubElement(owner, qn("c:spPr"))
            if owner is chart._chartSpace:  # c:spPr comes right after c:chart in a chart space
                owner.remove(sppr)
                owner.find(qn("c:chart")).addnext(sppr)
        for child in list(sppr):
            sppr.remove(child)
        etree.SubElement(sppr, qn("a:noFill"))
        line = etree.SubElement(sppr, qn("a:ln"))
        etree.SubElement(line, qn("a:noFill"))


def text_counts(slide) -> tuple[int, int]:
    """The paragraphs and words of the text frames python-pptx sees on ``slide``: every shape of
    its tree (not inside a group) that is an autoshape, text box or placeholder (python-pptx
    gives one a txBody when asked for its frame), its paragraphs and their runs' words."""
    paragraphs = words = 0
    for shape in slide.shapes._spTree.iter_shape_elms():
        if shape.tag != qn("p:sp"):
            continue
        for paragraph in shape.get_or_add_txBody().iterchildren(qn("a:p")):
            paragraphs += 1
            words += sum(
                len((run.findtext(qn("a:t")) or "").split()) for run in paragraph.iterchildren(qn("a:r"))
            )
    return paragraphs, words
