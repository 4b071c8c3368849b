"""The flagship looks designed: one type system, cards, key figures, filled content areas, labels
that never overlap, the template's own faces in LibreOffice, and a brief without gaps."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from builders import load
from builders.model import Recommendations, Takeaways
from builders.slides import open_template
from builders.slides.layouts import find_layouts, theme_fonts

from conftest import FLAGSHIP, require, run
from deckcheck import EMU_PER_PT, norm

#: faces LibreOffice puts in place of a face the template names, with the same metrics
METRIC_COMPATIBLE = {"Calibri": {"Carlito"}, "Cambria": {"Caladea"}, "Arial": {"Liberation Sans"},
                     "Times New Roman": {"Liberation Serif"}, "Courier New": {"Liberation Mono"}}
_FURNITURE = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
              PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE}


@pytest.fixture(scope="module")
def deck(flagship):
    return Presentation(flagship["pptx"])


@pytest.fixture(scope="module")
def report():
    return load(FLAGSHIP)[0]


def _runs(element):
    return element.xpath(".//a:rPr | .//a:defRPr | .//a:endParaRPr")


def test_every_content_title_is_one_size(deck):
    sizes = set()
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title
        sizes |= {r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1, f"content slide titles come in sizes {sorted(sizes)}"


def test_no_text_under_12_pt_on_any_slide_or_chart(deck):
    small = []
    for number, slide in enumerate(deck.slides, 1):
        parts = [slide._element] + [sh.chart._chartSpace for sh in slide.shapes if sh.has_chart]
        for part in parts:
            for rpr in _runs(part):
                size = rpr.get("sz")
                if size is not None and int(size) < 1200:
                    text = "".join(rpr.getparent().xpath(".//a:t/text()"))[:40]
                    small.append(f"slide {number}: {int(size) / 100:g} pt {text!r}")
    assert not small, "\n".join(small[:20])


def _named(slide, pattern: str) -> list:
    return [sh for sh in slide.shapes if re.fullmatch(pattern, sh.name)]


def test_takeaways_and_recommendations_are_one_card_per_item(deck, report):
    blocks = [b for b in report.all_blocks() if isinstance(b, (Takeaways, Recommendations))]
    assert len(blocks) == 2
    for block in blocks:
        # the slide whose first card leads with the block's first item (a recommendations slide may
        # carry its section's action title: docs/directives.md, "One slide for one thing")
        lead = block.items[0][0].text.strip()
        slides = [s for s in deck.slides
                  if [c.text_frame.paragraphs[0].text for c in _named(s, r"Card 1")] == [lead]]
        assert len(slides) == 1, block.title
        cards = _named(slides[0], r"Card \d+")
        count = len(block.items)
        assert [c.name for c in cards] == [f"Card {n}" for n in range(1, count + 1)], block.title
        for card, item in zip(cards, block.items):
            lead = item[0].text.strip()
            assert card.text_frame.paragraphs[0].text == lead, "the bold lead sentence heads the card"
            assert card.text_frame.paragraphs[0].runs[0].font.bold
            head = card.text_frame.paragraphs[0].runs[0].font.size.pt
            support = card.text_frame.paragraphs[1].runs[0].font.size.pt
            assert head > support >= 14, "the lead large, the supporting line smaller"


def test_a_key_figures_slide_shows_numbers_from_the_data_package(deck):
    import csv

    with (FLAGSHIP.parent.parent / "data" / "key-figures.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    slides = [s for s in deck.slides if _named(s, r"Figure \d+")]
    assert len(slides) == 1
    figures = _named(slides[0], r"Figure \d+")
    assert 2 <= len(figures) <= 4
    assert [f.text_frame.paragraphs[0].text for f in figures] == [r["value"] for r in rows]
    # (as written, but for the no-break spaces typography adds: "19\xa0May 2023")
    labels = [f.text_frame.paragraphs[1].text.replace("\xa0", " ") for f in figures]
    assert labels == [r["label"] for r in rows]
    sizes = {f.text_frame.paragraphs[0].runs[0].font.size.pt for f in figures}
    assert len(sizes) == 1 and min(sizes) >= 40, "one big size for every number"
    text = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert "Source: Gusseinov and Sultonazarov" in text


def _content_area(pptx: Path):
    """The content area of the deck's template, as briefkit reads it (points)."""
    template = open_template(FLAGSHIP.parent.parent / "assets" / "templates" / "default.pptx")
    return find_layouts(template, pptx).geometry.body


def _box(shape) -> tuple[float, float, float, float]:
    x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
    return x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT


def test_bullet_card_and_table_slides_fill_at_least_45_percent_of_the_content_area(flagship, deck,
                                                                                  flagship_render):
    """The content's bounding box: filled shapes (cards, rows, tables) by their extent, text
    without a ground by where LibreOffice drew its words."""
    area = _content_area(flagship["pptx"])
    checked = []
    with pdfplumber.open(flagship_render) as pdf:
        for number, (slide, page) in enumerate(zip(deck.slides, pdf.pages), 1):
            shapes = [
                sh
                for sh in slide.shapes
                if not (sh.is_placeholder and sh.placeholder_format.type in _FURNITURE)
            ]
            if number == 1 or any(sh.has_chart or sh.shape_type == MSO_SHAPE_TYPE.GROUP for sh in shapes) \
                    or _named(slide, "Quotation|Step 1"):
                continue  # the title, chart, quote and process slides
            scale = page.width / (deck.slide_width / EMU_PER_PT)
            words = [(w["x0"] / scale, w["top"] / scale, w["x1"] / scale, w["bottom"] / scale)
                     for w in page.extract_words()]
            boxes = []
            for shape in shapes:
                if shape.has_text_frame and shape.text_frame.text.startswith(("Source:", "Notes:")):
                    continue
                x0, y0, x1, y1 = _box(shape)
                filled = shape.has_table or (
                    shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.fill.type == 1
                )
                if filled:
                    boxes.append((x0, y0, x1, y1))
                elif shape.has_text_frame:
                    boxes += [
                        w
                        for w in words
                        if w[0] >= x0 - 1 and w[2] <= x1 + 1 and w[1] >= y0 - 1 and w[3] <= y1 + 1
                    ]
            assert boxes, f"slide {number} shows nothing"
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            share = (x1 - x0) * (y1 - y0) / (area.w * area.h)
            checked.append((number, share))
    assert len(checked) >= 8, checked
    thin = [f"slide {n}: {s:.0%}" for n, s in checked if s < 0.45]
    assert not thin, thin


def test_timeline_labels_never_overlap_as_libreoffice_draws_them(deck, flagship_render):
    slide_no, chart = next(
        (n, sh.chart)
        for n, s in enumerate(deck.slides, 1)
        for sh in s.shapes
        if sh.has_chart and sh.chart.chart_type is not None and "SCATTER" in str(sh.chart.chart_type)
    )
    labels = [p.data_label.text_frame.text for s in chart.plots[0].series for p in s.points
              if p.data_label.has_text_frame]
    assert len(labels) >= 8
    with pdfplumber.open(flagship_render) as pdf:
        words = pdf.pages[slide_no - 1].extract_words()
    boxes = {}
    for label in labels:
        wanted = norm(label)
        for i in range(len(words)):
            joined = ""
            for j in range(i, len(words)):
                joined += norm(words[j]["text"])
                if joined == wanted:
                    part = words[i:j + 1]
                    boxes[label] = (min(w["x0"] for w in part), min(w["top"] for w in part),
                                    max(w["x1"] for w in part), max(w["bottom"] for w in part))
                    break
                if not wanted.startswith(joined):
                    break
            if label in boxes:
                break
    assert set(boxes) == set(labels), f"labels not drawn whole: {set(labels) - set(boxes)}"
    meeting = [(a, b) for a, b in combinations(labels, 2)
               if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2]
               and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]]
    assert not meeting, meeting


def test_timeline_lanes_are_named_beside_the_axis(deck):
    slide = next(
        s for s in deck.slides for sh in s.shapes if sh.has_chart and "SCATTER" in str(sh.chart.chart_type)
    )
    lanes = {sh.text_frame.text for sh in _named(slide, r"Lane label .+")}
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert lanes == {s.name for s in chart.plots[0].series}
    assert not chart.has_legend


def test_libreoffice_draws_the_deck_in_the_templates_faces_or_their_metric_twins(flagship, flagship_render):
    template = open_template(FLAGSHIP.parent.parent / "assets" / "templates" / "default.pptx")
    named = set(theme_fonts(template))
    assert named == {"Calibri"}, "the default template names faces every PowerPoint has"
    allowed = named | {twin for face in named for twin in METRIC_COMPATIBLE.get(face, ())}
    listing = run(require("pdffonts"), str(flagship_render)).stdout.splitlines()[2:]
    faces = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0] for line in listing if line.strip()}
    assert faces and faces <= allowed, (
        f"LibreOffice used {sorted(faces - allowed)}; the template names {sorted(named)}"
    )


def test_brief_pages_are_full_and_no_heading_sits_at_the_foot_of_a_page(flagship):
    from builders.shared.theme import PdfStyle

    style = PdfStyle()
    headings_seen = 0
    with pdfplumber.open(flagship["pdf"]) as pdf:
        pages = list(pdf.pages)
        for number, page in enumerate(pages, 1):
            top, bottom = style.margin_top.pt, page.height - style.margin_bottom.pt
            inside = [o for o in (*page.chars, *page.rects, *page.curves, *page.lines, *page.images)
                      if o["top"] >= top - 1 and o["bottom"] <= bottom + 1]
            lowest = max(o["bottom"] for o in inside)
            empty = (bottom - lowest) / (bottom - top)
            if number < len(pages):
                assert empty <= 0.25, f"page {number} is {empty:.0%} empty"
            heads = [w for w in page.extract_words(extra_attrs=["size", "fontname"])
                     if "Bold" in w["fontname"] and w["size"] >= style.h3_size.pt - 0.1 and w["top"] > top]
            headings_seen += bool(heads)
            for word in heads:
                assert word["bottom"] <= page.height * 0.85, \
                    f"page {number}: heading word {word['text']!r} in the bottom 15% of the page"
    assert headings_seen >= 5
