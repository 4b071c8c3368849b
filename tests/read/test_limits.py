"""Oversized, deeply nested and malformed text pasted into a copy of the flagship: each is built
(or checked) in a new process, which must answer in seconds and modest memory with exit 2 and a
located message, or with exit 0 and every word in the brief. See builders/limits.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from builders.read import limits

from conftest import FLAGSHIP, ROOT, require, run

#: CPU seconds a refusal or a build may take (the work is bounded; a loaded machine
#: stretches the wall time, so that is not what is checked)
SECONDS = 20
MEGABYTES = 300
R = "reports/copy/report.md"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float
    #: CPU seconds of the command and its children
    cpu: float


#: runs a command and writes its peak memory to a file. A process forked from this one would
#: carry pytest's own high-water mark through fork and exec (Linux keeps it in ru_maxrss), so
#: the command is started by this small process instead.
LAUNCHER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
            "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "open(sys.argv[1], 'w').write(f'{used.ru_maxrss} {used.ru_utime + used.ru_stime}'); "
            "sys.exit(code)")


def briefkit(project: Path, *args: str) -> Result:
    """Run the command line in a new process: its exit code, output, time and peak memory."""
    peak = project / "peak-kb"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(peak), sys.executable, "-m", "builders.cli",
                           *args],
                          cwd=project, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    kb, cpu = peak.read_text().split()
    return Result(done.returncode, done.stdout, done.stderr, seconds, int(kb) / 1024, float(cpu))


def flagship_copy(root: Path, insert: str = "", *, front: tuple[str, str] | None = None) -> int:
    """reports/copy/: the flagship's source with ``insert`` after its first heading; returns the
    file line ``insert`` starts on. ``front`` replaces one front-matter line."""
    shutil.copytree(ROOT / "data", root / "data")
    folder = root / "reports" / "copy"
    folder.mkdir(parents=True)
    lines = (FLAGSHIP / "report.md").read_text(encoding="utf-8").split("\n")
    if front:
        lines[lines.index(front[0])] = front[1]
    heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines[heading + 1:heading + 1] = ["", insert, ""]
    (folder / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return heading + 3


@pytest.fixture
def project(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for ext in ("pdf", "pptx"):
        (out / f"copy.{ext}").write_bytes(b"previous good output")
    return tmp_path


def refused(project: Path, where: str, words: str, command: str = "build") -> Result:
    """Exit 2, ``where`` + ``words`` on a line of its own, no traceback, in bounded time and memory,
    and the earlier outputs kept."""
    args = ["build", "reports/copy", "--force", "--out", "out"] if command == "build" else ["check",
                                                                                            "reports/copy"]
    result = briefkit(project, *args)
    assert result.code == 2, (result.code, result.stderr[-2000:])
    assert any(
        line.startswith(where) and words in line
        for line in result.stderr.splitlines() + result.stdout.splitlines()
    ), (where, words, result.stderr[:2000], result.stdout[:2000])
    assert "Traceback" not in result.stderr + result.stdout
    assert result.cpu < SECONDS, f"took {result.cpu:.1f} s of CPU"
    assert result.megabytes < MEGABYTES, f"peak memory {result.megabytes:.0f} MB"
    for ext in ("pdf", "pptx"):
        assert (project / "out" / f"copy.{ext}").read_bytes() == b"previous good output"
    return result


def built(project: Path) -> str:
    """Exit 0 in bounded time and memory; the brief's text (pdftotext)."""
    result = briefkit(project, "build", "reports/copy", "--force", "--out", "out")
    assert result.code == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.cpu < SECONDS, f"took {result.cpu:.1f} s of CPU"
    assert result.megabytes < MEGABYTES, f"peak memory {result.megabytes:.0f} MB"
    return run(require("pdftotext"), str(project / "out" / "copy.pdf"), "-").stdout


def test_a_2_mb_paragraph_is_refused_by_the_paragraph_limit(project):
    line = flagship_copy(project, "lorem ipsum dolor sit amet " * 80000)
    refused(project, f"{R}:{line}:1: ", f"paragraph is 2,159,999 characters long; at most "
                                        f"{limits.MAX_PARAGRAPH:,} are supported")


def test_a_paragraph_within_the_limit_is_laid_out_whole(project):
    words = [f"w{n}" for n in range(limits.MAX_PARAGRAPH // 8)]
    flagship_copy(project, " ".join(words))
    assert set(words) <= set(built(project).split())


def test_a_list_nested_10000_deep_is_refused_where_it_goes_too_deep(project):
    line = flagship_copy(project, "- " * 10000 + "deep")
    column = 2 * limits.MAX_NESTING + 1  # the first marker past the limit
    refused(project, f"{R}:{line}:{column}: ",
            f"list is nested 10000 deep; at most {limits.MAX_NESTING} levels")


def test_a_list_indented_10000_levels_deep_is_refused_by_the_source_size_limit(project):
    """One level per line, a list 10,000 deep is a 100 MB file (it took 15 s and 900 MB to read)."""
    line = flagship_copy(project)
    path = project / R
    lines = path.read_text(encoding="utf-8").split("\n")
    with path.open("w", encoding="utf-8") as file:  # written as it goes: 100 MB is not held here
        file.write("\n".join(lines[:line - 1]) + "\n")
        for depth in range(10_000):
            file.write("  " * depth + f"- level{depth}\n")
        file.write("\n".join(lines[line - 1:]))
    size = path.stat().st_size
    assert size > limits.MAX_SOURCE
    start = path.read_bytes()[:limits.MAX_SOURCE]  # where the file passes the limit
    line, column = start.count(b"\n") + 1, limits.MAX_SOURCE - start.rfind(b"\n")
    where = f"{R}:{line}:{column}: "
    result = refused(project, where,
                     f"the file is {size:,} bytes long; at most {limits.MAX_SOURCE:,} are supported")
    assert result.megabytes < 100, "the file is not read past the limit"
    refused(project, where, f"error: the file is {size:,} bytes long", command="check")


def test_a_block_quote_nested_10000_deep_is_refused_not_dropped(project):
    line = flagship_copy(project, ">" * 10000 + " deep")
    refused(project, f"{R}:{line}:{limits.MAX_NESTING + 1}: ",
            f"block quote is nested 10000 deep; at most {limits.MAX_NESTING} levels")


def test_a_quote_inside_a_quote_is_an_error_not_lost_text(project):
    line = flagship_copy(project, "> outer words\n>\n> > inner words")
    refused(project, f"{R}:{line + 2}:1: ", "a block quote may hold only paragraphs")


def test_lists_nested_to_the_limit_build_with_every_word_and_what_follows(project):
    """markdown-it's own guard used to stop at 10 levels of list, dropping the rest of the file."""
    items = "\n".join("  " * depth + f"- level{depth}" for depth in range(limits.MAX_NESTING))
    flagship_copy(project, items + "\n\nAfterwards a paragraph.")
    text = built(project)
    for depth in range(limits.MAX_NESTING):
        assert f"level{depth}" in text
    assert "Afterwards a paragraph." in text and "Notes" in text


def test_indented_lists_one_level_too_deep_are_refused(project):
    items = "\n".join("  " * depth + f"- level{depth}" for depth in range(limits.MAX_NESTING + 1))
    line = flagship_copy(project, items)
    refused(project, f"{R}:{line + limits.MAX_NESTING}:{2 * limits.MAX_NESTING + 1}: ",
            f"list is nested {limits.MAX_NESTING + 1} deep")


def test_directives_nested_past_the_limit_are_refused(project):
    depth = limits.MAX_NESTING + 5
    fences = [":" * (3 + depth - level) for level in range(depth)]
    body = "\n".join(f"{fence}{{callout}} Box {n}" for n, fence in enumerate(fences)) + "\nInside.\n" + \
        "\n".join(reversed(fences))
    line = flagship_copy(project, body)
    refused(project, f"{R}:{line + limits.MAX_NESTING}:1: ",
            f"directive is nested at least {limits.MAX_NESTING + 1} deep")


TITLE = 'title: "Integration by invitation: U.S. and Chinese approaches to Central Asia"'


def test_a_5_mb_title_is_refused_with_its_line(project):
    # the front matter's own bound (64 kB of YAML, see test_hostile_files) meets it first
    flagship_copy(project, front=(TITLE, "title: " + "T" * 5_000_000))
    refused(project, f"{R}:2: ", "YAML of 5,0")


def test_a_title_too_long_for_a_document_property_is_refused_with_its_line(project):
    flagship_copy(project, front=(TITLE, "title: " + "T" * 300))
    refused(project, f"{R}:2:8: ", "expected text of at most 255 characters, found 300")


def test_authors_and_keywords_too_long_for_a_document_property_are_refused(project):
    keywords = "keywords: " + ", ".join(f"keyword{n}" for n in range(40))
    flagship_copy(project, front=("keywords:", keywords))
    refused(project, f"{R}:8:11: ", f"expected at most {limits.MAX_FIELD} characters in all")


def test_nul_characters_are_errors_for_build_and_check(project):
    line = flagship_copy(project, "Some text\x00 with a NUL.")
    refused(project, f"{R}:{line}:10: ", "NUL character (U+0000)")
    refused(project, f"{R}:{line}:10: ", "error: NUL character (U+0000)", command="check")


def test_a_bidi_override_builds_with_its_text_and_check_warns_with_its_line(project):
    line = flagship_copy(project, "Override \u202eevitcepsrep\u202c here, a bell\x07 on the next line\n"
                                  "and \u200fmarks\u200e of Persian text that pass.")
    text = built(project)
    assert "evitcepsrep" in text and "a bell on the next line" in text
    check = briefkit(project, "check", "reports/copy")
    warnings = [w for w in check.stdout.splitlines() if "U+" in w]
    assert warnings == [
        f"{R}:{line}:10: warning: bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) changes "
        "the order in which the text after it is shown; remove it unless you mean it "
        "(right-to-left script needs none)"
    ], check.stdout


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16 (little-endian, with a byte-order mark)"),
                                            ("utf-16-be", "UTF-16 (big-endian)"),
                                            ("utf-32", "UTF-32 (little-endian, with a byte-order mark)")])
def test_a_utf16_or_utf32_file_is_named_as_such(project, encoding, name):
    flagship_copy(project)
    path = project / R
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    refused(project, f"{R}:1:1: ", f"the file is in {name}, not UTF-8; save it as UTF-8")


def test_limits_are_found_in_one_pass_with_other_problems_and_by_check(project):
    line = flagship_copy(project,
                         "- " * 30 + "deep\n\n" + "word " * 30000 + "\n\nSee [x](javascript:void(0)).")
    for command in ("build", "check"):
        result = refused(project, f"{R}:{line}:", "list is nested 30 deep", command)
        lines = result.stderr.splitlines() + result.stdout.splitlines()
        assert any(
            x.startswith(f"{R}:{line + 2}:1: ") and "paragraph is 149,999 characters" in x for x in lines
        )
        assert any(x.startswith(f"{R}:{line + 4}:") and "javascript:void(0)" in x for x in lines)


def _big_table(root: Path, rows: list[list[str]]) -> None:
    """A resource 'big' of two text columns beside the copy's report, shown by a {table}."""
    data = root / "reports" / "copy" / "data"
    data.mkdir()
    (data / "big.csv").write_text("name,text\n" + "".join(f"{a},{b}\n" for a, b in rows))
    (data / "datapackage.json").write_text(json.dumps({"resources": [{
        "name": "big", "path": "big.csv", "title": "Big", "sources": [{"title": "Generated"}],
        "schema": {"fields": [{"name": "name"}, {"name": "text"}]}}]}))


@pytest.mark.parametrize("rows, words", [
    (limits.MAX_TABLE_CELLS // 2 + 1, f"table has {limits.MAX_TABLE_CELLS + 2:,} cells"),
    (1, f"a cell of the table is {limits.MAX_PARAGRAPH + 1:,} characters long"),
])
def test_a_table_past_the_cell_limits_is_refused_at_its_directive(project, rows, words):
    line = flagship_copy(project, ":::{table} big\n:caption: A table too big to lay out\n:::")
    cell = "x" * (limits.MAX_PARAGRAPH + 1) if rows == 1 else "cell"
    _big_table(project, [[f"r{n}", cell] for n in range(rows)])
    refused(project, f"{R}:{line}:1: ", words)


@pytest.mark.parametrize("box", [":::{takeaways}\n- TEXT\n- Second.\n- Third.\n:::",
                                 ":::{recommendations}\n1. TEXT\n:::",
                                 ":::{callout} A box\nTEXT\n:::", ":::{quote}\nTEXT\n:::"])
def test_box_text_taller_than_a_page_runs_on_to_the_next_pages(project, box):
    """A box's row cannot break across pages: this used to stop the build with a LayoutError.
    On slides an 8,000-word quotation continues on "(cont.)" slides; a takeaway or
    recommendation that long cannot be a card even on a slide of its own: a located error
    (the deck cuts nothing short), while the brief alone builds."""
    words = [f"w{n}" for n in range(8000)]
    line = flagship_copy(project, box.replace("TEXT", " ".join(words)))
    if "takeaways" in box or "recommendations" in box:
        refused(project, f"{R}:{line}:1: ", "an item of 8000 words does not fit a card of its own")
        result = briefkit(project, "build", "reports/copy", "--force", "--out", "out", "--format", "pdf")
        assert result.code == 0 and result.cpu < SECONDS, (result.code, result.cpu, result.stderr[-2000:])
        text = run(require("pdftotext"), str(project / "out" / "copy.pdf"), "-").stdout
    else:
        text = built(project)
    assert set(words) <= set(text.split())


@pytest.mark.parametrize("source, words", [
    ("# " + "Long heading " * 80, f"heading is 1,039 characters long; at most {limits.MAX_OPTION:,}"),
    (":::{callout} " + "Long title " * 100 + "\nText.\n:::", "the argument of {callout} is 1,099 characters"),
    (":::{table} timeline\n:caption: " + "Long caption " * 80 + "\n:::",
     "option :caption: is 1,039 characters"),
])
def test_headings_and_directive_options_past_their_limit_are_refused(project, source, words):
    line = flagship_copy(project, source)
    where = line + 1 if ":caption:" in source else line
    refused(project, f"{R}:{where}:", words)


def test_markdown_s_url_tables_are_whole_before_any_thread_reads_a_link():
    """markdown-it's URL helpers (mdurl) file each percent-encoding table before they fill it:
    two builds reading their first link at once in two threads of one process looked one up
    half built (IndexError). Importing the reader fills them."""
    code = ("import sys\nimport builders.read.markdown\n"
            "tables = [sys.modules['mdurl._encode'].encode_cache,\n"
            "          sys.modules['mdurl._decode'].decode_cache]\n"
            "print(sorted(len(t) for table in tables for t in table.values()))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "[128, 128]", found.stdout + found.stderr
