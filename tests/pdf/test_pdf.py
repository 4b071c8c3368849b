"""The brief at publication quality: fonts, structure, metadata, navigation, tables, charts."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from pypdf import PdfReader

from builders import ReportError, build
from builders.read.report import read_report

from conftest import FLAGSHIP, ROOTS, require, run
from stress import SCRIPTS, write_scripts_report


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory):
    folder = write_scripts_report(tmp_path_factory.mktemp("scripts") / "scripts")
    (pdf,) = build(folder, ("pdf",), folder.parent / "out")
    return pdf


def pdftotext(pdf, *pages: int) -> str:
    tool = require("pdftotext")
    args = [tool, "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    result = run(*args, str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def page_count(pdf) -> int:
    return len(PdfReader(pdf).pages)


def test_every_font_is_embedded(flagship, scripts_pdf):
    tool = require("pdffonts")
    for pdf in (flagship["pdf"], scripts_pdf):
        lines = run(tool, str(pdf)).stdout.splitlines()[2:]
        assert lines, "no fonts listed"
        not_embedded = [line for line in lines if line.split()[-5] != "yes"]
        assert not not_embedded, f"{pdf.name}: fonts not embedded: {not_embedded}"


def test_structure_passes_qpdf_check(flagship, scripts_pdf):
    tool = require("qpdf")
    for pdf in (flagship["pdf"], scripts_pdf):
        result = run(tool, "--check", str(pdf))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout


def test_metadata(flagship):
    tool = require("pdfinfo")
    info = dict(line.split(":", 1) for line in run(tool, str(flagship["pdf"])).stdout.splitlines()
                if ":" in line)
    meta = read_report(FLAGSHIP).meta
    assert info["Title"].strip() == meta.title
    assert "Eldaniz Gusseinov" in info["Author"] and "Abakhon Sultonazarov" in info["Author"]
    assert info["Subject"].strip() == (meta.summary or meta.subtitle)
    assert "Central Asia" in info["Keywords"]
    assert info["Creator"].strip() == "briefkit"
    root = PdfReader(flagship["pdf"]).trailer["/Root"]
    assert root["/Lang"] == meta.language


def _outline_titles(entries) -> list[str]:
    titles = []
    for entry in entries:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        else:
            titles.append(entry.title)
    return titles


def test_outline_has_every_section(flagship):
    report = read_report(FLAGSHIP)
    titles = _outline_titles(PdfReader(flagship["pdf"]).outline)
    for section in report.all_sections():
        assert section.title in titles, f"no bookmark for {section.title!r}"
    assert "Notes" in titles


def test_every_page_after_the_cover_has_header_and_page_number(flagship):
    pages = page_count(flagship["pdf"])
    short = read_report(FLAGSHIP).meta.header_title
    for number in range(2, pages + 1):
        text = pdftotext(flagship["pdf"], number)
        assert f"Page {number} of {pages}" in text, f"page {number} has no page number"
        assert short in text, f"page {number} has no running header"
    assert "Page 1 of" not in pdftotext(flagship["pdf"], 1)


def test_takeaways_are_on_page_one(flagship):
    text = pdftotext(flagship["pdf"], 1)
    assert "Key takeaways" in text
    report = read_report(FLAGSHIP)
    from builders.model import Takeaways, plain

    (takeaways,) = [b for b in report.all_blocks() if isinstance(b, Takeaways)]
    last_words = plain(takeaways.items[-1]).split()[-3:]
    flat = " ".join(text.split())
    assert " ".join(last_words).replace("-", "") in flat.replace("- ", "").replace("-", "")


def test_long_table_repeats_its_header_on_every_page(scripts_pdf):
    pages = page_count(scripts_pdf)
    table_pages = [n for n in range(1, pages + 1) if re.search(r"^\s*\d+\s+\S", pdftotext(scripts_pdf, n),
                                                               re.M)
                   and "Row identifier" in pdftotext(scripts_pdf,
                                                     n) or "(continued)" in pdftotext(scripts_pdf, n)]
    assert len(table_pages) >= 5, f"300 rows should span several pages, found {table_pages}"
    for number in table_pages:
        text = pdftotext(scripts_pdf, number)
        assert "Row identifier" in text and "Город" in text and "城市" in text, f"no header on page {number}"
    continued = [
        n
        for n in table_pages
        if "Three hundred rows split across pages (continued)" in pdftotext(scripts_pdf, n)
    ]
    assert continued == table_pages[1:], "every page after the first should say (continued)"
    last = pdftotext(scripts_pdf, table_pages[-1])
    assert re.search(r"^\s*300\s", last, re.M) and "Source: Generated test data" in last


def test_region_scripts_come_out_unchanged(scripts_pdf):
    text = re.sub(r"\s+", "", pdftotext(scripts_pdf))
    for name, sentence in SCRIPTS.items():
        assert re.sub(r"\s+", "", sentence) in text, f"{name} text changed or lost"
    assert re.sub(r"\s+", "", "Scripts of the region — Скрипты региона — 地区文字") in text


def test_table_cells_format_from_schema(scripts_pdf):
    text = pdftotext(scripts_pdf, 1, page_count(scripts_pdf))
    assert "1,234.5" in text  # number with group separator and the schema's one decimal
    assert "nan" not in text.lower().split()
    assert "\u2014" in text  # missing note printed as an em dash


def test_charts_are_vectors_not_images(flagship):
    tool = require("pdfimages")
    listing = run(tool, "-list", str(flagship["pdf"])).stdout.splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]
    assert all(int(i[3]) <= 1000 for i in images), listing
    assert [i[0] for i in images] == ["1"], f"only the cover logo should be an image: {listing}"
    text = pdftotext(flagship["pdf"])
    assert "Figure 1." in text and "Figure 3." in text
    assert "2024" in text  # timeline axis labels are text


def test_two_builds_are_byte_identical(tmp_path):
    first = build(ROOTS / "basic", ("pdf", "pptx"), tmp_path / "a")
    second = build(ROOTS / "basic", ("pdf", "pptx"), tmp_path / "b", cache=False)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between builds"


def test_letter_paper_and_table_of_contents(tmp_path):
    folder = tmp_path / "letter"
    shutil.copytree(ROOTS / "basic", folder)
    source = (folder / "report.md").read_text()
    (folder / "report.md").write_text(source.replace("language: en-GB",
                                                     "language: en-US\npage_size: Letter\ntoc: true"))
    (pdf,) = build(folder, ("pdf",), tmp_path / "out")
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = pdftotext(pdf)
    assert "Contents" in text and "May 1, 2024" in text


def test_internal_links_reach_notes_and_back(basic):
    reader = PdfReader(basic["pdf"])
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])
             if a.get_object()["/Subtype"] == "/Link"]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    external = [a["/A"]["/URI"] for a in links if a.get("/A", {}).get("/S") == "/URI"]
    assert len(internal) >= 3, "note marker, back link and cross-reference should be links"
    assert "https://example.org" in external


def test_bold_survives_charts_and_source_lines_are_bold(flagship):
    import pdfplumber

    with pdfplumber.open(flagship["pdf"]) as pdf:
        sources = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["fontname"])
                   if w["text"] == "Source:"]
        last = pdf.pages[-2].extract_words(extra_attrs=["fontname"]) + pdf.pages[-1].extract_words(
            extra_attrs=["fontname"])
    assert len(sources) >= 4
    assert all("Bold" in w["fontname"] for w in sources), [w["fontname"] for w in sources]
    bold_words = [w["text"] for w in last if "Bold" in w["fontname"]]
    assert "Gusseinov" in bold_words  # "About the authors" names, after every chart was drawn


def _page_of(reader, destination) -> int:
    """1-based page number a link or outline destination points at."""
    pages = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, start=1)}
    if hasattr(destination, "title"):  # an outline entry
        return reader.get_destination_page_number(destination) + 1
    if isinstance(destination, str):
        destination = reader.named_destinations[destination]
        return reader.get_destination_page_number(destination) + 1
    return pages[destination[0].idnum]


def test_bookmarks_and_links_point_at_their_pages(flagship):
    """Each bookmark and each internal link lands on the page, and at the place, where its target
    is: a note marker at its note, a note's number back at its marker, "Table 1"/"Figure 2" at the
    caption, however many pages the notes take."""
    from collections import Counter

    import pdfplumber

    reader = PdfReader(flagship["pdf"])
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    entries = [e for e in reader.outline if not isinstance(e, list)]
    for entry in entries:
        page = _page_of(reader, entry)
        assert entry.title in texts[page - 1].replace("- ",
                                                      ""), f"bookmark {entry.title!r} points at page {page}"
    with pdfplumber.open(flagship["pdf"]) as pdf:
        chars = [page.chars for page in pdf.pages]
        heights = [page.height for page in pdf.pages]
    body = Counter(round(c["size"], 1) for page in chars for c in page).most_common(1)[0][0]  # running text

    def text_in(page: int, x0: float, y0: float, x1: float, y1: float, small: bool = False) -> str:
        """The characters of a page inside a box given in PDF coordinates (y up); with small, only
        those set smaller than the page's running text (superscript note markers)."""
        h = heights[page - 1]
        inside = [c for c in chars[page - 1] if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                  and y0 - 1 <= h - (c["top"] + c["bottom"]) / 2 <= y1 + 1
                  and (not small or c["size"] < 0.9 * body)]
        return "".join(c["text"] for c in inside)

    seen = {"note": 0, "back": 0, "caption": 0}
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []):
            link = annotation.get_object()
            if link.get("/A", {}).get("/S") == "/URI":
                continue
            destination = link.get("/Dest") or link.get("/A", {}).get("/D")
            target = _page_of(reader, destination)
            x, y = float(destination[2]), float(destination[3])
            label = text_in(number, *[float(v) for v in link["/Rect"]]).strip()
            if caption := re.search(r"(Table|Figure) \d+", label):
                landed = text_in(target, x, y - 16, x + 120, y + 2)
                assert " ".join(landed.split()).startswith(caption.group(0) + "."), (number, label, target,
                                                                                     landed)
                seen["caption"] += 1
            elif re.fullmatch(r"\d+\.", label):  # a note's number, back to its marker
                # the marker's link area may be wider than its digits: the first superscript there
                landed = text_in(target, x - 1, y - 14, x + 30, y + 2, small=True)
                assert re.match(r"\d+", landed) and re.match(r"\d+", landed).group(0) == label[:-1], \
                    (number, label, target, landed)
                seen["back"] += 1
            else:  # a note marker, to its note
                assert re.fullmatch(r"\d+", label), (number, label)
                landed = text_in(target, x - 1, y - 14, x + 3 + 5 * len(label) + 4, y + 2)
                assert landed.startswith(f"{label}."), (number, label, target, landed)
                seen["note"] += 1
    assert seen["note"] >= 10 and seen["back"] >= 10 and seen["caption"] >= 3, seen


def _chars_outside_the_frame(pdf) -> list[str]:
    import pdfplumber

    from builders.read.theme import load_theme, theme_path

    pdf_style = load_theme(theme_path("default")).pdf
    left, right = pdf_style.margin_inner.pt - 1, pdf_style.margin_outer.pt - 1
    with pdfplumber.open(pdf) as document:
        # a space has no ink (a tagged line ends in one, drawn past its last letter)
        return [f"page {page.page_number}: {c['text']!r} at x={c['x0']:.0f}" for page in document.pages
                for c in page.chars if c["text"].strip() and (c["x0"] < left or c["x1"] > page.width - right)]


def test_no_text_runs_off_the_page(flagship, tmp_path):
    assert not _chars_outside_the_frame(flagship["pdf"])
    folder = tmp_path / "words"
    folder.mkdir()
    word = "Internationalisation" * 8
    source = (f"---\ntitle: {word}\nseries: A very long series name for the header\n---\n\n"
              f"# {word} heading\n\nText {word} and https://example.org/{'a' * 200} end.\n\n"
              f"## Second page\n\n" + "Filler text for a second page. " * 400 + "\n")
    (folder / "report.md").write_text(source)
    # the running head is never cut with an ellipsis: a title it cannot hold on two lines is an error
    with pytest.raises(ReportError, match="running head cannot hold the title") as caught:
        build(folder, ("pdf",), tmp_path / "out")
    assert caught.value.problems[0].location.line == 2
    # a short title one word long is set smaller to fit the running head's line
    (folder / "report.md").write_text(source.replace("\nseries:", f"\nshort_title: {word[:60]}\nseries:"))
    (pdf,) = build(folder, ("pdf",), tmp_path / "out")
    problems = _chars_outside_the_frame(pdf)
    assert not problems, problems[:10]
    assert page_count(pdf) >= 2  # the running header with the long title was drawn and checked
    assert word[:60] in pdftotext(pdf) and "\u2026" not in pdftotext(pdf)


def test_narrow_columns_keep_their_header_words_whole(tmp_path):
    folder = tmp_path / "wide"
    (folder / "data").mkdir(parents=True)
    heads = ["Organisation", "Established", "Secretariat", "Start", "Members", "Summits", "Communiqués",
             "Observers"]
    fields = [{"name": f"c{i}", "type": "string", "title": h} for i, h in enumerate(heads)]
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [
        {"name": "wide", "path": "wide.csv", "title": "Wide", "sources": [{"title": "S"}],
         "schema": {"fields": fields}}]}))
    long_text = "A fairly long description of the format and what it does for the region"
    rows = [",".join(f"c{i}" for i in range(8))] + [",".join([long_text] + ["2015"] * 7)] * 3
    (folder / "data" / "wide.csv").write_text("\n".join(rows) + "\n")
    (folder / "report.md").write_text(
        "---\ntitle: Headers\ndate: 2024-05-01\n---\n\n"
        "# Wide tables keep their header words whole\n\nText.\n\n:::{table} wide\n:::\n"
    )
    (pdf,) = build(folder, ("pdf",), tmp_path / "out")
    header_line = next(line for line in pdftotext(pdf).splitlines() if line.startswith("Organisation"))
    assert header_line.split() == heads


def test_a_brief_reads_its_fallback_fonts_only_once_text_is_set_in_them(tmp_path):
    """The theme's fallback fonts (the CJK one's tables took a new brief process 26 ms to load)
    are read once a run of text needs one: a brief whose text the body fonts cover (a country
    profile) reads none of them, the next brief of the same process, with Chinese, reads the
    CJK one, bold and italic mapped.
    Each is the brief a process that read every font first writes."""
    import subprocess
    import sys

    from conftest import ROOT

    script = """
import sys
from pathlib import Path
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from builders.pipeline.build import load
from builders.pipeline import formats
from builders.shared import fonts

eager = sys.argv[1] == "eager"
out = Path(sys.argv[2])
for n, folder in enumerate([Path("reports/central-asia-profiles"), Path("tests/roots/basic")]):
    report, theme = load(folder)
    if eager:
        for family in theme.fallback_fonts:
            fonts.register_family(family)
    formats.write("pdf", report, theme, out / f"{n}.pdf")
    cjk = [f.file().stem for f in theme.fallback_fonts if "Fallback" in f.file().stem][0]
    read = cjk in pdfmetrics.getRegisteredFontNames()
    print(read, tt2ps(cjk, 1, 0) if read else "")
"""
    found = {}
    for way in ("lazy", "eager"):
        (tmp_path / way).mkdir()
        result = subprocess.run([sys.executable, "-c", script, way, str(tmp_path / way)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        found[way] = result.stdout.split("\n")
    assert found["lazy"][0] == "False ", found  # the profiles use no fallback
    assert found["lazy"][1].startswith("True ") and found["lazy"][1] == found["eager"][1], found
    for n in (0, 1):
        assert (tmp_path / "lazy" / f"{n}.pdf").read_bytes() == (tmp_path / "eager" / f"{n}.pdf").read_bytes()


def test_a_chart_read_back_from_the_cache_has_its_fallback_fonts_read(tmp_path):
    """A brief reads its fallback fonts once text is set in them; a chart drawn in an earlier
    process and read back from the cache sets its labels in them without that text passing
    through here. With labels in Chinese and Arabic and prose in English, a second build
    after an edit of the prose (a new process, the drawing read back) succeeds and writes the
    brief a build without caches writes."""
    from conftest import briefkit

    folder = tmp_path / "reports" / "labels"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "formats.csv").write_text("format,meetings\n中国峰会,9\nقمة الصين,4\nSecretariat,1\n",
                                                 encoding="utf-8")
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "labels", "resources": [{
        "name": "formats", "path": "formats.csv", "title": "Formats", "sources": [{"title": "Test (2024)"}],
        "schema": {"fields": [{"name": "format", "type": "string", "title": "Format"},
                              {"name": "meetings", "type": "integer", "title": "Meetings"}]}}]}),
        encoding="utf-8")
    source = folder / "report.md"
    text = ("---\ntitle: Chart labels\ndate: 2024-05-01\nauthors:\n  - name: Ada Analyst\n"
            "language: en-GB\n---\n\n# One chart\n\nPlain English prose, edition {}.\n\n"
            ":::{{chart}} formats\n:type: barh\n:x: format\n:y: meetings\n:title: Meetings by format\n:::\n")
    for edition in (1, 2):
        source.write_text(text.format(edition), encoding="utf-8")
        built = briefkit("build", str(folder), "--format", "pdf", "--out", str(tmp_path / "out"),
                         cwd=tmp_path)
        assert built.returncode == 0, built.stderr[-3000:]
    fresh = briefkit("build", str(folder), "--format", "pdf", "--out", str(tmp_path / "fresh"), "--no-cache",
                     cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr[-3000:]
    assert (tmp_path / "out" / "labels.pdf").read_bytes() == (tmp_path / "fresh" / "labels.pdf").read_bytes()
