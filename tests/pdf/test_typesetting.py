"""Text that never breaks wrong (issue 23), read back from the built flagship in English and
Russian and from the scripts test report: hyphenation by rule, the language's quotes and
no-break spaces, no dash at the start of a line, no word joiner in the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builders.read.editions import Edition

from conftest import FLAGSHIP, ROOTS

pdfplumber = pytest.importorskip("pdfplumber")

#: a Russian line may not end on these (one-letter words, short prepositions and conjunctions)
SHORT = frozenset("в к с у о и а я но на по за до из от не ни же ли бы об во со ко".split())
DASHES = "\u2014\u2013-"


@pytest.fixture(scope="module")
def briefs(tmp_path_factory, flagship) -> dict[str, tuple[Path, str]]:
    """Each brief and the source text it was made from."""
    from builders import build

    out = tmp_path_factory.mktemp("typeset")
    ru, ru_deck = build(FLAGSHIP, ("pdf", "pptx"), out,
                        edition=Edition("report.ru.md", "ru", (), "us-china-central-asia.ru"))
    (scripts,) = build(ROOTS / "scripts", ("pdf",), out)
    return {"en": (flagship["pdf"], (FLAGSHIP / "report.md").read_text(encoding="utf-8")),
            "ru": (ru, (FLAGSHIP / "report.ru.md").read_text(encoding="utf-8")),
            "scripts": (scripts, (ROOTS / "scripts" / "report.md").read_text(encoding="utf-8")),
            "decks": {"en": flagship["pptx"], "ru": ru_deck}}


def _lines(pdf: Path) -> list[tuple[str, str, float]]:
    """Every horizontal line of text: (text, font of its first character, size), in reading order."""
    out = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for line in page.extract_text_lines(layout=False, strip=True):
                chars = line["chars"]
                if chars and all(c["upright"] for c in chars):
                    out.append((line["text"], chars[0]["fontname"], chars[0]["size"]))
    return out


def _body(lines):
    """Lines of running text (the serif body face at body size)."""
    return [t for t, font, size in lines if "Serif" in font and size >= 10]


@pytest.mark.parametrize("name", ["en", "ru", "scripts"])
def test_hyphenation_never_breaks_a_name_and_never_three_lines_in_a_row(briefs, name):
    pdf, source = briefs[name]
    body = _body(_lines(pdf))
    plain = " ".join(source.split())
    hyphenated, run, most = 0, 0, 0
    for text, following in zip(body, body[1:]):
        if not text.endswith("-") or not following:
            run = 0
            continue
        hyphenated += 1
        run += 1
        most = max(most, run)
        head = re.sub(r"^\W+", "", text.split()[-1])
        tail = re.sub(r"\W+$", "", following.split()[0])
        if head[:1].isupper() or sum(ch.isupper() for ch in head) >= 2:
            # a capitalised word or an acronym breaks only at its own hyphen ("Trans-Caspian")
            assert head + tail in plain, f"{head}|{tail}: a name or acronym is hyphenated"
        assert len(tail) >= 3 and len(head.rstrip("-")) >= (2 if name == "ru" else 3), f"{head}|{tail}"
        assert not any(ch.isdigit() for ch in head + tail), f"{head}|{tail}: a number is hyphenated"
    assert most <= 2, f"{most} hyphenated lines in a row"
    if name != "scripts":  # (a two-page brief of names in many scripts has little to hyphenate)
        assert hyphenated >= 3, "the brief is hyphenated at all"  # so the rules above were exercised


def test_german_nouns_are_hyphenated_names_and_acronyms_are_not():
    """German capitalises every noun: a long compound refused as a name stood alone on its line
    and the line above gaped. A capitalised word of eight letters or more breaks in German; an
    acronym, a short name, and any capitalised word in English never do."""
    from builders.pdf.breaks import Hyphenator

    german, english = Hyphenator("de_DE"), Hyphenator("en_GB")
    assert ("Strompreis", "bremsegesetz") in german("Strompreisbremsegesetz")
    assert german("verbraucherzentralen")
    assert german("STROMPBG") == () and german("Scholz") == ()
    assert english("Washington") == () and english("Kazakhstan") == ()


def test_no_russian_line_ends_on_a_short_word_or_starts_with_a_dash(briefs):
    pdf, _ = briefs["ru"]
    lines = _lines(pdf)
    for text, _, _ in lines:
        last = text.split()[-1]
        assert last.lower() not in SHORT, f"a line ends on {last!r}: {text[-60:]!r}"
    for text in _body(lines):
        assert text[0] not in DASHES, f"a line of running text starts with a dash: {text[:60]!r}"


@pytest.mark.parametrize("name", ["en", "ru", "scripts"])
def test_quotes_are_curly_and_no_word_joiner_is_printed(briefs, name):
    pdf, _ = briefs[name]
    text = "\n".join(t for t, _, _ in _lines(pdf))
    urls = re.compile(r"\S+://\S+")
    straight = [m.group() for m in re.finditer(r"\S*[\"']\S*", urls.sub("", text))]
    assert not straight, f"straight quotes: {straight[:5]}"
    assert "\u2060" not in text
    if name == "ru":
        assert "\u00ab" in text and "\u00bb" in text  # « »
    elif name == "en":
        assert "\u2019" in text  # the apostrophe of "region's"


def test_typeset_rules():
    from builders.locale.typography import typeset

    assert typeset("the region's \"quotes\" and 'single' ones, the '90s", "en") == \
        "the region\u2019s \u201cquotes\u201d and \u2018single\u2019 ones, the \u201990s"
    ru = typeset('Он сказал "это "наш" путь" и т. д. — 19 мая 2023 г. в 148 странах, А. С. Пушкин, 30 км',
                 "ru")
    assert ru == (
        "Он\xa0сказал \u00abэто \u201eнаш\u201c путь\u00bb и\xa0т.\xa0д.\xa0\u2014 19\xa0мая\xa02023\xa0г. "
        "в\xa0148\xa0странах, А.\xa0С.\xa0Пушкин, 30\xa0км"
    )
    assert typeset("code `x = 'a'`", "xx") == "code `x = 'a'`"  # a language without rules: as written


@pytest.mark.parametrize(("language", "typed", "printed"), [
    ("de", "die 'Gießkanne' und geht's", "die \u201aGießkanne\u2018 und geht\u2019s"),
    ("kk", "'су дипломатиясы' и Кот-д'Ивуар", "\u201eсу дипломатиясы\u201c и Кот-д\u2019Ивуар"),
    ("uz", "\"gaz inqirozi\": O'zbekiston, g'alla, ma'lumot",
     "\u201cgaz inqirozi\u201d: O\u02bbzbekiston, g\u02bballa, ma\u02bclumot"),
    ("en", "the region's 'single' ones, the '90s, students' books",
     "the region\u2019s \u2018single\u2019 ones, the \u201990s, students\u2019 books"),
    ("fr", "\"bonjour\" l'homme", "\u201cbonjour\u201d l'homme"),  # not listed: “ ”, ' as typed
], ids=["de", "kk", "uz", "en", "unlisted"])
def test_single_quotes_and_apostrophes_by_the_language(language, typed, printed):
    """A new user's German 'Gießkanne' printed with English ‘ ’, and Uzbek text kept every
    straight quote: single quotes are the language's, and Uzbek's ' between letters its
    alphabet's oʻ, gʻ and ʼ."""
    from builders.locale.typography import typeset

    assert typeset(typed, language) == printed


@pytest.mark.parametrize(("language", "text", "bound"), [
    ("en", "It cost 3.3 bn, or 5 % of USD 40 million, on 19 May 2023 and May 19, 2023; J. F. Kennedy; "
           "1 000 000 people in 2023 100 times; No. 5; US$ 3 and $ 4; J.F. Kennedy; "
           "at 9 a.m. 20 000 tonnes in 10 months",
     "It cost 3.3_bn, or 5_% of USD_40_million, on 19_May 2023 and May_19, 2023; J._F._Kennedy; "
     "1_000_000 people in 2023 100 times; No._5; US$_3 and $_4; J.F._Kennedy; "
     "at 9_a.m. 20_000_tonnes in 10_months"),
    ("de", "Die Kosten: 3,3 Mio. € am 19. Mai 2023, 5 Prozent, 30 km und Nr. 7",
     "Die Kosten: 3,3_Mio._€ am 19._Mai 2023, 5_Prozent, 30_km und Nr._7"),
    ("ru", "в 148 странах, 5 % и 1 000 руб., 2,3 млрд $, 19 мая 2023 г.",
     "в_148_странах, 5_% и_1_000_руб., 2,3_млрд_$, 19_мая_2023_г."),
    ("xx", "5 % of 30 km for EUR 7", "5_% of 30_km for EUR_7"),  # units bind in any language
], ids=["en", "de", "ru", "any"])
def test_a_number_keeps_its_unit_currency_and_day(language, text, bound):
    from builders.locale.typography import typeset

    assert typeset(text, language).replace("\xa0", "_") == bound


_MONTH = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November"
                    r"|December)\b")


@pytest.mark.parametrize("name", ["en", "decks"])
def test_no_line_parts_a_day_from_its_month(briefs, name):
    """The English brief, and the deck's text read back, never end a line on a day whose month
    starts the next (a chart's source line did: "Summit, 19 | September 2023")."""
    if name == "en":
        lines = [t for t, _, _ in _lines(briefs["en"][0]) if not t.isdigit()]  # (a raised note mark)
    else:
        from pptx import Presentation

        deck = Presentation(str(briefs["decks"]["en"]))
        texts = [p for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
                 for p in (par.text for par in shape.text_frame.paragraphs)]
        lines = [t for t in texts if _MONTH.search(t)]
        assert lines and all(not re.search(r"\b\d{1,2} " + _MONTH.pattern, t) for t in lines), \
            [t for t in lines if re.search(r"\b\d{1,2} " + _MONTH.pattern, t)][:3]
        return
    dated = 0
    for text, following in zip(lines, lines[1:]):
        dated += bool(re.search(r"\b\d{1,2}\s" + _MONTH.pattern, text))
        assert not (re.search(r"(?<![\d.,])\d{1,2}$", text) and _MONTH.match(following)), (text, following)
    assert dated >= 3  # the brief has dates whole on a line, so the rule was exercised


CHARTED = [(FLAGSHIP, None), (FLAGSHIP, Edition("report.ru.md", "ru", (), "us-china-central-asia.ru")),
           (ROOTS / "basic", None), (ROOTS / "editions", Edition("report.ru.md", "ru", (), "editions.ru"))]


@pytest.mark.parametrize(("root", "edition"), CHARTED, ids=["flagship", "flagship-ru", "basic",
                                                            "editions-ru"])
def test_every_chart_axis_prints_one_number_of_decimals_in_the_editions_forms(root, edition, tmp_path):
    """The brief's value-axis tick labels (read from each chart's drawing) all carry the same
    number of decimals, grouped as the language groups digits; the deck's value axes have the
    brief's steps."""
    import drawn
    from pptx import Presentation

    from builders import build
    from builders.model import Chart, ChartKind
    from builders.pdf.charts import chart_style, draw
    from builders.pipeline.build import load
    from builders.shared.theme import series_colours

    report, theme = load(root, edition=edition)
    style = chart_style(theme, series_colours(theme, report.colour_keys()))
    specs = [b.spec for b in report.all_blocks() if isinstance(b, Chart)
             and b.spec.kind in (ChartKind.BAR, ChartKind.BARH, ChartKind.STACKED, ChartKind.LINE,
                                 ChartKind.DOT)]
    assert specs
    steps = set()
    for spec in specs:
        drawing = draw(spec, style, 450, lambda bold: "Helvetica-Bold" if bold else "Helvetica")
        horizontal = spec.kind in (ChartKind.BARH, ChartKind.STACKED)  # the value axis along the foot
        labels = drawn.axis_labels(drawing, "middle" if horizontal else "end")
        assert len(labels) >= 2, (spec.title, labels)
        decimal = "," if spec.language == "ru" else "."
        places = {len(t.split(decimal)[1]) if decimal in t else 0 for t in labels}
        assert len(places) == 1, f"{spec.title}: ticks {labels}"
        group = "\u202f" if decimal == "," else ","
        numbers = [float(t.replace("\u2212", "-").replace(group, "").replace("\xa0", "").replace(decimal,
                                                                                                 "."))
                   for t in labels]
        if not spec.integer:
            steps.add(round(numbers[1] - numbers[0], 6))
        if any(abs(n) >= 10000 for n in numbers):
            assert any(group in t for t in labels), labels
    if steps:  # the deck's value axes: the brief's steps
        (_, pptx) = build(root, ("pdf", "pptx"), tmp_path, edition=edition)
        units = {round(shape.chart.value_axis.major_unit, 6) for slide in Presentation(str(pptx)).slides
                 for shape in slide.shapes if shape.has_chart and shape.chart.value_axis.major_unit}
        assert steps <= units, (steps, units)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_key_figures_keep_number_and_unit_on_one_line_with_the_unit_smaller(briefs, language):
    """The key-figures slide: each number whole in one run at the big size (its digit groups
    included), a unit after it in a smaller run."""
    from pptx import Presentation

    from builders.slides.cards import figure_parts

    deck = Presentation(str(briefs["decks"][language]))
    figures = [shape for slide in deck.slides for shape in slide.shapes
               if re.fullmatch(r"Figure \d", shape.name) and shape.has_text_frame]
    assert len(figures) >= 3
    with_unit = 0
    for shape in figures:
        runs = shape.text_frame.paragraphs[0].runs
        number, unit = figure_parts("".join(r.text for r in runs))
        assert runs[0].text == number and re.fullmatch(r"[-\d.,\u202f\xa0]+%?",
                                                       number), [r.text for r in runs]
        if unit:
            with_unit += 1
            assert runs[1].text.strip() == unit and runs[1].font.size < runs[0].font.size
    assert with_unit >= 1  # "10 months" / "10 мес."
