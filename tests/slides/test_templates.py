"""Any organisation's template (issue 30): templates made here with the properties of real ones,
the deck read back and rendered by LibreOffice, contrast measured on its pixels."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import made_templates as made
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from rendered import failures, words

from builders import ReportError, build
from builders.shared.contrast import ratio
from builders.shared.theme import Colour
from builders.slides.layouts import vertical

from conftest import FLAGSHIP, ROOT, ROOTS, libreoffice_pdf, require

BASIC = ROOTS / "basic"
LOGO = ROOT / "assets" / "logos" / "briefkit-mark.png"


def _deck(tmp_path_factory, name: str, make, *args):
    folder = tmp_path_factory.mktemp(name)
    template = make(folder / f"{name}.pptx", *args)
    (pptx,) = build(BASIC, ("pptx",), folder / "out", template=template)
    return pptx


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """One deck per made template, built once for the module."""
    makers = {"vertical": (made.vertical_title_larger,), "black": (made.black_master,),
              "band": (made.coloured_band,), "libreoffice": (made.libreoffice_title,),
              "second": (made.content_in_second_master,), "no_title_only": (made.no_title_only,),
              "tag": (made.corner_tag,), "logo": (made.logo_in_body, LOGO), "office2007": (made.office_2007,),
              "unnumbered": (made.no_slide_numbers,), "strip": (made.subtitle_strip_above_title,)}
    return {name: _deck(tmp_path_factory, name, *maker) for name, maker in makers.items()}


def _rendered_failures(pptx: Path) -> tuple[list, list]:
    require("libreoffice")
    pdf = libreoffice_pdf(pptx, pptx.parent / "render")
    found = words(pdf)
    return found, failures(found)


def test_a_template_that_numbers_no_slide_gets_numbers_of_the_decks_own(decks):
    """Every slide but the cover carries its number, as a field, under the content area on the
    slide, where the template has no slide-number placeholder (a new user's template had none,
    and no slide of the deck was numbered)."""
    slides = list(Presentation(decks["unnumbered"]).slides)
    for number, slide in enumerate(slides[1:], 2):
        (box,) = [sh for sh in slide.shapes if sh.name == "Slide Number"]
        assert box.text_frame.text == str(number)
        assert box.text_frame._txBody.xpath(".//a:fld[@type='slidenum']")
        assert box.top + box.height <= Presentation(decks["unnumbered"]).slide_height
    assert not [sh for sh in slides[0].shapes if sh.name == "Slide Number"]


def test_a_covers_strip_of_a_subtitle_grows_into_free_room_and_keeps_the_floor(decks):
    """A one-line subtitle strip above the title took the subtitle, byline and date at 9.6 pt,
    which still ran out of it: it now grows up into the free room, its lines at 14 pt or more,
    set against its foot (by the title), and clear of the title."""
    cover = Presentation(decks["strip"]).slides[0]
    title = cover.shapes.title
    (strip,) = [ph for ph in cover.placeholders if ph.placeholder_format.idx == 1]
    sizes = [r.font.size.pt for p in strip.text_frame.paragraphs for r in p.runs if r.font.size]
    assert len(strip.text_frame.paragraphs) >= 2 and min(sizes) >= 14, sizes
    assert strip.height > 40 * 12700 and strip.top + strip.height <= title.top
    assert str(strip.text_frame.vertical_anchor).startswith("BOTTOM")


def test_a_vertical_title_layout_with_a_larger_body_is_never_used(decks):
    deck = Presentation(decks["vertical"])
    assert not [s.slide_layout.name for s in deck.slides if vertical(s.shapes.title, s.slide_layout)]
    used = {s.slide_layout.name for s in deck.slides}
    assert "Title and Content" in used and not used & {"Vertical Title and Text", "Title and Vertical Text"}


@pytest.mark.parametrize("name", ["black", "band"])
def test_every_rendered_word_is_readable_on_a_black_master_and_on_a_coloured_band(decks, name):
    found, low = _rendered_failures(decks[name])
    assert len(found) > 150
    assert not low, "\n".join(
        f"slide {w.page}: {w.text!r} {w.size:.0f} pt {w.contrast:.2f}:1" for w in low[:20]
    )


def test_every_run_on_a_black_master_has_its_colour_set_and_light(decks):
    deck = Presentation(decks["black"])
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.fill.type is not None:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    rgb = run.font.color.rgb  # set on every run: not left to the template
                    assert ratio(Colour(f"#{rgb}"), Colour("#000000")) >= 4.5, (shape.name, run.text)


def test_a_light_content_layout_is_preferred_to_a_dark_one_with_a_larger_body(tmp_path):
    from builders.slides import open_template
    from builders.slides.layouts import find_layouts

    template = made.dark_and_light(tmp_path / "both.pptx")
    layouts = find_layouts(open_template(template), template)
    assert layouts.content.name == "Content with Caption", layouts.names


def test_a_libreoffice_title_slide_shows_title_subtitle_author_and_date(decks):
    deck = Presentation(decks["libreoffice"])
    cover = deck.slides[0]
    assert cover.slide_layout.name == "Title Slide"
    text = " ".join(sh.text_frame.text for sh in cover.shapes if sh.has_text_frame)
    for part in ("Basic test brief", "A report that uses every block type", "Ada Analyst", "2024"):
        assert part in text, (part, text)
    # no Title Only layout: the quote slide stands on the content layout, its body removed
    quote = next(s for s in deck.slides if any(sh.name == "Quotation" for sh in s.shapes))
    assert quote.slide_layout.name == "Title, Content"
    assert not [ph for ph in quote.placeholders if ph.placeholder_format.idx == 1]
    title = quote.shapes.title
    mark = next(sh for sh in quote.shapes if sh.name == "Quotation mark")
    assert mark.top >= title.top + title.height - 12700 * 8  # under the title, not over it


def test_a_template_without_view_props_gets_one(decks):
    with zipfile.ZipFile(decks["libreoffice"]) as package:
        assert "ppt/viewProps.xml" in package.namelist()
        assert b"/viewProps" in package.read("ppt/_rels/presentation.xml.rels")


def test_content_layouts_in_a_second_master_are_used(decks):
    deck = Presentation(decks["second"])
    masters = list(deck.slide_masters)
    assert len(masters) == 2
    content = [s for s in list(deck.slides)[1:]]
    assert content and all(s.slide_layout.slide_master == masters[1] for s in content)
    assert deck.slides[0].slide_layout.name == "Title Slide"


def test_no_title_only_layout_builds_and_check_names_the_layouts(decks, tmp_path):
    from builders.check import check

    deck = Presentation(decks["no_title_only"])
    assert {s.slide_layout.name for s in deck.slides} <= {"Title Slide", "Title and Content", "Two Content",
                                                          "Comparison"}
    template = made.no_title_only(tmp_path / "t.pptx")
    notes = [f.message for f in check(BASIC, template=template) if f.severity == "note"]
    assert any("quote" in n and "'Title and Content' (master 1), its body removed" in n for n in notes), notes


def test_a_corner_tag_placeholder_is_left_out_and_the_body_used(decks):
    deck = Presentation(decks["tag"])
    bullets = [s for s in deck.slides if s.slide_layout.name == "Title and Content"
               and any(ph.placeholder_format.idx == 1 for ph in s.placeholders)]
    assert bullets
    for slide in deck.slides:
        assert not [ph for ph in slide.placeholders if ph.placeholder_format.idx == 13]


def test_content_keeps_off_a_logo_where_the_body_sits(decks):
    deck = Presentation(decks["logo"])
    layout = next(layout for layout in deck.slide_layouts if layout.name == "Title and Content")
    logo = next(sh for sh in layout.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)
    for slide in deck.slides:
        if slide.slide_layout != layout:
            continue
        for shape in slide.shapes:
            if shape.width is None or shape == slide.shapes.title:
                continue
            apart = (shape.left + shape.width <= logo.left or logo.left + logo.width <= shape.left
                     or shape.top + shape.height <= logo.top or logo.top + logo.height <= shape.top)
            assert apart, f"{shape.name} overlaps the template's logo"


def test_a_2007_template_gets_a_fresh_app_xml_and_explicit_chart_booleans(decks):
    deck = Presentation(decks["office2007"])
    with zipfile.ZipFile(decks["office2007"]) as package:
        app = package.read("docProps/app.xml").decode()
        charts = [package.read(n) for n in package.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    assert "<AppVersion>16.0000</AppVersion>" in app and f"<Slides>{len(deck.slides)}</Slides>" in app
    assert charts and not any(re.search(rb"<c:(delete|autoTitleDeleted|varyColors|smooth)\s*/>",
                                        c) for c in charts)


def test_a_template_with_no_content_layout_lists_what_it_examined(tmp_path):
    from pptx import Presentation as New

    prs = New()
    for layout in list(prs.slide_layouts):
        if layout.name not in ("Title Slide", "Blank", "Vertical Title and Text"):
            prs.slide_layouts.remove(layout)
    prs.save(tmp_path / "thin.pptx")
    with pytest.raises(ReportError) as caught:
        build(BASIC, ("pptx",), tmp_path / "out", template=tmp_path / "thin.pptx")
    message = str(caught.value)
    for part in ("'Blank' (master 1): no title placeholder",
                 "'Vertical Title and Text' (master 1): its title is "
                 "vertical", "Insert Layout"):
        assert part in message, message


def test_the_default_template_deck_has_no_low_contrast_word(tmp_path):
    (pptx,) = build(BASIC, ("pptx",), tmp_path / "out")
    found, low = _rendered_failures(pptx)
    assert found and not low, "\n".join(f"slide {w.page}: {w.text!r} {w.size:.0f} pt {w.contrast:.2f}:1"
                                        for w in low[:20])


def test_fresh_parts_do_not_break_byte_identical_builds(tmp_path):
    template = made.without_view_props(made.office_2007(tmp_path / "t.pptx"))
    (one,) = build(BASIC, ("pptx",), tmp_path / "a", template=template)
    (two,) = build(BASIC, ("pptx",), tmp_path / "b", template=template)
    assert one.read_bytes() == two.read_bytes()
    assert zipfile.ZipFile(io.BytesIO(one.read_bytes())).testzip() is None


def test_the_flagship_brief_has_no_low_contrast_word_chart_labels_included(flagship):
    found = words(flagship["pdf"])
    labels = [w for w in found if w.text in ("Central", "European") and w.size < 9]  # series labels
    assert len(found) > 2000 and labels
    low = failures(found)
    assert not low, "\n".join(
        f"page {w.page}: {w.text!r} {w.size:.1f} pt {w.contrast:.2f}:1" for w in low[:20]
    )


def test_ink_keeps_a_readable_colour_and_moves_an_unreadable_one_least():
    from builders.shared.contrast import ink

    white, black = Colour("#FFFFFF"), Colour("#000000")
    assert ink(Colour("#14365D"), (white,)) == Colour("#14365D")
    teal = ink(Colour("#2A9D8F"), (white,))  # the actor colour: 3.3:1 on white
    assert ratio(teal, white) >= 4.5 and ratio(teal, white) < 5.5
    assert ratio(ink(Colour("#8B8B8B"), (black,)), black) >= 4.5


@pytest.mark.parametrize("maker", [None, made.black_master, made.coloured_band, made.libreoffice_title,
                                   made.content_in_second_master, made.corner_tag],
                         ids=["default", "black", "band", "libreoffice", "second", "tag"])
def test_the_decks_of_a_session_share_the_template_s_masters_and_layouts_and_leave_them_be(tmp_path, maker):
    """The decks a session makes from one template share its masters' and layouts' XML (copying
    it was most of a copy's time): after the flagship's deck and the test report's, those are
    what a fresh open of the template reads, and each deck is the bytes it is when built alone."""
    from lxml import etree
    from pptx.parts.slide import SlideLayoutPart, SlideMasterPart

    from builders.pipeline import runner
    from builders.slides import open_template

    house = maker(tmp_path / "house.pptx") if maker else ROOT / "assets" / "templates" / "default.pptx"
    session = runner.Session()
    for folder in (FLAGSHIP, ROOTS / "basic"):
        for together in (True, False):
            out = tmp_path / ("together" if together else f"alone-{folder.name}")
            job = runner.Job(folder, ("pptx",), out, template=house, cache=False)
            outcome = runner.run(job, parallel=False, session=session if together else runner.Session())
            assert outcome.written and not outcome.problems and not outcome.failure, outcome
    shared = {name: (tmp_path / "together" / name).read_bytes() for name in
              ("us-china-central-asia.pptx", "basic.pptx")}
    assert shared["us-china-central-asia.pptx"] == (tmp_path / "alone-us-china-central-asia"
                                                      / "us-china-central-asia.pptx").read_bytes()
    assert shared["basic.pptx"] == (tmp_path / "alone-basic" / "basic.pptx").read_bytes()
    memo = session.kept("pptx")["templates"]
    first, second = open_template(house, memo), open_template(house, memo)
    fresh = {str(p.partname): p for p in Presentation(str(house)).part.package.iter_parts()}
    kinds = (SlideLayoutPart, SlideMasterPart)
    parts = [(p, q) for p, q in zip(first.part.package.iter_parts(), second.part.package.iter_parts())
             if isinstance(p, kinds)]
    assert parts and all(p._element is q._element for p, q in parts)  # shared, not copied
    for part, _ in parts:
        before = fresh[str(part.partname)]._element
        assert etree.tostring(part._element) == etree.tostring(before), part.partname
