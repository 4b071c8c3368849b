"""A corpus of bad input: each case gets exit code 2, a message that starts with the offending
file's path, line (and column), says what was expected, and leaves earlier outputs untouched."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders.cli import main

GOOD_FRONT = "---\ntitle: A brief\ndate: 2024-05-01\n---\n"
BODY = "\n# Findings come first\n\nSome text.\n"

FIELDS = [{"name": "name", "type": "string", "title": "Name"},
          {"name": "year", "type": "year", "title": "Year"},
          {"name": "amount", "type": "number", "title": "Amount"}]


def package(fields=None, **resource) -> str:
    entry = {"name": "things", "path": "things.csv", "title": "Things", "description": "Test rows.",
             "sources": [{"title": "Test source"}], "schema": {"fields": fields or FIELDS}}
    entry.update(resource)
    return json.dumps({"name": "test", "resources": [entry]}, indent=2)


TABLE = BODY + "\n:::{table} things\n:caption: Things are listed\n:::\n"
GOOD_CSV = "name,year,amount\nC5+1,2015,1.5\nB5+1,2024,2\n"


def data(csv: str | bytes = GOOD_CSV, **kwargs) -> dict:
    return {"data/datapackage.json": package(**kwargs), "data/things.csv": csv}


# Each case: (id, files of the report folder, expected "path:line[:col]: " prefix, expected words).
# Paths in messages are relative to the project folder the command runs in.
R = "reports/case/report.md"
D = "reports/case/data/things.csv"
P = "reports/case/data/datapackage.json"
CASES = [
    # --- front matter -------------------------------------------------------------------
    ("no-front-matter", {"report.md": "# Title\n\nText.\n"}, f"{R}:1:1:", "expected YAML front matter"),
    (
        "yaml-syntax",
        {"report.md": '---\ntitle: "unclosed\ndate: 2024-05-01\n---\n' + BODY},
        f"{R}:2:8:",
        "invalid YAML: found unexpected end of stream while scanning a quoted scalar",
    ),
    (
        "unknown-key",
        {"report.md": "---\ntitle: T\nsubtitel: typo\n---\n" + BODY},
        f"{R}:3:1:",
        "unknown key 'subtitel'; expected one of",
    ),
    (
        "duplicate-key",
        {"report.md": "---\ntitle: T\ntitle: U\n---\n" + BODY},
        f"{R}:3:1:",
        "duplicate key 'title' (first given on line 2)",
    ),
    (
        "missing-title",
        {"report.md": "---\nsubtitle: S\n---\n" + BODY},
        f"{R}:2:1:",
        "missing required key 'title'",
    ),
    (
        "bad-date",
        {"report.md": "---\ntitle: T\ndate: yesterday\n---\n" + BODY},
        f"{R}:3:7:",
        "expected a date as YYYY-MM-DD, found 'yesterday'",
    ),
    (
        "bad-bool",
        {"report.md": "---\ntitle: T\ntoc: maybe\n---\n" + BODY},
        f"{R}:3:6:",
        "expected true or false",
    ),
    (
        "bad-page-size",
        {"report.md": "---\ntitle: T\npage_size: A5\n---\n" + BODY},
        f"{R}:3:12:",
        "expected one of A4, Letter, found 'A5'",
    ),
    (
        "authors-not-list",
        {"report.md": "---\ntitle: T\nauthors: Jane Doe\n---\n" + BODY},
        f"{R}:3:10:",
        "expected a list, found 'Jane Doe'",
    ),
    (
        "author-without-name",
        {"report.md": "---\ntitle: T\nauthors:\n  - affiliation: X\n---\n" + BODY},
        f"{R}:4:5:",
        "missing required key 'name'",
    ),
    (
        "bad-language",
        {"report.md": "---\ntitle: T\nlanguage: English!\n---\n" + BODY},
        f"{R}:3:11:",
        "expected a language tag",
    ),
    (
        "unknown-theme",
        {"report.md": "---\ntitle: T\ntheme: neon\n---\n" + BODY},
        f"{R}",
        "unknown theme 'neon'",
    ),
    (
        "python-tag",
        {"report.md": '---\ntitle: !!python/object/apply:os.system ["echo hi"]\n---\n' + BODY},
        f"{R}:2:8:",
        "expected text, found a list",
    ),
    (
        "template-outside",
        {"report.md": "---\ntitle: T\ndeck:\n  template: ../../../etc/passwd.pptx\n---\n" + BODY},
        f"{R}:4:13:",
        "points outside the project",
    ),
    (
        "template-absolute",
        {"report.md": "---\ntitle: T\ndeck:\n  template: /etc/hostname\n---\n" + BODY},
        f"{R}:4:13:",
        "must be a relative path inside the project",
    ),
    # --- Markdown body --------------------------------------------------------------------
    (
        "unknown-directive",
        {"report.md": GOOD_FRONT + "\n# H\n\n:::{tabel} things\n:::\n"},
        f"{R}:8:1:",
        "unknown directive {tabel}; expected one of",
    ),
    (
        "unknown-option",
        {"report.md": GOOD_FRONT + TABLE.replace(":caption:", ":captoin:"), **data()},
        f"{R}:11:1:",
        "unknown option :captoin: for {table}",
    ),
    (
        "unknown-resource",
        {"report.md": GOOD_FRONT + TABLE.replace("things", "thinsg", 1), **data()},
        f"{R}:10:1:",
        "unknown data resource 'thinsg'; expected one of: things",
    ),
    (
        "option-with-footnote",
        {
            "report.md": GOOD_FRONT
            + BODY.replace("text.", "text.[^n]\n\n[^n]: A note.")
            + "\n:::{table} things\n:caption: Things[^n] are listed\n:::\n",
            **data(),
        },
        f"{R}:13:1:",
        "footnote [^n] in :caption: cannot be shown: options are plain text",
    ),
    (
        "option-without-space",
        {"report.md": GOOD_FRONT + BODY + "\n:::{chart} things\n:type:bar\n:x: name\n:::\n", **data()},
        f"{R}:11:1:",
        "option :type: needs a space after its second colon: ':type: bar'",
    ),
    (
        "directive-not-closed",
        {
            "report.md": GOOD_FRONT + BODY + "\n:::{table} things\n:name: t\n\n"
            "See [the chart](#c).\n\n:::{chart} things\n:type: bar\n:x: name\n:y: amount\n"
            ":name: c\n:::\n",
            **data(),
        },
        f"{R}:10:1:",
        "{table} opened on line 10 is not closed: it runs on to the directive on line 15",
    ),
    (
        "markdown-pipe-table",
        {"report.md": GOOD_FRONT + BODY + "\n| a | b |\n|---|---|\n| 1 | 2 |\n"},
        f"{R}:10:1:",
        "Markdown tables are not supported: put the rows in a CSV file under data/",
    ),
    (
        "timeline-undated-row",
        {
            "report.md": GOOD_FRONT + BODY + "\n:::{chart} things\n:type: timeline\n:x: when\n"
            ":series: who\n:text: name\n:::\n",
            **data(
                "name,when,who\nSummit,2023-05-19,China\nKurultai,,Kazakhstan\n",
                fields=[
                    {"name": "name", "type": "string"},
                    {"name": "when", "type": "date"},
                    {"name": "who", "type": "string"},
                ],
            ),
        },
        f"{R}:12:1:",
        "timeline row 'Kurultai' of 'things' has no date in 'when'; give it a date, a :year: column",
    ),
    (
        "chart-without-type",
        {"report.md": GOOD_FRONT + BODY + "\n:::{chart} things\n:x: name\n:::\n", **data()},
        f"{R}:10:1:",
        ":type: expected one of bar, barh",
    ),
    (
        "chart-unknown-column",
        {
            "report.md": GOOD_FRONT + BODY + "\n:::{chart} things\n:type: bar\n:x: nmae\n:y: amount\n:::\n",
            **data(),
        },
        f"{R}:12:1:",
        ":x: unknown column 'nmae' in 'things'",
    ),
    (
        "chart-text-values",
        {
            "report.md": GOOD_FRONT + BODY + "\n:::{chart} things\n:type: bar\n:x: year\n:y: name\n:::\n",
            **data(),
        },
        f"{R}:13:1:",
        ":y: column 'name' is string; expected a number",
    ),
    (
        "undefined-footnote",
        {"report.md": GOOD_FRONT + "\n# H\n\nA claim[^missing] here.\n"},
        f"{R}:8:8:",
        "footnote [^missing] is referenced but never defined",
    ),
    (
        "javascript-link",
        {"report.md": GOOD_FRONT + "\n# H\n\nSee [this](javascript:alert(1)).\n"},
        f"{R}:8:12:",
        "link 'javascript:alert(1)': expected an http, https or mailto URL",
    ),
    (
        "file-link",
        {"report.md": GOOD_FRONT + "\n# H\n\nSee [this](file:///etc/passwd).\n"},
        f"{R}:8:12:",
        "found 'file'",
    ),
    (
        "unknown-anchor",
        {"report.md": GOOD_FRONT + "\n# H\n\nSee [below](#nowhere).\n"},
        f"{R}:8:13:",
        "link to #nowhere: no heading or table/chart name 'nowhere'",
    ),
    (
        "image-outside",
        {"report.md": GOOD_FRONT + "\n# H\n\n![A map](../../../../etc/hostname)\n"},
        f"{R}:8:1:",
        "image '../../../../etc/hostname' points outside the project",
    ),
    (
        "image-absolute",
        {"report.md": GOOD_FRONT + "\n# H\n\n![A map](/etc/hostname)\n"},
        f"{R}:8:1:",
        "image must be a relative path inside the project",
    ),
    (
        "image-url",
        {"report.md": GOOD_FRONT + "\n# H\n\n![A map](https://example.org/map.png)\n"},
        f"{R}:8:1:",
        "image must be a file inside the project, found URL",
    ),
    (
        "image-without-alt",
        {"report.md": GOOD_FRONT + "\n# H\n\n![](map.png)\n"},
        f"{R}:8:1:",
        "image needs alternative text",
    ),
    (
        "image-missing",
        {"report.md": GOOD_FRONT + "\n# H\n\n![A map](map.png)\n"},
        f"{R}:8:1:",
        "image 'map.png' not found",
    ),
    (
        "image-not-an-image",
        {"report.md": GOOD_FRONT + "\n# H\n\n![A map](map.png)\n", "map.png": "not a PNG"},
        f"{R}:8:1:",
        "map.png is not a PNG or JPEG image",
    ),
    (
        "heading-in-callout",
        {"report.md": GOOD_FRONT + "\n# H\n\n:::{callout} Box\nText.\n\n## Inner\n:::\n"},
        f"{R}:11:1:",
        "headings are not allowed inside {callout}",
    ),
    (
        "takeaways-without-list",
        {"report.md": GOOD_FRONT + "\n:::{takeaways}\nJust a paragraph.\n:::\n" + BODY},
        f"{R}:6:1:",
        "{takeaways} expects one list of takeaways",
    ),
    (
        "comparison-one-side",
        {
            "report.md": GOOD_FRONT
            + BODY
            + "\n:::{slide} Two sides differ\n:layout: comparison\nChina\n\n- a\n:::\n"
        },
        f"{R}:10:1:",
        "a comparison slide expects two sides",
    ),
    (
        "duplicate-name",
        {
            "report.md": GOOD_FRONT
            + TABLE.replace(":caption:", ":name: t1\n:caption:")
            + "\n:::{table} things\n:name: t1\n:::\n",
            **data(),
        },
        f"{R}:16:1:",
        "name 't1' is used twice (first on line 11)",
    ),
    (
        "bad-where",
        {"report.md": GOOD_FRONT + TABLE.replace(":caption:", ":where: year > 2020\n:caption:"), **data()},
        f"{R}:11:1:",
        ":where: expected 'column = value'",
    ),
    (
        "report-cp1252",
        {"report.md": (GOOD_FRONT + "\n# H\n\nCaf\u00e9 text.\n").encode("cp1252")},
        f"{R}:8:4:",
        "not valid UTF-8 (byte 0xE9)",
    ),
    (
        "bad-slide-layout",
        {"report.md": GOOD_FRONT + BODY + "\n:::{slide} A point\n:layout: grid\n- a\n:::\n"},
        f"{R}:11:1:",
        ":layout: expected one of bullets, comparison, statement, figures, process, found 'grid'",
    ),
    ("empty-front-matter", {"report.md": "---\n---\n" + BODY}, f"{R}:2:1:", "missing required key 'title'"),
    (
        "footnote-in-heading",
        {"report.md": GOOD_FRONT + "\n# Findings[^a]\n\nText.\n\n[^a]: A note.\n"},
        f"{R}:6:1:",
        "a heading cannot carry a footnote marker",
    ),
    (
        "footnote-defined-twice",
        {"report.md": GOOD_FRONT + "\n# H\n\nText[^a].\n\n[^a]: One.\n[^a]: Two.\n"},
        f"{R}:11:1:",
        "footnote [^a] is defined twice (first on line 10)",
    ),
    (
        "reserved-name",
        {"report.md": GOOD_FRONT + TABLE.replace(":caption:", ":name: note-1\n:caption:"), **data()},
        f"{R}:11:1:",
        "name 'note-1' is reserved for the brief's own notes",
    ),
    (
        "theme-bad-logo",
        {
            "report.md": "---\ntitle: T\ntheme: house.yaml\n---\n" + BODY,
            "house.yaml": None,
            "logo.png": "not a picture",
        },
        "reports/case/house.yaml:",
        "logo.png is not a PNG or JPEG image",
    ),
    (
        "theme-not-truetype",
        {
            "report.md": "---\ntitle: T\ntheme: house.yaml\n---\n" + BODY,
            "house.yaml": "font",
            "font.ttf": b"OTTO\x00\x01",
        },
        "reports/case/house.yaml:",
        "font.ttf is an OpenType font with PostScript (CFF) outlines",
    ),
    # --- CSV --------------------------------------------------------------------------------
    ("csv-empty", {"report.md": GOOD_FRONT + TABLE, **data("")}, f"{D}:1:1:", "data file is empty"),
    (
        "csv-header-only",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\n")},
        f"{D}:1:1:",
        "data file has a header but no data rows",
    ),
    (
        "csv-ragged",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,1\nB,2016,2,extra\n")},
        f"{D}:3:1:",
        "row has 4 fields; expected 3",
    ),
    (
        "csv-duplicate-columns",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,year\nA,2015,1\n")},
        f"{D}:1:3:",
        "duplicate column name 'year'",
    ),
    (
        "csv-header-mismatch",
        {"report.md": GOOD_FRONT + TABLE, **data("name,yr,amount\nA,2015,1\n")},
        f"{D}:1:1:",
        "header does not match the schema (missing 'year'; not in the schema 'yr')",
    ),
    (
        "csv-cp1252",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nCaf\u00e9,2015,1\n".encode("cp1252"))},
        f"{D}:2:4:",
        'set "encoding": "cp1252"',
    ),
    (
        "csv-utf16-no-bom",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,1\n".encode("utf-16-le"))},
        f"{D}:1:1:",
        "looks like UTF-16 (little-endian) without a byte-order mark",
    ),
    (
        "csv-utf32",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,1\n".encode("utf-32"))},
        f"{D}:1:1:",
        "data file is in UTF-32 (little-endian, with a byte-order mark); save it as UTF-8",
    ),
    (
        "csv-semicolons",
        {"report.md": GOOD_FRONT + TABLE, **data("name;year;amount\nA;2015;1\n")},
        f"{D}:1:1:",
        'header is separated by ";"',
    ),
    (
        "csv-percent",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,12%\n")},
        f"{D}:2:3:",
        "row 1, column 'amount': expected a finite number, found '12%' (set \"bareNumber\": false",
    ),
    (
        "csv-accounting",
        {"report.md": GOOD_FRONT + TABLE, **data('name,year,amount\nA,2015,"(1,234)"\n')},
        f"{D}:2:3:",
        "accounting negatives in parentheses are not numbers",
    ),
    (
        "csv-bad-year",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,1\nB,20x6,2\n")},
        f"{D}:3:2:",
        "row 2, column 'year': expected a four-digit year from 0001, found '20x6'",
    ),
    (
        "csv-bad-date",
        {
            "report.md": GOOD_FRONT + TABLE,
            **data("name,when\nA,19/05/2023\n", fields=[FIELDS[0], {"name": "when", "type": "date"}]),
        },
        f"{D}:2:2:",
        "expected a date as YYYY-MM-DD, found '19/05/2023'",
    ),
    (
        "csv-required",
        {
            "report.md": GOOD_FRONT + TABLE,
            **data(
                "name,year,amount\n,2015,1\n",
                fields=[{**FIELDS[0], "constraints": {"required": True}}, *FIELDS[1:]],
            ),
        },
        f"{D}:2:1:",
        "row 1, column 'name': a value is required, found an empty cell",
    ),
    (
        "csv-enum",
        {
            "report.md": GOOD_FRONT + TABLE,
            **data(
                "name,year,amount\nC7+1,2015,1\n",
                fields=[{**FIELDS[0], "constraints": {"enum": ["C5+1", "B5+1"]}}, *FIELDS[1:]],
            ),
        },
        f"{D}:2:1:",
        "expected one of C5+1, B5+1, found 'C7+1'",
    ),
    (
        "package-bad-json",
        {
            "report.md": GOOD_FRONT + TABLE,
            "data/datapackage.json": '{"resources": [\n  {"name": "things",}\n]}',
            "data/things.csv": GOOD_CSV,
        },
        f"{P}:2:21:",
        "invalid JSON: Expecting property name enclosed in double quotes",
    ),
    (
        "package-path-escape",
        {"report.md": GOOD_FRONT + TABLE, "data/datapackage.json": package(path="../../../../etc/passwd")},
        f"{P}:6:7:",
        "data file '../../../../etc/passwd' points outside the project",
    ),
    (
        "csv-decimal-comma",  # an Excel export in German: the hint names the field option
        {"report.md": GOOD_FRONT + TABLE, **data('name,year,amount\nA,2015,"64,3"\n')},
        f"{D}:2:3:",
        "found '64,3' (set \"decimalChar\": \",\" on the field to read a decimal comma)",
    ),
    (
        "csv-decimal-comma-and-groups",
        {"report.md": GOOD_FRONT + TABLE, **data('name,year,amount\nA,2015,"99.000,5"\n')},
        f"{D}:2:3:",
        "found '99.000,5' (set \"decimalChar\": \",\" and \"groupChar\": \".\" on the field",
    ),
    (
        "csv-infinite",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,2015,1e309\n")},
        f"{D}:2:3:",
        "expected a finite number, found '1e309'",
    ),
    (
        "csv-year-zero",
        {"report.md": GOOD_FRONT + TABLE, **data("name,year,amount\nA,0000,1\n")},
        f"{D}:2:2:",
        "expected a four-digit year from 0001, found '0000'",
    ),
    (
        "package-bad-dialect",
        {"report.md": GOOD_FRONT + TABLE, **data(dialect={"delimiter": ";;"})},
        f"{P}:",
        'expected "dialect": {"delimiter": "<one character>"}',
    ),
    (
        "package-bad-decimals",
        {
            "report.md": GOOD_FRONT + TABLE,
            **data(fields=[FIELDS[0], FIELDS[1], {**FIELDS[2], "decimals": "two"}]),
        },
        f"{P}:",
        'expected "decimals" to be a whole number from 0 to 6, found "two"',
    ),
    (
        "package-bad-constraints",
        {"report.md": GOOD_FRONT + TABLE, **data(fields=[{**FIELDS[0], "constraints": 5}, *FIELDS[1:]])},
        f"{P}:",
        'expected "constraints" to be an object',
    ),
    (
        "package-bad-missing-values",
        {
            "report.md": GOOD_FRONT + TABLE,
            "data/datapackage.json": package().replace('"fields"', '"missingValues": 5, "fields"'),
            "data/things.csv": GOOD_CSV,
        },
        f"{P}:",
        'expected "missingValues" to be a list of strings, found 5',
    ),
    (
        "package-unknown-type",
        {"report.md": GOOD_FRONT + TABLE, **data(fields=[{"name": "name", "type": "text"}])},
        f"{P}:18:13:",
        "expected type one of boolean, date, integer, number, string, year, found 'text'",
    ),
]


def _house_theme(kind: str) -> str:
    """The default theme, pointing at a broken logo or font kept beside it in the report folder."""
    from builders.paths import ASSETS

    text = (ASSETS / "themes" / "default.yaml").read_text()
    if kind == "font":
        return text.replace("regular: fonts/NotoSansMono-Regular.ttf", "regular: font.ttf")
    return text.replace("logo: logos/briefkit-mark.png", "logo: logo.png")


def write_case(root: Path, files: dict) -> Path:
    folder = root / "reports" / "case"
    if "house.yaml" in files:
        files = {**files, "house.yaml": _house_theme(files["house.yaml"] or "logo")}
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    previous = {"pdf": b"%PDF-previous good brief", "pptx": b"previous good deck"}
    for ext, blob in previous.items():
        (out / f"case.{ext}").write_bytes(blob)
    return tmp_path, previous


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 35
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name, files, where, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_located_message_exit_2_and_keeps_outputs(project, name, files, where, words):
    root, previous = project
    write_case(root, files)
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    first = result.stderr.splitlines()[0]
    assert first.startswith(where), f"expected the message to start with {where!r}, got {first!r}"
    assert words in first, result.stderr
    assert "Traceback" not in result.stderr
    for ext, blob in previous.items():
        assert (root / "out" / f"case.{ext}").read_bytes() == blob, f"{ext} output changed"


def test_independent_problems_are_reported_together(project):
    root, _ = project
    source = (
        "---\ntitle: T\nsubtitel: typo\n---\n\n# H\n\nSee [x](javascript:void(0)) and a note[^gone].\n\n"
        ":::{table} nothing\n:::\n"
    )
    write_case(root, {"report.md": source, **data()})
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{R}:3:1: unknown key 'subtitel'") for line in lines), lines
    assert any(line.startswith(f"{R}:8:9: link 'javascript:void(0)'") for line in lines), lines
    assert any("footnote [^gone]" in line for line in lines), lines
    assert any(line.startswith(f"{R}:10:1: unknown data resource 'nothing'") for line in lines), lines


def test_a_broken_directive_reports_itself_not_the_links_to_it(project):
    root, _ = project
    source = (
        GOOD_FRONT + BODY + "See [the table](#t) and [the chart](#c).\n\n:::{table} things\n:name: t\n"
        ":caption: Things[^x]\n:::\n\n:::{chart} things\n:type: pie\n:x: name\n:y: amount\n:name: c\n:::\n"
    )
    write_case(root, {"report.md": source, **data()})
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(R)]
    assert len(lines) == 2, lines
    assert "footnote [^x] in :caption:" in lines[0] and ":type: expected one of" in lines[1], lines


def test_a_comment_line_among_a_directives_options_is_skipped(project):
    """A % comment before, between or after a fence's options leaves them options (it was
    blanked, the blank line ended the options, and the rest was read as a body the table does
    not take: "{table} takes options only", located at the fence)."""
    from builders.read.report import read_report

    root, _ = project
    source = (GOOD_FRONT + BODY + "\n:::{table} things\n% first: the caption\n:caption: Things are listed\n"
              "% TODO: check the rows\n:notes: Checked.\n% last\n:::\n")
    write_case(root, {"report.md": source, **data()})
    (table,) = [b for b in read_report(root / "reports" / "case").all_blocks() if type(b).__name__ == "Table"]
    assert (table.caption, table.notes) == ("Things are listed", "Checked.")


def test_many_bad_cells_are_all_listed(project):
    root, _ = project
    csv = "name,year,amount\n" + "".join(f"N{i},20x{i},{i}%\n" for i in range(5))
    write_case(root, {"report.md": GOOD_FRONT + TABLE, **data(csv)})
    result = CliRunner().invoke(main, ["build", "reports/case", "--out", "out"])
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if line.startswith(D)]) == 10


AWKWARD_BUT_VALID = [
    ("utf8-bom", "\ufeffname,year,amount\nA,2015,1\n".encode("utf-8"), {}, "A"),
    ("utf16-bom", codecs.BOM_UTF16_LE + "name,year,amount\nБ,2015,1\n".encode("utf-16-le"), {}, "Б"),
    ("cp1252-declared", "name,year,amount\nCaf\u00e9,2015,1\n".encode("cp1252"), {"encoding": "cp1252"},
     "Caf\u00e9"),
    ("semicolons-declared", b"name;year;amount\nA;2015;1\n", {"dialect": {"delimiter": ";"}}, "A"),
    ("typographic-minus", "name,year,amount\nA,2015,\u22125\n".encode(), {}, -5.0),
]


@pytest.mark.parametrize("name, raw, options, expected", AWKWARD_BUT_VALID,
                         ids=[c[0] for c in AWKWARD_BUT_VALID])
def test_awkward_but_valid_csv_is_read(tmp_path, name, raw, options, expected):
    from builders.model import Location
    from builders.read.data import DataPackages

    folder = write_case(tmp_path, {"data/datapackage.json": package(**options), "data/things.csv": raw})
    dataset = DataPackages([folder / "data"]).dataset("things", Location(folder))
    assert expected in dataset.rows[0]


def test_schema_decides_what_numbers_and_codes_mean(tmp_path):
    from builders.model import Location
    from builders.read.data import DataPackages

    fields = [{"name": "code", "type": "string"}, {"name": "share", "type": "number", "bareNumber": False},
              {"name": "total", "type": "integer", "groupChar": ","}]
    csv = 'code,share,total\nNA,12%,"1,234"\n007,$5,"2,000,000"\n'
    folder = write_case(tmp_path, {"data/datapackage.json": package(fields=fields), "data/things.csv": csv})
    rows = DataPackages([folder / "data"]).dataset("things", Location(folder)).rows
    assert rows == (("NA", 12.0, 1234), ("007", 5.0, 2000000))
