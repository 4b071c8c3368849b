"""Time words: ``as_of:`` on the cover and title slide, and ``check`` pointing out relative time
words and months without a year at their line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

from builders.model import Location
from builders.read.report import read_report
from builders.timewords import time_words

ROOT = Path(__file__).resolve().parent.parent
BASIC = Path(__file__).resolve().parent / "roots" / "basic"


def found(text: str, language: str = "en") -> list[tuple[int, int, str]]:
    path = Path("report.md")
    return [(where.line, where.column, message.split(":")[0])
            for where, message in time_words(path, text.split("\n"), language)]


def test_relative_words_are_located():
    text = (
        "---\ntitle: The latest news\n---\n\nAliyev attended the latest meeting.\nIt has recently improved."
    )
    got = found(text)
    assert (2, 12, "relative time word 'latest'") in got  # a front-matter value
    assert (5, 21, "relative time word 'latest'") in got
    assert (6, 8, "relative time word 'recently'") in got
    for word in ("lately", "currently", "this year", "Currently"):
        assert found(f"Attitudes have {word} changed.")[0][2] == f"relative time word {word!r}"


def test_a_month_needs_its_year():
    assert found("At the Kurultai in March, he spoke.") == [(1, 20, "month 'March' without a year")]
    for dated in ("in March 2024", "on 13\u201315 March 2024", "on March 13, 2024", "in May 2023",
                  "on 19\u00a0May\u00a02023"):
        assert found(f"It met {dated}.") == [], dated
    assert found("May the five agree?") == []  # the verb, not the month
    assert found("on 2 May, the five met")[0][2] == "month 'May' without a year"
    # a year earlier in the month's sentence dates it; one in the sentence before does not
    assert found("- 2022: Kazakhstan freezes tariffs after the January protests") == []
    assert found("It met in 2023. In March, it spoke.") == [(1, 20, "month 'March' without a year")]


def test_quotations_comments_and_keys_are_left_alone():
    text = ("---\ntitle: A\nsubtitle: \u201cas recently as March\u201d\n---\n"
            "% a comment written recently\nHe spoke of \u201cthis year\u201d in his speech.")
    assert found(text) == []


def test_russian_time_words():
    got = found("На последней встрече в марте говорили.\nВ 2024 году, 15 марта 2024 г., недавно.", "ru")
    assert [g[2] for g in got] == ["relative time word 'последней встрече'", "month 'марте' without a year",
                                   "relative time word 'недавно'"]
    assert got[0][:2] == (1, 4)
    assert found("Безопасность в списке последняя.", "ru") == []  # last in a list, not "latest"


def test_check_reports_time_words_with_line_and_column(tmp_path):
    from builders.check import check

    copy = tmp_path / "basic"
    shutil.copytree(BASIC, copy)
    source = copy / "report.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Partners created formats quickly",
                                   "Partners lately created formats in March"),
                      encoding="utf-8")
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").split("\n"),
                                           1) if "lately" in text)
    warnings = [f for f in check(copy) if f.severity == "warning" and "without a year" in f.message
                or "relative time word" in f.message]
    located = {(f.location.line, f.location.column) for f in warnings}
    assert (line, len("Partners ") + 1) in located and (
        line,
        len("Partners lately created formats in ") + 1,
    ) in located
    assert str(Location(source, line, 10)) in {str(f.location) for f in warnings}


def test_flagship_editions_have_no_undated_time_words():
    folder = ROOT / "reports" / "us-china-central-asia"
    for name, language in (("report.md", "en"), ("report.ru.md", "ru")):
        lines = (folder / name).read_text(encoding="utf-8").split("\n")
        assert time_words(folder / name, lines, language) == [], name


def test_as_of_is_read(tmp_path):
    copy = tmp_path / "basic"
    shutil.copytree(BASIC, copy)
    source = copy / "report.md"
    source.write_text(source.read_text(encoding="utf-8").replace("date: 2024-05-01",
                                                                 "date: 2024-05-01\nas_of: 2024-04-05"),
                      encoding="utf-8")
    import datetime as dt

    assert read_report(copy).meta.as_of == dt.date(2024, 4, 5)
