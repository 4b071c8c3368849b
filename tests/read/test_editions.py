"""Editions: language editions of one report, parameterised reports, both built as a batch.

The flagship is built once by the command line (English and Russian), the country profiles
once (five briefs), and tests/roots/editions (numbers with decimals, a long table) once;
every test reads those outputs back.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builders.locale.typography import typeset

from conftest import FLAGSHIP, ROOT, ROOTS, require, run

PROFILES = ROOT / "reports" / "central-asia-profiles"
#: each state's capital and area as the profiles' data package gives them
STATES = {"Kazakhstan": ("Astana", "2,724,900"), "Kyrgyzstan": ("Bishkek", "199,951"),
          "Tajikistan": ("Dushanbe", "144,100"), "Turkmenistan": ("Ashgabat", "488,100"),
          "Uzbekistan": ("Tashkent", "447,400")}
#: furniture briefkit prints in English: none of it may appear in a Russian edition
ENGLISH_FURNITURE = ("Page ", "Source:", "Notes:", "Notes\n", "Table ", "Figure ", "Key takeaways",
                     "About the authors", "(cont.)", "(continued)", "Contents", "Recommendations")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builders.cli", *args], cwd=cwd, capture_output=True,
                          text=True,
                          timeout=600, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext gives it, no-break spaces as spaces."""
    result = run(require("pdftotext"), "-layout", str(path), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\xa0", " ").replace("\u202f", " ")


def pdf_characters(path: Path) -> str:
    """The PDF's text by pypdf, which keeps each character its text map names (U+202F too)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def project(tmp: Path, *reports: Path) -> Path:
    """A project folder holding copies of ``reports`` and the project's data."""
    for report in reports:
        shutil.copytree(report, tmp / "reports" / report.name)
    shutil.copytree(ROOT / "data", tmp / "data")
    return tmp


@pytest.fixture(scope="session")
def editions_built(tmp_path_factory) -> dict:
    """``briefkit build`` of the flagship and the country profiles, in one command."""
    tmp = project(tmp_path_factory.mktemp("editions"), FLAGSHIP, PROFILES)
    result = cli("build", "--out", "out", cwd=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"out": tmp / "out", "stdout": result.stdout, "project": tmp}


@pytest.fixture(scope="session")
def numbers_built(tmp_path_factory) -> Path:
    """tests/roots/editions (decimals, thousands, an 18-row table) in English and Russian."""
    out = tmp_path_factory.mktemp("numbers")
    result = cli("build", str(ROOTS / "editions"), "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# --------------------------------------------------------------------------- the Russian flagship


def test_build_writes_the_flagship_in_english_and_russian(editions_built, flagship):
    out = editions_built["out"]
    for name in ("us-china-central-asia.pdf", "us-china-central-asia.pptx",
                 "us-china-central-asia.ru.pdf", "us-china-central-asia.ru.pptx"):
        assert (out / name).stat().st_size > 50_000, name
    # the English edition is the flagship as built without editions, byte for byte
    assert (out / "us-china-central-asia.pdf").read_bytes() == flagship["pdf"].read_bytes()
    assert (out / "us-china-central-asia.pptx").read_bytes() == flagship["pptx"].read_bytes()


def test_russian_brief_prints_russian_furniture_dates_and_no_english_furniture(editions_built):
    text = pdf_text(editions_built["out"] / "us-china-central-asia.ru.pdf")
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 8
    for number in range(2, 9):
        assert f"Страница {number} из 8" in pages[number - 1], number
    for word in ("Источник:", "Примечания:", "Основные выводы", "Таблица 1.", "Таблица 2.", "Рисунок 1.",
                 "Рисунок 3.", "Рекомендации", "Об авторах"):
        assert word in text, word
    assert "(продолжение)" not in text  # no table or box is split (tests/pdf/test_brief_composition.py)
    assert "27 ноября 2026 г." in pages[0] and "27 ноября 2026 г." in pages[1]  # cover and footer
    assert "19 мая 2023 г." in text  # a date in a source line
    assert "Dushanbe" not in text and "November" not in text and "May 2023" not in text
    for word in ENGLISH_FURNITURE:
        assert word not in text, word
    # hyphenated by the Russian patterns: words broken at a hyphen at line ends, in Cyrillic
    assert re.search(r"[а-я]-\n\s*[а-я]", text)


def test_russian_brief_metadata_names_its_language(editions_built):
    from pypdf import PdfReader

    reader = PdfReader(editions_built["out"] / "us-china-central-asia.ru.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    assert reader.metadata.title.startswith("Интеграция по приглашению")


def test_russian_decks_continue_in_russian_with_russian_notes(editions_built, numbers_built):
    from pptx import Presentation

    # the 18-row table of tests/roots/editions runs on to continuation slides
    titles = [
        slide.shapes.title.text for slide in Presentation(str(numbers_built / "editions.ru.pptx")).slides
    ]
    continued = [t for t in titles if t.endswith(" (продолжение)")]
    assert len(continued) >= 1 and continued[0].replace("\xa0", " ").startswith(
        "Торговля со всеми партнёрами"
    ), titles
    assert not any("(cont" in t for t in titles)
    deck = Presentation(str(editions_built["out"] / "us-china-central-asia.ru.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert "Основные выводы" in titles and "Источники" in titles
    # the recommendations take their section's Russian action title (the restated bullets folded in)
    assert any(t.replace("\xa0", " ").startswith("Пятёрка может вернуть инициативу") for t in titles), titles
    assert not any("(cont" in t for t in titles)
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    assert all(re.search("[а-яё]", n) for n in notes), notes
    joined = "\n".join(notes)
    assert "Notes:" not in joined and "Примечания:" in joined
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    text = text.replace("\xa0", " ")  # (the language's no-break spaces)
    # the quote slide's quotation marks (the flagship has no pull quote since it fits 8 pages; the
    # editions test report has one)
    quoted = "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(numbers_built / "editions.ru.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ).replace("\xa0", " ")
    assert "«Об интеграции" in quoted and "партнёры.»" in quoted, quoted
    assert "Page " not in text and "Source:" not in text and "Источник:" in text
    assert deck.core_properties.language == "ru"


def test_a_translated_series_keeps_its_colour_in_both_editions(editions_built):
    from pptx import Presentation

    def colours(name: str) -> dict[str, str]:
        """Each timeline lane's label and the colour it is set in."""
        deck = Presentation(str(editions_built["out"] / name))
        return {shape.text_frame.text: str(shape.text_frame.paragraphs[0].runs[0].font.color.rgb)
                for slide in deck.slides for shape in slide.shapes if shape.name.startswith("Lane label")}

    english, russian = colours("us-china-central-asia.pptx"), colours("us-china-central-asia.ru.pptx")
    assert len(english) == len(russian) == 3
    assert english["China"] == russian["Китай"] != english["United States"] == russian["США"]
    assert english["Central Asia"] == russian["Центральная Азия"]


# --------------------------------------------------------------------------- numbers and dates


def test_russian_numbers_have_decimal_commas_and_thin_space_groups(numbers_built):
    characters = pdf_characters(numbers_built / "editions.ru.pdf")
    assert "1\u202f234,5" in characters and "3\u202f456,8" in characters and "1\u202f187,1" in characters
    text = pdf_text(numbers_built / "editions.ru.pdf")
    assert "1,234.5" not in text and "1234.5" not in text and "3 456,8" in text  # 3,456.75 rounded half up
    english = pdf_text(numbers_built / "editions.pdf")
    assert "1,234.5" in english and "3,456.8" in english
    assert "19 мая 2023 г." in text and "19 May 2023" in english
    for word in ENGLISH_FURNITURE:
        assert word not in text, word


def test_russian_edition_shows_the_data_package_in_russian(numbers_built):
    text = pdf_text(numbers_built / "editions.ru.pdf")
    assert "Партнёр" in text and "Объём (млн долл.)" in text and "Источник: тестовые данные briefkit" in text
    assert "Европейский союз" in text and "European Union" not in text
    assert "partner_ru" not in text and "Partner (Russian)" not in text  # a translation is no column
    english = pdf_text(numbers_built / "editions.pdf")
    assert "European Union" in english and "Европейский" not in english and "Partner (Russian)" not in english


def test_chart_value_labels_use_the_editions_number_forms(numbers_built):
    from pptx import Presentation

    from builders.locale.values import format_number

    assert format_number(3456.75, 1, "ru") == "3\u202f456,8"
    assert format_number(-0.04, 1, "ru") == "0,0"
    deck = Presentation(str(numbers_built / "editions.ru.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert sum(t.endswith("(продолжение)") for t in titles) >= 1  # the 18-row table continues
    # the brief's chart is a vector drawing: its labels are text in the PDF
    assert re.search("3\u202f[05]00\n", pdf_characters(numbers_built / "editions.ru.pdf"))  # axis ticks


def test_dates_and_furniture_come_from_cldr_and_the_catalogue():
    from builders.locale.furniture import tr
    from builders.locale.values import format_date

    # (with the no-break spaces the language's typography sets: the Russian date whole, an
    # English day held to its month)
    assert format_date(dt.date(2023, 5, 19), "ru") == "19\xa0мая\xa02023\xa0г."
    assert format_date(dt.date(2023, 5, 19), "ru-RU") == "19\xa0мая\xa02023\xa0г."
    assert format_date(dt.date(2023, 5, 19), "en-GB") == "19\xa0May 2023"
    assert format_date(dt.date(2023, 5, 19), "en-US") == "May\xa019, 2023"
    assert tr("ru", "Page {page} of {total}", page=2, total=8) == "Страница 2 из 8"
    assert tr("en-GB", "Page {page} of {total}", page=2, total=8) == "Page 2 of 8"
    assert tr("tg", "Source:") == "Source:"  # a language without a catalogue prints English


# --------------------------------------------------------------------------- check keeps editions in step


def test_check_locates_a_section_and_a_footnote_an_edition_lacks(tmp_path):
    tmp = project(tmp_path, FLAGSHIP)
    source = tmp / "reports" / FLAGSHIP.name / "report.ru.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.startswith("# Три условия"))
    del lines[heading]  # the section's heading: its text now runs on in the section before
    cited = next(i for i, line in enumerate(lines) if "[^cm5]" in line and not line.startswith("[^cm5]:"))
    lines[cited] = lines[cited].replace("[^cm5]", "")
    source.write_text("\n".join(lines), encoding="utf-8")
    english = (FLAGSHIP / "report.md").read_text(encoding="utf-8").split("\n")
    main_heading = english.index("# Three conditions let outsiders fill the gap") + 1
    main_cited = next(i for i, line in enumerate(english,
                                                 1) if "[^cm5]" in line and not line.startswith("[^cm5]:"))

    result = cli("check", f"reports/{FLAGSHIP.name}", cwd=tmp)
    assert result.returncode == 2, result.stdout + result.stderr
    found = [line for line in result.stdout.splitlines() if "error:" in line]
    # reported at the edition's next heading or directive, before which the section should stand
    following = next(i for i, line in enumerate(lines[heading:], heading + 1) if line.startswith(":::{"))
    assert (f"reports/{FLAGSHIP.name}/report.ru.md:{following}: error: this edition lacks the section "
            f"'Three conditions let outsiders fill the gap' (h1) of report.md:{main_heading}") in found, found
    assert any(
        line.startswith(f"reports/{FLAGSHIP.name}/report.ru.md:")
        and f"does not cite footnote [^cm5] (cited at report.md:{main_cited})" in line
        for line in found
    ), found
    assert not any("report.md:" in line.split(": error")[0] and ".ru." not in line for line in found)


def test_a_missing_directive_is_reported_where_it_should_be(tmp_path):
    from builders.read import drift

    main = (FLAGSHIP / "report.md").read_text(encoding="utf-8")
    edition = (FLAGSHIP / "report.ru.md").read_text(encoding="utf-8")
    start = edition.index(":::{table} approaches")
    end = edition.index(":::\n", start + 10) + 4
    shortened = edition[:start] + edition[end:]
    found = drift.compare(drift.skeleton(FLAGSHIP / "report.md", main),
                          drift.skeleton(Path("report.ru.md"), shortened))
    errors = [(str(where), message) for where, message, error in found if error]
    line = shortened[:start].count("\n") + 1  # the next item of the skeleton: the ## heading after it
    expected_line = next(n for n, text in enumerate(shortened.split("\n")[line - 1:],
                                                    line) if text.startswith("##"))
    main_line = main[:main.index(":::{table} approaches")].count("\n") + 1
    assert errors == [(f"report.ru.md:{expected_line}",
                       f"this edition lacks the directive {{table}} 'approaches' of report.md:{main_line}")]


def test_the_flagships_editions_are_in_step():
    from builders.read import drift

    assert drift.check(FLAGSHIP, "report.ru.md") == []


# --------------------------------------------------------------------------- parameterised reports


def test_the_profiles_build_five_briefs_in_one_command_each_with_its_own_rows(editions_built):
    out = editions_built["out"]
    built = sorted(p.name for p in out.glob("central-asia-profiles-*.pdf"))
    assert built == [f"central-asia-profiles-{s.lower()}.pdf" for s in sorted(STATES)]
    assert len(list(out.glob("central-asia-profiles-*.pptx"))) == 5
    for state, (capital, area) in STATES.items():
        text = pdf_text(out / f"central-asia-profiles-{state.lower()}.pdf")
        assert f"{state}: a country profile" in text
        assert capital in text and area in text, state
        table = text.split("Table 2.")[0]  # the state's own row, before the events and their sources
        for other, (other_capital, other_area) in STATES.items():
            if other != state:
                assert other_capital not in table and other_area not in text, (state, other)
        assert text.count("\f") == 1, "one page"
    assert "Dushanbe hosts" in pdf_text(out / "central-asia-profiles-tajikistan.pdf")
    assert "gas pipeline" in pdf_text(out / "central-asia-profiles-turkmenistan.pdf")


def test_param_builds_one_value_and_each_edition_is_up_to_date_on_its_own(editions_built):
    tmp = editions_built["project"]
    again = cli("build", "--out", "out", cwd=tmp)
    assert again.returncode == 0 and again.stdout.count("up to date:") == 7, again.stdout
    source = tmp / "reports" / FLAGSHIP.name / "report.ru.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = cli("build", f"reports/{FLAGSHIP.name}", "--out", "out", cwd=tmp)
    assert edited.returncode == 0, edited.stderr
    assert "up to date: out/us-china-central-asia.pdf" in edited.stdout
    assert "wrote out/us-china-central-asia.ru.pdf" in edited.stdout
    one = cli("build", "reports/central-asia-profiles", "--param", "country=Tajikistan", "--out", "one",
              cwd=tmp)
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in (tmp / "one").glob("*.pdf")) == ["central-asia-profiles-tajikistan.pdf"]


@pytest.mark.parametrize("value", ["{{ ''.__class__ }}", "{% include '/etc/hostname' %}",
                                   "{{ params.__init__.__globals__ }}"])
def test_a_parameter_value_comes_out_literally(tmp_path, value):
    tmp = project(tmp_path, PROFILES)
    result = cli("build", "reports/central-asia-profiles", "--param", f"country={value}", "--format", "pdf",
                 "--out", "out", cwd=tmp)
    # the value is data: the template puts it in as it is; the table filter then finds no row
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"has state = {value!r}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp / "out").exists() or not list((tmp / "out").glob("*.pdf"))
    report = tmp / "reports" / "central-asia-profiles" / "report.md"
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"\n:where: [^\n]*", "", text), encoding="utf-8")  # every row, then
    built = cli("build", "reports/central-asia-profiles", "--param", f"country={value}", "--format", "pdf",
                "--out", "out", cwd=tmp)
    assert built.returncode == 0, built.stderr
    [pdf] = (tmp / "out").glob("*.pdf")
    shown = pdf_text(pdf)
    # as written, but with the language's curly quotes (builders.locale.typography)
    printed = typeset(value, "en")
    assert f"{printed}: a country profile" in " ".join(shown.split())  # the title may wrap
    assert "<class" not in shown and "built-in" not in shown
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in shown.replace("include \u2018/etc/hostname\u2019", "")


@pytest.mark.parametrize(("line", "message"), [
    ("{{ ''.__class__ }}", "template: '__class__' is not a declared parameter"),
    ("{% include '/etc/hostname' %}", "template: {% include %} is not available in a report"),
    ("{{ 'x' * 1000000000 }}", "template: the operator * is not available in a report"),
    ("{{ '%99999999s' % 'a' }}", "template: the operator % is not available in a report"),
    ("{{ 'a'.ljust(2000000000) }}", "template: a call is not available in a report"),
    ("{{ params.update(country='zz') }}", "template: a call is not available in a report"),
    ("{% for a in 'abc' %}{% for b in 'abc' %}x{% endfor %}{% endfor %}",
     "template: a loop is not available"),
    ("{{ params.country|replace('a', 'b') }}", "template: the filter 'replace' is not available in a report"),
    ("{{ params.contry }}", "template: 'contry' is not a declared parameter (params: declares country)"),
    ("{% if params.country %}", "a {% … %} block must end on the line it starts"),
])
def test_template_code_in_a_source_is_refused_where_it_stands(tmp_path, line, message):
    tmp = project(tmp_path, PROFILES)
    report = tmp / "reports" / "central-asia-profiles" / "report.md"
    lines = report.read_text(encoding="utf-8").split("\n")
    at = lines.index("# {{ params.country }} takes part in formats that outside powers convene") + 2
    lines.insert(at, f"Before {line} after.")
    report.write_text("\n".join(lines), encoding="utf-8")
    result = cli("check", "reports/central-asia-profiles", cwd=tmp)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"reports/central-asia-profiles/report.md:{at + 1}:8: error: " in result.stdout
    assert message in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_libreoffice_opens_the_russian_deck_and_shows_its_furniture(editions_built, tmp_path):
    from conftest import libreoffice_pdf

    converted = libreoffice_pdf(editions_built["out"] / "us-china-central-asia.ru.pptx", tmp_path)
    text = pdf_text(converted)
    assert text.count("\f") >= 15
    assert "Источники" in text and "Основные выводы" in text and "Источник:" in text and "10 мес." in text
    for word in ("(cont.)", "Source:", "Key takeaways", "Sources\n"):
        assert word not in text, word


def test_a_param_no_report_declares_is_bad_input(tmp_path):
    """--param for reports none of which is a template is a mistake (a misspelt folder, say),
    not something to ignore: exit 2, nothing written."""
    result = cli("build", str(ROOTS / "basic"), "--param", "country=Kazakhstan", "--out",
                 str(tmp_path / "out"),
                 cwd=tmp_path)
    assert result.returncode == 2, result
    assert "country=Kazakhstan is given, but no report here declares params:" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(tmp_path.glob("out/*.pdf"))


def _profiles_with(tmp_path, edit) -> Path:
    tmp = project(tmp_path, PROFILES)
    report = tmp / "reports" / "central-asia-profiles" / "report.md"
    report.write_text(edit(report.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp


@pytest.mark.parametrize("value", ["![alt](secret.png)", ":::{chart} states", "x\" # \\y", "% not a comment",
                                   "<img src=x> & *co*"])
def test_a_parameter_value_is_never_markup_or_yaml(tmp_path, value):
    """A value lands as text: not a picture read from the project, not a directive, not YAML
    (in a double-quoted title), not a comment line."""
    tmp = _profiles_with(tmp_path, lambda text: re.sub(r"\n:where: [^\n]*", "", text).replace(
        "## These events concern", "{{ params.country }}\n\n## These events concern"))
    shutil.copy(ROOT / "assets" / "readme" / "before-deck.png",
                tmp / "reports" / "central-asia-profiles" / "secret.png")
    built = cli("build", "reports/central-asia-profiles", "--param", f"country={value}", "--format", "pdf",
                "--out", "out", cwd=tmp)
    assert built.returncode == 0, built.stderr
    [pdf] = (tmp / "out").glob("*.pdf")
    # as typed, but for the language's quotes (builders.locale.typography)
    shown = " ".join(pdf_text(pdf).split()).translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))
    assert f"{value}: a country profile" in shown  # the YAML title, quoted
    assert shown.count(value) >= 4  # the title, the takeaway, the heading and the line of its own
    images = run(require("pdfimages"), "-list", str(pdf)).stdout.splitlines()[2:]
    assert all(" 944 " in line for line in images), images  # the logo alone, never secret.png


def test_a_template_outside_a_quoted_front_matter_string_is_refused(tmp_path):
    tmp = _profiles_with(
        tmp_path,
        lambda text: text.replace(
            "subtitle: One of five", "subtitle: Profile of {{ params.country }}, one of five"
        ),
    )
    result = cli("check", "reports/central-asia-profiles", cwd=tmp)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "report.md:3:22: error: template: in the front matter, put {{ … }} inside a double-quoted string" \
        in result.stdout


@pytest.mark.parametrize(("matrix", "message"), [
    ("[Kazakhstan, kazakhstan]",
     "matrix: country values 'Kazakhstan' and 'kazakhstan' would both be written as "
                                 "central-asia-profiles-kazakhstan.pdf"),
    ("['a b', 'a-b']", "matrix: country values 'a b' and 'a-b' would both be written as"),
    ("['...', Kazakhstan]", "matrix: country value '...' has no letter or digit to name its outputs by"),
    ("[" + ", ".join(f"c{n}" for n in range(101)) + "]",
     "matrix: makes 101 editions (every combination of its "
                                                          "values); at most 100 are built from one source"),
])
def test_a_matrix_that_would_overwrite_or_flood_is_refused(tmp_path, matrix, message):
    tmp = _profiles_with(tmp_path, lambda text: re.sub(r"  country: \[Kazakhstan[^\n]*",
                                                       f"  country: {matrix}", text))
    result = cli("build", "reports/central-asia-profiles", "--out", "out", cwd=tmp)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp.glob("out/*.pdf"))
