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


NAME_VALUE = [{"name": "name", "type": "string", "title": "Name"}, {"name": "value", "type": "number", "title": "Value"}]


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
    """``briefkit ARGS`` in a process of its own, measured (see conftest.briefkit)."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "builders.cli", *args]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"briefkit {' '.join(args)} did not finish in {timeout} s")
    stderr, marker, tail = stderr.rpartition("\n@@ ")
    assert marker, f"the command did not finish: {stderr[-2000:]}"
    peak, seconds = tail.split()
    return Measured(process.returncode, stdout, stderr.lstrip("\n"), int(peak) / 1024, float(seconds))


def bounded(result: Measured) -> None:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.seconds < 20, f"took {result.seconds:.1f} s"
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
    assert re.match(r"(?:\S*/)?" + where, first), f"expected the message to start with {where!r}, got {first!r}"
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

    return "\n".join(shape.text_frame.text for slide in Presentation(str(path)).slides
                     for shape in slide.shapes if shape.has_text_frame)


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
    result = refused(tmp_path, R + r":\d+:1:", "sections; at most", command="check")
    refused(tmp_path, R + r":\d+:1:", "sections; at most")
    assert len(result.stderr.splitlines()) < 5


def test_09_a_thousand_timeline_events_are_a_located_error(tmp_path):
    fields = [{"name": "date", "type": "date", "title": "Date"}, {"name": "actor", "type": "string", "title": "Actor"},
              {"name": "label", "type": "string", "title": "Label"}]
    rows = "date,actor,label\n" + "".join(f"2024-03-01,China,Event {i}\n" for i in range(1000))
    chart = "\n:::{chart} things\n:type: timeline\n:x: date\n:series: actor\n:text: label\n:title: Events\n:::\n"
    write(tmp_path, {"report.md": FRONT + "\n# H\n\nText.\n" + chart, **data(rows, fields)})
    refused(tmp_path, R + ":12:1:", "events; at most", command="check")
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
