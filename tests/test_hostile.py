"""Hostile and pasted input: text stays text, no file or network is touched, nothing is lost."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from builders import build

from conftest import ROOT, require, run

#: strings that must come out literally in both outputs
HOSTILE = ["AT&T", "x<y", "a > b", "Tom & Jerry", '<img src="/etc/hostname">',
           '<font name="Courier" color="red">boo</font>', "<![CDATA[raw]]>", "$5bn to $7bn",
           "&amp; stays", "<b>not bold</b>", "<a href=\"javascript:alert(1)\">click</a>"]



def _csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["label", "value"])
    writer.writerows([item, number] for number, item in enumerate(HOSTILE, start=1))
    return buffer.getvalue()


def write_hostile(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "hostile.csv").write_text(_csv(), encoding="utf-8")
    (folder / "data" / "datapackage.json").write_text(json.dumps({"resources": [{
        "name": "hostile", "path": "hostile.csv", "title": "Hostile <labels> & values",
        "sources": [{"title": "Source with <tags> & ampersands"}],
        "schema": {"fields": [{"name": "label", "title": "Label <x>"},
                              {"name": "value", "type": "integer", "title": "Value & more"}]}}]}))
    lines = "\n".join(f"- {h}" for h in HOSTILE)
    pasted = "Pasted\u00a0from\u00a0Word: co\u00adoperation, zero\u200bwidth and a\u2028line\u2029break\x07."
    (folder / "report.md").write_text(f"""---
title: "Hostile <title> & AT&T"
subtitle: "<img src='/etc/passwd'> x<y"
authors:
  - name: "O'Brien & <Sons>"
    bio: "Writes <b>briefs</b> & more."
disclaimer: "Views are <i>not</i> ours & theirs."
---

:::{{takeaways}}
{lines}
:::

# Text is never markup <here> & there

{" ".join(HOSTILE)} in one paragraph.[^n]

{pasted}

:::{{callout}} Box <b>title</b> & more
{" ".join(HOSTILE[:4])}
:::

:::{{table}} hostile
:caption: Table <caption> & AT&T
:::

:::{{chart}} hostile
:type: barh
:x: label
:y: value
:title: Chart <title> & $5bn to $7bn
:::

:::{{slide}} Slide <title> & more
{lines}
:::

:::{{quote}}
:attribution: Someone <important> & co
A quote with <tags> & ampersands.
:::

[^n]: Note with <img src="x"> and [a link](https://example.org/?a=1&b=<2>).
""", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = write_hostile(tmp_path_factory.mktemp("hostile") / "hostile")
    pdf, pptx = build(folder, ("pdf", "pptx"), folder.parent / "out")
    return folder, pdf, pptx


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _deck_text(pptx: Path) -> str:
    deck = Presentation(pptx)
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                parts += list(shape.chart.plots[0].categories)
        parts.append(slide.notes_slide.notes_text_frame.text)
    return _flat("\n".join(parts))


#: the language's quotes (builders.locale.typography) set back as typed: the only change allowed
_STRAIGHT = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def test_hostile_text_comes_out_literally_in_the_pdf(hostile):
    _, pdf, _ = hostile
    text = _flat(run(require("pdftotext"), str(pdf), "-").stdout).translate(_STRAIGHT)
    for item in HOSTILE:
        assert item in text, f"{item!r} changed or lost in the PDF"
    for item in ("Hostile <title> & AT&T", "Table 1. Table <caption> & AT&T", "Label <x>", "Value & more",
                 "Source: Source with <tags> & ampersands", "Views are <i>not</i> ours & theirs.",
                 "O'Brien & <Sons>", "Box <b>title</b> & more", "A quote with <tags> & ampersands."):
        assert item in text, f"{item!r} changed or lost in the PDF"


def test_pasted_word_characters_are_handled(hostile):
    _, pdf, pptx = hostile
    text = _flat(run(require("pdftotext"), str(pdf), "-").stdout).replace("\u00ad", "")
    assert "Pasted from Word: cooperation, zerowidth and a line break." in text
    assert "Pasted from Word: cooperation, zerowidth and a line break." in _deck_text(pptx).replace("\u00ad",
                                                                                                    "")


def test_hostile_text_comes_out_literally_in_the_deck(hostile):
    _, _, pptx = hostile
    text = _deck_text(pptx).translate(_STRAIGHT)
    for item in HOSTILE:
        assert item in text, f"{item!r} changed or lost in the deck"
    for item in ("Hostile <title> & AT&T", "Slide <title> & more", "Table <caption> & AT&T", "Label <x>",
                 "Someone <important> & co", "Chart <title> & $5bn to $7bn"):
        assert item in text, f"{item!r} changed or lost in the deck"


def test_pdf_has_no_active_content_and_only_allowed_links(hostile, tmp_path):
    _, pdf, _ = hostile
    plain = tmp_path / "plain.pdf"
    result = run(require("qpdf"), "--qdf", "--object-streams=disable", str(pdf), str(plain))
    assert result.returncode == 0, result.stderr
    raw = plain.read_bytes()
    for action in (b"/JavaScript", b"/JS", b"/Launch", b"/GoToR", b"/SubmitForm", b"/ImportData"):
        assert action not in raw, action
    uris = [a.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages for a in page.get("/Annots", [])
            if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]
    assert uris, "the note's https link should be a link"
    assert all(re.match(r"^(https?|mailto):", u) for u in uris), uris


AUDIT = """
import json, sys
events = []
def hook(event, args):
    if event == "open":
        events.append(["open", str(args[0])])
    elif event.startswith(("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                           "urllib.", "http.", "ftplib.")):
        events.append([event, repr(args)[:200]])
sys.addaudithook(hook)
from pathlib import Path
from builders import build
build(Path(sys.argv[1]), ("pdf", "pptx"), Path(sys.argv[2]), cache=False)
print(json.dumps(events))
"""


def test_building_a_hostile_report_opens_no_outside_file_and_no_socket(tmp_path):
    import sysconfig

    import matplotlib

    folder = write_hostile(tmp_path / "hostile")
    (tmp_path / "reportlab_settings.py").write_text("raise SystemExit('settings file was run')\n")
    (tmp_path / "Noto Sans.ttf").write_text("not a font")
    env = {**os.environ, "RL_trustedHosts": "*", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", AUDIT, str(folder), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    events = json.loads(result.stdout.splitlines()[-1])
    allowed = [str(Path(p).resolve()) for p in {sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"],
                                                sysconfig.get_paths()["purelib"],
                                                sysconfig.get_paths()["platlib"],
                                                str(ROOT), str(folder), str(tmp_path / "out"),
                                                matplotlib.get_cachedir(), matplotlib.get_configdir(),
                                                "/usr/share/zoneinfo"}]
    outside = [path for kind, path in events if kind == "open"
               and not any(str(Path(path).resolve()).startswith(a) for a in allowed)]
    assert not outside, f"opened outside the project and the Python installation: {outside}"
    others = [e for e in events if e[0] != "open"]
    assert not others, f"network or process activity: {others}"
    opened = {str(Path(p).resolve()) for kind, p in events if kind == "open"}
    assert not any(p.startswith(("/etc/", str(tmp_path / "Noto Sans.ttf"))) for p in opened)


def test_a_build_killed_midway_leaves_previous_outputs_intact(tmp_path):
    from stress import write_scripts_report

    folder = write_scripts_report(tmp_path / "big", rows=3000)
    out = tmp_path / "out"
    out.mkdir()
    previous = {"pdf": b"%PDF-1.4 previous brief", "pptx": b"previous deck"}
    for ext, blob in previous.items():
        (out / f"big.{ext}").write_bytes(blob)
    process = subprocess.Popen([sys.executable, "-m", "builders.cli", "build", str(folder), "--out",
                                str(out)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".big.pdf.*.tmp")):
        time.sleep(0.05)  # wait until the PDF is being written
    time.sleep(0.5)
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    for ext, blob in previous.items():
        assert (out / f"big.{ext}").read_bytes() == blob, f"{ext} changed by a killed build"
    assert list(out.glob(".big.pdf.*.tmp")), "the killed build had started writing"
    written = build(folder, ("pdf",), out)
    assert written[0].read_bytes().startswith(b"%PDF") and written[0].read_bytes() != previous["pdf"]
    assert not list(out.glob(".big.pdf.*.tmp")), "a later build clears what the killed one left"


#: text cells a spreadsheet would run or follow if they were written as formulas or links
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+SUM(1,2)", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=2+2", "https://evil.example/x"]
#: every chart type: (type, options); the timeline's lanes and the others' categories and
#: series names all come from the hostile cells
CHARTS = [("bar", ":x: label\n:y: value"), ("barh", ":x: label\n:y: value"),
          ("stacked", ":x: label\n:y: value\n:series: lane"), ("line", ":x: label\n:y: value\n:series: lane"),
          ("dot", ":x: label\n:y: value\n:series: lane"), ("timeline",
                                                           ":x: when\n:series: lane\n:text: label")]


def write_formulas(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    rows = [[cell, FORMULAS[-1 - i], f"20{10 + i}-05-01", i + 1] for i, cell in enumerate(FORMULAS)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # a CR inside a cell
    writer.writerows([["label", "lane", "when", "value"], *rows])
    (folder / "data" / "cells.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "data" / "datapackage.json").write_text(json.dumps({"resources": [{
        "name": "cells", "path": "cells.csv", "title": "=Cells", "sources": [{"title": "Exported sheet"}],
        "schema": {"fields": [{"name": "label"}, {"name": "lane"}, {"name": "when", "type": "date"},
                              {"name": "value", "type": "integer", "title": "=1+2"}]}}]}))
    charts = "\n".join(f":::{{chart}} cells\n:type: {kind}\n{options}\n:title: A {kind} chart of cells\n:::\n"
                       for kind, options in CHARTS)
    (folder / "report.md").write_text(f"---\ntitle: Formulas\n---\n\n# Cells stay text\n\nText.\n\n{charts}",
                                      encoding="utf-8")
    return folder


def _workbooks(pptx: Path) -> list[bytes]:
    import zipfile

    with zipfile.ZipFile(pptx) as deck:
        return [
            deck.read(n)
            for n in sorted(deck.namelist())
            if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")
        ]


def test_chart_workbooks_hold_hostile_cells_as_text_and_numbers_as_numbers(tmp_path):
    import zipfile

    import openpyxl
    from lxml import etree

    folder = write_formulas(tmp_path / "cells")
    _, pptx = build(folder, ("pdf", "pptx"), tmp_path / "out")
    workbooks = _workbooks(pptx)
    assert len(workbooks) == len(CHARTS), "one embedded workbook per chart"
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    for number, blob in enumerate(workbooks):
        with zipfile.ZipFile(io.BytesIO(blob)) as book:
            sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
            assert b"hyperlink" not in book.read("xl/worksheets/sheet1.xml").lower()
            assert not [n for n in book.namelist() if "externalLink" in n or n.endswith(".rels") and
                        b"External" in book.read(n)], "no live link in the workbook"
        cells = sheet.iter(f"{main}c")
        assert not list(sheet.iter(f"{main}f")), f"workbook {number}: a cell is a formula"
        kinds = {c.get("t", "n") for c in cells}
        assert kinds <= {"s", "inlineStr", "n"}, kinds
        values = [c.value for row in openpyxl.load_workbook(io.BytesIO(blob)).active.iter_rows() for c in row]
        texts = [v for v in values if isinstance(v, str)]
        numbers = [v for v in values if isinstance(v, (int, float))]
        kind = CHARTS[number][0]
        expected = [c.replace("\r", "\n") for c in FORMULAS]  # briefkit reads a CR as a line break
        for cell in expected if kind != "timeline" else []:  # a timeline's workbook: lane names, numbers
            assert cell in texts, f"{kind}: {cell!r} not read back as text: {texts}"
        assert any(t.startswith("=") for t in texts), f"{kind}: {texts}"
        assert numbers and not any(isinstance(v, str) and v.strip().lstrip("-").isdigit() for v in values)
    categories = [set(chart.plots[0].categories) for chart in _charts(pptx)]
    assert all(set(expected) <= found for found in categories), "the slides show the cells literally"


def _charts(pptx: Path) -> list:
    return [shape.chart for slide in Presentation(pptx).slides for shape in slide.shapes
            if getattr(shape, "has_chart", False) and shape.has_chart and shape.chart.chart_type != -4169]
