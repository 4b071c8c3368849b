"""The brief composed as an editor would: a box up to a third of a page is never split, a longer
one splits with its title repeated "(continued)"; a table of up to ten rows is never split, a
longer one leaves at least three rows on either side of a break; in the flagship (English and
Russian) no box or table splits and every page but the last is at least 80% full."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from builders import build

FILLER = ("Partners keep adding formats, and each one sets its own list of topics for the five states "
          "of the region to discuss, while the region's own meetings stay without a standing body. ")
ROUNDS = 7


def _round(n: int) -> str:
    filler = "\n\n".join(FILLER * (1 + (n * 3 + k) % 5) for k in range(2 + n % 3))
    short_items = "\n".join(f"- Short box {n} item {i}" for i in range(1, 6))
    long_items = "\n".join(f"- Long box {n} item {i}: {FILLER * 2}" for i in range(1, 9))
    return f"""# Round {n}

{filler}

:::{{callout}} Short box {n}
First line of short box {n}. {FILLER}

{short_items}
- Last item of short box {n}
:::

{filler}

:::{{table}} eight{n}
:caption: Eight rows in round {n}
:::

{filler}

:::{{callout}} Long box {n}
{long_items}
- Last item of long box {n}
:::

{filler}

:::{{table}} fourteen{n}
:caption: Fourteen rows in round {n}
:::

{filler}
"""


def _report(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    fields = [{"name": "label", "type": "string"}, {"name": "value", "type": "integer"}]
    resources = []
    for name, rows in [(f"{kind}{n}", count) for n in range(ROUNDS) for kind, count in (("eight", 8),
                                                                                        ("fourteen", 14))]:
        resources.append({"name": name, "path": f"{name}.csv", "title": name, "sources": [{"title": "Test"}],
                          "schema": {"fields": fields}})
        (folder / "data" / f"{name}.csv").write_text(
            "label,value\n" + "".join(f"{name} row {i},{i}\n" for i in range(1, rows + 1)))
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "t", "resources": resources}))
    (folder / "report.md").write_text("---\ntitle: Boxes and tables\ndate: 2024-05-01\n---\n\n"
                                      + "\n".join(_round(n) for n in range(ROUNDS)), encoding="utf-8")
    return folder


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def _page_of(pages: list[str], text: str) -> int:
    found = [n for n, page in enumerate(pages) if text in page.replace("\n", " ")]
    assert found, text
    return found[0]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> list[str]:
    folder = _report(tmp_path_factory.mktemp("composition") / "boxes")
    (pdf,) = build(folder, ("pdf",), folder.parent / "out")
    return _pages(pdf)


def test_a_short_box_is_never_split(planted):
    for n in range(ROUNDS):
        assert _page_of(planted, f"Short box {n}") == _page_of(planted, f"Last item of short box {n}"), n
    assert not any(re.search(r"Short box \d+ \(continued\)", p) for p in planted)


def test_a_long_box_that_splits_repeats_its_title_continued(planted):
    splits = 0
    for n in range(ROUNDS):
        first, last = _page_of(planted, f"Long box {n}"), _page_of(planted, f"Last item of long box {n}")
        if first != last:
            splits += 1
            assert f"Long box {n} (continued)" in planted[last].replace("\n", " "), n
            # never the title alone, nor the last item alone
            assert f"Long box {n} item 1:" in planted[first].replace("\n", " ")
            assert f"Long box {n} item 8:" in planted[last].replace("\n", " ")
    assert splits, "the planted rounds should make at least one long box split"


def _rows(page: str, name: str) -> int:
    return len(set(re.findall(rf"\b{name} row (\d+)\b", page)))


def test_short_tables_are_never_split_and_long_ones_keep_three_rows_each_side(planted):
    for n in range(ROUNDS):
        eight = [c for c in (_rows(p, f"eight{n}") for p in planted) if c]
        assert eight == [8], (n, eight)
        fourteen = [c for c in (_rows(p, f"fourteen{n}") for p in planted) if c]
        assert sum(fourteen) == 14 and min(fourteen) >= 3, (n, fourteen)
    assert any(len([c for c in (_rows(p,
                                      f"fourteen{n}") for p in planted) if c]) > 1 for n in range(ROUNDS)), \
        "the planted rounds should make at least one long table split"


TOP, BOTTOM = 64.0, 58.0  # the default theme's page margins


def page_fill(pdf: Path) -> list[float]:
    """How far down its text area each page's content reaches (0-1), from the words and rules drawn."""
    fills = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            inside = [o["bottom"] for o in page.extract_words() + page.rects + page.lines
                      if o["top"] >= TOP - 2 and o["bottom"] <= page.height - BOTTOM + 2]
            fills.append((max(inside, default=TOP) - TOP) / (page.height - TOP - BOTTOM))
    return fills


@pytest.fixture(scope="module")
def flagship_briefs(flagship, flagship_ru) -> list[Path]:
    return [flagship["pdf"], flagship_ru["pdf"]]


def test_flagship_briefs_split_no_box_or_table(flagship_briefs):
    for pdf in flagship_briefs:
        text = " ".join(_pages(pdf))
        assert "(continued)" not in text and "(продолжение)" not in text, pdf.name


def test_flagship_briefs_fill_every_page_but_the_last(flagship_briefs):
    for pdf in flagship_briefs:
        fills = page_fill(pdf)
        assert len(fills) >= 4, (pdf.name, len(fills))  # the page count is the content's (main: 9 and 10)
        assert min(fills[:-1]) >= 0.8, (pdf.name, [f"{f:.0%}" for f in fills])


QUOTE = ("The five states want to work with every partner that offers them roads, rails and markets, "
         "and they want to decide for themselves in which order and on which terms that happens. ")


def _quote_round(n: int) -> str:
    filler = "\n\n".join(FILLER * (1 + (n * 5 + k) % 7) for k in range(1 + n % 4))
    return f"""# Quotes {n}

{filler}

> Quote {n} opens here. {QUOTE * (2 + n % 3)}Quote {n} closes here.
>
> — Speaker {n}

"""


@pytest.fixture(scope="module")
def quoted(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("quotes") / "quotes"
    folder.mkdir()
    (folder / "report.md").write_text("---\ntitle: Quotes\ndate: 2024-05-01\n---\n\n"
                                      + "\n".join(_quote_round(n) for n in range(12)), encoding="utf-8")
    (pdf,) = build(folder, ("pdf",), folder.parent / "out")
    return _pages(pdf)


def test_a_block_quotes_speaker_never_stands_alone_at_the_top_of_a_page(quoted, basic):
    """The speaker goes over with the quotation's last lines (at least two), which split from
    the rest where the quotation is long; tests/roots/basic had "— A Speaker" alone on page 3."""
    split = 0
    for n in range(12):
        speaker = _page_of(quoted, f"Speaker {n}")
        assert _page_of(quoted, f"Quote {n} closes here.") == speaker, n
        split += _page_of(quoted, f"Quote {n} opens here.") != speaker
    assert split, "a quotation splits across pages somewhere in the report (else the test shows nothing)"
    pages = _pages(basic["pdf"])
    assert _page_of(pages, "A block quotation.") == _page_of(pages, "A Speaker")


def test_a_block_quotes_speaker_sits_under_the_quote_and_the_next_text_after_both(basic):
    """The speaker's line is closer to the quotation above it than to the text after it (it
    had the quotation's paragraph space above it and none below)."""
    with pdfplumber.open(basic["pdf"]) as document:
        for page in document.pages:
            lines = page.extract_text_lines(layout=False, strip=True)
            names = [line["text"] for line in lines]
            if "\u2014 A Speaker" in names:
                at = names.index("\u2014 A Speaker")
                above = lines[at]["top"] - lines[at - 1]["bottom"]
                below = lines[at + 1]["top"] - lines[at]["bottom"]
                assert lines[at - 1]["text"].endswith("A block quotation.")
                assert above < 10 and below > 2 * above, (above, below)  # (it was 15.6 and 17.9)
                return
    raise AssertionError("no speaker line found")
