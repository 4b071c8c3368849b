"""slides/fit.py: text in a script the deck names a stand-in face for (Sylfaen for Georgian and
Armenian, Arial for Arabic script) is measured with room to spare, since the face measured here
(Noto) does not share its widths; Chinese, whose ideographs are one em wide in Microsoft YaHei
and Droid Sans Fallback alike, and the deck's own face (Calibri, measured as Carlito) are not."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from builders.read.theme import load_theme, theme_path
from builders.shared import fonts
from builders.slides.fit import FALLBACK_SLACK, Measurer


def test_words_in_a_face_not_metric_compatible_are_measured_wider():
    theme = load_theme(theme_path("default"))
    measurer = Measurer(theme.deck_fonts[0], fonts.fallback_names(theme))
    face = measurer.face(False)
    for word, slack in (
        ("საქართველო", FALLBACK_SLACK),
        ("Հայաստան", FALLBACK_SLACK),
        ("پښتو", FALLBACK_SLACK),
        ("中亚峰会", 1.0),
        ("Kazakhstan", 1.0),
    ):
        ((font, part),) = fonts.runs(word, face, measurer.fallbacks)
        assert (font == face) == (word == "Kazakhstan"), (word, font)
        plain = pdfmetrics.stringWidth(part, font, 20)
        assert measurer.width(word, 20) == plain * slack, word
        assert measurer.lines(word, 20, plain / 0.96 * 1.05) == (1 if slack == 1.0 else 2), word


def test_a_fonts_line_height_is_read_once_per_machine(tmp_path, monkeypatch):
    """A font's line height (its tables read with fontTools) is kept in the machine cache by the
    file's digest: a new process reads it back, and a damaged entry is read from the font again."""
    import pytest

    from builders.paths import ASSETS
    from builders.slides import fit

    face = ASSETS / "fonts" / "Carlito-Regular.ttf"
    expected = fit._line_em(face)
    monkeypatch.setattr(fonts, "_metrics_folder", tmp_path)
    fit.line_em.cache_clear()
    assert fit.line_em(face) == expected
    (kept,) = [p for p in tmp_path.iterdir() if p.suffix == ".txt"]
    fit.line_em.cache_clear()  # as in a new process
    with monkeypatch.context() as patch:
        patch.setattr(fit, "_line_em", lambda path: pytest.fail("the font's tables read again"))
        assert fit.line_em(face) == expected
    kept.write_bytes(kept.read_bytes().replace(repr(expected).encode(), b"1.5"))  # the seal no longer holds
    fit.line_em.cache_clear()
    assert fit.line_em(face) == expected
    fit.line_em.cache_clear()


def test_a_deck_reads_a_fallback_font_only_when_a_slide_sets_text_in_it(tmp_path):
    """The deck's fallback fonts are named at once but read only when a slide's text needs one
    (the CJK fallback took a new deck process 30 ms to load, for decks that never use it); a
    deck whose slides hold Chinese reads that font, and measures and sets the Chinese in it."""
    import subprocess
    import sys

    from conftest import ROOT, ROOTS

    code = ("import sys\nfrom builders import build\nfrom builders.shared import fonts\n"
            "from reportlab.pdfbase import pdfmetrics\n"
            "build(sys.argv[1], ('pptx',), sys.argv[2], cache=False, parallel=False)\n"
            "print(sorted(n for n in pdfmetrics.getRegisteredFontNames()\n"
            "             if n.startswith(('Droid', 'NotoNaskh'))))")
    read = {}
    for root in ("editions", "basic"):
        found = subprocess.run([sys.executable, "-c", code, str(ROOTS / root), str(tmp_path / root)],
                               capture_output=True, text=True, cwd=ROOT, check=True)
        read[root] = found.stdout.strip()
    assert read == {"editions": "[]", "basic": "['DroidSansFallbackFull']"}, read
    from pptx import Presentation

    deck = Presentation(str(tmp_path / "basic" / "basic.pptx"))
    chinese = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
               for p in shape.text_frame.paragraphs for run in p.runs if "中" in run.text]
    east_asian = {ea.get("typeface") for run in chinese for ea in run._r.xpath("a:rPr/a:ea")}
    assert chinese and east_asian == {"Microsoft YaHei"}, east_asian


def test_a_table_is_sized_once_a_process_for_the_editions_that_show_it(tmp_path, monkeypatch):
    """The editions of a batch show the same tables: a table's size and column widths, most of
    a one-page edition's planning, are worked out once per process for the same cells, fonts,
    theme and box. A deck built with them known is the deck built without."""
    import shutil

    from builders import build
    from builders.slides import fitting

    from conftest import ROOTS

    for name, title in (("first", "One edition"), ("second", "Another edition")):
        shutil.copytree(ROOTS / "basic", tmp_path / name)
        source = tmp_path / name / "report.md"
        text = source.read_text()
        source.write_text(text.replace("\nsubtitle: ", f"\nsubtitle: {title}, ", 1))
    sized: list[tuple] = []
    real = fitting.Fitter._table_size

    def table_size(self, header, rows, box, table):
        sized.append(tuple(header))
        return real(self, header, rows, box, table)

    monkeypatch.setattr(fitting.Fitter, "_table_size", table_size)
    monkeypatch.setattr(fitting, "TABLE_SIZES", {})

    def deck(name: str, out: str) -> bytes:
        (path,) = build(tmp_path / name, ("pptx",), tmp_path / out, cache=False, parallel=False)
        return path.read_bytes()

    deck("first", "out")
    tables = len(sized)
    assert tables >= 1
    second = deck("second", "out")
    assert len(sized) == tables, "the second edition's tables were sized again"
    fitting.TABLE_SIZES.clear()
    assert deck("second", "alone") == second
    assert len(sized) == 2 * tables
