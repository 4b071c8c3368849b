"""The brief's table writer as a unit: column widths and type size from the cells' text
(``pdf.columns.fit_columns``), measured with the theme's real fonts; and the one column-width
rule both writers share (``shared.tablefit.column_widths``)."""

from __future__ import annotations

import pytest

from builders.errors import ReportError
from builders.pdf.columns import PAD, fit_columns
from builders.read.theme import load_theme, theme_path
from builders.shared import fonts
from builders.shared.tablefit import column_widths, tokens


@pytest.fixture(scope="module")
def faces():
    theme = load_theme(theme_path("default"))
    return fonts.register_family(theme.heading_font), fonts.face_name(theme.heading_font, bold=True)


def _fit(faces, texts, header, width, size=8.5, floor=7.5):
    font, bold = faces
    return fit_columns(texts, header, font=font, bold=bold, size=size, floor=floor, width=width, fallbacks=(),
                       name="t", location=None)


def test_widths_fill_the_text_width_and_no_number_or_name_breaks(faces):
    texts = [("Kazakhstan", "1\u202f234,5", "a long description of what was agreed at the summit"),
             ("Kyrgyz Republic", "17", "short")]
    fit = _fit(faces, texts, ("Country", "Value", "Note"), 300.0)
    assert sum(fit.widths) == pytest.approx(300.0) and fit.size == 8.5
    font, bold = faces
    for i, column in enumerate(zip(*texts)):
        longest = max(fonts.string_width(t, font, fit.size) for cell in column for t in tokens(cell))
        assert fit.widths[i] >= longest + 2 * PAD


def test_a_crowded_table_is_set_smaller_down_to_the_floor_then_refused(faces):
    texts = [("Internationalisation", "Counterterrorism", "Telecommunications")]
    roomy = _fit(faces, texts, ("A", "B", "C"), 400.0)
    font, _ = faces
    need = sum(fonts.string_width(t, font, 8.0) + 2 * PAD + 1 for t in texts[0])  # fits at 8 pt, not 8.5
    tight = _fit(faces, texts, ("A", "B", "C"), need + 0.5)
    assert roomy.size == 8.5 and 7.5 <= tight.size < 8.5
    with pytest.raises(ReportError, match="cannot fit the page"):
        _fit(faces, texts, ("A", "B", "C"), 150.0)


def test_column_widths_fill_the_width_or_with_a_stretch_keep_to_their_content():
    assert column_widths([50.0, 150.0], [20.0, 40.0], 400.0) == [100.0, 300.0]
    assert column_widths([50.0, 150.0], [20.0, 40.0], 400.0, stretch=1.15) == pytest.approx([57.5, 172.5])
    squeezed = column_widths([300.0, 300.0], [60.0, 40.0], 200.0)
    assert sum(squeezed) == pytest.approx(200.0) and squeezed[0] >= 60.0 and squeezed[1] >= 40.0
