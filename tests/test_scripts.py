"""Every script a Central Asia brief quotes prints in real glyphs in both outputs (tests/roots/scripts),
and a script no theme font covers is a located error, never a blank."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import ROOTS, briefkit, libreoffice_pdf, require, run
from deckcheck import words_outside_their_shapes

#: one word per script, each in a takeaway, a paragraph, a table cell, a chart label and a slide bullet
KEY_WORDS = {
    "Cyrillic": "Қазақстан",
    "Latin": "Türkmenistanyň",
    "Chinese": "中亚峰会",
    "Georgian": "საქართველო",
    "Armenian": "Հայաստան",
    "Persian": "افغانستان",
    "Pashto": "پښتو",
    "Uyghur": "ئۇيغۇر",
}
#: more words the brief's paragraphs quote, letters of every language named in the issue
MORE_WORDS = [
    "Кыргызстан",
    "Тоҷикистон",
    "Өзбекстан",
    "Монгол",
    "Oʻzbekiston",
    "Gʻijduvon",
    "Azərbaycan",
    "Çärjew",
    "Ağrı",
    "Şeki",
    "žurnaly",
    "秘书处",
    "西安",
    "თბილისი",
    "Երևան",
    "کابل",
    "ټولنه",
    "دری",
    "نمایندگان",
    "ترانزیتی",
]
#: the font each script's glyphs come from (pdffonts names the embedded subsets)
FACES = {"NotoSerif-Regular", "NotoSans-Bold", "DroidSansFallback", "NotoSansGeorgian-Regular",
         "NotoSansArmenian-Regular", "NotoNaskhArabic-Regular",
         # the takeaways' bold leads set each script in its bold face
         "NotoSansGeorgian-Bold", "NotoSansArmenian-Bold", "NotoNaskhArabic-Bold"}
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\\s]+")


def _norm(text: str) -> str:
    """Compatibility forms folded (NFKC: the joined Arabic forms back to their letters), and the
    invisible direction marks and joiners pdftotext adds or drops taken out."""
    return _INVISIBLE.sub(" ", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    from builders import build

    out = tmp_path_factory.mktemp("scripts")
    pdf, pptx = build(ROOTS / "scripts", ("pdf", "pptx"), out)
    return {"pdf": pdf, "pptx": pptx, "out": out}


def test_every_script_has_an_embedded_font(built):
    listing = run(require("pdffonts"), str(built["pdf"])).stdout
    embedded = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]
                if line.split()[-5:-4] == ["yes"]}  # the "emb" column
    assert FACES <= embedded, listing
    assert "no " not in "".join(line[-22:] for line in listing.splitlines()[2:] if "TrueType" in line), (
        listing
    )


def test_pdftotext_gives_back_every_word_in_logical_order(built):
    text = _norm(run(require("pdftotext"), str(built["pdf"]), "-").stdout)
    missing = [w for w in [*KEY_WORDS.values(), *MORE_WORDS] if _norm(w) not in text]
    assert not missing, missing
    # each key word is in a takeaway, a paragraph, a table cell and a chart label: four times at least
    counts = {script: text.count(_norm(word)) for script, word in KEY_WORDS.items()}
    assert all(n >= 4 for n in counts.values()), counts


def _word_boxes(pdf: Path, word: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page index, box) of every place the brief draws ``word`` (read in either direction)."""
    target = _norm(word).replace(" ", "")
    found = []
    with pdfplumber.open(pdf) as document:
        for index, page in enumerate(document.pages):
            for w in page.extract_words(use_text_flow=False, keep_blank_chars=False):
                token = _norm(w["text"]).replace(" ", "")
                if target in token or target in token[::-1]:
                    found.append((index, (w["x0"], w["top"], w["x1"], w["bottom"])))
    return found


def test_every_script_word_is_drawn_with_ink(built, tmp_path):
    """A crop of the rendered page where each word stands holds ink: no blank where a name should be."""
    require("pdftoppm")
    pages: dict[int, Image.Image] = {}
    for script, word in KEY_WORDS.items():
        boxes = _word_boxes(built["pdf"], word)
        assert len(boxes) >= 3, (script, boxes)  # takeaway, paragraph, table (chart labels are drawings)
        for index, (x0, top, x1, bottom) in boxes:
            if index not in pages:
                prefix = tmp_path / f"page{index}"
                run("pdftoppm", "-r", "100", "-png", "-f", str(index + 1), "-l", str(index + 1),
                    "-singlefile", str(built["pdf"]), str(prefix))
                pages[index] = Image.open(f"{prefix}.png")
            scale = 100 / 72
            crop = pages[index].crop(
                (int(x0 * scale), int(top * scale), int(x1 * scale) + 1, int(bottom * scale) + 1)
            )
            histogram = crop.convert("L").histogram()
            background = histogram.index(max(histogram))
            ink = sum(histogram[: max(background - 60, 0)])  # pixels clearly darker than the ground
            assert ink >= 0.04 * crop.width * crop.height, (script, index, ink, crop.size)


def test_the_deck_holds_every_word_with_its_language_and_face(built):
    deck = Presentation(built["pptx"])
    runs = [(paragraph, run) for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    cells = [(paragraph, run) for slide in deck.slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells
             for paragraph in cell.text_frame.paragraphs for run in paragraph.runs]
    assert all(r._r.rPr is not None and r._r.rPr.get("lang") for _, r in runs + cells), "a run without lang"
    # the faces named are ones PowerPoint has on Windows and on macOS (docs/accessibility.md)
    expected = {"Cyrillic": ("kk-KZ", None, None), "Latin": ("tk-TM", None, None),
                "Chinese": ("zh-CN", "a:ea", "Microsoft YaHei"), "Georgian": ("ka-GE", "a:latin", "Sylfaen"),
                "Armenian": ("hy-AM", "a:latin", "Sylfaen"), "Persian": ("fa-IR", "a:cs", "Arial"),
                "Pashto": ("ps-AF", "a:cs", "Arial"), "Uyghur": ("ug-CN", "a:cs", "Arial")}
    for script, word in KEY_WORDS.items():
        lang, slot, typeface = expected[script]
        holding = [(p, r) for p, r in runs + cells if word in r.text]
        assert len(holding) >= 3, (script, len(holding))  # a takeaway, a bullet and a table cell
        for _, r in holding:
            assert r._r.rPr.get("lang") == lang, (script, r.text, r._r.rPr.get("lang"))
            if slot:
                faces = {child.tag: child.get("typeface") for child in r._r.rPr
                         if child.tag in (qn("a:latin"), qn("a:ea"), qn("a:cs"))}
                assert faces == {qn(slot): typeface}, (script, r.text, faces)
    # a paragraph in Persian or Pashto runs right to left; an English one quoting them does not
    direction = {p.text: p._p.pPr is not None and p._p.pPr.get("rtl") == "1" for p, _ in runs}
    assert direction["افغانستان و کابل"] and direction["پښتو او ئۇيغۇر"], direction
    assert not direction["افغانستان and پښتو print joined, right to left."], direction
    chart_labels = " ".join(p.label for slide in deck.slides for shape in slide.shapes
                            if getattr(shape, "has_chart", False) and shape.has_chart
                            for p in shape.chart.plots[0].categories)
    assert all(word in chart_labels for word in KEY_WORDS.values()), chart_labels


#: the letters of each script the deck names a face for
_SCRIPT_LETTERS = {"Georgian": re.compile("[\u10a0-\u10ff]"), "Armenian": re.compile("[\u0530-\u058f]"),
                   "Arabic": re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]"),
                   "Chinese": re.compile("[\u4e00-\u9fff]")}


def _drawn_in(rendered: Path) -> dict[str, dict[str, set[str]]]:
    """Each script's letters in the rendered PDF, by the font (its PostScript name) they are drawn in."""
    found: dict[str, dict[str, set[str]]] = {script: {} for script in _SCRIPT_LETTERS}
    with pdfplumber.open(rendered) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                for script, letters in _SCRIPT_LETTERS.items():
                    if letters.fullmatch(char["text"]):
                        found[script].setdefault(char["fontname"].split("+", 1)[-1], set()).add(char["text"])
    return found


def test_libreoffice_draws_every_script_inside_its_shapes(built, tmp_path):
    rendered = libreoffice_pdf(built["pptx"], tmp_path / "render")
    assert words_outside_their_shapes(built["pptx"], rendered) == []
    text = _norm(run(require("pdftotext"), str(rendered), "-").stdout)
    for word in KEY_WORDS.values():
        assert _norm(word) in text or _norm(word)[::-1] in text, word
    # no tofu: the faces LibreOffice drew Sylfaen's, Arial's and Microsoft YaHei's letters in (the
    # ones measured here, or a system face) hold every letter drawn in them
    from fontTools.ttLib import TTFont

    listing = run(require("fc-list"), ":", "postscriptname", "file",
                  env={**os.environ, "FONTCONFIG_FILE": str(tmp_path / "render" / "fonts.conf")}).stdout
    files = {line.rsplit(":", 1)[1].split("=", 1)[1].strip(): line.split(":", 1)[0]
             for line in listing.splitlines() if "postscriptname=" in line}
    for script, faces in _drawn_in(rendered).items():
        assert faces, f"no {script} letters in LibreOffice's render"
        for face, chars in faces.items():
            assert face in files, (script, face)
            with TTFont(files[face], fontNumber=0, lazy=True) as font:
                missing = {c for c in chars if ord(c) not in font.getBestCmap()}
            assert not missing, (script, face, missing)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_script_no_font_covers_is_a_located_error(command, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "basic", project)
    source = project / "report.md"
    lines = source.read_text(encoding="utf-8").splitlines()
    number = lines.index("A sidebar paragraph.") + 1
    lines[number - 1] = "A sidebar paragraph in ⵜⴰⵎⴰⵣⵉⵖⵜ."
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = briefkit(
        command, str(project), *(["--out", str(out)] if command == "build" else []), cwd=tmp_path
    )
    assert result.returncode == 2, result
    column = lines[number - 1].index("ⵜ") + 1
    expected = (f"report.md:{number}:{column}: (error: )?"  # check names each finding's severity
                + re.escape("no font in the theme covers 'ⵜ' (U+2D5C, TIFINAGH LETTER YAT) (and 5 more of its"
                            " script); add a font that does to the theme's fallback list"))
    assert re.search(expected, result.stdout + result.stderr), result
    assert "Traceback" not in result.stdout + result.stderr
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.pptx"))


def test_signs_pasted_from_statistics_print_from_the_default_themes_fallback(tmp_path):
    """The minus sign, ≤ ≥ ≠ and arrows, which Noto Sans and Serif lack, print in running text
    and bold (from Carlito, the default theme's first fallback), where the build had stopped:
    "no font in the theme covers '−'"."""
    from builders import build

    project = tmp_path / "project"
    shutil.copytree(ROOTS / "basic", project)
    source = project / "report.md"
    signs = "\u2212\u2264\u2265\u2192\u2260"
    text = source.read_text(encoding="utf-8").replace(
        "A sidebar paragraph.",
        "Growth fell to \u22124.5% (\u2264 5 \u2192 \u2265 3); **a bold \u22122 \u2260 3**.")
    source.write_text(text, encoding="utf-8")
    (pdf,) = build(project, ("pdf",), tmp_path / "out")
    with pdfplumber.open(pdf) as document:
        chars = [c for page in document.pages for c in page.chars if c["text"] in signs]
    assert {c["text"] for c in chars} == set(signs)
    assert {c["fontname"].split("+")[-1] for c in chars} == {"Carlito", "Carlito-Bold"}


def test_the_scripts_report_builds_to_the_same_bytes_in_a_new_process(built, tmp_path):
    """Shaping assigns private codes to joined forms as it meets them: a new process meets them
    in the same order, so the brief and the deck come out byte for byte the same."""
    result = briefkit(
        "build", str(ROOTS / "scripts"), "--out", str(tmp_path), "--force", "--no-cache", cwd=tmp_path
    )
    assert result.returncode == 0, result
    for fmt in ("pdf", "pptx"):
        assert (tmp_path / f"scripts.{fmt}").read_bytes() == built[fmt].read_bytes(), fmt


def test_check_finds_right_to_left_takeaways_on_page_1(tmp_path):
    result = briefkit("check", str(ROOTS / "scripts"), cwd=tmp_path)
    assert result.returncode == 0, result
    assert "0 errors" in result.stdout and "takeaways do not all fit on page 1" not in result.stdout, (
        result.stdout
    )


def test_font_coverage_is_read_back_from_the_cache_and_matches_the_font(tmp_path):
    """The coverage check reads each font's character set from out/.cache/fonts; what it reads
    back is what the font file has (a damaged entry is computed again)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from builders.shared import fontfiles

    font = ROOTS.parent.parent / "assets" / "fonts" / "NotoSansGeorgian-Regular.ttf"
    truth = {c for c in TTFontFile(str(font)).charToGlyph if c < 0xE000 or c > 0xF8FF}
    fontfiles.coverage.cache_clear()
    first = fontfiles.coverage(font, tmp_path)
    fontfiles.coverage.cache_clear()
    entries = [p for p in tmp_path.glob("*.json") if p.name != "digests.json"]
    assert len(entries) == 1
    again = fontfiles.coverage(font, tmp_path)  # read back
    for found in (first, again):
        assert {c for c in range(0x2FFFF) if chr(c) in found} == truth
    entries[0].write_text(entries[0].read_text()[:-5] + "xx", encoding="utf-8")  # damaged
    fontfiles.coverage.cache_clear()
    assert "ა" in fontfiles.coverage(font, tmp_path) and "中" not in fontfiles.coverage(font, tmp_path)


def test_direction_marks_steer_the_order_and_are_never_drawn(tmp_path):
    """The Arabic letter mark (U+061C), which no theme font has, and LRM/RLM pasted with Persian
    text: in a right-to-left word, in a Latin word of a mixed paragraph and in a Latin-only
    paragraph. None is drawn (no box, no stray glyph) and no space next to one is lost."""
    from builders import build

    project = tmp_path / "scripts"
    shutil.copytree(ROOTS / "scripts", project)
    source = project / "report.md"
    text = source.read_text(encoding="utf-8")
    assert "So does کابل in 2023." in text
    text = text.replace("So does کابل in 2023.", "So does کابل\u061c in 2023, and ALM\u061c here.")
    text = text.replace("Georgian and Armenian names keep", "Marks\u200e alone\u061c \u200f keep")
    source.write_text(text, encoding="utf-8")
    (pdf,) = build(project, ("pdf",), tmp_path / "out")
    extracted = run(require("pdftotext"), str(pdf), "-").stdout
    flat = " ".join(extracted.split())
    assert "and ALM here." in flat
    assert "Marks alone keep" in flat
    assert not set(extracted) & set("\u061c\u200e\u200f\u1d76"), sorted(
        set(extracted) & set("\u061c\u200e\u200f\u1d76")
    )
    with pdfplumber.open(pdf) as document:
        drawn = {char["text"] for page in document.pages for char in page.chars}
    assert not drawn & set("\u061c\u200e\u200f"), drawn & set("\u061c\u200e\u200f")
