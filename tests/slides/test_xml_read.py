"""``slides/xml/read.py`` and the run colour of ``xml/write.py``: a template's own XML read
into plain values, on python-pptx's default template and templates made by the tests."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from made_templates import black_master, coloured_band
from pptx import Presentation
from pptx.util import Pt

from builders.slides import xml
from builders.slides.ground import Ground, colour
from builders.slides.units import points


def test_the_default_theme_and_master_read():
    prs = Presentation()
    master = prs.slide_master
    values = xml.read.scheme_values(xml.read.theme(master))
    assert list(values) == list(xml.read.SCHEME)
    assert (values["dk1"], values["lt1"], values["accent1"], values["hlink"]) == ("000000", "FFFFFF",
                                                                                  "4F81BD", "0000FF")
    assert xml.read.colour_maps(master)[0]["bg1"] == "lt1"
    background = xml.read.background(master)
    assert background is not None and not background.own and background.style == "1001"
    assert background.colour == xml.read.ColourRef("schemeClr", "bg1", None, ())
    assert xml.read.text_style_colours(master)["title"] == xml.read.ColourRef("schemeClr", "tx1", None, ())
    kinds = [d.placeholder for d in xml.read.shapes(prs.slide_layouts[1])]
    assert kinds == ["title", "body", "dt", "ftr", "sldNum"]


def test_a_black_master_and_a_band_read(tmp_path):
    master = Presentation(str(black_master(tmp_path / "black.pptx"))).slide_master
    background = xml.read.background(master)
    assert background is not None and background.own
    assert background.fill == xml.read.Fill("solidFill", (xml.read.ColourRef("srgbClr", "000000", None, ()),))
    assert xml.read.colour_maps(master)[0]["tx1"] == "lt1"
    prs = Presentation(str(coloured_band(tmp_path / "band.pptx")))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    bands = [d for d in xml.read.shapes(layout) if not d.placeholder]  # bottom to top: each went in at 2
    assert [(d.kind, d.fill.colours[0].val if d.fill else None) for d in bands] == [("sp", "0F4C4C"), ("sp",
                                                                                                       "8B0000")]
    assert bands[1].extent == (0, 0, prs.slide_width, 1500000)
    # and what ground.py decides of them: the band's red under the title, white under the body
    ground = Ground(layout, points(prs.slide_width), points(prs.slide_height))
    assert ground.at(20, 20).hex.upper() == "#8B0000"
    assert ground.at(300, 300).hex.upper() == "#FFFFFF"


def test_a_colour_keeps_its_modifiers_in_order():
    from lxml import etree

    node = etree.fromstring('<a:schemeClr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                            'val="accent1"><a:lumMod val="75000"/><a:alpha/></a:schemeClr>')
    named = xml.read._colour(node)
    assert named == xml.read.ColourRef("schemeClr", "accent1", None, (("lumMod", "75000"), ("alpha",
                                                                                            "100000")))
    assert colour(named, {"accent1": _grey(), "dk1": _grey()}).hex.upper() == "#606060"
    assert xml.read._colour(etree.fromstring('<hslClr hue="0" sat="0" lum="0"/>')) is None  # not read


def _grey():
    from builders.shared.theme import Colour

    return Colour("#808080")


def test_a_run_set_in_a_colour_reads_back(tmp_path):
    prs = Presentation()
    box = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(0, 0, Pt(200), Pt(50))
    paragraph = box.text_frame.paragraphs[0]
    plain, sized = paragraph.add_run(), paragraph.add_run()
    plain.text, sized.text = "plain", "sized"
    sized.font.size, sized.font.bold, sized.font.name = Pt(20), True, "Noto Sans"
    runs = xml.read.text_runs(box)
    assert [(r.size, r.bold, r.colour) for r in runs] == [(0.0, False, None), (20.0, True, None)]
    for run in runs:
        xml.write.run_colour(run.element, "1F2937")
    again = xml.read.text_runs(box)
    assert [r.colour for r in again] == [xml.read.ColourRef("srgbClr", "1F2937", None, ())] * 2
    assert str(sized.font.color.rgb) == "1F2937" and sized.font.name == "Noto Sans"
    assert [child.tag.rpartition("}")[2] for child in sized._r.rPr] == ["solidFill", "latin"]  # schema order
    out = io.BytesIO()
    prs.save(out)  # still a valid package
    assert Presentation(out).slides[0].shapes[0].text_frame.text == "plainsized"


def test_a_users_part_is_parsed_safely():
    entity = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<p xmlns="http://schemas.openxmlformats.org/presentationml/2006/main">&x;</p>')
    part = xml.read.untrusted(entity)
    assert part.doctype and part.error is None and b"root:" not in (part.root.text or "").encode()
    broken = xml.read.untrusted(b"<p><q></p>")
    assert broken.root is None and broken.error and "mismatch" in broken.error.lower()
    prs = Presentation()
    shape = xml.read.presentation(xml.read.untrusted(prs.part.blob).root)
    assert shape == xml.read.Presentation(True, (str(prs.slide_width), str(prs.slide_height)))


def test_fast_lookups_give_this_package_s_modules_the_remembered_tag_names_too():
    """After ``fast_lookups`` python-pptx's modules and builders.slides.xml's own turn a
    ``p:tag`` name into its namespaced form through the remembered ``qn`` (reading and
    colouring a deck's runs asked the original some 5,000 times a deck), with the same answers."""
    import sys

    from pptx.oxml import ns

    xml.fast_lookups()
    mine = [sys.modules[name] for name in ("builders.slides.xml.read", "builders.slides.xml.write")]
    assert all(module.qn is ns.qn and hasattr(module.qn, "original") for module in mine)
    assert sys.modules["pptx.oxml.xmlchemy"].qn is ns.qn
    assert ns.qn("a:rPr") == ns.qn.original("a:rPr") == "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr"


TAGS = ["a:pPr", "a:r", "a:br", "a:fld", "a:endParaRPr", "a:rPr", "a:t"]


@settings(max_examples=200, deadline=None)
@given(children=st.lists(st.sampled_from(TAGS), max_size=8),
       asked=st.lists(st.sampled_from(TAGS), min_size=1, max_size=6, unique=True))
def test_the_quicker_first_child_found_in_answers_as_python_pptx_s(children, asked):
    """Where an element added goes (``first_child_found_in``, replaced by ``fast_lookups``): the
    same child as python-pptx's own, one ``find`` per tag in turn, whatever the children."""
    from lxml import etree
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    from builders.slides.xml import write

    xml.fast_lookups()
    p = parse_xml(f"<a:p {nsdecls('a')}/>")
    for tag in children:
        p.append(etree.Element(qn(tag)))
    expected = next((c for c in (p.find(qn(t)) for t in asked) if c is not None), None)
    assert write._first_child_found_in(p, *asked) is expected
    assert p.first_child_found_in(*asked) is expected


@settings(max_examples=200, deadline=None)
@given(comment_first=st.booleans(),
       inner=st.lists(st.tuples(st.sampled_from(["p:nvPr", "p:cNvPr", "p:cNvSpPr"]), st.booleans()),
                      max_size=4))
def test_the_walked_placeholder_lookup_answers_as_python_pptx_s_xpath(comment_first, inner):
    """A shape's ``p:ph`` (``ph``, replaced by ``fast_lookups``): the same element as the
    XPath python-pptx evaluates, ``./*[1]/p:nvPr/p:ph``, whatever the shape holds."""
    from lxml import etree
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    from builders.slides.xml import write

    xml.fast_lookups()
    sp = parse_xml(f"<p:sp {nsdecls('p')}/>")
    if comment_first:
        sp.append(etree.Comment("a comment first"))
    first = etree.SubElement(sp, qn("p:nvSpPr"))
    for tag, holds in inner:
        child = etree.SubElement(first, qn(tag))
        if holds:
            etree.SubElement(child, qn("p:ph"), idx=str(len(first)))
    etree.SubElement(sp, qn("p:spPr"))
    found = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces={"p": qn("p:x")[1:].split("}")[0]})(sp)
    expected = found[0] if found else None
    assert write._ph(sp) is expected and sp.ph is expected
