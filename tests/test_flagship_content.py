"""The flagship brief's content: its own words, faithful data, and the shape the issue asks for.

The brief ``reports/us-china-central-asia`` adapts the article by Eldaniz Gusseinov and Abakhon
Sultonazarov. These tests hold it to that article: the prose must be the editors' own (few
shared 8-word sequences outside quotations), the names it uses must be the article's, and every
date, year and name in the data must be backed by a short excerpt of the article.

The article itself is an outside document and is not in the repository, so the tests run from
stand-ins committed in ``tests/fixtures/``:

- ``article-8grams.txt`` and ``article-words.txt``: hashed 8-grams and vocabulary of the article
  (``article_fingerprint.py`` makes them and explains the format);
- ``flagship-evidence.json``: for every data row, excerpts of at most 30 words.

Only two checks need the article: that the fingerprints are the article's and that every excerpt
occurs in it. They read it from ``$BRIEFKIT_SOURCE_ARTICLE`` or ``../shared/sources/`` and skip
where it is absent, in CI too.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from builders.model import (
    BulletList,
    Callout,
    Chart,
    ChartKind,
    FieldType,
    Location,
    Paragraph,
    Quote,
    Recommendations,
    SlideBlock,
    SlideLayout,
    Table,
    Takeaways,
    plain,
)
from builders.read.data import DataPackages
from builders.read.report import read_report

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "reports" / "us-china-central-asia"
DATA_DIR = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load_fingerprint_module():
    spec = importlib.util.spec_from_file_location("article_fingerprint", FIXTURES / "article_fingerprint.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fingerprint = _load_fingerprint_module()
normalise = fingerprint.normalise
tokens = fingerprint.tokens
ngrams = fingerprint.ngrams
digest = fingerprint.digest

MONTHS = ("January February March April May June July August September October November "
          "December").split()

#: the resources the issue asks for, with the fields agreed with the builders
REQUIRED_FIELDS = {
    "declaration-priorities": ["document", "actor", "date", "rank", "priority", "theme"],
    "cooperation-formats": ["format", "external_actor", "level", "form", "year", "purpose"],
    "timeline": ["date", "actor", "event", "label"],
    "approaches": ["dimension", "china", "united_states"],
    "impact-assessment": ["aspect", "kind", "summary"],
    "declaration-mentions": ["document", "actor", "consultative_meetings", "transport_agreement"],
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def article() -> str:
    path = fingerprint.article_path()
    if path is None:
        pytest.skip(f"the source article ({fingerprint.ARTICLE_NAME}) is an outside document, not part "
                    "of the repository; set BRIEFKIT_SOURCE_ARTICLE to its path to check the committed "
                    "fingerprints and excerpts against it")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report():
    return read_report(REPORT_DIR)


@pytest.fixture(scope="module")
def data() -> DataPackages:
    return DataPackages([REPORT_DIR / "data", DATA_DIR])


@pytest.fixture(scope="module")
def grams() -> set[str]:
    return fingerprint.read_fingerprint(fingerprint.GRAMS_FILE)


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    return fingerprint.read_fingerprint(fingerprint.WORDS_FILE)


@pytest.fixture(scope="module")
def evidence() -> dict[str, dict[str, Evidence]]:
    return load_evidence()


def _dataset(data: DataPackages, name: str):
    return data.dataset(name, Location(DATA_DIR / "datapackage.json"))


def _rows(data: DataPackages, name: str) -> list[dict]:
    dataset = _dataset(data, name)
    names = [c.name for c in dataset.columns]
    return [dict(zip(names, row)) for row in dataset.rows]


def _types(data: DataPackages, name: str) -> dict[str, FieldType]:
    return {c.name: c.type for c in _dataset(data, name).columns}


# --------------------------------------------------------------------------- text helpers


#: quotations in running text: “…”, "…" (attributed, so not counted as the editors' words)
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")


def unquoted_segments(text: str) -> list[str]:
    """The text outside quotation marks, split at each quotation so no n-gram spans one."""
    return [part for part in _QUOTED.split(text) if part.strip()]


def _item_texts(items) -> list[str]:
    out = []
    for item in items:
        out.append(plain(item.spans))
        out.extend(_item_texts(item.children))
    return out


def block_texts(block) -> list[str]:
    """The prose of one block as a reader of the brief sees it (deck-only slides excluded)."""
    if isinstance(block, Paragraph):
        return [plain(block.spans)]
    if isinstance(block, BulletList):
        return _item_texts(block.items)
    if isinstance(block, (Takeaways, Recommendations)):
        return [plain(item) for item in block.items]
    if isinstance(block, Callout):
        return [t for inner in block.blocks for t in block_texts(inner)]
    if isinstance(block, Quote):
        return [plain(p) for p in block.paragraphs]
    return []


def body_texts(report) -> list[str]:
    """The running text of the brief: every prose block, quotations included."""
    return [t for block in report.all_blocks() for t in block_texts(block)]


def own_texts(report) -> list[str]:
    """The editors' own words: prose outside {quote} and > quotations, plus captions and titles.

    Quotation marks inside the prose are removed later, by :func:`unquoted_segments`.
    """
    texts: list[str] = []
    for block in report.all_blocks():
        if isinstance(block, Quote):
            continue  # attributed quotations
        if isinstance(block, Table):
            texts.extend([block.caption, block.notes])
        elif isinstance(block, Chart):
            texts.extend([block.spec.title, block.spec.subtitle, block.spec.notes])
        else:
            texts.extend(block_texts(block))
    return [t for t in texts if t]


def slide_texts(report) -> list[str]:
    texts = []
    for block in report.all_blocks():
        if isinstance(block, SlideBlock):
            texts.extend([block.title, block.notes])
            texts.extend(_item_texts(block.items))
            for side in block.sides:
                texts.append(plain(side.heading))
                texts.extend(_item_texts(side.items))
    return texts


def overlap(texts: list[str], source_grams: set[str]) -> tuple[int, int]:
    """(shared, total) 8-grams of ``texts`` outside quotation marks, against hashed 8-grams."""
    total = shared = 0
    for text in texts:
        for segment in unquoted_segments(text):
            hashed = [digest(g) for g in ngrams(tokens(segment))]
            total += len(hashed)
            shared += sum(1 for h in hashed if h in source_grams)
    return shared, total


def words(text: str) -> int:
    return len([w for w in text.split() if re.search(r"\w", w)])


def name_tokens(text: str) -> list[str]:
    """Word tokens of a name, possessive 's dropped ("Kazakhstan’s" → kazakhstan)."""
    return [re.sub(r"'s$", "", t) for t in tokens(text)]


#: a capitalised word that does not open a sentence, a cell or a clause after a colon
CAPITALISED = re.compile(r"(?<![.!?:\u2014]\s)(?<!^)\b([A-Z][\w\u2019'\-]*)")

_GENERIC = {"first", "5th"}


def key_terms(label: str) -> list[str]:
    """Words of a label that name something: capitalised or with a digit, minus ordinals."""
    found = []
    for word in label.split():
        word = word.strip(",.;:()\u201c\u201d")
        if re.search(r"[A-Z0-9]", word) and word.lower() not in _GENERIC:
            found.append(word)
    return found


# --------------------------------------------------------------------------- dates


def date_patterns(day: int, month: int, year: int) -> list[re.Pattern]:
    """'March 30, 2024', '30 March 2024' and day ranges such as 'March 13-15, 2024'."""
    name = MONTHS[month - 1]
    d = str(day)
    return [
        re.compile(rf"\b{name}\s+(?:\d{{1,2}}\s*[-\u2013]\s*)?{d}(?!\d)(?:\s*[-\u2013]\s*\d{{1,2}})?,?\s+{year}(?!\d)"),
        re.compile(rf"(?<!\d)(?:\d{{1,2}}\s*[-\u2013]\s*)?{d}(?!\d)(?:\s*[-\u2013]\s*\d{{1,2}})?\s+{name}\s+{year}(?!\d)"),
    ]


def has_date(text: str, date: dt.date) -> bool:
    return any(p.search(text) for p in date_patterns(date.day, date.month, date.year))


#: a date written in a data cell: '19 May 2023', '13–15 March 2024'
_TEXT_DATE = re.compile(rf"\b(\d{{1,2}})(?:\s*[-\u2013]\s*\d{{1,2}})?\s+({'|'.join(MONTHS)})\s+(\d{{4}})\b")
_TEXT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """What backs one data row: verbatim excerpts of the article, and two optional facts."""

    excerpts: tuple[str, ...]
    #: the row has no year of its own in the article; it is dated by this other row ("March this year")
    year_from: str | None = None
    #: declaration-priorities: the line of the article's priority table that holds the row
    table_row: int | None = None
    #: impact-assessment: the heading of the article's part that discusses the row
    section: str | None = None
    #: facts from dated public sources outside the article (a correction, or what it leaves out):
    #: each a mapping with "url", "published", "about" (what the excerpt is about) and "excerpt"
    outside: tuple[dict, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        """The article's excerpts, then each outside excerpt prefixed with what it is about."""
        return self.excerpts + tuple(f"{o['about']}: {o['excerpt']}" for o in self.outside)


#: how each resource is checked: its row key; the field whose names a date or year must sit
#: beside in one excerpt; fields not checked for names (classifications and editors' labels)
RESOURCES = {
    "timeline": dict(key="label", bind="label", skip=("actor",)),
    "cooperation-formats": dict(key="format", bind=None, skip=("external_actor",)),
    # the priority itself is checked against its table line by priority_problems
    "declaration-priorities": dict(key="priority", bind="document", skip=("actor", "theme", "priority")),
    "declaration-mentions": dict(key="document", bind=None, skip=("actor",)),
    "approaches": dict(key="dimension", bind=None, skip=("dimension",)),
    "impact-assessment": dict(key="aspect", bind=None, skip=("kind",)),
}

#: abbreviations the data uses for names the article spells out
ABBREVIATIONS = {"eu": ("european", "union")}

MAX_EXCERPT_WORDS = 30
#: an elision '…' may skip at most this many characters of the article
MAX_GAP = 600
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


def load_evidence() -> dict[str, dict[str, Evidence]]:
    raw = json.loads((FIXTURES / "flagship-evidence.json").read_text(encoding="utf-8"))
    out = {}
    for name, resource in raw["resources"].items():
        assert resource["key"] == RESOURCES[name]["key"], f"{name}: evidence keyed by {resource['key']!r}"
        out[name] = {key: Evidence(tuple(entry["excerpts"]), entry.get("year_from"), entry.get("table_row"),
                                   entry.get("section"), tuple(entry.get("outside", ())))
                     for key, entry in resource["rows"].items()}
    return out


def pieces(excerpt: str) -> list[str]:
    return [p for p in _ELLIPSIS.split(excerpt) if p.strip()]


def excerpt_words(excerpt: str) -> int:
    return sum(len(p.split()) for p in pieces(excerpt))


def _match(hay: str, needles: list[str], start: int, limit: int | None) -> bool:
    if not needles:
        return True
    i = hay.find(needles[0], start)
    while i != -1 and (limit is None or i <= limit):
        end = i + len(needles[0])
        if _match(hay, needles[1:], end, end + MAX_GAP):
            return True
        i = hay.find(needles[0], i + 1)
    return False


def excerpt_in(excerpt: str, text: str) -> bool:
    """Every piece of the excerpt occurs in ``text``, in order, each within MAX_GAP characters of
    the one before; quotes, dashes and spacing normalised."""
    return _match(normalise(text), [normalise(p) for p in pieces(excerpt)], 0, None)


def _has_terms(excerpt: str, terms: list[str]) -> bool:
    have = set(name_tokens(excerpt))
    for term in terms:
        needed = name_tokens(term)
        for i, token in enumerate(needed):
            if token in ABBREVIATIONS and all(t in have for t in ABBREVIATIONS[token]):
                needed[i] = ""
        if not all(t in have for t in needed if t):
            return False
    return True


def row_names(name: str, row: dict) -> list[str]:
    """The names in a row: the key's naming words, and capitalised words inside other cells."""
    config = RESOURCES[name]
    found = [] if config["key"] in config["skip"] else key_terms(row[config["key"]])
    for field, value in row.items():
        if field in config["skip"] or field == config["key"] or not isinstance(value, str):
            continue
        found.extend(capitalised(value))
    return found


def row_dates(row: dict) -> list[dt.date]:
    found = [v for v in row.values() if isinstance(v, dt.date)]
    for value in row.values():
        if isinstance(value, str):
            for m in _TEXT_DATE.finditer(value):
                found.append(dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1))))
    return found


def row_years(row: dict, types: dict[str, FieldType]) -> list[int]:
    found = [int(row[f]) for f, t in types.items() if t is FieldType.YEAR and row.get(f) is not None]
    for value in row.values():
        if isinstance(value, str):
            found.extend(int(y) for y in _TEXT_YEAR.findall(value))
    return found


def row_problems(name: str, row: dict, types: dict[str, FieldType], ev: Evidence | None,
                 rows: list[dict]) -> list[str]:
    """What in one data row its excerpts do not support (empty: all supported)."""
    config = RESOURCES[name]
    key = row[config["key"]]
    if ev is None or not ev.texts:
        return [f"{name} {key!r}: no evidence"]
    problems = []
    say = problems.append
    for excerpt in ev.texts:
        if not 0 < excerpt_words(excerpt) <= MAX_EXCERPT_WORDS:
            say(f"{name} {key!r}: excerpt of {excerpt_words(excerpt)} words: {excerpt[:60]!r}")
    bind = key_terms(row[config["bind"]]) if config["bind"] else []
    for date in row_dates(row):
        holding = [e for e in ev.texts if has_date(e, date)]
        if not holding:
            say(f"{name} {key!r}: {date:%d %B %Y} is in none of its excerpts")
        elif bind and not any(_has_terms(e, bind) for e in holding):
            say(f"{name} {key!r}: {date:%d %B %Y} appears, but not beside {bind}")
    dates = [v for v in row.values() if isinstance(v, dt.date)]
    for field, kind in types.items():
        if kind is FieldType.YEAR and row.get(field) is not None and dates and row[field] != dates[0].year:
            say(f"{name} {key!r}: {field} {row[field]} differs from the date {dates[0]}")
    for year in row_years(row, types):
        holding = [e for e in ev.texts if str(year) in tokens(e)]
        if ev.year_from is not None:
            other = [r for r in rows if r[config["key"]] == ev.year_from]
            other_year = other and (other[0].get("year") or getattr(other[0].get("date"), "year", None))
            if not other or other_year != year:
                say(f"{name} {key!r}: year {year} is not the year of {ev.year_from!r}")
            elif not any(_has_terms(e, bind) and any(_has_terms(e, [t]) for t in key_terms(ev.year_from))
                         for e in ev.texts):
                say(f"{name} {key!r}: no excerpt ties it to {ev.year_from!r}")
        elif not holding:
            say(f"{name} {key!r}: year {year} is in none of its excerpts")
        elif bind and not dates and not any(_has_terms(e, bind) for e in holding):
            say(f"{name} {key!r}: {year} appears, but not beside {bind}")
    for term in row_names(name, row):
        if not any(_has_terms(e, [term]) for e in ev.texts):
            say(f"{name} {key!r}: the name {term!r} is in none of its excerpts")
    return problems


#: what the article says of a final document mentioning each item: the words that say it
MENTIONS = {
    "consultative_meetings": ("consultative meetings", "consultative meetings"),
    "transport_agreement": ("agreement on strengthening land transport connectivity", "agreement"),
}


def mention_problems(row: dict, ev: Evidence) -> list[str]:
    problems = []
    texts = [normalise(e) for e in ev.excerpts]
    for field, (named, mentioned) in MENTIONS.items():
        value = row[field]
        if value == "yes":
            ok = any("welcome" in t and named in t for t in texts)
        elif value == "no":
            ok = any("neither" in t and "mentioned" in t and mentioned in t for t in texts)
        else:  # not stated: no excerpt may speak of it
            ok = not any(mentioned in t for t in texts)
        if not ok:
            problems.append(f"{row['document']!r}: {field} = {value!r} is not what its excerpts say")
    return problems


def priority_problems(rows: list[dict], evidence: dict[str, Evidence]) -> list[str]:
    """Each priority area sits at the start (Xi’an) or end (New York) of the table line its
    rank names; areas of the same rank share a line; each declaration has ranks 1 to 5."""
    problems = []
    lines: dict[tuple[str, int], str] = {}
    for row in rows:
        ev = evidence.get(row["priority"])
        if ev is None:
            continue
        china = row["actor"] == "China"
        hits = [
            e
            for e in ev.excerpts
            if (e.startswith(row["priority"]) if china else e.endswith(row["priority"]))
        ]
        if not hits:
            problems.append(f"{row['priority']!r}: no table line of its excerpts holds it")
            continue
        if ev.table_row != row["rank"]:
            problems.append(f"{row['priority']!r}: rank {row['rank']}, but table line {ev.table_row}")
        lines[(row["actor"], row["rank"])] = hits[0]
    for rank in range(1, 6):
        if lines.get(("China", rank)) != lines.get(("United States", rank)):
            problems.append(f"rank {rank}: the two declarations' areas are not on one table line")
    if len({v for (actor, _), v in lines.items() if actor == "China"}) != 5:
        problems.append("the five ranks do not use five different table lines")
    by_doc: dict[str, list[int]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], []).append(row["rank"])
    if {k: sorted(v) for k, v in by_doc.items()} != {"Xi\u2019an Declaration": [1, 2, 3, 4, 5],
                                                    "New York Declaration": [1, 2, 3, 4, 5]}:
        problems.append(f"ranks per declaration: {by_doc}")
    for actor in ("China", "United States"):
        themes = [r["theme"] for r in rows if r["actor"] == actor]
        if len(themes) != len(set(themes)):
            problems.append(f"{actor}: a theme twice breaks the dot chart")
    return problems


def resource_problems(name: str, rows: list[dict], types: dict[str, FieldType],
                      evidence: dict[str, Evidence]) -> list[str]:
    """Every check of one resource against its evidence."""
    key = RESOURCES[name]["key"]
    problems = []
    for row in rows:
        ev = evidence.get(row[key])
        problems += row_problems(name, row, types, ev, rows)
        if ev is None:
            continue
        if name == "declaration-mentions":
            problems += mention_problems(row, ev)
        if name == "impact-assessment":
            if not any(normalise(row["aspect"]) in normalise(e) for e in ev.excerpts):
                problems.append(f"aspect {row['aspect']!r} is not the article's heading")
            kind = (
                "limitation" if (ev.section or "").lower().startswith("possible limitations") else "positive"
            )
            if not ev.section or kind != row["kind"]:
                problems.append(
                    f"{row['aspect']!r}: kind {row['kind']!r}, but the article's part is {ev.section!r}"
                )
        if name == "approaches" and "one word" in row["dimension"]:
            said = " ".join(ev.excerpts)
            if not (
                f"China has \u201c{row['china']}" in said
                and f"Biden has \u201c{row['united_states']}" in said
            ):
                problems.append("the one-word emphases are not the authors'")
    if name == "declaration-priorities":
        problems += priority_problems(rows, evidence)
    return problems


# --------------------------------------------------------------------------- 1. own words


def test_brief_is_in_the_editors_own_words(report, grams):
    shared, total = overlap(own_texts(report), grams)
    share = shared / total
    print(f"\nbrief: {shared} of {total} 8-grams shared with the article ({share:.2%})")
    assert total > 1000, "too little text to judge"
    assert share < 0.05, f"{share:.1%} of the brief's 8-grams are copied from the article"


def test_deck_text_is_in_the_editors_own_words(report, grams):
    shared, total = overlap(slide_texts(report), grams)
    print(f"\ndeck: {shared} of {total} 8-grams shared with the article")
    assert total and shared / total < 0.05


def test_overlap_measure_catches_copying(grams):
    """The measure itself: a copied sentence counts, the same sentence in quotation marks does not."""
    copied = ("Central Asian countries delegate the process of institutionalizing regional "
              "cooperation to external actors because of the slow process of intraregional "
              "integration.")
    shared, total = overlap([copied], grams)
    assert total and shared == total
    assert overlap([f"\u201c{copied}\u201d"], grams) == (0, 0)
    reworded = "Slow integration inside the region leads its states to let outside powers build its formats."
    assert overlap([reworded], grams)[0] == 0


def test_body_length(report):
    count = sum(words(t) for t in body_texts(report))
    print(f"\nbody text: {count} words")
    # the analysis in full, yet within the house length of 8 pages in both editions (the Russian sets
    # longer): main has about 1,650 words
    assert 1600 <= count <= 3000


#: capitalised words the brief may use although the article does not: each with its reason
EDITORS_NAMES = {
    "beijing": "the Chinese government, by metonymy",
    "washington": "the U.S. government, by metonymy",
    "commonwealth": "CIS spelled out at first use (Commonwealth of Independent States)",
    "garc\u00eda-herrero": "the article spells the author Garcia-Herrero",
    "schindowski": "the article misspells the author Shindowski",
    "table": "cross-references to the brief's own tables",
    "line": "Line D of the China\u2013Central Asia gas pipeline (the source has 'the D line')",
    "figure": "cross-references to the brief's own figures",
    "february": "the month Zhaparov's reply was published (adyrna.kz, outside-sources.json)",
    "turkmen": "Line D carries Turkmen gas (the article: the Turkmenistan-China pipeline)",
    "brief": "the series' name in the cite-as line, briefkit Policy Brief No. 1",
    "creative": "the licence line: Creative Commons Attribution 4.0 (CC BY 4.0)",
    "commons": "the licence line",
    "attribution": "the licence line",
    "cc": "the licence line",
}


@cache
def outside_tokens() -> frozenset[str]:
    """Word tokens of the dated public sources beyond the article (tests/fixtures/outside-sources.json
    and the evidence's "outside" entries): names these sources give may be used too."""
    facts = json.loads((FIXTURES / "outside-sources.json").read_text(encoding="utf-8"))["facts"]
    texts = [f["excerpt"] for f in facts]
    raw = json.loads((FIXTURES / "flagship-evidence.json").read_text(encoding="utf-8"))
    texts += [
        o["excerpt"]
        for r in raw["resources"].values()
        for e in r["rows"].values()
        for o in e.get("outside", ())
    ]
    return frozenset(digest(t) for text in texts for t in tokens(text))


def capitalised(text: str) -> list[str]:
    """Capitalised words inside sentences; U.S. counts as one word (US)."""
    return [m.group(1) for m in CAPITALISED.finditer(re.sub(r"\bU\.S\.(?=\W|$)", "US", text))]


def unknown_names(texts: list[str], vocabulary: set[str]) -> dict[str, str]:
    """Capitalised words inside sentences (names, mostly) whose tokens the article never uses,
    alone or with a possessive ("Russia" is in the article as "Russia’s")."""
    unknown = {}
    for t in texts:
        for word in capitalised(t):
            if normalise(word) in EDITORS_NAMES:
                continue
            # in a compound ("U.S.-backed", "anti-American") only the capitalised parts name something
            parts = [p for p in re.split("[-\u2010-\u2015]", word) if re.match(r"[A-Z0-9]", p)]
            for token in (t for part in parts for t in tokens(part)):
                bare = re.sub(r"'s$", "", token)
                if not {digest(bare), digest(bare + "'s")} & (vocabulary | outside_tokens()):
                    unknown.setdefault(word, t[:80])
    return unknown


def test_no_names_beyond_the_article(report, data, vocabulary):
    """Every capitalised word inside a sentence (a name, mostly) is one the article uses."""
    # a note that cites a dated outside source by its address gives that page's publisher and title
    texts = body_texts(report) + slide_texts(report) + [plain(n.spans) for n in report.notes
                                                        if "http" not in plain(n.spans)]
    for name in REQUIRED_FIELDS:
        texts.extend(v for row in _rows(data, name) for v in row.values() if isinstance(v, str))
    unknown = unknown_names(texts, vocabulary)
    assert not unknown, f"names not in the article: {unknown}"
    assert unknown_names(["Talks were held in Bukhara with Ankara."], vocabulary).keys() == {"Bukhara",
                                                                                             "Ankara"}


# --------------------------------------------------------------------------- 2. the data package


def test_every_resource_is_described():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert set(REQUIRED_FIELDS) <= set(names)
    def english_and_russian(value) -> list[str]:
        """A title in both editions' languages: every title of the flagship's package has both."""
        assert isinstance(value, dict) and set(value) == {"en", "ru"}, value
        return [value["en"].strip(), value["ru"].strip()]

    for resource in package["resources"]:
        name = resource["name"]
        assert all(english_and_russian(resource.get("title"))), f"{name}: no title"
        assert resource.get("description", "").strip(), f"{name}: no description"
        sources = resource.get("sources") or []
        assert sources and all(all(english_and_russian(s.get("title"))) for s in sources), (
            f"{name}: no sources"
        )
        assert "Gusseinov and Sultonazarov" in sources[0]["title"]["en"], f"{name}: article not cited first"
        # in Russian the authors as "About the authors" names them, the title in Russian quotation marks
        assert sources[0]["title"]["ru"].startswith("Э. Гусейнов, А. Султоназаров, «The Future"), \
            f"{name}: article not cited first in Russian, with the authors' Russian names"
        for source in sources:
            assert "path" not in source or source["path"].startswith(("http://", "https://")), name
        fields = resource["schema"]["fields"]
        translations = {t for f in fields for t in (f.get("translations") or {}).values()}
        for field in fields:
            if field["name"] in translations:  # a Russian text field: never a column of its own
                continue
            assert all(english_and_russian(field.get("title"))), f"{name}.{field['name']}: no title"
        if name in REQUIRED_FIELDS:  # the agreed fields, in order; extra fields are allowed
            got = [f["name"] for f in fields if f["name"] in REQUIRED_FIELDS[name]]
            assert got == REQUIRED_FIELDS[name], f"{name}: fields {got}"


def test_actor_values_are_theme_actors(data):
    theme = yaml.safe_load((ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8"))
    actors = set(theme["actors"])
    for name, column in [("declaration-priorities", "actor"), ("cooperation-formats", "external_actor"),
                         ("timeline", "actor"), ("declaration-mentions", "actor")]:
        for row in _rows(data, name):
            assert row[column] in actors, f"{name}: actor {row[column]!r} has no theme colour"


def test_evidence_covers_every_row_and_nothing_else(data, evidence):
    assert set(evidence) == set(REQUIRED_FIELDS)
    for name, by_key in evidence.items():
        keys = [row[RESOURCES[name]["key"]] for row in _rows(data, name)]
        assert len(keys) == len(set(keys)), f"{name}: row keys are not unique"
        assert set(keys) == set(by_key), (f"{name}: rows without evidence {set(keys) - set(by_key)}, "
                                          f"evidence without rows {set(by_key) - set(keys)}")
        for key, ev in by_key.items():
            assert ev.texts, f"{name} {key!r}: no excerpt"
            for source in ev.outside:
                assert source["url"].startswith(("http://", "https://")) and source["published"], (name, key)
                assert source["about"] and source["excerpt"], (name, key)
            for excerpt in ev.texts:
                assert 0 < excerpt_words(excerpt) <= MAX_EXCERPT_WORDS, f"{name} {key!r}: {excerpt!r}"


@pytest.mark.parametrize("name", list(REQUIRED_FIELDS))
def test_data_rows_agree_with_their_excerpts(data, evidence, name):
    """Dates, years and names of every row are in its excerpts (and dates beside what they date)."""
    problems = resource_problems(name, _rows(data, name), _types(data, name), evidence[name])
    assert not problems, "\n".join(problems)


def test_data_failures_are_caught(data, evidence):
    """The checks fail on a wrong day, a wrong year, a right date for the wrong event, a name the
    excerpts do not give, a swapped rank, a flipped mention and an over-long excerpt."""

    def problems(name, rows, ev=None):
        return resource_problems(name, rows, _types(data, name), ev or evidence[name])

    timeline = _rows(data, "timeline")

    def changed(rows, key, field, value, key_field="label"):
        return [({**r, field: value} if r[key_field] == key else r) for r in rows]

    assert problems("timeline", changed(timeline, "Secretariat opens in Xi\u2019an", "date", dt.date(2024, 3,
                                                                                                     29)))
    assert problems("timeline", changed(timeline, "C5+1 launched", "year", 2016))
    assert problems("timeline", changed(timeline, "National Kurultai", "year", 2023))
    # the Khiva date, given to the secretariat whose evidence also quotes the Khiva sentence
    khiva = evidence["timeline"]["Khiva talks on C5+ formats"].excerpts
    secretariat = evidence["timeline"]["Secretariat opens in Xi\u2019an"]
    mixed = {**evidence["timeline"], "Secretariat opens in Xi\u2019an": replace(
        secretariat, excerpts=(*secretariat.excerpts, *khiva))}
    wrong_event = changed(timeline, "Secretariat opens in Xi\u2019an", "date", dt.date(2024, 4, 5))
    assert any("not beside" in p for p in problems("timeline", wrong_event, mixed))
    assert problems("timeline", changed(timeline, "C5+1 ramps up", "event", "The C5+1 meets in Samarkand"))

    formats = _rows(data, "cooperation-formats")
    assert problems("cooperation-formats", changed(formats, "C5+1", "year", 2014, "format"))
    assert problems("cooperation-formats", changed(formats, "CIS", "form", "Founded in Minsk", "format"))

    approaches = _rows(data, "approaches")
    assert problems("approaches", changed(approaches, "Relations with governments", "united_states",
                                          "Open friction over the Kyrgyz NGO law", "dimension"))
    assert problems("approaches", changed(approaches, "Emphasis in one word (the authors\u2019)", "china",
                                          "Independence", "dimension"))

    priorities = _rows(data, "declaration-priorities")
    swapped = [({**r, "rank": {1: 2, 2: 1}.get(r["rank"], r["rank"])} if r["actor"] == "China" else r)
               for r in priorities]
    assert problems("declaration-priorities", swapped)
    assert problems("declaration-priorities", changed(priorities, "Energy cooperation", "date",
                                                      dt.date(2023, 9, 21), "priority"))

    mentions = _rows(data, "declaration-mentions")
    for document, field, value in [
            ("Xi\u2019an Declaration of the China\u2013Central Asia Summit", "transport_agreement", "no"),
            ("New York Declaration of the C5+1 Presidential Summit", "consultative_meetings", "yes"),
            ("Final declaration of the Central Asia\u2013Germany Summit", "transport_agreement",
             "not stated")]:
        assert problems("declaration-mentions", changed(mentions, document, field, value, "document"))

    impact = _rows(data, "impact-assessment")
    assert problems("impact-assessment", changed(impact, "Cultural ties", "aspect", "Cultural exchange",
                                                 "aspect"))
    long = replace(evidence["impact-assessment"]["Balance of interests"],
                   excerpts=(" ".join(["word"] * 31) + " Balance of interests",))
    assert problems("impact-assessment", impact, {**evidence["impact-assessment"],
                                                  "Balance of interests": long})


def test_excerpt_matching():
    """How excerpts are found in a text: normalised, in order, elisions within reach."""
    text = "The \u201cB5+1\u201d forum met. " + "x " * 100 + "It proposed an annual event \u2013 in turn."
    assert excerpt_in('the "B5+1" forum met', text)
    assert excerpt_in("The \u201cB5+1\u201d forum met \u2026 proposed an annual event - in turn", text)
    assert not excerpt_in("proposed an annual event \u2026 The \u201cB5+1\u201d forum met", text)  # order
    assert not excerpt_in("The forum met", text)
    far = "A begins here. " + "y " * 400 + "B ends here."
    assert not excerpt_in("A begins here \u2026 B ends here", far)  # the elision skips too much


# --------------------------------------------------------------------------- 2b. against the article


def test_fingerprints_match_the_article(article):
    """The committed fingerprints are the article's; after an edit, regenerate them with
    ``python tests/fixtures/article_fingerprint.py``."""
    assert fingerprint.read_fingerprint(fingerprint.GRAMS_FILE) == set(
        fingerprint.gram_fingerprint(article)
    ), "article-8grams.txt is stale: run tests/fixtures/article_fingerprint.py"
    assert fingerprint.read_fingerprint(fingerprint.WORDS_FILE) == set(
        fingerprint.word_fingerprint(article)
    ), "article-words.txt is stale: run tests/fixtures/article_fingerprint.py"


def evidence_article_problems(evidence: dict[str, dict[str, Evidence]], article: str) -> list[str]:
    """Where the evidence and the article disagree: excerpts not in it, priority areas on another
    line of its table, impact aspects under another of its headings."""
    problems = [f"{name} {key!r}: not in the article: {excerpt!r}" for name, by_key in evidence.items()
                for key, ev in by_key.items() for excerpt in ev.excerpts if not excerpt_in(excerpt, article)]
    lines = [normalise(line) for line in article.splitlines()]
    header = next(
        i
        for i, line in enumerate(lines)
        if line.startswith(normalise("Xi\u2019an Declaration, May 19, 2023"))
    )
    for key, ev in evidence["declaration-priorities"].items():
        if not any(normalise(e) == lines[header + ev.table_row] for e in ev.excerpts):
            problems.append(f"{key!r}: not on line {ev.table_row} of the article's priority table")
    text = normalise(article)
    heads = {
        ev.section: text.find(normalise(ev.section or "")) for ev in evidence["impact-assessment"].values()
    }
    for key, ev in evidence["impact-assessment"].items():
        start = heads[ev.section]
        at = text.find(normalise(ev.excerpts[0]), start) if start >= 0 else -1
        if at < 0 or any(start < other <= at for other in heads.values()):
            problems.append(f"{key!r}: not under the article's heading {ev.section!r}")
    return problems


def test_evidence_is_the_articles(article, evidence):
    """Every excerpt occurs in the article; table lines and headings are where the evidence says."""
    problems = evidence_article_problems(evidence, article)
    assert not problems, "\n".join(problems)
    # and the comparison fails where it should
    impact, priorities = evidence["impact-assessment"], evidence["declaration-priorities"]
    wrong = {**evidence,
             "impact-assessment": {**impact, "Cultural ties": replace(impact["Cultural ties"],
                                                                      section="Possible Limitations")},
             "declaration-priorities": {**priorities,
                                        "Energy cooperation": replace(priorities["Energy cooperation"],
                                                                      table_row=4)},
             "timeline": {**evidence["timeline"],
                          "C5+1 launched": Evidence(("The C5+1 platform was founded in 2015",))}}
    assert len(evidence_article_problems(wrong, article)) == 3


# --------------------------------------------------------------------------- 3. shape of the brief


def test_takeaways_recommendations_and_charts(report):
    blocks = list(report.all_blocks())
    takeaways = [b for b in blocks if isinstance(b, Takeaways)]
    assert len(takeaways) == 1 and 3 <= len(takeaways[0].items) <= 5
    assert takeaways[0] in report.preamble, "takeaways belong on page 1, before the first heading"
    recommendations = [b for b in blocks if isinstance(b, Recommendations)]
    assert len(recommendations) == 1 and 1 <= len(recommendations[0].items) <= 3
    for item in takeaways[0].items + recommendations[0].items:
        assert item[0].strong and len(item) > 1, f"no bold lead sentence: {plain(item)[:60]!r}"
        assert words(plain(item[:1])) <= 12, f"lead too long for a slide: {plain(item[:1])!r}"
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(charts) >= 3
    assert any(c.spec.kind is ChartKind.TIMELINE for c in charts)
    assert any(c.spec.kind is ChartKind.DOT and c.spec.reverse for c in charts)
    assert any(c.spec.kind in (ChartKind.STACKED, ChartKind.BAR, ChartKind.BARH,
                               ChartKind.GRID) for c in charts)
    for chart in charts:
        assert chart.spec.source.strip(), f"chart {chart.spec.title!r} has no source line"
        assert chart.spec.title.strip() and chart.spec.subtitle.strip()
    tables = [b for b in blocks if isinstance(b, Table)]
    assert any(t.data.name == "approaches" for t in tables) and len(tables) >= 2
    for table in tables:
        assert table.data.source.strip(), f"table {table.caption!r} has no source line"


def test_timeline_chart_shows_every_event_the_article_dates(report, data, evidence):
    """Events dated to the day and events dated by year only are all on the chart; only an event
    the article dates by reference to another ("March this year") may be left off."""
    (chart,) = [b for b in report.all_blocks() if isinstance(b, Chart) and b.spec.kind is ChartKind.TIMELINE]
    shown = {e.label: e.date for e in chart.spec.events}
    rows = _rows(data, "timeline")
    assert len(rows) >= 8
    for row in rows:
        label = row["label"]
        assert label and len(label) <= 28, f"label too long for a chart: {label!r}"
        assert row["year"] is not None, f"{label}: no year"
        if evidence["timeline"][label].year_from:
            continue
        assert label in shown, f"{label} ({row['year']}) is not on the timeline chart"
        assert shown[label].year == row["year"]
    assert min(d.year for d in shown.values()) == 2015 and max(d.year for d in shown.values()) == 2024
    assert sum(1 for r in rows if r["date"] is None and r["label"] in shown) >= 5, "year-only events missing"


def test_front_matter_credits_the_analysts(report):
    meta = report.meta
    assert [a.name for a in meta.authors] == ["Eldaniz Gusseinov", "Abakhon Sultonazarov"]
    assert all(a.affiliation and a.bio for a in meta.authors)
    assert meta.disclaimer and meta.summary and meta.date and meta.series
    last = report.sections[-1]
    assert last.title == "About this analysis"
    about = " ".join(t for b in last.blocks for t in block_texts(b))
    for phrase in ("Eldaniz Gusseinov and Abakhon Sultonazarov", "wording", "errors are the editors",
                   "Quotations are short, marked and referenced"):
        assert phrase in about.replace("\u2019", "'"), phrase


def test_primary_documents_have_endnotes(report):
    notes = " ".join(plain(n.spans) for n in report.notes)
    for document in ("Xi\u2019an Declaration", "New York Declaration", "B5+1 Business Forum",
                     "19th European Union\u2013Central Asia Ministerial Meeting",
                     "Central Asia\u2013Germany Summit", "Garc\u00eda-Herrero and Robin Schindowski",
                     "The Future of Central Asian Integration in the Shadow of U.S.-China Confrontation"):
        assert document in notes, f"no endnote for {document}"
    assert report.notes[0].label == "article", "the first note should give the article in full"


def test_region_scripts_are_present(report):
    text = " ".join(body_texts(report))
    assert re.search("[\u4e00-\u9fff]", text), "no Chinese name"
    assert re.search("[\u0400-\u04ff]", text), "no Cyrillic name"
    assert "\u04b0\u043b\u0442\u0442\u044b\u049b" in text, "the Kazakh name needs its own letters"


# --------------------------------------------------------------------------- 4. the deck


def test_slide_directives_follow_the_deck_rules(report):
    """Every section has a {slide}: a sentence title, at most 6 bullets of at most 12 words (or
    2-4 key figures)."""
    for section in report.sections:
        blocks = [b for s in section.walk() for b in s.blocks]
        assert any(isinstance(b, SlideBlock) for b in blocks), \
            f"section {section.title!r} has no {{slide}}; the planner would improvise one"
    for block in report.all_blocks():
        if not isinstance(block, SlideBlock):
            continue
        assert 5 <= len(block.title.split()) <= 15, block.title
        if block.layout is SlideLayout.FIGURES:  # numbers from the data package, not bullets
            assert 2 <= len(block.figures) <= 4 and block.source, block.title
            continue
        groups = (
            [side.items for side in block.sides] if block.layout is SlideLayout.COMPARISON else [block.items]
        )
        for group in groups:
            assert 1 <= len(group) <= 6, block.title
            for item in group:
                assert words(plain(item.spans)) <= 12, plain(item.spans)


@pytest.fixture(scope="module")
def deck(flagship):
    return Presentation(flagship["pptx"])


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def test_deck_fits_a_briefing(deck):
    titles = [_title(s) for s in deck.slides]
    print(f"\ndeck: {len(titles)} slides")
    assert 10 <= len(titles) <= 20, titles  # a 20-30 minute briefing (shared/CONVENTIONS.md)


def test_every_content_slide_has_the_briefs_reasoning_as_notes(deck):
    """Speaker notes carry prose, not the planner's fallback (the slide's own title and captions)."""
    for number, slide in enumerate(deck.slides, 1):
        title = _title(slide)
        if number == 1 or title.startswith("Sources"):
            continue
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert words(notes) >= 25, f"slide {number} {title!r}: {words(notes)} words of notes"
        assert not notes.startswith(title.replace(" (cont.)",
                                                  "")), f"slide {number} {title!r}: fallback notes"
