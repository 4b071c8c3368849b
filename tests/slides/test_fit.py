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
