"""Issue 25: a third hostile-input pass, one test per case. Each runs briefkit in a process of
its own and asserts the exit status (0 with the content right, 2 with a located message, 130 on
Ctrl-C), no traceback, under 20 s and 400 MB (the process and its children), and earlier
outputs intact. The projects are small and most cases need only ``check``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import _MEASURE, ROOT, Measured
from conftest import briefkit as measured_briefkit

PREVIOUS = {"pdf": b"%PDF-previous good brief", "pptx": b"previous good deck"}
FRONT = "---\ntitle: A brief\ndate: 2024-05-01\n---\n"
R = "reports/case/report.md"
P = "reports/case/data/datapackage.json"
D = "reports/case/data/things.csv"
TABLE = "\n# Findings\n\nSome text.\n\n:::{table} things\n:caption: Things are listed\n:::\n"


def package(fields: list[dict], path: str = "things.csv", **resource) -> str:
    entry = {"name": "things", "path": path, "title": "Things", "description": "Test rows.",
             "sources": [{"title": "Test source"}], "schema": {"fields": fields}}
    entry.update(resource)
    return json.dumps({"name": "test", "resources": [entry]}, indent=2)


NAME_VALUE = [{"name": "name", "type": "string", "title": "Name"}, {"name": "value", "type": "number",
                                                                    "title": "Value"}]


def data(csv: str, fields: list[dict] = NAME_VALUE, **resource) -> dict:
    return {"data/datapackage.json": package(fields, **resource), "data/things.csv": csv}


def write(root: Path, files: dict, folder: str = "case") -> Path:
    """The report folder ``reports/<folder>`` of the project ``root``, with ``files``; earlier
    outputs in ``root/out``."""
    report = root / "reports" / folder
    for name, content in files.items():
        path = report / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "out").mkdir(exist_ok=True)
    for ext, blob in PREVIOUS.items():
        (root / "out" / f"{folder[:80]}.{ext}").write_bytes(blob)
    return report


def briefkit(*args: str, cwd: Path, env: dict | None = None, timeout: float = 40) -> Measured:
    """``briefkit ARGS`` in a process of its own, measured, with this file's 40 s limit."""
    return measured_briefkit(*args, cwd=cwd, env=env, timeout=timeout)


def bounded(result: Measured) -> None:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.cpu < 20, f"took {result.cpu:.1f} s of CPU"
    assert result.peak_mb < 400, f"peak memory {result.peak_mb:.0f} MB"


def kept(root: Path, folder: str = "case") -> None:
    for ext, blob in PREVIOUS.items():
        assert (root / "out" / f"{folder[:80]}.{ext}").read_bytes() == blob, f"{ext} output changed"
    left = [p.name for p in (root / "out").iterdir() if p.name.endswith(".tmp")]
    assert not left, f"temporary files left in out/: {left}"


def refused(root: Path, where: str, words: str, *args: str, command: str = "build", env: dict | None = None,
            folder: str = "case") -> Measured:
    """``briefkit COMMAND reports/<folder>`` exits 2 with a first line starting ``where`` and
    holding ``words``; the earlier outputs are kept."""
    extra = ("--out", "out") if command == "build" else ()
    result = briefkit(command, f"reports/{folder}", *extra, *args, cwd=root, env=env)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    bounded(result)
    said = result.stderr + result.stdout  # check prints its findings on stdout, with absolute paths
    first = said.splitlines()[0]
    assert re.match(r"(?:\S*/)?" + where,
                    first), f"expected the message to start with {where!r}, got {first!r}"
    assert words in said, said
    kept(root, folder)
    return result


def built(root: Path, *args: str, folder: str = "case") -> Measured:
    result = briefkit("build", f"reports/{folder}", "--out", "out", *args, cwd=root)
    assert result.returncode == 0, (result.returncode, result.stderr)
    bounded(result)
    return result


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def deck_text(path: Path) -> str:
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


GOOD = {"report.md": FRONT + TABLE, **data("name,value\nAlpha,1.5\nBeta,2\n")}


# --- 1-9, 31: the input gate and the limits ------------------------------------------------------

def test_01_a_data_folder_linked_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "datapackage.json").write_text(package(NAME_VALUE), encoding="utf-8")
    (outside / "things.csv").write_text("name,value\nSECRET-ROW,1\n", encoding="utf-8")
    root = tmp_path / "project"
    write(root, {"report.md": FRONT + TABLE})
    (root / "reports" / "case" / "data").symlink_to(outside, target_is_directory=True)
    result = refused(root, P + ":1:1:", "points outside the project", command="check")
    assert "SECRET-ROW" not in result.stdout + result.stderr
    refused(root, P + ":1:1:", "points outside the project")


def test_02_a_descriptor_linked_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "datapackage.json").write_text(package(NAME_VALUE, title="SECRET-TITLE"), encoding="utf-8")
    root = tmp_path / "project"
    write(root, {"report.md": FRONT + TABLE, "data/things.csv": "name,value\nA,1\n"})
    (root / "reports" / "case" / "data" / "datapackage.json").symlink_to(outside / "datapackage.json")
    result = refused(root, P + ":1:1:", "points outside the project")
    assert "SECRET-TITLE" not in result.stdout + result.stderr


def test_03_a_fifo_as_a_csv_is_refused_at_once(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE, "data/datapackage.json": package(NAME_VALUE)})
    os.mkfifo(tmp_path / "reports" / "case" / "data" / "things.csv")
    refused(tmp_path, P + r":\d+:\d+:", "'things.csv' is a named pipe (FIFO), not a regular file")


def test_04_a_fifo_as_the_report_source_is_refused_at_once(tmp_path):
    write(tmp_path, {}).mkdir(parents=True)
    os.mkfifo(tmp_path / "reports" / "case" / "report.md")
    refused(tmp_path, R, "is a named pipe (FIFO), not a regular file")
    refused(tmp_path, R, "is a named pipe (FIFO), not a regular file", command="check")


def test_05_a_fifo_as_a_picture_is_refused_at_once(tmp_path):
    write(tmp_path, {"report.md": FRONT + "\n# H\n\n![A map](map.png)\n"})
    os.mkfifo(tmp_path / "reports" / "case" / "map.png")
    refused(tmp_path, R + ":8:1:", "'map.png' is a named pipe (FIFO), not a regular file")


def _rows(n: int) -> str:
    return "name,value\n" + "".join(f"Category {i},{i % 97}\n" for i in range(n))


def test_06_a_bar_chart_over_twenty_thousand_categories_is_a_located_error(tmp_path):
    chart = "\n:::{chart} things\n:type: bar\n:x: name\n:y: value\n:title: Too many bars\n:::\n"
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + chart, **data(_rows(20_000))})
    refused(tmp_path, R + ":12:1:", "categories; at most", command="check")
    refused(tmp_path, R + ":12:1:", "categories; at most")


def test_07_a_data_file_past_the_size_limit_is_refused_naming_the_limit(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE.replace(":caption:", ":where: name == 'Row 1'\n:caption:"),
                     **data(_rows(10).replace("Category", "Row") + "Row 0,1\n" * 3_000_000)})
    refused(tmp_path, P + r":\d+:\d+:", "at most 5,000,000 are supported")


def test_08_three_thousand_sections_are_refused_at_the_first_past_the_limit(tmp_path):
    body = "".join(f"\n# Section {i}\n\nText {i}.\n" for i in range(3000))
    write(tmp_path, {"report.md": FRONT + body})
    # the first heading past the limit is the 151st: line 4 + 4 * 150 + 2
    result = refused(tmp_path, R + ":606:1:", "the report has more than 150 sections")
    assert len(result.stderr.splitlines()) < 5


def test_08_a_deck_past_the_slide_limit_is_refused_at_the_slide_past_it(tmp_path):
    """Few sections, many long tables: each table is split over up to eight slides."""
    tables = "".join(f"\n:::{{table}} things\n:caption: Table {j}\n:::\n" for j in range(6))
    body = "".join(f"\n# Section {i}\n\nText.\n" + tables for i in range(10))
    rows = "name,value\n" + "".join(f"Row {k},{k}\n" for k in range(70))
    write(tmp_path, {"report.md": FRONT + body, **data(rows)})
    refused(tmp_path, R + ":238:1:", "the deck would have 482 slides; at most 400 are supported")


def test_09_a_thousand_timeline_events_are_a_located_error(tmp_path):
    fields = [{"name": "date", "type": "date", "title": "Date"}, {"name": "actor", "type": "string",
                                                                  "title": "Actor"},
              {"name": "label", "type": "string", "title": "Label"}]
    rows = "date,actor,label\n" + "".join(f"2024-03-01,China,Event {i}\n" for i in range(1000))
    chart = (
        "\n:::{chart} things\n:type: timeline\n:x: date\n:series: actor\n:text: label\n:title: Events\n:::\n"
    )
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + chart, **data(rows, fields)})
    refused(tmp_path, R + ":12:1:", "events; at most")


def test_31_a_hidden_data_file_is_an_input_of_the_up_to_date_check(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,value\nAlpha,1.5\n", path=".t.csv"),
                     ".src/x": ""})
    (tmp_path / "reports" / "case" / "data" / "things.csv").unlink()
    (tmp_path / "reports" / "case" / "data" / ".t.csv").write_text("name,value\nAlpha,1.5\n")
    built(tmp_path)
    assert "1.5" in pdf_text(tmp_path / "out" / "case.pdf")
    time.sleep(0.05)
    (tmp_path / "reports" / "case" / "data" / ".t.csv").write_text("name,value\nAlpha,7.25\n")
    result = built(tmp_path)
    assert "up to date" not in result.stdout, result.stdout
    assert "7.25" in pdf_text(tmp_path / "out" / "case.pdf")


# --- 10-23: internal errors that are located errors ---------------------------------------------

#: run by the interpreter before briefkit: every write to an output's temporary file in out/
#: fails as on a full disk
NO_SPACE = '''
import builtins, errno, io

_open = io.open


class _Full:
    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


def _filling(file, mode="r", *args, **kwargs):
    handle = _open(file, mode, *args, **kwargs)
    name = str(file)
    if "w" in mode and name.endswith(".tmp") and "/out/" in name and "/.cache/" not in name:
        return _Full(handle)
    return handle


builtins.open = io.open = _filling
'''


def test_10_a_full_disk_is_a_located_error_naming_the_output_folder(tmp_path):
    write(tmp_path, GOOD)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(NO_SPACE)
    env = {"PYTHONPATH": f"{hook}{os.pathsep}{ROOT}"}
    for jobs in ("1", "2"):
        refused(tmp_path, "out", "No space left on device", "--jobs", jobs, env=env)


DATES = [{"name": "name", "type": "string", "title": "Name"}, {"name": "when", "type": "date",
                                                               "title": "When"}]


def test_11_a_date_of_year_zero_is_a_located_error(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,when\nA,2024-01-02\nB,0000-01-01\n", DATES)})
    refused(tmp_path, D + ":3:2:", "expected a date as YYYY-MM-DD, found '0000-01-01'", command="check")
    refused(tmp_path, D + ":3:2:", "expected a date as YYYY-MM-DD, found '0000-01-01'")


@pytest.mark.parametrize("fmt", ["%", "%Q"])
def test_12_a_broken_date_format_is_a_located_error(tmp_path, fmt):
    fields = [DATES[0], {**DATES[1], "format": fmt}]
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,when\nA,2024-01-02\n", fields)})
    refused(tmp_path, P + r":\d+:\d+:", "date format")


def test_13_dates_with_different_time_zone_offsets_are_read(tmp_path):
    fields = [DATES[0], {**DATES[1], "format": "%Y-%m-%d %z"}]
    write(tmp_path, {"report.md": FRONT + TABLE,
                     **data("name,when\nA,2024-01-02 +0100\nB,2024-03-04 -0500\n", fields)})
    built(tmp_path)
    text = pdf_text(tmp_path / "out" / "case.pdf")
    assert "2 January 2024" in text and "4 March 2024" in text, text


def test_14_numbers_far_past_a_float_s_exact_range_are_printed_in_full(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,value\nA,1e28\nC,-2.5e30\n")})
    built(tmp_path)
    text = re.sub(r"\s+", "", pdf_text(tmp_path / "out" / "case.pdf"))
    assert "10,000,000,000,000,000,000,000,000,000" in text
    assert "-2,500,000,000,000,000,000,000,000,000,000" in text.replace("\u2212", "-")


def test_14_the_largest_float_in_full_is_a_number_no_page_holds_and_a_located_error(tmp_path):
    """1.7e308 printed whole is a 309-digit number: never split (issue 23), it cannot fit a
    column, so the table is refused where it stands, naming the width it needs."""
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,value\nA,1e28\nB,1.7e308\n")})
    refused(tmp_path, R + r":\d+:1:", "cannot fit the page")


def test_14_a_chart_of_numbers_past_two_to_the_53_is_a_located_error(tmp_path):
    chart = "\n:::{chart} things\n:type: barh\n:x: name\n:y: value\n:title: Large values\n:::\n"
    write(tmp_path, {"report.md": FRONT + TABLE + chart, **data("name,value\nA,1e28\nB,1.7e308\n")})
    refused(tmp_path, R + ":17:1:", "past what a chart shows")


def test_15_an_unknown_encoding_is_a_located_error(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,value\nA,1\n", encoding="undefined")})
    refused(tmp_path, P + r":\d+:\d+:", "unknown encoding 'undefined'")


@pytest.mark.parametrize("expression", ["(" * 3000 + "params.x" + ")" * 3000, "not " * 5000 + "params.x"])
def test_16_a_template_expression_nested_thousands_deep_is_a_located_error(tmp_path, expression):
    source = "---\ntitle: A brief\nparams:\n  x: a\n---\n\n# H\n\nText {{ " + expression + " }}.\n"
    write(tmp_path, {"report.md": source})
    refused(tmp_path, R + ":9:", "nested")


TIMELINE = [{"name": "date", "type": "date", "title": "Date"}, {"name": "year", "type": "integer",
                                                                "title": "Year"},
            {"name": "actor", "type": "string", "title": "Actor"}, {"name": "label", "type": "string",
                                                                    "title": "Label"}]
TIMELINE_CHART = (
    "\n:::{chart} things\n:type: timeline\n:x: date\n:year: year\n:series: actor\n:text: label\n"
    ":title: Events\n:::\n"
)


@pytest.mark.parametrize("year", ["10000", "0"])
def test_17_a_timeline_year_out_of_range_is_a_located_error(tmp_path, year):
    rows = f"date,year,actor,label\n2024-01-02,,China,First\n,{year},China,Second\n"
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + TIMELINE_CHART, **data(rows, TIMELINE)})
    refused(tmp_path, R + r":13:1:", f"year {year}")


def test_18_a_timeline_event_on_the_last_day_of_9999_is_a_located_error(tmp_path):
    rows = "date,year,actor,label\n2024-01-02,,China,First\n9999-12-31,,China,Last\n"
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + TIMELINE_CHART, **data(rows, TIMELINE)})
    refused(tmp_path, R + r":12:1:", "9999")


def _template(edit) -> bytes:
    from test_hostile_files import template

    return template(edit)


def _no_masters(name: str, blob: bytes) -> bytes:
    if name == "ppt/presentation.xml":
        return re.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"<p:sldMasterIdLst/>", blob, flags=re.S)
    return blob


def test_19_a_template_without_a_slide_master_is_a_located_error(tmp_path):
    source = "---\ntitle: T\ndeck:\n  template: house.pptx\n---\n\n# H\n\nText.\n"
    write(tmp_path, {"report.md": source, "house.pptx": _template(_no_masters)})
    refused(tmp_path, "reports/case/house.pptx", "no slide master", command="check")
    refused(tmp_path, "reports/case/house.pptx", "no slide master")


def _theme(change) -> str:
    from builders.paths import ASSETS

    return change((ASSETS / "themes" / "default.yaml").read_text(encoding="utf-8"))


THEMED = "---\ntitle: T\ntheme: house.yaml\n---\n\n# H\n\nText.\n"
THEME = "reports/case/house.yaml"


def test_20_a_font_with_truetype_magic_and_junk_is_a_located_error(tmp_path):
    theme = _theme(lambda t: t.replace("regular: fonts/NotoSansMono-Regular.ttf", "regular: font.ttf"))
    write(tmp_path, {"report.md": THEMED, "house.yaml": theme,
                     "font.ttf": b"\x00\x01\x00\x00" + bytes(range(256)) * 40})
    line = theme.split("\n").index(next(x for x in theme.split("\n") if "font.ttf" in x)) + 1
    refused(tmp_path, f"{THEME}:{line}:", "font.ttf is not a TrueType font that can be read")


def test_21_a_theme_size_below_the_least_is_a_located_error_in_check_and_build(tmp_path):
    theme = _theme(lambda t: t.rstrip("\n") + "\n")
    if re.search(r"^deck:", theme, re.M):
        theme = re.sub(r"^deck:\n", "deck:\n  title_size: 0.5pt\n", theme, count=1, flags=re.M)
    else:
        theme += "deck:\n  title_size: 0.5pt\n"
    write(tmp_path, {"report.md": THEMED, "house.yaml": theme})
    line = theme.split("\n").index("  title_size: 0.5pt") + 1
    refused(tmp_path, f"{THEME}:{line}:", "title_size", command="check")
    refused(tmp_path, f"{THEME}:{line}:", "title_size")


@pytest.mark.parametrize("value", ["", ",,,"])
def test_22_an_empty_format_list_is_a_usage_error(tmp_path, value):
    write(tmp_path, GOOD)
    result = briefkit("build", "reports/case", "--out", "out", "--format", value, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    bounded(result)
    assert "Invalid value for '--format': expected one or more of pdf, pptx" in result.stderr, result.stderr
    kept(tmp_path)


def test_23_ctrl_c_during_a_build_exits_130_keeping_the_outputs(tmp_path):
    from stress import write_long_deck_report

    folder = tmp_path / "reports" / "case"
    write_long_deck_report(folder, bullets=40, rows=400)
    write(tmp_path, {})
    checked = 0
    for later in (0.3, 0.15, 0.0):  # (a build that finishes before the signal is tried again, sooner)
        command = [sys.executable, "-c",
                   "import signal; signal.signal(signal.SIGINT, lambda *_: None)\n" + _MEASURE,
                   sys.executable, "-m", "builders.cli", "build", "reports/case", "--out", "out",
                   "--no-cache"]
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
        # Ctrl-C a moment after the build made its outputs' temporary files, while it reads and
        # writes them (a fixed delay from the start: on a quiet machine the build was done first)
        started = time.monotonic()
        while process.poll() is None and time.monotonic() - started < 20 and \
                not any(p.name.endswith(".tmp") for p in (tmp_path / "out").iterdir()):
            time.sleep(0.005)
        time.sleep(later)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to every process of the group
        try:
            stdout, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("the build did not stop on Ctrl-C")
        if process.returncode == 0:  # finished before the signal: nothing to check this time
            continue
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        assert process.returncode == 130, (process.returncode, stderr)
        assert "interrupted" in stderr, stderr
        stderr, _, tail = stderr.rpartition("\n@@ ")
        peak, _, cpu = tail.split()
        assert int(peak) / 1024 < 400 and float(cpu) < 20, tail
        kept(tmp_path)
        checked += 1
        break
    assert checked, "every build finished before Ctrl-C"


# --- 24-32: wrong at exit 0 ---------------------------------------------------------------------

def _decorated(csv: str, kind: str = "number") -> dict:
    fields = [NAME_VALUE[0], {"name": "value", "type": kind, "title": "Value", "bareNumber": False}]
    return data(csv, fields)


def test_24_an_accounting_negative_is_negative_and_a_trailing_word_or_minus_is_refused(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE,
                     **_decorated("name,value\nA,(123)\nB,$5.5\nC,12%\nD,\u20ac 7\n")})
    built(tmp_path)
    text = pdf_text(tmp_path / "out" / "case.pdf").replace("\u2212", "-")
    assert re.search(r"A\s+-123\.0\b", text), text
    assert re.search(r"B\s+5\.5\b", text) and re.search(r"C\s+12\.0\b", text) and re.search(r"D\s+7\.0\b",
                                                                                            text)
    assert not re.search(r"A\s+123", text)
    deck = deck_text(tmp_path / "out" / "case.pptx").replace("\u2212", "-")
    assert "-123.0" in deck, deck
    write(tmp_path, {"report.md": FRONT + TABLE, **_decorated("name,value\nA,1\nB,5-\nC,1.2 bn\n")})
    result = refused(tmp_path, D + ":3:2:", "row 2, column 'value': expected a finite number, found '5-'")
    assert "row 3, column 'value': expected a finite number, found '1.2 bn'" in result.stderr


def test_25_whole_numbers_past_two_to_the_53_stay_exact(tmp_path):
    fields = [NAME_VALUE[0], {"name": "value", "type": "integer", "title": "Value"},
              {"name": "amount", "type": "number", "title": "Amount", "decimals": 0}]
    rows = "name,value,amount\nA,12345678901234567890123,9007199254740993\nB,9007199254740993,1\n"
    write(tmp_path, {"report.md": FRONT + TABLE, **data(rows, fields)})
    built(tmp_path)
    for text in (pdf_text(tmp_path / "out" / "case.pdf"), deck_text(tmp_path / "out" / "case.pptx")):
        flat = re.sub(r"\s+", "", text)
        assert "12,345,678,901,234,567,890,123" in flat, text
        assert flat.count("9,007,199,254,740,993") == 2, text


def test_26_a_time_only_date_format_is_refused_at_the_descriptor(tmp_path):
    fields = [DATES[0], {**DATES[1], "format": "%H:%M"}]
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,when\nA,10:30\n", fields)})
    refused(tmp_path, P + r":\d+:\d+:", "does not give a year, a month and a day")


def test_27_a_footnote_never_cited_is_a_located_warning(tmp_path):
    source = FRONT + "\n# Findings\n\nText with a note.[^a]\n\n[^a]: Cited.\n\n[^b]: Never cited.\n"
    write(tmp_path, {"report.md": source})
    result = briefkit("check", "reports/case", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    bounded(result)
    assert re.search(r"reports/case/report.md:12:1: warning: footnote \[\^b\] is defined but never cited",
                      result.stdout), result.stdout
    assert "[^a]" not in result.stdout
    strict = briefkit("check", "--strict", "reports/case", cwd=tmp_path)
    assert strict.returncode == 2, strict.stdout
    kept(tmp_path)


def test_28_a_stacked_bar_with_mixed_signs_stacks_negatives_left_of_zero(tmp_path):
    fields = [NAME_VALUE[0], {"name": "gain", "type": "number", "title": "Gain"},
              {"name": "loss", "type": "number", "title": "Loss"}, {"name": "more", "type": "number",
                                                                    "title": "More"}]
    chart = "\n:::{chart} things\n:type: stacked\n:x: name\n:y: gain, loss, more\n:title: Mixed\n:::\n"
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + chart,
                     **data("name,gain,loss,more\nA,3,-2,1\nB,-1,-4,2\n", fields)})
    built(tmp_path)
    from builders.charts import stacked
    from builders.model import ChartKind, ChartSpec, Series
    from builders.pdf.charts import _pyplot, chart_style
    from builders.read.theme import load_theme, theme_path
    from builders.shared.theme import series_colours

    spec = ChartSpec(kind=ChartKind.STACKED, categories=("A", "B"), series=(
        Series("Gain", (3.0, -1.0), "Gain"), Series("Loss", (-2.0, -4.0), "Loss"), Series("More", (1.0, 2.0),
                                                                                          "More")),
        title="Mixed", subtitle="", decimals=0)
    theme = load_theme(theme_path("default"))
    style = chart_style(theme, series_colours(theme, ["Gain", "Loss", "More"]))
    plt = _pyplot(style)
    fig = stacked.CHART.draw(plt, spec, style, 6.0)
    spans = sorted((round(p.get_y() + p.get_height() / 2), float(min(p.get_x(), p.get_x() + p.get_width())),
                    float(max(p.get_x(), p.get_x() + p.get_width())))
                   for p in fig.axes[0].patches if p.get_width() != 0)
    plt.close(fig)
    # A: 3 and 1 to the right of zero one after the other, -2 to the left; B: 2 right, -1 then -4 left
    assert spans == [
        (0, -2.0, 0.0),
        (0, 0.0, 3.0),
        (0, 3.0, 4.0),
        (1, -5.0, -1.0),
        (1, -1.0, 0.0),
        (1, 0.0, 2.0),
    ], spans


def _png16() -> bytes:
    import io

    from PIL import Image

    image = Image.new("I;16", (200, 100))
    image.putdata([(x * 300) % 65536 for x in range(200 * 100)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_29_a_16_bit_greyscale_picture_is_refused(tmp_path):
    write(tmp_path, {"report.md": FRONT + "\n# H\n\n![A map](map.png)\n", "map.png": _png16()})
    refused(tmp_path, R + ":8:1:", "map.png has 16-bit greyscale pixels")


def _sized(cx: int, cy: int):
    def edit(name: str, blob: bytes) -> bytes:
        if name == "ppt/presentation.xml":
            return re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="%d" cy="%d"' % (cx, cy), blob)
        return blob
    return edit


@pytest.mark.parametrize("cx, cy, shown", [(6858000, 12192000, "7.50 x 13.33 in (portrait)"),
                                           (914400, 685800, "1.00 x 0.75 in (landscape)")])
def test_30_a_template_whose_slides_the_deck_cannot_use_is_refused_with_its_size(tmp_path, cx, cy, shown):
    source = "---\ntitle: T\ndeck:\n  template: house.pptx\n---\n\n# H\n\nText.\n"
    write(tmp_path, {"report.md": source, "house.pptx": _template(_sized(cx, cy))})
    refused(tmp_path, "reports/case/house.pptx", f"its slides are {shown}")


def test_32_sources_given_as_strings_are_their_titles(tmp_path):
    write(tmp_path, {"report.md": FRONT + TABLE,
                     **data("name,value\nA,1\n", sources=["Statistics office, 2024", {"title": "Survey"}])})
    built(tmp_path)
    text = " ".join(pdf_text(tmp_path / "out" / "case.pdf").split())
    assert "Statistics office, 2024; Survey" in text, text
    result = briefkit("check", "reports/case", cwd=tmp_path)
    assert "source" not in result.stdout.lower(), result.stdout
    write(tmp_path, {"report.md": FRONT + TABLE, **data("name,value\nA,1\n", sources=[5])})
    refused(tmp_path, P + r":\d+:\d+:",
            "expected each source to be a title or an object with a \"title\", found 5")


# --- 33-36: messages that point at the right place ------------------------------------------------

def test_33_a_report_folder_named_with_an_emoji_is_built_under_its_name(tmp_path):
    folder = "r\U0001F4CA"
    write(tmp_path, {"report.md": FRONT + "\n# Findings\n\nText.\n"}, folder=folder)
    built(tmp_path, folder=folder)
    assert "Findings" in pdf_text(tmp_path / "out" / f"{folder}.pdf")
    assert "Findings" in deck_text(tmp_path / "out" / f"{folder}.pptx")
    result = briefkit("check", f"reports/{folder}", cwd=tmp_path)
    assert result.returncode == 0 and "U+1F4CA" not in result.stdout, result.stdout


def test_34_a_report_folder_name_too_long_for_the_outputs_is_named_with_the_limit(tmp_path):
    folder = "a" * 250
    write(tmp_path, {"report.md": FRONT + "\n# Findings\n\nText.\n"}, folder=folder)
    refused(tmp_path, f"reports/{folder}: ", "the report folder's name is 250 bytes long; at most 200",
            folder=folder)


@pytest.mark.parametrize("key, value", [("margin_top", "500pt"), ("body_size", "2000pt")])
def test_35_a_theme_size_the_brief_cannot_take_is_blamed_on_the_theme_line(tmp_path, key, value):
    theme = _theme(lambda t: t)
    lines = theme.split("\n")
    pdf = lines.index("pdf:")
    theme = "\n".join([*lines[:pdf + 1], f"  {key}: {value}", *lines[pdf + 1:]])
    theme = re.sub(rf"^  {key}: (?!{value}).*\n", "", theme, flags=re.M)  # the default theme may set it too
    write(tmp_path, {"report.md": THEMED, "house.yaml": theme})
    line = theme.split("\n").index(f"  {key}: {value}") + 1
    refused(tmp_path, f"{THEME}:{line}:{len(key) + 5}: ", f"{key}: expected a length from")


@pytest.mark.parametrize("value, words", [("nosuch", "unknown theme 'nosuch'"),
                                          ("../../../elsewhere.yaml", "points outside the project")])
def test_36_a_wrong_theme_in_the_front_matter_is_located_at_its_value(tmp_path, value, words):
    (tmp_path / "elsewhere.yaml").write_text("name: x\n")
    root = tmp_path / "project"
    write(root, {"report.md": f"---\ntitle: T\ntheme: {value}\n---\n\n# H\n\nText.\n"})
    refused(root, R + ":3:8: ", words)
