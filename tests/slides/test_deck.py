"""The deck at presentation quality, checked in a real presentation program (LibreOffice)."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from builders import build

from conftest import libreoffice_pdf
from deckcheck import words_outside_their_shapes
from stress import write_long_deck_report


@pytest.fixture(scope="module")
def stress_deck(tmp_path_factory):
    folder = write_long_deck_report(tmp_path_factory.mktemp("stress") / "stress")
    (pptx,) = build(folder, ("pptx",), folder.parent / "out")
    return pptx, libreoffice_pdf(pptx, folder.parent / "render")


def test_libreoffice_opens_the_flagship_with_one_page_per_slide(flagship, flagship_render):
    from pypdf import PdfReader

    assert len(PdfReader(flagship_render).pages) == len(Presentation(flagship["pptx"]).slides)


def test_no_text_outside_its_shape_in_the_flagship(flagship, flagship_render):
    problems = words_outside_their_shapes(flagship["pptx"], flagship_render)
    assert not problems, "\n".join(problems[:20])


def test_no_text_outside_its_shape_in_the_stress_deck(stress_deck):
    pptx, rendered = stress_deck
    problems = words_outside_their_shapes(pptx, rendered)
    assert not problems, "\n".join(problems[:20])


def test_long_lists_and_tables_continue_on_cont_slides(stress_deck):
    pptx, _ = stress_deck
    deck = Presentation(pptx)
    titles = [s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None]
    bullets = [t for t in titles if t.startswith("Forty bullets must be split")]
    tables = [t for t in titles if t.startswith("Sixty rows continue")]
    # "(cont.)", then "(cont. 2)", "(cont. 3)"…: every slide's title its own
    for run in (bullets, tables):
        assert run[1].endswith("(cont.)") and all(t.endswith(f"(cont. {n})") for n, t in enumerate(run[2:],
                                                                                                   2))
    assert len(bullets) >= 7 and len(tables) >= 8
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.table.cell(0, 0).text == "No.", "header row repeated on every table slide"
            if shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.BODY,
                                                                          PP_PLACEHOLDER.OBJECT):
                assert len(shape.text_frame.paragraphs) <= 6
    texts = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    for i in (1, 20, 40):
        assert f"Bullet number {i} says" in texts


def _content_slides(deck):
    return [s for s in list(deck.slides)[1:]]


def test_flagship_has_charts_tables_notes_alt_text_and_numbers(flagship):
    deck = Presentation(flagship["pptx"])
    # native charts, and charts drawn with shapes grouped as one object (a presence grid)
    charts = [sh for s in deck.slides for sh in s.shapes if sh.has_chart or sh.name.startswith("Chart: ")]
    tables = [sh for s in deck.slides for sh in s.shapes if sh.has_table]
    assert len(charts) >= 3 and tables
    for slide in _content_slides(deck):
        notes = slide.notes_slide.notes_text_frame.text.strip()
        title = slide.shapes.title.text_frame.text
        assert len(notes) > len(title) + 20, f"slide {title!r} has no real speaker notes"
        numbers = [
            sh for sh in slide.placeholders if sh.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        ]
        assert numbers and numbers[0].text_frame._txBody.xpath(".//a:fld[@type='slidenum']"), \
            f"slide {title!r} has no slide number field"
        for shape in slide.shapes:
            if shape.has_chart or shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.GROUP):
                descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
                assert descr and len(descr[0]) > 20, f"no alt text on a picture or chart in {title!r}"


@pytest.fixture(scope="module")
def house_deck(tmp_path_factory):
    from conftest import FLAGSHIP
    from stress import write_house_template

    folder = tmp_path_factory.mktemp("house")
    template = write_house_template(folder / "house.pptx")
    (pptx,) = build(FLAGSHIP, ("pptx",), folder / "out", template=template)
    return pptx, libreoffice_pdf(pptx, folder / "render")


def test_flagship_builds_with_a_4_3_house_template_with_renamed_layouts(house_deck):
    from stress import GERMAN_LAYOUTS

    pptx, rendered = house_deck
    deck = Presentation(pptx)
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)  # 4:3, from the template
    used = {slide.slide_layout.name for slide in deck.slides}
    assert used <= set(GERMAN_LAYOUTS.values()), used
    assert {"Titelfolie", "Titel und Inhalt"} <= used
    theme = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    assert b'typeface="Noto Serif"' in theme  # the template's own theme travels with the deck
    problems = words_outside_their_shapes(pptx, rendered)
    assert not problems, "\n".join(problems[:20])


def test_template_missing_a_layout_is_a_clear_error(tmp_path):
    from builders import ReportError

    from conftest import FLAGSHIP
    from stress import write_house_template

    template = write_house_template(tmp_path / "thin.pptx", keep=("Title Slide", "Blank"))
    with pytest.raises(ReportError) as caught:
        build(FLAGSHIP, ("pptx",), tmp_path / "out", template=template)
    message = str(caught.value)
    assert message.startswith(f"{template}: ")
    assert "no layout with a horizontal title and one large content placeholder" in message
    assert not (tmp_path / "out" / "us-china-central-asia.pptx").exists()


def test_template_from_front_matter_and_potx(tmp_path):
    import shutil

    from conftest import ROOTS
    from stress import write_house_template

    folder = tmp_path / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    write_house_template(folder / "house.pptx")
    potx = folder / "house.potx"
    _as_potx(folder / "house.pptx", potx)
    source = (folder / "report.md").read_text().replace("  agenda: true",
                                                        "  agenda: true\n  template: house.potx")
    (folder / "report.md").write_text(source)
    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    assert Presentation(pptx).slide_width == 9144000


def _as_potx(pptx, potx) -> None:
    """Save a .pptx as a real .potx: same parts, the template content type."""
    import zipfile

    presentation = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    template = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(potx, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                assert presentation in blob
                blob = blob.replace(presentation, template)
            target.writestr(info, blob)


def test_east_asian_text_gets_the_east_asian_font_slot(tmp_path):

    folder = tmp_path / "cjk"
    folder.mkdir()
    (folder / "report.md").write_text("---\ntitle: Names in the region's scripts\n---\n\n# Names\n\n"
                                      ":::{slide} The summit has a Chinese name\n- 中国—中亚峰会 in Xi'an\n"
                                      "- Қазақстан stays in the main font\n:::\n")
    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    runs = [r for s in Presentation(pptx).slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    chinese = [r for r in runs if "中国" in r.text]
    latin = [r for r in runs if "Қазақстан" in r.text]
    assert chinese and latin
    for run in chinese:
        # a face PowerPoint has on Windows and Office for Mac (measured here with Droid Sans
        # Fallback, metric-compatible for ideographs: docs/accessibility.md)
        assert run._r.find(qn("a:rPr")).find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
    for run in latin:
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is None or rpr.find(qn("a:ea")) is None


def test_numbered_items_keep_their_numbers_on_slides(tmp_path):
    folder = tmp_path / "numbered"
    folder.mkdir()
    (folder / "report.md").write_text(
        "---\ntitle: Numbers\ndate: 2024-05-01\n---\n\n# Steps come in order\n\nText.\n\n"
        ":::{slide} Three steps\n3. Third\n4. Fourth\n   1. Fourth, first part\n:::\n")
    (pptx,) = build(folder, ("pptx",), tmp_path / "out")
    slide = next(
        s for s in Presentation(pptx).slides if s.shapes.title and s.shapes.title.text == "Three steps"
    )
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0 and s.has_text_frame
                and "Third" in s.text_frame.text)
    numbering = [(p.runs[0].text, p._p.pPr.find(qn("a:buAutoNum"))) for p in body.text_frame.paragraphs]
    assert [(text, mark.get("type"), mark.get("startAt")) for text, mark in numbering] == [
        ("Third", "arabicPeriod", "3"), ("Fourth", "arabicPeriod", "4"), ("Fourth, first part",
                                                                          "alphaLcPeriod", "1")]
