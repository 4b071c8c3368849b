"""A Russian number's digit groups (joined by a narrow no-break space) never break across lines
of the brief: ReportLab breaks paragraphs at U+202F, so the brief joins them with U+00A0."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from builders.pipeline.build import build
from builders.read.editions import Edition

from conftest import ROOTS, require, run

#: a partner's name long enough to wrap, so the number columns must share the width with it
LONG = ("China and all its provinces counted together as one partner",
        "Китай со всеми провинциями учтёнными вместе как один партнёр")
EXTRA = ("v2", "v3", "v4")


def wide_table(folder: Path) -> None:
    """tests/roots/editions with a 12-digit value in three more number columns, all shown."""
    path = folder / "data" / "trade.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0] += EXTRA
    rows[1][:2] = LONG
    rows[1][3] = "123456789012.5"
    for row in rows[1:]:
        row += [row[3]] * len(EXTRA)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    package = json.loads((folder / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"] += [{"name": n, "type": "number", "title": n, "decimals": 1}
                                                    for n in EXTRA]
    (folder / "data" / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False),
                                                      encoding="utf-8")
    source = folder / "report.ru.md"
    text = source.read_text(encoding="utf-8")
    assert ":columns: partner, year, value\n" in text
    source.write_text(text.replace(":columns: partner, year, value\n",
                                   ":columns: partner, year, value, " + ", ".join(EXTRA) + "\n"),
                                   encoding="utf-8")


def test_a_russian_numbers_digit_groups_stay_on_one_line_in_a_narrow_column(tmp_path):
    folder = tmp_path / "ed"
    shutil.copytree(ROOTS / "editions", folder)
    wide_table(folder)
    built = build(folder, ("pdf",), tmp_path / "out", edition=Edition("report.ru.md", "ru", (), "ed.ru"),
                  cache=False, parallel=False)
    result = run(require("pdftotext"), "-layout", str(built[0]), "-")
    lines = [line.replace("\xa0", " ").replace("\u202f", " ") for line in result.stdout.splitlines()]
    row = next(line for line in lines if line.startswith("Китай со всеми"))
    assert row.count("123 456 789 012,5") == 4, row  # the value and its three copies, each whole
    assert not any(line.strip().startswith("012,5") for line in lines), lines
    # the partner's name wraps instead: its row line holds only its first words, the rest follow
    assert "партнёр" not in row
    assert any(line.startswith("партнёр") for line in lines[lines.index(row):][:4])
