"""Table cells never split a token, in the brief or the deck (issue 23).

A hypothesis strategy makes tables of 2-9 columns (grouped numbers, decimals, negative values,
dates, capitalised names in Latin, Cyrillic, Georgian and Armenian script, long headers, URLs),
builds each as a brief and a deck in a tmp project, and proves that every piece of every cell a
line may not break (a number with its groups and sign, a date's parts joined by no-break
spaces, a word of a name; a URL's pieces between ``/ . ? &``) is whole on one line of the
PDF (pdfplumber's characters, grouped by baseline) and fits its column in the deck (the table
read back with python-pptx, measured with the deck's fonts) -- or that the build stopped with
the located "cannot fit" error naming the table and a column.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from builders import ReportError, build
from builders.locale.values import format_value
from builders.model import Column, FieldType

pdfplumber = pytest.importorskip("pdfplumber")

#: capitalised words of place and organisation names in four scripts
NAMES = ("European", "Union", "Development", "Bakı", "(Azərbaycan)", "Washington", "Construction",
         "Европейский", "Владикавказ", "Стоимость", "Узбекистан", "Туркменистан",
         "თბილისი", "საქართველო", "ბათუმი", "Երևան", "(Հայաստան)", "Գյումրի")
HEADS = ("Estimated cost (€ million)", "Length of the route (km)", "Status", "Sponsor",
         "Intergovernmental organisation", "Year", "Share (%)", "Участники", "Протяжённость (км)")
URLS = ("https://www.adb.org/projects/documents/reg-53068-001-rrp",
        "https://example.org/a/very-long-path/with-many-pieces?query=1&page=2")
KINDS = ("integer", "number", "date", "name", "url")


@st.composite
def tables(draw):
    """(language, columns as (kind, title, decimals), rows of CSV values)."""
    count = draw(st.integers(2, 9))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=count, max_size=count))
    columns = [(kind, draw(st.sampled_from(HEADS)) + f" {i}", draw(st.integers(0, 3)))
               for i, kind in enumerate(kinds)]
    rows = []
    for _ in range(draw(st.integers(2, 4))):
        row = []
        for kind, _, decimals in columns:
            if kind == "integer":
                row.append(str(draw(st.integers(-10**9, 10**9))))
            elif kind == "number":
                row.append(f"{draw(st.floats(-10**7, 10**7, allow_nan=False)):.{decimals}f}")
            elif kind == "date":
                row.append(draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))).isoformat())
            elif kind == "name":
                row.append(" ".join(draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))))
            else:
                row.append(draw(st.sampled_from(URLS)))
        rows.append(row)
    return draw(st.sampled_from(("en", "ru"))), columns, rows


_TYPES = {"integer": "integer", "number": "number", "date": "date", "name": "string", "url": "string"}


def _write(root: Path, language: str, columns, rows) -> None:
    (root / "data").mkdir(parents=True)
    fields = [{"name": f"c{i}", "type": _TYPES[kind], "title": title,
               **({"decimals": decimals} if kind == "number" else {})}
              for i, (kind, title, decimals) in enumerate(columns)]
    package = {"name": "gen", "resources": [{
        "name": "projects", "path": "projects.csv", "title": "Projects", "description": "Generated.",
        "sources": [{"title": "Generated"}], "schema": {"fields": fields}}]}
    (root / "data" / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    lines = [",".join(f"c{i}" for i in range(len(columns)))]
    lines += [",".join(f'"{v}"' for v in row) for row in rows]
    (root / "data" / "projects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "report.md").write_text(
        f"---\ntitle: Generated tables\ndate: 2024-05-01\nlanguage: {language}\n"
        "authors:\n  - name: Ada Analyst\n---\n\n# Projects are listed\n\nText.\n\n"
        ":::{table} projects\n:caption: Projects\n:::\n", encoding="utf-8")


def _shown(language: str, columns, rows) -> list[list[str]]:
    """Each cell as the outputs print it."""
    out = []
    for row in rows:
        cells = []
        for (kind, title, decimals), value in zip(columns, row):
            column = Column("c", title, FieldType(_TYPES[kind]), decimals if kind == "number" else None)
            typed = {"integer": int, "number": float, "date": dt.date.fromisoformat}.get(kind, str)(value)
            cells.append(format_value(typed, column, language))
        out.append(cells)
    return out


_SPACES = re.compile(r"[\s\xa0\u202f\u2007]+")


def _pieces(cell: str) -> list[str]:
    """What may not be broken: words between ordinary spaces (no-break spaces join); a URL's
    pieces after ``/ . ? &``."""
    out = []
    for word in cell.split(" "):
        if "://" in word:
            out += [p for p in re.split(r"(?<=[/.?&])(?=[^/.?&])", word) if p]
        elif word:
            out.append(word)
    return out


def _pdf_lines(pdf: Path) -> list[str]:
    """Every line of every page: characters grouped by their baseline (the same for each font
    of a line), in order, a space where a gap or a space character separates them."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows = defaultdict(list)
            for char in page.chars:
                rows[round(char["matrix"][5], 1)].append(char)
            for _, chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                text, end = "", None
                for char in chars:
                    if end is not None and char["x0"] - end > 0.2 * char["size"]:
                        text += " "
                    text += char["text"]
                    end = char["x1"]
                lines.append(_SPACES.sub(" ", text))
    return lines


def _check_pdf(pdf: Path, cells: list[list[str]], header: list[str]) -> None:
    lines = _pdf_lines(pdf)
    for cell in [c for row in cells for c in row] + header:
        for piece in _pieces(cell):
            wanted = _SPACES.sub(" ", piece)
            assert any(wanted in line for line in lines), f"{piece!r} of cell {cell!r} is not whole on a line"


def _check_deck(pptx: Path, report_root: Path, cells: list[list[str]]) -> None:
    from pptx import Presentation
    from pptx.util import Emu

    from builders.pipeline.build import load
    from builders.slides import prepare

    report, theme = load(report_root)
    body = prepare(report, theme).measurer
    seen = []
    for slide in Presentation(str(pptx)).slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            for r, row in enumerate(table.rows):
                texts = []
                for c, cell in enumerate(row.cells):
                    inner = Emu(table.columns[c].width - cell.margin_left - cell.margin_right).pt
                    runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
                    size = runs[0].font.size.pt
                    bold = bool(runs[0].font.bold)
                    texts.append(cell.text_frame.text)
                    for piece in _pieces(cell.text_frame.text):
                        assert body.lines(piece, size, inner, bold) == 1, \
                            f"{piece!r} breaks in a {inner:.1f} pt deck column at {size} pt"
                if r:
                    seen.append(texts)
    assert seen == cells[:len(seen)], "the deck's cells read back as the brief prints them"


@settings(max_examples=6, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(generated=tables())
def test_no_cell_token_is_ever_split(tmp_path_factory, generated):
    language, columns, rows = generated
    root = tmp_path_factory.mktemp("gen") / "gen"
    _write(root, language, columns, rows)
    out = root.parent / "out"
    try:
        pdf, pptx = build(root, ("pdf", "pptx"), out)
    except ReportError as error:
        message = str(error)
        assert "cannot fit" in message, message
        assert f"{root / 'report.md'}:" in message  # located at the directive
        assert any(repr(title) in message for _, title, _ in columns), message
        return
    cells = _shown(language, columns, rows)
    _check_pdf(pdf, cells, [title for _, title, _ in columns])
    _check_deck(pptx, root, cells)


def test_a_table_too_wide_for_any_size_stops_with_a_located_error(tmp_path):
    """Nine columns of long URLs fit neither the page nor a slide: a located error, no output."""
    columns = [("name", f"Column {i}", 0) for i in range(9)]
    rows = [["Intergovernmentalorganisationsandagencies"] * 9] * 2
    root = tmp_path / "wide"
    _write(root, "en", columns, rows)
    with pytest.raises(ReportError) as caught:
        build(root, ("pdf",), tmp_path / "out")
    message = str(caught.value)
    assert "table 'projects' cannot fit the page" in message
    assert (
        "'Column 0'" in message
        and "needs" in message
        and "'Intergovernmentalorganisationsandagencies'" in message
    )
    assert f"{root / 'report.md'}:" in message
    assert not (tmp_path / "out" / "wide.pdf").exists()


def test_a_table_that_cannot_fit_a_slide_names_the_template_font_measured_with_another(tmp_path):
    """A template naming a font the theme does not ship has its text measured with the wider
    Noto Sans: a table that then cannot fit a slide says so, and what to do (a new user could
    not tell why a wider slide failed where a narrower one had not)."""
    import made_templates as made

    columns = [("name", f"Column {i}", 0) for i in range(6)]
    root = tmp_path / "wide"
    _write(root, "en", columns, [["Intergovernmentalorganisations"] * 6] * 2)
    with pytest.raises(ReportError) as caught:
        build(root, ("pptx",), tmp_path / "out", template=made.arial_theme(tmp_path / "arial.pptx"))
    message = str(caught.value)
    assert "cannot fit a slide" in message
    assert "the template's font 'Arial' is not among the theme's fonts" in message
    with pytest.raises(ReportError) as plain:  # the default template's Calibri is measured as itself
        build(root, ("pptx",), tmp_path / "out2")
    assert "cannot fit a slide" in str(plain.value) and "not among the theme's fonts" not in str(plain.value)


def test_the_issues_table_keeps_every_token_whole_as_libreoffice_draws_the_deck(tmp_path):
    """The eight-column table of the issue (routes in km, costs in € million; Russian), its
    deck drawn by LibreOffice: every number, name and header word whole on a line."""
    from conftest import libreoffice_pdf

    columns = [("name", "Проект", 0), ("name", "Спонсор", 0), ("name", "Откуда", 0), ("name", "Куда", 0),
               ("integer", "Длина (км)", 0), ("number", "Стоимость (млн €)", 0), ("name", "Статус", 0),
               ("name", "Мощность", 0)]
    rows = [["Middle Corridor", "Европейский союз", "Bakı (Azərbaycan)", "Երևան (Հայաստան)", "1195", "10000",
             "Under construction", "Power"],
            ["Trans-Caspian Cable", "Азиатский банк развития", "Владикавказ", "თბილისი", "3500", "6500",
             "Planned", "Power"]]
    root = tmp_path / "routes"
    _write(root, "ru", columns, rows)
    pdf, pptx = build(root, ("pdf", "pptx"), tmp_path / "out")
    cells = _shown("ru", columns, rows)
    assert cells[0][4] == "1\u202f195"  # grouped as the language groups digits
    header = [title for _, title, _ in columns]
    _check_pdf(pdf, cells, header)
    _check_deck(pptx, root, cells)
    _check_pdf(libreoffice_pdf(pptx, tmp_path / "render"), cells, header)


def test_chinese_breaks_between_characters_so_a_long_name_fits_a_narrow_column(tmp_path):
    """A cell quoting a 14-character Chinese name in brackets was one piece no line could break:
    on a 4:3 slide the build stopped ("column 'Project' alone needs 233 pt"), on a wide one the
    column kept that width for nothing. Chinese breaks between any two characters, as
    PowerPoint, LibreOffice and ReportLab set it; a Latin word stays whole."""
    from builders.shared.tablefit import tokens

    assert tokens("canal (额尔齐斯河—克拉玛依引水工程) 1\xa0000") == \
        ["canal", "(", *"额尔齐斯河", "—", *"克拉玛依引水工程", ")", "1\xa0000"]
    # five columns, each with such a name: as one piece each they needed about 1,150 pt
    columns = [("name", f"Project {i}", 0) for i in range(5)]
    rows = [["Black Irtysh canal (额尔齐斯河—克拉玛依引水工程)"] * 5] * 3
    root = tmp_path / "zh"
    _write(root, "en", columns, rows)
    pdf, pptx = build(root, ("pdf", "pptx"), tmp_path / "out")
    from pptx import Presentation

    (table,) = [sh.table for s in Presentation(pptx).slides for sh in s.shapes if sh.has_table][:1]
    assert len(table.columns) == 5
    with pdfplumber.open(pdf) as document:
        text = "".join(c["text"] for page in document.pages for c in page.chars)
    assert text.count("额尔齐斯河—克拉玛依引水工程") == 15  # every character printed, in order
