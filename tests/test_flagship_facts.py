"""Issue 27: each corrected fact of the flagship is in the rendered brief and deck in its right
form and not in the wrong one; the time frame and the credit are printed; no run of ten or more
words is copied from the article outside quotation marks."""

from __future__ import annotations

import re
import subprocess

import pytest
from pptx import Presentation
from test_flagship_content import (
    REPORT_DIR,
    digest,
    fingerprint,
    ngrams,
    own_texts,
    read_report,
    tokens,
    unquoted_segments,
)


@pytest.fixture(scope="module")
def brief(flagship) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(flagship["pdf"]), "-"], capture_output=True, text=True,
                         check=True)
    # running heads and feet out, so that a sentence runs on across a page break
    text = re.sub(r"\n[^\n]*Page \d+ of \d+\s*\f[^\n]*Central Asia\s+briefkit Policy Brief No\. 1[^\n]*\n",
                  "\n",
                  out.stdout.replace("\xa0", " "))
    text = re.sub(r"-\n\s*", "", text)
    return flat(text)


def flat(text: str) -> str:
    """One line, single spaces, no space beside a dash (a line may break after an en dash)."""
    return re.sub(r"\s*([\u2013\u2014])\s*", r"\1", " ".join(text.split()))


@pytest.fixture(scope="module")
def deck(flagship) -> str:
    prs = Presentation(str(flagship["pptx"]))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                parts.extend(str(c) for p in chart.plots for c in p.categories)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return flat(" ".join(parts).replace("\xa0", " "))


#: (right form, wrong form) for each corrected fact
FACTS = [
    ("19 September 2023", "C5+1 Presidential Summit, 21 September 2023"),
    ("Dai Bing", "Dai Bin,"),
    ("German-Kazakh University", "Kazakh-German University"),
    ("Business Council", "Only the United States has a format for business"),
    ("attended the fifth, in Dushanbe in September 2023", "attended the latest"),
    ("Line D of the China–Central Asia gas pipeline",
     "energy projects such as the Turkmenistan–China gas pipeline"),
    ("China and the five states opened a China–Central Asia Secretariat", "China opened a secretariat"),
    ("anti-American rallies are rare", "no anti-American rallies"),
    ("Joe Biden, then U.S. President", "President Biden stressed"),
    ("his press secretary published", "according to Kyrgyz media"),
    ("15 March 2024", "Kurultai in March, held"),
]


@pytest.mark.parametrize(("right", "wrong"), FACTS, ids=[f[0] for f in FACTS])
def test_brief_has_the_corrected_fact(brief, right, wrong):
    assert flat(right) in brief, right
    assert flat(wrong) not in brief, wrong


@pytest.mark.parametrize(("right", "wrong"), [
    ("19 September 2023", "September 2023: The C5+1"),
    ("business", "Only the United States has a format for business"),
    ("anti-American rallies are rare", "no anti-American rallies"),
    ("Dai Bing", "Dai Bin,"),
    ("Adapted from", None),
    ("Analysis as of 5 April 2024", None),
])
def test_deck_has_the_corrected_fact(deck, right, wrong):
    assert flat(right) in deck, right
    if wrong:
        assert flat(wrong) not in deck, wrong


def test_time_frame_and_credit_are_printed(brief):
    first = brief[:1500]
    assert "Adapted from work by Eldaniz Gusseinov" in first
    assert "Analysis as of 5 April 2024" in first
    for line in ("Cite as:", "Licence:", "Since the article (to 16 November 2025)", "Samarkand", "Astana",
                 "White House", "Tashkent", "No publisher, date or address in the copy used"):
        assert flat(line) in brief, line
    assert "President Biden" not in brief


def longest_copied_run(texts: list[str], grams: set[str]) -> int:
    """The longest run of words, outside quotation marks, that the article has too."""
    longest = 0
    for text in texts:
        for segment in unquoted_segments(text):
            shared = [digest(g) in grams for g in ngrams(tokens(segment))]
            run = 0
            for hit in shared:
                run = run + 1 if hit else 0
                longest = max(longest, run + 7 if run else 0)
    return longest


def test_no_run_of_ten_words_is_copied():
    grams = fingerprint.read_fingerprint(fingerprint.GRAMS_FILE)
    run = longest_copied_run(own_texts(read_report(REPORT_DIR)), grams)
    print(f"\nlongest copied run: {run} words")
    assert run < 10
    copied = ("and the communiqué opens by calling for harmonization of legislation in key sectors such as "
              "trade and logistics, agribusiness, e-commerce, tourism")
    assert longest_copied_run([copied], grams) >= 10
